"""The result of a pilot: the estimated difference and its 95% confidence interval.

Staff record figures per period and per site; a result pools each site's periods and then
compares the pilot site with the comparison site (two independent samples) or, without one,
with the pre-registered baseline. Methods, chosen because they behave well with the small
samples and extreme proportions pilots produce:

- proportion, two sites: Newcombe's hybrid score interval for a difference of independent
  proportions (method 10 of Newcombe 1998, Statistics in Medicine 17:873-890), from Wilson
  score intervals;
- mean, two sites: Welch's interval, with Welch-Satterthwaite degrees of freedom, so the two
  sites need not have the same spread;
- against the baseline: the Wilson interval of the pilot proportion, or a one-sample t
  interval of the pilot mean, shifted by the baseline.

The normal quantile comes from the standard library and the t quantile from scipy.special,
imported when first needed. scipy.stats and statsmodels are not used here: importing them
adds about 100 MB to every worker that shows a result, and Wilson's and Newcombe's
intervals are closed formulas over the normal quantile. The tests check every interval
against statsmodels and scipy.stats, and against Newcombe's published table.
"""
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from statistics import NormalDist

PROPORTION = "proportion"
MEAN = "mean"
KINDS = (PROPORTION, MEAN)

ALPHA = 0.05  # 95% intervals

NEWCOMBE = "newcombe"
WELCH = "welch"
WILSON_VS_BASELINE = "wilson_vs_baseline"
T_VS_BASELINE = "t_vs_baseline"

PENNY = Decimal("0.01")


@dataclass(frozen=True)
class Period:
    """One period's figures for one site: n cases, and either the successes among them
    (a proportion measure) or their mean and standard deviation (a mean measure)."""
    n: int
    successes: int | None = None
    mean: float | Decimal | None = None
    sd: float | Decimal | None = None
    cost_per_case: float | Decimal | None = None


@dataclass(frozen=True)
class Site:
    """A site's periods pooled into one sample. `value` is the proportion or the mean;
    `cost_per_case` is None when no period gave a cost."""
    n: int
    value: float
    successes: int | None = None
    sd: float | None = None
    cost_per_case: Decimal | None = None


@dataclass(frozen=True)
class Result:
    """Pilot minus comparison (or minus baseline). The interval is None when the figures
    cannot give one (a mean from a single case has no spread to speak of)."""
    estimate: float
    ci_low: float | None
    ci_high: float | None
    method: str
    pilot: Site
    comparison: Site | None

    @property
    def n_pilot(self):
        return self.pilot.n

    @property
    def n_comparison(self):
        return self.comparison.n if self.comparison else None


def pool_proportion(periods):
    """Periods of one site as one sample: successes and totals add up. None without cases."""
    n = sum(p.n for p in periods)
    if n <= 0:
        return None
    successes = sum(p.successes for p in periods)
    return Site(n=n, value=successes / n, successes=successes, cost_per_case=pool_cost(periods))


def pool_mean(periods):
    """Periods of one site as one sample, as if all its cases had been entered together.

    The mean is weighted by n; the variance adds the spread within periods, sum of
    (n_i - 1) * sd_i**2, to the spread between them, sum of n_i * (mean_i - mean)**2, over
    N - 1: exactly the sample variance of all the cases. None without cases."""
    periods = [p for p in periods if p.n > 0]
    n = sum(p.n for p in periods)
    if n <= 0:
        return None
    mean = sum(p.n * float(p.mean) for p in periods) / n
    if n == 1:
        sd = None
    else:
        within = sum((p.n - 1) * float(p.sd or 0) ** 2 for p in periods)
        between = sum(p.n * (float(p.mean) - mean) ** 2 for p in periods)
        sd = math.sqrt((within + between) / (n - 1))
    return Site(n=n, value=mean, sd=sd, cost_per_case=pool_cost(periods))


def pool(kind, periods):
    if kind == PROPORTION:
        return pool_proportion(periods)
    if kind == MEAN:
        return pool_mean(periods)
    raise ValueError(f"unknown measure kind {kind!r}")


def pool_cost(periods):
    """Cost per case over the periods that give one, weighted by their cases (a month of
    400 cases counts four times a month of 100), to the penny. None when none gives one."""
    costed = [p for p in periods if p.cost_per_case is not None and p.n > 0]
    cases = sum(p.n for p in costed)
    if not cases:
        return None
    total = sum(Decimal(p.n) * Decimal(str(p.cost_per_case)) for p in costed)
    return (total / Decimal(cases)).quantize(PENNY, rounding=ROUND_HALF_UP)


def difference_of_proportions(successes1, n1, successes2, n2):
    """p1 - p2 with Newcombe's hybrid score interval (his method 10), as (estimate, low, high):
    from d - sqrt((p1 - l1)**2 + (u2 - p2)**2) to d + sqrt((u1 - p1)**2 + (p2 - l2)**2),
    where (l, u) are each proportion's Wilson interval."""
    p1, p2 = successes1 / n1, successes2 / n2
    (l1, u1), (l2, u2) = wilson_interval(successes1, n1), wilson_interval(successes2, n2)
    estimate = p1 - p2
    return estimate, estimate - math.hypot(p1 - l1, u2 - p2), estimate + math.hypot(u1 - p1, p2 - l2)


def wilson_interval(successes, n):
    """Wilson's score interval for a proportion, as (low, high)."""
    z = _z()
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def welch_interval(n1, mean1, sd1, n2, mean2, sd2):
    """mean1 - mean2 with Welch's interval, as (estimate, low, high).

    The standard error is sqrt(sd1**2/n1 + sd2**2/n2) and the t quantile has the
    Welch-Satterthwaite degrees of freedom. When neither site varies at all the interval
    is the estimate itself. Low and high are None when a site has fewer than 2 cases."""
    estimate = mean1 - mean2
    if n1 < 2 or n2 < 2:
        return estimate, None, None
    v1, v2 = sd1 ** 2 / n1, sd2 ** 2 / n2
    se = math.sqrt(v1 + v2)
    if se == 0:
        return estimate, estimate, estimate
    df = (v1 + v2) ** 2 / (v1 ** 2 / (n1 - 1) + v2 ** 2 / (n2 - 1))
    half = _t_quantile(df) * se
    return estimate, estimate - half, estimate + half


def proportion_vs_baseline(successes, n, baseline):
    """The pilot proportion minus the baseline, with the pilot's Wilson score interval
    shifted by the baseline, as (estimate, low, high).

    The baseline is treated as a fixed, known value: its own uncertainty (it was measured
    too, usually on more cases over a longer time) is not in the interval, which is why a
    comparison site gives the fairer result."""
    low, high = wilson_interval(successes, n)
    baseline = float(baseline)
    return successes / n - baseline, float(low) - baseline, float(high) - baseline


def mean_vs_baseline(n, mean, sd, baseline):
    """The pilot mean minus the baseline, with a one-sample t interval (n - 1 degrees of
    freedom), as (estimate, low, high). The baseline is treated as a fixed, known value
    (see proportion_vs_baseline). Low and high are None with fewer than 2 cases."""
    estimate = mean - float(baseline)
    if n < 2:
        return estimate, None, None
    half = _t_quantile(n - 1) * sd / math.sqrt(n)
    return estimate, estimate - half, estimate + half


def result(kind, pilot_periods, comparison_periods=None, baseline=None):
    """The pilot's result from its periods, or None while there are no figures to compare.

    comparison_periods None means the pilot has no comparison site: it is then compared
    with the baseline. An empty list means it has one that has not reported yet, and a
    pilot is never quietly compared with its baseline instead."""
    pilot = pool(kind, pilot_periods)
    if pilot is None:
        return None
    if comparison_periods is None:
        if baseline is None:
            return None
        if kind == PROPORTION:
            estimate, low, high = proportion_vs_baseline(pilot.successes, pilot.n, baseline)
            method = WILSON_VS_BASELINE
        else:
            estimate, low, high = mean_vs_baseline(pilot.n, pilot.value, pilot.sd, baseline)
            method = T_VS_BASELINE
        return Result(estimate, low, high, method, pilot, None)
    comparison = pool(kind, comparison_periods)
    if comparison is None:
        return None
    if kind == PROPORTION:
        estimate, low, high = difference_of_proportions(pilot.successes, pilot.n,
                                                        comparison.successes, comparison.n)
        method = NEWCOMBE
    else:
        estimate, low, high = welch_interval(pilot.n, pilot.value, pilot.sd,
                                             comparison.n, comparison.value, comparison.sd)
        method = WELCH
    return Result(estimate, low, high, method, pilot, comparison)


def _z():
    return NormalDist().inv_cdf(1 - ALPHA / 2)


def _t_quantile(df):
    from scipy.special import stdtrit

    return float(stdtrit(df, 1 - ALPHA / 2))
