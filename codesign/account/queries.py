"""What the account pages show: the browsers signed in, recent sign-ins, and
the summary of what the site holds (counts in one statement, a few recent items)."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from ..auth import sessions
from ..extensions import db
from ..models import (
    AccessibilityReport,
    Appeal,
    AssistedEntry,
    Comment,
    DesignGroupMember,
    EmailHistory,
    Follow,
    Idea,
    Notification,
    PartnerMember,
    Pilot,
    Proposal,
    ReachAnswer,
    Report,
    SignInEvent,
    Support,
)
from .devices import describe

RECENT = 5
RECENT_EVENTS = 10

EVENT_WORDS = {
    "signed_in": _l("Signed in"),
    "failed": _l("A sign-in with the wrong password"),
    "signed_out": _l("Signed out"),
    "signed_out_everywhere": _l("Signed out on every device"),
    "session_ended": _l("A device was signed out from this page"),
    "password_changed": _l("Password changed"),
    "password_reset": _l("Password reset by email link"),
    "email_changed": _l("Email address changed"),
    "name_changed": _l("Display name changed"),
}


def session_list(user, current_id):
    """Each live session as a dict for the page, this browser first."""
    rows = sessions.live_sessions(user)
    listed = [{"id": row.id, "device": describe(row.user_agent), "created_at": row.created_at,
               "last_seen_at": row.last_seen_at, "current": row.id == current_id}
              for row in rows]
    return sorted(listed, key=lambda item: not item["current"])


def recent_events(user, limit=RECENT_EVENTS):
    rows = db.session.scalars(
        select(SignInEvent).where(SignInEvent.user_id == user.id)
        .order_by(SignInEvent.at.desc(), SignInEvent.id.desc()).limit(limit)).all()
    return [{"what": str(EVENT_WORDS.get(row.kind, row.kind)), "at": row.at,
             "device": describe(row.user_agent)} for row in rows]


def _count(model, *where):
    return select(func.count()).select_from(model).where(*where).scalar_subquery()


def held_counts(user):
    """How many of each thing the site holds about the user, in one statement."""
    counts = {
        "ideas": _count(Idea, Idea.author_id == user.id),
        "comments": _count(Comment, Comment.author_id == user.id),
        "supports": _count(Support, Support.user_id == user.id),
        "follows": _count(Follow, Follow.user_id == user.id),
        "reports": _count(Report, Report.reporter_id == user.id),
        "appeals": _count(Appeal, Appeal.author_id == user.id),
        "notifications": _count(Notification, Notification.user_id == user.id),
        "sign_in_events": _count(SignInEvent, SignInEvent.user_id == user.id),
        "email_history": _count(EmailHistory, EmailHistory.user_id == user.id),
        "profile_answers": _count(ReachAnswer, ReachAnswer.user_id == user.id),
        "assisted_entries": _count(AssistedEntry, AssistedEntry.connector_id == user.id),
        "accessibility_reports": _count(
            AccessibilityReport, func.lower(AccessibilityReport.email) == user.email.lower()),
        "pilots": _count(Pilot, or_(Pilot.created_by_id == user.id,
                                    Pilot.closed_by_id == user.id)),
        "proposals_written": _count(Proposal, Proposal.created_by_id == user.id),
        "design_groups": _count(DesignGroupMember, DesignGroupMember.user_id == user.id),
        "partner_memberships": _count(PartnerMember, PartnerMember.user_id == user.id),
    }
    row = db.session.execute(select(*(value.label(key) for key, value in counts.items()))).one()
    return dict(row._mapping)


def recent_ideas(user, limit=RECENT):
    return db.session.execute(
        select(Idea.id, Idea.title, Idea.created_at).where(Idea.author_id == user.id)
        .order_by(Idea.created_at.desc(), Idea.id.desc()).limit(limit)).all()


def recent_comments(user, limit=RECENT):
    return db.session.execute(
        select(Comment.id, Comment.idea_id, Comment.proposal_id, Comment.body,
               Comment.created_at, Comment.deleted_at)
        .where(Comment.author_id == user.id)
        .order_by(Comment.created_at.desc(), Comment.id.desc()).limit(limit)).all()
