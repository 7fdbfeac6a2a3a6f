"""What report intake needs: the lexicon of topic keywords and the guesses it made."""

import re

from django.db import models
from django.utils.html import escape
from django.utils.safestring import mark_safe
from simple_history.models import HistoricalRecords

from ..vocabularies import LANGUAGES, text_direction


class TopicKeyword(models.Model):
    """A word or phrase that, found in a report, suggests a topic. Editors extend the lexicon."""

    keyword = models.CharField(
        max_length=200,
        help_text="What word or phrase in a report suggests the topic? (غزة; Gaza; غزه) "
        "Spelling variants of Arabic and Persian letters and diacritics are matched anyway.",
    )
    language = models.CharField(
        max_length=16, choices=LANGUAGES, help_text="In which language is the keyword written?"
    )
    topic = models.ForeignKey(
        "Topic",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="keywords",
        help_text="Which topic does it suggest?",
    )
    topic_slug = models.SlugField(
        max_length=100,
        blank=True,
        help_text="If the topic is not in the archive yet: the slug it will have. Intake creates "
        "the topic the first time the keyword is found, and links it here.",
    )
    topic_name = models.CharField(max_length=200, blank=True, help_text="…and its name in English.")
    topic_name_ar = models.CharField(max_length=200, blank=True, help_text="…and its name in Arabic.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["topic_slug", "language", "keyword"]
        constraints = [
            models.UniqueConstraint(
                fields=["keyword", "language", "topic_slug", "topic"], name="topickeyword_unique"
            ),
            models.CheckConstraint(condition=~models.Q(keyword=""), name="topickeyword_not_empty"),
            models.CheckConstraint(
                condition=models.Q(topic__isnull=False) | ~models.Q(topic_slug=""),
                name="topickeyword_names_a_topic",
            ),
        ]

    def __str__(self):
        return f"{self.keyword} → {self.topic or self.topic_name or self.topic_slug}"

    @property
    def direction(self):
        return text_direction(self.language)


class IntakeGuess(models.Model):
    """One thing report intake guessed when it drafted a call, with the words it went by.
    Shown on the draft's admin page until a person has checked the call."""

    call = models.ForeignKey("Call", on_delete=models.CASCADE, related_name="intake_guesses")
    field = models.CharField(max_length=100, help_text="Which part of the call was guessed?")
    value = models.TextField(help_text="What was guessed?")
    evidence = models.TextField(blank=True, help_text="Which words of the report it was guessed from.")
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["call", "order", "id"]
        verbose_name_plural = "intake guesses"

    def __str__(self):
        return f"{self.field}: {self.value}"

    @property
    def evidence_html(self):
        """The evidence, with each quotation from the report isolated in its own direction."""
        parts = re.split(r"“([^”]*)”", self.evidence)
        html = "".join(
            escape(part) if i % 2 == 0 else f"“<bdi>{escape(part)}</bdi>”" for i, part in enumerate(parts)
        )
        return mark_safe(html)  # noqa: S308  (every part is escaped)
