"""The rows of a call list: what each row shows (date, title, medium, countries, topics), read
with three plain queries for a page of calls, without building a model instance for every
call, participant and topic. Countries and topics come from the kept tables
(``archive.reference``). At 25 rows this takes a fifth of the time of ``Call.for_list()``
(docs/performance.md); the API and the feeds, which show more of each call, keep that.
"""

import datetime
from dataclasses import dataclass, field

from . import reference
from .models import Call, CallParticipant
from .models.calls import call_url, format_partial_date


@dataclass(slots=True)
class CallRow:
    pk: int
    identifier: str
    title: str
    medium: str
    date: datetime.date | None
    date_precision: str
    end_date: datetime.date | None
    countries: list = field(default_factory=list)
    topics: list = field(default_factory=list)

    def get_absolute_url(self):
        return call_url(self.identifier, self.title)

    @property
    def date_display(self):
        return format_partial_date(self.date, self.date_precision, self.end_date)


def call_rows(ids):
    """The published calls with these ids as rows, in the order of ``ids``; a call no longer
    published (or deleted) since its id was read is left out."""
    ids = list(ids)
    if not ids:
        return []
    found = {
        values[0]: CallRow(*values)
        for values in Call.objects.published()
        .filter(pk__in=ids)
        .values_list("pk", "identifier", "title", "medium", "date", "date_precision", "end_date")
    }
    roles = list(
        CallParticipant.objects.filter(call_id__in=found, country__isnull=False)
        .order_by("call_id", "order", "id")
        .values_list("call_id", "country_id")
    )
    countries = reference.countries({code for _call, code in roles})
    for call_id, code in roles:
        if code in countries:
            found[call_id].countries.append(countries[code])
    tags = list(Call.topics.through.objects.filter(call_id__in=found).values_list("call_id", "topic_id"))
    topics = reference.topics({topic_id for _call, topic_id in tags})
    for call_id, topic_id in tags:
        if topic_id in topics:
            found[call_id].topics.append(topics[topic_id])
    for row in found.values():
        row.topics.sort(key=lambda topic: (topic.name, topic.pk))
    return [found[pk] for pk in ids if pk in found]
