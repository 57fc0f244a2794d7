"""The outbox with a real SMTP server: mail leaves at the end of the request,
survives a server that is down, and is sent exactly once when it is back."""
import email
import email.policy
import logging
import re
from datetime import timedelta

from helpers import csrf_token, free_port
from sqlalchemy import select, update

from codesign import mail
from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import OutboxMessage, User


def mail_bodies(sink):
    """The decoded plain-text bodies received so far (quoted-printable undone)."""
    bodies = []
    for raw in sink.messages:
        message = email.message_from_string(raw, policy=email.policy.default)
        bodies.append(message.get_body(("plain",)).get_content())
    return bodies


def mail_links(sink):
    """Every http(s) link in the mail received so far, in order."""
    return [link for body in mail_bodies(sink) for link in re.findall(r"https?://[^\s<>\"]+", body)]


def register(client, email_address="newcomer@example.org", name="New Comer",
             password="a long enough passphrase"):
    token = csrf_token(client, "/auth/register")
    return client.post("/auth/register", data={
        "csrf_token": token, "email": email_address, "display_name": name,
        "password": password, "confirm": password,
    })


def outbox(app):
    with app.app_context():
        rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def make_due(app):
    with app.app_context():
        db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()


def test_registration_email_arrives_by_smtp_with_a_working_link(app, client, smtp_sink):
    assert register(client).status_code == 302
    smtp_sink.wait_for(1)
    assert len(smtp_sink.messages) == 1
    raw = smtp_sink.messages[0]
    assert "To: newcomer@example.org" in raw
    assert "Subject: Confirm your email address for Codesign" in raw
    [link] = [link for link in mail_links(smtp_sink) if "/auth/confirm/" in link]
    assert link.startswith("http://localhost/auth/confirm/")

    answer = client.get(link)
    assert answer.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "newcomer@example.org"))
        assert user.confirmed_at is not None
    [row] = outbox(app)
    assert row.sent_at is not None and row.attempts == 1 and row.last_error is None


def test_mail_kept_when_smtp_is_down_then_sent_exactly_once(app, client, smtp_sink, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # nothing listens there
    answer = register(client)
    assert answer.status_code == 302  # the registration itself succeeded
    assert client.get(answer.location).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "newcomer@example.org"))
    [row] = outbox(app)
    assert row.sent_at is None
    assert row.attempts == 1
    assert row.last_error
    assert row.next_attempt_at > utcnow()
    assert smtp_sink.messages == []

    # Not due yet: nothing is tried again.
    with app.app_context():
        assert mail.deliver_due() == (0, 0)

    monkeypatch.setitem(app.config, "MAIL_PORT", smtp_sink.port)
    make_due(app)
    with app.app_context():
        assert mail.deliver_due() == (1, 0)
        assert mail.deliver_due() == (0, 0)
    smtp_sink.wait_for(1)
    assert len(smtp_sink.messages) == 1
    [row] = outbox(app)
    assert row.sent_at is not None and row.attempts == 2 and row.last_error is None
    assert any("/auth/confirm/" in link for link in mail_links(smtp_sink))


def test_cli_sends_what_is_due_once(app, client, smtp_sink, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())
    register(client)
    monkeypatch.setitem(app.config, "MAIL_PORT", smtp_sink.port)
    make_due(app)
    runner = app.test_cli_runner()

    status = runner.invoke(args=["mail", "status"])
    assert "1 waiting" in status.output
    first = runner.invoke(args=["mail", "send"])
    assert first.exit_code == 0, first.output
    assert "1 sent, 0 failed" in first.output
    second = runner.invoke(args=["mail", "send"])
    assert "0 sent, 0 failed" in second.output
    smtp_sink.wait_for(1)
    assert len(smtp_sink.messages) == 1
    [row] = outbox(app)
    assert row.sent_at is not None


def test_without_mail_server_the_message_is_logged(app, client, smtp_sink, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    caplog.set_level(logging.INFO, logger=app.logger.name)
    assert register(client).status_code == 302
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "MAIL_SERVER is not set" in logged
    assert "newcomer@example.org" in logged
    [row] = outbox(app)
    assert row.sent_at is not None and row.last_error is None
    assert smtp_sink.messages == []
