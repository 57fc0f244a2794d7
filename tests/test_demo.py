"""`flask demo`: realistic content, made through the services, so every
counter agrees with the rows it counts, and the staff areas have something
in them: reports, hidden comments, answered ideas, a merged duplicate and
two proposals."""
from datetime import timedelta

from helpers import sign_in
from sqlalchemy import func, select, true

from codesign import create_app
from codesign.auth.passwords import verify_password
from codesign.clock import utcnow
from codesign.demo import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    MODERATOR_EMAIL,
    MODERATOR_PASSWORD,
    RESIDENT_EMAIL,
    RESIDENT_PASSWORD,
    STAFF_EMAIL,
    STAFF_PASSWORD,
)
from codesign.extensions import db
from codesign.models import (
    Appeal,
    Challenge,
    Comment,
    Follow,
    Idea,
    IdeaStatusChange,
    ModerationAction,
    Notification,
    Proposal,
    ProposalStatusChange,
    Report,
    ServiceArea,
    Support,
    User,
)

SIGN_INS = [(RESIDENT_EMAIL, RESIDENT_PASSWORD, "resident"),
            ("connector@example.org", "demo-connector-pass", "connector"),
            (MODERATOR_EMAIL, MODERATOR_PASSWORD, "moderator"),
            (STAFF_EMAIL, STAFF_PASSWORD, "staff"),
            (ADMIN_EMAIL, ADMIN_PASSWORD, "admin")]
EVERY_MODEL = (User, ServiceArea, Challenge, Idea, Support, Comment, IdeaStatusChange, Proposal,
               ProposalStatusChange, Report, ModerationAction, Appeal, Follow, Notification)


def run_demo(app, *args):
    result = app.test_cli_runner().invoke(args=["demo", *args])
    assert result.exit_code == 0, result.output
    return result.output


def last_years():
    """The ids of last year's proposals, whose pilots have closed."""
    from codesign.models import Pilot
    return set(db.session.scalars(select(Pilot.proposal_id).where(Pilot.status == "closed")))


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def user_by_email(email):
    return db.session.scalar(select(User).where(User.email == email))


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
        # This year's ideas span the last two months; last year's came before the
        # pilots (test_demo_pilots.py).
        ages = [now - idea.created_at for idea in ideas if idea.proposal_id not in last_years()]
        assert max(ages).days >= 30 and max(ages).days <= 61

        supports = sorted((idea.support_count for idea in ideas), reverse=True)
        assert supports[0] >= 10 and supports[-1] == 0  # a few popular ideas, some with none
        assert count(Comment, Comment.parent_id.is_not(None)) > 0
        assert count(Comment, Comment.depth == 2) > 0
        assert count(Comment, Comment.deleted_at.is_not(None)) == 1

        # Supports and comments come after the idea (and replies after their parent).
        assert count(Support, Support.created_at < Idea.created_at, Support.idea_id == Idea.id) == 0
        assert count(Comment, Comment.created_at < Idea.created_at, Comment.idea_id == Idea.id) == 0
        assert count(Support, Support.created_at >= now - timedelta(days=14)) > 0


def test_demo_counters_match_rows(app):
    run_demo(app)
    with app.app_context():
        for idea in db.session.scalars(select(Idea)):
            support_rows = count(Support, Support.idea_id == idea.id)
            comments = count(Comment, Comment.idea_id == idea.id,
                             Comment.deleted_at.is_(None), Comment.hidden_at.is_(None))
            assert (idea.support_count, idea.comment_count) == (support_rows, comments), idea.title
        for proposal in db.session.scalars(select(Proposal)):
            comments = count(Comment, Comment.proposal_id == proposal.id,
                             Comment.deleted_at.is_(None), Comment.hidden_at.is_(None))
            assert proposal.comment_count == comments, proposal.title
        # Something was hidden, so the hidden comments are really left out of the counts.
        assert count(Comment, Comment.hidden_at.is_not(None), Comment.idea_id.is_not(None)) >= 2
    checked = app.test_cli_runner().invoke(args=["check-counts"])
    assert checked.exit_code == 0 and "Total: 0 drift" in checked.output, checked.output


def test_demo_sign_ins_work_and_each_reaches_what_the_output_says(app, make_client):
    output = run_demo(app)
    with app.app_context():
        users = {}
        for email, password, role in SIGN_INS:
            assert f"{email} / {password}" in output
            user = users[role] = user_by_email(email)
            assert user.role == role and user.is_confirmed and not user.is_blocked
            assert verify_password(user, password)
        assert not verify_password(users["resident"], STAFF_PASSWORD)
    expected = {  # page named in the output: the roles that may open it
        "/notifications": {"resident", "connector", "moderator", "staff", "admin"},
        "/assist": {"connector", "moderator", "staff", "admin"},
        "/moderation": {"moderator", "staff", "admin"},
        "/staff": {"staff", "admin"},
        "/admin": {"admin"},
    }
    for path in ("/assist", "/moderation", "/staff", "/admin"):
        assert path in output
    for role, user in users.items():
        client = make_client()
        sign_in(client, user)
        for path, allowed in expected.items():
            assert client.get(path).status_code == (200 if role in allowed else 403), (role, path)


def test_demo_moderation_has_open_reports_hidden_comments_and_an_appeal(app):
    run_demo(app)
    with app.app_context():
        moderator = user_by_email(MODERATOR_EMAIL)
        # Reports below the threshold on an idea that is still shown.
        reported_idea = db.session.scalar(
            select(Idea).join(Report, Report.idea_id == Idea.id)
            .where(Report.resolved_at.is_(None)))
        assert reported_idea is not None and reported_idea.hidden_at is None
        assert 0 < count(Report, Report.idea_id == reported_idea.id,
                         Report.resolved_at.is_(None)) < app.config["REPORT_HIDE_THRESHOLD"]

        # Comments hidden by reports alone, each with its open reports and a log row.
        auto_hidden = db.session.scalars(
            select(Comment).where(Comment.hidden_reason == "reported")).all()
        assert len(auto_hidden) >= 2
        for comment in auto_hidden:
            assert count(Report, Report.comment_id == comment.id, Report.resolved_at.is_(None)) \
                == app.config["REPORT_HIDE_THRESHOLD"]
            assert count(ModerationAction, ModerationAction.comment_id == comment.id,
                         ModerationAction.action == "auto_hide",
                         ModerationAction.actor_id.is_(None)) == 1

        # One of them appealed by its author, waiting for a moderator who may decide it.
        appeal = db.session.scalar(select(Appeal).where(Appeal.decided_at.is_(None)))
        assert appeal is not None
        hidden = db.session.get(Comment, appeal.comment_id)
        assert hidden.hidden_at is not None and appeal.author_id == hidden.author_id
        assert appeal.hidden_by_id != moderator.id

        # The moderator's own past work is in the log, and it is what the rows say.
        done = set(db.session.scalars(
            select(ModerationAction.action).where(ModerationAction.actor_id == moderator.id)))
        assert {"hide", "dismiss", "block"} <= done
        hidden_by_moderator = db.session.scalars(
            select(Comment).join(ModerationAction, ModerationAction.comment_id == Comment.id)
            .where(ModerationAction.action == "hide")).all()
        assert all(c.hidden_at is not None and c.hidden_reason != "reported"
                   for c in hidden_by_moderator)
        assert count(User, User.blocked_at.is_not(None)) == 1
        # An open report on an account, too.
        assert count(Report, Report.user_id.is_not(None), Report.resolved_at.is_(None)) >= 1


def test_demo_staff_answered_ideas_and_merged_a_duplicate(app):
    run_demo(app)
    with app.app_context():
        staff = user_by_email(STAFF_EMAIL)
        answered = db.session.scalars(
            select(Idea).where(Idea.status.in_(["under_review", "not_taken_forward",
                                                "already_planned"]))).all()
        assert {idea.status for idea in answered} == {
            "under_review", "not_taken_forward", "already_planned"}
        assert len(answered) >= 4
        for idea in answered:
            changes = db.session.scalars(
                select(IdeaStatusChange).where(IdeaStatusChange.idea_id == idea.id)
                .order_by(IdeaStatusChange.created_at)).all()
            assert changes and changes[-1].to_status == idea.status
            assert changes[-1].author_id == staff.id and len(changes[-1].response) > 40
            assert changes[-1].created_at > idea.created_at

        duplicate = db.session.scalar(select(Idea).where(Idea.duplicate_of_id.is_not(None)))
        assert duplicate.status == "duplicate"
        target = db.session.get(Idea, duplicate.duplicate_of_id)
        assert target.duplicate_of_id is None and target.status != "promoted"
        supporters = set(db.session.scalars(select(Support.user_id)
                                            .where(Support.idea_id == duplicate.id)))
        on_target = set(db.session.scalars(select(Support.user_id).where(Support.idea_id == target.id)))
        assert supporters and supporters <= on_target
        assert count(Support, Support.idea_id == target.id, Support.via_idea_id == duplicate.id) > 0
        # Nobody supported the duplicate after it was merged.
        merged_at = db.session.scalar(select(IdeaStatusChange.created_at).where(
            IdeaStatusChange.idea_id == duplicate.id, IdeaStatusChange.to_status == "duplicate"))
        assert count(Support, Support.idea_id == duplicate.id, Support.created_at > merged_at) == 0

        # Enough supports put some ideas at the top of the staff queue.
        assert count(Idea, Idea.ready_for_review_at.is_not(None)) >= 2


def test_demo_has_two_proposals_with_co_designers(app, client):
    run_demo(app)
    with app.app_context():
        from codesign.models import Adoption
        proposals = db.session.scalars(select(Proposal).where(  # adoptions: test_demo_practices
            Proposal.id.not_in(select(Adoption.proposal_id))).order_by(Proposal.id)).all()
        assert {p.status for p in proposals} == {"open_for_feedback", "in_pilot",
                                                 "implemented", "not_taken_forward"}
        ids = [p.id for p in proposals]
        for proposal in proposals:
            sources = db.session.scalars(
                select(Idea).where(Idea.proposal_id == proposal.id)).all()
            assert len({idea.author_id for idea in sources}) >= 2
            assert all(idea.status == "promoted" for idea in sources)
            steps = db.session.scalars(
                select(ProposalStatusChange.to_status)
                .where(ProposalStatusChange.proposal_id == proposal.id)
                .order_by(ProposalStatusChange.created_at, ProposalStatusChange.id)).all()
            assert steps[-1] == proposal.status
            comments = db.session.scalars(
                select(Comment).where(Comment.proposal_id == proposal.id)).all()
            assert len(comments) >= 3 and any(c.parent_id for c in comments)
            # Discussed while it was open for feedback, not after a decision.
            decided = db.session.scalar(
                select(func.min(ProposalStatusChange.created_at)).where(
                    ProposalStatusChange.proposal_id == proposal.id,
                    ProposalStatusChange.to_status.not_in(["draft", "open_for_feedback"])))
            assert all(proposal.created_at < c.created_at < (decided or utcnow())
                       for c in comments)

    for proposal_id in ids:
        data = client.get(f"/api/v1/proposals/{proposal_id}").get_json()
        assert len(data["co_designers"]) >= 2
        assert len(data["source_ideas"]) >= 2


def test_demo_notifications_and_follows_come_from_what_happened(app):
    run_demo(app)
    with app.app_context():
        resident = user_by_email(RESIDENT_EMAIL)
        kinds = set(db.session.scalars(select(Notification.kind)))
        assert {"idea_status", "idea_promoted", "idea_merged", "proposal_status",
                "content_hidden"} <= kinds
        assert count(Notification, Notification.user_id == resident.id,
                     Notification.read_at.is_(None)) >= 3
        # Every answer reached the idea's author (one word per person per proposal).
        for change in db.session.scalars(select(IdeaStatusChange)):
            idea = db.session.get(Idea, change.idea_id)
            about = (Notification.proposal_id == idea.proposal_id if idea.proposal_id
                     else Notification.idea_id == idea.id)
            assert count(Notification, Notification.user_id == idea.author_id, about) >= 1
        assert count(Follow, Follow.proposal_id.is_not(None)) >= 4
        assert count(Follow, Follow.user_id == resident.id, Follow.proposal_id.is_not(None)) >= 1


def test_demo_staff_work_is_dated_in_order(app):
    run_demo(app)
    with app.app_context():
        now = utcnow()
        old = last_years()
        old_ideas = set(db.session.scalars(select(Idea.id).where(Idea.proposal_id.in_(old))))
        # What belongs to last year's proposals and their pilots is older.
        this_year = {IdeaStatusChange: IdeaStatusChange.idea_id.not_in(old_ideas),
                     Notification: Notification.proposal_id.is_(None)
                     | Notification.proposal_id.not_in(old),
                     Follow: (Follow.proposal_id.is_(None) | Follow.proposal_id.not_in(old))
                     & (Follow.idea_id.is_(None) | Follow.idea_id.not_in(old_ideas)),
                     Proposal: Proposal.id.not_in(old),
                     ProposalStatusChange: ProposalStatusChange.proposal_id.not_in(old),
                     Comment: Comment.proposal_id.is_(None) | Comment.proposal_id.not_in(old)}
        for model in (IdeaStatusChange, Report, ModerationAction, Appeal, Notification, Follow,
                      Proposal, ProposalStatusChange, Comment):
            assert count(model, model.created_at > now) == 0, model.__name__
            assert count(model, model.created_at < now - timedelta(days=61),
                         this_year.get(model, true())) == 0, model.__name__
        assert count(IdeaStatusChange, IdeaStatusChange.idea_id == Idea.id,
                     IdeaStatusChange.created_at <= Idea.created_at) == 0
        assert count(Report, Report.comment_id == Comment.id,
                     Report.created_at <= Comment.created_at) == 0
        assert count(Report, Report.resolved_at < Report.created_at) == 0
        assert count(Appeal, Appeal.comment_id == Comment.id,
                     Appeal.created_at <= Comment.hidden_at) == 0
        # The activity spreads over weeks instead of happening all at once.
        days = {(now - moment).days for moment in db.session.scalars(
            select(ModerationAction.created_at))}
        assert len(days) >= 4


def test_demo_makes_an_old_demo_account_match_the_printed_sign_in(app, factory):
    factory.user(email=RESIDENT_EMAIL, confirmed=False, password="something else entirely")
    factory.user(email=MODERATOR_EMAIL, role="resident")
    run_demo(app)
    with app.app_context():
        resident = user_by_email(RESIDENT_EMAIL)
        assert resident.is_confirmed and verify_password(resident, RESIDENT_PASSWORD)
        moderator = user_by_email(MODERATOR_EMAIL)
        assert moderator.role == "moderator" and verify_password(moderator, MODERATOR_PASSWORD)


def test_demo_twice_adds_nothing_and_reset_starts_again(app):
    run_demo(app)
    with app.app_context():
        before = [count(m) for m in EVERY_MODEL]
        first_titles = db.session.scalars(select(Idea.title).order_by(Idea.id)).all()
        first_statuses = db.session.scalars(select(Idea.status).order_by(Idea.id)).all()

    again = run_demo(app)
    assert "already" in again
    for email, password, _role in SIGN_INS:
        assert f"{email} / {password}" in again
    with app.app_context():
        assert [count(m) for m in EVERY_MODEL] == before

    run_demo(app, "--reset")
    with app.app_context():
        assert [count(m) for m in EVERY_MODEL] == before
        # Deterministic: the same ideas in the same order, answered the same way.
        assert db.session.scalars(select(Idea.title).order_by(Idea.id)).all() == first_titles
        assert db.session.scalars(select(Idea.status).order_by(Idea.id)).all() == first_statuses


def test_demo_refuses_production_without_force(tmp_path):
    app = create_app({"ENV_NAME": "production", "SECRET_KEY": "k" * 64,
                      "BASE_URL": "https://codesign.example.org",
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


def test_demo_has_a_pilot_that_worked_and_one_that_did_not(app, client):
    from codesign.models import Pilot
    run_demo(app)
    with app.app_context():
        from codesign.models import Adoption
        pilots = db.session.scalars(select(Pilot).where(  # adoptions: test_demo_practices
            Pilot.proposal_id.not_in(select(Adoption.proposal_id))).order_by(Pilot.id)).all()
        assert [(p.status, p.verdict, p.proposed_verdict) for p in pilots] == [
            ("closed", "worked", "worked"), ("closed", "did_not_work", "did_not_work"),
            ("running", None, None)]
        ids = [p.id for p in pilots]
    worked = client.get(f"/api/v1/pilots/{ids[0]}").get_json()
    assert worked["comparison_site"] and len(worked["measurements"]) == 12
    page = client.get(f"/pilots/{ids[1]}").get_data(as_text=True)
    assert "This pilot did not work." in page and "<svg" in page


def test_demo_has_ideas_and_comments_written_in_welsh(app, client):
    run_demo(app)
    with app.app_context():
        welsh = db.session.scalars(select(Idea).where(Idea.language == "cy")).all()
        assert len(welsh) >= 2
        assert {idea.author.locale for idea in welsh} == {"cy"}
        assert count(Comment, Comment.language == "cy") >= 3
        # Each Welsh comment is by someone who writes in Welsh.
        assert count(Comment, Comment.language == "cy", Comment.author_id == User.id,
                     User.locale.is_(None)) == 0
        idea_id = welsh[0].id
    page = client.get(f"/ideas/{idea_id}").get_data(as_text=True)
    assert 'lang="cy" id="idea-title"' in page


def test_the_demo_prints_its_texts_in_welsh_when_asked(app):
    result = app.test_cli_runner().invoke(args=["demo", "--language", "cy"])
    assert result.exit_code == 0, result.output
    output = result.output
    assert "Data demo wedi’i lwytho: meysydd gwasanaeth:" in output
    assert "Safle:" in output and "Preswylydd:" in output and "Cysylltydd:" in output
    assert "Mae’r cyfrifon demo hyn ar gyfer rhoi cynnig ar Codesign" in output
    for email, password, _role in SIGN_INS:
        assert f"{email} / {password}" in output
    assert "Demo data loaded" not in output and "Resident:" not in output
    # The terminal's language is followed when none is asked for; English stays the default.
    welsh = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "cy_GB.UTF-8"}
    again = app.test_cli_runner().invoke(args=["demo"], env=welsh)
    assert again.exit_code == 0 and "Mae syniadau yn y gronfa ddata yn barod" in again.output
    english = app.test_cli_runner().invoke(args=["demo"], env={**welsh, "LANG": "C.UTF-8"})
    assert "There are ideas in the database already" in english.output
    refused = app.test_cli_runner().invoke(args=["demo", "--language", "fr"])
    assert refused.exit_code != 0 and "--language" in refused.output


def test_the_demo_refuses_production_in_welsh_too(tmp_path):
    app = create_app({"ENV_NAME": "production", "SECRET_KEY": "k" * 64,
                      "BASE_URL": "https://codesign.example.org",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'prod.db'}"})
    result = app.test_cli_runner().invoke(args=["demo", "--language", "cy"])
    assert result.exit_code != 0
    assert "Dyma’r ffurfweddiad cynhyrchu" in result.output and "--force" in result.output
    with app.app_context():
        db.engine.dispose()


def test_the_demo_records_answers_for_residents_helped_in_person(app):
    from codesign.models import AssistedReachAnswer
    run_demo(app)
    with app.app_context():
        assert db.session.scalar(select(func.count(func.distinct(
            AssistedReachAnswer.resident_id)))) == 3
