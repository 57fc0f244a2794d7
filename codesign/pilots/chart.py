"""A pilot's measure over time as a server-rendered SVG line chart, with its data table.

Server-rendered so it needs no script, and built for the site's strict CSP: no style
attributes or <style> blocks, only presentation attributes (stroke, fill, dash patterns,
font-size) and classes. The two sites differ by dash pattern and point marker as well as by
colour, so the chart reads in grey or to someone who cannot tell the colours apart; the data
table is its text alternative. Every piece of text goes through markupsafe.escape.
"""
import math
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from ..chartaxis import HTML_ID, trim
from ..chartaxis import ticks as axis_ticks
from .stats import PROPORTION

WIDTH, HEIGHT = 640, 360
LEFT, RIGHT, TOP, BOTTOM = 72, 44, 24, 96
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
MAX_X_LABELS = 6

PILOT = {"name": "pilot", "stroke": "#1d4f91", "dash": None, "marker": "circle"}
COMPARISON = {"name": "comparison", "stroke": "#a14a00", "dash": "8 5", "marker": "square"}
BASELINE_DASH = "2 4"
TARGET_DASH = "10 4 2 4"
GUIDE_STROKE = "#4d4d4d"

@dataclass(frozen=True)
class Point:
    """One period's value for one site: a proportion (0 to 1) or a mean."""
    period_start: date
    period_end: date
    value: float


@dataclass(frozen=True)
class TableRow:
    period_start: date
    period_end: date
    pilot: float | None
    comparison: float | None


@dataclass(frozen=True)
class Chart:
    svg: Markup
    table: tuple


def _identity(text):
    return text


def target_level(baseline, target, better):
    """Where the target line goes: the baseline moved by the target in the better direction."""
    return float(baseline) + float(target) if better == "higher" else float(baseline) - float(target)


def format_value(kind, value, unit=""):
    """A value as the chart and its table show it: a percentage, or a number and its unit."""
    if kind == PROPORTION:
        return f"{trim(round(float(value) * 100, 1))}%"
    number = trim(round(float(value), 2))
    return f"{number} {unit}".strip()


def table(pilot, comparison=()):
    """One row per period, pilot and comparison side by side, oldest first."""
    rows = {}
    for site, points in (("pilot", pilot), ("comparison", comparison)):
        for p in points:
            rows.setdefault((p.period_start, p.period_end), {})[site] = p.value
    return tuple(TableRow(start, end, v.get("pilot"), v.get("comparison"))
                 for (start, end), v in sorted(rows.items()))


def render(kind, measure, pilot, comparison=(), baseline=None, target=None, unit="",
           chart_id="pilot-chart", _=_identity):
    """The chart and its table, or None while there are no figures to draw.

    baseline and target are levels on the measure's scale (see target_level); either may be
    None. chart_id names the chart's title and description for aria-labelledby."""
    if not HTML_ID.fullmatch(chart_id):
        raise ValueError("chart_id must be a plain HTML id")
    pilot, comparison = sorted(pilot, key=_when), sorted(comparison or (), key=_when)
    if not pilot and not comparison:
        return None
    guides = [(v, label, dash) for v, label, dash in ((baseline, _("Baseline"), BASELINE_DASH),
                                                     (target, _("Target"), TARGET_DASH))
              if v is not None]
    values = [p.value for p in pilot + comparison] + [v for v, _label, _dash in guides]
    # Proportions stay within 0% to 100%.
    ticks = (axis_ticks(min(values), max(values), floor=0.0, ceiling=1.0, pad=0.1)
             if kind == PROPORTION else axis_ticks(min(values), max(values)))
    dates = sorted({_when(p) for p in pilot + comparison})
    x = _x_scale(dates)

    def y(value):
        low, high = ticks[0], ticks[-1]
        return TOP + PLOT_H - (float(value) - low) / (high - low) * PLOT_H

    def fmt(value):
        return format_value(kind, value, unit)

    series = [(pilot, _("Pilot site"), PILOT), (comparison, _("Comparison site"), COMPARISON)]
    series = [s for s in series if s[0]]
    axis_name = f"{measure} ({unit})" if unit and kind != PROPORTION else measure
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="pilot-chart" id="{chart_id}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="12" fill="#1a1a1a">',
        f'<title id="{chart_id}-title">{escape(measure)}</title>',
        f'<desc id="{chart_id}-desc">{escape(_describe(measure, dates, series, guides, fmt, _))}'
        '</desc>',
    ]
    # Tick labels leave the unit to the axis name.
    parts += _y_axis(ticks, y, lambda value: format_value(kind, value), axis_name)
    parts += _x_axis(dates, x, _("Period ending"))
    for value, label, dash in guides:
        parts.append(f'<g class="pilot-chart-guide"><line x1="{LEFT}" x2="{LEFT + PLOT_W}" '
                     f'y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="{GUIDE_STROKE}" '
                     f'stroke-width="1.5" stroke-dasharray="{dash}"/>'
                     f'<text x="{LEFT + PLOT_W - 4}" y="{y(value) - 5:.1f}" text-anchor="end" '
                     'paint-order="stroke" stroke="#ffffff" stroke-width="3">'
                     f'{escape(label)} {escape(fmt(value))}</text></g>')
    for points, label, look in series:
        parts.append(_series(points, label, look, x, y, fmt))
    parts += _legend(series, guides)
    parts.append("</svg>")
    return Chart(Markup("".join(parts)), table(pilot, comparison))


def _when(point):
    return point.period_end


def _x_scale(dates):
    first, last = dates[0].toordinal(), dates[-1].toordinal()

    def x(day):
        if first == last:
            return LEFT + PLOT_W / 2
        return LEFT + (day.toordinal() - first) / (last - first) * PLOT_W
    return x


def _y_axis(ticks, y, fmt, name):
    parts = ['<g class="pilot-chart-axis">']
    for tick in ticks:
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + PLOT_W}" y1="{y(tick):.1f}" '
                     f'y2="{y(tick):.1f}" stroke="#d9d9d9" stroke-width="1"/>'
                     f'<text x="{LEFT - 8}" y="{y(tick) + 4:.1f}" text-anchor="end">'
                     f'{escape(fmt(tick))}</text>')
    middle = TOP + PLOT_H / 2
    parts.append(f'<text x="16" y="{middle:.1f}" text-anchor="middle" '
                 f'transform="rotate(-90 16 {middle:.1f})">{escape(name)}</text></g>')
    return parts


def _x_axis(dates, x, name):
    every = max(1, math.ceil(len(dates) / MAX_X_LABELS))
    shown = dates[::every]
    if dates[-1] not in shown:
        shown = shown[:-1] + [dates[-1]] if len(shown) >= MAX_X_LABELS else shown + [dates[-1]]
    bottom = TOP + PLOT_H
    parts = ['<g class="pilot-chart-axis">',
             f'<line x1="{LEFT}" x2="{LEFT + PLOT_W}" y1="{bottom}" y2="{bottom}" '
             'stroke="#1a1a1a" stroke-width="1"/>']
    for day in shown:
        parts.append(f'<text x="{x(day):.1f}" y="{bottom + 18}" text-anchor="middle">'
                     f'{escape(day.isoformat())}</text>')
    parts.append(f'<text x="{LEFT + PLOT_W / 2:.1f}" y="{bottom + 40}" text-anchor="middle">'
                 f'{escape(name)}</text></g>')
    return parts


def _marker(look, cx, cy, hint=None):
    """A point: a filled circle for the pilot, a hollow square for the comparison site."""
    inner = f"<title>{escape(hint)}</title>" if hint else ""
    if look["marker"] == "circle":
        return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="{look["stroke"]}">{inner}</circle>'
    return (f'<rect x="{cx - 4:.1f}" y="{cy - 4:.1f}" width="8" height="8" fill="#ffffff" '
            f'stroke="{look["stroke"]}" stroke-width="2">{inner}</rect>')


def _series(points, label, look, x, y, fmt):
    dash = f' stroke-dasharray="{look["dash"]}"' if look["dash"] else ""
    coords = " ".join(f"{x(_when(p)):.1f},{y(p.value):.1f}" for p in points)
    parts = [f'<g class="pilot-chart-series pilot-chart-{look["name"]}">',
             f'<polyline points="{coords}" fill="none" stroke="{look["stroke"]}" '
             f'stroke-width="2.5"{dash}/>']
    for p in points:
        hint = f"{label}, {_when(p).isoformat()}: {fmt(p.value)}"
        parts.append(_marker(look, x(_when(p)), y(p.value), hint))
    parts.append("</g>")
    return "".join(parts)


def _legend(series, guides):
    parts = ['<g class="pilot-chart-legend">']
    left, top = LEFT, HEIGHT - 24
    for _points, label, look in series:
        dash = f' stroke-dasharray="{look["dash"]}"' if look["dash"] else ""
        parts.append(f'<line x1="{left}" x2="{left + 28}" y1="{top}" y2="{top}" '
                     f'stroke="{look["stroke"]}" stroke-width="2.5"{dash}/>'
                     + _marker(look, left + 14, top)
                     + f'<text x="{left + 34}" y="{top + 4}">{escape(label)}</text>')
        left += 150
    for _value, label, dash in guides:
        parts.append(f'<line x1="{left}" x2="{left + 28}" y1="{top}" y2="{top}" '
                     f'stroke="{GUIDE_STROKE}" stroke-width="1.5" stroke-dasharray="{dash}"/>'
                     f'<text x="{left + 34}" y="{top + 4}">{escape(label)}</text>')
        left += 110
    parts.append("</g>")
    return parts


def _describe(measure, dates, series, guides, fmt, _):
    sites = [label for _points, label, _look in series]
    sentences = [_("%(measure)s for each period from %(first)s to %(last)s: %(sites)s.") % {
        "measure": measure, "first": dates[0].isoformat(), "last": dates[-1].isoformat(),
        "sites": ", ".join(sites)}]
    for value, label, _dash in guides:
        sentences.append(_("%(line)s: %(value)s.") % {"line": label, "value": fmt(value)})
    sentences.append(_("The table below gives every figure."))
    return " ".join(sentences)
