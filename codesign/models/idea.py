import enum
import random

from ..clock import utcnow
from ..extensions import db
from ..sanitise import rendered_from


class IdeaStatus(str, enum.Enum):
    """published -> under review -> one of the four outcomes."""

    PUBLISHED = "published"
    UNDER_REVIEW = "under_review"
    PROMOTED = "promoted"
    NOT_TAKEN_FORWARD = "not_taken_forward"
    DUPLICATE = "duplicate"
    ALREADY_PLANNED = "already_planned"


class HideReason(str, enum.Enum):
    """Why content is hidden: a moderator's reason, or reports awaiting review."""

    SPAM = "spam"
    OFFENSIVE = "offensive"
    OFF_TOPIC = "off_topic"
    PERSONAL_INFORMATION = "personal_information"
    OTHER = "other"
    REPORTED = "reported"


def _in(column, enum_cls):
    values = ", ".join(f"'{member.value}'" for member in enum_cls)
    return f"{column} IN ({values})"


# Shuffle keys lie in [0, SHUFFLE_KEYS): the random order walks them from a
# point chosen by the visitor's seed of the day, wrapping round (ideas/queries.py).
SHUFFLE_KEYS = 2_147_483_647


def new_shuffle_key():
    """A new idea's place in the random order: uniform, so that any stretch
    of keys holds a fair share of the ideas (the list's estimated count
    relies on it). Not a secret: it only orders the list."""
    return random.randrange(SHUFFLE_KEYS)


TITLE_MAX = 140
DESCRIPTION_MAX = 10_000
PLACE_MAX = 120
# The languages an idea or a comment can be marked as written in: every
# language the site may offer (config LANGUAGES is those offered today).
WRITTEN_LANGUAGES = ("en", "cy")
LANGUAGE_KNOWN = "language IN ({})".format(", ".join(f"'{code}'" for code in WRITTEN_LANGUAGES))


class Idea(db.Model):
    __tablename__ = "idea"
    __table_args__ = (
        db.CheckConstraint("support_count >= 0", name="support_count_not_negative"),
        db.CheckConstraint("comment_count >= 0", name="comment_count_not_negative"),
        db.Index("ix_idea_support_count_id", "support_count", "id"),
        db.Index("ix_idea_comment_count_id", "comment_count", "id"),
        db.Index("ix_idea_created_at_id", "created_at", "id"),
        db.CheckConstraint(_in("status", IdeaStatus), name="status_known"),
        db.CheckConstraint("duplicate_of_id IS NULL OR duplicate_of_id <> id",
                           name="not_duplicate_of_itself"),
        db.CheckConstraint(LANGUAGE_KNOWN, name="language_known"),
    )

    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(TITLE_MAX), nullable=False)
    description = db.Column(db.Text, nullable=False)
    # The description as the sanitiser rendered it when it was written.
    description_html = db.Column(db.Text, nullable=False, default=rendered_from("description"))
    service_area_id = db.Column(
        db.Integer, db.ForeignKey("service_area.id"), nullable=False, index=True
    )
    challenge_id = db.Column(db.Integer, db.ForeignKey("challenge.id"), index=True)
    place = db.Column(db.String(PLACE_MAX))
    # The language the title and description are written in (its pages mark
    # them with it, and search stems only English: codesign/search.py).
    language = db.Column(db.String(2), nullable=False, default="en")
    author_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False, index=True)
    status = db.Column(
        db.String(32), nullable=False, default=IdeaStatus.PUBLISHED.value, index=True
    )
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    withdrawn_at = db.Column(db.DateTime)
    # When someone other than the author first supported or commented: from
    # then on the author can no longer change what those people responded to.
    engaged_at = db.Column(db.DateTime)
    hidden_at = db.Column(db.DateTime)
    hidden_reason = db.Column(db.String(30))
    hidden_note = db.Column(db.Text)
    # When the supports first reached the review threshold.
    ready_for_review_at = db.Column(db.DateTime)
    duplicate_of_id = db.Column(db.Integer, db.ForeignKey("idea.id"))
    proposal_id = db.Column(db.Integer, db.ForeignKey("proposal.id"))
    # Kept by the services in the same transaction as the rows they count:
    # supports, and comments that are neither deleted nor hidden.
    support_count = db.Column(db.Integer, nullable=False, default=0)
    # Of support_count, the supports given in person (entered by a connector).
    in_person_support_count = db.Column(db.Integer, nullable=False, default=0,
                                        server_default="0")
    # Where a connector entered the idea for a resident (codesign/assist);
    # None for an idea its author wrote.
    assisted_place = db.Column(db.String(PLACE_MAX))
    comment_count = db.Column(db.Integer, nullable=False, default=0)
    # The idea's place in the random order (see new_shuffle_key), set once.
    shuffle_key = db.Column(db.Integer, nullable=False, default=new_shuffle_key)

    author = db.relationship("User", lazy="joined", innerjoin=True)
    service_area = db.relationship("ServiceArea", lazy="joined", innerjoin=True)
    challenge = db.relationship("Challenge", lazy="joined")
    duplicate_of = db.relationship("Idea", remote_side=[id], lazy="select")

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    def __repr__(self):
        return f"<Idea {self.id}>"



def _public_index(name, *columns):
    # Partial indexes over public ideas, behind the list sorts and filters
    # (migration 0004). hidden_at closes each one although it is always NULL
    # there: SQLite (3.40) uses a partial index as a covering one only if it
    # holds every column the query names, its own condition included.
    public = Idea.hidden_at.is_(None)
    return db.Index(name, *columns, Idea.hidden_at, sqlite_where=public, postgresql_where=public)


_FILTERS = (Idea.service_area_id, Idea.challenge_id, Idea.status)
_public_index("ix_idea_public_supported", Idea.support_count, Idea.id, *_FILTERS)
_public_index("ix_idea_public_newest", Idea.created_at, Idea.id, *_FILTERS)
_public_index("ix_idea_public_discussed", Idea.comment_count, Idea.id, *_FILTERS)
_public_index("ix_idea_public_area", *_FILTERS, Idea.id)
_public_index("ix_idea_public_shuffle", Idea.shuffle_key, Idea.id, *_FILTERS)
# The staff queue (codesign/staff/queries.py) walks ideas still open for an
# answer in its own order, those ready for review first, from this index
# (migration 0024), rather than sorting every idea on each view.
_OPEN = db.and_(Idea.hidden_at.is_(None), Idea.duplicate_of_id.is_(None),
                Idea.withdrawn_at.is_(None))
db.Index("ix_idea_awaiting", Idea.ready_for_review_at.is_(None),
         db.func.coalesce(Idea.ready_for_review_at, Idea.created_at), Idea.id,
         sqlite_where=_OPEN, postgresql_where=_OPEN)
# An idea's duplicates, and a proposal's ideas, are found from indexes of
# those alone (migration 0024): holding every idea too, they were what
# SQLite's planner read for "duplicate_of_id IS NULL", nearly every idea.
_DUPLICATE = Idea.duplicate_of_id.is_not(None)
db.Index("ix_idea_duplicate_of_id", Idea.duplicate_of_id,
         sqlite_where=_DUPLICATE, postgresql_where=_DUPLICATE)
_PROMOTED = Idea.proposal_id.is_not(None)
db.Index("ix_idea_proposal_id", Idea.proposal_id, sqlite_where=_PROMOTED, postgresql_where=_PROMOTED)
# The moderation queue reads hidden ideas from this small index.
db.Index("ix_idea_hidden", Idea.hidden_reason, Idea.hidden_at, Idea.id,
         sqlite_where=Idea.hidden_at.is_not(None), postgresql_where=Idea.hidden_at.is_not(None))

class IdeaStatusChange(db.Model):
    """One step of an idea's public timeline, with staff's official response."""

    __tablename__ = "idea_status_change"
    __table_args__ = (
        db.CheckConstraint(_in("to_status", IdeaStatus), name="to_status_known"),
        db.Index("ix_idea_status_change_idea_id_created_at", "idea_id", "created_at"),
    )

    id = db.Column(db.Integer, primary_key=True)
    idea_id = db.Column(db.Integer, db.ForeignKey("idea.id"), nullable=False)
    from_status = db.Column(db.String(32), nullable=False)
    to_status = db.Column(db.String(32), nullable=False)
    response = db.Column(db.Text, nullable=False)
    response_html = db.Column(db.Text, nullable=False, default=rendered_from("response"))
    author_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    author = db.relationship("User", lazy="joined", innerjoin=True)
