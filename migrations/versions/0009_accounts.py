"""accounts: one account per mailbox, one account per display name

Two unique columns on user, both derived from another column by the model
(codesign/models/user.py):

- email_mailbox: the mailbox the address delivers to (no +tag; no dots for
  Gmail), so plus-addressing cannot make a second account. Accounts that
  already shared a mailbox keep working: the oldest holds the mailbox, the
  others get NULL (a unique column allows any number of NULLs).
- display_name_key: the display name cleaned (NFKC, no invisible characters,
  spaces collapsed) and case-folded, so nobody can take a name that looks
  like someone else's. Names are cleaned here too. Where two accounts clash,
  staff roles keep their name first (so an impersonator cannot take the real
  person's), then the oldest account; the others get " 2", " 3", ...

The cleaning functions are copied here, not imported, so this migration
does what it did when written whatever the code becomes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 10:00:00

"""
import unicodedata

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

NAME_MAX = 60
BATCH = 5000
ROLE_ORDER = {"admin": 0, "staff": 1, "moderator": 2}
DOTS_IGNORED = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}
_INVISIBLE = frozenset(
    [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180E, 0x2800,
     0x3164, 0xFFA0]
    + list(range(0xFE00, 0xFE10)) + list(range(0xE0100, 0xE01F0))
)


def _invisible(char):
    return (unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
            or ord(char) in _INVISIBLE)


def _clean_name(value):
    value = unicodedata.normalize("NFKC", value)
    value = "".join(" " if char.isspace() else char for char in value
                    if char.isspace() or not _invisible(char))
    return " ".join(unicodedata.normalize("NFKC", value).split())


def _name_key(value):
    return unicodedata.normalize("NFKC", _clean_name(value).casefold())


def _mailbox(email):
    address = email.replace("\x00", "").strip().lower()
    local, at, domain = address.rpartition("@")
    if not at or not local:
        return address
    untagged = local.split("+", 1)[0] or local
    if domain in DOTS_IGNORED:
        untagged = untagged.replace(".", "") or untagged
        domain = DOTS_IGNORED[domain]
    return f"{untagged}@{domain}"


def _unique_name(user_id, name, taken):
    base = _clean_name(name)[:NAME_MAX].strip() or f"Resident {user_id}"
    candidate, number = base, 1
    while _name_key(candidate) in taken:
        number += 1
        suffix = f" {number}"
        candidate = base[:NAME_MAX - len(suffix)].rstrip() + suffix
    return candidate


def _backfill(connection):
    user = sa.table("user", sa.column("id", sa.Integer), sa.column("email", sa.String),
                    sa.column("display_name", sa.String), sa.column("role", sa.String),
                    sa.column("email_mailbox", sa.String),
                    sa.column("display_name_key", sa.String))
    rows = connection.execute(sa.select(user.c.id, user.c.email, user.c.display_name,
                                        user.c.role)).all()
    mailboxes, names = set(), set()
    changes = []
    for user_id, email, _name, _role in sorted(rows, key=lambda row: row[0]):
        mailbox = _mailbox(email)
        changes.append({"uid": user_id, "mailbox": None if mailbox in mailboxes else mailbox})
        mailboxes.add(mailbox)
    by_id = {change["uid"]: change for change in changes}
    for user_id, _email, name, _role in sorted(
            rows, key=lambda row: (ROLE_ORDER.get(row[3], len(ROLE_ORDER)), row[0])):
        unique = _unique_name(user_id, name, names)
        names.add(_name_key(unique))
        by_id[user_id].update(name=unique, key=_name_key(unique))
    update = (user.update().where(user.c.id == sa.bindparam("uid"))
              .values(email_mailbox=sa.bindparam("mailbox"), display_name=sa.bindparam("name"),
                      display_name_key=sa.bindparam("key")))
    for start in range(0, len(changes), BATCH):
        connection.execute(update, changes[start:start + BATCH])


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_mailbox', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('display_name_key', sa.String(length=255), nullable=True))

    _backfill(op.get_bind())

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.alter_column('display_name_key', existing_type=sa.String(length=255),
                              nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_user_email_mailbox'), ['email_mailbox'])
        batch_op.create_unique_constraint(batch_op.f('uq_user_display_name_key'),
                                          ['display_name_key'])


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_user_display_name_key'), type_='unique')
        batch_op.drop_constraint(batch_op.f('uq_user_email_mailbox'), type_='unique')
        batch_op.drop_column('display_name_key')
        batch_op.drop_column('email_mailbox')
