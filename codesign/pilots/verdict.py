"""The verdict the site proposes from a pilot's result and its pre-registered target.

The rule is fixed in advance, so nobody can read a result the way they would like:
- worked: the interval lies wholly on the better side of zero, and the estimate reaches
  the target (the smallest change worth scaling);
- did not work: the interval lies wholly short of the target, so even the most hopeful
  reading of the figures is not worth scaling (an interval wholly on the worse side of
  zero is the plainest case);
- too early to tell: anything else, and always while either site has fewer than 30 cases,
  when an interval is too fragile to decide on.

Staff close the pilot with their own conclusion; this only proposes.
"""
from dataclasses import dataclass
from enum import StrEnum

MIN_CASES = 30

HIGHER = "higher"
LOWER = "lower"

# Figures are entered to a few decimals; float noise (0.7 - 0.5 = 0.19999999999999996)
# must not decide whether a target was reached or an interval touches zero.
TOLERANCE = 1e-9


class Verdict(StrEnum):
    WORKED = "worked"
    DID_NOT_WORK = "did_not_work"
    TOO_EARLY = "too_early"


class Reason(StrEnum):
    """Why the verdict is what it is; the page says it in words
    (codesign/labels.py VERDICT_REASON_LABELS)."""
    BETTER_AND_REACHES_TARGET = "better_and_reaches_target"
    SHORT_OF_TARGET = "short_of_target"
    FEWER_THAN_30_CASES = "fewer_than_30_cases"
    NO_INTERVAL = "no_interval"
    NOT_CLEAR_YET = "not_clear_yet"


@dataclass(frozen=True)
class Proposal:
    verdict: Verdict
    reason: Reason


def propose(ci_low, ci_high, estimate, better, target, n_pilot, n_comparison=None):
    """The proposed verdict for pilot-minus-comparison (or minus baseline) figures.

    `better` is HIGHER or LOWER; `target` is a positive amount of change in the better
    direction. n_comparison is None when the pilot has no comparison site."""
    if better not in (HIGHER, LOWER):
        raise ValueError(f"better must be {HIGHER!r} or {LOWER!r}, not {better!r}")
    if not target > 0:
        raise ValueError("the target is a positive amount of change in the better direction")
    sizes = [n_pilot] if n_comparison is None else [n_pilot, n_comparison]
    if min(sizes) < MIN_CASES:
        return Proposal(Verdict.TOO_EARLY, Reason.FEWER_THAN_30_CASES)
    if ci_low is None or ci_high is None:
        return Proposal(Verdict.TOO_EARLY, Reason.NO_INTERVAL)
    # Turn everything into gains, so that bigger is better whichever way the measure goes.
    sign = 1 if better == HIGHER else -1
    gain = sign * float(estimate)
    low, high = sorted((sign * float(ci_low), sign * float(ci_high)))
    target = float(target)
    if low > TOLERANCE and gain >= target - TOLERANCE:
        return Proposal(Verdict.WORKED, Reason.BETTER_AND_REACHES_TARGET)
    if high < target - TOLERANCE:
        return Proposal(Verdict.DID_NOT_WORK, Reason.SHORT_OF_TARGET)
    return Proposal(Verdict.TOO_EARLY, Reason.NOT_CLEAR_YET)

