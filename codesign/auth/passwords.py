"""Password rules and hashing with Werkzeug's scrypt. The work factor is a
setting so tests can use a cheaper one; every hash records its own parameters."""
import re
from functools import lru_cache

from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

from ..formtext import is_invisible

PASSWORD_MIN = 8
PASSWORD_MAX = 128

LENGTH_MESSAGE = _l("Your password must be between %(min)d and %(max)d characters",
                    min=PASSWORD_MIN, max=PASSWORD_MAX)
COMMON_MESSAGE = _l("This password is too common. Choose one that is harder to guess.")
BLANK_MESSAGE = _l("Your password must not be one character repeated, "
                   "or characters that cannot be seen.")
VISIBLE_MESSAGE = _l("Your password must have at least %(min)d characters that can be seen",
                     min=PASSWORD_MIN)
PERSONAL_MESSAGE = _l("Your password must not be based on your name or email address.")
GUESSABLE_MESSAGE = _l("This password would be easy to guess. "
                       "Add a few more unrelated words.")
# zxcvbn's score: below 2, it expects the password among the first million
# guesses; sign-ins are rate limited, but a leaked hash would not be.
MIN_SCORE = 2
# zxcvbn's work grows faster than the length; its first 72 characters tell enough.
SCORED_LENGTH = 72


@lru_cache(maxsize=1)
def common_passwords():
    """The 30,000 most used passwords that zxcvbn ships, lower-cased, built once."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS
    return frozenset(word.lower() for word in FREQUENCY_LISTS["passwords"])


def personal_words(*values):
    """The words of a name and an email address, for zxcvbn to guess with:
    "Jo Bennett", "jo.bennett@example.org" give jo, bennett, example, ..."""
    words = set()
    for value in values:
        if isinstance(value, str) and value.strip():
            words.add(value.strip().lower())
            words.update(part for part in re.split(r"[\W_]+", value.lower()) if len(part) > 1)
    return sorted(words)


def password_problem(password, user_inputs=()):
    """What is wrong with a new password, in words for its owner, or None.

    The one rule for every place a password is chosen (the forms, the users
    command). `user_inputs` are the owner's name and email address: a
    password built from them is refused. Length is counted in characters
    that can be seen, so any long passphrase is fine; a well-known password
    is refused whatever its case; the rest must score well with zxcvbn.
    """
    if not isinstance(password, str) or not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        return str(LENGTH_MESSAGE)
    visible = "".join(char for char in password if not is_invisible(char))
    if len(set(visible.strip())) <= 1:
        return str(BLANK_MESSAGE)
    if len(visible) < PASSWORD_MIN:
        return str(VISIBLE_MESSAGE)
    if visible.strip().lower() in common_passwords():
        return str(COMMON_MESSAGE)
    from zxcvbn import zxcvbn
    scored = visible[:SCORED_LENGTH]
    result = zxcvbn(scored, user_inputs=personal_words(*user_inputs), max_length=SCORED_LENGTH)
    personal = sum(len(match["token"]) for match in result["sequence"]
                   if match.get("dictionary_name") == "user_inputs")
    if personal * 2 >= len(scored):
        return str(PERSONAL_MESSAGE)
    if result["score"] < MIN_SCORE:
        return str(GUESSABLE_MESSAGE)
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
