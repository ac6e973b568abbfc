"""{% sort_head "code" _("Code") %}: a list's column head that sorts (presales.lib.sorting).

It reads the page's `sort` (a SortState); without one (the same table included elsewhere)
it is the plain label."""

from django import template

register = template.Library()


@register.inclusion_tag("includes/sort_head.html", takes_context=True)
def sort_head(context, key, label):
    state = context.get("sort")
    if state is None or not hasattr(state, "current"):
        return {"label": label, "sortable": False}
    active = state.key == key
    target = f"{key}" if not active or state.descending else f"-{key}"
    query = f"{state.query}&sort={target}" if state.query else f"sort={target}"
    return {
        "label": label,
        "sortable": True,
        "key": key,
        "href": f"?{query}",
        "active": active,
        "descending": active and state.descending,
    }
