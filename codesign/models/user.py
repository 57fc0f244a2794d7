import enum
import secrets

from flask_login import UserMixin
from sqlalchemy.orm import validates

from ..clock import utcnow
from ..extensions import db
from ..formtext import name_key
from ..mailbox import canonical

# Field lengths, shared by the columns, the forms and the services that check them.
EMAIL_MAX = 254
DISPLAY_NAME_MAX = 60


class Role(str, enum.Enum):
    """Each role can do everything the roles before it can."""

    RESIDENT = "resident"
    # Enters ideas, comments and supports for residents who are not online
    # (library, contact centre, community workers): codesign/assist.
    CONNECTOR = "connector"
    MODERATOR = "moderator"
    STAFF = "staff"
    ADMIN = "admin"

    @property
    def rank(self):
        return _RANKS[self]


# Each role's rank, by the role and by its stored value: worked out once, as
# every page asks several times what the person may do.
_RANKS = {**{role: rank for rank, role in enumerate(Role)},
          **{role.value: rank for rank, role in enumerate(Role)}}


def _rank(role):
    found = _RANKS.get(role)
    return found if found is not None else Role(role).rank  # an unknown role fails here


class EmailPreference(str, enum.Enum):
    IMMEDIATE = "immediate"
    DAILY = "daily"
    OFF = "off"


def new_session_token():
    return secrets.token_urlsafe(16)


def _derived(function, column):
    """A column default for rows inserted without the ORM (bulk loads, tests)."""
    return lambda context: function(context.get_current_parameters().get(column))


class User(UserMixin, db.Model):
    __tablename__ = "user"
    __table_args__ = (
        db.CheckConstraint(
            "role IN ('resident', 'connector', 'moderator', 'staff', 'admin')", name="role_known"
        ),
        db.CheckConstraint(
            "email_preference IN ('immediate', 'daily', 'off')", name="email_preference_known"
        ),
    )

    id = db.Column(db.Integer, primary_key=True)
    # Stored lower-cased, so the unique constraint is case-insensitive.
    email = db.Column(db.String(EMAIL_MAX), nullable=False, unique=True)
    # One account per mailbox: NULL only for an account that shared its
    # mailbox with an older one before the rule (migration 0009).
    email_mailbox = db.Column(db.String(254), unique=True,
                              default=_derived(canonical, "email"))
    display_name = db.Column(db.String(DISPLAY_NAME_MAX), nullable=False)
    # Names that look alike once case-folded belong to one account only.
    display_name_key = db.Column(db.String(255), nullable=False, unique=True,
                                 default=_derived(name_key, "display_name"))
    password_hash = db.Column(db.String(255), nullable=False)
    role = db.Column(db.String(20), nullable=False, default=Role.RESIDENT.value)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    confirmed_at = db.Column(db.DateTime)
    # Part of the login id: changing it signs the user out everywhere.
    session_token = db.Column(db.String(32), nullable=False, default=new_session_token)
    # Blocked users can still read, but not post, support or report.
    blocked_at = db.Column(db.DateTime)
    email_preference = db.Column(
        db.String(10), nullable=False, default=EmailPreference.DAILY.value,
        server_default=EmailPreference.DAILY.value,
    )
    last_digest_at = db.Column(db.DateTime)
    # Part of every unsubscribe link's fingerprint, with the address: a new
    # value (None until the first) stops the links in emails already sent.
    unsubscribe_key = db.Column(db.String(32))
    # When the last "you already have an account" email was queued: at most
    # one an hour, however often someone registers with the address.
    already_registered_mailed_at = db.Column(db.DateTime)
    # The language pages and emails are in, once chosen (codesign/language.py).
    locale = db.Column(db.String(8))
    # The privacy notice version this person last accepted (at registration,
    # or by the banner after a material change); None: before versions.
    privacy_version_accepted = db.Column(db.Integer)
    privacy_accepted_at = db.Column(db.DateTime)
    # Set when the account was deleted: the row stays, anonymised, so what
    # its owner wrote keeps an author ("Former resident") (codesign/deletion).
    deleted_at = db.Column(db.DateTime)

    @validates("email")
    def _keep_mailbox(self, _key, email):
        self.email_mailbox = canonical(email)
        return email

    @validates("display_name")
    def _keep_name_key(self, _key, name):
        self.display_name_key = name_key(name)
        return name

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def is_blocked(self):
        return self.blocked_at is not None

    def has_role(self, role):
        """At least this role (roles are ranked)."""
        return _rank(self.role) >= _rank(role)

    def get_id(self):
        return f"{self.id}:{self.session_token}"

    def __repr__(self):
        return f"<User {self.id}>"


# The moderators' "new accounts" page reads the last week's registrations (migration 0010).
db.Index("ix_user_created_at", User.created_at)
