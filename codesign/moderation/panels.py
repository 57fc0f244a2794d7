"""Moderation's parts of the idea page (codesign/panels.py): why it is hidden
and the author's appeal and the report links, in the reading flow; the
moderators' tools, in the page's "Manage" column."""
from .. import panels, permissions
from .appeal_services import appeal_for
from .queries import IDEA_OPEN_REPORTS


def _idea(idea, user):
    reportable = (permissions.can_report(user, idea)
                  or permissions.can_report_user(user, idea.author))
    if not (idea.is_hidden or reportable):
        return None
    return {"appeal": appeal_for(idea) if idea.is_hidden else None}


def _tools_facts(user):
    return (IDEA_OPEN_REPORTS,) if permissions.is_moderator(user) else ()


def _tools(idea, user, answers):
    if not permissions.is_moderator(user):
        return None
    return {"reports": answers[IDEA_OPEN_REPORTS.name]}


def register(app):
    panels.register(app, "idea", panels.Panel(
        "moderation", "moderation/_idea_notice.html", _idea, order=40))
    panels.register(app, "idea", panels.Panel(
        "moderation_tools", "moderation/_idea_tools.html", _tools, order=40, section="manage",
        facts=_tools_facts))
