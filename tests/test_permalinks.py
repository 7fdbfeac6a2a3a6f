"""Permalinks that never break: statement permalinks, versions, history, changes, Memento,
merged duplicates, withdrawn records, and identifiers that survive a dump and restore."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.http import http_date
from lxml import html as lxml_html

from archive.models import Call, CallVersion, Participant, Statement, Topic
from tests.factories import make_call, make_seed_like_call

pytestmark = pytest.mark.django_db


def versions(call):
    return list(CallVersion.objects.filter(call=call).order_by("number"))


def edit(call, **fields):
    for name, value in fields.items():
        setattr(call, name, value)
    call.save()


def test_statement_has_a_permalink_and_an_anchor(client):
    call = make_seed_like_call()
    statement = call.statements.get(order=1)
    response = client.get(call.get_absolute_url())
    assert f'id="s-{statement.identifier}"'.encode() in response.content
    assert f"/calls/{call.identifier}/statements/{statement.identifier}/".encode() in response.content
    response = client.get(f"/calls/{call.identifier}/statements/{statement.identifier}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert statement.text in body and "English of statement 1" in body
    assert 'dir="rtl"' in body and call.title in body


def test_statement_under_the_wrong_call_is_404(client):
    call, other = make_seed_like_call(), make_call()
    statement = call.statements.first()
    assert client.get(f"/calls/{other.identifier}/statements/{statement.identifier}/").status_code == 404
    assert client.get(f"/calls/{call.identifier}/statements/nosuchthing/").status_code == 404


def test_every_edit_of_a_published_call_is_a_version_with_its_own_url(client):
    call = make_call(title="First title", summary="First summary")
    assert client.get(call.get_absolute_url()).status_code == 200
    edit(call, title="Second title", summary="Second summary")
    assert client.get(call.get_absolute_url()).status_code == 200
    assert [v.number for v in versions(call)] == [1, 2]
    old = client.get(f"/calls/{call.identifier}/versions/1/")
    assert old.status_code == 200
    text = old.content.decode()
    assert "First summary" in text and "Second summary" not in text
    assert "This is an old version" in text
    assert f'href="/calls/{call.identifier}/"' in text
    assert f"/calls/{call.identifier}/versions/1/changes/" in text
    current = client.get(f"/calls/{call.identifier}/versions/2/").content.decode()
    assert "It is the current version." in current
    assert client.get(f"/calls/{call.identifier}/versions/3/").status_code == 404


def test_unchanged_record_makes_no_new_version(client):
    call = make_call()
    for _ in range(3):
        client.get(call.get_absolute_url())
        call.save()
    assert len(versions(call)) == 1


def test_old_version_keeps_statements_and_participants_as_they_were(client):
    call = make_seed_like_call()
    client.get(call.get_absolute_url())
    statement = call.statements.get(order=1)
    old_text = statement.text
    statement.text = "نص جديد"
    statement.save()
    call.statements.get(order=2).delete()
    client.get(call.get_absolute_url())
    old = client.get(f"/calls/{call.identifier}/versions/1/").content.decode()
    assert old_text in old and "نعتبر هذه التوافقات" in old
    new = client.get(f"/calls/{call.identifier}/versions/2/").content.decode()
    assert "نص جديد" in new and "نعتبر هذه التوافقات" not in new
    # The removed statement's permalink still answers, from the version that had it.
    removed = versions(call)[0].snapshot["statements"][1]["identifier"]
    response = client.get(f"/calls/{call.identifier}/statements/{removed}/")
    assert response.status_code == 200
    assert "not in the current version" in response.content.decode()


def test_changes_since_a_version_is_a_readable_escaped_diff(client):
    call = make_call(summary="They discussed trade and <b>energy</b>.")
    client.get(call.get_absolute_url())
    edit(call, summary="They discussed trade, security and <b>energy</b>.")
    client.get(call.get_absolute_url())
    page = client.get(call.get_absolute_url()).content.decode()
    assert f"/calls/{call.identifier}/versions/1/changes/" in page
    response = client.get(f"/calls/{call.identifier}/versions/1/changes/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<del>trade</del><ins>trade, security</ins>" in body
    assert "&lt;b&gt;energy&lt;/b&gt;" in body and "<b>energy</b>" not in body
    assert client.get(f"/calls/{call.identifier}/versions/1/changes/?to=x").status_code == 400


def test_history_lists_each_version_with_what_changed_and_why(staff_client, client):
    call = make_seed_like_call()
    client.get(call.get_absolute_url())
    form = staff_change_form(staff_client, call)
    form["summary"] = "A corrected summary of the call."
    form["edit_summary"] = "Corrected the summary after the official readout"
    response = staff_client.post(f"/admin/archive/call/{call.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    [first, second] = versions(call)
    assert second.change_reason == "Corrected the summary after the official readout"
    assert call.history.first().history_change_reason == "Corrected the summary after the official readout"
    body = client.get(f"/calls/{call.identifier}/history/").content.decode()
    assert "Corrected the summary after the official readout" in body
    assert "first published version" in body
    assert re.search(r"<td>summary</td>", body)
    assert f"/calls/{call.identifier}/versions/1/" in body and f"/calls/{call.identifier}/versions/2/" in body


def staff_change_form(staff_client, call):
    """The admin change form of ``call`` as the browser would submit it unchanged."""
    tree = lxml_html.fromstring(staff_client.get(f"/admin/archive/call/{call.pk}/change/").content.decode())
    form = tree.xpath('//form[@id="call_form"]')[0]
    data = {}
    for element in form.xpath(".//input|.//select|.//textarea"):
        name = element.get("name")
        if not name or element.get("type") in ("submit", "file"):
            continue
        if element.get("type") == "checkbox":
            if element.get("checked") is not None:
                data[name] = element.get("value", "on")
            continue
        if element.tag == "select":
            chosen = [o.get("value") for o in element.xpath(".//option[@selected]")]
            if element.get("multiple") is not None:
                data[name] = chosen
            else:
                data[name] = chosen[0] if chosen else ""
            continue
        if element.tag == "textarea":  # a browser drops the newline that starts the content
            text = element.text or ""
            data[name] = text[1:] if text.startswith("\n") else text
        else:
            data[name] = element.get("value", "")
    data["_save"] = "Save"
    return data


# Memento ----------------------------------------------------------------------------


def two_versions(client):
    call = make_call(summary="Version one text")
    client.get(call.get_absolute_url())
    edit(call, summary="Version two text")
    client.get(call.get_absolute_url())
    first, second = versions(call)
    CallVersion.objects.filter(pk=first.pk).update(
        published_at=datetime.datetime(2025, 1, 1, 12, tzinfo=datetime.UTC)
    )
    CallVersion.objects.filter(pk=second.pk).update(
        published_at=datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC)
    )
    return call


def test_permalink_is_a_memento_timegate(client):
    call = two_versions(client)
    url = f"/calls/{call.identifier}/"
    for when, number in [
        ("Wed, 01 Jan 2025 12:00:00 GMT", 1),
        ("Sat, 01 Mar 2025 00:00:00 GMT", 1),
        ("Sun, 01 Jun 2025 12:00:00 GMT", 2),
        ("Thu, 01 Jan 2026 00:00:00 GMT", 2),
        ("Mon, 01 Jan 1990 00:00:00 GMT", 1),
    ]:
        response = client.get(url, headers={"accept-datetime": when})
        assert response.status_code == 302
        assert response["Location"] == f"/calls/{call.identifier}/versions/{number}/"
        assert "accept-datetime" in response["Vary"].lower()
        assert 'rel="original timegate"' in response["Link"]
        assert f'<http://testserver/calls/{call.identifier}/timemap/>; rel="timemap"' in response["Link"]
    bad = client.get(url, headers={"accept-datetime": "yesterday"})
    assert bad.status_code == 400


def test_permalink_and_versions_carry_memento_headers(client):
    call = two_versions(client)
    response = client.get(f"/calls/{call.identifier}/")
    assert "accept-datetime" in response["Vary"].lower()
    assert 'rel="original timegate"' in response["Link"]
    assert 'rel="first memento"' in response["Link"] and 'rel="last memento"' in response["Link"]
    old = client.get(f"/calls/{call.identifier}/versions/1/")
    assert old["Memento-Datetime"] == "Wed, 01 Jan 2025 12:00:00 GMT"
    assert f'<http://testserver/calls/{call.identifier}/>; rel="original timegate"' in old["Link"]
    assert 'rel="last next memento"' in old["Link"]
    assert old["Memento-Datetime"] == http_date(
        datetime.datetime(2025, 1, 1, 12, tzinfo=datetime.UTC).timestamp()
    )


def test_timemap_lists_every_version(client):
    call = two_versions(client)
    response = client.get(f"/calls/{call.identifier}/timemap/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/link-format")
    entries = [line.rstrip(",") for line in response.content.decode().strip().split("\n")]
    assert entries[0] == f'<http://testserver/calls/{call.identifier}/>;rel="original"'
    assert entries[1] == f'<http://testserver/calls/{call.identifier}/>;rel="timegate"'
    assert 'rel="self";type="application/link-format"' in entries[2]
    assert entries[3] == (
        f'<http://testserver/calls/{call.identifier}/versions/1/>;rel="first memento";'
        'datetime="Wed, 01 Jan 2025 12:00:00 GMT"'
    )
    assert entries[4].endswith('rel="last memento";datetime="Sun, 01 Jun 2025 12:00:00 GMT"')


# Merged, withdrawn, unpublished -----------------------------------------------------


def test_merged_duplicate_redirects_to_the_survivor(staff_client, client):
    survivor = make_seed_like_call()
    duplicate = make_call(title="Pezeshkian and Tamim speak by phone")
    statement = duplicate.statements.create(order=1, text="A statement of the duplicate")
    for call in (survivor, duplicate):
        client.get(call.get_absolute_url())
    old_slug_url = duplicate.get_absolute_url()
    response = staff_client.post(
        "/admin/archive/call/",
        {
            "action": "merge_into",
            "_selected_action": [duplicate.pk],
            "apply": "1",
            "survivor": survivor.identifier,
            "reason": "Same call, reported twice",
        },
    )
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor and duplicate.status == "withdrawn"
    for url in (f"/calls/{duplicate.identifier}/", old_slug_url):
        response = client.get(url)
        assert response.status_code == 301
        assert response["Location"] == survivor.get_absolute_url()
    response = client.get(f"/calls/{duplicate.identifier}/statements/{statement.identifier}/")
    assert response.status_code == 301 and response["Location"] == survivor.get_permalink()
    old = client.get(f"/calls/{duplicate.identifier}/versions/1/")
    assert old.status_code == 200
    assert "merged into" in old.content.decode()
    # A merge of the survivor later keeps the chain resolving in one hop.
    third = make_call()
    client.get(third.get_absolute_url())
    staff_client.post(
        "/admin/archive/call/",
        {
            "action": "merge_into",
            "_selected_action": [survivor.pk],
            "apply": "1",
            "survivor": third.identifier,
        },
    )
    response = client.get(f"/calls/{duplicate.identifier}/")
    assert response.status_code == 301 and response["Location"] == third.get_absolute_url()


def test_merge_form_refuses_a_bad_survivor(staff_client):
    duplicate = make_call()
    for survivor in ("nosuchcall", duplicate.identifier):
        response = staff_client.post(
            "/admin/archive/call/",
            {"action": "merge_into", "_selected_action": [duplicate.pk], "apply": "1", "survivor": survivor},
        )
        assert response.status_code == 200
        assert b"errorlist" in response.content
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_withdrawn_record_answers_410_saying_what_when_and_why(client):
    call = make_seed_like_call()
    client.get(call.get_absolute_url())
    edit(call, status="withdrawn", withdrawn_reason="The report was retracted by its publisher.")
    for url in (
        f"/calls/{call.identifier}/",
        call.get_absolute_url(),
        f"/calls/{call.identifier}/versions/1/",
        f"/calls/{call.identifier}/history/",
    ):
        response = client.get(url)
        assert response.status_code == 410, url
        body = response.content.decode()
        assert call.title in body and "The report was retracted by its publisher." in body
        assert "Withdrawn on" in body and "First published on" in body
        assert "مسعود پزشکیان" in body


def test_record_back_in_review_points_to_its_last_published_version(client):
    call = make_call()
    client.get(call.get_absolute_url())
    edit(call, status="review")
    response = client.get(f"/calls/{call.identifier}/")
    assert response.status_code == 302 and response["Location"] == f"/calls/{call.identifier}/versions/1/"
    assert client.get(response["Location"]).status_code == 200


def test_draft_never_published_has_no_public_version(client):
    call = make_call(status="draft")
    assert client.get(f"/calls/{call.identifier}/").status_code == 404
    assert client.get(f"/calls/{call.identifier}/versions/1/").status_code == 404
    assert client.get(f"/calls/{call.identifier}/timemap/").status_code == 404
    assert not CallVersion.objects.exists()


# Identifiers survive a dump and restore ---------------------------------------------


def article_text(response):
    return lxml_html.fromstring(response.content.decode()).xpath("//article")[0].text_content()


def test_permalinks_survive_dumpdata_and_loaddata(client, tmp_path):
    calls = [make_seed_like_call(), make_call(title="Another call")]
    for call in calls:
        client.get(call.get_absolute_url())
    edit(calls[1], title="Another call, retitled")
    links = {}
    for call in calls:
        client.get(call.get_absolute_url())
        links[f"/calls/{call.identifier}/"] = 200
        links[call.get_absolute_url()] = 200
        for version in versions(call):
            links[version.get_absolute_url()] = 200
        for statement in call.statements.all():
            links[f"/calls/{call.identifier}/statements/{statement.identifier}/"] = 200
    links["/calls/" + calls[1].identifier + "/another-call/"] = 301
    before = {url: article_text(client.get(url)) for url, status in links.items() if status == 200}

    dump = io.StringIO()
    call_command("dumpdata", "archive", stdout=dump)
    Statement.objects.all().delete()
    Call.objects.all().delete()
    Participant.objects.all().delete()
    Topic.objects.all().delete()
    for model in (Call, Participant, Topic):
        model.history.all().delete()
    assert client.get(f"/calls/{calls[0].identifier}/").status_code == 404

    path = tmp_path / "archive.json"
    path.write_text(dump.getvalue(), encoding="utf-8")
    call_command("loaddata", str(path), verbosity=0)
    for url, status in links.items():
        response = client.get(url)
        assert response.status_code == status, url
        if status == 200 and "/versions/" in url:
            assert article_text(response) == before[url], url
    assert CallVersion.objects.count() == 3


def test_identifiers_are_not_database_ids(client):
    call = make_call()
    assert str(call.pk) not in call.get_permalink().split("/")
    assert re.fullmatch(r"/calls/[a-z][a-z0-9-]{2,39}/", call.get_permalink())
    assert timezone.now()
