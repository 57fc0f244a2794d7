"""`flask demo`: realistic content, made through the services, so every
counter agrees with the rows it counts."""
from datetime import timedelta

from sqlalchemy import func, select

from codesign import create_app
from codesign.auth.passwords import verify_password
from codesign.clock import utcnow
from codesign.demo import RESIDENT_EMAIL, RESIDENT_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD
from codesign.extensions import db
from codesign.models import Challenge, Comment, Idea, ServiceArea, User, Vote


def run_demo(app, *args):
    result = app.test_cli_runner().invoke(args=["demo", *args])
    assert result.exit_code == 0, result.output
    return result.output


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_demo_content(app):
    output = run_demo(app)
    assert "http://127.0.0.1:5000" in output
    assert f"{RESIDENT_EMAIL} / {RESIDENT_PASSWORD}" in output
    assert f"{STAFF_EMAIL} / {STAFF_PASSWORD}" in output

    with app.app_context():
        now = utcnow()
        assert count(ServiceArea) >= 4
        open_challenges = db.session.scalars(
            select(Challenge).where(Challenge.opens_at <= now, Challenge.closes_at > now)
        ).all()
        assert len(open_challenges) >= 2
        assert all(c.question.startswith("How might we") for c in open_challenges)
        assert count(Challenge, Challenge.closes_at <= now) >= 1

        assert count(User, User.role == "resident") >= 13
        assert count(User, User.confirmed_at.is_(None)) == 0
        ideas = db.session.scalars(select(Idea)).all()
        assert len(ideas) >= 30
        assert all(len(idea.title) < 140 for idea in ideas)
        assert 1 <= sum(idea.is_withdrawn for idea in ideas) <= 2
        assert sum(idea.challenge_id is not None for idea in ideas) >= 5
        assert sum(idea.place is not None for idea in ideas) >= 5
        ages = [now - idea.created_at for idea in ideas]
        assert max(ages).days >= 30 and max(ages).days <= 61

        supports = sorted((idea.vote_count for idea in ideas), reverse=True)
        assert supports[0] >= 10 and supports[-1] == 0  # a few popular ideas, some with none
        assert count(Comment, Comment.parent_id.is_not(None)) > 0
        assert count(Comment, Comment.depth == 2) > 0
        assert count(Comment, Comment.deleted_at.is_not(None)) == 1

        # Supports and comments come after the idea (and replies after their parent).
        assert count(Vote, Vote.created_at < Idea.created_at, Vote.idea_id == Idea.id) == 0
        assert count(Comment, Comment.created_at < Idea.created_at, Comment.idea_id == Idea.id) == 0
        assert count(Vote, Vote.created_at >= now - timedelta(days=14)) > 0


def test_demo_counters_match_rows(app):
    run_demo(app)
    with app.app_context():
        for idea in db.session.scalars(select(Idea)):
            votes = count(Vote, Vote.idea_id == idea.id)
            comments = count(Comment, Comment.idea_id == idea.id,
                             Comment.deleted_at.is_(None), Comment.hidden_at.is_(None))
            assert (idea.vote_count, idea.comment_count) == (votes, comments), idea.title


def test_demo_sign_ins_work(app):
    run_demo(app)
    with app.app_context():
        resident = db.session.scalar(select(User).where(User.email == RESIDENT_EMAIL))
        staff = db.session.scalar(select(User).where(User.email == STAFF_EMAIL))
        assert resident.role == "resident" and resident.is_confirmed
        assert staff.role == "staff" and staff.is_confirmed
        assert verify_password(resident, RESIDENT_PASSWORD)
        assert verify_password(staff, STAFF_PASSWORD)
        assert not verify_password(resident, STAFF_PASSWORD)


def test_demo_makes_an_old_demo_account_match_the_printed_sign_in(app, factory):
    factory.user(email=RESIDENT_EMAIL, confirmed=False, password="something else entirely")
    run_demo(app)
    with app.app_context():
        resident = db.session.scalar(select(User).where(User.email == RESIDENT_EMAIL))
        assert resident.is_confirmed and verify_password(resident, RESIDENT_PASSWORD)


def test_demo_twice_adds_nothing_and_reset_starts_again(app):
    run_demo(app)
    with app.app_context():
        before = [count(m) for m in (User, ServiceArea, Challenge, Idea, Vote, Comment)]
        first_titles = db.session.scalars(select(Idea.title).order_by(Idea.id)).all()

    again = run_demo(app)
    assert "already" in again
    assert f"{RESIDENT_EMAIL} / {RESIDENT_PASSWORD}" in again
    with app.app_context():
        assert [count(m) for m in (User, ServiceArea, Challenge, Idea, Vote, Comment)] == before

    run_demo(app, "--reset")
    with app.app_context():
        assert [count(m) for m in (User, ServiceArea, Challenge, Idea, Vote, Comment)] == before
        # Deterministic: the same ideas in the same order.
        assert db.session.scalars(select(Idea.title).order_by(Idea.id)).all() == first_titles


def test_demo_refuses_production_without_force(tmp_path):
    app = create_app({"ENV_NAME": "production", "SECRET_KEY": "k" * 64,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'prod.db'}"})
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code != 0
    assert "production" in result.output and "--force" in result.output
    with app.app_context():
        db.engine.dispose()


def test_demo_before_the_migrations_says_what_to_do(tmp_path):
    app = create_app({"ENV_NAME": "testing",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.db'}"})
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code != 0
    assert "db upgrade" in result.output
    with app.app_context():
        db.engine.dispose()
