"""Controlled vocabularies used across the archive.

Each is a ``TextChoices`` kept in this one module. The stored values are part of exports,
the API and citations, so change a value only with a data migration; labels may change freely.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Medium(models.TextChoices):
    TELEPHONE = "telephone", _("Telephone call")
    VIDEO = "video", _("Video call")
    MEETING = "meeting", _("In-person meeting")
    VISIT = "visit", _("In-person visit")
    MESSAGE = "message", _("Written message")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class StatementKind(models.TextChoices):
    QUOTE = "quote", _("Direct quote")
    PARAPHRASE = "paraphrase", _("Paraphrase")
    SUMMARY = "summary", _("Readout summary")


class SourceKind(models.TextChoices):
    READOUT = "readout", _("Official readout")
    NEWS = "news", _("News report")
    TRANSCRIPT = "transcript", _("Transcript")
    RECORD = "record", _("Archival or reference record")


class ParticipantRole(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    HOST = "host", _("Host")
    VISITOR = "visitor", _("Visitor")
    SENDER = "sender", _("Sender")
    RECIPIENT = "recipient", _("Recipient")


class EntityKind(models.TextChoices):
    STATE = "state", _("State")
    HISTORIC = "historic", _("Historic state")
    ORGANISATION = "organisation", _("International organisation")
    TERRITORY = "territory", _("Territory or other entity")


class NameKind(models.TextChoices):
    OFFICIAL = "official", _("Official name")
    NATIVE = "native", _("Name in own language")
    TRANSLITERATION = "transliteration", _("Transliteration")
    ALIAS = "alias", _("Alias or variant spelling")


class TranslatorKind(models.TextChoices):
    ARCHIVE = "archive", _("Translated by the archive")
    SOURCE = "source", _("Translation published by the source")
    MACHINE = "machine", _("Machine translation, reviewed")


# Languages a statement, source or name may be written in (BCP 47 tags).
# Right-to-left ones are listed in RTL_LANGUAGES; the templates set dir="rtl" for them.
LANGUAGES = [
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("zh", _("Chinese")),
    ("es", _("Spanish")),
    ("de", _("German")),
    ("tr", _("Turkish")),
    ("he", _("Hebrew")),
    ("ur", _("Urdu")),
    ("ja", _("Japanese")),
    ("pt", _("Portuguese")),
    ("it", _("Italian")),
    ("ko", _("Korean")),
    ("hi", _("Hindi")),
]
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "ku", "yi", "dv", "syr"})


def text_direction(language):
    """The writing direction ("rtl" or "ltr") of a BCP 47 language tag."""
    primary = (language or "").split("-")[0].lower()
    return "rtl" if primary in RTL_LANGUAGES else "ltr"
