"""Deleting an account: what the person wrote stays, under "Former resident";
who they were goes, from every table.

The user's row is kept and anonymised rather than deleted, so ideas,
comments, proposals they co-designed, reports and the moderation log keep a
row to point at that holds nothing about anyone. Every other row that
points at the account is found from the schema (every foreign key to
user.id), so tables added later are cleared without being listed here; the
tables whose rows must stay are the explicit KEEP set.
"""
import html
import re
import secrets

from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select, update

from ..clock import utcnow
from ..exceptions import DomainError
from ..extensions import db
from ..ideas.services import bump_counter
from ..models import (
    AccessibilityReport,
    Appeal,
    EmailHistory,
    ModerationAction,
    OutboxMessage,
    Role,
    Support,
)
from ..models.moderation import ModerationActionKind
from ..models.user import EmailPreference, new_session_token

# Stored as the name of every deleted account (pages show it translated,
# through templates/_person.html). Nobody can register it (auth.services).
FORMER_RESIDENT = "Former resident"

# Rows that stay, still pointing at the anonymised account: what the person
# wrote (so discussions still make sense), what staff did, and moderation
# history (reports they made stay "without identity": the account they point
# at holds none). Supports are handled apart, to keep the counters right.
KEEP = frozenset({
    "user", "idea", "idea_status_change", "comment", "proposal", "proposal_status_change",
    "pilot", "pilot_card", "pilot_measurement", "pilot_event",
    "report", "moderation_action", "appeal",
    "support",
    # The council's record of what worked and where it spread, written by staff.
    "playbook", "playbook_attachment", "adoption",
    # What a connector entered for residents is the residents' (codesign/assist).
    "assisted_resident", "assisted_entry",
})


class AccountDeletionError(DomainError):
    pass


def user_foreign_keys(metadata=None):
    """{table: [columns pointing at user.id]} for every table but user itself."""
    metadata = metadata or db.metadata
    user_table = metadata.tables["user"]
    found = {}
    for table in metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table is user_table and table is not user_table:
                found.setdefault(table, []).append(key.parent)
    return found


def cleared_tables(metadata=None):
    """The tables whose rows about the account go, dependents first."""
    return [(table, columns) for table, columns in reversed(list(user_foreign_keys(
        metadata).items())) if table.name not in KEEP]


def check_can_delete(user):
    """Refuse what cannot be deleted yet, with the reason."""
    if user.is_deleted:
        raise AccountDeletionError(_("This account has already been deleted."))
    if user.role == Role.ADMIN.value:
        raise AccountDeletionError(_(
            "An administrator’s account cannot be deleted. Someone with access to the server "
            "can change its role first, with “flask users set-role”."))
    pending = db.session.scalar(select(func.count()).select_from(Appeal).where(
        Appeal.author_id == user.id, Appeal.decided_at.is_(None)))
    if pending:
        # Deleting now would leave a moderator deciding an appeal nobody can hear about.
        raise AccountDeletionError(_(
            "An appeal of yours is waiting for a moderator’s decision. The account can be "
            "deleted once it is decided; moderators are asked to decide appeals quickly."))


def delete_account(user, by=None, reason=""):
    """Delete the account: anonymise its row, remove its supports (the counts
    follow), its follows, notifications, sessions and every other row about
    it, its mail, and log the deletion. `by` is the admin acting on the
    person's behalf, None when they asked themselves. Flushes, never commits."""
    check_can_delete(user)
    old_name = user.display_name
    # Every address the account has had: mail to any of them goes too.
    addresses = {user.email.lower()} | {email.lower() for email in db.session.scalars(
        select(EmailHistory.email).where(EmailHistory.user_id == user.id))}
    now = utcnow()
    _remove_supports(user)
    for table, columns in cleared_tables():
        clear_rows(table, columns, user.id)
    _scrub_outbox(addresses, old_name)
    _scrub_accessibility_reports(addresses, old_name)
    _anonymise(user, now)
    db.session.add(ModerationAction(
        actor_id=by.id if by is not None else user.id,
        action=ModerationActionKind.ACCOUNT_DELETED.value,
        user_id=user.id,
        # No personal data: the admin's reason ("request by letter") or the fact.
        note=reason if by is not None else "At the person’s request.",
        created_at=now,
    ))
    db.session.flush()
    return user


def _remove_supports(user):
    """Delete the supports and take each from its idea's counter, as taking
    a support back does (one UPDATE per idea, the statements the idea
    services use), so the counts still equal the rows."""
    db.session.flush()
    per_idea = db.session.execute(
        select(Support.idea_id, func.count()).where(Support.user_id == user.id)
        .group_by(Support.idea_id).order_by(Support.idea_id)).all()
    db.session.execute(delete(Support).where(Support.user_id == user.id)
                       .execution_options(synchronize_session=False))
    for idea_id, removed in per_idea:
        bump_counter(idea_id, "support_count", -removed)


def clear_rows(table, columns, user_id):
    """A row that belongs to the account (a required link to it) goes; an
    optional link to it is cut, and the row stays."""
    required = [column for column in columns if not column.nullable]
    optional = [column for column in columns if column.nullable]
    for column in required:
        db.session.execute(delete(table).where(column == user_id))
    for column in optional:
        db.session.execute(update(table).where(column == user_id).values({column.name: None}))


def _scrub_outbox(addresses, old_name):
    """Mail to any of the person's addresses goes, sent or not; mail to others
    that names them, or quotes one of their addresses (an accessibility report
    mailed to the council), says "Former resident" instead. The name is
    matched as a whole word, case and all, so "Al" leaves "Always" alone; an
    address whole and in any case, so "al@x.org" leaves "sal@x.org" alone."""
    db.session.execute(
        delete(OutboxMessage).where(func.lower(OutboxMessage.to_address).in_(sorted(addresses)))
        .execution_options(synchronize_session=False))
    escaped = html.escape(old_name)
    fields = (OutboxMessage.subject, OutboxMessage.text_body, OutboxMessage.html_body)
    mentions = [field.contains(old_name, autoescape=True) for field in fields[:2]]
    mentions.append(OutboxMessage.html_body.contains(escaped, autoescape=True))
    mentions += [func.lower(field).contains(address, autoescape=True)
                 for address in sorted(addresses) for field in fields]
    plain, marked = _whole_word(old_name), _whole_word(escaped)
    quoted = [_whole_address(address) for address in sorted(addresses)]
    for message in db.session.scalars(select(OutboxMessage).where(or_(*mentions))):
        for name in ("subject", "text_body", "html_body"):
            text = getattr(message, name)
            if not text:
                continue
            text = (marked if name == "html_body" else plain).sub(FORMER_RESIDENT, text)
            for pattern in quoted:
                text = pattern.sub(FORMER_RESIDENT, text)
            setattr(message, name, text)


def _scrub_accessibility_reports(addresses, old_name):
    """An accessibility report is not linked to an account, but one sent from
    any of the person's addresses, or signed with their name and no address,
    was theirs: the report stays for staff, without the name or the address."""
    theirs = func.lower(AccessibilityReport.email).in_(sorted(addresses))
    db.session.execute(
        update(AccessibilityReport).where(
            theirs | (AccessibilityReport.email.is_(None)
                      & (func.lower(AccessibilityReport.name) == old_name.lower())))
        .values(name=None, email=None).execution_options(synchronize_session=False))


def _whole_word(text):
    return re.compile(rf"(?<!\w){re.escape(text)}(?!\w)")


def _whole_address(address):
    """The address as a whole, in any case: not inside a longer address."""
    return re.compile(rf"(?<![\w.+-]){re.escape(address)}(?![\w-]|\.\w)", re.IGNORECASE)


def _anonymise(user, now):
    token = secrets.token_hex(8)
    user.display_name = FORMER_RESIDENT
    # Unique, and no name anyone can type: many accounts are "Former resident".
    user.display_name_key = f"\x7fdeleted {user.id} {token}"
    # Not an address (no @), unique, and the mailbox is free for a new account.
    user.email = f"deleted-{user.id}-{token}"
    user.email_mailbox = None
    user.password_hash = "!deleted"  # no password ever matches it
    user.role = Role.RESIDENT.value
    user.confirmed_at = None
    user.blocked_at = None
    user.email_preference = EmailPreference.OFF.value
    user.last_digest_at = None
    user.unsubscribe_key = secrets.token_hex(16)
    user.already_registered_mailed_at = None
    # The language chosen and the notice accepted said something about the person too.
    user.locale = None
    user.privacy_version_accepted = None
    user.privacy_accepted_at = None
    user.session_token = new_session_token()  # signed out everywhere
    user.deleted_at = now
