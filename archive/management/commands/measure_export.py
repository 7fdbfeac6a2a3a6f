"""Measure the memory an export takes for a given number of calls.

    manage.py measure_export --rows 100 --rows 100000 [--format csv|json|events|all]

For each size, creates that many synthetic published calls (two sides, a topic, a source and
a statement each) inside a transaction, streams the export through the real view, and rolls
the transaction back, so the database is left as it was. Reports the bytes written, the time,
the peak of Python allocations while streaming (tracemalloc) and the process's resident set
size sampled while streaming. It runs ANALYZE after creating the calls, as autovacuum would
on a live database. Run it on a throwaway database: scripts/measure-export does.
"""

import datetime
import resource
import time
import tracemalloc

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import RequestFactory

from archive import exports
from archive.models import Call, CallParticipant, Participant, Source, Statement, Topic
from archive.vocabularies import Medium, Status

VIEWS = {"csv": exports.export_csv, "json": exports.export_json, "events": exports.export_events}
PAIRS = [("IR", "QA"), ("US", "FR"), ("RU", "CN"), ("DE", "TR"), ("EG", "SA"), ("JP", "KR")]
BATCH = 2000
TABLES = [
    "archive_call",
    "archive_callparticipant",
    "archive_call_topics",
    "archive_source",
    "archive_statement",
    "archive_participant",
    "archive_topic",
]


class Rollback(Exception):
    pass


def current_rss_kib():
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() // 1024


class Command(BaseCommand):
    help = "Measure the peak memory of streaming a CSV, JSON or event-data export of N synthetic calls."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, action="append", required=True, help="Calls to export.")
        parser.add_argument("--format", choices=[*VIEWS, "all"], default="all")
        parser.add_argument(
            "--no-tracemalloc",
            action="store_true",
            help="Only sample the resident set size (tracemalloc slows the export several times).",
        )

    def handle(self, *args, rows, format, no_tracemalloc, **options):
        formats = list(VIEWS) if format == "all" else [format]
        for count in rows:
            try:
                with transaction.atomic():
                    self.create_calls(count)
                    # Give the planner the statistics autovacuum would have gathered.
                    with connection.cursor() as cursor:
                        cursor.execute(f"ANALYZE {', '.join(TABLES)}")
                    for name in formats:
                        self.stdout.write(self.measure(name, count, trace=not no_tracemalloc))
                    raise Rollback
            except Rollback:
                pass

    def create_calls(self, count):
        people = Participant.objects.bulk_create(
            Participant(slug=f"measure-person-{n}", name=f"Person {n}") for n in range(50)
        )
        topics = Topic.objects.bulk_create(
            Topic(slug=f"measure-topic-{n}", name=f"Topic {n}") for n in range(20)
        )
        start = datetime.date(1950, 1, 1)
        for offset in range(0, count, BATCH):
            numbers = range(offset, min(offset + BATCH, count))
            calls = Call.objects.bulk_create(
                Call(
                    title=f"Telephone call number {n} between two heads of state",
                    summary="They discussed bilateral relations, regional security and trade. " * 2,
                    medium=Medium.TELEPHONE,
                    date=start + datetime.timedelta(days=n % 27000),
                    status=Status.PUBLISHED,
                )
                for n in numbers
            )
            sides, tags, sources = [], [], []
            for n, call in zip(numbers, calls, strict=True):
                for order, code in enumerate(PAIRS[n % len(PAIRS)]):
                    person = people[(n + order) % len(people)]
                    sides.append(CallParticipant(call=call, participant=person, country_id=code, order=order))
                tags.append(Call.topics.through(call=call, topic=topics[n % len(topics)]))
                sources.append(Source(call=call, outlet="Synthetic News", url=f"https://example.org/{n}"))
            CallParticipant.objects.bulk_create(sides)
            Call.topics.through.objects.bulk_create(tags)
            Source.objects.bulk_create(sources)
            Statement.objects.bulk_create(
                Statement(call=call, order=1, text="We discussed the situation in the region.", source=source)
                for call, source in zip(calls, sources, strict=True)
            )

    def measure(self, name, count, trace=True):
        request = RequestFactory().get(f"/calls/export.{name}")
        rss_before = current_rss_kib()
        if trace:
            tracemalloc.start()
        began = time.perf_counter()
        response = VIEWS[name](request)
        size, pieces, rss_peak = 0, 0, rss_before
        for piece in response.streaming_content:
            size += len(piece)
            pieces += 1
            if pieces % 200 == 0:
                rss_peak = max(rss_peak, current_rss_kib())
        elapsed = time.perf_counter() - began
        rss_peak = max(rss_peak, current_rss_kib())
        traced = "off"
        if trace:
            traced = str(tracemalloc.get_traced_memory()[1] // 1024)
            tracemalloc.stop()
        return (
            f"format={name} rows={count} bytes={size} seconds={elapsed:.1f} "
            f"tracemalloc_peak_kib={traced} rss_before_kib={rss_before} rss_peak_kib={rss_peak} "
            f"rss_growth_kib={rss_peak - rss_before}"
        )
