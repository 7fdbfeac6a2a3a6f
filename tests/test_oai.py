"""OAI-PMH 2.0: every verb, the protocol's error codes, sets, date ranges, deleted records,
and resumption tokens that page through thousands of records without loss or repeat."""

import datetime

import pytest
from django.utils import timezone
from lxml import etree

from archive.citations.snapshots import record_versions
from archive.models import Call, CallParticipant, CallVersion
from tests.factories import ParticipantFactory, make_call, make_seed_like_call

pytestmark = pytest.mark.django_db

NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "id": "http://www.openarchives.org/OAI/2.0/oai-identifier",
}
REPO = "diplomatic-archive.org"


def oai(client, method="get", **params):
    response = getattr(client, method)("/oai/", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    return etree.fromstring(response.content)


def error_code(tree):
    errors = tree.xpath("//oai:error/@code", namespaces=NS)
    return errors[0] if errors else None


def text(tree, path):
    return tree.xpath(path, namespaces=NS)


def published(n=1, **fields):
    calls = [make_call(**fields) for _ in range(n)]
    record_versions()
    return calls


def test_identify(client):
    published()
    tree = oai(client, verb="Identify")
    assert tree.tag == "{http://www.openarchives.org/OAI/2.0/}OAI-PMH"
    assert text(tree, "//oai:request/@verb") == ["Identify"]
    assert text(tree, "//oai:protocolVersion/text()") == ["2.0"]
    assert text(tree, "//oai:granularity/text()") == ["YYYY-MM-DDThh:mm:ssZ"]
    assert text(tree, "//oai:deletedRecord/text()") == ["transient"]
    assert text(tree, "//oai:baseURL/text()") == ["http://testserver/oai/"]
    earliest = text(tree, "//oai:earliestDatestamp/text()")[0]
    assert datetime.datetime.strptime(earliest, "%Y-%m-%dT%H:%M:%SZ")
    assert text(tree, "//id:repositoryIdentifier/text()") == [REPO]


def test_post_requests_are_answered_too(client):
    tree = oai(client, method="post", verb="Identify")
    assert text(tree, "//oai:protocolVersion/text()") == ["2.0"]


def test_list_metadata_formats(client):
    call = published()[0]
    tree = oai(client, verb="ListMetadataFormats")
    assert text(tree, "//oai:metadataPrefix/text()") == ["oai_dc"]
    tree = oai(client, verb="ListMetadataFormats", identifier=f"oai:{REPO}:{call.identifier}")
    assert text(tree, "//oai:metadataPrefix/text()") == ["oai_dc"]
    tree = oai(client, verb="ListMetadataFormats", identifier=f"oai:{REPO}:nosuchrecord")
    assert error_code(tree) == "idDoesNotExist"


def test_list_sets_by_country_and_topic(client):
    make_seed_like_call()
    record_versions()
    tree = oai(client, verb="ListSets")
    specs = text(tree, "//oai:setSpec/text()")
    assert {"country", "topic", "country:IR", "country:QA", "topic:gaza"} <= set(specs)
    assert error_code(oai(client, verb="ListSets", resumptionToken="x")) == "badResumptionToken"


def test_get_record_is_dublin_core_with_names_whole(client):
    call = make_seed_like_call()
    record_versions()
    tree = oai(client, verb="GetRecord", identifier=f"oai:{REPO}:{call.identifier}", metadataPrefix="oai_dc")
    assert text(tree, "//oai:header/oai:identifier/text()") == [f"oai:{REPO}:c1be75b92e"]
    assert {"country:IR", "country:QA", "topic:gaza"} <= set(text(tree, "//oai:header/oai:setSpec/text()"))
    assert text(tree, "//dc:title/text()") == [call.title]
    assert "Masoud Pezeshkian (مسعود پزشکیان)" in text(tree, "//dc:subject/text()")
    assert "Tamim bin Hamad Al Thani (تميم بن حمد آل ثاني)" in text(tree, "//dc:subject/text()")
    assert "http://testserver/calls/c1be75b92e/" in text(tree, "//dc:identifier/text()")
    assert text(tree, "//dc:date/text()") == ["2024-12-02"]
    assert "ar" in text(tree, "//dc:language/text()")
    version = CallVersion.objects.get(call=call)
    assert text(tree, "//oai:header/oai:datestamp/text()") == [
        version.published_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    ]


def test_withdrawn_record_is_a_deleted_header_without_metadata(client):
    call = published()[0]
    call.status, call.withdrawn_reason = "withdrawn", "Duplicate of another record."
    call.save()
    tree = oai(client, verb="GetRecord", identifier=f"oai:{REPO}:{call.identifier}", metadataPrefix="oai_dc")
    assert text(tree, "//oai:header/@status") == ["deleted"]
    assert not text(tree, "//oai:metadata")
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert text(tree, "//oai:header/@status") == ["deleted"]


def test_drafts_are_never_harvested(client):
    draft = make_call(status="draft")
    tree = oai(client, verb="GetRecord", identifier=f"oai:{REPO}:{draft.identifier}", metadataPrefix="oai_dc")
    assert error_code(tree) == "idDoesNotExist"
    assert error_code(oai(client, verb="ListRecords", metadataPrefix="oai_dc")) == "noRecordsMatch"


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Dance"}, "badVerb"),
        ({"verb": ["Identify", "Identify"]}, "badVerb"),
        ({"verb": "Identify", "extra": "1"}, "badArgument"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": ["oai_dc", "oai_dc"]}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "yesterday"}, "badArgument"),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2024-01-01",
                "until": "2024-02-01T00:00:00Z",
            },
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2025-01-02", "until": "2025-01-01"},
            "badArgument",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        (
            {"verb": "GetRecord", "metadataPrefix": "marc21", "identifier": "oai:x:y"},
            "cannotDisseminateFormat",
        ),
        (
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:elsewhere.org:abc"},
            "idDoesNotExist",
        ),
        ({"verb": "ListRecords", "resumptionToken": "not-a-token"}, "badResumptionToken"),
        ({"verb": "ListRecords", "resumptionToken": "abc", "metadataPrefix": "oai_dc"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "country:ZZ"}, "noRecordsMatch"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "until": "1990-01-01"}, "noRecordsMatch"),
    ],
)
def test_errors_use_the_protocol_codes(client, params, code):
    published()
    tree = oai(client, **params)
    assert error_code(tree) == code
    if code in ("badVerb", "badArgument"):
        assert not text(tree, "//oai:request/@*")


def test_date_range_harvesting(client):
    old, new = published(2)
    CallVersion.objects.filter(call=old).update(
        published_at=datetime.datetime(2025, 1, 10, 8, tzinfo=datetime.UTC)
    )
    CallVersion.objects.filter(call=new).update(
        published_at=datetime.datetime(2025, 3, 5, 8, tzinfo=datetime.UTC)
    )

    def identifiers(**params):
        tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **params)
        return {value.rsplit(":", 1)[1] for value in text(tree, "//oai:header/oai:identifier/text()")}

    assert identifiers(**{"from": "2025-02-01"}) == {new.identifier}
    assert identifiers(until="2025-02-01") == {old.identifier}
    assert identifiers(**{"from": "2025-01-10", "until": "2025-01-10"}) == {old.identifier}
    assert identifiers(**{"from": "2025-01-10T08:00:00Z", "until": "2025-03-05T08:00:00Z"}) == {
        old.identifier,
        new.identifier,
    }
    assert identifiers(**{"from": "2025-01-10T08:00:01Z", "until": "2025-03-05T07:59:59Z"}) == set()


def test_sets_select_records(client):
    seed = make_seed_like_call()
    other = make_call(countries=("US", "FR"))
    record_versions()
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="topic:gaza")
    assert text(tree, "//oai:identifier/text()") == [f"oai:{REPO}:{seed.identifier}"]
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="country:FR")
    assert text(tree, "//oai:identifier/text()") == [f"oai:{REPO}:{other.identifier}"]


def test_resumption_tokens_page_through_3000_records_without_loss_or_repeat(client):
    person, other = ParticipantFactory(), ParticipantFactory()
    calls = Call.objects.bulk_create(
        Call(
            identifier=f"oai-{n:05d}",
            title=f"Call {n}",
            date=datetime.date(2020, 1, 1),
            status="published",
        )
        for n in range(3050)
    )
    CallParticipant.objects.bulk_create(
        CallParticipant(call=call, participant=p, country_id=code, order=i)
        for call in calls
        for i, (p, code) in enumerate(((person, "IR"), (other, "QA")))
    )
    record_versions()
    seen, token, pages, sizes = [], None, 0, set()
    params = {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "country:IR"}
    while True:
        tree = oai(client, **({"verb": "ListIdentifiers", "resumptionToken": token} if token else params))
        assert error_code(tree) is None
        seen += text(tree, "//oai:header/oai:identifier/text()")
        pages += 1
        resumption = text(tree, "//oai:resumptionToken")
        if resumption:
            sizes.add(resumption[0].get("completeListSize"))
            assert int(resumption[0].get("cursor")) == (pages - 1) * 100
        token = resumption[0].text if resumption else None
        if not token:
            break
    assert pages == 31 and sizes == {"3050"}
    assert len(seen) == 3050 and len(set(seen)) == 3050
    assert set(seen) == {f"oai:{REPO}:oai-{n:05d}" for n in range(3050)}

    # ListRecords pages the same way, each record with its Dublin Core.
    tree = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    assert len(text(tree, "//oai:record")) == 100 and len(text(tree, "//oai_dc:dc")) == 100
    token = text(tree, "//oai:resumptionToken/text()")[0]
    tree = oai(client, verb="ListRecords", resumptionToken=token)
    assert text(tree, "//oai:record[1]/oai:header/oai:identifier/text()") == [f"oai:{REPO}:oai-00100"]
    # A token altered by hand is refused.
    assert (
        error_code(oai(client, verb="ListRecords", resumptionToken=token[:-2] + "xx")) == "badResumptionToken"
    )


def test_responses_follow_the_protocol_structure(client):
    make_seed_like_call()
    record_versions()
    for params in (
        {"verb": "Identify"},
        {"verb": "ListSets"},
        {"verb": "ListMetadataFormats"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc"},
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"},
        {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": f"oai:{REPO}:c1be75b92e"},
        {"verb": "Nope"},
    ):
        tree = oai(client, **params)
        children = [etree.QName(child).localname for child in tree]
        assert children[:2] == ["responseDate", "request"]
        assert len(children) == 3
        assert children[2] in (params["verb"], "error")
        stamp = text(tree, "//oai:responseDate/text()")[0]
        assert abs(
            datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.UTC)
            - timezone.now()
        ) < datetime.timedelta(minutes=5)
