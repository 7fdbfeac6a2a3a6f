"""One GIN index on ``vector`` per kind of document instead of one for all: a search looks
for one kind at a time, and at a million statements a call search should not walk the
statements' entries (docs/performance.md, "Search at full scale"). PostgreSQL only."""

from django.db import migrations

KINDS = ["call", "statement", "person", "topic"]
CREATE = [
    f"CREATE INDEX IF NOT EXISTS searchdocument_{kind}_vector ON search_searchdocument "
    f"USING gin (vector) WHERE kind = '{kind}'"
    for kind in KINDS
] + ["DROP INDEX IF EXISTS searchdocument_vector_gin"]
DROP = [f"DROP INDEX IF EXISTS searchdocument_{kind}_vector" for kind in KINDS] + [
    "CREATE INDEX IF NOT EXISTS searchdocument_vector_gin ON search_searchdocument USING gin (vector)"
]


def run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_documents")]

    operations = [migrations.RunPython(run_on_postgresql(CREATE), run_on_postgresql(DROP))]
