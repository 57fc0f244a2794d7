"""The sparkline of an idea's supports, week by week, with its table."""
from dataclasses import dataclass

from flask_babel import gettext as _

from .. import charts
from ..clock import utcnow
from ..localtime import format_date


@dataclass(frozen=True)
class WeekRow:
    week: object  # the Monday starting it
    new: int
    total: int


@dataclass(frozen=True)
class Trend:
    svg: object
    rows: tuple  # the weeks in which it gained supports, oldest first
    total: int


def support_trend(idea, days, today=None):
    """The idea's supports over time, or None before its first."""
    if not days:
        return None
    today = today or utcnow().date()
    weeks = charts.by_week(days, min(idea.created_at.date(), days[0][0]), today)
    totals, running = [], 0
    rows = []
    for monday, new in weeks:
        running += new
        totals.append(running)
        if new:
            rows.append(WeekRow(monday, new, running))
    description = _("Supports grew to %(total)d between the week of %(first)s and the week "
                    "of %(last)s. The table gives each week's new supports.",
                    total=running, first=format_date(weeks[0][0]),
                    last=format_date(weeks[-1][0]))
    svg = charts.sparkline(totals, "support-trend", _("Supports over time"), description)
    return Trend(svg=svg, rows=tuple(rows), total=running)
