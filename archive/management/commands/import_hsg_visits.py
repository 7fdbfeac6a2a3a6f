"""``manage.py import_hsg_visits``: load the Office of the Historian's record of visits by
foreign leaders to the United States. Safe to run again: visits already imported are skipped."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.importers.hsg_visits import DEFAULT_PATH, VisitDataError, import_visits


class Command(BaseCommand):
    help = "Import visits by foreign leaders to the United States (Office of the Historian, CC0)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            type=Path,
            default=None,
            help=f"Directory of the data set's XML files (default: {DEFAULT_PATH}).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Read, check and count, but write nothing."
        )

    def handle(self, *args, path=None, dry_run=False, **options):
        directory = path or Path(settings.BASE_DIR) / DEFAULT_PATH
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory.")
        try:
            result = import_visits(directory, dry_run=dry_run)
        except VisitDataError as error:
            raise CommandError(f"Nothing was imported. {error}") from error
        self.stdout.write(self.style.SUCCESS(str(result)))
