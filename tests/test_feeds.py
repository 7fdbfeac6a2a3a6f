"""Atom feeds of new records: all, per country, per topic, per person."""

import datetime
import xml.etree.ElementTree as ET

import feedparser
import pytest

from archive.vocabularies import Status
from tests.factories import ParticipantFactory, TopicFactory, make_call

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def calls():
    gaza = TopicFactory(name="Gaza", slug="gaza")
    pezeshkian = ParticipantFactory(name="Masoud Pezeshkian", slug="masoud-pezeshkian")
    return [
        make_call(
            ["IR", "QA"],
            [pezeshkian, None],
            [gaza],
            title="Pezeshkian and Tamim",
            date=datetime.date(2024, 12, 2),
        ),
        make_call(["US", "FR"], title="Washington and Paris", date=datetime.date(2024, 11, 1)),
        make_call(["IR", "QA"], [pezeshkian, None], [gaza], title="Not yet published", status=Status.DRAFT),
    ]


def assert_valid_atom(content):
    """The elements RFC 4287 requires: feed id, title, updated, author (or one per entry),
    a self link; each entry's id, title, updated and an alternate link."""
    feed = ET.fromstring(content)  # noqa: S314 (our own response)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{name}") is not None and feed.find(f"{ATOM}{name}").text, name
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    ids = []
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{name}").text, name
        datetime.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("http://testserver/calls/")
        ids.append(entry.find(f"{ATOM}id").text)
    assert len(ids) == len(set(ids))
    return feed


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert_valid_atom(response.content)
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def titles(parsed):
    return [entry.title for entry in parsed.entries]


def test_all_calls_feed(client, calls):
    parsed = parse(client, "/feeds/calls.atom")
    assert titles(parsed) == [
        "Washington and Paris (1 November 2024)",
        "Pezeshkian and Tamim (2 December 2024)",
    ]
    entry = parsed.entries[1]
    assert entry.link == f"http://testserver/calls/{calls[0].identifier}/"
    assert entry.id == entry.link
    assert entry.updated_parsed and entry.published_parsed
    assert [tag.term for tag in entry.tags] == ["gaza"]


def test_country_feed(client, calls):
    parsed = parse(client, "/feeds/countries/qa.atom")
    assert titles(parsed) == ["Pezeshkian and Tamim (2 December 2024)"]
    assert parsed.feed.title == "New calls: Qatar"
    assert parse(client, "/feeds/countries/QA.atom").feed.title == "New calls: Qatar"


def test_topic_and_person_feeds(client, calls):
    assert titles(parse(client, "/feeds/topics/gaza.atom")) == ["Pezeshkian and Tamim (2 December 2024)"]
    assert titles(parse(client, "/feeds/people/masoud-pezeshkian.atom")) == [
        "Pezeshkian and Tamim (2 December 2024)"
    ]


def test_empty_feed_is_still_valid(client):
    TopicFactory(slug="trade")
    assert titles(parse(client, "/feeds/topics/trade.atom")) == []


@pytest.mark.parametrize(
    "url", ["/feeds/countries/zz.atom", "/feeds/topics/nope.atom", "/feeds/people/nobody.atom"]
)
def test_unknown_subjects_are_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("/", "/feeds/calls.atom"),
        ("/calls/", "/feeds/calls.atom"),
        ("/countries/qa/", "/feeds/countries/qa.atom"),
        ("/topics/gaza/", "/feeds/topics/gaza.atom"),
        ("/people/masoud-pezeshkian/", "/feeds/people/masoud-pezeshkian.atom"),
    ],
)
def test_pages_announce_their_feed(client, calls, page, feed):
    html = client.get(page).content.decode()
    head = html[: html.index("</head>")]
    assert '<link rel="alternate" type="application/atom+xml"' in head
    assert f'href="{feed}"' in head
