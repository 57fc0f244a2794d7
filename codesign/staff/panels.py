"""Staff's parts of the idea page (codesign/panels.py): their tools, and the
timeline of official responses and merges, which everyone sees."""
from .. import panels, permissions
from . import participation
from .queries import DUPLICATE_OF_TITLE, HAS_MERGED, HAS_TIMELINE, idea_timeline, merged_into
from .services import allowed_statuses


def _tools(idea, user):
    if not permissions.is_staff(user):
        return None
    responds = permissions.can_respond_idea(user, idea)
    return {"status_choices": allowed_statuses(idea) if responds else ()}


def _timeline_facts(_user):
    return (HAS_TIMELINE, HAS_MERGED, DUPLICATE_OF_TITLE)


def _timeline(idea, user, answers):
    return {
        "changes": idea_timeline(idea) if answers[HAS_TIMELINE.name] else [],
        "duplicates": merged_into(idea) if answers[HAS_MERGED.name] else [],
        # The title of the idea it is a duplicate of, if it is one.
        "duplicate_of": answers[DUPLICATE_OF_TITLE.name],
    }


def register(app):
    participation.register(app)  # the dashboard's charts
    panels.register(app, "idea", panels.Panel(
        "staff_tools", "staff/_idea_tools.html", _tools, order=30, section="manage"))
    panels.register(app, "idea", panels.Panel(
        "timeline", "staff/_idea_timeline.html", _timeline, order=50,
        facts=_timeline_facts))
