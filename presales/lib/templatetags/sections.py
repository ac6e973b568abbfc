from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def render_section(context, section):
    """{% render_section s %}: the section's template, rendered within the page's context
    (request, csrf token, the page's variables) plus the section's own context."""
    with context.push(**section.context):
        return context.template.engine.get_template(section.template).render(context)
