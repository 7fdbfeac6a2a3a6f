"""In a real Chromium: a researcher filters by two countries and a date range, opens a call,
switches the interface to Arabic and reads a right-to-left page."""

import datetime
import os
from pathlib import Path

import pytest

from archive.models import Source, Statement
from tests.factories import ParticipantFactory, TopicFactory, make_call

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
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

pytestmark = [
    pytest.mark.browser,
    # The browser needs the countries the migrations load, so they are restored after the test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def page():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed (scripts/ensure-chromium installs it)")
    # Playwright's sync API runs an event loop in this thread; the live server's database
    # work happens in its own thread, so Django's async-safety guard can stand down here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="en-GB")
        yield page
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def records():
    gaza = TopicFactory(name="Gaza", slug="gaza", name_ar="غزة")
    pezeshkian = ParticipantFactory(name="Masoud Pezeshkian", slug="masoud-pezeshkian")
    tamim = ParticipantFactory(name="Tamim bin Hamad Al Thani", slug="tamim-bin-hamad-al-thani")
    call = make_call(
        ["IR", "QA"],
        [pezeshkian, tamim],
        [gaza],
        date=datetime.date(2024, 12, 2),
        title="Telephone call between Masoud Pezeshkian and Tamim bin Hamad Al Thani",
    )
    source = Source.objects.create(call=call, outlet="Mehr News Agency", language="ar")
    Statement.objects.create(
        call=call,
        order=1,
        language="ar",
        source=source,
        text="بحث رئيس الجمهورية الاسلامية الايراني، مسعود بزشكيان خلال اتصال هاتفي مع أمير قطر "
        "آخر التطورات في غزة",
    )
    make_call(["IR", "QA"], [pezeshkian, tamim], date=datetime.date(2023, 6, 1), title="An earlier call")
    make_call(["IR", "FR"], [pezeshkian, None], date=datetime.date(2024, 11, 5), title="A call with France")
    return call


def test_filter_open_and_read_in_arabic(live_server, page, records):
    page.goto(live_server.url + "/calls/")
    page.fill("input[name=country]", "IR")
    page.fill("input[name=date_after]", "2024-01-01")
    page.fill("input[name=date_before]", "2024-12-31")
    page.click(".filters button[type=submit]")
    page.wait_for_url("**/calls/?*country=IR*")
    assert page.locator(".call-row").count() == 2
    # The second country, from the facets: narrows to calls between Iran and Qatar.
    page.click("[data-facet=country] a:has-text('Qatar')")
    page.wait_for_url("**country=QA*")
    rows = page.locator(".call-row")
    assert rows.count() == 1
    assert "date_after=2024-01-01" in page.url and "date_before=2024-12-31" in page.url
    rows.first.locator(".call-title").click()
    page.wait_for_url(f"**/calls/{records.identifier}/**")
    assert page.locator("h1").inner_text().startswith("Telephone call between")
    assert page.locator("html").get_attribute("dir") == "ltr"

    page.click(".language button[value=ar]")
    page.wait_for_selector("html[dir=rtl]")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert f"/calls/{records.identifier}/" in page.url  # the permalink does not change
    assert page.locator("blockquote.original[lang=ar][dir=rtl]").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "research-call-in-arabic.png"), full_page=True)
    assert (ARTIFACTS / "research-call-in-arabic.png").stat().st_size > 0
