"""A pilot's figures turned into what its page and the API show: the result
(stats.py), the proposed verdict (verdict.py), the cost per case of each
site and the chart (chart.py). Takes the card and the measurement rows the
queries loaded; reads nothing itself."""
import functools
from dataclasses import dataclass

from . import chart, stats, verdict


@dataclass(frozen=True)
class Outcome:
    result: stats.Result | None
    proposal: verdict.Proposal | None
    pilot_cost: object = None
    comparison_cost: object = None

    @property
    def proposed_verdict(self):
        return self.proposal.verdict.value if self.proposal else None

    @property
    def reason(self):
        return self.proposal.reason.value if self.proposal else None

    @property
    def method(self):
        return self.result.method if self.result else None


class Figures:
    """A pilot's figures as its page shows them (templates/pilots/_figures.html):
    the card in force and the measurement rows, with the result and the chart
    worked out only when asked, so not at all while the page's fragment is
    kept (codesign/fragments.py pilot_figures_key)."""

    def __init__(self, card, rows, _):
        self.card, self.rows, self._ = card, rows, _

    @functools.cached_property
    def outcome(self):
        return outcome(self.card, self.rows)

    @functools.cached_property
    def chart(self):
        return render_chart(self.card, self.rows, self._)


def _periods(rows, site):
    return [stats.Period(n=row.n, successes=row.successes, mean=row.mean, sd=row.sd,
                         cost_per_case=row.cost_per_case)
            for row in rows if row.site == site]


def outcome(card, rows):
    """The result and the proposed verdict, or an Outcome of Nones while there
    are no figures to compare. A pilot with a comparison site is compared with
    it (never quietly with the baseline); without one, with the baseline."""
    pilot = _periods(rows, "pilot")
    comparison = _periods(rows, "comparison") if card.has_comparison else None
    result = stats.result(card.kind, pilot, comparison, baseline=card.baseline_value)
    pilot_cost = stats.pool_cost(pilot)
    comparison_cost = stats.pool_cost(comparison) if comparison else None
    if result is None:
        return Outcome(None, None, pilot_cost, comparison_cost)
    proposal = verdict.propose(result.ci_low, result.ci_high, result.estimate, card.better,
                               card.target, result.n_pilot, result.n_comparison)
    return Outcome(result, proposal, pilot_cost, comparison_cost)


def value_of(row):
    """A period's value on the measure's scale: a proportion or a mean."""
    return row.successes / row.n if row.successes is not None else float(row.mean)


def render_chart(card, rows, _):
    points = {"pilot": [], "comparison": []}
    for row in rows:
        points[row.site].append(chart.Point(row.period_start, row.period_end, value_of(row)))
    return chart.render(
        card.kind, card.measure_name, points["pilot"], points["comparison"],
        baseline=float(card.baseline_value),
        target=chart.target_level(card.baseline_value, card.target, card.better),
        unit=card.measure_unit, chart_id=f"pilot-chart-{card.pilot_id}", _=_)


def show(card, value):
    """A level on the measure's scale in words: 62%, or 4.5 days."""
    return chart.format_value(card.kind, value, card.measure_unit)


def target_change(card):
    """The target as the change it asks for: a rise, or a fall where lower is better."""
    return show_change(card, card.target if card.better == "higher" else -card.target)


def show_change(card, value):
    """A difference: percentage points for a proportion, units for a mean."""
    if value is None:
        return None
    if card.kind == stats.PROPORTION:
        return f"{float(value) * 100:+.1f}"
    return f"{float(value):+.2f}"
