"""Facets for the call list: how many of the currently filtered calls fall under each country,
topic, medium, person and year, each with the query string that narrows the list to them.

Every count is computed by the same rule the matching filter in ``CallFilter`` applies, so a
facet's number is exactly the length of the list its link opens. All facets, and the number of
results, come from one query whatever the number of calls: the filtered calls are found once and
counted under every facet (the topic facet over the topic index, ``archive.topic_index``).
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import connection
from django.utils.translation import gettext_lazy as _

from . import reference
from .models import Call, CallParticipant, CallTopicIndex, Participant
from .vocabularies import Medium

FACET_SIZE = 12


@dataclass
class FacetValue:
    label: str
    count: int
    query_string: str
    language: str = ""


@dataclass
class Facet:
    name: str
    title: str
    values: list

    def __bool__(self):
        return bool(self.values)


def _narrowed(params, **changes):
    """The query string of ``params`` (a QueryDict) with ``changes`` applied, ``page`` left
    out: a list value is appended to the key's values, any other replaces them. The same
    string as ``QueryDict.urlencode()`` of the changed copy, built without copying the
    QueryDict for each of a page's forty-odd facet links."""
    lists = dict(params.lists())
    lists.pop("page", None)
    for key, value in changes.items():
        lists[key] = [*lists.get(key, []), *value] if isinstance(value, list) else [value]
    return "&".join(urlencode([(key, str(value))]) for key, values in lists.items() for value in values)


def _in(column, values, params):
    params.extend(values)
    return f"{column} IN ({', '.join(['%s'] * len(values))})"


def _matched(calls, ids):
    """SQL (and its parameters) giving the ids of the calls counted: the ids already found,
    when the caller has them, or the filtered queryset ``calls``."""
    if ids is None:
        return calls.order_by().values("pk").query.sql_with_params()
    if connection.vendor == "postgresql":
        return "SELECT unnest(%s::bigint[])", [list(ids)]
    return "VALUES " + ", ".join(["(%s)"] * len(ids)), list(ids)


def facet_counts(calls=None, exclude_countries=(), people=True, topics_within=None, media=True, ids=None):
    """How many of ``calls`` (or of the calls with these ``ids``) fall under each value of
    each facet, and how many there are in all: one query, in which the filtered calls are
    found once (a common table expression) and every facet is counted over them. Returns
    ``{"total": n, "country": [(code, n)], "participant": [(id, n)], "topic": [(id, n)],
    "medium": [(medium, n)], "year": [(year, n)]}``.

    Countries and people come back as the ``FACET_SIZE`` most frequent; topics only those in
    ``topics_within`` when it is given."""
    counts = {"total": 0, "country": [], "participant": [], "topic": [], "medium": [], "year": []}
    if ids is not None and not ids:
        return counts
    q = connection.ops.quote_name
    ids_sql, ids_params = _matched(calls, ids)
    role, call = q(CallParticipant._meta.db_table), q(Call._meta.db_table)
    index = q(CallTopicIndex._meta.db_table)
    if connection.vendor == "postgresql":
        year = "CAST(EXTRACT(YEAR FROM c.date) AS integer)"
    else:  # SQLite keeps dates as YYYY-MM-DD text
        year = "CAST(substr(c.date, 1, 4) AS integer)"
    params = list(ids_params)
    # The participants of the matched calls are read once for the country and person facets,
    # and the calls themselves once for the medium and year facets.
    ctes = [
        f"matched(id) AS ({ids_sql})",
        f"""roles AS MATERIALIZED (SELECT r.call_id, r.country_id, r.participant_id FROM matched m
        JOIN {role} r ON r.call_id = m.id)""",  # noqa: S608 (names from the models)
        f"""facts AS MATERIALIZED (SELECT c.medium, {year} AS year FROM matched m
        JOIN {call} c ON c.id = m.id)""",  # noqa: S608 (names from the models)
    ]
    parts = ["SELECT 'total' AS facet, '' AS value, COUNT(*) AS n FROM matched"]
    excluded = f"AND NOT {_in('country_id', list(exclude_countries), params)}" if exclude_countries else ""
    parts.append(
        f"""SELECT 'country', country_id, COUNT(DISTINCT call_id) AS n FROM roles
        WHERE country_id IS NOT NULL {excluded}
        GROUP BY country_id ORDER BY n DESC, country_id LIMIT {FACET_SIZE}"""  # noqa: S608 (values as parameters)
    )
    if people:
        parts.append(
            f"""SELECT 'participant', CAST(participant_id AS text), COUNT(DISTINCT call_id) AS n
            FROM roles WHERE participant_id IS NOT NULL
            GROUP BY participant_id ORDER BY n DESC, participant_id LIMIT {FACET_SIZE}"""  # noqa: S608 (no values)
        )
    if topics_within is None or topics_within:
        within = f"WHERE {_in('t.topic_id', sorted(topics_within), params)}" if topics_within else ""
        parts.append(
            f"""SELECT 'topic', CAST(t.topic_id AS text), COUNT(*) AS n FROM matched m
            JOIN {index} t ON t.call_id = m.id {within} GROUP BY t.topic_id"""  # noqa: S608 (names from the models, values as parameters)
        )
    if media:
        parts.append("SELECT 'medium', medium, COUNT(*) AS n FROM facts GROUP BY medium")
    parts.append(
        "SELECT 'year', CAST(year AS text), COUNT(*) AS n FROM facts WHERE year IS NOT NULL GROUP BY year"
    )
    union = " UNION ALL ".join(f"SELECT * FROM ({part}) AS f{n}" for n, part in enumerate(parts))  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {', '.join(ctes)} {union}", params)  # noqa: S608
        for facet, value, n in cursor.fetchall():
            if facet == "total":
                counts["total"] = n
            else:
                counts[facet].append((value, n))
    return counts


def country_facet(rows, params):
    countries = reference.countries([code for code, n in rows])
    return [FacetValue(str(countries[code]), n, _narrowed(params, country=[code])) for code, n in rows]


def participant_facet(rows, params):
    people = {
        pk: (slug, name)
        for pk, slug, name in Participant.objects.filter(pk__in=[int(pk) for pk, n in rows]).values_list(
            "pk", "slug", "name"
        )
    }
    return [
        FacetValue(people[int(pk)][1], n, _narrowed(params, participant=people[int(pk)][0]))
        for pk, n in rows
        if int(pk) in people
    ]


def topic_facet(rows, params):
    """Each topic counts the calls under it or any narrower topic, tagged on the call or on
    one of its statements, as the topic filter does (the topic index)."""
    topics = reference.topics([int(pk) for pk, n in rows])
    ranked = sorted(((n, topics[int(pk)]) for pk, n in rows), key=lambda item: (-item[0], item[1].name))
    return [
        FacetValue(str(topic), n, _narrowed(params, topic=topic.slug)) for n, topic in ranked[:FACET_SIZE]
    ]


def medium_facet(rows, params):
    labels = dict(Medium.choices)
    ranked = sorted(rows, key=lambda row: (-row[1], row[0]))
    return [
        FacetValue(str(labels.get(medium, medium)), n, _narrowed(params, medium=medium))
        for medium, n in ranked
    ]


def year_facet(rows, params, date_after=None, date_before=None):
    """Years of the filtered calls; a link keeps any narrower date range already chosen."""
    values = []
    for year, n in sorted(((int(year), n) for year, n in rows), reverse=True):
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        if date_after and date_after > start:
            start = date_after
        if date_before and date_before < end:
            end = date_before
        query = _narrowed(params, date_after=start.isoformat(), date_before=end.isoformat())
        values.append(FacetValue(str(year), n, query))
    return values


def call_facets(filterset, params, ids=None):
    """The facets of a bound, valid ``CallFilter``'s results, for the parameters ``params``,
    and the number of results. ``ids``: the results' ids, when the caller already has them."""
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    selected_topic = data.get("topic")
    within = None
    if selected_topic is not None:  # its narrower topics: the list holds only this one
        within = reference.narrower_topic_ids(selected_topic)
    counts = facet_counts(
        filterset.qs,
        exclude_countries=[country.pk for country in data.get("country") or []],
        people=not data.get("participant"),
        topics_within=within,
        media=not data.get("medium"),
        ids=ids,
    )
    facets = [Facet("country", _("Country"), country_facet(counts["country"], params))]
    if not data.get("participant"):
        facets.append(Facet("participant", _("Person"), participant_facet(counts["participant"], params)))
    facets.append(Facet("topic", _("Topic"), topic_facet(counts["topic"], params)))
    if not data.get("medium"):
        facets.append(Facet("medium", _("Medium"), medium_facet(counts["medium"], params)))
    facets.append(
        Facet(
            "year",
            _("Year"),
            year_facet(counts["year"], params, data.get("date_after"), data.get("date_before")),
        )
    )
    return [facet for facet in facets if facet], counts["total"]
