"""`flask notifications digest`: the daily email, for cron."""
import click

from ..clock import utcnow
from ..extensions import db
from ..mail import deliver_due
from ..models import User
from . import bp, mailing


@bp.cli.command("digest")
def digest_command():
    """Email each daily-digest user what is waiting for them (run it once a day)."""
    now = utcnow()
    sent = 0
    for user_id in mailing.digest_recipient_ids():
        user = db.session.get(User, user_id)
        if mailing.send_digest(user, now):
            sent += 1
        # One user at a time: a failure later on does not resend these.
        db.session.commit()
    delivered, failed = deliver_due(limit=10_000)
    click.echo(f"{sent} digests queued; {delivered} emails sent, {failed} kept for retry")
