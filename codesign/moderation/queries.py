"""Reading for moderators: the queue, the pending appeals and the log."""
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Integer, bindparam, cast, func, null, or_, select, union_all
from sqlalchemy.orm import lazyload

from ..clock import utcnow
from ..extensions import db
from ..models import Appeal, Comment, HideReason, Idea, ModerationAction, Report, Support, User

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


def load_targets(rows):
    """The idea, comment or user each row names, in one query per kind,
    keyed by (kind, id)."""
    wanted = {kind: set() for kind, _column, _model in KINDS}
    for row in rows:
        kind, value = _key(row)
        wanted[kind].add(value)
    found = {}
    for kind, _column, model in KINDS:
        if wanted[kind]:
            query = select(model).where(model.id.in_(wanted[kind]))
            if model is Idea:  # the moderation pages show its author, not its area or challenge
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
        cast(null(), Integer).label("report_id"),
        model.hidden_at.label("at"),
    ).where(model.hidden_at.is_not(None), model.hidden_reason == HideReason.REPORTED.value)


def queue(page, per_page):
    """Items with open reports and items hidden pending review: most open
    reports first, then the longest waiting."""
    entries = union_all(
        select(Report.idea_id, Report.comment_id, Report.user_id,
               Report.id.label("report_id"), Report.created_at.label("at"))
        .where(Report.resolved_at.is_(None)),
        _pending(Idea, "idea_id"),
        _pending(Comment, "comment_id"),
    ).subquery()
    open_count = func.count(entries.c.report_id).label("open_count")
    oldest = func.min(entries.c.at).label("oldest")
    targets = (entries.c.idea_id, entries.c.comment_id, entries.c.user_id)
    rows = db.session.execute(
        select(*targets, open_count, oldest)
        .group_by(*targets)
        .order_by(open_count.desc(), oldest, *targets)
        .offset((page - 1) * per_page).limit(per_page + 1)
    ).all()
    has_next, rows = len(rows) > per_page, rows[:per_page]
    found = load_targets(rows)
    queue_rows = {}
    for row in rows:
        key = _key(row)
        if key in found:
            queue_rows[key] = QueueRow(key[0], found[key], row.open_count, row.oldest)
    _add_reports(queue_rows)
    return Page(list(queue_rows.values()), page, has_next)


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
    reports = db.session.scalars(
        select(Report).where(or_(*conditions), func.coalesce(Report.resolved_at, null()).is_(None))
        .order_by(Report.created_at, Report.id)
    ).all()
    for report in reports:
        queue_rows[_key(report)].reports.append(report)
    for row in queue_rows.values():
        row.reasons = Counter(report.reason for report in row.reports).most_common()


def pending_appeals(limit=50):
    appeals = db.session.scalars(
        select(Appeal).where(Appeal.decided_at.is_(None))
        .order_by(Appeal.created_at, Appeal.id).limit(limit)
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
