"""A pilot page's figures, chart, table and result are kept rendered
(codesign/fragments.py, kind pilot_figures) under every value they show:
change any one of them and the next page shows the change, exactly as a
page rendered afresh does. And the pilot page's panels ask whether they
have anything to show with the pilot's own row (codesign/panels.py facts):
give a pilot a playbook, an adoption or a credit and its page shows it."""
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from codesign import fragments
from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import (
    Adoption,
    DesignGroupMember,
    Measurement,
    Pilot,
    PilotCard,
    Playbook,
    Proposal,
    ServiceArea,
    User,
)

CARD = {"change": "C", "outcome": "O", "direction": "rise", "amount": "A", "who": "W",
        "because": "B", "measure_name": "Fixed first time", "measure_unit": "",
        "better": "higher", "kind": "proportion", "cost_measure": "C",
        "baseline_value": Decimal("0.6"), "baseline_period": "P", "baseline_source": "S",
        "target": Decimal("0.05"), "site": "S", "comparison_site": "Other",
        "starts_on": date(2030, 1, 1), "ends_on": date(2030, 6, 30), "stop_rule": "S",
        "data_owner": "D"}


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return re.sub(r'(nonce="|csrf_token" value=")[^"]*', r"\1-", response.get_data(as_text=True))


def _proposal(staff_id, area_id):
    proposal = Proposal(title="Repairs", problem="P", proposed_change="C", expected_benefits="B",
                        who_it_affects="W", cost_band="unknown", service_area_id=area_id,
                        responsible_team="T", decision_due=date.today() + timedelta(days=30),
                        status="in_pilot", created_by_id=staff_id)
    db.session.add(proposal)
    db.session.flush()
    return proposal


def _pilot(staff_id, area_id, proposal_id):
    now = utcnow()
    pilot = Pilot(proposal_id=proposal_id, title="Same-day repairs", service_area_id=area_id,
                  status="running", created_by_id=staff_id, started_at=now, conclusion="")
    db.session.add(pilot)
    db.session.flush()
    db.session.add(PilotCard(pilot_id=pilot.id, version=1, author_id=staff_id, **CARD))
    for month, start in enumerate((date(2030, 1, 1), date(2030, 2, 1))):
        for site, successes in (("pilot", 80 + month), ("comparison", 60)):
            db.session.add(Measurement(pilot_id=pilot.id, period_start=start,
                                       period_end=start + timedelta(days=27), site=site,
                                       n=100, successes=successes, cost_per_case=40,
                                       recorded_by_id=staff_id))
    return pilot


@pytest.fixture
def shown(app, client):
    """A running pilot with two months of figures at both sites, its page
    rendered twice (the second from what was kept): (pilot id, staff id, page)."""
    with app.app_context():
        staff = User(email="kept-staff@example.test", display_name="Sam Staff",
                     password_hash="!", role="staff", confirmed_at=utcnow())
        area = ServiceArea(name="Housing")
        db.session.add_all([staff, area])
        db.session.flush()
        pilot = _pilot(staff.id, area.id, _proposal(staff.id, area.id).id)
        db.session.commit()
        pilot_id, staff_id = pilot.id, staff.id
    path = f"/pilots/{pilot_id}"
    # Another test's pilot may have had this id and these very figures.
    app.extensions[fragments.EXTENSION].clear()
    first = page(client, path)
    assert "figures-table" in first and app.extensions[fragments.EXTENSION].fragments
    assert page(client, path) == first
    return pilot_id, staff_id, first


def shows_the_change(app, client, pilot_id, before):
    """The next page shows the change, and is what a fresh render gives."""
    path = f"/pilots/{pilot_id}"
    kept = page(client, path)
    app.extensions[fragments.EXTENSION].clear()
    fresh = page(client, path)
    assert kept == fresh
    assert fresh != before
    return fresh


def _figure(pilot_id, site="pilot", start=date(2030, 2, 1)):
    return db.session.scalars(select(Measurement).where(
        Measurement.pilot_id == pilot_id, Measurement.site == site,
        Measurement.period_start == start)).one()


@pytest.mark.parametrize("values", [
    {"n": 150}, {"successes": 99}, {"cost_per_case": Decimal("55.5")},
    {"cost_per_case": None}, {"period_end": date(2030, 2, 20)},
])
def test_a_changed_figure_is_shown(app, client, shown, values):
    pilot_id, _staff, before = shown
    with app.app_context():
        figure = _figure(pilot_id)
        for name, value in values.items():
            setattr(figure, name, value)
        db.session.commit()
    shows_the_change(app, client, pilot_id, before)


def test_a_new_period_and_a_removed_one_are_shown(app, client, shown):
    pilot_id, staff_id, before = shown
    with app.app_context():
        db.session.add(Measurement(pilot_id=pilot_id, period_start=date(2030, 3, 1),
                                   period_end=date(2030, 3, 28), site="pilot", n=123,
                                   successes=100, cost_per_case=41, recorded_by_id=staff_id))
        db.session.commit()
    after = shows_the_change(app, client, pilot_id, before)
    assert "2030-03-01" in after
    with app.app_context():
        db.session.delete(_figure(pilot_id, "comparison"))
        db.session.commit()
    shows_the_change(app, client, pilot_id, after)


@pytest.mark.parametrize("values", [
    {"measure_name": "Repairs done at once"}, {"baseline_value": Decimal("0.4")},
    {"target": Decimal("0.3")}, {"better": "lower"}, {"comparison_site": ""},
    {"measure_unit": "repairs"},
])
def test_a_changed_card_is_shown(app, client, shown, values):
    pilot_id, _staff, before = shown
    with app.app_context():
        card = db.session.scalars(select(PilotCard).where(PilotCard.pilot_id == pilot_id)).one()
        for name, value in values.items():
            setattr(card, name, value)
        db.session.commit()
    shows_the_change(app, client, pilot_id, before)


def test_each_language_keeps_its_own_figures(app, client, shown):
    pilot_id, _staff, english = shown
    welsh = page(client, f"/pilots/{pilot_id}?lang=cy")
    assert welsh != english
    app.extensions[fragments.EXTENSION].clear()
    assert page(client, f"/pilots/{pilot_id}?lang=cy") == welsh


def test_the_pilot_page_shows_a_playbook_an_adoption_and_credits_once_there(
        app, client, shown):
    pilot_id, staff_id, before = shown
    with app.app_context():
        pilot = db.session.get(Pilot, pilot_id)
        pilot.status, pilot.closed_at, pilot.verdict = "closed", utcnow(), "worked"
        db.session.commit()
    closed = page(client, f"/pilots/{pilot_id}")
    assert 'id="practice"' not in closed and 'id="partners"' not in closed
    with app.app_context():
        db.session.add(Playbook(pilot_id=pilot_id, state="published", title="Repairs playbook",
                                summary="Fix it first time", steps="1. Go.", needs="A van",
                                setup_cost="£100", running_cost="£10", contact_team="Repairs",
                                created_by_id=staff_id, published_at=utcnow()))
        db.session.commit()
    with_playbook = page(client, f"/pilots/{pilot_id}")
    assert "Read the playbook" in with_playbook
    with app.app_context():
        pilot = db.session.get(Pilot, pilot_id)
        adopting = _proposal(staff_id, pilot.service_area_id)
        adopting.title = "Repairs in the west"
        db.session.add(Adoption(source_pilot_id=pilot_id, proposal_id=adopting.id,
                                created_by_id=staff_id))
        db.session.commit()
    adopted = page(client, f"/pilots/{pilot_id}")
    assert "Repairs in the west" in adopted
    with app.app_context():
        db.session.add(DesignGroupMember(proposal_id=db.session.get(Pilot, pilot_id).proposal_id,
                                         user_id=staff_id, credit_by_name=True, note=""))
        db.session.commit()
    assert 'id="partners"' in page(client, f"/pilots/{pilot_id}")
