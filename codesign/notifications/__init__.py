"""Following ideas and proposals, and telling people what changed: in the
app, by email at once, or in a daily digest."""
from flask import Blueprint, has_request_context, request

# No URL prefix: the follow buttons live under /ideas/... and /proposals/...,
# so every route here spells out its whole path.
bp = Blueprint("notifications", __name__)


_UNREAD = "codesign.unread_notifications"


@bp.app_context_processor
def _template_helpers():
    from flask_login import current_user

    from . import queries

    def unread_notifications():
        if not getattr(current_user, "is_authenticated", False):
            return 0
        if not has_request_context():
            return queries.unread_count(current_user)
        # The header and the notifications page both show it: one statement
        # a request. Kept on the request, not on `g`, which a test's app
        # context can share between requests.
        kept = request.environ.get(_UNREAD)
        if kept is None or kept[0] != current_user.id:
            kept = request.environ[_UNREAD] = (current_user.id,
                                               queries.unread_count(current_user))
        return kept[1]

    return {"unread_notifications": unread_notifications}


from . import cli, routes  # noqa: E402,F401
