"""Countries, historic states and international organisations."""

from django.db import models
from django.utils.translation import get_language
from simple_history.models import HistoricalRecords

from ..vocabularies import EntityKind
from .base import ChoiceLabels, record_url, wikidata_validator


class CountryQuerySet(models.QuerySet):
    def current_states(self):
        return self.filter(kind=EntityKind.STATE)


class Country(ChoiceLabels):
    """A party to diplomacy: a state (ISO 3166-1 alpha-2 code), a historic state (its former
    ISO code or a user-assigned X? code) or an international organisation (UN, EU, ...)."""

    code = models.CharField(
        primary_key=True,
        max_length=8,
        help_text="What is its code? ISO 3166-1 alpha-2 for states (IR, QA); "
        "the former code for historic states (SU, YU); a short code for organisations (UN).",
    )
    name = models.CharField(max_length=200, help_text="What is it called in English?")
    name_ar = models.CharField(
        "name in Arabic", max_length=200, blank=True, help_text="What is it called in Arabic?"
    )
    kind = models.CharField(max_length=20, choices=EntityKind.choices, default=EntityKind.STATE)
    wikidata = models.CharField("Wikidata id", max_length=20, blank=True, validators=[wikidata_validator])
    history = HistoricalRecords()

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[A-Z][A-Z0-9]{1,7}$"),
                name="country_code_uppercase",
            )
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return record_url("country-detail", self.code.lower())

    @property
    def display_name(self):
        if (get_language() or "").startswith("ar") and self.name_ar:
            return self.name_ar
        return self.name
