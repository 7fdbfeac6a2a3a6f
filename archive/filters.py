"""The call list's filters. The query string is the permalink of a view, so parameter names
are part of the URL contract: country, participant, topic, medium, date_after, date_before, q."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from . import reference
from .models import Call, CallParticipant, CallTopicIndex, Country, Participant, Topic
from .search import query as search_query
from .vocabularies import Medium

MAX_QUERY_LENGTH = 300


class CountryCodesField(forms.ModelMultipleChoiceField):
    """Country codes in any case (ir, IR); an unknown code is a form error, not a 500."""

    default_error_messages = {
        "invalid_choice": (
            _("“%(value)s” is not a country code the archive knows (use ISO codes such as IR or QA).")
        ),
        "invalid_pk_value": _("“%(pk)s” is not a valid country code."),
    }

    def clean(self, value):
        if value:
            value = [str(code).strip().upper()[:16] for code in value]
        return super().clean(value)

    def _check_values(self, value):
        # Known codes from the kept country table (archive.reference), without a query; any
        # other goes to the database, which gives the error.
        codes = list(dict.fromkeys(value))
        found = reference.countries(codes, ask_database=False)
        if len(found) == len(codes):
            return [found[code] for code in codes]
        return super()._check_values(value)


class CountryCodesFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = CountryCodesField


class TopicSlugField(forms.ModelChoiceField):
    """A topic by its slug, from the kept topic table when it is there (archive.reference)."""

    def to_python(self, value):
        if isinstance(value, str) and value not in self.empty_values:
            topic = reference.topic_by_slug(value)
            if topic is not None:
                return topic
        return super().to_python(value)


class TopicSlugFilter(django_filters.ModelChoiceFilter):
    field_class = TopicSlugField


class ISODateField(forms.DateField):
    input_formats = ["%Y-%m-%d"]
    default_error_messages = {"invalid": _("Enter a real date as YYYY-MM-DD, for example 2024-12-02.")}


class ISODateFilter(django_filters.DateFilter):
    field_class = ISODateField


class CallFilter(django_filters.FilterSet):
    country = CountryCodesFilter(
        queryset=Country.objects.all(),
        to_field_name="code",
        method="filter_countries",
        label=_("Country"),
        help_text=_("Calls involving every country given."),
    )
    participant = django_filters.ModelChoiceFilter(
        queryset=Participant.objects.all(),
        to_field_name="slug",
        method="filter_participant",
        label=_("Person"),
    )
    topic = TopicSlugFilter(
        queryset=Topic.objects.all(), to_field_name="slug", method="filter_topic", label=_("Topic")
    )
    medium = django_filters.ChoiceFilter(choices=Medium.choices, label=_("Medium"))
    date_after = ISODateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_before = ISODateFilter(field_name="date", lookup_expr="lte", label=_("Until"))
    q = django_filters.CharFilter(method="filter_text", label=_("Words"), max_length=MAX_QUERY_LENGTH)

    class Meta:
        model = Call
        fields = ["country", "participant", "topic", "medium", "date_after", "date_before", "q"]

    def filter_countries(self, queryset, name, countries):
        # Call ids straight from the participants' (country, call) index, without joining
        # the call table again (docs/performance.md).
        for country in countries:
            roles = CallParticipant.objects.filter(country=country).values("call_id")
            queryset = queryset.filter(pk__in=roles)
        return queryset

    def filter_participant(self, queryset, name, participant):
        roles = CallParticipant.objects.filter(participant=participant).values("call_id")
        return queryset.filter(pk__in=roles)

    def filter_topic(self, queryset, name, topic):
        # Calls tagged with the topic or a narrower one, on the call or on a statement: one
        # range of the topic index (archive.topic_index, docs/performance.md), narrowed to the
        # dates asked for too, so that the database starts from the smallest set of calls.
        under = CallTopicIndex.objects.filter(topic=topic)
        dates = self.form.cleaned_data
        if dates.get("date_after"):
            under = under.filter(date__gte=dates["date_after"])
        if dates.get("date_before"):
            under = under.filter(date__lte=dates["date_before"])
        return queryset.filter(pk__in=under.values("call_id"))

    def filter_text(self, queryset, name, value):
        """The site search's matching (archive.search): any script, any spelling variant."""
        if not value.strip():
            return queryset
        return queryset.filter(pk__in=search_query.matching_call_ids(search_query.Query(value)))
