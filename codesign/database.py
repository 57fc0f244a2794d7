"""Engine set-up that SQLite needs to behave under several processes."""
import functools

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

SQLITE_BUSY_TIMEOUT_MS = 15000
# GET routes that write (following an emailed link) take the write lock too.
WRITING_GET_ENDPOINTS = frozenset({"auth.confirm"})


def configure_engine(engine: Engine):
    if engine.dialect.name != "sqlite":
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
