"""The two small tables that nearly every list page reads: countries (about 280 rows) and topics
(a few hundred). A call list looked each of them up several times per request, to check the
filters, to find a topic's narrower topics and to label the facets, one query each. Each
process keeps them instead, and reloads them as soon as a record is saved in that process (the
version of ``archive.figures``) and at least every ``FIGURES_SECONDS`` (other processes' edits).

A value not found here is looked up in the database, so a country or topic added in another
process is usable at once; only a rename shows up to ``FIGURES_SECONDS`` late elsewhere.
"""

import time

from django.core.cache import cache

from .figures import FIGURES_SECONDS, KEPT_VERSION_KEY
from .models import Country, Topic

_kept = {"version": None, "loaded": 0.0, "tables": None}


class Tables:
    def __init__(self):
        self.countries = {country.code: country for country in Country.objects.all()}
        self.topics = {topic.pk: topic for topic in Topic.objects.all()}
        self.topics_by_slug = {topic.slug: topic for topic in self.topics.values()}
        self.descendants = _descendants({pk: topic.parent_id for pk, topic in self.topics.items()})


def _descendants(parents):
    """Each topic's id mapped to the ids of it and all topics under it."""
    descendants = {pk: {pk} for pk in parents}
    for pk in parents:
        ancestor, seen = parents[pk], set()
        while ancestor is not None and ancestor not in seen:
            seen.add(ancestor)
            descendants.setdefault(ancestor, {ancestor}).add(pk)
            ancestor = parents.get(ancestor)
    return descendants


def tables():
    """The kept tables, reloaded when a record was saved since or they are old."""
    version = cache.get_or_set(KEPT_VERSION_KEY, time.time_ns, None)
    now = time.monotonic()
    if _kept["tables"] is None or _kept["version"] != version or now - _kept["loaded"] > FIGURES_SECONDS:
        _kept.update(tables=Tables(), version=version, loaded=now)
    return _kept["tables"]


def _known(kept, keys, model, ask_database=True):
    """The records of ``kept`` (a kept table) with these keys, by key; with ``ask_database``,
    those missing from it are asked of the database. Unknown keys are left out."""
    found = {key: kept[key] for key in keys if key in kept}
    missing = [key for key in keys if key not in found]
    if missing and ask_database:
        found.update(model.objects.in_bulk(missing))
    return found


def countries(codes, ask_database=True):
    """The countries with these codes, by code; unknown codes are left out. With
    ``ask_database=False``, only those in the kept table (for values straight from a URL,
    which the form then validates)."""
    return _known(tables().countries, codes, Country, ask_database)


def topics(pks):
    """The topics with these ids, by id; unknown ids are left out."""
    return _known(tables().topics, pks, Topic)


def topic_by_slug(slug):
    """The kept topic with this slug, or None (then ask the database)."""
    return tables().topics_by_slug.get(slug)


def narrower_topic_ids(topic):
    """The ids of the topics under ``topic`` (at any depth), not its own."""
    descendants = tables().descendants.get(topic.pk)
    if descendants is None:  # added since the tables were loaded
        descendants = set(topic.descendant_ids())
    return descendants - {topic.pk}
