"""Indexes found with EXPLAIN ANALYZE on the 100,000-call synthetic corpus (docs/performance.md):
the home page's newest records, statements to their calls, and topics to the calls and
statements tagged with them (the topic filter), as index-only scans."""

from django.db import migrations, models

THROUGH_INDEXES = [
    ("call_topics_topic_call_idx", "archive_call_topics", "topic_id, call_id"),
    ("statement_topics_topic_statement_idx", "archive_statement_topics", "topic_id, statement_id"),
]


class Migration(migrations.Migration):
    dependencies = [("archive", "0003_synthetic_corpus")]

    operations = [
        migrations.AddIndex(
            model_name="call",
            index=models.Index(fields=["status", "-created_at", "-id"], name="call_status_created_idx"),
        ),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(fields=["id", "call"], name="statement_id_call_idx"),
        ),
    ] + [
        migrations.RunSQL(f"CREATE INDEX {name} ON {table} ({columns})", f"DROP INDEX {name}")
        for name, table, columns in THROUGH_INDEXES
    ]
