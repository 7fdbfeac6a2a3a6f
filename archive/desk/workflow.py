"""The review workflow: which status changes a person may make.

draft -> review (an editor submits) -> published (a reviewer publishes) -> withdrawn (a reviewer
withdraws, with a public reason). A reviewer may also publish a call they entered or checked
themselves straight from draft, send a call back to draft or review, and republish a withdrawn one.
An editor can never publish or withdraw. The status choices an editor sees come from here, and the server
checks the same rule when the form is saved.
"""

from ..vocabularies import Status

EDITOR_GROUP = "Editor"
REVIEWER_GROUP = "Reviewer"
ADMINISTRATOR_GROUP = "Administrator"

# (from, to) -> the permission needed; staying in the same status needs none.
TRANSITIONS = {
    (None, Status.DRAFT): None,
    (None, Status.REVIEW): "archive.submit_call",
    (None, Status.PUBLISHED): "archive.publish_call",
    (Status.DRAFT, Status.PUBLISHED): "archive.publish_call",
    (Status.DRAFT, Status.REVIEW): "archive.submit_call",
    (Status.REVIEW, Status.DRAFT): "archive.submit_call",
    (Status.REVIEW, Status.PUBLISHED): "archive.publish_call",
    (Status.PUBLISHED, Status.REVIEW): "archive.publish_call",
    (Status.PUBLISHED, Status.DRAFT): "archive.publish_call",
    (Status.PUBLISHED, Status.WITHDRAWN): "archive.withdraw_call",
    (Status.WITHDRAWN, Status.PUBLISHED): "archive.publish_call",
    (Status.WITHDRAWN, Status.REVIEW): "archive.publish_call",
}


def can_move(user, current, target):
    """May ``user`` change a call's status from ``current`` (None for a new call) to ``target``?"""
    if current == target:
        return True
    if (current, target) not in TRANSITIONS:
        return False
    permission = TRANSITIONS[(current, target)]
    return permission is None or user.has_perm(permission)


def allowed_statuses(user, current):
    """The status choices to offer ``user`` on a call now in ``current`` (None if new)."""
    return [(value, label) for value, label in Status.choices if can_move(user, current, value)]


def refusal(current, target):
    """Why a status change is refused, in words for the editor."""
    if (current, target) not in TRANSITIONS:
        start = Status(current).label if current else "a new call"
        return (
            f"A call cannot go from {start} to {Status(target).label}. "
            "The order is draft, in review, published."
        )
    if target == Status.PUBLISHED:
        return "Only a reviewer can publish a call. Set it to “In review” and a reviewer will publish it."
    if target == Status.WITHDRAWN:
        return "Only a reviewer can withdraw a published call."
    return f"You do not have permission to set a call to {Status(target).label}."
