"""Notification email: one message at once, or a daily digest, each with a
link that turns notification email off without signing in."""
import hashlib
import hmac
from contextlib import nullcontext

from flask import current_app, has_request_context
from flask_babel import ngettext
from itsdangerous import BadData, URLSafeSerializer
from sqlalchemy import select, update

from .. import mail, sitesettings
from ..extensions import db
from ..language import in_language_of
from ..models import EmailPreference, Notification, User
from . import messages, queries

UNSUBSCRIBE_SALT = "unsubscribe"


def link_context():
    """A request context for the templates outside any request (cron), at
    BASE_URL. Links never come from it (mail.absolute_url builds them), but
    method="POST" makes SQLite take its write lock at BEGIN (see database.py):
    the digest writes, and must not fail half-way under a busy site."""
    if has_request_context():
        return nullcontext()
    return current_app.test_request_context(base_url=current_app.config["BASE_URL"],
                                            method="POST")


def _serializer():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def _fingerprint(user):
    """Changes when the address does, or when the user's links are revoked."""
    text = f"{user.email}\0{user.unsubscribe_key or ''}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def unsubscribe_token(user):
    # No expiry: an unsubscribe link in an old email must still work, until
    # the address changes or the user asks for new links.
    return _serializer().dumps({"id": user.id, "k": _fingerprint(user)})


def user_for_unsubscribe_token(token):
    """The user the token was made for, while it is theirs; None for anything else."""
    try:
        payload = _serializer().loads(token)
    except BadData:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("id"), int):
        return None
    user = db.session.get(User, payload["id"])
    fingerprint = payload.get("k")
    if user is None or not isinstance(fingerprint, str) \
            or not hmac.compare_digest(fingerprint, _fingerprint(user)):
        return None
    return user


def _links(user):
    return {
        "unsubscribe_url": mail.absolute_url("notifications.unsubscribe",
                                             token=unsubscribe_token(user)),
        "settings_url": mail.absolute_url("notifications.settings"),
    }


def _item(notification, user):
    return {"message": messages.describe(notification, user),
            "link": messages.target_url(notification, external=True),
            "detail": notification.detail, "detail_html": notification.detail_html}


def email_now(user, notification):
    """Queue one email for one notification."""
    with link_context(), in_language_of(user):
        links = _links(user)
        mail.queue(user.email, messages.subject(notification, user), "notification",
                   unsubscribe_url=links["unsubscribe_url"], user=user,
                   item=_item(notification, user), settings_url=links["settings_url"])


def digest_recipient_ids():
    """Confirmed users on the daily digest with something waiting for it."""
    return db.session.scalars(
        select(User.id).distinct()
        .join(Notification, Notification.user_id == User.id)
        .where(User.email_preference == EmailPreference.DAILY.value,
               User.confirmed_at.is_not(None), Notification.emailed_at.is_(None))
        .order_by(User.id)
    ).all()


def send_digest(user, now):
    """One email listing what is waiting for the user; returns how many items
    it lists. Notifications about hidden items are passed over, not sent."""
    waiting = queries.pending_ids(user.id)
    shown = queries.visible_ids(waiting)
    _mark_emailed(waiting - shown, now)
    claimed = _mark_emailed(shown, now)
    if claimed:
        rows = db.session.scalars(
            select(Notification).where(Notification.id.in_(claimed))
            .order_by(Notification.created_at, Notification.id)
        ).unique().all()
        with link_context(), in_language_of(user):
            links = _links(user)
            mail.queue(user.email,
                       ngettext("%(site)s: %(num)d update on what you follow",
                                "%(site)s: %(num)d updates on what you follow", len(rows),
                                site=sitesettings.site_name()),
                       "digest", unsubscribe_url=links["unsubscribe_url"], user=user,
                       items=[_item(row, user) for row in rows],
                       settings_url=links["settings_url"])
    user.last_digest_at = now
    db.session.flush()
    return len(claimed)


def _mark_emailed(ids, now):
    """Set emailed_at on those still waiting; returns the ids this call took,
    so two digests running at once cannot both send the same item."""
    if not ids:
        return set()
    return set(db.session.scalars(
        update(Notification)
        .where(Notification.id.in_(list(ids)), Notification.emailed_at.is_(None))
        .values(emailed_at=now)
        .returning(Notification.id)
    ))
