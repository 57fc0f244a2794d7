"""The proposal page asks its panels' questions (does this person follow it,
has it pilots this person may see, does it adopt a practice, has it accepted
offers or a design group) with the proposal's own row, and reads the rest
only when the answer says there is something to show (codesign/panels.py
"facts"). So each panel must show what the proposal has, for each role, as
soon as it has it: each test renders the page first, then adds the thing
straight in the database and renders again."""
from datetime import date

import pytest
from pilot_helpers import approved_proposal

from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import (
    Adoption,
    DesignGroupMember,
    Follow,
    Offer,
    Partner,
    Pilot,
    PilotCard,
    Proposal,
)

ROLES = ("visitor", "resident", "author", "moderator", "staff", "admin")
STAFF = ("staff", "admin")
CARD = {"change": "c", "outcome": "o", "direction": "rise", "amount": "5", "who": "w",
        "because": "b", "measure_name": "Fixed first time", "measure_unit": "",
        "better": "higher", "kind": "proportion", "cost_measure": "cost",
        "baseline_value": 0.6, "baseline_period": "last year", "baseline_source": "s",
        "target": 0.05, "comparison_site": "B", "starts_on": date(2030, 1, 1),
        "ends_on": date(2031, 1, 1), "stop_rule": "Stop on harm.", "data_owner": "Team"}


@pytest.fixture
def made(app, factory, author):
    """(proposal id, idea id, area): a proposal open for feedback, made from
    the author's idea."""
    return approved_proposal(app, factory, author=author, status="open_for_feedback")


@pytest.fixture
def people(factory, author):
    return {"resident": factory.user(name="Rosa Resident"), "author": author,
            "moderator": factory.user(name="Mo Moderator", role="moderator"),
            "staff": factory.user(name="Sam Staff", role="staff"),
            "admin": factory.user(name="Ann Admin", role="admin")}


@pytest.fixture
def pages(made, people, browser_for, make_client):
    """Each role's view of the proposal page, as it is now."""
    clients = {who: browser_for(user) for who, user in people.items()}
    clients["visitor"] = make_client()

    def render(who, status=200):
        response = clients[who].get(f"/proposals/{made[0]}")
        assert response.status_code == status, who
        return response.get_data(as_text=True)
    return render


def add(app, *rows):
    """Add the rows; the first one's id."""
    with app.app_context():
        db.session.add_all(rows)
        db.session.commit()
        return rows[0].id


def pilot(app, proposal_id, area, staff, title, status, site):
    """A pilot of the proposal with its card; its id."""
    pilot_id = add(app, Pilot(proposal_id=proposal_id, title=title, status=status,
                              service_area_id=area.id, created_by_id=staff.id,
                              started_at=None if status == "planned" else utcnow(),
                              conclusion="", conclusion_html=""))
    add(app, PilotCard(pilot_id=pilot_id, version=1, reason="", author_id=staff.id,
                       site=site, **CARD))
    return pilot_id


def test_pilots_show_once_there_is_one_and_a_planned_one_to_staff_only(app, made, people, pages):
    proposal_id, _idea, area = made
    assert all('id="pilots"' not in pages(who) for who in ROLES)
    pilot(app, proposal_id, area, people["staff"], "Planned pilot", "planned", "Eastside office")
    for who in ROLES:
        page = pages(who)
        assert ("Planned pilot" in page) == (who in STAFF), who
        assert ("Eastside office" in page) == (who in STAFF), who
    pilot(app, proposal_id, area, people["staff"], "Running pilot", "running", "Westside office")
    for who in ROLES:
        page = pages(who)
        assert 'id="pilots"' in page and "Running pilot" in page and "Westside office" in page, who
        assert ("Planned pilot" in page) == (who in STAFF), who


def test_the_practice_it_adopts_shows_for_everyone_once_it_adopts_one(app, made, people,
                                                                       pages):
    proposal_id, _idea, area = made
    assert all("Adopted from a practice that worked" not in pages(who) for who in ROLES)
    source_proposal = add(app, Proposal(
        title="Repairs at Northside", problem="P", proposed_change="C", expected_benefits="B",
        who_it_affects="W", cost_band="unknown", service_area_id=area.id,
        responsible_team="Housing", status="in_pilot", decision_due=date(2031, 3, 31),
        created_by_id=people["staff"].id))
    source = pilot(app, source_proposal, area, people["staff"], "Northside repairs", "running",
                   "Northside office")
    add(app, Adoption(source_pilot_id=source, proposal_id=proposal_id,
                      created_by_id=people["staff"].id))
    for who in ROLES:
        page = pages(who)
        assert "Adopted from a practice that worked" in page and "Northside repairs" in page, who


def test_accepted_offers_are_credited_to_everyone_once_there_is_one(app, made, people, pages):
    proposal_id, idea_id, _area = made
    for who in ROLES:
        page = pages(who)
        assert "Nobody has joined in yet." in page and "Partners who help deliver it" not in page
    partner_id = add(app, Partner(name="Friends of the Park", kind="charity",
                                  website="https://park.test", status="confirmed",
                                  created_by_id=people["resident"].id))
    add(app, Offer(partner_id=partner_id, proposal_id=proposal_id, kind="volunteers",
                   description="Ten people", status="pending"))
    assert all("Friends of the Park" not in pages(who) for who in ROLES)
    # Accepted on one of the ideas it was made from: credited on the proposal too.
    add(app, Offer(partner_id=partner_id, idea_id=idea_id, kind="venue",
                   description="Our hall", status="accepted", decided_at=utcnow()))
    for who in ROLES:
        page = pages(who)
        assert "Partners who help deliver it" in page and "Friends of the Park" in page, who
        assert "Nobody has joined in yet." not in page, who


def test_the_design_group_shows_to_everyone_and_its_member_sees_their_place(app, made, people,
                                                                            pages):
    proposal_id = made[0]
    member = "You are in the design group."
    for who in ROLES:
        page = pages(who)
        assert "Nobody has joined in yet." in page and member not in page, who
    add(app, DesignGroupMember(proposal_id=proposal_id, user_id=people["resident"].id,
                               note="I use the park", credit_by_name=True, joined_at=utcnow()))
    for who in ROLES:
        page = pages(who)
        assert "1 resident volunteered" in page and "Rosa Resident" in page, who
        assert (member in page) == (who == "resident"), who


def test_following_shows_for_the_person_who_follows(app, made, people, pages):
    follow, unfollow = ">Follow this proposal</button>", ">Unfollow this proposal</button>"
    for who in ("resident", "author", "staff"):
        page = pages(who)
        assert follow in page and unfollow not in page, who
    assert follow not in pages("visitor")
    add(app, Follow(user_id=people["resident"].id, proposal_id=made[0]))
    page = pages("resident")
    assert unfollow in page and follow not in page
    for who in ("author", "staff", "visitor"):
        assert unfollow not in pages(who), who


def test_a_draft_is_found_only_by_staff(app, made, people, pages):
    with app.app_context():
        db.session.get(Proposal, made[0]).status = "draft"
        db.session.commit()
    for who in STAFF:
        assert "Only staff can see a draft." in pages(who), who
    for who in set(ROLES) - set(STAFF):
        pages(who, status=404)
