"""Facets for the call list: how many of the currently filtered calls fall under each country,
topic, medium, person and year, each with the query string that narrows the list to them.

Every count is computed by the same rule the matching filter in ``CallFilter`` applies, so a
facet's number is exactly the length of the list its link opens. Each facet is one aggregate
query (the topic facet two, plus one for the topic tree), whatever the number of calls.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from .models import Call, CallParticipant, Country, Participant, Statement, Topic
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
    """The query string of ``params`` with ``changes`` applied; a list value is appended."""
    query = params.copy()
    query.pop("page", None)
    for key, value in changes.items():
        if isinstance(value, list):
            for item in value:
                query.appendlist(key, item)
        else:
            query[key] = value
    return query.urlencode()


def _call_ids(calls):
    return calls.order_by().values("pk")


def country_facet(calls, params, selected):
    rows = (
        CallParticipant.objects.filter(call__in=_call_ids(calls), country__isnull=False)
        .exclude(country__in=selected)
        .values("country")
        .annotate(n=Count("call", distinct=True))
        .order_by("-n", "country")[:FACET_SIZE]
    )
    rows = list(rows)
    countries = Country.objects.in_bulk([row["country"] for row in rows])
    return [
        FacetValue(str(countries[row["country"]]), row["n"], _narrowed(params, country=[row["country"]]))
        for row in rows
    ]


def participant_facet(calls, params):
    rows = list(
        CallParticipant.objects.filter(call__in=_call_ids(calls), participant__isnull=False)
        .values("participant")
        .annotate(n=Count("call", distinct=True))
        .order_by("-n", "participant")[:FACET_SIZE]
    )
    people = Participant.objects.in_bulk([row["participant"] for row in rows])
    values = []
    for row in rows:
        person = people[row["participant"]]
        values.append(FacetValue(person.name, row["n"], _narrowed(params, participant=person.slug)))
    return values


def _topic_tree():
    """Each topic's id mapped to (topic, the ids of it and all topics under it)."""
    topics = {topic.pk: topic for topic in Topic.objects.only("pk", "slug", "name", "name_ar", "parent")}
    descendants = {pk: {pk} for pk in topics}
    for pk, topic in topics.items():
        ancestor = topic.parent_id
        seen = set()
        while ancestor is not None and ancestor not in seen:
            seen.add(ancestor)
            descendants[ancestor].add(pk)
            ancestor = topics[ancestor].parent_id
    return topics, descendants


def topic_facet(calls, params, selected=None):
    """Topics of the filtered calls (tagged on the call or on one of its statements), each
    counting the calls under it or any narrower topic, as the topic filter does. With a topic
    chosen, its narrower topics are offered instead, since the list holds only one topic."""
    call_ids = _call_ids(calls)
    used = set(
        Call.topics.through.objects.filter(call__in=call_ids).values_list("topic", flat=True).distinct()
    ) | set(
        Statement.topics.through.objects.filter(statement__call__in=call_ids)
        .values_list("topic", flat=True)
        .distinct()
    )
    if not used:
        return []
    topics, descendants = _topic_tree()
    candidates = {pk for pk in descendants if descendants[pk] & used}
    if selected is not None:
        candidates &= descendants[selected.pk] - {selected.pk}
    if not candidates:
        return []
    aggregates = {}
    for pk in candidates:
        tagged = Call.topics.through.objects.filter(topic__in=descendants[pk]).values("call_id")
        stated = Statement.topics.through.objects.filter(topic__in=descendants[pk]).values(
            "statement__call_id"
        )
        aggregates[f"t{pk}"] = Count("pk", filter=Q(pk__in=tagged) | Q(pk__in=stated))
    counts = calls.order_by().aggregate(**aggregates)
    ranked = sorted(
        ((counts[f"t{pk}"], topics[pk]) for pk in candidates if counts[f"t{pk}"]),
        key=lambda item: (-item[0], item[1].name),
    )[:FACET_SIZE]
    return [FacetValue(str(topic), n, _narrowed(params, topic=topic.slug)) for n, topic in ranked]


def medium_facet(calls, params):
    rows = calls.order_by().values("medium").annotate(n=Count("pk", distinct=True)).order_by("-n", "medium")
    labels = dict(Medium.choices)
    return [
        FacetValue(
            str(labels.get(row["medium"], row["medium"])), row["n"], _narrowed(params, medium=row["medium"])
        )
        for row in rows
    ]


def year_facet(calls, params, date_after=None, date_before=None):
    """Years of the filtered calls; a link keeps any narrower date range already chosen."""
    rows = (
        calls.order_by()
        .filter(date__isnull=False)
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-year")
    )
    values = []
    for row in rows:
        start, end = datetime.date(row["year"], 1, 1), datetime.date(row["year"], 12, 31)
        if date_after and date_after > start:
            start = date_after
        if date_before and date_before < end:
            end = date_before
        query = _narrowed(params, date_after=start.isoformat(), date_before=end.isoformat())
        values.append(FacetValue(str(row["year"]), row["n"], query))
    return values


def call_facets(filterset, params):
    """The facets of a bound, valid ``CallFilter``'s results, for the parameters ``params``."""
    calls = filterset.qs
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    facets = [Facet("country", _("Country"), country_facet(calls, params, data.get("country") or []))]
    if not data.get("participant"):
        facets.append(Facet("participant", _("Person"), participant_facet(calls, params)))
    facets.append(Facet("topic", _("Topic"), topic_facet(calls, params, data.get("topic"))))
    if not data.get("medium"):
        facets.append(Facet("medium", _("Medium"), medium_facet(calls, params)))
    facets.append(
        Facet("year", _("Year"), year_facet(calls, params, data.get("date_after"), data.get("date_before")))
    )
    return [facet for facet in facets if facet]
