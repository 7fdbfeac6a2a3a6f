"""Cite this: formatted citations, BibTeX/RIS/CSL-JSON through real parsers, meta tags,
JSON-LD and content negotiation on the call permalink."""

import json
import re

import bibtexparser
import pytest
import rispy
from lxml import html as lxml_html

from tests.factories import StatementFactory, make_call, make_seed_like_call

pytestmark = pytest.mark.django_db

PEZESHKIAN = "Masoud Pezeshkian (مسعود پزشکیان)"
TAMIM = "Tamim bin Hamad Al Thani (تميم بن حمد آل ثاني)"


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return lxml_html.fromstring(response.content.decode())


def meta(tree, name):
    return [element.get("content") for element in tree.xpath(f'//meta[@name="{name}"]')]


def test_call_page_has_every_citation_style_with_version_and_access_date(client):
    call = make_seed_like_call()
    tree = page(client, call.get_absolute_url())
    styles = {p.get("data-style"): p.text_content() for p in tree.xpath('//p[@class="citation"]')}
    assert set(styles) == {"chicago-note", "chicago-bibliography", "apa", "mla"}
    for text in styles.values():
        assert PEZESHKIAN in text and TAMIM in text
        assert "http://testserver/calls/c1be75b92e/versions/1/" in text
        assert "c1be75b92e" in text
    assert "version 1" in styles["chicago-note"]
    assert "Version 1" in styles["apa"]
    assert re.search(r"accessed \w+ \d+, \d{4}", styles["chicago-note"])
    assert re.search(r"Accessed \d+ \w+\.? \d{4}\.$", styles["mla"])
    # Names are never inverted into "Pezeshkian, Masoud".
    assert "Pezeshkian, Masoud" not in " ".join(styles.values())


def test_meta_tags_carry_title_date_author_and_permalink(client):
    call = make_seed_like_call()
    tree = page(client, call.get_absolute_url())
    assert meta(tree, "citation_title") == [call.title]
    assert meta(tree, "citation_author") == ["Diplomatic Communications Archive"]
    assert re.fullmatch(r"\d{4}/\d{2}/\d{2}", meta(tree, "citation_publication_date")[0])
    assert meta(tree, "citation_public_url") == ["http://testserver/calls/c1be75b92e/"]
    assert PEZESHKIAN in meta(tree, "DC.subject") and TAMIM in meta(tree, "DC.subject")
    assert meta(tree, "DC.coverage") == ["2024-12-02"]


def test_statement_page_names_the_speaker_as_author(client):
    call = make_seed_like_call()
    statement = call.statements.get(order=1)
    tree = page(client, f"/calls/{call.identifier}/statements/{statement.identifier}/")
    assert meta(tree, "citation_author") == [PEZESHKIAN]
    assert meta(tree, "citation_public_url") == [
        f"http://testserver/calls/c1be75b92e/statements/{statement.identifier}/"
    ]
    assert statement.text in tree.text_content()
    note = tree.xpath('//p[@data-style="chicago-note"]')[0].text_content()
    assert note.startswith(PEZESHKIAN + ", statement 1, in “")


def test_json_ld_describes_the_record_and_its_attendees(client):
    call = make_seed_like_call()
    tree = page(client, call.get_absolute_url())
    data = json.loads(tree.xpath('//script[@type="application/ld+json"]')[0].text)
    assert data["@type"] == "CreativeWork"
    assert data["url"] == "http://testserver/calls/c1be75b92e/"
    assert data["author"]["name"] == "Diplomatic Communications Archive"
    attendees = {person["name"]: person for person in data["about"]["attendee"]}
    assert attendees["Masoud Pezeshkian"]["alternateName"] == "مسعود پزشکیان"
    assert attendees["Masoud Pezeshkian"]["sameAs"] == "https://www.wikidata.org/wiki/Q5933752"


def test_bibtex_round_trip_keeps_names_whole(client):
    call = make_seed_like_call()
    statement = call.statements.get(order=2)
    record = client.get(f"/calls/{call.identifier}/cite.bib")
    assert record.status_code == 200 and record["Content-Type"].startswith("application/x-bibtex")
    library = bibtexparser.parse_string(record.content.decode())
    assert not library.failed_blocks
    [entry] = library.entries
    assert entry["title"] == call.title
    assert entry["author"] == "{Diplomatic Communications Archive}"
    assert entry["url"] == "http://testserver/calls/c1be75b92e/versions/1/"
    assert PEZESHKIAN in entry["keywords"] and TAMIM in entry["keywords"]

    response = client.get(f"/calls/{call.identifier}/statements/{statement.identifier}/cite.bib")
    library = bibtexparser.parse_string(response.content.decode())
    library = bibtexparser.parse_string(
        response.content.decode(), append_middleware=[bibtexparser.middlewares.SeparateCoAuthors()]
    )
    [entry] = library.entries
    # One author, whole: the braces stop BibTeX from finding a "last name".
    assert entry["author"] == ["{" + TAMIM + "}"]
    assert entry["date"] == "2024-12-02"


def test_ris_round_trip_keeps_names_whole(client):
    call = make_seed_like_call()
    statement = call.statements.get(order=1)
    response = client.get(f"/calls/{call.identifier}/statements/{statement.identifier}/cite.ris")
    [entry] = rispy.loads(response.content.decode())
    assert entry["authors"] == [PEZESHKIAN]
    assert entry["type_of_reference"] == "ELEC"
    assert entry["urls"] == [f"http://testserver/calls/c1be75b92e/statements/{statement.identifier}/"]
    assert entry["abstract"] == statement.text
    [entry] = rispy.loads(client.get(f"/calls/{call.identifier}/cite.ris").content.decode())
    assert entry["authors"] == ["Diplomatic Communications Archive"]
    assert PEZESHKIAN in entry["keywords"] and TAMIM in entry["keywords"]
    assert entry["title"] == call.title
    assert entry["edition"] == "Version 1"


def test_csl_json_uses_literal_names(client):
    call = make_seed_like_call()
    statement = call.statements.get(order=1)
    [item] = client.get(f"/calls/{call.identifier}/cite.json").json()
    assert item["author"] == [{"literal": "Diplomatic Communications Archive"}]
    assert item["custom"]["participants"] == [PEZESHKIAN, TAMIM]
    assert item["event-date"] == {"date-parts": [[2024, 12, 2]]}
    assert item["version"] == "1"
    url = f"/calls/{call.identifier}/statements/{statement.identifier}/cite.json"
    [item] = json.loads(client.get(url).content)
    assert item["author"] == [{"literal": PEZESHKIAN}]
    assert item["type"] == "speech"


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("application/json", "application/json"),
        ("application/vnd.citationstyles.csl+json", "application/vnd.citationstyles.csl+json"),
        ("application/x-bibtex", "application/x-bibtex"),
        ("application/x-research-info-systems", "application/x-research-info-systems"),
        ("application/ld+json", "application/ld+json"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
        ("*/*", "text/html"),
    ],
)
def test_content_negotiation_on_the_permalink(client, accept, content_type):
    call = make_seed_like_call()
    response = client.get(f"/calls/{call.identifier}/", headers={"accept": accept})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert "Accept" in response["Vary"]


def test_json_record_is_the_published_version(client):
    call = make_seed_like_call()
    data = client.get(f"/calls/{call.identifier}/", headers={"accept": "application/json"}).json()
    assert data["identifier"] == "c1be75b92e"
    assert data["version"] == 1
    assert data["record"]["participants"][0]["native_name"] == "مسعود پزشکیان"
    assert [s["text"] for s in data["record"]["statements"]] == list(
        call.statements.order_by("order").values_list("text", flat=True)
    )


def test_bibtex_escapes_special_characters(client):
    call = make_call(title="Trade & tariffs: 50% {cut}")
    StatementFactory(call=call)
    text = client.get(f"/calls/{call.identifier}/cite.bib").content.decode()
    assert r"Trade \& tariffs: 50\% \{cut\}" in text
    assert not bibtexparser.parse_string(text).failed_blocks


def test_unknown_citation_format_is_404(client):
    call = make_call()
    # Not a citation format: read as a stale slug, it leads to the call page itself.
    response = client.get(f"/calls/{call.identifier}/cite.docx", follow=True)
    assert response.redirect_chain[-1][0] == call.get_absolute_url()
    assert response["Content-Type"].startswith("text/html")
    assert client.get(f"/calls/{call.identifier}/cite.bib?version=x").status_code == 400
    assert client.get(f"/calls/{call.identifier}/cite.bib?version=9").status_code == 404


def test_citations_escape_html(client):
    call = make_call(title="<script>alert(1)</script> call")
    response = client.get(call.get_absolute_url())
    assert b"<script>alert(1)</script>" not in response.content


def test_the_seed_record_cites_in_chicago_style(client):
    from django.core.management import call_command
    from django.utils import timezone

    from archive.citations.formats import chicago_date
    from archive.models import CallVersion

    call_command("load_seed", verbosity=0)
    tree = page(client, "/calls/c1be75b92e/")
    version = CallVersion.objects.get(call__identifier="c1be75b92e")
    published, today = chicago_date(version.published_at.date()), chicago_date(timezone.localdate())
    note = tree.xpath('//p[@data-style="chicago-note"]')[0].text_content()
    assert note == (
        "Diplomatic Communications Archive, “Telephone call between Masoud Pezeshkian and Tamim bin Hamad "
        "Al Thani,” telephone call of December 2, 2024, between Masoud Pezeshkian (مسعود پزشکیان) and "
        f"Tamim bin Hamad Al Thani (تميم بن حمد آل ثاني), record c1be75b92e, version 1 ({published}), "
        f"accessed {today}, http://testserver/calls/c1be75b92e/versions/1/."
    )
    bibliography = tree.xpath('//p[@data-style="chicago-bibliography"]')[0].text_content()
    assert bibliography.startswith("Diplomatic Communications Archive. “Telephone call between")
    assert f"Record c1be75b92e, version 1 ({published}). Accessed {today}." in bibliography
