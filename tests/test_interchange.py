"""The JSON interchange format: validation, all-or-nothing import, export and round trips."""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive import models
from archive.interchange import InvalidDocument, export_document, import_document, validate_document

from .factories import ParticipantFactory, StatementFactory, TopicFactory, make_call

SEED_JSON = Path(__file__).resolve().parent.parent / "fixtures" / "seed" / "seed-call.json"

pytestmark = pytest.mark.django_db

RECORD_MODELS = [
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
    return {m.__name__: (m.objects.count(), m.history.count()) for m in RECORD_MODELS}


def seed_doc():
    return json.loads(SEED_JSON.read_text(encoding="utf-8"))


def a_call(n, **fields):
    """A small valid call for a document, referring to the seed document's people and topics."""
    call = {
        "external_id": f"test:{n}",
        "title": f"Call number {n}",
        "medium": "telephone",
        "date": "2024-11-0" + str(n),
        "status": "published",
        "topics": ["gaza"],
        "participants": [
            {"key": "a", "person": "masoud-pezeshkian", "country": "IR"},
            {"key": "b", "name_as_written": "وزير الخارجية", "name_language": "ar", "country": "QA"},
        ],
        "sources": [
            {"key": "s", "outlet": "Ministry of Foreign Affairs", "kind": "readout", "language": "en"}
        ],
        "statements": [
            {
                "order": 1,
                "speaker": "a",
                "source": "s",
                "language": "en",
                "kind": "paraphrase",
                "text": "Hello.",
            }
        ],
    }
    call.update(fields)
    return call


def doc_with_calls(*calls):
    doc = seed_doc()
    doc["calls"] = list(calls)
    return doc


def write(tmp_path, doc, name="doc.json"):
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def run_import(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_calls", str(path), *args, stdout=out, stderr=err)
    return out.getvalue()


def failed_import(path, *args):
    """Import ``path`` expecting failure; returns the error output."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_calls", str(path), *args, stdout=out, stderr=err)
    return err.getvalue() + "\n" + str(excinfo.value)


# Validation -----------------------------------------------------------------------------------


def test_the_seed_document_is_valid():
    assert validate_document(seed_doc()) == []


def test_a_malformed_document_writes_nothing_and_names_every_error(tmp_path):
    doc = seed_doc()
    call = doc["calls"][0]
    call["date"] = "2024-02-30"
    del call["title"]
    call["place_country"] = "ZZ"
    call["statements"][2]["speaker"] = "nobody"
    call["statements"][3]["order"] = 1
    call["sources"][0]["published_on"] = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    call["participants"][1]["country"] = "XX"
    call["medium"] = "carrier pigeon"
    doc["people"][0]["offices"][0]["start"] = "28/07/2024"
    doc["topics"][0]["parent"] = "no-such-topic"
    path = write(tmp_path, doc)
    before = counts()

    output = failed_import(path)

    assert counts() == before
    assert 'calls[0] (external_id "seed:000_c1be75b92e9ad0ca")' in output
    for field, words in [
        ("calls[0].date", "not a real date"),
        ("calls[0].title", "is required"),
        ("calls[0].place_country", "unknown country"),
        ("calls[0].statements[2].speaker", '"nobody"'),
        ("calls[0].statements[3].order", "also the order"),
        ("calls[0].sources[0].published_on", "in the future"),
        ("calls[0].participants[1].country", '"XX"'),
        ("calls[0].medium", "is not one of"),
        ("people[0].offices[0].start", "YYYY-MM-DD"),
        ("topics[0].parent", "unknown topic"),
    ]:
        line = next((line for line in output.splitlines() if f"{field}:" in line), None)
        assert line is not None, f"no error for {field} in:\n{output}"
        assert words in line
    assert "10 problem(s)" in output
    assert "nothing was imported" in output


def test_errors_are_records_with_record_field_and_message():
    doc = doc_with_calls(
        a_call(1, statements=[{"order": 1, "language": "en", "kind": "quote", "speaker": "zz"}])
    )
    errors = validate_document(doc)
    assert {(e.record, e.field) for e in errors} == {
        ('calls[0] (external_id "test:1")', "calls[0].statements[0].text"),
        ('calls[0] (external_id "test:1")', "calls[0].statements[0].speaker"),
    }
    assert all(e.message for e in errors)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda c: c.update(date="2023-02-29"), "calls[0].date"),
        (lambda c: c.update(date="2024-13-01"), "calls[0].date"),
        (lambda c: c.update(date=20241202), "calls[0].date"),
        (lambda c: c.update(end_date="2024-10-01"), "calls[0].end_date"),
        (lambda c: c.update(time="25:00"), "calls[0].time"),
        (lambda c: c.update(status="secret"), "calls[0].status"),
        (lambda c: c.update(status="withdrawn"), "calls[0].withdrawn_reason"),
        (lambda c: c.update(date=None), "calls[0].date"),
        (lambda c: c.update(date_precision="month", date="2024-11-02"), "calls[0].date"),
        (lambda c: c.update(identifier="Not An Id"), "calls[0].identifier"),
        (lambda c: c.update(summery="typo"), "calls[0].summery"),
        (lambda c: c.update(topics=["no-such-topic"]), "calls[0].topics[0]"),
        (lambda c: c["participants"][0].update(person="nobody-we-know"), "calls[0].participants[0].person"),
        (lambda c: c["participants"][0].update(is_initiator="yes"), "calls[0].participants[0].is_initiator"),
        (lambda c: c["participants"][1].update(key="a"), "calls[0].participants[1].key"),
        (lambda c: c["participants"].append({"key": "c"}), "calls[0].participants[2]"),
        (lambda c: c["sources"][0].update(url="not a url"), "calls[0].sources[0].url"),
        (lambda c: c["sources"][0].pop("outlet"), "calls[0].sources[0].outlet"),
        (lambda c: c["sources"][0].update(language="xx"), "calls[0].sources[0].language"),
        (lambda c: c["statements"][0].update(source="elsewhere"), "calls[0].statements[0].source"),
        (lambda c: c["statements"][0].update(text=""), "calls[0].statements[0].text"),
        (lambda c: c["statements"][0].update(order=True), "calls[0].statements[0].order"),
        (lambda c: c["statements"][0].update(identifier="x"), "calls[0].statements[0].identifier"),
        (
            lambda c: c["statements"][0].update(
                translations=[{"language": "ar", "text": "مرحبا"}, {"language": "ar", "text": "أهلا"}]
            ),
            "calls[0].statements[0].translations[1].language",
        ),
    ],
)
def test_each_kind_of_error_is_reported_against_its_field(change, field):
    call = a_call(1)
    change(call)
    errors = validate_document(doc_with_calls(call))
    assert field in {e.field for e in errors}, errors


def test_document_level_errors():
    assert {e.field for e in validate_document([])} == {"document"}
    errors = validate_document({"format": "something else", "version": 2, "calls": {}})
    assert {e.field for e in errors} == {"format", "version", "calls"}


def test_a_call_needs_an_identifier_or_external_id():
    call = a_call(1)
    del call["external_id"]
    assert [e.field for e in validate_document(doc_with_calls(call))] == ["calls[0].identifier"]
    call["external_id"] = ""
    assert [e.field for e in validate_document(doc_with_calls(call))] == ["calls[0].identifier"]


def test_a_call_identifier_never_changes(tmp_path):
    run_import(SEED_JSON)
    doc = seed_doc()
    doc["calls"][0]["identifier"] = "another-identifier"
    errors = validate_document(doc)
    assert [e.field for e in errors] == ["calls[0].identifier"]
    assert "never change" in errors[0].message


def test_a_statement_identifier_belongs_to_one_call(tmp_path):
    run_import(SEED_JSON)
    call = a_call(1)
    call["statements"][0]["identifier"] = "c1be75b92e-s01"
    assert [e.field for e in validate_document(doc_with_calls(call))] == ["calls[0].statements[0].identifier"]


def test_the_same_call_twice_in_a_document_is_an_error():
    errors = validate_document(doc_with_calls(a_call(1), a_call(1)))
    assert [e.field for e in errors] == ["calls[1].external_id"]


def test_a_topic_may_not_be_its_own_ancestor():
    doc = seed_doc()
    topics = {t["slug"]: t for t in doc["topics"]}
    topics["middle-east"]["parent"] = "syria-armed-groups"
    fields = {e.field for e in validate_document(doc)}
    assert {"topics[7].parent", "topics[10].parent", "topics[11].parent"} <= fields


def test_broken_json_and_missing_files_are_reported_without_a_traceback(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "diplomatic-archive/calls", "calls": [', encoding="utf-8")
    assert "is not valid JSON" in failed_import(broken)
    assert "line 1" in failed_import(broken)
    assert "no such file" in failed_import(tmp_path / "missing.json")
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes('{"title": "Caf\xe9"}'.encode("latin-1"))
    assert "not UTF-8" in failed_import(latin1)
    assert counts()["Call"] == (0, 0)


# Importing ------------------------------------------------------------------------------------


def test_a_multi_call_import_is_all_or_nothing(tmp_path):
    bad = a_call(3, date="2024-02-30")
    path = write(tmp_path, doc_with_calls(a_call(1), a_call(2), bad))
    output = failed_import(path)
    assert "calls[2].date" in output
    assert "calls[0]" not in output and "calls[1]" not in output
    assert models.Call.objects.count() == 0
    assert models.Participant.objects.count() == 0
    assert models.Topic.objects.count() == 0

    bad["date"] = "2024-11-03"
    output = run_import(write(tmp_path, doc_with_calls(a_call(1), a_call(2), bad)))
    assert "Calls: 3 created" in output
    assert sorted(models.Call.objects.values_list("external_id", flat=True)) == ["test:1", "test:2", "test:3"]


def test_a_dry_run_writes_nothing(tmp_path):
    output = run_import(SEED_JSON, "--dry-run")
    assert "Dry run" in output
    assert "1 would be created" in output
    assert all(rows == (0, 0) for rows in counts().values())
    assert models.Call.objects.count() == 0
    assert models.Statement.objects.count() == 0


def test_reimporting_the_same_document_changes_nothing(tmp_path):
    path = write(tmp_path, doc_with_calls(a_call(1), a_call(2)))
    run_import(path)
    before = counts()
    output = run_import(path)
    assert counts() == before
    assert "Calls: 0 created, 0 updated, 2 unchanged" in output


def test_a_call_without_external_id_is_matched_by_identifier(tmp_path):
    call = a_call(1, identifier="hand-made-call")
    del call["external_id"]
    path = write(tmp_path, doc_with_calls(call))
    run_import(path)
    call["title"] = "A better title"
    run_import(write(tmp_path, doc_with_calls(call)))
    assert list(models.Call.objects.values_list("identifier", "title")) == [
        ("hand-made-call", "A better title")
    ]


def test_an_updated_document_updates_the_call_and_keeps_statement_identifiers(tmp_path):
    call_command("load_seed", stdout=io.StringIO())
    seed = models.Call.objects.get()
    kept_call_pk = seed.pk
    doc = seed_doc()
    call = doc["calls"][0]
    call["title"] = "Pezeshkian and Tamim discuss Gaza, Lebanon and Syria"
    statements = call["statements"]
    del statements[1]  # the second summary goes
    statements[0]["order"], statements[1]["order"] = statements[1]["order"], statements[0]["order"]
    statements[2]["translations"].append({"language": "fr", "text": "Nous voulons une région sûre."})
    statements[3]["speaker"] = None
    call["participants"].append({"key": "host", "name_as_written": "الديوان الأميري", "country": "QA"})
    statements.append(
        {
            "order": 99,
            "speaker": "host",
            "language": "ar",
            "kind": "summary",
            "text": "نص جديد",
            "topics": ["gaza"],
        }
    )
    before = models.Statement.history.count()

    output = run_import(write(tmp_path, doc))

    assert "Calls: 0 created, 1 updated" in output
    seed = models.Call.objects.get()
    assert seed.pk == kept_call_pk
    assert seed.title == "Pezeshkian and Tamim discuss Gaza, Lebanon and Syria"
    assert models.Statement.objects.count() == 16
    assert not models.Statement.objects.filter(identifier="c1be75b92e-s02").exists()
    assert models.Statement.objects.get(identifier="c1be75b92e-s01").order == 3
    assert models.Statement.objects.get(identifier="c1be75b92e-s03").order == 1
    assert models.Statement.objects.get(identifier="c1be75b92e-s05").speaker is None
    new = models.Statement.objects.get(order=99)
    assert new.speaker.name_as_written == "الديوان الأميري"
    assert models.Statement.history.count() > before
    assert models.Statement.history.filter(identifier="c1be75b92e-s02", history_type="-").exists()

    exported = export_document(models.Call.objects.all())
    exported_statements = {s["identifier"]: s for s in exported["calls"][0]["statements"]}
    assert exported_statements["c1be75b92e-s04"]["translations"][1]["text"] == "Nous voulons une région sûre."
    assert exported_statements[new.identifier]["speaker"] == "participant-3"


def test_history_records_the_importing_user(django_user_model):
    user = django_user_model.objects.create_user("librarian")
    import_document(doc_with_calls(a_call(1)), user=user)
    assert models.Call.history.exists()
    assert all(h.history_user == user for h in models.Call.history.all())
    assert all(h.history_user == user for h in models.Statement.history.all())


def test_import_document_raises_with_every_error_and_writes_nothing():
    with pytest.raises(InvalidDocument) as excinfo:
        import_document(doc_with_calls(a_call(1, date="2024-02-30", title="")))
    assert {e.field for e in excinfo.value.errors} == {"calls[0].date", "calls[0].title"}
    assert models.Call.objects.count() == 0


def test_arabic_and_persian_text_is_kept_byte_for_byte(tmp_path):
    text = "الإِسْلَامِيَّة\u200cمی\u200cخواهیم \u0640ـ  مسافة\u200f "
    call = a_call(1)
    call["statements"][0].update(language="fa", text=text)
    call["participants"][1]["name_as_written"] = " ك ي \u064b "
    run_import(write(tmp_path, doc_with_calls(call)))
    assert models.Statement.objects.get().text.encode("utf-8") == text.encode("utf-8")
    assert models.CallParticipant.objects.get(participant=None).name_as_written == " ك ي \u064b "


# Export and round trips -----------------------------------------------------------------------


def build_varied_records():
    """Calls exercising most of the format, made through the models."""
    middle_east = TopicFactory(slug="middle-east", name="Middle East", name_ar="الشرق الأوسط")
    gaza = TopicFactory(slug="gaza", name="Gaza", parent=middle_east)
    trade = TopicFactory(slug="trade", name="Trade")
    person = ParticipantFactory(slug="a-person", name="A Person", wikidata="Q42")
    person.names.create(name="Ein Mensch", language="de", kind="alias")
    person.offices.create(title="Foreign Minister", country_id="QA", start=datetime.date(2020, 1, 1))
    first = make_call(people=[person, None], topics=[gaza], external_id="hsg-visits:1")
    first.sources.create(outlet="Later outlet", language="en", published_on=datetime.date(2024, 12, 3))
    undated = first.sources.create(outlet="Undated outlet", language="ar", full_text="نص")
    speaker = first.participants.first()
    statement = StatementFactory(
        call=first, order=2, speaker=speaker, source=undated, text="نص", language="ar"
    )
    statement.topics.add(trade)
    statement.translations.create(language="en", text="Text")
    StatementFactory(call=first, order=5, text="Readout.", kind="summary")
    second = make_call(
        countries=("US", "UN"),
        status="withdrawn",
        withdrawn_reason="A duplicate of another record.",
        date=datetime.date(1975, 6, 1),
        date_precision="month",
        medium="visit",
        place="New York",
        place_country_id="US",
        time=datetime.time(14, 30),
    )
    second.participants.create(name_as_written="Secretariat", country_id="UN", role="host", order=5)
    make_call(date=None, status="draft", title="Undated draft")


def test_export_import_export_round_trips(tmp_path):
    build_varied_records()
    first = export_document(models.Call.objects.all())
    assert validate_document(first) == []
    for model in [models.Statement, models.CallParticipant, models.Source, models.Call]:
        model.objects.all().delete()
    models.Participant.objects.all().delete()
    models.Topic.objects.exclude(parent=None).delete()
    models.Topic.objects.all().delete()

    path = tmp_path / "export.json"
    path.write_text(json.dumps(first, ensure_ascii=False), encoding="utf-8")
    run_import(path)
    second = export_document(models.Call.objects.all())
    assert second == first

    before = counts()
    run_import(path)
    assert counts() == before
    assert export_document(models.Call.objects.all()) == first


def test_export_calls_command_filters_by_status(tmp_path):
    build_varied_records()
    out = io.StringIO()
    call_command("export_calls", "--status", "published", stdout=out)
    doc = json.loads(out.getvalue())
    assert [c["status"] for c in doc["calls"]] == ["published"]
    assert {t["slug"] for t in doc["topics"]} == {"gaza", "middle-east", "trade"}
    assert [p["slug"] for p in doc["people"]][0] == "a-person"

    out = io.StringIO()
    call_command("export_calls", "--status", "draft", "--status", "withdrawn", stdout=out)
    assert sorted(c["status"] for c in json.loads(out.getvalue())["calls"]) == ["draft", "withdrawn"]


def test_exported_document_of_the_seed_imports_unchanged(tmp_path):
    call_command("load_seed", stdout=io.StringIO())
    path = tmp_path / "seed.json"
    call_command("export_calls", "-o", str(path), stdout=io.StringIO())
    before = counts()
    output = run_import(path)
    assert "1 unchanged" in output
    assert counts() == before
    assert json.loads(path.read_text(encoding="utf-8")) == seed_doc()
