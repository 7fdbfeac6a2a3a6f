"""Abstract bases and helpers shared by the record models."""

import functools
import secrets

from django.core.signals import setting_changed
from django.core.validators import RegexValidator
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

# Identifiers in permalinks start with a letter, so /calls/<id>/ never collides with the
# date archive /calls/<year>/, and use an alphabet without look-alike characters.
IDENTIFIER_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
IDENTIFIER_LETTERS = "abcdefghjkmnpqrstuvwxyz"
IDENTIFIER_PATTERN = r"[a-z][a-z0-9-]{2,39}"

identifier_validator = RegexValidator(
    rf"^{IDENTIFIER_PATTERN}$",
    "An identifier is 3 to 40 lowercase letters, digits or hyphens, starting with a letter.",
)
wikidata_validator = RegexValidator(
    r"^Q[1-9][0-9]*$", "A Wikidata id looks like Q794: the letter Q and a number."
)


def new_identifier(length=10):
    """A random permanent identifier such as ``k7f3m2q9xa``."""
    first = secrets.choice(IDENTIFIER_LETTERS)
    return first + "".join(secrets.choice(IDENTIFIER_ALPHABET) for _ in range(length - 1))


@functools.lru_cache(maxsize=65536)
def _reverse(prefix, urlconf, name, args):
    return reverse(name, args=args)


def record_url(name, *args):
    """``reverse(name, args=args)``, remembered: a list page links the same countries, topics
    and people over and over, and resolving a URL name costs more than rendering the link."""
    return _reverse(get_script_prefix(), get_urlconf(), name, args)


def _forget_urls(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()


setting_changed.connect(_forget_urls, dispatch_uid="archive-record-urls")


@functools.cache
def _choice_labels(field):
    """``field``'s choices as a dict from value to (lazy) label, made once per field."""
    return {make_hashable(value): label for value, label in field.flatchoices}


class ChoiceLabels(models.Model):
    """``get_FOO_display()`` from a dict made once per field. Django's own rebuilds the dict
    on every call, hashing every label, which translates each: about 0.1 ms for a field with
    the archive's hundred-odd languages, paid for every statement and translation shown."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return force_str(_choice_labels(field).get(make_hashable(value), value), strings_only=True)


class TimestampedModel(ChoiceLabels):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
