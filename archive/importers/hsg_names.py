"""Visitors' titles and names, as the Office of the Historian's records write them.

A record gives title and name in one string: "Amir Sheikh Tamim bin Hamad Al Thani",
"President Andrzej Duda and Prime Minister Donald Tusk". This module splits the string into
people, reads the office from the start of each, and derives the name the person is filed
under. Spellings of a name never merge beyond case, hyphens, punctuation and diacritics:
"Tameem" and "Tamim" stay two people until an editor merges them, because a wrong merge is
harder to notice than a duplicate.
"""

import re
import unicodedata
from dataclasses import dataclass

# How the records write an office -> the office. Matched longest first, ignoring case; the
# misspellings are the records' own.
OFFICE_TITLES = {
    title: title
    for title in (
        "President of the Council of Ministers",
        "Chairman of the Presidency",
        "Interim Prime Minister",
        "Acting Prime Minister",
        "Prime Minister",
        "Deputy Prime Minister",
        "Interim President",
        "Acting President",
        "Provisional President",
        "Vice President",
        "President",
        "Federal Chancellor",
        "Chancellor",
        "Vice Premier",
        "Premier",
        "General Secretary",
        "First Secretary",
        "Secretary General",
        "Governor General",
        "Foreign Minister",
        "Chief of State",
        "Head of State",
        "Junta Member",
        "Chairman",
        "Taoiseach",
        "Lieutenant General",
        "Brigadier General",
        "General",
        "Grand Duchess",
        "Grand Duke",
        "Crown Prince",
        "Prince",
        "Regent",
        "King",
        "Queen",
        "Emperor",
        "Sultan",
        "Amir",
        "Emir",
        "Shah",
        "Pope",
    )
} | {
    "President-elect": "President-elect",
    "President- elect": "President-elect",
    "President-designate": "President-designate",
    "President- designate": "President-designate",
    "Chancellor-elect": "Chancellor-elect",
    "Prime Minster": "Prime Minister",
    "Prime Ministere": "Prime Minister",
    # "Prime Minister-Prince Norodom Kantol", "Premier and Prince Sihanouk": the rest of the
    # string keeps "Prince".
    "Prime Minister-": "Prime Minister",
    "Premier and": "Premier",
    "Premier &": "Premier",
}
_TITLES_LONGEST_FIRST = sorted(OFFICE_TITLES, key=len, reverse=True)

# Honorifics that are part of how a name is written but not of the name a person is filed
# under: "Sheikh Tamim bin Hamad Al Thani" is filed as "Tamim bin Hamad Al Thani".
HONORIFICS = ("Sheikh", "Sheik", "Haji", "Dr.", "Dom", "Archbishop", "Prince")

_SEPARATORS = re.compile(r"\s*,\s+|\s+and\s+|\s*&\s*")


@dataclass(frozen=True)
class Visitor:
    written: str  # the visitor as the record writes them, title included
    office_title: str  # "" when the record gives none
    name_as_written: str  # without the office: "Sheikh Tamim bin Hamad Al Thani"
    name: str  # without honorifics either: "Tamim bin Hamad Al Thani"


def collapse_spaces(text):
    return " ".join((text or "").split())


def split_office(text):
    """("Prime Minister", "Kyriakos Mitsotakis") from "Prime Minister Kyriakos Mitsotakis"."""
    folded = text.casefold()
    for written in _TITLES_LONGEST_FIRST:
        if not folded.startswith(written.casefold()):
            continue
        rest = text[len(written) :]
        # A title ends at a space, the end, or a capital ("Prime MinisterHaidar al- Abadi").
        if not rest or rest[0].isspace() or rest[0].isupper():
            return OFFICE_TITLES[written], rest.strip()
    return "", text


def strip_honorifics(name):
    """ "Sheikh Tamim bin Hamad Al Thani" -> "Tamim bin Hamad Al Thani"; but "Sheikh Hasina"
    keeps the word that is part of her name: a name is not left as one word, except for
    princes known by one ("Prince Sihanouk")."""
    words = name.split()
    while words[0:1] and words[0] in HONORIFICS and (len(words) > 2 or words[0] == "Prince" and words[1:]):
        words = words[1:]
    return " ".join(words)


def parse_one(text):
    office_title, rest = split_office(text)
    return Visitor(text, office_title, rest, strip_honorifics(rest))


def parse_visitors(text):
    """The people in a record's visitor string, one ``Visitor`` each.

    "President Francesco Cossiga and Prime Minister Giulio Andreotti" is two visitors. The
    string is split only where every part starts with an office and names someone, so
    "Premier and Prince Sihanouk" and "President Benigno S. Aquino, 3rd" stay one.
    """
    text = collapse_spaces(text)
    parts = _SEPARATORS.split(text)
    if len(parts) > 1:
        visitors = [parse_one(part) for part in parts]
        if all(v.office_title and v.name for v in visitors):
            return visitors
    return [parse_one(text)]


def name_key(name):
    """What two spellings of one name have in common: "Recep Tayyip Erdoğan" and
    "Recep Tayyip Erdogan", "al-Thani" and "Al Thani"."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = re.sub(r"['’‘`]", "", plain)
    return " ".join(re.sub(r"[-.,]", " ", plain).split())
