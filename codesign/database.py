"""Engine set-up: SQLite's behaviour under several processes, and when a
pooled connection to a database server is pinged before use."""
import functools
import select
import time

from flask import has_request_context, request
from sqlalchemy import event, exc
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

SQLITE_BUSY_TIMEOUT_MS = 15000
# GET routes that write (following an emailed link) take the write lock too.
WRITING_GET_ENDPOINTS = frozenset({"auth.confirm"})
# A pooled connection idle for longer than this is pinged before use, whatever
# its socket says (see _ping_when_in_doubt).
PING_AFTER_IDLE_SECONDS = 1.0
_LAST_USED = "codesign_last_used"


def configure_engine(engine: Engine):
    if engine.dialect.name != "sqlite":
        _ping_when_in_doubt(engine)
        if engine.dialect.driver == "psycopg":
            event.listen(engine, "connect", _unprepared)
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not the driver, issue BEGIN (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # A deferred transaction that reads and then writes can fail at once
        # with "database is locked" whatever the busy timeout; taking the write
        # lock at BEGIN makes writers queue instead. Most GET requests only read.
        if (has_request_context() and request.method in ("GET", "HEAD", "OPTIONS")
                and request.endpoint not in WRITING_GET_ENDPOINTS):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


def _ping_when_in_doubt(engine):
    """Ping a pooled connection (SELECT 1, a round trip) before use only when
    it may have been cut: idle for over PING_AFTER_IDLE_SECONDS, or with
    something waiting on its socket. pool_pre_ping pings before every
    checkout, a round trip in every request, for nothing on a busy site.

    A server that restarts or ends a session (pg_terminate_backend, an idle
    timeout) sends its farewell and closes the socket, which the kernel then
    reports readable at once, while an idle connection in good order has
    nothing to read: asking the kernel costs no round trip. What it cannot
    see (a path that died silently) happens to connections left idle, and
    those are pinged. As with pool_pre_ping, a failed ping replaces every
    pooled connection older than it, so the request goes on with a new one.
    """
    dialect = engine.dialect

    @event.listens_for(engine, "connect")
    def _connected(_dbapi_connection, record):
        record.info[_LAST_USED] = time.monotonic()

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_connection, record):
        record.info[_LAST_USED] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping(dbapi_connection, record, _proxy):
        idle = time.monotonic() - record.info.get(_LAST_USED, 0.0)
        if idle < PING_AFTER_IDLE_SECONDS and not _socket_has_news(dbapi_connection):
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            if dialect.is_disconnect(error, dbapi_connection, None):
                raise exc.InvalidatePoolError() from error
            raise
        record.info[_LAST_USED] = time.monotonic()


def _unprepared(dbapi_connection, _record):
    """No server-side prepared statements. psycopg prepares a statement run
    five times on a connection, but forgets them all at every ROLLBACK (which
    ends every request that only read) and then sends DEALLOCATE ALL: a round
    trip more for the next read-only request, and another to prepare each
    statement again, for plans that rarely live to be used."""
    dbapi_connection.prepare_threshold = None


def _socket_has_news(dbapi_connection):
    """Whether the kernel holds anything for this idle connection to read
    (a server's farewell, or its end of the socket closed); True when it
    cannot tell."""
    try:
        poller = select.poll()
        poller.register(dbapi_connection.fileno(), select.POLLIN | select.POLLPRI)
    except Exception:  # closed already, a driver without fileno(), no poll() here
        return True
    return bool(poller.poll(0))


@functools.cache
def _insert_unless_exists_statement(table, unique_columns, dialect_name):
    insert = pg_insert if dialect_name == "postgresql" else sqlite_insert
    return (
        insert(table)
        .on_conflict_do_nothing(index_elements=list(unique_columns))
        # rowcount is -1 for this on PostgreSQL: ask for the new row instead.
        .returning(table.c.id)
    )


def insert_unless_exists(session, model, values, unique_columns):
    """INSERT ... ON CONFLICT DO NOTHING on the model's unique columns.

    Returns the new row's id, or None when the row was there already: the
    database, not a read beforehand, decides, so concurrent requests agree.
    The statement is built once per table and runs on the table itself, which
    costs a fraction of an ORM insert (supports and follows run it often).
    """
    if session.autoflush:
        session.flush()  # as an ORM statement would, so rows it refers to exist
    statement = _insert_unless_exists_statement(
        model.__table__, tuple(unique_columns), session.get_bind().dialect.name)
    return session.execute(statement, values).scalar()


def refresh_statistics(connection):
    """SQLite's planner statistics, which it never gathers by itself (PostgreSQL's
    autovacuum does). Without them it reads the staff queue through the index on
    status and sorts every idea owed an answer (90 ms a view at 30,000 ideas)
    instead of reading the queue's own index in order. Returns what was run."""
    if connection.dialect.name != "sqlite":
        return "left to autovacuum"
    # A sample of each index is enough for the planner, and keeps the write lock short.
    connection.exec_driver_sql("PRAGMA analysis_limit=1000")
    connection.exec_driver_sql("ANALYZE")
    return "refreshed"


class likely(FunctionElement):  # noqa: N801 (named as SQLite's function)
    """A condition the planner is to take as true of most rows: SQLite's
    likely(); other databases get the condition as it is. Given with a
    condition an index could serve, it keeps SQLite from choosing that
    index over one that gives the rows in the order asked for."""

    # Untyped: a boolean-typed expression would be compared with 1 on SQLite,
    # which hides the condition from the planner.
    name = "likely"
    inherit_cache = True


@compiles(likely)
def _likely(element, compiler, **kw):
    return f"({compiler.process(element.clauses, **kw)})"


@compiles(likely, "sqlite")
def _likely_on_sqlite(element, compiler, **kw):
    return f"likely({compiler.process(element.clauses, **kw)})"
