from django import template

from presales.lib import money as money_lib
from presales.lib.numbers import plain as plain_number

register = template.Library()


@register.filter
def plain(value):
    """{{ quantity|plain }}: 150.000 → 150, 2.500 → 2.5 (see presales.lib.numbers.plain)."""
    return plain_number(value)


@register.filter
def money(value):
    """{{ amount|money }}: ¥415,329.40, "—" for no value (presales.lib.money.yuan)."""
    return money_lib.yuan(value)


@register.filter
def money_wan(value):
    """{{ total|money_wan }}: 41.53万元 for boards, totals and charts (presales.lib.money.wan)."""
    return money_lib.wan(value)


@register.filter
def percent(value):
    """{{ margin_percent|percent }}: 39.00%, "—" for no value (presales.lib.money.percent)."""
    return money_lib.percent(value)


@register.filter
def badge(value):
    """A count in a badge: the number, or "99+" above the cap."""
    from presales.lib.numbers import BADGE_CAP

    try:
        count = int(str(value))  # str(): the navigation's counts are lazy objects
    except (TypeError, ValueError):
        return ""
    return f"{BADGE_CAP}+" if count > BADGE_CAP else str(count)
