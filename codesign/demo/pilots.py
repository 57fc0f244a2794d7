"""Demo pilots, so a newcomer sees the whole journey at once: last year's two
proposals, each made from residents' ideas, discussed, approved and piloted.
One pilot, with a comparison ward, worked (six months of figures and an
amended stop rule) and its proposal was implemented; the other, against its
baseline, did not work (five months of figures), was published all the same,
and its proposal was not taken forward. This year's repairs proposal, in pilot
since ten days ago, has its pilot running, with no figures yet.

Everything goes through the services (ideas, supports, comments, proposals,
start, amend, figures, close), so the verdicts proposed are the ones the
statistics give, and the timelines and notifications are what the site
would make. Each step is then dated at the moment it is meant to have
happened (staff.Timeline), relative to today: the pilot starts after the
proposal is approved, its figures fall within the pilot's months and are
recorded after each month ends, and it closes after the last of them."""
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from ..comments.services import add_comment
from ..extensions import db
from ..ideas.services import add_support, submit_idea
from ..models import (
    DesignGroupMember,
    Idea,
    Measurement,
    Pilot,
    PilotCard,
    PilotEvent,
    Proposal,
    ProposalStatus,
    ProposalStatusChange,
    Support,
)
from ..partners.services import join_design_group
from ..pilots import services
from ..proposals.services import change_status, promote_idea
from .pilot_content import DID_NOT_WORK, OLD_HANDS, RUNNING, WORKED
from .staff import STAMPED, Timeline

# What the steps below write, besides what staff.py's steps write.
PILOT_STAMPED = STAMPED + (
    (Idea, "created_at"), (Support, "created_at"), (Pilot, "created_at"),
    (Pilot, "started_at"), (Pilot, "closed_at"), (PilotCard, "created_at"),
    (PilotEvent, "created_at"), (Measurement, "recorded_at"), (DesignGroupMember, "joined_at"),
)
WORKED_MONTHS, DID_NOT_WORK_MONTHS = 6, 5


@dataclass(frozen=True)
class Figures:
    period_start: date
    period_end: date
    site: str
    n: int
    successes: int | None = None
    mean: Decimal | None = None
    sd: Decimal | None = None
    cost_per_case: Decimal | None = None


def months_before(last_end, count):
    """`count` whole months ending on last_end (a month's last day), oldest first."""
    periods, end = [], last_end
    for _n in range(count):
        start = end.replace(day=1)
        periods.append((start, end))
        end = start - timedelta(days=1)
    return periods[::-1]


def _at(day, hour=10):
    return datetime.combine(day, time(hour))


class DemoPilots:
    """Carries on from the built ResidentsBuilder (its people and areas)."""

    def __init__(self, builder, rng=None):
        self.b = builder
        self.rng = rng or random.Random(11)
        self.now = builder.now
        self.staff = builder.staff
        self.timeline = Timeline(PILOT_STAMPED)
        # The figures of the finished pilots end with the last whole month
        # before six weeks ago, so the closing and the decision are weeks old.
        self.last_end = (self.now.date() - timedelta(days=45)).replace(day=1) - timedelta(days=1)
        # Background residents who were already taking part last year.
        self.old_hands = [u for u in builder.residents if u.id != builder.demo_resident.id]
        self.old_hands = self.old_hands[:OLD_HANDS]
        joined = self.now - timedelta(days=600)
        for user in self.old_hands:
            user.created_at = user.confirmed_at = joined

    def run(self):
        worked = self._finished(WORKED, "waste", WORKED_MONTHS, self._worked_figures,
                                "worked", ProposalStatus.IMPLEMENTED.value, lag=0)
        failed = self._finished(DID_NOT_WORK, "libraries", DID_NOT_WORK_MONTHS,
                                self._did_not_work_figures, "did_not_work",
                                ProposalStatus.NOT_TAKEN_FORWARD.value, lag=6)
        running = self._running()
        self.timeline.apply()
        return [pilot for pilot in (worked, failed, running) if pilot is not None]

    # -- last year's proposals ------------------------------------------------

    def _finished(self, spec, area_key, count, figures, staff_verdict, decision, lag):
        """A pilot from idea to decision; lag: days later than the other it closes."""
        periods = months_before(self.last_end, count)
        first_day = periods[0][0]
        area = self.b.areas[area_key]
        proposal = self._proposal(spec, area, first_day)
        card = dict(spec["card"], starts_on=first_day, ends_on=periods[-1][1],
                    service_area=area)
        at = self.timeline.at
        with at(_at(first_day - timedelta(days=30))):
            pilot = services.create_pilot(self.staff, proposal, card)
        with at(_at(first_day, 8)):
            services.start(self.staff, pilot)
        self._design_group(proposal, spec.get("design_group", ()), first_day)
        for number, (start, end) in enumerate(periods, 1):
            with at(_at(end + timedelta(days=6))):
                services.record(self.staff, pilot, figures(start, end))
            if number == 2 and "amendment" in spec:
                with at(_at(end + timedelta(days=10))):
                    services.amend(self.staff, pilot, dict(card, stop_rule=spec[
                        "amended_stop_rule"]), spec["amendment"])
        with at(_at(self.last_end + timedelta(days=14 + lag))):
            services.close(self.staff, pilot, staff_verdict, spec["conclusion"])
        with at(_at(self.last_end + timedelta(days=28 + lag))):
            change_status(self.staff, proposal, decision, spec["decided"])
        return pilot

    def _design_group(self, proposal, members, first_day):
        """Old hands other than the ideas' authors join while it is in pilot."""
        authors = {idea.author_id for idea in db.session.scalars(
            select(Idea).where(Idea.proposal_id == proposal.id))}
        people = [u for u in self.old_hands if u.id not in authors]
        for days, (person, (note, named)) in enumerate(zip(people, members, strict=False), 2):
            with self.timeline.at(_at(first_day + timedelta(days=days), 18)):
                join_design_group(person, proposal, note, named)

    def _proposal(self, spec, area, first_day):
        """Two residents' ideas, supported, made into a proposal, discussed
        while open for feedback and approved, all before the pilot's first day."""
        at = self.timeline.at
        authors = self.rng.sample(self.old_hands, 2)
        ideas = []
        for days, author, (title, description) in zip((170, 160), authors, spec["ideas"],
                                                      strict=True):
            with at(_at(first_day - timedelta(days=days), 19)):
                ideas.append(submit_idea(author, title, description, area))
        for idea in ideas:
            others = [u for u in self.old_hands if u.id != idea.author_id]
            for hours, user in enumerate(self.rng.sample(others, 3), 1):
                with at(_at(first_day - timedelta(days=150), 8 + hours)):
                    add_support(user, idea)
        promoted = first_day - timedelta(days=120)
        values = dict(spec["proposal"], service_area=area,
                      decision_due=first_day - timedelta(days=60))
        with at(_at(promoted)):
            proposal = promote_idea(self.staff, ideas[0], values, spec["message"],
                                    extra_ids=[ideas[1].id])
        self._discuss(proposal, spec["comments"], ideas[0].author, promoted)
        with at(_at(first_day - timedelta(days=60))):
            change_status(self.staff, proposal, ProposalStatus.APPROVED.value, spec["approved"])
        return proposal

    def _discuss(self, proposal, thread, author, promoted):
        day = [promoted]

        def write(entries, parent):
            for who, body, replies in entries:
                day[0] += timedelta(days=5)
                person = {"staff": self.staff, "author": author}.get(who) or \
                    self.rng.choice([u for u in self.old_hands if u.id != author.id])
                with self.timeline.at(_at(day[0], 13)):
                    comment = add_comment(person, proposal, body, parent=parent)
                write(replies, comment)
        write(thread, None)

    # -- the figures ----------------------------------------------------------

    def _worked_figures(self, start, end):
        rng = self.rng
        n_pilot, n_comparison = rng.randint(180, 230), rng.randint(170, 220)
        return [
            Figures(start, end, "pilot", n_pilot, round(n_pilot * rng.uniform(.76, .80)),
                    cost_per_case=Decimal(f"{rng.uniform(21, 24):.2f}")),
            Figures(start, end, "comparison", n_comparison,
                    round(n_comparison * rng.uniform(.64, .68)),
                    cost_per_case=Decimal(f"{rng.uniform(26, 29):.2f}")),
        ]

    def _did_not_work_figures(self, start, end):
        rng = self.rng
        return [Figures(start, end, "pilot", rng.randint(70, 90),
                        mean=Decimal(f"{rng.uniform(8.4, 8.9):.1f}"),
                        sd=Decimal(f"{rng.uniform(3.6, 4.4):.1f}"),
                        cost_per_case=Decimal(f"{rng.uniform(3.1, 3.6):.2f}"))]

    # -- this year's proposal, in pilot ---------------------------------------

    def _running(self):
        """The pilot of the repairs proposal that went into pilot ten days ago
        (staff.py): started then, no whole month of figures yet."""
        proposal = db.session.scalar(select(Proposal).where(
            Proposal.status == ProposalStatus.IN_PILOT.value).order_by(Proposal.id))
        if proposal is None:
            return None
        started = db.session.scalar(select(ProposalStatusChange.created_at).where(
            ProposalStatusChange.proposal_id == proposal.id,
            ProposalStatusChange.to_status == ProposalStatus.IN_PILOT.value))
        card = dict(RUNNING, starts_on=started.date(), service_area=proposal.service_area,
                    ends_on=started.date() + timedelta(days=182))
        with self.timeline.at(started - timedelta(days=3)):
            pilot = services.create_pilot(self.staff, proposal, card)
        with self.timeline.at(started + timedelta(minutes=5)):
            services.start(self.staff, pilot)
        return pilot


def add_demo_pilots(builder, rng=None):
    """The demo's pilots (see the module's docstring); returns them."""
    return DemoPilots(builder, rng).run()

