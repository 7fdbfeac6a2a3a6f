"""Load the countries, and on PostgreSQL add the composite foreign keys that make a
statement's speaker and source belong to the statement's own call."""

from django.db import migrations

COMPOSITE_KEYS = [
    (
        "statement_speaker_in_same_call",
        "speaker_id",
        "archive_callparticipant",
    ),
    (
        "statement_source_in_same_call",
        "source_id",
        "archive_source",
    ),
]


def load_countries(apps, schema_editor):
    from archive.countries import sync_countries

    sync_countries(apps.get_model("archive", "Country"))


def add_composite_keys(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column, table in COMPOSITE_KEYS:
        schema_editor.execute(
            f"ALTER TABLE archive_statement ADD CONSTRAINT {name} "
            f"FOREIGN KEY (call_id, {column}) REFERENCES {table} (call_id, id) "
            "DEFERRABLE INITIALLY DEFERRED"
        )


def drop_composite_keys(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column, _table in COMPOSITE_KEYS:
        schema_editor.execute(f"ALTER TABLE archive_statement DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]

    operations = [
        migrations.RunPython(load_countries, migrations.RunPython.noop),
        migrations.RunPython(add_composite_keys, drop_composite_keys),
    ]
