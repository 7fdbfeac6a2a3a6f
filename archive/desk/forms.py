"""The call form of the editors' desk: the review workflow, the optimistic lock and the edit
summary on top of the archive's call form."""

from django import forms
from django.db import transaction

from ..forms import CallForm
from ..models import Call
from . import revisions, workflow


class DeskCallForm(CallForm):
    """``desk_user`` is set by the admin to the person editing."""

    desk_user = None

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    edit_summary = forms.CharField(
        max_length=100,
        required=False,
        label="Edit summary",
        help_text="What did you change, in a few words? Kept with this revision.",
        widget=forms.TextInput(attrs={"size": 60, "dir": "auto", "placeholder": "Corrected the date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        current = self.instance.status if self.instance.pk else None
        if "status" in self.fields and self.desk_user is not None:
            # Offer only the moves this person may make; any other is refused in clean() with
            # a message that says why.
            self.fields["status"].widget.choices = workflow.allowed_statuses(self.desk_user, current)
        if self.instance.pk:
            self.initial["version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        self.check_transition(cleaned)
        if self.instance.pk:
            self.check_version(cleaned)
        return cleaned

    def check_transition(self, cleaned):
        target = cleaned.get("status")
        current = self.instance.status if self.instance.pk else None
        if target and self.desk_user is not None and not workflow.can_move(self.desk_user, current, target):
            self.add_error("status", workflow.refusal(current, target))

    def check_version(self, cleaned):
        """Refuse the save if someone else saved the call since this form was loaded. The row
        stays locked until the request's transaction ends, so two saves cannot both pass."""
        loaded = cleaned.get("version")
        if loaded is None and self.add_prefix("version") not in self.data:
            # Posted by a script that never loaded the form: nothing to compare; the row lock
            # below still serialises it with other saves.
            loaded = "unchecked"
        if transaction.get_connection().in_atomic_block:
            current = (
                Call.objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
        else:
            current = Call.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
        self.locked_version = current
        if loaded is None:
            self.add_error(None, "This form has lost the version it was loaded at; reload the page.")
            return
        if loaded == "unchecked" or current == loaded:
            return
        call = Call.objects.get(pk=self.instance.pk)
        before = revisions.snapshot_of_version(call, loaded)
        changes = revisions.diff(before, revisions.live_snapshot(call)) if before else []
        latest = revisions.revisions(call.pk)[-1]
        self.conflict = {"loaded": loaded, "current": current, "changes": changes, "latest": latest}
        who = latest.user or "someone"
        self.add_error(
            None,
            f"{who} saved this call (version {current}) after you opened it at version {loaded}. "
            "Your changes are not saved: they are still in the form below. Compare them with what "
            "changed, listed above; if you save again, your version replaces theirs.",
        )
        # Let a second, deliberate save go through against the version now shown.
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = current
