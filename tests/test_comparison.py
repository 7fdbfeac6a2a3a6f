"""Both sides' accounts: the seed call with a second source from the other side."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Call, CallParticipant, Source, Statement, Translation
from archive.vocabularies import SourceKind, StatementKind
from tests.factories import ParticipantFactory, TopicFactory, make_call

pytestmark = pytest.mark.django_db

SEED = "c1be75b92e"

# An equivalent of the seed record, for as long as the seed loader is not available here:
# Mehr's Arabic report, statement by statement, with the seed's topics.
SEED_STATEMENTS = [
    (
        None,
        "بحث رئيس الجمهورية الاسلامية الايراني، مسعود بزشكيان خلال اتصال هاتفي مع أمير قطر، "
        "الشيخ تميم بن حمد آل ثاني، آخر التطورات في غزة ولبنان وسوريا، "
        "فضلا عن العلاقات الثنائية بين البلدين.",
        ["bilateral-relations", "gaza", "lebanon", "syria"],
    ),
    (
        "IR",
        "وأشار الرئيس بزشكيان إلى تحركات المجموعات الإرهابية في الشمال السوري",
        ["syria-armed-groups", "regional-security", "terrorism"],
    ),
    (
        "IR",
        "واعتبر الرئيس الإيراني أيضا جهود قطر ودورها المحوري كوسيط في الأزمات الإقليمية، "
        "خاصة في ما يتعلق بغزة",
        ["qatar-mediation", "gaza"],
    ),
    ("IR", "نحن مصممون على تنفيذ هذه التوافقات", ["bilateral-agreements", "joint-economic-committee"]),
    (
        "QA",
        "أكد الشيخ تميم بن حمد آل ثاني أمير قطر أن قطر تتفق مع الجمهورية الإسلامية الإيرانية في المواقف "
        "بشأن قضايا المنطقة، خاصة حول غزة ولبنان وأهمية الحفاظ على وحدة أراضي سوريا",
        ["gaza", "lebanon", "syria"],
    ),
    (
        "QA",
        "وفي ختام حديثه، أكد أمير قطر على العلاقات الثنائية الممتازة بين إيران وقطر",
        ["bilateral-relations", "bilateral-agreements"],
    ),
]


def build_seed_equivalent():
    pezeshkian = ParticipantFactory(name="Masoud Pezeshkian", slug="masoud-pezeshkian")
    tamim = ParticipantFactory(name="Tamim bin Hamad Al Thani", slug="tamim-bin-hamad-al-thani")
    call = make_call(["IR", "QA"], [pezeshkian, tamim], identifier=SEED, date=datetime.date(2024, 12, 2))
    mehr = Source.objects.create(
        call=call, outlet="Mehr News Agency", kind=SourceKind.NEWS, language="ar", licence="CC BY 4.0"
    )
    speakers = {cp.country_id: cp for cp in call.participants.all()}
    for order, (country, text, topics) in enumerate(SEED_STATEMENTS, start=1):
        statement = Statement.objects.create(
            call=call,
            order=order,
            text=text,
            language="ar",
            source=mehr,
            speaker=speakers.get(country),
            kind=StatementKind.PARAPHRASE,
        )
        statement.topics.set(
            [TopicFactory(slug=slug, name=slug.replace("-", " ").title()) for slug in topics]
        )
    return call


@pytest.fixture
def seed_call():
    try:
        call_command("load_seed", verbosity=0)
    except CommandError:
        return build_seed_equivalent()
    return Call.objects.get(identifier=SEED)


@pytest.fixture
def second_source(seed_call):
    """Qatar's readout: reports the call, Gaza and bilateral relations, and nothing else."""
    tamim = CallParticipant.objects.get(call=seed_call, country_id="QA")
    diwan = Source.objects.create(
        call=seed_call,
        outlet="Amiri Diwan of Qatar",
        kind=SourceKind.READOUT,
        language="en",
        published_on=datetime.date(2024, 12, 2),
    )
    last = seed_call.statements.order_by("-order").first().order
    texts = [
        ("His Highness the Amir affirmed Qatar's firm position on the need to end the war on Gaza.", "gaza"),
        ("They reviewed the bilateral relations between the two countries.", "bilateral-relations"),
    ]
    for offset, (text, slug) in enumerate(texts, start=1):
        statement = Statement.objects.create(
            call=seed_call,
            order=last + offset,
            text=text,
            language="en",
            source=diwan,
            speaker=tamim,
            kind=StatementKind.PARAPHRASE,
        )
        statement.topics.set([TopicFactory(slug=slug)])
    return diwan


def comparison_html(client, call):
    html = client.get(call.get_absolute_url()).content.decode()
    start = html.index('<section class="comparison"')
    return html[start : html.index("</section>", start)]


def topics_of(html, source, cell):
    match = re.search(
        rf'<tr data-source="{source.pk}">.*?<td class="{cell}" data-topics="([^"]*)"', html, re.S
    )
    return set(match.group(1).split())


def test_each_sides_account_and_what_only_one_side_mentions(client, seed_call, second_source):
    html = comparison_html(client, seed_call)
    mehr = seed_call.sources.exclude(pk=second_source.pk).get()
    assert topics_of(html, second_source, "reported") == {"gaza", "bilateral-relations"}
    mehr_topics = topics_of(html, mehr, "reported")
    assert {"gaza", "bilateral-relations", "lebanon", "syria", "syria-armed-groups"} <= mehr_topics
    # What only Mehr reports is everything but the two topics both report; Qatar adds nothing.
    assert topics_of(html, mehr, "only") == mehr_topics - {"gaza", "bilateral-relations"}
    assert topics_of(html, second_source, "only") == set()
    assert f"Only {mehr.outlet} mentions" in html
    assert f"Only {second_source.outlet} mentions" not in html


def test_same_point_in_both_wordings_side_by_side(client, seed_call, second_source):
    html = comparison_html(client, seed_call)
    gaza = html[html.index('data-topic="gaza"') :]
    gaza = gaza[: gaza.find('<div class="point"') if '<div class="point"' in gaza else len(gaza)]
    # Tamim's row: Mehr's Arabic wording and the Diwan's English wording next to each other.
    row = gaza[gaza.index("Tamim") :]
    row = row[: row.find('<div class="side-by-side"') if '<div class="side-by-side"' in row else len(row)]
    assert "reported by several sources" in row
    assert '<blockquote lang="ar" dir="rtl">' in row
    assert '<blockquote lang="en" dir="ltr">His Highness the Amir affirmed' in row
    assert "Mehr News Agency" in row and "Amiri Diwan of Qatar" in row
    # Lebanon is reported by Mehr alone: no side-by-side block for it.
    assert 'data-topic="lebanon"' not in html


def test_translation_shown_under_the_original(client, seed_call, second_source):
    statement = seed_call.statements.filter(language="ar", topics__slug="gaza", speaker__country="QA").first()
    if not statement.translations.filter(language="en").exists():
        Translation.objects.create(statement=statement, language="en", text="Qatar agrees with Iran on Gaza.")
    text = statement.translations.get(language="en").text
    assert text in comparison_html(client, seed_call)


def test_one_source_no_comparison(client, seed_call):
    html = client.get(seed_call.get_absolute_url()).content.decode()
    assert 'class="comparison"' not in html


def test_comparison_adds_no_queries(client, seed_call, second_source):
    def queries(call):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(call.get_absolute_url()).status_code == 200
        return len(captured)

    with_comparison = queries(seed_call)
    plain = make_call(["IR", "QA"])
    source = Source.objects.create(call=plain, outlet="One outlet")
    statement = Statement.objects.create(call=plain, order=1, text="نص", language="ar", source=source)
    statement.topics.set([TopicFactory(slug="gaza")])
    Translation.objects.create(statement=statement, language="en", text="Text")
    assert with_comparison == queries(plain)
