"""The editors' desk: roles, the review workflow, optimistic locking, revisions, revert, restore."""

import datetime
import os

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from archive.models import Call, CallParticipant, Statement, Translation
from archive.vocabularies import Status
from tests.desk_helpers import form_data, member
from tests.factories import ParticipantFactory, StatementFactory, make_call

pytestmark = pytest.mark.django_db


def change_url(call):
    return reverse("admin:archive_call_change", args=[call.pk])


@pytest.fixture
def editor(client, django_user_model):
    user = member(django_user_model, "edith", "Editor")
    client.force_login(user)
    return client


@pytest.fixture
def reviewer(django_user_model):
    from django.test import Client

    client = Client()
    client.force_login(member(django_user_model, "ravi", "Reviewer"))
    return client


# Roles ----------------------------------------------------------------------------------------


def test_groups_come_with_their_permissions_and_no_accounts(django_user_model):
    editor = set(Group.objects.get(name="Editor").permissions.values_list("codename", flat=True))
    reviewer = set(Group.objects.get(name="Reviewer").permissions.values_list("codename", flat=True))
    administrator = set(
        Group.objects.get(name="Administrator").permissions.values_list("codename", flat=True)
    )
    assert {"add_call", "change_call", "submit_call", "add_statement", "add_participant"} <= editor
    assert not {"publish_call", "withdraw_call", "delete_call"} & editor
    assert {"publish_call", "withdraw_call", "delete_call"} <= reviewer and editor <= reviewer
    assert {"add_user", "change_group", "publish_call"} <= administrator
    assert django_user_model.objects.count() == 0


def test_create_admin_reads_the_environment(monkeypatch, django_user_model):
    monkeypatch.setitem(os.environ, "ADMIN_USERNAME", "ana")
    monkeypatch.setitem(os.environ, "ADMIN_PASSWORD", "correct horse battery staple")
    call_command("create_admin", "--no-input")
    ana = django_user_model.objects.get(username="ana")
    assert ana.is_superuser and ana.is_staff and ana.groups.filter(name="Administrator").exists()
    with pytest.raises(CommandError, match="already"):
        call_command("create_admin", "--no-input")


def test_create_admin_refuses_a_weak_password(monkeypatch, django_user_model):
    monkeypatch.setitem(os.environ, "ADMIN_USERNAME", "bo")
    monkeypatch.setitem(os.environ, "ADMIN_PASSWORD", "1234")
    with pytest.raises(CommandError, match="password"):
        call_command("create_admin", "--no-input")
    assert not django_user_model.objects.exists()


# Workflow -------------------------------------------------------------------------------------


def test_editor_is_not_offered_publish_and_the_server_refuses_it(editor):
    call = make_call(status=Status.DRAFT)
    page = editor.get(change_url(call))
    assert page.status_code == 200
    assert 'value="review"' in page.content.decode() and 'value="published"' not in page.content.decode()
    data = form_data(page.content)
    data["status"] = Status.PUBLISHED
    response = editor.post(change_url(call), data)
    assert response.status_code == 200
    assert "Only a reviewer can publish a call" in response.content.decode()
    call.refresh_from_db()
    assert call.status == Status.DRAFT
    data["status"] = Status.WITHDRAWN
    assert "cannot go from Draft to Withdrawn" in editor.post(change_url(call), data).content.decode()


def test_editor_submits_for_review_and_reviewer_publishes(editor, reviewer):
    call = make_call(status=Status.DRAFT)
    data = form_data(editor.get(change_url(call)).content)
    data.update(status=Status.REVIEW, edit_summary="Ready for review")
    assert editor.post(change_url(call), data).status_code == 302
    call.refresh_from_db()
    assert call.status == Status.REVIEW
    assert call.history.first().history_change_reason == "Ready for review"
    page = reviewer.get(change_url(call))
    assert 'value="published"' in page.content.decode()
    data = form_data(page.content)
    data["status"] = Status.PUBLISHED
    assert reviewer.post(change_url(call), data).status_code == 302
    call.refresh_from_db()
    assert call.status == Status.PUBLISHED


def test_an_editor_cannot_publish_a_new_call(editor):
    data = form_data(editor.get(reverse("admin:archive_call_add")).content)
    data.update(title="New call", status=Status.PUBLISHED, date="2024-12-02")
    response = editor.post(reverse("admin:archive_call_add"), data)
    assert response.status_code == 200 and "Only a reviewer can publish" in response.content.decode()
    assert not Call.objects.exists()


def test_withdrawing_needs_a_reviewer_and_a_public_reason(editor, reviewer, client):
    call = make_call(status=Status.PUBLISHED)
    assert 'value="withdrawn"' not in editor.get(change_url(call)).content.decode()
    data = form_data(reviewer.get(change_url(call)).content)
    data["status"] = Status.WITHDRAWN
    response = reviewer.post(change_url(call), data)
    assert response.status_code == 200 and "Say why the call is withdrawn" in response.content.decode()
    data["withdrawn_reason"] = "The report was retracted by its publisher."
    assert reviewer.post(change_url(call), data).status_code == 302
    call.refresh_from_db()
    assert call.status == Status.WITHDRAWN


def test_publish_action_is_refused_to_editors(editor):
    call = make_call(status=Status.REVIEW)
    changelist = reverse("admin:archive_call_changelist")
    editor.post(changelist, {"action": "publish", "_selected_action": [call.pk]})
    call.refresh_from_db()
    assert call.status == Status.REVIEW


def test_drafts_are_404_for_the_public_and_previewable_by_staff(client, editor):
    for status in (Status.DRAFT, Status.REVIEW):
        call = make_call(status=status)
        assert editor.get(call.get_permalink()).status_code == 200
        editor.logout()
        assert client.get(call.get_permalink()).status_code == 404
        assert client.get(reverse("call-list")).content.decode().count(call.title) == 0
        editor.force_login(Group.objects.get(name="Editor").user_set.first())


# Optimistic locking ---------------------------------------------------------------------------


def test_the_later_of_two_saves_is_refused_with_what_changed_and_keeps_its_input(
    editor, reviewer, django_user_model
):
    call = make_call(status=Status.DRAFT, title="Telephone call about Gaza")
    first = form_data(editor.get(change_url(call)).content)
    second = form_data(reviewer.get(change_url(call)).content)
    first.update(title="Telephone call about Gaza and Lebanon", edit_summary="Added Lebanon")
    assert editor.post(change_url(call), first).status_code == 302
    second.update(title="A title the reviewer typed", summary="The reviewer's own summary.")
    response = reviewer.post(change_url(call), second)
    page = response.content.decode()
    assert response.status_code == 200
    assert "saved this call (version 2) after you opened it at version 1" in page
    assert "Telephone call about Gaza and Lebanon" in page  # what the other changed
    assert "A title the reviewer typed" in page and "The reviewer&#x27;s own summary." in page
    call.refresh_from_db()
    assert call.title == "Telephone call about Gaza and Lebanon" and call.version == 2
    # A second, deliberate save after seeing the diff goes through.
    again = form_data(page)
    assert again["version"] == "2"
    assert reviewer.post(change_url(call), again).status_code == 302
    call.refresh_from_db()
    assert call.title == "A title the reviewer typed" and call.version == 3
    assert {r.version for r in call.history.all()} == {1, 2, 3}


def test_a_conflict_lists_changed_statements(editor, reviewer):
    call = make_call(status=Status.DRAFT)
    StatementFactory(call=call, order=1, text="Old words.")
    first = form_data(editor.get(change_url(call)).content)
    second = form_data(reviewer.get(change_url(call)).content)
    first["statements-0-text"] = "New words."
    assert editor.post(change_url(call), first).status_code == 302
    page = reviewer.post(change_url(call), second).content.decode()
    assert "Statement 1: text" in page and "Old words." in page and "New words." in page


def test_a_form_whose_version_was_emptied_is_refused(editor):
    call = make_call(status=Status.DRAFT)
    data = form_data(editor.get(change_url(call)).content)
    data["version"] = ""
    response = editor.post(change_url(call), data)
    assert response.status_code == 200 and "lost the version" in response.content.decode()
    call.refresh_from_db()
    assert call.version == 1


# Revisions, revert, restore --------------------------------------------------------------------

ARABIC = "قالَ الرئيسُ: «نَحْنُ نُرِيدُ مِنطَقَةً آمِنَةً» \u200dـ\u200c می‌خواهیم"


def test_revert_restores_the_exact_bytes_of_statements_and_translations(editor):
    person, other = ParticipantFactory(), ParticipantFactory()
    call = make_call(status=Status.DRAFT, people=[person, other], title="العنوان الأصلي\u200c")
    speaker = call.participants.get(participant=person)
    statement = Statement.objects.create(call=call, order=1, speaker=speaker, text=ARABIC, language="ar")
    Translation.objects.create(statement=statement, language="en", text="We want a safe region.")
    call.save()  # a revision holding the statement: version 2
    version = call.version
    data = form_data(editor.get(change_url(call)).content)
    data.update(
        {
            "title": "A different title",
            "statements-0-text": "نص آخر",
            "statements-0-translation_en": "Other words.",
            "edit_summary": "Rewrote the statement",
        }
    )
    assert editor.post(change_url(call), data).status_code == 302
    statement.refresh_from_db()
    assert statement.text == "نص آخر"
    Statement.objects.create(call=call, order=2, text="Added later.", language="en")
    page = editor.get(reverse("admin:archive_call_revision", args=[call.pk, version + 1]))
    assert "Rewrote the statement" in page.content.decode() and "Statement 1: text" in page.content.decode()
    response = editor.post(
        reverse("admin:archive_call_revision", args=[call.pk, version]), {"summary": "Undo"}
    )
    assert response.status_code == 302
    call.refresh_from_db()
    statement.refresh_from_db()
    assert call.title == "العنوان الأصلي\u200c"
    assert statement.text.encode("utf-8") == ARABIC.encode("utf-8")
    assert statement.translations.get().text == "We want a safe region."
    assert list(call.statements.values_list("order", flat=True)) == [1]
    assert call.history.first().history_change_reason == f"Reverted to version {version}: Undo"


def test_revisions_page_lists_every_save_with_its_summary(editor):
    call = make_call(status=Status.DRAFT)
    for summary in ("First fix", "Second fix"):
        data = form_data(editor.get(change_url(call)).content)
        data.update(summary=f"{data['summary']} {summary}", edit_summary=summary)
        assert editor.post(change_url(call), data).status_code == 302
    page = editor.get(reverse("admin:archive_call_revisions", args=[call.pk])).content.decode()
    assert "First fix" in page and "Second fix" in page and "(current)" in page


def test_a_deleted_call_is_listed_and_restored_whole(client, django_user_model):
    admin_user = django_user_model.objects.create_superuser("root", "r@example.org", "a-long-test-password")
    client.force_login(admin_user)
    call = make_call(status=Status.PUBLISHED)
    statement = StatementFactory(
        call=call, order=1, text=ARABIC, language="ar", speaker=call.participants.first()
    )
    Translation.objects.create(statement=statement, language="en", text="Safe region.")
    identifier, statement_id = call.identifier, statement.identifier
    delete = reverse("admin:archive_call_delete", args=[call.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Call.objects.filter(identifier=identifier).exists()
    deleted = client.get(reverse("admin:archive_call_deleted"))
    assert call.title in deleted.content.decode()
    assert client.post(reverse("admin:archive_call_deleted"), {"call": call.pk}).status_code == 302
    restored = Call.objects.get(identifier=identifier)
    assert restored.status == Status.PUBLISHED
    assert restored.participants.count() == 2
    statement = restored.statements.get()
    assert statement.identifier == statement_id and statement.text == ARABIC
    assert statement.speaker.call_id == restored.pk
    assert statement.translations.get().text == "Safe region."
    assert client.get(restored.get_permalink()).status_code in (200, 301)


def test_an_editor_restores_a_deleted_published_call_as_a_draft(editor, django_user_model):
    call = make_call(status=Status.PUBLISHED)
    pk = call.pk
    call.delete()
    assert editor.post(reverse("admin:archive_call_deleted"), {"call": pk}).status_code == 302
    assert Call.objects.get(pk=pk).status == Status.DRAFT


# Editor comfort -------------------------------------------------------------------------------


def test_change_form_is_keyboard_and_rtl_friendly(editor):
    call = make_call(status=Status.DRAFT)
    StatementFactory(call=call, order=1, text="نص", language="ar")
    page = editor.get(change_url(call)).content.decode()
    assert 'name="edit_summary"' in page and 'type="hidden" name="version"' in page
    assert "desk/desk.js" in page  # Ctrl+S saves, fields follow their language's direction
    assert 'dir="auto"' in page
    # The "+" beside a participant opens the add-person popup without leaving the call.
    assert reverse("admin:archive_participant_add") + "?_to_field=id&amp;_popup=1" in page


def test_adding_a_person_known_by_another_script_warns_until_confirmed(editor):
    person = ParticipantFactory(name="Masoud Pezeshkian", slug="masoud-pezeshkian")
    person.names.create(name="پزشکیان", language="fa")
    add = reverse("admin:archive_participant_add")
    data = form_data(editor.get(add).content, form_id="participant_form")
    data.update(
        {"name": "M. Pezeshkian", "slug": "m-pezeshkian", "names-0-name": "بزشكيان", "names-0-language": "ar"}
    )
    response = editor.post(add, data)
    assert response.status_code == 200
    assert "already known as “پزشکیان”" in response.content.decode()
    data["not_a_duplicate"] = "on"
    assert editor.post(add, data).status_code == 302


def test_call_participants_inline_keeps_the_speaker_rule(editor):
    call = make_call(status=Status.DRAFT)
    assert CallParticipant.objects.filter(call=call).count() == 2
    assert datetime.date(2024, 12, 2) == call.date
