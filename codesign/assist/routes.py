"""The connector's pages: find or add the resident, enter an idea, a comment
or a support for them, print their slip; and moderators' oversight."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import permissions
from ..decorators import participant_required
from ..exceptions import DomainError
from ..extensions import db
from ..ideas import queries as idea_queries
from ..models import Challenge, Idea, ServiceArea, User
from ..reach import forms as reach_forms
from ..reach import services as reach_services
from ..web import field_error, id_arg, page_arg, render_form
from . import bp, queries, services
from .forms import AssistedCommentForm, AssistedIdeaForm, AssistedSupportForm, ResidentForm

AUDIT_PER_PAGE = 50


def _connector_only():
    if not permissions.can_assist(current_user):
        abort(403)


def _resident_or_404(reference):
    resident = queries.resident_by_reference(reference)
    if resident is None or queries.normal_reference(reference) != reference:
        abort(404)
    return resident


@bp.route("/assist", methods=["GET", "POST"])
@participant_required
def start():
    _connector_only()
    form = ResidentForm()
    if form.validate_on_submit():
        resident, created = services.find_or_create_resident(
            current_user, form.name.data, form.district, email=form.email.data,
            phone=form.phone.data, locale=form.language.data)
        db.session.commit()
        flash(_("A new reference number was made for this resident.") if created else
              _("This resident was entered before: it is the same reference number."), "success")
        return redirect(url_for("assist.resident", reference=resident.reference))
    return render_form("assist/start.html", form)


@bp.get("/assist/<reference>")
@participant_required
def resident(reference):
    _connector_only()
    found = _resident_or_404(reference)
    return render_template("assist/resident.html", resident=found,
                           entries=queries.entries_of(found))


@bp.get("/assist/<reference>/slip")
@participant_required
def slip(reference):
    _connector_only()
    found = _resident_or_404(reference)
    return render_template("assist/slip.html", resident=found,
                           entries=queries.entries_of(found))


@bp.route("/assist/<reference>/about", methods=["GET", "POST"])
@participant_required
def answers(reference):
    """The resident's answers to the profile questions. The form starts
    empty every time: answers recorded before are never shown again."""
    _connector_only()
    found = _resident_or_404(reference)
    form = reach_forms.about_you_form(
        reach_services.asked_questions(),
        db.session.scalars(db.select(ServiceArea).order_by(ServiceArea.name)).all(),
        reach_services.places(), {}, request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate_on_submit():
        try:
            services.record_answers(current_user, found, reach_forms.answers_from(form))
        except DomainError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("The resident’s answers are saved."), "success")
            return redirect(url_for("assist.resident", reference=found.reference))
    return render_form("assist/answers.html", form, resident=found,
                       answered=reach_services.resident_answered(found))


def _how(form):
    return dict(channel=form.channel.data, place=form.where.data)


def _idea_form_choices(form):
    areas, _challenges = idea_queries.filter_choices()
    form.set_choices(areas, idea_queries.open_challenges())


@bp.route("/assist/<reference>/idea", methods=["GET", "POST"])
@participant_required
def enter_idea(reference):
    _connector_only()
    found = _resident_or_404(reference)
    form = AssistedIdeaForm()
    _idea_form_choices(form)
    if form.validate_on_submit():
        try:
            idea = services.enter_idea(
                current_user, found, title=form.title.data, description=form.description.data,
                service_area=db.session.get(ServiceArea, form.service_area.data),
                challenge=(db.session.get(Challenge, form.challenge.data)
                           if form.challenge.data else None),
                idea_place=form.place.data, **_how(form))
        except DomainError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("The idea is published for the resident."), "success")
            return redirect(url_for("assist.resident", reference=found.reference,
                                    _anchor=f"idea-{idea.id}"))
    return render_form("assist/idea.html", form, resident=found)


def _idea_for(form):
    """The idea the form names, or None with a message beside the field."""
    idea = db.session.get(Idea, form.idea.data)
    if idea is None:
        form.idea.errors.append(_("There is no idea number %(num)d. Check the number on the "
                                  "idea’s page.", num=form.idea.data))
    return idea


def _idea_entry(reference, form_class, template, enter, done):
    _connector_only()
    found = _resident_or_404(reference)
    prefill = id_arg(request.args.get("idea")) if request.method == "GET" else None
    form = form_class(data={"idea": prefill} if prefill else None)
    if form.validate_on_submit():
        idea = _idea_for(form)
        if idea is not None:
            try:
                enter(form, found, idea)
            except DomainError as error:
                field_error(form, error, default=form.idea)
            else:
                db.session.commit()
                flash(done, "success")
                return redirect(url_for("assist.resident", reference=found.reference))
    return render_form(template, form, resident=found)


@bp.route("/assist/<reference>/comment", methods=["GET", "POST"])
@participant_required
def enter_comment(reference):
    return _idea_entry(
        reference, AssistedCommentForm, "assist/comment.html",
        lambda form, found, idea: services.enter_comment(
            current_user, found, idea=idea, body=form.body.data, **_how(form)),
        _("The comment is added for the resident."))


@bp.route("/assist/<reference>/support", methods=["GET", "POST"])
@participant_required
def enter_support(reference):
    return _idea_entry(
        reference, AssistedSupportForm, "assist/support.html",
        lambda form, found, idea: services.enter_support(
            current_user, found, idea=idea, **_how(form)),
        _("The resident’s support is counted."))


@bp.get("/moderation/assisted")
@participant_required
def audit():
    if not permissions.can_oversee_assisted(current_user):
        abort(403)
    connector_id = id_arg(request.args.get("connector"))
    connector = db.session.get(User, connector_id) if connector_id else None
    day = queries.parse_day(request.args.get("day"))
    page = queries.audit_page(page_arg(request.args.get("page")), AUDIT_PER_PAGE,
                              connector_id=connector.id if connector else None, day=day)
    return render_template("assist/audit.html", page=page, connector=connector, day=day,
                           summary=queries.audit_summary())
