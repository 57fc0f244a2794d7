"""Reports, the moderators' append-only log, and appeals. Nothing here is
ever deleted: hiding is a state on the item, and every change is a row."""
import enum

from ..clock import utcnow
from ..extensions import db
from .idea import _in

# Exactly one of the three subjects is set.
ONE_TARGET = (
    "(CASE WHEN idea_id IS NULL THEN 0 ELSE 1 END"
    " + CASE WHEN comment_id IS NULL THEN 0 ELSE 1 END"
    " + CASE WHEN user_id IS NULL THEN 0 ELSE 1 END) = 1"
)


class ReportReason(str, enum.Enum):
    SPAM = "spam"
    OFFENSIVE = "offensive"
    OFF_TOPIC = "off_topic"
    PERSONAL_INFORMATION = "personal_information"
    OTHER = "other"



class ModerationActionKind(str, enum.Enum):
    AUTO_HIDE = "auto_hide"
    HIDE = "hide"
    RESTORE = "restore"
    DISMISS = "dismiss"
    BLOCK = "block"
    UNBLOCK = "unblock"
    APPEAL = "appeal"
    APPEAL_UPHELD = "appeal_upheld"
    APPEAL_REJECTED = "appeal_rejected"
    # An account deleted at its owner's request (or by an admin on their
    # behalf): the row keeps the date, never the name or address.
    ACCOUNT_DELETED = "account_deleted"


class Report(db.Model):
    __tablename__ = "report"
    __table_args__ = (
        db.CheckConstraint(ONE_TARGET, name="one_target"),
        db.CheckConstraint(_in("reason", ReportReason), name="reason_known"),
        # At most one report per person per item.
        db.UniqueConstraint("reporter_id", "idea_id", name="uq_report_reporter_idea"),
        db.UniqueConstraint("reporter_id", "comment_id", name="uq_report_reporter_comment"),
        db.UniqueConstraint("reporter_id", "user_id", name="uq_report_reporter_user"),
        db.Index("ix_report_open", "resolved_at", "created_at"),
    )

    id = db.Column(db.Integer, primary_key=True)
    reporter_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    idea_id = db.Column(db.Integer, db.ForeignKey("idea.id"), index=True)
    comment_id = db.Column(db.Integer, db.ForeignKey("comment.id"), index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), index=True)
    reason = db.Column(db.String(30), nullable=False)
    note = db.Column(db.Text, nullable=False, default="")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    # Set when a moderator acted on the item (hid, restored or dismissed).
    resolved_at = db.Column(db.DateTime)
    # Whether the reporter had earned trust when reporting (confirmed long
    # enough, and had taken part): only such reports hide an item by themselves.
    counts_towards_hiding = db.Column(db.Boolean, nullable=False, default=True,
                                      server_default=db.true())

    reporter = db.relationship("User", foreign_keys=[reporter_id], lazy="joined", innerjoin=True)


class ModerationAction(db.Model):
    """The audit log: who did what to which item, why and when. Rows are only
    ever added."""

    __tablename__ = "moderation_action"
    __table_args__ = (
        db.CheckConstraint(ONE_TARGET, name="one_target"),
        db.CheckConstraint(_in("action", ModerationActionKind), name="action_known"),
        db.Index("ix_moderation_action_created_at", "created_at"),
    )

    id = db.Column(db.Integer, primary_key=True)
    # None when the system acted (hidden after enough reports).
    actor_id = db.Column(db.Integer, db.ForeignKey("user.id"), index=True)
    action = db.Column(db.String(30), nullable=False)
    idea_id = db.Column(db.Integer, db.ForeignKey("idea.id"), index=True)
    comment_id = db.Column(db.Integer, db.ForeignKey("comment.id"), index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), index=True)
    reason = db.Column(db.String(30))
    note = db.Column(db.Text, nullable=False, default="")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    actor = db.relationship("User", foreign_keys=[actor_id], lazy="joined")


class Appeal(db.Model):
    """An author's one appeal against the hiding of an item."""

    __tablename__ = "appeal"
    __table_args__ = (
        db.CheckConstraint(
            "(CASE WHEN idea_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN comment_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_target",
        ),
        db.CheckConstraint("outcome IS NULL OR outcome IN ('restored', 'upheld')",
                           name="outcome_known"),
        db.UniqueConstraint("idea_id", name="uq_appeal_idea_id"),
        db.UniqueConstraint("comment_id", name="uq_appeal_comment_id"),
    )

    id = db.Column(db.Integer, primary_key=True)
    author_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False, index=True)
    idea_id = db.Column(db.Integer, db.ForeignKey("idea.id"))
    comment_id = db.Column(db.Integer, db.ForeignKey("comment.id"))
    text = db.Column(db.Text, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    # Whoever hid the item may not decide its appeal.
    hidden_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    decided_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    decided_at = db.Column(db.DateTime)
    outcome = db.Column(db.String(10))
    decision_note = db.Column(db.Text, nullable=False, default="")

    author = db.relationship("User", foreign_keys=[author_id], lazy="joined", innerjoin=True)


# The moderation queue reads open reports from this small index (migration 0004).
db.Index("ix_report_unresolved", Report.idea_id, Report.comment_id, Report.user_id,
         Report.created_at, Report.id, Report.resolved_at,
         sqlite_where=Report.resolved_at.is_(None), postgresql_where=Report.resolved_at.is_(None))
