"""The idea page asks its panels' questions (does this person follow it or
support it, has it official responses, merged duplicates, offers, open
reports) with the idea's own row, and reads the rest only when the answer
says there is something to show (codesign/panels.py "facts"). So each panel
must show what the idea has, for each role, as soon as it has it: each test
renders the page first, then adds the thing straight in the database and
renders again."""
import pytest

from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import Follow, IdeaStatusChange, Offer, Partner, Report, Support

ROLES = ("visitor", "resident", "author", "moderator", "staff", "admin")


@pytest.fixture
def people(factory, author):
    return {"resident": factory.user(name="Rosa Resident"), "author": author,
            "moderator": factory.user(name="Mo Moderator", role="moderator"),
            "staff": factory.user(name="Sam Staff", role="staff"),
            "admin": factory.user(name="Ann Admin", role="admin")}


@pytest.fixture
def pages(idea, people, browser_for, make_client):
    """Each role's view of the idea page, as it is now."""
    clients = {who: browser_for(user) for who, user in people.items()}
    clients["visitor"] = make_client()

    def render(who):
        response = clients[who].get(f"/ideas/{idea.id}")
        assert response.status_code == 200
        return response.get_data(as_text=True)
    return render


def add(app, *rows):
    """Add the rows; the first one's id."""
    with app.app_context():
        db.session.add_all(rows)
        db.session.commit()
        return rows[0].id


def test_official_responses_show_for_everyone_once_there_is_one(app, idea, people, pages):
    assert all("Official responses" not in pages(who) for who in ROLES)
    add(app, IdeaStatusChange(idea_id=idea.id, from_status="published", to_status="under_review",
                              response="We are looking at **benches**.",
                              author_id=people["staff"].id))
    for who in ROLES:
        page = pages(who)
        assert "Official responses" in page and "<strong>benches</strong>" in page, who


def test_ideas_merged_into_it_show_for_everyone_once_there_is_one(app, factory, idea, pages):
    assert all("Ideas merged into this one" not in pages(who) for who in ROLES)
    factory.idea(title="Seats in the square", duplicate_of_id=idea.id, status="duplicate")
    for who in ROLES:
        page = pages(who)
        assert "Ideas merged into this one" in page and "Seats in the square" in page, who


def test_offers_show_accepted_to_everyone_and_waiting_ones_to_staff(app, idea, people, pages):
    assert all("Partners offering help" not in pages(who) for who in ROLES)
    partner_id = add(app, Partner(name="Friends of the Park", kind="charity",
                                  website="https://park.test", status="confirmed",
                                  created_by_id=people["resident"].id))
    add(app, Offer(partner_id=partner_id, idea_id=idea.id, kind="volunteers",
                   description="Ten people", status="pending"))
    for who in ROLES:
        page = pages(who)
        waiting = "1 offer is waiting for staff" in page
        assert waiting == (who in ("staff", "admin")), who
        assert ("Partners offering help" in page) == waiting, who
    add(app, Offer(partner_id=partner_id, idea_id=idea.id, kind="venue",
                   description="Our hall", status="accepted"))
    for who in ROLES:
        page = pages(who)
        assert "Partners offering help" in page and "Friends of the Park" in page, who


def test_open_reports_are_counted_for_moderators_at_once(app, idea, people, pages):
    for who in ("moderator", "staff", "admin"):
        assert "0 open reports" in pages(who), who
    add(app, Report(reporter_id=people["resident"].id, idea_id=idea.id, reason="spam"),
        Report(reporter_id=people["staff"].id, idea_id=idea.id, reason="offensive"))
    for who in ROLES:
        page = pages(who)
        assert ("2 open reports" in page) == (who in ("moderator", "staff", "admin")), who


def test_following_and_supporting_show_for_the_person_who_did_it(app, idea, people, pages):
    follow, unfollow = ">Follow this idea</button>", ">Unfollow this idea</button>"
    support, unsupport = ">Support this idea</button>", ">Remove my support</button>"
    for who in ("resident", "staff"):
        page = pages(who)
        assert follow in page and unfollow not in page, who
        assert support in page and unsupport not in page, who
    assert follow not in pages("visitor") and support not in pages("visitor")
    add(app, Follow(user_id=people["resident"].id, idea_id=idea.id),
        Support(user_id=people["resident"].id, idea_id=idea.id))
    page = pages("resident")
    assert unfollow in page and unsupport in page
    assert follow not in page and support not in page
    for who in ("author", "staff", "visitor"):
        page = pages(who)
        assert unfollow not in page and unsupport not in page, who


def test_a_duplicate_names_the_idea_it_was_merged_into_as_it_is_now(app, factory, idea, make_client):
    duplicate = factory.idea(title="Seats in the square", duplicate_of_id=idea.id, status="duplicate")
    client = make_client()
    assert "Duplicate of" not in client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    page = client.get(f"/ideas/{duplicate.id}").get_data(as_text=True)
    assert f'href="/ideas/{idea.id}">{idea.title}</a>' in page
    with app.app_context():
        db.session.get(type(idea), idea.id).title = "Benches and seats"
        db.session.commit()
    page = client.get(f"/ideas/{duplicate.id}").get_data(as_text=True)
    assert f'href="/ideas/{idea.id}">Benches and seats</a>' in page


def test_pilots_of_the_proposal_it_became_show_once_they_have_news(app, factory, idea, people,
                                                                   pages):
    from datetime import date

    from codesign.models import Idea, Pilot, PilotEvent, Proposal

    staff = people["staff"]
    proposal = Proposal(
        title="Shade and benches", problem="Hot", proposed_change="Trees",
        expected_benefits="Cool", who_it_affects="All", cost_band="unknown",
        service_area_id=idea.service_area_id, responsible_team="Parks team",
        decision_due=date(2031, 3, 31), status="in_pilot", created_by_id=staff.id)
    proposal_id = add(app, proposal)
    with app.app_context():
        db.session.get(Idea, idea.id).proposal_id = proposal_id
        db.session.commit()
    planned = add(app, Pilot(proposal_id=proposal_id, title="Planned pilot", status="planned",
                             service_area_id=idea.service_area_id, created_by_id=staff.id,
                             conclusion="", conclusion_html=""))
    assert all("Pilots of this idea" not in pages(who) for who in ROLES)
    add(app, PilotEvent(pilot_id=planned, kind="amended", author_id=staff.id))
    for who in ROLES:  # a planned pilot is for staff
        assert ("Planned pilot" in pages(who)) == (who in ("staff", "admin")), who
    running = add(app, Pilot(proposal_id=proposal_id, title="Running pilot", status="running",
                             service_area_id=idea.service_area_id, created_by_id=staff.id,
                             started_at=utcnow(), conclusion="", conclusion_html=""))
    add(app, PilotEvent(pilot_id=running, kind="started", author_id=staff.id))
    for who in ROLES:
        page = pages(who)
        assert "Pilots of this idea" in page and "Running pilot" in page, who


def test_the_proposal_it_became_shows_as_it_is_now_and_a_draft_to_staff_only(app, idea, people,
                                                                             pages):
    from datetime import date

    from codesign.models import Idea, Proposal

    proposal_id = add(app, Proposal(
        title="Shade and benches", problem="Hot", proposed_change="Trees",
        expected_benefits="Cool", who_it_affects="All", cost_band="unknown",
        service_area_id=idea.service_area_id, responsible_team="Parks team",
        decision_due=date(2031, 3, 31), status="draft", created_by_id=people["staff"].id))
    with app.app_context():
        db.session.get(Idea, idea.id).proposal_id = proposal_id
        db.session.commit()
    for who in ROLES:
        assert ("Shade and benches" in pages(who)) == (who in ("staff", "admin")), who
    with app.app_context():
        proposal = db.session.get(Proposal, proposal_id)
        proposal.status, proposal.title = "open_for_feedback", "Shade for the park"
        db.session.commit()
    for who in ROLES:
        page = pages(who)
        assert "This idea became the proposal" in page and "Shade for the park" in page, who
