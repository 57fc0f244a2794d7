"""Partners who help deliver: organisations (confirmed by an admin before
they show), the accounts that belong to them, their offers of help on an
idea or a proposal, and the residents who join a proposal's design group."""
import enum

from sqlalchemy.orm import backref, validates

from ..clock import utcnow
from ..extensions import db
from ..formtext import name_key
from ..sanitise import rendered_from
from .idea import _in


class PartnerKind(str, enum.Enum):
    SOCIAL_ENTERPRISE = "social_enterprise"
    CHARITY = "charity"
    BUSINESS = "business"
    PUBLIC_BODY = "public_body"


class PartnerStatus(str, enum.Enum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    DECLINED = "declined"


class OfferKind(str, enum.Enum):
    SKILLS = "skills"
    VENUE = "venue"
    VOLUNTEERS = "volunteers"
    IN_KIND = "in_kind"  # money in kind: goods, services, materials


class OfferStatus(str, enum.Enum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


NAME_MAX = 120
WEBSITE_MAX = 300
DESCRIPTION_MAX = 2_000
OFFER_MAX = 2_000
NOTE_MAX = 1_000


def _key(context):
    return name_key(context.get_current_parameters().get("name"))


class Partner(db.Model):
    __tablename__ = "partner"
    __table_args__ = (
        db.CheckConstraint(_in("kind", PartnerKind), name="kind_known"),
        db.CheckConstraint(_in("status", PartnerStatus), name="status_known"),
        db.Index("ix_partner_status_name", "status", "name"),
    )

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(NAME_MAX), nullable=False)
    # Names that look alike once case-folded belong to one organisation only.
    name_key = db.Column(db.String(255), nullable=False, unique=True, default=_key)
    kind = db.Column(db.String(20), nullable=False)
    website = db.Column(db.String(WEBSITE_MAX), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    description_html = db.Column(db.Text, nullable=False, default=rendered_from("description"))
    status = db.Column(db.String(16), nullable=False, default=PartnerStatus.PENDING.value)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"),
                              index=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    decided_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    decided_at = db.Column(db.DateTime)

    @validates("name")
    def _keep_key(self, _key_name, name):
        self.name_key = name_key(name)
        return name

    @property
    def is_confirmed(self):
        return self.status == PartnerStatus.CONFIRMED.value

    @property
    def is_pending(self):
        return self.status == PartnerStatus.PENDING.value

    def __repr__(self):
        return f"<Partner {self.id}>"


class PartnerMember(db.Model):
    """An account that speaks for a partner: one partner per account. The
    account's partner is loaded with the account (a joined load), so a page
    that shows authors' names with their organisation costs no more queries."""

    __tablename__ = "partner_member"

    id = db.Column(db.Integer, primary_key=True)
    partner_id = db.Column(db.Integer, db.ForeignKey("partner.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="CASCADE"),
                        nullable=False, unique=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    partner = db.relationship("Partner", lazy="joined", innerjoin=True)
    user = db.relationship("User", backref=backref("partner_membership", uselist=False,
                                                   lazy="joined", passive_deletes=True))


class Offer(db.Model):
    """A partner's offer to help deliver an idea or a proposal."""

    __tablename__ = "partner_offer"
    __table_args__ = (
        db.CheckConstraint("(idea_id IS NULL) <> (proposal_id IS NULL)", name="one_subject"),
        db.CheckConstraint(_in("kind", OfferKind), name="kind_known"),
        db.CheckConstraint(_in("status", OfferStatus), name="status_known"),
        db.Index("ix_partner_offer_status_created_at", "status", "created_at"),
    )

    id = db.Column(db.Integer, primary_key=True)
    partner_id = db.Column(db.Integer, db.ForeignKey("partner.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    idea_id = db.Column(db.Integer, db.ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    proposal_id = db.Column(db.Integer, db.ForeignKey("proposal.id", ondelete="CASCADE"),
                            index=True)
    kind = db.Column(db.String(16), nullable=False)
    description = db.Column(db.Text, nullable=False)
    description_html = db.Column(db.Text, nullable=False, default=rendered_from("description"))
    status = db.Column(db.String(16), nullable=False, default=OfferStatus.PENDING.value)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    decided_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    decided_at = db.Column(db.DateTime)

    partner = db.relationship("Partner", lazy="joined", innerjoin=True)
    created_by = db.relationship("User", foreign_keys=[created_by_id], lazy="joined")

    @property
    def is_pending(self):
        return self.status == OfferStatus.PENDING.value


class DesignGroupMember(db.Model):
    """A resident who volunteered to test a proposal's change or give
    feedback during its pilot. Named in the credits only if they agreed."""

    __tablename__ = "design_group_member"
    __table_args__ = (
        db.UniqueConstraint("proposal_id", "user_id"),
    )

    id = db.Column(db.Integer, primary_key=True)
    proposal_id = db.Column(db.Integer, db.ForeignKey("proposal.id", ondelete="CASCADE"),
                            nullable=False, index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="CASCADE"),
                        nullable=False, index=True)
    note = db.Column(db.Text, nullable=False)
    note_html = db.Column(db.Text, nullable=False, default=rendered_from("note"))
    credit_by_name = db.Column(db.Boolean, nullable=False, default=False)
    joined_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    user = db.relationship("User", lazy="joined", innerjoin=True)
