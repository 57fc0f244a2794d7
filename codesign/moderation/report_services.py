"""Residents reporting ideas, comments and accounts, and the automatic hiding
of an item once enough different people have reported it."""
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import exists, func, or_, select

from ..clock import utcnow
from ..database import insert_unless_exists
from ..exceptions import DomainError
from ..extensions import db
from ..models import Comment, HideReason, Idea, ModerationActionKind, Report, Support
from .services import lock, log, set_hidden, target_filter, target_of


def _check_item(reporter, item):
    if isinstance(item, Idea | Comment):
        if item.hidden_at is not None or getattr(item, "deleted_at", None) is not None:
            raise DomainError(_("This is no longer shown, so it cannot be reported."))
        if item.author_id == reporter.id:
            raise DomainError(_("You cannot report what you wrote yourself."))
    elif item.id == reporter.id:
        raise DomainError(_("You cannot report yourself."))


def has_taken_part(user):
    """Proposed, supported or commented, at least once."""
    return db.session.scalar(select(or_(
        exists().where(Idea.author_id == user.id),
        exists().where(Support.user_id == user.id),
        exists().where(Comment.author_id == user.id),
    )))


def is_trusted_reporter(user, now=None):
    """Whether the user's reports count towards hiding: an account confirmed
    long enough ago (REPORT_TRUST_AFTER_HOURS) that has taken part, if
    REPORT_TRUST_NEEDS_PARTICIPATION. A few fresh accounts made for the
    purpose cannot hide what someone else wrote."""
    config = current_app.config
    now = now or utcnow()
    if user.confirmed_at is None:
        return False
    if now - user.confirmed_at < timedelta(hours=config["REPORT_TRUST_AFTER_HOURS"]):
        return False
    return not config["REPORT_TRUST_NEEDS_PARTICIPATION"] or has_taken_part(user)


def _counted_reports(item):
    return db.session.scalar(
        select(func.count()).select_from(Report)
        .where(target_filter(Report, item), Report.resolved_at.is_(None),
               Report.counts_towards_hiding.is_(True))
    )


def report(reporter, item, reason, note="", hide_threshold=3):
    """Report an idea, a comment or an account, once per person per item.

    An idea or comment with hide_threshold open reports from trusted
    reporters (is_trusted_reporter; each a different person, by the unique
    constraints) is hidden until a moderator looks. Every report reaches the
    queue. Returns True if this report hid it.
    """
    if isinstance(item, Idea | Comment):
        # Reports on one item queue here, so each one counts those before it.
        lock(item)
    _check_item(reporter, item)
    now = utcnow()
    trusted = is_trusted_reporter(reporter, now)
    values = {"reporter_id": reporter.id, "reason": reason, "note": note or "",
              "created_at": now, "counts_towards_hiding": trusted, **target_of(item)}
    column = next(iter(target_of(item)))
    if insert_unless_exists(db.session, Report, values, ("reporter_id", column)) is None:
        raise DomainError(_("You have already reported this."))
    if (not trusted or not isinstance(item, Idea | Comment)
            or _counted_reports(item) < hide_threshold):
        return False
    set_hidden(item, HideReason.REPORTED.value, "", actor=None)
    log(None, ModerationActionKind.AUTO_HIDE, item, reason=HideReason.REPORTED.value)
    return True


def has_reported(user, item):
    return db.session.scalar(
        select(Report.id).where(Report.reporter_id == user.id, target_filter(Report, item))
    ) is not None
