"""Outgoing email through an outbox table.

A message is written in the same transaction as the change that caused it, so
it exists exactly when the change does. The same process then delivers it,
after the response has been sent (DeliverAtTheEnd, a WSGI middleware), the
request's own messages first, so no worker is needed, the reply time does
not tell whether an email went out, and nothing waits for a later request.
A message that cannot be delivered (SMTP down, or a message that cannot be
built) stays in the table
and is tried again, with back-off, at the end of any later request that sends
mail, or by ``flask mail send`` (cron), until MAIL_MAX_ATTEMPTS; one message's
failure never holds up another. Without MAIL_SERVER the message is written to
the application log instead, decoded, so its links can be copied.

Every link in an email is built by ``absolute_url`` from BASE_URL, never from
the request, whose Host header the sender chooses.
"""
import logging
import smtplib
from datetime import timedelta
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import formatdate, make_msgid
from urllib.parse import quote, urlsplit

from flask import (
    current_app,
    g,
    has_app_context,
    has_request_context,
    render_template,
    request,
)
from jinja2 import TemplateNotFound
from sqlalchemy import select, update
from werkzeug.wsgi import ClosingIterator

from .clock import utcnow
from .extensions import db
from .formtext import CONTROL
from .models import OutboxMessage

CLAIM_FOR = timedelta(minutes=5)
MAX_BACKOFF = timedelta(hours=1)
BATCH = 50
PENDING_KEY = "codesign.mail"  # in the WSGI environ: what the request leaves to do
# Header lines up to RFC 5322's limit: a long List-Unsubscribe URL stays one
# plain ASCII line that mail programs act on, not RFC 2047 encoded words.
HEADER_POLICY = default_policy.clone(max_line_length=998)


def absolute_url(endpoint, **values):
    """The URL of an endpoint at BASE_URL, for emails (and a template global).

    Built without the request, so neither Host nor X-Forwarded-Host can change it."""
    base = urlsplit(current_app.config["BASE_URL"])
    anchor = values.pop("_anchor", None)
    current_app.inject_url_defaults(endpoint, values)
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                       url_scheme=base.scheme)
    url = adapter.build(endpoint, values, force_external=True)
    return f"{url}#{quote(anchor, safe='-_.~')}" if anchor else url


def header_text(value):
    """A header value on one line: control characters become a space (a line
    break in a header would end it, or start another)."""
    return CONTROL.sub(" ", str(value or "")).strip()


def after_response(task, *args):
    """Run ``task(*args)`` once the response has been sent, in a transaction of
    its own, before that request's mail is delivered; at once outside a request.

    For work whose duration must not show in the response time, such as
    finding out whether an address is registered."""
    if not has_request_context():
        return task(*args)
    _pending().tasks.append((task, args))
    return None


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
    pending = _pending()
    if pending is not None:
        pending.ids.append(message.id)
    return message


class _Pending:
    """What a request leaves to do once its response has gone: work, then
    the messages it queued (by id, so they go first, whatever else is due)."""

    def __init__(self):
        self.tasks = []
        self.ids = []


def _pending():
    """This request's list, or that of the delivery running now (work done
    after a response can queue mail too); None elsewhere, where cron sends."""
    if has_request_context():
        return request.environ.setdefault(PENDING_KEY, _Pending())
    return g.get("mail_pending") if has_app_context() else None


class DeliverAtTheEnd:
    """WSGI middleware: when a response has been sent, hand the mail its
    request queued to SMTP (or the log).

    Every WSGI server (gunicorn's workers of each kind, Werkzeug's) closes a
    response's iterable once it has written it, for a redirect and for a
    streamed body alike, in the process that answered. Flask's own hooks
    are not enough: ``after_this_request`` never runs for mail queued while a
    streamed body is being produced. The request's messages are sent first,
    by id: before, a request sent the oldest BATCH due messages, so behind a
    burst of notifications (which other workers were sending at the same
    time, one by one) a new confirmation waited for some later request."""

    def __init__(self, app, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        try:
            body = self.wsgi_app(environ, start_response)
        except BaseException:
            self.deliver(environ)
            raise
        return ClosingIterator(body, lambda: self.deliver(environ))

    def deliver(self, environ):
        pending = environ.pop(PENDING_KEY, None)
        if pending is None or not (pending.tasks or pending.ids):
            return
        app = self.app
        with app.app_context():
            g.mail_pending = later = _Pending()
            try:
                for task, args in pending.tasks:
                    _run_task(app, task, args)
                deliver_ids(pending.ids + later.ids)
                deliver_due()
            except Exception:  # never fail a finished request over mail
                db.session.rollback()
                app.logger.exception("Email delivery failed; the outbox keeps it")
            finally:
                db.session.remove()


def _run_task(app, task, args):
    try:
        task(*args)
        db.session.commit()
    except Exception:
        db.session.rollback()
        app.logger.exception("Work after the response failed: %s", getattr(task, "__name__", task))


def _backoff(attempts):
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _due(now):
    """What may be sent now: unsent, due, and not given up on."""
    return (OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= now,
            OutboxMessage.attempts < current_app.config["MAIL_MAX_ATTEMPTS"])


def _claim(message_id, now):
    """Take one message for this process; another process may be sending too."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, *_due(now))
        .values(attempts=OutboxMessage.attempts + 1, next_attempt_at=now + CLAIM_FOR)
    )
    db.session.commit()
    return result.rowcount == 1


def _as_email(message, sender):
    email = EmailMessage()
    email["From"] = header_text(sender)
    email["To"] = header_text(message.to_address)
    email["Subject"] = header_text(message.subject)
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip("> ") or None)
    if message.unsubscribe_url:
        email["List-Unsubscribe"] = f"<{header_text(message.unsubscribe_url)}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(message.text_body)
    if message.html_body:
        email.add_alternative(message.html_body, subtype="html")
    # Only now: the bodies' encodings were chosen for the usual 78 columns.
    email.policy = HEADER_POLICY
    return email


def _transmit(email):
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        current_app.logger.info("Email (MAIL_SERVER is not set, so it is logged):\n%s",
                                readable(email))
        return
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"],
                      timeout=config["MAIL_TIMEOUT"]) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(email)


def readable(email):
    """The message as a person reads it: its headers, then the decoded text,
    so every link stays whole on its line (the wire form is quoted-printable,
    which breaks long lines with a trailing "=")."""
    headers = "\n".join(f"{name}: {email[name]}" for name in ("From", "To", "Subject")
                        if email[name] is not None)
    return f"{headers}\n\n{email.get_body(('plain',)).get_content()}"


def deliver_due(limit=BATCH):
    """Send what is due, oldest first. Returns (sent, failed)."""
    now = utcnow()
    ids = db.session.scalars(
        select(OutboxMessage.id).where(*_due(now)).order_by(OutboxMessage.id).limit(limit)
    ).all()
    db.session.commit()
    return _send_each(ids, now)


def deliver_ids(ids):
    """Send these messages, if they exist and are due. Returns (sent, failed)."""
    return _send_each(ids, utcnow())


def _send_each(ids, now):
    sent = failed = 0
    for message_id in ids:
        if not _claim(message_id, now):
            continue
        message = db.session.get(OutboxMessage, message_id)
        try:
            _transmit(_as_email(message, current_app.config["MAIL_DEFAULT_SENDER"]))
        except Exception as error:  # whatever it is, it is this message's alone
            db.session.rollback()
            _record_failure(message_id, error)
            failed += 1
            continue
        message.sent_at = utcnow()
        message.last_error = None
        sent += 1
        db.session.commit()
    return sent, failed


def _record_failure(message_id, error):
    message = db.session.get(OutboxMessage, message_id)
    message.last_error = f"{type(error).__name__}: {error}"[:1000]
    message.next_attempt_at = utcnow() + _backoff(message.attempts)
    db.session.commit()
    if message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        current_app.logger.error("Email %s failed %d times and is given up on: %s",
                                 message.id, message.attempts, message.last_error)
    else:
        current_app.logger.warning("Email %s not delivered, will retry: %s",
                                   message.id, message.last_error)


def init_app(app):
    if not app.config.get("MAIL_SERVER") and app.logger.getEffectiveLevel() > logging.INFO:
        app.logger.setLevel(logging.INFO)
    app.jinja_env.globals["absolute_url"] = absolute_url
    app.wsgi_app = DeliverAtTheEnd(app, app.wsgi_app)
