"""compare_proportions: difference of two top-box shares, its interval, z and p.

Independent references:

- ``statsmodels.stats.proportion.proportions_ztest(count, nobs)`` (default
  ``prop_var=False``: pooled variance under the null) for z and the two-sided
  p-value.
- ``statsmodels.stats.proportion.confint_proportions_2indep(..., compare="diff")``
  with ``method="agresti-caffo"`` (Agresti & Caffo 2000, the default here),
  ``method="newcomb"`` (Newcombe 1998, method 10: ``ci="newcombe"`` here) and
  ``method="wald"`` for the three intervals on the difference.
- ``scipy.stats.fisher_exact`` for the permutation test (see
  ``test_compare_permutation.py``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

from expectations.errors import (
    InsufficientDataError,
    InvalidParameterError,
    InvalidScoreError,
    LengthMismatchError,
    SmallSampleWarning,
)
from expectations.models.scale import Scale
from expectations.scoring.proportions import ProportionComparison, compare_proportions
from expectations.scoring.satisfaction import csat

FIVE = Scale(1, 5)

COUNT_PAIRS = [
    ((160, 200), (130, 200)),
    ((30, 40), (45, 50)),
    ((1, 30), (0, 35)),
    ((35, 35), (33, 34)),
    ((512, 1000), (4800, 10000)),
    ((17, 31), (17, 31)),
]


@pytest.mark.parametrize(("a", "b"), COUNT_PAIRS)
def test_z_and_p_match_statsmodels_proportions_ztest(a: tuple[int, int],
                                                     b: tuple[int, int]) -> None:
    """Z (pooled SE) and the two-sided p-value equal statsmodels' proportions_ztest."""
    c = compare_proportions(a, b)
    z, p = proportions_ztest([a[0], b[0]], [a[1], b[1]])
    assert c.z == pytest.approx(z, rel=1e-12, abs=1e-15)
    assert c.p_value == pytest.approx(p, rel=1e-10)


@pytest.mark.parametrize(("a", "b"), COUNT_PAIRS)
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
@pytest.mark.parametrize(("ci", "statsmodels_method"),
                         [("agresti-caffo", "agresti-caffo"), ("newcombe", "newcomb"),
                          ("wald", "wald")])
def test_interval_matches_statsmodels_2indep(a: tuple[int, int], b: tuple[int, int],
                                             confidence: float, ci: str,
                                             statsmodels_method: str) -> None:
    """Each interval equals statsmodels' confint_proportions_2indep, in points."""
    c = compare_proportions(a, b, ci=ci, confidence=confidence)
    low, high = confint_proportions_2indep(a[0], a[1], b[0], b[1], method=statsmodels_method,
                                           compare="diff", alpha=1 - confidence)
    assert c.interval.low == pytest.approx(100 * max(low, -1.0), rel=1e-9, abs=1e-9)
    assert c.interval.high == pytest.approx(100 * min(high, 1.0), rel=1e-9, abs=1e-9)
    assert (c.interval.method, c.interval.confidence) == (ci, confidence)


def test_default_interval_is_agresti_caffo() -> None:
    """Without ci=, the interval is Agresti-Caffo's and the test the pooled z."""
    c = compare_proportions((160, 200), (130, 200))
    assert (c.interval.method, c.test) == ("agresti-caffo", "z")
    t_a, t_b = 161 / 202, 131 / 202
    assert c.std_error == pytest.approx(100 * math.sqrt(t_a * (1 - t_a) / 202
                                                        + t_b * (1 - t_b) / 202))


def test_difference_and_standard_error_by_hand() -> None:
    """Difference = 100 (p_a - p_b); SE = 100 sqrt(p_a q_a/n_a + p_b q_b/n_b) for Wald."""
    c = compare_proportions((160, 200), (130, 200), ci="wald")
    assert c.difference == pytest.approx(15.0, rel=1e-14)
    assert c.std_error == pytest.approx(100 * math.sqrt(0.8 * 0.2 / 200 + 0.65 * 0.35 / 200))
    assert (c.score_a, c.score_b, c.n_a, c.n_b) == (80.0, 65.0, 200.0, 200.0)


@settings(max_examples=40)
@given(data=st.data())
def test_difference_is_signed_and_antisymmetric(data: st.DataObject) -> None:
    """Swapping a and b negates the difference, z and the interval; p is unchanged."""
    na, nb = data.draw(st.integers(30, 500)), data.draw(st.integers(30, 500))
    a = (data.draw(st.integers(0, na)), na)
    b = (data.draw(st.integers(0, nb)), nb)
    ab, ba = compare_proportions(a, b), compare_proportions(b, a)
    assert ab.difference == -ba.difference
    assert ab.interval.low == pytest.approx(-ba.interval.high, abs=1e-12)
    assert -100.0 <= ab.interval.low <= ab.difference <= ab.interval.high <= 100.0
    if math.isfinite(ab.z):
        assert ab.z == -ba.z
        assert ab.p_value == pytest.approx(ba.p_value, rel=1e-12)
        assert 0.0 <= ab.p_value <= 1.0


def test_raw_scores_equal_counts() -> None:
    """Raw scores with a scale give the same comparison as their top-box counts."""
    rng = np.random.default_rng(11)
    x, y = rng.integers(1, 6, size=120), rng.integers(1, 6, size=90)
    raw = compare_proportions(x, y, scale=FIVE, top=2)
    counts = compare_proportions((int(np.sum(x >= 4)), 120), (int(np.sum(y >= 4)), 90))
    assert raw == counts


def test_results_from_top_box_are_accepted_weighted_with_n_eff() -> None:
    """A weighted TopBoxResult enters with its weighted share and Kish n_eff."""
    rng = np.random.default_rng(12)
    x, y = rng.integers(1, 6, size=150), rng.integers(1, 6, size=150)
    w = rng.uniform(0.5, 2.0, size=150)
    ra, rb = csat(x, weights=w), csat(y)
    c = compare_proportions(ra, rb)
    assert c.n_a == pytest.approx(w.sum() ** 2 / (w**2).sum(), rel=1e-12)
    assert c.difference == pytest.approx(ra.score - rb.score, rel=1e-12)
    z, _ = proportions_ztest([ra.score / 100 * c.n_a, rb.successes], [c.n_a, rb.n])
    assert c.z == pytest.approx(z, rel=1e-10)


def test_identical_degenerate_shares_give_nan_test() -> None:
    """Both at 100%: z and p are NaN (undefined); only the Wald interval collapses to 0."""
    c = compare_proportions((40, 40), (50, 50), ci="wald")
    assert math.isnan(c.z)
    assert math.isnan(c.p_value)
    assert (c.difference, c.interval.low, c.interval.high) == (0.0, 0.0, 0.0)
    for ci in ("agresti-caffo", "newcombe"):
        c = compare_proportions((40, 40), (50, 50), ci=ci)
        assert c.interval.low < 0.0 < c.interval.high


def test_small_side_warns() -> None:
    """A side with fewer than 30 responses triggers SmallSampleWarning."""
    with pytest.warns(SmallSampleWarning, match="compare_proportions"):
        compare_proportions((5, 10), (50, 100))


def test_result_is_frozen_with_python_scalars() -> None:
    """The result is a frozen attrs object of Python floats with flat to_dict."""
    c = compare_proportions((160, 200), (130, 200))
    assert isinstance(c, ProportionComparison)
    d = c.to_dict()
    assert {"difference", "ci_low", "ci_high", "z", "p_value"} <= set(d)
    assert all(type(value) in (float, int, str) for value in d.values())
    assert repr(c).startswith("ProportionComparison(difference=15")


@pytest.mark.parametrize(
    ("a", "b", "kwargs", "error", "fragment"),
    [
        ((11, 10), (5, 10), {}, InvalidScoreError,
         "a successes must be between 0 and n (10); 1 value is not (first: 11 at position 0)"),
        ((1, -10), (5, 10), {}, InvalidScoreError, "a n must be finite and non-negative"),
        ((0, 0), (5, 10), {}, InsufficientDataError, "a must be non-empty"),
        ((1, 2, 3), (5, 10), {}, InvalidParameterError,
         "a must be a (successes, n) pair when scale is None"),
        ((5, 10), [4] * 40, {}, InvalidParameterError, "b must be a (successes, n) pair"),
        ((True, 10), (5, 10), {}, InvalidParameterError, "a successes must be a number"),
        ([4, 6] * 20, [4] * 40, {"scale": FIVE}, InvalidScoreError,
         "a must be integers in 1..5; 20 values are not (first: 6.0 at position 1)"),
        ([4] * 40, [], {"scale": FIVE}, InsufficientDataError, "b must be non-empty"),
        ([4] * 40, [4] * 40, {"scale": FIVE, "top": 5}, InvalidParameterError,
         "top must be an integer in 1..4"),
        ((5, 10), (5, 10), {"confidence": 2}, InvalidParameterError,
         "confidence must be a number strictly between 0 and 1; got 2."),
        ((5, 10), (5, 10), {"missing": "skip"}, InvalidParameterError, "missing must be one of"),
    ],
)
def test_bad_input_raises_templated_errors(a: Any, b: Any, kwargs: dict[str, Any],
                                           error: type[Exception], fragment: str) -> None:
    """Bad counts, scores or options raise the specific expectations error."""
    with pytest.raises(error) as info:
        compare_proportions(a, b, **kwargs)
    assert type(info.value) is error
    assert fragment in str(info.value)


def test_missing_raw_scores_dropped_on_request() -> None:
    """missing="drop" drops NaN raw scores before counting."""
    x = [5.0, np.nan] * 40
    c = compare_proportions(x, [5] * 40, scale=FIVE, missing="drop")
    assert c.n_a == 40.0
    with pytest.raises(InvalidScoreError, match="a must be present"):
        compare_proportions(x, [5] * 40, scale=FIVE)


def test_weighted_raw_scores_equal_weighted_results() -> None:
    """Raw scores with weights_a enter exactly as the weighted top_box result would."""
    rng = np.random.default_rng(13)
    x, y = rng.integers(1, 6, size=140), rng.integers(1, 6, size=110)
    w = rng.uniform(0.2, 4.0, size=140)
    raw = compare_proportions(x, y, scale=FIVE, weights_a=w)
    via_results = compare_proportions(csat(x, weights=w), csat(y))
    for name in ("difference", "std_error", "z", "p_value", "n_a", "n_b"):
        assert getattr(raw, name) == pytest.approx(getattr(via_results, name), rel=1e-12)


@pytest.mark.parametrize(
    ("a", "kwargs", "error", "fragment"),
    [
        ((5, 10), {"weights_a": [1.0] * 10}, InvalidParameterError,
         "weights_a must be None unless a is raw scores with scale="),
        ([4, 5] * 20, {"scale": FIVE, "weights_a": [1.0]}, LengthMismatchError,
         "weights_a must be the same length as the data (40); got 1."),
        ([4, 5] * 20, {"scale": FIVE, "weights_a": [-1.0] * 40}, InvalidScoreError,
         "weights_a must be finite and non-negative; 40 values are not (first: -1.0"),
    ],
)
def test_bad_weights_raise_templated_errors(a: Any, kwargs: dict[str, Any],
                                            error: type[Exception], fragment: str) -> None:
    """Weights for counts, of the wrong length or negative raise the specific error."""
    with pytest.raises(error) as info:
        compare_proportions(a, (40, 40) if "scale" not in kwargs else [5] * 40, **kwargs)
    assert fragment in str(info.value)
