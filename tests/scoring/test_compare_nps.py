"""Tests for expectations.scoring.compare.compare_nps.

Reference: the two-sample z statistic z = (NPS_A - NPS_B)/sqrt(V_A/n_A + V_B/n_B) of
Rocks (2016) and the R package ``NPS`` (``nps_test``), with the variances computed
independently as numpy's population variance of the -1/0/+1 variable and the
p-value from ``scipy.stats.norm``. The R package reports |difference|; here the
sign is kept (a - b), as ../shared/REFERENCES.md asks.
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


def test_difference_se_z_and_p_match_direct_computation() -> None:
    """Difference, SE, z and p match a direct numpy/scipy computation."""
    ya, yb = _y(A), _y(B)
    se = np.sqrt(np.var(ya) / ya.size + np.var(yb) / yb.size)
    z = (ya.mean() - yb.mean()) / se
    result = compare_nps(A, B)
    assert result.difference == pytest.approx(100 * (ya.mean() - yb.mean()), rel=1e-12)
    assert result.std_error == pytest.approx(100 * se, rel=1e-12)
    assert result.z == pytest.approx(z, rel=1e-12)
    assert result.p_value == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-9)
    half = stats.norm.ppf(0.975) * 100 * se
    assert (result.interval.low, result.interval.high) == pytest.approx(
        (result.difference - half, result.difference + half))


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
    result = compare_nps(A, B, weights_a=wa)
    se = np.sqrt(ref.var / n_eff + np.var(_y(B)) / B.size)
    assert result.std_error == pytest.approx(100 * se, rel=1e-12)
    assert result.n_a == pytest.approx(n_eff)


def test_zero_standard_error_gives_nan_z() -> None:
    """Two samples each in a single category have no z or p-value."""
    result = compare_nps([10] * 40, [0] * 40)
    assert result.difference == 200.0
    assert math.isnan(result.z)
    assert math.isnan(result.p_value)


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


def test_bad_confidence_raises() -> None:
    """A confidence outside (0, 1) raises InvalidParameterError."""
    with pytest.raises(InvalidParameterError, match="confidence"):
        compare_nps(A, B, confidence=1.5)
