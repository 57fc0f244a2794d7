"""The rules for comments on proposals: like those on ideas, and open only
while the proposal is open for feedback. Flush, never commit."""
from flask_babel import gettext as _
from sqlalchemy import update

from ..clock import utcnow
from ..exceptions import DomainError
from ..extensions import db
from ..models import Comment, Proposal, ProposalStatus
from ..models.comment import MAX_DEPTH
from ..notifications.services import follow


def bump_comment_count(proposal_id, by):
    """SQL arithmetic, so concurrent comments cannot lose an update."""
    db.session.execute(
        update(Proposal)
        .where(Proposal.id == proposal_id)
        .values(comment_count=Proposal.comment_count + by)
        .execution_options(synchronize_session=False)
    )


def add_comment(author, proposal, body, parent=None):
    if proposal.status != ProposalStatus.OPEN_FOR_FEEDBACK.value:
        raise DomainError(_("This proposal is not open for feedback, so it cannot be commented on."))
    depth = 0
    if parent is not None:
        if parent.proposal_id != proposal.id:
            raise DomainError(_("That comment belongs to another proposal."))
        if not parent.is_visible:
            raise DomainError(_("You cannot reply to a deleted comment."))
        if parent.depth >= MAX_DEPTH:
            raise DomainError(_("Replies cannot be nested any deeper."))
        depth = parent.depth + 1
    comment = Comment(
        proposal_id=proposal.id, author=author, parent_id=parent.id if parent else None,
        depth=depth, body=body, created_at=utcnow(),
    )
    db.session.add(comment)
    db.session.flush()
    bump_comment_count(proposal.id, 1)
    follow(author, proposal=proposal)
    db.session.expire(proposal, ["comment_count"])
    return comment


def edit_comment(comment, body):
    if not comment.is_visible:
        raise DomainError(_("This comment can no longer be edited."))
    comment.body = body
    comment.edited_at = utcnow()
    db.session.flush()
    return comment


def delete_comment(comment, proposal):
    """The author's own deletion: the row stays so replies keep their place."""
    if comment.deleted_at is not None:
        return comment
    was_counted = comment.is_visible
    comment.deleted_at = utcnow()
    db.session.flush()
    if was_counted:
        bump_comment_count(proposal.id, -1)
        db.session.expire(proposal, ["comment_count"])
    return comment
