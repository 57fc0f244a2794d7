"""`flask mail send` and `flask mail status`: the outbox from cron and by hand
(codesign/mail.py delivers; this only drives it)."""
import click
from flask import current_app
from sqlalchemy import select

from .extensions import db
from .mail import deliver_due, header_text
from .models import OutboxMessage


def given_up():
    """Messages that failed MAIL_MAX_ATTEMPTS times, newest first."""
    return db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None),
               OutboxMessage.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"])
        .order_by(OutboxMessage.id.desc())
    ).all()


def init_app(app):
    @app.cli.group("mail")
    def mail_group():
        """Outgoing email."""

    @mail_group.command("send")
    def send_command():
        """Deliver every message that is due (run it from cron)."""
        sent, failed = deliver_due(limit=10_000)
        click.echo(f"{sent} sent, {failed} failed (kept for retry)")

    @mail_group.command("status")
    def status_command():
        """Count the messages waiting in the outbox, and list those given up on."""
        pending = db.session.scalar(
            select(db.func.count()).select_from(OutboxMessage)
            .where(OutboxMessage.sent_at.is_(None),
                   OutboxMessage.attempts < app.config["MAIL_MAX_ATTEMPTS"])
        )
        failed = given_up()
        click.echo(f"{pending} waiting, {len(failed)} failed")
        for message in failed:
            click.echo(f"failed: #{message.id} to {message.to_address}, "
                       f"{message.attempts} attempts, created {message.created_at:%Y-%m-%d %H:%M}, "
                       f"last error: {header_text(message.last_error)}")
