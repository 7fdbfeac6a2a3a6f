"""The archive-wide figures: the home page's counts per country, person and topic, and the
published-call counts the country, people and topic indexes show beside each name.

They take a scan of every call to compute (a few hundred milliseconds at 100,000 calls), are
the same for every visitor and change only when records are edited, so each process keeps
them for a few minutes and forgets them as soon as a record is saved or deleted in that
process. Other processes see an edit at most ``FIGURES_SECONDS`` later. The facets of long
call lists and the figures of big countries' and people's pages (``remembered``) are kept the
same way. See docs/performance.md.
"""

import hashlib
import time

from django.core.cache import cache
from django.db.models import Count, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .models import Call, CallParticipant, CallTopicIndex, Country, Participant, Statement, Topic
from .vocabularies import Status

FIGURES_KEY = "archive:home-figures"
COUNTS_KEY = "archive:published-counts"
FIGURES_SECONDS = 300


def compute(calls):
    years = calls.dates("date", "year", order="DESC")
    return {
        "call_count": calls.count(),
        "statement_count": Statement.objects.filter(call__in=calls).count(),
        "top_countries": list(
            Country.objects.filter(call_roles__call__in=calls)
            .annotate(n=Count("call_roles__call", distinct=True))
            .order_by("-n", "name")[:24]
        ),
        "topics": list(
            Topic.objects.filter(parent=None)
            .annotate(n=Count("calls", filter=Q(calls__status=Status.PUBLISHED)))
            .order_by("-n", "name")[:24]
        ),
        "people": list(
            Participant.objects.annotate(
                n=Count("call_roles", filter=Q(call_roles__call__status=Status.PUBLISHED))
            )
            .filter(n__gt=0)
            .order_by("-n", "name")[:16]
        ),
        "decades": sorted({year.year // 10 * 10 for year in years}, reverse=True),
        "years": [year.year for year in years],
    }


def home_figures(calls):
    """The figures for ``calls`` (the published calls), from this process's cache if fresh."""
    return cache.get_or_set(FIGURES_KEY, lambda: compute(calls), FIGURES_SECONDS)


def compute_counts():
    """Published calls per country, per person and per topic (the calls under the topic or a
    narrower one, tagged on the call or a statement: what the topic's page lists). One
    aggregate query each."""
    roles = CallParticipant.objects.filter(call__status=Status.PUBLISHED)
    return {
        "country": dict(
            roles.filter(country__isnull=False)
            .values("country")
            .annotate(n=Count("call", distinct=True))
            .values_list("country", "n")
        ),
        # A person takes part in a call once (a constraint): counting roles counts calls.
        "participant": dict(
            roles.filter(participant__isnull=False)
            .values("participant")
            .annotate(n=Count("pk"))
            .values_list("participant", "n")
        ),
        "topic": dict(
            CallTopicIndex.objects.filter(call__status=Status.PUBLISHED)
            .values("topic")
            .annotate(n=Count("call"))
            .values_list("topic", "n")
        ),
    }


def published_counts():
    """``compute_counts()``, from this process's cache if fresh."""
    return cache.get_or_set(COUNTS_KEY, compute_counts, FIGURES_SECONDS)


# The facets and figures of a long list (this many calls or more: a big country's page, the
# unfiltered call list) are kept like the home page's figures; shorter lists' are computed on
# every request, in a few milliseconds.
CACHED_FACETS_FROM = 2000
KEPT_VERSION_KEY = "archive:kept-version"


def _kept_key(parts):
    """A cache key for ``parts`` (the page's kind, parameters and language); every edit
    changes the version, so nothing kept before it is found again."""
    version = cache.get_or_set(KEPT_VERSION_KEY, time.time_ns, None)
    return f"archive:kept:{version}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"


def kept(parts):
    """What ``keep(parts, ...)`` stored in the last few minutes, or None."""
    return cache.get(_kept_key(parts))


def keep(parts, value):
    cache.set(_kept_key(parts), value, FIGURES_SECONDS)


def list_parts(params, language):
    """The key parts of the call list with query parameters ``params`` (page aside)."""
    items = sorted((key, value) for key, values in params.lists() if key != "page" for value in values)
    return ("call-list", language, tuple(items))


def remembered(parts, compute):
    """``compute()`` (a dict with the list's ``total``), kept when the list is long."""
    found = kept(parts)
    if found is None:
        found = compute()
        if found["total"] >= CACHED_FACETS_FROM:
            keep(parts, found)
    return found


def forget(**kwargs):
    cache.delete_many([FIGURES_KEY, COUNTS_KEY, KEPT_VERSION_KEY])


for model in (Call, CallParticipant, Statement, Topic, Participant, Country):
    receiver(post_save, sender=model, dispatch_uid=f"figures-save-{model.__name__}")(forget)
    receiver(post_delete, sender=model, dispatch_uid=f"figures-delete-{model.__name__}")(forget)
receiver(m2m_changed, sender=Call.topics.through, dispatch_uid="figures-call-topics")(forget)
receiver(m2m_changed, sender=Statement.topics.through, dispatch_uid="figures-statement-topics")(forget)
