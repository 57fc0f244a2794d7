"""`flask retention run` (issue 12): what the site no longer needs goes after
its period, once; everything else stays. Time moves by patching the clock."""
from datetime import timedelta

import pytest
from helpers import count
from sqlalchemy import select, text

from codesign import retention
from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import ModerationAction, Notification, OutboxMessage, User


@pytest.fixture
def later(monkeypatch):
    """later(days): the retention command runs that many days from now."""
    def move(days):
        moment = utcnow() + timedelta(days=days)
        monkeypatch.setattr(retention, "utcnow", lambda: moment)
        return moment
    return move


def run(app):
    result = app.test_cli_runner().invoke(args=["retention", "run"])
    assert result.exit_code == 0, result.output
    return result.output


def line(output, name):
    return next(text for text in output.splitlines() if text.startswith(name))


def test_unconfirmed_accounts_go_after_seven_days(app, factory, idea, later):
    fresh = factory.user(name="Una Unconfirmed", confirmed=False)
    confirmed = factory.user(name="Cora Confirmed")
    with app.app_context():
        db.session.add_all([
            Notification(user_id=fresh.id, kind="idea_status", idea_id=idea.id),
            OutboxMessage(to_address=fresh.email, subject="Confirm", text_body="Confirm"),
        ])
        db.session.commit()
    later(6)
    assert line(run(app), "unconfirmed accounts") == "unconfirmed accounts: 0 removed"
    later(8)
    assert line(run(app), "unconfirmed accounts") == "unconfirmed accounts: 1 removed"
    with app.app_context():
        assert db.session.get(User, fresh.id) is None
        assert db.session.get(User, confirmed.id) is not None
    assert count(app, Notification, user_id=fresh.id) == 0
    assert count(app, OutboxMessage, to_address=fresh.email) == 0
    # Idempotent: nothing more goes the second time.
    assert line(run(app), "unconfirmed accounts") == "unconfirmed accounts: 0 removed"


def test_an_unconfirmed_account_others_records_point_at_stays(app, factory, later):
    blocked = factory.user(name="Spam Bot", confirmed=False)
    moderator = factory.user(name="Mo Moderator", role="moderator")
    with app.app_context():
        db.session.add(ModerationAction(actor_id=moderator.id, action="block",
                                        user_id=blocked.id, reason="spam"))
        db.session.commit()
    later(30)
    output = run(app)
    assert line(output, "unconfirmed accounts") == (
        "unconfirmed accounts: 0 removed, 1 kept (other records point at them)")
    with app.app_context():
        assert db.session.get(User, blocked.id) is not None


def test_a_deleted_account_is_not_swept_as_unconfirmed(app, factory, later):
    from codesign.deletion.services import delete_account
    gone = factory.user(name="Gone Soon")
    with app.app_context():
        delete_account(db.session.get(User, gone.id))
        db.session.commit()
    later(30)
    run(app)
    with app.app_context():
        assert db.session.get(User, gone.id) is not None  # the log points at it


def test_sent_mail_goes_after_thirty_days_and_unsent_mail_stays(app, later):
    now = utcnow()
    with app.app_context():
        db.session.add_all([
            OutboxMessage(to_address="a@example.org", subject="Sent", text_body="x",
                          sent_at=now),
            OutboxMessage(to_address="b@example.org", subject="Waiting", text_body="x"),
        ])
        db.session.commit()
    later(29)
    assert line(run(app), "sent emails") == "sent emails: 0 removed"
    later(31)
    assert line(run(app), "sent emails") == "sent emails: 1 removed"
    with app.app_context():
        assert db.session.scalars(select(OutboxMessage.subject)).all() == ["Waiting"]
    assert line(run(app), "sent emails") == "sent emails: 0 removed"


def test_read_notifications_go_after_a_year_and_unread_ones_stay(app, factory, idea, later):
    person = factory.user()
    now = utcnow()
    with app.app_context():
        db.session.add_all([
            Notification(user_id=person.id, kind="idea_status", idea_id=idea.id, read_at=now),
            Notification(user_id=person.id, kind="idea_status", idea_id=idea.id),
        ])
        db.session.commit()
    later(364)
    assert line(run(app), "read notifications") == "read notifications: 0 removed"
    later(366)
    assert line(run(app), "read notifications") == "read notifications: 1 removed"
    assert count(app, Notification, Notification.read_at.is_(None)) == 1
    assert count(app, Notification) == 1


def test_the_periods_are_settings(app, factory, later, monkeypatch):
    monkeypatch.setitem(app.config, "RETENTION_UNCONFIRMED_DAYS", 2)
    factory.user(confirmed=False)
    later(3)
    assert line(run(app), "unconfirmed accounts") == "unconfirmed accounts: 1 removed"


def test_sign_in_events_are_swept_only_where_the_table_exists(app, later):
    later(100)
    output = line(run(app), "sign-in events")
    if "sign_in_event" in db.metadata.tables:
        assert output.startswith("sign-in events: ") and "removed" in output
    else:
        assert output == "sign-in events: skipped (no sign_in_event table in this schema)"


def test_the_command_refreshes_sqlites_planner_statistics(app, factory):
    factory.idea()
    output = run(app)
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            assert line(output, "planner statistics") == "planner statistics: left to autovacuum"
            return
        assert line(output, "planner statistics") == "planner statistics: refreshed"
        try:
            analysed = set(db.session.execute(text("SELECT idx FROM sqlite_stat1")).scalars())
            assert {"ix_idea_awaiting", "ix_idea_status"} <= analysed
        finally:  # the other tests keep planning without statistics, as before
            db.session.execute(text("DELETE FROM sqlite_stat1"))
            db.session.execute(text("ANALYZE sqlite_schema"))
            db.session.commit()


def test_sign_in_events_go_after_ninety_days(app, factory, later):
    from codesign.models import SignInEvent
    person = factory.user()
    now = utcnow()
    with app.app_context():
        db.session.add_all([
            SignInEvent(user_id=person.id, kind="signed_in", at=now),
            SignInEvent(user_id=person.id, kind="signed_in", at=now + timedelta(days=20)),
        ])
        db.session.commit()
    later(89)
    assert line(run(app), "sign-in events") == "sign-in events: 0 removed"
    later(91)
    assert line(run(app), "sign-in events") == "sign-in events: 1 removed"
    assert count(app, SignInEvent) == 1
    # Idempotent: the second run removes nothing more.
    assert line(run(app), "sign-in events") == "sign-in events: 0 removed"


def test_the_command_is_documented_beside_the_digest():
    from pathlib import Path
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    digest = readme.find("flask --app codesign notifications digest")
    retention_at = readme.find("flask --app codesign retention run")
    assert 0 < digest < retention_at < digest + 1_000
    for setting in ("RETENTION_UNCONFIRMED_DAYS", "RETENTION_SENT_MAIL_DAYS",
                    "RETENTION_SIGN_IN_DAYS", "RETENTION_READ_NOTIFICATIONS_DAYS"):
        assert setting in readme
