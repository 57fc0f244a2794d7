"""How the site is used, for the staff dashboard: ideas, supports and
comments per week, and the median time to an official answer per month
against the target (RESPONSE_TARGET_DAYS), each a chart with its table.

Three statements, whatever the numbers: the three counts per day for the
weeks before today and for today, and the ideas answered in the last year;
each worker keeps all but today's counts for a while (see _kept). The
charts are drawn only when a figure they show changes (Participation)."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import median
from time import monotonic

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import bindparam, func, literal, select, union_all

from .. import charts, panels
from ..clock import utcnow
from ..extensions import db
from ..localtime import format_date, format_short
from ..models import Comment, Idea, IdeaStatusChange, Support

WEEKS = 12
KINDS = ("ideas", "supports", "comments")
MONTHS = 12


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


def _count_days(since, until=None):
    """{kind: [(day, n)]} of ideas, supports and comments written from since
    (and before until): one statement."""
    def per_day(kind, model, *where):
        day = func.date(model.created_at)
        within = [model.created_at >= since] + ([model.created_at < until] if until else [])
        return (select(literal(kind).label("kind"), day.label("day"), func.count().label("n"))
                .where(*within, *where).group_by(day))

    rows = db.session.execute(union_all(
        per_day("ideas", Idea),
        # A support carried over from a merged duplicate is not a new one.
        per_day("supports", Support, Support.via_idea_id.is_(None)),
        per_day("comments", Comment),
    )).all()
    counts = {kind: [] for kind in KINDS}
    for kind, day, n in rows:
        counts[kind].append((_day(day), n))
    return counts


def _kept(key, count):
    """count(), as this worker last found it for key if that was less than
    PARTICIPATION_RECOUNT_SECONDS ago. At Madrid scale the days before today
    take a second to count (a million supports in twelve weeks), so a
    support taken back, an account deleted or an idea answered shows in the
    figures before today within that time; today's counts are always live."""
    keep = current_app.config["PARTICIPATION_RECOUNT_SECONDS"]
    kept = current_app.extensions.setdefault("staff_participation", {})
    found = kept.get(key)
    if found and monotonic() - found[0] < keep:
        return found[1]
    value = count()
    kept[key] = (monotonic(), value)
    return value


def _count_since(model, *where):
    return (select(func.count()).select_from(model)
            .where(model.created_at >= bindparam("since"), *where).scalar_subquery())


# Built once, the start of the day bound when it runs: building the statement
# took longer than running two of its three counts.
_TODAY = select(
    _count_since(Idea),
    # A support carried over from a merged duplicate is not a new one.
    _count_since(Support, Support.via_idea_id.is_(None)),
    _count_since(Comment),
)


def _count_today(today):
    """{kind: [(today, n)]}: three plain counts, each read from an index on
    created_at alone (at Madrid scale a day can bring 70,000 supports, and
    grouping them by day, or reading each row for via_idea_id, cost 30 to
    80 ms a view)."""
    ideas, supports, comments = db.session.execute(
        _TODAY, {"since": datetime.combine(today, time())}).one()
    return {"ideas": [(today, ideas)], "supports": [(today, supports)],
            "comments": [(today, comments)]}


def weekly_counts(today):
    """[WeekRow] for the last WEEKS weeks, this one included."""
    first = charts.week_start(today) - timedelta(weeks=WEEKS - 1)
    earlier = _kept(("days", first, today), lambda: _count_days(
        datetime.combine(first, time()), datetime.combine(today, time())))
    today_counts = _count_today(today)
    weeks = {kind: charts.by_week(earlier[kind] + today_counts[kind], first, today)
             for kind in KINDS}
    return [WeekRow(monday, ideas, supports, comments)
            for (monday, ideas), (_, supports), (_, comments)
            in zip(weeks["ideas"], weeks["supports"], weeks["comments"], strict=True)]


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


def _load(_subject, _user):
    today = utcnow().date()
    months = _kept(("months", today), lambda: answer_times(today))
    return {"participation": Participation(
        tuple(weekly_counts(today)), tuple(months), current_app.config["RESPONSE_TARGET_DAYS"])}


def register(app):
    panels.register(app, "staff", panels.Panel(
        "participation", "staff/_participation.html", _load, order=90))
