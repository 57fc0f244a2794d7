"""Reading practices: a pilot's playbook and files, where a practice has
spread (its adoptions, their pilots and verdicts), and the library of
published playbooks. Each reads a fixed number of statements, however many
playbooks, adoptions or figures there are."""
from dataclasses import dataclass, field, replace

from sqlalchemy import bindparam, func, select

from .. import search
from ..extensions import db
from ..models import (
    Adoption,
    Idea,
    Pilot,
    PilotStatus,
    PilotVerdict,
    Playbook,
    PlaybookAttachment,
    PlaybookState,
    Proposal,
    ProposalStatus,
    ServiceArea,
    User,
)
from ..pagination import Page
from ..permissions import is_staff
from ..pilots import queries as pilot_queries
from ..pilots import results
from ..web import id_arg, page_arg

PER_PAGE = 20


# Facts of the pilot page (codesign/panels.py), asked with the pilot's own
# row (:subject_id): whether it has a playbook, whether its proposal adopts
# another pilot, whether any proposal adopts it. Its panel reads them only if so.
_PILOTS_PROPOSAL = (select(Pilot.proposal_id).where(Pilot.id == bindparam("subject_id"))
                    .correlate(None).scalar_subquery())
PILOT_HAS_PLAYBOOK = (select(Playbook.id).where(Playbook.pilot_id == bindparam("subject_id"))
                      .exists().correlate(None).label("practices_playbook"))
PILOT_IS_ADOPTION = (select(Adoption.id).where(Adoption.proposal_id == _PILOTS_PROPOSAL)
                     .exists().correlate(None).label("practices_adopts"))
PILOT_IS_ADOPTED = (select(Adoption.id).where(Adoption.source_pilot_id == bindparam("subject_id"))
                    .exists().correlate(None).label("practices_adopted"))
PILOT_FACTS = (PILOT_HAS_PLAYBOOK, PILOT_IS_ADOPTION, PILOT_IS_ADOPTED)


def playbook_of(pilot):
    return db.session.scalar(select(Playbook).where(Playbook.pilot_id == pilot.id))


def attachments(playbook):
    if playbook is None:
        return []
    return db.session.scalars(select(PlaybookAttachment).where(
        PlaybookAttachment.playbook_id == playbook.id).order_by(PlaybookAttachment.id)).all()


def outcome_of(pilot):
    """The pilot's result from its own figures (never typed into the playbook)."""
    card = pilot_queries.current_card(pilot)
    return card, results.outcome(card, pilot_queries.measurements(pilot))


def outcomes_of(pilot_ids):
    """{pilot id: (card, outcome)} in two statements."""
    cards = pilot_queries.current_cards(pilot_ids)
    rows = pilot_queries.measurements_of(pilot_ids)
    return {pid: (cards[pid], results.outcome(cards[pid], rows.get(pid, [])))
            for pid in pilot_ids if pid in cards}


# -- where a practice has spread ----------------------------------------------------

@dataclass
class AdoptionView:
    adoption: Adoption
    proposal: Proposal
    pilots: list = field(default_factory=list)  # (pilot, card, outcome), oldest first

    @property
    def verdict(self):
        """The verdict of its latest closed pilot, or None while none has closed."""
        closed = [pilot for pilot, _card, _outcome in self.pilots if pilot.is_closed]
        return closed[-1].verdict if closed else None


@dataclass
class Spread:
    adoptions: list

    def _count(self, verdict):
        return sum(1 for view in self.adoptions if view.verdict == verdict)

    @property
    def worked(self):
        return self._count(PilotVerdict.WORKED.value)

    @property
    def did_not_work(self):
        return self._count(PilotVerdict.DID_NOT_WORK.value)

    @property
    def under_way(self):
        return len(self.adoptions) - self.worked - self.did_not_work


def _visible_adoptions(source_ids, user):
    """The adoptions of these pilots: a draft proposal's only for staff."""
    if not source_ids:
        return []
    query = select(Adoption).where(Adoption.source_pilot_id.in_(source_ids))
    if not is_staff(user):
        query = query.join(Proposal, Proposal.id == Adoption.proposal_id).where(
            Proposal.status != ProposalStatus.DRAFT.value)
    return db.session.scalars(query.order_by(Adoption.created_at, Adoption.id)).all()


def spreads(source_ids, user, with_results=True):
    """{source pilot id: Spread}: every adoption this visitor may see, with its
    pilots (planned ones only for staff). Two statements, and two more for
    the adopting pilots' results."""
    found = _visible_adoptions(source_ids, user)
    proposal_ids = [adoption.proposal_id for adoption in found]
    pilots = []
    if proposal_ids:
        query = select(Pilot).where(Pilot.proposal_id.in_(proposal_ids))
        if not is_staff(user):
            query = query.where(Pilot.status != PilotStatus.PLANNED.value)
        pilots = db.session.scalars(query.order_by(Pilot.created_at, Pilot.id)).all()
    outcomes = outcomes_of([p.id for p in pilots]) if with_results and pilots else {}
    views = {adoption.proposal_id: AdoptionView(adoption, adoption.proposal)
             for adoption in found}
    for pilot in pilots:
        card, outcome = outcomes.get(pilot.id, (None, None))
        views[pilot.proposal_id].pilots.append((pilot, card, outcome))
    by_source = {source_id: Spread([]) for source_id in source_ids}
    for adoption in found:
        by_source[adoption.source_pilot_id].adoptions.append(views[adoption.proposal_id])
    return by_source


def spread_of(pilot, user):
    return spreads([pilot.id], user)[pilot.id]


# Whether the proposal (:subject_id) adopts a practice: a fact of the
# proposal page (codesign/panels.py), asked with its own row.
PROPOSAL_IS_ADOPTION = (select(Adoption.id).where(Adoption.proposal_id == bindparam("subject_id"))
                        .exists().correlate(None).label("practices_proposal_adopts"))


def adoption_for_proposal(proposal_id):
    return db.session.scalar(select(Adoption).where(Adoption.proposal_id == proposal_id))


def adopted_from(proposal_ids):
    """{proposal id: the pilot it adopted} for those proposals that are adoptions."""
    if not proposal_ids:
        return {}
    return dict(db.session.execute(select(Adoption.proposal_id, Adoption.source_pilot_id)
                                   .where(Adoption.proposal_id.in_(set(proposal_ids)))).all())


def credits(source_pilot):
    """The original ideas (shown ones) and their authors, for an adoption's credits."""
    return db.session.execute(
        select(Idea, User).join(User, User.id == Idea.author_id)
        .where(Idea.proposal_id == source_pilot.proposal_id, Idea.hidden_at.is_(None))
        .order_by(Idea.id)).all()


# -- the library ----------------------------------------------------------------------

@dataclass(frozen=True)
class Browse:
    q: str = ""
    area: int | None = None
    page: int = 1

    def args(self, **changes):
        view = replace(self, **changes)
        pairs = {"q": view.q or None, "area": view.area,
                 "page": view.page if view.page != 1 else None}
        return {key: value for key, value in pairs.items() if value is not None}


def parse_browse(args):
    return Browse(q=search.clean_query(args.get("q", "")), area=id_arg(args.get("area")),
                  page=page_arg(args.get("page")))


def _conditions(browse):
    conditions = [Playbook.state == PlaybookState.PUBLISHED.value]
    if browse.area:
        conditions.append(Playbook.pilot_id.in_(
            select(Pilot.id).where(Pilot.service_area_id == browse.area)))
    return conditions


def browse_playbooks(browse, per_page=None):
    """A page of published playbooks: the most relevant first when searched,
    else the newest."""
    per_page = per_page or PER_PAGE
    if browse.q and search.significant_words(browse.q):
        return search.search_playbooks(browse.q, _conditions(browse), browse.page, per_page)
    query = select(Playbook).where(*_conditions(browse))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.order_by(Playbook.published_at.desc(), Playbook.id.desc())
                              .offset((browse.page - 1) * per_page).limit(per_page + 1)).all()
    return Page(items=rows[:per_page], number=browse.page, per_page=per_page,
                has_next=len(rows) > per_page, total=total)


def library(browse, user):
    """The page and, for each playbook on it, its pilot's (card, outcome) and spread."""
    page = browse_playbooks(browse)
    pilot_ids = [playbook.pilot_id for playbook in page.items]
    return page, outcomes_of(pilot_ids), spreads(pilot_ids, user, with_results=False)


def service_areas():
    return db.session.scalars(select(ServiceArea).order_by(ServiceArea.name)).all()
