"""Read-only API views. Only published calls, and only people, topics and countries."""

from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets
from rest_framework.pagination import PageNumberPagination

from ..filters import CallFilter
from ..models import Call, CallParticipant, Country, Participant, Statement, Topic
from ..vocabularies import Status
from . import serializers


class Pagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class CallViewSet(viewsets.ReadOnlyModelViewSet):
    """Published calls, filterable with the parameters of /calls/."""

    lookup_field = "identifier"
    lookup_value_regex = "[a-z][a-z0-9-]{2,39}"
    filter_backends = [DjangoFilterBackend]
    filterset_class = CallFilter
    pagination_class = Pagination

    def get_queryset(self):
        calls = Call.objects.published().for_list()
        if self.action == "retrieve":
            calls = calls.prefetch_related(
                Prefetch(
                    "statements",
                    queryset=Statement.objects.select_related(
                        "speaker__participant", "speaker__country"
                    ).prefetch_related("translations", "topics"),
                ),
                "sources",
            )
        return calls

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.CallDetailSerializer
        return serializers.CallSerializer


class ParticipantViewSet(viewsets.ReadOnlyModelViewSet):
    """People who took part in published calls."""

    lookup_field = "slug"
    serializer_class = serializers.ParticipantSerializer
    pagination_class = Pagination
    queryset = (
        Participant.objects.filter(
            pk__in=CallParticipant.objects.filter(call__status=Status.PUBLISHED).values("participant")
        )
        .prefetch_related("names")
        .order_by("name", "id")
    )


class TopicViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    serializer_class = serializers.TopicSerializer
    pagination_class = Pagination
    queryset = Topic.objects.select_related("parent").order_by("name", "id")


class CountryViewSet(viewsets.ReadOnlyModelViewSet):
    """Countries, historic states and international organisations."""

    lookup_field = "code"
    lookup_value_regex = "[A-Z][A-Z0-9]{1,7}"
    serializer_class = serializers.CountrySerializer
    pagination_class = Pagination
    queryset = Country.objects.order_by("code")
