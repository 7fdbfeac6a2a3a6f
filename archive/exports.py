"""Exports of any filtered list of calls: CSV, JSON and dyadic event data (CAMEO).

They take the same parameters as ``/calls/`` (``CallFilter``) and are streamed: calls are read
from the database in chunks of ``CHUNK_SIZE`` through a server-side cursor, with their
participants, topics, sources and statement counts fetched per chunk as plain tuples, and
each row is written out before the next chunk is read, so a 100,000-row export holds no more
in memory than a 100-row one (see docs/exports.md).
"""

import csv
import json
from itertools import islice

from django.db.models import Count
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from django_countries import countries

from .filters import CallFilter
from .models import Call, CallParticipant, Source, Statement
from .vocabularies import Medium, ParticipantRole

CHUNK_SIZE = 500

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


CALL_FIELDS = [
    "id",
    "identifier",
    "title",
    "date",
    "date_precision",
    "end_date",
    "medium",
    "summary",
    "place",
    "place_country_id",
]


def _grouped(rows):
    groups = {}
    for call_id, *values in rows:
        groups.setdefault(call_id, []).append(values)
    return groups


def _chunk_details(ids):
    """Participants, topics, sources and statement counts of the calls ``ids``: four queries
    returning plain tuples, so nothing of one chunk outlives it."""
    participants = _grouped(
        CallParticipant.objects.filter(call_id__in=ids)
        .order_by("call_id", "order", "id")
        .values_list(
            "call_id",
            "participant__name",
            "participant__slug",
            "name_as_written",
            "office_title",
            "country_id",
            "country__name",
            "role",
            "is_initiator",
        )
    )
    topics = _grouped(
        Call.topics.through.objects.filter(call_id__in=ids)
        .order_by("call_id", "topic__slug")
        .values_list("call_id", "topic__slug")
    )
    sources = _grouped(
        Source.objects.filter(call_id__in=ids)
        .order_by("call_id", "published_on", "id")
        .values_list("call_id", "outlet", "url", "kind")
    )
    counts = dict(
        Statement.objects.filter(call_id__in=ids)
        .order_by()
        .values("call_id")
        .annotate(n=Count("*"))  # COUNT(*): read from the (call_id) index alone
        .values_list("call_id", "n")
    )
    return participants, topics, sources, counts


def _participant(values):
    name, slug, as_written, office, country, country_name, role, initiator = values
    return {
        "name": name or as_written or (f"Government of {country_name}" if country_name else ""),
        "slug": slug,
        "name_as_written": as_written,
        "office": office,
        "country": country,
        "role": role,
        "initiator": initiator,
    }


def export_records(request, calls):
    """Each call of ``calls`` as a plain dict (the shape of a JSON export item), oldest
    first, reading ``CHUNK_SIZE`` calls at a time through a server-side cursor."""
    base = request.build_absolute_uri("/").rstrip("/")
    rows = calls.order_by("date", "id").values(*CALL_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(islice(rows, CHUNK_SIZE)):
        participants, topics, sources, counts = _chunk_details([row["id"] for row in chunk])
        for row in chunk:
            people = [_participant(values) for values in participants.get(row["id"], [])]
            yield {
                "identifier": row["identifier"],
                "permalink": base + reverse("call-detail", args=[row["identifier"]]),
                "title": row["title"],
                "date": row["date"].isoformat() if row["date"] else None,
                "date_precision": row["date_precision"],
                "end_date": row["end_date"].isoformat() if row["end_date"] else None,
                "medium": row["medium"],
                "place": row["place"],
                "place_country": row["place_country_id"],
                "countries": list(dict.fromkeys(p["country"] for p in people if p["country"])),
                "participants": people,
                "topics": [slug for (slug,) in topics.get(row["id"], [])],
                "summary": row["summary"],
                "statement_count": counts.get(row["id"], 0),
                "sources": [
                    {"outlet": outlet, "url": url, "kind": kind}
                    for outlet, url, kind in sources.get(row["id"], [])
                ],
            }


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


def stream_csv(request, calls):
    writer = csv.writer(Echo())
    yield "\ufeff" if request.GET.get("bom") == "1" else ""
    yield writer.writerow(CALL_COLUMNS)
    for record in export_records(request, calls):
        yield writer.writerow(csv_row(record))


def stream_json(request, calls):
    yield "[\n"
    separator = ""
    for record in export_records(request, calls):
        yield separator + json.dumps(record, ensure_ascii=False)
        separator = ",\n"
    yield "\n]\n"


def directed_dyads(record):
    """(source side, target side, CAMEO code) for each ordered pair of a call's sides.

    Telephone and video calls are 041 both ways. Visits and meetings are 042 (visitor to
    host) and 043 (host to visitor) where the host is known, from the participants' roles
    or the place's country; two visiting sides, or a meeting in a country none of the sides
    represents, are 044; a meeting or visit whose host and place are unknown, and a written
    message, are 040 (CAMEO has no code for letters under 04; 040 is "consult, not
    specified").
    """
    sides = {}
    for person in record["participants"]:
        code = person["country"]
        if not code:
            continue
        current = sides.get(code)
        if current is None or (
            current["role"] == ParticipantRole.PARTICIPANT and person["role"] != current["role"]
        ):
            sides[code] = person
    hosts = _hosts(record, sides)
    for source_code, source in sides.items():
        for target_code, target in sides.items():
            if source_code != target_code:
                yield source, target, _cameo(record, sides, hosts, source_code, target_code)


def _hosts(record, sides):
    if record["medium"] not in (Medium.VISIT, Medium.MEETING):
        return set()
    by_role = {code for code, person in sides.items() if person["role"] == ParticipantRole.HOST}
    if by_role:
        return by_role
    if record["place_country"] in sides:
        return {record["place_country"]}
    return set()


def _cameo(record, sides, hosts, source_code, target_code):
    if record["medium"] in (Medium.TELEPHONE, Medium.VIDEO):
        return "041"
    if record["medium"] == Medium.MESSAGE:
        return "040"
    source_hosts, target_hosts = source_code in hosts, target_code in hosts
    if hosts and target_hosts != source_hosts:
        return "042" if target_hosts else "043"
    if hosts and not source_hosts:
        return "044"
    if not hosts and record["place_country"] and record["place_country"] not in sides:
        return "044"
    return "040"


def event_rows(request, calls):
    for record in export_records(request, calls):
        for number, (source, target, code) in enumerate(directed_dyads(record), start=1):
            label, goldstein = CAMEO[code]
            yield [
                f"{record['identifier']}-{number}",
                record["identifier"],
                record["permalink"],
                record["date"] or "",
                record["date_precision"],
                record["end_date"] or "",
                source["country"],
                iso3(source["country"]),
                source["name"],
                target["country"],
                iso3(target["country"]),
                target["name"],
                code,
                label,
                "04",
                1,
                goldstein,
                record["medium"],
                record["place"],
                record["place_country"] or "",
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
