"""A proposal's design group: residents join (with a note, and whether to be
credited by name) and leave; staff see who is in it, with their email
addresses, and write to them through the notifications."""
from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from .. import permissions
from ..decorators import participant_required, role_required
from ..exceptions import DomainError
from ..extensions import db
from ..models import Proposal, Role
from ..web import field_error, render_form
from . import bp, queries, services
from .forms import JoinForm, MessageForm


def load_proposal(proposal_id):
    proposal = db.get_or_404(Proposal, proposal_id)
    if not permissions.can_view_proposal(current_user, proposal):
        abort(404)
    return proposal


def _to_proposal(proposal):
    return redirect(url_for("proposals.detail", proposal_id=proposal.id, _anchor="design-group"))


@bp.route("/proposals/<id:proposal_id>/design-group/join", methods=["GET", "POST"])
@participant_required
def join_group(proposal_id):
    proposal = load_proposal(proposal_id)
    member = queries.group_membership(proposal, current_user)
    form = JoinForm(obj=member)
    if form.validate_on_submit():
        try:
            services.join_design_group(current_user, proposal, form.note.data,
                                       form.credit_by_name.data)
        except DomainError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("You are in the design group. Staff will be in touch through your "
                    "notifications."), "success")
            return _to_proposal(proposal)
    return render_form("partners/join.html", form, proposal=proposal, member=member,
                       can_join=permissions.can_join_design_group(current_user, proposal))


@bp.post("/proposals/<id:proposal_id>/design-group/leave")
@login_required
def leave_group(proposal_id):
    proposal = load_proposal(proposal_id)
    if services.leave_design_group(current_user, proposal):
        db.session.commit()
        flash(_("You have left the design group."), "success")
    return _to_proposal(proposal)


def _group_page(proposal, form):
    members = queries.group_members(proposal)
    return render_form("partners/group.html", form, proposal=proposal, members=members)


@bp.get("/proposals/<id:proposal_id>/design-group")
@role_required(Role.STAFF)
def design_group(proposal_id):
    return _group_page(load_proposal(proposal_id), MessageForm(formdata=None))


@bp.post("/proposals/<id:proposal_id>/design-group/message")
@role_required(Role.STAFF)
def message_group(proposal_id):
    proposal = load_proposal(proposal_id)
    form = MessageForm()
    if form.validate_on_submit():
        try:
            sent = services.message_design_group(current_user, proposal, form.message.data)
        except DomainError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(ngettext("Your message went to %(num)d person.",
                           "Your message went to %(num)d people.", len(sent)), "success")
            return redirect(url_for("partners.design_group", proposal_id=proposal.id))
    return _group_page(proposal, form)
