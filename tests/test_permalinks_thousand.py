"""A thousand records through three rounds of slug and content changes: every link ever
issued still answers, old slugs redirect, old versions keep their old text."""

import datetime
import os
import time

import pytest
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from archive.citations.snapshots import record_versions
from archive.models import Call, CallParticipant, CallVersion, Statement
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

RECORDS = int(os.environ.get("PERMALINK_TEST_RECORDS", "1000"))
ROUNDS = 3


def test_thousand_records_three_rounds_every_link_still_answers(client):
    started = time.monotonic()
    people = [
        ParticipantFactory(name="Masoud Pezeshkian"),
        ParticipantFactory(name="Tamim bin Hamad Al Thani"),
    ]
    calls = bulk_create_with_history(
        [
            Call(
                identifier=f"bulk-{n:04d}",
                title=f"Call {n} round 0",
                summary=f"Summary {n} round 0",
                date=datetime.date(2024, 1, 1) + datetime.timedelta(days=n % 300),
                status="published",
            )
            for n in range(RECORDS)
        ],
        Call,
    )
    calls = list(Call.objects.filter(identifier__startswith="bulk-").order_by("identifier"))
    bulk_create_with_history(
        [
            CallParticipant(call=call, participant=person, country_id=code, order=order)
            for call in calls
            for order, (person, code) in enumerate(zip(people, ("IR", "QA"), strict=True))
        ],
        CallParticipant,
    )
    speakers = {cp.call_id: cp for cp in CallParticipant.objects.filter(call__in=calls, order=0)}
    bulk_create_with_history(
        [
            Statement(
                call=call,
                identifier=f"st-{n:04d}",
                order=1,
                speaker=speakers[call.pk],
                text=f"Statement {n} round 0",
                language="en",
            )
            for n, call in enumerate(calls)
        ],
        Statement,
    )
    assert record_versions() == RECORDS
    print(f"\ncreated in {time.monotonic() - started:.1f}s")

    # url -> (expected status, text the answer must contain, where a redirect must lead)
    links, slug_urls = {}, {}

    def issue(round_number):
        for n, call in enumerate(calls):
            permalink = f"/calls/{call.identifier}/"
            links[permalink] = (200, None)
            links[call.get_absolute_url()] = (200, None)
            slug_urls[call.get_absolute_url()] = f"/calls/{call.identifier}/"
            links[f"/calls/{call.identifier}/versions/{round_number + 1}/"] = (
                200,
                f"Summary {n} round {round_number}",
            )
            links[f"/calls/{call.identifier}/statements/st-{n:04d}/"] = (200, None)
            links[f"/calls/{call.identifier}/history/"] = (200, None)

    issue(0)
    for round_number in range(1, ROUNDS + 1):
        statements = list(Statement.objects.filter(call__in=calls).order_by("identifier"))
        for n, call in enumerate(calls):
            call.title = f"Call {n} round {round_number}"
            call.summary = f"Summary {n} round {round_number}"
            statements[n].text = f"Statement {n} round {round_number}"
        bulk_update_with_history(
            calls, Call, ["title", "summary"], default_change_reason=f"Round {round_number}"
        )
        bulk_update_with_history(statements, Statement, ["text"])
        assert record_versions(reason=f"Round {round_number}") == RECORDS
        issue(round_number)
    created = time.monotonic() - started

    # History is kept for every change, besides the published versions.
    assert Call.history.filter(identifier__startswith="bulk-").count() == RECORDS * (ROUNDS + 1)
    assert CallVersion.objects.filter(call__in=calls).count() == RECORDS * (ROUNDS + 1)

    current = {f"/calls/{call.identifier}/": call.get_absolute_url() for call in calls}
    statuses = {}
    for url, (expected, text) in links.items():
        response = client.get(url)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        if url in slug_urls and url != current[slug_urls[url]]:  # a slug that was current once
            assert response.status_code == 301, url
            assert response["Location"] == current[slug_urls[url]]
            continue
        assert response.status_code == expected, url
        if text:
            body = response.content.decode()
            assert text in body, url
    requested = time.monotonic() - started - created
    assert 404 not in statuses and 500 not in statuses
    assert statuses[301] == RECORDS * ROUNDS
    print(
        f"\n{len(links)} links: {statuses}; "
        f"created and edited in {created:.1f}s, requested in {requested:.1f}s"
    )
