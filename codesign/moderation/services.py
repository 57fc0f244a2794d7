"""What moderators do to ideas, comments and accounts. Like every services
module: plain functions taking models and values, flushing, never committing.

Nothing is deleted here. Hiding is a state on the item (who, when, why is in
the log), every change adds one ModerationAction row, and each change first
locks the row it changes so two moderators acting at once cannot both act.
"""
from flask_babel import gettext as _
from sqlalchemy import select, update

from ..clock import utcnow
from ..exceptions import DomainError
from ..extensions import db
from ..ideas.services import bump_counter
from ..models import (
    Comment,
    HideReason,
    Idea,
    ModerationAction,
    ModerationActionKind,
    NotificationKind,
    Proposal,
    Report,
    User,
)
from ..models.user import new_session_token
from ..notifications.services import notify


def lock(row):
    """Take the row's write lock (PostgreSQL; SQLite writers already queue at
    BEGIN) and reread it, so the state checked next is the state changed."""
    model = type(row)
    db.session.execute(select(model.id).where(model.id == row.id).with_for_update())
    db.session.refresh(row)
    return row


def target_of(item):
    """The column values naming an idea, a comment or a user in reports,
    log rows and appeals."""
    if isinstance(item, Idea):
        return {"idea_id": item.id}
    if isinstance(item, Comment):
        return {"comment_id": item.id}
    return {"user_id": item.id}


def target_filter(model, item):
    column, value = next(iter(target_of(item).items()))
    return getattr(model, column) == value


def log(actor, action, item, reason=None, note=""):
    """Add one row to the append-only audit log."""
    row = ModerationAction(
        actor_id=actor.id if actor is not None else None, action=action.value,
        reason=reason, note=note or "", created_at=utcnow(), **target_of(item),
    )
    db.session.add(row)
    db.session.flush()
    return row


def resolve_reports(item):
    """Close the open reports on the item; returns how many there were."""
    result = db.session.execute(
        update(Report)
        .where(target_filter(Report, item), Report.resolved_at.is_(None))
        .values(resolved_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def is_pending_review(item):
    """Hidden by enough reports, and no moderator has decided yet."""
    return item.hidden_at is not None and item.hidden_reason == HideReason.REPORTED.value


def _count_comment(comment, by):
    """Keep the count of shown comments on the comment's idea or proposal."""
    if comment.deleted_at is not None:
        return
    if comment.idea_id is not None:
        bump_counter(comment.idea_id, "comment_count", by)
        idea = db.session.get(Idea, comment.idea_id)
        db.session.expire(idea, ["comment_count"])
    else:
        db.session.execute(
            update(Proposal)
            .where(Proposal.id == comment.proposal_id)
            .values(comment_count=Proposal.comment_count + by)
            .execution_options(synchronize_session=False)
        )
        proposal = db.session.get(Proposal, comment.proposal_id)
        db.session.expire(proposal, ["comment_count"])


def tell_author(item, kind, actor, detail=""):
    if isinstance(item, Idea):
        notify([item.author_id], kind, idea=item, detail=detail, actor=actor)
        return
    idea = db.session.get(Idea, item.idea_id) if item.idea_id else None
    proposal = db.session.get(Proposal, item.proposal_id) if item.proposal_id else None
    notify([item.author_id], kind, idea=idea, proposal=proposal, comment=item,
           detail=detail, actor=actor)


def set_hidden(item, reason, note, actor):
    """Hide a shown item: the state, the comment count, and word to its author."""
    was_shown = item.hidden_at is None
    item.hidden_at = item.hidden_at or utcnow()
    item.hidden_reason = reason
    item.hidden_note = note or None
    db.session.flush()
    if was_shown and isinstance(item, Comment):
        _count_comment(item, -1)
    tell_author(item, NotificationKind.CONTENT_HIDDEN, actor, detail=note or "")


def set_shown(item, actor, kind=NotificationKind.CONTENT_RESTORED, detail=""):
    item.hidden_at = None
    item.hidden_reason = None
    item.hidden_note = None
    db.session.flush()
    if isinstance(item, Comment):
        _count_comment(item, 1)
    if kind is not None:
        tell_author(item, kind, actor, detail=detail)


def refuse_own(actor, item):
    """Another moderator decides on what a moderator wrote, or on their account."""
    own = item.id == actor.id if isinstance(item, User) else item.author_id == actor.id
    if own:
        raise DomainError(_("This is your own, so another moderator must decide on it."))


def hide_item(actor, item, reason, note=""):
    """A moderator hides an idea or a comment, with a reason code and a note
    for its author. An item hidden only by reports may be hidden again: that
    is the moderator confirming it, with their reason."""
    refuse_own(actor, item)
    lock(item)
    if item.hidden_at is not None and not is_pending_review(item):
        raise DomainError(_("This is already hidden."))
    set_hidden(item, reason, note, actor)
    resolve_reports(item)
    return log(actor, ModerationActionKind.HIDE, item, reason=reason, note=note)


def restore_item(actor, item, note=""):
    refuse_own(actor, item)
    lock(item)
    if item.hidden_at is None:
        raise DomainError(_("This is not hidden, so there is nothing to restore."))
    set_shown(item, actor, detail=note)
    resolve_reports(item)
    return log(actor, ModerationActionKind.RESTORE, item, note=note)


def dismiss_reports(actor, item, note=""):
    """The reports were unfounded: close them, and show the item again if
    only the reports had hidden it."""
    refuse_own(actor, item)
    lock(item)
    restore = isinstance(item, Idea | Comment) and is_pending_review(item)
    if resolve_reports(item) == 0 and not restore:
        raise DomainError(_("There are no open reports on this."))
    if restore:
        set_shown(item, actor, detail=note)
    return log(actor, ModerationActionKind.DISMISS, item, note=note)


def block_user(actor, target, reason, note=""):
    """Block an account: it can still read, but not post, support or report,
    and every session it has ends now (the session token is part of the
    login id)."""
    refuse_own(actor, target)
    lock(target)
    if target.blocked_at is not None:
        raise DomainError(_("This account is already blocked."))
    target.blocked_at = utcnow()
    target.session_token = new_session_token()
    db.session.flush()
    resolve_reports(target)
    return log(actor, ModerationActionKind.BLOCK, target, reason=reason, note=note)


def unblock_user(actor, target, note=""):
    refuse_own(actor, target)
    lock(target)
    if target.blocked_at is None:
        raise DomainError(_("This account is not blocked."))
    target.blocked_at = None
    db.session.flush()
    return log(actor, ModerationActionKind.UNBLOCK, target, note=note)
