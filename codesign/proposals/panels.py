"""On the idea page, the proposal the idea became, or for staff the way to
promote it (codesign/panels.py)."""
from .. import panels, permissions
from .queries import proposal_of


def _idea(idea, user):
    if idea.proposal_id is not None:
        proposal = proposal_of(idea)
        if proposal is None or not permissions.can_view_proposal(user, proposal):
            return None
        return {"proposal": proposal}
    if permissions.can_promote_idea(user, idea):
        return {"proposal": None}
    return None


def register(app):
    panels.register(app, "idea", panels.Panel(
        "proposal", "proposals/_idea_link.html", _idea, order=20))
