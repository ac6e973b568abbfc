from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.translation import gettext_lazy as _

from presales.events import registry, selectors
from presales.events.models import Event
from presales.lib.admin import ReadOnlyAdminMixin


class KindFilter(admin.SimpleListFilter):
    """The kinds by their labels (the registry's), not their codes."""

    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return sorted(((kind.code, str(kind.label)) for kind in registry.kinds()), key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class SubjectTypeFilter(admin.RelatedOnlyFieldListFilter):
    title = _("about (kind of object)")


def kind_label(event: Event) -> str:
    kind = registry.get(event.kind)
    return str(kind.label) if kind else event.kind


@admin.register(Event)
class EventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The stream as recorded, read-only; cost events only for who sees cost."""

    list_display = ["at", "actor", "kind_shown", "what", "opportunity", "customer"]
    list_filter = [KindFilter, ("subject_type", SubjectTypeFilter)]
    search_fields = ["kind", "opportunity__code", "opportunity__name", "customer__name", "actor__username"]
    list_select_related = ["actor", "opportunity", "customer"]
    raw_id_fields = ["opportunity", "customer", "actor"]
    date_hierarchy = "at"
    # The stored data is for the code; people read the event's sentence.
    fields = ["at", "actor", "kind_shown", "what", "opportunity", "customer"]
    readonly_fields = fields

    def get_queryset(self, request):
        return selectors.readable(super().get_queryset(request), request.user)

    @admin.display(description=_("kind"), ordering="kind")
    def kind_shown(self, event: Event) -> str:
        return kind_label(event)

    @admin.display(description=_("what"))
    def what(self, event: Event) -> str:
        return selectors.render(event).sentence


class SubjectEventInline(ReadOnlyAdminMixin, GenericTabularInline):
    """The events about an object, on its admin page (a request's, a contract's)."""

    model = Event
    ct_field = "subject_type"
    ct_fk_field = "subject_id"
    extra = 0
    fields = ["at", "actor", "kind_shown", "what"]
    readonly_fields = fields

    def get_queryset(self, request):
        return selectors.readable(super().get_queryset(request), request.user)

    @admin.display(description=_("kind"))
    def kind_shown(self, event: Event) -> str:
        return kind_label(event)

    @admin.display(description=_("what"))
    def what(self, event: Event) -> str:
        return selectors.render(event).sentence
