"""Generate the synthetic scale corpus into the configured PostgreSQL database.

    manage.py generate_corpus --calls 100000 --statements 1000000 --people 5000 --topics 300 --seed 1

Everything written is marked synthetic (``synthetic=True``, ``syn-`` identifiers and slugs,
``synthetic:`` external ids). See docs/performance.md.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from archive.corpus.generator import CorpusGenerator


class Command(BaseCommand):
    help = "Generate a deterministic synthetic corpus (calls, statements, people, topics) for scale tests."

    def add_arguments(self, parser):
        parser.add_argument("--calls", type=int, default=100_000)
        parser.add_argument("--statements", type=int, default=1_000_000)
        parser.add_argument("--people", type=int, default=5_000)
        parser.add_argument("--topics", type=int, default=300)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=5_000, help="Calls per transaction.")
        parser.add_argument("--report", help="Write the load figures as JSON to this file.")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("generate_corpus writes with PostgreSQL COPY: set DATABASE_URL to PostgreSQL.")
        try:
            generator = CorpusGenerator(
                calls=options["calls"],
                statements=options["statements"],
                people=options["people"],
                topics=options["topics"],
                seed=options["seed"],
                batch_size=options["batch_size"],
                log=lambda message: self.stdout.write(message) if options["verbosity"] > 1 else None,
            )
            stats = generator.run()
        except (ValueError, RuntimeError) as error:
            raise CommandError(str(error)) from error
        figures = stats.as_dict()
        if options["report"]:
            with open(options["report"], "w", encoding="utf-8") as handle:
                json.dump(figures, handle, indent=2)
        self.stdout.write(
            f"Generated {figures['total_rows']:,} rows in {figures['seconds']} s "
            f"({figures['rows_per_second']:,} rows/s), "
            f"then VACUUM ANALYZE in {figures['analyze_seconds']} s; "
            f"peak memory {figures['peak_memory_mb']} MB"
        )
        for table, count in figures["rows"].items():
            self.stdout.write(f"  {table}: {count:,}")
