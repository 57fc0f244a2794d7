"""On the idea page, the proposal the idea became, or for staff the way to
promote it (codesign/panels.py)."""
from .. import panels, permissions
from .queries import IDEA_PROPOSAL_STATUS, IDEA_PROPOSAL_TITLE, ProposalLink


def _idea_facts(_user):
    return (IDEA_PROPOSAL_TITLE, IDEA_PROPOSAL_STATUS)


def _idea(idea, user, answers):
    if idea.proposal_id is not None:
        status = answers[IDEA_PROPOSAL_STATUS.name]
        if status is None:
            return None
        proposal = ProposalLink(idea.proposal_id, answers[IDEA_PROPOSAL_TITLE.name], status)
        if not permissions.can_view_proposal(user, proposal):
            return None
        return {"proposal": proposal}
    if permissions.can_promote_idea(user, idea):
        return {"proposal": None}
    return None


def register(app):
    panels.register(app, "idea", panels.Panel(
        "proposal", "proposals/_idea_link.html", _idea, order=20,
        facts=_idea_facts))
