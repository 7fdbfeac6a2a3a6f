"""Recompute which calls fall under which topic (``CallTopicIndex``) from the tags."""

import time

from django.core.management.base import BaseCommand

from archive import topic_index


class Command(BaseCommand):
    help = (
        "Recompute the topic index (calls under each topic, through their own tags, their "
        "statements' tags and the topic tree). Needed only after tags were written without "
        "the ORM, e.g. by SQL or a raw fixture load; every edit keeps it current."
    )

    def handle(self, *args, **options):
        start = time.monotonic()
        rows = topic_index.rebuild()
        self.stdout.write(f"Topic index rebuilt: {rows} rows in {time.monotonic() - start:.1f} s.")
