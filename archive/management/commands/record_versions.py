"""Capture a published version of every call whose public record changed since its last
version (after an import, a bulk edit or a change made outside the admin)."""

from django.core.management.base import BaseCommand

from archive.citations.snapshots import record_versions


class Command(BaseCommand):
    help = "Capture a new published version of each call whose public record changed."

    def add_arguments(self, parser):
        parser.add_argument("--reason", default="", help="Edit summary for the new versions.")

    def handle(self, *args, reason="", **options):
        created = record_versions(reason=reason)
        self.stdout.write(f"{created} new version(s) captured.")
