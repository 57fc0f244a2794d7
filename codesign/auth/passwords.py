"""Password hashing with Werkzeug's scrypt. The work factor is a setting so
tests can use a cheaper one; every hash records its own parameters."""
from functools import lru_cache

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

PASSWORD_MIN = 8
PASSWORD_MAX = 128


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
