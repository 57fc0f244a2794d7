"""Who is being heard: profile questions people may answer about
themselves, the reference population, and the reach report for staff.

One blueprint with no URL prefix, because its pages sit where their readers
look for them: /account/about-you (the person's own answers), /admin/reach
(which questions, the places, the reference shares) and /staff/reach (the
report). Answers are only ever read in aggregate, suppressed as report.py
describes."""
from functools import wraps

from flask import Blueprint, abort
from flask_login import current_user, login_required

from .. import permissions

bp = Blueprint("reach", __name__)


def role_required(role):
    """Signed in with at least this role (403 otherwise). The same check as
    codesign.auth.decorators.role_required, here because auth's registration
    page imports this area's questions and the two must not import each other."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not permissions.has_role(current_user, role):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


from . import account_routes, admin_routes, report_routes  # noqa: E402,F401
