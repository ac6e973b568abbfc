from django import forms
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from presales.approvals.models import Approval, ApprovalAssignment, ApprovalStep, ApprovalTemplate, ApprovalTemplateStep
from presales.approvals.registry import registered_labels
from presales.lib.admin import ReadOnlyAdminMixin

# The values a step's condition may read, by what people call them (the engine reads the
# code: ApprovalTemplateStep.applies_to).
CONDITION_FIELDS = [("margin_percent", _("margin"))]
CONDITION_INPUTS = ["condition_field", "condition_operator", "condition_value"]


class TemplateStepForm(forms.ModelForm):
    class Meta:
        model = ApprovalTemplateStep
        fields = ["order", "name", "mode", "approver_roles", "approver_users"] + CONDITION_INPUTS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Always (no condition)")), *CONDITION_FIELDS]
        current = self.instance.condition_field
        if current and current not in dict(choices):
            choices.append((current, current))  # a condition set before it was listed here
        field = self.fields["condition_field"]
        self.fields["condition_field"] = forms.ChoiceField(
            label=field.label,
            choices=choices,
            required=False,
            help_text=_("The step applies only when this value meets the operator and value."),
        )


class TemplateStepInline(admin.StackedInline):
    model = ApprovalTemplateStep
    form = TemplateStepForm
    extra = 0
    filter_horizontal = ["approver_roles", "approver_users"]
    fields = [
        ("order", "name", "mode"),
        "approver_roles",
        "approver_users",
        ("condition_field", "condition_operator", "condition_value"),
        "comment_required",
    ]


@admin.register(ApprovalTemplate)
class ApprovalTemplateAdmin(admin.ModelAdmin):
    """Approval templates are data: which object, which steps, who approves, on what condition."""

    list_display = ["name", "target_type", "is_active"]  # the code is for the code
    list_filter = ["is_active", "target_type"]
    inlines = [TemplateStepInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "target_type":  # only the kinds of object the engine knows how to approve
            pairs = [label.split(".") for label in registered_labels()]
            query = Q(pk__in=[])
            for app_label, model in pairs:
                query |= Q(app_label=app_label, model=model)
            kwargs["queryset"] = ContentType.objects.filter(query)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AssignmentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ApprovalAssignment
    fields = ["approver", "outcome", "comment", "decided_at"]
    readonly_fields = fields


class StepInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ApprovalStep
    fields = ["order", "name", "mode", "comment_required", "status", "started_at", "finished_at"]
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
