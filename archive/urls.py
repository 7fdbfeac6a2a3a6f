"""URL configuration. The public paths are a contract: citations depend on them."""

from django.contrib import admin
from django.urls import path

urlpatterns = [
    path("admin/", admin.site.urls),
]
