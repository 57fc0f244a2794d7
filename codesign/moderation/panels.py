"""Moderation's part of the idea page (codesign/panels.py): why it is hidden
and the author's appeal, the report links, and moderators' tools."""
from .. import panels, permissions
from .appeal_services import appeal_for
from .report_services import open_report_count


def _idea(idea, user):
    moderator = permissions.is_moderator(user)
    reportable = (permissions.can_report(user, idea)
                  or permissions.can_report_user(user, idea.author))
    if not (idea.is_hidden or reportable or moderator):
        return None
    return {
        "appeal": appeal_for(idea) if idea.is_hidden else None,
        "reports": open_report_count(idea) if moderator else None,
    }


def register(app):
    panels.register(app, "idea", panels.Panel(
        "moderation", "moderation/_idea_tools.html", _idea, order=40))
