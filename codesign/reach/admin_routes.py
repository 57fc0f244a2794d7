"""/admin/reach: which profile questions the site asks, the list of wards or
postcode districts, and the reference population's shares. Administrators only."""
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..decorators import role_required
from ..exceptions import DomainError
from ..extensions import db
from ..models import ReachPlace, Role, ServiceArea
from ..models.reach import QUESTIONS, SERVICE_USE
from ..web import field_error, flash_refusal, id_arg, render_form
from . import bp, groups, services
from .forms import PlaceForm, QuestionsForm, reference_form


def _areas():
    return db.session.scalars(select(ServiceArea).order_by(ServiceArea.name)).all()


@bp.route("/admin/reach", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def admin():
    asked = services.asked_questions()
    form = QuestionsForm(data={f"ask_{key}": key in asked for key in QUESTIONS})
    if form.validate_on_submit():
        try:
            services.set_asked_questions(
                [key for key in QUESTIONS if form[f"ask_{key}"].data])
        except DomainError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("The questions are saved."), "success")
            return redirect(url_for("reach.admin"))
    references = services.references()
    return render_form("reach/admin.html", form, references=references, areas=_areas(),
                       questions=QUESTIONS, names=groups.QUESTION_NAMES,
                       place_count=len(services.places()))


@bp.route("/admin/reach/places", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def places():
    form = PlaceForm()
    if form.validate_on_submit():
        try:
            place = services.add_place(form.name.data)
        except DomainError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("“%(name)s” added.", name=place.name), "success")
            return redirect(url_for("reach.places"))
    return render_form("reach/places.html", form, places=services.places())


@bp.post("/admin/reach/places/<id:place_id>/remove")
@role_required(Role.ADMIN)
def remove_place(place_id):
    place = db.get_or_404(ReachPlace, place_id)
    name = place.name
    try:
        services.remove_place(place)
    except DomainError as error:
        flash_refusal(error)
    else:
        db.session.commit()
        flash(_("“%(name)s” removed.", name=name), "success")
    return redirect(url_for("reach.places"))


def _area_arg(question):
    """The service area (or None, site-wide) a reference page is about, from
    ?area=; 404 for anything unknown."""
    area = None
    if request.args.get("area"):
        area_id = id_arg(request.args["area"])
        area = db.session.get(ServiceArea, area_id) if area_id else None
        if area is None:
            abort(404)
    if question == SERVICE_USE and area is None:
        abort(404)
    return area


@bp.route("/admin/reach/references/<question>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def reference(question):
    if question not in QUESTIONS:
        abort(404)
    area = _area_arg(question)
    keys = services.reference_groups(question)
    place_names = {place.id: place.name for place in services.places()}
    names = {(value, place_id): groups.group_name(question, value, place_names.get(place_id))
             for value, place_id in keys}
    existing = services.reference_for(question, area)
    form = reference_form(question, keys, names, existing)
    if keys and form.validate_on_submit():
        shares = {key: field.data for key, field in form.share_fields}
        try:
            services.save_reference(question, area, shares, form.source.data, form.year.data)
        except DomainError as error:
            field_error(form, error, default=form.share_fields[0][1])
        else:
            db.session.commit()
            flash(_("The reference population is saved."), "success")
            return redirect(url_for("reach.admin"))
    return render_form("reach/reference.html", form, question=question, area=area,
                       question_name=groups.QUESTION_NAMES[question], existing=existing)
