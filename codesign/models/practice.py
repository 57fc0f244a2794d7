"""What worked, written down so it spreads: a playbook for a pilot that
closed as "worked", the files attached to it, and the adoptions of it by
other services (each a new proposal that runs its own pilot).

The figures are never typed into a playbook: they are the pilot's own
result (codesign/pilots/results.py), read when shown.
"""
import enum

from ..clock import utcnow
from ..extensions import db
from ..sanitise import rendered_from
from .idea import _in


class PlaybookState(str, enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"


class AttachmentType(str, enum.Enum):
    """The types a file may be stored as, found from its content."""
    PDF = "application/pdf"
    PNG = "image/png"
    JPEG = "image/jpeg"
    XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ODS = "application/vnd.oasis.opendocument.spreadsheet"
    CSV = "text/csv"


TITLE_MAX = 140
SUMMARY_MAX = 300
COST_MAX = 200
TEAM_MAX = 120
TEXT_MAX = 10_000
FILENAME_MAX = 200


class Playbook(db.Model):
    """How to repeat a pilot that worked: one per pilot, a draft until staff publish it."""

    __tablename__ = "playbook"
    __table_args__ = (
        db.CheckConstraint(_in("state", PlaybookState), name="state_known"),
        db.CheckConstraint("state <> 'published' OR published_at IS NOT NULL",
                           name="published_when"),
        db.Index("ix_playbook_state_published_at", "state", "published_at"),
    )

    id = db.Column(db.Integer, primary_key=True)
    pilot_id = db.Column(db.Integer, db.ForeignKey("pilot.id", ondelete="CASCADE"),
                         nullable=False, unique=True)
    state = db.Column(db.String(16), nullable=False, default=PlaybookState.DRAFT.value)
    title = db.Column(db.String(TITLE_MAX), nullable=False)
    summary = db.Column(db.String(SUMMARY_MAX), nullable=False, default="")
    # What was done, step by step; what was needed; what went wrong: Markdown,
    # stored as typed beside the HTML rendered when written.
    steps = db.Column(db.Text, nullable=False)
    steps_html = db.Column(db.Text, nullable=False, default=rendered_from("steps"))
    needs = db.Column(db.Text, nullable=False, default="")
    needs_html = db.Column(db.Text, nullable=False, default=rendered_from("needs"))
    pitfalls = db.Column(db.Text, nullable=False, default="")
    pitfalls_html = db.Column(db.Text, nullable=False, default=rendered_from("pitfalls"))
    setup_cost = db.Column(db.String(COST_MAX), nullable=False, default="")
    running_cost = db.Column(db.String(COST_MAX), nullable=False, default="")
    contact_team = db.Column(db.String(TEAM_MAX), nullable=False)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    published_at = db.Column(db.DateTime)

    pilot = db.relationship("Pilot", lazy="joined", innerjoin=True)

    @property
    def is_published(self):
        return self.state == PlaybookState.PUBLISHED.value


class PlaybookAttachment(db.Model):
    """A file attached to a playbook. It is stored under a random name outside
    static/ (UPLOAD_FOLDER), with the type its content showed, and only ever
    served as a download."""

    __tablename__ = "playbook_attachment"
    __table_args__ = (
        db.CheckConstraint(_in("content_type", AttachmentType), name="content_type_known"),
        db.CheckConstraint("size > 0", name="size_positive"),
    )

    id = db.Column(db.Integer, primary_key=True)
    playbook_id = db.Column(db.Integer, db.ForeignKey("playbook.id", ondelete="CASCADE"),
                            nullable=False, index=True)
    filename = db.Column(db.String(FILENAME_MAX), nullable=False)  # as uploaded, cleaned
    stored_name = db.Column(db.String(64), nullable=False, unique=True)
    content_type = db.Column(db.String(100), nullable=False)
    size = db.Column(db.Integer, nullable=False)
    uploaded_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class Adoption(db.Model):
    """Another service taking up a practice that worked: the proposal made for
    it, which then runs its own pilot. One adoption per proposal."""

    __tablename__ = "adoption"

    id = db.Column(db.Integer, primary_key=True)
    source_pilot_id = db.Column(db.Integer, db.ForeignKey("pilot.id"), nullable=False,
                                index=True)
    proposal_id = db.Column(db.Integer, db.ForeignKey("proposal.id"), nullable=False,
                            unique=True)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    proposal = db.relationship("Proposal", lazy="joined", innerjoin=True)
