"""Country pairs, timelines and who spoke to whom."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.vocabularies import DatePrecision
from tests.factories import ParticipantFactory, make_call

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def people():
    return {
        "pezeshkian": ParticipantFactory(name="Masoud Pezeshkian", slug="masoud-pezeshkian"),
        "araghchi": ParticipantFactory(name="Abbas Araghchi", slug="abbas-araghchi"),
        "tamim": ParticipantFactory(name="Tamim bin Hamad", slug="tamim-bin-hamad"),
    }


@pytest.fixture
def contacts(people):
    p, a, t = people["pezeshkian"], people["araghchi"], people["tamim"]
    return [
        make_call(["IR", "QA"], [p, t], date=datetime.date(2024, 12, 2)),
        make_call(["IR", "QA"], [p, t], date=datetime.date(2024, 12, 20)),
        make_call(["IR", "QA"], [a, t], date=datetime.date(2024, 10, 3)),
        make_call(["IR", "QA"], [p, t], date=datetime.date(2024, 1, 1), date_precision=DatePrecision.YEAR),
        make_call(["IR", "FR"], [p, None], date=datetime.date(2024, 11, 5)),
    ]


def svg_of(html):
    start = html.index("<svg")
    end = html.index("</svg>") + len("</svg>")
    return ET.fromstring(html[start:end])  # noqa: S314 (our own response)


def test_pair_page_lists_every_contact_and_a_monthly_timeline(client, contacts):
    response = client.get("/countries/ir/qa/")
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 4
    timeline = response.context["timeline"]
    assert not timeline.by_year
    counts = {bar.label: bar.count for bar in timeline.bars}
    assert counts == {"October 2024": 1, "November 2024": 0, "December 2024": 2}
    assert timeline.undated_in_months == 1
    svg = svg_of(response.content.decode())
    assert svg.get("role") == "group"  # its bars are links, so not a single image
    assert svg.find(f"{SVG}title").text == "Contacts by month"
    assert "3 contacts from October 2024 to December 2024" in svg.find(f"{SVG}desc").text
    assert len(svg.findall(f".//{SVG}rect")) == 2


def test_timeline_has_a_table_and_bars_link_to_the_period(client, contacts):
    html = client.get("/countries/ir/qa/").content.decode()
    assert '<table class="timeline-table">' in html
    assert "/calls/?country=IR&amp;country=QA&amp;date_after=2024-12-01&amp;date_before=2024-12-31" in html
    # The link opens the list of exactly the contacts the bar counts.
    listed = client.get("/calls/?country=IR&country=QA&date_after=2024-12-01&date_before=2024-12-31")
    assert listed.context["page_obj"].paginator.count == 2


def test_who_spoke_to_whom(client, contacts):
    pairs = client.get("/countries/ir/qa/").context["people_pairs"]
    assert [(p["person_name"], p["other_name"], p["n"]) for p in pairs] == [
        ("Masoud Pezeshkian", "Tamim bin Hamad", 3),
        ("Abbas Araghchi", "Tamim bin Hamad", 1),
    ]
    html = client.get("/countries/qa/ir/").content.decode()
    assert "Who spoke to whom" in html and 'href="/people/abbas-araghchi/"' in html


def test_long_spans_are_counted_by_year(client, people):
    make_call(["US", "GB"], date=datetime.date(1901, 3, 1))
    make_call(["US", "GB"], date=datetime.date(1950, 3, 1))
    make_call(["US", "GB"], date=datetime.date(1950, 7, 1), date_precision=DatePrecision.YEAR)
    timeline = client.get("/countries/us/gb/").context["timeline"]
    assert timeline.by_year and len(timeline.bars) == 50
    assert {bar.label: bar.count for bar in timeline.periods} == {"1901": 1, "1950": 2}


def test_country_and_person_pages_show_timelines_and_counterparts(client, contacts, people):
    country = client.get("/countries/ir/")
    assert country.context["timeline"].total == 4
    assert [c.code for c in country.context["counterparts"]] == ["QA", "FR"]
    assert "<svg" in country.content.decode()
    person = client.get("/people/masoud-pezeshkian/")
    assert person.context["timeline"].total == 3
    assert person.context["counterparts"][0].name == "Tamim bin Hamad"
    assert "<svg" in person.content.decode()


def test_no_contacts_no_timeline(client):
    response = client.get("/countries/ir/qa/")
    assert response.status_code == 200
    assert response.context["timeline"] is None
    assert "<svg" not in response.content.decode()


def test_pair_page_queries_do_not_grow(client, people):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/countries/ir/qa/").status_code == 200
        return len(captured)

    make_call(["IR", "QA"], date=datetime.date(2024, 1, 5))
    few = queries()
    for month in range(1, 13):
        make_call(
            ["IR", "QA"], [ParticipantFactory(), ParticipantFactory()], date=datetime.date(2023, month, 5)
        )
    assert queries() == few


def test_timeline_in_arabic_keeps_plain_numbers_in_svg(client, contacts):
    client.cookies["django_language"] = "ar"
    html = client.get("/countries/ir/qa/", headers={"accept-language": "ar"}).content.decode()
    svg_of(html)  # still well-formed
    assert 'dir="ltr"' in html[html.index("<svg") :]
