"""The call list's filters, through the URL: which records appear and which do not."""

import datetime

import pytest
from django.urls import reverse

from archive.vocabularies import Medium, Status

from .factories import ParticipantFactory, StatementFactory, TopicFactory, make_call

pytestmark = pytest.mark.django_db


def listed(client, query=""):
    response = client.get(reverse("call-list") + query)
    assert response.status_code == 200, response.content[:500]
    return {call.identifier for call in response.context["page_obj"].object_list}


@pytest.fixture
def calls():
    gaza = TopicFactory(name="Gaza", slug="gaza")
    middle_east = TopicFactory(name="Middle East", slug="middle-east")
    syria = TopicFactory(name="Syria", slug="syria", parent=middle_east)
    pezeshkian = ParticipantFactory(name="Masoud Pezeshkian", slug="masoud-pezeshkian")
    return {
        "ir_qa": make_call(
            ("IR", "QA"), people=[pezeshkian, None], topics=[gaza], date=datetime.date(2024, 12, 2)
        ),
        "ir_tr": make_call(
            ("IR", "TR"), people=[pezeshkian, None], topics=[syria], date=datetime.date(2024, 11, 20)
        ),
        "us_qa": make_call(("US", "QA"), medium=Medium.VISIT, date=datetime.date(2023, 5, 1)),
        "draft": make_call(("IR", "QA"), status=Status.DRAFT, date=datetime.date(2024, 12, 3)),
        "su_us": make_call(("SU", "US"), medium=Medium.MEETING, date=datetime.date(1959, 9, 15)),
    }


def ids(calls, *names):
    return {calls[name].identifier for name in names}


def test_unfiltered_list_shows_published_only(client, calls):
    assert listed(client) == ids(calls, "ir_qa", "ir_tr", "us_qa", "su_us")


def test_country_filter(client, calls):
    assert listed(client, "?country=IR") == ids(calls, "ir_qa", "ir_tr")
    assert listed(client, "?country=qa") == ids(calls, "ir_qa", "us_qa")
    assert listed(client, "?country=SU") == ids(calls, "su_us")


def test_two_countries_means_calls_between_them(client, calls):
    assert listed(client, "?country=IR&country=QA") == ids(calls, "ir_qa")
    assert listed(client, "?country=IR&country=US") == set()


def test_participant_filter(client, calls):
    assert listed(client, "?participant=masoud-pezeshkian") == ids(calls, "ir_qa", "ir_tr")


def test_topic_filter_includes_narrower_topics(client, calls):
    assert listed(client, "?topic=gaza") == ids(calls, "ir_qa")
    assert listed(client, "?topic=syria") == ids(calls, "ir_tr")
    assert listed(client, "?topic=middle-east") == ids(calls, "ir_tr")


def test_topic_of_a_statement_counts(client, calls):
    lebanon = TopicFactory(name="Lebanon", slug="lebanon")
    statement = StatementFactory(call=calls["us_qa"])
    statement.topics.add(lebanon)
    assert listed(client, "?topic=lebanon") == ids(calls, "us_qa")


def test_medium_filter(client, calls):
    assert listed(client, "?medium=visit") == ids(calls, "us_qa")
    assert listed(client, "?medium=telephone") == ids(calls, "ir_qa", "ir_tr")


def test_date_range_is_inclusive(client, calls):
    assert listed(client, "?date_after=2024-11-20&date_before=2024-12-02") == ids(calls, "ir_qa", "ir_tr")
    assert listed(client, "?date_after=2024-11-21") == ids(calls, "ir_qa")
    assert listed(client, "?date_before=1960-01-01") == ids(calls, "su_us")


def test_text_query_matches_title_statements_and_names(client, calls):
    StatementFactory(call=calls["ir_tr"], text="نحن نريد منطقة آمنة", language="ar")
    assert listed(client, "?q=منطقة") == ids(calls, "ir_tr")
    assert listed(client, "?q=Pezeshkian") == ids(calls, "ir_qa", "ir_tr")


def test_filters_combine(client, calls):
    query = "?country=IR&topic=gaza&date_after=2024-01-01&medium=telephone&participant=masoud-pezeshkian"
    assert listed(client, query) == ids(calls, "ir_qa")


def test_unknown_parameters_are_ignored(client, calls):
    assert listed(client, "?utm_source=x&foo=bar") == ids(calls, "ir_qa", "ir_tr", "us_qa", "su_us")


BAD_INPUTS = [
    ("?date_after=2024-02-30", 400, "Enter a real date"),
    ("?date_before=yesterday", 400, "Enter a real date"),
    ("?date_after=99999-01-01", 400, "Enter a real date"),
    ("?country=%3Cscript%3Ealert(1)%3C/script%3E", 400, "is not a country code"),
    ("?country=ZZ", 400, "is not a country code"),
    ("?participant=nobody-at-all", 400, "Select a valid choice"),
    ("?topic=%00", 400, "Null characters are not allowed"),
    ("?medium=carrier-pigeon", 400, "Select a valid choice"),
    ("?q=" + "ب" * 10_000, 400, "at most 300 characters"),
    ("?q=%00", 400, "Null characters are not allowed"),
    ("?page=99999", 404, "There is no page 99999"),
    ("?page=abc", 404, "whole number"),
    ("?page=-1", 404, "There is no page"),
    ("?date_after=2024-02-30&page=99999", 400, "Enter a real date"),
]


@pytest.mark.parametrize(("query", "status", "message"), BAD_INPUTS)
def test_bad_input_answers_with_a_message_never_500(client, calls, query, status, message):
    response = client.get(reverse("call-list") + query)
    assert response.status_code == status
    assert message in response.content.decode()


def test_hostile_country_value_is_escaped(client, calls):
    response = client.get(reverse("call-list") + "?country=%3Cscript%3Ealert(1)%3C/script%3E")
    assert b"<SCRIPT>alert" not in response.content
    assert b"&lt;SCRIPT&gt;" in response.content
