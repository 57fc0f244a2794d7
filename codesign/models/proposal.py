import enum

from ..clock import utcnow
from ..extensions import db
from ..sanitise import rendered_from
from .idea import _in


class ProposalStatus(str, enum.Enum):
    """draft -> open for feedback -> approved -> in pilot -> implemented,
    or not taken forward (with a reason) from any step before implemented."""

    DRAFT = "draft"
    OPEN_FOR_FEEDBACK = "open_for_feedback"
    APPROVED = "approved"
    IN_PILOT = "in_pilot"
    IMPLEMENTED = "implemented"
    NOT_TAKEN_FORWARD = "not_taken_forward"


class CostBand(str, enum.Enum):
    UNDER_10K = "under_10k"
    FROM_10K_TO_50K = "10k_50k"
    FROM_50K_TO_250K = "50k_250k"
    OVER_250K = "over_250k"
    UNKNOWN = "unknown"


TITLE_MAX = 140
FIELD_MAX = 10_000
TEAM_MAX = 120


class Proposal(db.Model):
    """A formal proposal that staff made from one or more residents' ideas."""

    __tablename__ = "proposal"
    __table_args__ = (
        db.CheckConstraint(_in("status", ProposalStatus), name="status_known"),
        db.CheckConstraint(_in("cost_band", CostBand), name="cost_band_known"),
        db.CheckConstraint("comment_count >= 0", name="comment_count_not_negative"),
        db.Index("ix_proposal_created_at_id", "created_at", "id"),
    )

    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(TITLE_MAX), nullable=False)
    problem = db.Column(db.Text, nullable=False)
    proposed_change = db.Column(db.Text, nullable=False)
    expected_benefits = db.Column(db.Text, nullable=False)
    who_it_affects = db.Column(db.Text, nullable=False)
    # The four Markdown fields as the sanitiser rendered them when written.
    problem_html = db.Column(db.Text, nullable=False, default=rendered_from("problem"))
    proposed_change_html = db.Column(db.Text, nullable=False,
                                     default=rendered_from("proposed_change"))
    expected_benefits_html = db.Column(db.Text, nullable=False,
                                       default=rendered_from("expected_benefits"))
    who_it_affects_html = db.Column(db.Text, nullable=False, default=rendered_from("who_it_affects"))
    cost_band = db.Column(db.String(20), nullable=False)
    service_area_id = db.Column(
        db.Integer, db.ForeignKey("service_area.id"), nullable=False, index=True
    )
    responsible_team = db.Column(db.String(TEAM_MAX), nullable=False)
    decision_due = db.Column(db.Date, nullable=False)
    status = db.Column(
        db.String(32), nullable=False, default=ProposalStatus.DRAFT.value, index=True
    )
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    comment_count = db.Column(db.Integer, nullable=False, default=0)

    service_area = db.relationship("ServiceArea", lazy="joined", innerjoin=True)
    created_by = db.relationship("User", lazy="joined", innerjoin=True)

    def __repr__(self):
        return f"<Proposal {self.id}>"


class ProposalStatusChange(db.Model):
    __tablename__ = "proposal_status_change"
    __table_args__ = (
        db.CheckConstraint(_in("to_status", ProposalStatus), name="to_status_known"),
        db.Index("ix_proposal_status_change_proposal_id_created_at", "proposal_id", "created_at"),
    )

    id = db.Column(db.Integer, primary_key=True)
    proposal_id = db.Column(db.Integer, db.ForeignKey("proposal.id"), nullable=False)
    from_status = db.Column(db.String(32))
    to_status = db.Column(db.String(32), nullable=False)
    response = db.Column(db.Text, nullable=False)
    response_html = db.Column(db.Text, nullable=False, default=rendered_from("response"))
    author_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    author = db.relationship("User", lazy="joined", innerjoin=True)
