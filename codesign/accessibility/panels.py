"""On the staff dashboard: how many accessibility problems wait, with a link."""
from .. import panels, permissions
from . import services


def _staff(_subject, user):
    if not permissions.can_see_accessibility_reports(user):
        return None
    return {"waiting": services.open_count()}


def register(app):
    panels.register(app, "staff", panels.Panel(
        "accessibility_reports", "accessibility/_staff_panel.html", _staff, order=40))
