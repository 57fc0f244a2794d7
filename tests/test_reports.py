"""Reporting ideas, comments and people, and the hiding that enough reports
bring, as residents and authors see it."""
from datetime import timedelta

import pytest
from helpers import count, text_of
from sqlalchemy import select

from codesign.clock import utcnow
from codesign.extensions import db
from codesign.ideas.services import recount
from codesign.models import (
    Comment,
    Idea,
    ModerationAction,
    Notification,
    Proposal,
    Report,
    User,
)


@pytest.fixture
def comment(factory, idea, author):
    return factory.comment(idea, author, "Benches **everywhere**")


def report(browser, path, reason="spam", note=""):
    return browser.post(path, data={"reason": reason, "note": note})


def test_a_resident_reports_an_idea_once(app, factory, idea, browser_for):
    rosa = browser_for(factory.user(name="Rosa"))
    form = rosa.get(f"/ideas/{idea.id}/report")
    assert form.status_code == 200
    page = text_of(form)
    assert "Report this idea" in page and "Benches in the park" in page
    assert 'type="radio"' in page and 'value="personal_information"' in page

    first = report(rosa, f"/ideas/{idea.id}/report", "offensive", "Rude words in it")
    assert first.status_code == 302 and first.headers["Location"] == f"/ideas/{idea.id}"
    assert "A moderator will look at your report" in text_of(rosa.get(first.headers["Location"]))

    again = report(rosa, f"/ideas/{idea.id}/report", "spam")
    assert again.status_code == 302
    assert "You have already reported this" in text_of(rosa.get(again.headers["Location"]))
    with app.app_context():
        [stored] = db.session.scalars(select(Report)).all()
        assert (stored.idea_id, stored.reason, stored.note) == (idea.id, "offensive", "Rude words in it")
    # Coming back to the form says so too, instead of offering it again.
    reopened = rosa.get(f"/ideas/{idea.id}/report")
    assert reopened.status_code == 302
    assert "You have already reported this" in text_of(rosa.get(reopened.headers["Location"]))


def test_comments_and_people_can_be_reported(app, factory, idea, comment, author, browser_for):
    rosa = browser_for(factory.user())
    assert report(rosa, f"/comments/{comment.id}/report").headers["Location"] == (
        f"/ideas/{idea.id}?comment={comment.id}#comment-{comment.id}")
    answer = report(rosa, f"/users/{author.id}/report?next=/ideas/{idea.id}", "other", "Spams every idea")
    assert answer.headers["Location"] == f"/ideas/{idea.id}"
    assert count(app, Report, Report.comment_id == comment.id) == 1
    assert count(app, Report, Report.user_id == author.id, Report.note == "Spams every idea") == 1


def test_report_links_sit_beside_the_idea_its_author_and_each_comment(factory, idea, comment, author,
                                                                      browser_for):
    page = text_of(browser_for(factory.user()).get(f"/ideas/{idea.id}"))
    assert f'href="/ideas/{idea.id}/report"' in page
    assert f'href="/comments/{comment.id}/report"' in page
    assert f'href="/users/{author.id}/report?next=/ideas/{idea.id}"' in page
    own = text_of(browser_for(author).get(f"/ideas/{idea.id}"))
    assert "/report" not in own


def test_nobody_reports_their_own_content_themselves_or_what_is_gone(app, factory, idea, comment, author,
                                                                     browser_for):
    ada = browser_for(author)
    for path in (f"/ideas/{idea.id}/report", f"/comments/{comment.id}/report", f"/users/{author.id}/report"):
        assert ada.get(path).status_code == 403
        assert report(ada, path).status_code == 403
    hidden = factory.idea(hidden_at=utcnow(), hidden_reason="spam")
    with app.app_context():
        db.session.get(Comment, comment.id).deleted_at = utcnow()
        db.session.commit()
    rosa = browser_for(factory.user())
    assert report(rosa, f"/ideas/{hidden.id}/report").status_code == 403
    assert report(rosa, f"/comments/{comment.id}/report").status_code == 403
    assert count(app, Report) == 0


def test_a_comment_is_as_unseen_as_what_it_is_on(app, factory, author, browser_for, staff):
    """Issue 10.8: a comment on a hidden idea could be read on its report page."""
    hidden = factory.idea(author=author, title="Hidden idea")
    on_hidden = factory.comment(hidden, factory.user(), "Secret words under a hidden idea")
    writer = factory.user(role="staff")
    with app.app_context():
        db.session.get(Idea, hidden.id).hidden_at = utcnow()
        db.session.get(Idea, hidden.id).hidden_reason = "spam"
        proposal = Proposal(title="Draft", problem="P", proposed_change="C", expected_benefits="B",
                            who_it_affects="W", cost_band="unknown",
                            service_area_id=hidden.service_area_id, responsible_team="T",
                            status="draft", decision_due=utcnow().date(),
                            created_by_id=writer.id)
        db.session.add(proposal)
        db.session.flush()
        on_draft = Comment(proposal_id=proposal.id, author_id=author.id, body="Draft words")
        db.session.add(on_draft)
        db.session.commit()
        on_draft_id = on_draft.id
    rosa = browser_for(factory.user())
    for comment_id in (on_hidden.id, on_draft_id):
        page = rosa.get(f"/comments/{comment_id}/report")
        assert page.status_code == 404
        assert "Secret words" not in text_of(page) and "Draft words" not in text_of(page)
        assert report(rosa, f"/comments/{comment_id}/report").status_code == 404
    assert count(app, Report) == 0
    # Who may see the idea or the draft still meets the comment there.
    assert "Draft words" in text_of(staff.get(f"/comments/{on_draft_id}/report"))


def test_an_account_never_confirmed_cannot_be_reported(app, factory, browser_for):
    """Issue 10.15: it has shown nothing to anyone."""
    unconfirmed = factory.user(confirmed=False)
    rosa = browser_for(factory.user())
    assert rosa.get(f"/users/{unconfirmed.id}/report").status_code == 404
    assert report(rosa, f"/users/{unconfirmed.id}/report").status_code == 404
    assert count(app, Report) == 0


def test_only_confirmed_unblocked_residents_report(app, factory, idea, client, browser_for):
    answer = client.get(f"/ideas/{idea.id}/report")
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/auth/login")
    unconfirmed = browser_for(factory.user(confirmed=False))
    assert report(unconfirmed, f"/ideas/{idea.id}/report").status_code == 403
    blocked = factory.user()
    with app.app_context():
        db.session.get(User, blocked.id).blocked_at = utcnow()
        db.session.commit()
    refused = report(browser_for(blocked), f"/ideas/{idea.id}/report")
    assert refused.status_code == 403 and "Your account is blocked" in text_of(refused)
    assert count(app, Report) == 0
    assert browser_for(factory.user()).get("/ideas/999999/report").status_code == 404


def test_a_report_needs_a_reason_and_a_short_note(app, factory, idea, browser_for):
    rosa = browser_for(factory.user())
    missing = report(rosa, f"/ideas/{idea.id}/report", reason="", note="Kept as typed")
    assert missing.status_code == 422
    page = text_of(missing)
    assert "<title>Error:" in page and "Choose why you are reporting this" in page
    assert "Kept as typed" in page
    made_up = report(rosa, f"/ideas/{idea.id}/report", reason="boring")
    assert made_up.status_code == 422
    too_long = report(rosa, f"/ideas/{idea.id}/report", note="x" * 2001)
    assert too_long.status_code == 422 and "2000 characters or fewer" in text_of(too_long)
    assert count(app, Report) == 0


def reporters(factory, browser_for, n):
    return [browser_for(factory.user()) for _ in range(n)]


def test_three_reports_from_different_people_hide_an_idea(app, trusting, factory, idea, author, browser_for):
    for rosa in reporters(factory, browser_for, 3):
        report(rosa, f"/ideas/{idea.id}/report")

    hidden = factory.get(Idea, idea.id)
    assert hidden.hidden_at is not None and hidden.hidden_reason == "reported"
    with app.app_context():
        [action] = db.session.scalars(select(ModerationAction)).all()
        assert (action.action, action.actor_id, action.idea_id) == ("auto_hide", None, idea.id)
        [told] = db.session.scalars(select(Notification)).all()
        assert (told.user_id, told.kind, told.idea_id) == (author.id, "content_hidden", idea.id)
    # Hidden from everyone else, at once.
    assert "Benches in the park" not in text_of(browser_for(factory.user()).get("/ideas"))
    placeholder = text_of(browser_for(factory.user()).get(f"/ideas/{idea.id}"))
    assert "hidden while a moderator reviews it" in placeholder and "A **better** way" not in placeholder


def test_two_reports_do_not_hide_and_one_person_counts_once(app, factory, idea, browser_for):
    rosa, sam = reporters(factory, browser_for, 2)
    report(rosa, f"/ideas/{idea.id}/report")
    report(rosa, f"/ideas/{idea.id}/report", "offensive")
    report(sam, f"/ideas/{idea.id}/report")
    assert factory.get(Idea, idea.id).hidden_at is None
    assert count(app, Report) == 2 and count(app, ModerationAction) == 0


def test_the_threshold_is_a_setting(app, trusting, factory, idea, browser_for, monkeypatch):
    monkeypatch.setitem(app.config, "REPORT_HIDE_THRESHOLD", 2)
    for rosa in reporters(factory, browser_for, 2):
        report(rosa, f"/ideas/{idea.id}/report")
    assert factory.get(Idea, idea.id).hidden_reason == "reported"


def test_a_comment_hidden_by_reports_leaves_the_count(app, trusting, factory, idea, comment, author,
                                                      browser_for):
    for rosa in reporters(factory, browser_for, 3):
        report(rosa, f"/comments/{comment.id}/report")
    assert factory.get(Comment, comment.id).hidden_reason == "reported"
    assert factory.get(Idea, idea.id).comment_count == 0
    with app.app_context():
        assert recount(db.session.get(Idea, idea.id)) == (0, 0)
        [told] = db.session.scalars(select(Notification)).all()
        assert (told.kind, told.comment_id, told.user_id) == ("content_hidden", comment.id, author.id)
    page = text_of(browser_for(factory.user()).get(f"/ideas/{idea.id}"))
    assert "Comment hidden by a moderator" in page and "Benches <strong>everywhere</strong>" not in page
    assert "0 comments" in page


def test_reported_people_are_listed_not_blocked(app, factory, author, browser_for):
    for rosa in reporters(factory, browser_for, 3):
        report(rosa, f"/users/{author.id}/report")
    assert factory.get(User, author.id).blocked_at is None
    queue = text_of(browser_for(factory.user(role="moderator")).get("/moderation"))
    assert "Account: Ada Author" in queue and "3 open reports" in queue


# --- issue 10.5: earned trust -----------------------------------------------------------

def aged(app, user, hours):
    """The account, registered and confirmed this many hours ago."""
    with app.app_context():
        row = db.session.get(User, user.id)
        row.created_at = row.confirmed_at = utcnow() - timedelta(hours=hours)
        db.session.commit()
    return user


def taking_part(factory, users):
    """One proposes, one supports, one comments: each way of taking part."""
    elsewhere = factory.idea(title="Somewhere else")
    factory.idea(author=users[0], title="Their own idea")
    factory.support(elsewhere, users[1])
    factory.comment(elsewhere, users[2])


def test_three_throwaway_accounts_do_not_hide_an_idea(app, factory, idea, browser_for):
    """The attack: three accounts registered for it report someone's idea."""
    for rosa in reporters(factory, browser_for, 3):
        report(rosa, f"/ideas/{idea.id}/report")
    assert factory.get(Idea, idea.id).hidden_at is None
    assert count(app, Report, Report.counts_towards_hiding.is_(False)) == 3
    queue = text_of(browser_for(factory.user(role="moderator")).get("/moderation"))
    assert "Benches in the park" in queue and "3 open reports" in queue


@pytest.mark.parametrize("hours, take_part, hidden", [
    (25, True, True),     # confirmed over a day ago, and took part
    (25, False, False),   # old enough, but never took part
    (2, True, False),     # took part, but confirmed two hours ago
])
def test_reports_hide_only_from_accounts_confirmed_a_day_that_took_part(
        app, factory, idea, browser_for, hours, take_part, hidden):
    people = [aged(app, factory.user(), hours) for _ in range(3)]
    if take_part:
        taking_part(factory, people)
    for person in people:
        report(browser_for(person), f"/ideas/{idea.id}/report")
    assert (factory.get(Idea, idea.id).hidden_at is not None) == hidden
    assert count(app, Report) == 3


def test_trust_is_two_settings(app, factory, idea, browser_for, monkeypatch):
    assert (app.config["REPORT_TRUST_AFTER_HOURS"],
            app.config["REPORT_TRUST_NEEDS_PARTICIPATION"]) == (24, True)
    monkeypatch.setitem(app.config, "REPORT_TRUST_AFTER_HOURS", 1)
    monkeypatch.setitem(app.config, "REPORT_TRUST_NEEDS_PARTICIPATION", False)
    for person in [aged(app, factory.user(), 2) for _ in range(3)]:
        report(browser_for(person), f"/ideas/{idea.id}/report")
    assert factory.get(Idea, idea.id).hidden_reason == "reported"


def test_a_trusted_report_does_not_count_the_untrusted_ones_before_it(
        app, factory, idea, browser_for):
    fresh = reporters(factory, browser_for, 2)
    for rosa in fresh:
        report(rosa, f"/ideas/{idea.id}/report")
    trusted = aged(app, factory.user(), 48)
    taking_part(factory, [trusted] * 3)
    report(browser_for(trusted), f"/ideas/{idea.id}/report")
    assert factory.get(Idea, idea.id).hidden_at is None
