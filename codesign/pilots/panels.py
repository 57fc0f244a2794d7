"""On the proposal page, its pilots (and for staff the way to plan one); on
the idea page, what became of the idea once its proposal was piloted
(codesign/panels.py)."""
from .. import panels
from .queries import (
    idea_events_fact,
    pilot_events_for_idea,
    pilots_for_proposal,
    proposal_pilots_fact,
)


def _idea_facts(user):
    return (idea_events_fact(user),)


def _idea(idea, user, answers):
    if not answers[idea_events_fact(user).name]:
        return None
    found = pilot_events_for_idea(idea, user)
    return found if found["events"] else None


def _proposal_facts(user):
    return (proposal_pilots_fact(user),)


def _proposal(proposal, user, answers):
    """Its pilots, read only when the facts say it has some this person may
    see; the panel shows staff the way to plan one either way."""
    if not answers[proposal_pilots_fact(user).name]:
        return {"proposal": proposal, "pilots": []}
    return pilots_for_proposal(proposal, user)


def register(app):
    panels.register(app, "proposal", panels.Panel(
        "pilots", "pilots/_proposal_panel.html", _proposal, order=20,
        facts=_proposal_facts))
    panels.register(app, "idea", panels.Panel(
        "pilots", "pilots/_idea_timeline_events.html", _idea, order=60,
        facts=_idea_facts))
