"""Demo pilots: the repairs proposal already in pilot gets two, each with six
months of figures, so a newcomer sees the whole journey at once. One, with a
comparison estate, worked; the other, against its baseline, did not. Both
go through the services (start, figures, close), so the timeline, the
notifications and the proposed verdicts are what the site would make."""
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from ..extensions import db
from ..models import Proposal, ProposalStatus, User
from ..pilots import services

WORKED = {
    "title": "Two-hour slots on the Eastfield estate",
    "site": "Eastfield estate", "comparison_site": "Westgate estate (as before)",
    "change": "book every repair in a two-hour slot and text tenants when the operative is "
              "30 minutes away",
    "outcome": "the share of repairs fixed at the first visit", "direction": "rise",
    "amount": "8 percentage points", "who": "Eastfield tenants",
    "because": "fewer visits find nobody in, and tenants can tell us what is wrong before we come",
    "measure_name": "Repairs fixed at the first visit", "measure_unit": "", "kind": "proportion",
    "better": "higher", "cost_measure": "operative time, parts and texts per repair",
    "baseline_value": Decimal("61"), "baseline_period": "April 2024 to March 2025",
    "baseline_source": "Repairs management system", "target": Decimal("5"),
    "stop_rule": "Stop at once if complaints about missed slots double; stop early for "
                 "success after four months if the whole interval is above the target.",
    "data_owner": "Housing Repairs performance team",
}
DID_NOT_WORK = {
    "title": "Photos with every repair report in Riverside",
    "site": "Riverside estate", "comparison_site": "",
    "change": "ask tenants to add photos to every online repair report",
    "outcome": "the days from report to fix", "direction": "fall", "amount": "3 days",
    "who": "Riverside tenants reporting online",
    "because": "the operative can bring the right parts the first time",
    "measure_name": "Days from report to fix", "measure_unit": "days", "kind": "mean",
    "better": "lower", "cost_measure": "operative time and parts per repair",
    "baseline_value": Decimal("12.4"), "baseline_period": "April 2024 to March 2025",
    "baseline_source": "Repairs management system", "target": Decimal("3"),
    "stop_rule": "Stop if tenants who cannot send photos wait longer than before.",
    "data_owner": "Housing Repairs performance team",
}


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


def _months(today, count):
    """The last `count` whole months before today, oldest first."""
    periods, end = [], today.replace(day=1) - timedelta(days=1)
    for _n in range(count):
        start = end.replace(day=1)
        periods.append((start, end))
        end = start - timedelta(days=1)
    return periods[::-1]


def add_demo_pilots(now, rng=None):
    """Two pilots of the demo proposal that is in pilot; returns how many."""
    rng = rng or random.Random(11)
    proposal = db.session.scalar(select(Proposal).where(
        Proposal.status == ProposalStatus.IN_PILOT.value).order_by(Proposal.id))
    staff = db.session.scalar(select(User).where(User.role == "staff").order_by(User.id))
    if proposal is None or staff is None:
        return 0
    periods = _months(now.date(), 6)
    dates = {"starts_on": periods[0][0], "ends_on": periods[-1][1] + timedelta(days=92)}
    area = proposal.service_area

    worked = services.create_pilot(staff, proposal, {**WORKED, **dates, "service_area": area})
    services.start(staff, worked)
    rows = []
    for start, end in periods:
        n_pilot, n_comparison = rng.randint(180, 230), rng.randint(170, 220)
        rows.append(Figures(start, end, "pilot", n_pilot, round(n_pilot * rng.uniform(.70, .76)),
                            cost_per_case=Decimal(f"{rng.uniform(96, 104):.2f}")))
        rows.append(Figures(start, end, "comparison", n_comparison,
                            round(n_comparison * rng.uniform(.59, .63)),
                            cost_per_case=Decimal(f"{rng.uniform(112, 120):.2f}")))
    services.record(staff, worked, rows)
    services.close(staff, worked, "worked",
                   "More repairs were fixed at the first visit on Eastfield than on Westgate, "
                   "by more than our target, and each repair cost less. We will offer two-hour "
                   "slots on every estate from next April.")

    failed = services.create_pilot(staff, proposal, {**DID_NOT_WORK, **dates,
                                                     "service_area": area})
    services.start(staff, failed)
    services.record(staff, failed, [
        Figures(start, end, "pilot", rng.randint(60, 80),
                mean=Decimal(f"{rng.uniform(11.6, 12.6):.1f}"),
                sd=Decimal(f"{rng.uniform(4.5, 5.5):.1f}"),
                cost_per_case=Decimal(f"{rng.uniform(108, 114):.2f}"))
        for start, end in periods])
    services.close(staff, failed, "did_not_work",
                   "Repairs reported with photos were not fixed noticeably sooner: the gain, "
                   "if any, is well short of three days. Few tenants added photos. We will not "
                   "roll this out; the two-hour slots are the better use of the money.")
    return 2
