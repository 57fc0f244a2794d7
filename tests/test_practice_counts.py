"""Practices cost the same few statements however many there are: the
library of what worked, and a playbook page with its spread, show one or
many playbooks, adoptions and adopting pilots in a fixed number of
statements (as tests/test_query_counts.py holds the other key pages to)."""
from datetime import date, timedelta

import pytest
from helpers import sign_in

from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import (
    Adoption,
    Measurement,
    Pilot,
    PilotCard,
    Playbook,
    Proposal,
    ServiceArea,
    User,
)

# Staff on a pilot page: the page, the council settings, the unread count,
# and the panels of practices (its spread) and partners (their credits).
MAX_STATEMENTS = 14
CARD = {"change": "C", "outcome": "O", "direction": "rise", "amount": "A", "who": "W",
        "because": "B", "measure_name": "Fixed first time", "measure_unit": "", "better": "higher",
        "kind": "proportion", "cost_measure": "C", "baseline_value": 0.6,
        "baseline_period": "P", "baseline_source": "S", "target": 0.05, "site": "S",
        "comparison_site": "Other", "starts_on": date(2030, 1, 1), "ends_on": date(2030, 6, 30),
        "stop_rule": "S", "data_owner": "D"}


class World:
    def __init__(self, app):
        self.app = app
        now = utcnow()
        with app.app_context():
            self.staff = User(email="staff@example.test", display_name="Sam Staff",
                              password_hash="!", role="staff", confirmed_at=now)
            self.area = ServiceArea(name="Housing")
            db.session.add_all([self.staff, self.area])
            db.session.commit()
            self.staff_id, self.area_id = self.staff.id, self.area.id
        self.first = self.practice(adoptions=1)

    def _proposal(self, status="approved"):
        row = Proposal(title="Repairs", problem="P", proposed_change="C", expected_benefits="B",
                       who_it_affects="W", cost_band="unknown", service_area_id=self.area_id,
                       responsible_team="T", decision_due=date.today() + timedelta(days=30),
                       status=status, created_by_id=self.staff_id)
        db.session.add(row)
        db.session.flush()
        return row

    def _pilot(self, proposal, verdict="worked"):
        now = utcnow()
        pilot = Pilot(proposal_id=proposal.id, title="Same-day repairs",
                      service_area_id=self.area_id, status="closed", created_by_id=self.staff_id,
                      started_at=now, closed_at=now, verdict=verdict, conclusion="")
        db.session.add(pilot)
        db.session.flush()
        db.session.add(PilotCard(pilot_id=pilot.id, version=1, author_id=self.staff_id, **CARD))
        for site, successes in (("pilot", 80), ("comparison", 60)):
            db.session.add(Measurement(pilot_id=pilot.id, period_start=date(2030, 1, 1),
                                       period_end=date(2030, 1, 31), site=site, n=100,
                                       successes=successes, cost_per_case=40,
                                       recorded_by_id=self.staff_id))
        return pilot

    def practice(self, adoptions=0):
        """A pilot that worked with a published playbook and adoptions, each
        with a pilot that closed; returns the pilot id."""
        with self.app.app_context():
            pilot = self._pilot(self._proposal("in_pilot"))
            db.session.add(Playbook(pilot_id=pilot.id, state="published", title="Repairs",
                                    summary="Fix it first time", steps="1. Go.", needs="A van",
                                    setup_cost="£100", running_cost="£10",
                                    contact_team="Repairs", created_by_id=self.staff_id,
                                    published_at=utcnow()))
            for number in range(adoptions):
                proposal = self._proposal("in_pilot")
                db.session.add(Adoption(source_pilot_id=pilot.id, proposal_id=proposal.id,
                                        created_by_id=self.staff_id))
                self._pilot(proposal, verdict=("worked", "did_not_work")[number % 2])
            db.session.commit()
            return pilot.id


def _count(client, statements, path):
    statements.clear()
    response = client.get(path)
    assert response.status_code == 200, path
    return len(statements)


PAGES = ("/practices", "/practices?q=first", "/pilots/{first}/playbook", "/pilots/{first}",
         "/api/v1/practices", "/api/v1/pilots")


@pytest.mark.parametrize("signed_in", [False, True])
def test_practice_pages_cost_the_same_however_many_practices_and_adoptions(
        app, make_client, statements, signed_in):
    world = World(app)
    client = make_client()
    if signed_in:
        with app.app_context():
            staff = db.session.get(User, world.staff_id)
            db.session.expunge(staff)
        sign_in(client, staff)
    pages = [page.format(first=world.first) for page in PAGES]
    few = {page: _count(client, statements, page) for page in pages}
    # Twenty more playbooks, and the first one adopted by many more services.
    with app.app_context():
        db.session.execute(db.delete(Adoption))
        db.session.commit()
    world_more = [world.practice(adoptions=3) for _n in range(20)]
    assert world_more
    with app.app_context():
        for _n in range(12):
            proposal = world._proposal("in_pilot")
            db.session.add(Adoption(source_pilot_id=world.first, proposal_id=proposal.id,
                                    created_by_id=world.staff_id))
            world._pilot(proposal)
        db.session.commit()
    many = {page: _count(client, statements, page) for page in pages}
    assert many == few
    assert max(many.values()) <= MAX_STATEMENTS, many
