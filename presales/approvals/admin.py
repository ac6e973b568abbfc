from django.contrib import admin

from presales.approvals.models import Approval, ApprovalAssignment, ApprovalStep, ApprovalTemplate, ApprovalTemplateStep
from presales.lib.admin import ReadOnlyAdminMixin


class TemplateStepInline(admin.StackedInline):
    model = ApprovalTemplateStep
    extra = 0
    filter_horizontal = ["approver_roles", "approver_users"]
    fields = [
        ("order", "name", "mode"),
        "approver_roles",
        "approver_users",
        ("condition_field", "condition_operator", "condition_value"),
    ]


@admin.register(ApprovalTemplate)
class ApprovalTemplateAdmin(admin.ModelAdmin):
    """Approval templates are data: which object, which steps, who approves, on what condition."""

    list_display = ["name", "code", "target_type", "is_active"]
    list_filter = ["is_active", "target_type"]
    inlines = [TemplateStepInline]


class AssignmentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ApprovalAssignment
    fields = ["approver", "outcome", "comment", "decided_at"]
    readonly_fields = fields


class StepInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ApprovalStep
    fields = ["order", "name", "mode", "status", "started_at", "finished_at"]
    readonly_fields = fields
    show_change_link = True


@admin.register(Approval)
class ApprovalAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "template", "round", "status", "submitted_by", "submitted_at", "finished_at"]
    list_filter = ["status", "template"]
    list_select_related = ["template", "submitted_by"]
    search_fields = ["title"]
    inlines = [StepInline]


@admin.register(ApprovalStep)
class ApprovalStepAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["approval", "order", "name", "status"]
    inlines = [AssignmentInline]

    def has_module_permission(self, request):
        return False
