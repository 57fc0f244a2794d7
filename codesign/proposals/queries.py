"""Reading proposals: the list with its filters and pages (shared by /proposals
and the JSON API), a proposal's source ideas and timeline. Its comments are
read a page at a time by codesign/comments/queries.py."""
from dataclasses import dataclass, replace
from typing import NamedTuple

from sqlalchemy import bindparam, func, select

from ..extensions import db
from ..models import Comment, Idea, Proposal, ProposalStatus, ProposalStatusChange, ServiceArea
from ..pagination import Page
from ..web import id_arg, page_arg

PER_PAGE = 20


@dataclass(frozen=True)
class Browse:
    status: str | None = None
    area: int | None = None
    page: int = 1

    def args(self, **changes):
        """Query-string arguments for a link to this view (with changes)."""
        view = replace(self, **changes)
        pairs = {"status": view.status, "area": view.area,
                 "page": view.page if view.page != 1 else None}
        return {key: value for key, value in pairs.items() if value is not None}


def parse_browse(args, include_drafts=False):
    """Filters from query arguments; anything unusable (or a draft filter for
    someone who may not see drafts) is ignored."""
    statuses = visible_statuses(include_drafts)
    status = args.get("status")
    return Browse(
        status=status if status in statuses else None,
        area=id_arg(args.get("area")),
        page=page_arg(args.get("page")),
    )


def visible_statuses(include_drafts=False):
    return [status.value for status in ProposalStatus
            if include_drafts or status is not ProposalStatus.DRAFT]


# The statements of proposal_with_facts, one per set of facts (by their labels).
_WITH_FACTS = {}


def proposal_with_facts(proposal_id, user, facts):
    """(proposal, answers): the proposal and what its page's panels ask with
    it (codesign.panels.fact_columns, labelled SQL of the proposal's id as
    :subject_id and the person's as :user_id), in one statement; answers maps
    each label to its value. (None, None) if there is no such proposal."""
    key = tuple(fact.name for fact in facts)
    statement = _WITH_FACTS.get(key)
    if statement is None:
        statement = _WITH_FACTS[key] = select(Proposal, *facts).where(
            Proposal.id == bindparam("subject_id"))
    values = {"subject_id": proposal_id,
              "user_id": user.id if getattr(user, "is_authenticated", False) else None}
    row = db.session.execute(statement, values).first()
    if row is None:
        return None, None
    return row[0], dict(zip(key, row[1:], strict=True))


def browse_proposals(browse, per_page=PER_PAGE, include_drafts=False):
    query = select(Proposal)
    if not include_drafts:
        query = query.where(Proposal.status != ProposalStatus.DRAFT.value)
    if browse.status:
        query = query.where(Proposal.status == browse.status)
    if browse.area:
        query = query.where(Proposal.service_area_id == browse.area)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(
        query.order_by(Proposal.created_at.desc(), Proposal.id.desc())
        .offset((browse.page - 1) * per_page).limit(per_page + 1)
    ).all()
    return Page(items=rows[:per_page], number=browse.page, per_page=per_page,
                has_next=len(rows) > per_page, total=total)


def service_areas():
    return db.session.scalars(select(ServiceArea).order_by(ServiceArea.name)).all()


def source_ideas(proposal, include_hidden=False):
    """The ideas a proposal was made from, oldest first. Hidden ones are left
    out of anything public: their authors are not credited while hidden."""
    query = select(Idea).where(Idea.proposal_id == proposal.id)
    if not include_hidden:
        query = query.where(Idea.hidden_at.is_(None))
    return db.session.scalars(query.order_by(Idea.created_at, Idea.id)).all()


def duplicates_of(idea):
    """Ideas merged into this one, which a proposal made from it includes."""
    return db.session.scalars(
        select(Idea).where(Idea.duplicate_of_id == idea.id).order_by(Idea.id)
    ).all()


def timeline(proposal):
    return db.session.scalars(
        select(ProposalStatusChange)
        .where(ProposalStatusChange.proposal_id == proposal.id)
        .order_by(ProposalStatusChange.created_at, ProposalStatusChange.id)
    ).all()


def visible_comment_count(proposal_id):
    """Counted from the rows (tests and repair compare it with the counter)."""
    return db.session.scalar(
        select(func.count()).select_from(Comment).where(
            Comment.proposal_id == proposal_id, Comment.deleted_at.is_(None),
            Comment.hidden_at.is_(None))
    )


class ProposalLink(NamedTuple):
    """What the idea page shows of the proposal an idea became, and what
    decides who may see it (can_view_proposal reads its status)."""

    id: int
    title: str
    status: str


def _of_idea(column, name):
    """A column of the proposal the idea (:subject_id) became, None if none:
    a fact of the idea page (codesign/panels.py), asked with the idea's row."""
    became = (select(Idea.proposal_id).where(Idea.id == bindparam("subject_id"))
              .correlate(None).scalar_subquery())
    return (select(column).where(Proposal.id == became)
            .correlate(None).scalar_subquery().label(name))


IDEA_PROPOSAL_TITLE = _of_idea(Proposal.title, "proposal_title")
IDEA_PROPOSAL_STATUS = _of_idea(Proposal.status, "proposal_status")
