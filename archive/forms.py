"""Forms for editors: the call form and its inlines, with the archive's rules as messages."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils import timezone

from .models import Call, CallParticipant, Participant, Statement, Translation
from .vocabularies import Status, TranslatorKind


def today():
    return timezone.localdate()


class CallForm(forms.ModelForm):
    class Meta:
        model = Call
        fields = [
            "title",
            "summary",
            "medium",
            "status",
            "date",
            "date_precision",
            "end_date",
            "time",
            "place",
            "place_country",
            "topics",
            "withdrawn_reason",
            "external_id",
        ]

    def clean_date(self):
        date = self.cleaned_data.get("date")
        if date and date > today():
            raise forms.ValidationError(
                "The date %(date)s is in the future; a call can only be recorded once it has happened.",
                params={"date": date.isoformat()},
            )
        return date

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status == Status.PUBLISHED and not cleaned.get("date") and "date" not in self.errors:
            self.add_error("date", "A published call needs a date. Enter it, or keep the call as a draft.")
        if status == Status.WITHDRAWN and not cleaned.get("withdrawn_reason", "").strip():
            self.add_error("withdrawn_reason", "Say why the call is withdrawn; the public page will show it.")
        date, end_date = cleaned.get("date"), cleaned.get("end_date")
        if date and end_date and end_date < date:
            self.add_error("end_date", "The end date is before the date the call started.")
        return cleaned


def live_rows(formset):
    """The forms of a formset that will be saved: filled in and not marked for deletion."""
    return [
        form
        for form in formset.forms
        if form.has_changed() or form.instance.pk
        if not (formset.can_delete and formset._should_delete_form(form))
    ]


class CallParticipantFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        rows = live_rows(self)
        if self.instance.status == Status.PUBLISHED and len(rows) < 2:
            raise forms.ValidationError(
                "A published call needs at least two participants: add both sides, "
                "or keep the call as a draft."
            )
        people = [form.cleaned_data.get("participant") for form in rows]
        named = [person for person in people if person]
        if len(named) != len(set(named)):
            raise forms.ValidationError("The same person is listed twice among the participants.")


def posted_participants(data, prefix="participants"):
    """The people listed in the participants rows of the same submitted call form."""
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except (TypeError, ValueError):
        return set()
    people = set()
    for index in range(min(total, 1000)):
        if data.get(f"{prefix}-{index}-DELETE"):
            continue
        value = data.get(f"{prefix}-{index}-participant")
        if value and str(value).isdigit():
            people.add(int(value))
    return people


class StatementForm(forms.ModelForm):
    """A statement, with its speaker chosen among the people taking part in the call and
    an optional English translation entered beside the original."""

    speaker_person = forms.ModelChoiceField(
        queryset=Participant.objects.all(),
        required=False,
        label="Speaker",
        help_text="Who said it? Must be one of the participants listed above.",
        widget=AutocompleteSelect(CallParticipant._meta.get_field("participant"), admin.site),
    )
    translation_en = forms.CharField(
        label="English translation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "ltr", "lang": "en"}),
        help_text="What does it say in English? (translated by the archive)",
    )

    class Meta:
        model = Statement
        fields = ["order", "speaker_person", "kind", "language", "text", "translation_en", "source"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "dir": "auto"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        statement = self.instance
        if statement.pk:
            if statement.speaker_id and statement.speaker.participant_id:
                self.initial["speaker_person"] = statement.speaker.participant_id
            english = next((t for t in statement.translations.all() if t.language == "en"), None)
            if english:
                self.initial["translation_en"] = english.text
        if "source" in self.fields:
            call_id = statement.call_id if statement.call_id else None
            self.fields["source"].queryset = self.fields["source"].queryset.filter(call_id=call_id)


class StatementFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        listed = posted_participants(self.data)
        orders = set()
        for form in live_rows(self):
            person = form.cleaned_data.get("speaker_person")
            if person and person.pk not in listed:
                form.add_error(
                    "speaker_person",
                    f"{person.name} is not a participant of this call. "
                    "Add them to the participants first, or choose another speaker.",
                )
            order = form.cleaned_data.get("order")
            if order in orders:
                form.add_error("order", f"Two statements have the position {order}; positions must differ.")
            orders.add(order)


def save_statement_extras(statement, form):
    """Resolve the chosen speaker to the call's participant row and keep the translation."""
    person = form.cleaned_data.get("speaker_person")
    speaker = statement.call.participants.filter(participant=person).first() if person else None
    if statement.speaker_id != (speaker.pk if speaker else None):
        statement.speaker = speaker
        statement.save()
    text = form.cleaned_data.get("translation_en", "")
    existing = statement.translations.filter(language="en").first()
    if text and existing and existing.text != text:
        existing.text = text
        existing.save()
    elif text and not existing:
        Translation.objects.create(
            statement=statement, language="en", text=text, translator_kind=TranslatorKind.ARCHIVE
        )
    elif not text and existing:
        existing.delete()
