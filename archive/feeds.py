"""Atom feeds of newly published records: all calls, and per country, topic and person.

Entries are ordered by when the record entered the archive (newest first), so a reader
subscribed to a country sees records as they are added, even of calls long past.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .filters import CallFilter
from .models import Call, Country, Participant, Topic

FEED_SIZE = 50


class CallFeed(Feed):
    feed_type = Atom1Feed
    title = _("Diplomatic communications archive: new calls")
    subtitle = _("Leaders' calls, meetings and visits, as they are added to the archive.")
    author_name = _("Diplomatic communications archive")

    def link(self, obj=None):
        return reverse("call-list")

    def feed_url(self, obj=None):
        return reverse("feed-calls")

    def calls(self, obj):
        return Call.objects.published()

    def items(self, obj=None):
        return self.calls(obj).order_by("-created_at", "-id").for_list()[:FEED_SIZE]

    def item_title(self, item):
        return f"{item.title} ({item.date_display})"

    def item_description(self, item):
        countries = ", ".join(country.display_name for country in item.countries)
        return " — ".join(part for part in [str(item.date_display), countries, item.summary] if part)

    def item_link(self, item):
        # Also the entry's Atom id: the permalink never changes.
        return item.get_permalink()

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [topic.slug for topic in item.topics.all()]


class CountryCallFeed(CallFeed):
    def get_object(self, request, code):
        return get_object_or_404(Country, code=code.upper())

    def title(self, obj):
        return _("New calls: %(country)s") % {"country": obj.display_name}

    def link(self, obj):
        return obj.get_absolute_url()

    def feed_url(self, obj):
        return reverse("feed-country", args=[obj.code])

    def calls(self, obj):
        return Call.objects.published().filter(pk__in=Call.objects.involving_country(obj.code).values("pk"))


class TopicCallFeed(CallFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj):
        return _("New calls on %(topic)s") % {"topic": obj.display_name}

    def link(self, obj):
        return obj.get_absolute_url()

    def feed_url(self, obj):
        return reverse("feed-topic", args=[obj.slug])

    def calls(self, obj):
        return CallFilter({"topic": obj.slug}, queryset=Call.objects.published()).qs


class PersonCallFeed(CallFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Participant, slug=slug)

    def title(self, obj):
        return _("New calls with %(person)s") % {"person": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def feed_url(self, obj):
        return reverse("feed-person", args=[obj.slug])

    def calls(self, obj):
        return Call.objects.published().filter(participants__participant=obj).distinct()
