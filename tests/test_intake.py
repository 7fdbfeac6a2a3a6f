"""Report intake: a pasted report becomes a draft call, every guess shown with its evidence."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from archive.intake.dates import find_dates
from archive.intake.normalise import fold
from archive.models import Call, Topic, TopicKeyword
from archive.vocabularies import Medium, StatementKind, Status
from tests.desk_helpers import member
from tests.desk_people import make_people

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = (ROOT / "fixtures" / "seed" / "000_c1be75b92e9ad0ca.txt").read_text(encoding="utf-8")
PERSIAN_TEXT = (ROOT / "tests" / "data" / "intake_report_fa.txt").read_text(encoding="utf-8")
ENGLISH_TEXT = (ROOT / "tests" / "data" / "intake_report_en.txt").read_text(encoding="utf-8")
INTAKE = reverse("admin:archive_call_intake")


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(member(django_user_model, "edith", "Editor"))
    return client


def paste(client, text, published, language, outlet="Mehr News Agency", **extra):
    data = {"text": text, "published_on": published, "language": language, "outlet": outlet, "kind": "news"}
    response = client.post(INTAKE, {**data, **extra})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Call.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-2]))


def speakers(call):
    return [
        (s.order, s.speaker.participant.slug if s.speaker else None, s.kind) for s in call.statements.all()
    ]


def test_seed_report(editor):
    make_people("masoud-pezeshkian", "tamim-bin-hamad-al-thani")
    call = paste(editor, SEED_TEXT, "2024-12-02", "ar", licence="CC BY 4.0")
    assert call.status == Status.DRAFT
    assert call.date == datetime.date(2024, 12, 2)
    assert call.medium == Medium.TELEPHONE
    people = [p.participant.slug for p in call.participants.all()]
    assert people == ["masoud-pezeshkian", "tamim-bin-hamad-al-thani"]
    assert call.participants.get(participant__slug="masoud-pezeshkian").name_as_written == "مسعود بزشكيان"
    assert call.participants.get(participant__slug="tamim-bin-hamad-al-thani").country_id == "QA"
    seed_topics = {"gaza", "lebanon", "syria", "regional-security", "terrorism", "islamic-unity", "israel",
                   "bilateral-relations", "joint-economic-committee", "bilateral-agreements",
                   "qatar-mediation", "syria-armed-groups"}  # fmt: skip
    found = set(call.topics.values_list("slug", flat=True))
    assert len(found & seed_topics) >= 5 and found <= seed_topics
    pez, tamim = "masoud-pezeshkian", "tamim-bin-hamad-al-thani"
    assert [(order, who) for order, who, _ in speakers(call)] == [
        (1, None), (2, None), (3, pez), (4, pez), (5, pez), (6, pez), (7, pez),
        (8, tamim), (9, tamim), (10, tamim),
    ]  # fmt: skip
    kinds = [kind for _, _, kind in speakers(call)]
    assert kinds[:3] == [StatementKind.SUMMARY, StatementKind.SUMMARY, StatementKind.PARAPHRASE]
    assert kinds[3] == kinds[8] == StatementKind.QUOTE  # "وأضاف: ..."
    assert "/انتهى/" not in "".join(call.statements.values_list("text", flat=True))
    source = call.sources.get()
    assert source.full_text == SEED_TEXT and source.published_on == datetime.date(2024, 12, 2)
    assert source.licence == "CC BY 4.0"
    # Every guess is shown on the draft's page, with its evidence.
    page = editor.get(reverse("admin:archive_call_change", args=[call.pk])).content.decode()
    assert "check each guess" in page and "اليوم الاثنين" in page and "أمير قطر" in page


def test_persian_report(editor):
    make_people()
    call = paste(editor, PERSIAN_TEXT, "2024-12-03", "fa", outlet="IRNA")
    assert call.date == datetime.date(2024, 12, 3)  # "امروز سه‌شنبه"
    assert call.medium == Medium.TELEPHONE
    assert [p.participant.slug for p in call.participants.all()] == ["abbas-araghchi", "hakan-fidan"]
    assert {"syria", "terrorism", "israel", "gaza", "lebanon", "bilateral-relations",
            "joint-economic-committee"} <= set(call.topics.values_list("slug", flat=True))  # fmt: skip
    assert [(o, who) for o, who, _ in speakers(call)] == [
        (1, None), (2, "abbas-araghchi"), (3, "abbas-araghchi"),
        (4, "hakan-fidan"), (5, "hakan-fidan"), (6, None),
    ]  # fmt: skip
    assert speakers(call)[1][2] == speakers(call)[4][2] == StatementKind.QUOTE  # «...»
    assert call.sources.get().title == "عراقچی و فیدان در تماس تلفنی درباره تحولات سوریه گفت‌وگو کردند"


def test_english_report(editor):
    make_people()
    call = paste(editor, ENGLISH_TEXT, "2024-12-03", "en", outlet="Qatar News Agency")
    assert call.date == datetime.date(2024, 12, 2)  # "yesterday", not the dateline's "December 3"
    assert call.medium == Medium.TELEPHONE
    participants = {p.participant.slug: p for p in call.participants.all()}
    assert set(participants) == {"masoud-pezeshkian", "tamim-bin-hamad-al-thani"}
    assert participants["masoud-pezeshkian"].is_initiator  # "received a phone call ... from"
    assert {"gaza", "lebanon", "syria", "terrorism", "regional-security", "bilateral-relations",
            "joint-economic-committee"} <= set(call.topics.values_list("slug", flat=True))  # fmt: skip
    pez, tamim = "masoud-pezeshkian", "tamim-bin-hamad-al-thani"
    assert [(o, who) for o, who, _ in speakers(call)] == [
        (1, None), (2, None), (3, pez), (4, tamim), (5, pez), (6, None)
    ]  # fmt: skip


def test_names_match_across_scripts_and_letter_variants(editor):
    make_people("masoud-pezeshkian", "tamim-bin-hamad-al-thani")
    text = (
        "گفت‌وگوی تلفنی پزشكيان و تمیم بن حمد آل ثانی دیروز انجام شد.\n\nپزشکیان گفت: «روابط دوجانبه مهم است.»"
    )
    call = paste(editor, text, "2024-12-03", "fa")
    assert {p.participant.slug for p in call.participants.all()} == {
        "masoud-pezeshkian",
        "tamim-bin-hamad-al-thani",
    }
    assert call.date == datetime.date(2024, 12, 2)


def test_editors_extend_the_topic_lexicon(editor):
    make_people("masoud-pezeshkian", "tamim-bin-hamad-al-thani")
    topic = Topic.objects.create(slug="water", name="Water")
    add = reverse("admin:archive_topickeyword_add")
    assert editor.post(add, {"keyword": "المياه", "language": "ar", "topic": topic.pk}).status_code == 302
    assert TopicKeyword.objects.filter(topic=topic).exists()
    call = paste(editor, "بحث بزشكيان وتميم بن حمد آل ثاني هاتفيا أمس أزمة المياه.", "2024-12-03", "ar")
    assert "water" in set(call.topics.values_list("slug", flat=True))


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("اليوم الاثنين", "2024-12-02"),
        ("أمس", "2024-12-01"),
        ("on Monday", "2024-12-02"),
        ("yesterday", "2024-12-01"),
        ("today", "2024-12-02"),
        ("امروز دوشنبه", "2024-12-02"),
        ("دیروز", "2024-12-01"),
        ("يوم الخميس", "2024-11-28"),
        ("روز پنج‌شنبه", "2024-11-28"),
        ("on Sunday", "2024-12-01"),
        ("2 December 2024", "2024-12-02"),
        ("December 2, 2024", "2024-12-02"),
        ("٢ ديسمبر", "2024-12-02"),
        ("۱۲ آذر ۱۴۰۳", "2024-12-02"),
        ("3 October", "2024-10-03"),
        ("25 December", "2023-12-25"),  # no year: the most recent one before publication
    ],
)
def test_dates_resolve_against_the_publication_date(words, expected):
    mentions = find_dates(fold(words), datetime.date(2024, 12, 2))
    assert [m.date.isoformat() for m in mentions] == [expected]


def test_bad_input_is_a_form_error_and_writes_nothing(editor):
    response = editor.post(
        INTAKE, {"text": "  ", "published_on": "2999-01-01", "language": "ar", "outlet": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Paste the report" in page and "in the future" in page
    assert not Call.objects.exists()


def test_intake_needs_the_right_to_add_calls(client, django_user_model):
    client.force_login(member(django_user_model, "viewer"))
    assert client.get(INTAKE).status_code == 403
    client.logout()
    assert client.get(INTAKE).status_code == 302  # to the login page
