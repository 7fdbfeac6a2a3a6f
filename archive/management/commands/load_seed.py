"""Load the archive's first record, the seed call (fixtures/seed/seed-call.json)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from .import_calls import run_import

SEED_PATH = settings.BASE_DIR / "fixtures" / "seed" / "seed-call.json"


class Command(BaseCommand):
    help = "Load the seed record (a Mehr News Agency report of a 2024 call). Safe to run again."

    def handle(self, *args, **options):
        self.stdout.write(f"Loading the seed record from {SEED_PATH.relative_to(settings.BASE_DIR)}")
        run_import(self, SEED_PATH)
