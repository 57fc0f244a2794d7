"""No mass assignment: a form sets the fields it shows and nothing else.

Each test sends a real form with extra fields a hostile visitor might add
(status, author, counts, hiding, role, blocking, links to other rows) and
checks that the stored rows did not take them."""
from datetime import date, timedelta

import pytest
from helpers import PASSWORD, csrf_token
from sqlalchemy import select

from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import (
    Appeal,
    Comment,
    Idea,
    Proposal,
    Report,
    ServiceArea,
    User,
)

LONG_AGO = "2020-01-01 00:00:00"


@pytest.fixture
def others(app, factory):
    """What a hostile form would point at: someone else, their idea, a proposal."""
    other = factory.user(name="Olive Other")
    idea = factory.idea(author=other)
    with app.app_context():
        proposal = Proposal(
            title="A proposal", problem="P", proposed_change="C", expected_benefits="B",
            who_it_affects="W", cost_band="unknown", service_area_id=idea.service_area_id,
            responsible_team="T", decision_due=utcnow().date() + timedelta(days=10),
            status="open_for_feedback", created_by_id=factory.user(role="staff").id)
        db.session.add(proposal)
        db.session.commit()
        proposal_id = proposal.id
    return {"user": other, "idea": idea, "proposal_id": proposal_id}


def extras(others):
    """Fields no form here shows, with values that would matter if taken."""
    return {
        "id": str(others["idea"].id), "status": "promoted", "author_id": str(others["user"].id),
        "user_id": str(others["user"].id), "support_count": "999", "comment_count": "999",
        "hidden_at": LONG_AGO, "hidden_reason": "spam", "hidden_note": "x",
        "withdrawn_at": LONG_AGO, "engaged_at": LONG_AGO, "ready_for_review_at": LONG_AGO,
        "role": "admin", "blocked_at": "", "confirmed_at": LONG_AGO, "session_token": "x",
        "proposal_id": str(others["proposal_id"]), "duplicate_of_id": str(others["idea"].id),
        "idea_id": str(others["idea"].id), "created_at": LONG_AGO, "created_by_id":
        str(others["user"].id), "depth": "2", "deleted_at": LONG_AGO, "edited_at": LONG_AGO,
        "email_preference": "immediate", "reporter_id": str(others["user"].id),
        "resolved_at": LONG_AGO, "decided_at": LONG_AGO, "outcome": "restored",
        "hidden_by_id": str(others["user"].id),
    }


def latest(app, model):
    with app.app_context():
        row = db.session.scalar(select(model).order_by(model.id.desc()).limit(1))
        db.session.expunge(row)
        return row


def assert_untouched(factory, others):
    idea = factory.get(Idea, others["idea"].id)
    assert (idea.author_id, idea.status, idea.support_count, idea.comment_count) == (
        others["user"].id, "published", 0, 0)
    user = factory.get(User, others["user"].id)
    assert user.role == "resident" and user.blocked_at is None


def assert_plain_idea(idea, author):
    assert idea.author_id == author.id
    assert idea.status == "published"
    assert (idea.support_count, idea.comment_count) == (0, 0)
    assert idea.hidden_at is idea.hidden_reason is idea.withdrawn_at is idea.engaged_at is None
    assert idea.proposal_id is idea.duplicate_of_id is idea.ready_for_review_at is None
    assert idea.created_at.year > 2020


def idea_form(area_id, title="Benches by the library"):
    return {"title": title, "description": "Somewhere to sit.", "service_area": str(area_id),
            "challenge": "", "place": ""}


def test_proposing_an_idea_sets_only_what_the_form_shows(app, factory, browser_for, others,
                                                         resident):
    rosa = browser_for(resident)
    area = factory.area()
    response = rosa.post("/ideas/new", {**extras(others), **idea_form(area.id)})
    assert response.status_code == 302
    idea = latest(app, Idea)
    assert idea.title == "Benches by the library" and idea.id != others["idea"].id
    assert_plain_idea(idea, resident)
    assert factory.get(User, resident.id).role == "resident"
    assert_untouched(factory, others)


def test_editing_an_idea_sets_only_what_the_form_shows(app, factory, browser_for, others,
                                                       resident):
    idea = factory.idea(author=resident)
    rosa = browser_for(resident)
    form = {**extras(others), **idea_form(idea.service_area_id, title="Benches, renamed")}
    assert rosa.post(f"/ideas/{idea.id}/edit", form).status_code == 302
    stored = factory.get(Idea, idea.id)
    assert stored.title == "Benches, renamed"
    assert_plain_idea(stored, resident)
    assert_untouched(factory, others)


@pytest.mark.parametrize("subject", ["idea", "proposal"])
def test_commenting_sets_only_the_body(app, factory, browser_for, others, resident, subject):
    rosa = browser_for(resident)
    own = factory.idea(author=resident)
    base = f"/ideas/{own.id}" if subject == "idea" else f"/proposals/{others['proposal_id']}"
    answer = rosa.post(f"{base}/comments", {**extras(others), "body": "First words"})
    assert answer.status_code == 302
    comment = latest(app, Comment)
    edited = rosa.post(f"{base}/comments/{comment.id}/edit", {**extras(others), "body": "Then"})
    assert edited.status_code == 302

    stored = factory.get(Comment, comment.id)
    assert stored.body == "Then" and stored.author_id == resident.id
    subject_ids = (own.id, None) if subject == "idea" else (None, others["proposal_id"])
    assert (stored.idea_id, stored.proposal_id) == subject_ids
    assert stored.depth == 0 and stored.parent_id is None
    assert stored.hidden_at is stored.deleted_at is None
    assert stored.created_at.year > 2020
    counted = factory.get(Idea, own.id).comment_count if subject == "idea" else \
        factory.get(Proposal, others["proposal_id"]).comment_count
    assert counted == 1
    assert factory.get(Proposal, others["proposal_id"]).status == "open_for_feedback"
    assert_untouched(factory, others)


def test_registering_gives_an_unconfirmed_resident_account(app, factory, client, others):
    form = {**extras(others), "email": "newcomer@example.org", "display_name": "Newcomer",
            "password": PASSWORD, "confirm": PASSWORD,
            "csrf_token": csrf_token(client, "/auth/register")}
    assert client.post("/auth/register", data=form).status_code == 302
    user = latest(app, User)
    assert user.email == "newcomer@example.org"
    assert user.role == "resident" and user.confirmed_at is None and user.blocked_at is None
    assert user.email_preference == "daily" and user.session_token != "x"
    assert user.created_at.year > 2020
    assert_untouched(factory, others)


@pytest.mark.parametrize("who", ["blocked", "unconfirmed"])
def test_email_settings_cannot_unblock_confirm_or_promote(app, factory, browser_for, others, who):
    user = factory.user(confirmed=who != "unconfirmed")
    if who == "blocked":
        with app.app_context():
            db.session.get(User, user.id).blocked_at = utcnow()
            db.session.commit()
        user = factory.get(User, user.id)
    visitor = browser_for(user)
    form = {**extras(others), "email_preference": "off", "email": "taken@example.org",
            "display_name": "Someone else"}
    assert visitor.post("/notifications/settings", form).status_code == 302
    stored = factory.get(User, user.id)
    assert stored.email_preference == "off"
    assert stored.role == "resident" and stored.email == user.email
    assert stored.display_name == user.display_name
    assert (stored.blocked_at is not None) is (who == "blocked")
    assert (stored.confirmed_at is None) is (who == "unconfirmed")
    assert_untouched(factory, others)


def proposal_form(area_id):
    return {"title": "Benches on every street", "problem": "Nowhere to rest.",
            "proposed_change": "Benches.", "expected_benefits": "Rest.",
            "who_it_affects": "Walkers.", "cost_band": "10k_50k", "service_area": str(area_id),
            "responsible_team": "Streets",
            "decision_due": (date.today() + timedelta(days=30)).isoformat()}


def test_editing_a_proposal_leaves_its_status_author_and_counts(
        app, factory, browser_for, others):
    staff = factory.user(role="staff")
    before = factory.get(Proposal, others["proposal_id"])
    sam = browser_for(staff)
    form = {**extras(others), **proposal_form(before.service_area_id), "status": "implemented"}
    assert sam.post(f"/proposals/{before.id}/edit", form).status_code == 302
    after = factory.get(Proposal, before.id)
    assert after.title == "Benches on every street"
    assert (after.status, after.created_by_id, after.comment_count, after.created_at) == (
        before.status, before.created_by_id, 0, before.created_at)


def test_promoting_makes_a_proposal_staff_own_at_its_first_step(app, factory, browser_for, others):
    staff = factory.user(role="staff")
    idea = factory.idea()
    sam = browser_for(staff)
    form = {**extras(others), **proposal_form(idea.service_area_id), "status": "implemented",
            "also_include": "", "message": "Thank you.", "publish": ""}
    assert sam.post(f"/ideas/{idea.id}/promote", form).status_code == 302
    proposal = latest(app, Proposal)
    assert proposal.id != others["proposal_id"]
    assert (proposal.status, proposal.created_by_id, proposal.comment_count) == ("draft", staff.id, 0)
    assert factory.get(Idea, idea.id).proposal_id == proposal.id
    assert_untouched(factory, others)


def test_editing_a_service_area_changes_that_area_only(app, factory, browser_for, others):
    admin = factory.user(role="admin")
    area, bystander = factory.area(name="Libraries"), factory.area(name="Parks")
    form = {**extras(others), "id": str(bystander.id), "name": "Libraries and archives",
            "description": "Books"}
    assert browser_for(admin).post(f"/admin/areas/{area.id}/edit", form).status_code == 302
    stored, untouched = factory.get(ServiceArea, area.id), factory.get(ServiceArea, bystander.id)
    assert (stored.name, stored.created_at) == ("Libraries and archives", area.created_at)
    assert (untouched.name, untouched.description) == ("Parks", bystander.description)


def test_changing_a_role_changes_nothing_else(app, factory, browser_for, others):
    admin = factory.user(role="admin")
    target = others["user"]
    form = {**extras(others), "role": "moderator", "email": "new@example.org",
            "blocked_at": LONG_AGO, "display_name": "Renamed"}
    assert browser_for(admin).post(f"/admin/users/{target.id}/role", form).status_code == 302
    stored = factory.get(User, target.id)
    assert stored.role == "moderator"
    assert (stored.email, stored.display_name, stored.blocked_at) == (
        target.email, target.display_name, None)


def test_reports_and_appeals_are_the_senders_and_undecided(app, factory, browser_for, others,
                                                           resident):
    rosa = browser_for(resident)
    assert rosa.post(f"/ideas/{others['idea'].id}/report",
                     {**extras(others), "reason": "spam", "note": ""}).status_code == 302
    report = latest(app, Report)
    assert (report.reporter_id, report.idea_id, report.resolved_at) == (
        resident.id, others["idea"].id, None)

    hidden = factory.idea(author=resident, hidden_at=utcnow(), hidden_reason="offensive")
    answer = rosa.post(f"/moderation/ideas/{hidden.id}/appeal",
                       {**extras(others), "text": "It was about the bus stop."})
    assert answer.status_code == 302
    appeal = latest(app, Appeal)
    assert (appeal.author_id, appeal.idea_id) == (resident.id, hidden.id)
    assert appeal.decided_at is appeal.outcome is appeal.hidden_by_id is None
    assert factory.get(Idea, hidden.id).hidden_at is not None
