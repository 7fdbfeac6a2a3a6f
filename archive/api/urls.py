"""/api/: the read-only API, its OpenAPI schema and its documentation."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("calls", views.CallViewSet, basename="api-call")
router.register("people", views.ParticipantViewSet, basename="api-person")
router.register("topics", views.TopicViewSet, basename="api-topic")
router.register("countries", views.CountryViewSet, basename="api-country")
router.root_view_name = "api-root"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: no inline script for the CSP to refuse.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("", include(router.urls)),
]
