"""The result of a pilot, checked against published worked examples.

Sources of the figures:
- Newcombe RG (1998) "Interval estimation for the difference between independent
  proportions: comparison of eleven methods", Statistics in Medicine 17:873-890, Table II,
  method 10 (the hybrid score interval, without continuity correction).
- Newcombe RG (1998) "Two-sided confidence intervals for the single proportion: comparison
  of seven methods", Statistics in Medicine 17:857-872, Table I, method 3 (Wilson score).
- R's documented output for Student's sleep data (datasets::sleep):
  t.test(extra ~ group, data = sleep) -> Welch, df = 17.776, 95% CI -3.3654832 to 0.2054832;
  t.test(extra ~ group, data = sleep, paired = TRUE) -> one-sample t on the differences,
  df = 9, 95% CI -2.4598858 to -0.7001142.
"""
import math
import statistics
from decimal import Decimal

import pytest
from scipy import stats as scipy_stats

from codesign.pilots import stats
from codesign.pilots.stats import Period

# (successes1, n1, successes2, n2, low, high) from Newcombe (1998) Table II, method 10.
NEWCOMBE_TABLE_II = [
    (56, 70, 48, 80, 0.0524, 0.3339),   # (a)
    (9, 10, 3, 10, 0.1705, 0.8090),     # (b)
    (6, 7, 2, 7, 0.0582, 0.8062),       # (c)
    (5, 56, 0, 29, -0.0381, 0.1926),    # (d)
    (0, 10, 0, 20, -0.1611, 0.2775),    # (e)
    (0, 10, 0, 10, -0.2775, 0.2775),    # (f)
    (10, 10, 0, 20, 0.6791, 1.0000),    # (g)
    (10, 10, 0, 10, 0.6075, 1.0000),    # (h)
]

# Student's sleep data, as in R's datasets::sleep (extra hours of sleep, drug 1 and drug 2).
SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]


def summary(values):
    return len(values), statistics.mean(values), statistics.stdev(values)


def wilson(k, n, z=1.959963984540054):
    """Wilson's score interval written out by hand, to check the library independently."""
    p = k / n
    centre = (2 * n * p + z * z) / (2 * (n + z * z))
    half = z * math.sqrt(4 * n * p * (1 - p) + z * z) / (2 * (n + z * z))
    return centre - half, centre + half


@pytest.mark.parametrize("k1,n1,k2,n2,low,high", NEWCOMBE_TABLE_II)
def test_difference_of_proportions_matches_newcombe_table_ii(k1, n1, k2, n2, low, high):
    estimate, got_low, got_high = stats.difference_of_proportions(k1, n1, k2, n2)
    assert estimate == pytest.approx(k1 / n1 - k2 / n2)
    assert round(got_low, 4) == pytest.approx(low, abs=1e-9)
    assert round(got_high, 4) == pytest.approx(high, abs=1e-9)


@pytest.mark.parametrize("k1,n1,k2,n2,low,high", NEWCOMBE_TABLE_II)
def test_difference_of_proportions_is_newcombes_formula(k1, n1, k2, n2, low, high):
    # Method 10: d - sqrt((p1 - l1)^2 + (u2 - p2)^2) to d + sqrt((u1 - p1)^2 + (p2 - l2)^2).
    p1, p2 = k1 / n1, k2 / n2
    (l1, u1), (l2, u2) = wilson(k1, n1), wilson(k2, n2)
    _, got_low, got_high = stats.difference_of_proportions(k1, n1, k2, n2)
    assert got_low == pytest.approx(p1 - p2 - math.hypot(p1 - l1, u2 - p2), abs=1e-12)
    assert got_high == pytest.approx(p1 - p2 + math.hypot(u1 - p1, p2 - l2), abs=1e-12)


GRID = [(k1, n1, k2, n2) for n1 in (1, 7, 30, 263) for k1 in sorted({0, 1, n1 // 3, n1 - 1, n1})
        for n2 in (1, 10, 148) for k2 in sorted({0, n2 // 2, n2})]


@pytest.mark.parametrize("k1,n1,k2,n2", GRID)
def test_difference_of_proportions_agrees_with_statsmodels(k1, n1, k2, n2):
    from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

    low, high = confint_proportions_2indep(k1, n1, k2, n2, method="newcomb", compare="diff",
                                           alpha=0.05)
    _, got_low, got_high = stats.difference_of_proportions(k1, n1, k2, n2)
    assert (got_low, got_high) == pytest.approx((low, high), abs=1e-12)
    assert stats.wilson_interval(k1, n1) == pytest.approx(
        proportion_confint(k1, n1, alpha=0.05, method="wilson"), abs=1e-12)


@pytest.mark.parametrize("df", [1, 2, 3.5, 9, 17.776, 120, 10_000])
def test_t_quantile_agrees_with_scipy_stats(df):
    assert stats._t_quantile(df) == pytest.approx(scipy_stats.t.ppf(0.975, df), rel=1e-12)


def test_a_result_does_not_load_scipy_stats_or_statsmodels():
    # They cost about 100 MB in every worker that shows a result page.
    import subprocess
    import sys

    code = ("import sys; from codesign.pilots import stats; "
            "stats.result('proportion', [stats.Period(n=10, successes=4)], "
            "[stats.Period(n=10, successes=2)]); "
            "stats.result('mean', [stats.Period(n=10, mean=4, sd=1)], "
            "[stats.Period(n=10, mean=3, sd=1)]); "
            "print(sorted(m for m in sys.modules if m.startswith(('scipy.stats', 'statsmodels', "
            "'pandas'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_welch_matches_rs_sleep_example():
    estimate, low, high = stats.welch_interval(*summary(SLEEP_1), *summary(SLEEP_2))
    assert estimate == pytest.approx(0.75 - 2.33)
    assert low == pytest.approx(-3.3654832, abs=1e-7)
    assert high == pytest.approx(0.2054832, abs=1e-7)


def test_welch_agrees_with_scipy_on_the_raw_figures():
    pilot = [12.0, 9.5, 14.25, 8.0, 11.0, 10.5, 13.0]
    comparison = [15.0, 18.5, 12.0, 20.0, 16.5, 17.0, 22.5, 14.0, 19.0]
    expected = scipy_stats.ttest_ind(pilot, comparison, equal_var=False).confidence_interval()
    _, low, high = stats.welch_interval(*summary(pilot), *summary(comparison))
    assert (low, high) == pytest.approx((expected.low, expected.high), abs=1e-10)


def test_welch_without_any_spread_is_the_estimate_and_needs_two_cases_a_site():
    assert stats.welch_interval(5, 3.0, 0.0, 5, 1.0, 0.0) == (2.0, 2.0, 2.0)
    assert stats.welch_interval(1, 3.0, None, 5, 1.0, 1.0) == (2.0, None, None)


def test_mean_against_baseline_matches_rs_paired_sleep_example():
    differences = [a - b for a, b in zip(SLEEP_1, SLEEP_2, strict=False)]
    n, mean, sd = summary(differences)
    estimate, low, high = stats.mean_vs_baseline(n, mean, sd, 0)
    assert estimate == pytest.approx(-1.58)
    assert low == pytest.approx(-2.4598858, abs=1e-7)
    assert high == pytest.approx(-0.7001142, abs=1e-7)
    # Against a baseline of 1.5 the same interval moves down by 1.5.
    shifted = stats.mean_vs_baseline(n, mean, sd, Decimal("1.5"))
    assert shifted == pytest.approx((-3.08, low - 1.5, high - 1.5))


@pytest.mark.parametrize("k,n,low,high", [
    (81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
])
def test_proportion_against_baseline_is_the_shifted_wilson_interval(k, n, low, high):
    # Newcombe (1998) single-proportion paper, Table I, method 3.
    estimate, got_low, got_high = stats.proportion_vs_baseline(k, n, 0)
    assert estimate == pytest.approx(k / n)
    assert (round(got_low, 4), round(got_high, 4)) == pytest.approx((low, high), abs=1e-9)
    estimate, got_low, got_high = stats.proportion_vs_baseline(k, n, 0.25)
    assert estimate == pytest.approx(k / n - 0.25)
    assert (round(got_low + 0.25, 4), round(got_high + 0.25, 4)) == pytest.approx((low, high))


def test_proportion_periods_pool_by_adding_successes_and_totals():
    site = stats.pool_proportion([Period(n=30, successes=24), Period(n=40, successes=32)])
    assert (site.n, site.successes) == (70, 56)
    assert site.value == pytest.approx(0.8)


def test_mean_periods_pool_to_the_mean_and_sd_of_all_the_cases():
    months = [[3.0, 5.0, 4.0, 8.0], [10.0, 12.0, 9.5], [6.0, 6.5, 7.0, 2.0, 1.0]]
    periods = [Period(n=len(m), mean=statistics.mean(m), sd=statistics.stdev(m)) for m in months]
    everything = [v for m in months for v in m]
    site = stats.pool_mean(periods)
    assert site.n == len(everything)
    assert site.value == pytest.approx(statistics.mean(everything))
    assert site.sd == pytest.approx(statistics.stdev(everything))


def test_a_mean_from_one_case_has_no_sd_and_no_interval():
    site = stats.pool_mean([Period(n=1, mean=Decimal("4.5"), sd=Decimal("0"))])
    assert (site.n, site.value, site.sd) == (1, 4.5, None)
    r = stats.result(stats.MEAN, [Period(n=1, mean=4.5, sd=0)], baseline=3)
    assert (r.estimate, r.ci_low, r.ci_high) == (1.5, None, None)


def test_cost_per_case_is_weighted_by_cases_and_skips_periods_without_one():
    periods = [Period(n=100, successes=1, cost_per_case=Decimal("10.00")),
               Period(n=300, successes=1, cost_per_case=Decimal("20.00")),
               Period(n=500, successes=1)]
    assert stats.pool_cost(periods) == Decimal("17.50")
    assert stats.pool_cost([Period(n=3, successes=1, cost_per_case=0.01),
                            Period(n=1, successes=0, cost_per_case=0.02)]) == Decimal("0.01")
    assert stats.pool_cost([Period(n=5, successes=1)]) is None


def test_result_with_a_comparison_site_pools_then_uses_newcombe():
    pilot = [Period(n=30, successes=26, cost_per_case=Decimal("40")),
             Period(n=40, successes=30, cost_per_case=Decimal("50"))]
    comparison = [Period(n=80, successes=48, cost_per_case=Decimal("55"))]
    r = stats.result(stats.PROPORTION, pilot, comparison, baseline=0.6)
    assert r.method == stats.NEWCOMBE
    assert (r.n_pilot, r.n_comparison) == (70, 80)
    assert round(r.estimate, 4) == 0.2
    assert (round(r.ci_low, 4), round(r.ci_high, 4)) == (0.0524, 0.3339)
    assert r.pilot.cost_per_case == Decimal("45.71")
    assert r.comparison.cost_per_case == Decimal("55.00")


def test_result_with_a_comparison_site_of_means_uses_welch():
    pilot = [Period(n=len(SLEEP_1), mean=statistics.mean(SLEEP_1), sd=statistics.stdev(SLEEP_1))]
    comparison = [Period(n=len(SLEEP_2), mean=statistics.mean(SLEEP_2),
                         sd=statistics.stdev(SLEEP_2))]
    r = stats.result(stats.MEAN, pilot, comparison)
    assert r.method == stats.WELCH
    assert (r.ci_low, r.ci_high) == pytest.approx((-3.3654832, 0.2054832), abs=1e-7)


def test_result_without_a_comparison_site_uses_the_baseline():
    r = stats.result(stats.PROPORTION, [Period(n=263, successes=81)], baseline=Decimal("0.2"))
    assert r.method == stats.WILSON_VS_BASELINE
    assert r.comparison is None and r.n_comparison is None
    assert (round(r.ci_low, 4), round(r.ci_high, 4)) == (0.0553, 0.1662)
    r = stats.result(stats.MEAN, [Period(n=10, mean=5.0, sd=2.0)], baseline=4)
    assert r.method == stats.T_VS_BASELINE and r.estimate == 1.0


def test_no_result_without_figures_and_never_the_baseline_in_place_of_a_silent_comparison():
    assert stats.result(stats.PROPORTION, []) is None
    assert stats.result(stats.PROPORTION, [Period(n=50, successes=10)]) is None  # no baseline
    assert stats.result(stats.PROPORTION, [Period(n=50, successes=10)], [], baseline=0.1) is None
    assert stats.result(stats.MEAN, [Period(n=0, mean=1, sd=0)], baseline=1) is None
    with pytest.raises(ValueError):
        stats.pool("median", [])
