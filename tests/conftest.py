"""Fixtures: one app and one schema (from the migrations) per test session,
emptied after every test; a real SMTP sink on loopback; a user per role.

Set TEST_DATABASE_URL (postgresql+psycopg://...) to run on PostgreSQL.
"""
import email
import email.policy
import os
import re
import time
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from flask_migrate import upgrade
from helpers import (  # noqa: F401
    PASSWORD,
    Browser,
    BufferedClient,
    csrf_token,
    empty_tables,
    free_port,
    redis_or_skip,
    sign_in,
    text_of,
)
from sqlalchemy import event, text, update

from codesign import create_app
from codesign.auth.passwords import hash_password
from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import Challenge, Comment, Idea, ServiceArea, Support, User


class Sink:
    """An SMTP server on loopback that keeps what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content.decode("utf8", "replace"))
        return "250 OK"

    def wait_for(self, count=1, timeout=5):
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages

    def bodies(self):
        """The plain-text body of each message received, decoded."""
        return [
            email.message_from_string(raw, policy=email.policy.default)
            .get_body(("plain",)).get_content()
            for raw in self.messages
        ]

    def links(self):
        """Every http(s) link in the mail received so far, in order."""
        found = []
        for body in self.bodies():
            found += re.findall(r"https?://[^\s<>\"]+", body)
        return found


@pytest.fixture(scope="session")
def smtp_sink():
    sink = Sink()
    sink.port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    yield sink
    controller.stop()


def _reset_postgres_schema(app):
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="session")
def app(tmp_path_factory, smtp_sink):
    url = os.environ.get("TEST_DATABASE_URL") or (
        "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.db")
    )
    app = create_app({
        "ENV_NAME": "testing",
        "SQLALCHEMY_DATABASE_URI": url,
        "SERVER_NAME": "localhost",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_sink.port,
        "MAIL_DEFAULT_SENDER": "Codesign <no-reply@codesign.test>",
    })
    # Buffered responses are closed at once, so work that runs when a response
    # closes (mail delivery) has happened before the test reads the outcome.
    app.test_client_class = BufferedClient
    if url.startswith("postgresql"):
        _reset_postgres_schema(app)
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean(app, smtp_sink):
    smtp_sink.messages.clear()
    yield
    empty_tables(app)


@pytest.fixture
def trusting(app, monkeypatch):
    """Every confirmed reporter's report counts towards hiding, for the tests
    of what enough reports do (test_reports.py tests who earns that trust)."""
    monkeypatch.setitem(app.config, "REPORT_TRUST_AFTER_HOURS", 0)
    monkeypatch.setitem(app.config, "REPORT_TRUST_NEEDS_PARTICIPATION", False)


@pytest.fixture
def ctx(app):
    """An application context, for calling services and models directly."""
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def statements(app):
    """The SQL statements sent to the database, transaction control aside."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_client(app):
    return app.test_client


class Factory:
    """Builds rows directly and commits them, for arranging a test."""

    def __init__(self, app):
        self.app = app
        self.counter = 0

    def _next(self):
        self.counter += 1
        return self.counter

    def user(self, name=None, email=None, confirmed=True, role="resident", password=PASSWORD):
        n = self._next()
        with self.app.app_context():
            user = User(
                email=(email or f"user{n}@example.test").lower(),
                display_name=name or f"Resident {n}",
                password_hash=hash_password(password),
                role=role,
                confirmed_at=utcnow() if confirmed else None,
            )
            db.session.add(user)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
        return user

    def area(self, name=None):
        with self.app.app_context():
            area = ServiceArea(name=name or f"Service {self._next()}")
            db.session.add(area)
            db.session.commit()
            db.session.refresh(area)
            db.session.expunge(area)
        return area

    def challenge(self, area=None, question=None, open_=True):
        area = area or self.area()
        now = utcnow()
        opens, closes = ((now - timedelta(days=1), now + timedelta(days=30)) if open_
                         else (now - timedelta(days=30), now - timedelta(days=1)))
        with self.app.app_context():
            challenge = Challenge(
                question=question or f"How might we improve service {self._next()}?",
                description="", service_area_id=area.id, opens_at=opens, closes_at=closes,
            )
            db.session.add(challenge)
            db.session.commit()
            db.session.refresh(challenge)
            db.session.expunge(challenge)
        return challenge

    def idea(self, author=None, area=None, title=None, description="A **better** way.", **extra):
        author = author or self.user()
        area = area or self.area()
        now = utcnow()
        with self.app.app_context():
            idea = Idea(title=title or f"Idea {self._next()}", description=description,
                        service_area_id=area.id, author_id=author.id,
                        created_at=extra.pop("created_at", now), updated_at=now, **extra)
            db.session.add(idea)
            db.session.commit()
            idea_id = idea.id
        return self.get(Idea, idea_id)

    def comment(self, idea, author, body="A comment"):
        """A comment on an idea, counted on the idea as posting one would."""
        with self.app.app_context():
            row = Comment(idea_id=idea.id, author_id=author.id, body=body)
            db.session.add(row)
            db.session.execute(update(Idea).where(Idea.id == idea.id)
                               .values(comment_count=Idea.comment_count + 1))
            db.session.commit()
            comment_id = row.id
        return self.get(Comment, comment_id)

    def support(self, idea, *users):
        """Supports for the idea from these users, counted as voting would."""
        with self.app.app_context():
            for user in users:
                db.session.add(Support(user_id=user.id, idea_id=idea.id))
            db.session.get(Idea, idea.id).support_count += len(users)
            db.session.commit()

    def get(self, model, pk):
        """A fresh, detached copy of a row, as the database has it now."""
        with self.app.app_context():
            obj = db.session.get(model, pk)
            if obj is not None:
                db.session.refresh(obj)
                db.session.expunge(obj)
            return obj


@pytest.fixture
def factory(app):
    return Factory(app)


@pytest.fixture
def resident(factory):
    return factory.user(name="Rosa Resident")


@pytest.fixture
def resident_client(make_client, resident):
    client = make_client()
    sign_in(client, resident)
    return client


@pytest.fixture
def browser_for(make_client):
    """browser_for(user): a Browser signed in as that user."""
    def build(user):
        client = make_client()
        sign_in(client, user)
        return Browser(client, user)
    return build


@pytest.fixture
def rosa(browser_for, resident):
    return browser_for(resident)


@pytest.fixture
def author(factory):
    return factory.user(name="Ada Author")


@pytest.fixture
def idea(factory, author):
    return factory.idea(author=author, title="Benches in the park")


@pytest.fixture
def staff_user(factory):
    return factory.user(name="Sam Staff", role="staff")


@pytest.fixture
def staff(browser_for, staff_user):
    return browser_for(staff_user)


@pytest.fixture
def moderator(browser_for, factory):
    return browser_for(factory.user(name="Mo Moderator", role="moderator"))


