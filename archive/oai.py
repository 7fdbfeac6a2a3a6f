"""OAI-PMH 2.0 endpoint at /oai/, so library catalogues can harvest the archive.

Records are calls, disseminated as Dublin Core (``oai_dc``). Sets: ``country`` and
``country:<ISO code>`` (calls in which that country took part), ``topic`` and
``topic:<slug>`` (calls on that topic or one under it). Datestamps are the last change of
the published record (its latest version; for a withdrawn record, the withdrawal), in UTC to
the second. Withdrawn and merged records are reported with ``status="deleted"`` headers.
Resumption tokens are stateless: signed, they carry the request's filters and the last
record id sent, so a harvest pages through by id without loss or repeat.

Specification: https://www.openarchives.org/OAI/openarchivesprotocol.html
"""

import datetime
import os
import xml.etree.ElementTree as ET  # noqa: S405 - we only build XML, never parse untrusted input

from django.conf import settings
from django.core import signing
from django.db.models import Case, Max, Min, When
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .citations.names import archive_name, whole_name
from .citations.snapshots import record_versions
from .models import Call, CallParticipant, CallVersion, Country, Topic
from .vocabularies import Medium, Status

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_ID_NS = "http://www.openarchives.org/OAI/2.0/oai-identifier"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
OAI_ID_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
for prefix, uri in (("", OAI_NS), ("oai_dc", OAI_DC_NS), ("dc", DC_NS), ("xsi", XSI_NS)):
    ET.register_namespace(prefix, uri)

PAGE_SIZE = 100
TOKEN_SALT = "archive.oai.resumption"  # noqa: S105 - a signing namespace, not a secret
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
METADATA_FORMATS = {"oai_dc": (OAI_DC_SCHEMA, OAI_DC_NS)}
VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
}


class OAIError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code, self.message = code, message


def repository_identifier():
    """The namespace of OAI identifiers (oai:<this>:<call identifier>). It must never change:
    set ``OAI_REPOSITORY_IDENTIFIER`` (setting or environment) to the archive's domain."""
    return (
        getattr(settings, "OAI_REPOSITORY_IDENTIFIER", "")
        or os.environ.get("OAI_REPOSITORY_IDENTIFIER", "")
        or "diplomatic-archive.org"
    )


def oai_identifier(call_identifier):
    return f"oai:{repository_identifier()}:{call_identifier}"


def utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# Records ------------------------------------------------------------------------------


def harvestable():
    """Calls a harvester may see: published ones, and withdrawn ones as deletions, each with
    the datestamp of its last public change."""
    return (
        Call.objects.filter(status__in=[Status.PUBLISHED, Status.WITHDRAWN])
        .annotate(last_version=Max("versions__published_at"))
        .annotate(
            datestamp=Case(
                When(status=Status.PUBLISHED, then=Coalesce("last_version", "updated_at")),
                default="updated_at",
            )
        )
    )


def datestamp_of(call):
    if call.status == Status.PUBLISHED and call.last_version:
        return call.last_version
    return call.updated_at


def parse_datestamp(value, name, end_of_day=False):
    try:
        if len(value) == 10:
            day = datetime.date.fromisoformat(value)
            moment = datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)
            if end_of_day:
                moment += datetime.timedelta(days=1) - datetime.timedelta(microseconds=1)
            return moment, "day"
        if len(value) == 20 and value.endswith("Z") and value[10] == "T":
            moment = datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.UTC)
            if end_of_day:
                moment += datetime.timedelta(seconds=1) - datetime.timedelta(microseconds=1)
            return moment, "seconds"
    except ValueError:
        pass
    raise OAIError(
        "badArgument", f"'{name}' must be a UTC date (YYYY-MM-DD) or date and time (YYYY-MM-DDThh:mm:ssZ)."
    )


def set_filter(spec):
    """The ids of the calls in set ``spec``, as a subquery (None for an unknown set)."""
    roles = CallParticipant.objects.filter(country__isnull=False)
    tagged = Call.topics.through.objects.all()
    if spec == "country":
        return roles.values("call_id")
    if spec == "topic":
        return tagged.values("call_id")
    kind, _, value = spec.partition(":")
    if kind == "country" and value and Country.objects.filter(code=value.upper()).exists():
        return roles.filter(country_id=value.upper()).values("call_id")
    if kind == "topic" and value:
        topic = Topic.objects.filter(slug=value).first()
        if topic:
            return tagged.filter(topic_id__in=topic.descendant_ids()).values("call_id")
    return None


def filtered(params):
    """The records matching a list request's from, until and set."""
    records = harvestable()
    granularities = set()
    if params.get("from"):
        moment, granularity = parse_datestamp(params["from"], "from")
        records = records.filter(datestamp__gte=moment)
        granularities.add(granularity)
    if params.get("until"):
        moment, granularity = parse_datestamp(params["until"], "until", end_of_day=True)
        records = records.filter(datestamp__lte=moment)
        granularities.add(granularity)
    if len(granularities) > 1:
        raise OAIError("badArgument", "'from' and 'until' must have the same granularity.")
    if params.get("from") and params.get("until") and params["from"] > params["until"]:
        raise OAIError("badArgument", "'from' is later than 'until'.")
    if params.get("set"):
        condition = set_filter(params["set"])
        if condition is None:
            raise OAIError("noRecordsMatch", f"There is no set '{params['set']}'.")
        records = records.filter(pk__in=condition)
    return records


# XML ----------------------------------------------------------------------------------


def q(ns, tag):
    return f"{{{ns}}}{tag}"


def sub(parent, tag, text=None, ns=OAI_NS, **attributes):
    element = ET.SubElement(parent, q(ns, tag), {k: str(v) for k, v in attributes.items()})
    if text is not None:
        element.text = str(text)
    return element


def envelope(request, params, verb_ok=True):
    root = ET.Element(q(OAI_NS, "OAI-PMH"))
    root.set(q(XSI_NS, "schemaLocation"), f"{OAI_NS} {OAI_SCHEMA}")
    sub(root, "responseDate", utc(timezone.now()))
    attributes = {k: v for k, v in params.items()} if verb_ok else {}
    base = request.build_absolute_uri(request.path)
    sub(root, "request", base, **attributes)
    return root


def header(parent, call):
    element = sub(parent, "header")
    if call.status != Status.PUBLISHED:
        element.set("status", "deleted")
    sub(element, "identifier", oai_identifier(call.identifier))
    sub(element, "datestamp", utc(datestamp_of(call)))
    for spec in call_sets(call):
        sub(element, "setSpec", spec)
    return element


def call_sets(call):
    specs = []
    countries = sorted({cp.country_id for cp in call.participants.all() if cp.country_id})
    if countries:
        specs += ["country", *[f"country:{code}" for code in countries]]
    topics = sorted({topic.slug for topic in call.topics.all()})
    if topics:
        specs += ["topic", *[f"topic:{slug}" for slug in topics]]
    return specs


def dublin_core(parent, request, call, snapshot):
    metadata = sub(parent, "metadata")
    dc = ET.SubElement(metadata, q(OAI_DC_NS, "dc"))
    dc.set(q(XSI_NS, "schemaLocation"), f"{OAI_DC_NS} {OAI_DC_SCHEMA}")

    def add(tag, value):
        if value:
            ET.SubElement(dc, q(DC_NS, tag)).text = str(value)

    add("title", snapshot["title"])
    add("creator", archive_name())
    for participant in snapshot["participants"]:
        add("subject", whole_name(participant))
    for topic in snapshot["topics"]:
        add("subject", topic["name"])
    add("description", snapshot["summary"])
    add("publisher", archive_name())
    add("date", snapshot["date"])
    add("type", "Text")
    add("type", "Event")
    try:
        add("format", f"Record of a {str(Medium(snapshot['medium']).label).lower()}")
    except ValueError:
        add("format", snapshot["medium"])
    add("identifier", request.build_absolute_uri(call.get_permalink()))
    add("identifier", call.identifier)
    for source in snapshot["sources"]:
        add("source", " · ".join(x for x in [source["outlet"], source["title"], source["url"]] if x))
    for language in sorted({s["language"] for s in snapshot["statements"]} | {"en"}):
        add("language", language)
    countries = [p["country"]["name"] for p in snapshot["participants"] if p.get("country")]
    for name in dict.fromkeys(countries):
        add("coverage", name)
    if snapshot.get("place"):
        add("coverage", snapshot["place"])
    for source in snapshot["sources"]:
        if source.get("licence"):
            add("rights", f"{source['outlet']}: {source['licence']} {source.get('attribution', '')}".strip())


def latest_snapshots(calls):
    """The latest version of each published call, captured first where missing or stale."""
    published = [call.pk for call in calls if call.status == Status.PUBLISHED]
    if published:
        record_versions(Call.objects.filter(pk__in=published))
    latest = {}
    for version in CallVersion.objects.filter(call_id__in=published).order_by("call_id", "number"):
        latest[version.call_id] = version.snapshot
    return latest


# Verbs --------------------------------------------------------------------------------


def identify(root, request, params):
    element = sub(root, "Identify")
    sub(element, "repositoryName", archive_name())
    sub(element, "baseURL", request.build_absolute_uri(request.path))
    sub(element, "protocolVersion", "2.0")
    sub(element, "adminEmail", getattr(settings, "OAI_ADMIN_EMAIL", "") or "archive@diplomatic-archive.org")
    earliest = CallVersion.objects.aggregate(first=Min("published_at"))["first"] or timezone.now()
    sub(element, "earliestDatestamp", utc(earliest))
    sub(element, "deletedRecord", "transient")
    sub(element, "granularity", GRANULARITY)
    description = sub(element, "description")
    identifier = ET.SubElement(description, q(OAI_ID_NS, "oai-identifier"))
    identifier.set(q(XSI_NS, "schemaLocation"), f"{OAI_ID_NS} {OAI_ID_SCHEMA}")
    for tag, text in (
        ("scheme", "oai"),
        ("repositoryIdentifier", repository_identifier()),
        ("delimiter", ":"),
        ("sampleIdentifier", oai_identifier("c1be75b92e")),
    ):
        ET.SubElement(identifier, q(OAI_ID_NS, tag)).text = text


def get_by_oai_identifier(value):
    prefix = f"oai:{repository_identifier()}:"
    if not value.startswith(prefix):
        raise OAIError("idDoesNotExist", f"'{value}' is not an identifier of this archive.")
    call = harvestable().filter(identifier=value[len(prefix) :]).prefetch_related("participants", "topics")
    call = call.first()
    if call is None:
        raise OAIError("idDoesNotExist", f"No record has the identifier '{value}'.")
    return call


def list_metadata_formats(root, request, params):
    if params.get("identifier"):
        get_by_oai_identifier(params["identifier"])
    element = sub(root, "ListMetadataFormats")
    for prefix, (schema, namespace) in METADATA_FORMATS.items():
        fmt = sub(element, "metadataFormat")
        sub(fmt, "metadataPrefix", prefix)
        sub(fmt, "schema", schema)
        sub(fmt, "metadataNamespace", namespace)


def list_sets(root, request, params):
    if params.get("resumptionToken"):
        raise OAIError("badResumptionToken", "The list of sets comes whole; it has no resumption tokens.")
    element = sub(root, "ListSets")
    specs = [("country", "Calls by country"), ("topic", "Calls by topic")]
    used = Country.objects.filter(call_roles__call__status__in=[Status.PUBLISHED, Status.WITHDRAWN])
    specs += [(f"country:{c.code}", c.name) for c in used.distinct().order_by("code")]
    specs += [(f"topic:{t.slug}", t.name) for t in Topic.objects.order_by("slug")]
    for spec, name in specs:
        item = sub(element, "set")
        sub(item, "setSpec", spec)
        sub(item, "setName", name)


def check_prefix(params):
    if params["metadataPrefix"] not in METADATA_FORMATS:
        raise OAIError(
            "cannotDisseminateFormat",
            f"The format '{params['metadataPrefix']}' is not offered; "
            f"use one of: {', '.join(METADATA_FORMATS)}.",
        )


def get_record(root, request, params):
    check_prefix(params)
    call = get_by_oai_identifier(params["identifier"])
    element = sub(root, "GetRecord")
    record = sub(element, "record")
    header(record, call)
    if call.status == Status.PUBLISHED:
        dublin_core(record, request, call, latest_snapshots([call])[call.pk])


def list_items(root, request, params, with_metadata):
    if params.get("resumptionToken"):
        try:
            state = signing.loads(params["resumptionToken"], salt=TOKEN_SALT)
        except signing.BadSignature as error:
            raise OAIError("badResumptionToken", "The resumption token is invalid or was altered.") from error
        if not isinstance(state, dict) or not isinstance(state.get("after"), int):
            raise OAIError("badResumptionToken", "The resumption token is invalid.")
        filters = {k: state.get(k) for k in ("from", "until", "set", "metadataPrefix") if state.get(k)}
        after, cursor = state["after"], state.get("cursor", 0)
    else:
        filters = {k: params[k] for k in ("from", "until", "set", "metadataPrefix") if params.get(k)}
        after, cursor = 0, 0
    check_prefix(filters)
    records = filtered(filters)
    total = records.count()
    page = list(
        records.filter(pk__gt=after).order_by("pk").prefetch_related("participants", "topics")[:PAGE_SIZE]
    )
    if not page:
        raise OAIError("noRecordsMatch", "No record matches these arguments.")
    element = sub(root, "ListRecords" if with_metadata else "ListIdentifiers")
    snapshots = latest_snapshots(page) if with_metadata else {}
    for call in page:
        if with_metadata:
            record = sub(element, "record")
            header(record, call)
            if call.pk in snapshots:
                dublin_core(record, request, call, snapshots[call.pk])
        else:
            header(element, call)
    sent = cursor + len(page)
    more = records.filter(pk__gt=page[-1].pk).exists()
    if more:
        token = signing.dumps(
            {**filters, "after": page[-1].pk, "cursor": sent}, salt=TOKEN_SALT, compress=True
        )
        sub(element, "resumptionToken", token, completeListSize=total, cursor=cursor)
    elif params.get("resumptionToken"):
        sub(element, "resumptionToken", "", completeListSize=total, cursor=cursor)


HANDLERS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": lambda root, request, params: list_items(root, request, params, False),
    "ListRecords": lambda root, request, params: list_items(root, request, params, True),
}


def check_arguments(query):
    """The request's arguments, or the protocol error they deserve."""
    for name, values in query.lists():
        if len(values) > 1:
            code = "badVerb" if name == "verb" else "badArgument"
            raise OAIError(code, f"The argument '{name}' is repeated.")
    params = {name: query[name] for name in query}
    verb = params.get("verb")
    if verb not in VERBS:
        raise OAIError("badVerb", "The verb is missing or is not one of: " + ", ".join(VERBS) + ".")
    required, optional = VERBS[verb]
    given = set(params) - {"verb"}
    if "resumptionToken" in given and verb in ("ListIdentifiers", "ListRecords"):
        if given != {"resumptionToken"}:
            raise OAIError("badArgument", "resumptionToken is an exclusive argument.")
        return params
    unknown = given - required - optional
    if unknown:
        raise OAIError("badArgument", f"Illegal argument(s) for {verb}: {', '.join(sorted(unknown))}.")
    missing = required - given
    if missing:
        raise OAIError("badArgument", f"Missing argument(s) for {verb}: {', '.join(sorted(missing))}.")
    return params


@csrf_exempt
@require_http_methods(["GET", "POST", "HEAD"])
def endpoint(request):
    query = request.POST if request.method == "POST" else request.GET
    params = {}
    try:
        params = check_arguments(query)
        root = envelope(request, params)
        HANDLERS[params["verb"]](root, request, params)
    except OAIError as error:
        # badVerb and badArgument echo no attributes in <request>: they may be invalid.
        root = envelope(request, params, verb_ok=error.code not in ("badVerb", "badArgument"))
        sub(root, "error", error.message, code=error.code)
    body = ET.tostring(root, encoding="unicode", xml_declaration=False)
    return HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + body, content_type="text/xml; charset=utf-8"
    )
