"""Reading for staff: the queue of ideas awaiting a response, an idea's
timeline, and the rows of the exports."""
from dataclasses import dataclass
from functools import cache

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import aliased

from ..clock import utcnow
from ..database import likely
from ..extensions import db
from ..ideas.queries import COUNT_EXACT_UP_TO, matching_ideas, parse_browse
from ..models import (
    Challenge,
    Idea,
    IdeaStatus,
    IdeaStatusChange,
    Proposal,
    ProposalStatus,
    ServiceArea,
    User,
)
from ..pagination import EXACT, MORE_THAN, Page

AWAITING = (IdeaStatus.PUBLISHED.value, IdeaStatus.UNDER_REVIEW.value)
EXPORT_BATCH = 500


@dataclass(frozen=True)
class Waiting:
    """An idea in the staff queue, with how long it has waited: what its row
    shows and no more (codesign/fragments.py keeps the row under these)."""

    id: int
    title: str
    area: str  # the service area's name
    status: str
    support_count: int
    ready: bool  # ready for review, and so waiting since then
    age_days: int
    overdue: bool


@cache
def _queue_statements(filtered):
    """The page of the queue and its capped count, built once per process,
    with the area, the cap and the page as bound values: building these
    statements cost more of a view's time than running them. The status is
    one the planner is told most rows have: given it plainly, SQLite read
    every idea owed an answer through ix_idea_status and sorted them (6 to
    14 ms a view at 3,000 ideas) instead of reading ix_idea_awaiting in
    order."""
    where = [likely(Idea.status.in_(AWAITING)), Idea.hidden_at.is_(None),
             Idea.duplicate_of_id.is_(None), Idea.withdrawn_at.is_(None)]
    if filtered:
        where.append(Idea.service_area_id == bindparam("area"))
    counted = select(func.count()).select_from(
        select(Idea.id).where(*where).limit(bindparam("cap")).subquery())
    page = (
        select(Idea.id, Idea.title, ServiceArea.name, Idea.status, Idea.support_count,
               Idea.ready_for_review_at, Idea.created_at, counted.scalar_subquery())
        .join_from(Idea, ServiceArea, Idea.service_area_id == ServiceArea.id)
        .where(*where)
        .order_by(
            Idea.ready_for_review_at.is_(None),
            func.coalesce(Idea.ready_for_review_at, Idea.created_at),
            Idea.id,
        ).offset(bindparam("offset")).limit(bindparam("limit"))
    )
    return page, counted


def awaiting_response(area_id, page, per_page, target_days, now=None):
    """Ideas staff still owe an answer: published or under review, shown,
    not a duplicate, not withdrawn by their author. Those ready for review
    come first, then the longest waiting, read in that order from
    ix_idea_awaiting. The total is counted up to COUNT_EXACT_UP_TO, then
    said to be more than that, so a view costs the same however long the
    queue.

    One statement: the page's rows read only the columns the queue shows
    (not the ideas' texts), with their area's name, and carry the capped
    count, which the database works out once for the statement."""
    now = now or utcnow()
    rows_of, counted = _queue_statements(bool(area_id))
    values = {"cap": COUNT_EXACT_UP_TO + 1, "offset": (page - 1) * per_page,
              "limit": per_page + 1}
    if area_id:
        values["area"] = area_id
    rows = db.session.execute(rows_of, values).all()
    if rows:
        total = rows[0][-1]
    else:  # past the last page (or nothing waits): only then counted on its own
        total = 0 if page == 1 else db.session.scalar(counted, values)
    items = []
    for idea_id, title, area, status, support_count, ready_at, created_at, _ in rows[:per_page]:
        age = max((now - (ready_at or created_at)).days, 0)
        items.append(Waiting(idea_id, title, area, status, support_count, ready_at is not None,
                             age, age > target_days))
    return Page(items=items, number=page, per_page=per_page, has_next=len(rows) > per_page,
                total=min(total, COUNT_EXACT_UP_TO),
                total_is=MORE_THAN if total > COUNT_EXACT_UP_TO else EXACT)


def service_areas():
    """(id, name) of every service area, for the filters."""
    return db.session.execute(
        select(ServiceArea.id, ServiceArea.name).order_by(ServiceArea.name)).all()


# The idea's (:subject_id) status changes, and the shown ideas merged into
# it (their addresses and titles: all the timeline shows of them), built
# once per process.
_TIMELINE = (select(IdeaStatusChange).where(IdeaStatusChange.idea_id == bindparam("subject_id"))
             .order_by(IdeaStatusChange.created_at, IdeaStatusChange.id))
_MERGED = (select(Idea.id, Idea.title).where(Idea.duplicate_of_id == bindparam("subject_id"),
                                             Idea.hidden_at.is_(None)).order_by(Idea.id))
_ORIGINAL = aliased(Idea)

# Facts of the idea page (codesign/panels.py), asked with the idea's own
# row: whether it has either (most ideas have neither, and then the timeline
# costs no statement of its own), and the title of the idea it is a
# duplicate of, if it is one.
HAS_TIMELINE = (_TIMELINE.with_only_columns(IdeaStatusChange.id).order_by(None).exists()
                .correlate(None).label("timeline_changes"))
HAS_MERGED = (_MERGED.with_only_columns(Idea.id).order_by(None).exists()
              .correlate(None).label("timeline_duplicates"))
DUPLICATE_OF_TITLE = (
    select(_ORIGINAL.title).where(_ORIGINAL.id == select(Idea.duplicate_of_id).where(
        Idea.id == bindparam("subject_id")).correlate(None).scalar_subquery())
    .correlate(None).scalar_subquery().label("timeline_duplicate_of"))


def idea_timeline(idea):
    """The idea's status changes, oldest first."""
    return db.session.scalars(_TIMELINE, {"subject_id": idea.id}).all()


def merged_into(idea):
    """(id, title) of the shown ideas marked duplicates of this one."""
    return db.session.execute(_MERGED, {"subject_id": idea.id}).all()


def _batches(query, key):
    """Every row of the query, fetched EXPORT_BATCH at a time by key, so a
    large export never holds the whole table in memory."""
    last = 0
    while True:
        rows = db.session.execute(query.where(key > last).order_by(key).limit(EXPORT_BATCH)).all()
        yield from rows
        if len(rows) < EXPORT_BATCH:
            return
        last = rows[-1].id


def export_ideas(browse):
    """Rows for every shown idea matching the /ideas filters."""
    query = (
        matching_ideas(browse)
        .with_only_columns(
            Idea.id, Idea.title, ServiceArea.name.label("service_area"),
            Challenge.question.label("challenge"), Idea.status, Idea.support_count.label("vote_count"),
            Idea.comment_count, User.display_name.label("author"), Idea.created_at,
            Idea.ready_for_review_at, Idea.duplicate_of_id, Idea.proposal_id,
        )
        .join_from(Idea, ServiceArea, Idea.service_area_id == ServiceArea.id)
        .join_from(Idea, User, Idea.author_id == User.id)
        .outerjoin_from(Idea, Challenge, Idea.challenge_id == Challenge.id)
    )
    return _batches(query, Idea.id)


def parse_proposal_filters(args):
    """Status and service area from query arguments; anything unusable is ignored."""
    status = args.get("status")
    return {
        "status": status if status in {s.value for s in ProposalStatus} else None,
        "area": parse_browse(args).area,
    }


def export_proposals(status=None, area=None):
    sources = (
        select(func.count()).select_from(Idea).where(Idea.proposal_id == Proposal.id)
        .correlate(Proposal).scalar_subquery()
    )
    query = select(
        Proposal.id, Proposal.title, Proposal.status, ServiceArea.name.label("service_area"),
        Proposal.responsible_team, Proposal.cost_band, Proposal.decision_due,
        Proposal.created_at, sources.label("source_ideas"),
    ).join_from(Proposal, ServiceArea, Proposal.service_area_id == ServiceArea.id)
    if status:
        query = query.where(Proposal.status == status)
    if area:
        query = query.where(Proposal.service_area_id == area)
    return _batches(query, Proposal.id)
