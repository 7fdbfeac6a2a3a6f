"""Topics: what calls and statements are about."""

from django.db import models
from django.utils.translation import get_language
from simple_history.models import HistoricalRecords

from .base import TimestampedModel, record_url


class Topic(TimestampedModel):
    slug = models.SlugField(max_length=100, unique=True, help_text="What short name goes in its URL?")
    name = models.CharField(max_length=200, help_text="What is the topic called in English?")
    name_ar = models.CharField(
        "name in Arabic", max_length=200, blank=True, help_text="What is it called in Arabic?"
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="Which broader topic is it part of, if any?",
    )
    description = models.TextField(blank=True, help_text="What does the topic cover?")
    synthetic = models.BooleanField(
        default=False,
        db_index=True,
        help_text="A generated topic (manage.py generate_corpus), not a real one.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(parent=models.F("pk")), name="topic_not_own_parent")
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return record_url("topic-detail", self.slug)

    @property
    def display_name(self):
        if (get_language() or "").startswith("ar") and self.name_ar:
            return self.name_ar
        return self.name

    def descendant_ids(self):
        """This topic's id and those of all topics under it."""
        ids, frontier = {self.pk}, {self.pk}
        while frontier:
            frontier = set(Topic.objects.filter(parent__in=frontier).values_list("pk", flat=True)) - ids
            ids |= frontier
        return ids


class CallTopicIndex(models.Model):
    """Every topic each call falls under: the topics tagged on the call or on any of its
    statements, and every broader topic above them. Derived, never edited: kept current by
    ``archive.topic_index`` on every change and rebuilt by ``manage.py rebuild_topic_index``.

    It turns "calls under this topic or any narrower one, tagged on the call or on a
    statement" into one index lookup, for the topic filter and the topic facet
    (docs/performance.md)."""

    # Both columns are the leading column of an index below; no separate single-column ones.
    call = models.ForeignKey("Call", on_delete=models.CASCADE, related_name="+", db_index=False)
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+", db_index=False)
    # The call's date, copied so that "under this topic, between these dates" is one range
    # of one index.
    date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["topic", "call"], name="calltopicindex_topic_call")]
        indexes = [
            models.Index(fields=["call", "topic"], name="calltopicindex_call_topic"),
            models.Index(fields=["topic", "date", "call"], name="calltopicindex_topic_date"),
        ]

    def __str__(self):
        return f"{self.call_id} under {self.topic_id}"
