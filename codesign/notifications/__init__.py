"""Following ideas and proposals, and telling people what changed: in the
app, by email at once, or in a daily digest."""
from flask import Blueprint

# No URL prefix: the follow buttons live under /ideas/... and /proposals/...,
# so every route here spells out its whole path.
bp = Blueprint("notifications", __name__)


@bp.app_context_processor
def _template_helpers():
    from flask_login import current_user

    from . import queries

    def unread_notifications():
        if not getattr(current_user, "is_authenticated", False):
            return 0
        return queries.unread_count(current_user)

    return {"unread_notifications": unread_notifications}


from . import cli, routes  # noqa: E402,F401
