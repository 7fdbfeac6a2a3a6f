"""Which archive country a visit in the Office of the Historian's data came from.

Each record names its country twice: ``<from id="russia">U.S.S.R.</from>``. The id is the
slug of the country's page on history.state.gov, which files a state under today's country
(the Soviet Union under Russia, South Vietnam under Vietnam). The archive records the state
the visitor represented on the day, so a visit maps to a historic entity while that state
existed, and to today's ISO 3166-1 code otherwise.

States that were only renamed, or whose successor is the same state (West Germany, Malaya,
Ceylon, Dahomey, Upper Volta, Zaire, Muscat and Oman), map to today's code. States that
dissolved or merged into a new one map to a historic entity from ``archive.countries``.
"""

import datetime
from functools import cache

from django_countries import countries as iso_countries

# Slugs whose page name django-countries does not resolve, or resolves to the wrong entity.
SLUG_CODES = {
    "bahamas": "BS",
    "bosnia-herzegovina": "BA",
    "brunei": "BN",
    "burma": "MM",
    "cape-verde": "CV",
    # The Office files the Republic of China's 1945 delegation under China and the later
    # visits from Taiwan under Taiwan; the archive follows its pages.
    "china": "CN",
    "congo-democratic-republic": "CD",
    "congo-republic": "CG",
    "cote-divoire": "CI",
    "czech-republic": "CZ",
    "czechia": "CZ",
    "czechoslovakia": "CS",
    "gambia": "GM",
    "german-democratic-republic": "DD",
    "germany": "DE",
    "hawaii": "XH",
    "holy-see": "VA",
    "korea": "KR",
    "korea-south": "KR",
    "kosovo": "XK",
    "macedonia": "MK",
    "north-macedonia": "MK",
    "saint-kitts-nevis": "KN",
    "saint-lucia": "LC",
    "saint-vincent-grenadines": "VC",
    "samoa": "WS",
    "somoa": "WS",
    "swaziland": "SZ",
    "eswatini": "SZ",
    "taiwan": "TW",
    "timor-leste": "TL",
    "turkey": "TR",
    "turkiye": "TR",
    "united-arab-emirates": "AE",
    "yugoslavia": "YU",
}

# Periods in which a page's visitors came from a state that no longer exists:
# slug -> ((first day or None, last day, code), ...).
HISTORIC_PERIODS = {
    "russia": ((None, datetime.date(1991, 12, 25), "SU"),),
    "vietnam": ((None, datetime.date(1976, 7, 1), "XV"),),
    "egypt": ((datetime.date(1958, 2, 22), datetime.date(1971, 9, 1), "XU"),),
    "yemen": ((None, datetime.date(1990, 5, 21), "XY"),),
    "tanzania": ((None, datetime.date(1964, 4, 25), "XT"),),
    "zimbabwe": ((None, datetime.date(1980, 4, 17), "XM"),),
    "thailand": ((None, datetime.date(1939, 6, 23), "XS"),),
}


class UnknownCountry(LookupError):
    def __init__(self, slug, name):
        self.slug = slug
        super().__init__(
            f"No country for <from id={slug!r}>{name}</from>: "
            "add the slug to SLUG_CODES in archive/importers/hsg_countries.py."
        )


@cache
def page_code(slug, name=""):
    """Today's code for a history.state.gov country page. (Cached: looking a name up in
    django-countries is slow, and each page has few names.)"""
    if slug in SLUG_CODES:
        return SLUG_CODES[slug]
    for candidate in (name, slug.replace("-", " ")):
        code = iso_countries.by_name(candidate.strip()) if candidate.strip() else ""
        if code:
            return code
    raise UnknownCountry(slug, name)


def visit_code(slug, name, on_date):
    """The code of the state the visitor represented on ``on_date``."""
    for first, last, code in HISTORIC_PERIODS.get(slug, ()):
        if (first is None or first <= on_date) and on_date <= last:
            return code
    return page_code(slug, name)


# Dissolved states whose leaders visited again for a successor state: Vaclav Havel, as
# President of Czechoslovakia and then of the Czech Republic.
LEADERS_CONTINUED_IN = {"CS": "CZ"}


def lineage(code):
    """Today's code for a historic entity this importer maps to, so that a leader who
    visited before and after a change of state (Ali Abdallah Salih, for North Yemen and
    Yemen) stays one person. Used only to tell whether two records name one person."""
    if code in LEADERS_CONTINUED_IN:
        return LEADERS_CONTINUED_IN[code]
    for slug, periods in HISTORIC_PERIODS.items():
        if any(period_code == code for _first, _last, period_code in periods):
            return page_code(slug)
    return code
