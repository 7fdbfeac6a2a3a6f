"""Bulk import and export from the admin, in the archive's interchange format."""

from django.http import HttpResponse


def export_response(queryset):
    return HttpResponse("Export needs the interchange format.", status=501, content_type="text/plain")


def import_view(request):
    return HttpResponse("Import needs the interchange format.", status=501, content_type="text/plain")
