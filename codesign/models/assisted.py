"""Participation entered by a connector for a resident who is not online
(codesign/assist). The resident's name and contact are private: they appear
on no public page, export, search or API, only to the connector's own pages
and moderators' oversight."""
import enum
import secrets

from ..clock import utcnow
from ..extensions import db

RESIDENT_NAME_MAX = 100
DISTRICT_MAX = 8
PHONE_MAX = 30
ENTRY_PLACE_MAX = 120
# Reference numbers: letters and digits that cannot be mistaken for one
# another read aloud or in handwriting (no 0/O, 1/I/L, 5/S, 2/Z, 8/B, U/V).
REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTWXY34679"
REFERENCE_GROUPS = 3  # of four characters: 23**12, about 2**54
REFERENCE_MAX = 16


class Channel(str, enum.Enum):
    DESK = "desk"
    PHONE = "phone"
    PAPER = "paper"
    EVENT = "event"


class EntryKind(str, enum.Enum):
    IDEA = "idea"
    COMMENT = "comment"
    SUPPORT = "support"


def _in(column, enum_cls):
    return f"{column} IN ({', '.join(repr(member.value) for member in enum_cls)})"


def new_reference():
    """Random, hard to guess, easy to read aloud: e.g. "KX7F-3QWA-9MCD"."""
    characters = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(4 * REFERENCE_GROUPS))
    return "-".join(characters[i:i + 4] for i in range(0, len(characters), 4))


class AssistedResident(db.Model):
    """A resident whose participation connectors enter. One row per person as
    far as the site can tell: the normalised name and postcode district."""

    __tablename__ = "assisted_resident"
    __table_args__ = (
        db.UniqueConstraint("name_key", "postcode_district"),
        db.CheckConstraint("agreed_at IS NOT NULL", name="agreed"),
    )

    id = db.Column(db.Integer, primary_key=True)
    reference = db.Column(db.String(REFERENCE_MAX), nullable=False, unique=True,
                          default=new_reference)
    name = db.Column(db.String(RESIDENT_NAME_MAX), nullable=False)
    # formtext.person_key(name): case, spaces, accents and punctuation aside.
    name_key = db.Column(db.String(RESIDENT_NAME_MAX * 2), nullable=False)
    # "" when not given, so that the unique constraint holds (NULLs differ).
    postcode_district = db.Column(db.String(DISTRICT_MAX), nullable=False, default="")
    contact_email = db.Column(db.String(254))
    contact_phone = db.Column(db.String(PHONE_MAX))
    # The language of the emails about their ideas (None: the site's default).
    locale = db.Column(db.String(8))
    connector_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False, index=True)
    # When the resident agreed that their name and contact are kept.
    agreed_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    connector = db.relationship("User", lazy="joined", innerjoin=True)

    def __repr__(self):
        return f"<AssistedResident {self.id}>"


class AssistedEntry(db.Model):
    """One idea, comment or support a connector entered for a resident: how it
    came, where, and that the resident agreed. The audit trail moderators read."""

    __tablename__ = "assisted_entry"
    __table_args__ = (
        db.CheckConstraint(_in("kind", EntryKind), name="kind_known"),
        db.CheckConstraint(_in("channel", Channel), name="channel_known"),
        db.CheckConstraint("agreed", name="agreed"),
        db.CheckConstraint("(kind = 'comment') = (comment_id IS NOT NULL)",
                           name="comment_for_comments"),
        db.Index("ix_assisted_entry_created_at", "created_at"),
        db.Index("ix_assisted_entry_connector_id_created_at", "connector_id", "created_at"),
    )

    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(10), nullable=False)
    resident_id = db.Column(db.Integer, db.ForeignKey("assisted_resident.id"), nullable=False,
                            index=True)
    connector_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    # The idea entered, commented on or supported.
    idea_id = db.Column(db.Integer, db.ForeignKey("idea.id", ondelete="CASCADE"),
                        nullable=False, index=True)
    comment_id = db.Column(db.Integer, db.ForeignKey("comment.id", ondelete="CASCADE"),
                           unique=True)
    channel = db.Column(db.String(10), nullable=False)
    place = db.Column(db.String(ENTRY_PLACE_MAX), nullable=False)
    agreed = db.Column(db.Boolean, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    resident = db.relationship("AssistedResident", lazy="joined", innerjoin=True)
    connector = db.relationship("User", lazy="joined", innerjoin=True)
    idea = db.relationship("Idea", lazy="joined", innerjoin=True)

    def __repr__(self):
        return f"<AssistedEntry {self.id}>"
