from django.contrib import admin

from presales.events.admin import SubjectEventInline
from presales.lib.admin import ReadOnlyAdminMixin
from presales.service_requests.models import CustomFormField, ServiceRequest


@admin.register(ServiceRequest)
class ServiceRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "title", "customer", "request_type", "status", "requested_by", "assignee", "due_date"]
    list_filter = ["status", "request_type", "priority"]
    search_fields = ["code", "title", "customer__name"]
    list_select_related = ["customer", "requested_by", "assignee"]
    inlines = [SubjectEventInline]


@admin.register(CustomFormField)
class CustomFormFieldAdmin(admin.ModelAdmin):
    list_display = ["form", "order", "label", "key", "field_type", "required", "active"]
    list_filter = ["form", "active"]
    list_editable = ["order", "active"]
    prepopulated_fields = {"key": ["label"]}
