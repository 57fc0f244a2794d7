import enum

from ..clock import utcnow
from ..extensions import db


class IdeaStatus(str, enum.Enum):
    # Staff statuses (under review, promoted, ...) are added with the staff work.
    PUBLISHED = "published"


TITLE_MAX = 140
DESCRIPTION_MAX = 10_000
PLACE_MAX = 120


class Idea(db.Model):
    __tablename__ = "idea"
    __table_args__ = (
        db.CheckConstraint("vote_count >= 0", name="vote_count_not_negative"),
        db.CheckConstraint("comment_count >= 0", name="comment_count_not_negative"),
        db.Index("ix_idea_vote_count_id", "vote_count", "id"),
        db.Index("ix_idea_comment_count_id", "comment_count", "id"),
        db.Index("ix_idea_created_at_id", "created_at", "id"),
    )

    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(TITLE_MAX), nullable=False)
    description = db.Column(db.Text, nullable=False)
    service_area_id = db.Column(
        db.Integer, db.ForeignKey("service_area.id"), nullable=False, index=True
    )
    challenge_id = db.Column(db.Integer, db.ForeignKey("challenge.id"), index=True)
    place = db.Column(db.String(PLACE_MAX))
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
    # Kept by the services in the same transaction as the rows they count:
    # supports, and comments that are neither deleted nor hidden.
    vote_count = db.Column(db.Integer, nullable=False, default=0)
    comment_count = db.Column(db.Integer, nullable=False, default=0)

    author = db.relationship("User", lazy="joined", innerjoin=True)
    service_area = db.relationship("ServiceArea", lazy="joined", innerjoin=True)
    challenge = db.relationship("Challenge", lazy="joined")

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    def __repr__(self):
        return f"<Idea {self.id}>"
