"""Recording a running pilot's figures: one period and site by the form, or a
whole CSV file, refused whole if any line is wrong. Either way it is one
transaction, and figures for a period and site already recorded are replaced."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from .. import permissions
from ..decorators import role_required
from ..exceptions import DomainError
from ..extensions import db
from ..models import Role
from ..web import field_error
from . import bp, csvfile, queries, services
from .forms import MeasurementForm, UploadForm
from .routes import load_pilot, page_context


@dataclass(frozen=True)
class Figures:
    period_start: date
    period_end: date
    site: str
    n: int
    successes: int | None
    mean: Decimal | None
    sd: Decimal | None
    cost_per_case: Decimal | None


def _figures_form(card, sent=False):
    """The form for one period and site; sent: filled from the request."""
    form = MeasurementForm() if sent else MeasurementForm(formdata=None)
    form.setup(card.kind, card.has_comparison)
    return form


def render_figures(pilot, form=None, upload=None, problems=(), too_large=False, status=200):
    context = page_context(pilot)
    card = context["card"]
    upload = upload or UploadForm(formdata=None)
    if too_large:
        upload.file.errors = [_("The file is larger than %(size)d KB.",
                                size=csvfile.MAX_BYTES // 1024)]
    return render_template("pilots/figures.html", form=form or _figures_form(card), upload=upload,
                           problems=problems, header=",".join(csvfile.HEADER),
                           max_kb=csvfile.MAX_BYTES // 1024, **context), status


def _guard(pilot):
    if permissions.can_run_pilot(current_user, pilot):
        return None
    flash(_("Figures are recorded only while the pilot runs.") if not pilot.is_planned
          else _("Start the pilot before recording figures."), "error")
    return redirect(url_for("pilots.detail", pilot_id=pilot.id))


def _said(recorded, replaced):
    flash(ngettext("%(num)d period's figures recorded.", "%(num)d periods' figures recorded.",
                   recorded), "success")
    if replaced:
        flash(ngettext("%(num)d of them replaced figures recorded before for the same period "
                       "and site.", "%(num)d of them replaced figures recorded before for the "
                       "same period and site.", replaced), "success")


@bp.route("/pilots/<id:pilot_id>/figures", methods=["GET", "POST"])
@role_required(Role.STAFF)
def figures(pilot_id):
    """The figures page, and one period's figures sent from its form."""
    pilot = load_pilot(pilot_id)
    refused = _guard(pilot)
    if refused:
        return refused
    if request.method == "GET":
        return render_figures(pilot)
    form = _figures_form(queries.current_card(pilot), sent=True)
    if form.validate_on_submit():
        row = Figures(**form.figures())
        try:
            recorded, replaced = services.record(current_user, pilot, [row])
        except DomainError as error:
            field_error(form, error)
        else:
            db.session.commit()
            _said(recorded, replaced)
            return redirect(url_for("pilots.figures", pilot_id=pilot.id))
    return render_figures(pilot, form=form, status=422)


@bp.post("/pilots/<id:pilot_id>/figures/upload")
@role_required(Role.STAFF)
def upload(pilot_id):
    pilot = load_pilot(pilot_id)
    refused = _guard(pilot)
    if refused:
        return refused
    card = queries.current_card(pilot)
    form = UploadForm()
    if not form.validate_on_submit():
        return render_figures(pilot, upload=form, status=422)
    data = form.file.data.read(csvfile.MAX_BYTES + 1)
    parsed = csvfile.parse(data, card.kind, has_comparison=card.has_comparison, _=_)
    if not parsed.ok:
        form.file.errors = [_("The file was not imported: nothing from it was recorded. "
                              "Correct the lines listed and upload it again.")]
        return render_figures(pilot, upload=form, problems=parsed.problems, status=422)
    try:
        recorded, replaced = services.record(current_user, pilot, parsed.rows)
    except DomainError as error:
        db.session.rollback()
        form.file.errors = [error.message]
        return render_figures(pilot, upload=form, status=422)
    db.session.commit()
    _said(recorded, replaced)
    return redirect(url_for("pilots.figures", pilot_id=pilot.id))
