"""Keeping no more than needed, for no longer than needed:
`flask --app codesign retention run`, from cron once a day.

Each sweep deletes what is older than its setting (RETENTION_*_DAYS in
config.py), so running it again removes nothing more: it is idempotent.
A sweep over a table the schema does not have (sign-in events come with the
account pages) is skipped, so the command runs on any revision.
"""
from dataclasses import dataclass
from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import delete, exists, inspect, select

from .clock import utcnow
from .database import refresh_statistics
from .deletion.services import KEEP, clear_rows, user_foreign_keys
from .extensions import db
from .models import Notification, OutboxMessage, User

# What a sign-in event's time may be called (the table is the account area's).
SIGN_IN_TIME_COLUMNS = ("created_at", "signed_in_at", "occurred_at", "at")


@dataclass
class Sweep:
    name: str  # what people read: "unconfirmed accounts"
    removed: int = 0
    kept: int = 0  # found old enough but kept, for the reason the line gives
    skipped: str = ""  # why the sweep did not run at all


def _cutoff(setting):
    return utcnow() - timedelta(days=current_app.config[setting])


def _has_table(name):
    return name in db.metadata.tables and inspect(db.session.connection()).has_table(name)


def _pinned(user_id):
    """Whether a row that must stay (an idea, a report, a log line...) points at the account."""
    return any(db.session.scalar(select(exists().where(column == user_id)))
               for table, columns in user_foreign_keys().items() if table.name in KEEP
               for column in columns)


def sweep_unconfirmed_accounts():
    """Accounts whose address was never confirmed, RETENTION_UNCONFIRMED_DAYS
    after registering. Such an account cannot propose, support, comment or
    report, but a moderator may have blocked it, or something else may point
    at it: those stay (and are counted), so no foreign key is broken."""
    sweep = Sweep("unconfirmed accounts")
    old = select(User).where(User.confirmed_at.is_(None), User.deleted_at.is_(None),
                             User.created_at < _cutoff("RETENTION_UNCONFIRMED_DAYS"))
    for user in db.session.scalars(old.order_by(User.id)).all():
        if _pinned(user.id):
            sweep.kept += 1
            continue
        for table, columns in user_foreign_keys().items():
            if table.name not in KEEP:
                clear_rows(table, columns, user.id)
        db.session.execute(delete(OutboxMessage).where(OutboxMessage.to_address == user.email))
        db.session.execute(delete(User).where(User.id == user.id))
        sweep.removed += 1
    db.session.flush()
    return sweep


def sweep_sent_mail():
    sweep = Sweep("sent emails")
    sweep.removed = db.session.execute(
        delete(OutboxMessage).where(OutboxMessage.sent_at < _cutoff("RETENTION_SENT_MAIL_DAYS"))
        .execution_options(synchronize_session=False)).rowcount
    return sweep


def sweep_sign_in_events():
    sweep = Sweep("sign-in events")
    if not _has_table("sign_in_event"):
        sweep.skipped = "no sign_in_event table in this schema"
        return sweep
    table = db.metadata.tables["sign_in_event"]
    column = next((table.c[name] for name in SIGN_IN_TIME_COLUMNS if name in table.c), None)
    if column is None:
        sweep.skipped = "sign_in_event has no time column this command knows"
        return sweep
    sweep.removed = db.session.execute(
        delete(table).where(column < _cutoff("RETENTION_SIGN_IN_DAYS"))).rowcount
    return sweep


def sweep_read_notifications():
    sweep = Sweep("read notifications")
    sweep.removed = db.session.execute(
        delete(Notification)
        .where(Notification.read_at < _cutoff("RETENTION_READ_NOTIFICATIONS_DAYS"))
        .execution_options(synchronize_session=False)).rowcount
    return sweep


SWEEPS = (sweep_unconfirmed_accounts, sweep_sent_mail, sweep_sign_in_events,
          sweep_read_notifications)


def run_retention():
    """Every sweep, in one transaction the caller commits; a Sweep for each."""
    return [sweep() for sweep in SWEEPS]


def describe(sweeps):
    lines = []
    for sweep in sweeps:
        if sweep.skipped:
            lines.append(f"{sweep.name}: skipped ({sweep.skipped})")
            continue
        line = f"{sweep.name}: {sweep.removed} removed"
        if sweep.kept:
            line += f", {sweep.kept} kept (other records point at them)"
        lines.append(line)
    return lines


def init_app(app):
    group = AppGroup("retention", help="Remove what the site no longer needs to keep.")

    @group.command("run")
    def run_command():
        """Delete unconfirmed accounts, sent emails, sign-in events and read
        notifications older than their RETENTION_*_DAYS settings; then refresh
        SQLite's planner statistics."""
        sweeps = run_retention()
        db.session.commit()
        for line in describe(sweeps):
            click.echo(line)
        with db.engine.begin() as connection:
            click.echo(f"planner statistics: {refresh_statistics(connection)}")

    app.cli.add_command(group)
