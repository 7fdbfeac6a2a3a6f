"""Import "Visits by Foreign Leaders to the United States" from the Office of the Historian,
U.S. Department of State (public domain, CC0 1.0), as published calls with the medium "visit".

Each ``<visit>`` becomes one call with the permanent identifier ``hsg-<id>``, so permalinks
survive a re-import; its visitors, linked to one person per name and country; the United
States as host (the records do not name the host); and the record itself as the source.
Visits already imported (by ``external_id``) are left alone, so running it again adds and
changes nothing. Everything is read and checked before anything is written, and written in
one transaction.
"""

import datetime
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from ..countries import sync_countries
from ..models import Call, CallParticipant, Country, Participant, ParticipantName, Source
from ..vocabularies import DatePrecision, Medium, NameKind, ParticipantRole, SourceKind, Status
from .hsg_countries import UnknownCountry, lineage, visit_code
from .hsg_names import collapse_spaces, name_key, parse_visitors

DEFAULT_PATH = Path("fixtures") / "hsg-visits" / "data"
EXTERNAL_ID_PREFIX = "hsg-visits:"
HOST_COUNTRY = "US"

OUTLET = "Office of the Historian, U.S. Department of State"
SOURCE_TITLE = "Visits by Foreign Leaders to the United States"
PAGE_URL = "https://history.state.gov/departmenthistory/visits/{slug}"
LICENCE = "Public domain (CC0 1.0)"
LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/"
CHANGE_REASON = "Imported from the Office of the Historian's record of visits"
BATCH_SIZE = 500

REQUIRED_FIELDS = ("id", "start-date", "end-date", "visitor", "from")


class VisitDataError(ValueError):
    """The data cannot be imported as it stands; the message says where and why."""


@dataclass
class Visit:
    id: str
    start: datetime.date
    end: datetime.date
    visitor: str
    from_slug: str
    from_name: str
    description: str
    created: datetime.date | None
    modified: datetime.date | None
    full_text: str
    country: str = ""
    visitors: list = field(default_factory=list)

    @property
    def external_id(self):
        return f"{EXTERNAL_ID_PREFIX}{self.id}"


@dataclass
class ImportResult:
    created: int = 0
    skipped: int = 0
    people_created: int = 0
    dry_run: bool = False

    def __str__(self):
        text = (
            f"{self.created} visits imported, {self.skipped} already in the archive skipped, "
            f"{self.people_created} people created."
        )
        return f"{text} Dry run: nothing was written." if self.dry_run else text


# Reading ---------------------------------------------------------------------------------


def element_text(element):
    """An element's text with any markup (<em>) dropped and its words kept."""
    return collapse_spaces("".join(element.itertext())) if element is not None else ""


def parse_date(text, where, label):
    try:
        return datetime.date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise VisitDataError(f"{where}: {label} {text!r} is not a date (YYYY-MM-DD).") from None


def optional_date(text, where, label):
    return parse_date(text, where, label) if (text or "").strip() else None


def render_record(element):
    """The record as plain text, one line per field in the order the record gives them."""
    lines = []
    for child in element:
        label = child.tag.replace("-", " ").capitalize()
        value = element_text(child)
        if child.get("id"):
            value = f"{value} (id: {child.get('id')})"
        lines.append(f"{label}: {value}".rstrip())
    return "\n".join(lines)


def read_visit(element, path):
    where = f"{path.name}, visit {element.findtext('id') or '(no id)'}"
    for name in REQUIRED_FIELDS:
        if not element_text(element.find(name)):
            raise VisitDataError(f"{where}: <{name}> is missing or empty.")
    visit_id = element_text(element.find("id"))
    if not visit_id.isdigit():
        raise VisitDataError(f"{where}: the id {visit_id!r} is not a number.")
    origin = element.find("from")
    if not origin.get("id"):
        raise VisitDataError(f"{where}: <from> has no id attribute.")
    visit = Visit(
        id=visit_id,
        start=parse_date(element_text(element.find("start-date")), where, "start-date"),
        end=parse_date(element_text(element.find("end-date")), where, "end-date"),
        visitor=element_text(element.find("visitor")),
        from_slug=origin.get("id").strip(),
        from_name=element_text(origin),
        description=element_text(element.find("description")),
        created=optional_date(element.findtext("created-datetime"), where, "created-datetime"),
        modified=optional_date(element.findtext("last-modified-datetime"), where, "last-modified-datetime"),
        full_text=render_record(element),
    )
    if visit.end < visit.start:
        raise VisitDataError(f"{where}: it ends ({visit.end}) before it starts ({visit.start}).")
    try:
        visit.country = visit_code(visit.from_slug, visit.from_name, visit.start)
    except UnknownCountry as error:
        raise VisitDataError(f"{where}: {error}") from None
    visit.visitors = parse_visitors(visit.visitor)
    return visit


def read_visits(directory):
    """Every visit in the directory's XML files, checked, in date order."""
    directory = Path(directory)
    paths = sorted(directory.glob("*.xml"))
    if not paths:
        raise VisitDataError(f"No XML files in {directory}.")
    visits, seen = [], {}
    for path in paths:
        try:
            root = ET.parse(path).getroot()  # noqa: S314 - files the operator chose to import
        except ET.ParseError as error:
            raise VisitDataError(f"{path.name}: not well-formed XML ({error}).") from None
        if root.tag != "visits":
            raise VisitDataError(f"{path.name}: the root element is <{root.tag}>, not <visits>.")
        for element in root.iter("visit"):
            visit = read_visit(element, path)
            if visit.id in seen:
                raise VisitDataError(f"{path.name}: visit {visit.id} is also in {seen[visit.id]}.")
            seen[visit.id] = path.name
            visits.append(visit)
    visits.sort(key=lambda v: (v.start, int(v.id)))
    return visits


# Writing ---------------------------------------------------------------------------------


def import_visits(directory, dry_run=False):
    """Import the visits in ``directory``; return what was done. Raises ``VisitDataError``
    before writing anything if the data is malformed."""
    visits = read_visits(directory)
    with transaction.atomic():
        result = write_visits(visits)
        result.dry_run = dry_run
        if dry_run:
            transaction.set_rollback(True)
    return result


def write_visits(visits):
    sync_countries(Country)
    codes = {v.country for v in visits} | {HOST_COUNTRY}
    missing = codes - set(Country.objects.filter(code__in=codes).values_list("code", flat=True))
    if missing:
        raise VisitDataError(f"Countries missing from the archive: {', '.join(sorted(missing))}.")

    existing = set(
        Call.objects.filter(external_id__startswith=EXTERNAL_ID_PREFIX).values_list("external_id", flat=True)
    )
    new_visits = [v for v in visits if v.external_id not in existing]
    people, people_created = find_or_create_people(new_visits)
    calls = create_calls(new_visits)
    create_call_participants(new_visits, calls, people)
    create_sources(new_visits, calls)
    return ImportResult(
        created=len(new_visits), skipped=len(visits) - len(new_visits), people_created=people_created
    )


def bulk_create(objects, model):
    return bulk_create_with_history(
        objects, model, batch_size=BATCH_SIZE, default_change_reason=CHANGE_REASON
    )


def person_key(name, country):
    return name_key(name), lineage(country)


def known_people():
    """People already in the archive, by (name key, country), for those who represented a
    country in some call: a name alone is too weak to say two records are one person."""
    countries = defaultdict(set)
    for participant_id, country in (
        CallParticipant.objects.filter(participant__isnull=False, country__isnull=False)
        .values_list("participant_id", "country_id")
        .distinct()
    ):
        countries[participant_id].add(lineage(country))
    names = defaultdict(set)
    for participant_id, name in Participant.objects.filter(id__in=countries).values_list("id", "name"):
        names[participant_id].add(name)
    for participant_id, name in ParticipantName.objects.filter(participant_id__in=countries).values_list(
        "participant_id", "name"
    ):
        names[participant_id].add(name)
    found = defaultdict(set)
    for participant_id, spellings in names.items():
        for spelling in spellings:
            for country in countries[participant_id]:
                found[(name_key(spelling), country)].add(participant_id)
    # Two people with one name and country: link neither, an editor decides.
    return {key: ids.pop() for key, ids in found.items() if len(ids) == 1}


def find_or_create_people(visits):
    """{(name key, country): Participant} for every visitor, and how many were created.
    A person is filed under the spelling of their latest visit."""
    if not visits:
        return {}, 0
    spellings = {}  # key -> {"name": latest name, "aliases": [...], "country": code}
    for visit in visits:  # in date order
        for visitor in visit.visitors:
            key = person_key(visitor.name, visit.country)
            entry = spellings.setdefault(key, {"aliases": [], "country": lineage(visit.country)})
            entry["name"] = visitor.name
            if visitor.name_as_written not in entry["aliases"]:
                entry["aliases"].append(visitor.name_as_written)

    known = known_people()
    existing = Participant.objects.in_bulk({known[k] for k in spellings if k in known})
    people = {k: existing[known[k]] for k in spellings if k in known}

    new_keys = [k for k in spellings if k not in people]
    slugs = assign_slugs({k: spellings[k] for k in new_keys})
    created = bulk_create(
        [Participant(name=spellings[k]["name"], slug=slugs[k]) for k in new_keys], Participant
    )
    people.update(zip(new_keys, created, strict=True))

    have = set(ParticipantName.objects.filter(participant__in=existing).values_list("participant_id", "name"))
    aliases = []
    for key, entry in spellings.items():
        person = people[key]
        for alias in entry["aliases"]:
            if alias != person.name and (person.pk, alias) not in have:
                have.add((person.pk, alias))
                aliases.append(
                    ParticipantName(participant=person, name=alias, language="en", kind=NameKind.ALIAS)
                )
    bulk_create(aliases, ParticipantName)
    return people, len(created)


def assign_slugs(entries):
    """A unique slug for each new person: the name, with the country added when two people
    share a name or the slug is taken, and a number as the last resort."""
    bases = {k: slugify(e["name"])[:100].strip("-") or "visitor" for k, e in entries.items()}
    taken = set(Participant.objects.values_list("slug", flat=True))
    shared = defaultdict(int)
    for base in bases.values():
        shared[base] += 1
    slugs = {}
    for key in sorted(entries, key=lambda k: (bases[k], entries[k]["country"], k[0])):
        base = bases[key]
        slug = base
        if shared[base] > 1 or slug in taken:
            slug = f"{base}-{entries[key]['country'].lower()}"
        number = 2
        while slug in taken:
            slug = f"{base}-{entries[key]['country'].lower()}-{number}"
            number += 1
        taken.add(slug)
        slugs[key] = slug
    return slugs


def country_phrase(name):
    """The record's country name as it reads after "of": "the People’s Republic of China"."""
    if ", " in name:
        head, tail = name.split(", ", 1)
        name = f"{tail} {head}"
    base = name.split(" (")[0]
    needs_article = (
        base.startswith(("Republic", "People", "Democratic", "Federal", "Former", "United", "Union"))
        or base.endswith(("Republic", "Islands", "Emirates", "Kingdom", "Federation"))
        or base in {"Netherlands", "Philippines", "Bahamas", "Comoros", "Seychelles", "U.S.S.R.", "Holy See"}
    )
    return f"the {name}" if needs_article else name


def call_title(visit):
    people = " and ".join(
        f"{v.office_title} {v.name_as_written}".strip() if v.office_title else v.name_as_written
        for v in visit.visitors
    )
    return f"Visit of {people} of {country_phrase(visit.from_name)} to the United States"[:300]


def create_calls(visits):
    return bulk_create(
        [
            Call(
                identifier=f"hsg-{v.id}",
                external_id=v.external_id,
                title=call_title(v),
                summary=v.description,
                medium=Medium.VISIT,
                date=v.start,
                end_date=v.end if v.end != v.start else None,
                date_precision=DatePrecision.DAY,
                place_country_id=HOST_COUNTRY,
                status=Status.PUBLISHED,
            )
            for v in visits
        ],
        Call,
    )


def create_call_participants(visits, calls, people):
    rows = []
    for visit, call in zip(visits, calls, strict=True):
        for order, visitor in enumerate(visit.visitors):
            rows.append(
                CallParticipant(
                    call=call,
                    participant=people[person_key(visitor.name, visit.country)],
                    name_as_written=visitor.written,
                    name_language="en",
                    office_title=visitor.office_title,
                    country_id=visit.country,
                    role=ParticipantRole.VISITOR,
                    order=order,
                )
            )
        rows.append(
            CallParticipant(
                call=call, country_id=HOST_COUNTRY, role=ParticipantRole.HOST, order=len(visit.visitors)
            )
        )
    bulk_create(rows, CallParticipant)


def create_sources(visits, calls):
    bulk_create(
        [
            Source(
                call=call,
                outlet=OUTLET,
                kind=SourceKind.RECORD,
                url=PAGE_URL.format(slug=visit.from_slug),
                title=SOURCE_TITLE,
                language="en",
                # The version of the record the archive holds was published when it was
                # last modified, or created if it never was.
                published_on=visit.modified or visit.created,
                full_text=visit.full_text,
                licence=LICENCE,
                licence_url=LICENCE_URL,
                attribution=OUTLET,
            )
            for visit, call in zip(visits, calls, strict=True)
        ],
        Source,
    )
