"""Moderation's parts of the idea page (codesign/panels.py): why it is hidden
and the author's appeal and the report links, in the reading flow; the
moderators' tools, in the page's "Manage" column."""
from .. import panels, permissions
from .appeal_services import appeal_for
from .report_services import open_report_count


def _idea(idea, user):
    reportable = (permissions.can_report(user, idea)
                  or permissions.can_report_user(user, idea.author))
    if not (idea.is_hidden or reportable):
        return None
    return {"appeal": appeal_for(idea) if idea.is_hidden else None}


def _tools(idea, user):
    if not permissions.is_moderator(user):
        return None
    return {"reports": open_report_count(idea)}


def register(app):
    panels.register(app, "idea", panels.Panel(
        "moderation", "moderation/_idea_notice.html", _idea, order=40))
    panels.register(app, "idea", panels.Panel(
        "moderation_tools", "moderation/_idea_tools.html", _tools, order=40, section="manage"))
