"""Rebuild every search document; safe to run at any time."""

from django.core.management.base import BaseCommand

from archive.search.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuild the search documents of every call, statement, person and topic."

    def handle(self, *args, **options):
        count = rebuild()
        self.stdout.write(f"Search index rebuilt: {count} documents.")
