"""The synthetic scale corpus (manage.py generate_corpus) and the benchmark's wrk reading.

The corpus here is tiny; the full-size run is scripts/benchmark (docs/performance.md)."""

import http.server
import shutil
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F
from django.test import Client

from archive.corpus import wrk
from archive.corpus.benchmark import ratios, report
from archive.models import (
    Call,
    CallParticipant,
    Office,
    Participant,
    ParticipantName,
    Source,
    Statement,
    Topic,
    Translation,
)

SIZE = ["--calls=50", "--statements=400", "--people=30", "--topics=40"]


def generate(seed=1):
    call_command("generate_corpus", *SIZE, f"--seed={seed}", verbosity=0)


def snapshot():
    """Every generated record by its natural keys (database ids left out)."""
    calls = list(
        Call.objects.order_by("identifier").values_list(
            "identifier", "title", "summary", "medium", "date", "date_precision", "end_date", "time", "status"
        )
    )
    call_topics = sorted(Call.topics.through.objects.values_list("call__identifier", "topic__slug"))
    roles = list(
        CallParticipant.objects.order_by("call__identifier", "order").values_list(
            "call__identifier", "participant__slug", "name_as_written", "country_id", "role", "office_title"
        )
    )
    statements = list(
        Statement.objects.order_by("identifier").values_list(
            "identifier",
            "call__identifier",
            "order",
            "speaker__participant__slug",
            "text",
            "language",
            "kind",
        )
    )
    names = sorted(ParticipantName.objects.values_list("participant__slug", "name", "language", "kind"))
    topics = sorted(Topic.objects.values_list("slug", "name", "name_ar", "parent__slug"))
    translations = sorted(Translation.objects.values_list("statement__identifier", "text"))
    return calls, call_topics, roles, statements, names, topics, translations


def delete_corpus():
    """Empty the record tables (the test database holds only the corpus) in one statement."""
    tables = [m._meta.db_table for m in (Call, Participant, Topic, Statement, Source, Translation)]
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")


@pytest.mark.django_db
def test_same_seed_same_corpus_and_another_seed_another():
    generate(seed=1)
    first = snapshot()
    delete_corpus()
    generate(seed=1)
    assert snapshot() == first
    delete_corpus()
    generate(seed=2)
    assert snapshot() != first


@pytest.mark.django_db
def test_corpus_has_the_requested_size_and_is_marked_synthetic():
    generate()
    assert Call.objects.count() == Call.objects.filter(synthetic=True).count() == 50
    assert Statement.objects.count() == 400
    assert Participant.objects.filter(synthetic=True).count() == 30
    assert Topic.objects.filter(synthetic=True).count() == 40
    assert not Call.objects.exclude(identifier__startswith="syn-").exists()
    assert not Call.objects.exclude(external_id__startswith="synthetic:").exists()
    assert not Participant.objects.exclude(slug__startswith="syn-").exists()
    assert not Topic.objects.exclude(slug__startswith="syn-").exists()
    # A second run would mix two corpora: refused.
    with pytest.raises(CommandError, match="already holds a synthetic corpus"):
        generate()


@pytest.mark.django_db
def test_corpus_obeys_the_constraints_and_reads_like_the_archive():
    generate()
    # Deferred composite keys (a statement's speaker and source belong to its call) are checked now.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for call in Call.objects.all()[:10]:
        call.full_clean()
    assert not Statement.objects.exclude(speaker__isnull=True).exclude(speaker__call=F("call")).exists()
    assert set(Statement.objects.values_list("language", flat=True)) == {"ar", "fa", "en"}
    arabic = Statement.objects.filter(language="ar").first()
    assert any("\u0600" <= ch <= "\u06ff" for ch in arabic.text)
    assert set(ParticipantName.objects.values_list("language", flat=True)) >= {"en", "ar", "fa"}
    assert Topic.objects.filter(parent__isnull=False).count() == 40 - 15
    published = Call.objects.published()
    assert published.exists() and not published.filter(date__isnull=True).exists()
    assert Office.objects.filter(participant__synthetic=True).count() == 30
    # The public pages show it.
    call = published.first()
    response = Client().get(call.get_absolute_url())
    assert response.status_code == 200
    assert call.title in response.content.decode()


WRK_OUTPUT = """Running 1s test @ http://127.0.0.1:8000/
  1 threads and 1 connections
BENCH requests=250 duration_us=1000000 p50_us=3500 p95_us=9100 p99_us=15000 max_us=20000 \
connect=0 read=0 write=0 status=2 timeout=1
"""


def test_wrk_result_line_is_parsed():
    figures = wrk.parse(WRK_OUTPUT)
    assert figures["rps"] == 250.0
    assert (figures["p50_ms"], figures["p95_ms"], figures["p99_ms"]) == (3.5, 9.1, 15.0)
    assert figures["errors"] == 3
    with pytest.raises(ValueError):
        wrk.parse("Running 1s test\n")


def test_report_has_the_table_and_the_datasette_ratio():
    row = {"page": "filtered list", "clients": 1, "rps": 200.0, "p50_ms": 4, "p95_ms": 6, "p99_ms": 9}
    rows = [{**row, "server": "gunicorn -w 1"}, {**row, "server": "Datasette", "rps": 50.0, "p95_ms": 30}]
    results = {
        "machine": {"cpu": "CPU", "nproc": 2, "memory_gb": 4, "postgresql": "PostgreSQL 15"}
        | {"python": "3.11", "load_average": "0", "load_average_end": "0"},
        "corpus": "c50",
        "load": {},
        "params": {},
        "seconds": 1,
        "warmup": 0,
        "rows": rows,
        "ratios": ratios(rows),
        "skipped": {"API list": "/api/calls/ does not exist in this version"},
    }
    assert results["ratios"][0]["ratio"] == 4.0
    text = report(results)
    assert "| gunicorn -w 1 | filtered list | 1 | 200.0 |" in text
    assert "| gunicorn -w 1 | filtered list | 1 | 200.0 | 50.0 | 4.0 |" in text
    assert "Skipped API list" in text


@pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is not installed")
def test_a_tiny_wrk_run_on_loopback(tmp_path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        script = tmp_path / "paths.lua"
        script.write_text(wrk.lua_script(["/", '/missing"quote']))
        figures = wrk.run(f"http://127.0.0.1:{server.server_port}/", script, connections=1, seconds=1)
    finally:
        server.shutdown()
    assert figures["requests"] > 0
    # Every other request is a 404: counted as errors.
    assert figures["error_detail"]["status"] >= figures["requests"] // 2 - 1


def calls_under_by_definition(topic):
    """Call ids under ``topic`` computed in Python from the tags and the tree, without the index."""
    ids, frontier = {topic.pk}, {topic.pk}
    while frontier:
        frontier = set(Topic.objects.filter(parent__in=frontier).values_list("pk", flat=True)) - ids
        ids |= frontier
    tagged = set(Call.topics.through.objects.filter(topic__in=ids).values_list("call_id", flat=True))
    stated = set(
        Statement.topics.through.objects.filter(topic__in=ids).values_list("statement__call_id", flat=True)
    )
    return tagged | stated


@pytest.mark.django_db
def test_generated_topic_index_matches_the_tags():
    generate()
    for topic in Topic.objects.filter(parent=None)[:5]:
        expected = calls_under_by_definition(topic) & set(
            Call.objects.published().values_list("pk", flat=True)
        )
        response = Client().get(f"/calls/?topic={topic.slug}")
        assert response.status_code == 200
        assert response.context["page_obj"].paginator.count == len(expected) > 0


# Committed data, for the copy's own connection; the serialized rollback restores the country
# table (a data migration) for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_datasette_copy_answers_the_filtered_list_as_the_archive_does(tmp_path):
    import sqlite3

    from archive.corpus import sqlite_copy

    generate()
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT']}/{db['NAME']}"
    sqlite_copy.export(url, tmp_path / "copy.db")
    # A country and a broad topic that some published call has, so the list is not empty.
    call = Call.objects.published().filter(topics__isnull=False).order_by("identifier").first()
    topic = call.topics.first()
    while topic.parent_id:
        topic = topic.parent
    params = {"country": call.participants.first().country_id, "topic": topic.slug}
    params.update(date_after="1990-01-01", date_before="2030-12-31")
    response = Client().get("/calls/", params)
    listed = [call.identifier for call in response.context["page_obj"].object_list]
    with sqlite3.connect(tmp_path / "copy.db") as db:
        rows = db.execute(sqlite_copy.FILTERED_CALLS_SQL, params).fetchall()
    assert listed and [row[0] for row in rows] == listed
    assert rows[0][-1] == response.context["page_obj"].paginator.count
