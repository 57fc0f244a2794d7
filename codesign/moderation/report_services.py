"""Residents reporting ideas, comments and accounts, and the automatic hiding
of an item once enough different people have reported it."""
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..clock import utcnow
from ..database import insert_unless_exists
from ..exceptions import DomainError
from ..extensions import db
from ..models import Comment, HideReason, Idea, ModerationActionKind, Report
from .services import lock, log, set_hidden, target_filter, target_of


def _check_item(reporter, item):
    if isinstance(item, Idea | Comment):
        if item.hidden_at is not None or getattr(item, "deleted_at", None) is not None:
            raise DomainError(_("This is no longer shown, so it cannot be reported."))
        if item.author_id == reporter.id:
            raise DomainError(_("You cannot report what you wrote yourself."))
    elif item.id == reporter.id:
        raise DomainError(_("You cannot report yourself."))


def open_report_count(item):
    return db.session.scalar(
        select(func.count()).select_from(Report)
        .where(target_filter(Report, item), Report.resolved_at.is_(None))
    )


def report(reporter, item, reason, note="", hide_threshold=3):
    """Report an idea, a comment or an account, once per person per item.

    An idea or comment with hide_threshold open reports (each from a
    different person, by the unique constraints) is hidden until a moderator
    looks. Returns True if this report hid it.
    """
    if isinstance(item, Idea | Comment):
        # Reports on one item queue here, so each one counts those before it.
        lock(item)
    _check_item(reporter, item)
    values = {"reporter_id": reporter.id, "reason": reason, "note": note or "",
              "created_at": utcnow(), **target_of(item)}
    column = next(iter(target_of(item)))
    if insert_unless_exists(db.session, Report, values, ("reporter_id", column)) is None:
        raise DomainError(_("You have already reported this."))
    if not isinstance(item, Idea | Comment) or open_report_count(item) < hide_threshold:
        return False
    set_hidden(item, HideReason.REPORTED.value, "", actor=None)
    log(None, ModerationActionKind.AUTO_HIDE, item, reason=HideReason.REPORTED.value)
    return True


def has_reported(user, item):
    return db.session.scalar(
        select(Report.id).where(Report.reporter_id == user.id, target_filter(Report, item))
    ) is not None
