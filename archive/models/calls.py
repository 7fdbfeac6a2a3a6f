"""Calls (diplomatic communications), who took part, what each said, and the sources."""

import functools
import re

from django.db import models
from django.db.models import Prefetch, Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..vocabularies import (
    LANGUAGES,
    DatePrecision,
    Medium,
    ParticipantRole,
    SourceKind,
    StatementKind,
    Status,
    TranslatorKind,
    text_direction,
)
from .base import (
    IDENTIFIER_PATTERN,
    ChoiceLabels,
    TimestampedModel,
    identifier_validator,
    new_identifier,
)


class CallQuerySet(models.QuerySet):
    def published(self):
        """What the public may see. Every public view starts here."""
        return self.filter(status=Status.PUBLISHED)

    def for_list(self):
        """Everything a list row shows, in a fixed number of queries."""
        return self.select_related("place_country").prefetch_related(
            Prefetch(
                "participants",
                # In the order of the call's own list, without joining the call to sort by it.
                queryset=CallParticipant.objects.select_related("participant", "country").order_by(
                    "call_id", "order", "id"
                ),
            ),
            "topics",
        )

    def involving_country(self, code):
        """Calls in which ``code`` took part: call ids straight from the participants'
        (country, call) index, a shape the planner handles well even on stale statistics."""
        roles = CallParticipant.objects.filter(country_id=code).values("call_id")
        return self.filter(pk__in=roles)


class Call(TimestampedModel):
    """One diplomatic communication: a telephone or video call, a meeting, a visit, a letter."""

    identifier = models.CharField(
        max_length=40,
        unique=True,
        default=new_identifier,
        validators=[identifier_validator],
        help_text="The permanent identifier in the call's permalink; never changes.",
    )
    title = models.CharField(
        max_length=300,
        help_text="What is a short title for the call? "
        "(Telephone call between Masoud Pezeshkian and Tamim bin Hamad Al Thani)",
    )
    summary = models.TextField(blank=True, help_text="In a few sentences, what was discussed?")
    medium = models.CharField(
        max_length=20,
        choices=Medium.choices,
        default=Medium.TELEPHONE,
        help_text="How did they communicate?",
    )
    date = models.DateField(
        null=True,
        blank=True,
        help_text="On what date did it take place? For a month or year only, "
        "enter its first day and set the precision.",
    )
    date_precision = models.CharField(
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How exactly is the date known?",
    )
    end_date = models.DateField(
        null=True, blank=True, help_text="If it lasted several days, on what date did it end?"
    )
    time = models.TimeField(null=True, blank=True, help_text="At what local time did it start, if reported?")
    place = models.CharField(
        max_length=200, blank=True, help_text="Where did it take place, if in person? (Doha)"
    )
    place_country = models.ForeignKey(
        "Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="In which country did it take place, if in person?",
    )
    topics = models.ManyToManyField(
        "Topic", blank=True, related_name="calls", help_text="What subjects were discussed?"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    withdrawn_reason = models.TextField(
        blank=True, help_text="If withdrawn: why, in words the public will read?"
    )
    external_id = models.CharField(
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        help_text="The record's id in the data set it was imported from (hsg-visits:2991).",
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_duplicates",
        help_text="If this is a duplicate: which call was it merged into? Its links redirect there.",
    )
    synthetic = models.BooleanField(
        default=False,
        db_index=True,
        help_text="Generated test data (manage.py generate_corpus), not a real record.",
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up by one with every edit; an edit made on an older version is refused.",
    )
    history = HistoricalRecords(m2m_fields=[topics])

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        permissions = [
            ("submit_call", "Can submit a call for review"),
            ("publish_call", "Can publish a call"),
            ("withdraw_call", "Can withdraw a published call"),
        ]
        indexes = [
            models.Index(fields=["status", "-date", "-id"], name="call_status_date_idx"),
            models.Index(fields=["medium"], name="call_medium_idx"),
            # The home page's newest records (docs/performance.md).
            models.Index(fields=["status", "-created_at", "-id"], name="call_status_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("date")),
                name="call_end_date_after_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(date__isnull=False),
                name="call_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.WITHDRAWN) | ~Q(withdrawn_reason=""),
                name="call_withdrawn_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(identifier__regex=r"^[a-z][a-z0-9-]{2,39}$"),
                name="call_identifier_format",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def slug(self):
        return call_slug(self.title)

    def get_absolute_url(self):
        return call_url(self.identifier, self.title)

    def get_permalink(self):
        return reverse("call-detail", args=[self.identifier])

    @property
    def is_public(self):
        return self.status == Status.PUBLISHED

    @property
    def date_display(self):
        return format_partial_date(self.date, self.date_precision, self.end_date)

    @property
    def countries(self):
        """Countries represented, in participant order, without repeats."""
        seen = {}
        for cp in self.participants.all():
            if cp.country_id and cp.country_id not in seen:
                seen[cp.country_id] = cp.country
        return list(seen.values())


def call_slug(title):
    return slugify(title)[:80].strip("-")


def call_url(identifier, title):
    """The URL of a call's page: its permalink followed by the slug of its title, if any."""
    slug = call_slug(title)
    with_slug, without = _call_url_patterns(get_script_prefix(), get_urlconf())
    if not IDENTIFIER_RE.fullmatch(identifier or ""):  # never saved so; let reverse() say why
        return reverse("call-detail", args=[identifier])
    return with_slug.format(identifier, slug) if slug else without.format(identifier)


IDENTIFIER_RE = re.compile(IDENTIFIER_PATTERN)
# A list page links 25 calls, each by its own URL; the URL patterns are resolved once per
# process and filled in (an identifier and a slug need no quoting: letters, digits, hyphens).
_PLACEHOLDER_ID, _PLACEHOLDER_SLUG = "zzzidentifierzzz", "zzzslugzzz"


@functools.lru_cache(maxsize=8)
def _call_url_patterns(prefix, urlconf):
    def pattern(name, *args):
        url = reverse(name, args=args).replace("{", "{{").replace("}", "}}")
        return url.replace(_PLACEHOLDER_ID, "{0}").replace(_PLACEHOLDER_SLUG, "{1}")

    with_slug = pattern("call-detail-slug", _PLACEHOLDER_ID, _PLACEHOLDER_SLUG)
    return with_slug, pattern("call-detail", _PLACEHOLDER_ID)


def format_partial_date(date, precision, end_date=None):
    """'2 December 2024', 'December 2024' or '2024', and a range for multi-day events."""
    return _format_partial_date(date, precision, end_date, get_language())


@functools.lru_cache(maxsize=8192)
def _format_partial_date(date, precision, end_date, language):
    # Remembered per language: a list page formats the same few dates again and again, and
    # Django's date formatting translates month names and formats each time.
    if date is None:
        return _("date unknown")
    if precision == DatePrecision.YEAR:
        return str(date.year)
    if precision == DatePrecision.MONTH:
        return date_format(date, "F Y")
    text = date_format(date, "j F Y")
    if end_date and end_date != date:
        text = f"{text} – {date_format(end_date, 'j F Y')}"
    return text


class CallParticipant(ChoiceLabels):
    """Who took part in one call, as the source names them and as they served that day."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="participants")
    participant = models.ForeignKey(
        "Participant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="call_roles",
        help_text="Who is this, among the people the archive knows? "
        "Leave empty for a side the source does not name (a host government).",
    )
    name_as_written = models.CharField(
        max_length=300,
        blank=True,
        help_text="How does the source write the name? (مسعود بزشكيان)",
    )
    name_language = models.CharField(
        max_length=16, blank=True, choices=LANGUAGES, help_text="In which language is it written?"
    )
    office_title = models.CharField(
        max_length=200, blank=True, help_text="Which office did they hold that day? (President)"
    )
    country = models.ForeignKey(
        "Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="call_roles",
        help_text="Which country or organisation did they represent?",
    )
    role = models.CharField(
        max_length=20, choices=ParticipantRole.choices, default=ParticipantRole.PARTICIPANT
    )
    is_initiator = models.BooleanField(
        "initiated the call", default=False, help_text="Did this side initiate the call?"
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["call", "order", "id"]
        indexes = [
            models.Index(fields=["country", "call"], name="callparticipant_country_idx"),
            models.Index(fields=["participant", "call"], name="callparticipant_person_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "participant"],
                condition=Q(participant__isnull=False),
                name="callparticipant_person_once_per_call",
            ),
            # Lets a statement's (call, speaker) pair reference it: see migration 0002.
            models.UniqueConstraint(fields=["call", "id"], name="callparticipant_call_id"),
            models.CheckConstraint(
                condition=Q(participant__isnull=False) | ~Q(name_as_written="") | Q(country__isnull=False),
                name="callparticipant_identifies_someone",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        if self.participant_id:
            return self.participant.name
        if self.name_as_written:
            return self.name_as_written
        if self.country_id:
            return str(_("Government of %(country)s") % {"country": self.country.display_name})
        return str(_("Unnamed participant"))

    @property
    def name_direction(self):
        return text_direction(self.name_language)


class Source(TimestampedModel):
    """A report of a call: a readout, a news report, a transcript."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="sources")
    outlet = models.CharField(
        max_length=200, help_text="Who published it? (Mehr News Agency; Ministry of Foreign Affairs)"
    )
    kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.NEWS)
    url = models.URLField(max_length=1000, blank=True, help_text="Where was it published, if online?")
    title = models.CharField(max_length=500, blank=True, help_text="What is its headline or title?")
    language = models.CharField(
        max_length=16, choices=LANGUAGES, default="en", help_text="In which language is it written?"
    )
    published_on = models.DateField(null=True, blank=True, help_text="When was it published?")
    retrieved_on = models.DateField(null=True, blank=True, help_text="When did the archive retrieve it?")
    full_text = models.TextField(blank=True, help_text="What is its full text, exactly as published?")
    licence = models.CharField(
        max_length=200, blank=True, help_text="Under what licence is it published? (CC BY 4.0)"
    )
    licence_url = models.URLField(blank=True)
    attribution = models.CharField(max_length=500, blank=True, help_text="How must it be credited?")
    history = HistoricalRecords()

    class Meta:
        ordering = ["call", "published_on", "id"]
        constraints = [
            # Lets a statement's (call, source) pair reference it: see migration 0002.
            models.UniqueConstraint(fields=["call", "id"], name="source_call_id"),
            models.CheckConstraint(
                condition=Q(retrieved_on__isnull=True)
                | Q(published_on__isnull=True)
                | Q(retrieved_on__gte=models.F("published_on")),
                name="source_retrieved_after_published",
            ),
        ]

    def __str__(self):
        return self.title or self.outlet

    @property
    def direction(self):
        return text_direction(self.language)


class Statement(TimestampedModel):
    """What one participant said in a call, as the source reports it."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="statements")
    identifier = models.CharField(
        max_length=40,
        unique=True,
        default=new_identifier,
        validators=[identifier_validator],
        help_text="The permanent identifier in the statement's permalink; never changes.",
    )
    order = models.PositiveIntegerField(help_text="In what position does the source report it?")
    speaker = models.ForeignKey(
        CallParticipant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements",
        help_text="Who said it? Must be one of the call's participants.",
    )
    text = models.TextField(help_text="What does the source say, in its original language?")
    language = models.CharField(
        max_length=16, choices=LANGUAGES, default="en", help_text="In which language is the text?"
    )
    kind = models.CharField(
        max_length=20,
        choices=StatementKind.choices,
        default=StatementKind.PARAPHRASE,
        help_text="Does the source quote the speaker directly, paraphrase, or summarise?",
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements",
        help_text="Which of the call's sources reports it?",
    )
    topics = models.ManyToManyField("Topic", blank=True, related_name="statements")
    history = HistoricalRecords(m2m_fields=[topics])

    class Meta:
        ordering = ["call", "order"]
        indexes = [
            # A statement's call without reading the row: the topic filter maps tagged
            # statements to their calls with index-only scans (docs/performance.md).
            models.Index(fields=["id", "call"], name="statement_id_call_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["call", "order"], name="statement_order_unique_per_call"),
            models.CheckConstraint(condition=~Q(text=""), name="statement_text_not_empty"),
        ]

    def __str__(self):
        return f"{self.call.identifier} #{self.order}"

    def get_absolute_url(self):
        return f"{self.call.get_permalink()}#s-{self.identifier}"

    @property
    def direction(self):
        return text_direction(self.language)


class Translation(TimestampedModel):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(
        max_length=16, choices=LANGUAGES, default="en", help_text="Into which language?"
    )
    text = models.TextField(help_text="What is the translated text?")
    translator = models.CharField(
        max_length=200,
        default="The archive",
        help_text="Who translated it? (The archive, the source, a named translator)",
    )
    translator_kind = models.CharField(
        max_length=20, choices=TranslatorKind.choices, default=TranslatorKind.ARCHIVE
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["statement", "language"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "language"], name="translation_one_per_language"),
            models.CheckConstraint(condition=~Q(text=""), name="translation_text_not_empty"),
        ]

    def __str__(self):
        return f"{self.statement} ({self.language})"

    @property
    def direction(self):
        return text_direction(self.language)
