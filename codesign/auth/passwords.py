"""Password rules and hashing with Werkzeug's scrypt. The work factor is a
setting so tests can use a cheaper one; every hash records its own parameters."""
from functools import lru_cache

from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

PASSWORD_MIN = 8
PASSWORD_MAX = 128

LENGTH_MESSAGE = _l("Your password must be between %(min)d and %(max)d characters",
                    min=PASSWORD_MIN, max=PASSWORD_MAX)
COMMON_MESSAGE = _l("This password is too common. Choose one that is harder to guess.")


@lru_cache(maxsize=1)
def common_passwords():
    """The 30,000 most used passwords that zxcvbn ships, lower-cased, built once."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS
    return frozenset(word.lower() for word in FREQUENCY_LISTS["passwords"])


def password_problem(password):
    """What is wrong with a new password, in words for its owner, or None.

    The one rule for every place a password is chosen (the forms, the users
    command). Length is counted in characters, so any long passphrase is fine;
    a well-known password is refused whatever its case.
    """
    if not isinstance(password, str) or not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        return str(LENGTH_MESSAGE)
    if password.strip().lower() in common_passwords():
        return str(COMMON_MESSAGE)
    return None


def hash_password(password):
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@lru_cache(maxsize=4)
def _dummy_hash(method):
    return generate_password_hash("not anyone's password", method=method)


def verify_password(user, password):
    """True if the password is the user's. With no user, a hash is still
    checked, so the time taken does not tell whether the email is registered."""
    if user is None:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return False
    return check_password_hash(user.password_hash, password)
