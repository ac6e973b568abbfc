from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from presales.contracts.models import ActualCost, Contract, ContractFile
from presales.events.admin import SubjectEventInline
from presales.lib.admin import ReadOnlyAdminMixin


class FileInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ContractFile
    fields = ["kind", "file", "uploaded_by", "uploaded_at"]
    readonly_fields = ["uploaded_by", "uploaded_at"]
    extra = 0


class CostInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ActualCost
    fields = ["category", "amount", "incurred_on", "description", "entered_by"]
    readonly_fields = ["entered_by"]
    extra = 0


@admin.register(Contract)
class ContractAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["number", "title", "kind", "opportunity", "amount", "status", "signed_on"]
    list_filter = ["status", "kind"]
    search_fields = ["number", "title", "opportunity__name", "party_a"]
    raw_id_fields = ["opportunity", "quote_version"]
    readonly_fields = ["status", "created_by"]
    inlines = [FileInline, CostInline, SubjectEventInline]
