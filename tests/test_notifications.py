"""Following ideas and proposals, and hearing about them: the list on the
site, the unread count, email at once or in a daily digest, and the one-click
unsubscribe link."""
import email
import email.policy
import re
from datetime import date, timedelta

import pytest
from helpers import csrf_token, text_of
from sqlalchemy import func, select

from codesign import mail
from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import Comment, Follow, Idea, Notification, NotificationKind, Proposal, User
from codesign.notifications import services


def rows(app, model, **where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).filter_by(**where))


def notify(app, recipients, kind=NotificationKind.IDEA_STATUS, idea=None, proposal=None,
           comment_id=None, detail="", actor=None):
    """Call the notify service as another area would, and commit."""
    with app.app_context():
        made = services.notify(
            [user.id for user in recipients], kind,
            idea=db.session.get(Idea, idea.id) if idea else None,
            proposal=db.session.get(Proposal, proposal.id) if proposal else None,
            comment=db.session.get(Comment, comment_id) if comment_id else None,
            detail=detail, actor=actor)
        ids = [row.id for row in made]
        db.session.commit()
    return ids


def set_preference(app, user, value):
    with app.app_context():
        db.session.get(User, user.id).email_preference = value
        db.session.commit()


def make_proposal(app, factory, status="open_for_feedback", title="Sunday library hours"):
    staff = factory.user(role="staff")
    area = factory.area()
    with app.app_context():
        proposal = Proposal(
            title=title, problem="p", proposed_change="c", expected_benefits="b",
            who_it_affects="w", cost_band="unknown", service_area_id=area.id,
            responsible_team="Libraries", decision_due=date.today() + timedelta(days=60),
            status=status, created_by_id=staff.id)
        db.session.add(proposal)
        db.session.flush()
        proposal_id = proposal.id
        db.session.commit()
    return factory.get(Proposal, proposal_id)


def unread_in_header(response):
    match = re.search(r'class="app-badge">\((\d+) unread\)', response.get_data(as_text=True))
    return int(match.group(1)) if match else 0


def received(sink):
    return [email.message_from_string(raw, policy=email.policy.default) for raw in sink.messages]


def plain(message):
    return message.get_body(("plain",)).get_content()


# --- following -------------------------------------------------------------

def test_following_and_unfollowing_an_idea_is_idempotent(app, factory, resident, browser_for):
    idea = factory.idea(title="Benches in the park")
    rosa = browser_for(resident)
    assert "Follow this idea" in text_of(rosa.get(f"/ideas/{idea.id}"))

    for _ in range(2):
        response = rosa.post(f"/ideas/{idea.id}/follow")
        assert response.status_code == 302
        assert response.headers["Location"] == f"/ideas/{idea.id}#follow"
    assert rows(app, Follow, user_id=resident.id, idea_id=idea.id) == 1
    page = text_of(rosa.get(f"/ideas/{idea.id}"))
    assert "You follow this idea" in page and "Unfollow this idea" in page

    for _ in range(2):
        assert rosa.post(f"/ideas/{idea.id}/unfollow").status_code == 302
    assert rows(app, Follow, user_id=resident.id, idea_id=idea.id) == 0
    assert "Follow this idea" in text_of(rosa.get(f"/ideas/{idea.id}"))


def test_following_needs_a_confirmed_account(app, factory, client, browser_for):
    idea = factory.idea()
    assert client.post(f"/ideas/{idea.id}/follow").status_code == 400  # no CSRF token
    token = csrf_token(client, "/auth/login")
    response = client.post(f"/ideas/{idea.id}/follow", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login")

    newcomer = browser_for(factory.user(confirmed=False))
    assert newcomer.post(f"/ideas/{idea.id}/follow").status_code == 403
    assert "Follow this idea" not in text_of(newcomer.get(f"/ideas/{idea.id}"))
    assert rows(app, Follow) == 0
    assert newcomer.post("/ideas/999999/follow").status_code == 404


def test_a_hidden_idea_cannot_be_followed_by_others(app, factory, resident, browser_for):
    idea = factory.idea(hidden_at=utcnow(), hidden_reason="spam")
    assert browser_for(resident).post(f"/ideas/{idea.id}/follow").status_code == 403


def test_following_a_proposal(app, factory, resident, browser_for):
    proposal = make_proposal(app, factory)
    draft = make_proposal(app, factory, status="draft")
    rosa = browser_for(resident)

    assert rosa.post(f"/proposals/{proposal.id}/follow").status_code == 302
    assert rosa.post(f"/proposals/{proposal.id}/follow").status_code == 302
    assert rows(app, Follow, user_id=resident.id, proposal_id=proposal.id) == 1
    assert rosa.post(f"/proposals/{proposal.id}/unfollow").status_code == 302
    assert rows(app, Follow, user_id=resident.id, proposal_id=proposal.id) == 0

    assert rosa.post(f"/proposals/{draft.id}/follow").status_code == 404
    assert rosa.post("/proposals/999999/follow").status_code == 404


# --- notify ----------------------------------------------------------------

def test_notify_writes_one_row_per_recipient_but_not_the_actor(app, factory):
    author, supporter, staff = factory.user(), factory.user(), factory.user(role="staff")
    idea = factory.idea(author=author)
    made = notify(app, [author, supporter, staff, supporter], idea=idea, actor=staff)
    assert len(made) == 2
    assert rows(app, Notification) == 2
    assert rows(app, Notification, user_id=author.id) == 1
    assert rows(app, Notification, user_id=supporter.id) == 1
    assert rows(app, Notification, user_id=staff.id) == 0


# --- the list and the unread count -----------------------------------------

def test_unread_count_in_the_header_equals_the_rows(app, factory, resident, browser_for):
    idea = factory.idea()
    rosa = browser_for(resident)
    assert unread_in_header(rosa.get("/ideas")) == 0
    notify(app, [resident], idea=idea)
    notify(app, [resident], idea=idea)
    notify(app, [resident, factory.user()], idea=idea)
    assert rows(app, Notification, user_id=resident.id, read_at=None) == 3
    assert unread_in_header(rosa.get("/ideas")) == 3


def test_the_list_words_each_notification_and_marks_it_read_on_click(
        app, factory, resident, browser_for):
    staff = factory.user(role="staff")
    own = factory.idea(author=resident, title="Longer library hours", status="under_review")
    followed = factory.idea(title="Water fountains", status="already_planned")
    [first] = notify(app, [resident], idea=own, detail="We are **looking** at it. <script>x</script>",
                     actor=staff)
    [second] = notify(app, [resident], idea=followed, actor=staff)
    rosa = browser_for(resident)

    response = rosa.get("/notifications")
    assert response.status_code == 200
    page = text_of(response)
    assert "Staff answered your idea ‘Longer library hours’: now Under review" in page
    assert "Staff answered the idea ‘Water fountains’ that you follow: now Already planned" in page
    assert page.index("Water fountains") < page.index("Longer library hours")  # newest first
    assert page.count("Unread") == 2
    raw = response.get_data(as_text=True)
    assert "We are <strong>looking</strong> at it." in raw and "<script>" not in raw

    response = rosa.post(f"/notifications/{first}/read")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/ideas/{own.id}"
    assert factory.get(Notification, first).read_at is not None
    assert factory.get(Notification, second).read_at is None
    page = rosa.get("/notifications")
    assert text_of(page).count("Unread") == 1 and unread_in_header(page) == 1


def test_the_list_names_what_each_notification_is_about_as_it_now_stands(
        app, factory, resident, browser_for):
    """The page reads the ideas, proposals, comments and their authors with
    the notifications: each sentence shows them as they are now."""
    author = factory.user(name="Cai Commenter")
    idea = factory.idea(title="Water fountains")
    original = factory.idea(title="Drinking water in parks")
    merged = factory.idea(title="Fountains please", duplicate_of_id=original.id)
    proposal = make_proposal(app, factory, title="Fountains in every park")
    with app.app_context():
        comment = Comment(idea_id=idea.id, author_id=author.id, depth=0, body="Yes please")
        db.session.add(comment)
        db.session.commit()
        comment_id = comment.id
    notify(app, [resident], NotificationKind.NEW_COMMENT, idea=idea, comment_id=comment_id)
    notify(app, [resident], NotificationKind.IDEA_MERGED, idea=merged)
    notify(app, [resident], NotificationKind.PROPOSAL_STATUS, proposal=proposal)
    rosa = browser_for(resident)
    page = text_of(rosa.get("/notifications"))
    assert "Cai Commenter commented on ‘Water fountains’, which you follow" in page
    assert "as a duplicate of ‘Drinking water in parks’" in page
    assert "The proposal ‘Fountains in every park’ that you follow is now: Open for feedback" in page
    with app.app_context():
        db.session.get(User, author.id).display_name = "Cai Renamed"
        db.session.get(Idea, original.id).title = "Water in every park"
        db.session.get(Proposal, proposal.id).status = "approved"
        db.session.commit()
    page = text_of(rosa.get("/notifications"))
    assert "Cai Renamed commented on ‘Water fountains’" in page
    assert "as a duplicate of ‘Water in every park’" in page
    assert "‘Fountains in every park’ that you follow is now: Approved" in page


def test_mark_all_as_read(app, factory, resident, browser_for):
    idea = factory.idea()
    other = factory.user()
    for _ in range(3):
        notify(app, [resident, other], idea=idea)
    rosa = browser_for(resident)
    response = rosa.post("/notifications/read-all")
    assert response.status_code == 302
    assert rows(app, Notification, user_id=resident.id, read_at=None) == 0
    assert rows(app, Notification, user_id=other.id, read_at=None) == 3
    assert unread_in_header(rosa.get("/notifications")) == 0


def test_someone_elses_notification_is_not_found(app, factory, resident, browser_for):
    other = factory.user()
    [theirs] = notify(app, [other], idea=factory.idea())
    rosa = browser_for(resident)
    assert rosa.post(f"/notifications/{theirs}/read").status_code == 404
    assert rosa.post("/notifications/999999/read").status_code == 404
    assert factory.get(Notification, theirs).read_at is None
    assert "‘" not in text_of(rosa.get("/notifications"))


def test_the_list_needs_signing_in(client):
    response = client.get("/notifications")
    assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login")


def test_notifications_about_hidden_items_are_left_out(app, factory, resident, browser_for):
    hidden = factory.idea(author=resident, title="Spammy idea", hidden_at=utcnow(),
                          hidden_reason="spam")
    followed = factory.idea(title="Hidden later", hidden_at=utcnow(), hidden_reason="spam")
    shown = factory.idea(title="Still here")
    notify(app, [resident], kind=NotificationKind.CONTENT_HIDDEN, idea=hidden, detail="Spam")
    [gone] = notify(app, [resident], idea=followed)
    notify(app, [resident], idea=shown)
    with app.app_context():
        comment = Comment(idea_id=shown.id, author_id=factory.user(name="Sam").id, body="Hi",
                          hidden_at=utcnow(), hidden_reason="offensive")
        db.session.add(comment)
        db.session.commit()
        comment_id = comment.id
    notify(app, [resident], kind=NotificationKind.NEW_COMMENT, idea=shown, comment_id=comment_id)
    rosa = browser_for(resident)

    page = rosa.get("/notifications")
    words = text_of(page)
    assert "Your idea ‘Spammy idea’ was hidden" in words
    assert "Still here" in words and "Hidden later" not in words
    assert "commented" not in words and "New comment" not in words
    assert unread_in_header(page) == 2
    assert rosa.post(f"/notifications/{gone}/read").status_code == 404


def test_twenty_notifications_a_page(app, factory, resident, browser_for):
    idea = factory.idea(title="Paged")
    for _ in range(23):
        notify(app, [resident], idea=idea)
    rosa = browser_for(resident)
    first = text_of(rosa.get("/notifications"))
    assert first.count("Staff answered the idea ‘Paged’") == 20 and "?page=2" in first
    second = text_of(rosa.get("/notifications?page=2"))
    assert second.count("Staff answered the idea ‘Paged’") == 3
    assert rosa.get("/notifications?page=²").status_code == 200


# --- email -----------------------------------------------------------------

def test_immediate_preference_sends_an_email_at_once(app, factory, smtp_sink):
    reader = factory.user(name="Ida", email="ida@example.test")
    set_preference(app, reader, "immediate")
    idea = factory.idea(author=reader, title="Safer crossings", status="under_review")
    [made] = notify(app, [reader], idea=idea, detail="Staff will *visit* the site.")
    with app.app_context():
        mail.deliver_due()
    smtp_sink.wait_for(1)

    [message] = received(smtp_sink)
    assert message["To"] == "ida@example.test"
    assert message["Subject"] == "Staff answered your idea ‘Safer crossings’: now Under review"
    body = plain(message)
    assert "Staff will *visit* the site." in body
    assert f"http://localhost/ideas/{idea.id}" in body
    assert "<em>visit</em>" in message.get_body(("html",)).get_content()
    assert message["List-Unsubscribe"].startswith("<http://localhost/notifications/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert factory.get(Notification, made).emailed_at is not None


def test_daily_preference_waits_for_the_digest_which_sends_once(app, factory, smtp_sink):
    reader = factory.user(email="dan@example.test")  # daily is the default
    idea = factory.idea(title="More bins")
    proposal = make_proposal(app, factory, title="Bins on every corner")
    notify(app, [reader], idea=idea)
    notify(app, [reader], kind=NotificationKind.PROPOSAL_STATUS, proposal=proposal)
    with app.app_context():
        mail.deliver_due()
    assert smtp_sink.messages == []

    runner = app.test_cli_runner()
    result = runner.invoke(args=["notifications", "digest"])
    assert result.exit_code == 0, result.output
    smtp_sink.wait_for(1)
    [digest] = received(smtp_sink)
    assert digest["To"] == "dan@example.test"
    assert digest["Subject"] == "Codesign: 2 updates on what you follow"
    body = plain(digest)
    assert "Staff answered the idea ‘More bins’ that you follow" in body
    assert "The proposal ‘Bins on every corner’ that you follow is now: Open for feedback" in body
    assert digest["List-Unsubscribe"]
    assert factory.get(User, reader.id).last_digest_at is not None
    assert rows(app, Notification, emailed_at=None) == 0

    assert runner.invoke(args=["notifications", "digest"]).exit_code == 0
    assert len(smtp_sink.wait_for(2, timeout=0.5)) == 1


def test_off_preference_never_emails(app, factory, smtp_sink):
    reader = factory.user()
    set_preference(app, reader, "off")
    notify(app, [reader], idea=factory.idea())
    assert app.test_cli_runner().invoke(args=["notifications", "digest"]).exit_code == 0
    assert smtp_sink.wait_for(1, timeout=0.5) == []
    assert rows(app, Notification, emailed_at=None) == 0
    assert rows(app, Notification, user_id=reader.id) == 1  # still on the site


def test_digest_leaves_out_what_was_hidden_since(app, factory, smtp_sink):
    reader = factory.user()
    idea = factory.idea(title="Soon hidden")
    notify(app, [reader], idea=idea)
    with app.app_context():
        db.session.get(Idea, idea.id).hidden_at = utcnow()
        db.session.commit()
    assert app.test_cli_runner().invoke(args=["notifications", "digest"]).exit_code == 0
    assert smtp_sink.wait_for(1, timeout=0.5) == []
    assert rows(app, Notification, emailed_at=None) == 0


def test_digest_from_cron_links_to_base_url(app, factory, smtp_sink, monkeypatch):
    # Outside a request and without SERVER_NAME, links come from BASE_URL.
    monkeypatch.setitem(app.config, "SERVER_NAME", None)
    monkeypatch.setitem(app.config, "BASE_URL", "https://codesign.example.org")
    reader = factory.user()
    idea = factory.idea(title="Cron")
    notify(app, [reader], idea=idea)
    result = app.test_cli_runner().invoke(args=["notifications", "digest"])
    assert result.exit_code == 0, result.output
    smtp_sink.wait_for(1)
    [digest] = received(smtp_sink)
    assert f"https://codesign.example.org/ideas/{idea.id}" in plain(digest)
    assert digest["List-Unsubscribe"].startswith(
        "<https://codesign.example.org/notifications/unsubscribe/")

# --- settings and unsubscribing --------------------------------------------

def test_email_settings_page(app, factory, resident, browser_for):
    rosa = browser_for(resident)
    page = rosa.get("/notifications/settings").get_data(as_text=True)
    assert "<legend" in page and "Email me about notifications" in page
    assert re.search(r'<input checked[^>]*value="daily"', page) or \
        re.search(r'value="daily"[^>]*checked', page)
    for value in ("immediate", "daily", "off"):
        assert f'value="{value}"' in page

    response = rosa.post("/notifications/settings", {"email_preference": "immediate"})
    assert response.status_code == 302
    assert factory.get(User, resident.id).email_preference == "immediate"

    response = rosa.post("/notifications/settings", {"email_preference": "weekly"})
    assert response.status_code == 422
    assert text_of(response).count("Choose how often we email you") >= 1
    assert "<title>Error:" in response.get_data(as_text=True)
    assert factory.get(User, resident.id).email_preference == "immediate"


def test_leaving_the_digest_drops_what_was_waiting(app, factory, resident, browser_for, smtp_sink):
    notify(app, [resident], idea=factory.idea())
    browser_for(resident).post("/notifications/settings", {"email_preference": "off"})
    browser_for(resident).post("/notifications/settings", {"email_preference": "daily"})
    assert app.test_cli_runner().invoke(args=["notifications", "digest"]).exit_code == 0
    assert smtp_sink.wait_for(1, timeout=0.5) == []


def _emailed_unsubscribe_link(app, factory, smtp_sink, user):
    set_preference(app, user, "immediate")
    notify(app, [user], idea=factory.idea())
    with app.app_context():
        mail.deliver_due()
    smtp_sink.wait_for(1)
    [link] = [link for link in smtp_sink.links() if "/notifications/unsubscribe/" in link]
    return link.replace("http://localhost", "")


def test_unsubscribe_link_works_without_signing_in(app, factory, client, smtp_sink):
    reader = factory.user()
    link = _emailed_unsubscribe_link(app, factory, smtp_sink, reader)

    page = client.get(link)
    assert page.status_code == 200
    assert "Stop notification emails" in text_of(page)
    assert factory.get(User, reader.id).email_preference == "immediate"  # a GET changes nothing

    done = client.post(link)  # the page's button: no session, no CSRF token
    assert done.status_code == 200
    assert "Notification emails are off" in text_of(done)
    assert factory.get(User, reader.id).email_preference == "off"


def test_one_click_unsubscribe_from_the_mail_client(app, factory, make_client, smtp_sink):
    reader = factory.user()
    link = _emailed_unsubscribe_link(app, factory, smtp_sink, reader)
    response = make_client().post(link, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert factory.get(User, reader.id).email_preference == "off"


@pytest.mark.parametrize("token", ["nonsense", "eyJpZCI6MX0.forged"])
def test_a_bad_unsubscribe_token_is_a_400_page(app, factory, client, token):
    reader = factory.user()
    for response in (client.get(f"/notifications/unsubscribe/{token}"),
                     client.post(f"/notifications/unsubscribe/{token}")):
        assert response.status_code == 400
        assert "This link does not work" in text_of(response)
    assert factory.get(User, reader.id).email_preference == "daily"
