"""Finding what a permalink points to: merged duplicates, versions, statements, and the
citation of each, shared by the views and the template tags."""

from django.http import Http404
from django.utils import timezone

from ..models import Call, CallVersion
from ..vocabularies import Status
from . import formats
from .snapshots import record_version

MAX_MERGE_CHAIN = 20


def survivor_of(call):
    """The call a merged duplicate now lives on (following merges of merges)."""
    seen = set()
    while call.merged_into_id and call.pk not in seen and len(seen) < MAX_MERGE_CHAIN:
        seen.add(call.pk)
        call = call.merged_into
    return call


def get_call(identifier):
    try:
        return Call.objects.select_related("merged_into").get(identifier=identifier)
    except Call.DoesNotExist as error:
        raise Http404("No record has this identifier.") from error


def versions_of(call):
    return list(CallVersion.objects.filter(call=call).order_by("number"))


def current_version(call):
    """The version the public sees now, captured first if the record changed since."""
    if call.status == Status.PUBLISHED:
        return record_version(call)
    return CallVersion.objects.filter(call=call).order_by("-number").first()


def citation(request, version, *, versions=None, statement=None):
    """Everything the "Cite this" block and the page's metadata show for ``version``."""
    versions = versions if versions is not None else list(CallVersion.objects.filter(call_id=version.call_id))
    first = min(versions, key=lambda v: v.number) if versions else version
    latest = max(versions, key=lambda v: v.number) if versions else version
    citable = formats.citable_from_version(
        version,
        accessed=timezone.localdate(),
        absolute=request.build_absolute_uri,
        first_published=first.published_at,
        statement=statement,
    )
    identifier = citable.identifier
    base = f"/calls/{identifier}/"
    if statement:
        base = f"/calls/{identifier}/statements/{statement['identifier']}/"
    return {
        "citable": citable,
        "version": version,
        "latest": latest,
        "version_count": len(versions) or 1,
        "is_current": version.number == latest.number,
        "styles": formats.formatted(citable),
        "meta": formats.meta_tags(citable),
        "json_ld": formats.json_ld_script(formats.json_ld(citable, version.snapshot)),
        "downloads": [
            ("BibTeX", f"{base}cite.bib"),
            ("RIS", f"{base}cite.ris"),
            ("CSL-JSON", f"{base}cite.json"),
        ],
        "history_url": f"/calls/{identifier}/history/",
        "timemap_url": f"/calls/{identifier}/timemap/",
        "older_versions": [v for v in versions if v.number < latest.number],
        "versions": versions,
    }


def citation_for_call(request, call):
    """The citation of a call's current version (captured first if the record changed),
    computed once per request."""
    cache = request.__dict__.setdefault("_citations", {})
    if call.pk not in cache:
        cache[call.pk] = None
        if call.status == Status.PUBLISHED:
            versions = versions_of(call)
            version = record_version(call, latest=versions[-1] if versions else None)
            if not versions or version.pk != versions[-1].pk:
                versions.append(version)
            cache[call.pk] = citation(request, version, versions=versions)
    return cache[call.pk]


def find_statement(snapshot, statement_identifier):
    for statement in snapshot["statements"]:
        if statement["identifier"] == statement_identifier:
            return statement
    return None
