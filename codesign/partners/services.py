"""The rules for partners, their offers and design groups. Functions take
models and values, flush, never commit; a rule that says no raises
DomainError (naming the form field it belongs beside) and the route rolls back."""
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ..auth.services import find_user_by_email
from ..clock import utcnow
from ..exceptions import DomainError
from ..extensions import db
from ..formtext import clean_name
from ..models import (
    DesignGroupMember,
    NotificationKind,
    Offer,
    OfferKind,
    OfferStatus,
    Partner,
    PartnerKind,
    PartnerMember,
    PartnerStatus,
    ProposalStatus,
)
from ..models.partner import WEBSITE_MAX
from ..notifications.services import notify
from ..permissions import DESIGN_GROUP_OPEN
from ..sanitise import render_markdown

OFFERABLE_PROPOSAL = (ProposalStatus.OPEN_FOR_FEEDBACK.value, ProposalStatus.APPROVED.value,
                      ProposalStatus.IN_PILOT.value)


def check_website(value):
    """An http(s) address with a host, as typed (trimmed); anything else is
    refused: a javascript: or data: link must never reach a page."""
    value = (value or "").strip()
    parts = urlsplit(value)
    if (parts.scheme.lower() not in ("http", "https") or not parts.hostname
            or any(char.isspace() or ord(char) < 32 for char in value)
            or len(value) > WEBSITE_MAX):
        raise DomainError(_("Enter the organisation's website address, starting with https://"),
                          field="website")
    return value


# -- organisations --------------------------------------------------------------

def register_partner(user, name, kind, website, description):
    """A new organisation, pending until an admin confirms it."""
    name = clean_name(name or "")
    if not name:
        raise DomainError(_("Give the organisation's name"), field="name")
    if kind not in {item.value for item in PartnerKind}:
        raise DomainError(_("Choose the kind of organisation"), field="kind")
    partner = Partner(name=name, kind=kind, website=check_website(website),
                      description=description or "",
                      description_html=render_markdown(description or ""),
                      status=PartnerStatus.PENDING.value, created_by_id=user.id,
                      created_at=utcnow())
    try:
        with db.session.begin_nested():
            db.session.add(partner)
    except IntegrityError:  # a name that looks the same is registered already
        raise DomainError(_("An organisation called “%(name)s” is registered already.",
                            name=name), field="name") from None
    return partner


def _decide(admin, partner, status):
    if not partner.is_pending:
        raise DomainError(_("“%(name)s” was decided already.", name=partner.name))
    partner.status, partner.decided_by_id, partner.decided_at = status, admin.id, utcnow()


def confirm_partner(admin, partner):
    """Shown from now on; the person who registered it becomes its first
    member, unless they already speak for another organisation."""
    _decide(admin, partner, PartnerStatus.CONFIRMED.value)
    if partner.created_by_id is not None and db.session.scalar(
            select(PartnerMember.id).where(PartnerMember.user_id == partner.created_by_id)) is None:
        db.session.add(PartnerMember(partner_id=partner.id, user_id=partner.created_by_id,
                                     created_at=utcnow()))
    db.session.flush()
    return partner


def decline_partner(admin, partner):
    _decide(admin, partner, PartnerStatus.DECLINED.value)
    db.session.flush()
    return partner


def add_member(partner, email):
    if not partner.is_confirmed:
        raise DomainError(_("Confirm the organisation before adding people to it."), field="email")
    user = find_user_by_email(email or "")
    if user is None:
        raise DomainError(_("Nobody has an account with that email address."), field="email")
    if user.partner_membership is not None:
        raise DomainError(_("%(name)s already belongs to %(partner)s.", name=user.display_name,
                            partner=user.partner_membership.partner.name), field="email")
    try:
        with db.session.begin_nested():
            db.session.add(PartnerMember(partner_id=partner.id, user_id=user.id,
                                         created_at=utcnow()))
    except IntegrityError:  # added elsewhere just now
        raise DomainError(_("%(name)s already belongs to an organisation.",
                            name=user.display_name), field="email") from None
    return user


def remove_member(partner, user):
    removed = db.session.execute(delete(PartnerMember).where(
        PartnerMember.partner_id == partner.id, PartnerMember.user_id == user.id)).rowcount
    if not removed:
        raise DomainError(_("%(name)s does not belong to %(partner)s.", name=user.display_name,
                            partner=partner.name))
    db.session.expire(user, ["partner_membership"])


# -- offers of help -----------------------------------------------------------------

def partner_for_offer(user):
    """The organisation this person would offer help for: the one they
    belong to, or else the one they registered and is not confirmed (so the
    refusal can say why). None if neither."""
    membership = getattr(user, "partner_membership", None)
    if membership is not None:
        return membership.partner
    return db.session.scalars(
        select(Partner).where(Partner.created_by_id == user.id)
        .order_by(Partner.created_at.desc(), Partner.id.desc()).limit(1)).first()


def _check_subject(idea, proposal):
    if idea is not None:
        if idea.is_hidden or idea.is_withdrawn or idea.duplicate_of_id is not None:
            raise DomainError(_("This idea no longer takes offers of help."))
    elif proposal.status not in OFFERABLE_PROPOSAL:
        raise DomainError(_("This proposal does not take offers of help at this stage."))


def offer_help(user, kind, description, idea=None, proposal=None):
    """A pending offer from the user's organisation, for staff to accept."""
    partner = partner_for_offer(user)
    if partner is None:
        raise DomainError(_("Only people who belong to a partner organisation can offer help. "
                            "Register your organisation first."))
    if not partner.is_confirmed:
        raise DomainError(_("“%(name)s” is not confirmed yet: an administrator checks every "
                            "organisation before it can offer help.", name=partner.name))
    _check_subject(idea, proposal)
    if kind not in {item.value for item in OfferKind}:
        raise DomainError(_("Choose what you offer"), field="kind")
    if not (description or "").strip():
        raise DomainError(_("Say what you offer and how it would help"), field="description")
    offer = Offer(partner_id=partner.id, created_by_id=user.id, kind=kind,
                  idea_id=idea.id if idea is not None else None,
                  proposal_id=proposal.id if proposal is not None else None,
                  description=description, description_html=render_markdown(description),
                  status=OfferStatus.PENDING.value, created_at=utcnow())
    db.session.add(offer)
    db.session.flush()
    return offer


def decide_offer(staff, offer, accept):
    if not offer.is_pending:
        raise DomainError(_("This offer was decided already."))
    offer.status = OfferStatus.ACCEPTED.value if accept else OfferStatus.DECLINED.value
    offer.decided_by_id, offer.decided_at = staff.id, utcnow()
    db.session.flush()
    return offer


# -- design groups -------------------------------------------------------------------

def join_design_group(user, proposal, note, credit_by_name):
    """Join, or change one's note and credit choice if already in the group."""
    if proposal.status not in DESIGN_GROUP_OPEN:
        raise DomainError(_("The design group is open only while the proposal is open for "
                            "feedback or in pilot."))
    if not (note or "").strip():
        raise DomainError(_("Say how you can help"), field="note")
    member = db.session.scalar(select(DesignGroupMember).where(
        DesignGroupMember.proposal_id == proposal.id, DesignGroupMember.user_id == user.id))
    if member is None:
        member = DesignGroupMember(proposal_id=proposal.id, user_id=user.id, joined_at=utcnow())
    member.note, member.note_html = note, render_markdown(note)
    member.credit_by_name = bool(credit_by_name)
    try:
        with db.session.begin_nested():
            db.session.add(member)
    except IntegrityError:  # the same person joined from another tab just now
        raise DomainError(_("You are in this design group already.")) from None
    return member


def leave_design_group(user, proposal):
    return db.session.execute(delete(DesignGroupMember).where(
        DesignGroupMember.proposal_id == proposal.id,
        DesignGroupMember.user_id == user.id)).rowcount > 0


def message_design_group(staff, proposal, message):
    """Each member gets a notification with the message (rendered and stored
    by notify, like every other text), by email too if they asked for that."""
    if not (message or "").strip():
        raise DomainError(_("Write the message"), field="message")
    member_ids = list(db.session.scalars(select(DesignGroupMember.user_id).where(
        DesignGroupMember.proposal_id == proposal.id)))
    if not member_ids:
        raise DomainError(_("Nobody has joined this design group yet."), field="message")
    return notify(member_ids, NotificationKind.DESIGN_GROUP, proposal=proposal, detail=message,
                  actor=staff)
