"""Mail that always leaves: a message queued by a request is handed to SMTP
(or the log) by the end of that request's response, for a redirect, for a
streamed body, and behind a backlog of other mail."""
import logging
import re
from types import SimpleNamespace

import pytest
from flask import Blueprint, Flask, Response, redirect, stream_with_context
from helpers import csrf_token
from sqlalchemy import select

from codesign import create_app, mail
from codesign.extensions import db
from codesign.models import OutboxMessage

READER = SimpleNamespace(display_name="Reader")
LONG_LINK = "https://codesign.test/auth/confirm/" + "x" * 150


def register(client, address="newcomer@example.org"):
    token = csrf_token(client, "/auth/register")
    return client.post("/auth/register", data={
        "csrf_token": token, "email": address, "display_name": "New Comer",
        "password": "a long enough passphrase", "confirm": "a long enough passphrase",
    })


def unsent(app):
    with app.app_context():
        return db.session.scalars(
            select(OutboxMessage.to_address).where(OutboxMessage.sent_at.is_(None))).all()


def test_a_confirmation_sent_with_a_redirect_has_left_when_the_response_ends(
        app, client, smtp_sink):
    response = register(client)
    assert response.status_code == 302
    assert len(smtp_sink.messages) == 1
    assert "To: newcomer@example.org" in smtp_sink.messages[0]
    assert unsent(app) == []


def test_a_confirmation_goes_first_even_behind_a_burst_of_other_mail(app, client, smtp_sink):
    """The cause found for a confirmation that waited: a request sent the
    oldest 50 due messages, so behind a burst of notifications (which other
    workers were still sending) its own message waited for a later request."""
    with app.app_context():
        for number in range(mail.BATCH + 10):
            db.session.add(OutboxMessage(to_address=f"follower{number}@example.org",
                                         subject="An idea you follow", text_body="News"))
        db.session.commit()
    register(client)
    assert "newcomer@example.org" not in unsent(app)
    assert "To: newcomer@example.org" in smtp_sink.messages[0]


@pytest.fixture
def streaming_app(app, smtp_sink, tmp_path, monkeypatch):
    """The site with two test pages that stream their body and queue mail."""
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(tmp_path))
    site = create_app({
        "ENV_NAME": "testing",
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_sink.port,
        "MAIL_DEFAULT_SENDER": "Codesign <no-reply@codesign.test>",
    })
    pages = Blueprint("streaming_test", __name__)

    def queue_one(address):
        mail.queue(address, "Streamed", "confirm", user=READER, token="t", valid_for="1 day")
        db.session.commit()

    @pages.get("/test/queue-then-stream")
    def queue_then_stream():
        queue_one("before@example.org")
        return Response((f"line {n}\n" for n in range(100)), mimetype="text/plain")

    @pages.get("/test/queue-while-streaming")
    def queue_while_streaming():
        def body():
            yield "first part\n"
            queue_one("during@example.org")
            yield "last part\n"
        return Response(stream_with_context(body()), mimetype="text/plain")

    @pages.get("/test/queue-then-redirect")
    def queue_then_redirect():
        queue_one("redirect@example.org")
        return redirect("/")

    site.register_blueprint(pages)
    yield site
    with site.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("path, address", [
    ("/test/queue-then-stream", "before@example.org"),
    ("/test/queue-while-streaming", "during@example.org"),
    ("/test/queue-then-redirect", "redirect@example.org"),
])
def test_mail_queued_by_a_streamed_or_redirected_response_leaves_when_it_ends(
        streaming_app, smtp_sink, path, address):
    client = streaming_app.test_client()
    response = client.get(path)  # not buffered: the body is read as a server would
    response.get_data()
    response.close()  # what every WSGI server does once the body is written
    assert [raw for raw in smtp_sink.messages if f"To: {address}" in raw]
    assert unsent(streaming_app) == []


def test_logged_mail_is_decoded_with_each_link_on_one_line(app, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    caplog.set_level(logging.INFO, logger=app.logger.name)
    with app.test_request_context():
        message = mail.queue("reader@example.org", "Links", "confirm", user=READER,
                             token="t", valid_for="1 day")
        message.text_body = f"Confirm your address:\n{LONG_LINK}\n\nThanks – Codesign"
        db.session.commit()
        mail.deliver_due()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert LONG_LINK in logged.splitlines()
    assert "=\n" not in logged and "=E2=80=93" not in logged
    assert "Thanks – Codesign" in logged
    assert "To: reader@example.org" in logged
    assert re.search(r"^Subject: Links$", logged, re.M)
