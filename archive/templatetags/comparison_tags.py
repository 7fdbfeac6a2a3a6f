"""``{% compare_sources statements sources as comparison %}`` for the call page."""

from django import template

from ..comparison import compare_sources as compare

register = template.Library()


@register.simple_tag
def compare_sources(statements, sources):
    return compare(statements, sources)
