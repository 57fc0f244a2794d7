"""The follow buttons on the idea and proposal pages (codesign/panels.py)."""
from .. import panels, permissions
from .queries import FOLLOWS_IDEA, FOLLOWS_PROPOSAL


def _idea_facts(user):
    return (FOLLOWS_IDEA,) if permissions.can_follow(user) else ()


def _idea(idea, user, answers):
    if not permissions.can_follow(user):
        return None
    return {"following": bool(answers[FOLLOWS_IDEA.name])}


def _proposal_facts(user):
    return (FOLLOWS_PROPOSAL,) if permissions.can_follow(user) else ()


def _proposal(proposal, user, answers):
    if not permissions.can_follow(user):
        return None
    return {"following": bool(answers[FOLLOWS_PROPOSAL.name])}


def register(app):
    panels.register(app, "idea", panels.Panel(
        "follow", "notifications/_follow_idea.html", _idea, order=10, facts=_idea_facts))
    panels.register(app, "proposal", panels.Panel(
        "follow", "notifications/_follow_proposal.html", _proposal, order=10,
        facts=_proposal_facts))
