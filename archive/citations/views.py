"""Public pages and responses for citing: statement permalinks, versions, history, changes,
Memento (RFC 7089) TimeGate and TimeMap, citation downloads and content negotiation."""

import datetime
import json
from functools import wraps

from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date

from ..models import Call
from ..vocabularies import Status
from . import diff, formats
from .present import present
from .resolve import citation, citation_for_call, find_statement, get_call, survivor_of, versions_of

LINK_FORMAT = "application/link-format"
MEDIA_TYPES = {
    "text/html": None,
    "application/json": "record",
    "application/ld+json": "json-ld",
    "application/vnd.citationstyles.csl+json": "csl",
    "application/x-bibtex": "bibtex",
    "application/x-research-info-systems": "ris",
}
DOWNLOADS = {
    "bib": ("application/x-bibtex; charset=utf-8", formats.bibtex),
    "ris": ("application/x-research-info-systems; charset=utf-8", formats.ris),
    "json": ("application/vnd.citationstyles.csl+json; charset=utf-8", formats.csl_json_text),
}


def is_staff(request):
    return request.user.is_authenticated and request.user.is_staff


# Memento -----------------------------------------------------------------------------


def version_path(identifier, number):
    return f"/calls/{identifier}/versions/{number}/"


def memento_datetime(version):
    return http_date(version.published_at.timestamp())


def link_header(request, call, versions, this=None):
    """The Link header of RFC 7089: original resource, TimeGate, TimeMap and mementos."""
    absolute = request.build_absolute_uri
    links = [
        f'<{absolute(call.get_permalink())}>; rel="original timegate"',
        f'<{absolute(f"/calls/{call.identifier}/timemap/")}>; rel="timemap"; type="{LINK_FORMAT}"',
    ]
    if not versions:
        return ", ".join(links)
    rels = {}
    first, last = versions[0], versions[-1]
    rels.setdefault(first.number, []).append("first")
    rels.setdefault(last.number, []).append("last")
    if this is not None:
        rels.setdefault(this.number, [])
        if this.number > first.number:
            rels.setdefault(this.number - 1, []).append("prev")
        if this.number < last.number:
            rels.setdefault(this.number + 1, []).append("next")
    by_number = {v.number: v for v in versions}
    for number in sorted(rels):
        version = by_number[number]
        rel = " ".join([*rels[number], "memento"])
        links.append(
            f'<{absolute(version_path(call.identifier, number))}>; rel="{rel}"; '
            f'datetime="{memento_datetime(version)}"'
        )
    return ", ".join(links)


def version_at(versions, moment):
    """The version the public saw at ``moment``: the last one published by then, or the first."""
    chosen = versions[0]
    for version in versions:
        if version.published_at <= moment:
            chosen = version
    return chosen


def timegate(request, call, value):
    response_vary = ("accept-datetime",)
    try:
        moment = datetime.datetime.fromtimestamp(parse_http_date(value), tz=datetime.UTC)
    except ValueError:
        response = HttpResponseBadRequest(
            "Accept-Datetime must be an HTTP date such as 'Mon, 02 Dec 2024 12:00:00 GMT'.",
            content_type="text/plain; charset=utf-8",
        )
        patch_vary_headers(response, response_vary)
        return response
    versions = current_versions(request, call)
    chosen = version_at(versions, moment)
    response = HttpResponseRedirect(version_path(call.identifier, chosen.number))
    patch_vary_headers(response, response_vary)
    response["Link"] = link_header(request, call, versions, chosen)
    return response


def timemap(request, identifier):
    call = visible_record(request, identifier)
    if isinstance(call, HttpResponse):
        return call
    versions = current_versions(request, call)
    if not versions:
        raise Http404("This record has no published version yet.")
    absolute = request.build_absolute_uri
    original = absolute(call.get_permalink())
    self_url = absolute(f"/calls/{call.identifier}/timemap/")
    lines = [
        f'<{original}>;rel="original"',
        f'<{original}>;rel="timegate"',
        f'<{self_url}>;rel="self";type="{LINK_FORMAT}";'
        f'from="{memento_datetime(versions[0])}";until="{memento_datetime(versions[-1])}"',
    ]
    for version in versions:
        rel = "memento"
        if version is versions[-1]:
            rel = "last memento"
        if version is versions[0]:
            rel = "first last memento" if len(versions) == 1 else "first memento"
        lines.append(
            f'<{absolute(version_path(call.identifier, version.number))}>;rel="{rel}";'
            f'datetime="{memento_datetime(version)}"'
        )
    return HttpResponse(",\n".join(lines) + "\n", content_type=f"{LINK_FORMAT}; charset=utf-8")


# The call permalink ---------------------------------------------------------------------


def record_json(request, call, cite):
    versions = cite["versions"]
    absolute = request.build_absolute_uri
    version = cite["version"]
    data = {
        "identifier": call.identifier,
        "permalink": absolute(call.get_permalink()),
        "url": absolute(call.get_absolute_url()),
        "version": version.number,
        "version_url": absolute(version_path(call.identifier, version.number)),
        "version_published_at": version.published_at.isoformat(),
        "versions": [
            {
                "number": v.number,
                "published_at": v.published_at.isoformat(),
                "url": absolute(version_path(call.identifier, v.number)),
            }
            for v in versions
        ],
        "history": absolute(cite["history_url"]),
        "timemap": absolute(cite["timemap_url"]),
        "record": version.snapshot,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def negotiated_response(request, call, kind):
    cite = citation_for_call(request, call)
    citable = cite["citable"]
    if kind == "record":
        return HttpResponse(record_json(request, call, cite), content_type="application/json; charset=utf-8")
    if kind == "json-ld":
        body = json.dumps(formats.json_ld(citable, cite["version"].snapshot), ensure_ascii=False, indent=2)
        return HttpResponse(body, content_type="application/ld+json; charset=utf-8")
    if kind == "csl":
        return HttpResponse(formats.csl_json_text(citable), content_type=DOWNLOADS["json"][0])
    if kind == "bibtex":
        return HttpResponse(formats.bibtex(citable), content_type=DOWNLOADS["bib"][0])
    return HttpResponse(formats.ris(citable), content_type=DOWNLOADS["ris"][0])


def permalink(view):
    """Wraps the call page: merged duplicates redirect to the survivor, ``Accept-Datetime``
    picks a version (the permalink is its own Memento TimeGate), other ``Accept`` types get
    the same record as JSON, CSL-JSON, BibTeX or RIS, and HTML stays the default."""

    @wraps(view)
    def wrapper(request, identifier, slug=None):
        call = Call.objects.select_related("merged_into", "place_country").filter(identifier=identifier)
        call = call.first()
        if call is None:
            return view(request, identifier, slug)
        if call.merged_into_id:
            return HttpResponsePermanentRedirect(survivor_of(call).get_absolute_url())
        if call.status in (Status.DRAFT, Status.REVIEW) and not is_staff(request):
            versions = versions_of(call)
            if versions:  # being revised: the last published version stands in meanwhile
                return HttpResponseRedirect(version_path(call.identifier, versions[-1].number))
        if call.status != Status.PUBLISHED:
            return view(request, identifier, slug)
        accept_datetime = request.headers.get("Accept-Datetime")
        if accept_datetime is not None:
            return timegate(request, call, accept_datetime)
        kind = MEDIA_TYPES.get(request.get_preferred_type(list(MEDIA_TYPES)) or "text/html")
        if kind is not None:
            response = negotiated_response(request, call, kind)
        else:
            request.permalink_call = call  # published: the page needs not fetch it again
            response = view(request, identifier, slug)
        patch_vary_headers(response, ("Accept", "accept-datetime"))
        if response.status_code == 200:
            response["Link"] = link_header(request, call, citation_for_call(request, call)["versions"])
        return response

    return wrapper


# Versions, history, changes ------------------------------------------------------------


def current_versions(request, call):
    """All versions of ``call``, the current one captured first if the record changed."""
    if call.status == Status.PUBLISHED:
        return citation_for_call(request, call)["versions"]
    return versions_of(call)


def visible_record(request, identifier):
    """The call behind a version, history or statement URL, or the response to give instead:
    410 for a withdrawn record, 404 for one never published."""
    call = get_call(identifier)
    if call.status == Status.WITHDRAWN and not call.merged_into_id and not is_staff(request):
        return render(request, "archive/call_withdrawn.html", {"call": call}, status=410)
    return call


def get_version(versions, number):
    for version in versions:
        if version.number == number:
            return version
    raise Http404(f"There is no version {number} of this record.")


def version_detail(request, identifier, number):
    call = visible_record(request, identifier)
    if isinstance(call, HttpResponse):
        return call
    versions = versions_of(call)
    version = get_version(versions, number)
    cite = citation(request, version, versions=versions)
    context = {
        "call": call,
        "record": present(version.snapshot),
        "version": version,
        "versions": versions,
        "citation": cite,
        "survivor": survivor_of(call) if call.merged_into_id else None,
        "is_public_now": call.status == Status.PUBLISHED,
    }
    response = render(request, "citations/version_detail.html", context)
    response["Memento-Datetime"] = memento_datetime(version)
    response["Link"] = link_header(request, call, versions, version)
    return response


def history(request, identifier):
    call = visible_record(request, identifier)
    if isinstance(call, HttpResponse):
        return call
    versions = versions_of(call)
    if not versions:
        raise Http404("This record has no published version yet.")
    rows, previous = [], None
    for version in versions:
        rows.append(
            {
                "version": version,
                "changed": diff.summary(previous.snapshot if previous else None, version.snapshot),
                "previous": previous,
            }
        )
        previous = version
    context = {
        "call": call,
        "record": present(versions[-1].snapshot),
        "rows": list(reversed(rows)),
        "survivor": survivor_of(call) if call.merged_into_id else None,
    }
    response = render(request, "citations/history.html", context)
    response["Link"] = link_header(request, call, versions)
    return response


def changes(request, identifier, number):
    """Changes since version ``number``: to the current version, or to ``?to=`` another."""
    call = visible_record(request, identifier)
    if isinstance(call, HttpResponse):
        return call
    versions = current_versions(request, call)
    old = get_version(versions, number)
    to = request.GET.get("to", "")
    if to and not to.isdigit():
        return HttpResponseBadRequest("'to' must be a version number, such as to=3.")
    new = get_version(versions, int(to)) if to else versions[-1]
    context = {
        "call": call,
        "record": present(new.snapshot),
        "old": old,
        "new": new,
        "changes": diff.compare(old.snapshot, new.snapshot),
        "versions": versions,
    }
    return render(request, "citations/changes.html", context)


# Statements ---------------------------------------------------------------------------


def statement_detail(request, identifier, statement_identifier):
    call = visible_record(request, identifier)
    if isinstance(call, HttpResponse):
        return call
    if call.merged_into_id:
        return HttpResponsePermanentRedirect(survivor_of(call).get_permalink())
    versions = current_versions(request, call)
    if not versions:
        raise Http404("This record has no published version yet.")
    # The statement as it stands in the latest version that has it.
    version = statement = None
    for candidate in reversed(versions):
        statement = find_statement(candidate.snapshot, statement_identifier)
        if statement is not None:
            version = candidate
            break
    if statement is None:
        raise Http404("This record has no statement with this identifier.")
    cite = citation(request, version, versions=versions, statement=statement)
    record = present(version.snapshot)
    statements = record["statements"]
    position = next(i for i, s in enumerate(statements) if s["identifier"] == statement_identifier)
    shown = statements[position]
    context = {
        "call": call,
        "record": record,
        "statement": shown,
        "source": record["sources"][shown["source"]] if shown.get("source") is not None else None,
        "version": version,
        "latest": versions[-1],
        "removed": version is not versions[-1],
        "previous": statements[position - 1] if position > 0 else None,
        "next": statements[position + 1] if position + 1 < len(statements) else None,
        "citation": cite,
    }
    response = render(request, "citations/statement_detail.html", context)
    response["Link"] = link_header(request, call, versions)
    return response


# Downloads ----------------------------------------------------------------------------


def cite_download(request, identifier, extension, statement_identifier=None):
    call = visible_record(request, identifier)
    if isinstance(call, HttpResponse):
        return call
    if call.merged_into_id:
        return HttpResponsePermanentRedirect(survivor_of(call).get_permalink() + f"cite.{extension}")
    versions = current_versions(request, call)
    if not versions:
        raise Http404("This record has no published version yet.")
    version, statement = versions[-1], None
    if request.GET.get("version"):
        if not request.GET["version"].isdigit():
            return HttpResponseBadRequest("'version' must be a version number, such as version=2.")
        version = get_version(versions, int(request.GET["version"]))
    if statement_identifier:
        statement = find_statement(version.snapshot, statement_identifier)
        if statement is None:
            raise Http404("This version of the record has no statement with this identifier.")
    citable = citation(request, version, versions=versions, statement=statement)["citable"]
    content_type, render_format = DOWNLOADS[extension]
    response = HttpResponse(render_format(citable), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{citable.key}.{extension}"'
    return response
