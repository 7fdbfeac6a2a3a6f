"""Template helpers for the "Cite this" block and the citation metadata of call pages."""

from django import template

from ..citations.resolve import citation_for_call
from ..vocabularies import Status

register = template.Library()


@register.simple_tag(takes_context=True)
def cite_context(context):
    """The citation of what the page shows: given by the view, or the current version of
    ``call`` (published calls only)."""
    if context.get("citation"):
        return context["citation"]
    call, request = context.get("call"), context.get("request")
    if call is None or request is None or getattr(call, "status", None) != Status.PUBLISHED:
        return None
    return citation_for_call(request, call)
