"""Adoption: staff of another service take up a published playbook of a
pilot that worked. It is a new proposal, pre-filled and crediting the
original, that runs its own pilot (target from the original effect, its own
baseline); the original shows where it has spread, and the residents behind
the original idea are told."""
import html
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import practice_helpers
import pytest
from helpers import count, text_of
from pilot_helpers import approved_proposal, words
from practice_helpers import closed_pilot, playbook_form
from sqlalchemy import select
from test_pilots import good_figures

from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import Adoption, Notification, Proposal

# The shared fixtures (practice_helpers.py), by name.
published = practice_helpers.published
upload_folder = practice_helpers.upload_folder
worked = practice_helpers.worked


def _adopt_form(area_id, **changes):
    due = (utcnow().date() + timedelta(days=60)).isoformat()
    return {"service_area": str(area_id), "responsible_team": "Libraries team",
            "title": "Same-day fixes in libraries", "decision_due": due, **changes}


@pytest.fixture
def libraries(factory):
    return factory.area("Libraries")


@pytest.fixture
def adopted(app, staff, published, libraries):
    """(source pilot id, adopting proposal id)."""
    response = staff.post(f"/pilots/{published[0]}/adopt", data=_adopt_form(libraries.id))
    assert response.status_code == 302, text_of(response)
    with app.app_context():
        adoption = db.session.scalar(select(Adoption))
        return published[0], adoption.proposal_id


def _approve(app, proposal_id):
    with app.app_context():
        db.session.get(Proposal, proposal_id).status = "approved"
        db.session.commit()


def test_adopting_makes_a_draft_proposal_pre_filled_that_credits_the_original(
        app, client, staff, published, libraries, author):
    pilot_id = published[0]
    form = staff.get(f"/pilots/{pilot_id}/adopt")
    assert form.status_code == 200 and 'value="Same-day repairs, the playbook"' in text_of(form)
    response = staff.post(f"/pilots/{pilot_id}/adopt", data=_adopt_form(libraries.id))
    with app.app_context():
        adoption = db.session.scalar(select(Adoption))
        proposal = db.session.get(Proposal, adoption.proposal_id)
        assert adoption.source_pilot_id == pilot_id and adoption.created_by_id is not None
        assert proposal.status == "draft" and proposal.service_area_id == libraries.id
        assert proposal.responsible_team == "Libraries team"
        assert "Train two repairers in a second trade." in proposal.proposed_change
        # Authors are credited on the page, never copied into stored text,
        # so deleting an account leaves no name behind.
        assert author.display_name not in proposal.proposed_change
        assert "+15.0 percentage points" in proposal.expected_benefits
    assert response.headers["Location"].endswith(f"/proposals/{proposal.id}")
    page = words(staff.get(f"/proposals/{proposal.id}"))
    assert "Adopted from a practice that worked" in page
    assert "Same-day repairs at Northside" in page  # the original pilot, linked
    assert "Fix repairs first time" in page and f"by {author.display_name}" in page
    # Made from no ideas of its own: no empty "Co-designed by", which would
    # say its ideas are hidden; the original's residents are credited above.
    assert "Co-designed by" not in page and "not shown at the moment" not in page


@pytest.mark.parametrize("verdict, reason", [
    ("did_not_work", "This pilot did not work, so there is no practice to adopt."),
    ("too_early", "This pilot closed as too early to tell"),
])
def test_a_pilot_that_did_not_work_cannot_be_adopted(app, factory, staff, libraries, verdict,
                                                     reason):
    proposal_id, _idea, area = approved_proposal(app, factory)
    pilot_id = closed_pilot(app, staff, proposal_id, area, verdict=verdict)
    for response in (staff.get(f"/pilots/{pilot_id}/adopt"),
                     staff.post(f"/pilots/{pilot_id}/adopt", data=_adopt_form(libraries.id))):
        assert response.status_code == 302
    assert reason in text_of(staff.get(f"/pilots/{pilot_id}"))
    assert count(app, Adoption) == 0 and count(app, Proposal) == 1


def test_a_pilot_without_a_published_playbook_cannot_be_adopted(app, staff, worked, libraries):
    pilot_id = worked[0]
    staff.post(f"/pilots/{pilot_id}/adopt", data=_adopt_form(libraries.id))
    assert "no published playbook yet" in text_of(staff.get(f"/pilots/{pilot_id}"))
    staff.post(f"/pilots/{pilot_id}/playbook/edit", data=playbook_form(state="draft"))
    staff.post(f"/pilots/{pilot_id}/adopt", data=_adopt_form(libraries.id))
    assert count(app, Adoption) == 0


@pytest.mark.parametrize("changes, field, message", [
    ({"service_area": ""}, "service_area", "Choose the service area that adopts it"),
    ({"service_area": "99999"}, "service_area", "Choose one of the service areas listed"),
    ({"responsible_team": ""}, "responsible_team", "Enter the team that will run it"),
    ({"decision_due": "2020-01-01"}, "decision_due", "today or later"),
    ({"decision_due": "soon"}, "decision_due", "Enter the date as a real date"),
])
def test_a_bad_adoption_form_is_explained_beside_the_field(app, staff, published, libraries,
                                                           changes, field, message):
    response = staff.post(f"/pilots/{published[0]}/adopt",
                          data=_adopt_form(libraries.id, **changes))
    assert response.status_code == 422
    page = text_of(response)
    assert f'id="{field}-error"' in page and message in page
    assert 'value="Same-day fixes in libraries"' in page
    assert count(app, Adoption) == 0


def test_the_team_that_ran_it_cannot_adopt_it_in_its_own_area(app, staff, published, libraries):
    """Another service area, or another team: the same team in the same area is refused."""
    pilot_id, proposal_id, _idea, area = published
    with app.app_context():
        team = db.session.get(Proposal, proposal_id).responsible_team
    response = staff.post(f"/pilots/{pilot_id}/adopt", data=_adopt_form(
        area.id, responsible_team=f"  {team.upper()} "))
    assert response.status_code == 422
    page = text_of(response)
    assert 'id="responsible_team-error"' in page and "another service area or another team" in page
    assert count(app, Adoption) == 0
    # Another team in the same area, or the same team's name in another area, may.
    assert staff.post(f"/pilots/{pilot_id}/adopt", data=_adopt_form(
        area.id, responsible_team="Estates team")).status_code == 302
    assert staff.post(f"/pilots/{pilot_id}/adopt", data=_adopt_form(
        libraries.id, responsible_team=team)).status_code == 302
    assert count(app, Adoption) == 2


def test_the_residents_behind_the_idea_hear_it_is_adopted(app, factory, staff, published,
                                                         libraries, author):
    supporter = factory.user(name="Sue Supporter")
    with app.app_context():
        from codesign.models import Idea
        idea = db.session.get(Idea, published[2])
    factory.support(idea, supporter)
    staff.post(f"/pilots/{published[0]}/adopt", data=_adopt_form(libraries.id))
    with app.app_context():
        rows = db.session.scalars(select(Notification).where(
            Notification.kind == "idea_adopted")).all()
        assert {row.user_id for row in rows} == {author.id, supporter.id}
        assert all(row.pilot_id == published[0] for row in rows)


def test_the_adoption_runs_its_own_pilot_with_the_target_from_the_original_effect(
        app, staff, adopted, libraries):
    _source, proposal_id = adopted
    _approve(app, proposal_id)
    page = text_of(staff.get(f"/proposals/{proposal_id}"))
    link = html.unescape(re.search(r'href="([^"]*/pilots/new\?[^"]*)"', page).group(1))
    args = parse_qs(urlsplit(link).query)
    assert args["target"] == ["15"] and args["kind"] == ["proportion"]
    assert "baseline_value" not in args
    form = text_of(staff.get(link))
    assert re.search(r'id="target"[^>]*value="15"', form) or 'value="15"' in form
    assert 'id="baseline_value" name="baseline_value" type="text" value=""' in form or \
        re.search(r'id="baseline_value"[^>]*value=""', form)


def test_an_adoptions_verdict_reaches_the_original_and_its_residents(
        app, client, staff, adopted, libraries, author):
    source_id, proposal_id = adopted
    page = words(client.get(f"/pilots/{source_id}/playbook"))
    assert "Worked once, not yet repeated" in page  # a draft adoption is for staff only
    _approve(app, proposal_id)
    pilot_id = closed_pilot(app, staff, proposal_id, libraries, verdict="did_not_work",
                            figures=good_figures(pilot=(100, 60)))
    page = words(client.get(f"/pilots/{source_id}/playbook"))
    assert "Adopted 1 time: worked again in 0, did not work in 1, 0 under way." in page
    assert "Worked once, not yet repeated: no adoption has worked yet." in page
    assert "Same-day fixes in libraries" in page
    # The library says so too: adopted, but it has not worked anywhere else yet.
    listed = words(client.get("/practices"))
    assert "Adopted 1 time · worked again in 0 · did not work in 1 · Worked once, not yet " \
           "repeated" in listed
    with app.app_context():
        rows = db.session.scalars(select(Notification).where(
            Notification.kind == "adoption_verdict")).all()
        assert {row.user_id for row in rows} == {author.id}
        assert rows[0].pilot_id == pilot_id
    from helpers import sign_in
    reader = client
    sign_in(reader, author)
    assert "Another service tried your idea ‘Fix repairs first time’" in text_of(
        reader.get("/notifications"))


def test_open_data_lists_practices_and_adoptions(app, client, staff, adopted, libraries):
    source_id, proposal_id = adopted
    _approve(app, proposal_id)
    pilot_id = closed_pilot(app, staff, proposal_id, libraries, verdict="worked")
    listing = client.get("/api/v1/practices").get_json()
    assert set(listing) == {"items", "page", "per_page", "total", "next", "prev"}
    assert listing["total"] == 1
    item = listing["items"][0]
    assert set(item) == {"id", "pilot_id", "title", "summary", "service_area", "steps",
                         "setup_cost", "running_cost", "needs", "pitfalls", "contact_team",
                         "published_at", "result", "adoptions", "adoption_counts", "url"}
    assert set(item["result"]) == {"measure", "target", "estimate", "ci_low", "ci_high",
                                   "method", "verdict"}
    assert item["result"]["verdict"] == "worked" and item["result"]["estimate"] > 0
    assert item["adoption_counts"] == {"total": 1, "worked": 1, "did_not_work": 0,
                                       "under_way": 0}
    adoption = item["adoptions"][0]
    assert set(adoption) == {"id", "proposal_id", "proposal_title", "service_area", "team",
                             "status", "verdict", "created_at", "pilots"}
    assert adoption["verdict"] == "worked" and adoption["pilots"][0]["id"] == pilot_id
    one = client.get(f"/api/v1/practices/{item['id']}").get_json()
    assert set(one) == set(item) | {"attachments"}
    assert client.get("/api/v1/practices/99999").status_code == 404
    pilots = {p["id"]: p["adopted_from"] for p in client.get("/api/v1/pilots").get_json()["items"]}
    assert pilots == {source_id: None, pilot_id: source_id}
    assert client.get(f"/api/v1/pilots/{pilot_id}").get_json()["adopted_from"] == source_id


def test_a_draft_playbook_is_not_open_data(app, client, staff, worked):
    staff.post(f"/pilots/{worked[0]}/playbook/edit", data=playbook_form(state="draft"))
    assert client.get("/api/v1/practices").get_json()["total"] == 0
    with app.app_context():
        from codesign.models import Playbook
        playbook_id = db.session.scalar(select(Playbook.id))
    assert client.get(f"/api/v1/practices/{playbook_id}").status_code == 404


def test_an_author_who_wants_email_now_hears_of_the_adoption_by_email(
        app, staff, published, libraries, author, smtp_sink):
    from codesign.models import User
    with app.app_context():
        db.session.get(User, author.id).email_preference = "immediate"
        db.session.commit()
    assert staff.post(f"/pilots/{published[0]}/adopt",
                      data=_adopt_form(libraries.id)).status_code == 302
    smtp_sink.wait_for(1)
    assert any("Your idea ‘Fix repairs first time’ worked in the pilot" in body
               and "another service is adopting it" in body for body in smtp_sink.bodies())
