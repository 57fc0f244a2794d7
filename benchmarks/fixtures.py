"""What the benchmark needs from a seeded database, found (or, for the few
things a seed may lack, made) through the app's models in this process:

- the busiest service area and challenge, and how deep the last page is;
- a public idea with 200 comments or more (if there is none, 200 comments
  are added to the most discussed one, with its counter in the same
  transaction, so `flask check-counts` still finds no drift);
- a seeded moderator whose password is set to a new random one each run,
  to sign in through /auth/login like a person;
- residents who have not yet supported the ideas they will support, each
  with a session cookie signed with the server's key (signing in hundreds
  of people through the form would hit the sign-in rate limit and time
  scrypt, not supports).
"""
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select, text, update

from codesign import create_app
from codesign.auth import sessions
from codesign.auth.passwords import hash_password
from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import Comment, Idea, Measurement, Notification, Pilot, Proposal, Support, User

RICH_COMMENTS = 200
PER_PAGE = 20


def make_app(database_url, secret_key):
    return create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": secret_key,
                       "BASE_URL": "http://127.0.0.1"})


def refresh_statistics(app):
    """What autovacuum would have done after a bulk load, and the planner
    statistics for indexes added since the seed. Returns what was run."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                autovacuum = conn.execute(text("SHOW autovacuum")).scalar()
                # Every table: the moderation queue's index-only scans over
                # reports and hidden items read the heap until it is vacuumed.
                conn.execute(text("VACUUM (ANALYZE)"))
            return f"VACUUM (ANALYZE) (autovacuum is {autovacuum} here)"
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
        return "ANALYZE"


@dataclass
class Targets:
    public_ideas: int
    deep_page: int
    area: int
    challenge: int
    rich_idea: int
    rich_comments: int
    comments_added: int
    light_idea: int
    moderator_email: str
    moderator_password: str
    proposal: int | None
    resident_cookies: list
    staff_cookie: str
    pilot: int | None = None  # the public pilot with the most figures, if any
    pilot_figures: int = 0


def _busiest(column):
    return db.session.execute(
        select(column, func.count()).where(Idea.hidden_at.is_(None), column.is_not(None))
        .group_by(column).order_by(func.count().desc()).limit(1)
    ).first()[0]


def _rich_idea():
    """(id, comments, comments added) of a public idea with 200+ comments."""
    found = db.session.execute(
        select(Idea.id, Idea.comment_count)
        .where(Idea.hidden_at.is_(None), Idea.comment_count >= RICH_COMMENTS)
        .order_by(Idea.comment_count, Idea.id).limit(1)
    ).first()
    if found:
        return found[0], found[1], 0
    idea_id = db.session.scalar(
        select(Idea.id).where(Idea.hidden_at.is_(None))
        .order_by(Idea.comment_count.desc(), Idea.id).limit(1))
    authors = db.session.scalars(
        select(User.id).where(User.blocked_at.is_(None)).order_by(User.id).limit(RICH_COMMENTS)
    ).all()
    now = utcnow()
    db.session.execute(Comment.__table__.insert(), [
        {"idea_id": idea_id, "author_id": authors[n % len(authors)], "depth": 0,
         "body": f"Benchmark comment {n + 1}: I agree, and the *details* matter.",
         "created_at": now}
        for n in range(RICH_COMMENTS)])
    db.session.execute(update(Idea).where(Idea.id == idea_id)
                       .values(comment_count=Idea.comment_count + RICH_COMMENTS))
    db.session.commit()
    return idea_id, db.session.get(Idea, idea_id).comment_count, RICH_COMMENTS


def _moderator():
    moderator = db.session.scalars(
        select(User).where(User.role == "moderator", User.blocked_at.is_(None)).order_by(User.id)
    ).first()
    if moderator is None:
        raise RuntimeError("the database has no moderator: seed it first")
    password = secrets.token_urlsafe(18)
    moderator.password_hash = hash_password(password)
    moderator.confirmed_at = moderator.confirmed_at or utcnow()
    db.session.commit()
    return moderator.email, password


def _busiest_pilot():
    """The started pilot with the most figures: (id, figures), or (None, 0)."""
    row = db.session.execute(
        select(Measurement.pilot_id, func.count()).join(Pilot, Pilot.id == Measurement.pilot_id)
        .where(Pilot.status != "planned").group_by(Measurement.pilot_id)
        .order_by(func.count().desc()).limit(1)).first()
    return (row[0], row[1]) if row else (None, 0)


def _cookie(app, user):
    """A session cookie for user, signed with the server's key, for a
    signed-in session of its own (a user_session row, as signing in makes)."""
    login_id = sessions.open_session(user, "Benchmark")
    db.session.commit()
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.dumps({"_user_id": login_id, "_fresh": False})


def _signed_in(app, count):
    """Session cookies for `count` residents with the most notifications
    (so /notifications has a page to show), and for one member of staff.
    The oldest residents: the supports are sent by the newest."""
    unread = (select(func.count()).select_from(Notification)
              .where(Notification.user_id == User.id).scalar_subquery())
    residents = db.session.scalars(
        select(User).where(User.role == "resident", User.confirmed_at.is_not(None),
                           User.blocked_at.is_(None))
        .order_by(unread.desc(), User.id).limit(count)).all()
    staff = db.session.scalars(
        select(User).where(User.role == "staff", User.blocked_at.is_(None)).order_by(User.id)
    ).first()
    if staff is None or not residents:
        raise RuntimeError("the database has no staff or residents: seed it first")
    return [_cookie(app, person) for person in residents], _cookie(app, staff)


def find_targets(app, residents=4):
    with app.app_context():
        public = db.session.scalar(select(func.count(Idea.id)).where(Idea.hidden_at.is_(None)))
        last_page = max(1, -(-public // PER_PAGE))
        rich_idea, rich_comments, added = _rich_idea()
        light_idea = db.session.scalar(
            select(Idea.id).where(Idea.hidden_at.is_(None), Idea.comment_count == 0)
            .order_by(Idea.id).limit(1))
        email, password = _moderator()
        pilot, pilot_figures = _busiest_pilot()
        resident_cookies, staff_cookie = _signed_in(app, residents)
        proposal = db.session.scalar(
            select(Proposal.id).where(Proposal.status != "draft")
            .order_by(Proposal.comment_count.desc(), Proposal.id).limit(1))
        return Targets(
            pilot=pilot, pilot_figures=pilot_figures,
            public_ideas=public, deep_page=min(500, last_page),
            area=_busiest(Idea.service_area_id), challenge=_busiest(Idea.challenge_id),
            rich_idea=rich_idea, rich_comments=rich_comments, comments_added=added,
            light_idea=light_idea or rich_idea,
            moderator_email=email, moderator_password=password, proposal=proposal,
            resident_cookies=resident_cookies, staff_cookie=staff_cookie,
        )


@dataclass
class Supports:
    """Who will support what, and the counts before."""

    cookies: dict  # resident id -> session cookie
    pairs: list  # (resident id, idea id), none of them supported yet
    before: dict  # idea id -> support_count


def plan_supports(app, residents, ideas):
    """`ideas` of the most supported ideas that take support, and the newest
    `residents` who have supported none of them (so a later run finds others)."""
    with app.app_context():
        idea_ids = db.session.scalars(
            select(Idea.id).where(Idea.hidden_at.is_(None), Idea.withdrawn_at.is_(None),
                                  Idea.duplicate_of_id.is_(None))
            .order_by(Idea.support_count.desc(), Idea.id).limit(ideas)
        ).all()
        supported_one = (select(Support.id).where(Support.user_id == User.id, Support.idea_id.in_(idea_ids))
                         .exists())
        people = db.session.scalars(
            select(User).where(User.role == "resident", User.confirmed_at.is_not(None),
                               User.blocked_at.is_(None), ~supported_one)
            .order_by(User.id.desc()).limit(residents)
        ).all()
        pairs = [(person.id, idea_id) for idea_id in idea_ids for person in people]
        cookies = {person.id: _cookie(app, person) for person in people}
        before = dict(db.session.execute(
            select(Idea.id, Idea.support_count).where(Idea.id.in_(idea_ids))).all())
        return Supports(cookies=cookies, pairs=pairs, before=before)


def check_supports(app, supports, succeeded):
    """Whether every counter equals its rows and the supports that were
    accepted are exactly the rows added. Returns (ok, lines)."""
    lines, ok = [], True
    with app.app_context():
        added = {}
        for _user_id, idea_id in succeeded:
            added[idea_id] = added.get(idea_id, 0) + 1
        for idea_id, before in supports.before.items():
            stored = db.session.scalar(select(Idea.support_count).where(Idea.id == idea_id))
            rows = db.session.scalar(select(func.count()).select_from(Support)
                                     .where(Support.idea_id == idea_id))
            expected = before + added.get(idea_id, 0)
            good = stored == rows == expected
            ok = ok and good
            lines.append(f"idea {idea_id}: {before} + {added.get(idea_id, 0)} accepted = {expected}; "
                         f"counter {stored}, rows {rows} {'OK' if good else 'MISMATCH'}")
        wanted = set(succeeded)
        users = {user_id for user_id, _idea in supports.pairs}
        present = set(db.session.execute(
            select(Support.user_id, Support.idea_id).where(
                Support.user_id.in_(users), Support.idea_id.in_(list(supports.before)))).all())
        planned = set(supports.pairs)
        missing = wanted - present
        unexpected = (present & planned) - wanted
        ok = ok and not missing and not unexpected
        lines.append(f"accepted supports with no row: {len(missing)}; "
                     f"rows for refused supports: {len(unexpected)}")
    return ok, lines
