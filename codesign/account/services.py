"""The rules of changing one's own account: the display name, the email
address (confirmed from the new mailbox, the old one told) and the password.

Plain functions over models and values: they flush and queue mail, never
commit, never read the request. Whether another account has an address is
never told to the person asking: the lookup happens after the response
(``mail.after_response``), and the answer is the same either way.
"""
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from .. import mail, mailbox
from ..auth import sessions, tokens
from ..auth.passwords import hash_password, verify_password
from ..auth.services import (
    LinkError,
    display_name_taken,
    find_user_by_mailbox,
    link_lifetime,
    name_taken_error,
    normalise_email,
)
from ..clock import utcnow
from ..exceptions import DomainError
from ..extensions import db
from ..formtext import clean_name, name_key
from ..language import in_language_of
from ..models import EmailHistory, User


def _check_password(user, password, field):
    if not verify_password(user, password):
        raise DomainError(_("Your current password is not right. Check it and try again."),
                          field=field)


def change_display_name(user, display_name):
    """A new name, if nobody else has it (or one that looks the same);
    False when it is the name already."""
    display_name = clean_name(display_name)
    if display_name == user.display_name:
        return False
    # Changing only the case of one's own name is not taking someone else's.
    if name_key(display_name) != user.display_name_key and display_name_taken(display_name):
        raise name_taken_error()
    user.display_name = display_name
    try:
        db.session.flush()
    except IntegrityError:  # taken at the same moment by someone else
        raise name_taken_error() from None
    sessions.record(user, "name_changed")
    return True


def request_email_change(user, new_email, password):
    """Check the password, then (after the response) send a confirmation
    link to the new address, unless another account has that mailbox.

    Returns the normalised new address. The caller tells the person to
    check the new address in every case."""
    _check_password(user, password, "email_password")
    new_email = normalise_email(new_email)
    if mailbox.canonical(new_email) == user.email_mailbox or new_email == user.email:
        raise DomainError(_("This is already your email address."), field="new_email")
    mail.after_response(_send_change_link, user.id, new_email)
    return new_email


def _send_change_link(user_id, new_email):
    user = db.session.get(User, user_id)
    if user is None:
        return
    holder = find_user_by_mailbox(new_email)
    if holder is not None and holder.id != user.id:
        return  # nothing is sent, and nobody is told whose address it is
    with in_language_of(user):
        mail.queue(new_email, _("Confirm your new email address for Codesign"), "email_change",
                   user=user, token=tokens.make_email_change_token(user, new_email),
                   valid_for=link_lifetime("EMAIL_CHANGE_TOKEN_MAX_AGE"))


def email_change_for(token):
    """What a change link asks: (user, new address, already done); LinkError if it cannot be used."""
    try:
        payload = tokens.load_email_change_token(token)
    except tokens.TokenExpired as error:
        raise LinkError(_("Links to confirm a new email address work for %(duration)s, "
                          "and this one is older. Ask for a new one on your account page.",
                          duration=link_lifetime("EMAIL_CHANGE_TOKEN_MAX_AGE")),
                        expired=True) from error
    except tokens.TokenInvalid as error:
        raise LinkError(_("This link does not work. Check that you copied all of it.")) from error
    user = db.session.get(User, payload["id"])
    if user is None:
        raise LinkError(_("This link does not work. Check that you copied all of it."))
    if user.email == payload["to"]:
        return user, payload["to"], True
    if user.email != payload["from"]:
        raise LinkError(_("This link is for a change of address that no longer applies: "
                          "the account's address has changed since we sent it."))
    return user, payload["to"], False


def confirm_email_change(token):
    """Move the account to the address the link names; tell the old address.

    Returns (user, changed now). Only someone who can read the new mailbox
    gets here, so saying the address is now taken tells them nothing new."""
    user, new_email, done = email_change_for(token)
    if done:
        return user, False
    holder = find_user_by_mailbox(new_email)
    if holder is not None and holder.id != user.id:
        raise _taken()
    old_email, now = user.email, utcnow()
    user.email = new_email
    if user.confirmed_at is None:
        user.confirmed_at = now  # the link proved the new mailbox
    db.session.add(EmailHistory(user_id=user.id, email=old_email, changed_at=now))
    try:
        db.session.flush()
    except IntegrityError:  # another account took it at the same moment
        raise _taken() from None
    sessions.record(user, "email_changed")
    with in_language_of(user):
        mail.queue(old_email, _("Your Codesign email address was changed"), "email_changed",
                   user=user, new_email=masked(new_email))
    return user, True


def _taken():
    return LinkError(_("This address cannot be used for your account any more. "
                       "Choose another on your account page."))


def masked(email):
    """jo@example.org as j•@example.org: enough for its owner to recognise,
    not enough to hand an address to whoever reads the old mailbox."""
    local, _at, domain = email.rpartition("@")
    return f"{local[:1]}\u2022\u2022\u2022@{domain}"


def change_password(user, current_password, new_password, keep_session_id):
    """A new password; every other browser is signed out (this one stays)."""
    _check_password(user, current_password, "current_password")
    user.password_hash = hash_password(new_password)
    sessions.end_all_sessions(user, keep=keep_session_id)
    sessions.record(user, "password_changed")
    with in_language_of(user):
        mail.queue(user.email, _("Your Codesign password was changed"), "password_changed",
                   user=user)


def sign_out_everywhere(user):
    sessions.end_all_sessions(user)
    sessions.record(user, "signed_out_everywhere")


def sign_out_session(user, session_id):
    """Sign one other browser out; False if there is no such session of the user's."""
    if not sessions.end_session(user, session_id):
        return False
    sessions.record(user, "session_ended")
    return True
