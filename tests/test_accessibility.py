"""Accessibility: axe-core, run in a real headless Chromium on the main pages, in English and
Arabic, finds no serious or critical violation. axe-core's script ships inside the
axe-playwright-python package (MPL-2.0); nothing is fetched at run time."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from tests.factories import make_sample_archive

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BLOCKING = {"serious", "critical"}


def main_pages(data):
    return {
        "home": "/",
        "call list": "/calls/?country=IR",
        "call page (Arabic statements)": data["call"].get_absolute_url(),
        "country": "/countries/ir/",
        "country pair": "/countries/ir/qa/",
        "person": data["person"].get_absolute_url(),
        "topic": data["topic"].get_absolute_url(),
        "search": "/search/?q=security",
        "date archive": "/calls/2024/12/",
        "call list with an error": "/calls/?date_after=2024-02-30",
        "admin login": "/admin/login/",
    }


def describe(violations):
    lines = []
    for page, violation in violations:
        targets = ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"{page}: [{violation['impact']}] {violation['id']}: {violation['help']} at {targets}")
    return "\n".join(lines)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("language", ["en", "ar"])
def test_main_pages_have_no_serious_accessibility_violations(live_server, monkeypatch, measured, language):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    data = make_sample_archive()
    pages = main_pages(data)
    axe = Axe()
    found, checked = [], 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
            page = context.new_page()
            for name, path in pages.items():
                response = page.goto(live_server.url + path)
                assert response.status < 500, (name, response.status)
                assert page.locator("html").get_attribute("lang") == language, name
                assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
                results = axe.run(page)
                checked += 1
                found += [(name, v) for v in results.response["violations"] if v["impact"] in BLOCKING]
            # The check can fail: a page with an unlabelled image and field is caught.
            page.set_content('<html lang="en"><body><main><img src="x.png"><input></main></body></html>')
            control = {v["id"]: v["impact"] for v in axe.run(page).response["violations"]}
            assert control.get("image-alt") == "critical" and control.get("label") == "critical", control
        finally:
            browser.close()
    measured(f"axe-core ({language}): {checked} pages, {len(found)} serious or critical violations")
    assert not found, describe(found)
