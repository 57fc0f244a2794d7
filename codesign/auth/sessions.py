"""Signed-in sessions, one row per browser, and the log of sign-ins.

A browser that signs in gets a random key; its session cookie (and its
remember-me cookie, if asked for) carries "<user id>:<key>", and the
database keeps only the key's SHA-256. The user loader accepts the cookie
only while that row exists and belongs to the user's current generation
(``User.session_token``), in one query: deleting the row signs that browser
out at its next request, and a new session token (sign out everywhere, a
password reset, a block) ends them all.

``last_seen_at`` is written at most every SESSION_TOUCH_SECONDS, after the
response (``mail.after_response``) and in a transaction of its own, so a
page view is not a write and a route's own transaction is never touched.
"""
import hashlib
import secrets
from datetime import timedelta

from flask import current_app, g, has_request_context, request, session
from flask_login import login_user
from sqlalchemy import bindparam, delete, select, update

from .. import mail
from ..clock import utcnow
from ..extensions import db
from ..models import SignInEvent, User, UserSession
from ..models.account import USER_AGENT_MAX
from ..models.user import new_session_token
from ..web import id_arg

# Where a request keeps the session row the loader found.
CURRENT = "user_session"


def _hash(key):
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def user_agent():
    """The browser's description of itself, cut to fit; never its address."""
    if not has_request_context():
        return ""
    return (request.headers.get("User-Agent") or "")[:USER_AGENT_MAX]


def open_session(user, agent=""):
    """A new session row for this browser; returns the login id to keep in its cookie."""
    # Rows of an older generation can never be used again: clear them out.
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id,
                                                 UserSession.generation != user.session_token))
    key = secrets.token_urlsafe(32)
    now = utcnow()
    row = UserSession(user_id=user.id, token_hash=_hash(key), generation=user.session_token,
                      user_agent=agent[:USER_AGENT_MAX], created_at=now, last_seen_at=now)
    db.session.add(row)
    db.session.flush()
    setattr(g, CURRENT, row)
    return f"{user.id}:{key}"


def sign_in(user, remember=False):
    """Sign this browser in as user: a session row, Flask-Login's cookie, an event."""
    login_id = open_session(user, user_agent())
    login_user(user, remember=remember)
    # Flask-Login stored user.get_id(); the cookies must carry this session's key.
    session["_user_id"] = login_id
    record(user, "signed_in")
    return login_id


# Every signed-in request runs it: built once, with its values bound per call.
_LOAD = (select(User, UserSession)
         .join(UserSession, UserSession.user_id == User.id)
         .where(User.id == bindparam("user_pk"), UserSession.token_hash == bindparam("token_hash"),
                UserSession.generation == User.session_token))


def load(login_id):
    """The user a cookie's login id belongs to, while its session lives; else None."""
    user_pk, _, key = (login_id or "").partition(":")
    user_pk = id_arg(user_pk)
    if user_pk is None or not key:
        return None
    found = db.session.execute(_LOAD, {"user_pk": user_pk, "token_hash": _hash(key)}).first()
    if found is None:
        return None
    user, row = found
    g.setdefault(CURRENT, row)
    interval = timedelta(seconds=current_app.config["SESSION_TOUCH_SECONDS"])
    if utcnow() - row.last_seen_at >= interval:
        mail.after_response(_touch, row.id)
    return user


def current_session_id():
    row = g.get(CURRENT)
    return row.id if row is not None else None


def live_sessions(user):
    """The user's signed-in browsers, the most recently seen first."""
    return db.session.scalars(
        select(UserSession)
        .where(UserSession.user_id == user.id, UserSession.generation == user.session_token)
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    ).all()


def end_session(user, session_id):
    """Sign one of the user's browsers out; False if it is not theirs (or gone)."""
    ended = db.session.execute(
        delete(UserSession).where(UserSession.id == session_id, UserSession.user_id == user.id)
    ).rowcount
    return bool(ended)


def end_all_sessions(user, keep=None):
    """Sign every browser out (all but the session id ``keep``, if given)."""
    query = delete(UserSession).where(UserSession.user_id == user.id)
    if keep is not None:
        query = query.where(UserSession.id != keep)
    db.session.execute(query)
    if keep is None:
        # Also ends any cookie made before sessions had rows.
        user.session_token = new_session_token()
    db.session.flush()


def record(user, kind, agent=None):
    """Log a sign-in or an account change, with the browser's description (no address)."""
    db.session.add(SignInEvent(user_id=user.id, kind=kind, at=utcnow(),
                               user_agent=(user_agent() if agent is None else agent)[:USER_AGENT_MAX]))
    db.session.flush()


def record_failed_sign_in(email, agent):
    """After the response (mail.after_response): a failed sign-in for the
    account at this address, if there is one, so the answer's timing does
    not tell whether the address is registered."""
    from .services import find_user_by_email
    user = find_user_by_email(email)
    if user is not None:
        record(user, "failed", agent)


def _touch(session_id):
    db.session.execute(update(UserSession).where(UserSession.id == session_id)
                       .values(last_seen_at=utcnow()))
