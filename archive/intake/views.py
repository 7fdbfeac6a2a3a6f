"""The admin page where an editor pastes a report and gets a draft call."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from ..models import Call
from ..vocabularies import LANGUAGES, SourceKind
from .services import ReportInput, draft_call


class ReportForm(forms.Form):
    text = forms.CharField(
        label="Report text",
        widget=forms.Textarea(attrs={"rows": 18, "cols": 90, "dir": "auto", "autofocus": True}),
        help_text="Paste the whole report, paragraphs separated by line breaks; it is kept as pasted.",
        strip=False,
    )
    published_on = forms.DateField(
        label="Publication date",
        help_text="When was the report published? Dates in it (today, yesterday, Monday) are read from this.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    language = forms.ChoiceField(
        choices=LANGUAGES, initial="ar", help_text="In which language is it written?"
    )
    outlet = forms.CharField(max_length=200, help_text="Who published it? (Mehr News Agency)")
    url = forms.URLField(max_length=1000, required=False, assume_scheme="https", label="URL")
    title = forms.CharField(
        max_length=500, required=False, label="Headline", widget=forms.TextInput(attrs={"dir": "auto"})
    )
    kind = forms.ChoiceField(choices=SourceKind.choices, initial=SourceKind.NEWS, label="Kind of source")
    licence = forms.CharField(max_length=200, required=False, help_text="Under what licence? (CC BY 4.0)")
    attribution = forms.CharField(max_length=500, required=False, help_text="How must it be credited?")

    def clean_published_on(self):
        published = self.cleaned_data["published_on"]
        if published > timezone.localdate():
            raise forms.ValidationError("The publication date is in the future.")
        return published

    def clean_text(self):
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError("Paste the report's text.")
        return text


def intake_view(request):
    if not request.user.has_perm("archive.add_call"):
        raise PermissionDenied
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call = draft_call(ReportInput(**form.cleaned_data), user=request.user)
        messages.success(
            request,
            "A draft was made from the report. Every guess is listed at the top: check them, "
            "correct the draft, then submit it for review.",
        )
        return HttpResponseRedirect(reverse("admin:archive_call_change", args=[call.pk]))
    context = {
        **admin.site.each_context(request),
        "form": form,
        "title": "Draft a call from a report",
        "opts": Call._meta,
    }
    return TemplateResponse(request, "intake/report_form.html", context)
