"""Following and notifying. Other areas call follow() and notify(); this
module decides who hears about what, and how (in-app, email now, digest)."""
from sqlalchemy import delete, select

from ..clock import utcnow
from ..database import insert_unless_exists
from ..extensions import db
from ..models import Follow, Notification


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


def is_following(user, idea=None, proposal=None):
    if not getattr(user, "is_authenticated", False):
        return False
    column, value = (Follow.idea_id, idea.id) if idea is not None else (Follow.proposal_id, proposal.id)
    return db.session.scalar(
        select(Follow.id).where(Follow.user_id == user.id, column == value)
    ) is not None


def follower_ids(idea=None, proposal=None):
    column, value = (Follow.idea_id, idea.id) if idea is not None else (Follow.proposal_id, proposal.id)
    return set(db.session.scalars(select(Follow.user_id).where(column == value)))


def notify(user_ids, kind, idea=None, proposal=None, comment=None, detail="", actor=None):
    """One notification per user (the actor is left out). Returns the rows."""
    now = utcnow()
    recipients = sorted(set(user_ids) - ({actor.id} if actor is not None else set()))
    rows = [
        Notification(
            user_id=user_id, kind=kind.value if hasattr(kind, "value") else kind,
            idea_id=idea.id if idea is not None else None,
            proposal_id=proposal.id if proposal is not None else None,
            comment_id=comment.id if comment is not None else None,
            detail=detail or "", created_at=now,
        )
        for user_id in recipients
    ]
    db.session.add_all(rows)
    db.session.flush()
    return rows
