"""Recall and top-10 precision of search on the test set in tests/search_recall.json.

Every query runs through the same functions the search page uses. Recall: the share of
query/record pairs where the record is among the query's results of its kind. Precision:
of the first ten results of each kind (people, topics, calls, statements), the share that
are relevant. Run alone with ``-s`` to see the misses:

    DEBUG=1 scripts/with-postgres .venv/bin/python -m pytest tests/test_search_recall.py -s
"""

import pytest

from archive.models import Call, Participant, Statement, Topic
from archive.search import query as search

from .search_corpus import build_corpus, load_recall_set, relevant_keys

MIN_RECALL = 0.95
MIN_PRECISION = 0.90


def results_by_kind(text, key_by_record):
    query = search.Query(text)

    def keys(model, pks):
        return [key_by_record[(model, pk)] for pk in pks]

    return {
        "person": keys(Participant, [p.pk for p in search.people(query, limit=50)]),
        "topic": keys(Topic, [t.pk for t in search.topics(query, limit=50)]),
        "statement": keys(Statement, [s.pk for s in search.statements(query, limit=100)]),
        "call": keys(Call, list(search.ranked_call_ids(query))),
    }


@pytest.mark.django_db
def test_recall_and_top_ten_precision(capsys):
    data = load_recall_set()
    records = build_corpus(data)
    key_by_record = {(type(record), record.pk): key for key, record in records.items()}
    pairs = found = retrieved = relevant_retrieved = 0
    misses, false_hits = [], []
    for item in data["queries"]:
        results = results_by_kind(item["query"], key_by_record)
        relevant = relevant_keys(item, data)
        for expected in item["expected"]:
            pairs += 1
            if expected in results[expected.split(":")[0]]:
                found += 1
            else:
                misses.append(f"{item['class']}: {item['query']} -> {expected}")
        for keys in results.values():
            top = keys[:10]
            retrieved += len(top)
            relevant_retrieved += len(set(top) & relevant)
            false_hits += [f"{item['query']} -> {key}" for key in top if key not in relevant]
    recall, precision = found / pairs, relevant_retrieved / retrieved
    with capsys.disabled():
        print(
            f"\nsearch recall {recall:.1%} ({found}/{pairs} pairs, {len(data['queries'])} queries); "
            f"top-10 precision {precision:.1%} ({relevant_retrieved}/{retrieved} results)"
        )
        for line in misses:
            print(f"  missed  {line}")
        for line in false_hits:
            print(f"  not relevant  {line}")
    assert pairs >= 60
    assert recall >= MIN_RECALL, misses
    assert precision >= MIN_PRECISION, false_hits
    assert not any("c8" in key or "s19" in key for keys in [false_hits] for key in keys), "a draft was found"
