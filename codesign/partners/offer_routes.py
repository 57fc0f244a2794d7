"""Offers of help: a partner's member offers on an idea or a proposal; staff
accept or decline them from the staff dashboard."""
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import permissions
from ..decorators import participant_required, role_required
from ..exceptions import DomainError
from ..extensions import db
from ..models import Idea, Offer, Proposal, Role
from ..web import field_error, flash_refusal, render_form, safe_next
from . import bp, services
from .forms import OfferForm


def _offer(subject_page, idea=None, proposal=None):
    """The form for an offer, shown to anyone signed in: someone who cannot
    offer yet is told why (their organisation is not confirmed, or they have
    none), and a refused offer keeps what was typed."""
    partner = services.partner_for_offer(current_user)
    form = OfferForm()
    if form.validate_on_submit():
        try:
            services.offer_help(current_user, form.kind.data, form.description.data,
                                idea=idea, proposal=proposal)
        except DomainError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("Thank you: your offer is with the council's staff, who will be in touch."),
                  "success")
            return redirect(subject_page)
    return render_form("partners/offer.html", form, partner=partner, idea=idea,
                       proposal=proposal, subject_page=subject_page,
                       can_offer=permissions.can_offer_help(current_user, partner))


@bp.route("/ideas/<id:idea_id>/offer", methods=["GET", "POST"])
@participant_required
def offer_idea(idea_id):
    idea = db.get_or_404(Idea, idea_id)
    if idea.is_hidden:
        abort(403)
    return _offer(url_for("ideas.detail", idea_id=idea.id), idea=idea)


@bp.route("/proposals/<id:proposal_id>/offer", methods=["GET", "POST"])
@participant_required
def offer_proposal(proposal_id):
    proposal = db.get_or_404(Proposal, proposal_id)
    if not permissions.can_view_proposal(current_user, proposal):
        abort(404)
    return _offer(url_for("proposals.detail", proposal_id=proposal.id), proposal=proposal)


def _decide(offer_id, accept):
    offer = db.get_or_404(Offer, offer_id)
    try:
        services.decide_offer(current_user, offer, accept)
    except DomainError as error:
        flash_refusal(error)
    else:
        db.session.commit()
        flash(_("The offer from %(name)s is accepted: it is credited on the proposal and its "
                "pilot.", name=offer.partner.name) if accept
              else _("The offer from %(name)s is declined.", name=offer.partner.name), "success")
    return redirect(safe_next(request.form.get("next"), url_for("staff.dashboard",
                                                                  _anchor="offers")))


@bp.post("/offers/<id:offer_id>/accept")
@role_required(Role.STAFF)
def accept_offer(offer_id):
    return _decide(offer_id, True)


@bp.post("/offers/<id:offer_id>/decline")
@role_required(Role.STAFF)
def decline_offer(offer_id):
    return _decide(offer_id, False)
