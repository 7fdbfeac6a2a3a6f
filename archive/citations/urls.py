"""URLs for citing. Included before the call page's ``<slug>/`` pattern, so these words
(history, timemap, versions, statements, cite.*) are never read as slugs."""

from django.urls import path, register_converter

from . import views


class CitationFormat:
    regex = "bib|ris|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(CitationFormat, "citefmt")

urlpatterns = [
    path("calls/<ident:identifier>/history/", views.history, name="call-history"),
    path("calls/<ident:identifier>/timemap/", views.timemap, name="call-timemap"),
    path("calls/<ident:identifier>/versions/<int:number>/", views.version_detail, name="call-version"),
    path("calls/<ident:identifier>/versions/<int:number>/changes/", views.changes, name="call-changes"),
    path(
        "calls/<ident:identifier>/statements/<ident:statement_identifier>/",
        views.statement_detail,
        name="statement-detail",
    ),
    path(
        "calls/<ident:identifier>/statements/<ident:statement_identifier>/cite.<citefmt:extension>",
        views.cite_download,
        name="statement-cite",
    ),
    path("calls/<ident:identifier>/cite.<citefmt:extension>", views.cite_download, name="call-cite"),
]
