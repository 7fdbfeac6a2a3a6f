"""The bulk rebuild (``manage.py rebuild_search_index``) writes the same documents as the
incremental path the signals use on every edit: same surface, stems, names and tsvector for
every call, statement, person and topic."""

import pytest
from django.core.management import call_command
from django.db import connection

from archive.models import Call, Participant, Statement, Topic
from archive.search import indexing
from archive.search.models import DocumentKind, SearchDocument

from .search_corpus import build_corpus, load_recall_set


def documents():
    """Every document by its kind and record, with every column except its id and time."""
    rows = SearchDocument.objects.values_list(
        "kind", "call_id", "statement_id", "participant_id", "topic_id", "surface", "stems", "names"
    )
    vectors = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, vector::text FROM search_searchdocument")
        vectors = dict(cursor.fetchall())
    ids = SearchDocument.objects.values_list("id", flat=True)
    by_key = {}
    for pk, row in zip(ids.order_by("id"), rows.order_by("id"), strict=True):
        kind, call, statement, person, topic = row[:5]
        key = (kind, statement or person or topic or call)
        assert key not in by_key, key
        by_key[key] = (*row, vectors[pk])
    return by_key


def index_incrementally():
    """The documents as the signals' path builds them, record by record."""
    SearchDocument.objects.all().delete()
    for kind, model in [
        (DocumentKind.CALL, Call),
        (DocumentKind.STATEMENT, Statement),
        (DocumentKind.PERSON, Participant),
        (DocumentKind.TOPIC, Topic),
    ]:
        indexing.mark(kind, *model.objects.values_list("pk", flat=True))
    return documents()


@pytest.fixture
def corpus():
    """The recall set (aliases in several scripts, translations, a draft) and a small
    generated corpus (written with COPY, without signals)."""
    build_corpus(load_recall_set())
    call_command(
        "generate_corpus", "--calls=60", "--statements=500", "--people=40", "--topics=30", verbosity=0
    )


@pytest.mark.django_db
def test_bulk_rebuild_writes_the_documents_the_signals_write(corpus):
    expected = index_incrementally()
    assert len(expected) == (
        Call.objects.count() + Statement.objects.count() + Participant.objects.count() + Topic.objects.count()
    )
    assert any("|" in row[7] for row in expected.values())  # names of people with aliases
    call_command("rebuild_search_index", verbosity=0)
    rebuilt = documents()
    assert rebuilt.keys() == expected.keys()
    differing = [key for key in expected if rebuilt[key] != expected[key]]
    assert differing == []


@pytest.mark.django_db
def test_missing_only_fills_in_what_is_missing_and_keeps_the_rest(corpus):
    expected = index_incrementally()
    kept = SearchDocument.objects.filter(kind=DocumentKind.CALL).order_by("id").first()
    every_third = list(SearchDocument.objects.order_by("id").values_list("pk", flat=True))[1::3]
    SearchDocument.objects.filter(pk__in=every_third).delete()
    SearchDocument.objects.filter(kind=DocumentKind.TOPIC).delete()
    call_command("rebuild_search_index", "--missing", verbosity=0)
    assert SearchDocument.objects.filter(pk=kept.pk).exists()
    assert documents() == expected


@pytest.mark.django_db
def test_a_full_rebuild_replaces_stale_documents_and_keeps_the_indexes(corpus):
    expected = index_incrementally()
    SearchDocument.objects.filter(kind=DocumentKind.STATEMENT).update(surface="stale", stems=" stale ")
    call_command("rebuild_search_index", verbosity=0)
    assert documents() == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'search_searchdocument'")
        names = {row[0] for row in cursor.fetchall()}
    assert {f"searchdocument_{kind}_vector" for kind in DocumentKind.values} <= names
    assert "searchdocument_names_trgm" in names


# --- the search page at scale: bounded ranking ---------------------------------------------


@pytest.mark.django_db
def test_beyond_the_candidate_limit_the_count_reads_as_at_least(client, monkeypatch):
    from archive.search import query

    from .factories import StatementFactory, make_call

    for _ in range(4):
        StatementFactory(call=make_call(people=[None, None]), text="The ceasefire in Gaza", language="en")
    monkeypatch.setattr(query, "CALL_CANDIDATES", 3)
    response = client.get("/search/", {"q": "ceasefire"})
    assert response.context["page_obj"].paginator.count == 3
    assert '<span class="n">3+</span>' in response.content.decode()
    monkeypatch.setattr(query, "CALL_CANDIDATES", 4)
    response = client.get("/search/", {"q": "ceasefire"})
    assert response.context["page_obj"].paginator.count == 4
    assert '<span class="n">4</span>' in response.content.decode()
    assert len(response.context["statement_results"]) == 4


@pytest.mark.django_db
def test_the_planner_settings_of_the_candidate_query_do_not_outlive_it(client):
    from .factories import StatementFactory, make_call

    StatementFactory(call=make_call(people=[None, None]), text="The ceasefire in Gaza", language="en")
    assert client.get("/search/", {"q": "ceasefire"}).context["page_obj"].paginator.count == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')")
        assert cursor.fetchone() == ("on", "on")
