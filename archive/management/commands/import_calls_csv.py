"""Import calls from a CSV table, one call a row (columns: see archive/desk/csvformat.py).

The table is turned into an interchange document and imported like one: everything is checked
first, problems are listed by row and column, and nothing is written unless all is well."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.desk import csvformat
from archive.interchange import InvalidDocument, import_document


class Command(BaseCommand):
    help = "Import calls from a CSV table (one call a row); all or nothing, with --dry-run to check."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and say what would change."
        )

    def handle(self, *args, path, dry_run, **options):
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: cannot be read as UTF-8 text ({error})") from None
        try:
            result = import_document(csvformat.parse(text), dry_run=dry_run)
        except (csvformat.CsvError, InvalidDocument) as error:
            for problem in error.errors:
                self.stderr.write(csvformat.rename_record(str(problem)))
            raise CommandError(
                f"{path}: {len(error.errors)} problem(s) found; nothing was imported."
            ) from None
        if dry_run:
            self.stdout.write(f"{path}: valid. Dry run, nothing was written.")
        for line in result.lines():
            self.stdout.write(line)
