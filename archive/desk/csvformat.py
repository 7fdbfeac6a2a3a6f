"""Calls as a flat CSV table: one call a row, converted to and from the interchange format
(:mod:`archive.interchange`), so a CSV import is validated and written exactly like a JSON one.

Columns (only ``title``, ``medium``, ``status`` and one of ``external_id``/``identifier`` are
required; unknown columns are errors)::

    external_id, identifier, title, summary, medium, date, date_precision, end_date, time,
    place, place_country, status, withdrawn_reason, topics,
    participant_1_person, participant_1_name, participant_1_country, participant_1_office,
    participant_1_initiator, participant_2_..., participant_3_..., participant_4_...,
    source_outlet, source_kind, source_url, source_title, source_language, source_published_on

``topics`` are topic slugs separated by ``;``. ``participant_N_person`` is a person's slug, and
``participant_N_initiator`` is ``yes`` or empty. Statements need the JSON format.
"""

import csv
import io

from ..interchange import FORMAT, VERSION

MAX_PARTICIPANTS = 4
CALL_COLUMNS = [
    "external_id", "identifier", "title", "summary", "medium", "date", "date_precision", "end_date",
    "time", "place", "place_country", "status", "withdrawn_reason", "topics",
]  # fmt: skip
PARTICIPANT_COLUMNS = {"person": "person", "name": "name_as_written", "country": "country",
                       "office": "office_title", "initiator": "is_initiator"}  # fmt: skip
SOURCE_COLUMNS = {"outlet": "outlet", "kind": "kind", "url": "url", "title": "title",
                  "language": "language", "published_on": "published_on"}  # fmt: skip
COLUMNS = (
    CALL_COLUMNS
    + [f"participant_{n}_{c}" for n in range(1, MAX_PARTICIPANTS + 1) for c in PARTICIPANT_COLUMNS]
    + [f"source_{c}" for c in SOURCE_COLUMNS]
)
NULLABLE = {"date", "end_date", "time", "place_country", "identifier", "external_id", "date_precision"}
YES = {"yes", "true", "1", "y"}


class CsvError(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__(f"{len(errors)} problem(s) in the CSV file")


def _value(row, column):
    return (row.get(column) or "").strip()


def row_to_call(row):
    call = {}
    for column in CALL_COLUMNS:
        value = _value(row, column)
        if column == "topics":
            call["topics"] = [slug.strip() for slug in value.split(";") if slug.strip()]
        elif value or column not in NULLABLE:
            if value or column in ("summary", "place", "withdrawn_reason", "title", "medium", "status"):
                call[column] = value
    participants = []
    for n in range(1, MAX_PARTICIPANTS + 1):
        cells = {field: _value(row, f"participant_{n}_{c}") for c, field in PARTICIPANT_COLUMNS.items()}
        if not any(cells.values()):
            continue
        participant = {"key": f"p{n}", "person": cells["person"] or None}
        for field in ("name_as_written", "office_title"):
            if cells[field]:
                participant[field] = cells[field]
        if cells["country"]:
            participant["country"] = cells["country"]
        participant["is_initiator"] = cells["is_initiator"].lower() in YES
        participants.append(participant)
    call["participants"] = participants
    cells = {field: _value(row, f"source_{c}") for c, field in SOURCE_COLUMNS.items()}
    call["sources"] = []
    if any(cells.values()):
        call["sources"] = [{"key": "s1", **{k: v for k, v in cells.items() if v}}]
    call["statements"] = []
    return call


def parse(text):
    """The interchange document for a CSV text; ``CsvError`` for problems of the table itself."""
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise CsvError(["the file is empty: the first line must name the columns"])
    unknown = [name for name in reader.fieldnames if name not in COLUMNS]
    if unknown:
        raise CsvError([f"line 1: unknown column(s): {', '.join(unknown)}"])
    calls = []
    try:
        for row in reader:
            if None in row:
                raise CsvError([f"line {reader.line_num}: more cells than columns"])
            calls.append(row_to_call(row))
    except csv.Error as error:
        raise CsvError([f"line {reader.line_num}: {error}"]) from error
    return {"format": FORMAT, "version": VERSION, "calls": calls}


def rename_record(text):
    """ "calls[3] ..." as "row 5 ..." (line 1 names the columns)."""
    import re

    return re.sub(r"calls\[(\d+)\]", lambda m: f"row {int(m.group(1)) + 2}", text)


def write(calls):
    """CSV text for the calls (a queryset)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for call in calls.prefetch_related("topics", "participants__participant", "sources"):
        row = {
            "external_id": call.external_id or "",
            "identifier": call.identifier,
            "title": call.title,
            "summary": call.summary,
            "medium": call.medium,
            "date": call.date.isoformat() if call.date else "",
            "date_precision": call.date_precision,
            "end_date": call.end_date.isoformat() if call.end_date else "",
            "time": call.time.strftime("%H:%M:%S") if call.time else "",
            "place": call.place,
            "place_country": call.place_country_id or "",
            "status": call.status,
            "withdrawn_reason": call.withdrawn_reason,
            "topics": ";".join(t.slug for t in call.topics.all()),
        }
        for n, cp in enumerate(list(call.participants.all())[:MAX_PARTICIPANTS], start=1):
            row[f"participant_{n}_person"] = cp.participant.slug if cp.participant_id else ""
            row[f"participant_{n}_name"] = cp.name_as_written
            row[f"participant_{n}_country"] = cp.country_id or ""
            row[f"participant_{n}_office"] = cp.office_title
            row[f"participant_{n}_initiator"] = "yes" if cp.is_initiator else ""
        source = next(iter(call.sources.all()), None)
        if source is not None:
            row.update(
                source_outlet=source.outlet,
                source_kind=source.kind,
                source_url=source.url,
                source_title=source.title,
                source_language=source.language,
                source_published_on=source.published_on.isoformat() if source.published_on else "",
            )
        writer.writerow(row)
    return out.getvalue()
