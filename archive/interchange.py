"""The archive's JSON interchange format: import and export of calls with everything they hold.

A document is one JSON object::

    {"format": "diplomatic-archive/calls", "version": 1,
     "people": [...], "topics": [...], "calls": [...]}

``people`` (optional) are the participants the calls refer to, matched by ``slug``::

    {"slug", "name", "native_name", "native_language", "wikidata", "description",
     "names": [{"name", "language", "kind"}],
     "offices": [{"title", "country", "start", "end"}]}

``topics`` (optional) are matched by ``slug``; ``parent`` is another topic's slug or null::

    {"slug", "name", "name_ar", "parent", "description"}

``calls`` are matched by ``external_id`` when it is given, otherwise by ``identifier``; a call
must have at least one of the two, so that importing the same document again finds it::

    {"identifier", "external_id", "title", "summary", "medium", "date", "date_precision",
     "end_date", "time", "place", "place_country", "status", "withdrawn_reason",
     "topics": [topic slugs],
     "participants": [{"key", "person", "name_as_written", "name_language", "office_title",
                       "country", "role", "is_initiator"}],
     "sources": [{"key", "outlet", "kind", "url", "title", "language", "published_on",
                  "retrieved_on", "full_text", "licence", "licence_url", "attribution"}],
     "statements": [{"identifier", "order", "speaker", "source", "language", "kind", "text",
                     "topics": [topic slugs],
                     "translations": [{"language", "text", "translator", "translator_kind"}]}]}

Within a call, a participant's ``key`` and a source's ``key`` are names local to the document
that statements use for ``speaker`` and ``source``. ``person`` is a person's slug (from
``people`` or already in the archive) or null for a side the source does not name.

Values: dates are ``YYYY-MM-DD`` and must be real and not in the future; ``time`` is ``HH:MM``
or ``HH:MM:SS``; countries are the archive's codes (ISO 3166-1 alpha-2 such as ``IR``, or the
codes of historic states and organisations); ``medium``, ``status``, ``kind``, ``role``,
``language`` and the other choices take the values in :mod:`archive.vocabularies`. Text is
stored exactly as given: nothing is trimmed or normalised, so Arabic and Persian spellings,
diacritics and zero-width joiners survive unchanged. Fields that are not listed are errors.

Importing is all or nothing: :func:`import_document` validates the whole document first and
writes nothing if anything is wrong, listing every problem by record and field; otherwise it
writes everything in one transaction. The document is the record: importing it again changes
nothing, and an edited document brings the stored call in line with it (participants, sources,
statements and translations are added, changed or removed to match; statement identifiers
given in the document are kept). Every write leaves a revision in the record's history.
:func:`export_document` writes the same format, so export, import and export again give the
same document. ``docs/interchange-format.md`` describes the format for people writing documents.
"""

import dataclasses
import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.db import DataError, IntegrityError, transaction
from django.db.models import F

from .models import (
    Call,
    CallParticipant,
    Country,
    Office,
    Participant,
    ParticipantName,
    Source,
    Statement,
    Topic,
    Translation,
)
from .models.base import IDENTIFIER_PATTERN
from .vocabularies import (
    LANGUAGES,
    DatePrecision,
    Medium,
    NameKind,
    ParticipantRole,
    SourceKind,
    StatementKind,
    Status,
    TranslatorKind,
)

FORMAT = "diplomatic-archive/calls"
VERSION = 1

LANGUAGE_CODES = tuple(code for code, _label in LANGUAGES)
IDENTIFIER_RE = re.compile(rf"^{IDENTIFIER_PATTERN}$")
WIKIDATA_RE = re.compile(r"^Q[1-9][0-9]*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME_RE = re.compile(r"^\d{2}:\d{2}(:\d{2})?$")
MAX_ORDER = 100_000
CHANGE_REASON = "Imported from an interchange document"


@dataclass(frozen=True)
class DocumentError:
    """One problem in a document: which record, which field, and what is wrong."""

    record: str  # calls[3] (external_id "hsg-visits:2991")
    field: str  # calls[3].statements[2].speaker
    message: str

    def __str__(self):
        return f"{self.record}: {self.field}: {self.message}"


class InvalidDocument(Exception):
    """The document has problems; nothing was written. ``errors`` lists them all."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__(f"{len(self.errors)} problem(s) in the document; nothing was imported")


def _outcomes():
    """Keys (identifiers or slugs) of the records an import created, updated or left alone."""
    return {"created": [], "updated": [], "unchanged": []}


@dataclass
class ImportResult:
    """What an import did (or, for a dry run, would do)."""

    dry_run: bool = False
    calls: dict = dataclasses.field(default_factory=_outcomes)
    people: dict = dataclasses.field(default_factory=_outcomes)
    topics: dict = dataclasses.field(default_factory=_outcomes)

    def lines(self):
        """One line per kind of record, e.g. "Calls: 1 created, 0 updated, 0 unchanged"."""
        verb = "would be " if self.dry_run else ""
        out = []
        for label, outcomes in (("Calls", self.calls), ("People", self.people), ("Topics", self.topics)):
            counts = ", ".join(f"{len(keys)} {verb}{what}" for what, keys in outcomes.items())
            out.append(f"{label}: {counts}")
        return out


# Field specifications ----------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """What one field of a record may hold."""

    kind: str  # str, text, choice, date, time, bool, order, country, url, wikidata, slug, ...
    required: bool = False
    max_length: int | None = None
    choices: tuple = ()


def _str(model, name, required=False):
    return Spec("str", required, model._meta.get_field(name).max_length)


def _choice(choices, required=False):
    return Spec("choice", required, choices=tuple(choices))


LANGUAGE = _choice(LANGUAGE_CODES)
TEXT = Spec("text")

PERSON_FIELDS = {
    "slug": Spec("slug", True, Participant._meta.get_field("slug").max_length),
    "name": _str(Participant, "name", True),
    "native_name": _str(Participant, "native_name"),
    "native_language": LANGUAGE,
    "wikidata": Spec("wikidata"),
    "description": _str(Participant, "description"),
    "names": Spec("list"),
    "offices": Spec("list"),
}
NAME_FIELDS = {
    "name": _str(ParticipantName, "name", True),
    "language": LANGUAGE,
    "kind": _choice(NameKind.values),
}
OFFICE_FIELDS = {
    "title": _str(Office, "title", True),
    "country": Spec("country"),
    "start": Spec("date"),
    "end": Spec("date"),
}
TOPIC_FIELDS = {
    "slug": Spec("slug", True, Topic._meta.get_field("slug").max_length),
    "name": _str(Topic, "name", True),
    "name_ar": _str(Topic, "name_ar"),
    "parent": Spec("topic"),
    "description": TEXT,
}
CALL_FIELDS = {
    "identifier": Spec("identifier"),
    "external_id": Spec("str", max_length=Call._meta.get_field("external_id").max_length),
    "title": _str(Call, "title", True),
    "summary": TEXT,
    "medium": _choice(Medium.values, True),
    "date": Spec("date"),
    "date_precision": _choice(DatePrecision.values),
    "end_date": Spec("date"),
    "time": Spec("time"),
    "place": _str(Call, "place"),
    "place_country": Spec("country"),
    "status": _choice(Status.values, True),
    "withdrawn_reason": TEXT,
    "topics": Spec("topics"),
    "participants": Spec("list"),
    "sources": Spec("list"),
    "statements": Spec("list"),
}
PARTICIPANT_FIELDS = {
    "key": Spec("str", True, 100),
    "person": Spec("person"),
    "name_as_written": _str(CallParticipant, "name_as_written"),
    "name_language": LANGUAGE,
    "office_title": _str(CallParticipant, "office_title"),
    "country": Spec("country"),
    "role": _choice(ParticipantRole.values),
    "is_initiator": Spec("bool"),
}
SOURCE_FIELDS = {
    "key": Spec("str", True, 100),
    "outlet": _str(Source, "outlet", True),
    "kind": _choice(SourceKind.values),
    "url": Spec("url", max_length=Source._meta.get_field("url").max_length),
    "title": _str(Source, "title"),
    "language": _choice(LANGUAGE_CODES, True),
    "published_on": Spec("date"),
    "retrieved_on": Spec("date"),
    "full_text": TEXT,
    "licence": _str(Source, "licence"),
    "licence_url": Spec("url", max_length=Source._meta.get_field("licence_url").max_length),
    "attribution": _str(Source, "attribution"),
}
STATEMENT_FIELDS = {
    "identifier": Spec("identifier"),
    "order": Spec("order", True),
    "speaker": Spec("key"),
    "source": Spec("key"),
    "language": _choice(LANGUAGE_CODES, True),
    "kind": _choice(StatementKind.values, True),
    "text": Spec("text", True),
    "topics": Spec("topics"),
    "translations": Spec("list"),
}
TRANSLATION_FIELDS = {
    "language": _choice(LANGUAGE_CODES, True),
    "text": Spec("text", True),
    "translator": _str(Translation, "translator"),
    "translator_kind": _choice(TranslatorKind.values),
}

# Values a missing optional field takes.
DEFAULTS = {
    "date_precision": DatePrecision.DAY,
    "role": ParticipantRole.PARTICIPANT,
    "kind": "",
    "translator": "The archive",
    "translator_kind": TranslatorKind.ARCHIVE,
}
NAME_KIND_DEFAULT = NameKind.ALIAS
SOURCE_KIND_DEFAULT = SourceKind.NEWS

_url_validator = URLValidator()


def latest_possible_date():
    """Today somewhere on Earth: a date after this is in the future everywhere."""
    return (datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=14)).date()


def _describe(value):
    if isinstance(value, str):
        return f'"{value}"' if len(value) <= 60 else f'"{value[:57]}..."'
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return repr(value)


# Validation ----------------------------------------------------------------------------------


@dataclass
class _Plan:
    """A validated document, with Python values, ready to be written."""

    people: list = dataclasses.field(default_factory=list)
    topics: list = dataclasses.field(default_factory=list)
    calls: list = dataclasses.field(default_factory=list)


class _Checker:
    def __init__(self, doc):
        self.doc = doc
        self.errors = []
        self.plan = _Plan()
        self.latest = latest_possible_date()
        self.countries = set(Country.objects.values_list("code", flat=True))

    def error(self, record, path, message):
        self.errors.append(DocumentError(record, path, message))

    # One field ---------------------------------------------------------------------------

    def clean_value(self, value, spec, record, path):
        """The Python value for a present, non-null field, or None after reporting an error."""
        kind = spec.kind
        if kind == "bool":
            if not isinstance(value, bool):
                return self.error(record, path, f"must be true or false, not {_describe(value)}")
            return value
        if kind == "order":
            if isinstance(value, bool) or not isinstance(value, int):
                return self.error(record, path, f"must be a whole number, not {_describe(value)}")
            if not 1 <= value <= MAX_ORDER:
                return self.error(record, path, f"must be between 1 and {MAX_ORDER}, not {value}")
            return value
        if kind in ("list", "topics"):
            if not isinstance(value, list):
                return self.error(record, path, f"must be a list, not {_describe(value)}")
            return value
        if not isinstance(value, str):
            return self.error(record, path, f"must be a string, not {_describe(value)}")
        if spec.required and not value.strip():
            return self.error(record, path, "is required and may not be empty")
        if spec.max_length and len(value) > spec.max_length:
            return self.error(
                record, path, f"is {len(value)} characters long; at most {spec.max_length} are allowed"
            )
        if kind == "choice" and value not in spec.choices:
            if value == "" and not spec.required:
                return value
            allowed = ", ".join(spec.choices)
            return self.error(record, path, f"{_describe(value)} is not one of: {allowed}")
        if kind == "date":
            return self.clean_date(value, record, path)
        if kind == "time":
            return self.clean_time(value, record, path)
        if kind == "country":
            if value not in self.countries:
                return self.error(record, path, f"unknown country or organisation code {_describe(value)}")
            return value
        if kind == "url" and value:
            try:
                _url_validator(value)
            except ValidationError:
                return self.error(record, path, f"{_describe(value)} is not a valid web address")
        if kind == "wikidata" and value and not WIKIDATA_RE.match(value):
            return self.error(record, path, f"{_describe(value)} is not a Wikidata id such as Q794")
        if kind == "identifier" and not IDENTIFIER_RE.match(value):
            return self.error(
                record,
                path,
                f"{_describe(value)} is not an identifier: 3 to 40 lowercase letters, digits "
                "or hyphens, starting with a letter",
            )
        if kind in ("slug", "person", "topic"):
            try:
                validate_slug(value)
            except ValidationError:
                return self.error(
                    record, path, f"{_describe(value)} is not a slug (letters, digits, - and _)"
                )
        return value

    def clean_date(self, value, record, path):
        if not DATE_RE.match(value):
            return self.error(record, path, f"{_describe(value)} is not a date written as YYYY-MM-DD")
        try:
            date = datetime.date.fromisoformat(value)
        except ValueError:
            return self.error(record, path, f"{_describe(value)} is not a real date")
        if date > self.latest:
            return self.error(record, path, f"{value} is in the future")
        return date

    def clean_time(self, value, record, path):
        if not TIME_RE.match(value):
            return self.error(record, path, f"{_describe(value)} is not a time written as HH:MM or HH:MM:SS")
        try:
            return datetime.time.fromisoformat(value)
        except ValueError:
            return self.error(record, path, f"{_describe(value)} is not a real time of day")

    # One record --------------------------------------------------------------------------

    def clean_record(self, obj, specs, record, path):
        """The record's fields as Python values; missing optional fields get their defaults.

        Returns None if ``obj`` is not an object. Fields with errors are left out."""
        if not isinstance(obj, dict):
            self.error(record, path, f"must be an object, not {_describe(obj)}")
            return None
        clean = {}
        for name in obj:
            if name not in specs:
                self.error(record, f"{path}.{name}", "is not a field of this record")
        for name, spec in specs.items():
            value = obj.get(name)
            if value is None:
                if spec.required:
                    self.error(record, f"{path}.{name}", "is required")
                else:
                    clean[name] = self.default(name, spec)
                continue
            cleaned = self.clean_value(value, spec, record, f"{path}.{name}")
            if cleaned == "" and spec.kind == "choice":
                cleaned = self.default(name, spec)
            if cleaned is not None:
                clean[name] = cleaned
        return clean

    @staticmethod
    def default(name, spec):
        if spec.kind in ("list", "topics"):
            return []
        if spec.kind == "bool":
            return False
        if spec.kind in ("str", "text", "url", "wikidata", "choice"):
            return DEFAULTS.get(name, "")
        return None

    # The document ------------------------------------------------------------------------

    def check(self):
        doc = self.doc
        if not isinstance(doc, dict):
            self.error("document", "document", f"must be a JSON object, not {_describe(doc)}")
            return
        if doc.get("format") != FORMAT:
            self.error("document", "format", f'must be "{FORMAT}", not {_describe(doc.get("format"))}')
        if doc.get("version") != VERSION:
            self.error("document", "version", f"must be {VERSION}, not {_describe(doc.get('version'))}")
        for name in doc:
            if name not in ("format", "version", "people", "topics", "calls"):
                self.error("document", name, "is not a field of the document")
        sections = {}
        for name in ("people", "topics", "calls"):
            value = doc.get(name, [] if name != "calls" else None)
            if not isinstance(value, list):
                self.error("document", name, f"must be a list, not {_describe(value)}")
                value = []
            sections[name] = value
        self.doc_people = {
            p.get("slug")
            for p in sections["people"]
            if isinstance(p, dict) and isinstance(p.get("slug"), str)
        }
        self.doc_topics = {
            t.get("slug")
            for t in sections["topics"]
            if isinstance(t, dict) and isinstance(t.get("slug"), str)
        }
        self.db_people = set(Participant.objects.values_list("slug", flat=True))
        self.db_topics = dict(Topic.objects.values_list("slug", "parent__slug"))
        self.check_people(sections["people"])
        self.check_topics(sections["topics"])
        self.check_calls(sections["calls"])

    def known_topics(self, slugs, record, path):
        for index, slug in enumerate(slugs):
            where = f"{path}[{index}]"
            if not isinstance(slug, str):
                self.error(record, where, f"must be a topic slug, not {_describe(slug)}")
            elif slug not in self.doc_topics and slug not in self.db_topics:
                self.error(record, where, f"unknown topic {_describe(slug)}")
        seen = [s for s in slugs if isinstance(s, str)]
        for slug in sorted({s for s in seen if seen.count(s) > 1}):
            self.error(record, path, f"lists topic {_describe(slug)} more than once")
        return [s for s in slugs if isinstance(s, str)]

    def check_people(self, people):
        seen_slugs, seen_wikidata = {}, {}
        for index, obj in enumerate(people):
            path = f"people[{index}]"
            record = f"{path} (slug {_describe(obj.get('slug'))})" if isinstance(obj, dict) else path
            person = self.clean_record(obj, PERSON_FIELDS, record, path)
            if person is None:
                continue
            slug = person.get("slug")
            if slug in seen_slugs:
                self.error(record, f"{path}.slug", f"{_describe(slug)} is also used by {seen_slugs[slug]}")
            seen_slugs.setdefault(slug, path)
            wikidata = person.get("wikidata")
            if wikidata:
                if wikidata in seen_wikidata:
                    self.error(
                        record, f"{path}.wikidata", f"{wikidata} is also used by {seen_wikidata[wikidata]}"
                    )
                seen_wikidata.setdefault(wikidata, path)
                other = Participant.objects.filter(wikidata=wikidata).exclude(slug=slug).first()
                if other is not None:
                    self.error(
                        record, f"{path}.wikidata", f"{wikidata} belongs to {other.slug!r} in the archive"
                    )
            person["names"] = self.check_names(person.get("names", []), record, path)
            person["offices"] = self.check_offices(person.get("offices", []), record, path)
            self.plan.people.append(person)

    def check_names(self, names, record, path):
        clean, seen = [], set()
        for index, obj in enumerate(names):
            where = f"{path}.names[{index}]"
            name = self.clean_record(obj, NAME_FIELDS, record, where)
            if name is None or "name" not in name:
                continue
            name["kind"] = name.get("kind") or NAME_KIND_DEFAULT
            key = (name["name"], name.get("language", ""))
            if key in seen:
                self.error(
                    record, where, f"the name {_describe(key[0])} in {key[1] or 'no language'} is repeated"
                )
            seen.add(key)
            clean.append(name)
        return clean

    def check_offices(self, offices, record, path):
        clean = []
        for index, obj in enumerate(offices):
            where = f"{path}.offices[{index}]"
            office = self.clean_record(obj, OFFICE_FIELDS, record, where)
            if office is None:
                continue
            start, end = office.get("start"), office.get("end")
            if start and end and end < start:
                self.error(record, f"{where}.end", "is before the start")
            clean.append(office)
        return clean

    def check_topics(self, topics):
        seen = {}
        parents = dict(self.db_topics)
        for index, obj in enumerate(topics):
            path = f"topics[{index}]"
            record = f"{path} (slug {_describe(obj.get('slug'))})" if isinstance(obj, dict) else path
            topic = self.clean_record(obj, TOPIC_FIELDS, record, path)
            if topic is None:
                continue
            slug, parent = topic.get("slug"), topic.get("parent")
            if slug in seen:
                self.error(record, f"{path}.slug", f"{_describe(slug)} is also used by {seen[slug]}")
            seen.setdefault(slug, path)
            if parent is not None and parent not in self.doc_topics and parent not in self.db_topics:
                self.error(record, f"{path}.parent", f"unknown topic {_describe(parent)}")
            parents[slug] = parent
            topic["_path"], topic["_record"] = path, record
            self.plan.topics.append(topic)
        for topic in self.plan.topics:
            if self.has_cycle(topic.get("slug"), parents):
                self.error(topic["_record"], f"{topic['_path']}.parent", "makes the topic its own ancestor")

    @staticmethod
    def has_cycle(slug, parents):
        seen, current = set(), parents.get(slug)
        while current is not None and current not in seen:
            if current == slug:
                return True
            seen.add(current)
            current = parents.get(current)
        return False

    def check_calls(self, calls):
        seen_ids, seen_external, seen_statements = {}, {}, {}
        for index, obj in enumerate(calls):
            path = f"calls[{index}]"
            record = path
            if isinstance(obj, dict):
                if isinstance(obj.get("external_id"), str):
                    record = f"{path} (external_id {_describe(obj['external_id'])})"
                elif isinstance(obj.get("identifier"), str):
                    record = f"{path} (identifier {_describe(obj['identifier'])})"
            call = self.clean_record(obj, CALL_FIELDS, record, path)
            if call is None:
                continue
            identifier, external_id = call.get("identifier"), call.get("external_id") or None
            if identifier in seen_ids:
                self.error(record, f"{path}.identifier", f"is also used by {seen_ids[identifier]}")
            if external_id in seen_external:
                self.error(record, f"{path}.external_id", f"is also used by {seen_external[external_id]}")
            if identifier:
                seen_ids.setdefault(identifier, path)
            if external_id:
                seen_external.setdefault(external_id, path)
            # A field missing from ``call`` had an error of its own, already reported.
            if not identifier and not external_id and "identifier" in call and "external_id" in call:
                self.error(
                    record, f"{path}.identifier", "a call needs an identifier or an external_id to be matched"
                )
            call["external_id"] = external_id
            call["_existing"] = self.match_call(call, record, path)
            self.check_call_values(call, record, path)
            call["topics"] = self.known_topics(call.get("topics", []), record, f"{path}.topics")
            keys = self.check_participants(call, record, path)
            source_keys = self.check_sources(call, record, path)
            self.check_statements(call, keys, source_keys, seen_statements, record, path)
            self.plan.calls.append(call)

    def match_call(self, call, record, path):
        """The stored call the document's call updates, if any."""
        identifier, external_id = call.get("identifier"), call.get("external_id")
        existing = None
        if external_id:
            existing = Call.objects.filter(external_id=external_id).first()
        if existing is None and identifier:
            existing = Call.objects.filter(identifier=identifier).first()
            if existing is not None and existing.external_id and existing.external_id != external_id:
                self.error(
                    record,
                    f"{path}.identifier",
                    f"{_describe(identifier)} belongs to another call in the archive "
                    f"(external_id {_describe(existing.external_id)})",
                )
                return None
        if existing is not None and identifier and existing.identifier != identifier:
            self.error(
                record,
                f"{path}.identifier",
                f"the call with this external_id has the identifier {_describe(existing.identifier)}; "
                "identifiers never change",
            )
        return existing

    def check_call_values(self, call, record, path):
        date, end_date, precision = call.get("date"), call.get("end_date"), call.get("date_precision")
        if end_date and date and end_date < date:
            self.error(record, f"{path}.end_date", "is before the date")
        if end_date and not date and "date" in call:
            self.error(record, f"{path}.end_date", "is given without a date")
        if date and precision == DatePrecision.MONTH and date.day != 1:
            self.error(record, f"{path}.date", "with month precision, give the first day of the month")
        if date and precision == DatePrecision.YEAR and (date.month, date.day) != (1, 1):
            self.error(record, f"{path}.date", "with year precision, give 1 January of the year")
        status = call.get("status")
        if status == Status.PUBLISHED and "date" in call and date is None:
            self.error(record, f"{path}.date", "a published call needs a date")
        if status == Status.WITHDRAWN and "withdrawn_reason" in call and not call["withdrawn_reason"].strip():
            self.error(record, f"{path}.withdrawn_reason", "a withdrawn call needs the reason")

    def check_participants(self, call, record, path):
        keys, people, clean = {}, {}, []
        for index, obj in enumerate(call.get("participants", [])):
            where = f"{path}.participants[{index}]"
            participant = self.clean_record(obj, PARTICIPANT_FIELDS, record, where)
            if participant is None:
                continue
            key, person = participant.get("key"), participant.get("person")
            if key in keys:
                self.error(record, f"{where}.key", f"{_describe(key)} is also used by {keys[key]}")
            keys.setdefault(key, where)
            if person is not None:
                if person not in self.doc_people and person not in self.db_people:
                    self.error(record, f"{where}.person", f"unknown person {_describe(person)}")
                if person in people:
                    self.error(record, f"{where}.person", f"{_describe(person)} is already {people[person]}")
                people.setdefault(person, where)
            identifying = ("person", "name_as_written", "country")
            # A field missing from ``participant`` had an error of its own, already reported.
            if all(name in participant for name in identifying) and not any(
                participant[name] for name in identifying
            ):
                self.error(record, where, "give a person, the name as written, or a country")
            clean.append(participant)
        call["participants"] = clean
        return set(keys)

    def check_sources(self, call, record, path):
        keys, clean = {}, []
        for index, obj in enumerate(call.get("sources", [])):
            where = f"{path}.sources[{index}]"
            source = self.clean_record(obj, SOURCE_FIELDS, record, where)
            if source is None:
                continue
            source["kind"] = source.get("kind") or SOURCE_KIND_DEFAULT
            key = source.get("key")
            if key in keys:
                self.error(record, f"{where}.key", f"{_describe(key)} is also used by {keys[key]}")
            keys.setdefault(key, where)
            published, retrieved = source.get("published_on"), source.get("retrieved_on")
            if published and retrieved and retrieved < published:
                self.error(record, f"{where}.retrieved_on", "is before the publication date")
            clean.append(source)
        call["sources"] = clean
        return set(keys)

    def check_statements(self, call, speakers, sources, seen_statements, record, path):
        orders, clean = {}, []
        existing = call.get("_existing")
        for index, obj in enumerate(call.get("statements", [])):
            where = f"{path}.statements[{index}]"
            statement = self.clean_record(obj, STATEMENT_FIELDS, record, where)
            if statement is None:
                continue
            order, identifier = statement.get("order"), statement.get("identifier")
            if order in orders:
                self.error(record, f"{where}.order", f"{order} is also the order of {orders[order]}")
            if order is not None:
                orders.setdefault(order, where)
            if identifier:
                if identifier in seen_statements:
                    self.error(
                        record, f"{where}.identifier", f"is also used by {seen_statements[identifier]}"
                    )
                seen_statements.setdefault(identifier, where)
                owner = (
                    Statement.objects.filter(identifier=identifier).values_list("call_id", flat=True).first()
                )
                if owner is not None and (existing is None or owner != existing.pk):
                    self.error(record, f"{where}.identifier", "belongs to a statement of another call")
            speaker, source = statement.get("speaker"), statement.get("source")
            if speaker is not None and speaker not in speakers:
                self.error(
                    record,
                    f"{where}.speaker",
                    f"no participant of this call has the key {_describe(speaker)}",
                )
            if source is not None and source not in sources:
                self.error(
                    record, f"{where}.source", f"no source of this call has the key {_describe(source)}"
                )
            statement["topics"] = self.known_topics(statement.get("topics", []), record, f"{where}.topics")
            statement["translations"] = self.check_translations(
                statement.get("translations", []), record, where
            )
            clean.append(statement)
        call["statements"] = clean

    def check_translations(self, translations, record, path):
        clean, languages = [], {}
        for index, obj in enumerate(translations):
            where = f"{path}.translations[{index}]"
            translation = self.clean_record(obj, TRANSLATION_FIELDS, record, where)
            if translation is None:
                continue
            language = translation.get("language")
            if language in languages:
                self.error(record, f"{where}.language", f"there is already a translation into {language}")
            languages.setdefault(language, where)
            clean.append(translation)
        return clean


def _check(doc):
    checker = _Checker(doc)
    checker.check()
    return checker.errors, checker.plan


def validate_document(doc):
    """Every problem in ``doc`` (a parsed JSON document), as a list of :class:`DocumentError`.

    An empty list means :func:`import_document` will accept it."""
    return _check(doc)[0]


# Writing -------------------------------------------------------------------------------------


def source_order(source):
    """Sources in a document come in this order, undated ones first."""
    return (source.published_on is not None, source.published_on or datetime.date.min, source.pk)


class _Writer:
    def __init__(self, user):
        self.user = user
        self.result = ImportResult()

    def save(self, obj):
        obj._history_user = self.user
        obj._change_reason = CHANGE_REASON
        obj.save()

    def delete(self, obj):
        obj._history_user = self.user
        obj._change_reason = CHANGE_REASON
        obj.delete()

    def sync(self, obj, values):
        """Set ``values`` on ``obj`` and save it, if anything differs. True if it wrote."""
        changed = obj.pk is None
        for name, value in values.items():
            if getattr(obj, name) != value:
                setattr(obj, name, value)
                changed = True
        if changed:
            self.save(obj)
        return changed

    def sync_m2m(self, obj, manager, ids):
        if set(manager.values_list("pk", flat=True)) == set(ids):
            return False
        obj._history_user = self.user
        obj._change_reason = CHANGE_REASON
        manager.set(ids)
        return True

    @staticmethod
    def outcome(bucket, key, created, changed):
        bucket["created" if created else "updated" if changed else "unchanged"].append(key)

    # People and topics -------------------------------------------------------------------

    def write_person(self, data):
        person = Participant.objects.filter(slug=data["slug"]).first()
        created = person is None
        person = person or Participant(slug=data["slug"])
        values = {
            name: data[name] for name in ("name", "native_name", "native_language", "wikidata", "description")
        }
        changed = self.sync(person, values)
        changed |= self.write_names(person, data["names"])
        changed |= self.write_offices(person, data["offices"])
        self.outcome(self.result.people, person.slug, created, changed)
        return person

    def write_names(self, person, names):
        existing = {(n.name, n.language): n for n in person.names.all()}
        wanted = {(n["name"], n["language"]): n["kind"] for n in names}
        changed = False
        for key, name in existing.items():
            if key not in wanted:
                self.delete(name)
                changed = True
        for (text, language), kind in wanted.items():
            name = existing.get((text, language)) or ParticipantName(
                participant=person, name=text, language=language
            )
            changed |= self.sync(name, {"kind": kind})
        return changed

    def write_offices(self, person, offices):
        def key(office):
            return (office["title"], office["country"], office["start"], office["end"])

        unmatched = list(person.offices.all())
        changed = False
        for data in offices:
            match = next((o for o in unmatched if (o.title, o.country_id, o.start, o.end) == key(data)), None)
            if match is not None:
                unmatched.remove(match)
                continue
            office = Office(participant=person, title=data["title"], country_id=data["country"])
            office.start, office.end = data["start"], data["end"]
            self.save(office)
            changed = True
        for office in unmatched:
            self.delete(office)
            changed = True
        return changed

    def write_topics(self, topics):
        by_slug = {t["slug"]: t for t in topics}
        written = set()

        def write(data):
            if data["slug"] in written:
                return
            written.add(data["slug"])
            parent = data["parent"]
            if parent in by_slug:
                write(by_slug[parent])
            topic = Topic.objects.filter(slug=data["slug"]).first()
            created = topic is None
            topic = topic or Topic(slug=data["slug"])
            parent_id = Topic.objects.get(slug=parent).pk if parent else None
            values = {"name": data["name"], "name_ar": data["name_ar"], "description": data["description"]}
            changed = self.sync(topic, {**values, "parent_id": parent_id})
            self.outcome(self.result.topics, topic.slug, created, changed)

        for data in topics:
            write(data)

    # Calls -------------------------------------------------------------------------------

    def write_call(self, data):
        call = data["_existing"]
        created = call is None
        call = call or Call()
        values = {
            name: data[name]
            for name in (
                "external_id",
                "title",
                "summary",
                "medium",
                "date",
                "date_precision",
                "end_date",
                "time",
                "place",
                "status",
                "withdrawn_reason",
            )
        }
        values["place_country_id"] = data["place_country"]
        if data.get("identifier"):
            values["identifier"] = data["identifier"]
        changed = self.sync(call, values)
        changed |= self.sync_m2m(call, call.topics, self.topic_ids(data["topics"]))
        speakers, participants_changed, stale_participants = self.write_participants(
            call, data["participants"]
        )
        sources, sources_changed, stale_sources = self.write_sources(call, data["sources"])
        changed |= participants_changed | sources_changed
        changed |= self.write_statements(call, data["statements"], speakers, sources)
        for obj in stale_participants + stale_sources:
            self.delete(obj)
            changed = True
        self.outcome(self.result.calls, call.identifier, created, changed)

    def topic_ids(self, slugs):
        if not slugs:
            return []
        return list(Topic.objects.filter(slug__in=slugs).values_list("pk", flat=True))

    def write_participants(self, call, participants):
        """Match the document's participants to the stored ones: by person, and the unnamed
        ones by position. Returns (key -> CallParticipant, changed, rows to delete)."""
        existing = list(call.participants.select_related("participant")) if call.pk else []
        by_person = {cp.participant.slug: cp for cp in existing if cp.participant_id}
        unlinked = [cp for cp in existing if not cp.participant_id]
        slugs = {p["person"] for p in participants if p["person"]}
        people = dict(Participant.objects.filter(slug__in=slugs).values_list("slug", "pk"))
        speakers, changed = {}, False
        for order, data in enumerate(participants):
            person = data["person"]
            if person:
                cp = by_person.pop(person, None)
            else:
                cp = unlinked.pop(0) if unlinked else None
            cp = cp or CallParticipant(call=call)
            values = {
                "participant_id": people.get(person) if person else None,
                "name_as_written": data["name_as_written"],
                "name_language": data["name_language"],
                "office_title": data["office_title"],
                "country_id": data["country"],
                "role": data["role"],
                "is_initiator": data["is_initiator"],
                "order": order,
            }
            changed |= self.sync(cp, values)
            speakers[data["key"]] = cp
        return speakers, changed, list(by_person.values()) + unlinked

    def write_sources(self, call, sources):
        existing = sorted(call.sources.all(), key=source_order) if call.pk else []
        keyed, changed = {}, False
        for data in sources:
            source = existing.pop(0) if existing else Source(call=call)
            values = {name: data[name] for name in SOURCE_FIELDS if name != "key"}
            changed |= self.sync(source, values)
            keyed[data["key"]] = source
        return keyed, changed, existing

    def write_statements(self, call, statements, speakers, sources):
        existing = {s.identifier: s for s in call.statements.all()} if call.pk else {}
        claimed = {s["identifier"] for s in statements if s.get("identifier")}
        by_order = {s.order: s for s in existing.values() if s.identifier not in claimed}
        matched = []
        for data in statements:
            identifier = data.get("identifier")
            statement = existing.get(identifier) if identifier else by_order.pop(data["order"], None)
            matched.append(statement)
        keep = {s.pk for s in matched if s is not None}
        changed = False
        for statement in existing.values():
            if statement.pk not in keep:
                self.delete(statement)
                changed = True
        # Orders are unique per call: move the statements whose order changes out of the way
        # first, so that swapping two positions never collides half-way.
        moving = [
            s.pk for s, d in zip(matched, statements, strict=True) if s is not None and s.order != d["order"]
        ]
        if moving:
            Statement.objects.filter(pk__in=moving).update(order=F("order") + MAX_ORDER + 1)
        for statement, data in zip(matched, statements, strict=True):
            statement = statement or Statement(call=call)
            values = {
                "order": data["order"],
                "speaker_id": speakers[data["speaker"]].pk if data["speaker"] is not None else None,
                "source_id": sources[data["source"]].pk if data["source"] is not None else None,
                "language": data["language"],
                "kind": data["kind"],
                "text": data["text"],
            }
            if data.get("identifier"):
                values["identifier"] = data["identifier"]
            changed |= self.sync(statement, values)
            changed |= self.sync_m2m(statement, statement.topics, self.topic_ids(data["topics"]))
            changed |= self.write_translations(statement, data["translations"])
        return changed

    def write_translations(self, statement, translations):
        existing = {t.language: t for t in statement.translations.all()}
        changed = False
        for data in translations:
            translation = existing.pop(data["language"], None) or Translation(
                statement=statement, language=data["language"]
            )
            values = {name: data[name] for name in ("text", "translator", "translator_kind")}
            changed |= self.sync(translation, values)
        for translation in existing.values():
            self.delete(translation)
            changed = True
        return changed


def import_document(doc, *, dry_run=False, user=None):
    """Validate ``doc`` and, if it has no problems, write it in one transaction.

    Raises :class:`InvalidDocument` listing every problem (and writes nothing) otherwise.
    With ``dry_run`` the import runs and is rolled back, so the result says what it would do.
    ``user`` is recorded as the author of the revisions. Returns an :class:`ImportResult`."""
    errors, plan = _check(doc)
    if errors:
        raise InvalidDocument(errors)
    writer = _Writer(user)
    writer.result.dry_run = dry_run
    try:
        with transaction.atomic():
            for person in plan.people:
                writer.write_person(person)
            writer.write_topics(plan.topics)
            for call in plan.calls:
                writer.write_call(call)
            if dry_run:
                transaction.set_rollback(True)
    except (IntegrityError, DataError) as exc:
        # Validation should have caught it; report it as a problem rather than a crash.
        raise InvalidDocument(
            [DocumentError("document", "document", f"the database refused it: {exc}")]
        ) from exc
    return writer.result


# Export --------------------------------------------------------------------------------------


def _iso(value):
    return value.isoformat() if value is not None else None


def _time(value):
    if value is None:
        return None
    return value.strftime("%H:%M") if value.second == 0 else value.strftime("%H:%M:%S")


def export_person(person):
    names = sorted(person.names.all(), key=lambda n: (n.language, n.name))
    offices = sorted(person.offices.all(), key=lambda o: (_iso(o.start) or "", o.title), reverse=True)
    return {
        "slug": person.slug,
        "name": person.name,
        "native_name": person.native_name,
        "native_language": person.native_language,
        "wikidata": person.wikidata,
        "description": person.description,
        "names": [{"name": n.name, "language": n.language, "kind": n.kind} for n in names],
        "offices": [
            {"title": o.title, "country": o.country_id, "start": _iso(o.start), "end": _iso(o.end)}
            for o in offices
        ],
    }


def export_topic(topic):
    return {
        "slug": topic.slug,
        "name": topic.name,
        "name_ar": topic.name_ar,
        "parent": topic.parent.slug if topic.parent_id else None,
        "description": topic.description,
    }


def _slugs(topics):
    return sorted(t.slug for t in topics)


def export_call(call):
    participants = sorted(call.participants.all(), key=lambda cp: (cp.order, cp.pk))
    keys, speaker_keys = set(), {}
    for position, cp in enumerate(participants, start=1):
        key = cp.participant.slug if cp.participant_id else f"participant-{position}"
        while key in keys:
            key = f"{key}-{position}"
        keys.add(key)
        speaker_keys[cp.pk] = key
    sources = sorted(call.sources.all(), key=source_order)
    source_keys = {s.pk: f"source-{position}" for position, s in enumerate(sources, start=1)}
    return {
        "identifier": call.identifier,
        "external_id": call.external_id,
        "title": call.title,
        "summary": call.summary,
        "medium": call.medium,
        "date": _iso(call.date),
        "date_precision": call.date_precision,
        "end_date": _iso(call.end_date),
        "time": _time(call.time),
        "place": call.place,
        "place_country": call.place_country_id,
        "status": call.status,
        "withdrawn_reason": call.withdrawn_reason,
        "topics": _slugs(call.topics.all()),
        "participants": [
            {
                "key": speaker_keys[cp.pk],
                "person": cp.participant.slug if cp.participant_id else None,
                "name_as_written": cp.name_as_written,
                "name_language": cp.name_language,
                "office_title": cp.office_title,
                "country": cp.country_id,
                "role": cp.role,
                "is_initiator": cp.is_initiator,
            }
            for cp in participants
        ],
        "sources": [
            {
                "key": source_keys[s.pk],
                "outlet": s.outlet,
                "kind": s.kind,
                "url": s.url,
                "title": s.title,
                "language": s.language,
                "published_on": _iso(s.published_on),
                "retrieved_on": _iso(s.retrieved_on),
                "full_text": s.full_text,
                "licence": s.licence,
                "licence_url": s.licence_url,
                "attribution": s.attribution,
            }
            for s in sources
        ],
        "statements": [
            {
                "identifier": st.identifier,
                "order": st.order,
                "speaker": speaker_keys.get(st.speaker_id),
                "source": source_keys.get(st.source_id),
                "language": st.language,
                "kind": st.kind,
                "text": st.text,
                "topics": _slugs(st.topics.all()),
                "translations": [
                    {
                        "language": t.language,
                        "text": t.text,
                        "translator": t.translator,
                        "translator_kind": t.translator_kind,
                    }
                    for t in sorted(st.translations.all(), key=lambda t: t.language)
                ],
            }
            for st in sorted(call.statements.all(), key=lambda st: st.order)
        ],
    }


def export_document(calls):
    """The interchange document for the calls in the queryset ``calls``, with the people and
    topics they refer to (and those topics' broader topics)."""
    calls = (
        calls.order_by(F("date").asc(nulls_first=True), "identifier")
        .select_related("place_country")
        .prefetch_related(
            "topics",
            "participants__participant",
            "sources",
            "statements__topics",
            "statements__translations",
        )
    )
    calls = list(calls)
    people_ids = {cp.participant_id for c in calls for cp in c.participants.all() if cp.participant_id}
    people = Participant.objects.filter(pk__in=people_ids).prefetch_related("names", "offices")
    topic_ids = {t.pk for c in calls for t in c.topics.all()}
    topic_ids |= {t.pk for c in calls for st in c.statements.all() for t in st.topics.all()}
    topics = {t.pk: t for t in Topic.objects.filter(pk__in=topic_ids).select_related("parent")}
    frontier = {t.parent_id for t in topics.values() if t.parent_id} - topics.keys()
    while frontier:
        for topic in Topic.objects.filter(pk__in=frontier).select_related("parent"):
            topics[topic.pk] = topic
        frontier = {t.parent_id for t in topics.values() if t.parent_id} - topics.keys()
    return {
        "format": FORMAT,
        "version": VERSION,
        "people": [export_person(p) for p in sorted(people, key=lambda p: p.slug)],
        "topics": [export_topic(t) for t in sorted(topics.values(), key=lambda t: t.slug)],
        "calls": [export_call(c) for c in calls],
    }
