from django import template

from presales.lib.numbers import plain as plain_number

register = template.Library()


@register.filter
def plain(value):
    """{{ quantity|plain }}: 150.000 → 150, 2.500 → 2.5 (see presales.lib.numbers.plain)."""
    return plain_number(value)
