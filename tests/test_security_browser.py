"""The Content-Security-Policy in a real browser: the public pages and the admin's editing forms
(with their scripts, autocomplete widgets and inlines) work without breaking the policy."""

import pytest
from playwright.sync_api import sync_playwright

from tests.factories import make_sample_archive
from tests.test_accessibility import CHROMIUM, CHROMIUM_ARGS


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pages_and_admin_forms_run_under_the_policy(live_server, monkeypatch, django_user_model):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    data = make_sample_archive()
    django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-test-password")
    call = data["call"]
    refused = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on(
                "console",
                lambda message: (
                    refused.append((page.url, message.text))
                    if "Content Security Policy" in message.text
                    else None
                ),
            )
            for path in ["/", "/calls/?country=IR", call.get_absolute_url(), "/search/?q=security"]:
                page.goto(live_server.url + path)
            # The API's Swagger page starts from a script file, not inline code: it renders.
            page.goto(live_server.url + "/api/docs/")
            page.wait_for_selector(".swagger-ui .opblock", state="attached")
            page.goto(live_server.url + "/admin/login/")
            page.fill("#id_username", "editor")
            page.fill("#id_password", "a-long-test-password")
            page.click("input[type=submit]")
            page.wait_for_url(live_server.url + "/admin/")
            page.goto(live_server.url + f"/admin/archive/call/{call.pk}/change/")
            # The admin's scripts ran: the inline "add another" links and autocomplete widgets exist.
            page.wait_for_selector(".add-row a", state="attached")
            assert page.locator(".select2-container").count() > 0
            page.goto(live_server.url + "/admin/archive/call/add/")
            page.wait_for_selector(".add-row a", state="attached")
            # The check can fail: an inline style on a page of ours is refused and reported.
            page.goto(live_server.url + "/")
            page.evaluate("""document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>')""")
            page.wait_for_timeout(200)
            control = [text for _url, text in refused if "inline style" in text]
            assert control, refused
            del refused[-len(control) :]
        finally:
            browser.close()
    assert not refused, refused
