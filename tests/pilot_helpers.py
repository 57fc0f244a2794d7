"""What the pilot tests share: an approved proposal made from an idea, the
card form filled in, and figures as a CSV file."""
import html
import re
from datetime import date, timedelta

from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import Idea, Proposal

CARD = {
    "title": "Same-day repairs at Northside",
    "site": "Northside housing office",
    "comparison_site": "Southside housing office",
    "change": "send a multi-skilled repairer on the first visit",
    "outcome": "the share of repairs fixed at the first visit",
    "direction": "rise",
    "amount": "10 percentage points",
    "who": "tenants reporting a repair",
    "because": "most second visits are for a different trade",
    "measure_name": "Repairs fixed at the first visit",
    "measure_unit": "",
    "kind": "proportion",
    "better": "higher",
    "cost_measure": "staff time and parts per repair",
    "baseline_value": "62",
    "baseline_period": "April 2024 to March 2025",
    "baseline_source": "Housing repairs system",
    "target": "5",
    "starts_on": "2030-01-01",
    "ends_on": "2030-06-30",
    "stop_rule": "Stop if complaints double, or after three months of clear success.",
    "data_owner": "Housing performance team",
}

HEADER = "period_start,period_end,site,n,successes,mean,sd,cost_per_case\n"


def card_form(area_id, **changes):
    return {**CARD, "service_area": str(area_id), **changes}


def approved_proposal(app, factory, author=None, area=None, status="approved"):
    """An approved proposal made from one idea; returns (proposal_id, idea_id, area)."""
    area = area or factory.area("Housing")
    idea = factory.idea(author=author, area=area, title="Fix repairs first time")
    with app.app_context():
        staff = factory.user(name="Stan Staff", role="staff")
        proposal = Proposal(title="First-time repairs", problem="P", proposed_change="C",
                            expected_benefits="B", who_it_affects="W", cost_band="unknown",
                            service_area_id=area.id, responsible_team="Housing", status=status,
                            decision_due=utcnow().date() + timedelta(days=30),
                            created_by_id=staff.id)
        db.session.add(proposal)
        db.session.flush()
        db.session.get(Idea, idea.id).proposal_id = proposal.id
        db.session.commit()
        return proposal.id, idea.id, area


def months(count, start=date(2030, 1, 1)):
    """(first day, last day) of `count` months from start."""
    periods, first = [], start
    for _n in range(count):
        following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        periods.append((first, following - timedelta(days=1)))
        first = following
    return periods


def proportion_csv(rows):
    """rows: (period, site, n, successes, cost) -> the file's bytes."""
    lines = [HEADER]
    for (start, end), site, n, successes, cost in rows:
        lines.append(f"{start},{end},{site},{n},{successes},,,{cost}\n")
    return "".join(lines).encode()


def words(response):
    """A page's text as a reader sees it: tags dropped, spaces collapsed."""
    text = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(text)).replace(" .", ".").replace(" ,", ",")
