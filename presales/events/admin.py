from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.translation import gettext_lazy as _

from presales.events import selectors
from presales.events.models import Event
from presales.lib.admin import ReadOnlyAdminMixin


@admin.register(Event)
class EventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The stream as recorded, read-only; cost events only for who sees cost."""

    list_display = ["at", "actor", "what", "opportunity", "customer"]
    list_filter = ["kind", "subject_type"]
    search_fields = ["kind", "opportunity__code", "opportunity__name", "customer__name", "actor__username"]
    list_select_related = ["actor", "opportunity", "customer"]
    raw_id_fields = ["opportunity", "customer", "actor"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        return selectors.readable(super().get_queryset(request), request.user)

    @admin.display(description=_("what"))
    def what(self, event: Event) -> str:
        return selectors.render(event).sentence


class SubjectEventInline(ReadOnlyAdminMixin, GenericTabularInline):
    """The events about an object, on its admin page (a request's, a contract's)."""

    model = Event
    ct_field = "subject_type"
    ct_fk_field = "subject_id"
    extra = 0
    fields = ["at", "kind", "actor", "data"]
    readonly_fields = fields

    def get_queryset(self, request):
        return selectors.readable(super().get_queryset(request), request.user)
