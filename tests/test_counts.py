"""`flask check-counts`: stored counters against the rows they count."""
import pytest
from sqlalchemy import event, select, update

from codesign.clock import utcnow
from codesign.counts import find_drift
from codesign.extensions import db
from codesign.models import Comment, Idea, Proposal, Support


def check(app, *args):
    return app.test_cli_runner().invoke(args=["check-counts", *args])


def stored(app, model, pk, column):
    with app.app_context():
        return db.session.scalar(select(getattr(model, column)).where(model.id == pk))


def add_rows(app, *rows):
    with app.app_context():
        db.session.add_all(rows)
        db.session.commit()


@pytest.fixture
def idea(app, factory):
    """An idea with two supports and three comments, one deleted and one
    hidden, and counters that agree: 2 supports, 1 visible comment."""
    idea = factory.idea()
    people = [factory.user() for _ in range(2)]
    now = utcnow()
    add_rows(app, *[Support(user_id=person.id, idea_id=idea.id) for person in people],
             Comment(idea_id=idea.id, author_id=people[0].id, body="Shown"),
             Comment(idea_id=idea.id, author_id=people[0].id, body="Gone", deleted_at=now),
             Comment(idea_id=idea.id, author_id=people[1].id, body="Hidden", hidden_at=now,
                     hidden_reason="spam"))
    with app.app_context():
        db.session.execute(update(Idea).where(Idea.id == idea.id).values(support_count=2, comment_count=1))
        db.session.commit()
    return idea


def test_counters_that_agree_show_no_drift(app, idea, factory):
    factory.idea()  # no supports or comments, counters at 0
    result = check(app)
    assert result.exit_code == 0, result.output
    assert "Idea.support_count: 0 drift" in result.output
    assert "Idea.comment_count: 0 drift" in result.output
    assert "Proposal.comment_count: 0 drift" in result.output
    assert "Total: 0 drift" in result.output


def test_drift_is_reported_with_stored_and_actual_then_repaired(app, idea, factory):
    quiet = factory.idea()
    with app.app_context():
        db.session.execute(update(Idea).where(Idea.id == idea.id).values(support_count=5, comment_count=3))
        db.session.execute(update(Idea).where(Idea.id == quiet.id).values(support_count=4))
        db.session.commit()

    result = check(app)
    assert result.exit_code == 1
    assert "Idea.support_count: 2 drift" in result.output
    assert f"idea {idea.id}: stored 5, actual 2" in result.output
    assert f"idea {quiet.id}: stored 4, actual 0" in result.output  # no rows at all
    # Deleted and hidden comments are not counted.
    assert f"idea {idea.id}: stored 3, actual 1" in result.output
    assert "Total: 3 drift" in result.output

    repaired = check(app, "--repair")
    assert repaired.exit_code == 0, repaired.output
    assert "Repaired 3 counters." in repaired.output
    assert "Total: 0 drift after repair" in repaired.output
    assert (stored(app, Idea, idea.id, "support_count"),
            stored(app, Idea, idea.id, "comment_count")) == (2, 1)
    assert stored(app, Idea, quiet.id, "support_count") == 0
    assert check(app).exit_code == 0


def test_proposal_comment_counter(app, factory):
    staff = factory.user(role="staff")
    area = factory.area()
    add_rows(app, Proposal(title="Shade in squares", problem="p", proposed_change="c",
                           expected_benefits="b", who_it_affects="w", cost_band="unknown",
                           service_area_id=area.id, responsible_team="Team", decision_due=utcnow().date(),
                           status="open_for_feedback", created_by_id=staff.id, comment_count=0))
    with app.app_context():
        proposal_id = db.session.scalar(select(Proposal.id))
    add_rows(app, Comment(proposal_id=proposal_id, author_id=staff.id, body="Tell us"))

    result = check(app)
    assert result.exit_code == 1
    assert f"proposal {proposal_id}: stored 0, actual 1" in result.output

    assert check(app, "--repair").exit_code == 0
    assert stored(app, Proposal, proposal_id, "comment_count") == 1


def test_repair_leaves_right_counters_alone(app, idea, factory):
    other = factory.idea()
    with app.app_context():
        db.session.execute(update(Idea).where(Idea.id == other.id).values(support_count=7))
        db.session.commit()
    result = check(app, "--repair")
    assert "Repaired 1 counters." in result.output
    assert stored(app, Idea, idea.id, "support_count") == 2


@pytest.mark.parametrize("ideas", [1, 25])
def test_one_query_per_counter_whatever_the_number_of_ideas(app, factory, ideas):
    area, author = factory.area(), factory.user()
    for _ in range(ideas):
        factory.idea(area=area, author=author)
    statements = []
    with app.app_context():
        def seen(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", seen)
        try:
            drift = find_drift(db.session)
        finally:
            event.remove(db.engine, "before_cursor_execute", seen)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 4
    assert all(rows == [] for rows in drift.values())


def test_counters_stay_right_after_seeding_and_a_bad_edit_is_caught(app):
    # --votes: the option's older name, which still works.
    result = app.test_cli_runner().invoke(
        args=["seed", "--users", "50", "--ideas", "30", "--votes", "300", "--comments", "100"])
    assert result.exit_code == 0, result.output
    assert check(app).exit_code == 0
    with app.app_context():
        busiest = db.session.scalar(select(Idea.id).order_by(Idea.support_count.desc()).limit(1))
        db.session.execute(update(Idea).where(Idea.id == busiest)
                           .values(support_count=Idea.support_count - 1))
        db.session.commit()
    result = check(app)
    assert result.exit_code == 1 and f"idea {busiest}: stored" in result.output
    assert check(app, "--repair").exit_code == 0
    assert check(app).exit_code == 0
