"""The home page's figures over the whole archive: counts per country, person and topic.

They take a scan of every call to compute (a few hundred milliseconds at 100,000 calls), are
the same for every visitor and change only when records are edited, so each process keeps
them for a few minutes and forgets them as soon as a record is saved or deleted in that
process. Other processes see an edit at most ``FIGURES_SECONDS`` later. See docs/performance.md.
"""

from django.core.cache import cache
from django.db.models import Count, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .models import Call, CallParticipant, Country, Participant, Statement, Topic
from .vocabularies import Status

FIGURES_KEY = "archive:home-figures"
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


def forget(**kwargs):
    cache.delete(FIGURES_KEY)


for model in (Call, CallParticipant, Statement, Topic, Participant, Country):
    receiver(post_save, sender=model, dispatch_uid=f"figures-save-{model.__name__}")(forget)
    receiver(post_delete, sender=model, dispatch_uid=f"figures-delete-{model.__name__}")(forget)
receiver(m2m_changed, sender=Call.topics.through, dispatch_uid="figures-call-topics")(forget)
