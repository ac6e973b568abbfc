"""Admin screens: stage templates (stages, tasks, deliverable types) are data an admin edits."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from presales.lib.admin import ReadOnlyAdminMixin
from presales.opportunities.models import (
    DeliverableType,
    Opportunity,
    OpportunityMember,
    Stage,
    StageTask,
    StageTemplate,
)


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ["order", "code", "name", "role", "skip_condition"]
    show_change_link = True
    ordering = ["order"]


@admin.register(StageTemplate)
class StageTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "is_default", "stage_names"]
    inlines = [StageInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("stages")

    @admin.display(description=_("stages"))
    def stage_names(self, obj):
        return " → ".join(stage.name for stage in obj.stages.all())


class StageTaskInline(admin.TabularInline):
    model = StageTask
    extra = 1
    fields = ["order", "title", "role", "required", "due_days", "done_when"]


class DeliverableTypeInline(admin.TabularInline):
    model = DeliverableType
    extra = 1
    fields = ["order", "name", "description", "required", "fulfilled_by", "satisfied_by_quote", "approval_template"]


@admin.register(Stage)
class StageAdmin(SimpleHistoryAdmin):
    list_display = ["name", "template", "order", "role", "skip_condition"]
    list_filter = ["template"]
    ordering = ["template", "order"]
    fields = [
        "template",
        "order",
        "code",
        "name",
        "role",
        "purpose",
        "entry_criteria",
        "inputs",
        "exit_criteria",
        "skip_condition",
    ]
    inlines = [StageTaskInline, DeliverableTypeInline]


class MemberInline(admin.TabularInline):
    model = OpportunityMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Opportunity)
class OpportunityAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Read-only: edits, stage moves and closing go through the pages (the gate service)."""

    list_display = ["code", "name", "customer", "current_stage", "status", "sales_owner", "presales_lead"]
    list_filter = ["status", "current_stage", "industry"]
    search_fields = ["code", "name", "customer__name"]
    list_select_related = ["customer", "current_stage", "sales_owner", "presales_lead"]
    readonly_fields = [
        "code",
        "template",
        "current_stage",
        "stage_entered_at",
        "status",
        "close_reason",
        "winning_competitor",
        "closed_at",
        "created_by",
    ]
    inlines = [MemberInline]
