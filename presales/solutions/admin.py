from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from presales.lib.admin import ReadOnlyAdminMixin
from presales.solutions.models import (
    QAItem,
    QASession,
    Review,
    Solution,
    SolutionVersion,
)


class VersionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = SolutionVersion
    fields = ["number", "status", "file", "summary"]
    readonly_fields = ["number", "status"]
    extra = 0


@admin.register(Solution)
class SolutionAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "title", "opportunity", "status", "due_date"]
    list_filter = ["status"]
    search_fields = ["code", "title", "opportunity__name"]
    raw_id_fields = ["opportunity", "service_request"]
    filter_horizontal = ["designers", "team"]
    inlines = [VersionInline]


@admin.register(SolutionVersion)
class SolutionVersionAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["solution", "number", "status", "created_by", "created_at"]
    list_filter = ["status"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["version", "chair", "held_on", "conclusion"]


class QAItemInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = QAItem
    extra = 0


@admin.register(QASession)
class QASessionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["version", "held_on", "place"]
    inlines = [QAItemInline]
