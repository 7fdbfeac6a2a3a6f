"""Admin for the intake lexicon: editors add keywords that suggest topics."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..models import TopicKeyword


@admin.register(TopicKeyword)
class TopicKeywordAdmin(SimpleHistoryAdmin):
    list_display = ["keyword", "language", "topic", "topic_slug"]
    fields = ["keyword", "language", "topic", ("topic_slug", "topic_name", "topic_name_ar")]
    list_filter = ["language", ("topic", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["topic"]
    search_fields = ["keyword", "topic__name", "topic__name_ar", "topic_slug", "topic_name"]
    autocomplete_fields = ["topic"]
    list_per_page = 100
