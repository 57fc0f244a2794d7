from ..clock import utcnow
from ..extensions import db
from ..sanitise import rendered_from
from .idea import LANGUAGE_KNOWN

BODY_MAX = 5_000
MAX_DEPTH = 2  # a comment (0), a reply (1) and a reply to a reply (2)


class Comment(db.Model):
    __tablename__ = "comment"
    __table_args__ = (
        db.CheckConstraint(f"depth >= 0 AND depth <= {MAX_DEPTH}", name="depth_in_range"),
        db.Index("ix_comment_idea_id_created_at", "idea_id", "created_at"),
        db.Index("ix_comment_created_at", "created_at"),
        db.Index("ix_comment_proposal_id_created_at", "proposal_id", "created_at"),
        # A comment is on an idea or on a proposal, never both.
        db.CheckConstraint("(idea_id IS NULL) <> (proposal_id IS NULL)", name="one_subject"),
        db.CheckConstraint(LANGUAGE_KNOWN, name="language_known"),
    )

    id = db.Column(db.Integer, primary_key=True)
    idea_id = db.Column(db.Integer, db.ForeignKey("idea.id", ondelete="CASCADE"))
    proposal_id = db.Column(db.Integer, db.ForeignKey("proposal.id"))
    author_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False, index=True)
    parent_id = db.Column(db.Integer, db.ForeignKey("comment.id"))
    depth = db.Column(db.Integer, nullable=False, default=0)
    body = db.Column(db.Text, nullable=False)
    # The body as the sanitiser rendered it when it was written or edited.
    body_html = db.Column(db.Text, nullable=False, default=rendered_from("body"))
    # The language the body is written in, marked on its pages.
    language = db.Column(db.String(2), nullable=False, default="en")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    edited_at = db.Column(db.DateTime)
    # The author's own deletion: the body is kept in the row but never shown.
    deleted_at = db.Column(db.DateTime)
    hidden_at = db.Column(db.DateTime)
    hidden_reason = db.Column(db.String(30))
    hidden_note = db.Column(db.Text)
    # Where a connector entered the comment for a resident (codesign/assist).
    assisted_place = db.Column(db.String(120))

    author = db.relationship("User", lazy="joined", innerjoin=True)

    @property
    def is_visible(self):
        return self.deleted_at is None and self.hidden_at is None

    def __repr__(self):
        return f"<Comment {self.id}>"


# The moderation queue reads hidden comments from this small index (migration 0004).
db.Index("ix_comment_hidden", Comment.hidden_reason, Comment.hidden_at, Comment.id,
         sqlite_where=Comment.hidden_at.is_not(None),
         postgresql_where=Comment.hidden_at.is_not(None))

# Replies are found by their parent. Only replies are in this index
# (migration 0024): with every thread in it too, SQLite's planner, once
# ANALYZE has run, read "parent_id IS NULL" from it and so every thread there
# is (60 ms for a proposal's page at Madrid scale) instead of the subject's.
_REPLY = Comment.parent_id.is_not(None)
db.Index("ix_comment_parent_id", Comment.parent_id, sqlite_where=_REPLY, postgresql_where=_REPLY)

# The comment pages count and page a subject's threads (top-level comments)
# from these alone (migration 0005). parent_id ends each one although it is
# always NULL there: SQLite uses a partial index as a covering one only if it
# holds every column the query names.
_THREAD = Comment.parent_id.is_(None)
db.Index("ix_comment_idea_threads", Comment.idea_id, Comment.created_at, Comment.id,
         Comment.parent_id, sqlite_where=_THREAD, postgresql_where=_THREAD)
db.Index("ix_comment_proposal_threads", Comment.proposal_id, Comment.created_at, Comment.id,
         Comment.parent_id, sqlite_where=_THREAD, postgresql_where=_THREAD)
