"""The read-only JSON API: filters shared with /calls/, published records only, a valid
OpenAPI schema, and no server error under a schemathesis run."""

import datetime

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error

from archive.models import Source, Statement
from archive.vocabularies import Status
from tests.factories import ParticipantFactory, TopicFactory, make_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls():
    gaza = TopicFactory(name="Gaza", slug="gaza")
    pezeshkian = ParticipantFactory(name="Masoud Pezeshkian", slug="masoud-pezeshkian")
    hidden = ParticipantFactory(name="Only in drafts", slug="only-in-drafts")
    seed = make_call(
        ["IR", "QA"], [pezeshkian, None], [gaza], identifier="c1be75b92e", date=datetime.date(2024, 12, 2)
    )
    source = Source.objects.create(call=seed, outlet="Mehr News Agency", language="ar")
    statement = Statement.objects.create(
        call=seed, order=1, text="بحث الرئيسان", language="ar", source=source
    )
    statement.topics.add(gaza)
    other = make_call(["US", "FR"], date=datetime.date(2020, 1, 5))
    make_call(["IR", "QA"], [hidden, None], status=Status.DRAFT, identifier="draftcall")
    return seed, other


def test_call_list_is_paginated_and_filtered_like_the_page(client, calls):
    seed, other = calls
    data = client.get("/api/calls/").json()
    assert data["count"] == 2
    assert {call["identifier"] for call in data["results"]} == {seed.identifier, other.identifier}
    data = client.get("/api/calls/?country=ir&topic=gaza&date_after=2024-01-01").json()
    assert [call["identifier"] for call in data["results"]] == [seed.identifier]
    assert data["results"][0]["countries"] == ["IR", "QA"]
    assert data["results"][0]["permalink"] == "http://testserver/calls/c1be75b92e/"


def test_call_detail_has_statements_and_sources(client, calls):
    data = client.get("/api/calls/c1be75b92e/").json()
    assert data["statements"][0]["text"] == "بحث الرئيسان"
    assert data["statements"][0]["topics"] == ["gaza"]
    assert data["sources"][0]["outlet"] == "Mehr News Agency"


def test_unpublished_records_are_not_in_the_api(client, calls):
    assert client.get("/api/calls/draftcall/").status_code == 404
    people = [person["slug"] for person in client.get("/api/people/").json()["results"]]
    assert "masoud-pezeshkian" in people and "only-in-drafts" not in people


def test_invalid_filters_are_400(client, calls):
    response = client.get("/api/calls/?country=ZZZ&date_after=2024-02-30")
    assert response.status_code == 400
    assert set(response.json()) == {"country", "date_after"}


def test_people_topics_countries(client, calls):
    assert client.get("/api/topics/gaza/").json()["name"] == "Gaza"
    assert client.get("/api/people/masoud-pezeshkian/").json()["name"] == "Masoud Pezeshkian"
    qatar = client.get("/api/countries/QA/").json()
    assert qatar["name"] == "Qatar" and qatar["name_ar"] == "قطر"
    assert client.get("/api/countries/?page=2").status_code == 200


def test_schema_is_valid_openapi(client):
    response = client.get("/api/schema/", headers={"accept": "application/vnd.oai.openapi+json"})
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    parameters = {p["name"] for p in schema["paths"]["/api/calls/"]["get"]["parameters"]}
    assert {
        "country",
        "participant",
        "topic",
        "medium",
        "date_after",
        "date_before",
        "q",
        "page",
    } <= parameters


def test_docs_load_nothing_from_a_cdn(client):
    for url in ("/api/docs/", "/api/redoc/"):
        html = client.get(url).content.decode()
        assert "/static/drf_spectacular_sidecar/" in html
        assert "cdn" not in html.lower()


# Loaded when the tests are collected: drf-spectacular builds the schema without the database.
api_schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture
def test_connection_stays_open():
    """Keep the test's database connection across WSGI requests, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("calls", "test_connection_stays_open")
@api_schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_has_no_server_error(case):
    case.call_and_validate(checks=[not_a_server_error])
