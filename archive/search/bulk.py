"""Building every search document at once: ``manage.py rebuild_search_index``.

The incremental path (``indexing.flush``, run by the signals on every edit) loads model
instances with their related rows and writes a few documents at a time; at a million
statements that is about 330 documents a second. This path builds the same documents — the
same parts in the same order, through the same normaliser — from plain rows:

- records are read in ranges of call ids, each table once per range with ``values_list``
  (calls, their participants, topics, statements and translations), ordered in SQL the way
  the incremental path's related managers order them; people, their names, countries and
  topics are read once;
- each statement's text and translations are normalised once and reused for the call's
  document; the light stems of a word are computed once per distinct word;
- on PostgreSQL the ``tsvector`` of each document (the expression of ``indexing.VECTOR``) is
  computed by two helper connections, one core each, while this one writes the previous batch
  with ``COPY`` and Python normalises the next; a full rebuild empties the table and drops its
  two GIN indexes first and builds them again at the end, which is much faster than
  maintaining them row by row. On SQLite the rows are written with ``bulk_create``.

Everything happens in one transaction: a failed rebuild leaves the old documents in place.
A full rebuild on PostgreSQL holds an exclusive lock on the search table while it runs (a
few minutes at a million statements), so searches and edits wait for it; run it after a
bulk import or a restore, not in the middle of editing. ``tests/test_search_bulk.py`` builds
a corpus's documents both ways and compares every column.
"""

import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from functools import lru_cache
from queue import Queue

from django.db import connection, transaction
from django.utils import timezone

from ..models import (
    Call,
    CallParticipant,
    Country,
    Participant,
    ParticipantName,
    Statement,
    Topic,
    Translation,
)
from .indexing import MAX_SURFACE, is_postgresql
from .models import DocumentKind, SearchDocument
from .normalise import normalise, tokens, word_forms

CALLS_PER_BATCH = 1000
JOBS = 2  # helper connections computing tsvectors (one core each)
COLUMNS = ("kind", "call_id", "statement_id", "participant_id", "topic_id", "surface", "stems", "names")

# The same tsvector as ``indexing.VECTOR`` (Django compiles that to this SQL); a test compares
# documents built both ways, vectors included.
VECTOR_SQL = (
    "setweight(to_tsvector('simple'::regconfig, COALESCE(surface, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, COALESCE(stems, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(surface, '')), 'C') || "
    "setweight(to_tsvector('arabic'::regconfig, COALESCE(surface, '')), 'D')"
)
# As created by migrations 0001_search_documents and 0002_search_vector_per_kind.
GIN_INDEXES = {
    f"searchdocument_{kind}_vector": f"CREATE INDEX searchdocument_{kind}_vector ON search_searchdocument "
    f"USING gin (vector) WHERE kind = '{kind}'"
    for kind in DocumentKind.values
} | {
    "searchdocument_names_trgm": "CREATE INDEX searchdocument_names_trgm ON search_searchdocument "
    "USING gin (names gin_trgm_ops)",
}


@lru_cache(maxsize=500_000)
def _forms(word):
    return frozenset(word_forms(word))


def fields_from_words(words, names=()):
    """``indexing.document_fields`` for text already split into normalised words: the
    words of ``" ".join(parts)`` are the words of each part in turn (a space never joins
    or composes with what follows it)."""
    surface = " ".join(words)[:MAX_SURFACE]
    stems = set()
    for word in dict.fromkeys(surface.split()):
        stems |= _forms(word)
    return (
        surface,
        " " + " ".join(sorted(stems)) + " ",
        " | ".join(dict.fromkeys(normalise(name) for name in names if name)),
    )


def _words(*parts):
    return [word for part in parts if part for word in tokens(part)]


class Reference:
    """People (with their names), countries and topics, read once: every call draws on them."""

    def __init__(self):
        aliases = {}
        for person, name in ParticipantName.objects.order_by(
            "participant_id", "language", "name"
        ).values_list("participant_id", "name"):
            aliases.setdefault(person, []).append(name)
        self.people = {}
        for pk, name, native_name, description in Participant.objects.values_list(
            "pk", "name", "native_name", "description"
        ):
            names = [name, native_name, *aliases.get(pk, ())]
            self.people[pk] = (names, _words(*names), description)
        self.countries = {
            code: _words(name, name_ar)
            for code, name, name_ar in Country.objects.values_list("code", "name", "name_ar")
        }
        self.topics = {}
        for pk, name, name_ar, description in Topic.objects.values_list(
            "pk", "name", "name_ar", "description"
        ):
            self.topics[pk] = ([name, name_ar], _words(name, name_ar), description)


def _by_key(rows):
    grouped = {}
    for key, *rest in rows:
        grouped.setdefault(key, []).append(rest)
    return grouped


def call_batch_rows(first, last, reference, skip_calls=(), skip_statements=()):
    """Document rows (``COLUMNS``) of the calls with ids ``first``..``last`` and their
    statements, leaving out those in ``skip_calls`` / ``skip_statements``."""
    in_range = {"call_id__gte": first, "call_id__lte": last}
    roles = _by_key(
        CallParticipant.objects.filter(**in_range)
        .order_by("call_id", "order", "id")
        .values_list("call_id", "name_as_written", "office_title", "participant_id", "country_id")
    )
    topics = _by_key(
        Call.topics.through.objects.filter(**in_range)
        .order_by("call_id", "topic__name", "topic_id")
        .values_list("call_id", "topic_id")
    )
    translations = _by_key(
        Translation.objects.filter(statement__call_id__gte=first, statement__call_id__lte=last)
        .order_by("statement_id", "language")
        .values_list("statement_id", "text")
    )
    statements = _by_key(
        Statement.objects.filter(**in_range).order_by("call_id", "order").values_list("call_id", "id", "text")
    )
    rows = []
    calls = Call.objects.filter(pk__gte=first, pk__lte=last).order_by("pk")
    for pk, title, summary, place in calls.values_list("pk", "title", "summary", "place"):
        words = _words(title, summary, place)
        for name_as_written, office_title, person, country in roles.get(pk, ()):
            words += _words(name_as_written, office_title)
            if person is not None:
                words += reference.people[person][1]
            if country is not None:
                words += reference.countries[country]
        for (topic,) in topics.get(pk, ()):
            words += reference.topics[topic][1]
        for statement, text in statements.get(pk, ()):
            statement_words = _words(text, *(t for (t,) in translations.get(statement, ())))
            words += statement_words
            if statement not in skip_statements:
                rows.append(
                    (
                        DocumentKind.STATEMENT.value,
                        pk,
                        statement,
                        None,
                        None,
                        *fields_from_words(statement_words),
                    )
                )
        if pk not in skip_calls:
            rows.append((DocumentKind.CALL.value, pk, None, None, None, *fields_from_words(words)))
    return rows


def people_rows(reference, skip=()):
    rows = []
    for pk, (names, words, description) in reference.people.items():
        if pk not in skip:
            fields = fields_from_words(words + _words(description), names=names)
            rows.append((DocumentKind.PERSON.value, None, None, pk, None, *fields))
    return rows


def topic_rows(reference, skip=()):
    rows = []
    for pk, (names, words, description) in reference.topics.items():
        if pk not in skip:
            fields = fields_from_words(words + _words(description), names=names)
            rows.append((DocumentKind.TOPIC.value, None, None, None, pk, *fields))
    return rows


def _indexed(kind, field, **in_range):
    return set(SearchDocument.objects.filter(kind=kind, **in_range).values_list(field, flat=True))


class Writer:
    """Writes document rows: with ``COPY`` on PostgreSQL, ``bulk_create`` elsewhere.

    On PostgreSQL the ``tsvector`` of each document is computed by ``JOBS`` helper
    connections while this one copies the previous batch and the caller normalises the next:
    computing the vectors is most of the work, and one connection uses one core. The helpers
    read no table (they turn the texts they are sent into vectors), so the documents are
    written in the caller's transaction like any other rows."""

    def __init__(self):
        self.postgresql = is_postgresql()
        self.written = 0
        if not self.postgresql:
            return
        self.now = timezone.now()
        self.pending = deque()
        self.helpers = Queue()
        params = connection.get_connection_params()
        for _ in range(JOBS):
            helper = connection.Database.connect(**params)
            helper.autocommit = True
            self.helpers.put(helper)
        self.pool = ThreadPoolExecutor(JOBS, thread_name_prefix="search-vectors")

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if not self.postgresql:
            return
        self.pool.shutdown(cancel_futures=True)
        while not self.helpers.empty():
            self.helpers.get().close()

    def write(self, rows):
        if not rows:
            return
        self.written += len(rows)
        if not self.postgresql:
            documents = [SearchDocument(**dict(zip(COLUMNS, row, strict=True))) for row in rows]
            SearchDocument.objects.bulk_create(documents, batch_size=500)
            return
        self.pending.append((rows, self.pool.submit(self._vectors, rows)))
        while len(self.pending) > JOBS:
            self._copy(*self.pending.popleft())

    def finish(self):
        while self.postgresql and self.pending:
            self._copy(*self.pending.popleft())

    def _vectors(self, rows):
        helper = self.helpers.get()
        try:
            with helper.cursor() as cursor:
                cursor.execute(
                    f"SELECT ({VECTOR_SQL})::text FROM unnest(%s::text[], %s::text[]) "  # noqa: S608
                    "WITH ORDINALITY AS document (surface, stems, n) ORDER BY n",
                    [[row[5] for row in rows], [row[6] for row in rows]],
                )
                return [vector for (vector,) in cursor.fetchall()]
        finally:
            self.helpers.put(helper)

    def _copy(self, rows, vectors):
        columns = ", ".join(COLUMNS)
        vectors = vectors.result()
        with connection.cursor() as cursor:
            sql = f"COPY search_searchdocument ({columns}, vector, updated_at) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row, vector in zip(rows, vectors, strict=True):
                    copy.write_row((*row, vector, self.now))


def rebuild_all(missing_only=False, log=None):
    """Build the documents of every record (with ``missing_only``, of the records without
    one); returns the number of documents written."""
    log = log or (lambda message: None)
    started = time.monotonic()
    with transaction.atomic(), ExitStack() as stack:
        if is_postgresql():
            # TRUNCATE and CREATE INDEX are refused while rows of the table have deferred
            # foreign-key checks pending: check them as they are written instead (and restore
            # the deferral, every deferrable constraint's default here, at the end).
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        empty_table = not SearchDocument.objects.exists()
        fresh = not missing_only or empty_table
        if not missing_only and not empty_table:
            if is_postgresql():
                with connection.cursor() as cursor:
                    cursor.execute("TRUNCATE search_searchdocument")
            else:
                SearchDocument.objects.all().delete()
        if fresh and is_postgresql():
            with connection.cursor() as cursor:
                for name in GIN_INDEXES:
                    cursor.execute(f"DROP INDEX IF EXISTS {name}")
        writer = stack.enter_context(Writer())
        reference = Reference()
        skip_people = set() if fresh else _indexed(DocumentKind.PERSON, "participant_id")
        skip_topics = set() if fresh else _indexed(DocumentKind.TOPIC, "topic_id")
        writer.write(people_rows(reference, skip_people))
        writer.write(topic_rows(reference, skip_topics))
        call_ids = list(Call.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(call_ids), CALLS_PER_BATCH):
            done = min(start + CALLS_PER_BATCH, len(call_ids))
            first, last = call_ids[start], call_ids[done - 1]
            skip_calls = skip_statements = ()
            if not fresh:
                in_range = {"call_id__gte": first, "call_id__lte": last}
                skip_calls = _indexed(DocumentKind.CALL, "call_id", **in_range)
                skip_statements = _indexed(DocumentKind.STATEMENT, "statement_id", **in_range)
            writer.write(call_batch_rows(first, last, reference, skip_calls, skip_statements))
            seconds = time.monotonic() - started
            log(f"{done:,} of {len(call_ids):,} calls, {writer.written:,} documents, {seconds:.0f} s")
        writer.finish()
        if is_postgresql():
            with connection.cursor() as cursor:
                if fresh:
                    log("building the GIN indexes")
                    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
                    for sql in GIN_INDEXES.values():
                        cursor.execute(sql)
                cursor.execute("ANALYZE search_searchdocument")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return writer.written
