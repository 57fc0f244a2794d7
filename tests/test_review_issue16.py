"""Adversarial review of issue 16's changes: each test is a bug a user
would notice, found in what was merged."""
import pytest
from sqlalchemy import delete
from test_seed import TINY, seeded
from test_staff_participation_kept import back, from_rows, weeks

from codesign.demo import _empty_tables
from codesign.extensions import db
from codesign.models import ParticipationDay, Support
from codesign.staff import participation


@pytest.fixture
def forgotten(app):
    """The staff dashboard's kept counts forgotten before and after the test,
    as in a new worker: tests/helpers.py empties participation_day between
    tests, so a day's count kept by an earlier test under no number would
    otherwise show here."""
    app.extensions["staff_participation"] = participation._Kept()
    yield
    app.extensions["staff_participation"] = participation._Kept()


def test_demo_reset_does_not_leave_a_live_days_supports_on_the_dashboard(
        app, factory, browser_for, author, forgotten):
    """A support written on its own day leaves its day with no number
    (migration 0027 numbers only rows written or changed after their day).
    `demo --reset` empties every table, participation_day last: the supports'
    deletions number their days, then those numbers are deleted too, and the
    day is back to no number, the one its kept count was kept under. A
    running worker then shows the supports that are gone."""
    idea = factory.idea(author=author)
    back(app, Support, 5, user_id=factory.user().id, idea_id=idea.id)
    with app.app_context():  # as if it had been written on its own day
        db.session.execute(delete(ParticipationDay))
        db.session.commit()
    assert sum(row[1] for row in weeks(browser_for(factory.user(role="staff")))) == 1
    with app.app_context():  # what `flask demo --reset` does first
        _empty_tables()
        db.session.commit()
    staff = browser_for(factory.user(name="New Staff", role="staff"))
    assert sum(row[1] for row in weeks(staff)) == 0


def test_seeding_while_a_worker_keeps_the_dashboard_shows_the_seeded_rows(
        app, staff, forgotten):
    """On PostgreSQL `flask seed` turns the days' triggers off while a table
    loads, so the back-dated rows it writes number no day. A worker that
    showed the dashboard before (every past day empty, kept under no
    number) then shows the empty weeks for good, whatever was seeded."""
    assert sum(sum(row) for row in weeks(staff)) == 0
    seeded(app, *TINY)
    shown = weeks(staff)
    assert sum(sum(row) for row in shown) > 0 and shown == from_rows(app)
