"""In a real Chromium: an editor pastes the seed report, corrects the draft and submits it for
review; a reviewer publishes it; the record appears on the public pages."""

import datetime
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from archive.models import Call
from archive.vocabularies import Status
from tests.desk_people import make_people

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
sync_api = pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SEED_TEXT = (
    Path(__file__).resolve().parent.parent / "fixtures" / "seed" / "000_c1be75b92e9ad0ca.txt"
).read_text(encoding="utf-8")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "a-long-browser-password"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def account(django_user_model, username, group):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def test_from_pasted_report_to_published_record(browser, live_server, django_user_model):
    make_people("masoud-pezeshkian", "tamim-bin-hamad-al-thani")
    account(django_user_model, "edith", "Editor")
    account(django_user_model, "ravi", "Reviewer")

    # The editor pastes the report.
    editor = browser.new_context().new_page()
    sign_in(editor, live_server, "edith")
    editor.goto(f"{live_server.url}/admin/archive/call/")
    editor.click("text=Draft from a report")
    editor.fill("#id_text", SEED_TEXT)
    editor.fill("#id_published_on", "2024-12-02")
    editor.select_option("#id_language", "ar")
    editor.fill("#id_outlet", "Mehr News Agency")
    editor.fill("#id_url", "https://www.mehrnews.com/news/6303475/")
    editor.fill("#id_licence", "CC BY 4.0")
    editor.click("input[name=_intake]")
    editor.wait_for_selector(".desk-guesses")
    ARTIFACTS.mkdir(exist_ok=True)
    editor.screenshot(path=str(ARTIFACTS / "desk-intake-draft.png"), full_page=False)
    guesses = editor.inner_text(".desk-guesses")
    assert "2024-12-02" in guesses and "اليوم الاثنين" in guesses and "Tamim bin Hamad Al Thani" in guesses
    assert editor.get_attribute("#id_statements-2-text", "dir") in ("auto", "rtl")

    # ... corrects the draft and submits it for review, saving from the keyboard.
    editor.fill("#id_summary", "Pezeshkian and Tamim discussed Gaza, Lebanon, Syria and bilateral ties.")
    editor.fill(
        "#id_statements-2-translation_en",
        "President Pezeshkian pointed to the movements of terrorist groups.",
    )
    editor.select_option("#id_status", "review")
    assert editor.locator("#id_status option[value=published]").count() == 0
    editor.fill("#id_edit_summary", "Checked the guesses; wrote the summary")
    editor.focus("#id_edit_summary")
    editor.keyboard.press("Control+s")
    editor.wait_for_selector("ul.messagelist li.success")
    call = Call.objects.get()
    assert call.status == Status.REVIEW and call.date == datetime.date(2024, 12, 2)
    assert call.history.first().history_change_reason == "Checked the guesses; wrote the summary"

    # The public cannot see it yet.
    public = browser.new_context().new_page()
    assert public.goto(f"{live_server.url}{call.get_permalink()}").status == 404

    # A reviewer publishes it.
    reviewer = browser.new_context().new_page()
    sign_in(reviewer, live_server, "ravi")
    reviewer.goto(f"{live_server.url}/admin/archive/call/{call.pk}/change/")
    reviewer.select_option("#id_status", "published")
    reviewer.fill("#id_edit_summary", "Reviewed and published")
    reviewer.click("input[name=_save]")
    reviewer.wait_for_selector("ul.messagelist li.success")
    call.refresh_from_db()
    assert call.status == Status.PUBLISHED

    # The record is on the public pages.
    response = public.goto(f"{live_server.url}{call.get_permalink()}")
    assert response.ok
    body = public.inner_text("body")
    assert call.title in body
    assert "نحن نريد منطقة آمنة" in body
    assert "President Pezeshkian pointed to the movements of terrorist groups." in body
    public.goto(f"{live_server.url}/calls/2024/12/02/")
    assert call.title in public.inner_text("body")
    public.goto(f"{live_server.url}/calls/")
    assert call.title in public.inner_text("body")


def test_add_a_person_from_the_call_without_leaving_it(browser, live_server, django_user_model):
    account(django_user_model, "edith", "Editor")
    page = browser.new_context().new_page()
    sign_in(page, live_server, "edith")
    page.goto(f"{live_server.url}/admin/archive/call/add/")
    page.fill("#id_title", "Telephone call with a newcomer")
    page.click("#participants-group .add-row a")
    with page.expect_popup() as opened:
        page.click("#add_id_participants-0-participant")
    popup = opened.value
    popup.wait_for_load_state()
    popup.fill("#id_name", "Mohammed bin Abdulrahman Al Thani")
    popup.fill("#id_slug", "mohammed-bin-abdulrahman-al-thani")
    popup.fill("#id_names-0-name", "محمد بن عبدالرحمن آل ثاني")
    popup.select_option("#id_names-0-language", "ar")
    popup.click("input[name=_save]")
    # A locator assertion, not wait_for_function: the site's Content-Security-Policy forbids the
    # string evaluation that wait_for_function uses.
    sync_api.expect(page.locator("#id_participants-0-participant")).not_to_have_value("", timeout=15000)
    person = django_user_model._meta.apps.get_model("archive", "Participant").objects.get()
    assert page.eval_on_selector("#id_participants-0-participant", "el => el.value") == str(person.pk)
    assert "Mohammed bin Abdulrahman Al Thani" in page.inner_text("#participants-group")
