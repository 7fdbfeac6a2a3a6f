"""URL configuration. The public paths are a contract: citations depend on them."""

from django.contrib import admin
from django.urls import include, path, register_converter
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from . import converters, exports, feeds, oai, views

register_converter(converters.FourDigitYear, "yyyy")
register_converter(converters.TwoDigits, "mm")
register_converter(converters.Identifier, "ident")
register_converter(converters.CountryCode, "code")

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("calls/", views.CallListView.as_view(), name="call-list"),
    path("calls/export.csv", exports.export_csv, name="export-csv"),
    path("calls/export.json", exports.export_json, name="export-json"),
    path("calls/events.csv", exports.export_events, name="export-events"),
    path("calls/<yyyy:year>/", views.date_archive, name="calls-year"),
    path("calls/<yyyy:year>/<mm:month>/", views.date_archive, name="calls-month"),
    path("calls/<yyyy:year>/<mm:month>/<mm:day>/", views.date_archive, name="calls-day"),
    path("", include("archive.citations.urls")),
    path("calls/<ident:identifier>/", views.call_detail, name="call-detail"),
    path("calls/<ident:identifier>/<str:slug>/", views.call_detail, name="call-detail-slug"),
    path("countries/", views.CountryListView.as_view(), name="country-list"),
    path("countries/<code:code>/", views.country_detail, name="country-detail"),
    path("countries/<code:code>/<code:other>/", views.country_pair, name="country-pair"),
    path("people/", views.ParticipantListView.as_view(), name="participant-list"),
    path("people/<slug:slug>/", views.ParticipantDetailView.as_view(), name="participant-detail"),
    path("topics/", views.TopicListView.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path("search/", views.search, name="search"),
    # Switching the language needs no CSRF token, so public pages set no cookie and stay cacheable.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("feeds/calls.atom", feeds.CallFeed(), name="feed-calls"),
    path("feeds/countries/<code:code>.atom", feeds.CountryCallFeed(), name="feed-country"),
    path("feeds/topics/<slug:slug>.atom", feeds.TopicCallFeed(), name="feed-topic"),
    path("feeds/people/<slug:slug>.atom", feeds.PersonCallFeed(), name="feed-person"),
    path("api/", include("archive.api.urls")),
    path("oai/", oai.endpoint, name="oai"),
    path("admin/", admin.site.urls),
]
