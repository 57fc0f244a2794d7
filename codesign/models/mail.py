from ..clock import utcnow
from ..extensions import db


class OutboxMessage(db.Model):
    """An email, written in the same transaction as the change that caused it
    and deleted by nobody: sent_at marks delivery, attempts and last_error a
    failure that will be retried."""

    __tablename__ = "outbox_message"
    __table_args__ = (db.Index("ix_outbox_message_pending", "sent_at", "next_attempt_at"),)

    id = db.Column(db.Integer, primary_key=True)
    to_address = db.Column(db.String(254), nullable=False)
    subject = db.Column(db.String(200), nullable=False)
    text_body = db.Column(db.Text, nullable=False)
    html_body = db.Column(db.Text)
    # One-click unsubscribe (RFC 8058) for notification mail; None for account mail.
    unsubscribe_url = db.Column(db.String(500))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    next_attempt_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    attempts = db.Column(db.Integer, nullable=False, default=0)
    sent_at = db.Column(db.DateTime)
    last_error = db.Column(db.Text)
