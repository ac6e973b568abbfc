from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from presales.handover.models import AcceptanceReport, Handover, HandoverChecklistItem, SupportVisit
from presales.lib.admin import ReadOnlyAdminMixin


class ChecklistInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = HandoverChecklistItem
    extra = 0


class VisitInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = SupportVisit
    extra = 0
    raw_id_fields = ["engineer", "created_by"]


@admin.register(Handover)
class HandoverAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["opportunity", "implementation_lead", "planned_start", "planned_end", "handed_over_at"]
    raw_id_fields = ["opportunity"]
    inlines = [ChecklistInline, VisitInline]


@admin.register(AcceptanceReport)
class AcceptanceReportAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["handover", "accepted_on", "status"]
    list_filter = ["status"]
