"""Small charts drawn on the server as SVG, each shown beside a table of its
figures: a sparkline of an idea's supports, and line charts for staff.

Server-rendered so they need no script, and built for the strict CSP
(codesign/security.py): no style attributes or <style> blocks, only
presentation attributes and classes. Series differ by dash pattern and
marker as well as by colour, so a chart reads in grey too; the table is its
text alternative. Every piece of text goes through markupsafe.escape. The
axis arithmetic (ticks, trim, HTML_ID) is codesign/chartaxis.py, shared with
the pilot chart (codesign/pilots/chart.py).
"""
import math
from dataclasses import dataclass
from datetime import timedelta

from markupsafe import Markup, escape

from .chartaxis import HTML_ID, ticks, trim

INK = "#1a1a1a"
GRID = "#d9d9d9"
GUIDE = "#4d4d4d"
GUIDE_DASH = "10 4 2 4"
LOOKS = (
    {"stroke": "#1d4f91", "dash": None, "marker": "circle"},
    {"stroke": "#a14a00", "dash": "8 5", "marker": "square"},
    {"stroke": "#0b5c4a", "dash": "2 4", "marker": "diamond"},
)

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 44, 24, 88
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
MAX_X_LABELS = 6
SPARK_W, SPARK_H, SPARK_PAD = 160, 36, 3
LEGEND_CHAR = 7  # about the width of a character at font-size 12


def week_start(day):
    """The Monday of the day's week."""
    return day - timedelta(days=day.weekday())


def by_week(counts, first, last):
    """[(Monday, total)] for every week from first's to last's, from
    (day, count) pairs; weeks with nothing count 0."""
    totals = {}
    for day, count in counts:
        monday = week_start(day)
        totals[monday] = totals.get(monday, 0) + count
    weeks, monday = [], week_start(first)
    while monday <= last:
        weeks.append((monday, totals.get(monday, 0)))
        monday += timedelta(days=7)
    return weeks


def _check_id(chart_id):
    if not HTML_ID.fullmatch(chart_id):
        raise ValueError("chart_id must be a plain HTML id")


def _opening(chart_id, css_class, width, height, title, description):
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="{css_class}" id="{chart_id}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="12" fill="{INK}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def sparkline(values, chart_id, title, description):
    """A line of values, oldest first, with no axes: the shape of a trend.
    None when there is nothing to draw."""
    _check_id(chart_id)
    if not values:
        return None
    high = max(max(values), 1)
    step = (SPARK_W - 2 * SPARK_PAD) / max(len(values) - 1, 1)

    def point(i, value):
        x = SPARK_PAD + i * step if len(values) > 1 else SPARK_W / 2
        y = SPARK_H - SPARK_PAD - value / high * (SPARK_H - 2 * SPARK_PAD)
        return x, y

    points = [point(i, v) for i, v in enumerate(values)]
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    last_x, last_y = points[-1]
    parts = _opening(chart_id, "sparkline", SPARK_W, SPARK_H, title, description)
    parts += [f'<polyline points="{coords}" fill="none" stroke="{LOOKS[0]["stroke"]}" '
              'stroke-width="2" stroke-linejoin="round"/>',
              f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="3" fill="{LOOKS[0]["stroke"]}"/>',
              "</svg>"]
    return Markup("".join(parts))


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple  # one per x label; None where there is no value


def line_chart(x_labels, series, chart_id, title, description, y_name, x_name,
               guide=None, fmt=trim):
    """Lines over shared x labels (weeks, months), with a legend, and an
    optional guide line (value, label) such as a target. None when no series
    has a value."""
    _check_id(chart_id)
    values = [v for s in series for v in s.values if v is not None]
    if not values or not x_labels:
        return None
    guides = [guide] if guide is not None else []
    scale = ticks(min(values + [g[0] for g in guides] + [0]),
                  max(values + [g[0] for g in guides]), floor=0)

    def x(i):
        if len(x_labels) == 1:
            return LEFT + PLOT_W / 2
        return LEFT + i / (len(x_labels) - 1) * PLOT_W

    def y(value):
        low, high = scale[0], scale[-1]
        return TOP + PLOT_H - (float(value) - low) / (high - low) * PLOT_H

    parts = _opening(chart_id, "line-chart", WIDTH, HEIGHT, title, description)
    parts += _y_axis(scale, y, fmt, y_name)
    parts += _x_axis(x_labels, x, x_name)
    for value, label in guides:
        parts.append(f'<g class="chart-guide"><line x1="{LEFT}" x2="{LEFT + PLOT_W}" '
                     f'y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="{GUIDE}" '
                     f'stroke-width="1.5" stroke-dasharray="{GUIDE_DASH}"/>'
                     f'<text x="{LEFT + PLOT_W - 4}" y="{y(value) - 5:.1f}" text-anchor="end" '
                     'paint-order="stroke" stroke="#ffffff" stroke-width="3">'
                     f'{escape(label)}</text></g>')
    lines = list(zip(LOOKS[:len(series)], series, strict=True))  # at most three
    for look, line in lines:
        parts.append(_series(line, look, x, y, x_labels, fmt))
    parts += _legend(lines, guides)
    parts.append("</svg>")
    return Markup("".join(parts))


def _y_axis(scale, y, fmt, name):
    parts = ['<g class="chart-axis">']
    for tick in scale:
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + PLOT_W}" y1="{y(tick):.1f}" '
                     f'y2="{y(tick):.1f}" stroke="{GRID}" stroke-width="1"/>'
                     f'<text x="{LEFT - 8}" y="{y(tick) + 4:.1f}" text-anchor="end">'
                     f'{escape(fmt(tick))}</text>')
    middle = TOP + PLOT_H / 2
    parts.append(f'<text x="16" y="{middle:.1f}" text-anchor="middle" '
                 f'transform="rotate(-90 16 {middle:.1f})">{escape(name)}</text></g>')
    return parts


def _x_axis(labels, x, name):
    every = max(1, math.ceil(len(labels) / MAX_X_LABELS))
    shown, last = list(range(0, len(labels), every)), len(labels) - 1
    if shown[-1] != last:
        shown = shown[:-1] + [last] if len(shown) >= MAX_X_LABELS else shown + [last]
    bottom = TOP + PLOT_H
    parts = ['<g class="chart-axis">',
             f'<line x1="{LEFT}" x2="{LEFT + PLOT_W}" y1="{bottom}" y2="{bottom}" '
             f'stroke="{INK}" stroke-width="1"/>']
    for i in shown:
        parts.append(f'<text x="{x(i):.1f}" y="{bottom + 18}" text-anchor="middle">'
                     f'{escape(labels[i])}</text>')
    parts.append(f'<text x="{LEFT + PLOT_W / 2:.1f}" y="{bottom + 40}" text-anchor="middle">'
                 f'{escape(name)}</text></g>')
    return parts


def _marker(look, cx, cy, hint=None):
    inner = f"<title>{escape(hint)}</title>" if hint else ""
    colour = look["stroke"]
    if look["marker"] == "circle":
        return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="{colour}">{inner}</circle>'
    if look["marker"] == "square":
        return (f'<rect x="{cx - 4:.1f}" y="{cy - 4:.1f}" width="8" height="8" fill="#ffffff" '
                f'stroke="{colour}" stroke-width="2">{inner}</rect>')
    return (f'<polygon points="{cx:.1f},{cy - 5:.1f} {cx + 5:.1f},{cy:.1f} {cx:.1f},{cy + 5:.1f} '
            f'{cx - 5:.1f},{cy:.1f}" fill="{colour}">{inner}</polygon>')


def _series(line, look, x, y, labels, fmt):
    dash = f' stroke-dasharray="{look["dash"]}"' if look["dash"] else ""
    known = [(i, v) for i, v in enumerate(line.values) if v is not None]
    # A gap (no value that week or month) breaks the line rather than
    # bridging it, which would suggest values that were never there.
    runs, run = [], []
    for i, value in enumerate(line.values):
        if value is None:
            runs, run = runs + [run] if run else runs, []
        else:
            run.append((i, value))
    runs += [run] if run else []
    parts = ['<g class="chart-series">']
    for run in runs:
        coords = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in run)
        parts.append(f'<polyline points="{coords}" fill="none" stroke="{look["stroke"]}" '
                     f'stroke-width="2.5"{dash}/>')
    for i, value in known:
        parts.append(_marker(look, x(i), y(value), f"{line.label}, {labels[i]}: {fmt(value)}"))
    parts.append("</g>")
    return "".join(parts)


def _legend(lines, guides):
    parts = ['<g class="chart-legend">']
    left, top = LEFT, HEIGHT - 20
    for look, line in lines:
        dash = f' stroke-dasharray="{look["dash"]}"' if look["dash"] else ""
        parts.append(f'<line x1="{left}" x2="{left + 28}" y1="{top}" y2="{top}" '
                     f'stroke="{look["stroke"]}" stroke-width="2.5"{dash}/>'
                     + _marker(look, left + 14, top)
                     + f'<text x="{left + 34}" y="{top + 4}">{escape(line.label)}</text>')
        left += 34 + LEGEND_CHAR * len(line.label) + 24  # room for the label as drawn
    for _value, label in guides:
        parts.append(f'<line x1="{left}" x2="{left + 28}" y1="{top}" y2="{top}" '
                     f'stroke="{GUIDE}" stroke-width="1.5" stroke-dasharray="{GUIDE_DASH}"/>'
                     f'<text x="{left + 34}" y="{top + 4}">{escape(label)}</text>')
    parts.append("</g>")
    return parts


GAP_LABEL_W, GAP_ROW_H, GAP_TOP = 250, 26, 30
UNDER_LOOK, OVER_LOOK = LOOKS[1], LOOKS[0]


def gap_chart(rows, chart_id, title, description, under_label, over_label):
    """Horizontal bars from a zero line: each group's share of participants
    minus its share of the reference population, in percentage points.
    `rows` is [(label, gap)], most under-represented first. Bars below zero
    are hatched-looking (a dashed outline) as well as coloured, so under and
    over read in grey too. None when there is nothing to draw."""
    _check_id(chart_id)
    if not rows:
        return None
    reach = max(max(abs(gap) for _label, gap in rows), 1.0)
    scale = ticks(-reach, reach)
    low, high = scale[0], scale[-1]
    plot_w = WIDTH - GAP_LABEL_W - RIGHT
    height = GAP_TOP + GAP_ROW_H * len(rows) + 56

    def x(value):
        return GAP_LABEL_W + (value - low) / (high - low) * plot_w

    parts = _opening(chart_id, "line-chart", WIDTH, height, title, description)
    bottom = GAP_TOP + GAP_ROW_H * len(rows)
    parts.append('<g class="chart-axis">')
    for tick in scale:
        parts.append(f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{GAP_TOP}" y2="{bottom}" '
                     f'stroke="{GRID if tick else INK}" stroke-width="{1 if tick else 2}"/>'
                     f'<text x="{x(tick):.1f}" y="{bottom + 16}" text-anchor="middle">'
                     f'{escape(trim(tick))}</text>')
    parts.append("</g>")
    for i, (label, gap) in enumerate(rows):
        top = GAP_TOP + i * GAP_ROW_H + 4
        look = UNDER_LOOK if gap < 0 else OVER_LOOK
        left, right = sorted((x(0), x(gap)))
        dash = f' stroke-dasharray="{look["dash"]}"' if look["dash"] else ""
        text = label if len(label) <= 34 else label[:33] + "…"
        parts.append(
            f'<text x="{GAP_LABEL_W - 8}" y="{top + 13}" text-anchor="end">{escape(text)}</text>'
            f'<rect x="{left:.1f}" y="{top}" width="{max(right - left, 1):.1f}" '
            f'height="{GAP_ROW_H - 8}" fill="{look["stroke"]}" stroke="{INK}"{dash}>'
            f'<title>{escape(label)}: {escape(trim(round(gap, 1)))}</title></rect>')
    legend_y = bottom + 40
    parts.append(f'<g class="chart-legend"><rect x="{GAP_LABEL_W}" y="{legend_y - 10}" width="14" '
                 f'height="12" fill="{UNDER_LOOK["stroke"]}" stroke="{INK}" '
                 f'stroke-dasharray="{UNDER_LOOK["dash"]}"/>'
                 f'<text x="{GAP_LABEL_W + 20}" y="{legend_y}">{escape(under_label)}</text>'
                 f'<rect x="{GAP_LABEL_W + 190}" y="{legend_y - 10}" width="14" height="12" '
                 f'fill="{OVER_LOOK["stroke"]}" stroke="{INK}"/>'
                 f'<text x="{GAP_LABEL_W + 210}" y="{legend_y}">{escape(over_label)}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))
