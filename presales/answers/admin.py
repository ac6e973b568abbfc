from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from presales.answers.models import AnswerCategory, AnswerEntry, AnswerTag, AnswerWording


@admin.register(AnswerCategory)
class AnswerCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "owner", "order"]
    list_select_related = ["parent", "owner"]
    autocomplete_fields = ["owner"]
    search_fields = ["name"]


@admin.register(AnswerTag)
class AnswerTagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class WordingInline(admin.TabularInline):
    model = AnswerWording
    extra = 0
    fields = ["text", "source", "tender_label", "created_by"]
    readonly_fields = ["created_by"]


@admin.register(AnswerEntry)
class AnswerEntryAdmin(SimpleHistoryAdmin):
    """For looking up and fixing data: the life-cycle and changes go through the pages
    (services), which keep the matcher's index; after a change here run answers_reindex."""

    list_display = ["code", "category", "status", "owner", "next_review_on", "usage_count"]
    list_filter = ["status", "category"]
    list_select_related = ["category", "owner"]
    search_fields = ["code", "requirement"]
    autocomplete_fields = ["owner", "products"]
    filter_horizontal = ["tags"]
    readonly_fields = ["status", "next_review_on", "usage_count", "approved_at"]
    inlines = [WordingInline]
