"""The staff dashboard keeps its counts of past days in each worker, under
numbers the database changes whenever a row behind them changes
(ParticipationDay, migration 0027). Each test views /staff first, so the
counts are kept, then changes rows straight in the database (as any route,
command or other worker might) and views it again: every figure must equal
the rows, never the count kept from before."""
import re
from datetime import datetime, time, timedelta

from helpers import text_of
from sqlalchemy import delete, event, func, insert, select, update

from codesign import charts
from codesign.clock import utcnow
from codesign.extensions import db
from codesign.ideas import services as idea_services
from codesign.models import Comment, Idea, IdeaStatusChange, Support, User
from codesign.staff import participation


def weeks(staff):
    """[(ideas, supports, comments)] of the participation table, oldest first."""
    response = staff.get("/staff")
    assert response.status_code == 200
    html = text_of(response)
    cell = r"<td[^>]*>(\d+)</td>"
    return [tuple(map(int, found[1:])) for found in
            re.findall(r"<tr[^>]*><th[^>]*>([^<]+)</th>" + cell * 3 + "</tr>", html)]


def answers(staff):
    html = text_of(staff.get("/staff"))
    table = html[html.index('id="answer-table-caption"'):]
    return [(found[1], found[2].strip()) for found in re.findall(
        r'<tr[^>]*><th[^>]*>([^<]+)</th><td[^>]*>(\d+)</td><td[^>]*>([^<]+)', table)]


def from_rows(app):
    """The same figures, counted from the rows."""
    with app.app_context():
        today = utcnow().date()
        first = charts.week_start(today) - timedelta(weeks=participation.WEEKS - 1)
        since = datetime.combine(first, time())

        def per_week(model, *where):
            days = db.session.execute(
                select(func.date(model.created_at), func.count())
                .where(model.created_at >= since, *where)
                .group_by(func.date(model.created_at))).all()
            return [n for _week, n in charts.by_week(
                [(participation._day(day), n) for day, n in days], first, today)]

        columns = (per_week(Idea), per_week(Support, Support.via_idea_id.is_(None)),
                   per_week(Comment))
        return list(zip(*columns, strict=True))


def back(app, model, days, **values):
    with app.app_context():
        db.session.execute(insert(model), [{**values, "created_at": utcnow() - timedelta(days=days)}])
        db.session.commit()


def test_supports_written_weeks_ago_and_taken_back_show_at_once(app, factory, staff, author):
    idea = factory.idea(author=author)
    people = [factory.user() for _ in range(3)]
    for n, person in enumerate(people):
        back(app, Support, 10 + 7 * n, user_id=person.id, idea_id=idea.id)
    with app.app_context():  # the counter, as supporting keeps it
        db.session.get(Idea, idea.id).support_count = 3
        db.session.commit()
    shown = weeks(staff)
    assert shown == from_rows(app) and sum(row[1] for row in shown) == 3
    with app.app_context():  # taken back, as the idea page's button does
        idea_services.remove_support(db.session.get(User, people[1].id),
                                     db.session.get(Idea, idea.id))
        db.session.commit()
    shown = weeks(staff)
    assert shown == from_rows(app) and sum(row[1] for row in shown) == 2
    with app.app_context():  # an account's supports deleted with it
        db.session.execute(delete(Support).where(Support.user_id == people[0].id))
        db.session.commit()
    shown = weeks(staff)
    assert shown == from_rows(app) and sum(row[1] for row in shown) == 1


def test_a_carried_support_made_ones_own_counts_in_its_week(app, factory, staff, author):
    idea, other = factory.idea(author=author), factory.idea(author=author)
    person = factory.user()
    back(app, Support, 20, user_id=person.id, idea_id=idea.id, via_idea_id=other.id)
    assert sum(row[1] for row in weeks(staff)) == 0  # carried over by a merge: not new
    with app.app_context():
        db.session.execute(update(Support).where(Support.user_id == person.id)
                           .values(via_idea_id=None))
        db.session.commit()
    shown = weeks(staff)
    assert shown == from_rows(app) and sum(row[1] for row in shown) == 1


def test_comments_and_ideas_dated_back_moved_or_deleted_show_at_once(
        app, factory, staff, author):
    idea = factory.idea(author=author)
    before = weeks(staff)
    back(app, Comment, 30, idea_id=idea.id, author_id=author.id, body="A month ago")
    shown = weeks(staff)
    assert shown == from_rows(app) and sum(row[2] for row in shown) == sum(
        row[2] for row in before) + 1
    with app.app_context():  # moved to another week
        db.session.execute(update(Comment).where(Comment.body == "A month ago")
                           .values(created_at=utcnow() - timedelta(days=50)))
        db.session.commit()
    moved = weeks(staff)
    assert moved == from_rows(app) and moved != shown
    old = factory.idea(author=author, created_at=utcnow() - timedelta(days=40))
    assert weeks(staff) == from_rows(app)
    with app.app_context():
        db.session.execute(delete(Comment).where(Comment.idea_id == old.id))
        db.session.execute(delete(Idea).where(Idea.id == old.id))
        db.session.commit()
    assert weeks(staff) == from_rows(app) == moved


def test_an_answer_given_or_taken_back_shows_in_its_month_at_once(
        app, factory, staff, staff_user):
    assert answers(staff)[-1] == ("0", "–")
    now = utcnow()
    idea = factory.idea(created_at=now - timedelta(days=30))
    with app.app_context():
        db.session.add(IdeaStatusChange(idea_id=idea.id, from_status="published",
                                        to_status="under_review", response="Looking",
                                        author_id=staff_user.id, created_at=now))
        db.session.commit()
    assert answers(staff)[-1] == ("1", "30.0")
    with app.app_context():  # ready for review ten days after it was published
        db.session.get(Idea, idea.id).ready_for_review_at = now - timedelta(days=20)
        db.session.commit()
    assert answers(staff)[-1] == ("1", "20.0")
    with app.app_context():
        db.session.execute(delete(IdeaStatusChange).where(IdeaStatusChange.idea_id == idea.id))
        db.session.commit()
    assert answers(staff)[-1] == ("0", "–")


def test_a_day_is_kept_only_once_its_last_rows_have_committed(app, factory, staff, monkeypatch):
    today = utcnow().date()
    kept = app.extensions.setdefault("staff_participation", participation._Kept())
    kept.days.clear()
    kept.window = ()
    just_after = datetime.combine(today, time()) + timedelta(seconds=20)
    monkeypatch.setattr(participation, "utcnow", lambda: just_after)
    weeks(staff)
    assert today - timedelta(days=1) not in kept.days  # counted, not kept
    assert today - timedelta(days=2) in kept.days
    monkeypatch.setattr(participation, "utcnow", lambda: just_after + timedelta(minutes=2))
    weeks(staff)
    assert today - timedelta(days=1) in kept.days


def test_a_view_after_a_change_counts_again_only_what_changed(
        app, factory, staff, author, staff_user):
    seen = []

    def record(conn, cursor, statement, *args):
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            seen.append(statement)

    idea = factory.idea(author=author)
    weeks(staff)
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        weeks(staff)
        steady = len(seen)
        assert not [s for s in seen if "GROUP BY date(" in s]
        seen.clear()
        back(app, Comment, 9, idea_id=idea.id, author_id=author.id, body="Last week")
        seen.clear()
        weeks(staff)  # the day's number, then that one day counted
        recounted = [s for s in seen if "GROUP BY date(" in s]
        assert len(seen) == steady + 2 and len(recounted) == 1
        assert recounted[0].count("comment.created_at >=") == 1
        seen.clear()
        weeks(staff)
        assert len(seen) == steady
    finally:
        event.remove(engine, "before_cursor_execute", record)
