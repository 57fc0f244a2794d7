"""Following and notifying. Other areas call follow() and notify(); this
module decides who hears about what, and how (in-app, email now, digest)."""
from sqlalchemy import delete, select, update

from ..clock import utcnow
from ..database import insert_unless_exists
from ..extensions import db
from ..models import EmailPreference, Follow, Notification, User
from ..models.user import new_session_token
from ..sanitise import render_markdown
from . import mailing, queries


def _subject(idea=None, proposal=None):
    if (idea is None) == (proposal is None):
        raise ValueError("follow exactly one of an idea or a proposal")
    return ({"idea_id": idea.id}, ("user_id", "idea_id")) if idea is not None \
        else ({"proposal_id": proposal.id}, ("user_id", "proposal_id"))


def follow(user, idea=None, proposal=None):
    """Follow an idea or a proposal; following twice changes nothing."""
    values, unique = _subject(idea, proposal)
    return insert_unless_exists(
        db.session, Follow, {"user_id": user.id, "created_at": utcnow(), **values}, unique
    ) is not None


def unfollow(user, idea=None, proposal=None):
    values, _unique = _subject(idea, proposal)
    column = Follow.idea_id if idea is not None else Follow.proposal_id
    db.session.execute(
        delete(Follow).where(Follow.user_id == user.id, column == next(iter(values.values())))
    )


def follower_ids(idea=None, proposal=None):
    column, value = (Follow.idea_id, idea.id) if idea is not None else (Follow.proposal_id, proposal.id)
    return set(db.session.scalars(select(Follow.user_id).where(column == value)))


def notify(user_ids, kind, idea=None, proposal=None, comment=None, detail="", actor=None,
           pilot=None):
    """One notification per user (the actor is left out). Returns the rows.

    Each recipient's email preference is applied now: "immediate" queues an
    email for the notification, "off" marks it as passed over, and "daily"
    leaves it for the digest. Nobody is emailed about an item they could not
    open, nor at an address that was never confirmed.
    """
    now = utcnow()
    recipients = sorted(set(user_ids) - ({actor.id} if actor is not None else set()))
    detail_html = render_markdown(detail)
    rows = [
        Notification(
            user_id=user_id, kind=kind.value if hasattr(kind, "value") else kind,
            idea_id=idea.id if idea is not None else None,
            proposal_id=proposal.id if proposal is not None else None,
            comment_id=comment.id if comment is not None else None,
            pilot_id=pilot.id if pilot is not None else None,
            detail=detail or "", detail_html=detail_html, created_at=now,
        )
        for user_id in recipients
    ]
    db.session.add_all(rows)
    db.session.flush()
    if rows:
        _email_by_preference(rows, now)
    return rows


def _email_by_preference(rows, now):
    users = {user.id: user for user in db.session.scalars(
        select(User).where(User.id.in_([row.user_id for row in rows])))}
    shown = queries.visible_ids(row.id for row in rows)
    for row in rows:
        user = users[row.user_id]
        if user.email_preference == EmailPreference.DAILY.value:
            continue
        if (user.email_preference == EmailPreference.IMMEDIATE.value and user.is_confirmed
                and row.id in shown):
            mailing.email_now(user, row)
        row.emailed_at = now
    db.session.flush()


def mark_read(notification, now=None):
    if notification.read_at is None:
        notification.read_at = now or utcnow()
        db.session.flush()


def mark_all_read(user, now=None):
    """Returns how many were unread."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=now or utcnow())
    )
    return result.rowcount


def set_email_preference(user, preference, now=None):
    """Choose how notifications arrive by email.

    Leaving the daily digest drops what was waiting for it (it stays in the
    list on the site), so switching back later does not send old news.
    """
    preference = EmailPreference(preference)
    user.email_preference = preference.value
    if preference != EmailPreference.DAILY:
        db.session.execute(
            update(Notification)
            .where(Notification.user_id == user.id, Notification.emailed_at.is_(None))
            .values(emailed_at=now or utcnow())
        )
    db.session.flush()


def renew_unsubscribe_links(user):
    """Stop the unsubscribe links in every email sent so far; emails from now
    on carry new ones. (Links change by themselves when the address does.)"""
    user.unsubscribe_key = new_session_token()
    db.session.flush()
