"""Public pages: published records only, stable permalinks, flat query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.models import Translation
from archive.vocabularies import Status

from .factories import CallFactory, StatementFactory, TopicFactory, make_call

pytestmark = pytest.mark.django_db


def test_home_page_lists_published_calls(client):
    call = make_call(title="Call about Gaza")
    draft = make_call(title="Secret draft", status=Status.DRAFT)
    response = client.get("/")
    assert response.status_code == 200
    assert call.title in response.content.decode()
    assert draft.title not in response.content.decode()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW])
def test_unpublished_calls_are_404_for_the_public(client, status):
    call = make_call(status=status)
    assert client.get(call.get_permalink()).status_code == 404
    assert client.get(call.get_absolute_url()).status_code == 404
    assert call.identifier not in client.get(reverse("call-list")).content.decode()


def test_staff_can_preview_a_draft(staff_client):
    call = make_call(status=Status.DRAFT)
    response = staff_client.get(call.get_permalink())
    assert response.status_code == 200
    assert "not shown to the public" in response.content.decode()


def test_withdrawn_call_answers_410_with_the_reason(client):
    call = make_call(status=Status.WITHDRAWN, withdrawn_reason="Duplicate of another record.")
    response = client.get(call.get_permalink())
    assert response.status_code == 410
    assert "Duplicate of another record." in response.content.decode()


def test_permalink_and_slug_url_both_answer(client):
    call = make_call(title="Telephone call between Iran and Qatar")
    assert call.get_absolute_url() == f"/calls/{call.identifier}/telephone-call-between-iran-and-qatar/"
    assert client.get(call.get_permalink()).status_code == 200
    assert client.get(call.get_absolute_url()).status_code == 200


def test_stale_slug_redirects_permanently(client):
    call = make_call(title="Old title")
    old_url = call.get_absolute_url()
    call.title = "New title"
    call.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == f"/calls/{call.identifier}/new-title/"


def test_call_page_shows_statement_in_original_with_direction_and_translation(client):
    call = make_call()
    text = "نحن نريد منطقة آمنة\u200c مع الحفاظ على حدود الدول الإسلامية"
    statement = StatementFactory(call=call, text=text, language="ar", speaker=call.participants.first())
    Translation.objects.create(statement=statement, language="en", text="We want a safe region.")
    html = client.get(call.get_permalink()).content.decode()
    assert f'<blockquote class="original" lang="ar" dir="rtl">{text}</blockquote>' in html
    assert "We want a safe region." in html
    assert f'id="s-{statement.identifier}"' in html


def test_date_archives(client):
    december = make_call(date=datetime.date(2024, 12, 2))
    november = make_call(date=datetime.date(2024, 11, 5))
    older = make_call(date=datetime.date(1999, 12, 2))

    def shown(url):
        response = client.get(url)
        assert response.status_code == 200
        return {call.identifier for call in response.context["page_obj"].object_list}

    assert shown("/calls/2024/") == {december.identifier, november.identifier}
    assert shown("/calls/2024/12/") == {december.identifier}
    assert shown("/calls/2024/12/02/") == {december.identifier}
    assert shown("/calls/1999/12/02/") == {older.identifier}
    assert client.get("/calls/2024/13/").status_code == 404
    assert client.get("/calls/2023/02/29/").status_code == 404


def test_month_precision_call_is_not_in_a_day_archive(client):
    call = make_call(date=datetime.date(2024, 12, 1), date_precision="month")
    assert call.date_display == "December 2024"
    assert client.get("/calls/2024/12/01/").context["page_obj"].paginator.count == 0
    assert client.get("/calls/2024/12/").context["page_obj"].paginator.count == 1


def test_country_pages(client):
    call = make_call(("IR", "QA"))
    make_call(("IR", "TR"))
    response = client.get("/countries/ir/qa/")
    assert response.status_code == 200
    assert [c.identifier for c in response.context["page_obj"].object_list] == [call.identifier]
    assert client.get("/countries/IR/").status_code == 301
    assert client.get("/countries/ir/").context["page_obj"].paginator.count == 2
    assert client.get("/countries/zz/").status_code == 404
    assert client.get("/countries/").status_code == 200


def test_historic_states_and_organisations_have_pages(client):
    make_call(("SU", "US"))
    assert client.get("/countries/su/").status_code == 200
    assert client.get("/countries/un/").status_code == 200


def test_person_and_topic_pages(client):
    gaza = TopicFactory(name="Gaza", slug="gaza")
    call = make_call(topics=[gaza])
    person = call.participants.first().participant
    assert client.get(person.get_absolute_url()).context["page_obj"].paginator.count == 1
    assert client.get(gaza.get_absolute_url()).context["page_obj"].paginator.count == 1
    assert client.get("/people/nobody/").status_code == 404
    assert client.get("/topics/nothing/").status_code == 404


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/calls/",
        "/calls/?country=IR",
        "/calls/2024/",
        "/countries/ir/",
        "/countries/ir/qa/",
        "/topics/gaza/",
        "/people/",
        "/topics/",
        "/countries/",
        "/search/?q=call",
    ],
)
def test_list_query_count_does_not_grow_with_rows(client, url):
    gaza = TopicFactory(name="Gaza", slug="gaza")
    for _ in range(2):
        make_call(topics=[gaza])
    few = query_count(client, url)
    for _ in range(20):
        make_call(topics=[gaza])
    assert query_count(client, url) == few


def test_call_page_query_count_does_not_grow_with_statements(client):
    call = make_call()
    speaker = call.participants.first()
    StatementFactory(call=call, speaker=speaker)
    few = query_count(client, call.get_permalink())
    for _ in range(15):
        statement = StatementFactory(call=call, speaker=speaker)
        Translation.objects.create(statement=statement, language="en", text="Translated.")
    assert query_count(client, call.get_permalink()) == few


def test_unknown_call_is_a_clear_404(client):
    CallFactory()
    response = client.get("/calls/nosuchcall/")
    assert response.status_code == 404
