"""The rules for comments, whatever they are on. Functions take models and
values, flush, and never commit: the route commits once.

The subject is an idea or a proposal. What differs between the two is in
_RULES: when it takes comments, and the refusals' wording. What a comment
does to its subject besides being counted is the subject's area's business:
it registers that with @on_posted (ideas/services.py, proposals/services.py),
so this package imports neither. The counter changes in the same transaction
as the row, with SQL arithmetic so concurrent comments cannot lose an update."""
from dataclasses import dataclass
from typing import Callable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from ..clock import utcnow
from ..exceptions import DomainError
from ..extensions import db
from ..models import Comment, Idea, Proposal, ProposalStatus
from ..models.comment import MAX_DEPTH
from ..sanitise import render_markdown


@dataclass(frozen=True)
class _Rules:
    column: str  # the Comment column that names the subject
    closed_because: Callable  # subject -> why it takes no comments now, or None
    other_subject: str
    unreplyable: str


def _idea_closed(idea):
    if idea.hidden_at is not None:
        return _("This idea is hidden and cannot be commented on.")
    return None


def _proposal_closed(proposal):
    if proposal.status != ProposalStatus.OPEN_FOR_FEEDBACK.value:
        return _("This proposal is not open for feedback, so it cannot be commented on.")
    return None


_RULES = {
    Idea: _Rules(
        column="idea_id",
        closed_because=_idea_closed,
        other_subject=_l("That comment belongs to another idea."),
        unreplyable=_l("You cannot reply to a deleted or hidden comment."),
    ),
    Proposal: _Rules(
        column="proposal_id",
        closed_because=_proposal_closed,
        other_subject=_l("That comment belongs to another proposal."),
        unreplyable=_l("You cannot reply to a deleted or hidden comment."),
    ),
}


# model -> what posting a comment on one does besides counting it: (author, subject) -> None
_ON_POSTED = {}


def on_posted(model):
    """Register, as a decorator, what a comment posted on a `model` does to it."""
    def register(hook):
        _ON_POSTED[model] = hook
        return hook
    return register


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


def add_comment(author, subject, body, parent=None, language="en"):
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
        depth=depth, body=body, body_html=render_markdown(body), language=language,
        created_at=utcnow(),
        **{rules.column: subject.id},
    )
    db.session.add(comment)
    db.session.flush()
    _bump_comment_count(subject, 1)
    _ON_POSTED[type(subject)](author, subject)
    db.session.expire(subject, ["comment_count"])
    return comment


def edit_comment(comment, body, language=None):
    if not comment.is_visible:
        raise DomainError(_("This comment can no longer be edited."))
    comment.body = body
    comment.body_html = render_markdown(body)
    if language:
        comment.language = language
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
