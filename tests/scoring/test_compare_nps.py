"""Tests for expectations.scoring.compare.compare_nps.

Reference: the two-sample z statistic z = (NPS_A - NPS_B)/sqrt(V_A/n_A + V_B/n_B) of
Rocks (2016) and the R package ``NPS`` (``nps_test``), with the variances computed
independently as numpy's population variance of the -1/0/+1 variable and the
p-value from ``scipy.stats.norm``; that is ``ci="wald"``. The default
``"adjusted-wald"`` is the same computation on the counts plus 3/8, 3/4, 3/8
pseudo-answers per side (half of Rocks' one-sample 3/4, 3/2, 3/4, shared out
as Agresti & Caffo 2000 share out two successes and two failures), checked here
by a direct numpy computation on pseudo-weighted answers and in
``test_compare_coverage.py`` by exact enumeration. The R package reports
|difference|; here the sign is kept (a - b), as ../shared/REFERENCES.md asks.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.weightstats import DescrStatsW

from expectations.errors import InsufficientDataError, InvalidParameterError, InvalidScoreError
from expectations.scoring.compare import NPSComparison, compare_nps
from expectations.scoring.nps import NPSCounts

RNG = np.random.default_rng(99)
A = RNG.choice(11, size=400, p=[0.02] * 7 + [0.1, 0.1, 0.3, 0.36])
B = RNG.integers(0, 11, size=300)


def _y(scores: np.ndarray) -> np.ndarray:
    return np.select([scores >= 9, scores >= 7], [1.0, 0.0], default=-1.0)


def test_wald_difference_se_z_and_p_match_direct_computation() -> None:
    """With ci="wald": difference, SE, z and p match a direct numpy/scipy computation."""
    ya, yb = _y(A), _y(B)
    se = np.sqrt(np.var(ya) / ya.size + np.var(yb) / yb.size)
    z = (ya.mean() - yb.mean()) / se
    result = compare_nps(A, B, ci="wald")
    assert result.difference == pytest.approx(100 * (ya.mean() - yb.mean()), rel=1e-12)
    assert result.std_error == pytest.approx(100 * se, rel=1e-12)
    assert result.z == pytest.approx(z, rel=1e-12)
    assert result.p_value == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-9)
    half = stats.norm.ppf(0.975) * 100 * se
    assert (result.interval.low, result.interval.high) == pytest.approx(
        (result.difference - half, result.difference + half))


def _adjusted(y: np.ndarray, weights: np.ndarray | None = None) -> tuple[float, float]:
    """Mean and variance/n of y with 3/8, 3/4, 3/8 pseudo-answers -1, 0, +1 added."""
    w = np.ones(y.size) if weights is None else weights
    n_eff = w.sum() ** 2 / (w**2).sum()
    w = w / w.sum() * n_eff  # rescaled so the weights sum to Kish's n_eff
    stats_ = DescrStatsW(np.r_[y, -1.0, 0.0, 1.0], weights=np.r_[w, 0.375, 0.75, 0.375],
                         ddof=0)
    return float(stats_.mean), float(stats_.var / (n_eff + 1.5))


def test_adjusted_wald_matches_direct_computation() -> None:
    """The default interval, SE, z and p: Wald on the answers plus the pseudo-answers."""
    (ma, va), (mb, vb) = _adjusted(_y(A)), _adjusted(_y(B))
    se = np.sqrt(va + vb)
    result = compare_nps(A, B)
    assert result.interval.method == "adjusted-wald"
    assert result.difference == pytest.approx(100 * (_y(A).mean() - _y(B).mean()), rel=1e-12)
    assert result.std_error == pytest.approx(100 * se, rel=1e-12)
    assert result.z == pytest.approx((ma - mb) / se, rel=1e-12)
    assert result.p_value == pytest.approx(2 * stats.norm.sf(abs((ma - mb) / se)), rel=1e-9)
    half = stats.norm.ppf(0.975) * se
    assert (result.interval.low, result.interval.high) == pytest.approx(
        (100 * (ma - mb - half), 100 * (ma - mb + half)), rel=1e-12)


def test_adjusted_wald_test_agrees_with_its_interval() -> None:
    """The z-test rejects at 1 - confidence exactly when the interval leaves out 0."""
    for b in (B, A[:60], [9, 10, 8, 7] * 10, [10] * 35):
        for confidence in (0.9, 0.95):
            c = compare_nps(A, b, confidence=confidence)
            excludes = c.interval.low > 0 or c.interval.high < 0
            assert (c.p_value < 1 - confidence) == excludes


def test_difference_is_signed() -> None:
    """Swapping the samples flips the sign of the difference and z, not the p-value."""
    forward, backward = compare_nps(A, B), compare_nps(B, A)
    assert forward.difference > 0
    assert backward.difference == -forward.difference
    assert backward.z == -forward.z
    assert backward.p_value == forward.p_value


def test_counts_and_raw_scores_give_the_same_result() -> None:
    """NPSCounts and raw answers are interchangeable inputs."""
    assert compare_nps(NPSCounts.from_scores(A), B) == compare_nps(A, B)


def test_weighted_comparison_uses_kish_n_eff() -> None:
    """Weighted sides use DescrStatsW (ddof=0) variance over Kish's n_eff."""
    wa = RNG.uniform(0.5, 2.0, size=A.size)
    ref = DescrStatsW(_y(A), weights=wa, ddof=0)
    n_eff = wa.sum() ** 2 / (wa**2).sum()
    result = compare_nps(A, B, weights_a=wa, ci="wald")
    se = np.sqrt(ref.var / n_eff + np.var(_y(B)) / B.size)
    assert result.std_error == pytest.approx(100 * se, rel=1e-12)
    assert result.n_a == pytest.approx(n_eff)


def test_weighted_adjusted_wald_adds_pseudo_counts_to_kish_counts() -> None:
    """The default adds its pseudo-counts to the shares times Kish's n_eff."""
    wa = RNG.uniform(0.5, 2.0, size=A.size)
    (ma, va), (mb, vb) = _adjusted(_y(A), wa), _adjusted(_y(B))
    result = compare_nps(A, B, weights_a=wa)
    assert result.std_error == pytest.approx(100 * np.sqrt(va + vb), rel=1e-12)
    assert result.z == pytest.approx((ma - mb) / np.sqrt(va + vb), rel=1e-12)


def test_zero_wald_standard_error_gives_nan_z() -> None:
    """With ci="wald", two samples each in a single category have no z or p-value."""
    result = compare_nps([10] * 40, [0] * 40, ci="wald")
    assert result.difference == 200.0
    assert math.isnan(result.z)
    assert math.isnan(result.p_value)
    assert result.interval.low == result.interval.high == 200.0


def test_single_category_samples_get_a_real_interval_by_default() -> None:
    """All-promoter against all-detractor: a finite z, p and an interval of width > 0."""
    result = compare_nps([10] * 40, [0] * 40)
    assert math.isfinite(result.z)
    assert result.p_value < 1e-6
    assert result.interval.low < result.interval.high == 200.0


def test_result_is_a_frozen_result() -> None:
    """The comparison flattens to a dict with the interval expanded."""
    result = compare_nps(A, B)
    assert isinstance(result, NPSComparison)
    assert {"difference", "ci_low", "ci_high", "p_value"} <= set(result.to_dict())


def test_bad_scores_name_the_side() -> None:
    """An invalid answer in b is reported under the name b."""
    with pytest.raises(InvalidScoreError, match=r"b must be integers in 0\.\.10.*12"):
        compare_nps(A, [3, 12])


def test_empty_side_raises() -> None:
    """A side with no respondents raises InsufficientDataError."""
    with pytest.raises(InsufficientDataError, match="a must have at least one"):
        compare_nps(NPSCounts(promoters=0, passives=0, detractors=0), B)


@pytest.mark.parametrize(("option", "value"), [("ci", "score"), ("test", "exact"),
                                               ("rng", -1), ("n_resamples", 0)])
def test_bad_options_raise(option: str, value: object) -> None:
    """An unknown interval or test, a bad seed or resample count raise."""
    with pytest.raises(InvalidParameterError, match=option):
        compare_nps(A, B, **{option: value})


def test_bad_confidence_raises() -> None:
    """A confidence outside (0, 1) raises InvalidParameterError."""
    with pytest.raises(InvalidParameterError, match="confidence"):
        compare_nps(A, B, confidence=1.5)
