"""Moderators at work: the queue, hiding and restoring, dismissing reports,
blocking accounts, and the log that records all of it."""
import html
import re
from datetime import timedelta

import pytest
from helpers import count, csrf_token, sign_in, text_of
from sqlalchemy import select

from codesign.clock import utcnow
from codesign.exceptions import DomainError
from codesign.extensions import db
from codesign.ideas.services import recount
from codesign.models import (
    Comment,
    Idea,
    ModerationAction,
    Notification,
    Report,
    User,
)
from codesign.moderation import routes as moderation_routes
from codesign.moderation import services


@pytest.fixture
def idea(factory, author):
    return factory.idea(author=author, title="Benches in the park", description="Sit *anywhere*")


def add_reports(app, factory, n, ago=timedelta(0), reason="spam", note="", **target):
    with app.app_context():
        for i in range(n):
            db.session.add(Report(reporter_id=factory.user().id, reason=reason, note=note,
                                  created_at=utcnow() - ago - timedelta(seconds=i), **target))
        db.session.commit()


def actions(app):
    with app.app_context():
        return [(a.action, a.actor_id, a.idea_id, a.comment_id, a.user_id, a.reason, a.note)
                for a in db.session.scalars(select(ModerationAction).order_by(ModerationAction.id))]


def flashed(browser, response):
    assert response.status_code == 302, response.status_code
    return text_of(browser.get(response.headers["Location"]))


def hide(browser, path, reason="offensive", note="Please keep it civil", next_url="/moderation"):
    return browser.post(path, data={"reason": reason, "note": note, "next": next_url})


def test_residents_and_visitors_are_kept_out_of_moderation(app, factory, idea, author, client, browser_for):
    comment_id = factory.comment(idea, author).id
    rosa = browser_for(factory.user())
    for path in ("/moderation", "/moderation/log"):
        assert rosa.get(path).status_code == 403
        assert client.get(path).headers["Location"].startswith("/auth/login")
    posts = [f"/moderation/ideas/{idea.id}/{a}" for a in ("hide", "restore", "dismiss")]
    posts += [f"/moderation/comments/{comment_id}/{a}" for a in ("hide", "restore", "dismiss")]
    posts += [f"/moderation/users/{author.id}/{a}" for a in ("block", "unblock", "dismiss")]
    posts += ["/moderation/appeals/1/decide"]
    for path in posts:
        assert hide(rosa, path).status_code == 403, path
    assert factory.get(Idea, idea.id).hidden_at is None
    assert factory.get(User, author.id).blocked_at is None
    assert actions(app) == []


def test_the_queue_puts_most_reported_first_then_longest_waiting(app, factory, moderator, author):
    few = factory.idea(author=author, title="One report, old")
    many = factory.idea(author=author, title="Three reports")
    same_newer = factory.idea(author=author, title="One report, new")
    add_reports(app, factory, 1, ago=timedelta(days=2), idea_id=few.id)
    add_reports(app, factory, 3, idea_id=many.id)
    add_reports(app, factory, 1, ago=timedelta(hours=1), idea_id=same_newer.id,
                reason="personal_information", note="Has my <b>phone</b> number")
    page = text_of(moderator.get("/moderation"))
    titles = re.findall(r'id="queue-idea-\d+-title">Idea: <a class="govuk-link" href="[^"]+">([^<]+)<', page)
    assert titles == ["Three reports", "One report, old", "One report, new"]
    assert "Spam: 3" in page and "Personal information: 1" in page
    assert "(Personal information): Has my <b>phone</b> number" in page
    # A reporter's note is shown as text, never as markup.
    assert "Has my &lt;b&gt;phone&lt;/b&gt; number" in moderator.get("/moderation").get_data(as_text=True)


def test_the_queue_shows_a_page_at_a_time(app, factory, moderator, author):
    per_page = app.config["MODERATION_PER_PAGE"]
    ideas = [factory.idea(author=author, title=f"Reported {n:02d}") for n in range(per_page + 2)]
    for n, idea in enumerate(ideas):  # the first made has waited longest
        add_reports(app, factory, 1, ago=timedelta(hours=len(ideas) - n), idea_id=idea.id)

    def titles(page):
        return re.findall(r'id="queue-idea-\d+-title">Idea: <a [^>]*href="[^"]+">([^<]+)<', page)

    first = text_of(moderator.get("/moderation"))
    assert titles(first) == [f"Reported {n:02d}" for n in range(per_page)]
    assert 'href="/moderation?page=2" rel="next"' in first and 'rel="prev"' not in first
    second = text_of(moderator.get("/moderation?page=2"))
    assert titles(second) == [f"Reported {n:02d}" for n in (per_page, per_page + 1)]
    assert 'href="/moderation?page=1" rel="prev"' in second and 'rel="next"' not in second
    assert "Page 2" in second
    # Acting from the second page comes back to it.
    assert set(re.findall(r'name="next" value="([^"]+)"', second)) == {"/moderation?page=2"}


def test_queue_rows_show_comments_people_and_items_hidden_pending_review(
        app, factory, moderator, idea, author):
    comment_id = factory.comment(idea, author, body="Buy <script>pills</script>").id
    add_reports(app, factory, 2, comment_id=comment_id, reason="spam")
    add_reports(app, factory, 1, user_id=author.id, reason="other", note="Posts adverts")
    pending = factory.idea(author=author, title="Hidden by reports", hidden_at=utcnow(),
                           hidden_reason="reported")
    raw = moderator.get("/moderation").get_data(as_text=True)
    assert "Buy &lt;script&gt;pills&lt;/script&gt;" in raw and "<script>pills" not in raw
    page = html.unescape(raw)
    assert "Comment by Ada Author" in page and "Account: Ada Author" in page
    assert "Hidden by reports" in page and "Hidden, awaiting review" in page
    assert f'action="/moderation/comments/{comment_id}/hide"' in page
    assert f'action="/moderation/users/{author.id}/block"' in page
    assert f'action="/moderation/ideas/{pending.id}/dismiss"' in page
    # Every hide and block form offers the same reasons, in words.
    menus = re.findall(
        r'<select[^>]*id="(?:hide-idea|hide-comment|block-user)-\d+-reason" name="reason">(.*?)</select>',
        page, re.S)
    assert len(menus) == 3
    for menu in menus:
        assert re.findall(r'<option value="([a-z_]*)">', menu) == [
            "", "spam", "offensive", "off_topic", "personal_information", "other"]
        assert ">Spam or advertising<" in menu and ">Something else<" in menu


def test_hiding_an_idea(app, factory, moderator, idea, author, browser_for):
    add_reports(app, factory, 1, idea_id=idea.id)
    answer = hide(moderator, f"/moderation/ideas/{idea.id}/hide", next_url=f"/ideas/{idea.id}")
    assert answer.headers["Location"] == f"/ideas/{idea.id}"
    assert "It is hidden" in flashed(moderator, answer)

    hidden = factory.get(Idea, idea.id)
    assert (hidden.hidden_reason, hidden.hidden_note) == ("offensive", "Please keep it civil")
    moderator_id = actions(app)[0][1]
    assert actions(app) == [("hide", moderator_id, idea.id, None, None, "offensive", "Please keep it civil")]
    assert count(app, Report, Report.resolved_at.is_(None)) == 0
    assert count(app, Notification, Notification.user_id == author.id,
                 Notification.kind == "content_hidden") == 1

    visitor = browser_for(factory.user())
    assert "Benches in the park" not in text_of(visitor.get("/ideas"))
    assert all(item["id"] != idea.id for item in visitor.get("/api/v1/ideas").get_json()["items"])
    assert visitor.get(f"/api/v1/ideas/{idea.id}").status_code == 404
    placeholder = text_of(visitor.get(f"/ideas/{idea.id}"))
    assert "hidden by a moderator" in placeholder and "Sit" not in placeholder
    for viewer in (browser_for(author), moderator):
        page = text_of(viewer.get(f"/ideas/{idea.id}"))
        assert "Sit <em>anywhere</em>" in page
        assert "Reason: Offensive" in page and "Please keep it civil" in page


def test_hiding_what_is_hidden_or_restoring_what_is_shown_changes_nothing(app, factory, moderator, idea):
    hide(moderator, f"/moderation/ideas/{idea.id}/hide")
    again = hide(moderator, f"/moderation/ideas/{idea.id}/hide", reason="spam", note="Replayed")
    assert "This is already hidden." in flashed(moderator, again)
    assert factory.get(Idea, idea.id).hidden_reason == "offensive"

    assert moderator.post(f"/moderation/ideas/{idea.id}/restore").status_code == 302
    shown = factory.get(Idea, idea.id)
    assert shown.hidden_at is None and shown.hidden_reason is None
    replay = moderator.post(f"/moderation/ideas/{idea.id}/restore")
    assert "This is not hidden" in flashed(moderator, replay)
    assert [row[0] for row in actions(app)] == ["hide", "restore"]


def test_a_hide_form_with_a_problem_comes_back_with_what_was_typed(app, moderator, idea):
    answer = hide(moderator, f"/moderation/ideas/{idea.id}/hide", reason="", note="My typed note")
    assert answer.status_code == 422
    page = text_of(answer)
    assert "<title>Error: Hide this idea" in page and "Choose a reason" in page
    assert "My typed note" in page
    assert actions(app) == []


def test_dismissing_reports(app, factory, moderator, idea, author):
    add_reports(app, factory, 2, idea_id=idea.id)
    answer = moderator.post(f"/moderation/ideas/{idea.id}/dismiss", data={"next": "/moderation"})
    assert "The reports are dismissed" in flashed(moderator, answer)
    assert count(app, Report, Report.resolved_at.is_(None)) == 0 and count(app, Report) == 2
    assert factory.get(Idea, idea.id).hidden_at is None
    assert "Benches in the park" not in text_of(moderator.get("/moderation"))

    replay = moderator.post(f"/moderation/ideas/{idea.id}/dismiss")
    assert "There are no open reports on this." in flashed(moderator, replay)
    assert [row[0] for row in actions(app)] == ["dismiss"]


def test_dismissing_reports_shows_again_what_reports_hid(app, factory, moderator, author):
    pending = factory.idea(author=author, hidden_at=utcnow(), hidden_reason="reported")
    add_reports(app, factory, 3, idea_id=pending.id)
    moderator.post(f"/moderation/ideas/{pending.id}/dismiss")
    assert factory.get(Idea, pending.id).hidden_at is None
    assert count(app, Notification, Notification.kind == "content_restored",
                 Notification.user_id == author.id) == 1


def test_confirming_a_hiding_by_reports_gives_it_a_reason(app, factory, moderator, author):
    pending = factory.idea(author=author, hidden_at=utcnow(), hidden_reason="reported")
    add_reports(app, factory, 3, idea_id=pending.id)
    hide(moderator, f"/moderation/ideas/{pending.id}/hide", reason="spam", note="Advert")
    confirmed = factory.get(Idea, pending.id)
    assert (confirmed.hidden_reason, confirmed.hidden_note) == ("spam", "Advert")
    assert count(app, Report, Report.resolved_at.is_(None)) == 0
    assert "Nothing to review" in text_of(moderator.get("/moderation"))


def test_comment_counts_follow_hiding_and_restoring(app, factory, moderator, idea, author, browser_for):
    shown = factory.comment(idea, author, body="Shown **text**").id
    deleted = factory.comment(idea, author, body="Deleted text").id
    with app.app_context():
        db.session.get(Comment, deleted).deleted_at = utcnow()
        db.session.execute(db.update(Idea).where(Idea.id == idea.id).values(comment_count=1))
        db.session.commit()

    def counts():
        with app.app_context():
            return factory.get(Idea, idea.id).comment_count, recount(db.session.get(Idea, idea.id))[1]

    hide(moderator, f"/moderation/comments/{shown}/hide", next_url=f"/ideas/{idea.id}#comment-{shown}")
    assert counts() == (0, 0)
    hide(moderator, f"/moderation/comments/{deleted}/hide")
    assert counts() == (0, 0)
    visitor = text_of(browser_for(factory.user()).get(f"/ideas/{idea.id}"))
    assert "Comment hidden by a moderator" in visitor and "Shown <strong>text</strong>" not in visitor
    own = text_of(browser_for(author).get(f"/ideas/{idea.id}"))
    assert "Shown <strong>text</strong>" in own and "Please keep it civil" in own
    assert f'href="/moderation/comments/{shown}/appeal"' in own

    moderator.post(f"/moderation/comments/{shown}/restore")
    assert counts() == (1, 1)
    moderator.post(f"/moderation/comments/{deleted}/restore")
    assert counts() == (1, 1)
    assert "Shown <strong>text</strong>" in text_of(browser_for(factory.user()).get(f"/ideas/{idea.id}"))


def test_moderators_find_their_tools_beside_the_item(app, factory, moderator, idea, author, browser_for):
    comment_id = factory.comment(idea, author).id
    page = text_of(moderator.get(f"/ideas/{idea.id}"))
    assert f'action="/moderation/ideas/{idea.id}/hide"' in page
    assert f'action="/moderation/comments/{comment_id}/hide"' in page
    assert f'action="/moderation/users/{author.id}/block"' in page
    resident = text_of(browser_for(factory.user()).get(f"/ideas/{idea.id}"))
    assert "/moderation/" not in resident


def test_blocking_signs_out_and_stops_posting_but_not_reading(
        app, factory, moderator, author, make_client, idea):
    old_session = make_client()
    sign_in(old_session, author)
    assert old_session.get("/ideas/new").status_code == 200
    answer = moderator.post(f"/moderation/users/{author.id}/block",
                            data={"reason": "spam", "note": "Adverts", "next": "/moderation"})
    assert "blocked and signed out everywhere" in flashed(moderator, answer)

    blocked = factory.get(User, author.id)
    assert blocked.blocked_at is not None and blocked.session_token != author.session_token
    assert old_session.get("/ideas/new").headers["Location"].startswith("/auth/login")

    again = make_client()
    sign_in(again, blocked)
    assert again.get("/ideas").status_code == 200
    assert again.get(f"/ideas/{idea.id}").status_code == 200
    token = csrf_token(again)
    other = factory.idea()
    for path in ("/ideas/new", f"/ideas/{other.id}/support", f"/ideas/{other.id}/comments",
                 f"/ideas/{other.id}/report"):
        refused = again.post(path, data={"csrf_token": token, "body": "x", "reason": "spam"})
        assert refused.status_code == 403, path
        assert "Your account is blocked" in text_of(refused)

    replay = moderator.post(f"/moderation/users/{author.id}/block", data={"reason": "spam"})
    assert "already blocked" in flashed(moderator, replay)
    assert moderator.post(f"/moderation/users/{author.id}/unblock").status_code == 302
    assert factory.get(User, author.id).blocked_at is None
    assert "is not blocked" in flashed(moderator, moderator.post(f"/moderation/users/{author.id}/unblock"))
    assert [row[0] for row in actions(app)] == ["block", "unblock"]


def test_moderators_cannot_block_themselves_or_their_peers(app, factory, moderator, browser_for):
    peer = factory.user(role="moderator")
    me = factory.user(role="moderator")
    me_browser = browser_for(me)
    for target in (peer, me):
        refused = me_browser.post(f"/moderation/users/{target.id}/block", data={"reason": "spam"})
        assert refused.status_code == 403
    admin = browser_for(factory.user(role="admin"))
    assert admin.post(f"/moderation/users/{peer.id}/block", data={"reason": "spam"}).status_code == 302
    assert factory.get(User, peer.id).blocked_at is not None
    assert moderator.post("/moderation/users/999999/block", data={"reason": "spam"}).status_code == 404


def test_the_log_lists_every_action_newest_first_fifty_a_page(app, factory, moderator, author):
    pending = factory.idea(author=author, title="Hidden by reports", hidden_at=utcnow(),
                           hidden_reason="reported")
    with app.app_context():
        db.session.add(ModerationAction(actor_id=None, action="auto_hide", idea_id=pending.id,
                                        reason="reported", created_at=utcnow() - timedelta(days=1)))
        db.session.commit()
    hide(moderator, f"/moderation/ideas/{pending.id}/hide", reason="spam", note="An advert")
    page = text_of(moderator.get("/moderation/log"))
    rows = re.findall(r'<tr[^>]*?id="action-(\d+)">', page)
    assert len(rows) == 2 and int(rows[0]) > int(rows[1])
    assert "Automatic" in page and "Mo Moderator" in page and "An advert" in page
    assert f'href="/ideas/{pending.id}">Hidden by reports' in page

    with app.app_context():
        db.session.add_all([ModerationAction(actor_id=None, action="auto_hide", idea_id=pending.id,
                                             created_at=utcnow() - timedelta(days=2))
                            for _ in range(50)])
        db.session.commit()
    assert len(re.findall(r'<tr[^>]*?id="action-', text_of(moderator.get("/moderation/log")))) == 50
    second = text_of(moderator.get("/moderation/log?page=2"))
    assert len(re.findall(r'<tr[^>]*?id="action-', second)) == 2 and 'rel="prev"' in second


def test_unsafe_next_goes_to_the_queue(moderator, idea):
    answer = hide(moderator, f"/moderation/ideas/{idea.id}/hide", next_url="//evil.example/")
    assert answer.headers["Location"] == "/moderation"


def test_moderation_never_deletes_anything(app, trusting, factory, moderator, idea, author, browser_for):
    comment_id = factory.comment(idea, author).id

    def totals():
        return tuple(count(app, model) for model in (Idea, Comment, User, Report, ModerationAction))

    before = totals()
    for rosa in [browser_for(factory.user()) for _ in range(3)]:
        rosa.post(f"/comments/{comment_id}/report", data={"reason": "spam"})
    ada = browser_for(author)
    ada.post(f"/moderation/comments/{comment_id}/appeal", data={"text": "It was fine"})
    hide(moderator, f"/moderation/ideas/{idea.id}/hide")
    moderator.post(f"/moderation/ideas/{idea.id}/restore")
    moderator.post(f"/moderation/comments/{comment_id}/dismiss")
    moderator.post(f"/moderation/users/{author.id}/block", data={"reason": "spam"})
    moderator.post(f"/moderation/users/{author.id}/unblock")
    after = totals()
    ideas, comments, _users, reports, logged = after
    assert (ideas, comments) == before[:2] and after[2] == before[2] + 3
    assert reports == 3 and logged == 7


# --- issue 10.9: another moderator decides on a moderator's own content ----------------

def test_a_moderator_cannot_restore_hide_or_clear_what_they_wrote(app, factory, browser_for):
    mina = factory.user(name="Mina Moderator", role="moderator")
    mine = factory.idea(author=mina, title="Mina's idea")
    shown = factory.idea(author=mina, title="Mina's other idea")
    comment = factory.comment(shown, mina, body="Mina's comment")
    add_reports(app, factory, 1, idea_id=shown.id)
    colleague = browser_for(factory.user(name="Hugo Moderator", role="moderator"))
    assert colleague.post(f"/moderation/ideas/{mine.id}/hide",
                          data={"reason": "spam", "note": ""}).status_code == 302
    me = browser_for(mina)

    page = text_of(me.get(f"/ideas/{mine.id}"))
    assert f'action="/moderation/ideas/{mine.id}/restore"' not in page
    assert "another moderator must decide" in page
    other_page = text_of(me.get(f"/ideas/{shown.id}"))
    assert f'action="/moderation/ideas/{shown.id}/hide"' not in other_page
    assert f'action="/moderation/ideas/{shown.id}/dismiss"' not in other_page
    assert f'action="/moderation/comments/{comment.id}/hide"' not in other_page
    queue = text_of(me.get("/moderation"))
    assert "Mina's other idea" in queue and f"/moderation/ideas/{shown.id}/dismiss" not in queue

    for path in (f"/moderation/ideas/{mine.id}/restore", f"/moderation/ideas/{shown.id}/hide",
                 f"/moderation/ideas/{shown.id}/dismiss", f"/moderation/comments/{comment.id}/hide"):
        assert hide(me, path).status_code == 403, path
    assert factory.get(Idea, mine.id).hidden_at is not None
    assert factory.get(Idea, shown.id).hidden_at is None
    assert count(app, Report, Report.resolved_at.is_(None)) == 1

    # The rule is the service's too, whoever calls it.
    with app.app_context():
        for act in (lambda me, item: services.restore_item(me, item),
                    lambda me, item: services.dismiss_reports(me, item)):
            with pytest.raises(DomainError, match="another moderator"):
                act(db.session.get(User, mina.id), db.session.get(Idea, mine.id))
        db.session.rollback()


# --- issue 10.5: fresh accounts in view -------------------------------------------------

def registered(app, user, **ago):
    with app.app_context():
        db.session.get(User, user.id).created_at = utcnow() - timedelta(**ago)
        db.session.commit()
    return user


def test_the_queue_says_how_old_each_reporters_account_is(app, factory, moderator, idea,
                                                          browser_for):
    fresh = registered(app, factory.user(name="Fresh Fern"), hours=2)
    old = registered(app, factory.user(name="Old Olga"), days=400)
    for person in (fresh, old):
        browser_for(person).post(f"/ideas/{idea.id}/report", data={"reason": "spam"})
    queue = text_of(moderator.get("/moderation"))
    assert re.search(r"Fresh Fern · account 2 hours old · Spam · does not count towards hiding",
                     queue)
    assert re.search(r"Old Olga · account 1 year old · Spam", queue)


def test_new_accounts_lists_the_last_weeks_registrations_with_what_they_did(
        app, factory, moderator, idea, browser_for):
    puppets = [registered(app, factory.user(name=f"Puppet {n}"), hours=n + 1) for n in range(3)]
    registered(app, factory.user(name="Long Time Resident"), days=8)
    factory.support(idea, puppets[0])
    factory.comment(idea, puppets[1])
    factory.idea(author=puppets[2])
    for puppet in puppets:
        browser_for(puppet).post(f"/ideas/{idea.id}/report", data={"reason": "spam"})

    page = moderator.get("/moderation/new-accounts")
    assert page.status_code == 200
    body = text_of(page)
    assert "Long Time Resident" not in body
    assert body.index("Puppet 0") < body.index("Puppet 1") < body.index("Puppet 2")

    def activity(name):
        row = re.search(rf"<tr[^>]*?id=\"account-\d+\">\s*<th[^>]*>{name}</th>(.*?)</tr>",
                        body, re.S).group(1)
        return [int(n) for n in re.findall(r'<td class="govuk-table__cell">(\d+)</td>', row)]
    # ideas, supports, comments, reports made
    assert activity("Puppet 0") == [0, 1, 0, 1]
    assert activity("Puppet 1") == [0, 0, 1, 1]
    assert activity("Puppet 2") == [1, 0, 0, 1]
    assert "/moderation/users/" in body  # a block form beside each resident
    assert 'href="/moderation/new-accounts"' in text_of(moderator.get("/moderation"))


def test_new_accounts_come_a_page_at_a_time(app, factory, moderator, monkeypatch):
    monkeypatch.setattr(moderation_routes, "NEW_ACCOUNTS_PER_PAGE", 2)
    registered(app, moderator.user, days=30)
    for n in range(3):
        registered(app, factory.user(name=f"Newcomer {n}"), hours=n + 1)
    first = text_of(moderator.get("/moderation/new-accounts"))
    assert "Newcomer 0" in first and "Newcomer 1" in first and "Newcomer 2" not in first
    assert "?page=2" in first
    second = text_of(moderator.get("/moderation/new-accounts?page=2"))
    assert "Newcomer 2" in second and "Newcomer 0" not in second
    assert moderator.get("/moderation/new-accounts?page=x").status_code == 200
