"""Building and refreshing the search documents.

Any change to a record marks the documents that draw on it (``mark``). After a save they are
rebuilt at once, in the same transaction, so the index never lags behind the records. After a
deletion they are rebuilt when the transaction commits, because a cascade is still deleting
the related rows when the signal arrives; a search rebuilds anything still marked before it
runs (``flush``). ``rebuild`` re-indexes everything, or only the records without a document
after a bulk import (the ``rebuild_search_index`` command).

Document contents:
- a call: title, summary, place, every participant's name as written, office, names and
  aliases and country, the topics' names in English and Arabic, and every statement's
  original text and translations;
- a statement: its original text and its translations;
- a person: name, name in their own language, every alias, the one-line description;
- a topic: its names in English and Arabic and its description.
"""

import logging
import threading
from itertools import islice

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Prefetch

from ..models import Call, CallParticipant, Participant, Statement, Topic
from .models import DocumentKind, SearchDocument
from .normalise import normalise, tokens, word_forms

logger = logging.getLogger(__name__)

BATCH = 200
MAX_SURFACE = 100_000

_pending = threading.local()


def is_postgresql():
    return connection.vendor == "postgresql"


def _queue():
    if not hasattr(_pending, "keys"):
        _pending.keys = {kind: set() for kind in DocumentKind}
    return _pending.keys


def mark(kind, *pks, deferred=False):
    """Rebuild the documents of records ``pks`` of ``kind``: now, or when the transaction
    commits if ``deferred``."""
    pks = {pk for pk in pks if pk is not None}
    if not pks:
        return
    _queue()[kind].update(pks)
    if deferred and connection.in_atomic_block:
        transaction.on_commit(flush, robust=True)
    else:
        flush()


def flush():
    """Rebuild every marked document now."""
    queue = _queue()
    if not any(queue.values()):
        return
    marked = {kind: set(pks) for kind, pks in queue.items()}
    for pks in queue.values():
        pks.clear()
    calls = marked[DocumentKind.CALL]
    calls |= set(
        CallParticipant.objects.filter(participant__in=marked[DocumentKind.PERSON]).values_list(
            "call_id", flat=True
        )
    )
    calls |= set(
        Call.topics.through.objects.filter(topic__in=marked[DocumentKind.TOPIC]).values_list(
            "call_id", flat=True
        )
    )
    with transaction.atomic():
        for chunk in _chunks(calls):
            _index_calls(chunk)
        for chunk in _chunks(marked[DocumentKind.STATEMENT]):
            _index_statements(chunk)
        for chunk in _chunks(marked[DocumentKind.PERSON]):
            _index_people(chunk)
        for chunk in _chunks(marked[DocumentKind.TOPIC]):
            _index_topics(chunk)


def rebuild(missing_only=False, log=None):
    """Re-index every record (or, with ``missing_only``, those without a document, such as
    records written with ``bulk_create`` or ``COPY``) in bulk (``archive.search.bulk``);
    returns how many documents there are afterwards."""
    from .bulk import rebuild_all

    flush()
    rebuild_all(missing_only=missing_only, log=log)
    return SearchDocument.objects.count()


def _chunks(pks):
    iterator = iter(sorted(pks))
    while chunk := list(islice(iterator, BATCH)):
        yield chunk


def document_fields(parts, names=()):
    """The ``surface``, ``stems`` and ``names`` of a document made of the texts ``parts``."""
    words = tokens(" ".join(part for part in parts if part))
    surface = " ".join(words)[:MAX_SURFACE]
    stems = set()
    for word in dict.fromkeys(surface.split()):
        stems |= word_forms(word)
    return {
        "surface": surface,
        "stems": " " + " ".join(sorted(stems)) + " ",
        "names": " | ".join(dict.fromkeys(normalise(name) for name in names if name)),
    }


def person_names(person):
    return [person.name, person.native_name, *(alias.name for alias in person.names.all())]


def _replace(kind, field, pks, documents):
    """Replace the documents of ``kind`` for records ``pks`` with ``documents``."""
    SearchDocument.objects.filter(kind=kind, **{f"{field}__in": pks}).delete()
    SearchDocument.objects.bulk_create(documents)
    if is_postgresql():
        SearchDocument.objects.filter(kind=kind, **{f"{field}__in": pks}).update(vector=VECTOR)


# Exact normalised words weigh most, then their light stems, then the English and Arabic
# snowball stems of the normalised text (see docs/search.md).
VECTOR = (
    SearchVector("surface", config="simple", weight="A")
    + SearchVector("stems", config="simple", weight="B")
    + SearchVector("surface", config="english", weight="C")
    + SearchVector("surface", config="arabic", weight="D")
)


def _index_calls(pks):
    calls = Call.objects.filter(pk__in=pks).prefetch_related(
        Prefetch(
            "participants",
            queryset=CallParticipant.objects.select_related("participant", "country").prefetch_related(
                "participant__names"
            ),
        ),
        # Ties of name broken by id, so the documents do not depend on the plan.
        Prefetch("topics", queryset=Topic.objects.order_by("name", "id")),
        Prefetch("statements", queryset=Statement.objects.prefetch_related("translations")),
    )
    documents = []
    for call in calls:
        parts = [call.title, call.summary, call.place]
        for role in call.participants.all():
            parts += [role.name_as_written, role.office_title]
            if role.participant_id:
                parts += person_names(role.participant)
            if role.country_id:
                parts += [role.country.name, role.country.name_ar]
        for topic in call.topics.all():
            parts += [topic.name, topic.name_ar]
        for statement in call.statements.all():
            parts.append(statement.text)
            parts += [translation.text for translation in statement.translations.all()]
        documents.append(SearchDocument(kind=DocumentKind.CALL, call=call, **document_fields(parts)))
    _replace(DocumentKind.CALL, "call", pks, documents)


def _index_statements(pks):
    statements = Statement.objects.filter(pk__in=pks).prefetch_related("translations")
    documents = [
        SearchDocument(
            kind=DocumentKind.STATEMENT,
            statement=statement,
            call_id=statement.call_id,
            **document_fields([statement.text, *(t.text for t in statement.translations.all())]),
        )
        for statement in statements
    ]
    _replace(DocumentKind.STATEMENT, "statement", pks, documents)


def _index_people(pks):
    people = Participant.objects.filter(pk__in=pks).prefetch_related("names")
    documents = []
    for person in people:
        names = person_names(person)
        fields = document_fields([*names, person.description], names=names)
        documents.append(SearchDocument(kind=DocumentKind.PERSON, participant=person, **fields))
    _replace(DocumentKind.PERSON, "participant", pks, documents)


def _index_topics(pks):
    documents = []
    for topic in Topic.objects.filter(pk__in=pks):
        names = [topic.name, topic.name_ar]
        fields = document_fields([*names, topic.description], names=names)
        documents.append(SearchDocument(kind=DocumentKind.TOPIC, topic=topic, **fields))
    _replace(DocumentKind.TOPIC, "topic", pks, documents)
