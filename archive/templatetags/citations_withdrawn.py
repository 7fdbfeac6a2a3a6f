"""What the notice of a withdrawn record says: what it was, when it was withdrawn."""

from django import template

from ..citations.present import present
from ..models import CallVersion
from ..vocabularies import Status

register = template.Library()


@register.simple_tag
def withdrawal_facts(call):
    versions = list(CallVersion.objects.filter(call=call).order_by("number"))
    withdrawn_at = call.updated_at
    # The withdrawal is the first change to "withdrawn" after the record was last not withdrawn.
    for row in call.history.order_by("-history_date").only("status", "history_date"):
        if row.status != Status.WITHDRAWN:
            break
        withdrawn_at = row.history_date
    return {
        "record": present(versions[-1].snapshot) if versions else None,
        "first": versions[0] if versions else None,
        "count": len(versions),
        "withdrawn_at": withdrawn_at,
    }
