"""Search in any script: the search documents, kept current as records change."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "archive.search"
    label = "search"
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
