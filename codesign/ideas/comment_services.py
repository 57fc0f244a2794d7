"""The rules for comments on ideas. Like services.py: flush, never commit."""
from flask_babel import gettext as _

from ..clock import utcnow
from ..exceptions import DomainError
from ..extensions import db
from ..models import Comment
from ..models.comment import MAX_DEPTH
from .services import bump_counter, mark_engaged


def add_comment(author, idea, body, parent=None):
    if idea.hidden_at is not None:
        raise DomainError(_("This idea is hidden and cannot be commented on."))
    depth = 0
    if parent is not None:
        if parent.idea_id != idea.id:
            raise DomainError(_("That comment belongs to another idea."))
        if not parent.is_visible:
            raise DomainError(_("You cannot reply to a deleted or hidden comment."))
        if parent.depth >= MAX_DEPTH:
            raise DomainError(_("Replies cannot be nested any deeper."))
        depth = parent.depth + 1
    comment = Comment(
        idea_id=idea.id, author=author, parent_id=parent.id if parent else None,
        depth=depth, body=body, created_at=utcnow(),
    )
    db.session.add(comment)
    db.session.flush()
    bump_counter(idea.id, "comment_count", 1)
    mark_engaged(idea.id, author.id, idea.author_id)
    db.session.expire(idea, ["comment_count", "engaged_at"])
    return comment


def edit_comment(comment, body):
    if not comment.is_visible:
        raise DomainError(_("This comment can no longer be edited."))
    comment.body = body
    comment.edited_at = utcnow()
    db.session.flush()
    return comment


def delete_comment(comment, idea):
    """The author's own deletion: the row stays so replies keep their place."""
    if comment.deleted_at is not None:
        return comment
    was_counted = comment.is_visible
    comment.deleted_at = utcnow()
    db.session.flush()
    if was_counted:
        bump_counter(idea.id, "comment_count", -1)
        db.session.expire(idea, ["comment_count"])
    return comment
