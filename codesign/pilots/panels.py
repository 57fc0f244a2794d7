"""On the proposal page, its pilots (and for staff the way to plan one); on
the idea page, what became of the idea once its proposal was piloted
(codesign/panels.py)."""
from .. import panels
from .queries import idea_events_fact, pilot_events_for_idea, pilots_for_proposal


def _idea_facts(user):
    return (idea_events_fact(user),)


def _idea(idea, user, answers):
    if not answers[idea_events_fact(user).name]:
        return None
    found = pilot_events_for_idea(idea, user)
    return found if found["events"] else None


def register(app):
    panels.register(app, "proposal", panels.Panel(
        "pilots", "pilots/_proposal_panel.html", pilots_for_proposal, order=20))
    panels.register(app, "idea", panels.Panel(
        "pilots", "pilots/_idea_timeline_events.html", _idea, order=60,
        facts=_idea_facts))
