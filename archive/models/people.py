"""People who take part in calls, their names in several scripts and the offices they held."""

from django.db import models
from simple_history.models import HistoricalRecords

from ..vocabularies import LANGUAGES, NameKind, text_direction
from .base import ChoiceLabels, TimestampedModel, record_url, wikidata_validator


class Participant(TimestampedModel):
    """A person. Every spelling of their name in any script is one of their names
    (``ParticipantName``), so Pezeshkian, Pezeshkiyan, بزشكيان and پزشکیان are one person."""

    slug = models.SlugField(max_length=120, unique=True, help_text="What short name goes in the URL?")
    name = models.CharField(
        max_length=200, help_text="How is the person best known in English? (Masoud Pezeshkian)"
    )
    native_name = models.CharField(
        max_length=200, blank=True, help_text="How is the name written in the person's own language?"
    )
    native_language = models.CharField(
        max_length=16, blank=True, choices=LANGUAGES, help_text="Which language is that?"
    )
    wikidata = models.CharField(
        "Wikidata id",
        max_length=20,
        blank=True,
        validators=[wikidata_validator],
        help_text="What is the person's Wikidata id, if known? (Q5933752)",
    )
    description = models.CharField(
        max_length=300, blank=True, help_text="In one line, who is this? (President of Iran since 2024)"
    )
    synthetic = models.BooleanField(
        default=False,
        db_index=True,
        help_text="A generated person (manage.py generate_corpus), not a real one.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["wikidata"],
                condition=~models.Q(wikidata=""),
                name="participant_unique_wikidata",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_url("participant-detail", self.slug)

    @property
    def native_direction(self):
        return text_direction(self.native_language)

    def office_on(self, date):
        """The office the person held on ``date`` (the most recently started one)."""
        offices = [office for office in self.offices.all() if office.held_on(date)]
        return max(offices, key=lambda o: o.start or date.min, default=None)


class ParticipantName(ChoiceLabels):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200, help_text="How is the name written here?")
    language = models.CharField(
        max_length=16, blank=True, choices=LANGUAGES, help_text="Which language or script is it in?"
    )
    kind = models.CharField(max_length=20, choices=NameKind.choices, default=NameKind.ALIAS)
    history = HistoricalRecords()

    class Meta:
        ordering = ["participant", "language", "name"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "name", "language"], name="participantname_unique")
        ]
        indexes = [models.Index(fields=["name"], name="participantname_name_idx")]

    def __str__(self):
        return self.name

    @property
    def direction(self):
        return text_direction(self.language)


class Office(ChoiceLabels):
    """An office a person held over a period: President of Iran from 28 July 2024."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="offices")
    title = models.CharField(max_length=200, help_text="What was the office called? (President)")
    country = models.ForeignKey(
        "Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offices",
        help_text="Which country or organisation was it an office of?",
    )
    start = models.DateField(null=True, blank=True, help_text="When did the person take office?")
    end = models.DateField(
        null=True, blank=True, help_text="When did the person leave it? Leave empty if still in office."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["participant", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True)
                | models.Q(start__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="office_end_after_start",
            )
        ]

    def __str__(self):
        where = f", {self.country.name}" if self.country_id else ""
        return f"{self.title}{where}"

    def held_on(self, date):
        if date is None:
            return False
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)
