"""Published versions of a call: an immutable snapshot of the whole record each time its
published content changes, so that every version a citation names can be shown again."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from .base import ChoiceLabels


class CallVersion(ChoiceLabels):
    """Version ``number`` of a call as the public saw it from ``published_at`` on.

    ``snapshot`` holds the call with its participants, statements (with translations and
    topics), sources and topics as plain JSON (see ``archive.citations.snapshots``). It is
    written once and never changed."""

    call = models.ForeignKey("Call", on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(help_text="1 for the first published version, then 2, 3 ...")
    published_at = models.DateTimeField(help_text="When did this version become public?")
    snapshot = models.JSONField()
    change_reason = models.CharField(
        "edit summary", max_length=300, blank=True, help_text="What changed, and why, in the editor's words?"
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["call", "number"]
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="callversion_number_unique_per_call"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="callversion_number_positive"),
        ]
        indexes = [models.Index(fields=["published_at"], name="callversion_published_idx")]

    def __str__(self):
        return f"{self.call_id} v{self.number}"

    def get_absolute_url(self):
        return reverse("call-version", args=[self.snapshot["identifier"], self.number])
