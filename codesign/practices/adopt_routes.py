"""Adopting a practice: staff of another service (or team) start a new
proposal from a published playbook of a pilot that worked."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..decorators import role_required
from ..exceptions import DomainError
from ..extensions import db
from ..models import Role, ServiceArea
from ..web import field_error, render_form
from . import bp, queries, services
from .forms import AdoptForm
from .routes import load_pilot


@bp.route("/pilots/<id:pilot_id>/adopt", methods=["GET", "POST"])
@role_required(Role.STAFF)
def adopt(pilot_id):
    pilot = load_pilot(pilot_id)
    playbook = queries.playbook_of(pilot)
    refusal = services.why_not_adoptable(pilot, playbook)
    if refusal:
        flash(refusal, "error")
        return redirect(url_for("pilots.detail", pilot_id=pilot.id))
    form = AdoptForm(data={"title": playbook.title} if request.method == "GET" else None)
    form.set_choices(queries.service_areas())
    if form.validate_on_submit():
        try:
            adoption = services.adopt(
                current_user, pilot, playbook, db.session.get(ServiceArea, form.service_area.data),
                form.responsible_team.data, form.title.data, form.decision_due.data)
        except DomainError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("The adoption is started: here is its proposal, a draft pre-filled from the "
                    "playbook. Check it, take it through its stages, then plan its own pilot."),
                  "success")
            return redirect(url_for("proposals.detail", proposal_id=adoption.proposal_id))
    return render_form("practices/adopt.html", form, pilot=pilot, playbook=playbook)
