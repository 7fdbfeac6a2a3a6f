"""Import calls from a JSON interchange document (see archive/interchange.py)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.interchange import InvalidDocument, import_document


def read_document(path):
    """The parsed JSON document at ``path``; a CommandError saying what is wrong otherwise."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CommandError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise CommandError(f"{path}: cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise CommandError(f"{path}: is not UTF-8 text (byte {exc.start})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandError(
            f"{path}: is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None


def run_import(command, path, *, dry_run=False):
    """Import the document at ``path``, report on ``command``'s output, and return the result."""
    doc = read_document(path)
    try:
        result = import_document(doc, dry_run=dry_run)
    except InvalidDocument as exc:
        for error in exc.errors:
            command.stderr.write(str(error))
        raise CommandError(f"{path}: {len(exc.errors)} problem(s) found; nothing was imported.") from None
    if dry_run:
        command.stdout.write(f"{path}: valid. Dry run, nothing was written.")
    for line in result.lines():
        command.stdout.write(line)
    return result


class Command(BaseCommand):
    help = (
        "Import calls, people and topics from a JSON interchange document. Everything is checked "
        "first; if anything is wrong, every problem is listed and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The JSON document to import.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the document and report what would change."
        )

    def handle(self, *args, path, dry_run, **options):
        run_import(self, path, dry_run=dry_run)
