"""Export calls as a JSON interchange document (see archive/interchange.py)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.interchange import export_document
from archive.models import Call
from archive.vocabularies import Status


class Command(BaseCommand):
    help = (
        "Export calls, with the people and topics they refer to, as a JSON interchange document "
        "that import_calls reads back. Exports calls of every status unless --status is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--status",
            action="append",
            choices=Status.values,
            help="Export only calls with this status; may be repeated.",
        )
        parser.add_argument("-o", "--output", help="Write to this file instead of standard output.")

    def handle(self, *args, status, output, **options):
        calls = Call.objects.all()
        if status:
            calls = calls.filter(status__in=status)
        doc = export_document(calls)
        text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        if not output:
            self.stdout.write(text, ending="")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"{output}: cannot be written ({exc.strerror})") from None
        self.stdout.write(f"Exported {len(doc['calls'])} call(s) to {output}.")
