"""Template helpers: text direction for a language, and query strings for pagination."""

from django import template

from ..vocabularies import text_direction

register = template.Library()


@register.filter
def direction(language):
    """``{{ statement.language|direction }}`` gives "rtl" or "ltr"."""
    return text_direction(language)


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current URL's query string with ``page`` set to ``number``."""
    params = context["request"].GET.copy()
    params["page"] = number
    return "?" + params.urlencode()
