from django import template

register = template.Library()


@register.simple_tag
def quote_versions_for(user):
    """The draft quote versions the user may add lines to."""
    from presales.quotes.selectors import editable_versions

    return editable_versions(user)
