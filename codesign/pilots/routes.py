"""Pilot pages: the list, a pilot, its card (written, then locked and
amended), starting and closing it, and its figures as CSV. Figures come in
through figure_routes.py."""
import csv
import io

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import panels, permissions
from ..decorators import role_required
from ..exceptions import DomainError
from ..extensions import db
from ..models import Pilot, Proposal, Role, ServiceArea
from ..models.pilot import TEXT_MAX
from ..web import field_error, or_404, render_form
from . import bp, queries, results, services
from .csvfile import HEADER
from .forms import AmendForm, CardForm, CloseForm


def load_pilot(pilot_id):
    """A pilot this visitor may see; planned ones are 404 to everyone but staff."""
    return or_404(queries.get_visible(pilot_id, current_user))


def _to_detail(pilot, anchor=None):
    return redirect(url_for("pilots.detail", pilot_id=pilot.id, _anchor=anchor))


def _values(form):
    values = {name: getattr(form, name).data for name in services.CARD_FIELDS}
    values["title"] = form.title.data
    values["service_area"] = db.session.get(ServiceArea, form.service_area.data)
    return values


def page_context(pilot):
    """What the pilot page (and the figures page) shows: a fixed number of
    statements, however many versions or figures there are."""
    cards = queries.versions(pilot)
    card = cards[-1]
    rows = queries.measurements(pilot)
    return {"pilot": pilot, "card": card, "versions": cards, "rows": rows,
            "figures": results.Figures(card, rows, _), "results": results}


@bp.get("/pilots")
def index():
    staff = permissions.is_staff(current_user)
    browse = queries.parse_browse(request.args, include_planned=staff)
    return render_template("pilots/index.html", page=queries.browse_pilots(
        browse, include_planned=staff), browse=browse, areas=queries.service_areas(),
        outcomes=queries.visible_outcomes(staff))


@bp.get("/pilots/<id:pilot_id>")
def detail(pilot_id):
    pilot, answers = queries.pilot_with_facts(
        pilot_id, current_user, panels.fact_columns("pilot", current_user))
    or_404(pilot)
    return render_template("pilots/detail.html", close_form=CloseForm(formdata=None),
                           # What the other areas add (codesign/panels.py), with their queries.
                           panels=panels.load("pilot", pilot, current_user, answers),
                           **page_context(pilot))


# A link may start a new card from these (an adoption carries the original
# pilot's measure and its effect as the target); never the baseline, which is
# the new site's own. They are only shown: the POST is validated as ever.
PREFILLED = ("title", "change", "outcome", "direction", "who", "because", "measure_name",
             "measure_unit", "kind", "better", "cost_measure", "target")


def _card_defaults(proposal):
    defaults = {name: request.args[name][:TEXT_MAX] for name in PREFILLED
                if request.args.get(name)}
    return {**defaults, "service_area": proposal.service_area_id}


@bp.route("/proposals/<id:proposal_id>/pilots/new", methods=["GET", "POST"])
@role_required(Role.STAFF)
def new(proposal_id):
    proposal = db.get_or_404(Proposal, proposal_id)
    if not permissions.can_create_pilot(current_user, proposal):
        flash(_("A pilot can be planned only for an approved proposal or one already in "
                "pilot."), "error")
        return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    form = CardForm(data=_card_defaults(proposal) if request.method == "GET" else None)
    form.set_choices(queries.service_areas())
    if form.validate_on_submit():
        try:
            pilot = services.create_pilot(current_user, proposal, _values(form))
        except DomainError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("The pilot is planned. Check its card, then start it: from then on the "
                    "card is locked."), "success")
            return _to_detail(pilot)
    return render_form("pilots/card_form.html", form, proposal=proposal, pilot=None)


@bp.route("/pilots/<id:pilot_id>/edit", methods=["GET", "POST"])
@role_required(Role.STAFF)
def edit(pilot_id):
    """While planned: the card is changed in place. Once started: only by an
    amendment, a new version with a reason. Once closed: not at all."""
    pilot = load_pilot(pilot_id)
    if pilot.is_closed:
        flash(_("This pilot is closed: its card can no longer change."), "error")
        return _to_detail(pilot)
    amending = not pilot.is_planned
    form_class = AmendForm if amending else CardForm
    form = form_class(data=services.form_values(pilot, queries.current_card(pilot))
                      if request.method == "GET" else None)
    form.set_choices(queries.service_areas())
    if amending:
        # Where it runs and under what name are fixed once it has started.
        form.title.data, form.service_area.data = pilot.title, pilot.service_area_id
    if form.validate_on_submit():
        try:
            if amending:
                services.amend(current_user, pilot, _values(form), form.reason.data)
            else:
                services.edit_planned(current_user, pilot, _values(form))
        except DomainError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("The amendment is published beside the original card.") if amending
                  else _("The card is updated."), "success")
            return _to_detail(pilot, "card")
    return render_form("pilots/card_form.html", form, proposal=pilot.proposal, pilot=pilot,
                       amending=amending)


@bp.post("/pilots/<id:pilot_id>/start")
@role_required(Role.STAFF)
def start(pilot_id):
    pilot = load_pilot(pilot_id)
    try:
        services.start(current_user, pilot)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("The pilot has started and its card is locked. The residents whose ideas it "
                "comes from are told."), "success")
    return _to_detail(pilot)


@bp.route("/pilots/<id:pilot_id>/close", methods=["GET", "POST"])
@role_required(Role.STAFF)
def close(pilot_id):
    pilot = load_pilot(pilot_id)
    if not permissions.can_run_pilot(current_user, pilot):
        flash(_("Only a running pilot can be closed."), "error")
        return _to_detail(pilot)
    form = CloseForm()
    if form.validate_on_submit():
        try:
            services.close(current_user, pilot, form.verdict.data, form.conclusion.data)
        except DomainError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("The pilot is closed and its result published, whatever it was. The "
                    "residents whose ideas it comes from are told."), "success")
            return _to_detail(pilot, "verdict")
    context = page_context(pilot)
    return render_form("pilots/close.html", form, outcome=context["figures"].outcome, **context)


@bp.get("/pilots/<id:pilot_id>/measurements.csv")
def measurements_csv(pilot_id):
    pilot = load_pilot(pilot_id)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in queries.measurements(pilot):
        writer.writerow([row.period_start.isoformat(), row.period_end.isoformat(), row.site,
                         row.n, _plain(row.successes), _plain(row.mean), _plain(row.sd),
                         _plain(row.cost_per_case)])
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="pilot-{pilot.id}-measurements.csv"'})


def _plain(value):
    """A figure as written in the file: nothing for none, no trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@bp.errorhandler(413)
def _too_large(error):
    """A file far over the limit is refused before it is read: say so beside
    the upload field rather than on an error page."""
    db.session.rollback()
    pilot_id = (request.view_args or {}).get("pilot_id")
    if request.endpoint == "pilots.upload" and pilot_id:
        pilot = db.session.get(Pilot, pilot_id)
        if pilot is not None and permissions.can_run_pilot(current_user, pilot):
            from .figure_routes import render_figures
            return render_figures(pilot, too_large=True, status=413)
    return render_template("errors/error.html", code=413, title=_("Too large"),
                           message=_("What you sent is too large.")), 413
