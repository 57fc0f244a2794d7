"""What the tests share besides fixtures: signing a client in, reading a
form's CSRF token and a page's words, counting rows, and the Redis the
cross-process tests use. Fixtures live in conftest.py, which imports these."""
import html
import os
import re
import socket

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select, text

from codesign.extensions import db

PASSWORD = "a long enough passphrase"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class BufferedClient(FlaskClient):
    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)
        return super().open(*args, **kwargs)


# Ids start at 1 again in every test, as on SQLite once its tables are empty.
RESTART_SEQUENCES = text(
    "SELECT setval(c.oid, 1, false) FROM pg_class c"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE c.relkind = 'S' AND n.nspname = current_schema()"
)


def empty_tables(app):
    with app.app_context():
        db.session.remove()
        tables = list(reversed(db.metadata.sorted_tables))
        with db.engine.begin() as conn:
            # DELETE, not TRUNCATE: a test leaves a few rows, and TRUNCATE
            # makes new files for every table (about 130 ms a test on
            # PostgreSQL, against a few for DELETE).
            for table in tables:
                conn.execute(table.delete())
            if conn.dialect.name == "postgresql":
                conn.execute(RESTART_SEQUENCES)


def change(app, model, pk, **values):
    """Set a row's columns and commit, as another request would."""
    with app.app_context():
        row = db.session.get(model, pk)
        for name, value in values.items():
            setattr(row, name, value)
        db.session.commit()


def kept(app):
    """How many fragments this app's workers keep (codesign/fragments.py)."""
    from codesign import fragments
    return len(app.extensions[fragments.EXTENSION].fragments)


def login_id(app, user):
    """A new signed-in session for user (a row, as signing in makes) and the
    login id its cookie carries."""
    from codesign.auth import sessions
    from codesign.models import User
    with app.app_context():
        value = sessions.open_session(db.session.get(User, user.id), "Test client")
        db.session.commit()
    return value


def sign_in(client, user):
    """Sign a test client in as user without the login form (auth tests use the form)."""
    value = login_id(client.application, user)
    with client.session_transaction() as session:
        session["_user_id"] = value
        session["_fresh"] = True


def csrf_token(client, path="/ideas"):
    """A CSRF token for this client's session, read from a rendered page."""
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


class Browser:
    """A signed-in test client that sends its CSRF token with every POST."""

    def __init__(self, client, user=None):
        self.client = client
        self.token = csrf_token(client)
        self.user = user

    def get(self, path, **kwargs):
        return self.client.get(path, **kwargs)

    def post(self, path, data=None, **kwargs):
        return self.client.post(path, data={**(data or {}), "csrf_token": self.token}, **kwargs)


def text_of(response):
    """A page's HTML with its entities decoded, to look for words in."""
    return html.unescape(response.get_data(as_text=True))


def count(app, model, *where, **filters):
    """How many rows: count(app, Support, Support.idea_id == 3) or count(app, Support, idea_id=3)."""
    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(model).where(*where).filter_by(**filters))


# The tests about Redis (rate limits shared between processes, the page cache)
# use this database, and are skipped if it is not answering.
# TEST_REDIS_URL lets two suites run side by side (CI runs SQLite and
# PostgreSQL at once) without sharing counters.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_or_skip():
    redis = pytest.importorskip("redis")
    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5)
    try:
        connection.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis is not answering at {REDIS_URL}: {error}")
    return connection
