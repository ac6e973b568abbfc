from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from presales.accounts.models import Department, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "department", "title", "roles", "is_active"]
    list_filter = ["groups", "department", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email", "phone"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Presales"), {"fields": ("full_name", "department", "title", "phone", "skills")}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        (_("Presales"), {"fields": ("full_name", "department", "groups")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("department").prefetch_related("groups")

    @admin.display(description=_("roles"))
    def roles(self, obj):
        return "、".join(obj.role_labels())


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "parent", "head"]
    search_fields = ["name"]
