"""What an account keeps about its own use: the devices signed in, a log of
sign-ins and account changes, and the addresses it used before.

No IP address is stored anywhere: a device is told apart by its browser's
own description (the User-Agent), which the person can recognise.
"""
import enum

from ..clock import utcnow
from ..extensions import db
from .idea import _in

USER_AGENT_MAX = 300


class SignInEventKind(str, enum.Enum):
    SIGNED_IN = "signed_in"
    FAILED = "failed"  # a wrong password for this account's address
    SIGNED_OUT = "signed_out"
    SIGNED_OUT_EVERYWHERE = "signed_out_everywhere"
    SESSION_ENDED = "session_ended"  # one other device signed out from the account page
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET = "password_reset"
    EMAIL_CHANGED = "email_changed"
    NAME_CHANGED = "name_changed"


class UserSession(db.Model):
    """One signed-in browser. The key it holds (in its session cookie and its
    remember-me cookie) is stored only as a hash; deleting the row signs that
    browser out at its next request."""

    __tablename__ = "user_session"

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="CASCADE"),
                        nullable=False, index=True)
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    # The user's session_token when the row was made. A new one (sign out
    # everywhere, a reset password, a block) ends every row at once, as
    # only rows that match it are accepted or listed.
    generation = db.Column(db.String(32), nullable=False)
    user_agent = db.Column(db.String(USER_AGENT_MAX), nullable=False, default="")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    last_seen_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class SignInEvent(db.Model):
    __tablename__ = "sign_in_event"
    __table_args__ = (
        db.CheckConstraint(_in("kind", SignInEventKind), name="kind_known"),
        db.Index("ix_sign_in_event_user_id_at", "user_id", "at"),
        # Retention deletes the old ones by date.
        db.Index("ix_sign_in_event_at", "at"),
    )

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False)
    at = db.Column(db.DateTime, nullable=False, default=utcnow)
    kind = db.Column(db.String(30), nullable=False)
    user_agent = db.Column(db.String(USER_AGENT_MAX), nullable=False, default="")


class EmailHistory(db.Model):
    """An address the account used until ``changed_at`` (the current one is on the user)."""

    __tablename__ = "email_history"

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="CASCADE"),
                        nullable=False, index=True)
    email = db.Column(db.String(254), nullable=False)
    changed_at = db.Column(db.DateTime, nullable=False, default=utcnow)
