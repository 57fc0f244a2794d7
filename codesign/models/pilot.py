"""Pilots: a proposal tried out as a pre-registered experiment.

A pilot's experiment card is a series of versions. Version 1 is written
while the pilot is planned; once it starts the card is locked, and a change
is a new version with a reason (an amendment), so the original stays on show
beside it. Figures are recorded per period and per site; each start, upload
of figures and closing leaves an event, which the idea's timeline shows.
"""
import enum

from ..clock import utcnow
from ..extensions import db
from ..sanitise import rendered_from
from .idea import _in


class PilotStatus(str, enum.Enum):
    PLANNED = "planned"
    RUNNING = "running"
    CLOSED = "closed"


class MeasureKind(str, enum.Enum):
    PROPORTION = "proportion"
    MEAN = "mean"


class Better(str, enum.Enum):
    HIGHER = "higher"
    LOWER = "lower"


class Direction(str, enum.Enum):
    RISE = "rise"
    FALL = "fall"


class Site(str, enum.Enum):
    PILOT = "pilot"
    COMPARISON = "comparison"


class PilotVerdict(str, enum.Enum):
    WORKED = "worked"
    DID_NOT_WORK = "did_not_work"
    TOO_EARLY = "too_early"


class PilotEventKind(str, enum.Enum):
    STARTED = "started"
    AMENDED = "amended"
    FIGURES = "figures"
    CLOSED = "closed"


TITLE_MAX = 140
SHORT_MAX = 200
UNIT_MAX = 40
TEXT_MAX = 5_000
CONCLUSION_MAX = 10_000
# Figures: large enough for any count or amount a service reports, small
# enough for every database's NUMERIC.
AMOUNT = db.Numeric(18, 6)
MONEY = db.Numeric(12, 2)


class Pilot(db.Model):
    __tablename__ = "pilot"
    __table_args__ = (
        db.CheckConstraint(_in("status", PilotStatus), name="status_known"),
        db.CheckConstraint(f"verdict IS NULL OR {_in('verdict', PilotVerdict)}",
                           name="verdict_known"),
        db.CheckConstraint(f"proposed_verdict IS NULL OR {_in('proposed_verdict', PilotVerdict)}",
                           name="proposed_verdict_known"),
        # A closed pilot has its verdict, its conclusion and when it closed.
        db.CheckConstraint("status <> 'closed' OR (verdict IS NOT NULL AND closed_at IS NOT NULL)",
                           name="closed_has_verdict"),
        db.CheckConstraint("status = 'planned' OR started_at IS NOT NULL", name="started_when"),
        db.Index("ix_pilot_status_id", "status", "id"),
    )

    id = db.Column(db.Integer, primary_key=True)
    proposal_id = db.Column(db.Integer, db.ForeignKey("proposal.id"), nullable=False, index=True)
    title = db.Column(db.String(TITLE_MAX), nullable=False)
    service_area_id = db.Column(db.Integer, db.ForeignKey("service_area.id"), nullable=False,
                                index=True)
    status = db.Column(db.String(16), nullable=False, default=PilotStatus.PLANNED.value)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    started_at = db.Column(db.DateTime)
    closed_at = db.Column(db.DateTime)
    # At closing: the verdict the figures proposed (and why), and staff's own.
    proposed_verdict = db.Column(db.String(16))
    proposed_reason = db.Column(db.String(40))
    verdict = db.Column(db.String(16), index=True)
    conclusion = db.Column(db.Text, nullable=False, default="")
    conclusion_html = db.Column(db.Text, nullable=False, default=rendered_from("conclusion"))
    closed_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))

    proposal = db.relationship("Proposal", lazy="joined", innerjoin=True)
    service_area = db.relationship("ServiceArea", lazy="joined", innerjoin=True)

    @property
    def is_planned(self):
        return self.status == PilotStatus.PLANNED.value

    @property
    def is_running(self):
        return self.status == PilotStatus.RUNNING.value

    @property
    def is_closed(self):
        return self.status == PilotStatus.CLOSED.value

    def __repr__(self):
        return f"<Pilot {self.id}>"


class PilotCard(db.Model):
    """One version of a pilot's experiment card. Version 1 is the original;
    later ones are amendments, each with its reason. A version is never
    changed once the pilot has started (see pilots/services.py)."""

    __tablename__ = "pilot_card"
    __table_args__ = (
        db.UniqueConstraint("pilot_id", "version"),
        db.CheckConstraint("version >= 1", name="version_positive"),
        db.CheckConstraint(_in("direction", Direction), name="direction_known"),
        db.CheckConstraint(_in("kind", MeasureKind), name="kind_known"),
        db.CheckConstraint(_in("better", Better), name="better_known"),
        db.CheckConstraint("target > 0", name="target_positive"),
        db.CheckConstraint("ends_on > starts_on", name="ends_after_start"),
        db.CheckConstraint("kind <> 'proportion' OR (baseline_value >= 0 AND baseline_value <= 1)",
                           name="proportion_baseline_in_range"),
    )

    id = db.Column(db.Integer, primary_key=True)
    pilot_id = db.Column(db.Integer, db.ForeignKey("pilot.id", ondelete="CASCADE"),
                         nullable=False, index=True)
    version = db.Column(db.Integer, nullable=False)
    reason = db.Column(db.Text, nullable=False, default="")  # why this amendment ("" for v1)
    author_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    # Hypothesis: "If we <change>, then <outcome> will <rise/fall> by <amount>
    # for <who>, because <reason>".
    change = db.Column(db.Text, nullable=False)
    outcome = db.Column(db.String(SHORT_MAX), nullable=False)
    direction = db.Column(db.String(8), nullable=False)
    amount = db.Column(db.String(SHORT_MAX), nullable=False)
    who = db.Column(db.String(SHORT_MAX), nullable=False)
    because = db.Column(db.Text, nullable=False)
    measure_name = db.Column(db.String(SHORT_MAX), nullable=False)
    measure_unit = db.Column(db.String(UNIT_MAX), nullable=False, default="")
    better = db.Column(db.String(8), nullable=False)
    kind = db.Column(db.String(16), nullable=False)
    cost_measure = db.Column(db.String(SHORT_MAX), nullable=False)
    # A proportion's baseline and target are fractions (0.62 is 62%, a target
    # of 0.05 is 5 percentage points); a mean's are in the measure's unit.
    baseline_value = db.Column(AMOUNT, nullable=False)
    baseline_period = db.Column(db.String(SHORT_MAX), nullable=False)
    baseline_source = db.Column(db.String(SHORT_MAX), nullable=False)
    target = db.Column(AMOUNT, nullable=False)
    site = db.Column(db.String(SHORT_MAX), nullable=False)
    comparison_site = db.Column(db.String(SHORT_MAX), nullable=False, default="")
    starts_on = db.Column(db.Date, nullable=False)
    ends_on = db.Column(db.Date, nullable=False)
    stop_rule = db.Column(db.Text, nullable=False)
    data_owner = db.Column(db.String(SHORT_MAX), nullable=False)

    author = db.relationship("User", lazy="joined", innerjoin=True)

    @property
    def has_comparison(self):
        return bool(self.comparison_site)


class Measurement(db.Model):
    """One period's figures for one site: successes of n (a proportion), or
    n with their mean and standard deviation (a mean); cost per case in pounds."""

    __tablename__ = "pilot_measurement"
    __table_args__ = (
        db.UniqueConstraint("pilot_id", "period_start", "period_end", "site"),
        db.CheckConstraint(_in("site", Site), name="site_known"),
        db.CheckConstraint("n >= 1", name="n_positive"),
        db.CheckConstraint("successes IS NULL OR (successes >= 0 AND successes <= n)",
                           name="successes_within_n"),
        db.CheckConstraint("sd IS NULL OR sd >= 0", name="sd_not_negative"),
        db.CheckConstraint("sd IS NULL OR mean IS NOT NULL", name="sd_needs_mean"),
        db.CheckConstraint("(successes IS NULL) <> (mean IS NULL)", name="one_kind"),
        db.CheckConstraint("cost_per_case IS NULL OR cost_per_case >= 0",
                           name="cost_not_negative"),
        db.CheckConstraint("period_end >= period_start", name="period_in_order"),
    )

    id = db.Column(db.Integer, primary_key=True)
    pilot_id = db.Column(db.Integer, db.ForeignKey("pilot.id", ondelete="CASCADE"),
                         nullable=False, index=True)
    period_start = db.Column(db.Date, nullable=False)
    period_end = db.Column(db.Date, nullable=False)
    site = db.Column(db.String(16), nullable=False)
    n = db.Column(db.Integer, nullable=False)
    successes = db.Column(db.Integer)
    mean = db.Column(AMOUNT)
    sd = db.Column(AMOUNT)
    cost_per_case = db.Column(MONEY)
    recorded_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    recorded_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class PilotEvent(db.Model):
    """Something that happened to a pilot, for the idea's timeline: started,
    amended, new figures (with the result as it then stood), closed."""

    __tablename__ = "pilot_event"
    __table_args__ = (
        db.CheckConstraint(_in("kind", PilotEventKind), name="kind_known"),
        db.CheckConstraint(f"proposed_verdict IS NULL OR {_in('proposed_verdict', PilotVerdict)}",
                           name="proposed_verdict_known"),
        db.CheckConstraint(f"verdict IS NULL OR {_in('verdict', PilotVerdict)}",
                           name="verdict_known"),
        db.Index("ix_pilot_event_pilot_id_created_at", "pilot_id", "created_at"),
    )

    id = db.Column(db.Integer, primary_key=True)
    pilot_id = db.Column(db.Integer, db.ForeignKey("pilot.id", ondelete="CASCADE"),
                         nullable=False)
    kind = db.Column(db.String(16), nullable=False)
    author_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    periods = db.Column(db.Integer)   # figures: periods recorded
    replaced = db.Column(db.Integer)  # figures: of which replaced earlier ones
    # The result as it stood after this event (None while there is none).
    estimate = db.Column(db.Float)
    ci_low = db.Column(db.Float)
    ci_high = db.Column(db.Float)
    proposed_verdict = db.Column(db.String(16))
    verdict = db.Column(db.String(16))  # closed: staff's verdict
