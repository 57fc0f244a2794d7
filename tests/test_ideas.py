"""Proposing, editing and withdrawing ideas, as a resident sees it."""
import html
import re

import pytest
from helpers import csrf_token, sign_in, text_of
from sqlalchemy import func, select

from codesign.extensions import db
from codesign.models import Idea, Support


def count(app, model, **where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).filter_by(**where))


def idea_form(area, **changes):
    data = {
        "title": "Open the library on Sundays",
        "description": "Many people **work** on weekdays.",
        "service_area": str(area.id),
        "challenge": "",
        "place": "Central library",
    }
    data.update(changes)
    return data


# --- proposing -------------------------------------------------------------

def test_resident_publishes_an_idea(app, factory, rosa, resident):
    area = factory.area(name="Libraries")
    challenge = factory.challenge(area=area, question="How might we open libraries longer?")
    assert rosa.get("/ideas/new").status_code == 200

    response = rosa.post("/ideas/new", idea_form(area, challenge=str(challenge.id)))

    assert response.status_code == 302
    match = re.fullmatch(r"/ideas/(\d+)", response.headers["Location"])
    assert match
    idea = factory.get(Idea, int(match.group(1)))
    assert idea.title == "Open the library on Sundays"
    assert idea.description == "Many people **work** on weekdays."
    assert idea.service_area_id == area.id
    assert idea.challenge_id == challenge.id
    assert idea.place == "Central library"
    assert idea.author_id == resident.id
    assert idea.status == "published"
    assert idea.created_at is not None and idea.updated_at is not None
    assert idea.withdrawn_at is None and idea.support_count == 0

    page = text_of(rosa.get(response.headers["Location"]))
    assert "Open the library on Sundays" in page
    assert "Many people <strong>work</strong> on weekdays." in page
    assert "Rosa Resident" in page
    assert "How might we open libraries longer?" in page


def test_optional_fields_may_be_left_empty(factory, rosa):
    area = factory.area()
    response = rosa.post("/ideas/new", idea_form(area, place="", challenge=""))
    assert response.status_code == 302
    idea = factory.get(Idea, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert idea.place is None and idea.challenge_id is None


def test_longest_allowed_values_are_accepted(factory, rosa):
    area = factory.area()
    response = rosa.post("/ideas/new", idea_form(
        area, title="t" * 140, description="d" * 10_000, place="p" * 120))
    assert response.status_code == 302
    idea = factory.get(Idea, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert (len(idea.title), len(idea.description), len(idea.place)) == (140, 10_000, 120)


def test_stray_nul_characters_are_dropped_not_a_server_error(factory, rosa):
    # PostgreSQL refuses NUL in text; a pasted one must not cost the resident their idea.
    area = factory.area()
    response = rosa.post("/ideas/new", idea_form(
        area, title="Bus\x00 shelters", description="Roofs\x00 please", place="Stop\x00 12"))
    assert response.status_code == 302
    idea = factory.get(Idea, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert (idea.title, idea.description, idea.place) == ("Bus shelters", "Roofs please", "Stop 12")


BAD_INPUTS = [
    ("title", {"title": ""}, "Enter a title"),
    ("title", {"title": "     "}, "Enter a title"),
    ("title", {"title": "t" * 141}, "140 characters"),
    ("description", {"description": ""}, "Describe your idea"),
    ("description", {"description": "d" * 10_001}, "10000 characters"),
    ("service_area", {"service_area": ""}, "Choose the service"),
    ("service_area", {"service_area": "999999"}, ""),
    ("place", {"place": "p" * 121}, "120 characters"),
]


@pytest.mark.parametrize("field, changes, message", BAD_INPUTS,
                         ids=[f"{f}-{i}" for i, (f, _, _) in enumerate(BAD_INPUTS)])
def test_bad_input_is_explained_beside_the_field_and_nothing_is_saved(
        app, factory, rosa, field, changes, message):
    area = factory.area(name="Parks")
    sent = idea_form(area, **changes)
    response = rosa.post("/ideas/new", sent)

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = re.search(rf'<p[^>]*id="{field}-error"[^>]*>(.*?)</p>', page, re.S)
    assert error, f"no error beside {field}"
    assert message in html.unescape(error.group(1))
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', page, re.S)
    assert summary and f'href="#{field}"' in summary.group(0)
    assert f'id="{field}"' in page
    # What the resident typed is still there.
    for name, value in sent.items():
        if name in ("title", "place") and value.strip():
            assert f'value="{value}"' in page
    if sent["description"]:
        assert sent["description"] in html.unescape(page)
    if field != "service_area":
        assert re.search(rf'<option value="{area.id}" selected>', page) or \
            re.search(rf'<option value="{area.id}" selected>', page)
    assert count(app, Idea) == 0


def test_a_closed_challenge_is_refused_beside_the_challenge_field(app, factory, rosa):
    area = factory.area()
    closed = factory.challenge(area=area, question="How might we do last year's thing?", open_=False)
    form_page = rosa.get("/ideas/new").get_data(as_text=True)
    assert "last year" not in form_page  # closed challenges are not offered

    response = rosa.post("/ideas/new", idea_form(area, challenge=str(closed.id)))

    assert response.status_code == 422
    page = text_of(response)
    error = re.search(r'id="challenge-error"[^>]*>(.*?)</p>', page, re.S)
    assert error and "closed" in error.group(1)
    assert 'href="#challenge"' in page
    assert 'value="Open the library on Sundays"' in page
    assert count(app, Idea) == 0


def test_an_open_challenge_is_accepted(factory, rosa):
    area = factory.area()
    challenge = factory.challenge(area=area)
    response = rosa.post("/ideas/new", idea_form(area, challenge=str(challenge.id)))
    assert response.status_code == 302
    idea = factory.get(Idea, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert idea.challenge_id == challenge.id


# --- editing ---------------------------------------------------------------

def test_author_edits_their_idea(factory, rosa, resident):
    area, other_area = factory.area(), factory.area(name="Waste collection")
    idea = factory.idea(author=resident, area=area, title="Old title")

    page = rosa.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert f'href="/ideas/{idea.id}/edit"' in page
    form = rosa.get(f"/ideas/{idea.id}/edit")
    assert form.status_code == 200 and 'value="Old title"' in form.get_data(as_text=True)

    response = rosa.post(f"/ideas/{idea.id}/edit", idea_form(
        other_area, title="New title", description="Clearer now.", place="Market square"))

    assert response.status_code == 302
    assert response.headers["Location"] == f"/ideas/{idea.id}"
    changed = factory.get(Idea, idea.id)
    assert (changed.title, changed.description, changed.service_area_id, changed.place) == (
        "New title", "Clearer now.", other_area.id, "Market square")
    assert changed.updated_at >= idea.updated_at
    assert changed.created_at == idea.created_at


def test_bad_edit_is_explained_and_changes_nothing(factory, rosa, resident):
    area = factory.area()
    idea = factory.idea(author=resident, area=area, title="Keep me")
    response = rosa.post(f"/ideas/{idea.id}/edit", idea_form(area, title="", place="Typed place"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="title-error"' in page and 'href="#title"' in page
    assert 'value="Typed place"' in page
    assert factory.get(Idea, idea.id).title == "Keep me"


def test_author_keeps_a_challenge_that_has_since_closed_when_editing(factory, rosa, resident):
    area = factory.area()
    closed = factory.challenge(area=area, open_=False)
    idea = factory.idea(author=resident, area=area, challenge_id=closed.id)
    response = rosa.post(f"/ideas/{idea.id}/edit",
                         idea_form(area, title="Edited", challenge=str(closed.id)))
    assert response.status_code == 302
    assert factory.get(Idea, idea.id).challenge_id == closed.id


def _support(browser, idea):
    return browser.post(f"/ideas/{idea.id}/support")


def _comment(browser, idea):
    return browser.post(f"/ideas/{idea.id}/comments", {"body": "I like this."})


@pytest.mark.parametrize("respond", [_support, _comment], ids=["support", "comment"])
def test_author_can_no_longer_edit_once_someone_else_responds(
        app, factory, rosa, resident, browser_for, respond):
    area = factory.area()
    idea = factory.idea(author=resident, area=area, title="Before")
    assert respond(browser_for(factory.user()), idea).status_code == 302

    # The edit button was on her page a moment ago: she is told why, not refused.
    for response in (rosa.get(f"/ideas/{idea.id}/edit"),
                     rosa.post(f"/ideas/{idea.id}/edit", idea_form(area, title="After"))):
        assert response.status_code == 302
        assert response.headers["Location"] == f"/ideas/{idea.id}"
    assert "Others have responded to this idea, so it can no longer be edited." in text_of(
        rosa.get(f"/ideas/{idea.id}"))
    assert factory.get(Idea, idea.id).title == "Before"
    # Withdrawing stays possible.
    assert rosa.post(f"/ideas/{idea.id}/withdraw").status_code == 302


def test_edit_link_disappears_once_someone_else_supports(factory, rosa, resident, browser_for):
    idea = factory.idea(author=resident)
    assert f'href="/ideas/{idea.id}/edit"' in rosa.get(f"/ideas/{idea.id}").get_data(as_text=True)
    _support(browser_for(factory.user()), idea)

    page = text_of(rosa.get(f"/ideas/{idea.id}"))
    assert f"/ideas/{idea.id}/edit" not in page
    assert "can no longer be edited" in page
    assert "Withdraw your idea" in page


def test_authors_own_support_and_comment_do_not_lock_editing(factory, rosa, resident):
    area = factory.area()
    idea = factory.idea(author=resident, area=area)
    assert _support(rosa, idea).status_code == 302
    assert f'href="/ideas/{idea.id}/edit"' in rosa.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert _comment(rosa, idea).status_code == 302

    assert rosa.get(f"/ideas/{idea.id}/edit").status_code == 200
    assert rosa.post(f"/ideas/{idea.id}/edit", idea_form(area, title="Still mine")).status_code == 302
    assert factory.get(Idea, idea.id).title == "Still mine"


# --- withdrawing -----------------------------------------------------------

def test_withdrawn_idea_stays_visible_labelled_and_takes_no_support(
        app, factory, rosa, resident, browser_for):
    idea = factory.idea(author=resident, title="Bins on Mondays")
    assert "Withdraw your idea" in rosa.get(f"/ideas/{idea.id}").get_data(as_text=True)

    response = rosa.post(f"/ideas/{idea.id}/withdraw")

    assert response.status_code == 302 and response.headers["Location"] == f"/ideas/{idea.id}"
    assert factory.get(Idea, idea.id).withdrawn_at is not None
    detail = text_of(rosa.get(f"/ideas/{idea.id}"))
    assert "Bins on Mondays" in detail and "Withdrawn" in detail
    assert "Support this idea" not in detail
    listing = text_of(rosa.get("/ideas"))
    card = re.search(r'<li class="app-card">.*?Bins on Mondays.*?</li>', listing, re.S)
    assert card and "Withdrawn" in card.group(0)

    neighbour = browser_for(factory.user())
    refused = neighbour.post(f"/ideas/{idea.id}/support")
    assert refused.status_code == 302 and refused.headers["Location"] == f"/ideas/{idea.id}#support"
    assert "withdrawn by its author and cannot be supported" in text_of(
        neighbour.get(f"/ideas/{idea.id}"))
    assert count(app, Support) == 0
    assert factory.get(Idea, idea.id).support_count == 0


def test_another_user_cannot_edit_or_withdraw(app, factory, resident, browser_for):
    area = factory.area()
    idea = factory.idea(author=resident, area=area, title="Rosa's idea")
    intruder = browser_for(factory.user())

    page = intruder.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "/edit" not in page and "/withdraw" not in page
    assert intruder.get(f"/ideas/{idea.id}/edit").status_code == 403
    assert intruder.post(f"/ideas/{idea.id}/edit", idea_form(area, title="Mine now")).status_code == 403
    assert intruder.post(f"/ideas/{idea.id}/withdraw").status_code == 403
    unchanged = factory.get(Idea, idea.id)
    assert unchanged.title == "Rosa's idea" and unchanged.withdrawn_at is None


# --- who may act -----------------------------------------------------------

def test_anonymous_visitor_is_sent_to_sign_in(factory, client):
    idea = factory.idea()
    for path, location in [("/ideas/new", "/auth/login?next=%2Fideas%2Fnew"),
                           (f"/ideas/{idea.id}/edit", f"/auth/login?next=%2Fideas%2F{idea.id}%2Fedit")]:
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"] == location


def test_anonymous_posts_are_sent_to_sign_in_and_change_nothing(app, factory, make_client):
    idea = factory.idea()
    client = make_client()
    sign_in(client, factory.user())
    token = csrf_token(client)
    with client.session_transaction() as session:  # signed out, same session
        session.pop("_user_id")
    for action in ("support", "unsupport", "withdraw"):
        response = client.post(f"/ideas/{idea.id}/{action}", data={"csrf_token": token})
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/auth/login?next=")
    assert count(app, Support) == 0
    assert factory.get(Idea, idea.id).withdrawn_at is None


def test_unconfirmed_user_is_told_to_confirm_their_email(app, factory, browser_for):
    idea = factory.idea()
    newcomer = browser_for(factory.user(confirmed=False))
    for response in (newcomer.get("/ideas/new"),
                     newcomer.post("/ideas/new", idea_form(factory.area())),
                     newcomer.post(f"/ideas/{idea.id}/support")):
        assert response.status_code == 403
        main = re.search(r'<main.*</main>', text_of(response), re.S).group(0)
        assert "Confirm your email" in main
        resend = re.search(r'<form method="post" action="/auth/resend".*?</form>', main, re.S)
        assert resend and "Send the confirmation link again" in resend.group(0)
    assert count(app, Idea) == 1 and count(app, Support) == 0


@pytest.mark.parametrize("path", ["/ideas/0", "/ideas/abc", "/ideas/99999999999999999999",
                                  "/ideas/-1", "/ideas/123456"])
def test_unknown_idea_is_a_404_page(factory, client, path):
    factory.idea()
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_unknown_idea_actions_are_404_for_a_signed_in_user(rosa):
    assert rosa.get("/ideas/123456/edit").status_code == 404
    for action in ("support", "unsupport", "withdraw", "edit"):
        assert rosa.post(f"/ideas/123456/{action}").status_code == 404


@pytest.mark.parametrize("answered", [
    {"status": "under_review"},
    {"status": "already_planned"},
])
def test_author_can_no_longer_edit_once_staff_have_answered(factory, rosa, resident, answered):
    idea = factory.idea(author=resident, **answered)
    page = rosa.get(f"/ideas/{idea.id}")
    assert f"/ideas/{idea.id}/edit" not in page.get_data(as_text=True)
    assert rosa.get(f"/ideas/{idea.id}/edit").status_code == 302
    assert "Staff have answered this idea" in text_of(rosa.get(f"/ideas/{idea.id}"))


def test_author_can_no_longer_edit_a_merged_duplicate(factory, rosa, resident):
    target = factory.idea()
    idea = factory.idea(author=resident, status="duplicate", duplicate_of_id=target.id)
    assert rosa.get(f"/ideas/{idea.id}/edit").status_code == 302
    assert "Staff have answered this idea" in text_of(rosa.get(f"/ideas/{idea.id}"))


# --- a button pressed after the state changed: told why, not refused ------------

def test_withdrawing_an_idea_withdrawn_already_says_so(factory, rosa, resident):
    """A second click, or the page open in another tab: a message, not a bare 403."""
    idea = factory.idea(author=resident)
    assert rosa.post(f"/ideas/{idea.id}/withdraw").status_code == 302
    first = factory.get(Idea, idea.id).withdrawn_at

    again = rosa.post(f"/ideas/{idea.id}/withdraw")

    assert again.status_code == 302 and again.headers["Location"] == f"/ideas/{idea.id}"
    assert "This idea is already withdrawn." in text_of(rosa.get(f"/ideas/{idea.id}"))
    assert factory.get(Idea, idea.id).withdrawn_at == first


def test_someone_elses_idea_still_cannot_be_withdrawn_or_edited(factory, browser_for):
    """Nobody was shown those buttons: a bare 403 stays."""
    idea = factory.idea()
    stranger = browser_for(factory.user())
    assert stranger.post(f"/ideas/{idea.id}/withdraw").status_code == 403
    assert stranger.get(f"/ideas/{idea.id}/edit").status_code == 403
    assert factory.get(Idea, idea.id).withdrawn_at is None
