from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import pagecache, panels, permissions, search
from ..comments.forms import CommentForm
from ..comments.views import shown_page
from ..decorators import role_required
from ..exceptions import DomainError
from ..extensions import db
from ..models import Idea, Proposal, ProposalStatus, Role, ServiceArea
from ..web import field_error, render_form
from . import bp, queries, services
from .forms import PromoteForm, ProposalForm, StatusForm


def load_proposal(proposal_id):
    """A proposal this visitor may see; drafts are 404 to everyone but staff."""
    proposal = db.get_or_404(Proposal, proposal_id)
    if not permissions.can_view_proposal(current_user, proposal):
        abort(404)
    return proposal


def _values(form):
    values = {name: getattr(form, name).data for name in services.FIELDS}
    values["service_area"] = db.session.get(ServiceArea, form.service_area.data)
    return values


def status_form(proposal, formdata=None):
    """The staff form that moves a proposal on. A sent form is checked against
    every status, so a step that is not allowed gets the service's message."""
    form = StatusForm(formdata=formdata, data={"current": proposal.status})
    form.set_choices([s.value for s in ProposalStatus] if formdata is not None
                     else services.next_statuses(proposal))
    return form


def render_detail(proposal, comment_form=None, status=200, answers=None):
    """The proposal page. `answers` are those of the panels' facts, read with
    the proposal (detail); without them (a comment form sent back with its
    errors) they are read now, in one statement."""
    if answers is None:
        _proposal, answers = queries.proposal_with_facts(
            proposal.id, current_user, panels.fact_columns("proposal", current_user))
    # Hidden ideas are not credited, but a proposal made from ideas (all
    # hidden for now) says so; one made from none (an adoption, which credits
    # the original ideas in its own panel) has no "Co-designed by" at all.
    ideas = queries.source_ideas(proposal, include_hidden=True)
    return render_template(
        "proposals/detail.html", proposal=proposal,
        sources=[idea for idea in ideas if not idea.is_hidden], made_from_ideas=bool(ideas),
        timeline=queries.timeline(proposal),
        comments=shown_page(proposal, comment_form),
        comment_form=comment_form or CommentForm(formdata=None),
        # Only staff who manage the proposal see the form: nobody else pays for it.
        status_form=(status_form(proposal)
                     if permissions.can_manage_proposal(current_user, proposal) else None),
        # What the other areas add (codesign/panels.py), with their queries.
        panels=panels.load("proposal", proposal, current_user, answers),
    ), status


@bp.get("/proposals")
@pagecache.for_visitors()
# Staff see drafts too: their kept lists are their own.
@pagecache.for_signed_in(vary=lambda: permissions.is_staff(current_user))
def index():
    staff = permissions.is_staff(current_user)
    browse = queries.parse_browse(request.args, include_drafts=staff)
    q = search.clean_query(request.args.get("q"))
    if q:
        browse = search.ProposalSearch(q, browse)
        page = search.search_proposals(q, browse, queries.PER_PAGE, include_drafts=staff)
    else:
        page = queries.browse_proposals(browse, include_drafts=staff)
    return render_template("proposals/index.html", page=page, browse=browse,
                           areas=queries.service_areas(),
                           statuses=queries.visible_statuses(include_drafts=staff))


@bp.get("/proposals/<id:proposal_id>")
def detail(proposal_id):
    # The proposal with what its page's panels ask about it, in one statement.
    proposal, answers = queries.proposal_with_facts(
        proposal_id, current_user, panels.fact_columns("proposal", current_user))
    if proposal is None or not permissions.can_view_proposal(current_user, proposal):
        abort(404)
    return render_detail(proposal, answers=answers)


@bp.route("/ideas/<id:idea_id>/promote", methods=["GET", "POST"])
@role_required(Role.STAFF)
def promote(idea_id):
    idea = db.get_or_404(Idea, idea_id)
    if idea.proposal_id is not None:
        # Most often the same form sent twice: say where the idea went.
        flash(_("This idea is already part of a proposal. Nothing was changed."), "error")
        return redirect(url_for("proposals.detail", proposal_id=idea.proposal_id))
    if not permissions.can_promote_idea(current_user, idea):
        # Only the idea's state can refuse staff here: say which (hidden,
        # withdrawn, a duplicate) on the refusal page, not just "not allowed".
        reason = services.why_not_promotable(idea)
        if reason:
            flash(reason, "error")
        abort(403)
    form = PromoteForm(data={"title": idea.title, "service_area": idea.service_area_id}
                       if request.method == "GET" else None)
    form.set_choices(queries.service_areas())
    if form.validate_on_submit():
        try:
            proposal = services.promote_idea(current_user, idea, _values(form), form.message.data,
                                             form.extra_idea_ids, publish=form.publish.data)
        except DomainError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("The proposal is created and the residents whose ideas it includes are told."),
                  "success")
            return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    return render_form("proposals/promote.html", form, idea=idea,
                       duplicates=queries.duplicates_of(idea))


@bp.route("/proposals/<id:proposal_id>/edit", methods=["GET", "POST"])
@role_required(Role.STAFF)
def edit(proposal_id):
    proposal = load_proposal(proposal_id)
    if not permissions.can_manage_proposal(current_user, proposal):
        abort(403)
    if not permissions.can_edit_proposal(current_user, proposal):
        flash(_("This proposal can no longer be edited: a decision was taken on it."), "error")
        return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    form = ProposalForm(data=_form_data(proposal) if request.method == "GET" else None)
    form.set_choices(queries.service_areas())
    if form.validate_on_submit():
        try:
            services.edit_proposal(proposal, _values(form))
        except DomainError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("The proposal is updated."), "success")
            return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    return render_form("proposals/edit.html", form, proposal=proposal)


def _form_data(proposal):
    data = {name: getattr(proposal, name) for name in services.FIELDS}
    data["service_area"] = proposal.service_area_id
    return data


@bp.route("/proposals/<id:proposal_id>/status", methods=["GET", "POST"])
@role_required(Role.STAFF)
def status(proposal_id):
    proposal = load_proposal(proposal_id)
    if not permissions.can_manage_proposal(current_user, proposal):
        abort(403)
    form = status_form(proposal, formdata=request.form if request.method == "POST" else None)
    if form.validate_on_submit():
        try:
            services.change_status(current_user, proposal, form.status.data, form.response.data,
                                   seen_status=form.current.data)
        except DomainError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("The proposal's status is changed and its followers are told."), "success")
            return redirect(url_for("proposals.detail", proposal_id=proposal.id, _anchor="timeline"))
    # Offer the steps open from where the proposal is now, keeping what was typed.
    form.set_choices(services.next_statuses(proposal))
    form.current.data = proposal.status
    return render_form("proposals/status.html", form, proposal=proposal)
