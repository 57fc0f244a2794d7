"""Mail that can't be stalled, flooded or read for clues: titles stay on one
line, one broken message never holds up another, "already registered" mail
comes at most once an hour, a reset request does the same work for any
address, and unsubscribe links are plain, tied to the address and revocable."""
import email
import email.policy
import re
from datetime import timedelta

import pytest
from flask import has_request_context
from helpers import PASSWORD, csrf_token, text_of
from sqlalchemy import event, select, update
from test_notifications import notify, set_preference

from codesign import mail
from codesign.auth import services as auth_services
from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import Idea, OutboxMessage, User
from codesign.notifications import mailing


def received(sink, count=1):
    """The messages the sink has, once it has at least `count` (or after 5 s)."""
    return [email.message_from_string(raw, policy=email.policy.default)
            for raw in sink.wait_for(count)]


def queue_message(app, subject="Hello", to="someone@example.test"):
    with app.app_context():
        row = OutboxMessage(to_address=to, subject=subject, text_body="Body")
        db.session.add(row)
        db.session.commit()
        return row.id


def outbox_row(app, message_id):
    with app.app_context():
        row = db.session.get(OutboxMessage, message_id)
        db.session.expunge(row)
        return row


def make_due(app, message_id):
    with app.app_context():
        db.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id)
                           .values(next_attempt_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()


def post_form(client, path, data, page=None):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page or path)})


# --- one line for a title, and for every header ------------------------------

def test_a_line_break_typed_into_a_title_becomes_a_space(app, factory, rosa):
    area = factory.area()
    response = rosa.post("/ideas/new", {
        "title": "Safer crossings\r\nBcc: everyone@example.test\u2028now\t!",
        "description": "Line one.\nLine two.", "service_area": str(area.id),
        "challenge": "", "place": "Near\nthe school"})
    assert response.status_code == 302
    with app.app_context():
        idea = db.session.scalars(select(Idea)).one()
        assert idea.title == "Safer crossings Bcc: everyone@example.test now !"
        assert idea.place == "Near the school"
        assert idea.description == "Line one.\nLine two."  # a text area keeps its lines


def test_a_line_break_stored_in_a_subject_is_sent_on_one_line(app, smtp_sink):
    # A title saved before titles were cleaned still reaches a subject.
    message_id = queue_message(app, subject="Bins\r\nBcc: everyone@example.test")
    with app.app_context():
        assert mail.deliver_due() == (1, 0)
    [message] = received(smtp_sink)
    assert message["Subject"] == "Bins Bcc: everyone@example.test"
    assert message["Bcc"] is None
    assert outbox_row(app, message_id).sent_at is not None


# --- a broken message holds up nothing ---------------------------------------

@pytest.fixture
def broken(app, monkeypatch):
    """A message that cannot be built, whatever the reason: its id."""
    message_id = queue_message(app, subject="Broken", to="broken@example.test")
    build = mail._as_email

    def failing(message, sender):
        if message.id == message_id:
            raise ValueError("Header values may not contain linefeed or carriage return")
        return build(message, sender)

    monkeypatch.setattr(mail, "_as_email", failing)
    return message_id


def test_a_broken_message_does_not_stop_a_reset_mail_sent_after_it(
        app, factory, client, smtp_sink, broken):
    user = factory.user(email="ada@example.test")
    response = post_form(client, "/auth/reset", {"email": user.email})
    assert response.status_code == 302
    [message] = received(smtp_sink)
    assert message["To"] == "ada@example.test"
    assert "/auth/reset/" in message.get_body(("plain",)).get_content()

    row = outbox_row(app, broken)
    assert row.sent_at is None and row.attempts == 1
    assert row.last_error == "ValueError: Header values may not contain linefeed or carriage return"
    assert row.next_attempt_at > utcnow()


def test_a_broken_message_backs_off_then_is_given_up_and_listed(
        app, smtp_sink, broken, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 3)
    waits = []
    for _attempt in range(3):
        make_due(app, broken)
        before = utcnow()
        with app.app_context():
            assert mail.deliver_due() == (0, 1)
        waits.append(outbox_row(app, broken).next_attempt_at - before)
    assert waits[0] < waits[1] < waits[2]  # exponential back-off
    assert waits[1] >= 2 * waits[0] - timedelta(seconds=1)

    make_due(app, broken)
    with app.app_context():
        assert mail.deliver_due() == (0, 0)  # given up: not tried again
    assert outbox_row(app, broken).attempts == 3

    status = app.test_cli_runner().invoke(args=["mail", "status"])
    assert status.exit_code == 0, status.output
    assert "0 waiting, 1 failed" in status.output
    assert f"#{broken} to broken@example.test, 3 attempts" in status.output
    assert "ValueError: Header values may not contain linefeed" in status.output


# --- "you already have an account": once an hour -----------------------------

def register(client, address):
    return post_form(client, "/auth/register", {
        "email": address, "display_name": "Some One", "password": PASSWORD,
        "confirm": PASSWORD})


def test_registering_a_taken_address_again_and_again_sends_one_mail_an_hour(
        app, factory, make_client, smtp_sink):
    owner = factory.user(email="owner@example.org")
    for _attempt in range(4):
        assert register(make_client(), owner.email).status_code == 302
    smtp_sink.wait_for(2, timeout=0.5)
    assert [m["Subject"] for m in received(smtp_sink)] == ["You already have a Codesign account"]

    with app.app_context():
        db.session.get(User, owner.id).already_registered_mailed_at -= timedelta(minutes=61)
        db.session.commit()
    assert register(make_client(), owner.email).status_code == 302
    assert len(smtp_sink.wait_for(2)) == 2


# --- a reset request: the same work for any address --------------------------

class Work:
    """The SQL statements and mail-path calls made while a request is being
    answered (not those after its response has gone)."""

    def __init__(self):
        self.statements = []
        self.calls = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if has_request_context():
            self.statements.append(re.sub(r"\s+", " ", statement))


@pytest.fixture
def work(app, monkeypatch):
    spy = Work()
    for module, name in ((mail, "queue"), (mail, "after_response"),
                         (auth_services.tokens, "make_reset_token"),
                         (auth_services, "find_user_by_email")):
        original = getattr(module, name, None)
        if original is None:
            continue

        def counted(*args, _original=original, _name=name, **kwargs):
            if has_request_context():
                spy.calls.append(_name)
            return _original(*args, **kwargs)
        monkeypatch.setattr(module, name, counted)
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", spy)
    yield spy
    event.remove(engine, "before_cursor_execute", spy)


def test_a_reset_request_does_the_same_work_for_a_registered_address_or_not(
        app, factory, make_client, smtp_sink, work):
    user = factory.user(email="known@example.org")
    seen = {}
    for address in (user.email, "unknown@example.org"):
        client = make_client()
        token = csrf_token(client, "/auth/reset")
        work.statements.clear()
        work.calls.clear()
        response = client.post("/auth/reset", data={"csrf_token": token, "email": address})
        assert response.status_code == 302
        seen[address] = (list(work.statements), list(work.calls))
    assert seen[user.email] == seen["unknown@example.org"]
    # ... and the registered address still gets its link, once the response has gone.
    [message] = received(smtp_sink)
    assert message["To"] == user.email
    assert len(smtp_sink.wait_for(2, timeout=0.3)) == 1


# --- unsubscribe links ------------------------------------------------------

def _notification_mail(app, factory, smtp_sink, user, count=1):
    set_preference(app, user, "immediate")
    notify(app, [user], idea=factory.idea())
    with app.app_context():
        mail.deliver_due()
    return smtp_sink.wait_for(count)[count - 1]


def _unsubscribe_path(raw):
    message = email.message_from_string(raw, policy=email.policy.default)
    [link] = re.findall(r"http://localhost(/notifications/unsubscribe/\S+)",
                        message.get_body(("plain",)).get_content())
    return link


def test_list_unsubscribe_is_one_plain_ascii_line(app, factory, smtp_sink):
    raw = _notification_mail(app, factory, smtp_sink, factory.user())
    [line] = [line for line in raw.splitlines() if line.startswith("List-Unsubscribe:")]
    assert line.isascii()
    assert re.fullmatch(r"List-Unsubscribe: <http://localhost/notifications/unsubscribe/"
                        r"[A-Za-z0-9_.-]+>", line), line
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in raw.splitlines()
    # RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" to that URL.
    url = line.split("<", 1)[1].rstrip(">")
    assert url.endswith(_unsubscribe_path(raw))


def test_an_unsubscribe_link_stops_working_when_the_address_changes(
        app, factory, make_client, smtp_sink):
    reader = factory.user(email="old@example.test")
    link = _unsubscribe_path(_notification_mail(app, factory, smtp_sink, reader))
    with app.app_context():
        db.session.get(User, reader.id).email = "new@example.test"
        db.session.commit()
    response = make_client().post(link, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 400
    assert factory.get(User, reader.id).email_preference == "immediate"
    with app.app_context():
        fresh = mailing.unsubscribe_token(db.session.get(User, reader.id))
    assert make_client().post(f"/notifications/unsubscribe/{fresh}").status_code == 200
    assert factory.get(User, reader.id).email_preference == "off"


def test_a_resident_can_stop_the_unsubscribe_links_already_sent(
        app, factory, browser_for, make_client, smtp_sink):
    reader = factory.user()
    old = _unsubscribe_path(_notification_mail(app, factory, smtp_sink, reader))
    assert make_client().get(old).status_code == 200

    page = browser_for(reader)
    assert "Stop old unsubscribe links" in text_of(page.get("/notifications/settings"))
    response = page.post("/notifications/settings/unsubscribe-links")
    assert response.status_code == 302
    assert "no longer work" in text_of(page.get(response.headers["Location"]))

    refused = make_client().post(old, data={"List-Unsubscribe": "One-Click"})
    assert refused.status_code == 400
    assert "replaced by a newer one" in text_of(refused)
    assert factory.get(User, reader.id).email_preference == "immediate"

    new = _unsubscribe_path(_notification_mail(app, factory, smtp_sink, reader, count=2))
    assert new != old
    assert make_client().post(new, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    assert factory.get(User, reader.id).email_preference == "off"
