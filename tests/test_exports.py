"""CSV, JSON and event-data exports of filtered call lists."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive import exports
from archive.models import CallParticipant, Source
from archive.vocabularies import Medium, ParticipantRole, Status
from tests.factories import CallFactory, ParticipantFactory, StatementFactory, TopicFactory, make_call

pytestmark = pytest.mark.django_db


def body(response):
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def read_csv(response):
    return list(csv.DictReader(io.StringIO(body(response))))


@pytest.fixture
def calls():
    gaza = TopicFactory(name="Gaza", slug="gaza")
    pezeshkian = ParticipantFactory(name="Masoud Pezeshkian", slug="masoud-pezeshkian")
    seed = make_call(
        ["IR", "QA"],
        [pezeshkian, None],
        [gaza],
        date=datetime.date(2024, 12, 2),
        title="Telephone call between Pezeshkian and Tamim",
        summary="غزة ولبنان وسوريا",
    )
    Source.objects.create(
        call=seed, outlet="Mehr News Agency", url="https://www.mehrnews.com/x", language="ar"
    )
    StatementFactory(call=seed, order=1)
    StatementFactory(call=seed, order=2)
    other = make_call(["IR", "FR"], date=datetime.date(2023, 5, 1))
    third = make_call(["US", "FR"], date=datetime.date(2020, 1, 5), medium=Medium.VIDEO)
    make_call(["IR", "QA"], status=Status.DRAFT)
    return seed, other, third


def test_csv_holds_exactly_the_filtered_calls(client, calls):
    seed, other, third = calls
    rows = read_csv(client.get("/calls/export.csv?country=IR"))
    assert [row["identifier"] for row in rows] == [other.identifier, seed.identifier]
    row = rows[1]
    assert list(row) == exports.CALL_COLUMNS
    assert row["permalink"] == f"http://testserver/calls/{seed.identifier}/"
    assert row["date"] == "2024-12-02" and row["date_precision"] == "day"
    assert row["countries"] == "IR;QA"
    assert row["participants"].startswith("Masoud Pezeshkian (IR);")
    assert row["topics"] == "gaza"
    assert row["summary"] == "غزة ولبنان وسوريا"
    assert row["statement_count"] == "2"
    assert row["sources"] == "https://www.mehrnews.com/x"


def test_json_is_a_valid_array_of_the_filtered_calls(client, calls):
    seed, other, third = calls
    response = client.get("/calls/export.json?date_after=2023-01-01&date_before=2024-12-31")
    assert response["Content-Type"].startswith("application/json")
    records = json.loads(body(response))
    assert [record["identifier"] for record in records] == [other.identifier, seed.identifier]
    assert records[1]["countries"] == ["IR", "QA"]
    assert records[1]["sources"][0]["outlet"] == "Mehr News Agency"
    assert records[1]["participants"][0]["slug"] == "masoud-pezeshkian"


def test_empty_json_export_is_an_empty_array(client, calls):
    assert json.loads(body(client.get("/calls/export.json?country=JP"))) == []


def test_exports_match_the_call_list(client, calls):
    for query in ["", "country=FR", "medium=video", "topic=gaza", "q=Tamim"]:
        listed = client.get("/calls/?" + query).context["page_obj"].paginator.count
        assert len(read_csv(client.get("/calls/export.csv?" + query))) == listed
        assert len(json.loads(body(client.get("/calls/export.json?" + query)))) == listed


@pytest.mark.parametrize("url", ["/calls/export.csv", "/calls/export.json", "/calls/events.csv"])
@pytest.mark.parametrize(
    "query", ["country=ZZZ", "date_after=2024-13-01", "medium=pigeon", "topic=nope", "participant=%00"]
)
def test_invalid_filters_are_a_plain_400(client, url, query):
    response = client.get(f"{url}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().startswith("The filters could not be used:")


def test_export_reads_in_chunks_with_a_fixed_number_of_queries_per_chunk(client, calls, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 10)  # 500 in production: the same, sooner

    def queries_for(url):
        with CaptureQueriesContext(connection) as captured:
            body(client.get(url))
        return len(captured)

    one_chunk = queries_for("/calls/export.csv")
    for day in range(1, exports.CHUNK_SIZE + 2):
        make_call(["IR", "QA"], date=datetime.date(2021, 1, 1) + datetime.timedelta(days=day))
    # One more chunk: the same queries once more, not one per row.
    two_chunks = queries_for("/calls/export.csv")
    assert two_chunks - one_chunk <= 4
    assert one_chunk <= 6


def events(client, query=""):
    return read_csv(client.get("/calls/events.csv" + query))


def test_telephone_call_is_041_both_ways(client, calls):
    seed = calls[0]
    rows = [row for row in events(client) if row["call_identifier"] == seed.identifier]
    assert [(r["source_iso3"], r["target_iso3"], r["cameo_code"]) for r in rows] == [
        ("IRN", "QAT", "041"),
        ("QAT", "IRN", "041"),
    ]
    assert rows[0]["source_country"] == "IR" and rows[0]["date"] == "2024-12-02"
    assert rows[0]["source_actor"] == "Masoud Pezeshkian"
    assert rows[0]["quad_class"] == "1" and rows[0]["cameo_root"] == "04"


def test_visit_is_042_from_visitor_and_043_from_host(client):
    visit = CallFactory(medium=Medium.VISIT, place="Washington", place_country_id="US")
    CallParticipant.objects.create(call=visit, country_id="JO", name_as_written="King Abdullah II")
    CallParticipant.objects.create(call=visit, country_id="US", name_as_written="The President", order=1)
    rows = events(client)
    assert {(r["source_country"], r["target_country"], r["cameo_code"]) for r in rows} == {
        ("JO", "US", "042"),
        ("US", "JO", "043"),
    }


def test_host_role_decides_over_place(client):
    meeting = CallFactory(medium=Medium.MEETING)
    CallParticipant.objects.create(
        call=meeting, country_id="QA", role=ParticipantRole.HOST, name_as_written="A"
    )
    CallParticipant.objects.create(
        call=meeting, country_id="IR", role=ParticipantRole.VISITOR, name_as_written="B"
    )
    codes = {(r["source_country"], r["cameo_code"]) for r in events(client)}
    assert codes == {("IR", "042"), ("QA", "043")}


def test_meeting_elsewhere_is_044_and_letters_040(client):
    meeting = CallFactory(medium=Medium.MEETING, place="Geneva", place_country_id="CH")
    letter = CallFactory(medium=Medium.MESSAGE)
    for call in (meeting, letter):
        CallParticipant.objects.create(call=call, country_id="US", name_as_written="A")
        CallParticipant.objects.create(call=call, country_id="SU", name_as_written="B", order=1)
    rows = events(client)
    by_call = {(r["call_identifier"], r["source_country"]): r for r in rows}
    assert by_call[(meeting.identifier, "US")]["cameo_code"] == "044"
    assert by_call[(letter.identifier, "SU")]["cameo_code"] == "040"
    # Historic states keep their ISO 3166-3 alpha-3 code, so records join with older event data.
    assert by_call[(letter.identifier, "SU")]["source_iso3"] == "SUN"
    assert len(rows) == 4


def test_one_sided_call_has_no_dyad(client):
    make_call(["IR"])
    assert events(client) == []


def test_call_list_links_to_exports_with_its_query(client, calls):
    html = client.get("/calls/?country=IR&page=1").content.decode()
    assert 'href="/calls/export.csv?country=IR"' in html
    assert 'href="/calls/export.json?country=IR"' in html
    assert 'href="/calls/events.csv?country=IR"' in html


def test_measure_export_command_reports_memory(capsys):
    from django.core.management import call_command

    call_command("measure_export", "--rows", "30", "--rows", "60", "--format", "csv")
    out = capsys.readouterr().out
    assert "rows=30" in out and "rows=60" in out and "tracemalloc_peak_kib" in out
