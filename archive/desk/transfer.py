"""Bulk import and export from the admin, in the interchange format (JSON) or as a flat CSV
table of calls. Importing is the interchange importer's: everything is checked first (a dry run
reports every problem by record and field), then written all or nothing in one transaction."""

import json

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from ..interchange import InvalidDocument, export_document, import_document
from ..models import Call
from ..vocabularies import Status
from . import csvformat

MAX_UPLOAD = 200 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(help_text="A JSON interchange document (.json) or a CSV table of calls (.csv).")
    dry_run = forms.BooleanField(
        required=False,
        initial=True,
        label="Dry run",
        help_text="Only check the file and say what would change. Untick to import.",
    )


def read_upload(upload):
    """(document, problems) for an uploaded file."""
    if upload.size > MAX_UPLOAD:
        return None, [f"the file is larger than {MAX_UPLOAD // (1024 * 1024)} MB"]
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, [f"the file is not UTF-8 text (byte {error.start})"]
    if upload.name.lower().endswith(".csv"):
        try:
            return csvformat.parse(text), []
        except csvformat.CsvError as error:
            return None, error.errors
    try:
        return json.loads(text), []
    except json.JSONDecodeError as error:
        return None, [f"the file is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"]


def unpublishable(doc, user):
    """Problems if ``user`` may not publish but the document would publish or withdraw calls."""
    if user.has_perm("archive.publish_call") or not isinstance(doc, dict):
        return []
    calls = doc.get("calls") if isinstance(doc.get("calls"), list) else []
    return [
        f"calls[{index}]: status: only a reviewer can import a {call.get('status')} call"
        for index, call in enumerate(calls)
        if isinstance(call, dict) and call.get("status") in (Status.PUBLISHED, Status.WITHDRAWN)
    ]


def import_view(request):
    if not (request.user.has_perm("archive.add_call") and request.user.has_perm("archive.change_call")):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {**admin.site.each_context(request), "form": form, "title": "Import calls", "opts": Call._meta}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        is_csv = upload.name.lower().endswith(".csv")
        doc, problems = read_upload(upload)
        problems = problems or unpublishable(doc, request.user)
        result = None
        if not problems:
            try:
                result = import_document(doc, dry_run=form.cleaned_data["dry_run"], user=request.user)
            except InvalidDocument as error:
                problems = [str(e) for e in error.errors]
        if is_csv:
            problems = [csvformat.rename_record(p) for p in problems]
        context.update(problems=problems, result=result, filename=upload.name)
        status = 400 if problems else 200
        return TemplateResponse(request, "desk/import.html", context, status=status)
    return TemplateResponse(request, "desk/import.html", context)


def _attachment(content, content_type, extension):
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="calls-{stamp}.{extension}"'
    return response


def export_response(queryset):
    document = export_document(Call.objects.filter(pk__in=queryset.values("pk")))
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return _attachment(text, "application/json; charset=utf-8", "json")


def export_csv_response(queryset):
    text = csvformat.write(Call.objects.filter(pk__in=queryset.values("pk")).order_by("date", "identifier"))
    return _attachment(text, "text/csv; charset=utf-8", "csv")
