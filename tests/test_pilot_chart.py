"""The pilot chart: valid SVG that the strict CSP allows, safe with hostile text, and
honest with one point, one site, flat figures or none."""
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from codesign.pilots import chart
from codesign.pilots.chart import Point
from codesign.pilots.stats import MEAN, PROPORTION

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script>"\' onload="alert(2)" & <style>*{}</style>'


def months(values, year=2025):
    return [Point(date(year, m, 1), date(year, m, 28), v) for m, v in enumerate(values, start=1)]


def parse(result):
    return ET.fromstring(str(result.svg))


def elements(root, tag):
    return root.findall(f".//{SVG}{tag}")


def texts(root):
    return ["".join(t.itertext()) for t in elements(root, "text")]


def assert_allowed_by_csp(root):
    for element in root.iter():
        assert element.tag not in (f"{SVG}script", f"{SVG}style", f"{SVG}foreignObject")
        assert "style" not in element.attrib
        assert not any(name.lower().startswith("on") for name in element.attrib)
        assert not any("javascript:" in value for value in element.attrib.values())


def test_two_sites_with_baseline_and_target():
    result = chart.render(PROPORTION, "First-visit fixes", months([0.6, 0.66, 0.74]),
                          months([0.6, 0.61, 0.59]), baseline=0.6, target=0.7)
    root = parse(result)
    assert_allowed_by_csp(root)
    assert root.tag == f"{SVG}svg"
    assert root.get("aria-labelledby") == "pilot-chart-title pilot-chart-desc"
    assert root.find(f"{SVG}title").text == "First-visit fixes"
    desc = root.find(f"{SVG}desc").text
    assert "2025-01-28 to 2025-03-28" in desc and "Baseline: 60%" in desc and "Target: 70%" in desc
    labels = texts(root)
    assert {"Pilot site", "Comparison site", "Period ending", "First-visit fixes"} <= set(labels)
    assert "Baseline 60%" in labels and "Target 70%" in labels
    # The sites differ by more than colour: line pattern and marker shape.
    pilot, comparison = elements(root, "polyline")
    assert "stroke-dasharray" not in pilot.attrib and comparison.get("stroke-dasharray")
    assert len(elements(root, "circle")) == 3 + 1 and len(elements(root, "rect")) == 3 + 1
    assert [row.pilot for row in result.table] == [0.6, 0.66, 0.74]
    assert [row.comparison for row in result.table] == [0.6, 0.61, 0.59]


def test_points_go_left_to_right_in_time_and_higher_values_higher_up():
    result = chart.render(MEAN, "Days to fix", list(reversed(months([10, 5, 8]))), unit="days")
    [line] = elements(parse(result), "polyline")
    points = [tuple(map(float, pair.split(","))) for pair in line.get("points").split()]
    xs, ys = zip(*points, strict=False)
    assert list(xs) == sorted(xs)
    assert ys[1] > ys[2] > ys[0]  # SVG y grows downwards: 5 days is lowest on the chart
    assert "Days to fix (days)" in texts(parse(result))
    assert [row.period_end.month for row in result.table] == [1, 2, 3]


def test_hostile_labels_and_units_are_escaped():
    result = chart.render(MEAN, HOSTILE, months([1.0, 2.0]), months([1.5, 1.0]), baseline=1.2,
                          target=2.0, unit=HOSTILE, _=lambda text: text + HOSTILE)
    svg = str(result.svg)
    assert "<script" not in svg and "<style" not in svg and 'onload="' not in svg
    root = parse(result)
    assert_allowed_by_csp(root)
    assert root.find(f"{SVG}title").text == HOSTILE
    assert any(HOSTILE in text for text in texts(root))


def test_a_chart_id_that_is_not_a_plain_id_is_refused():
    chart.render(MEAN, "x", months([1.0]), chart_id="pilot-7")
    with pytest.raises(ValueError):
        chart.render(MEAN, "x", months([1.0]), chart_id='x" onload="alert(1)')


def test_one_point_sits_in_the_middle():
    result = chart.render(PROPORTION, "Share", months([0.5]), baseline=0.4)
    root = parse(result)
    [circle] = [c for c in elements(root, "circle") if c.find(f"{SVG}title") is not None]
    assert float(circle.get("cx")) == pytest.approx(chart.LEFT + chart.PLOT_W / 2)
    assert circle.find(f"{SVG}title").text == "Pilot site, 2025-01-28: 50%"
    assert len(result.table) == 1


def test_no_comparison_site_draws_one_series_and_no_comparison_legend():
    result = chart.render(MEAN, "Days to fix", months([9.0, 8.5]), None, baseline=10, target=8,
                          unit="days")
    root = parse(result)
    assert len(elements(root, "polyline")) == 1
    assert "Comparison site" not in texts(root)
    assert all(row.comparison is None for row in result.table)
    assert "Target 8 days" in texts(root)


@pytest.mark.parametrize("kind,value", [(MEAN, 4.0), (MEAN, 0.0), (MEAN, -3.0),
                                        (PROPORTION, 0.0), (PROPORTION, 1.0), (PROPORTION, 0.5)])
def test_all_equal_values_draw_a_flat_line_inside_the_chart(kind, value):
    result = chart.render(kind, "Flat", months([value] * 4), months([value] * 4),
                          baseline=value, target=value)
    root = parse(result)
    for line in elements(root, "polyline"):
        ys = {float(pair.split(",")[1]) for pair in line.get("points").split()}
        assert len(ys) == 1
        assert chart.TOP <= ys.pop() <= chart.TOP + chart.PLOT_H


def test_proportion_axis_stays_within_0_and_100_percent():
    root = parse(chart.render(PROPORTION, "Share", months([0.02, 0.97])))
    ticks = [t for t in texts(root) if t.endswith("%")]
    assert ticks[0] == "0%" and ticks[-1] == "100%"


def test_no_figures_means_no_chart():
    assert chart.render(PROPORTION, "Share", []) is None
    assert chart.render(PROPORTION, "Share", [], [], baseline=0.5, target=0.6) is None


def test_comparison_figures_alone_still_draw():
    result = chart.render(PROPORTION, "Share", [], months([0.5, 0.6]))
    assert len(elements(parse(result), "polyline")) == 1
    assert [row.pilot for row in result.table] == [None, None]


def test_many_periods_get_a_handful_of_date_labels_and_the_last_one():
    weeks = [Point(date(2024, 1, 1) + timedelta(weeks=i), date(2024, 1, 7) + timedelta(weeks=i),
                   i % 7) for i in range(60)]
    root = parse(chart.render(MEAN, "Calls", weeks))
    dates = [t for t in texts(root) if t[:2] == "20" and len(t) == 10]
    assert len(dates) <= chart.MAX_X_LABELS
    assert dates[-1] == weeks[-1].period_end.isoformat()
    assert len(chart.render(MEAN, "Calls", weeks).table) == 60


def test_table_rows_pair_up_the_sites_by_period():
    pilot = months([0.5, 0.6])
    comparison = months([0.4])
    rows = chart.table(pilot, comparison)
    assert rows == (chart.TableRow(date(2025, 1, 1), date(2025, 1, 28), 0.5, 0.4),
                    chart.TableRow(date(2025, 2, 1), date(2025, 2, 28), 0.6, None))


def test_values_are_written_for_people():
    assert chart.format_value(PROPORTION, 0.5) == "50%"
    assert chart.format_value(PROPORTION, 0.1234) == "12.3%"
    assert chart.format_value(MEAN, 4.0, "days") == "4 days"
    assert chart.format_value(MEAN, 4.125, "") == "4.12"
    assert chart.format_value(MEAN, -0.001, "£") == "0 £"
    assert chart.target_level(0.6, 0.1, "higher") == pytest.approx(0.7)
    assert chart.target_level(10, 2, "lower") == 8
