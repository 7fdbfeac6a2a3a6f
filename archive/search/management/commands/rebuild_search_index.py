"""``manage.py rebuild_search_index [--missing]``: rebuild the search documents; safe to run
at any time. ``make run`` runs it with ``--missing`` after loading the shipped data sets."""

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

    def handle(self, *args, missing=False, **options):
        count = rebuild(missing_only=missing)
        self.stdout.write(f"Search index rebuilt: {count} documents.")
