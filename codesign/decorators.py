from functools import wraps

from flask import abort, render_template
from flask_login import current_user, login_required

from . import permissions


def participant_required(view):
    """Signed in, email confirmed and not blocked; anyone else is told why."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_confirmed:
            return render_template("auth/unconfirmed.html"), 403
        if current_user.is_blocked:
            return render_template("auth/blocked.html"), 403
        return view(*args, **kwargs)

    return wrapped


def role_required(role):
    """Signed in with at least this role (403 otherwise)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not permissions.has_role(current_user, role):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


