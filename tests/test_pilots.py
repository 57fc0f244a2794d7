"""Pilots from the card to the verdict: planning, starting (which locks the
card), amendments, figures, the result on the page, closing, notifications,
the idea's timeline and the proposal's panel."""
import io

import pytest
from helpers import count, text_of
from pilot_helpers import approved_proposal, card_form, months, proportion_csv, words
from sqlalchemy import select

from codesign.extensions import db
from codesign.models import Idea, Measurement, Notification, Pilot, PilotCard, Proposal, User
from codesign.pilots.queries import pilot_events_for_idea, pilots_for_proposal


@pytest.fixture
def planned(app, factory, staff, author):
    """A planned pilot of an approved proposal: (pilot_id, proposal_id, idea_id, area)."""
    proposal_id, idea_id, area = approved_proposal(app, factory, author=author)
    response = staff.post(f"/proposals/{proposal_id}/pilots/new", data=card_form(area.id))
    assert response.status_code == 302, text_of(response)
    with app.app_context():
        pilot_id = db.session.scalar(select(Pilot.id).where(Pilot.proposal_id == proposal_id))
    return pilot_id, proposal_id, idea_id, area


@pytest.fixture
def running(staff, planned):
    assert staff.post(f"/pilots/{planned[0]}/start").status_code == 302
    return planned


def upload(staff, pilot_id, data, name="figures.csv"):
    return staff.client.post(f"/pilots/{pilot_id}/figures/upload", data={
        "csrf_token": staff.token, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data", follow_redirects=True)


def good_figures(periods=6, pilot=(100, 75), comparison=(100, 60)):
    rows = []
    for period in months(periods):
        rows.append((period, "pilot", pilot[0], pilot[1], "41.50"))
        rows.append((period, "comparison", comparison[0], comparison[1], "44.00"))
    return proportion_csv(rows)


def test_staff_plan_a_pilot_that_only_staff_see_until_it_starts(app, client, staff, planned):
    pilot_id, proposal_id, *_ = planned
    page = words(staff.get(f"/pilots/{pilot_id}"))
    assert "Same-day repairs at Northside" in page and "Planned" in page
    assert "If we send a multi-skilled repairer on the first visit, then the share of repairs" \
        in page
    assert "62%" in page  # the baseline, given as a percentage, shown as one
    assert client.get(f"/pilots/{pilot_id}").status_code == 404
    assert client.get(f"/api/v1/pilots/{pilot_id}").status_code == 404
    assert "Same-day repairs" not in text_of(client.get("/pilots"))
    assert "Same-day repairs" in text_of(staff.get("/pilots"))


def test_a_proposal_can_have_several_pilots(app, staff, planned):
    _pilot_id, proposal_id, _idea_id, area = planned
    response = staff.post(f"/proposals/{proposal_id}/pilots/new",
                          data=card_form(area.id, title="Same-day repairs at Eastside",
                                         site="Eastside office"))
    assert response.status_code == 302
    assert count(app, Pilot, proposal_id=proposal_id) == 2


def test_a_pilot_is_planned_only_for_an_approved_proposal(app, factory, staff):
    proposal_id, _idea, area = approved_proposal(app, factory, status="open_for_feedback")
    response = staff.post(f"/proposals/{proposal_id}/pilots/new", data=card_form(area.id))
    assert response.status_code == 302
    assert count(app, Pilot) == 0


def test_starting_locks_the_card_moves_the_proposal_and_tells_the_residents(
        app, factory, staff, planned, author):
    pilot_id, proposal_id, idea_id, _area = planned
    supporter, follower = factory.user(name="Sue Supporter"), factory.user(name="Fay Follower")
    factory.support(factory.get(Idea, idea_id), supporter)
    with app.app_context():
        from codesign.notifications.services import follow
        follow(db.session.get(User, follower.id), idea=db.session.get(Idea, idea_id))
        db.session.commit()
    assert staff.post(f"/pilots/{pilot_id}/start").status_code == 302
    with app.app_context():
        assert db.session.get(Proposal, proposal_id).status == "in_pilot"
        told = set(db.session.scalars(select(Notification.user_id).where(
            Notification.kind == "pilot_started", Notification.pilot_id == pilot_id)))
    assert told == {author.id, supporter.id, follower.id}
    page = words(staff.get(f"/pilots/{pilot_id}"))
    assert "Running" in page and "Start the pilot" not in page


def test_a_locked_card_cannot_be_changed_silently_even_by_a_crafted_post(app, staff, running):
    pilot_id, _proposal_id, _idea_id, area = running
    with app.app_context():
        original = {c.name: getattr(db.session.get(PilotCard, 1), c.name)
                    for c in PilotCard.__table__.columns}
    # The edit form without a reason: refused beside the reason field.
    response = staff.post(f"/pilots/{pilot_id}/edit", data=card_form(area.id, target="1"))
    assert response.status_code == 422
    assert "Say why the card changes" in text_of(response)
    # A second start, and an amendment with a reason: the original never changes.
    staff.post(f"/pilots/{pilot_id}/start")
    response = staff.post(f"/pilots/{pilot_id}/edit", data=card_form(
        area.id, target="1", title="Renamed", reason="The board asked for a lower bar."))
    assert response.status_code == 302
    with app.app_context():
        cards = db.session.scalars(select(PilotCard).order_by(PilotCard.version)).all()
        assert {c.name: getattr(cards[0], c.name) for c in PilotCard.__table__.columns} == original
        assert [c.version for c in cards] == [1, 2]
        assert float(cards[1].target) == pytest.approx(0.01)
        assert db.session.get(Pilot, pilot_id).title == "Same-day repairs at Northside"
    page = words(staff.get(f"/pilots/{pilot_id}"))
    assert "Original card" in page and "Amendment 1" in page
    assert "The board asked for a lower bar." in page
    # Each version carries its date in its heading, the original's beside the amendment's.
    html = staff.get(f"/pilots/{pilot_id}").get_data(as_text=True)
    for version in cards:
        heading = html.split(f'id="version-{version.version}-title"')[1].split("</h3>")[0]
        assert f'<time datetime="{version.created_at.isoformat()}Z"' in heading


def test_a_planned_card_is_edited_in_place(app, staff, planned):
    pilot_id, _proposal, _idea, area = planned
    response = staff.post(f"/pilots/{pilot_id}/edit", data=card_form(area.id, target="7"))
    assert response.status_code == 302
    with app.app_context():
        cards = db.session.scalars(select(PilotCard)).all()
        assert len(cards) == 1 and float(cards[0].target) == pytest.approx(0.07)


def test_the_journey_to_a_published_verdict(app, client, staff, running, author, browser_for):
    pilot_id, _proposal_id, idea_id, _area = running
    page = text_of(upload(staff, pilot_id, good_figures()))
    assert "6 periods' figures recorded" not in page  # 12 rows: 6 periods at 2 sites
    assert "12 periods' figures recorded." in page
    page = words(client.get(f"/pilots/{pilot_id}"))
    assert "+15.0 percentage points" in page
    assert "95% confidence interval" in page
    assert "Newcombe" in page
    assert "Proposed verdict: Worked" in page
    html = client.get(f"/pilots/{pilot_id}").get_data(as_text=True)
    assert "<svg" in html and 'id="figures-table"' in html
    assert "£41.50" in page and "£44.00" in page
    # Staff disagree with the proposed verdict; both stay on show.
    response = staff.post(f"/pilots/{pilot_id}/close", data={
        "verdict": "too_early", "conclusion": "We want a winter of figures first."})
    assert response.status_code == 302
    page = words(client.get(f"/pilots/{pilot_id}"))
    assert "Verdict: Too early to tell" in page
    assert "The verdict the figures proposed at closing: Worked" in page
    assert "We want a winter of figures first." in page
    with app.app_context():
        assert count(app, Notification, kind="pilot_closed", user_id=author.id) == 1
    # The author's notification says what happened and leads to the pilot.
    reader = browser_for(author)
    notes = text_of(reader.get("/notifications"))
    assert "The pilot ‘Same-day repairs at Northside’ of your idea" in notes
    assert "has ended: too early to tell" in notes
    with app.app_context():
        note = db.session.scalar(select(Notification.id).where(
            Notification.kind == "pilot_closed", Notification.user_id == author.id))
    response = reader.post(f"/notifications/{note}/read")
    assert response.headers["Location"].endswith(f"/pilots/{pilot_id}")


def test_a_pilot_that_did_not_work_is_published_like_one_that_did(app, client, staff, running):
    pilot_id = running[0]
    upload(staff, pilot_id, good_figures(pilot=(200, 120), comparison=(200, 124)))
    staff.post(f"/pilots/{pilot_id}/close", data={
        "verdict": "did_not_work", "conclusion": "Fixes at first visit did not rise."})
    page = words(client.get(f"/pilots/{pilot_id}"))
    assert "Proposed verdict: Did not work" in page
    assert "This pilot did not work." in page
    assert "Same-day repairs at Northside" in text_of(client.get("/pilots?outcome=did_not_work"))
    assert "Same-day repairs" not in text_of(client.get("/pilots?outcome=worked"))


def test_fewer_than_30_cases_is_too_early_in_those_words(client, staff, running):
    pilot_id = running[0]
    upload(staff, pilot_id, proportion_csv([(months(1)[0], "pilot", 20, 18, ""),
                                            (months(1)[0], "comparison", 20, 5, "")]))
    page = words(client.get(f"/pilots/{pilot_id}"))
    assert "Proposed verdict: Too early to tell" in page
    assert "fewer than 30 cases" in page


def test_without_a_comparison_site_the_pilot_is_compared_with_its_baseline(
        app, factory, staff):
    proposal_id, _idea, area = approved_proposal(app, factory)
    staff.post(f"/proposals/{proposal_id}/pilots/new", data=card_form(area.id, comparison_site=""))
    with app.app_context():
        pilot_id = db.session.scalar(select(Pilot.id))
    staff.post(f"/pilots/{pilot_id}/start")
    upload(staff, pilot_id, proportion_csv([(p, "pilot", 100, 75, "") for p in months(3)]))
    page = words(staff.get(f"/pilots/{pilot_id}"))
    assert "The pilot site compared with the baseline" in page
    assert "+13.0 percentage points" in page  # 75% against a baseline of 62%


def test_one_period_by_the_form_and_its_replacement(app, staff, running):
    pilot_id = running[0]
    data = {"period_start": "2030-01-01", "period_end": "2030-01-31", "site": "pilot",
            "n": "40", "successes": "30", "cost_per_case": "12.50"}
    response = staff.post(f"/pilots/{pilot_id}/figures", data=data, follow_redirects=True)
    assert "1 period's figures recorded." in text_of(response)
    response = staff.post(f"/pilots/{pilot_id}/figures", data={**data, "successes": "31"},
                          follow_redirects=True)
    assert "1 of them replaced figures recorded before" in text_of(response)
    with app.app_context():
        rows = db.session.scalars(select(Measurement)).all()
        assert [(r.n, r.successes) for r in rows] == [(40, 31)]


def test_the_idea_timeline_and_the_proposal_panel_loaders(app, factory, staff, running,
                                                         author):
    pilot_id, proposal_id, idea_id, _area = running
    upload(staff, pilot_id, good_figures(2))
    staff.post(f"/pilots/{pilot_id}/close", data={"verdict": "worked", "conclusion": "Yes."})
    with app.test_request_context():
        from flask import render_template
        from flask_login import AnonymousUserMixin
        visitor = AnonymousUserMixin()
        idea = db.session.get(Idea, idea_id)
        panel = pilot_events_for_idea(idea, visitor)
        assert [e.kind for _p, e in panel["events"]] == ["started", "figures", "closed"]
        html = render_template("pilots/_idea_timeline_events.html", panel={"data": panel})
        assert "The pilot started" in html and "Verdict: Worked" in html
        panel = pilots_for_proposal(db.session.get(Proposal, proposal_id), visitor)
        html = render_template("pilots/_proposal_panel.html", panel={"data": panel})
        assert "Same-day repairs at Northside" in html and "Plan a pilot" not in html


def test_the_idea_and_proposal_pages_show_their_pilots(app, client, staff, running):
    """The pilots area adds its panels to both pages (codesign/pilots/panels.py)."""
    pilot_id, proposal_id, idea_id, _area = running
    upload(staff, pilot_id, good_figures(2))
    staff.post(f"/pilots/{pilot_id}/close", data={"verdict": "worked", "conclusion": "Yes."})
    idea_page = text_of(client.get(f"/ideas/{idea_id}"))
    assert "Pilots of this idea" in idea_page and "Verdict: Worked" in idea_page
    proposal_page = text_of(client.get(f"/proposals/{proposal_id}"))
    assert "Same-day repairs at Northside" in proposal_page
    assert f"/pilots/{pilot_id}" in proposal_page
