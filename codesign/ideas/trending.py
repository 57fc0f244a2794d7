"""Trending: the supports and comments of the last fortnight, each worth less
as it ages (8 in the last day, 4 within three days, 2 within a week, 1 within
two weeks), then the newest ideas.

Adding up a fortnight is cheap on a quiet site and is then done in SQL on
every request, so the order is exact. On a busy one that is too slow for
every request, so once the fortnight holds
TRENDING_RANKING_FROM supports and comments or more, each process keeps a
ranking of every public idea and rebuilds it when it is older than
TRENDING_REFRESH_SECONDS: a trending page then costs what a page of any
other sort costs, and may be that many seconds behind. Ideas hidden since
the ranking was built are still left out (the rows are read again); ideas
published since then join it at the next rebuild. Nothing is stored in the
database, so there is nothing to refresh from cron and nothing to drift.
"""
import sys
import threading
import time
from array import array
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from sqlalchemy import case, func, select, union_all

from ..clock import utcnow
from ..extensions import db
from ..models import Comment, Idea, Support

WINDOW = timedelta(days=14)
REFRESH_SECONDS = 300
RANKING_FROM = 2_000
# Filtered views of a ranking kept at once (area x challenge x status).
FILTERED_VIEWS = 64


def scores(now):
    """Recent supports and comments per idea, as (idea_id, score) rows."""
    since = now - WINDOW
    activity = union_all(
        select(Support.idea_id.label("idea_id"), Support.created_at.label("at"))
        .where(Support.created_at >= since),
        select(Comment.idea_id, Comment.created_at)
        .where(Comment.created_at >= since, Comment.deleted_at.is_(None),
               Comment.hidden_at.is_(None)),
    ).subquery()
    weight = case(
        (activity.c.at >= now - timedelta(days=1), 8),
        (activity.c.at >= now - timedelta(days=3), 4),
        (activity.c.at >= now - timedelta(days=7), 2),
        else_=1,
    )
    return (
        select(activity.c.idea_id, func.sum(weight).label("score"))
        .group_by(activity.c.idea_id)
        .subquery()
    )


def order_keys(score):
    """The trending order, given an idea's score column: most first."""
    return (func.coalesce(score, 0).desc(), Idea.created_at.desc(), Idea.id.desc())


@dataclass
class Ranking:
    """Every public idea, most trending first, with what the filters need."""

    built: float
    ids: array
    areas: array
    challenges: array  # 0 for none
    statuses: list
    views: dict = field(default_factory=dict)

    def view(self, area, challenge, status):
        """The ids matching the filters, in ranking order."""
        if not (area or challenge or status):
            return self.ids
        key = (area, challenge, status)
        found = self.views.get(key)
        if found is None:
            found = array("l", (
                idea_id for idea_id, a, c, s in zip(self.ids, self.areas, self.challenges,
                                                    self.statuses, strict=False)
                if (not area or a == area) and (not challenge or c == challenge)
                and (not status or s == status)))
            if len(self.views) >= FILTERED_VIEWS:
                self.views.clear()
            self.views[key] = found
        return found


def _build():
    ranked = scores(utcnow())
    rows = db.session.execute(
        select(Idea.id, Idea.service_area_id, Idea.challenge_id, Idea.status)
        .outerjoin(ranked, ranked.c.idea_id == Idea.id)
        .where(Idea.hidden_at.is_(None))
        .order_by(*order_keys(ranked.c.score))
    ).all()
    return Ranking(
        built=time.monotonic(),
        ids=array("l", (row[0] for row in rows)),
        areas=array("l", (row[1] for row in rows)),
        challenges=array("l", (row[2] or 0 for row in rows)),
        statuses=[sys.intern(row[3]) for row in rows],
    )


def _busy(threshold):
    """Whether the fortnight holds at least `threshold` supports and
    comments; reads no more than that many index entries of each."""
    since = utcnow() - WINDOW

    def counted(model):
        recent = select(model.id).where(model.created_at >= since).limit(threshold).subquery()
        return select(func.count()).select_from(recent).scalar_subquery()

    return db.session.scalar(select(counted(Support) + counted(Comment))) >= threshold


class _Holder:
    """One ranking per application in this process, rebuilt by one thread
    at a time."""

    def __init__(self):
        self.ranking = None
        self.lock = threading.Lock()


def _holder():
    return current_app.extensions.setdefault("codesign_trending", _Holder())


def ranking():
    """This process's ranking, rebuilt if stale, or None while the fortnight
    is quiet enough to rank exactly in SQL."""
    config = current_app.config
    refresh = config.get("TRENDING_REFRESH_SECONDS", REFRESH_SECONDS)
    holder = _holder()
    current = holder.ranking
    if current is not None and time.monotonic() - current.built < refresh:
        return current
    if not _busy(config.get("TRENDING_RANKING_FROM", RANKING_FROM)):
        holder.ranking = None
        return None
    with holder.lock:
        if holder.ranking is current:
            holder.ranking = _build()
        return holder.ranking


def forget():
    """Drop this process's ranking (tests, or after a bulk load)."""
    _holder().ranking = None
