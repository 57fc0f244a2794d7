"""The follow buttons on the idea and proposal pages (codesign/panels.py)."""
from .. import panels, permissions
from .services import is_following


def _idea(idea, user):
    if not permissions.can_follow(user):
        return None
    return {"following": is_following(user, idea=idea)}


def _proposal(proposal, user):
    if not permissions.can_follow(user):
        return None
    return {"following": is_following(user, proposal=proposal)}


def register(app):
    panels.register(app, "idea", panels.Panel(
        "follow", "notifications/_follow_idea.html", _idea, order=10))
    panels.register(app, "proposal", panels.Panel(
        "follow", "notifications/_follow_proposal.html", _proposal, order=10))
