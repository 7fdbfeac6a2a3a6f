"""Editors enter a whole call on one admin page; the archive's rules come back as messages."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from archive.models import Call, Statement
from archive.vocabularies import Status

from .factories import ParticipantFactory

pytestmark = pytest.mark.django_db

ARABIC = (
    'وأضاف: "نحن نريد منطقةً آمنة مع الحفاظ على حدود وسلامة أراضي الدول الإسلامية\u200c"، '
    "مؤكداً على ضرورة الحوار."
)


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def call_form(people, status=Status.PUBLISHED, date="2024-12-02", speaker=None, **overrides):
    data = {
        "title": "Telephone call between Masoud Pezeshkian and Tamim bin Hamad Al Thani",
        "summary": "Gaza, Lebanon and Syria.",
        "medium": "telephone",
        "status": status,
        "date": date,
        "date_precision": "day",
        **management("participants", len(people)),
        **management("statements", 1),
        **management("sources", 1),
        "statements-0-order": "1",
        "statements-0-speaker_person": str(speaker.pk if speaker else people[0].pk),
        "statements-0-kind": "quote",
        "statements-0-language": "ar",
        "statements-0-text": ARABIC,
        "statements-0-translation_en": "We want a safe region.",
        "sources-0-outlet": "Mehr News Agency",
        "sources-0-kind": "news",
        "sources-0-language": "ar",
        "sources-0-licence": "CC BY 4.0",
    }
    for index, (person, country) in enumerate(zip(people, ["IR", "QA"], strict=False)):
        data.update(
            {
                f"participants-{index}-order": str(index),
                f"participants-{index}-participant": str(person.pk),
                f"participants-{index}-country": country,
                f"participants-{index}-role": "participant",
                f"participants-{index}-name_as_written": "مسعود بزشكيان" if index == 0 else "",
                f"participants-{index}-name_language": "ar" if index == 0 else "",
            }
        )
    data.update(overrides)
    return data


@pytest.fixture
def people():
    return [
        ParticipantFactory(name="Masoud Pezeshkian", slug="masoud-pezeshkian"),
        ParticipantFactory(name="Tamim bin Hamad Al Thani", slug="tamim-bin-hamad-al-thani"),
    ]


def errors_of(response):
    assert response.status_code == 200, "the form should be shown again with errors"
    errors = [str(e) for e in response.context["errors"]]
    return " ".join(errors)


def test_editor_creates_a_call_with_an_arabic_statement_and_it_appears_once_published(staff_client, people):
    public = Client()
    response = staff_client.post(reverse("admin:archive_call_add"), call_form(people, status=Status.DRAFT))
    assert response.status_code == 302, errors_of(response)
    call = Call.objects.get()
    assert call.participants.count() == 2
    statement = Statement.objects.get()
    assert statement.speaker.participant == people[0]
    assert statement.text.encode() == ARABIC.encode()
    assert statement.translations.get(language="en").text == "We want a safe region."
    assert public.get(call.get_permalink()).status_code == 404

    call.status = Status.PUBLISHED
    call.save()
    page = public.get(call.get_permalink())
    assert page.status_code == 200
    assert ARABIC.encode() in page.content.replace(b"&quot;", b'"')
    assert call.history.count() >= 2


def test_published_call_needs_two_participants(staff_client, people):
    response = staff_client.post(reverse("admin:archive_call_add"), call_form(people[:1]))
    assert "at least two participants" in errors_of(response)
    assert not Call.objects.exists()


def test_published_call_needs_a_date(staff_client, people):
    response = staff_client.post(reverse("admin:archive_call_add"), call_form(people, date=""))
    assert "A published call needs a date" in errors_of(response)


def test_date_cannot_be_in_the_future(staff_client, people):
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    response = staff_client.post(reverse("admin:archive_call_add"), call_form(people, date=tomorrow))
    assert "is in the future" in errors_of(response)
    assert not Call.objects.exists()


def test_impossible_date_is_a_form_error(staff_client, people):
    response = staff_client.post(reverse("admin:archive_call_add"), call_form(people, date="2024-02-30"))
    assert "Enter a valid date" in errors_of(response)


def test_speaker_must_take_part_in_the_call(staff_client, people):
    outsider = ParticipantFactory(name="Someone Else", slug="someone-else")
    response = staff_client.post(reverse("admin:archive_call_add"), call_form(people, speaker=outsider))
    assert "is not a participant of this call" in errors_of(response)
    assert not Call.objects.exists()


def test_rejected_form_keeps_the_arabic_input(staff_client, people):
    response = staff_client.post(reverse("admin:archive_call_add"), call_form(people, date=""))
    assert ARABIC in response.content.decode().replace("&quot;", '"')


def test_withdrawing_needs_a_reason(staff_client, people):
    response = staff_client.post(
        reverse("admin:archive_call_add"), call_form(people, status=Status.WITHDRAWN)
    )
    assert "Say why the call is withdrawn" in errors_of(response)


def test_editing_an_existing_call_keeps_the_statement_speaker(staff_client, people):
    staff_client.post(reverse("admin:archive_call_add"), call_form(people, status=Status.DRAFT))
    call = Call.objects.get()
    change_url = reverse("admin:archive_call_change", args=[call.pk])
    assert staff_client.get(change_url).status_code == 200
    statement = call.statements.get()
    participants = list(call.participants.order_by("order"))
    source = call.sources.get()
    data = call_form(people, status=Status.PUBLISHED)
    data.update(management("participants", 2, initial=2))
    data.update(management("statements", 1, initial=1))
    data.update(management("sources", 1, initial=1))
    data["participants-0-id"] = str(participants[0].pk)
    data["participants-1-id"] = str(participants[1].pk)
    data["participants-0-call"] = data["participants-1-call"] = str(call.pk)
    data["statements-0-id"] = str(statement.pk)
    data["statements-0-call"] = str(call.pk)
    data["sources-0-id"] = str(source.pk)
    data["sources-0-call"] = str(call.pk)
    data["statements-0-speaker_person"] = str(people[1].pk)
    response = staff_client.post(change_url, data)
    assert response.status_code == 302, errors_of(response)
    statement.refresh_from_db()
    assert statement.speaker.participant == people[1]
    assert Call.objects.get().status == Status.PUBLISHED


def test_admin_lists_and_search(staff_client, people):
    staff_client.post(reverse("admin:archive_call_add"), call_form(people))
    changelist = staff_client.get(reverse("admin:archive_call_changelist") + "?q=Pezeshkian")
    assert changelist.status_code == 200
    assert "Telephone call between Masoud Pezeshkian" in changelist.content.decode()
    for name in ["participant", "topic", "country", "statement"]:
        assert staff_client.get(reverse(f"admin:archive_{name}_changelist")).status_code == 200
    autocomplete = staff_client.get(
        "/admin/autocomplete/",
        {"app_label": "archive", "model_name": "callparticipant", "field_name": "participant", "term": "Pez"},
    )
    assert autocomplete.status_code == 200
    assert "Masoud Pezeshkian" in autocomplete.content.decode()
