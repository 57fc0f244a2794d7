"""The verdict the site proposes from a pilot's interval and its pre-registered target."""
import pytest

from codesign.labels import VERDICT_LABELS, VERDICT_REASON_LABELS
from codesign.pilots.verdict import HIGHER, LOWER, MIN_CASES, Reason, Verdict, propose

W, D, T = Verdict.WORKED, Verdict.DID_NOT_WORK, Verdict.TOO_EARLY


def verdict(low, high, estimate, better=HIGHER, target=0.1, n_pilot=100, n_comparison=100):
    return propose(low, high, estimate, better, target, n_pilot, n_comparison)


@pytest.mark.parametrize("low,high,estimate,expected", [
    (0.05, 0.35, 0.20, W),      # wholly better, estimate past the target
    (0.12, 0.30, 0.21, W),      # wholly past the target
    (0.01, 0.19, 0.10, W),      # estimate exactly at the target reaches it
    (0.01, 0.15, 0.08, T),      # wholly better, but the estimate is short and the target possible
    (-0.05, 0.25, 0.10, T),     # includes zero
    (0.0, 0.25, 0.12, T),       # touches zero: not wholly on the better side
    (-0.10, 0.08, -0.01, D),    # wholly short of the target
    (-0.30, -0.10, -0.2, D),    # wholly worse
    (0.02, 0.09, 0.05, D),      # better than nothing, but surely short of the target
    (-0.05, 0.10, 0.02, T),     # the upper end touches the target: not excluded
])
def test_higher_is_better(low, high, estimate, expected):
    assert verdict(low, high, estimate).verdict == expected


@pytest.mark.parametrize("low,high,estimate,expected", [
    (-3.0, -1.0, -2.0, W),      # days to fix fell by 2, wholly, target a fall of 1.5
    (-3.0, -0.5, -1.5, W),      # exactly at the target
    (-3.0, -0.5, -1.4, T),      # short of the target, which stays possible
    (-2.0, 0.0, -1.6, T),       # touches zero
    (-1.0, 2.0, 0.5, D),        # never reaches a fall of 1.5
    (1.0, 3.0, 2.0, D),         # days to fix rose
    (-1.5, 1.0, -0.2, T),       # lower end touches the target
])
def test_lower_is_better(low, high, estimate, expected):
    assert verdict(low, high, estimate, better=LOWER, target=1.5).verdict == expected


def test_an_interval_given_upside_down_is_read_the_same():
    assert verdict(0.35, 0.05, 0.2).verdict == W
    assert verdict(-1.0, -3.0, -2.0, better=LOWER, target=1.5).verdict == W


def test_float_noise_does_not_decide_the_target_or_zero():
    estimate = 0.7 - 0.5          # 0.19999999999999996
    assert estimate < 0.2
    assert verdict(0.05, 0.3, estimate, target=0.2).verdict == W
    assert verdict(1e-17, 0.3, 0.2, target=0.1).verdict == T   # still touching zero
    assert verdict(-0.1, 0.7 - 0.5, 0.0, target=0.2).verdict == T  # still touching the target


@pytest.mark.parametrize("n_pilot,n_comparison", [(29, 100), (100, 29), (0, 0), (29, None)])
def test_fewer_than_30_cases_at_either_site_is_too_early_whatever_the_interval(n_pilot,
                                                                                n_comparison):
    proposal = verdict(0.2, 0.4, 0.3, n_pilot=n_pilot, n_comparison=n_comparison)
    assert proposal.verdict == T
    assert proposal.reason == Reason.FEWER_THAN_30_CASES
    assert "fewer than 30 cases" in str(VERDICT_REASON_LABELS[proposal.reason])


def test_thirty_cases_are_enough_and_without_a_comparison_site_only_the_pilot_counts():
    assert MIN_CASES == 30
    assert verdict(0.2, 0.4, 0.3, n_pilot=30, n_comparison=30).verdict == W
    assert verdict(0.2, 0.4, 0.3, n_pilot=30, n_comparison=None).verdict == W
    assert verdict(-0.4, -0.2, -0.3, n_pilot=30, n_comparison=None).verdict == D


def test_no_interval_is_too_early():
    proposal = verdict(None, None, 0.3)
    assert (proposal.verdict, proposal.reason) == (T, Reason.NO_INTERVAL)


def test_reasons_and_values_are_plain_words_for_the_page():
    assert [v.value for v in Verdict] == ["worked", "did_not_work", "too_early"]
    assert verdict(0.05, 0.35, 0.2).reason == Reason.BETTER_AND_REACHES_TARGET
    assert verdict(-0.3, -0.1, -0.2).reason == Reason.SHORT_OF_TARGET
    assert verdict(-0.05, 0.25, 0.1).reason == Reason.NOT_CLEAR_YET
    # Every reason and verdict has its words, written once in codesign/labels.py.
    assert {r.value for r in Reason} | {"no_figures"} == set(VERDICT_REASON_LABELS)
    assert {v.value for v in Verdict} == set(VERDICT_LABELS)
    assert all(str(words).endswith(".") for words in VERDICT_REASON_LABELS.values())


@pytest.mark.parametrize("better,target", [("up", 0.1), (HIGHER, 0), (HIGHER, -0.1)])
def test_a_direction_or_target_that_makes_no_sense_is_refused(better, target):
    with pytest.raises(ValueError):
        verdict(0.1, 0.2, 0.15, better=better, target=target)
