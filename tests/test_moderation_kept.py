"""The moderation queue keeps each entry rendered, with one moderator's
actions under it (codesign/moderation/entries.py, the "queue_entry" kind of
codesign/fragments.py), under every value it shows. Each test views the
queue first, so the entries are kept, then changes one thing straight in the
database (as any route, command or other worker might) and views it again:
the change must show, never the entry kept from before."""
import html as html_text
import re
from datetime import timedelta

import pytest
from helpers import change, csrf_token, kept, text_of
from sqlalchemy import select

from codesign import fragments, templating
from codesign.clock import utcnow
from codesign.deletion.services import delete_account
from codesign.extensions import db
from codesign.models import Appeal, Comment, Idea, Partner, PartnerMember, Report, User


def report(app, reporter, reason="spam", note="", ago=timedelta(0), **target):
    with app.app_context():
        row = Report(reporter_id=reporter.id, reason=reason, note=note,
                     created_at=utcnow() - ago, **target)
        db.session.add(row)
        db.session.commit()
        return row.id


def queue(browser):
    response = browser.get("/moderation")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def entry(html, kind, item_id):
    """An entry's HTML, or None if the queue does not list it."""
    start = f'<li class="app-card" id="queue-{kind}-{item_id}">'
    found = re.search(re.escape(start) + r'.*?</li>\s*(?=<li class="app-card"|</ol>)', html, re.S)
    return found.group(0) if found else None


def words(html, kind, item_id):
    """An entry's text, without its markup."""
    shown = entry(html, kind, item_id)
    assert shown is not None, f"no {kind} {item_id} in the queue"
    return " ".join(html_text.unescape(re.sub(r"<[^>]+>", " ", shown)).split())


def untokened(html):
    return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token"', html)


@pytest.fixture
def reporter(factory):
    return factory.user(name="Rita Reporter")


@pytest.fixture
def reported(app, factory, author, reporter, moderator):
    """An idea with one open report, its entry kept."""
    idea = factory.idea(author=author, title="Benches in the park",
                        description="Sit anywhere you like")
    report(app, reporter, reason="spam", idea_id=idea.id)
    app.extensions[fragments.EXTENSION].clear()  # another test may have kept this very entry
    first = queue(moderator)
    assert kept(app) > 0
    # The second view comes from what was kept, and reads the same but its
    # tokens (signed with the time, so they change from one second to the next).
    assert untokened(entry(queue(moderator), "idea", idea.id)) == untokened(
        entry(first, "idea", idea.id))
    shown = words(first, "idea", idea.id)
    assert "Benches in the park" in shown and "by Ada Author" in shown
    assert "1 open report" in shown and "Rita Reporter" in shown and "Spam" in shown
    return idea


def test_an_entry_shows_its_new_title_and_description(app, moderator, reported):
    change(app, Idea, reported.id, title="Benches by the pond", description="Only by the pond")
    shown = words(queue(moderator), "idea", reported.id)
    assert "Benches by the pond" in shown and "Benches in the park" not in shown
    assert "Only by the pond" in shown and "Sit anywhere" not in shown


def test_an_entry_shows_a_new_report_and_its_reporter(app, factory, moderator, reported):
    report(app, factory.user(name="Rhys Second"), reason="offensive", idea_id=reported.id)
    shown = words(queue(moderator), "idea", reported.id)
    assert "2 open reports" in shown and "Rhys Second" in shown
    assert "Spam: 1" in shown and "Offensive: 1" in shown


def test_an_entry_shows_a_reports_new_reason_and_note(app, moderator, reported):
    with app.app_context():
        report_id = db.session.scalar(select(Report.id).where(Report.idea_id == reported.id))
    change(app, Report, report_id, reason="off_topic")
    shown = words(queue(moderator), "idea", reported.id)
    assert "Spam: 1" not in shown and "Off-topic: 1" in shown
    change(app, Report, report_id, note="It is an advert")
    assert "It is an advert" in words(queue(moderator), "idea", reported.id)
    change(app, Report, report_id, counts_towards_hiding=False)
    assert "does not count towards hiding" in words(queue(moderator), "idea", reported.id)


def test_an_entry_leaves_the_queue_once_its_reports_are_resolved(app, moderator, reported):
    with app.app_context():
        report_id = db.session.scalar(select(Report.id).where(Report.idea_id == reported.id))
    change(app, Report, report_id, resolved_at=utcnow())
    assert entry(queue(moderator), "idea", reported.id) is None


def test_an_entry_shows_it_hidden_and_then_restored(app, moderator, reported):
    change(app, Idea, reported.id, hidden_at=utcnow(), hidden_reason="reported")
    html = queue(moderator)
    shown = words(html, "idea", reported.id)
    assert "Hidden, awaiting review" in shown
    assert "Confirm the hiding, with a reason" in shown and "Restore" in shown
    assert "Dismiss the reports and show it" in shown
    change(app, Idea, reported.id, hidden_reason="offensive")
    shown = words(queue(moderator), "idea", reported.id)
    assert "Hidden, awaiting review" not in shown and "Hidden" in shown
    assert "Hide this" not in shown and "Confirm the hiding" not in shown
    change(app, Idea, reported.id, hidden_at=None, hidden_reason=None)
    shown = words(queue(moderator), "idea", reported.id)
    assert "Hidden" not in shown and "Restore" not in shown and "Hide this" in shown


def test_an_entry_shows_its_authors_new_name_and_their_deletion(app, moderator, author,
                                                                  reported):
    change(app, User, author.id, display_name="Ada Lovelace")
    shown = words(queue(moderator), "idea", reported.id)
    assert "by Ada Lovelace" in shown and "Ada Author" not in shown
    with app.app_context():
        delete_account(db.session.get(User, author.id))
        db.session.commit()
    shown = words(queue(moderator), "idea", reported.id)
    assert "by Former resident" in shown and "Ada Lovelace" not in shown


def test_an_entry_shows_its_reporters_new_name_and_their_deletion(app, moderator, reporter,
                                                                    reported):
    change(app, User, reporter.id, display_name="Rita Renamed")
    shown = words(queue(moderator), "idea", reported.id)
    assert "Rita Renamed" in shown and "Rita Reporter" not in shown
    with app.app_context():
        delete_account(db.session.get(User, reporter.id))
        db.session.commit()
    # Their report stays, from someone no longer named.
    shown = words(queue(moderator), "idea", reported.id)
    assert "Former resident" in shown and "Rita Renamed" not in shown


def test_an_entry_shows_a_reporters_partner_once_confirmed(app, moderator, reporter, reported):
    with app.app_context():
        report_id = db.session.scalar(select(Report.id).where(Report.idea_id == reported.id))
        partner = Partner(name="Friends of the Park", kind="charity", website="",
                          status="pending")
        db.session.add(partner)
        db.session.flush()
        db.session.add(PartnerMember(partner_id=partner.id, user_id=reporter.id))
        db.session.commit()
        partner_id = partner.id
    change(app, Report, report_id, note="An advert")
    shown = words(queue(moderator), "idea", reported.id)
    assert "Rita Reporter (Spam): An advert" in shown and "Friends of the Park" not in shown
    change(app, Partner, partner_id, status="confirmed")
    shown = words(queue(moderator), "idea", reported.id)
    assert "Rita Reporter of Friends of the Park (Spam): An advert" in shown


def test_an_entry_shows_how_long_it_has_waited(app, moderator, reporter, reported):
    with app.app_context():
        report_id = db.session.scalar(select(Report.id).where(Report.idea_id == reported.id))
    change(app, Report, report_id, created_at=utcnow() - timedelta(days=3))
    assert "waiting since 3 days ago" in words(queue(moderator), "idea", reported.id)
    change(app, User, reporter.id, created_at=utcnow() - timedelta(days=40))
    assert "account 1 month old" in words(queue(moderator), "idea", reported.id)


def test_an_entry_shows_its_wait_in_words_as_time_passes(app, moderator, monkeypatch,
                                                          reported):
    """Nothing in the database changes: only the words for the time do. (An
    item hidden by reports that a moderator has not looked at, with no open
    report, so that the wait is the only time it shows.)"""
    with app.app_context():
        report_id = db.session.scalar(select(Report.id).where(Report.idea_id == reported.id))
    change(app, Report, report_id, resolved_at=utcnow())
    change(app, Idea, reported.id, hidden_at=utcnow(), hidden_reason="reported")
    shown = words(queue(moderator), "idea", reported.id)
    assert "0 open reports" in shown and "waiting since 3 days ago" not in shown
    later = utcnow() + timedelta(days=3)
    monkeypatch.setattr(templating, "utcnow", lambda: later)
    assert "waiting since 3 days ago" in words(queue(moderator), "idea", reported.id)


def test_an_entry_marks_the_language_its_text_is_written_in(app, moderator, reported):
    assert '<blockquote lang="en">' in entry(queue(moderator), "idea", reported.id)
    change(app, Idea, reported.id, language="cy")
    assert '<blockquote lang="cy">' in entry(queue(moderator), "idea", reported.id)


def test_an_entry_kept_in_english_is_not_shown_in_welsh(app, moderator, reported):
    assert moderator.get("/language/cy?next=/moderation").status_code == 302
    shown = words(queue(moderator), "idea", reported.id)
    assert "1 adroddiad agored" in shown and "open report" not in shown


def test_a_comment_entry_shows_its_new_text_its_ideas_title_and_its_deletion(
        app, factory, author, reporter, moderator, reported):
    comment = factory.comment(reported, author, body="Nobody sits there")
    report(app, reporter, comment_id=comment.id)
    shown = words(queue(moderator), "comment", comment.id)
    assert "Comment by Ada Author on the idea Benches in the park" in shown
    assert "Nobody sits there" in shown
    change(app, Idea, reported.id, title="Benches by the pond")
    assert "on the idea Benches by the pond" in words(queue(moderator), "comment", comment.id)
    change(app, Comment, comment.id, body="Everybody sits there")
    shown = words(queue(moderator), "comment", comment.id)
    assert "Everybody sits there" in shown and "Nobody" not in shown
    change(app, Comment, comment.id, deleted_at=utcnow())
    assert "Deleted by its author" in words(queue(moderator), "comment", comment.id)


def test_an_account_entry_shows_it_blocked_and_unblocked(app, factory, reporter, moderator):
    troll = factory.user(name="Troy Troll")
    report(app, reporter, user_id=troll.id)
    shown = words(queue(moderator), "user", troll.id)
    assert "Account: Troy Troll" in shown and "Block Troy Troll" in shown
    assert "Unblock" not in shown
    change(app, User, troll.id, blocked_at=utcnow())
    shown = words(queue(moderator), "user", troll.id)
    assert "Blocked" in shown and "Unblock" in shown and "Block Troy Troll" not in shown
    change(app, User, troll.id, blocked_at=None, display_name="Troy Reformed")
    shown = words(queue(moderator), "user", troll.id)
    assert "Account: Troy Reformed" in shown and "Unblock" not in shown


def test_each_moderator_gets_their_own_form_tokens(app, factory, browser_for, reported):
    """Two moderators, one kept entry: each page carries its own session's
    token, and each moderator's form is accepted."""
    first = browser_for(factory.user(name="Mona Moderator", role="moderator"))
    second = browser_for(factory.user(name="Max Moderator", role="moderator"))
    tokens = []
    for browser in (first, second):
        shown = entry(queue(browser), "idea", reported.id)
        found = set(re.findall(r'name="csrf_token" value="([^"]+)"', shown))
        assert len(found) == 1 and "form-token" not in shown
        tokens.append(found.pop())
    assert tokens[0] != tokens[1]
    assert tokens == [csrf_token(first.client, "/moderation"),
                      csrf_token(second.client, "/moderation")]
    response = second.client.post(f"/moderation/ideas/{reported.id}/dismiss",
                                  data={"csrf_token": tokens[1], "next": "/moderation"})
    assert response.status_code == 302
    assert entry(queue(first), "idea", reported.id) is None


def test_a_moderator_cannot_act_on_their_own_whoever_saw_it_first(app, factory, browser_for,
                                                                   reporter, moderator):
    mine = factory.user(name="Mira Moderator", role="moderator")
    idea = factory.idea(author=mine, title="A moderator's idea")
    report(app, reporter, idea_id=idea.id)
    shown = words(queue(moderator), "idea", idea.id)
    assert "Hide this" in shown and "another moderator must decide" not in shown
    shown = words(queue(browser_for(mine)), "idea", idea.id)
    assert "Hide this" not in shown and "Dismiss the reports" not in shown
    assert "You wrote this, so another moderator must decide on it." in shown


def test_an_appeal_shows_up_and_goes_once_decided(app, factory, author, moderator, reported):
    change(app, Idea, reported.id, hidden_at=utcnow(), hidden_reason="offensive")
    assert "No appeals are waiting." in text_of(moderator.get("/moderation"))
    with app.app_context():
        appeal = Appeal(author_id=author.id, idea_id=reported.id, text="It was a fair idea")
        db.session.add(appeal)
        db.session.commit()
        appeal_id = appeal.id
    shown = text_of(moderator.get("/moderation"))
    assert "It was a fair idea" in shown and "No appeals are waiting." not in shown
    change(app, Appeal, appeal_id, decided_at=utcnow(), outcome="upheld")
    shown = text_of(moderator.get("/moderation"))
    assert "It was a fair idea" not in shown and "No appeals are waiting." in shown


def test_a_resident_never_sees_the_queue(app, factory, browser_for, moderator, reported):
    resident = browser_for(factory.user(name="Rosa Resident"))
    response = resident.get("/moderation")
    assert response.status_code == 403
    assert "Rita Reporter" not in text_of(response)
