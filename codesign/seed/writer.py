"""Bulk writing at millions of rows: COPY on PostgreSQL, executemany in one
transaction on SQLite, rows streamed from generators in batches so memory
stays flat whatever the size. Ids are given by the seed, not the database, so
rows can point at each other without reading anything back."""
import time
from contextlib import contextmanager

from sqlalchemy import func, inspect, select

from ..database import refresh_statistics
from ..sanitise import render_markdown
from .allocate import SeedError

BATCH = 50_000
# For the load only: one transaction is the unit of safety, and a crash
# mid-load leaves an empty database to seed again. Foreign keys are checked
# once per table at the end instead of once per row. Restored afterwards.
SQLITE_LOAD_PRAGMAS = {"synchronous": "OFF", "cache_size": "-262144", "temp_store": "MEMORY",
                       "foreign_keys": "OFF"}


def stamp(moment):
    """Seconds since the epoch (UTC) as the naive timestamp text both databases
    read, in the format SQLAlchemy writes on SQLite so text comparisons agree."""
    return time.strftime("%Y-%m-%d %H:%M:%S.000000", time.gmtime(moment))


def html(source):
    """A text's stored HTML, from the app's sanitiser, as the services store it."""
    return str(render_markdown(source))


def day(moment):
    return time.strftime("%Y-%m-%d", time.gmtime(moment))


def _quote(name):
    return '"' + name + '"'


class BulkWriter:
    def __init__(self, connection, progress):
        self.connection = connection
        self.raw = connection.connection.driver_connection
        self.postgres = connection.dialect.name == "postgresql"
        self.progress = progress
        self.written = {}
        self._restore = {}

    # -- the load's settings ---------------------------------------------------

    def prepare(self):
        """Before the transaction begins: SQLite refuses these inside one."""
        if self.postgres:
            return
        for name, value in SQLITE_LOAD_PRAGMAS.items():
            self._restore[name] = self.raw.execute(f"PRAGMA {name}").fetchone()[0]
            self.raw.execute(f"PRAGMA {name}={value}")

    def restore(self):
        for name, value in self._restore.items():
            self.raw.execute(f"PRAGMA {name}={value}")

    def start(self):
        if self.postgres:
            self.connection.exec_driver_sql("SET LOCAL synchronous_commit = off")

    def next_id(self, table):
        return self.connection.scalar(select(func.coalesce(func.max(table.c.id), 0))) + 1

    # -- writing -----------------------------------------------------------------

    @contextmanager
    def _foreign_keys_after(self, table):
        """On PostgreSQL each row's foreign keys are checked by a trigger queued
        until the end of the statement (minutes for millions of rows); adding
        the constraint afterwards checks them all in one join instead."""
        if not self.postgres:
            yield
            return
        keys = inspect(self.connection).get_foreign_keys(table.name)
        for key in keys:
            self.connection.exec_driver_sql(
                f"ALTER TABLE {_quote(table.name)} DROP CONSTRAINT {_quote(key['name'])}")
        yield
        for key in keys:
            on_delete = key["options"].get("ondelete")
            self.connection.exec_driver_sql(
                f"ALTER TABLE {_quote(table.name)} ADD CONSTRAINT {_quote(key['name'])} "
                f"FOREIGN KEY ({', '.join(map(_quote, key['constrained_columns']))}) "
                f"REFERENCES {_quote(key['referred_table'])} "
                f"({', '.join(map(_quote, key['referred_columns']))})"
                + (f" ON DELETE {on_delete}" if on_delete else ""))

    @contextmanager
    def _without_participation_days(self, table):
        """On PostgreSQL, the triggers that number the days behind the staff
        dashboard's figures (migration 0027) are off while the table loads:
        each back-dated row would update its day's row, and millions of
        updates of a few rows in one transaction slow to a crawl. The days
        loaded are numbered afterwards, once each."""
        if not self.postgres:
            yield  # one upsert a row, a few microseconds: left on
            return
        names = self.connection.exec_driver_sql(
            "SELECT t.tgname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE t.tgrelid = %(table)s::regclass AND p.proname = 'participation_day_change'",
            {"table": table.name}).scalars().all()
        for name in names:
            self.connection.exec_driver_sql(
                f"ALTER TABLE {_quote(table.name)} DISABLE TRIGGER {_quote(name)}")
        yield
        for name in names:
            self.connection.exec_driver_sql(
                f"ALTER TABLE {_quote(table.name)} ENABLE TRIGGER {_quote(name)}")
        # What the triggers would have done, once per day rather than per row:
        # a running worker may keep counts of these days from before the load.
        if any("_weeks_" in name for name in names):
            self._number_days(
                "weeks", f"SELECT DISTINCT CAST(created_at AS date) FROM {_quote(table.name)}")
        if any("_answers_" in name for name in names):
            self._number_days("answers", "SELECT CAST(now() AT TIME ZONE 'UTC' AS date)")

    def _number_days(self, kind, days):
        """Change the number of each of the days (a SELECT of dates) under
        kind, as migration 0027's triggers do."""
        self.connection.exec_driver_sql(
            "INSERT INTO participation_day (kind, day, version) "
            f"SELECT %(kind)s, day, floor(random() * 1000000000000)::bigint FROM ({days}) AS d(day) "
            "ON CONFLICT (kind, day) DO UPDATE SET version = participation_day.version + 1",
            {"kind": kind})

    def insert(self, table, columns, rows, total=None):
        """Stream tuples (in the order of columns) into table; returns how many."""
        with self._without_participation_days(table):
            if total and total >= BATCH:
                with self._foreign_keys_after(table):
                    return self._insert(table, columns, rows, total)
            return self._insert(table, columns, rows, total)

    def _insert(self, table, columns, rows, total):
        started = time.monotonic()
        names = ", ".join(_quote(c) for c in columns)
        written = 0
        if self.postgres:
            cursor = self.raw.cursor()
            with cursor.copy(f"COPY {_quote(table.name)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    written += 1
                    if written % BATCH == 0:
                        self._report(table.name, written, total, started)
        else:
            marks = ", ".join("?" * len(columns))
            sql = f"INSERT INTO {_quote(table.name)} ({names}) VALUES ({marks})"
            cursor = self.raw.cursor()
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) == BATCH:
                    cursor.executemany(sql, batch)
                    written += len(batch)
                    batch.clear()
                    self._report(table.name, written, total, started)
            cursor.executemany(sql, batch)
            written += len(batch)
        self.written[table.name] = self.written.get(table.name, 0) + written
        self._report(table.name, written, total, started, done=True)
        return written

    def update(self, table, columns, rows):
        """UPDATE table SET columns WHERE id: each row is (*values, id)."""
        mark = "%s" if self.postgres else "?"
        assignments = ", ".join(f"{_quote(c)} = {mark}" for c in columns)
        sql = f"UPDATE {_quote(table.name)} SET {assignments} WHERE id = {mark}"
        self.raw.cursor().executemany(sql, rows)

    def finish(self):
        """Check SQLite's foreign keys, or point PostgreSQL's id sequences past
        the ids given; then refresh the planner's statistics, as the daily
        `retention run` does on SQLite and autovacuum on PostgreSQL."""
        if not self.postgres:
            for name in self.written:
                broken = self.raw.execute(f"PRAGMA foreign_key_check({_quote(name)})").fetchall()
                if broken:
                    raise SeedError(f"{len(broken)} rows of {name} point at nothing: {broken[:3]}")
            refresh_statistics(self.connection)
            return
        for name in self.written:
            self.connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{_quote(name)}', 'id'), "
                f"(SELECT MAX(id) FROM {_quote(name)}))"
            )
        self.connection.exec_driver_sql("ANALYZE " + ", ".join(_quote(n) for n in self.written))

    def _report(self, name, written, total, started, done=False):
        share = f" of {total:,} ({written / total:.0%})" if total else ""
        self.progress(f"  {name}: {written:,}{share}{' done' if done else ''} "
                      f"in {time.monotonic() - started:.1f}s")
