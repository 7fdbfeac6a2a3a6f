"""Exports of any filtered list of calls: CSV, JSON and dyadic event data (CAMEO).

They take the same parameters as ``/calls/`` (``CallFilter``) and are streamed: calls are read
from the database in chunks of ``CHUNK_SIZE`` with their participants, topics and sources
prefetched per chunk, and each row is written out before the next chunk is read, so a
100,000-row export holds no more rows in memory than a 100-row one (see docs/exports.md).
"""

import csv
import json

from django.db.models import Count, Prefetch
from django.http import HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET
from django_countries import countries

from .filters import CallFilter
from .models import Call, CallParticipant, Source
from .vocabularies import Medium, ParticipantRole

CHUNK_SIZE = 100

CALL_COLUMNS = [
    "identifier",
    "permalink",
    "title",
    "date",
    "date_precision",
    "end_date",
    "medium",
    "countries",
    "participants",
    "topics",
    "summary",
    "statement_count",
    "sources",
]

# CAMEO (Conflict and Mediation Event Observations) verb codes under 04 "Consult", with
# their Goldstein scale weights; all are quad class 1, verbal cooperation.
CAMEO = {
    "040": ("Consult, not specified below", 1.0),
    "041": ("Discuss by telephone", 1.0),
    "042": ("Make a visit", 1.9),
    "043": ("Host a visit", 2.8),
    "044": ("Meet at a third location", 2.5),
}

EVENT_COLUMNS = [
    "event_id",
    "call_identifier",
    "permalink",
    "date",
    "date_precision",
    "end_date",
    "source_country",
    "source_iso3",
    "source_actor",
    "target_country",
    "target_iso3",
    "target_actor",
    "cameo_code",
    "cameo_label",
    "cameo_root",
    "quad_class",
    "goldstein",
    "medium",
    "place",
    "place_country",
]

# ISO 3166-1 alpha-3 codes that the historic states held (kept in ISO 3166-3).
HISTORIC_ALPHA3 = {"SU": "SUN", "YU": "YUG", "CS": "CSK", "DD": "DDR", "YD": "YMD"}


class Echo:
    """A file-like object whose ``write`` returns what it is given, for ``csv.writer``."""

    def write(self, value):
        return value


def iso3(code):
    """The ISO 3166-1 alpha-3 code for one of our country codes, or "" where there is none."""
    if code in HISTORIC_ALPHA3:
        return HISTORIC_ALPHA3[code]
    if len(code) == 2 and code in countries:
        return countries.alpha3(code) or ""
    return ""


def export_queryset(calls):
    """``calls`` with what a row needs, for reading in chunks."""
    return (
        calls.order_by("date", "id")
        .select_related("place_country")
        .annotate(statement_count=Count("statements"))
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=CallParticipant.objects.select_related("participant", "country").order_by("order", "id"),
            ),
            "topics",
            Prefetch("sources", queryset=Source.objects.only("id", "call_id", "outlet", "url", "kind")),
        )
    )


def filtered_calls(request):
    """The published calls matching the request's filters, or the form with its errors."""
    filterset = CallFilter(request.GET or None, queryset=Call.objects.published())
    if filterset.is_bound and not filterset.is_valid():
        return None, filterset.form
    return filterset.qs, None


def bad_filters(form):
    lines = ["The filters could not be used:"]
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else field
        lines += [f"- {label} ({field}): {error}" for error in errors]
    return HttpResponse("\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8")


def call_record(call, permalink):
    """One call as a plain dict, the shape of a JSON export item."""
    return {
        "identifier": call.identifier,
        "permalink": permalink,
        "title": call.title,
        "date": call.date.isoformat() if call.date else None,
        "date_precision": call.date_precision,
        "end_date": call.end_date.isoformat() if call.end_date else None,
        "medium": call.medium,
        "countries": list(dict.fromkeys(cp.country_id for cp in call.participants.all() if cp.country_id)),
        "participants": [
            {
                "name": cp.participant.name if cp.participant_id else cp.name_as_written,
                "slug": cp.participant.slug if cp.participant_id else None,
                "name_as_written": cp.name_as_written,
                "office": cp.office_title,
                "country": cp.country_id,
                "role": cp.role,
                "initiator": cp.is_initiator,
            }
            for cp in call.participants.all()
        ],
        "topics": [topic.slug for topic in call.topics.all()],
        "summary": call.summary,
        "statement_count": call.statement_count,
        "sources": [
            {"outlet": source.outlet, "url": source.url, "kind": source.kind} for source in call.sources.all()
        ],
    }


def csv_row(record):
    def person(p):
        return f"{p['name']} ({p['country']})" if p["country"] else p["name"]

    return [
        record["identifier"],
        record["permalink"],
        record["title"],
        record["date"] or "",
        record["date_precision"],
        record["end_date"] or "",
        record["medium"],
        ";".join(record["countries"]),
        ";".join(person(p) for p in record["participants"]),
        ";".join(record["topics"]),
        record["summary"],
        record["statement_count"],
        ";".join(s["url"] or s["outlet"] for s in record["sources"]),
    ]


def records(request, calls):
    """Each call of ``calls`` as a dict, reading the database in chunks."""
    base = request.build_absolute_uri("/").rstrip("/")
    for call in export_queryset(calls).iterator(chunk_size=CHUNK_SIZE):
        yield call_record(call, base + call.get_permalink())


def stream_csv(request, calls):
    writer = csv.writer(Echo())
    yield "\ufeff" if request.GET.get("bom") == "1" else ""
    yield writer.writerow(CALL_COLUMNS)
    for record in records(request, calls):
        yield writer.writerow(csv_row(record))


def stream_json(request, calls):
    yield "[\n"
    separator = ""
    for record in records(request, calls):
        yield separator + json.dumps(record, ensure_ascii=False)
        separator = ",\n"
    yield "\n]\n"


def directed_dyads(call):
    """(source participant, target participant, CAMEO code) for each ordered pair of sides.

    Telephone and video calls are 041 both ways. Visits and meetings are 042 (visitor to
    host) and 043 (host to visitor) where the host is known, from the participants' roles
    or the place's country; two visiting sides, or a meeting in a country none of the sides
    represents, are 044; a meeting or visit whose host and place are unknown, and a written
    message, are 040 (CAMEO has no code for letters under 04; 040 is "consult, not
    specified").
    """
    sides = {}
    for cp in call.participants.all():
        if not cp.country_id:
            continue
        current = sides.get(cp.country_id)
        if current is None or (current.role == ParticipantRole.PARTICIPANT and cp.role != current.role):
            sides[cp.country_id] = cp
    hosts = _hosts(call, sides)
    for source_code, source in sides.items():
        for target_code, target in sides.items():
            if source_code != target_code:
                yield source, target, _cameo(call, sides, hosts, source_code, target_code)


def _hosts(call, sides):
    if call.medium not in (Medium.VISIT, Medium.MEETING):
        return set()
    by_role = {code for code, cp in sides.items() if cp.role == ParticipantRole.HOST}
    if by_role:
        return by_role
    if call.place_country_id in sides:
        return {call.place_country_id}
    return set()


def _cameo(call, sides, hosts, source_code, target_code):
    if call.medium in (Medium.TELEPHONE, Medium.VIDEO):
        return "041"
    if call.medium == Medium.MESSAGE:
        return "040"
    source_hosts, target_hosts = source_code in hosts, target_code in hosts
    if hosts and target_hosts != source_hosts:
        return "042" if target_hosts else "043"
    if hosts and not source_hosts:
        return "044"
    if not hosts and call.place_country_id and call.place_country_id not in sides:
        return "044"
    return "040"


def event_rows(request, calls):
    base = request.build_absolute_uri("/").rstrip("/")
    for call in export_queryset(calls).iterator(chunk_size=CHUNK_SIZE):
        permalink = base + call.get_permalink()
        for number, (source, target, code) in enumerate(directed_dyads(call), start=1):
            label, goldstein = CAMEO[code]
            yield [
                f"{call.identifier}-{number}",
                call.identifier,
                permalink,
                call.date.isoformat() if call.date else "",
                call.date_precision,
                call.end_date.isoformat() if call.end_date else "",
                source.country_id,
                iso3(source.country_id),
                source.display_name,
                target.country_id,
                iso3(target.country_id),
                target.display_name,
                code,
                label,
                "04",
                1,
                goldstein,
                call.medium,
                call.place,
                call.place_country_id or "",
            ]


def stream_events(request, calls):
    writer = csv.writer(Echo())
    yield writer.writerow(EVENT_COLUMNS)
    for row in event_rows(request, calls):
        yield writer.writerow(row)


def _export(request, stream, content_type, filename):
    calls, form = filtered_calls(request)
    if calls is None:
        return bad_filters(form)
    response = StreamingHttpResponse(stream(request, calls), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def export_csv(request):
    return _export(request, stream_csv, "text/csv; charset=utf-8", "calls.csv")


@require_GET
def export_json(request):
    return _export(request, stream_json, "application/json; charset=utf-8", "calls.json")


@require_GET
def export_events(request):
    return _export(request, stream_events, "text/csv; charset=utf-8", "call-events.csv")
