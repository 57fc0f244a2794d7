"""The rules for comments, whatever they are on. Functions take models and
values, flush, and never commit: the route commits once.

The subject is an idea or a proposal. What differs between the two is in
_RULES: when it takes comments, and what a comment does to it besides being
counted. The counter changes in the same transaction as the row, with SQL
arithmetic so concurrent comments cannot lose an update."""
from dataclasses import dataclass
from typing import Callable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from ..clock import utcnow
from ..exceptions import DomainError
from ..extensions import db
from ..ideas.services import mark_engaged
from ..models import Comment, Idea, Proposal, ProposalStatus
from ..models.comment import MAX_DEPTH
from ..notifications.services import follow


@dataclass(frozen=True)
class _Rules:
    column: str  # the Comment column that names the subject
    closed_because: Callable  # subject -> why it takes no comments now, or None
    other_subject: str
    unreplyable: str
    on_posted: Callable  # (author, subject) -> None


def _idea_closed(idea):
    if idea.hidden_at is not None:
        return _("This idea is hidden and cannot be commented on.")
    return None


def _idea_engaged(author, idea):
    # Once someone else has responded, the author can no longer edit the idea.
    mark_engaged(idea.id, author.id, idea.author_id)
    db.session.expire(idea, ["engaged_at"])


def _proposal_closed(proposal):
    if proposal.status != ProposalStatus.OPEN_FOR_FEEDBACK.value:
        return _("This proposal is not open for feedback, so it cannot be commented on.")
    return None


def _follow_proposal(author, proposal):
    follow(author, proposal=proposal)


_RULES = {
    Idea: _Rules(
        column="idea_id",
        closed_because=_idea_closed,
        other_subject=_l("That comment belongs to another idea."),
        unreplyable=_l("You cannot reply to a deleted or hidden comment."),
        on_posted=_idea_engaged,
    ),
    Proposal: _Rules(
        column="proposal_id",
        closed_because=_proposal_closed,
        other_subject=_l("That comment belongs to another proposal."),
        unreplyable=_l("You cannot reply to a deleted or hidden comment."),
        on_posted=_follow_proposal,
    ),
}


def _rules(subject):
    return _RULES[type(subject)]


def belongs_to(comment, subject):
    return getattr(comment, _rules(subject).column) == subject.id


def _bump_comment_count(subject, by):
    model = type(subject)
    db.session.execute(
        update(model)
        .where(model.id == subject.id)
        .values(comment_count=model.comment_count + by)
        .execution_options(synchronize_session=False)
    )


def add_comment(author, subject, body, parent=None):
    rules = _rules(subject)
    reason = rules.closed_because(subject)
    if reason:
        raise DomainError(reason)
    depth = 0
    if parent is not None:
        if not belongs_to(parent, subject):
            raise DomainError(str(rules.other_subject))
        if not parent.is_visible:
            raise DomainError(str(rules.unreplyable))
        if parent.depth >= MAX_DEPTH:
            raise DomainError(_("Replies cannot be nested any deeper."))
        depth = parent.depth + 1
    comment = Comment(
        author=author, parent_id=parent.id if parent else None,
        depth=depth, body=body, created_at=utcnow(), **{rules.column: subject.id},
    )
    db.session.add(comment)
    db.session.flush()
    _bump_comment_count(subject, 1)
    rules.on_posted(author, subject)
    db.session.expire(subject, ["comment_count"])
    return comment


def edit_comment(comment, body):
    if not comment.is_visible:
        raise DomainError(_("This comment can no longer be edited."))
    comment.body = body
    comment.edited_at = utcnow()
    db.session.flush()
    return comment


def delete_comment(comment, subject):
    """The author's own deletion: the row stays so replies keep their place."""
    if comment.deleted_at is not None:
        return comment
    was_counted = comment.is_visible
    comment.deleted_at = utcnow()
    db.session.flush()
    if was_counted:
        _bump_comment_count(subject, -1)
        db.session.expire(subject, ["comment_count"])
    return comment
