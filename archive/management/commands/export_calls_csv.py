"""Export calls as a CSV table, one call a row (columns: see archive/desk/csvformat.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from archive.desk import csvformat
from archive.models import Call


class Command(BaseCommand):
    help = "Export calls as CSV, one call a row (participants, topics and the first source; no statements)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="Write to this file instead of standard output.")
        parser.add_argument("--status", action="append", help="Only calls with this status (repeatable).")

    def handle(self, *args, output=None, status=None, **options):
        calls = Call.objects.order_by("date", "identifier")
        if status:
            calls = calls.filter(status__in=status)
        text = csvformat.write(calls)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
