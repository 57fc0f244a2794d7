"""What the connector's pages, the tracking page and the oversight page read."""
import re
from datetime import datetime, timedelta

from sqlalchemy import func, select

from ..extensions import db
from ..models import AssistedEntry, AssistedResident, Comment, IdeaStatusChange, User
from ..models.assisted import REFERENCE_ALPHABET
from ..pagination import Page

_NOT_REFERENCE = re.compile(f"[^{REFERENCE_ALPHABET}]")


def normal_reference(value):
    """What a typed reference number means: case, spaces and dashes aside
    ("kx7f 3qwa 9mcd" is "KX7F-3QWA-9MCD"); None if it cannot be one."""
    text = re.sub(r"[\s\-–—.]+", "", (value or "").upper())
    if len(text) != 12 or _NOT_REFERENCE.search(text):
        return None
    return "-".join(text[i:i + 4] for i in range(0, 12, 4))


def resident_by_reference(value):
    reference = normal_reference(value)
    if reference is None:
        return None
    return db.session.scalar(select(AssistedResident).where(
        AssistedResident.reference == reference))


def entries_of(resident):
    """Everything entered for the resident, oldest first, with each comment."""
    entries = db.session.scalars(
        select(AssistedEntry).where(AssistedEntry.resident_id == resident.id)
        .order_by(AssistedEntry.created_at, AssistedEntry.id)
    ).all()
    comment_ids = [entry.comment_id for entry in entries if entry.comment_id is not None]
    comments = {comment.id: comment for comment in db.session.scalars(
        select(Comment).where(Comment.id.in_(comment_ids)))} if comment_ids else {}
    return [(entry, comments.get(entry.comment_id)) for entry in entries]


def responses_for(idea_ids):
    """Staff's official responses on these ideas: {idea id: [change, ...]}, oldest first."""
    if not idea_ids:
        return {}
    changes = db.session.scalars(
        select(IdeaStatusChange).where(IdeaStatusChange.idea_id.in_(idea_ids))
        .order_by(IdeaStatusChange.created_at, IdeaStatusChange.id)
    ).all()
    found = {}
    for change in changes:
        found.setdefault(change.idea_id, []).append(change)
    return found


def parse_day(value):
    try:
        return datetime.strptime(value or "", "%Y-%m-%d").date()
    except ValueError:
        return None


def audit_summary(limit=60):
    """Entries per connector per day, newest day first: (day, connector, count)."""
    day = func.date(AssistedEntry.created_at)
    rows = db.session.execute(
        select(day.label("day"), AssistedEntry.connector_id, func.count().label("entries"))
        .group_by(day, AssistedEntry.connector_id)
        .order_by(day.desc(), AssistedEntry.connector_id)
        .limit(limit)
    ).all()
    people = {user.id: user for user in db.session.scalars(
        select(User).where(User.id.in_({row.connector_id for row in rows})))} if rows else {}
    return [(str(row.day), people[row.connector_id], row.entries) for row in rows]


def audit_page(number, per_page, connector_id=None, day=None):
    """Every assisted entry, newest first, for one connector or day if asked."""
    query = select(AssistedEntry)
    if connector_id is not None:
        query = query.where(AssistedEntry.connector_id == connector_id)
    if day is not None:
        start = datetime(day.year, day.month, day.day)
        query = query.where(AssistedEntry.created_at >= start,
                            AssistedEntry.created_at < start + timedelta(days=1))
    rows = db.session.scalars(
        query.order_by(AssistedEntry.created_at.desc(), AssistedEntry.id.desc())
        .offset((number - 1) * per_page).limit(per_page + 1)
    ).all()
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    return Page(items=rows[:per_page], number=number, per_page=per_page,
                has_next=len(rows) > per_page, total=total)
