"""Reading pilots: the list with its filters and pages (shared by /pilots and
the JSON API), a pilot's card versions, figures and events, and the loaders
for the panels other pages show (a proposal's pilots, an idea's timeline).
Each reads a fixed number of statements, however many pilots or figures."""
import functools
from dataclasses import dataclass, replace

from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.orm import lazyload

from ..extensions import db
from ..models import (
    Idea,
    Measurement,
    Pilot,
    PilotCard,
    PilotEvent,
    PilotStatus,
    PilotVerdict,
    ServiceArea,
    Support,
)
from ..pagination import Page
from ..permissions import can_see_pilot, is_staff
from ..web import id_arg, page_arg

PER_PAGE = 20
# The list's filter by outcome: running, or closed with staff's verdict.
OUTCOMES = ("planned", "running", *(v.value for v in PilotVerdict))


@dataclass(frozen=True)
class Browse:
    area: int | None = None
    outcome: str | None = None
    page: int = 1

    def args(self, **changes):
        view = replace(self, **changes)
        pairs = {"area": view.area, "outcome": view.outcome,
                 "page": view.page if view.page != 1 else None}
        return {key: value for key, value in pairs.items() if value is not None}


def parse_browse(args, include_planned=False):
    outcomes = visible_outcomes(include_planned)
    outcome = args.get("outcome")
    return Browse(area=id_arg(args.get("area")),
                  outcome=outcome if outcome in outcomes else None,
                  page=page_arg(args.get("page")))


def visible_outcomes(include_planned=False):
    return [o for o in OUTCOMES if include_planned or o != "planned"]


@functools.cache
def _browse_statements(include_planned, area, outcome):
    """The count and the page of a list of this shape (which filters it
    uses), its values as parameters: built once per shape. The list shows
    none of the pilots' proposals nor the cards' authors, which are otherwise
    loaded with them."""
    query = select(Pilot)
    if not include_planned:
        query = query.where(Pilot.status != PilotStatus.PLANNED.value)
    if area:
        query = query.where(Pilot.service_area_id == bindparam("area"))
    if outcome == "status":
        query = query.where(Pilot.status == bindparam("outcome"))
    elif outcome == "verdict":
        query = query.where(Pilot.status == PilotStatus.CLOSED.value,
                            Pilot.verdict == bindparam("outcome"))
    total = select(func.count()).select_from(query.subquery())
    page = (query.options(lazyload(Pilot.proposal))
            .order_by(Pilot.created_at.desc(), Pilot.id.desc())
            .offset(bindparam("offset")).limit(bindparam("limit")))
    return total, page


def browse_pilots(browse, per_page=PER_PAGE, include_planned=False):
    """A page of pilots, newest first, each with its current card (two statements
    and a count)."""
    outcome = ("status" if browse.outcome in ("planned", "running")
               else "verdict" if browse.outcome else None)
    total, page = _browse_statements(include_planned, bool(browse.area), outcome)
    values = {"area": browse.area, "outcome": browse.outcome}
    total = db.session.scalar(total, values)
    rows = db.session.scalars(page, {**values, "offset": (browse.page - 1) * per_page,
                                     "limit": per_page + 1}).all()
    items = rows[:per_page]
    cards = current_cards([p.id for p in items], with_authors=False)
    return Page(items=[(p, cards[p.id]) for p in items], number=browse.page, per_page=per_page,
                has_next=len(rows) > per_page, total=total)


def current_cards(pilot_ids, with_authors=True):
    """The latest card version of each pilot, in one statement."""
    if not pilot_ids:
        return {}
    latest = (select(PilotCard.pilot_id, func.max(PilotCard.version).label("version"))
              .where(PilotCard.pilot_id.in_(pilot_ids)).group_by(PilotCard.pilot_id).subquery())
    statement = select(PilotCard).join(latest, and_(
        PilotCard.pilot_id == latest.c.pilot_id, PilotCard.version == latest.c.version))
    if not with_authors:
        statement = statement.options(lazyload(PilotCard.author))
    return {card.pilot_id: card for card in db.session.scalars(statement)}


def current_card(pilot):
    return db.session.scalar(select(PilotCard).where(PilotCard.pilot_id == pilot.id)
                             .order_by(PilotCard.version.desc()).limit(1))


def versions(pilot):
    """Every version of the card, the original first."""
    return db.session.scalars(select(PilotCard).where(PilotCard.pilot_id == pilot.id)
                              .order_by(PilotCard.version)).all()


def measurements(pilot):
    return db.session.scalars(
        select(Measurement).where(Measurement.pilot_id == pilot.id)
        .order_by(Measurement.period_end, Measurement.period_start, Measurement.site)).all()


def versions_of(pilot_ids):
    """Every card version of these pilots, oldest first, by pilot: one statement."""
    found = {pilot_id: [] for pilot_id in pilot_ids}
    if pilot_ids:
        for card in db.session.scalars(select(PilotCard).where(PilotCard.pilot_id.in_(pilot_ids))
                                       .order_by(PilotCard.pilot_id, PilotCard.version)):
            found[card.pilot_id].append(card)
    return found


def measurements_of(pilot_ids):
    """Every figure of these pilots, by pilot: one statement."""
    found = {}
    if pilot_ids:
        for row in db.session.scalars(
                select(Measurement).where(Measurement.pilot_id.in_(pilot_ids))
                .order_by(Measurement.period_end, Measurement.period_start, Measurement.site)):
            found.setdefault(row.pilot_id, []).append(row)
    return found


def has_figures(pilot, site=None):
    query = select(Measurement.id).where(Measurement.pilot_id == pilot.id)
    if site:
        query = query.where(Measurement.site == site)
    return db.session.scalar(query.limit(1)) is not None


def events(pilot_ids):
    if not pilot_ids:
        return []
    return db.session.scalars(select(PilotEvent).where(PilotEvent.pilot_id.in_(pilot_ids))
                              .order_by(PilotEvent.created_at, PilotEvent.id)).all()


def service_areas():
    return db.session.scalars(select(ServiceArea).order_by(ServiceArea.name)).all()


def source_ideas(proposal):
    """The ideas a proposal was made from that are shown."""
    return db.session.scalars(select(Idea).where(
        Idea.proposal_id == proposal.id, Idea.hidden_at.is_(None)).order_by(Idea.id)).all()


def supporter_ids(idea_ids):
    """Everyone who supports any of these ideas. The one place pilots read supports."""
    if not idea_ids:
        return set()
    return set(db.session.scalars(select(Support.user_id).where(
        Support.idea_id.in_(idea_ids), Support.user_id.is_not(None))))


def get_visible(pilot_id, user):
    """The pilot, if this visitor may see it; else None."""
    pilot = db.session.get(Pilot, pilot_id)
    return pilot if pilot is not None and can_see_pilot(user, pilot) else None


# The statements of pilot_with_facts, one per set of facts (by their labels).
_WITH_FACTS = {}


def pilot_with_facts(pilot_id, user, facts):
    """(pilot, answers): the pilot, if this visitor may see it, and what its
    page's panels ask with it (codesign.panels.fact_columns, labelled SQL of
    the pilot's id as :subject_id and the person's as :user_id), in one
    statement; (None, None) if there is no such pilot or it is not theirs to see."""
    key = tuple(fact.name for fact in facts)
    statement = _WITH_FACTS.get(key)
    if statement is None:
        statement = _WITH_FACTS[key] = select(Pilot, *facts).where(
            Pilot.id == bindparam("subject_id"))
    values = {"subject_id": pilot_id,
              "user_id": user.id if getattr(user, "is_authenticated", False) else None}
    row = db.session.execute(statement, values).first()
    if row is None or not can_see_pilot(user, row[0]):
        return None, None
    return row[0], dict(zip(key, row[1:], strict=True))


# -- panels other pages show -------------------------------------------------------

def _visible_pilots(proposal_id, user):
    query = select(Pilot).where(Pilot.proposal_id == proposal_id)
    if not is_staff(user):
        query = query.where(Pilot.status != PilotStatus.PLANNED.value)
    return db.session.scalars(query.order_by(Pilot.created_at, Pilot.id)).all()


def pilots_for_proposal(proposal, user):
    """For templates/pilots/_proposal_panel.html: the proposal, its pilots this
    visitor may see with their current cards. Two statements."""
    pilots = _visible_pilots(proposal.id, user)
    cards = current_cards([p.id for p in pilots])
    return {"proposal": proposal, "pilots": [(p, cards[p.id]) for p in pilots]}


def _has_pilots(name, *shown):
    """Whether the proposal (:subject_id) has a pilot among those `shown`: a
    fact of the proposal page (codesign/panels.py), asked with its own row."""
    return (select(Pilot.id).where(Pilot.proposal_id == bindparam("subject_id"), *shown)
            .exists().correlate(None).label(name))


# Staff see planned pilots too (see _visible_pilots).
PROPOSAL_HAS_PILOTS = _has_pilots("pilots_shown", Pilot.status != PilotStatus.PLANNED.value)
PROPOSAL_HAS_PILOTS_FOR_STAFF = _has_pilots("pilots_shown_staff")


def proposal_pilots_fact(user):
    return PROPOSAL_HAS_PILOTS_FOR_STAFF if is_staff(user) else PROPOSAL_HAS_PILOTS


def _idea_has_events(name, *shown):
    """Whether a pilot of the proposal the idea (:subject_id) became, among
    those `shown`, has anything on its timeline: a fact of the idea page
    (codesign/panels.py), asked with the idea's own row."""
    proposal = (select(Idea.proposal_id).where(Idea.id == bindparam("subject_id"))
                .correlate(None).scalar_subquery())
    return (select(PilotEvent.id).join(Pilot, Pilot.id == PilotEvent.pilot_id)
            .where(Pilot.proposal_id == proposal, *shown)
            .exists().correlate(None).label(name))


# Staff see planned pilots too (see _visible_pilots).
IDEA_HAS_EVENTS = _idea_has_events("pilots_events", Pilot.status != PilotStatus.PLANNED.value)
IDEA_HAS_EVENTS_FOR_STAFF = _idea_has_events("pilots_events_staff")


def idea_events_fact(user):
    return IDEA_HAS_EVENTS_FOR_STAFF if is_staff(user) else IDEA_HAS_EVENTS


def pilot_events_for_idea(idea, user):
    """For templates/pilots/_idea_timeline_events.html: what happened to the
    pilots of the proposal this idea became, oldest first, as (pilot, event).
    No statement at all for an idea that is not part of a proposal."""
    if idea.proposal_id is None:
        return {"idea": idea, "events": []}
    pilots = {p.id: p for p in _visible_pilots(idea.proposal_id, user)}
    return {"idea": idea, "events": [(pilots[e.pilot_id], e) for e in events(list(pilots))]}
