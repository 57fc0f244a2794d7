"""The sparkline of an idea's supports, week by week, with its table."""
from dataclasses import dataclass
from functools import cached_property

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
    """An idea's supports by week from the week of `first` to the week of
    `last`: `days` are (Monday, supports) of the weeks that gained some. All
    it shows is drawn from these three (its key in codesign/fragments.py),
    and only when it is shown, so a kept chart costs no drawing."""

    days: tuple
    first: object  # the Monday of the first week shown
    last: object  # the Monday of the last

    @cached_property
    def _weeks(self):
        return charts.by_week(self.days, self.first, self.last)

    @cached_property
    def rows(self):
        """The weeks in which it gained supports, oldest first."""
        rows, running = [], 0
        for monday, new in self._weeks:
            running += new
            if new:
                rows.append(WeekRow(monday, new, running))
        return tuple(rows)

    @property
    def total(self):
        return self.rows[-1].total if self.rows else 0

    @cached_property
    def svg(self):
        totals, running = [], 0
        for _monday, new in self._weeks:
            running += new
            totals.append(running)
        weeks = self._weeks
        description = _("Supports grew to %(total)d between the week of %(first)s and the week "
                        "of %(last)s. The table gives each week's new supports.",
                        total=running, first=format_date(weeks[0][0]),
                        last=format_date(weeks[-1][0]))
        return charts.sparkline(totals, "support-trend", _("Supports over time"), description)


def support_trend(idea, days, today=None):
    """The idea's supports over time, or None before its first."""
    if not days:
        return None
    today = today or utcnow().date()
    return Trend(days=tuple(days), first=charts.week_start(min(idea.created_at.date(), days[0][0])),
                 last=charts.week_start(today))
