"""Revisions of a call: every saved version of the call with its participants, statements,
sources and translations, read back from the history tables; diffs between two versions;
reverting to a version; restoring a deleted call.

A call's ``version`` goes up by one with every save (see :mod:`archive.desk.signals`). A revision
is one version: the call's last history row with that version, and its children as they stood
until the next version was saved. History rows keep text exactly as it was stored, so a revert
restores the same bytes: Arabic diacritics and zero-width (non-)joiners included.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F

from ..models import Call, CallParticipant, Source, Statement, Translation
from ..vocabularies import Status

# A child deleted at most this long before its call is taken as deleted with the call.
DELETED_TOGETHER = datetime.timedelta(seconds=10)

CALL_CONTENT_FIELDS = [
    "title",
    "summary",
    "medium",
    "date",
    "date_precision",
    "end_date",
    "time",
    "place",
    "place_country_id",
    "external_id",
]
WORKFLOW_FIELDS = ["status", "withdrawn_reason"]
CHILD_MODELS = [
    ("participants", CallParticipant),
    ("sources", Source),
    ("statements", Statement),
    ("translations", Translation),
]
SKIPPED = {"id", "created_at", "updated_at"}


def values_of(model, row):
    """The stored values of ``row`` (a record or a history row) by attribute name."""
    return {
        f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields if f.attname not in SKIPPED
    }


@dataclass
class Snapshot:
    """A call and everything under it at one moment."""

    call: dict
    topics: list
    version: int
    children: dict = field(default_factory=dict)  # name -> {pk: values}
    statement_topics: dict = field(default_factory=dict)  # statement pk -> [topic ids]


def live_snapshot(call):
    statements = {s.pk: s for s in call.statements.all()}
    return Snapshot(
        call=values_of(Call, call),
        topics=sorted(call.topics.values_list("pk", flat=True)),
        version=call.version,
        children={
            "participants": {p.pk: values_of(CallParticipant, p) for p in call.participants.all()},
            "sources": {s.pk: values_of(Source, s) for s in call.sources.all()},
            "statements": {pk: values_of(Statement, s) for pk, s in statements.items()},
            "translations": {
                t.pk: values_of(Translation, t) for t in Translation.objects.filter(statement__call=call)
            },
        },
        statement_topics={pk: sorted(s.topics.values_list("pk", flat=True)) for pk, s in statements.items()},
    )


def call_history(call_id):
    return Call.history.filter(id=call_id).order_by("history_date", "history_id")


@dataclass
class Revision:
    version: int
    row: object  # the call's last history row of this version
    first_row: object
    cut: datetime.datetime | None  # when the next version began; None for the latest

    @property
    def date(self):
        return self.first_row.history_date

    @property
    def user(self):
        return self.first_row.history_user

    @property
    def summary(self):
        return self.first_row.history_change_reason or ""

    @property
    def is_deletion(self):
        return self.row.history_type == "-"


def revisions(call_id):
    """The call's revisions, oldest first."""
    rows = list(call_history(call_id))
    found = []
    for row in rows:
        if row.history_type == "-":
            found.append(Revision(row.version, row, row, None))
        elif found and found[-1].version == row.version and not found[-1].is_deletion:
            found[-1].row = row
        else:
            found.append(Revision(row.version, row, row, None))
    for earlier, later in zip(found, found[1:], strict=False):
        earlier.cut = later.first_row.history_date
    return found


def revision(call_id, version):
    for found in revisions(call_id):
        if found.version == version and not found.is_deletion:
            return found
    return None


def _latest_rows(model, filters, cut, deleted_at=None):
    """Each record's latest history row before ``cut``; records deleted by then are left out,
    except those deleted together with their call at ``deleted_at``."""
    rows = model.history.filter(**filters)
    if cut is not None:
        rows = rows.filter(history_date__lt=cut)
    latest = {}
    for row in rows.order_by("history_date", "history_id"):
        latest[row.id] = row
    kept = {}
    for pk, row in latest.items():
        if row.history_type != "-":
            kept[pk] = row
        elif deleted_at and deleted_at - DELETED_TOGETHER <= row.history_date <= deleted_at:
            kept[pk] = row
    return kept


def historical_snapshot(call_id, found):
    """The call as it stood at revision ``found`` (or just before its deletion)."""
    deleted_at = found.row.history_date if found.is_deletion else None
    cut = found.cut if not found.is_deletion else deleted_at + datetime.timedelta(microseconds=1)
    participants = _latest_rows(CallParticipant, {"call_id": call_id}, cut, deleted_at)
    sources = _latest_rows(Source, {"call_id": call_id}, cut, deleted_at)
    statements = _latest_rows(Statement, {"call_id": call_id}, cut, deleted_at)
    ever = Statement.history.filter(call_id=call_id).values_list("id", flat=True).distinct()
    translations = {
        pk: row
        for pk, row in _latest_rows(Translation, {"statement_id__in": list(ever)}, cut, deleted_at).items()
        if row.statement_id in statements
    }
    return Snapshot(
        call=values_of(Call, found.row),
        topics=sorted(found.row.topics.values_list("topic_id", flat=True)),
        version=found.version,
        children={
            "participants": {pk: values_of(CallParticipant, r) for pk, r in participants.items()},
            "sources": {pk: values_of(Source, r) for pk, r in sources.items()},
            "statements": {pk: values_of(Statement, r) for pk, r in statements.items()},
            "translations": {pk: values_of(Translation, r) for pk, r in translations.items()},
        },
        statement_topics={
            pk: sorted(r.topics.values_list("topic_id", flat=True)) for pk, r in statements.items()
        },
    )


def snapshot_of_version(call, version):
    """The call as it was at ``version``: its live state if that is the current version."""
    if call is not None and call.version == version:
        return live_snapshot(call)
    found = revision(call.pk, version)
    return historical_snapshot(call.pk, found) if found else None


# Diffs -----------------------------------------------------------------------------------------


@dataclass
class Change:
    what: str  # "Title", "Statement 3: text"
    old: object
    new: object


def _label(model, attname):
    for f in model._meta.concrete_fields:
        if f.attname == attname:
            return str(f.verbose_name).capitalize()
    return attname


def _display(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or "—"
    return value


def _child_name(name, values, snapshot):
    if name == "statements":
        return f"Statement {values.get('order')}"
    if name == "participants":
        who = values.get("name_as_written") or values.get("participant_id") or values.get("country_id")
        return f"Participant {who}"
    if name == "sources":
        return f"Source “{values.get('title') or values.get('outlet')}”"
    statement = snapshot.children["statements"].get(values.get("statement_id"), {})
    return f"Translation ({values.get('language')}) of statement {statement.get('order', '?')}"


def diff(old, new):
    """What changed from snapshot ``old`` to ``new``, field by field, as a list of ``Change``."""
    from ..models import Topic

    changes = []
    for attname in CALL_CONTENT_FIELDS + WORKFLOW_FIELDS:
        if old.call.get(attname) != new.call.get(attname):
            changes.append(
                Change(_label(Call, attname), _display(old.call.get(attname)), new.call.get(attname))
            )
    if old.topics != new.topics:
        names = dict(Topic.objects.filter(pk__in=old.topics + new.topics).values_list("pk", "name"))
        changes.append(
            Change(
                "Topics",
                _display([names.get(pk, pk) for pk in old.topics]),
                _display([names.get(pk, pk) for pk in new.topics]),
            )
        )
    models = dict(CHILD_MODELS)
    for name, _model in CHILD_MODELS:
        before, after = old.children[name], new.children[name]
        for pk in sorted(set(before) | set(after)):
            if pk not in after:
                changes.append(Change(_child_name(name, before[pk], old) + " removed", "present", "—"))
                continue
            if pk not in before:
                changes.append(Change(_child_name(name, after[pk], new) + " added", "—", _summary(after[pk])))
                continue
            for attname, value in after[pk].items():
                if attname != "identifier" and before[pk].get(attname) != value:
                    what = f"{_child_name(name, after[pk], new)}: {_label(models[name], attname).lower()}"
                    changes.append(Change(what, _display(before[pk].get(attname)), _display(value)))
            if name == "statements" and old.statement_topics.get(pk) != new.statement_topics.get(pk):
                changes.append(
                    Change(
                        f"{_child_name(name, after[pk], new)}: topics",
                        old.statement_topics.get(pk),
                        new.statement_topics.get(pk),
                    )
                )
    return changes


def _summary(values):
    return (
        values.get("text")
        or values.get("name_as_written")
        or values.get("title")
        or values.get("outlet")
        or "—"
    )


# Revert and restore ----------------------------------------------------------------------------


class RevertError(Exception):
    pass


def _write(model, pk, values):
    instance = model.objects.filter(pk=pk).first()
    if instance is None:
        instance = model(pk=pk)
        for attname, value in values.items():
            setattr(instance, attname, value)
        instance.save(force_insert=True)
        return instance
    if values_of(model, instance) != values:
        for attname, value in values.items():
            setattr(instance, attname, value)
        instance.save()
    return instance


def apply_snapshot(call, target, *, reason, keep_workflow=True):
    """Bring ``call`` (saved, locked by the caller) and its children in line with ``target``."""
    fields = CALL_CONTENT_FIELDS + ([] if keep_workflow else WORKFLOW_FIELDS)
    for attname in fields:
        setattr(call, attname, target.call[attname])
    call._change_reason = reason
    call.save()
    call.topics.set(target.topics)
    want = target.children
    # Make room: drop what the target lacks, and unhook the statements that stay, so that
    # participants, sources and statement positions can be rewritten without collisions.
    Translation.objects.filter(statement__call=call).exclude(pk__in=want["translations"]).delete()
    for statement in call.statements.exclude(pk__in=want["statements"]):
        statement.delete()
    moving = [
        s.pk
        for s in call.statements.filter(pk__in=want["statements"])
        if values_of(Statement, s) != want["statements"][s.pk]
    ]
    Statement.objects.filter(pk__in=moving).update(speaker=None, source=None, order=F("order") + 1_000_000)
    for participant in call.participants.exclude(pk__in=want["participants"]):
        participant.delete()
    for source in call.sources.exclude(pk__in=want["sources"]):
        source.delete()
    for name, model in CHILD_MODELS:
        for pk, values in sorted(want[name].items()):
            instance = _write(model, pk, values)
            if name == "statements":
                instance.topics.set(target.statement_topics.get(pk, []))
    return call


def revert(call, version, *, user=None, summary=""):
    """Revert ``call`` and everything under it to ``version``. The workflow status is kept:
    reverting is an edit, and the call stays in the hands of the reviewers."""
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        found = revision(call.pk, version)
        if found is None:
            raise RevertError(f"Version {version} of this call does not exist.")
        target = historical_snapshot(call.pk, found) if locked.version != version else live_snapshot(locked)
        reason = f"Reverted to version {version}" + (f": {summary}" if summary else "")
        if user is not None:
            locked._history_user = user
        if target.call.get("date") is None and locked.status == Status.PUBLISHED:
            raise RevertError("That version has no date, and a published call needs one; unpublish it first.")
        return apply_snapshot(locked, target, reason=reason)


def deleted_calls():
    """History rows of calls that were deleted and not restored, newest first."""
    existing = Call.objects.values_list("pk", flat=True)
    rows = Call.history.filter(history_type="-").exclude(id__in=existing).order_by("-history_date")
    seen, latest = set(), []
    for row in rows.select_related("history_user")[:1000]:
        if row.id not in seen:  # a call deleted, restored and deleted again is listed once
            seen.add(row.id)
            latest.append(row)
    return latest


def restore(call_id, *, user=None, can_publish=False):
    """Bring a deleted call back as it was just before it was deleted, with the same identifier
    and the same statement identifiers. Without the right to publish it comes back as a draft."""
    with transaction.atomic():
        if Call.objects.filter(pk=call_id).exists():
            raise RevertError("This call is not deleted.")
        rows = call_history(call_id)
        last = rows.last()
        if last is None or last.history_type != "-":
            raise RevertError("There is no deleted call with this id.")
        found = [r for r in revisions(call_id) if r.is_deletion][-1]
        target = historical_snapshot(call_id, found)
        call = Call(pk=call_id, identifier=target.call["identifier"], version=last.version + 1)
        for attname in CALL_CONTENT_FIELDS + WORKFLOW_FIELDS:
            setattr(call, attname, target.call[attname])
        if not can_publish and call.status != Status.DRAFT:
            call.status, call.withdrawn_reason = Status.DRAFT, ""
        call._change_reason = "Restored after deletion"
        if user is not None:
            call._history_user = user
        call.save(force_insert=True)
        apply_snapshot(call, target, reason="Restored after deletion", keep_workflow=True)
        return call
