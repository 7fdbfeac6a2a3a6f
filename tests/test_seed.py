"""The seed record: the archive's first call and its reference test case."""

import datetime
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from archive import models

SEED_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "seed"
REPORT = SEED_DIR / "000_c1be75b92e9ad0ca.txt"
SEED_JSON = SEED_DIR / "seed-call.json"

pytestmark = pytest.mark.django_db

HISTORY_MODELS = [
    models.Call,
    models.CallParticipant,
    models.Source,
    models.Statement,
    models.Translation,
    models.Participant,
    models.ParticipantName,
    models.Office,
    models.Topic,
]


def counts():
    """Rows and history rows of every record model."""
    return {m.__name__: (m.objects.count(), m.history.count()) for m in HISTORY_MODELS}


@pytest.fixture
def seed_call():
    call_command("load_seed")
    return models.Call.objects.get(identifier="c1be75b92e")


def test_the_call(seed_call):
    assert seed_call.external_id == "seed:000_c1be75b92e9ad0ca"
    assert seed_call.medium == "telephone"
    assert seed_call.date == datetime.date(2024, 12, 2)
    assert seed_call.date.strftime("%A") == "Monday"
    assert seed_call.date_precision == "day"
    assert seed_call.status == "published"
    assert "Pezeshkian" in seed_call.title and "Tamim" in seed_call.title
    assert seed_call.summary
    assert models.Call.objects.published().count() == 1
    assert {t.slug for t in seed_call.topics.all()} >= {
        "gaza",
        "lebanon",
        "syria",
        "syria-armed-groups",
        "regional-security",
        "terrorism",
        "islamic-unity",
        "israel",
        "qatar-mediation",
        "bilateral-relations",
        "bilateral-agreements",
        "joint-economic-committee",
    }


def test_the_people(seed_call):
    pezeshkian = models.Participant.objects.get(slug="masoud-pezeshkian")
    assert pezeshkian.wikidata == "Q5933752"
    assert pezeshkian.native_name == "مسعود پزشکیان"
    assert pezeshkian.native_language == "fa"
    names = {(n.name, n.language) for n in pezeshkian.names.all()}
    assert names >= {
        ("Masoud Pezeshkian", "en"),
        ("Pezeshkiyan", "en"),
        ("Pezeshkian", "en"),
        ("مسعود بزشكيان", "ar"),
        ("بزشكيان", "ar"),
        ("مسعود پزشکیان", "fa"),
        ("پزشکیان", "fa"),
    }
    office = pezeshkian.office_on(seed_call.date)
    assert (office.title, office.country_id, office.start) == (
        "President of Iran",
        "IR",
        datetime.date(2024, 7, 28),
    )

    tamim = models.Participant.objects.get(slug="tamim-bin-hamad-al-thani")
    assert tamim.wikidata == "Q1855372"
    assert tamim.native_name == "تميم بن حمد آل ثاني"
    assert {"الشيخ تميم بن حمد آل ثاني", "Sheikh Tamim bin Hamad Al Thani", "Tamim bin Hamad"} <= set(
        tamim.names.values_list("name", flat=True)
    )
    office = tamim.office_on(seed_call.date)
    assert (office.title, office.country_id, office.start) == (
        "Emir of Qatar",
        "QA",
        datetime.date(2013, 6, 25),
    )


def test_the_participants_as_the_report_names_them(seed_call):
    rows = [
        (
            cp.participant.slug,
            cp.name_as_written,
            cp.name_language,
            cp.office_title,
            cp.country_id,
            cp.is_initiator,
        )
        for cp in seed_call.participants.all()
    ]
    assert rows == [
        (
            "masoud-pezeshkian",
            "مسعود بزشكيان",
            "ar",
            "President of the Islamic Republic of Iran",
            "IR",
            False,
        ),
        ("tamim-bin-hamad-al-thani", "الشيخ تميم بن حمد آل ثاني", "ar", "Emir of Qatar", "QA", False),
    ]
    report = REPORT.read_text(encoding="utf-8")
    assert all(cp.name_as_written in report for cp in seed_call.participants.all())
    assert [c.code for c in seed_call.countries] == ["IR", "QA"]


def test_the_source_keeps_the_report_byte_for_byte(seed_call):
    (source,) = seed_call.sources.all()
    assert source.outlet == "Mehr News Agency"
    assert source.kind == "news"
    assert source.language == "ar"
    assert source.published_on == datetime.date(2024, 12, 2)
    assert source.full_text.encode("utf-8") == REPORT.read_bytes()
    assert source.licence == "CC BY 4.0"
    assert source.licence_url == "https://creativecommons.org/licenses/by/4.0/"
    assert "Mehr News Agency" in source.attribution


def test_every_statement_is_a_substring_of_the_report(seed_call):
    report = REPORT.read_bytes()
    statements = list(seed_call.statements.all())
    assert len(statements) == 16
    positions = []
    for statement in statements:
        assert statement.language == "ar"
        assert statement.text.encode("utf-8") in report
        positions.append(report.index(statement.text.encode("utf-8")))
    assert positions == sorted(positions), "statements follow the report's order"
    assert [s.order for s in statements] == list(range(1, 17))
    assert all(s.source_id == seed_call.sources.get().pk for s in statements)


def test_every_paragraph_of_the_report_is_covered(seed_call):
    """Apart from the reporting words around quotes, each paragraph is in some statement."""
    paragraphs = REPORT.read_text(encoding="utf-8").split("\n\n")
    assert paragraphs[-1] == "/انتهى/"
    texts = [s.text for s in seed_call.statements.all()]
    for paragraph in paragraphs[:-1]:
        covered = sum(len(t) for t in texts if t in paragraph)
        assert covered >= 0.85 * len(paragraph), paragraph


def test_speakers_kinds_and_translations(seed_call):
    statements = list(seed_call.statements.select_related("speaker__participant"))
    speakers = [s.speaker.participant.slug if s.speaker else None for s in statements]
    assert speakers[:2] == [None, None]
    assert set(speakers[2:11]) == {"masoud-pezeshkian"}
    assert set(speakers[11:]) == {"tamim-bin-hamad-al-thani"}
    kinds = [s.kind for s in statements]
    assert kinds[:2] == ["summary", "summary"]
    assert kinds.count("quote") == 6
    for statement in statements:
        assert '"' not in statement.text, "quotes are stored without the quotation marks"
        assert statement.identifier == f"c1be75b92e-s{statement.order:02d}"
        (translation,) = statement.translations.all()
        assert (translation.language, translation.translator, translation.translator_kind) == (
            "en",
            "The archive",
            "archive",
        )
        assert translation.text
        assert statement.topics.exists()
    by_id = {s.identifier: s for s in statements}
    assert "Zionist entity" in by_id["c1be75b92e-s09"].translations.get().text
    assert {t.slug for t in by_id["c1be75b92e-s09"].topics.all()} >= {"israel"}
    assert {t.slug for t in by_id["c1be75b92e-s11"].topics.all()} >= {"joint-economic-committee"}


def test_topics_have_arabic_names_and_a_hierarchy(seed_call):
    topics = {t.slug: t for t in models.Topic.objects.select_related("parent")}
    assert all(t.name_ar for t in topics.values())
    assert topics["syria-armed-groups"].parent.slug == "syria"
    assert topics["syria"].parent.slug == "middle-east"
    assert topics["bilateral-agreements"].parent.slug == "bilateral-relations"
    assert topics["joint-economic-committee"].parent.slug == "bilateral-relations"
    assert topics["israel"].name_ar == "إسرائيل"


def test_the_seed_has_history(seed_call):
    assert seed_call.history.filter(history_type="+").count() == 1
    assert models.Statement.history.filter(history_type="+").count() == 16


def test_running_it_again_changes_nothing(seed_call, capsys):
    before = counts()
    call_command("load_seed")
    assert counts() == before
    assert "0 created, 0 updated, 1 unchanged" in capsys.readouterr().out


def test_exporting_the_seed_gives_the_seed_file(seed_call, tmp_path):
    out = tmp_path / "export.json"
    call_command("export_calls", "-o", str(out))
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(SEED_JSON.read_text(encoding="utf-8"))
