from functools import wraps

from flask import render_template
from flask_login import current_user, login_required


def confirmed_required(view):
    """Signed in, and the email confirmed; an unconfirmed user is told why."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_confirmed:
            return render_template("auth/unconfirmed.html"), 403
        return view(*args, **kwargs)

    return wrapped
