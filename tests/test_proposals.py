"""Proposals, as staff and residents meet them: promoting ideas, the proposal
page, its stages, its comments and the list."""
import html
import re
from datetime import timedelta

import pytest
from helpers import count, text_of
from sqlalchemy import func, select

from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import (
    Comment,
    Follow,
    Idea,
    IdeaStatusChange,
    Notification,
    OutboxMessage,
    Proposal,
    ProposalStatusChange,
    Support,
    User,
)


def rows(app, model, **where):
    with app.app_context():
        found = db.session.scalars(select(model).filter_by(**where).order_by(model.id)).all()
        for row in found:
            db.session.expunge(row)
        return found


def in_days(days):
    return (utcnow().date() + timedelta(days=days)).isoformat()


def promote_form(area, **changes):
    data = {
        "title": "Libraries open on Sundays",
        "problem": "People who **work** all week cannot visit.",
        "proposed_change": "Open the central library 10:00 to 16:00 on Sundays.",
        "expected_benefits": "More visits from working residents.",
        "who_it_affects": "Working residents and library staff.",
        "cost_band": "10k_50k",
        "service_area": str(area.id),
        "responsible_team": "Library services",
        "decision_due": in_days(30),
        "also_include": "",
        "message": "Thank you: your idea is now a proposal.",
        "publish": "y",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def created_id(response):
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    match = re.fullmatch(r"/proposals/(\d+)", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


def make_proposal(app, author, area, status="open_for_feedback", title="A proposal", created_at=None):
    """A proposal written straight to the database, for tests that start later."""
    now = utcnow()
    with app.app_context():
        proposal = Proposal(
            title=title, problem="Problem", proposed_change="Change", expected_benefits="Benefits",
            who_it_affects="Everyone", cost_band="unknown", service_area_id=area.id,
            responsible_team="Team", decision_due=now.date() + timedelta(days=10), status=status,
            created_by_id=author.id, created_at=created_at or now, updated_at=now,
        )
        db.session.add(proposal)
        db.session.commit()
        return proposal.id


# --- promoting ---------------------------------------------------------------

def test_staff_promote_an_idea_and_everyone_involved_hears_of_it(
        app, factory, staff, staff_user, browser_for):
    area = factory.area(name="Libraries")
    ana = factory.user(name="Ana Author")
    idea = factory.idea(author=ana, area=area, title="Open libraries on Sundays")
    supporter, follower = factory.user(name="Sue Supporter"), factory.user(name="Fred Follower")
    assert browser_for(supporter).post(f"/ideas/{idea.id}/support").status_code == 302
    with app.app_context():
        db.session.add(Follow(user_id=follower.id, idea_id=idea.id, created_at=utcnow()))
        db.session.commit()

    form = staff.get(f"/ideas/{idea.id}/promote")
    assert form.status_code == 200
    assert 'value="Open libraries on Sundays"' in form.get_data(as_text=True)
    assert re.search(rf'<option value="{area.id}" selected>', form.get_data(as_text=True))
    assert f'href="/ideas/{idea.id}/promote"' in staff.get(f"/ideas/{idea.id}").get_data(as_text=True)

    proposal_id = created_id(staff.post(f"/ideas/{idea.id}/promote", promote_form(area)))

    proposal = factory.get(Proposal, proposal_id)
    assert proposal.title == "Libraries open on Sundays"
    assert proposal.status == "open_for_feedback"
    assert (proposal.cost_band, proposal.responsible_team) == ("10k_50k", "Library services")
    assert proposal.created_by_id == staff_user.id
    assert [(c.from_status, c.to_status) for c in rows(app, ProposalStatusChange)] == [
        (None, "draft"), ("draft", "open_for_feedback")]

    page = text_of(staff.get(f"/proposals/{proposal_id}"))
    assert "Co-designed by" in page
    assert f'<a class="govuk-link" href="/ideas/{idea.id}">Ana Author</a>' in page
    assert "People who <strong>work</strong> all week cannot visit." in page

    promoted = factory.get(Idea, idea.id)
    assert (promoted.status, promoted.proposal_id) == ("promoted", proposal_id)
    [change] = rows(app, IdeaStatusChange, idea_id=idea.id)
    assert (change.from_status, change.to_status) == ("published", "promoted")
    assert change.response == "Thank you: your idea is now a proposal."
    idea_page = text_of(browser_for(ana).get(f"/ideas/{idea.id}"))
    assert "This idea became the proposal" in idea_page
    assert f'<a class="govuk-link" href="/proposals/{proposal_id}">Libraries open on Sundays</a>' in idea_page

    told = {n.user_id: n for n in rows(app, Notification)}
    assert set(told) == {ana.id, supporter.id, follower.id}
    assert all(n.kind == "idea_promoted" and n.proposal_id == proposal_id for n in told.values())
    followers = {f.user_id for f in rows(app, Follow, proposal_id=proposal_id)}
    assert followers == {staff_user.id, ana.id}


def test_supporters_are_told_even_when_they_do_not_follow(app, factory, staff):
    area = factory.area()
    idea = factory.idea(area=area)
    quiet = factory.user()
    with app.app_context():
        db.session.add(Support(user_id=quiet.id, idea_id=idea.id, created_at=utcnow()))
        db.session.commit()
    created_id(staff.post(f"/ideas/{idea.id}/promote", promote_form(area)))
    assert count(app, Notification, user_id=quiet.id, kind="idea_promoted") == 1


def test_ideas_merged_into_the_idea_are_included_and_credited(app, factory, staff):
    area = factory.area()
    ana, bob = factory.user(name="Ana Author"), factory.user(name="Bob Builder")
    idea = factory.idea(author=ana, area=area)
    duplicate = factory.idea(author=bob, area=area, status="duplicate", duplicate_of_id=idea.id)

    form = staff.get(f"/ideas/{idea.id}/promote").get_data(as_text=True)
    assert "Bob Builder" in form

    proposal_id = created_id(staff.post(f"/ideas/{idea.id}/promote", promote_form(area)))

    page = text_of(staff.get(f"/proposals/{proposal_id}"))
    assert f'<a class="govuk-link" href="/ideas/{idea.id}">Ana Author</a>' in page
    assert f'<a class="govuk-link" href="/ideas/{duplicate.id}">Bob Builder</a>' in page
    merged = factory.get(Idea, duplicate.id)
    assert (merged.proposal_id, merged.status, merged.duplicate_of_id) == (proposal_id, "promoted", idea.id)
    assert {n.user_id for n in rows(app, Notification)} == {ana.id, bob.id}


def test_several_ideas_make_one_proposal(app, factory, staff):
    area = factory.area()
    first, second, third = (factory.idea(area=area) for _ in range(3))
    proposal_id = created_id(staff.post(f"/ideas/{first.id}/promote", promote_form(
        area, also_include=f"{second.id}, #{third.id}")))
    assert {i.id for i in rows(app, Idea, proposal_id=proposal_id)} == {first.id, second.id, third.id}
    assert count(app, IdeaStatusChange, to_status="promoted") == 3
    [created] = rows(app, ProposalStatusChange, to_status="draft")
    assert f"#{second.id}" in created.response


def test_unpublished_proposal_stays_a_draft_only_staff_see(app, factory, staff, rosa):
    area = factory.area()
    idea = factory.idea(area=area)
    proposal_id = created_id(staff.post(f"/ideas/{idea.id}/promote",
                                        promote_form(area, publish=None, title="Secret plan")))
    assert factory.get(Proposal, proposal_id).status == "draft"
    assert count(app, ProposalStatusChange) == 1

    assert staff.get(f"/proposals/{proposal_id}").status_code == 200
    assert "Secret plan" in staff.get("/proposals").get_data(as_text=True)
    assert rosa.get(f"/proposals/{proposal_id}").status_code == 404
    assert "Secret plan" not in rosa.get("/proposals").get_data(as_text=True)
    assert "Secret plan" not in rosa.get("/proposals?status=draft").get_data(as_text=True)
    assert "became the proposal" not in rosa.get(f"/ideas/{idea.id}").get_data(as_text=True)


def test_residents_hear_of_a_draft_only_when_it_is_published_and_then_once(
        app, factory, staff, staff_user, browser_for):
    """Issue 10.4: promoting as a draft told the idea's author its title."""
    area = factory.area()
    ana, sue = factory.user(name="Ana Author"), factory.user(name="Sue Supporter")
    with app.app_context():
        for person in (ana, sue):
            db.session.get(User, person.id).email_preference = "immediate"
        db.session.commit()
    idea = factory.idea(author=ana, area=area, title="Open libraries on Sundays")
    assert browser_for(sue).post(f"/ideas/{idea.id}/vote").status_code == 302

    def heard(person):
        """(notifications, emails) the person has had about the proposal."""
        with app.app_context():
            address = db.session.get(User, person.id).email
        return (count(app, Notification, user_id=person.id),
                count(app, OutboxMessage, to_address=address))

    proposal_id = created_id(staff.post(f"/ideas/{idea.id}/promote", promote_form(
        area, publish=None, title="Secret plan")))
    assert heard(ana) == heard(sue) == (0, 0)
    assert "Secret plan" not in text_of(browser_for(ana).get("/notifications"))
    assert staff.post(f"/proposals/{proposal_id}/edit", promote_form(
        area, title="Secret plan, reworded")).status_code == 302
    assert heard(ana) == heard(sue) == (0, 0)

    assert change_status(staff, proposal_id, "open_for_feedback", "Tell us what you think.",
                         current="draft").status_code == 302
    assert heard(ana) == heard(sue) == (1, 1)
    page = text_of(browser_for(ana).get("/notifications"))
    assert "Your idea ‘Open libraries on Sundays’ became the proposal ‘Secret plan, reworded’" in page
    with app.app_context():
        [mail] = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.to_address == ana.email)).all()
        assert "Secret plan, reworded" in mail.subject

    again = change_status(staff, proposal_id, "open_for_feedback", "Again.", current="draft")
    assert again.status_code == 422
    assert staff.post(f"/proposals/{proposal_id}/edit", promote_form(
        area, title="Secret plan, final words")).status_code == 302
    assert heard(ana) == heard(sue) == (1, 1)
    followers = {f.user_id for f in rows(app, Follow, proposal_id=proposal_id)}
    assert followers == {staff_user.id, ana.id}


@pytest.mark.parametrize("state", ["hidden", "withdrawn", "duplicate"])
def test_ineligible_ideas_cannot_be_promoted(app, factory, staff, state):
    area = factory.area()
    extra = {"hidden": {"hidden_at": utcnow(), "hidden_reason": "spam"},
             "withdrawn": {"withdrawn_at": utcnow()},
             "duplicate": {"duplicate_of_id": factory.idea(area=area).id, "status": "duplicate"}}[state]
    idea = factory.idea(area=area, **extra)
    assert staff.get(f"/ideas/{idea.id}/promote").status_code == 403
    assert staff.post(f"/ideas/{idea.id}/promote", promote_form(area)).status_code == 403
    assert 'promote"' not in staff.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert count(app, Proposal) == 0
    assert factory.get(Idea, idea.id).proposal_id is None


def test_promoting_twice_says_so_and_creates_nothing_more(app, factory, staff):
    area = factory.area()
    idea = factory.idea(area=area)
    proposal_id = created_id(staff.post(f"/ideas/{idea.id}/promote", promote_form(area)))

    again = staff.post(f"/ideas/{idea.id}/promote", promote_form(area, title="Second go"))

    assert again.status_code == 302 and again.headers["Location"] == f"/proposals/{proposal_id}"
    assert "already part of a proposal" in text_of(staff.get(again.headers["Location"]))
    assert count(app, Proposal) == 1
    assert count(app, IdeaStatusChange) == 1


@pytest.mark.parametrize("role", ["resident", "moderator"])
def test_only_staff_promote_and_move_proposals_on(app, factory, browser_for, role):
    area = factory.area()
    idea = factory.idea(area=area)
    visitor = browser_for(factory.user(role=role))
    proposal_id = make_proposal(app, factory.user(role="staff"), area)

    assert visitor.get(f"/ideas/{idea.id}/promote").status_code == 403
    assert visitor.post(f"/ideas/{idea.id}/promote", promote_form(area)).status_code == 403
    assert visitor.get(f"/proposals/{proposal_id}/status").status_code == 403
    assert visitor.post(f"/proposals/{proposal_id}/status", {
        "status": "approved", "response": "Yes", "current": "open_for_feedback"}).status_code == 403
    assert visitor.post(f"/proposals/{proposal_id}/edit", {"title": "Mine"}).status_code == 403
    assert 'promote"' not in visitor.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Change status" not in visitor.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert count(app, Proposal) == 1 and count(app, ProposalStatusChange) == 0


def test_anonymous_visitors_are_sent_to_sign_in(factory, client):
    idea = factory.idea()
    response = client.get(f"/ideas/{idea.id}/promote")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


BAD_PROMOTIONS = [
    ("title", {"title": ""}, "Enter a title"),
    ("title", {"title": "t" * 141}, "140 characters"),
    ("problem", {"problem": "  "}, "Describe the problem"),
    ("problem", {"problem": "p" * 10_001}, "10000 characters"),
    ("proposed_change", {"proposed_change": ""}, "Describe the change"),
    ("proposed_change", {"proposed_change": "c" * 10_001}, "10000 characters"),
    ("expected_benefits", {"expected_benefits": ""}, "benefits you expect"),
    ("expected_benefits", {"expected_benefits": "b" * 10_001}, "10000 characters"),
    ("who_it_affects", {"who_it_affects": ""}, "who the change affects"),
    ("who_it_affects", {"who_it_affects": "w" * 10_001}, "10000 characters"),
    ("cost_band", {"cost_band": ""}, "Choose an estimated cost band"),
    ("cost_band", {"cost_band": "priceless"}, "Choose one of the cost bands"),
    ("service_area", {"service_area": ""}, "Choose the service area"),
    ("service_area", {"service_area": "999999"}, "Choose one of the service areas"),
    ("responsible_team", {"responsible_team": ""}, "Enter the team"),
    ("responsible_team", {"responsible_team": "r" * 121}, "120 characters"),
    ("decision_due", {"decision_due": ""}, "Enter the date a decision is due"),
    ("decision_due", {"decision_due": in_days(-1)}, "today or later"),
    ("decision_due", {"decision_due": "31/02/2030"}, "real date"),
    ("also_include", {"also_include": "twelve"}, "Enter idea numbers"),
    ("also_include", {"also_include": "999999"}, "There is no idea #999999"),
    ("message", {"message": ""}, "Write a message"),
    ("message", {"message": "m" * 10_001}, "10000 characters"),
]


@pytest.mark.parametrize("field, changes, message", BAD_PROMOTIONS,
                         ids=[f"{f}-{i}" for i, (f, _, _) in enumerate(BAD_PROMOTIONS)])
def test_bad_promotion_input_is_explained_beside_the_field(app, factory, staff, field, changes, message):
    area = factory.area()
    idea = factory.idea(area=area)
    sent = promote_form(area, **changes)

    response = staff.post(f"/ideas/{idea.id}/promote", sent)

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert re.search(r"<title>Error:", page)
    error = re.search(rf'<p[^>]*id="{field}-error"[^>]*>(.*?)</p>', page, re.S)
    assert error, f"no error beside {field}"
    assert message in html.unescape(error.group(1))
    assert f'href="#{field}"' in page
    for name in ("title", "responsible_team"):
        if sent[name] and name != field:
            assert f'value="{sent[name]}"' in page
    if field != "problem":
        assert sent["problem"] in html.unescape(page)
    assert count(app, Proposal) == 0
    assert factory.get(Idea, idea.id).status == "published"


@pytest.mark.parametrize("state, message", [
    ("hidden", "is hidden"), ("withdrawn", "was withdrawn"),
    ("duplicate", "is a duplicate of idea"), ("promoted", "already part of a proposal"),
])
def test_ideas_that_cannot_join_are_refused_beside_the_list(app, factory, staff, staff_user, state, message):
    area = factory.area()
    idea = factory.idea(area=area)
    extra = {"hidden": {"hidden_at": utcnow(), "hidden_reason": "spam"},
             "withdrawn": {"withdrawn_at": utcnow()},
             "duplicate": {"duplicate_of_id": factory.idea(area=area).id, "status": "duplicate"},
             "promoted": {"proposal_id": make_proposal(app, staff_user, area), "status": "promoted"}}[state]
    other = factory.idea(area=area, **extra)

    response = staff.post(f"/ideas/{idea.id}/promote", promote_form(area, also_include=str(other.id)))

    assert response.status_code == 422
    error = re.search(r'id="also_include-error"[^>]*>(.*?)</p>', text_of(response), re.S)
    assert error and message in error.group(1) and f"#{other.id}" in error.group(1)
    assert f'value="{other.id}"' in response.get_data(as_text=True)
    assert factory.get(Idea, idea.id).proposal_id is None
    assert count(app, IdeaStatusChange) == 0


def test_co_designer_names_are_escaped(app, factory, staff):
    area = factory.area()
    idea = factory.idea(author=factory.user(name="<script>alert(1)</script>"), area=area,
                        title="<b>Bold</b> idea")
    proposal_id = created_id(staff.post(f"/ideas/{idea.id}/promote",
                                        promote_form(area, title="<i>Plan</i>")))
    page = staff.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;Bold&lt;/b&gt; idea" in page
    idea_page = staff.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert f'<a class="govuk-link" href="/proposals/{proposal_id}">&lt;i&gt;Plan&lt;/i&gt;</a>' in idea_page


def test_hidden_source_ideas_are_not_credited(app, factory, staff, rosa):
    area = factory.area()
    idea = factory.idea(author=factory.user(name="Ana Author"), area=area)
    proposal_id = created_id(staff.post(f"/ideas/{idea.id}/promote", promote_form(area)))
    with app.app_context():
        db.session.get(Idea, idea.id).hidden_at = utcnow()
        db.session.commit()
    page = rosa.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert "Ana Author" not in page
    assert "The ideas this proposal grew from are not shown at the moment." in page


# --- stages --------------------------------------------------------------------

def change_status(browser, proposal_id, status, response="Decided.", current=None):
    return browser.post(f"/proposals/{proposal_id}/status",
                        {"status": status, "response": response, "current": current or ""})


def test_a_proposal_moves_through_its_stages_with_public_responses(app, factory, staff, staff_user, rosa,
                                                                   resident):
    area = factory.area()
    proposal_id = make_proposal(app, staff_user, area)
    with app.app_context():
        db.session.add(Follow(user_id=resident.id, proposal_id=proposal_id, created_at=utcnow()))
        db.session.commit()

    page = staff.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert 'action="/proposals/%d/status"' % proposal_id in page
    assert '<option value="approved">' in page and '<option value="implemented">' not in page

    for status, response in [("approved", "The board **agreed**."), ("in_pilot", "Pilot in Ward 3."),
                             ("implemented", "Now permanent.")]:
        current = factory.get(Proposal, proposal_id).status
        reply = change_status(staff, proposal_id, status, response, current=current)
        assert reply.status_code == 302, reply.get_data(as_text=True)[:1000]
        assert factory.get(Proposal, proposal_id).status == status

    changes = rows(app, ProposalStatusChange, proposal_id=proposal_id)
    assert [(c.from_status, c.to_status) for c in changes] == [
        ("open_for_feedback", "approved"), ("approved", "in_pilot"), ("in_pilot", "implemented")]
    timeline = rosa.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert "The board <strong>agreed</strong>." in timeline
    assert "Pilot in Ward 3." in timeline
    told = rows(app, Notification, user_id=resident.id)
    assert [n.kind for n in told] == ["proposal_status"] * 3
    assert told[0].detail == "The board **agreed**."
    assert count(app, Notification, user_id=staff_user.id) == 0


@pytest.mark.parametrize("start", ["draft", "open_for_feedback", "approved", "in_pilot"])
def test_not_taken_forward_from_any_stage_before_implemented(app, factory, staff, staff_user, start):
    proposal_id = make_proposal(app, staff_user, factory.area(), status=start)
    assert change_status(staff, proposal_id, "not_taken_forward", "Too costly this year.",
                         current=start).status_code == 302
    assert factory.get(Proposal, proposal_id).status == "not_taken_forward"


@pytest.mark.parametrize("start, target", [
    ("open_for_feedback", "implemented"), ("open_for_feedback", "in_pilot"),
    ("approved", "open_for_feedback"), ("draft", "approved"),
    ("implemented", "not_taken_forward"), ("not_taken_forward", "approved"),
])
def test_steps_that_are_not_allowed_are_refused_with_a_message(
        app, factory, staff, staff_user, start, target):
    proposal_id = make_proposal(app, staff_user, factory.area(), status=start)
    response = change_status(staff, proposal_id, target, current=start)
    assert response.status_code == 422
    assert ("is final" if start in ("implemented", "not_taken_forward") else "cannot become") \
        in text_of(response)
    assert factory.get(Proposal, proposal_id).status == start
    assert count(app, ProposalStatusChange) == 0 and count(app, Notification) == 0


def test_a_replayed_status_form_changes_nothing(app, factory, staff, staff_user):
    proposal_id = make_proposal(app, staff_user, factory.area())
    assert change_status(staff, proposal_id, "approved", current="open_for_feedback").status_code == 302
    again = change_status(staff, proposal_id, "approved", current="open_for_feedback")
    assert again.status_code == 422
    assert "it changed since the form was opened" in text_of(again)
    assert count(app, ProposalStatusChange) == 1


def test_status_change_needs_a_response(app, factory, staff, staff_user):
    proposal_id = make_proposal(app, staff_user, factory.area())
    response = change_status(staff, proposal_id, "approved", response=" ", current="open_for_feedback")
    assert response.status_code == 422
    assert re.search(r'id="response-error"[^>]*>.*public response', text_of(response), re.S)
    assert factory.get(Proposal, proposal_id).status == "open_for_feedback"


def test_staff_edit_a_proposal_until_a_decision(app, factory, staff, staff_user):
    area = factory.area()
    proposal_id = make_proposal(app, staff_user, area, title="First wording")
    form = staff.get(f"/proposals/{proposal_id}/edit")
    assert form.status_code == 200 and 'value="First wording"' in form.get_data(as_text=True)

    response = staff.post(f"/proposals/{proposal_id}/edit", promote_form(area, title="Better wording"))
    assert response.status_code == 302
    assert factory.get(Proposal, proposal_id).title == "Better wording"

    bad = staff.post(f"/proposals/{proposal_id}/edit", promote_form(area, decision_due=in_days(-3)))
    assert bad.status_code == 422 and "today or later" in text_of(bad)

    change_status(staff, proposal_id, "approved", current="open_for_feedback")
    late = staff.post(f"/proposals/{proposal_id}/edit", promote_form(area, title="Too late"))
    assert late.status_code == 302
    assert "can no longer be edited" in text_of(staff.get(late.headers["Location"]))
    assert factory.get(Proposal, proposal_id).title == "Better wording"


# --- comments ------------------------------------------------------------------

def comment(browser, proposal_id, body, parent_id=None):
    data = {"body": body}
    if parent_id:
        data["parent_id"] = str(parent_id)
    return browser.post(f"/proposals/{proposal_id}/comments", data)


def comment_id(response):
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    return int(re.search(r"#comment-(\d+)$", response.headers["Location"]).group(1))


def counted(app, factory, proposal_id):
    stored = factory.get(Proposal, proposal_id).comment_count
    with app.app_context():
        visible = db.session.scalar(select(func.count()).select_from(Comment).where(
            Comment.proposal_id == proposal_id, Comment.deleted_at.is_(None),
            Comment.hidden_at.is_(None)))
    assert stored == visible
    return stored


def test_residents_discuss_a_proposal_open_for_feedback(app, factory, staff_user, rosa, resident):
    proposal_id = make_proposal(app, staff_user, factory.area())
    first = comment_id(comment(rosa, proposal_id, "I **like** it"))
    reply = comment_id(comment(rosa, proposal_id, "And more", parent_id=first))
    deepest = comment_id(comment(rosa, proposal_id, "Even more", parent_id=reply))
    assert [c.depth for c in rows(app, Comment, proposal_id=proposal_id)] == [0, 1, 2]
    assert comment(rosa, proposal_id, "Too deep", parent_id=deepest).status_code == 403

    page = rosa.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert "I <strong>like</strong> it" in page and "3 comments" in page
    assert counted(app, factory, proposal_id) == 3
    assert count(app, Follow, user_id=resident.id, proposal_id=proposal_id) == 1
    assert all(c.idea_id is None for c in rows(app, Comment))

    assert rosa.post(f"/proposals/{proposal_id}/comments/{first}/delete").status_code == 302
    assert counted(app, factory, proposal_id) == 2
    assert "Comment deleted" in rosa.get(f"/proposals/{proposal_id}").get_data(as_text=True)


@pytest.mark.parametrize("status", ["approved", "in_pilot", "implemented", "not_taken_forward"])
def test_comments_are_closed_once_feedback_is_over(app, factory, staff_user, rosa, status):
    proposal_id = make_proposal(app, staff_user, factory.area(), status=status)
    assert comment(rosa, proposal_id, "Late thought").status_code == 302  # told why
    page = rosa.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert "open only while" in page
    assert "This proposal is not open for feedback, so it cannot be commented on." in page
    assert count(app, Comment) == 0


def test_drafts_cannot_be_commented_or_seen_by_residents(app, factory, staff_user, rosa):
    proposal_id = make_proposal(app, staff_user, factory.area(), status="draft")
    assert comment(rosa, proposal_id, "Sneaky").status_code == 404
    assert count(app, Comment) == 0


def test_unconfirmed_people_cannot_comment(app, factory, staff_user, browser_for):
    proposal_id = make_proposal(app, staff_user, factory.area())
    assert comment(browser_for(factory.user(confirmed=False)), proposal_id, "Hi").status_code == 403
    assert count(app, Comment) == 0


def test_empty_comment_is_explained_and_kept_out(app, factory, staff_user, rosa):
    proposal_id = make_proposal(app, staff_user, factory.area())
    response = comment(rosa, proposal_id, "   ")
    assert response.status_code == 422
    assert "Write your comment" in text_of(response)
    assert counted(app, factory, proposal_id) == 0


def test_comments_are_edited_within_fifteen_minutes_by_their_author(app, factory, staff_user, rosa,
                                                                    browser_for):
    proposal_id = make_proposal(app, staff_user, factory.area())
    mine = comment_id(comment(rosa, proposal_id, "Frist"))
    edit = f"/proposals/{proposal_id}/comments/{mine}/edit"
    assert rosa.get(edit).status_code == 200
    assert rosa.post(edit, {"body": "First"}).status_code == 302
    assert rows(app, Comment)[0].body == "First"
    other = browser_for(factory.user())
    assert other.post(edit, {"body": "Hijack"}).status_code == 403
    assert other.post(f"/proposals/{proposal_id}/comments/{mine}/delete").status_code == 403

    with app.app_context():
        db.session.get(Comment, mine).created_at = utcnow() - timedelta(minutes=16)
        db.session.commit()
    assert rosa.post(edit, {"body": "Too late"}).status_code == 403
    assert rows(app, Comment)[0].body == "First"


def test_a_comment_belongs_to_its_proposal(app, factory, staff_user, rosa):
    area = factory.area()
    one, two = make_proposal(app, staff_user, area), make_proposal(app, staff_user, area)
    mine = comment_id(comment(rosa, one, "Here"))
    assert rosa.get(f"/proposals/{two}/comments/{mine}/edit").status_code == 404
    assert comment(rosa, two, "Reply elsewhere", parent_id=mine).status_code == 404


# --- the list ------------------------------------------------------------------

def test_list_filters_by_status_and_area_newest_first(app, factory, staff_user, client):
    parks, roads = factory.area(name="Parks"), factory.area(name="Roads")
    now = utcnow()
    make_proposal(app, staff_user, parks, title="Older parks", created_at=now - timedelta(days=2))
    make_proposal(app, staff_user, parks, title="Newer parks", status="approved", created_at=now)
    make_proposal(app, staff_user, roads, title="Roads plan", created_at=now - timedelta(days=1))
    make_proposal(app, staff_user, roads, title="Roads draft", status="draft")

    page = text_of(client.get("/proposals"))
    assert page.index("Newer parks") < page.index("Roads plan") < page.index("Older parks")
    assert "Roads draft" not in page
    assert '<label class="govuk-label" for="filter-status">' in page

    by_area = text_of(client.get(f"/proposals?area={parks.id}"))
    assert "Older parks" in by_area and "Newer parks" in by_area and "Roads plan" not in by_area
    by_status = text_of(client.get("/proposals?status=approved"))
    assert "Newer parks" in by_status and "Older parks" not in by_status
    assert client.get("/proposals?area=abc&status=nonsense&page=²").status_code == 200


def test_list_pages_twenty_at_a_time(app, factory, staff_user, client):
    area = factory.area()
    now = utcnow()
    for number in range(21):
        make_proposal(app, staff_user, area, title=f"Proposal number {number:02d}",
                      created_at=now - timedelta(minutes=number))
    first = text_of(client.get("/proposals"))
    assert first.count('class="app-card"') == 20
    assert "Proposal number 00" in first and "Proposal number 20" not in first
    assert 'href="/proposals?page=2" rel="next"' in first
    second = text_of(client.get("/proposals?page=2"))
    assert "Proposal number 20" in second and second.count('class="app-card"') == 1
    assert 'href="/proposals" rel="prev"' in second and 'rel="next"' not in second


def test_unknown_proposals_are_not_found(client):
    assert client.get("/proposals/999999").status_code == 404
    assert client.get("/proposals/99999999999").status_code == 404


def test_hidden_comments_show_a_placeholder_and_are_not_counted(app, factory, staff_user, rosa, browser_for):
    proposal_id = make_proposal(app, staff_user, factory.area())
    secret = comment_id(comment(rosa, proposal_id, "Something rude"))
    with app.app_context():
        db.session.get(Comment, secret).hidden_at = utcnow()
        db.session.get(Comment, secret).hidden_reason = "offensive"
        db.session.get(Proposal, proposal_id).comment_count = 0
        db.session.commit()
    page = browser_for(factory.user()).get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert "Something rude" not in page and "Comment hidden by a moderator" in page
    assert comment(rosa, proposal_id, "Reply to hidden", parent_id=secret).status_code == 302
    assert "You cannot reply to a deleted or hidden comment." in rosa.get(
        f"/proposals/{proposal_id}").get_data(as_text=True)
    assert counted(app, factory, proposal_id) == 0
