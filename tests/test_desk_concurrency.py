"""Concurrent saves of one call through the admin, on real PostgreSQL with real threads:
the optimistic lock lets exactly the saves made on the current version through, and every
successful save is one revision."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from archive.models import Call
from archive.vocabularies import Status
from tests.desk_helpers import form_data, member
from tests.factories import make_call

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_in_threads(count, work):
    barrier = threading.Barrier(count)
    results = [None] * count

    def target(index):
        try:
            results[index] = work(index, barrier)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def editors(django_user_model, count):
    clients = []
    for index in range(count):
        client = Client()
        client.force_login(member(django_user_model, f"editor{index}", "Editor"))
        clients.append(client)
    return clients


def saved(response):
    return response.status_code == 302


def test_two_concurrent_saves_one_wins_the_other_is_told_and_keeps_its_input(django_user_model):
    call = make_call(status=Status.DRAFT, title="Original title")
    url = reverse("admin:archive_call_change", args=[call.pk])
    clients = editors(django_user_model, 2)
    forms = [form_data(client.get(url).content) for client in clients]
    for index, data in enumerate(forms):
        data.update(title=f"Title typed by editor {index}", edit_summary=f"Edit {index}")

    def work(index, barrier):
        barrier.wait()
        return clients[index].post(url, forms[index])

    responses = run_in_threads(2, work)
    winners = [i for i, r in enumerate(responses) if saved(r)]
    assert len(winners) == 1
    loser = 1 - winners[0]
    page = responses[loser].content.decode()
    assert responses[loser].status_code == 200
    assert "after you opened it at version 1" in page
    assert f"Title typed by editor {loser}" in page  # their input is still in the form
    assert f"Title typed by editor {winners[0]}" in page  # and they see what the other changed
    call.refresh_from_db()
    assert call.title == f"Title typed by editor {winners[0]}" and call.version == 2
    assert call.history.filter(history_change_reason=f"Edit {winners[0]}").exists()
    assert not call.history.filter(history_change_reason=f"Edit {loser}").exists()


def test_twenty_threads_saving_revisions_equal_successes(django_user_model):
    call = make_call(status=Status.DRAFT, title="Original title")
    url = reverse("admin:archive_call_change", args=[call.pk])
    clients = editors(django_user_model, 20)
    rounds = 1

    def work(index, barrier):
        outcomes = []
        for round_number in range(rounds):
            barrier.wait()  # each thread loads the form and saves it at its own pace
            data = form_data(clients[index].get(url).content)
            data.update(
                title=f"Title {index}.{round_number}",
                summary=f"Saved by thread {index} in round {round_number}.",
                edit_summary=f"thread {index} round {round_number}",
            )
            response = clients[index].post(url, data)
            assert response.status_code in (200, 302)
            if response.status_code == 200:
                assert "after you opened it at version" in response.content.decode()
            outcomes.append(saved(response))
        return outcomes

    results = run_in_threads(20, work)
    assert all(result is not None for result in results), "a thread failed"
    successes = sum(sum(outcomes) for outcomes in results)
    assert 1 <= successes < 20 * rounds
    call = Call.objects.get(pk=call.pk)
    assert call.version == 1 + successes
    edits = call.history.exclude(history_change_reason__isnull=True).filter(
        history_change_reason__startswith="thread "
    )
    assert len({row.version for row in edits}) == successes
    assert edits.values("history_change_reason").distinct().count() == successes
    assert {row.version for row in call.history.all()} == set(range(1, 2 + successes))
