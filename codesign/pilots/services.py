"""The rules for pilots: write the card, start (which locks it), amend it,
record figures (from the form or a whole CSV file), close with a verdict.
Functions take models and values, flush, never commit; a rule that says no
raises DomainError and the route rolls back."""
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import delete, update
from sqlalchemy.exc import DataError, IntegrityError

from .. import signals
from ..clock import utcnow
from ..exceptions import DomainError
from ..extensions import db
from ..models import (
    Measurement,
    NotificationKind,
    Pilot,
    PilotCard,
    PilotEvent,
    PilotEventKind,
    PilotStatus,
    PilotVerdict,
    ProposalStatus,
)
from ..notifications.services import follower_ids, notify
from ..permissions import PILOTABLE
from ..proposals.services import change_status
from ..sanitise import render_markdown
from . import queries, results

# The card's own fields, in every version (title and service area are the pilot's).
CARD_FIELDS = ("change", "outcome", "direction", "amount", "who", "because", "measure_name",
               "measure_unit", "better", "kind", "cost_measure", "baseline_value",
               "baseline_period", "baseline_source", "target", "site", "comparison_site",
               "starts_on", "ends_on", "stop_rule", "data_owner")
HUNDRED = Decimal(100)


def card_values(values):
    """Form values as the card stores them: a proportion's percentages as fractions."""
    card = {name: values[name] for name in CARD_FIELDS}
    card["measure_unit"] = card["measure_unit"] or ""
    card["comparison_site"] = card["comparison_site"] or ""
    if card["kind"] == "proportion":
        card["baseline_value"] = Decimal(card["baseline_value"]) / HUNDRED
        card["target"] = Decimal(card["target"]) / HUNDRED
    return card


def form_values(pilot, card):
    """The other way round, for a form showing a card."""
    data = {name: getattr(card, name) for name in CARD_FIELDS}
    if card.kind == "proportion":
        data["baseline_value"] = (Decimal(card.baseline_value) * HUNDRED).normalize()
        data["target"] = (Decimal(card.target) * HUNDRED).normalize()
    data.update(title=pilot.title, service_area=pilot.service_area_id)
    return data


def create_pilot(staff, proposal, values):
    """A planned pilot of an approved (or running) proposal, with version 1 of its card."""
    if proposal.status not in PILOTABLE:
        raise DomainError(_("A pilot can be planned only for an approved proposal or one "
                            "already in pilot."))
    now = utcnow()
    pilot = Pilot(proposal=proposal, title=values["title"], service_area=values["service_area"],
                  status=PilotStatus.PLANNED.value, created_by_id=staff.id, created_at=now,
                  conclusion="")
    db.session.add(pilot)
    db.session.flush()
    db.session.add(PilotCard(pilot_id=pilot.id, version=1, reason="", author_id=staff.id,
                             created_at=now, **card_values(values)))
    db.session.flush()
    return pilot


def edit_planned(staff, pilot, values):
    """Rewrite version 1 while the pilot is planned. Never once it has started:
    the guard is a conditional UPDATE, so a pilot started meanwhile is untouched."""
    changed = db.session.execute(
        update(Pilot).where(Pilot.id == pilot.id, Pilot.status == PilotStatus.PLANNED.value)
        .values(title=values["title"], service_area_id=values["service_area"].id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        raise DomainError(_("This pilot has started, so its card is locked: change it by an "
                            "amendment, with a reason."))
    db.session.execute(
        update(PilotCard).where(PilotCard.pilot_id == pilot.id, PilotCard.version == 1)
        .values(author_id=staff.id, created_at=utcnow(), **card_values(values))
        .execution_options(synchronize_session=False))
    db.session.expire_all()
    db.session.flush()


def amend(staff, pilot, values, reason):
    """A new version of the card, with its reason; earlier versions stay as they were."""
    if pilot.status != PilotStatus.RUNNING.value:
        raise DomainError(_("Only a running pilot's card is amended."))
    current = queries.current_card(pilot)
    card = card_values(values)
    if card["kind"] != current.kind and queries.has_figures(pilot):
        raise DomainError(_("The kind of measure cannot change once figures are recorded."),
                          field="kind")
    if not card["comparison_site"] and current.has_comparison and \
            queries.has_figures(pilot, "comparison"):
        raise DomainError(_("The comparison site has figures, so it cannot be removed."),
                          field="comparison_site")
    now = utcnow()
    row = PilotCard(pilot_id=pilot.id, version=current.version + 1, reason=reason,
                    author_id=staff.id, created_at=now, **card)
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:
        raise DomainError(_("Someone amended this card at the same moment; nothing was changed. "
                            "Look at the card again.")) from None
    db.session.add(PilotEvent(pilot_id=pilot.id, kind=PilotEventKind.AMENDED.value,
                              author_id=staff.id, created_at=now))
    db.session.flush()
    return row


def start(staff, pilot):
    """Lock the card and start; the proposal moves to "in pilot" if it was approved.
    The idea's author, supporters and followers are told."""
    if pilot.proposal.status not in PILOTABLE:
        raise DomainError(_("The proposal is no longer approved, so the pilot cannot start."))
    now = utcnow()
    started = db.session.execute(
        update(Pilot).where(Pilot.id == pilot.id, Pilot.status == PilotStatus.PLANNED.value)
        .values(status=PilotStatus.RUNNING.value, started_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if started != 1:
        raise DomainError(_("This pilot has already started."))
    db.session.expire(pilot, ["status", "started_at"])
    if pilot.proposal.status == ProposalStatus.APPROVED.value:
        change_status(staff, pilot.proposal, ProposalStatus.IN_PILOT.value,
                      _("The pilot “%(title)s” has started.", title=pilot.title))
    db.session.add(PilotEvent(pilot_id=pilot.id, kind=PilotEventKind.STARTED.value,
                              author_id=staff.id, created_at=now))
    db.session.flush()
    _tell(staff, pilot, NotificationKind.PILOT_STARTED)


def _running(pilot):
    if pilot.status != PilotStatus.RUNNING.value:
        raise DomainError(_("Figures are recorded only while the pilot runs."))


def record(staff, pilot, rows):
    """Store a period's figures per site, replacing those of the same period
    and site. rows have period_start, period_end, site, n, successes, mean, sd,
    cost_per_case. Returns (recorded, replaced)."""
    _running(pilot)
    card = queries.current_card(pilot)
    now = utcnow()
    replaced = 0
    for row in rows:
        if row.site == "comparison" and not card.has_comparison:
            raise DomainError(_("This pilot has no comparison site."), field="site")
        replaced += db.session.execute(delete(Measurement).where(
            Measurement.pilot_id == pilot.id, Measurement.period_start == row.period_start,
            Measurement.period_end == row.period_end, Measurement.site == row.site)).rowcount
        db.session.add(Measurement(
            pilot_id=pilot.id, period_start=row.period_start, period_end=row.period_end,
            site=row.site, n=row.n, successes=row.successes, mean=row.mean, sd=row.sd,
            cost_per_case=row.cost_per_case, recorded_by_id=staff.id, recorded_at=now))
    try:
        db.session.flush()
    except (IntegrityError, DataError):  # the forms and csvfile.py refuse these first
        raise DomainError(_("These figures do not fit together (a count or a period is out of "
                            "range); nothing was recorded.")) from None
    outcome = results.outcome(card, queries.measurements(pilot))
    result = outcome.result
    db.session.add(PilotEvent(
        pilot_id=pilot.id, kind=PilotEventKind.FIGURES.value, author_id=staff.id,
        created_at=now, periods=len(rows), replaced=replaced,
        estimate=result.estimate if result else None,
        ci_low=result.ci_low if result else None, ci_high=result.ci_high if result else None,
        proposed_verdict=outcome.proposed_verdict))
    db.session.flush()
    return len(rows), replaced


def close(staff, pilot, staff_verdict, conclusion):
    """Close with staff's verdict and conclusion; the proposed verdict is kept beside it."""
    if staff_verdict not in {v.value for v in PilotVerdict}:
        raise DomainError(_("Choose one of the verdicts listed."), field="verdict")
    outcome = results.outcome(queries.current_card(pilot), queries.measurements(pilot))
    now = utcnow()
    closed = db.session.execute(
        update(Pilot).where(Pilot.id == pilot.id, Pilot.status == PilotStatus.RUNNING.value)
        .values(status=PilotStatus.CLOSED.value, closed_at=now, closed_by_id=staff.id,
                verdict=staff_verdict, conclusion=conclusion,
                conclusion_html=str(render_markdown(conclusion)),
                proposed_verdict=outcome.proposed_verdict or PilotVerdict.TOO_EARLY.value,
                proposed_reason=outcome.reason or "no_figures")
        .execution_options(synchronize_session=False)
    ).rowcount
    if closed != 1:
        raise DomainError(_("This pilot is not running, so it cannot be closed."))
    db.session.expire(pilot)
    result = outcome.result
    db.session.add(PilotEvent(
        pilot_id=pilot.id, kind=PilotEventKind.CLOSED.value, author_id=staff.id, created_at=now,
        verdict=staff_verdict, proposed_verdict=pilot.proposed_verdict,
        estimate=result.estimate if result else None,
        ci_low=result.ci_low if result else None, ci_high=result.ci_high if result else None))
    db.session.flush()
    _tell(staff, pilot, NotificationKind.PILOT_CLOSED, detail=conclusion)
    signals.pilot_closed.send(pilot, staff=staff)


def _tell(staff, pilot, kind, detail=""):
    """The authors, supporters and followers of the proposal's ideas, and the
    proposal's followers: one notification each."""
    ideas = queries.source_ideas(pilot.proposal)
    people = follower_ids(proposal=pilot.proposal)
    for idea in ideas:
        people |= {idea.author_id} | follower_ids(idea=idea)
    people |= queries.supporter_ids([idea.id for idea in ideas])
    first = ideas[0] if ideas else None
    notify(people, kind, idea=first, proposal=pilot.proposal, detail=detail, actor=staff,
           pilot=pilot)
