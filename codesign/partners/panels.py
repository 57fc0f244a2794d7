"""What partners add to other pages (codesign/panels.py): on the idea and
proposal pages the offers and credits and the way to offer help (and to
join the design group); on the pilot and playbook pages the credits; on the staff
dashboard the offers waiting for a decision."""
from .. import panels, permissions
from . import queries


def _offerer(user):
    """True if the visitor speaks for a partner (confirmed or not: the offer
    page says why an unconfirmed one cannot offer yet)."""
    return permissions.is_participant(user) and getattr(user, "partner_membership", None) is not None


def _idea_facts(_user):
    return (queries.IDEA_HAS_OFFERS,)


def _idea(idea, user, answers):
    if idea.is_hidden:
        return None
    offers = queries.offers_on_idea(idea) if answers[queries.IDEA_HAS_OFFERS.name] else []
    staff = permissions.is_staff(user)
    accepted = [offer for offer in offers if offer.status == "accepted"]
    pending = [offer for offer in offers if offer.is_pending] if staff else []
    offer = _offerer(user) and not idea.is_withdrawn and idea.duplicate_of_id is None
    if not (accepted or pending or offer):
        return None
    return {"idea": idea, "accepted": accepted, "pending": pending, "can_offer": offer}


def _proposal_facts(_user):
    return (queries.PROPOSAL_HAS_OFFERS, queries.PROPOSAL_HAS_GROUP)


def _proposal(proposal, user, answers):
    """Reads only what the facts say is there: the panel of a proposal with
    no accepted offer and no design group costs no statement."""
    found = queries.credits_for_proposal(
        proposal, user, has_offers=bool(answers[queries.PROPOSAL_HAS_OFFERS.name]),
        has_group=bool(answers[queries.PROPOSAL_HAS_GROUP.name]))
    return {"proposal": proposal, "credits": found, "member": found["member"],
            "can_offer": _offerer(user) and proposal.status != "draft"}


def _pilot(pilot, user):
    found = queries.credits_for_pilot(pilot)
    if not (found["partners"] or found["group_size"]):
        return None
    return {"pilot": pilot, "credits": found}


def _pilot_facts(_user):
    return (queries.PILOT_HAS_CREDITS,)


def _pilot_page(pilot, user, answers):
    """On the pilot page: nothing read when the facts say nobody is credited."""
    return _pilot(pilot, user) if answers[queries.PILOT_HAS_CREDITS.name] else None


def _staff(_subject, user):
    if not permissions.is_staff(user):
        return None
    offers, subjects, total = queries.pending_offers()
    return {"offers": offers, "subjects": subjects, "total": total,
            # Whether this person may decide each: the kept offers' argument.
            "decidable": tuple(permissions.can_decide_offer(user, offer) for offer in offers)}


def register(app):
    panels.register(app, "idea", panels.Panel(
        "partners", "partners/_idea_panel.html", _idea, order=70,
        facts=_idea_facts))
    panels.register(app, "proposal", panels.Panel(
        "partners", "partners/_proposal_panel.html", _proposal, order=30,
        facts=_proposal_facts))
    panels.register(app, "pilot", panels.Panel(
        "partners", "partners/_pilot_panel.html", _pilot_page, order=30, facts=_pilot_facts))
    panels.register(app, "playbook", panels.Panel(
        "partners", "partners/_pilot_panel.html", _pilot, order=30))
    panels.register(app, "staff", panels.Panel(
        "partner_offers", "partners/_staff_panel.html", _staff, order=30))
