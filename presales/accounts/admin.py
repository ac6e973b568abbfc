from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from presales.accounts.models import Department, User
from presales.accounts.roles import group_label

# Django names its permissions in English ("Can add quote"); the admin shows each as
# "<model> | <action>" with the admin's own translated action words.
_ACTIONS = {"add": _("Add"), "change": _("Change"), "delete": _("Delete"), "view": _("View")}


def permission_label(permission) -> str:
    model = permission.content_type.model_class()
    action, _sep, _rest = permission.codename.partition("_")
    if model is None:
        return permission.name
    what = _ACTIONS.get(action) if permission.codename == f"{action}_{model._meta.model_name}" else None
    return f"{model._meta.app_config.verbose_name} | {model._meta.verbose_name} | {what or permission.name}"


class PermissionLabelsMixin:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions") and field is not None:
            field.queryset = field.queryset.select_related("content_type")
            field.label_from_instance = permission_label
        return field


@admin.register(User)
class UserAdmin(PermissionLabelsMixin, DjangoUserAdmin):
    list_display = ["username", "full_name", "department", "title", "roles", "is_active"]
    list_filter = ["groups", "department", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email", "phone"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Presales"), {"fields": ("full_name", "department", "title", "phone", "skills", "language")}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        (_("Presales"), {"fields": ("full_name", "department", "groups")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("department").prefetch_related("groups")

    @admin.display(description=_("roles"))
    def roles(self, obj):
        return "、".join(obj.role_labels())


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(PermissionLabelsMixin, DjangoGroupAdmin):
    """Roles are groups named by their code: listed by their label."""

    list_display = ["role"]

    @admin.display(description=_("Role"), ordering="name")
    def role(self, group):
        return group_label(group)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):  # no change history kept (SimpleHistoryAdmin's page failed)
    list_display = ["name", "parent", "head"]
    search_fields = ["name"]
