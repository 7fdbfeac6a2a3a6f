"""Which search documents each change to a record affects. Connected in ``SearchConfig.ready``
so that every write path (the admin and its inlines, the seed loader, importers, the shell)
keeps the documents current; the rebuilding itself is ``indexing.flush``."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from ..models import Call, CallParticipant, Participant, ParticipantName, Statement, Topic, Translation
from .indexing import mark
from .models import DocumentKind

CALL, STATEMENT = DocumentKind.CALL, DocumentKind.STATEMENT
PERSON, TOPIC = DocumentKind.PERSON, DocumentKind.TOPIC


def call_changed(sender, instance, **kwargs):
    mark(CALL, instance.pk)


def call_topics_changed(sender, instance, action, pk_set=None, reverse=False, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # topic.calls.add(...)
        mark(CALL, *(pk_set or ()))
        mark(TOPIC, instance.pk)
    else:
        mark(CALL, instance.pk)


def deleting(kwargs):
    """Deletions are indexed at commit: the cascade may still be removing related rows."""
    return kwargs.get("signal") is not post_save


def role_changed(sender, instance, **kwargs):
    mark(CALL, instance.call_id, deferred=deleting(kwargs))


def statement_changed(sender, instance, **kwargs):
    if not deleting(kwargs):
        mark(STATEMENT, instance.pk)
    mark(CALL, instance.call_id, deferred=deleting(kwargs))


def translation_changed(sender, instance, **kwargs):
    call = Statement.objects.filter(pk=instance.statement_id).values_list("call_id", flat=True).first()
    mark(STATEMENT, instance.statement_id, deferred=deleting(kwargs))
    mark(CALL, call, deferred=deleting(kwargs))


def person_changed(sender, instance, **kwargs):
    mark(PERSON, instance.pk)


def name_changed(sender, instance, **kwargs):
    mark(PERSON, instance.participant_id, deferred=deleting(kwargs))


def topic_changed(sender, instance, **kwargs):
    mark(TOPIC, instance.pk)


def topic_deleted(sender, instance, **kwargs):
    # Before the rows linking it to calls go (no m2m signal is sent for them).
    calls = Call.topics.through.objects.filter(topic=instance).values_list("call_id", flat=True)
    mark(CALL, *calls, deferred=True)


HANDLERS = [
    (Call, call_changed, [post_save]),
    (CallParticipant, role_changed, [post_save, post_delete]),
    (Statement, statement_changed, [post_save, post_delete]),
    (Translation, translation_changed, [post_save, post_delete]),
    (Participant, person_changed, [post_save]),
    (ParticipantName, name_changed, [post_save, post_delete]),
    (Topic, topic_changed, [post_save]),
    (Topic, topic_deleted, [pre_delete]),
]


def connect():
    for model, handler, signals in HANDLERS:
        for signal in signals:
            signal.connect(handler, sender=model, dispatch_uid=f"search-{model.__name__}-{id(signal)}")
    m2m_changed.connect(call_topics_changed, sender=Call.topics.through, dispatch_uid="search-call-topics")
