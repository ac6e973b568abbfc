from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from presales.lib.admin import ReadOnlyAdminMixin
from presales.quotes.models import Quote, QuoteLine, QuoteSection, QuoteVersion


class QuoteVersionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = QuoteVersion
    fields = ["number", "status", "purpose", "total_amount", "total_cost"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Quote)
class QuoteAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "title", "opportunity", "created_at"]
    search_fields = ["code", "title", "opportunity__name"]
    inlines = [QuoteVersionInline]


class QuoteSectionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = QuoteSection
    extra = 0


class QuoteLineInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = QuoteLine
    extra = 0
    raw_id_fields = ["product", "section"]


@admin.register(QuoteVersion)
class QuoteVersionAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "status", "purpose", "total_amount", "total_cost"]
    list_filter = ["status", "purpose"]
    inlines = [QuoteSectionInline, QuoteLineInline]
