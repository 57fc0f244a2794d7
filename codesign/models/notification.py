import enum

from ..clock import utcnow
from ..extensions import db
from ..sanitise import rendered_from
from .idea import _in


class NotificationKind(str, enum.Enum):
    IDEA_STATUS = "idea_status"          # staff changed an idea's status
    IDEA_PROMOTED = "idea_promoted"      # an idea became (part of) a proposal
    IDEA_MERGED = "idea_merged"          # an idea was marked a duplicate
    PROPOSAL_STATUS = "proposal_status"  # a proposal moved on
    CONTENT_HIDDEN = "content_hidden"    # your idea or comment was hidden
    CONTENT_RESTORED = "content_restored"
    APPEAL_DECIDED = "appeal_decided"
    NEW_COMMENT = "new_comment"          # a comment on something you follow
    PILOT_STARTED = "pilot_started"      # a pilot of your idea started
    PILOT_CLOSED = "pilot_closed"        # ... and closed, with its verdict
    DESIGN_GROUP = "design_group"        # staff wrote to a proposal's design group
    IDEA_ADOPTED = "idea_adopted"        # a pilot of your idea that worked is adopted elsewhere
    ADOPTION_VERDICT = "adoption_verdict"  # ... and that adoption's own pilot has a verdict


class Follow(db.Model):
    __tablename__ = "follow"
    __table_args__ = (
        db.CheckConstraint("(idea_id IS NULL) <> (proposal_id IS NULL)", name="one_subject"),
        db.UniqueConstraint("user_id", "idea_id", name="uq_follow_user_idea"),
        db.UniqueConstraint("user_id", "proposal_id", name="uq_follow_user_proposal"),
    )

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    idea_id = db.Column(db.Integer, db.ForeignKey("idea.id"), index=True)
    proposal_id = db.Column(db.Integer, db.ForeignKey("proposal.id"), index=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class Notification(db.Model):
    """Something a user should know. The message is worded at display time,
    in the reader's language, from the kind and the linked rows."""

    __tablename__ = "notification"
    __table_args__ = (
        db.CheckConstraint(_in("kind", NotificationKind), name="kind_known"),
        db.Index("ix_notification_user_id_read_at", "user_id", "read_at"),
        db.Index("ix_notification_emailed_at", "emailed_at"),
    )

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    kind = db.Column(db.String(30), nullable=False)
    idea_id = db.Column(db.Integer, db.ForeignKey("idea.id"))
    proposal_id = db.Column(db.Integer, db.ForeignKey("proposal.id"))
    comment_id = db.Column(db.Integer, db.ForeignKey("comment.id"))
    pilot_id = db.Column(db.Integer, db.ForeignKey("pilot.id"))
    # Free text from staff or moderators shown with it (official response, reason).
    detail = db.Column(db.Text, nullable=False, default="")
    detail_html = db.Column(db.Text, nullable=False, default=rendered_from("detail"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    read_at = db.Column(db.DateTime)
    # Set once the notification went out by email (at once or in a digest),
    # or was passed over because the user wants no email.
    emailed_at = db.Column(db.DateTime)

    idea = db.relationship("Idea", lazy="joined")
    proposal = db.relationship("Proposal", lazy="joined")
    pilot = db.relationship("Pilot", lazy="joined")
    comment = db.relationship("Comment")
