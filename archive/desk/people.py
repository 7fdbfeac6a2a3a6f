"""Warnings against adding a person twice: a new person whose name or alias, in any script,
matches a name the archive already has is held back until the editor confirms it is someone else."""

from django import forms
from django.utils.html import format_html_join

from ..intake.normalise import fold
from ..models import Participant, ParticipantName


def posted_names(data, prefix="names"):
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", 0)), 1000)
    except (TypeError, ValueError):
        return []
    return [
        data.get(f"{prefix}-{i}-name", "")
        for i in range(total)
        if data.get(f"{prefix}-{i}-name") and not data.get(f"{prefix}-{i}-DELETE")
    ]


def known_names(exclude_pk=None):
    """{folded name: {participant: spelling}} for every name of every other person."""
    index = {}
    people = Participant.objects.exclude(pk=exclude_pk) if exclude_pk else Participant.objects.all()
    for pk, name, native in people.values_list("pk", "name", "native_name"):
        for spelling in (name, native):
            if spelling:
                index.setdefault(fold(spelling).strip(), {}).setdefault(pk, spelling)
    names = ParticipantName.objects.all()
    if exclude_pk:
        names = names.exclude(participant_id=exclude_pk)
    for pk, spelling in names.values_list("participant_id", "name"):
        index.setdefault(fold(spelling).strip(), {}).setdefault(pk, spelling)
    return index


def duplicates(spellings, exclude_pk=None):
    """[(existing person, their spelling, the new spelling)] for names already known."""
    index = known_names(exclude_pk)
    found, seen = [], set()
    for spelling in spellings:
        for pk, theirs in index.get(fold(spelling or "").strip(), {}).items():
            if (pk, theirs) not in seen:
                seen.add((pk, theirs))
                found.append((pk, theirs, spelling))
    people = Participant.objects.in_bulk({pk for pk, _, _ in found})
    return [(people[pk], theirs, spelling) for pk, theirs, spelling in found]


class DuplicateAwareParticipantForm(forms.ModelForm):
    not_a_duplicate = forms.BooleanField(
        required=False,
        label="Not a duplicate",
        help_text="Tick if this is someone else than the person(s) with the same name named above.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("not_a_duplicate"):
            return cleaned
        spellings = [cleaned.get("name"), cleaned.get("native_name"), *posted_names(self.data)]
        matches = duplicates([s for s in spellings if s], exclude_pk=self.instance.pk)
        if matches:
            listing = format_html_join(
                "; ",
                "{} (/{}/) is already known as “{}”, like your “{}”",
                ((person.name, person.slug, theirs, spelling) for person, theirs, spelling in matches),
            )
            raise forms.ValidationError(
                "This may be a person the archive already has: %(listing)s. Add your spelling to "
                "their names instead, or, if this is someone else, tick “Not a duplicate” and save again.",
                params={"listing": listing},
                code="duplicate_person",
            )
        return cleaned


class DuplicatePersonAdminMixin:
    form = DuplicateAwareParticipantForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs.setdefault("form", DuplicateAwareParticipantForm)
        return super().get_form(request, obj, change=change, **kwargs)
