"""Outgoing email through an outbox table.

A message is written in the same transaction as the change that caused it, so
it exists exactly when the change does. The same process then delivers it,
after the response has been sent, so no worker is needed and the reply time
does not tell whether an email went out. A message that cannot be
delivered (SMTP down) stays in the table and is tried again, with back-off, at
the end of any later request that sends mail, or by ``flask mail send`` (cron).
Without MAIL_SERVER the message is written to the application log instead.
"""
import logging
import smtplib
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import click
from flask import after_this_request, current_app, g, has_request_context, render_template
from jinja2 import TemplateNotFound
from sqlalchemy import select, update

from .clock import utcnow
from .extensions import db
from .models import OutboxMessage

CLAIM_FOR = timedelta(minutes=5)
MAX_BACKOFF = timedelta(hours=1)
BATCH = 50


def queue(to_address, subject, template, unsubscribe_url=None, **context):
    """Write a message to the outbox; it leaves when the transaction commits.

    templates/mail/<template>.txt is the text; <template>.html, if it exists,
    an HTML alternative (autoescaped, user text through the sanitiser only)."""
    try:
        html_template = current_app.jinja_env.get_template(f"mail/{template}.html")
    except TemplateNotFound:
        html_template = None
    context["unsubscribe_url"] = unsubscribe_url
    message = OutboxMessage(
        to_address=to_address,
        subject=subject,
        text_body=render_template(f"mail/{template}.txt", **context),
        html_body=render_template(html_template, **context) if html_template else None,
        unsubscribe_url=unsubscribe_url,
    )
    db.session.add(message)
    db.session.flush()
    if has_request_context() and not g.get("mail_queued"):
        g.mail_queued = True
        after_this_request(_deliver_after_response)
    return message


def _deliver_after_response(response):
    app = current_app._get_current_object()

    def deliver():
        with app.app_context():
            try:
                deliver_due()
            except Exception:  # never fail a finished request over mail
                db.session.rollback()
                app.logger.exception("Email delivery failed; the outbox keeps it")
            finally:
                db.session.remove()

    response.call_on_close(deliver)
    return response


def _backoff(attempts):
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _claim(message_id, now):
    """Take one message for this process; another process may be sending too."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.next_attempt_at <= now,
        )
        .values(attempts=OutboxMessage.attempts + 1, next_attempt_at=now + CLAIM_FOR)
    )
    db.session.commit()
    return result.rowcount == 1


def _as_email(message, sender):
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip("> ") or None)
    if message.unsubscribe_url:
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(message.text_body)
    if message.html_body:
        email.add_alternative(message.html_body, subtype="html")
    return email


def _transmit(email):
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        current_app.logger.info("Email (MAIL_SERVER is not set, so it is logged):\n%s", email)
        return
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"],
                      timeout=config["MAIL_TIMEOUT"]) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(email)


def deliver_due(limit=BATCH):
    """Send what is due. Returns (sent, failed)."""
    now = utcnow()
    ids = db.session.scalars(
        select(OutboxMessage.id)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    db.session.commit()
    sent = failed = 0
    for message_id in ids:
        if not _claim(message_id, now):
            continue
        message = db.session.get(OutboxMessage, message_id)
        try:
            _transmit(_as_email(message, current_app.config["MAIL_DEFAULT_SENDER"]))
        except (OSError, smtplib.SMTPException) as error:
            message.last_error = f"{type(error).__name__}: {error}"[:1000]
            message.next_attempt_at = utcnow() + _backoff(message.attempts)
            failed += 1
            current_app.logger.warning("Email %s not delivered, will retry: %s",
                                       message.id, message.last_error)
        else:
            message.sent_at = utcnow()
            message.last_error = None
            sent += 1
        db.session.commit()
    return sent, failed


def init_app(app):
    if not app.config.get("MAIL_SERVER") and app.logger.getEffectiveLevel() > logging.INFO:
        app.logger.setLevel(logging.INFO)

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
        """Count the messages waiting in the outbox."""
        pending = db.session.scalar(
            select(db.func.count()).select_from(OutboxMessage)
            .where(OutboxMessage.sent_at.is_(None))
        )
        click.echo(f"{pending} waiting")
