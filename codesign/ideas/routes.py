import secrets

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm import lazyload

from .. import pagecache, panels, permissions, search
from ..comments.forms import CommentForm
from ..comments.views import shown_page
from ..decorators import participant_required
from ..exceptions import DomainError
from ..extensions import db
from ..labels import idea_status_label
from ..language import written_by_default
from ..models import Challenge, Idea, IdeaStatus, ServiceArea
from ..web import field_error, render_form
from . import bp, queries, services, sharing, trend
from .forms import IdeaForm


def visitor_seed():
    """A random number kept in the visitor's session, for their daily shuffle."""
    if "shuffle" not in session:
        session["shuffle"] = secrets.randbelow(queries.SHUFFLE_PRIME)
    return session["shuffle"]


def _form_choices(form, idea=None):
    areas, _challenges = queries.filter_choices()
    challenges = queries.open_challenges()
    if idea is not None and idea.challenge is not None and idea.challenge not in challenges:
        challenges = [idea.challenge, *challenges]
    form.set_choices(areas, challenges)


def _apply_form(form, idea=None):
    """Call the service with the form's values; False if a rule said no."""
    area = db.session.get(ServiceArea, form.service_area.data)
    challenge = db.session.get(Challenge, form.challenge.data) if form.challenge.data else None
    values = dict(title=form.title.data, description=form.description.data,
                  service_area=area, challenge=challenge, place=form.place.data,
                  # Left out of the form while one language is offered.
                  language=form.language.data or (
                      written_by_default(current_user) if idea is None else idea.language))
    try:
        if idea is None:
            return services.submit_idea(current_user, **values)
        return services.edit_idea(idea, **values)
    except DomainError as error:
        field_error(form, error)
        return None


def _shuffle():
    """What else an /ideas page depends on: the visitor's order of the day,
    when the ideas are shown at random."""
    if (queries.parse_idea_search(request.args) is not None
            or queries.parse_browse(request.args).sort != "random"):
        return None
    return queries.daily_seed(visitor_seed())


@bp.get("")
@pagecache.for_visitors(vary=_shuffle)
@pagecache.for_signed_in(vary=_shuffle)
def index():
    per_page = current_app.config["IDEAS_PER_PAGE"]
    # With words typed, the same filters apply to the matching ideas, most relevant first.
    browse = queries.parse_idea_search(request.args)
    if browse is not None:
        page, sorts = search.search_ideas(browse, per_page), search.IDEA_SORTS
    else:
        browse = queries.parse_browse(request.args, visitor_seed())
        page, sorts = queries.browse_ideas(browse, per_page), queries.SORTS
    areas, challenges = queries.filter_choices()
    return render_template("ideas/index.html", page=page, browse=browse,
                           areas=areas, challenges=challenges, sorts=sorts)


@bp.get("/similar")
def similar():
    """Ideas like the title being written, for the new-idea form's script."""
    ideas = search.similar_ideas(request.args.get("title", ""))
    return jsonify({"items": [_similar_json(idea) for idea in ideas]})


def _similar_json(idea):
    can_support = permissions.can_support_idea(current_user, idea)
    summary = [ngettext("%(num)d support", "%(num)d supports", idea.support_count)]
    if idea.status != IdeaStatus.PUBLISHED.value:
        summary.append(idea_status_label(idea.status))
    return {
        "id": idea.id,
        "title": idea.title,
        "status": idea.status,
        "support_count": idea.support_count,
        "summary": " · ".join(summary),
        "url": url_for("ideas.detail", idea_id=idea.id),
        "support_url": url_for("ideas.support", idea_id=idea.id) if can_support else None,
    }


@bp.route("/new", methods=["GET", "POST"])
def new():
    # Asked before signing in: nobody should register to find the door shut.
    if not queries.taking_ideas():
        return render_template("ideas/not_open.html")
    return _propose()


@participant_required
def _propose():
    form = IdeaForm()
    _form_choices(form)
    if form.is_submitted() and form.check.data:
        return render_template("ideas/form.html", form=form, idea=None, checked=True,
                               similar=search.similar_ideas(form.title.data or ""))
    if form.validate_on_submit():
        idea = _apply_form(form)
        if idea is not None:
            db.session.commit()
            flash(_("Your idea is published. Share it so others can support it."), "success")
            return redirect(url_for("ideas.detail", idea_id=idea.id))
    return render_form("ideas/form.html", form, idea=None)


def _facts(user):
    """What the idea page asks with the idea's row: whether the person
    supports it, and the panels' facts (codesign/panels.py). The signed-in
    user is read here, first, so whether their own comments are on the page
    does not change the statements the page costs."""
    own = (queries.SUPPORTED,) if user.is_authenticated else ()
    return own + panels.fact_columns("idea", user)


def render_detail(idea, comment_form=None, status=200, answers=None):
    """The idea page; `answers` to _facts, if they were read with the idea."""
    if answers is None:
        _idea, answers = queries.idea_with_facts(idea.id, current_user, _facts(current_user),
                                                 load_idea=False)
    return render_template(
        "ideas/detail.html",
        idea=idea,
        supported=bool(answers.get(queries.SUPPORTED.name)),
        support_trend=trend.support_trend(idea, queries.support_weeks(idea)),
        share=sharing.share_links(idea),
        comments=shown_page(idea, comment_form),
        comment_form=comment_form or CommentForm(formdata=None),
        # What the other areas add (codesign/panels.py), with their queries.
        panels=panels.load("idea", idea, current_user, answers),
    ), status


@bp.get("/<id:idea_id>")
def detail(idea_id):
    idea, answers = queries.idea_with_facts(idea_id, current_user, _facts(current_user))
    if idea is None:
        abort(404)
    if idea.is_hidden and not permissions.can_see_hidden(current_user, idea):
        return render_template("ideas/hidden.html", idea=idea)
    return render_detail(idea, answers=answers)


@bp.route("/<id:idea_id>/edit", methods=["GET", "POST"])
@participant_required
def edit(idea_id):
    idea = db.get_or_404(Idea, idea_id)
    if not permissions.is_idea_author(current_user, idea):
        abort(403)
    # The edit button was shown until someone responded or staff answered:
    # say why it is too late rather than refuse.
    too_late = services.why_not_editable(idea)
    if too_late:
        flash(too_late, "error")
        return redirect(url_for("ideas.detail", idea_id=idea.id))
    form = IdeaForm(data=_form_data(idea) if request.method == "GET" else None)
    _form_choices(form, idea)
    if form.validate_on_submit() and _apply_form(form, idea) is not None:
        db.session.commit()
        flash(_("Your changes are saved."), "success")
        return redirect(url_for("ideas.detail", idea_id=idea.id))
    return render_form("ideas/form.html", form, idea=idea)


def _form_data(idea):
    return {"title": idea.title, "description": idea.description,
            "service_area": idea.service_area_id, "challenge": idea.challenge_id,
            "place": idea.place, "language": idea.language}


@bp.post("/<id:idea_id>/withdraw")
@participant_required
def withdraw(idea_id):
    idea = db.get_or_404(Idea, idea_id)
    if not permissions.is_idea_author(current_user, idea):
        abort(403)
    try:
        services.withdraw_idea(idea)
    except DomainError as error:  # withdrawn already: a second click, or another tab
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("ideas.detail", idea_id=idea.id))
    db.session.commit()
    flash(_("Your idea is withdrawn. It stays visible, marked as withdrawn."), "success")
    return redirect(url_for("ideas.detail", idea_id=idea.id))


def _support_response(idea_id, support_count, supported, message):
    """Answer from values read before the commit: touching the idea after it
    would read the row again in a second transaction."""
    if request.accept_mimetypes.best == "application/json":
        # vote_count: the field's older name, which scripts may still read.
        return jsonify({"idea_id": idea_id, "support_count": support_count,
                        "vote_count": support_count, "supported": supported,
                        "message": message})
    flash(message, "success")
    return redirect(url_for("ideas.detail", idea_id=idea_id, _anchor="support"))


def _support_refused(idea_id, message):
    """The idea stopped taking support after its page was shown (withdrawn,
    or merged into another): say so where the button was."""
    db.session.rollback()
    if request.accept_mimetypes.best == "application/json":
        return jsonify({"idea_id": idea_id, "message": message}), 409
    flash(message, "error")
    return redirect(url_for("ideas.detail", idea_id=idea_id, _anchor="support"))


# /vote and /unvote are the addresses' older names (documented in the README):
# the same views, so the same endpoint and rate limit. url_for builds the
# address registered first: the decorator nearest the function.
@bp.post("/<id:idea_id>/vote")
@bp.post("/<id:idea_id>/support")
@participant_required
def support(idea_id):
    try:
        # Most supports are new ones of an idea that takes them: one statement.
        support_count = (services.support_at_once(current_user, idea_id)
                         if permissions.is_participant(current_user) else None)
        if support_count is None:
            support_count = _support_loaded(idea_id)
    except DomainError as error:
        return _support_refused(idea_id, error.message)
    db.session.commit()
    return _support_response(idea_id, support_count, True, _("You support this idea."))


def _support_loaded(idea_id):
    # The idea's own row is all a support needs: no author, area or challenge.
    idea = db.get_or_404(Idea, idea_id, options=[lazyload("*")])
    # A hidden idea's button is shown to nobody who may press it; whether a
    # shown idea still takes support is the service's to say.
    if not permissions.is_participant(current_user) or idea.is_hidden:
        abort(403)
    services.add_support(current_user, idea)
    return idea.support_count  # the database's, as the service left it


@bp.post("/<id:idea_id>/unvote")
@bp.post("/<id:idea_id>/unsupport")
@participant_required
def unsupport(idea_id):
    idea = db.get_or_404(Idea, idea_id, options=[lazyload("*")])
    if not permissions.is_participant(current_user) or idea.is_hidden:
        abort(403)
    services.remove_support(current_user, idea)
    support_count = idea.support_count
    db.session.commit()
    return _support_response(idea_id, support_count, False, _("You no longer support this idea."))
