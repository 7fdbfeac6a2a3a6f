"""Facets on the call list: counts for the current filters, links that narrow the list, and
counts equal to the lengths of the lists they link to."""

import datetime
from urllib.parse import parse_qs

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.vocabularies import DatePrecision, Medium, Status
from tests.factories import ParticipantFactory, StatementFactory, TopicFactory, make_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    middle_east = TopicFactory(name="Middle East", slug="middle-east")
    gaza = TopicFactory(name="Gaza", slug="gaza", parent=middle_east)
    lebanon = TopicFactory(name="Lebanon", slug="lebanon", parent=middle_east)
    trade = TopicFactory(name="Trade", slug="trade")
    pezeshkian = ParticipantFactory(name="Masoud Pezeshkian", slug="masoud-pezeshkian")
    tamim = ParticipantFactory(name="Tamim bin Hamad", slug="tamim-bin-hamad")
    macron = ParticipantFactory(name="Emmanuel Macron", slug="emmanuel-macron")
    calls = [
        make_call(["IR", "QA"], [pezeshkian, tamim], [gaza, trade], date=datetime.date(2024, 12, 2)),
        make_call(
            ["IR", "QA"], [pezeshkian, tamim], [lebanon], date=datetime.date(2024, 10, 3), medium=Medium.VISIT
        ),
        make_call(["IR", "FR"], [pezeshkian, macron], [trade], date=datetime.date(2023, 5, 1)),
        make_call(
            ["QA", "FR"],
            [tamim, macron],
            [],
            date=datetime.date(2023, 1, 1),
            date_precision=DatePrecision.YEAR,
            medium=Medium.MEETING,
        ),
        make_call(
            ["FR", "US"], [macron, None], [middle_east], date=datetime.date(2022, 7, 9), medium=Medium.VIDEO
        ),
        make_call(["IR", "QA", "FR"], [pezeshkian, tamim, macron], [], date=datetime.date(2024, 2, 29)),
    ]
    # A topic reported only in a statement still counts for the call, as the filter has it.
    StatementFactory(call=calls[3]).topics.add(gaza)
    # Unpublished calls are never counted.
    make_call(["IR", "QA"], [pezeshkian, tamim], [gaza], status=Status.DRAFT)
    return calls


def facets_of(response):
    return {facet.name: facet.values for facet in response.context["facets"]}


def listed_count(client, query_string):
    response = client.get("/calls/?" + query_string)
    assert response.status_code == 200
    # Counted by the ORM from the filter, independently of the facets' own query (which
    # also gives the paginator its total): the two must agree.
    counted = response.context["filter"].qs.count()
    assert response.context["page_obj"].paginator.count == counted
    return counted


QUERIES = [
    "",
    "country=IR",
    "country=IR&country=QA",
    "topic=middle-east",
    "topic=gaza",
    "medium=telephone",
    "participant=emmanuel-macron",
    "date_after=2023-01-01&date_before=2024-06-30",
    "country=FR&date_after=2023-01-01",
    "q=call&country=QA",
]


@pytest.mark.parametrize("query", QUERIES)
def test_facet_counts_equal_the_lists_they_link_to(client, archive, query):
    response = client.get("/calls/?" + query)
    facets = facets_of(response)
    assert facets, "the call list shows facets"
    for name, values in facets.items():
        for value in values:
            assert listed_count(client, value.query_string) == value.count, (name, value)


def test_facets_count_the_current_filters(client, archive):
    facets = facets_of(client.get("/calls/?country=IR"))
    countries = {value.label: value.count for value in facets["country"]}
    assert countries == {"Qatar": 3, "France": 2}
    assert "Iran" not in str(countries)
    assert {value.label: value.count for value in facets["year"]} == {"2024": 3, "2023": 1}
    media = {value.label: value.count for value in facets["medium"]}
    assert media == {"Telephone call": 3, "In-person visit": 1}
    people = {value.label: value.count for value in facets["participant"]}
    assert people["Masoud Pezeshkian"] == 4
    topics = {value.label: value.count for value in facets["topic"]}
    # Middle East counts calls under Gaza and Lebanon once each.
    assert topics == {"Middle East": 2, "Trade": 2, "Gaza": 1, "Lebanon": 1}


def test_facet_links_add_to_the_current_query(client, archive):
    facets = facets_of(client.get("/calls/?country=IR&medium=telephone&page=1"))
    qatar = next(value for value in facets["country"] if value.label == "Qatar")
    assert parse_qs(qatar.query_string) == {"country": ["IR", "QA"], "medium": ["telephone"]}
    year = next(value for value in facets["year"] if value.label == "2024")
    assert parse_qs(year.query_string)["date_after"] == ["2024-01-01"]
    assert parse_qs(year.query_string)["date_before"] == ["2024-12-31"]
    assert "medium" not in facets  # already chosen: one medium at a time


def test_year_facet_keeps_a_narrower_date_range(client, archive):
    facets = facets_of(client.get("/calls/?date_after=2024-03-01"))
    year = next(value for value in facets["year"] if value.label == "2024")
    assert parse_qs(year.query_string)["date_after"] == ["2024-03-01"]
    assert year.count == 2


def test_a_chosen_topic_offers_its_narrower_topics(client, archive):
    facets = facets_of(client.get("/calls/?topic=middle-east"))
    assert {value.label for value in facets["topic"]} == {"Gaza", "Lebanon"}


def test_facets_are_rendered_as_links(client, archive):
    response = client.get("/calls/?country=IR")
    html = response.content.decode()
    assert 'data-facet="country"' in html
    assert "?country=IR&amp;country=QA" in html


def test_invalid_filters_show_no_facets(client, archive):
    response = client.get("/calls/?country=ZZZ")
    assert response.status_code == 400
    assert "facets" not in response.context


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_calls(client, archive):
    url = "/calls/?country=IR"
    few = count_queries(client, url)
    gaza, trade = TopicFactory(slug="gaza"), TopicFactory(slug="trade")
    for day in range(1, 21):
        make_call(["IR", "US"], topics=[gaza, trade], date=datetime.date(2021, 3, day))
    assert count_queries(client, url) == few
    # The whole page, facets included, in a fixed, small number of queries.
    assert few <= 15


def test_a_long_lists_facets_are_kept_until_a_record_changes(client, archive, monkeypatch):
    # Lists of this many calls or more count as long (2,000 in production).
    monkeypatch.setattr("archive.figures.CACHED_FACETS_FROM", 3)
    monkeypatch.setattr("archive.views.CACHED_FACETS_FROM", 3)
    with CaptureQueriesContext(connection) as first:
        response = client.get("/calls/?country=IR")
    assert response.context["page_obj"].paginator.count == 4
    with CaptureQueriesContext(connection) as second:
        again = client.get("/calls/?country=IR")
    assert len(second) < len(first)  # the facets' query was not run again
    assert facets_of(again) == facets_of(response)
    # An edit is seen at once (in this process; others within FIGURES_SECONDS).
    make_call(["IR", "SA"], date=datetime.date(2025, 1, 5))
    fresh = client.get("/calls/?country=IR")
    assert fresh.context["page_obj"].paginator.count == 5
    assert ("Saudi Arabia", 1) in [(v.label, v.count) for v in facets_of(fresh)["country"]]


def test_pages_of_a_short_list_follow_the_lists_order(client, archive):
    response = client.get("/calls/?country=IR")
    listed = [call.identifier for call in response.context["page_obj"].object_list]
    expected = list(response.context["filter"].qs.values_list("identifier", flat=True))
    assert listed == expected and len(listed) == 4
