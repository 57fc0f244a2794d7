"""Signed, expiring links sent by email: confirm an address, reset a password,
confirm a change of address.

Each kind has its own salt, so a token made for one can never be used as the
other. Neither needs a table: a confirmation link names the address it
confirms and is spent once ``confirmed_at`` is set; a reset link carries a
fingerprint of the password hash, so it is spent once the password changes.
"""
import hashlib

from flask import current_app
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer

CONFIRM_SALT = "codesign.auth.confirm-email"
RESET_SALT = "codesign.auth.reset-password"
EMAIL_CHANGE_SALT = "codesign.account.change-email"


class TokenInvalid(Exception):
    """Not a token we made: mangled, truncated, or signed with another key."""


class TokenExpired(TokenInvalid):
    """A genuine token, but too old. ``payload`` is still trustworthy."""

    def __init__(self, payload):
        super().__init__("expired")
        self.payload = payload


def _serializer(salt):
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def password_fingerprint(password_hash):
    """A short digest of the hash: changes whenever the password does."""
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()[:16]


def make_confirm_token(user):
    return _serializer(CONFIRM_SALT).dumps({"id": user.id, "email": user.email})


def make_reset_token(user):
    return _serializer(RESET_SALT).dumps(
        {"id": user.id, "pw": password_fingerprint(user.password_hash)}
    )


def _load(salt, token, max_age):
    serializer = _serializer(salt)
    try:
        payload = serializer.loads(token, max_age=max_age)
    except SignatureExpired as error:
        # The signature was checked before the age, so the payload is ours.
        try:
            payload = serializer.load_payload(error.payload)
        except BadData:
            raise TokenInvalid() from error
        if not _well_formed(payload):
            raise TokenInvalid() from error
        raise TokenExpired(payload) from error
    except BadData as error:
        raise TokenInvalid() from error
    if not _well_formed(payload):
        raise TokenInvalid()
    return payload


def _well_formed(payload):
    return isinstance(payload, dict) and isinstance(payload.get("id"), int)


def load_confirm_token(token):
    """The payload ({"id", "email"}); raises TokenExpired or TokenInvalid."""
    return _load(CONFIRM_SALT, token, current_app.config["CONFIRM_TOKEN_MAX_AGE"])


def load_reset_token(token):
    """The payload ({"id", "pw"}); raises TokenExpired or TokenInvalid."""
    return _load(RESET_SALT, token, current_app.config["RESET_TOKEN_MAX_AGE"])


def make_email_change_token(user, new_email):
    """Names the address the account has now and the one it moves to: once
    the move is made (or the address changes another way) the link is spent."""
    return _serializer(EMAIL_CHANGE_SALT).dumps(
        {"id": user.id, "from": user.email, "to": new_email})


def load_email_change_token(token):
    """The payload ({"id", "from", "to"}); raises TokenExpired or TokenInvalid."""
    payload = _load(EMAIL_CHANGE_SALT, token, current_app.config["EMAIL_CHANGE_TOKEN_MAX_AGE"])
    if not (isinstance(payload.get("from"), str) and isinstance(payload.get("to"), str)):
        raise TokenInvalid()
    return payload
