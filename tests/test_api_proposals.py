"""Proposals as open data: the list with its filters and pages, and one
proposal with its sources and timeline. Drafts do not exist here."""
from datetime import date, timedelta

import pytest
from helpers import sign_in

from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import Idea, Proposal, ProposalStatusChange


@pytest.fixture
def staff(factory):
    return factory.user(name="Sam Staff", email="sam@council.test", role="staff")


def make_proposal(app, author, area, status="open_for_feedback", title="A proposal",
                  created_at=None, **fields):
    now = utcnow()
    values = dict(problem="Problem", proposed_change="Change", expected_benefits="Benefits",
                  who_it_affects="Everyone", cost_band="unknown", responsible_team="Team",
                  decision_due=now.date() + timedelta(days=10))
    values.update(fields)
    with app.app_context():
        proposal = Proposal(title=title, service_area_id=area.id, status=status,
                            created_by_id=author.id, created_at=created_at or now, updated_at=now,
                            **values)
        db.session.add(proposal)
        db.session.commit()
        return proposal.id


def link_ideas(app, proposal_id, *ideas):
    with app.app_context():
        for idea in ideas:
            row = db.session.get(Idea, idea.id)
            row.proposal_id, row.status = proposal_id, "promoted"
        db.session.commit()


def test_one_proposal_in_full(app, factory, staff, client):
    area = factory.area(name="Libraries")
    ana = factory.user(name="Ana Author", email="ana@example.test")
    bob = factory.user(name="Bob Builder", email="bob@example.test")
    first, second = factory.idea(author=ana, area=area), factory.idea(author=bob, area=area)
    hidden = factory.idea(author=factory.user(name="Hidden Hal"), area=area,
                          hidden_at=utcnow(), hidden_reason="spam")
    proposal_id = make_proposal(
        app, staff, area, title="Sunday libraries", problem="Closed **on Sundays** <script>x()</script>",
        proposed_change="Open them", expected_benefits="More readers", who_it_affects="Everyone",
        cost_band="10k_50k", responsible_team="Library services", decision_due=date(2031, 3, 31))
    link_ideas(app, proposal_id, first, second, hidden)
    with app.app_context():
        db.session.add(ProposalStatusChange(proposal_id=proposal_id, from_status="draft",
                                            to_status="open_for_feedback", response="Tell us *now*",
                                            author_id=staff.id, created_at=utcnow()))
        db.session.commit()

    response = client.get(f"/api/v1/proposals/{proposal_id}")

    assert response.status_code == 200 and response.is_json
    data = response.get_json()
    assert data["id"] == proposal_id and data["title"] == "Sunday libraries"
    assert data["problem"] == "Closed **on Sundays** <script>x()</script>"
    assert "<strong>on Sundays</strong>" in data["problem_html"]
    assert "<script>" not in data["problem_html"]
    for name in ("proposed_change", "expected_benefits", "who_it_affects"):
        assert data[name] and data[f"{name}_html"].startswith("<p>")
    assert data["cost_band"] == "10k_50k"
    assert data["service_area"] == {"id": area.id, "name": "Libraries"}
    assert data["responsible_team"] == "Library services"
    assert data["decision_due"] == "2031-03-31"
    assert data["status"] == "open_for_feedback"
    assert [s["id"] for s in data["source_ideas"]] == [first.id, second.id]
    assert data["source_ideas"][0]["url"] == f"http://localhost/ideas/{first.id}"
    assert data["co_designers"] == ["Ana Author", "Bob Builder"]
    assert data["comment_count"] == 0
    assert data["created_at"].endswith("Z")
    assert data["url"] == f"http://localhost/proposals/{proposal_id}"
    [step] = data["timeline"]
    assert (step["from_status"], step["to_status"]) == ("draft", "open_for_feedback")
    assert step["response"] == "Tell us *now*" and "<em>now</em>" in step["response_html"]
    body = response.get_data(as_text=True)
    assert "@" not in body.replace("mailto", "")  # no one's email address
    assert "Hidden Hal" not in body


def test_drafts_and_unknown_ids_are_not_found(app, factory, staff, make_client):
    area = factory.area()
    draft = make_proposal(app, staff, area, status="draft", title="Secret")
    staff_client = make_client()
    sign_in(staff_client, staff)
    for client in (make_client(), staff_client):
        response = client.get(f"/api/v1/proposals/{draft}")
        assert response.status_code == 404 and response.get_json()["error"]["code"] == 404
        assert "Secret" not in client.get("/api/v1/proposals").get_data(as_text=True)
        assert "Secret" not in client.get("/api/v1/proposals?status=draft").get_data(as_text=True)
    assert make_client().get("/api/v1/proposals/999999").status_code == 404


def test_list_filters_newest_first(app, factory, staff, client):
    parks, roads = factory.area(name="Parks"), factory.area(name="Roads")
    now = utcnow()
    older = make_proposal(app, staff, parks, title="Older", created_at=now - timedelta(days=2))
    newer = make_proposal(app, staff, parks, title="Newer", status="approved", created_at=now)
    roads_id = make_proposal(app, staff, roads, title="Roads", created_at=now - timedelta(days=1))
    make_proposal(app, staff, roads, title="Draft", status="draft")

    data = client.get("/api/v1/proposals").get_json()
    assert [item["id"] for item in data["items"]] == [newer, roads_id, older]
    assert data["total"] == 3 and data["next"] is None and data["prev"] is None
    item = data["items"][0]
    assert item["status"] == "approved" and item["service_area"]["name"] == "Parks"
    assert item["url"] == f"http://localhost/proposals/{newer}"

    by_area = client.get(f"/api/v1/proposals?area={parks.id}").get_json()
    assert {i["id"] for i in by_area["items"]} == {older, newer}
    by_status = client.get("/api/v1/proposals?status=approved").get_json()
    assert [i["id"] for i in by_status["items"]] == [newer]
    assert client.get("/api/v1/proposals?area=x&status=%00&page=-1").status_code == 200


def test_list_pages_with_next_and_prev_links(app, factory, staff, client):
    area = factory.area()
    now = utcnow()
    ids = [make_proposal(app, staff, area, title=f"P{n}", created_at=now - timedelta(minutes=n))
           for n in range(21)]
    first = client.get(f"/api/v1/proposals?area={area.id}").get_json()
    assert [i["id"] for i in first["items"]] == ids[:20]
    assert first["next"] == f"http://localhost/api/v1/proposals?area={area.id}&page=2"
    second = client.get(first["next"]).get_json()
    assert [i["id"] for i in second["items"]] == ids[20:]
    assert second["next"] is None
    assert second["prev"] == f"http://localhost/api/v1/proposals?area={area.id}"
