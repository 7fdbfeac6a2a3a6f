"""Copy the tables the call list reads from PostgreSQL into an SQLite file, with indexes
like PostgreSQL's, so Datasette can serve the same data for the side-by-side comparison."""

import datetime
import sqlite3
from pathlib import Path

import psycopg

TABLES = [
    "archive_country",
    "archive_topic",
    "archive_participant",
    "archive_call",
    "archive_call_topics",
    "archive_callparticipant",
    "archive_statement",
    "archive_statement_topics",
    "archive_calltopicindex",
]
INDEXES = [
    "CREATE INDEX call_date ON archive_call (date DESC, id DESC)",
    "CREATE INDEX call_status_date ON archive_call (status, date DESC)",
    "CREATE INDEX cp_country_call ON archive_callparticipant (country_id, call_id)",
    "CREATE INDEX cp_call ON archive_callparticipant (call_id)",
    "CREATE INDEX ct_topic_call ON archive_call_topics (topic_id, call_id)",
    "CREATE INDEX st_topic ON archive_statement_topics (topic_id, statement_id)",
    "CREATE INDEX statement_call ON archive_statement (call_id)",
    "CREATE INDEX topic_parent ON archive_topic (parent_id)",
    "CREATE INDEX topic_index_topic_date ON archive_calltopicindex (topic_id, date, call_id)",
    "CREATE INDEX topic_index_call ON archive_calltopicindex (call_id, topic_id)",
    "CREATE UNIQUE INDEX topic_slug ON archive_topic (slug)",
]

# The call list filtered by country, date range and topic (with the topics under it, tagged
# on the call or on one of its statements: the topic index holds exactly those calls, as in
# PostgreSQL), newest first, 25 a page, with the total and the participants of each row: what
# /calls/?country=..&date_after=..&date_before=..&topic=.. shows.
FILTERED_CALLS_SQL = """
select c.identifier, c.title, c.date, c.medium,
  (select group_concat(coalesce(p.name, cp.name_as_written) || ' (' || cp.country_id || ')', '; ')
     from archive_callparticipant cp left join archive_participant p on p.id = cp.participant_id
    where cp.call_id = c.id) as participants,
  count(*) over () as total
from archive_call c
where c.status = 'published'
  and c.date >= :date_after and c.date <= :date_before
  and c.id in (select call_id from archive_callparticipant where country_id = :country)
  and c.id in (select call_id from archive_calltopicindex
                where topic_id = (select id from archive_topic where slug = :topic)
                  and date >= :date_after and date <= :date_before)
order by c.date desc, c.id desc
limit 25
"""


def _value(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def export(database_url, path, batch=20_000):
    """Write the tables to a new SQLite file at ``path``; returns the row counts."""
    path = Path(path)
    path.unlink(missing_ok=True)
    counts = {}
    target = sqlite3.connect(path)
    target.execute("PRAGMA journal_mode = OFF")
    target.execute("PRAGMA synchronous = OFF")
    with psycopg.connect(database_url) as source:
        for table in TABLES:
            with source.cursor(name=f"export_{table}") as cursor:
                # The first column is the primary key (id; code for countries).
                cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')  # noqa: S608
                first = cursor.fetchmany(batch)
                columns = [d.name for d in cursor.description]
                quoted = ", ".join(f'"{column}"' for column in columns)
                target.execute(f'CREATE TABLE "{table}" ({quoted}, PRIMARY KEY ("{columns[0]}"))')
                insert = f'INSERT INTO "{table}" VALUES ({", ".join("?" * len(columns))})'  # noqa: S608
                rows, counts[table] = first, 0
                while rows:
                    target.executemany(insert, ([_value(v) for v in row] for row in rows))
                    counts[table] += len(rows)
                    rows = cursor.fetchmany(batch)
            target.commit()
    for statement in INDEXES:
        target.execute(statement)
    target.execute("ANALYZE")
    target.commit()
    target.close()
    return counts


def datasette_metadata():
    return {
        "title": "Diplomatic archive (synthetic corpus, SQLite copy)",
        "databases": {
            "archive": {"queries": {"filtered_calls": {"sql": FILTERED_CALLS_SQL, "title": "Filtered calls"}}}
        },
    }
