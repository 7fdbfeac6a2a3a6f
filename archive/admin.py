"""The editors' admin: a whole call on one page, people with their names and offices."""

from django.contrib import admin
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from .desk.admin import DeskCallAdminMixin
from .desk.people import DuplicatePersonAdminMixin
from .forms import CallForm, CallParticipantFormSet, StatementForm, StatementFormSet, save_statement_extras
from .models import (
    Call,
    CallParticipant,
    Country,
    Office,
    Participant,
    ParticipantName,
    Source,
    Statement,
    Topic,
    Translation,
)

admin.site.site_header = "Diplomatic archive: editors"
admin.site.site_title = "Diplomatic archive"
admin.site.index_title = "Records"


class CallParticipantInline(admin.TabularInline):
    model = CallParticipant
    formset = CallParticipantFormSet
    extra = 0
    min_num = 0
    autocomplete_fields = ["participant", "country"]
    fields = [
        "order",
        "participant",
        "name_as_written",
        "name_language",
        "office_title",
        "country",
        "role",
        "is_initiator",
    ]


class SourceInline(admin.StackedInline):
    model = Source
    extra = 0
    fieldsets = [
        (
            None,
            {"fields": [("outlet", "kind", "language"), "title", "url", ("published_on", "retrieved_on")]},
        ),
        ("Text and licence", {"fields": ["full_text", ("licence", "licence_url"), "attribution"]}),
    ]


class StatementInline(admin.StackedInline):
    model = Statement
    form = StatementForm
    formset = StatementFormSet
    extra = 0
    fields = [("order", "speaker_person", "kind", "language"), "text", "translation_en", "source"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("call", "speaker__participant", "source")
            .prefetch_related("translations")
        )


@admin.register(Call)
class CallAdmin(DeskCallAdminMixin, SimpleHistoryAdmin):
    form = CallForm
    inlines = [CallParticipantInline, StatementInline, SourceInline]
    list_display = ["title", "date", "medium", "status", "countries_list", "identifier"]
    list_filter = ["status", "medium", "date_precision", ("topics", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "summary", "identifier", "external_id", "participants__name_as_written"]
    date_hierarchy = "date"
    autocomplete_fields = ["topics", "place_country"]
    readonly_fields = ["identifier", "created_at", "updated_at"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["title", "summary", ("medium", "status")]}),
        (
            "When and where",
            {"fields": [("date", "date_precision", "end_date", "time"), ("place", "place_country")]},
        ),
        ("Subjects", {"fields": ["topics"]}),
        ("Withdrawal", {"fields": ["withdrawn_reason"], "classes": ["collapse"]}),
        ("Record", {"fields": ["identifier", "external_id", ("created_at", "updated_at")]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("participants__country")

    @admin.display(description="Countries")
    def countries_list(self, call):
        return ", ".join(country.code for country in call.countries)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for formset in formsets:
            if formset.model is Statement:
                for statement_form in live_forms(formset):
                    save_statement_extras(statement_form.instance, statement_form)


def live_forms(formset):
    return [
        form
        for form in formset.forms
        if form.instance.pk and not (formset.can_delete and formset._should_delete_form(form))
    ]


class TranslationInline(admin.StackedInline):
    model = Translation
    extra = 0


@admin.register(Statement)
class StatementAdmin(SimpleHistoryAdmin):
    inlines = [TranslationInline]
    list_display = ["__str__", "call", "speaker", "kind", "language"]
    list_filter = ["kind", "language"]
    list_select_related = ["call", "speaker__participant", "speaker__country"]
    search_fields = ["text", "identifier", "call__title", "translations__text"]
    autocomplete_fields = ["topics"]
    raw_id_fields = ["call"]
    readonly_fields = ["identifier"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        call_id = obj.call_id if obj else None
        for name in ("speaker", "source"):
            if name in form.base_fields:
                form.base_fields[name].queryset = form.base_fields[name].queryset.filter(call_id=call_id)
        return form


class ParticipantNameInline(admin.TabularInline):
    model = ParticipantName
    extra = 1


class OfficeInline(admin.TabularInline):
    model = Office
    extra = 1
    autocomplete_fields = ["country"]


@admin.register(Participant)
class ParticipantAdmin(DuplicatePersonAdminMixin, SimpleHistoryAdmin):
    inlines = [ParticipantNameInline, OfficeInline]
    list_display = ["name", "native_name", "wikidata", "call_count"]
    search_fields = ["name", "native_name", "slug", "wikidata", "names__name"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(call_count=Count("call_roles", distinct=True))

    @admin.display(description="Calls", ordering="call_count")
    def call_count(self, participant):
        return participant.call_count


@admin.register(Topic)
class TopicAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_ar", "parent", "slug"]
    list_select_related = ["parent"]
    search_fields = ["name", "name_ar", "slug"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Country)
class CountryAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "name_ar", "kind", "wikidata"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "name_ar"]
    ordering = ["name"]


from .intake import admin as intake_admin  # noqa: E402,F401  (registers the intake lexicon)
