"""Administration over HTTP: service areas and challenges (accounts are in
user_routes.py). Administrators only."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from .. import localtime
from ..decorators import role_required
from ..exceptions import DomainError
from ..extensions import db
from ..models import Challenge, Role, ServiceArea
from ..web import field_error, flash_refusal, render_form
from . import bp, services, settings_services
from .forms import AreaForm, ChallengeForm
from .settings_forms import TestMailForm


@bp.get("")
@role_required(Role.ADMIN)
def index():
    return render_template("admin/index.html", steps=settings_services.setup_steps(),
                           test_mail_form=TestMailForm())


# -- service areas --------------------------------------------------------------

@bp.get("/areas")
@role_required(Role.ADMIN)
def areas():
    rows = db.session.scalars(select(ServiceArea).order_by(ServiceArea.name)).all()
    return render_template("admin/areas.html", areas=rows)


@bp.route("/areas/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_area():
    form = AreaForm()
    if form.validate_on_submit():
        try:
            area = services.create_area(form.name.data, form.description.data)
        except DomainError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("Service area “%(name)s” added.", name=area.name), "success")
            return redirect(url_for("admin.areas"))
    return render_form("admin/area_form.html", form, area=None)


@bp.route("/areas/<id:area_id>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_area(area_id):
    area = db.get_or_404(ServiceArea, area_id)
    form = AreaForm(obj=area)
    if form.validate_on_submit():
        try:
            services.update_area(area, form.name.data, form.description.data)
        except DomainError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("Service area “%(name)s” saved.", name=area.name), "success")
            return redirect(url_for("admin.areas"))
    return render_form("admin/area_form.html", form, area=area)


# -- challenges -------------------------------------------------------------------

def _challenge_form(challenge=None):
    data = None
    if challenge is not None:
        closes_on, closing_time = localtime.closing_parts(challenge.closes_at)
        data = {"question": challenge.question, "description": challenge.description,
                "service_area": challenge.service_area_id,
                "opens_on": localtime.to_local(challenge.opens_at).date(),
                "closes_on": closes_on, "closing_time": closing_time}
    form = ChallengeForm(data=data)
    form.set_choices(db.session.scalars(select(ServiceArea).order_by(ServiceArea.name)).all())
    return form


def _save_challenge(form, challenge=None):
    values = dict(question=form.question.data, description=form.description.data,
                  service_area=db.session.get(ServiceArea, form.service_area.data),
                  opens_on=form.opens_on.data, closes_on=form.closes_on.data,
                  closing_time=form.closing_time.data)
    try:
        if challenge is None:
            return services.create_challenge(**values)
        return services.update_challenge(challenge, **values)
    except DomainError as error:
        field_error(form, error)
        return None


@bp.get("/challenges")
@role_required(Role.ADMIN)
def challenges():
    rows = db.session.scalars(
        select(Challenge).order_by(Challenge.closes_at.desc(), Challenge.id.desc())).all()
    return render_template("admin/challenges.html", challenges=rows,
                           state=services.challenge_state)


@bp.route("/challenges/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_challenge():
    form = _challenge_form()
    if form.validate_on_submit():
        challenge = _save_challenge(form)
        if challenge is not None:
            db.session.commit()
            flash(_("Challenge added."), "success")
            return redirect(url_for("admin.challenges"))
    return render_form("admin/challenge_form.html", form, challenge=None)


@bp.route("/challenges/<id:challenge_id>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_challenge(challenge_id):
    challenge = db.get_or_404(Challenge, challenge_id)
    form = _challenge_form(challenge)
    if form.validate_on_submit() and _save_challenge(form, challenge) is not None:
        db.session.commit()
        flash(_("Challenge saved."), "success")
        return redirect(url_for("admin.challenges"))
    return render_form("admin/challenge_form.html", form, challenge=challenge)


def _challenge_action(challenge_id, action, done):
    challenge = db.get_or_404(Challenge, challenge_id)
    try:
        action(challenge)
    except DomainError as error:
        flash_refusal(error)
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(url_for("admin.challenges"))


@bp.post("/challenges/<id:challenge_id>/close")
@role_required(Role.ADMIN)
def close_challenge(challenge_id):
    return _challenge_action(challenge_id, services.close_challenge,
                             _("The challenge is closed: it takes no new ideas."))


@bp.post("/challenges/<id:challenge_id>/reopen")
@role_required(Role.ADMIN)
def reopen_challenge(challenge_id):
    return _challenge_action(challenge_id, services.reopen_challenge,
                             _("The challenge is open again for %(days)d days. Edit it to change "
                               "the closing day.", days=services.REOPEN_FOR.days))
