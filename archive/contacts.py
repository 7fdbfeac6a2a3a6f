"""Who spoke to whom: the pairs of people on the two sides of a country pair's calls."""

from django.db.models import Count, F

from .models import CallParticipant


def people_pairs(calls, country, counterpart, limit=30):
    """Pairs of named people, one representing ``country`` and one ``counterpart``, with the
    number of ``calls`` both took part in; one query, most frequent first."""
    rows = (
        CallParticipant.objects.filter(
            call__in=calls.order_by().values("pk"),
            country=country,
            participant__isnull=False,
            call__participants__country=counterpart,
            call__participants__participant__isnull=False,
        )
        .values(
            person_name=F("participant__name"),
            person_slug=F("participant__slug"),
            other_name=F("call__participants__participant__name"),
            other_slug=F("call__participants__participant__slug"),
        )
        .annotate(n=Count("call", distinct=True))
        .order_by("-n", "person_name", "other_name")[:limit]
    )
    return list(rows)
