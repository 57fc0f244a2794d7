"""What happened to what a connector entered, for anyone holding the
resident's reference number: no account, and never the name or contact."""
from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..web import render_form
from . import bp, queries
from .forms import TrackForm


@bp.get("/track")
def track_form():
    form = TrackForm(request.args, meta={"csrf": False})
    if "reference" in request.args and form.validate():
        found = queries.resident_by_reference(form.reference.data)
        if found is not None:
            return redirect(url_for("assist.track", reference=found.reference))
        form.reference.errors.append(
            _("No reference number matches that. Check it against your slip: it is three "
              "groups of four letters and numbers, such as KX7F-3QWA-9MCD."))
    return render_form("assist/track_form.html", form)


@bp.get("/track/<reference>")
def track(reference):
    found = queries.resident_by_reference(reference)
    if found is None:
        abort(404)
    if found.reference != reference:  # typed in lower case or without dashes
        return redirect(url_for("assist.track", reference=found.reference), 301)
    entries = queries.entries_of(found)
    return render_template("assist/track.html", reference=found.reference, entries=entries,
                           responses=queries.responses_for({entry.idea_id for entry, _c in entries}))
