from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from presales.customers.models import Contact, Customer
from presales.lib.admin import ReadOnlyAdminMixin


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["name", "title", "phone", "email", "decision_role", "attitude"]


@admin.register(Customer)
class CustomerAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "industry", "region", "status", "owner"]
    list_filter = ["industry", "status", "size", "source"]
    search_fields = ["name", "short_name", "region"]
    list_select_related = ["owner"]
    readonly_fields = ["name_key"]
    inlines = [ContactInline]
