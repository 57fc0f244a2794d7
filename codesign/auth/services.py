"""Accounts: registering, confirming an address, signing in and out, resetting
a password.

Plain functions over models and values: they flush and queue mail (the outbox
row joins the caller's transaction), never commit, and never read the request
or the current user. Nothing here tells a caller's visitor whether an address
is registered: the routes give the same answer either way.
"""
from datetime import timedelta

from flask import current_app
from flask_babel import format_timedelta
from flask_babel import gettext as _
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from .. import mail, mailbox, sitesettings
from ..clock import utcnow
from ..exceptions import DomainError
from ..extensions import db
from ..formtext import clean_name, name_key
from ..language import in_language_of
from ..models import User
from . import sessions, tokens
from .passwords import hash_password, verify_password


class LinkError(DomainError):
    """An emailed link that cannot be used; ``expired`` tells old from broken."""

    def __init__(self, message, expired=False):
        super().__init__(message)
        self.expired = expired


def normalise_email(email):
    return mailbox.normalise(email)


def find_user_by_email(email):
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def find_user_by_mailbox(email):
    """The account whose address delivers to the same mailbox, if any:
    jo+news@example.org finds jo@example.org."""
    return db.session.scalar(select(User).where(User.email_mailbox == mailbox.canonical(email)))


# Every deleted account shows as this (codesign/deletion), so nobody may take it.
RESERVED_NAME_KEYS = frozenset({name_key("Former resident")})


def display_name_taken(display_name):
    if name_key(display_name) in RESERVED_NAME_KEYS:
        return True
    return db.session.scalar(
        select(User.id).where(User.display_name_key == name_key(display_name))) is not None


def name_taken_error():
    """Names are public, so saying one is taken gives nothing away; whose it is, is not said."""
    return DomainError(_("Someone already uses this display name, or one that looks the same. "
                         "Choose another."), field="display_name")


def authenticate(email, password):
    """The user if the password is theirs, else None; as slow for an unknown address."""
    user = find_user_by_email(email)
    return user if verify_password(user, password) else None


def register_user(email, display_name, password, locale=None):
    """Create an unconfirmed account and send its confirmation link.

    If the mailbox has an account (under this address, or one that differs
    only by a +tag or by Gmail's dots; already, or by a concurrent request),
    its owner is told by email instead and None is returned; callers must
    answer the visitor the same way in both cases. A display name that
    someone has is refused (DomainError): names are public anyway.
    """
    email = normalise_email(email)
    display_name = clean_name(display_name)
    # Hash first, also for a taken address, so the time taken tells nothing.
    password_hash = hash_password(password)
    if display_name_taken(display_name):
        raise name_taken_error()
    existing = find_user_by_mailbox(email)
    if existing is not None:
        _send_already_registered(existing)
        return None
    # Registering is accepting the privacy notice the form links to.
    user = User(email=email, display_name=display_name, password_hash=password_hash,
                privacy_version_accepted=sitesettings.current().privacy_version,
                privacy_accepted_at=utcnow(), locale=locale)
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError:
        existing = find_user_by_mailbox(email)
        if existing is not None:
            _send_already_registered(existing)
            return None
        if display_name_taken(display_name):
            raise name_taken_error() from None
        return None
    _send_confirmation(user)
    return user


def resend_confirmation(user):
    """Send a fresh confirmation link; False if the address is already confirmed."""
    if user.is_confirmed:
        return False
    _send_confirmation(user)
    return True


def confirm_email(token):
    """Confirm the address a link names.

    Returns (user, True) when this link confirmed it, (user, False) when it was
    confirmed before (the link is spent); raises LinkError otherwise.
    """
    try:
        payload = tokens.load_confirm_token(token)
    except tokens.TokenExpired as error:
        user = _user_for_confirm(error.payload)
        if user is not None and user.is_confirmed:
            return user, False
        raise LinkError(_("Confirmation links work for %(duration)s, and this one is older.",
                          duration=link_lifetime("CONFIRM_TOKEN_MAX_AGE")), expired=True) from error
    except tokens.TokenInvalid as error:
        raise LinkError(_("This confirmation link does not work. "
                          "Check that you copied all of it.")) from error
    user = _user_for_confirm(payload)
    if user is None:
        raise LinkError(_("This confirmation link does not work. "
                          "Check that you copied all of it."))
    if user.is_confirmed:
        return user, False
    user.confirmed_at = utcnow()
    db.session.flush()
    return user, True


def _user_for_confirm(payload):
    user = db.session.get(User, payload["id"])
    if user is None or user.email != payload.get("email"):
        return None
    return user


def request_password_reset(email):
    """Email a reset link if the address is registered; silently nothing if not.

    The address is looked up only once the response has been sent, so the
    request does the same work, and takes as long, whether it is registered
    or not."""
    mail.after_response(_send_reset, normalise_email(email))


def _send_reset(email):
    user = find_user_by_email(email)
    if user is not None:
        with in_language_of(user):
            subject = _("Reset your %(site)s password", site=sitesettings.site_name())
            mail.queue(user.email, subject, "reset", user=user,
                       token=tokens.make_reset_token(user),
                       valid_for=link_lifetime("RESET_TOKEN_MAX_AGE"))
    return user


def user_for_reset_token(token):
    """The user a reset link is for, while it is unused and fresh; else LinkError."""
    try:
        payload = tokens.load_reset_token(token)
    except tokens.TokenExpired as error:
        raise LinkError(_("Password reset links work for %(duration)s, and this one is older.",
                          duration=link_lifetime("RESET_TOKEN_MAX_AGE")), expired=True) from error
    except tokens.TokenInvalid as error:
        raise LinkError(_("This password reset link does not work. "
                          "Check that you copied all of it.")) from error
    user = db.session.get(User, payload["id"])
    if user is None or payload.get("pw") != tokens.password_fingerprint(user.password_hash):
        raise LinkError(_("This password reset link has already been used, "
                          "or your password has changed since we sent it."))
    return user


def reset_password(user, password):
    """Set a new password (spending every reset link) and end every session.

    The link arrived by email, so the address is proven: confirm it too.
    """
    user.password_hash = hash_password(password)
    if user.confirmed_at is None:
        user.confirmed_at = utcnow()
    sign_out_everywhere(user)
    sessions.record(user, "password_reset")


def sign_out_everywhere(user):
    """Every session and remember-me cookie of the user stops working."""
    sessions.end_all_sessions(user)


def _send_confirmation(user):
    with in_language_of(user):
        subject = _("Confirm your email address for %(site)s", site=sitesettings.site_name())
        mail.queue(user.email, subject, "confirm", user=user,
                   token=tokens.make_confirm_token(user),
                   valid_for=link_lifetime("CONFIRM_TOKEN_MAX_AGE"))


def _send_already_registered(user):
    """Tell the owner, at most once per ALREADY_REGISTERED_MAIL_INTERVAL, so
    registering again and again cannot flood their inbox."""
    now = utcnow()
    cutoff = now - timedelta(seconds=current_app.config["ALREADY_REGISTERED_MAIL_INTERVAL"])
    # One statement decides, so two registrations at once send one email.
    claimed = db.session.execute(
        update(User)
        .where(User.id == user.id, or_(User.already_registered_mailed_at.is_(None),
                                       User.already_registered_mailed_at <= cutoff))
        .values(already_registered_mailed_at=now)
    ).rowcount
    if not claimed:
        return
    with in_language_of(user):
        subject = _("You already have a %(site)s account", site=sitesettings.site_name())
        mail.queue(user.email, subject, "already_registered", user=user,
                   token=tokens.make_reset_token(user),
                   valid_for=link_lifetime("RESET_TOKEN_MAX_AGE"))


def link_lifetime(setting):
    seconds = max(int(current_app.config[setting]), 1)
    return format_timedelta(timedelta(seconds=seconds), threshold=1)
