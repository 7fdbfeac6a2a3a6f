"""Keeping ``CallTopicIndex`` current: which calls fall under which topic (and the call's date).

A call falls under a topic when the topic, or any topic below it, is tagged on the call or on
one of its statements. The rows of a call are recomputed from those tags in one set-based
statement (a recursive query up the topic tree), the same for one call and for the whole
archive, on PostgreSQL and on SQLite.

When it runs:
- tags added, removed or cleared on a call or a statement, from either side: at once, in the
  same transaction, so a list filtered by topic right after the change shows it;
- a call saved: its rows take its date, at once;
- a statement deleted: when the transaction commits (the cascade is still deleting its tags
  when the signal arrives);
- a topic moved under another parent: the calls under it, at once; a topic deleted: the calls
  that were under it, when the transaction commits;
- ``manage.py rebuild_topic_index`` after writing tags without the ORM's signals (SQL,
  ``COPY``; the corpus generator calls ``rebuild`` itself) or loading a fixture that lacks the
  index's rows (``loaddata`` of a ``dumpdata`` restores them with everything else).
"""

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from .models import Call, CallTopicIndex, Statement, Topic

CHUNK = 2000


def _sql(restricted):
    index = CallTopicIndex._meta.db_table
    call_topics = Call.topics.through._meta.db_table
    statement_topics = Statement.topics.through._meta.db_table
    statement = Statement._meta.db_table
    topic = Topic._meta.db_table
    call = Call._meta.db_table
    where_call = where_statement = ""
    if restricted:
        where_call = "WHERE ct.call_id IN ({ids})"
        where_statement = "WHERE s.call_id IN ({ids})"
    return f"""
        INSERT INTO {index} (call_id, topic_id, date)
        WITH RECURSIVE tagged(call_id, topic_id) AS (
            SELECT ct.call_id, ct.topic_id FROM {call_topics} ct {where_call}
            UNION
            SELECT s.call_id, st.topic_id FROM {statement_topics} st
                JOIN {statement} s ON s.id = st.statement_id {where_statement}
        ), under(call_id, topic_id) AS (
            SELECT call_id, topic_id FROM tagged
            UNION
            SELECT under.call_id, t.parent_id FROM under
                JOIN {topic} t ON t.id = under.topic_id
            WHERE t.parent_id IS NOT NULL
        )
        SELECT under.call_id, under.topic_id, c.date FROM under JOIN {call} c ON c.id = under.call_id
    """  # noqa: S608 (table names from the models, ids as parameters)


def refresh(call_ids):
    """Recompute the rows of the calls ``call_ids``."""
    ids = sorted({pk for pk in call_ids if pk is not None})
    if not ids:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            CallTopicIndex.objects.filter(call_id__in=chunk).delete()
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(_sql(True).format(ids=placeholders), chunk * 2)


def rebuild():
    """Recompute every row; returns how many there are."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {CallTopicIndex._meta.db_table}")  # noqa: S608
        cursor.execute(_sql(False))
    return CallTopicIndex.objects.count()


def calls_under(topic_ids):
    return set(CallTopicIndex.objects.filter(topic_id__in=topic_ids).values_list("call_id", flat=True))


def _later(call_ids):
    call_ids = set(call_ids)
    if call_ids:
        transaction.on_commit(lambda: refresh(call_ids), robust=True)


# ------------------------------------------------------------------------------- signals
def tags_changed(calls_of_records, calls_of_topic):
    """An ``m2m_changed`` handler for a tag table: ``calls_of_records(pks)`` gives the calls of
    tagged records (calls or statements), ``calls_of_topic(topic)`` the calls of the records a
    topic is on, for ``topic.calls.clear()`` / ``topic.statements.clear()``."""

    def handler(sender, instance, action, reverse, pk_set=None, **kwargs):
        if reverse and action == "pre_clear":  # remember which calls, before they are untagged
            instance._topic_index_calls = set(calls_of_topic(instance))
        if action not in ("post_add", "post_remove", "post_clear") or loaded_raw(instance):
            return
        if not reverse:
            refresh(calls_of_records([instance.pk]))
        elif action == "post_clear":
            refresh(getattr(instance, "_topic_index_calls", ()))
        else:
            refresh(calls_of_records(pk_set or ()))

    return handler


call_topics_changed = tags_changed(lambda pks: pks, lambda topic: topic.calls.values_list("pk", flat=True))
statement_topics_changed = tags_changed(
    lambda pks: Statement.objects.filter(pk__in=pks).values_list("call_id", flat=True),
    lambda topic: topic.statements.values_list("call_id", flat=True),
)


def call_saved(sender, instance, raw=False, **kwargs):
    """The rows carry the call's date: follow it."""
    instance._topic_index_raw = raw
    if not raw:
        rows = CallTopicIndex.objects.filter(call_id=instance.pk)
        rows.exclude(date=instance.date).update(date=instance.date)


def statement_saved(sender, instance, raw=False, **kwargs):
    instance._topic_index_raw = raw


def loaded_raw(instance):
    """A record ``loaddata`` just wrote: it sets the tags of a fixture's records after saving
    them raw, and the fixture carries its own index rows (or ``rebuild_topic_index`` follows)."""
    return getattr(instance, "_topic_index_raw", False)


def statement_deleted(sender, instance, **kwargs):
    _later([instance.call_id])


def topic_moving(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    old = Topic.objects.filter(pk=instance.pk).values_list("parent_id", flat=True).first()
    instance._topic_index_moved = old != instance.parent_id


def topic_moved(sender, instance, created=False, raw=False, **kwargs):
    if not raw and not created and getattr(instance, "_topic_index_moved", False):
        refresh(calls_under([instance.pk]))


def topic_deleting(sender, instance, **kwargs):
    # Before the cascade removes its rows: the calls under it may stay under its parents.
    _later(calls_under([instance.pk]))


def connect():
    m2m_changed.connect(call_topics_changed, sender=Call.topics.through, dispatch_uid="topic-index-call")
    m2m_changed.connect(
        statement_topics_changed, sender=Statement.topics.through, dispatch_uid="topic-index-statement"
    )
    post_save.connect(call_saved, sender=Call, dispatch_uid="topic-index-call-saved")
    post_save.connect(statement_saved, sender=Statement, dispatch_uid="topic-index-statement-saved")
    post_delete.connect(statement_deleted, sender=Statement, dispatch_uid="topic-index-statement-deleted")
    pre_save.connect(topic_moving, sender=Topic, dispatch_uid="topic-index-topic-moving")
    post_save.connect(topic_moved, sender=Topic, dispatch_uid="topic-index-topic-moved")
    pre_delete.connect(topic_deleting, sender=Topic, dispatch_uid="topic-index-topic-deleted")
