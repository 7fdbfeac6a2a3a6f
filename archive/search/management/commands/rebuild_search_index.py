"""``manage.py rebuild_search_index [--missing]``: rebuild the search documents in bulk
(``archive.search.bulk``). ``make run`` runs it with ``--missing`` after loading the shipped
data sets; the benchmark after restoring its corpus. A full rebuild on PostgreSQL locks the
search table until it is done (searches and edits wait): run it after an import or a restore."""

import time

from django.core.management.base import BaseCommand

from archive.search.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuild the search documents of every call, statement, person and topic."

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing",
            action="store_true",
            help="Only index records that have no search document yet (after a bulk import).",
        )

    def handle(self, *args, missing=False, verbosity=1, **options):
        started = time.monotonic()
        log = (lambda message: self.stdout.write(message)) if verbosity >= 2 else None
        count = rebuild(missing_only=missing, log=log)
        seconds = time.monotonic() - started
        self.stdout.write(f"Search index rebuilt: {count} documents in {seconds:.1f} s.")
