"""A pooled connection to PostgreSQL is pinged only when it may have been cut
(codesign/database.py): idle for a while, or with something waiting on its
socket. A busy worker saves the ping's round trip; a connection the server
ended is still replaced before the request uses it. And no statement is
prepared on the server."""
import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from codesign import database
from codesign.extensions import db


@pytest.fixture
def pings(app, monkeypatch):
    """The pings the app's engine sends, counted."""
    with app.app_context():
        dialect = db.engine.dialect
    if dialect.name != "postgresql":
        pytest.skip("the ping is only for a database server (TEST_DATABASE_URL)")
    sent = []
    ping = dialect.do_ping

    def counted(dbapi_connection):
        sent.append(dbapi_connection)
        return ping(dbapi_connection)

    monkeypatch.setattr(dialect, "do_ping", counted)
    return sent


def end_the_apps_sessions(app):
    """What a server restart or pg_terminate_backend does to the pooled
    connections: their sessions end, from the server's side."""
    with app.app_context():
        url = db.engine.url
    admin = create_engine(url, poolclass=NullPool)
    try:
        with admin.connect() as conn:
            ended = conn.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                "AND backend_type = 'client backend'")).all()
            conn.commit()
            # pg_terminate_backend only signals: wait until the sessions are gone.
            for _ in range(1000):
                if not conn.execute(text(
                        "SELECT pg_stat_clear_snapshot(), count(*) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                        "AND backend_type = 'client backend'")).one()[1]:
                    break
                conn.commit()
                time.sleep(0.01)
    finally:
        admin.dispose()
    return len(ended)


def test_a_connection_in_use_is_not_pinged(client, pings, monkeypatch):
    monkeypatch.setattr(database, "PING_AFTER_IDLE_SECONDS", 3600)
    assert client.get("/healthz").status_code == 200
    pings.clear()
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
    assert pings == []


def test_a_connection_idle_for_a_while_is_pinged(client, pings, monkeypatch):
    assert client.get("/healthz").status_code == 200
    monkeypatch.setattr(database, "PING_AFTER_IDLE_SECONDS", 0)
    pings.clear()
    assert client.get("/healthz").status_code == 200
    assert len(pings) == 1


def test_a_connection_the_server_ended_is_replaced_however_recently_used(
        app, client, pings, monkeypatch):
    # Never idle long enough to be pinged: only its socket can tell.
    monkeypatch.setattr(database, "PING_AFTER_IDLE_SECONDS", 3600)
    assert client.get("/healthz").status_code == 200
    assert end_the_apps_sessions(app) >= 1
    pings.clear()
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert len(pings) >= 1  # the ended connection's, which failed and was replaced
    assert client.get("/api/v1/ideas").status_code == 200


def test_statements_are_not_prepared_on_the_server(app, client, pings):
    """psycopg would forget them at every read-only request's ROLLBACK and
    send DEALLOCATE ALL, a round trip, in the next (codesign/database.py)."""
    with app.app_context():
        with db.engine.connect() as conn:
            assert conn.connection.dbapi_connection.prepare_threshold is None
