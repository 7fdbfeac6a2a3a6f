"""The topic index: which calls fall under which topic, through tags on the call, tags on
its statements and the topic tree, kept current by every way of changing them."""

import io

import pytest
from django.core.management import call_command

from archive import topic_index
from archive.models import CallTopicIndex, Statement
from tests.factories import StatementFactory, TopicFactory, make_call

pytestmark = pytest.mark.django_db


def under(call):
    return set(CallTopicIndex.objects.filter(call=call).values_list("topic__slug", flat=True))


def listed(client, topic):
    response = client.get(f"/calls/?topic={topic}")
    assert response.status_code == 200
    return {call.identifier for call in response.context["page_obj"].object_list}


@pytest.fixture
def tree():
    region = TopicFactory(slug="middle-east", name="Middle East")
    gaza = TopicFactory(slug="gaza", name="Gaza", parent=region)
    ceasefire = TopicFactory(slug="gaza-ceasefire", name="Gaza ceasefire", parent=gaza)
    trade = TopicFactory(slug="trade", name="Trade")
    return region, gaza, ceasefire, trade


def test_a_call_falls_under_its_tags_and_every_broader_topic(tree):
    region, gaza, ceasefire, trade = tree
    call = make_call(topics=[ceasefire])
    assert under(call) == {"gaza-ceasefire", "gaza", "middle-east"}
    call.topics.add(trade)
    assert under(call) == {"gaza-ceasefire", "gaza", "middle-east", "trade"}
    call.topics.remove(ceasefire)
    assert under(call) == {"trade"}
    call.topics.clear()
    assert under(call) == set()


def test_a_statements_tags_count_for_its_call_until_removed(client, tree):
    region, gaza, ceasefire, trade = tree
    call = make_call(status="published")
    statement = StatementFactory(call=call)
    statement.topics.add(gaza)
    assert under(call) == {"gaza", "middle-east"}
    assert listed(client, "middle-east") == {call.identifier}
    statement.topics.set([trade])
    assert under(call) == {"trade"}
    assert listed(client, "middle-east") == set()
    assert listed(client, "trade") == {call.identifier}


def test_tags_added_from_the_topics_side(tree):
    region, gaza, ceasefire, trade = tree
    first, second = make_call(), make_call()
    gaza.calls.add(first, second)
    assert "middle-east" in under(first) and "middle-east" in under(second)
    gaza.calls.remove(first)
    assert under(first) == set()
    gaza.calls.clear()
    assert under(second) == set()
    statement = StatementFactory(call=first)
    trade.statements.add(statement)
    assert under(first) == {"trade"}
    trade.statements.clear()
    assert under(first) == set()


def test_moving_a_topic_moves_its_calls(tree):
    region, gaza, ceasefire, trade = tree
    call = make_call(topics=[ceasefire])
    gaza.parent = trade
    gaza.save()
    assert under(call) == {"gaza-ceasefire", "gaza", "trade"}


def test_deleting_a_statement_or_a_topic_updates_its_calls(tree, django_capture_on_commit_callbacks):
    region, gaza, ceasefire, trade = tree
    call = make_call()
    statement = StatementFactory(call=call)
    statement.topics.add(ceasefire)
    with django_capture_on_commit_callbacks(execute=True):
        statement.delete()
    assert under(call) == set()
    call.topics.add(ceasefire)
    with django_capture_on_commit_callbacks(execute=True):
        call.topics.remove(ceasefire)  # a leaf topic can be deleted once unused ...
        ceasefire.delete()
    assert under(call) == set()
    other = make_call(topics=[trade])
    StatementFactory(call=other).topics.add(gaza)
    with django_capture_on_commit_callbacks(execute=True):
        Statement.objects.filter(call=other).delete()
    assert under(other) == {"trade"}


def test_rebuild_gives_the_rows_kept_by_the_signals(tree):
    region, gaza, ceasefire, trade = tree
    make_call(topics=[ceasefire, trade])
    StatementFactory(call=make_call(topics=[gaza])).topics.add(trade)
    kept = set(CallTopicIndex.objects.values_list("call_id", "topic_id"))
    assert len(kept) == 7
    CallTopicIndex.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_topic_index", stdout=out)
    assert "7 rows" in out.getvalue()
    assert set(CallTopicIndex.objects.values_list("call_id", "topic_id")) == kept
    topic_index.refresh([])  # nothing to do is not an error
