"""Staff answer ideas: status changes with an official response on a public
timeline, everyone concerned told, and a queue of ideas awaiting an answer."""
import re
from datetime import timedelta

import pytest
from helpers import text_of
from sqlalchemy import select

from codesign.clock import utcnow
from codesign.extensions import db
from codesign.ideas import services as idea_services
from codesign.models import Follow, Idea, IdeaStatus, IdeaStatusChange, Notification, User
from codesign.staff import queries as staff_queries


def changes(app, idea):
    with app.app_context():
        return [(c.from_status, c.to_status, c.response, c.author_id) for c in db.session.scalars(
            select(IdeaStatusChange).where(IdeaStatusChange.idea_id == idea.id)
            .order_by(IdeaStatusChange.id))]


def notified(app, kind):
    with app.app_context():
        return {(n.user_id, n.idea_id, n.detail) for n in db.session.scalars(
            select(Notification).where(Notification.kind == kind))}


def set_status(app, idea, status):
    with app.app_context():
        db.session.get(Idea, idea.id).status = status
        db.session.commit()


# --- changing the status -----------------------------------------------------

def test_staff_answer_an_idea_and_the_timeline_shows_each_step(app, factory, staff, staff_user):
    idea = factory.idea(title="Benches in the park")

    first = staff.post(f"/staff/ideas/{idea.id}/status",
                       {"status": "under_review", "response": "We are **looking** at it."})
    assert first.status_code == 302
    assert first.headers["Location"].startswith(f"/ideas/{idea.id}")
    second = staff.post(f"/staff/ideas/{idea.id}/status",
                        {"status": "not_taken_forward", "response": "The budget is spent."})
    assert second.status_code == 302

    assert factory.get(Idea, idea.id).status == "not_taken_forward"
    assert changes(app, idea) == [
        ("published", "under_review", "We are **looking** at it.", staff_user.id),
        ("under_review", "not_taken_forward", "The budget is spent.", staff_user.id),
    ]
    page = text_of(staff.get(f"/ideas/{idea.id}"))
    timeline = re.search(r'<section id="timeline".*?</section>', page, re.S).group(0)
    assert "We are <strong>looking</strong> at it." in timeline
    assert timeline.index("Under review") < timeline.index("Not taken forward")
    assert timeline.index("looking") < timeline.index("budget is spent")
    assert timeline.count("Sam Staff") == 2
    assert timeline.count("<time datetime=") == 2


def test_anyone_reads_the_timeline_and_script_in_a_response_stays_text(factory, staff, client):
    idea = factory.idea()
    staff.post(f"/staff/ideas/{idea.id}/status",
               {"status": "already_planned", "response": "Planned. <script>alert(1)</script>"})

    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Official responses" in page and "Already planned" in page and "Planned." in page
    assert "<script>alert" not in page


def test_the_status_form_offers_only_the_steps_that_apply(factory, staff):
    idea = factory.idea()
    page = staff.get(f"/ideas/{idea.id}").get_data(as_text=True)
    tools = re.search(r'<section id="staff-tools".*?</section>', page, re.S).group(0)
    select_html = re.search(r'<select[^>]*id="staff-status".*?</select>', tools, re.S).group(0)
    offered = re.findall(r'<option value="([a-z_]+)"', select_html)
    assert offered == ["under_review", "not_taken_forward", "already_planned"]
    assert 'action="/staff/ideas/%d/status"' % idea.id in tools
    assert '<label class="govuk-label" for="staff-status-response">' in tools

    own_page = staff.get(f"/staff/ideas/{idea.id}/status").get_data(as_text=True)
    assert "promoted" not in re.search(r'<select[^>]*id="status".*?</select>', own_page, re.S).group(0)


def test_residents_and_moderators_see_no_staff_tools(factory, browser_for):
    idea = factory.idea()
    for role in ("resident", "moderator"):
        page = browser_for(factory.user(role=role)).get(f"/ideas/{idea.id}").get_data(as_text=True)
        assert "staff-tools" not in page


@pytest.mark.parametrize("changes_, field, message", [
    ({"response": ""}, "response", "Write the official response"),
    ({"response": "   "}, "response", "Write the official response"),
    ({"response": "x" * 10_001}, "response", "10000 characters"),
    ({"status": ""}, "status", "Choose the new status"),
    ({"status": "promoted"}, "status", "Choose one of the statuses listed"),
    ({"status": "duplicate"}, "status", "Choose one of the statuses listed"),
    ({"status": "nonsense"}, "status", "Choose one of the statuses listed"),
])
def test_bad_input_is_explained_beside_the_field_and_the_response_kept(
        app, factory, staff, changes_, field, message):
    idea = factory.idea()
    sent = {"status": "under_review", "response": "Our *careful* answer", **changes_}

    response = staff.post(f"/staff/ideas/{idea.id}/status", sent)

    assert response.status_code == 422
    page = text_of(response)
    assert re.search(r"<title>Error:", page)
    error = re.search(rf'<p[^>]*id="{field}-error"[^>]*>(.*?)</p>', page, re.S)
    assert error and message in error.group(1)
    assert f'href="#{field}"' in page
    if sent["response"].strip():
        assert sent["response"] in page
    assert factory.get(Idea, idea.id).status == "published"
    assert changes(app, idea) == []


def test_the_longest_response_is_accepted(factory, staff):
    idea = factory.idea()
    response = staff.post(f"/staff/ideas/{idea.id}/status",
                          {"status": "under_review", "response": "r" * 10_000})
    assert response.status_code == 302
    assert factory.get(Idea, idea.id).status == "under_review"


@pytest.mark.parametrize("start, target, message", [
    ("under_review", "under_review", "already has this status"),
    ("not_taken_forward", "already_planned", "cannot be moved to that status"),
    ("already_planned", "not_taken_forward", "cannot be moved to that status"),
])
def test_a_step_that_does_not_apply_is_explained_and_nothing_changes(
        app, factory, staff, start, target, message):
    idea = factory.idea(status=start)

    response = staff.post(f"/staff/ideas/{idea.id}/status",
                          {"status": target, "response": "An answer"})

    assert response.status_code == 422
    error = re.search(r'id="status-error"[^>]*>(.*?)</p>', text_of(response), re.S)
    assert error and message in error.group(1)
    assert factory.get(Idea, idea.id).status == start
    assert changes(app, idea) == []


def test_a_promoted_idea_follows_its_proposal_not_the_status_form(app, factory, staff):
    idea = factory.idea(status="promoted")
    assert 'id="staff-status"' not in staff.get(f"/ideas/{idea.id}").get_data(as_text=True)

    response = staff.post(f"/staff/ideas/{idea.id}/status",
                          {"status": "under_review", "response": "An answer"})

    assert response.status_code == 302
    page = text_of(staff.get(response.headers["Location"]))
    assert "a promoted idea follows its proposal" in page
    assert factory.get(Idea, idea.id).status == "promoted"
    assert changes(app, idea) == []


def test_an_outcome_can_be_reopened_for_review(factory, staff):
    idea = factory.idea(status="not_taken_forward")
    response = staff.post(f"/staff/ideas/{idea.id}/status",
                          {"status": "under_review", "response": "New money came in."})
    assert response.status_code == 302
    assert factory.get(Idea, idea.id).status == "under_review"


def test_a_replayed_form_changes_nothing_the_second_time(app, factory, staff):
    idea = factory.idea()
    form = {"status": "under_review", "response": "Looking at it."}
    assert staff.post(f"/staff/ideas/{idea.id}/status", form).status_code == 302

    again = staff.post(f"/staff/ideas/{idea.id}/status", form)

    assert again.status_code == 422
    assert "already has this status" in text_of(again)
    assert len(changes(app, idea)) == 1


def test_a_hidden_or_duplicate_idea_is_not_answered_here(app, factory, staff):
    target = factory.idea()
    hidden = factory.idea(hidden_at=utcnow(), hidden_reason="spam")
    duplicate = factory.idea(status="duplicate", duplicate_of_id=target.id)

    for idea in (hidden, duplicate):
        response = staff.post(f"/staff/ideas/{idea.id}/status",
                              {"status": "under_review", "response": "Answer"}, follow_redirects=True)
        assert "cannot" in text_of(response) or "hidden" in text_of(response)
        assert changes(app, idea) == []
    assert factory.get(Idea, duplicate.id).status == "duplicate"
    assert "No status change applies" in text_of(staff.get(f"/staff/ideas/{duplicate.id}/status"))


@pytest.mark.parametrize("path", ["/staff", "/staff/ideas/{id}/status", "/staff/ideas/{id}/merge",
                                  "/staff/ideas/{id}/unmerge"])
def test_only_staff_may_use_the_staff_pages(factory, make_client, browser_for, path):
    idea = factory.idea()
    address = path.format(id=idea.id)
    anonymous = make_client().get(address)
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/auth/login")
    for role in ("resident", "moderator"):
        visitor = browser_for(factory.user(role=role))
        assert visitor.get(address).status_code == 403
        if path != "/staff":
            assert visitor.post(address, {"status": "under_review", "response": "x",
                                          "target": "1"}).status_code == 403
    blocked = factory.user(role="staff")
    with factory.app.app_context():
        db.session.get(User, blocked.id).blocked_at = utcnow()
        db.session.commit()
    assert browser_for(blocked).get(address).status_code == 403
    for role in ("staff", "admin"):
        assert browser_for(factory.user(role=role)).get(address).status_code == 200
    assert factory.get(Idea, idea.id).status == "published"


def test_unknown_ideas_are_404_for_staff(staff):
    for path in ("/staff/ideas/999999/status", "/staff/ideas/99999999999/status",
                 "/staff/ideas/999999/merge", "/staff/ideas/999999/unmerge"):
        assert staff.get(path).status_code == 404
        assert staff.post(path, {"status": "under_review", "response": "x"}).status_code == 404


# --- who is told -------------------------------------------------------------

def test_author_supporters_and_followers_are_told_of_each_change(
        app, factory, staff, staff_user):
    author, supporter, follower, stranger = (factory.user() for _ in range(4))
    idea = factory.idea(author=author)
    factory.support(idea, supporter, staff_user)
    with app.app_context():
        # The supporter stopped following; the promise is they hear anyway.
        db.session.add(Follow(user_id=follower.id, idea_id=idea.id))
        db.session.commit()

    staff.post(f"/staff/ideas/{idea.id}/status",
               {"status": "already_planned", "response": "It is in next year's plan."})

    told = notified(app, "idea_status")
    assert told == {(user.id, idea.id, "It is in next year's plan.")
                    for user in (author, supporter, follower)}
    assert stranger.id not in {user_id for user_id, _, _ in told}


# --- ready for review ----------------------------------------------------------

def test_an_idea_is_ready_for_review_when_supports_reach_the_threshold(
        app, factory, staff, browser_for, monkeypatch):
    monkeypatch.setitem(app.config, "IDEA_REVIEW_THRESHOLD", 3)
    idea = factory.idea(title="Popular idea")
    supporters = [browser_for(factory.user()) for _ in range(3)]

    for supporter in supporters[:2]:
        supporter.post(f"/ideas/{idea.id}/support")
    assert factory.get(Idea, idea.id).ready_for_review_at is None
    assert "Ready for review" not in text_of(staff.get(f"/ideas/{idea.id}"))

    supporters[2].post(f"/ideas/{idea.id}/support")
    ready_at = factory.get(Idea, idea.id).ready_for_review_at
    assert ready_at is not None and abs(ready_at - utcnow()) < timedelta(minutes=1)

    # Falling below and rising again keeps the first moment.
    supporters[2].post(f"/ideas/{idea.id}/unsupport")
    supporters[2].post(f"/ideas/{idea.id}/support")
    assert factory.get(Idea, idea.id).ready_for_review_at == ready_at

    assert "Ready for review" in text_of(supporters[0].get(f"/ideas/{idea.id}"))
    row = re.search(rf'<tr[^>]*?id="queue-idea-{idea.id}".*?</tr>', text_of(staff.get("/staff")), re.S)
    assert row and "Ready for review" in row.group(0)


def test_the_review_threshold_defaults_to_25(app, ctx, factory):
    assert app.config["IDEA_REVIEW_THRESHOLD"] == 25
    idea_id = factory.idea(support_count=24).id
    supporter = db.session.get(User, factory.user().id)
    idea = db.session.get(Idea, idea_id)
    idea_services.add_support(supporter, idea)
    db.session.commit()
    assert idea.ready_for_review_at is not None


# --- the queue -------------------------------------------------------------------

def queue_ids(page):
    return [int(n) for n in re.findall(r'<tr[^>]*?id="queue-idea-(\d+)"', page)]


def test_the_queue_lists_ideas_awaiting_an_answer_ready_ones_first(app, factory, staff):
    now = utcnow()
    area = factory.area(name="Parks")
    author = factory.user()

    def idea(**extra):
        return factory.idea(author=author, area=area, **extra).id

    old = idea(created_at=now - timedelta(days=40))
    new = idea(created_at=now - timedelta(days=2))
    reviewing = idea(status="under_review", created_at=now - timedelta(days=10))
    ready_late = idea(created_at=now - timedelta(days=50), ready_for_review_at=now - timedelta(days=1))
    ready_early = idea(created_at=now - timedelta(days=5), ready_for_review_at=now - timedelta(days=3))
    for left_out in (dict(status="not_taken_forward"), dict(status="already_planned"),
                     dict(status="promoted"), dict(hidden_at=now, hidden_reason="spam"),
                     dict(withdrawn_at=now)):
        idea(**left_out)
    idea(status="duplicate", duplicate_of_id=new)

    page = text_of(staff.get("/staff"))

    assert queue_ids(page) == [ready_early, ready_late, old, reviewing, new]
    assert "5 ideas awaiting a response" in page
    rows = dict(re.findall(r'<tr[^>]*?id="queue-idea-(\d+)"(.*?)</tr>', page, re.S))
    assert "40 days" in rows[str(old)] and "Overdue" in rows[str(old)]
    assert 'app-overdue' in rows[str(old)]
    assert "1 day" in rows[str(ready_late)] and "Overdue" not in rows[str(ready_late)]
    assert "since it was ready for review" in rows[str(ready_late)]
    assert "2 days" in rows[str(new)] and "Overdue" not in rows[str(new)]
    assert "Under review" in rows[str(reviewing)]


def test_overdue_follows_the_configured_target(app, factory, staff, monkeypatch):
    monkeypatch.setitem(app.config, "RESPONSE_TARGET_DAYS", 5)
    idea = factory.idea(created_at=utcnow() - timedelta(days=6))
    row = re.search(rf'<tr[^>]*?id="queue-idea-{idea.id}".*?</tr>', text_of(staff.get("/staff")), re.S)
    assert "Overdue" in row.group(0)


def test_the_queue_shows_support_counts_and_filters_by_service_area(app, factory, staff):
    parks, libraries = factory.area(name="Parks"), factory.area(name="Libraries")
    in_parks = factory.idea(area=parks, support_count=7)
    in_libraries = factory.idea(area=libraries)

    page = text_of(staff.get(f"/staff?area={parks.id}"))

    assert queue_ids(page) == [in_parks.id]
    row = re.search(rf'<tr[^>]*?id="queue-idea-{in_parks.id}".*?</tr>', page, re.S).group(0)
    assert '<td class="govuk-table__cell">7</td>' in row
    assert in_libraries.id in queue_ids(text_of(staff.get("/staff")))
    assert queue_ids(text_of(staff.get("/staff?area=nonsense"))) != []


def test_the_queue_shows_fifty_ideas_a_page(app, factory, staff):
    area, author = factory.area(), factory.user()
    start = utcnow() - timedelta(days=100)
    ids = [factory.idea(author=author, area=area, created_at=start + timedelta(hours=n)).id
           for n in range(51)]

    first = text_of(staff.get("/staff"))
    second = text_of(staff.get("/staff?page=2"))

    assert queue_ids(first) == ids[:50] and queue_ids(second) == ids[50:]
    assert 'rel="next"' in first and 'rel="prev"' in second and 'rel="next"' not in second


def test_a_long_queue_is_counted_up_to_the_cap(app, factory, staff, monkeypatch):
    monkeypatch.setattr(staff_queries, "COUNT_EXACT_UP_TO", 3)
    for _ in range(4):
        factory.idea()
    assert "More than 3 ideas awaiting a response" in text_of(staff.get("/staff"))
    monkeypatch.setattr(staff_queries, "COUNT_EXACT_UP_TO", 1_000)
    assert re.search(r"\b\d+ ideas awaiting a response", text_of(staff.get("/staff")))


def test_a_page_past_the_end_of_the_queue_still_counts_it(app, factory, staff):
    # The count comes with the page's rows: a page with none counts on its own.
    for _ in range(2):
        factory.idea()
    assert "2 ideas awaiting a response" in text_of(staff.get("/staff"))
    past = text_of(staff.get("/staff?page=3"))
    assert "2 ideas awaiting a response" in past and queue_ids(past) == []


# --- the ideas page filter --------------------------------------------------------

def test_the_ideas_page_filters_by_every_status(app, factory, client):
    page = client.get("/ideas").get_data(as_text=True)
    select_html = re.search(r'<select[^>]*id="filter-status".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="([a-z_]+)"', select_html) == [s.value for s in IdeaStatus]
    assert "Not taken forward" in select_html and "Promoted to a proposal" in select_html

    reviewing = factory.idea(status="under_review", title="Being reviewed")
    factory.idea(title="Just published")
    filtered = text_of(client.get("/ideas?status=under_review"))
    assert "Being reviewed" in filtered and "Just published" not in filtered
    assert re.search(r'<option value="under_review" selected>', filtered)
    assert f'href="/ideas/{reviewing.id}"' in filtered
