"""/account/data: what the site holds about the signed-in person, as a page
and as one JSON file to take away (streamed, and rate limited in limits.py)."""
from flask import Response, render_template, request, stream_with_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ..clock import utcnow
from ..extensions import db
from . import bp, export, queries
from .forms import DownloadForm

# Rows of the summary shown only to those who have some: what a connector,
# staff or a member of a design group or a partner organisation did.
ROLE_ROWS = (
    ("assisted_entries", _l("Entries you made for residents, as a connector")),
    ("proposals_written", _l("Proposals you wrote up")),
    ("pilots", _l("Pilots you planned or closed")),
    ("design_groups", _l("Design groups you joined")),
    ("partner_memberships", _l("Partner organisations you belong to")),
)


@bp.get("/data")
@login_required
def data():
    user = current_user._get_current_object()
    return render_template("account/data.html", form=DownloadForm(),
                           counts=queries.held_counts(user), profile=export.profile(user),
                           role_rows=ROLE_ROWS,
                           ideas=queries.recent_ideas(user),
                           comments=queries.recent_comments(user))


@bp.post("/data")
@login_required
def download_data():
    form = DownloadForm()
    if not form.validate_on_submit():  # only the CSRF token: refused before this
        return data()
    user = current_user._get_current_object()
    filename = f"codesign-my-data-{utcnow():%Y-%m-%d}.json"
    response = Response(stream_with_context(export.chunks(user)),
                        mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


# What a 429 from this area says, beyond the general words (errors.py).
LIMIT_REASONS = {
    "account.download_data": lambda: _(
        "You can download your data a few times an hour, and you have just done so. "
        "The file you already have is complete."),
    "account.change_email": lambda: _(
        "You have asked to change your email address several times in a short while. "
        "Use the most recent link we sent, or try again later."),
    "account.change_password": lambda: _(
        "There have been too many attempts to change your password in a short while."),
}


@bp.errorhandler(429)
def too_many(error):
    db.session.rollback()
    reason = LIMIT_REASONS.get(request.endpoint)
    message = reason() if reason else _("Too many requests. Please wait a moment and try again.")
    response = Response(render_template("errors/error.html", code=429,
                                        title=_("Too many requests"), message=message), 429)
    for header, value in error.get_headers():
        if header.lower() != "content-type":
            response.headers[header] = value
    return response
