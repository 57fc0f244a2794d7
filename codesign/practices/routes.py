"""Playbook pages: the library (/practices), a pilot's playbook, writing it,
and its files (upload, download, removal). Adoption is in adopt_routes.py."""
from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import panels, permissions
from ..decorators import role_required
from ..exceptions import DomainError
from ..extensions import db
from ..models import PlaybookAttachment, Role
from ..pilots import queries as pilot_queries
from ..pilots import results
from ..web import field_error, or_404, render_form
from . import bp, queries, services, uploads
from .forms import AttachmentForm, PlaybookForm

# Room for the form's other fields around a file of the largest size allowed.
FORM_OVERHEAD = 64 * 1024


@bp.url_value_preprocessor
def _upload_limit(endpoint, values):
    """An upload may be larger than the site's usual request limit. This runs
    before any before_request function, so before the CSRF check reads the
    form: a body over the new limit is still a 413 (see _too_large). Only for
    staff, who alone may upload: anyone else keeps the site's usual limit."""
    if endpoint == "practices.upload" and permissions.is_staff(current_user):
        request.max_content_length = (current_app.config["PRACTICE_UPLOAD_MAX_BYTES"]
                                      + FORM_OVERHEAD)


def load_pilot(pilot_id):
    return or_404(pilot_queries.get_visible(pilot_id, current_user))


def _to_playbook(pilot, anchor=None):
    return redirect(url_for("practices.playbook", pilot_id=pilot.id, _anchor=anchor))


@bp.get("/practices")
def index():
    browse = queries.parse_browse(request.args)
    page, outcomes, spreads = queries.library(browse, current_user)
    return render_template("practices/index.html", page=page, browse=browse, outcomes=outcomes,
                           spreads=spreads, areas=queries.service_areas(), results=results)


def _playbook_context(pilot, playbook):
    card, outcome = queries.outcome_of(pilot)
    return {"pilot": pilot, "playbook": playbook, "card": card, "outcome": outcome,
            "results": results, "files": queries.attachments(playbook),
            "spread": queries.spread_of(pilot, current_user),
            "adopt_refusal": services.why_not_adoptable(pilot, playbook)}


@bp.get("/pilots/<id:pilot_id>/playbook")
def playbook(pilot_id):
    pilot = load_pilot(pilot_id)
    found = queries.playbook_of(pilot)
    if not permissions.can_see_playbook(current_user, found):
        if found is None and permissions.can_write_playbook(current_user, pilot):
            return redirect(url_for("practices.edit", pilot_id=pilot.id))
        abort(404)
    return render_template("practices/playbook.html", **_playbook_context(pilot, found),
                           # What the other areas add (codesign/panels.py), with their queries.
                           panels=panels.load("playbook", pilot, current_user))


def _guard(pilot):
    if permissions.can_write_playbook(current_user, pilot):
        return None
    flash(_("Only a pilot that closed as “worked” has a playbook."), "error")
    return redirect(url_for("pilots.detail", pilot_id=pilot.id))


def _defaults(pilot, found):
    if found is not None:
        return {name: getattr(found, name) for name in services.FIELDS} | {"state": found.state}
    return {"title": pilot.title, "contact_team": pilot.proposal.responsible_team}


def render_edit(pilot, found, form=None, upload=None, status=None):
    form = form or PlaybookForm(formdata=None, data=_defaults(pilot, found))
    upload = upload or AttachmentForm(formdata=None)
    context = {"pilot": pilot, "playbook": found, "upload": upload,
               "files": queries.attachments(found), "results": results,
               "max_mb": services.megabytes(current_app.config["PRACTICE_UPLOAD_MAX_BYTES"])}
    card, context["outcome"] = queries.outcome_of(pilot)
    context["card"] = card
    if status is not None:
        return render_template("practices/edit.html", form=form, **context), status
    if upload.errors:
        return render_template("practices/edit.html", form=form, **context), 422
    return render_form("practices/edit.html", form, **context)


@bp.route("/pilots/<id:pilot_id>/playbook/edit", methods=["GET", "POST"])
@role_required(Role.STAFF)
def edit(pilot_id):
    pilot = load_pilot(pilot_id)
    refused = _guard(pilot)
    if refused:
        return refused
    found = queries.playbook_of(pilot)
    form = PlaybookForm(data=_defaults(pilot, found) if request.method == "GET" else None)
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in services.FIELDS}
        try:
            saved = services.save_playbook(current_user, pilot, values, form.state.data)
        except DomainError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("The playbook is published.") if saved.is_published
                  else _("The playbook is saved as a draft: only staff can read it."), "success")
            return _to_playbook(pilot)
    return render_edit(pilot, found, form=form)


@bp.post("/pilots/<id:pilot_id>/playbook/files")
@role_required(Role.STAFF)
def upload(pilot_id):
    pilot = load_pilot(pilot_id)
    refused = _guard(pilot)
    if refused:
        return refused
    found = queries.playbook_of(pilot)
    form = AttachmentForm()
    if form.validate_on_submit():
        sent = form.file.data
        limit = current_app.config["PRACTICE_UPLOAD_MAX_BYTES"]
        data = sent.stream.read(limit + 1)
        try:
            services.attach(current_user, found, sent.filename, data, limit)
        except DomainError as error:
            field_error(form, error, default=form.file)
        else:
            db.session.commit()
            flash(_("The file is attached."), "success")
            return redirect(url_for("practices.edit", pilot_id=pilot.id, _anchor="files"))
    return render_edit(pilot, found, upload=form)


def _attachment(pilot, attachment_id):
    found = queries.playbook_of(pilot)
    if not permissions.can_see_playbook(current_user, found):
        abort(404)
    attachment = db.session.get(PlaybookAttachment, attachment_id)
    if attachment is None or attachment.playbook_id != found.id:
        abort(404)
    return attachment


@bp.get("/pilots/<id:pilot_id>/playbook/files/<id:attachment_id>")
def download(pilot_id, attachment_id):
    """Always a download, of the type its content showed, never sniffed into another."""
    attachment = _attachment(load_pilot(pilot_id), attachment_id)
    path = uploads.path_of(attachment.stored_name)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=attachment.content_type, as_attachment=True,
                         download_name=attachment.filename, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.post("/pilots/<id:pilot_id>/playbook/files/<id:attachment_id>/delete")
@role_required(Role.STAFF)
def delete_file(pilot_id, attachment_id):
    pilot = load_pilot(pilot_id)
    attachment = _attachment(pilot, attachment_id)
    refused = _guard(pilot)
    if refused:
        return refused
    stored = services.remove_attachment(attachment)
    db.session.commit()
    uploads.remove(stored)  # only once the row is gone for good
    flash(_("The file is removed."), "success")
    return redirect(url_for("practices.edit", pilot_id=pilot.id, _anchor="files"))


@bp.errorhandler(413)
def _too_large(error):
    """A file far over the limit is refused before it is read: say so beside
    the upload field rather than on an error page."""
    db.session.rollback()
    pilot_id = (request.view_args or {}).get("pilot_id")
    if request.endpoint == "practices.upload" and pilot_id:
        pilot = pilot_queries.get_visible(pilot_id, current_user)
        if pilot is not None and permissions.can_write_playbook(current_user, pilot):
            form = AttachmentForm(formdata=None)
            form.file.errors = [_("The file is larger than %(size)s MB.", size=services.megabytes(
                current_app.config["PRACTICE_UPLOAD_MAX_BYTES"]))]
            return render_edit(pilot, queries.playbook_of(pilot), upload=form, status=413)
    return render_template("errors/error.html", code=413, title=_("Too large"),
                           message=_("What you sent is too large.")), 413
