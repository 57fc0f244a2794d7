"""What the demo's residents did, written through the residents' services:
service areas, challenges, people, ideas, supports, comments and follows,
then dated over the last two months."""
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import bindparam, select

from ..auth.passwords import hash_password
from ..comments.services import add_comment, delete_comment
from ..extensions import db
from ..ideas.services import add_support, submit_idea, withdraw_idea
from ..models import Challenge, Follow, Role, ServiceArea, Support, User
from ..notifications.services import follow
from .content import (
    AREAS,
    CHALLENGES,
    COMMENTS,
    DELETED,
    IDEAS,
    REPLIES,
    RESIDENTS,
    THREADS,
    WELSH_SPEAKERS,
)

SPAN_DAYS = 60


def _at(moment, hour):
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class ResidentsBuilder:
    """Builds the residents' side; staff.StaffWork reads what it made
    (the ideas by key, when each arrived, the people) to carry on."""

    def __init__(self, rng, now, accounts):
        self.rng = rng
        self.now = now
        self.sign_ins = accounts  # (label, email, password, name, role, what they can do)
        self.support_times = []  # {"u": user id, "i": idea id, "t": when}, for one UPDATE
        self.followed = {}  # (user id, idea id) -> when they began following
        self.first_engaged = {}  # idea id -> earliest response by someone else

    def build(self):
        self._people()
        self._areas_and_challenges()
        self._ideas()
        self._supports()
        self._comments()
        self._withdrawals()
        self._close_challenges()
        self._apply_times()
        return self

    # -- people, areas, challenges -------------------------------------------

    def user(self, email, name, password_hash, role=Role.RESIDENT.value, sign_in=False,
             joined=None):
        user = db.session.scalar(select(User).where(User.email == email))
        joined = joined or self.now - timedelta(days=SPAN_DAYS + 30)
        if user is None:
            user = User(email=email, display_name=name, password_hash=password_hash, role=role,
                        created_at=joined, confirmed_at=joined)
            db.session.add(user)
        elif sign_in:
            # A demo account left from before: make the printed sign-in true again.
            user.password_hash, user.role = password_hash, role
            user.confirmed_at = user.confirmed_at or joined
            user.blocked_at = None
        return user

    def _people(self):
        # Nobody signs in as the background residents: one unguessable password.
        self.nobody = hash_password(secrets.token_urlsafe(24))
        self.residents = [
            self.user(name.lower().replace(" ", ".") + "@example.org", name, self.nobody)
            for name in RESIDENTS
        ]
        self.welsh_speakers = [user for user in self.residents if user.display_name in WELSH_SPEAKERS]
        for user in self.welsh_speakers:
            user.locale = "cy"
        self.accounts = {
            role: self.user(email, name, hash_password(password), role=role.value, sign_in=True)
            for _label, email, password, name, role, _can in self.sign_ins
        }
        self.demo_resident = self.accounts[Role.RESIDENT]
        self.residents.append(self.demo_resident)
        self.moderator = self.accounts[Role.MODERATOR]
        self.staff = self.accounts[Role.STAFF]
        db.session.flush()

    def _areas_and_challenges(self):
        self.areas = {}
        for key, (name, description) in AREAS.items():
            area = db.session.scalar(select(ServiceArea).where(ServiceArea.name == name))
            if area is None:
                area = ServiceArea(name=name, description=description,
                                   created_at=self.now - timedelta(days=SPAN_DAYS + 30))
                db.session.add(area)
            self.areas[key] = area
        self.challenges = {}
        self.closing = {}
        for key, (area, question, description, opened, closes) in CHALLENGES.items():
            opens_at = _at(self.now - timedelta(days=opened), 9)
            closes_at = _at(self.now + timedelta(days=closes), 17)
            # Open for now, so ideas can answer it through submit_idea; a challenge
            # that is already over is closed once its ideas are in.
            challenge = Challenge(
                question=question, description=description, service_area=self.areas[area],
                opens_at=opens_at, closes_at=max(closes_at, self.now + timedelta(days=1)),
                created_at=opens_at - timedelta(days=2),
            )
            db.session.add(challenge)
            self.challenges[key] = challenge
            self.closing[key] = closes_at
        db.session.flush()

    # -- ideas ---------------------------------------------------------------

    def _created_at(self, challenge_key, flags):
        if "fresh" in flags:
            return self.now - timedelta(days=2, hours=3)
        earliest, latest = self.now - timedelta(days=SPAN_DAYS), self.now - timedelta(days=1)
        if challenge_key:
            challenge = self.challenges[challenge_key]
            earliest = max(earliest, challenge.opens_at + timedelta(hours=6))
            latest = min(latest, self.closing[challenge_key] - timedelta(days=1))
        if "early" in flags:
            # Old enough for a proposal made from it to have gone a long way.
            latest = earliest + (latest - earliest) * 0.15
        return earliest + (latest - earliest) * self.rng.random()

    def _ideas(self):
        planned = []
        authors = [user for user in self.residents if user is not self.demo_resident]
        for key, (_area, challenge, _place, _title, _description, flags) in IDEAS.items():
            author = self.demo_resident if "mine" in flags else self.rng.choice(
                self.welsh_speakers if "cy" in flags.split() else authors)
            planned.append((self._created_at(challenge, flags), key, author))
        planned.sort(key=lambda row: row[0])  # ids in the order the ideas arrived

        self.ideas, self.flags, self.created = {}, {}, {}
        for when, key, author in planned:
            area, challenge, place, title, description, flags = IDEAS[key]
            idea = submit_idea(author, title, description, self.areas[area],
                               challenge=self.challenges.get(challenge), place=place,
                               language="cy" if "cy" in flags.split() else "en")
            self.ideas[key] = idea
            self.flags[key] = flags.split()
            self.created[key] = when
            self.first_engaged[idea.id] = None
            self._followed(author, idea, when)

    def end(self, key):
        """Until when people responded to this idea: its withdrawal, or its
        merging into the idea it repeats, or now."""
        if set(self.flags[key]) & {"withdrawn", "duplicate"}:
            return self.created[key] + (self.now - self.created[key]) * 0.5
        return self.now - timedelta(minutes=30)

    def _moments(self, key, count):
        """count sorted moments between the idea's arrival and its end, with more recent ones."""
        start = self.created[key] + timedelta(minutes=20)
        span = self.end(key) - start
        return sorted(start + span * (self.rng.random() ** 0.6) for _ in range(count))

    def _engaged(self, idea, actor, when):
        if actor.id != idea.author_id:
            first = self.first_engaged[idea.id]
            self.first_engaged[idea.id] = when if first is None else min(first, when)

    def _followed(self, user, idea, when):
        key = (user.id, idea.id)
        self.followed[key] = min(self.followed.get(key, when), when)

    # -- supports and comments -----------------------------------------------

    def _support_count(self, flags):
        if "ready" in flags:
            return current_app.config["IDEA_REVIEW_THRESHOLD"] + self.rng.randint(1, 3)
        if "hot" in flags:
            return self.rng.randint(11, 17)
        if "duplicate" in flags:
            return self.rng.randint(4, 7)
        return int(self.rng.random() ** 2 * 9)

    def _supports(self):
        for key, idea in self.ideas.items():
            flags = self.flags[key]
            if "fresh" in flags:
                continue
            count = self._support_count(flags)
            others = [user for user in self.residents if user.id != idea.author_id]
            supporters = self.rng.sample(others, min(count, len(others)))
            for user, when in zip(supporters, self._moments(key, len(supporters)), strict=False):
                add_support(user, idea)
                self.support_times.append({"u": user.id, "i": idea.id, "t": when})
                self._engaged(idea, user, when)
                self._followed(user, idea, when)

    def _comments(self):
        self.comment_times = []  # (comment, when)
        threads = dict(THREADS)
        quiet = [key for key in self.ideas if key not in threads
                 and not set(self.flags[key]) & {"fresh", "withdrawn"}]
        for key in self.rng.sample(quiet, 14):
            threads[key] = [
                (None, self.rng.choice(COMMENTS),
                 [(None, self.rng.choice(REPLIES), [])] if self.rng.random() < 0.4 else [])
                for _ in range(self.rng.randint(1, 2))
            ]
        for key, thread in threads.items():
            idea = self.ideas[key]
            written = []
            self._write(key, thread, None, written)
            for (comment, author), when in zip(written, self._moments(key, len(written)), strict=False):
                self.comment_times.append((comment, when))
                self._engaged(idea, author, when)
                # Some who join a discussion press Follow to hear how it ends.
                if author is not self.staff and self.rng.random() < 0.5:
                    follow(author, idea=idea)
                    self._followed(author, idea, when)
            if key == DELETED[0]:
                top_level = [comment for comment, _author in written if comment.parent_id is None]
                delete_comment(top_level[DELETED[1]], idea)
                self.deleted = top_level[DELETED[1]]

    def _write(self, key, thread, parent, written):
        idea = self.ideas[key]
        for who, body, replies in thread:
            language = "en"
            taken = {idea.author_id, parent.author_id if parent else None}
            if who == "author":
                author, language = idea.author, idea.language
            elif who == "staff":
                author = self.staff
            elif who == "welsh":
                author = self.rng.choice([u for u in self.welsh_speakers if u.id not in taken])
                language = "cy"
            else:
                author = self.rng.choice([u for u in self.residents if u.id not in taken])
            comment = add_comment(author, idea, body, parent=parent, language=language)
            written.append((comment, author))
            self._write(key, replies, comment, written)

    def _withdrawals(self):
        for key, idea in self.ideas.items():
            if "withdrawn" in self.flags[key]:
                withdraw_idea(idea)

    def _close_challenges(self):
        for key, challenge in self.challenges.items():
            challenge.closes_at = self.closing[key]

    # -- moving the timestamps -----------------------------------------------

    def _apply_times(self):
        threshold = current_app.config["IDEA_REVIEW_THRESHOLD"]
        supported = {}
        for support in self.support_times:
            supported.setdefault(support["i"], []).append(support["t"])
        for key, idea in self.ideas.items():
            idea.created_at = idea.updated_at = self.created[key]
            idea.engaged_at = self.first_engaged[idea.id]
            if "withdrawn" in self.flags[key]:
                idea.withdrawn_at = self.end(key) + timedelta(hours=1)
            times = sorted(supported.get(idea.id, []))
            if idea.ready_for_review_at is not None and len(times) >= threshold:
                idea.ready_for_review_at = times[threshold - 1]
        latest = {}
        for comment, when in self.comment_times:
            comment.created_at = when
            latest[comment.id] = when
        for comment, when in self.comment_times:
            if comment.parent_id is not None:
                latest[comment.parent_id] = max(latest[comment.parent_id], when)
        # Deleted after its reply was written, so the reply reads as an answer to it.
        self.deleted.deleted_at = min(latest[self.deleted.id] + timedelta(hours=5),
                                      self.now - timedelta(minutes=10))
        db.session.flush()
        self._update_times(Support.__table__, self.support_times)
        self._update_times(Follow.__table__, [{"u": user_id, "i": idea_id, "t": when}
                                              for (user_id, idea_id), when in self.followed.items()])
        db.session.flush()

    @staticmethod
    def _update_times(table, rows):
        if rows:
            db.session.execute(
                table.update()
                .where(table.c.user_id == bindparam("u"), table.c.idea_id == bindparam("i"))
                .values(created_at=bindparam("t")),
                rows,
            )
