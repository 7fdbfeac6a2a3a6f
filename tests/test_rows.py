"""Call-list rows read without model instances (archive/rows.py) and the small tables each
process keeps (archive/reference.py): the rows show what the calls hold, in the list's order,
and an edit is seen at once."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive import reference
from archive.models import Country, Topic
from archive.rows import call_rows
from archive.templatetags.archive_tags import call_rows as render_rows
from archive.vocabularies import Status
from tests.factories import TopicFactory, make_call

pytestmark = pytest.mark.django_db


def test_rows_follow_the_ids_and_show_countries_and_topics():
    trade = TopicFactory(name="Trade", slug="trade")
    energy = TopicFactory(name="Energy", slug="energy")
    first = make_call(["QA", "IR"], topics=[trade, energy], date=datetime.date(2024, 12, 2))
    second = make_call(["FR", "IR", "FR"], date=datetime.date(2023, 5, 1))
    rows = call_rows([second.pk, first.pk])
    assert [row.pk for row in rows] == [second.pk, first.pk]
    # Countries in the participants' order (one per participant, as the call page lists them).
    assert [country.code for country in rows[0].countries] == ["FR", "IR", "FR"]
    assert [country.code for country in rows[1].countries] == ["QA", "IR"]
    # Topics by name, as Topic's own ordering gives them.
    assert [topic.slug for topic in rows[1].topics] == ["energy", "trade"]
    assert rows[1].get_absolute_url() == first.get_absolute_url()
    assert rows[1].date_display == first.date_display == "2 December 2024"


def test_a_row_renders_exactly_as_the_call_it_was_read_from():
    topic = TopicFactory(name="Gaza <&> Lebanon", slug="gaza-lebanon")
    call = make_call(["IR", "QA"], topics=[topic], title='Pezeshkian & Tamim <script>"x"</script>')
    from archive.models import Call

    model = Call.objects.for_list().get(pk=call.pk)
    html = render_rows(call_rows([call.pk]))
    assert html == render_rows([model])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Gaza &lt;&amp;&gt; Lebanon" in html


def test_rows_leave_out_calls_no_longer_published():
    shown = make_call()
    withdrawn = make_call(status=Status.WITHDRAWN, withdrawn_reason="Duplicate record.")
    deleted = make_call()
    deleted_pk = deleted.pk
    deleted.delete()
    assert [row.pk for row in call_rows([withdrawn.pk, deleted_pk, shown.pk])] == [shown.pk]
    assert call_rows([]) == []


def test_a_page_of_rows_takes_three_queries_whatever_its_size():
    calls = [make_call(["IR", "QA"], topics=[TopicFactory()]) for _ in range(6)]
    reference.tables()  # loaded once per process, not per page
    counts = []
    for size in (1, 6):
        with CaptureQueriesContext(connection) as queries:
            call_rows([call.pk for call in calls[:size]])
        counts.append(len(queries))
    assert counts == [3, 3]


def test_kept_tables_see_an_edit_at_once():
    topic = TopicFactory(name="Trade", slug="trade")
    call = make_call(["IR", "QA"], topics=[topic])
    assert call_rows([call.pk])[0].topics[0].name == "Trade"
    topic.name = "Trade and tariffs"
    topic.save()
    assert call_rows([call.pk])[0].topics[0].name == "Trade and tariffs"
    assert reference.topic_by_slug("trade").name == "Trade and tariffs"


def test_a_country_or_topic_written_without_signals_is_still_found(client):
    """Rows written behind the archive's back (SQL, another process) are looked up in the
    database when the kept tables lack them: a new code is a filter, not a 400."""
    reference.tables()
    Country.objects.bulk_create([Country(code="QZ", name="Testland")])
    Topic.objects.bulk_create([Topic(name="Water", slug="water")])
    make_call(["QZ", "IR"])
    response = client.get("/calls/", {"country": "qz"})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 1
    assert client.get("/calls/", {"topic": "water"}).status_code == 200
    assert client.get("/calls/", {"country": "ZZ"}).status_code == 400
    assert client.get("/calls/", {"topic": "no-such-topic"}).status_code == 400


def test_narrower_topics_come_from_the_kept_tree():
    region = TopicFactory(name="Middle East", slug="middle-east")
    gaza = TopicFactory(name="Gaza", slug="gaza", parent=region)
    rafah = TopicFactory(name="Rafah", slug="rafah", parent=gaza)
    assert reference.narrower_topic_ids(region) == {gaza.pk, rafah.pk}
    assert reference.narrower_topic_ids(rafah) == set()


def test_call_page_statements_are_escaped_and_carry_their_language(client):
    from archive.models import Statement, Translation
    from tests.factories import make_seed_like_call

    call = make_seed_like_call()
    first = call.statements.get(order=1)
    Statement.objects.create(
        call=call, order=3, text='<script>alert("x")</script>\nسطر ثان', language="ar", kind="summary"
    )
    Translation.objects.create(
        statement=first, language="fr", text="Français <b>gras</b>", translator="R & D"
    )
    html = client.get(call.get_absolute_url()).content.decode()
    item = html.split('id="s-')[1]
    assert 'lang="ar" dir="rtl" data-quote>' in item  # a quote, in Arabic
    assert "<strong>Masoud Pezeshkian</strong>" in item
    assert '<p class="credit">Source: Mehr News Agency</p>' in item
    assert '<div class="translation" lang="fr" dir="ltr">' in item
    assert "Français &lt;b&gt;gras&lt;/b&gt;" in item and "R &amp; D" in item
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>سطر ثان" in html
    assert "<script>alert" not in html
    assert "<strong>Report</strong>" in html  # a statement without a speaker
