from ..clock import utcnow
from ..extensions import db


class Support(db.Model):
    """A resident's support for an idea: one per user (or per assisted resident)
    per idea, by constraint."""

    __tablename__ = "support"
    __table_args__ = (
        db.UniqueConstraint("user_id", "idea_id"),
        # An in-person support: one per assisted resident (normalised name and
        # postcode district, unique there) per idea (codesign/assist).
        db.UniqueConstraint("idea_id", "assisted_resident_id"),
        db.CheckConstraint("(user_id IS NULL) <> (assisted_resident_id IS NULL)",
                           name="one_supporter"),
        db.Index("ix_support_idea_id_created_at", "idea_id", "created_at"),
        # Today's new supports on the staff dashboard, counted from the index alone.
        db.Index("ix_support_created_at_via_idea_id", "created_at", "via_idea_id"),
    )

    id = db.Column(db.Integer, primary_key=True)
    # NULL for a support given in person, entered by a connector.
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    assisted_resident_id = db.Column(db.Integer, db.ForeignKey("assisted_resident.id"))
    idea_id = db.Column(
        db.Integer, db.ForeignKey("idea.id", ondelete="CASCADE"), nullable=False
    )
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    # Set when the support was carried over from a duplicate merged into this
    # idea: unmerging removes exactly these rows.
    via_idea_id = db.Column(db.Integer, db.ForeignKey("idea.id"))


# Only carried-over supports (migration 0024): with every support in it, it
# was what SQLite's planner read for "via_idea_id IS NULL", every support.
_CARRIED = Support.via_idea_id.is_not(None)
db.Index("ix_support_via_idea_id", Support.via_idea_id, sqlite_where=_CARRIED,
         postgresql_where=_CARRIED)

# Lets trending add up the last fortnight from the index alone (migration 0004).
db.Index("ix_support_created_at_idea_id", Support.created_at, Support.idea_id)
