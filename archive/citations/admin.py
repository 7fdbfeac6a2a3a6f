"""Editors' tools for citations: the published version captured on save, with the edit
summary, and merging duplicate calls into the record that survives."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.template.response import TemplateResponse

from ..models import Call
from ..vocabularies import Status
from .snapshots import record_version


def record_published_version(request, form):
    """After a call and its inlines are saved: a new version if the public record changed."""
    call = form.instance
    # The desk's "Edit summary" field (also kept as simple-history's change reason).
    reason = form.cleaned_data.get("edit_summary", "").strip()
    version = record_version(call, reason=reason, editor=request.user)
    if version is not None and call.status == Status.PUBLISHED and version.editor_id == request.user.pk:
        messages.info(request, f"Published as version {version.number}: {version.get_absolute_url()}")


class MergeForm(forms.Form):
    survivor = forms.CharField(
        label="Identifier of the record to keep",
        max_length=40,
        help_text="Which call survives? Give its identifier (as in /calls/<identifier>/). "
        "The selected duplicates redirect to it from now on.",
    )
    reason = forms.CharField(
        label="Edit summary", max_length=300, required=False, help_text="Why are they duplicates?"
    )

    def __init__(self, *args, duplicates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicates = list(duplicates)

    def clean_survivor(self):
        identifier = self.cleaned_data["survivor"].strip()
        survivor = Call.objects.filter(identifier=identifier).first()
        if survivor is None:
            raise forms.ValidationError(f"No call has the identifier {identifier}.")
        if survivor.merged_into_id:
            raise forms.ValidationError(
                "That call was itself merged into another; choose the one it points to."
            )
        if survivor.status != Status.PUBLISHED:
            raise forms.ValidationError("The record to keep must be published.")
        if survivor.pk in {call.pk for call in self.duplicates}:
            raise forms.ValidationError("The record to keep is among the selected duplicates; unselect it.")
        return survivor


def merge_calls(duplicates, survivor, reason="", editor=None):
    """Mark ``duplicates`` as merged into ``survivor``: withdrawn with a reason, their links
    redirecting to it. Their published versions stay, so old citations keep their text."""
    with transaction.atomic():
        for duplicate in duplicates:
            duplicate.merged_into = survivor
            duplicate.status = Status.WITHDRAWN
            duplicate.withdrawn_reason = (
                f"A duplicate of “{survivor.title}” ({survivor.identifier}), merged into it."
                + (f" {reason}" if reason else "")
            )
            duplicate._change_reason = f"Merged into {survivor.identifier}"[:100]
            if editor is not None:
                duplicate._history_user = editor
            duplicate.save()
            # Records once merged into this duplicate now point at the survivor directly.
            for earlier in Call.objects.filter(merged_into=duplicate):
                earlier.merged_into = survivor
                earlier._change_reason = f"Merged into {survivor.identifier}"[:100]
                earlier.save()


@admin.action(description="Merge the selected duplicates into another call…")
def merge_into(modeladmin, request, queryset):
    duplicates = list(queryset)
    if "apply" in request.POST:
        form = MergeForm(request.POST, duplicates=duplicates)
        if form.is_valid():
            survivor = form.cleaned_data["survivor"]
            merge_calls(duplicates, survivor, form.cleaned_data["reason"], editor=request.user)
            modeladmin.message_user(
                request,
                f"Merged {len(duplicates)} call(s) into {survivor.identifier}; their links redirect there.",
            )
            return None
    else:
        form = MergeForm(duplicates=duplicates)
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Merge duplicates into another call",
        "duplicates": duplicates,
        "form": form,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/archive/call/merge_into.html", context)
