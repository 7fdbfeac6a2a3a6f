"""Bulk import and export from the admin: JSON interchange documents and CSV tables."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from archive import models
from archive.vocabularies import Status
from tests.desk_helpers import member

pytestmark = pytest.mark.django_db

SEED_JSON = Path(__file__).resolve().parent.parent / "fixtures" / "seed" / "seed-call.json"
IMPORT = reverse("admin:archive_call_import")


@pytest.fixture
def reviewer(client, django_user_model):
    client.force_login(member(django_user_model, "ravi", "Reviewer"))
    return client


def upload(client, name, content, dry_run=False):
    data = {
        "file": SimpleUploadedFile(name, content.encode("utf-8") if isinstance(content, str) else content)
    }
    if dry_run:
        data["dry_run"] = "on"
    return client.post(IMPORT, data)


def record_counts():
    return {
        m.__name__: m.objects.count()
        for m in (models.Call, models.Statement, models.Participant, models.Topic)
    }


def test_malformed_upload_writes_nothing_and_names_every_problem(reviewer):
    doc = json.loads(SEED_JSON.read_text(encoding="utf-8"))
    call = doc["calls"][0]
    call["date"] = "2024-02-30"
    del call["title"]
    call["statements"][2]["speaker"] = "nobody"
    doc["calls"].append({**json.loads(json.dumps(call)), "external_id": "second", "identifier": "second-call",
                         "medium": "pigeon"})  # fmt: skip
    before = record_counts()
    response = upload(reviewer, "calls.json", json.dumps(doc))
    page = response.content.decode()
    assert response.status_code == 400
    for where in ("calls[0].date", "calls[0].title", "calls[0].statements[2].speaker", "calls[1].medium"):
        assert where in page, where
    assert "nothing was imported" in page
    assert record_counts() == before


def test_broken_json_is_a_clear_error(reviewer):
    response = upload(reviewer, "calls.json", '{"format": "diplomatic-archive/calls", "calls": [')
    assert response.status_code == 400
    assert "not valid JSON" in response.content.decode()
    assert not models.Call.objects.exists()


def test_dry_run_then_import_then_export_gives_the_same_document(reviewer):
    text = SEED_JSON.read_text(encoding="utf-8")
    response = upload(reviewer, "seed.json", text, dry_run=True)
    assert response.status_code == 200 and "Calls: 1 would be created" in response.content.decode()
    assert not models.Call.objects.exists()
    response = upload(reviewer, "seed.json", text)
    assert response.status_code == 200 and "Calls: 1 created" in response.content.decode()
    call = models.Call.objects.get()
    exported = reviewer.post(
        reverse("admin:archive_call_changelist"), {"action": "export_json", "_selected_action": [call.pk]}
    )
    assert exported["Content-Disposition"].startswith("attachment")
    assert json.loads(exported.content)["calls"] == json.loads(text)["calls"]
    assert "Calls: 0 created, 0 updated, 1 unchanged" in upload(reviewer, "seed.json", text).content.decode()


def test_editors_cannot_import_published_calls(client, django_user_model):
    client.force_login(member(django_user_model, "edith", "Editor"))
    response = upload(client, "seed.json", SEED_JSON.read_text(encoding="utf-8"))
    assert response.status_code == 400 and "only a reviewer" in response.content.decode()
    assert not models.Call.objects.exists()


CSV = (
    "external_id,title,medium,date,status,topics,participant_1_person,participant_1_country,"
    "participant_2_name,participant_2_country,source_outlet,source_language\n"
    "csv:1,Telephone call between Iran and Qatar,telephone,2024-12-02,draft,,,IR,تميم بن حمد,QA,Mehr,ar\n"
    "csv:2,Meeting in Doha,meeting,2024-10-03,review,,,IR,,QA,,\n"
)


def test_csv_upload_imports_flat_calls_and_exports_them_back(reviewer):
    response = upload(reviewer, "calls.csv", CSV)
    assert response.status_code == 200, response.content.decode()
    assert models.Call.objects.count() == 2
    first = models.Call.objects.get(external_id="csv:1")
    assert first.participants.count() == 2 and first.sources.get().outlet == "Mehr"
    assert first.participants.get(country_id="QA").name_as_written == "تميم بن حمد"
    exported = reviewer.post(
        reverse("admin:archive_call_changelist"),
        {"action": "export_csv", "_selected_action": [c.pk for c in models.Call.objects.all()]},
    )
    assert f"csv:1,{first.identifier},Telephone call between Iran and Qatar" in exported.content.decode()


def test_csv_problems_are_named_by_row_and_column(reviewer):
    bad = CSV.replace("2024-12-02", "2024-13-02").replace("meeting", "pigeon")
    response = upload(reviewer, "calls.csv", bad)
    page = response.content.decode()
    assert response.status_code == 400
    assert "row 2.date" in page and "row 3.medium" in page
    assert not models.Call.objects.exists()
    response = upload(reviewer, "calls.csv", "title,colour\nA call,blue\n")
    assert response.status_code == 400 and "unknown column(s): colour" in response.content.decode()


def test_csv_commands(tmp_path):
    path = tmp_path / "calls.csv"
    path.write_text(CSV, encoding="utf-8")
    out = io.StringIO()
    call_command("import_calls_csv", str(path), "--dry-run", stdout=out)
    assert "Calls: 2 would be created" in out.getvalue() and not models.Call.objects.exists()
    call_command("import_calls_csv", str(path), stdout=io.StringIO())
    assert models.Call.objects.filter(status=Status.REVIEW).count() == 1
    out = io.StringIO()
    call_command("export_calls_csv", stdout=out)
    assert out.getvalue().count("\n") == 3
    path.write_text(CSV.replace("telephone", "carrier"), encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_calls_csv", str(path), stdout=io.StringIO(), stderr=io.StringIO())
