"""What moderators and staff did with the demo's ideas, made through their
services: reports (enough of them hide a comment until a moderator looks),
hiding, dismissing, blocking, and an appeal waiting for a decision; official
answers on ideas, a duplicate merged, and two proposals made from ideas, one
open for feedback and one in pilot. The follows and notifications are the
ones those services make. The texts are in staff_content.py.

Each step runs now and is then dated at the moment it is meant to have
happened (see Timeline)."""
from contextlib import contextmanager
from datetime import timedelta

from flask import current_app
from sqlalchemy import case, update

from ..clock import utcnow
from ..comments.services import add_comment
from ..extensions import db
from ..models import (
    Appeal,
    Comment,
    Follow,
    HideReason,
    Idea,
    IdeaStatusChange,
    ModerationAction,
    Notification,
    Proposal,
    ProposalStatusChange,
    Report,
    ReportReason,
    User,
)
from ..moderation.appeal_services import submit_appeal
from ..moderation.report_services import report
from ..moderation.services import block_user, dismiss_reports, hide_item
from ..notifications.services import follow
from ..proposals.services import change_status as move_proposal
from ..proposals.services import promote_idea
from ..staff.services import change_status, merge_idea
from .staff_content import (
    ANSWERS,
    BLOCKED,
    DISMISSED,
    DUPLICATE,
    FOLLOWS,
    HEATED,
    OPEN_REPORTS,
    PERSONAL,
    PROPOSALS,
    SPAM,
)

# Every time a step may write: the rows it adds and the rows it changes.
STAMPED = (
    (Appeal, "created_at"), (Appeal, "decided_at"), (Comment, "created_at"),
    (Comment, "hidden_at"), (Follow, "created_at"), (Idea, "updated_at"), (Idea, "engaged_at"),
    (Idea, "hidden_at"), (Idea, "ready_for_review_at"), (IdeaStatusChange, "created_at"),
    (ModerationAction, "created_at"), (Notification, "created_at"), (Proposal, "created_at"),
    (Proposal, "updated_at"), (ProposalStatusChange, "created_at"), (Report, "created_at"),
    (Report, "resolved_at"), (User, "blocked_at"),
)


class Timeline:
    """Steps run one after another now, and are dated afterwards at the
    moment each is meant to have happened: a time a step wrote lies between
    its start and end. Every earlier time in the demo is already in the past,
    so nothing else is in those spans. One UPDATE per column at the end."""

    def __init__(self, stamped=STAMPED):
        self.spans = []  # (start, end, moment)
        self.stamped = stamped

    @contextmanager
    def at(self, moment):
        db.session.flush()
        started = utcnow()
        yield
        db.session.flush()
        self.spans.append((started, utcnow(), moment))

    def apply(self):
        if not self.spans:
            return
        for model, name in self.stamped:
            column = getattr(model, name)
            moved = case(*[(column.between(start, end), moment)
                           for start, end, moment in self.spans], else_=column)
            db.session.execute(update(model).where(column >= self.spans[0][0])
                               .values({name: moved})
                               .execution_options(synchronize_session=False))
        db.session.expire_all()


def _enough(reasons, threshold):
    """As many reports as hide an item, taking the reasons in turn."""
    return [reasons[n % len(reasons)] for n in range(threshold)]


class StaffWork:
    """Carries on from a built ResidentsBuilder, as its moderator and staff."""

    def __init__(self, builder):
        self.b = builder
        self.rng = builder.rng
        self.now = builder.now
        self.ideas = builder.ideas
        self.timeline = Timeline()
        self.at = self.timeline.at

    def run(self):
        self._follows()
        self._moderation()
        self._answers()
        self._merge()
        for spec in PROPOSALS:
            self._proposal(spec)
        self.timeline.apply()

    def _moment(self, days_ago, after=None):
        when = self.now - timedelta(days=days_ago)
        if after is not None:
            when = max(when, after + timedelta(hours=1))
        return min(when, self.now - timedelta(minutes=10))

    def _residents(self, count, *leave_out):
        """count background residents, none of leave_out. Never the demo
        resident: whoever signs in as them can still report these things."""
        skip = {user.id for user in leave_out} | {self.b.demo_resident.id}
        people = [u for u in self.b.residents if u.id not in skip]
        return self.rng.sample(people, min(count, len(people)))

    def _follows(self):
        for key, days in FOLLOWS:
            with self.at(self._moment(days, after=self.b.created[key])):
                follow(self.b.demo_resident, idea=self.ideas[key])

    # -- moderation ----------------------------------------------------------

    def _comment(self, author, key, when, body):
        idea = self.ideas[key]
        with self.at(when):
            return add_comment(author, idea, body)

    def _reported(self, item, when, reasons, *leave_out):
        """One report per (reason, note), from different residents an hour or
        two apart. Returns when the last one came."""
        for reporter, (reason, note) in zip(self._residents(len(reasons), *leave_out), reasons, strict=False):
            when += timedelta(hours=self.rng.randint(1, 3))
            with self.at(when):
                report(reporter, item, reason, note,
                       hide_threshold=current_app.config["REPORT_HIDE_THRESHOLD"])
        return when

    def _moderation(self):
        moderator = self.b.moderator
        threshold = current_app.config["REPORT_HIDE_THRESHOLD"]

        email, name, key, days, body, note = BLOCKED
        when = self._moment(days, after=self.b.created[key])
        spammer = self.b.user(email, name, self.b.nobody, joined=when - timedelta(hours=2))
        comment = self._comment(spammer, key, when, body)
        with self.at(when + timedelta(hours=3)):
            hide_item(moderator, comment, HideReason.SPAM.value, note)
        with self.at(when + timedelta(hours=3, minutes=2)):
            block_user(moderator, spammer, ReportReason.SPAM.value, note)

        key, days, body, reason, hide_note = PERSONAL
        when = self._moment(days, after=self.b.created[key])
        author = self._residents(1, self.ideas[key].author)[0]
        comment = self._comment(author, key, when, body)
        when = self._reported(comment, when, [reason], author)
        with self.at(when + timedelta(hours=4)):
            hide_item(moderator, comment, ReportReason.PERSONAL_INFORMATION.value, hide_note)

        key, days, reason, note = DISMISSED
        idea = self.ideas[key]
        when = self._reported(idea, self._moment(days, after=self.b.created[key]), [reason],
                              idea.author)
        with self.at(when + timedelta(hours=20)):
            dismiss_reports(moderator, idea, note)

        key, days, body, reasons, appeal = HEATED
        when = self._moment(days, after=self.b.created[key])
        author = self._residents(1, self.ideas[key].author)[0]
        comment = self._comment(author, key, when, body)
        when = self._reported(comment, when, _enough(reasons, threshold), author)
        if comment.hidden_at is not None:  # unless the threshold is set beyond the residents
            with self.at(when + timedelta(hours=18)):
                submit_appeal(author, comment, appeal)

        email, name, key, days, body, reasons, account_reasons = SPAM
        when = self._moment(days, after=self.b.created[key])
        spammer = self.b.user(email, name, self.b.nobody, joined=when - timedelta(hours=1))
        comment = self._comment(spammer, key, when, body)
        when = self._reported(comment, when, _enough(reasons, threshold), spammer)
        self._reported(spammer, when, account_reasons, spammer)

        key, days, reasons = OPEN_REPORTS
        idea = self.ideas[key]
        # Fewer than would hide it, so it stays shown while it waits.
        self._reported(idea, self._moment(days, after=self.b.created[key]),
                       reasons[:max(threshold - 1, 0)], idea.author)

    # -- staff ---------------------------------------------------------------

    def _answers(self):
        for key, (days, status, response) in ANSWERS.items():
            # An answer saying how many support an idea comes once they do.
            after = self.ideas[key].ready_for_review_at or self.b.created[key]
            with self.at(self._moment(days, after=after)):
                change_status(self.ideas[key], status, response, self.b.staff)

    def _merge(self):
        duplicate_key, target_key, response = DUPLICATE
        duplicate, target = self.ideas[duplicate_key], self.ideas[target_key]
        # When supports on the duplicate stopped: it takes none once merged.
        with self.at(self.b.end(duplicate_key) + timedelta(hours=1)):
            merge_idea(duplicate, target, response.format(num=target.id, title=target.title),
                       self.b.staff)

    def _proposal(self, spec):
        sources = [self.ideas[key] for key in spec["sources"]]
        when = self._moment(spec["promoted"], after=max(self.b.created[k] for k in spec["sources"]))
        values = dict(spec["fields"], service_area=self.b.areas[spec["area"]],
                      decision_due=(self.now + timedelta(days=spec["decision_due"])).date())
        with self.at(when):
            proposal = promote_idea(self.b.staff, sources[0], values, spec["message"],
                                    extra_ids=[idea.id for idea in sources[1:]])
        steps, after = [], when
        for days, status, response in spec["steps"]:
            after = self._moment(days, after=after)
            steps.append((after, status, response))
        # Comments come while it is open for feedback, before any decision.
        until = steps[0][0] if steps else self.now - timedelta(minutes=30)
        written = []
        self._flatten(spec["comments"], None, written)
        moments = sorted(when + (until - when) * (0.05 + 0.9 * self.rng.random())
                         for _ in written)
        comments = {}
        for (index, parent, who, body), moment in zip(written, moments, strict=False):
            author = self._author(who, sources[0], comments.get(parent))
            with self.at(moment):
                comments[index] = add_comment(
                    author, proposal, body, parent=comments.get(parent))
        for moment, status, response in steps:
            with self.at(moment):
                move_proposal(self.b.staff, proposal, status, response)

    def _flatten(self, thread, parent, written):
        """Comments in reading order (a reply after its parent) as
        (index, parent index, who, body)."""
        for who, body, replies in thread:
            index = len(written)
            written.append((index, parent, who, body))
            self._flatten(replies, index, written)

    def _author(self, who, first_source, parent):
        if who == "staff":
            return self.b.staff
        if who == "author":
            return first_source.author
        if who == "me":
            return self.b.demo_resident
        leave_out = [first_source.author] + ([parent.author] if parent is not None else [])
        return self._residents(1, *leave_out)[0]
