"""Snapshots of a call as the public sees it, and the published versions made of them.

A version is captured whenever a published call's snapshot differs from its latest version:
when an editor saves the call in the admin (with the edit summary), by ``record_versions``
for bulk edits and imports, and, as a safety net, when the call is shown or cited, so the
version a page cites always exists and holds exactly what the page showed.

Snapshots hold raw values, not labels in the reader's language, so that the same record
always gives the same snapshot whatever the interface language.
"""

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from ..models import Call, CallParticipant, CallVersion, Source, Statement
from ..vocabularies import Status

SNAPSHOT_FORMAT = 1


def snapshot_queryset(queryset=None):
    """Calls with everything a snapshot holds, in a fixed number of queries (and what the
    call page shows of each statement: speaker and source)."""
    queryset = Call.objects.all() if queryset is None else queryset
    return queryset.select_related("place_country").prefetch_related(*snapshot_prefetches())


def snapshot_prefetches():
    """What ``snapshot_queryset`` prefetches, for a call already fetched (with its
    ``place_country``): ``prefetch_related_objects([call], *snapshot_prefetches())``."""
    return [
        "topics",
        Prefetch(
            "participants",
            queryset=CallParticipant.objects.select_related("participant", "country").order_by("order", "id"),
        ),
        Prefetch(
            "statements",
            queryset=Statement.objects.select_related("speaker__participant", "speaker__country", "source")
            .prefetch_related("translations", "topics")
            .order_by("order"),
        ),
        Prefetch("sources", queryset=Source.objects.order_by("published_on", "id")),
    ]


def _iso(value):
    return value.isoformat() if value else None


def _topic(topic):
    return {"slug": topic.slug, "name": topic.name, "name_ar": topic.name_ar}


def _country(country):
    if country is None:
        return None
    return {"code": country.code, "name": country.name, "name_ar": country.name_ar}


def _participant(cp):
    person = cp.participant
    return {
        "name": person.name if person else "",
        "native_name": person.native_name if person else "",
        "native_language": person.native_language if person else "",
        "slug": person.slug if person else "",
        "wikidata": person.wikidata if person else "",
        "name_as_written": cp.name_as_written,
        "name_language": cp.name_language,
        "office_title": cp.office_title,
        "country": _country(cp.country),
        "role": cp.role,
        "is_initiator": cp.is_initiator,
    }


def _statement(statement, participant_index, source_index):
    return {
        "identifier": statement.identifier,
        "order": statement.order,
        "speaker": participant_index.get(statement.speaker_id),
        "text": statement.text,
        "language": statement.language,
        "kind": statement.kind,
        "source": source_index.get(statement.source_id),
        "topics": [_topic(topic) for topic in sorted(statement.topics.all(), key=lambda t: t.slug)],
        "translations": [
            {
                "language": t.language,
                "text": t.text,
                "translator": t.translator,
                "translator_kind": t.translator_kind,
            }
            for t in sorted(statement.translations.all(), key=lambda t: t.language)
        ],
    }


def _source(source):
    return {
        "outlet": source.outlet,
        "kind": source.kind,
        "url": source.url,
        "title": source.title,
        "language": source.language,
        "published_on": _iso(source.published_on),
        "retrieved_on": _iso(source.retrieved_on),
        "full_text": source.full_text,
        "licence": source.licence,
        "licence_url": source.licence_url,
        "attribution": source.attribution,
    }


def build_snapshot(call):
    """The whole record as plain JSON. ``call`` should come from ``snapshot_queryset``."""
    participants = list(call.participants.all())
    sources = list(call.sources.all())
    participant_index = {cp.pk: index for index, cp in enumerate(participants)}
    source_index = {source.pk: index for index, source in enumerate(sources)}
    return {
        "format": SNAPSHOT_FORMAT,
        "identifier": call.identifier,
        "title": call.title,
        "summary": call.summary,
        "medium": call.medium,
        "date": _iso(call.date),
        "date_precision": call.date_precision,
        "end_date": _iso(call.end_date),
        "time": call.time.isoformat(timespec="minutes") if call.time else None,
        "place": call.place,
        "place_country": _country(call.place_country),
        "topics": [_topic(topic) for topic in sorted(call.topics.all(), key=lambda t: t.slug)],
        "participants": [_participant(cp) for cp in participants],
        "statements": [_statement(s, participant_index, source_index) for s in call.statements.all()],
        "sources": [_source(source) for source in sources],
    }


def now_to_the_second():
    """Versions are dated to the second: what Memento and OAI-PMH can express, and what
    survives every dump format (Django's JSON keeps only milliseconds)."""
    return timezone.now().replace(microsecond=0)


def latest_version(call):
    return CallVersion.objects.filter(call=call).order_by("-number").first()


def pending_change_reason(call, since):
    """Edit summaries recorded in the call's history since the last version."""
    history = call.history.exclude(history_change_reason=None).exclude(history_change_reason="")
    if since is not None:
        history = history.filter(history_date__gt=since)
    reasons = list(
        dict.fromkeys(history.order_by("history_date").values_list("history_change_reason", flat=True))
    )
    return "; ".join(reasons)[:300]


NOT_LOADED = object()


def record_version(call, reason="", editor=None, latest=NOT_LOADED):
    """Capture a new version of a published call if its content changed; return the current
    version (``None`` for a call that is not published and never was). ``latest``, if
    given, is the call's latest version as the caller already loaded it."""
    if call.status != Status.PUBLISHED:
        return latest_version(call)
    # A call the caller loaded through ``snapshot_queryset`` (marked ``snapshot_loaded``, as
    # the call page does) is used as it is: nothing is read twice.
    loaded = call if getattr(call, "snapshot_loaded", False) else snapshot_queryset().get(pk=call.pk)
    snapshot = build_snapshot(loaded)
    latest = latest_version(call) if latest is NOT_LOADED else latest
    if latest is not None and latest.snapshot == snapshot:
        return latest
    with transaction.atomic():
        # One writer at a time per call, so two saves never claim the same number.
        Call.objects.select_for_update().filter(pk=call.pk).values_list("pk").first()
        latest = latest_version(call)
        if latest is not None and latest.snapshot == snapshot:
            return latest
        return CallVersion.objects.create(
            call=call,
            number=latest.number + 1 if latest else 1,
            published_at=now_to_the_second(),
            snapshot=snapshot,
            change_reason=(reason or pending_change_reason(call, latest and latest.published_at))[:300],
            editor=editor,
        )


def record_versions(queryset=None, reason="", batch_size=500):
    """``record_version`` for many calls at once (imports, bulk edits); returns how many
    new versions were captured."""
    queryset = Call.objects.published() if queryset is None else queryset.filter(status=Status.PUBLISHED)
    created = 0
    pks = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), batch_size):
        batch = pks[start : start + batch_size]
        with transaction.atomic():
            calls = list(snapshot_queryset(Call.objects.filter(pk__in=batch).select_for_update(of=("self",))))
            latest = {}
            for version in CallVersion.objects.filter(call_id__in=batch).order_by("call_id", "number"):
                latest[version.call_id] = version
            now = now_to_the_second()
            new = []
            for call in calls:
                snapshot = build_snapshot(call)
                previous = latest.get(call.pk)
                if previous is not None and previous.snapshot == snapshot:
                    continue
                new.append(
                    CallVersion(
                        call=call,
                        number=previous.number + 1 if previous else 1,
                        published_at=now,
                        snapshot=snapshot,
                        change_reason=reason[:300],
                    )
                )
            CallVersion.objects.bulk_create(new)
            created += len(new)
    return created
