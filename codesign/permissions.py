"""Who may do what: pure predicates shared by the routes and the templates, so
a button that is shown and a request that is allowed can never disagree.

Each takes the user (possibly anonymous) and the object, and holds the state
rules too (withdrawn, hidden, deleted, too late to edit).
"""
from datetime import timedelta

from .clock import utcnow
from .models.comment import MAX_DEPTH

COMMENT_EDIT_WINDOW = timedelta(minutes=15)


def is_participant(user):
    """Signed in with a confirmed email: may propose, support and comment."""
    return bool(getattr(user, "is_authenticated", False)) and user.is_confirmed


def _is_author(user, obj):
    return bool(getattr(user, "is_authenticated", False)) and obj.author_id == user.id


def can_propose_idea(user):
    return is_participant(user)


def can_edit_idea(user, idea):
    return (
        is_participant(user)
        and _is_author(user, idea)
        and idea.engaged_at is None
        and not idea.is_withdrawn
        and not idea.is_hidden
    )


def can_withdraw_idea(user, idea):
    return is_participant(user) and _is_author(user, idea) and not idea.is_withdrawn


def can_vote_idea(user, idea):
    return is_participant(user) and not idea.is_withdrawn and not idea.is_hidden


def can_comment_idea(user, idea):
    return is_participant(user) and not idea.is_hidden


def can_reply_comment(user, comment, idea):
    return (
        can_comment_idea(user, idea)
        and comment.is_visible
        and comment.depth < MAX_DEPTH
    )


def can_edit_comment(user, comment, now=None):
    now = now or utcnow()
    return (
        is_participant(user)
        and _is_author(user, comment)
        and comment.is_visible
        and now - comment.created_at <= COMMENT_EDIT_WINDOW
    )


def can_delete_comment(user, comment):
    return is_participant(user) and _is_author(user, comment) and comment.deleted_at is None


PREDICATES = {
    name: value
    for name, value in globals().items()
    if name.startswith(("can_", "is_participant"))
}
