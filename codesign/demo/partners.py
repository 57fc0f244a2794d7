"""The demo's partners (issue 15): a tenants' charity whose offer of
volunteers was accepted on the proposal in pilot, another organisation
waiting for an admin, an offer waiting for staff, and a design group of
residents (most credited by name) that staff have written to.

It finds the proposal by query (the proposal in pilot, else that of the
pilot that worked) and goes through the services, like the rest of the demo."""
from sqlalchemy import select

from ..exceptions import DomainError
from ..extensions import db
from ..models import Idea, IdeaStatus, Pilot, PilotVerdict, Proposal, ProposalStatus, Role, User
from ..partners import services

CHARITY = ("Eastfield Tenants' Trust", "charity", "https://eastfield-tenants.example.org",
           "Tenants running tenants' things on the Eastfield estate since 1987: a food bank, "
           "a homework club and, on Saturdays, a **repair café**.")
WAITING = ("Northside Repair Café", "social_enterprise", "https://northside-repairs.example.org",
           "A social enterprise that fixes appliances and teaches people to fix their own.")
GROUP_NOTES = (
    ("I'm home most weekdays and happy to book a two-hour slot and say how it went.", True),
    ("I can ask the neighbours in my block what they think and bring it back.", True),
    ("I work shifts, so I'm a good test of whether the slots suit people who can't wait in.",
     True),
    ("Happy to fill in a short survey after my repair.", False),
)


def _proposal():
    """A proposal still taking offers and a design group: the one in pilot,
    else the proposal of the pilot that worked."""
    running = db.session.scalar(select(Proposal).where(
        Proposal.status == ProposalStatus.IN_PILOT.value).order_by(Proposal.id))
    if running is not None:
        return running
    worked = db.session.scalar(select(Pilot).where(Pilot.verdict == PilotVerdict.WORKED.value)
                               .order_by(Pilot.id))
    return worked.proposal if worked is not None else None


def _people(role, count, exclude=()):
    return list(db.session.scalars(
        select(User).where(User.role == role, User.confirmed_at.is_not(None),
                           User.blocked_at.is_(None), User.id.not_in(list(exclude) or [0]))
        .order_by(User.id).limit(count)))


def add_demo_partners(resident_email):
    """Returns how many partners it added (0 if the demo has no proposal in pilot)."""
    proposal = _proposal()
    admin = db.session.scalar(select(User).where(User.role == Role.ADMIN.value).order_by(User.id))
    staff = db.session.scalar(select(User).where(User.role == Role.STAFF.value).order_by(User.id))
    if proposal is None or admin is None or staff is None:
        return 0
    demo_resident = db.session.scalar(select(User.id).where(User.email == resident_email))
    residents = _people(Role.RESIDENT.value, 8, exclude=[demo_resident] if demo_resident else [])
    if len(residents) < 6:
        return 0
    speaker, founder, group = residents[0], residents[1], residents[2:6]

    charity = services.register_partner(speaker, *CHARITY)
    services.confirm_partner(admin, charity)
    services.register_partner(founder, *WAITING)  # for the admin to confirm (/partners/manage)
    try:
        offer = services.offer_help(
            speaker, "volunteers", "Six of our members can knock on doors on the estate to "
            "explain the two-hour slots, and we can host a drop-in at the community hall.",
            proposal=proposal)
        services.decide_offer(staff, offer, accept=True)
    except DomainError:  # the proposal moved past offers; the partner still shows
        pass
    idea = db.session.scalar(select(Idea).where(
        Idea.status == IdeaStatus.PUBLISHED.value, Idea.hidden_at.is_(None),
        Idea.withdrawn_at.is_(None), Idea.duplicate_of_id.is_(None)).order_by(Idea.id))
    if idea is not None:  # waiting on the staff dashboard
        services.offer_help(speaker, "venue", "Our community hall is free on weekday "
                            "mornings if you want to try this out.", idea=idea)
    try:
        for person, (note, named) in zip(group, GROUP_NOTES, strict=True):
            services.join_design_group(person, proposal, note, named)
        services.message_design_group(
            staff, proposal, "Thank you for joining. The two-hour slots start on **Eastfield** "
            "first: if you have a repair, book it as usual and tell us how it went.")
    except DomainError:  # not open for a design group at its stage
        pass
    db.session.flush()
    return 2
