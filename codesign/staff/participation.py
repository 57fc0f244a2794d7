"""How the site is used, for the staff dashboard: ideas, supports and
comments per week, and the median time to an official answer per month
against the target (RESPONSE_TARGET_DAYS), each a chart with its table.

One statement a view, whatever the numbers: today's three counts, with
the sums of the numbers the database gives each day whose rows changed
(ParticipationDay). Each worker keeps the earlier days' counts, and the
answer times, under those numbers, and counts again only the days whose
number changed (see _past_days): the first view in a worker reads the
twelve weeks' rows, later ones today's. The charts are drawn only when a
figure they show changes (Participation)."""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import median

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Date, and_, bindparam, func, literal, or_, select, union_all

from .. import charts, panels
from ..clock import utcnow
from ..extensions import db
from ..localtime import format_date, format_short
from ..models import Comment, Idea, IdeaStatusChange, ParticipationDay, Support

WEEKS = 12
KINDS = ("ideas", "supports", "comments")
MONTHS = 12
ONE_DAY = timedelta(days=1)
# ParticipationDay's kinds (migration 0027).
WEEKS_CHANGED, ANSWERS_CHANGED = "weeks", "answers"
# How long after a day ends its counts are kept: a support written a moment
# before midnight commits a moment after it.
SETTLED = timedelta(minutes=1)


@dataclass(frozen=True)
class WeekRow:
    week: date
    ideas: int
    supports: int
    comments: int


@dataclass(frozen=True)
class MonthRow:
    month: date
    answered: int
    median_days: float | None


def _day(value):
    return date.fromisoformat(str(value)[:10])  # SQLite gives a string, PostgreSQL a date


def _ranges(days):
    """[(start, end)] of datetimes covering the sorted days, runs of
    consecutive days as one range."""
    ranges = []
    for day in days:
        start, end = datetime.combine(day, time()), datetime.combine(day + ONE_DAY, time())
        if ranges and ranges[-1][1] == start:
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((start, end))
    return ranges


def _count_days(days):
    """{day: (ideas, supports, comments)} written on each of the days, each
    read by ranges of created_at: one statement."""
    ranges = _ranges(days)

    def per_day(kind, model, *where):
        day = func.date(model.created_at)
        within = or_(*(and_(model.created_at >= start, model.created_at < end)
                       for start, end in ranges))
        return (select(literal(kind).label("kind"), day.label("day"), func.count().label("n"))
                .where(within, *where).group_by(day))

    rows = db.session.execute(union_all(
        per_day("ideas", Idea),
        # A support carried over from a merged duplicate is not a new one.
        per_day("supports", Support, Support.via_idea_id.is_(None)),
        per_day("comments", Comment),
    )).all()
    counts = {day: dict.fromkeys(KINDS, 0) for day in days}
    for kind, day, n in rows:
        counts[_day(day)][kind] = n
    return {day: tuple(found[kind] for kind in KINDS) for day, found in counts.items()}


def _count_since(model, *where):
    return (select(func.count()).select_from(model)
            .where(model.created_at >= bindparam("since"), *where).scalar_subquery())


def _versions(kind, until=None):
    """The sum of the kind's day numbers from :first_<kind> (and before
    :today): it changes whenever any of them does (they only go up)."""
    within = [ParticipationDay.kind == kind,
              ParticipationDay.day >= bindparam(f"first_{kind}", type_=Date)]
    if until:
        within.append(ParticipationDay.day < bindparam(until, type_=Date))
    return (select(func.coalesce(func.sum(ParticipationDay.version), 0))
            .where(*within).scalar_subquery())


# Built once, its values bound when it runs: building the statement took
# longer than running two of its counts. Today's three counts, each read
# from an index on created_at alone (at Madrid scale a day can bring 70,000
# supports, and grouping them by day, or reading each row for via_idea_id,
# cost 30 to 80 ms a view), and whether anything behind the kept figures
# changed.
_TODAY = select(
    _count_since(Idea),
    # A support carried over from a merged duplicate is not a new one.
    _count_since(Support, Support.via_idea_id.is_(None)),
    _count_since(Comment),
    _versions(WEEKS_CHANGED, "today"),
    _versions(ANSWERS_CHANGED),
)
_DAY_VERSIONS = select(ParticipationDay.day, ParticipationDay.version).where(
    ParticipationDay.kind == WEEKS_CHANGED,
    ParticipationDay.day >= bindparam("first", type_=Date),
    ParticipationDay.day < bindparam("today", type_=Date))


@dataclass
class _Kept:
    """What a worker keeps: each past day's counts with the number its day
    had when they were counted, the sum of those numbers over the weeks
    shown when every day was last found current, and the months' figures
    under the sum of the answers' numbers."""

    days: dict = field(default_factory=dict)  # day: (version, (ideas, supports, comments))
    window: tuple = ()  # (first, today, the sum of the numbers)
    months: tuple = ()  # (first month, today, the sum of the numbers, [MonthRow])


def _kept():
    return current_app.extensions.setdefault("staff_participation", _Kept())


def _past_days(kept, first, today, versions_sum, now):
    """{day: (ideas, supports, comments)} for each day from first to
    yesterday: the kept counts of days whose number is as it was, the
    others counted afresh (all of them, the first time)."""
    days = [first + timedelta(days=n) for n in range((today - first).days)]
    if kept.window == (first, today, versions_sum):
        return {day: kept.days[day][1] for day in days}
    versions = dict(db.session.execute(
        _DAY_VERSIONS, {"first": first, "today": today}).all())
    found = {}
    stale = []
    for day in days:
        version = versions.get(day)
        known = kept.days.get(day)
        if known is not None and known[0] == version:
            found[day] = known[1]
        else:
            stale.append(day)
    settled = True
    if stale:
        for day, counts in _count_days(stale).items():
            found[day] = counts
            # A row dated just before midnight may commit just after it,
            # without changing its day's number: not kept until it would have.
            if now >= datetime.combine(day + ONE_DAY, time()) + SETTLED:
                kept.days[day] = (versions.get(day), counts)
            else:
                settled = False
    for day in [day for day in kept.days if day < first]:
        del kept.days[day]
    kept.window = (first, today, versions_sum) if settled else ()
    return found


def weekly_counts(now):
    """[WeekRow] for the last WEEKS weeks, this one included, and the sum of
    the answers' day numbers (for answer_times' key). Today's counts are read
    on every view; earlier days' are kept under their days' numbers
    (ParticipationDay), which the database changes with the rows behind
    them, so a count shown always equals the rows."""
    today = now.date()
    first = charts.week_start(today) - timedelta(weeks=WEEKS - 1)
    first_month = _months_back(_month_start(today), MONTHS - 1)
    ideas, supports, comments, weeks_sum, answers_sum = db.session.execute(_TODAY, {
        "since": datetime.combine(today, time()), "today": today,
        f"first_{WEEKS_CHANGED}": first, f"first_{ANSWERS_CHANGED}": first_month}).one()
    past = _past_days(_kept(), first, today, weeks_sum, now)
    counts = {kind: [(day, found[n]) for day, found in past.items()]
              for n, kind in enumerate(KINDS)}
    for kind, n in zip(KINDS, (ideas, supports, comments), strict=True):
        counts[kind].append((today, n))
    weeks = {kind: charts.by_week(counts[kind], first, today) for kind in KINDS}
    rows = [WeekRow(monday, ideas, supports, comments)
            for (monday, ideas), (_, supports), (_, comments)
            in zip(weeks["ideas"], weeks["supports"], weeks["comments"], strict=True)]
    return rows, answers_sum


def _month_start(day):
    return day.replace(day=1)


def _months_back(day, count):
    year, month = divmod(day.year * 12 + day.month - 1 - count, 12)
    return date(year, month + 1, 1)


def answer_times(today):
    """[MonthRow] for the last MONTHS months: how many ideas had their first
    official answer that month, and the median days they waited for it (from
    when the idea was ready for review, or published if it was answered
    before it was ready)."""
    first_month = _months_back(_month_start(today), MONTHS - 1)
    first_answer = (select(IdeaStatusChange.idea_id,
                           func.min(IdeaStatusChange.created_at).label("answered_at"))
                    .group_by(IdeaStatusChange.idea_id).subquery())
    rows = db.session.execute(
        select(Idea.created_at, Idea.ready_for_review_at, first_answer.c.answered_at)
        .join(first_answer, first_answer.c.idea_id == Idea.id)
        .where(first_answer.c.answered_at >= datetime.combine(first_month, time()))
    ).all()
    waits = {}
    for created_at, ready_at, answered_at in rows:
        start = ready_at if ready_at is not None and ready_at <= answered_at else created_at
        days = max((answered_at - start).total_seconds() / 86400, 0)
        waits.setdefault(_month_start(answered_at.date()), []).append(days)
    months = [_months_back(_month_start(today), back) for back in range(MONTHS - 1, -1, -1)]
    return [MonthRow(month, len(waits.get(month, ())),
                     round(median(waits[month]), 1) if month in waits else None)
            for month in months]


def _participation_chart(weeks):
    labels = [format_short(row.week) for row in weeks]
    series = [charts.Series(_("Ideas"), tuple(row.ideas for row in weeks)),
              charts.Series(_("Supports"), tuple(row.supports for row in weeks)),
              charts.Series(_("Comments"), tuple(row.comments for row in weeks))]
    description = _("Ideas, supports and comments each week, from the week of %(first)s "
                    "to this week. The table below gives every figure.", first=format_date(weeks[0].week))
    return charts.line_chart(labels, series, "participation-chart",
                             _("Participation per week"), description,
                             _("Number per week"), _("Week starting"))


def _answer_chart(months, target_days):
    labels = [format_short(row.month, with_year=True) for row in months]
    series = [charts.Series(_("Median days to an official answer"),
                            tuple(row.median_days for row in months))]
    description = _("The median number of days ideas waited for their first official answer, "
                    "month by month, against the target of %(num)d days. The table below gives "
                    "every figure.", num=target_days)
    return charts.line_chart(labels, series, "answer-time-chart",
                             _("Time to an official answer"), description, _("Days"), _("Month"),
                             guide=(target_days, _("Target: %(num)d days", num=target_days)))


@dataclass(frozen=True)
class Participation:
    """The dashboard's figures. Their charts are drawn when first shown:
    the template keeps each chart with its table under the figures it shows
    (codesign/fragments.py), so a view whose figures are as before draws
    nothing."""

    weeks: tuple  # WeekRow, oldest first
    months: tuple  # MonthRow, oldest first
    target_days: int

    def participation_chart(self):
        return _participation_chart(self.weeks)

    def answer_chart(self):
        return _answer_chart(self.months, self.target_days)


def _months(today, answers_sum):
    """answer_times(today), kept while the answers' day numbers are as they
    were (any answer given, changed or taken back changes them)."""
    kept = _kept()
    key = (_months_back(_month_start(today), MONTHS - 1), today, answers_sum)
    if kept.months[:3] != key:
        kept.months = (*key, answer_times(today))
    return kept.months[3]


def _load(_subject, _user):
    now = utcnow()
    weeks, answers_sum = weekly_counts(now)
    return {"participation": Participation(
        tuple(weeks), tuple(_months(now.date(), answers_sum)),
        current_app.config["RESPONSE_TARGET_DAYS"])}


def register(app):
    panels.register(app, "staff", panels.Panel(
        "participation", "staff/_participation.html", _load, order=90))
