"""App configuration."""

from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Diplomatic archive"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import topic_index
        from .desk import signals  # noqa: F401  (connects the version counter)

        topic_index.connect()
