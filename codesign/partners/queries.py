"""Reading partners, offers and design groups, a fixed number of statements
per page however many rows there are. credits_for_proposal and
credits_for_pilot are what other pages (the proposal, the pilot, a
playbook) show with templates/partners/_credits.html."""
from typing import NamedTuple

from sqlalchemy import bindparam, case, func, or_, select

from ..extensions import db
from ..models import (
    DesignGroupMember,
    Idea,
    Offer,
    OfferStatus,
    Partner,
    PartnerMember,
    PartnerStatus,
    Pilot,
    PilotStatus,
    Proposal,
    ProposalStatus,
    User,
)

PENDING_SHOWN = 10  # the staff dashboard shows the oldest offers waiting, each also on its subject


def confirmed_partners():
    return db.session.scalars(select(Partner).where(
        Partner.status == PartnerStatus.CONFIRMED.value).order_by(Partner.name, Partner.id)).all()


def partners_for_admin():
    """Pending first (they wait for a decision), then the rest by name."""
    waiting = (Partner.status != PartnerStatus.PENDING.value)
    return db.session.scalars(select(Partner).order_by(waiting, Partner.name, Partner.id)).all()


def members(partner_ids):
    """partner id -> its members (users), by name."""
    found = {partner_id: [] for partner_id in partner_ids}
    if not found:
        return found
    rows = db.session.execute(
        select(PartnerMember.partner_id, User).join(User, User.id == PartnerMember.user_id)
        .where(PartnerMember.partner_id.in_(list(found))).order_by(User.display_name)).all()
    for partner_id, user in rows:
        found[partner_id].append(user)
    return found


def _public_subject():
    """Accepted offers whose idea or proposal anyone may see."""
    return or_(
        Offer.idea_id.in_(select(Idea.id).where(Idea.hidden_at.is_(None))),
        Offer.proposal_id.in_(select(Proposal.id).where(
            Proposal.status != ProposalStatus.DRAFT.value)),
    )


def delivered(partner_ids):
    """partner id -> what its accepted offers helped deliver, as
    (offer, idea or None, proposal or None, [started pilots]). Three statements."""
    found = {partner_id: [] for partner_id in partner_ids}
    if not found:
        return found
    offers = db.session.scalars(
        select(Offer).where(Offer.partner_id.in_(list(found)),
                            Offer.status == OfferStatus.ACCEPTED.value, _public_subject())
        .order_by(Offer.decided_at.desc(), Offer.id.desc())).all()
    ideas = {idea.id: idea for idea in db.session.scalars(select(Idea).where(
        Idea.id.in_({offer.idea_id for offer in offers if offer.idea_id})))}
    proposal_ids = ({offer.proposal_id for offer in offers if offer.proposal_id}
                    | {idea.proposal_id for idea in ideas.values() if idea.proposal_id})
    proposals = {p.id: p for p in db.session.scalars(select(Proposal).where(
        Proposal.id.in_(proposal_ids), Proposal.status != ProposalStatus.DRAFT.value))}
    pilots = {}
    for pilot in db.session.scalars(select(Pilot).where(
            Pilot.proposal_id.in_(list(proposals)), Pilot.status != PilotStatus.PLANNED.value)
            .order_by(Pilot.id)):
        pilots.setdefault(pilot.proposal_id, []).append(pilot)
    for offer in offers:
        idea = ideas.get(offer.idea_id)
        proposal = proposals.get(offer.proposal_id or (idea.proposal_id if idea else None))
        found[offer.partner_id].append(
            (offer, idea, proposal, pilots.get(proposal.id, []) if proposal else []))
    return found


class Subject(NamedTuple):
    """What the staff dashboard shows of an offer's idea or proposal."""

    id: int
    title: str


# The oldest offers waiting, each with its subject's title and the number
# waiting in all, built once per process: one statement, not four.
_PENDING = (
    select(Offer, Idea.id, Idea.title, Proposal.id, Proposal.title, func.count().over())
    .outerjoin(Idea, Idea.id == Offer.idea_id)
    .outerjoin(Proposal, Proposal.id == Offer.proposal_id)
    .where(Offer.status == OfferStatus.PENDING.value)
    .order_by(Offer.created_at, Offer.id).limit(bindparam("limit"))
)


def pending_offers(limit=PENDING_SHOWN):
    """For the staff dashboard: (the offers waiting, oldest first; what they
    are about, as {"ideas": {id: Subject}, "proposals": {id: Subject}}; how
    many wait in all)."""
    ideas, proposals, offers, total = {}, {}, [], 0
    for offer, idea_id, idea_title, proposal_id, proposal_title, waiting in db.session.execute(
            _PENDING, {"limit": limit}):
        offers.append(offer)
        total = waiting
        if idea_id is not None:
            ideas[idea_id] = Subject(idea_id, idea_title)
        if proposal_id is not None:
            proposals[proposal_id] = Subject(proposal_id, proposal_title)
    return offers, {"ideas": ideas, "proposals": proposals}, total


# Offers on the idea (:subject_id), accepted or waiting, built once per process.
_IDEA_OFFERS = select(Offer).where(
    Offer.idea_id == bindparam("subject_id"), Offer.status != OfferStatus.DECLINED.value
).order_by(Offer.created_at, Offer.id)
# Whether there are any: a fact of the idea page (codesign/panels.py), asked
# with the idea's own row, so an idea nobody offered help on costs none.
IDEA_HAS_OFFERS = (_IDEA_OFFERS.with_only_columns(Offer.id).order_by(None).exists()
                   .correlate(None).label("partners_offers"))


def offers_on_idea(idea):
    """Accepted offers on the idea itself, and those still waiting (for staff)."""
    return db.session.scalars(_IDEA_OFFERS, {"subject_id": idea.id}).all()


def group_members(proposal):
    return db.session.scalars(select(DesignGroupMember).where(
        DesignGroupMember.proposal_id == proposal.id)
        .order_by(DesignGroupMember.joined_at, DesignGroupMember.id)).all()


def group_membership(proposal, user):
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(DesignGroupMember).where(
        DesignGroupMember.proposal_id == proposal.id, DesignGroupMember.user_id == user.id))


NAMED_SHOWN = 200  # names listed in a credit; the rest are "and N more"


def _accepted_offers(proposal_id):
    """Accepted offers on the proposal or on any of its shown ideas."""
    return select(Offer).where(Offer.status == OfferStatus.ACCEPTED.value, or_(
        Offer.proposal_id == proposal_id,
        Offer.idea_id.in_(select(Idea.id).where(Idea.proposal_id == proposal_id,
                                                Idea.hidden_at.is_(None)))))


def _has_accepted_offers(proposal_id):
    return (_accepted_offers(proposal_id).with_only_columns(Offer.id).exists()
            .correlate(None))


def _has_group(proposal_id):
    return (select(DesignGroupMember.id).where(DesignGroupMember.proposal_id == proposal_id)
            .exists().correlate(None))


# Whether the proposal (:subject_id) has anything to credit, each read by
# credits_for_proposal: facts of the proposal page (codesign/panels.py),
# asked with its own row, so a proposal nobody helps costs no statement here.
PROPOSAL_HAS_OFFERS = _has_accepted_offers(bindparam("subject_id")).label(
    "partners_proposal_offers")
PROPOSAL_HAS_GROUP = _has_group(bindparam("subject_id")).label("partners_proposal_group")


def credits_for_proposal(proposal, user=None, has_offers=True, has_group=True):
    """Who helps deliver the proposal: the partners whose offers on it, or on
    any of its ideas, were accepted (each once, with what they offered), and
    its design group by count and by name for those who agreed; with `user`,
    also their own place in the group ("member", or None). Two statements,
    or fewer when told there are no accepted offers (has_offers False) or no
    group (has_group False). For templates/partners/_credits.html."""
    offers = db.session.scalars(
        _accepted_offers(proposal.id).order_by(Offer.decided_at, Offer.id)).all() if has_offers else []
    partners = {}
    for offer in offers:
        partners.setdefault(offer.partner_id, (offer.partner, []))[1].append(offer.kind)
    # One statement for the group: the visitor's own row first, then those
    # who agreed to be named, each row carrying the size of the whole group.
    me = user.id if getattr(user, "is_authenticated", False) else None
    rows = db.session.execute(
        select(DesignGroupMember, func.count().over())
        .where(DesignGroupMember.proposal_id == proposal.id)
        .order_by(case((DesignGroupMember.user_id == me, 0), else_=1),
                  DesignGroupMember.credit_by_name.desc(), DesignGroupMember.joined_at,
                  DesignGroupMember.id)
        .limit(NAMED_SHOWN + 1)).all() if has_group else []
    named = sorted((row for row, _size in rows if row.credit_by_name),
                   key=lambda row: (row.joined_at, row.id))[:NAMED_SHOWN]
    return {"partners": [(partner, sorted(set(kinds))) for partner, kinds in partners.values()],
            "group_size": rows[0][1] if rows else 0, "named": [row.user for row in named],
            "member": next((row for row, _size in rows if me is not None and row.user_id == me),
                           None)}


# Whether the pilot's (:subject_id) proposal has anything to credit: an
# accepted offer on it or on one of its shown ideas (as credits_for_proposal
# reads them), or a design group. A fact of the pilot page (codesign/panels.py).
_PILOTS_PROPOSAL = (select(Pilot.proposal_id).where(Pilot.id == bindparam("subject_id"))
                    .correlate(None).scalar_subquery())
PILOT_HAS_CREDITS = or_(
    _has_accepted_offers(_PILOTS_PROPOSAL), _has_group(_PILOTS_PROPOSAL),
).label("partners_credits")


def credits_for_pilot(pilot, user=None):
    """A pilot is credited with its proposal's partners and design group."""
    return credits_for_proposal(pilot.proposal, user)
