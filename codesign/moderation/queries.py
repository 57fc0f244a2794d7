"""Reading for moderators: the queue, the pending appeals and the log."""
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from typing import NamedTuple

from sqlalchemy import (
    Integer,
    bindparam,
    cast,
    func,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import defaultload, lazyload, load_only

from ..clock import utcnow
from ..database import likely
from ..extensions import db
from ..models import (
    Appeal,
    Comment,
    HideReason,
    Idea,
    ModerationAction,
    Partner,
    PartnerMember,
    Report,
    Support,
    User,
)

KINDS = (("idea", "idea_id", Idea), ("comment", "comment_id", Comment), ("user", "user_id", User))

# The idea's (:subject_id) open reports: a fact of the idea page for
# moderators (codesign/panels.py), asked with the idea's own row.
IDEA_OPEN_REPORTS = (
    select(func.count()).select_from(Report)
    .where(Report.idea_id == bindparam("subject_id"), Report.resolved_at.is_(None))
    .correlate(None).scalar_subquery().label("moderation_reports"))


@dataclass
class Page:
    items: list
    number: int
    has_next: bool

    @property
    def has_prev(self):
        return self.number > 1


@dataclass
class QueueRow:
    kind: str
    item: object
    open_count: int
    oldest: object
    reasons: list = field(default_factory=list)  # (reason, count), most frequent first
    reports: list = field(default_factory=list)  # the open reports, oldest first


def _key(row):
    for kind, column, _model in KINDS:
        value = getattr(row, column)
        if value is not None:
            return kind, value
    raise ValueError("a row without a target")


def _partner_as_shown(membership):
    return (membership.load_only(PartnerMember.partner_id)
            .defaultload(PartnerMember.partner).load_only(Partner.name, Partner.status))


def _as_shown(person, *more):
    """What templates/_person.html shows of a person (and `more` of their
    columns), given the loader option for the relationship to them: not
    their account's details."""
    return _partner_as_shown(
        person.load_only(User.display_name, User.role, User.deleted_at, *more)
        .defaultload(User.partner_membership))


# What the queue shows of each kind of item (templates/moderation/queue.html,
# codesign/fragments.py queue_entry_key) and what the permission predicates
# read of it: not an idea's stored HTML, counts, area or challenge.
QUEUE_AS_SHOWN = {
    Idea: (load_only(Idea.title, Idea.description, Idea.language, Idea.author_id,
                     Idea.hidden_at, Idea.hidden_reason),
           lazyload(Idea.service_area), lazyload(Idea.challenge),
           _as_shown(defaultload(Idea.author))),
    Comment: (load_only(Comment.idea_id, Comment.proposal_id, Comment.author_id, Comment.body,
                        Comment.language, Comment.hidden_at, Comment.hidden_reason,
                        Comment.deleted_at),
              _as_shown(defaultload(Comment.author))),
    User: (load_only(User.display_name, User.role, User.deleted_at, User.blocked_at),
           _partner_as_shown(defaultload(User.partner_membership))),
}


def load_targets(rows, shown=None):
    """The idea, comment or user each row names, in one query per kind,
    keyed by (kind, id); `shown` maps a model to the loader options that
    read only what the page shows of it."""
    wanted = {kind: set() for kind, _column, _model in KINDS}
    for row in rows:
        kind, value = _key(row)
        wanted[kind].add(value)
    found = {}
    for kind, _column, model in KINDS:
        if wanted[kind]:
            query = select(model).where(model.id.in_(wanted[kind]))
            if shown is not None:
                query = query.options(*shown[model])
            elif model is Idea:  # the moderation pages show its author, not its area or challenge
                query = query.options(lazyload(Idea.service_area), lazyload(Idea.challenge))
            for obj in db.session.scalars(query):
                found[kind, obj.id] = obj
    return found


def _pending(model, column):
    """Items hidden by reports that no moderator has looked at, as queue
    entries with no report of their own."""
    targets = {name: cast(null(), Integer) for _kind, name, _model in KINDS}
    targets[column] = model.id
    return select(
        *(targets[name].label(name) for _kind, name, _model in KINDS),
        literal_column("0", Integer).label("open_count"),
        model.hidden_at.label("at"),
    ).where(model.hidden_at.is_not(None), model.hidden_reason == HideReason.REPORTED.value)


@cache
def _queue_statement():
    """The page of the queue, built once per process with the page as bound
    values. The open reports are counted per item first, in the order of
    ix_report_unresolved, which holds every column read: told that
    `resolved_at IS NULL` is true of most reports, SQLite reads that index
    rather than looking each open report up in the table from
    ix_report_open."""
    reports = (
        select(Report.idea_id, Report.comment_id, Report.user_id,
               func.count().label("open_count"), func.min(Report.created_at).label("at"))
        .where(likely(Report.resolved_at.is_(None)))
        .group_by(Report.idea_id, Report.comment_id, Report.user_id)
    )
    entries = union_all(
        reports, _pending(Idea, "idea_id"), _pending(Comment, "comment_id")).subquery()
    open_count = cast(func.sum(entries.c.open_count), Integer).label("open_count")
    oldest = func.min(entries.c.at).label("oldest")
    targets = (entries.c.idea_id, entries.c.comment_id, entries.c.user_id)
    return (select(*targets, open_count, oldest)
            .group_by(*targets)
            .order_by(open_count.desc(), oldest, *targets)
            .offset(bindparam("offset")).limit(bindparam("limit")))


def queue(page, per_page):
    """Items with open reports and items hidden pending review: most open
    reports first, then the longest waiting. Each item and its open reports
    are read with only what the queue shows of them (QUEUE_AS_SHOWN)."""
    rows = db.session.execute(
        _queue_statement(), {"offset": (page - 1) * per_page, "limit": per_page + 1}).all()
    has_next, rows = len(rows) > per_page, rows[:per_page]
    found = load_targets(rows, QUEUE_AS_SHOWN)
    queue_rows = {}
    for row in rows:
        key = _key(row)
        if key in found:
            queue_rows[key] = QueueRow(key[0], found[key], row.open_count, row.oldest)
    _add_reports(queue_rows)
    return Page(list(queue_rows.values()), page, has_next)


class PartnerName(NamedTuple):
    name: str
    status: str


class Membership(NamedTuple):
    partner: PartnerName


class Reporter(NamedTuple):
    """What the queue shows of the person who made a report: what
    templates/_person.html reads of a User, by the same names, and how old
    their account is."""

    id: int
    display_name: str
    role: str
    deleted_at: object
    created_at: object
    partner_membership: Membership | None


class OpenReport(NamedTuple):
    """What the queue shows of an open report, read as plain values: a page
    has dozens, and making each with its reporter as mapped objects cost
    more than the rest of reading the queue."""

    id: int
    idea_id: int | None
    comment_id: int | None
    user_id: int | None
    reason: str
    note: str
    counts_towards_hiding: bool
    reporter: Reporter


def _add_reports(queue_rows):
    if not queue_rows:
        return
    conditions = []
    for kind, column, _model in KINDS:
        ids = [value for key_kind, value in queue_rows if key_kind == kind]
        if ids:
            conditions.append(getattr(Report, column).in_(ids))
    # Found through each target's own index. Given `resolved_at IS NULL`,
    # SQLite reads every open report through ix_report_open instead (its
    # statistics cannot tell that most reports are open), so the test is on
    # an expression that no index serves.
    rows = db.session.execute(
        select(Report.id, Report.idea_id, Report.comment_id, Report.user_id, Report.reason,
               Report.note, Report.counts_towards_hiding, User.id, User.display_name,
               User.role, User.deleted_at, User.created_at, Partner.name, Partner.status)
        .join(User, User.id == Report.reporter_id)
        .outerjoin(PartnerMember, PartnerMember.user_id == User.id)
        .outerjoin(Partner, Partner.id == PartnerMember.partner_id)
        .where(or_(*conditions), func.coalesce(Report.resolved_at, null()).is_(None))
        .order_by(Report.created_at, Report.id)
    ).all()
    for row in rows:
        partner = None if row[12] is None else Membership(PartnerName(row[12], row[13]))
        report = OpenReport(*row[:7], Reporter(*row[7:12], partner))
        queue_rows[_key(report)].reports.append(report)
    for row in queue_rows.values():
        row.reasons = Counter(report.reason for report in row.reports).most_common()


def pending_appeals(limit=50):
    """The oldest appeals waiting for a decision, with their authors. The
    appeals are chosen first, then joined to their authors by key: asked
    for in one join, SQLite walked every account and looked for its appeals
    (a view's cost grew with the number of people, 17 ms at 20,000)."""
    waiting = (select(Appeal.id).where(Appeal.decided_at.is_(None))
               .order_by(Appeal.created_at, Appeal.id).limit(limit))
    appeals = db.session.scalars(
        select(Appeal).where(Appeal.id.in_(waiting)).order_by(Appeal.created_at, Appeal.id)
    ).all()
    found = load_targets(appeals)
    hiders = _users({appeal.hidden_by_id for appeal in appeals} - {None})
    return [(appeal, found.get(_key(appeal)), hiders.get(appeal.hidden_by_id))
            for appeal in appeals]


def _users(ids):
    if not ids:
        return {}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))}


def log_page(page, per_page):
    actions = db.session.scalars(
        select(ModerationAction)
        .order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc())
        .offset((page - 1) * per_page).limit(per_page + 1)
    ).all()
    has_next, actions = len(actions) > per_page, actions[:per_page]
    found = load_targets(actions)
    return Page([(action, found.get(_key(action))) for action in actions], page, has_next)


def ideas_of(items):
    """The ideas that the comments among items are on, by id, for their
    titles (the id and title only: not the whole idea with its author, area
    and challenge)."""
    ids = {item.idea_id for item in items
           if isinstance(item, Comment) and item.idea_id is not None}
    if not ids:
        return {}
    return {row.id: row for row in db.session.execute(
        select(Idea.id, Idea.title).where(Idea.id.in_(ids)))}


# The registrations the "new accounts" page lists: the last week's.
NEW_ACCOUNTS_WITHIN = timedelta(days=7)


@dataclass
class NewAccount:
    user: object
    ideas: int
    supports: int
    comments: int
    reports: int  # made by the account


def _count_for_user(model, column):
    return (select(func.count()).select_from(model).where(column == User.id)
            .correlate(User).scalar_subquery())


def new_accounts(page, per_page, now=None):
    """Accounts registered within NEW_ACCOUNTS_WITHIN, newest first, each with
    what it has done: sock puppets made together show up side by side."""
    since = (now or utcnow()) - NEW_ACCOUNTS_WITHIN
    rows = db.session.execute(
        select(User,
               _count_for_user(Idea, Idea.author_id),
               _count_for_user(Support, Support.user_id),
               _count_for_user(Comment, Comment.author_id),
               _count_for_user(Report, Report.reporter_id))
        .where(User.created_at >= since)
        .order_by(User.created_at.desc(), User.id.desc())
        .offset((page - 1) * per_page).limit(per_page + 1)
    ).all()
    has_next, rows = len(rows) > per_page, rows[:per_page]
    return Page([NewAccount(*row) for row in rows], page, has_next)
