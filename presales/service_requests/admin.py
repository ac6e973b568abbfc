from django.contrib import admin

from presales.lib.admin import ReadOnlyAdminMixin
from presales.service_requests.models import CustomFormField, ServiceRequest, ServiceRequestEvent


class EventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ServiceRequestEvent
    extra = 0
    fields = ["at", "kind", "actor", "from_status", "to_status", "reason"]
    readonly_fields = fields


@admin.register(ServiceRequest)
class ServiceRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "title", "customer", "request_type", "status", "requested_by", "assignee", "due_date"]
    list_filter = ["status", "request_type", "priority"]
    search_fields = ["code", "title", "customer__name"]
    list_select_related = ["customer", "requested_by", "assignee"]
    inlines = [EventInline]


@admin.register(CustomFormField)
class CustomFormFieldAdmin(admin.ModelAdmin):
    list_display = ["form", "order", "label", "key", "field_type", "required", "active"]
    list_filter = ["form", "active"]
    list_editable = ["order", "active"]
    prepopulated_fields = {"key": ["label"]}
