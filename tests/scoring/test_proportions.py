"""Intervals for a proportion and a mean, and Kish's effective n.

Independent references:

- ``statsmodels.stats.proportion.proportion_confint`` (statsmodels 0.14/0.15),
  methods ``"wilson"``, ``"agresti_coull"`` and ``"normal"`` (Wald); statsmodels
  clips all three to [0, 1], as this library does.
- ``scipy.stats.t.interval`` and ``statsmodels.stats.weightstats.DescrStatsW.tconfint_mean``
  for the Student-t interval of a mean.
- Kish (1965), *Survey Sampling*, section 11.7: ``n_eff = (sum w)^2 / sum w^2``,
  computed directly in the tests.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.weightstats import DescrStatsW

from expectations.errors import InsufficientDataError, InvalidParameterError, InvalidScoreError
from expectations.scoring.proportions import (
    MIN_RELIABLE_N,
    PROPORTION_METHODS,
    kish_effective_n,
    proportion_interval,
    t_interval,
)

# Our method name -> statsmodels' name for the same interval.
STATSMODELS_METHOD = {"wilson": "wilson", "agresti-coull": "agresti_coull", "wald": "normal"}

# (count, n) grid including the edges 0 and n, tiny and large samples.
GRID = [(0, 1), (1, 1), (0, 5), (5, 5), (2, 5), (0, 30), (1, 30), (15, 30), (29, 30),
        (30, 30), (7, 20), (0, 1000), (999, 1000), (437, 1000), (12345, 54321)]


@pytest.mark.parametrize("method", PROPORTION_METHODS)
@pytest.mark.parametrize("confidence", [0.8, 0.9, 0.95, 0.99])
def test_interval_matches_statsmodels_proportion_confint(method: str, confidence: float) -> None:
    """Each method equals statsmodels' proportion_confint over a grid of (count, n)."""
    count = np.array([c for c, _ in GRID])
    nobs = np.array([n for _, n in GRID])
    low, high = proportion_interval(count, nobs, method=method, confidence=confidence)
    ref_low, ref_high = proportion_confint(count, nobs, alpha=1 - confidence,
                                           method=STATSMODELS_METHOD[method])
    np.testing.assert_allclose(low, ref_low, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(high, ref_high, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("method", PROPORTION_METHODS)
def test_interval_accepts_effective_non_integer_counts(method: str) -> None:
    """Weighted (non-integer) effective counts give statsmodels' interval on the same floats."""
    count, nobs = np.array([3.7, 10.25, 0.0]), np.array([11.2, 40.5, 7.3])
    low, high = proportion_interval(count, nobs, method=method)
    ref_low, ref_high = proportion_confint(count, nobs, alpha=0.05,
                                           method=STATSMODELS_METHOD[method])
    np.testing.assert_allclose(low, ref_low, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(high, ref_high, rtol=1e-12, atol=1e-14)


def test_wilson_published_example() -> None:
    """Wilson for 0/20 and 7/20 matches Newcombe (1998, Table I) to 4 decimals."""
    # Newcombe, R. G. (1998) Statistics in Medicine 17, 857-872, Table I, method 3:
    # 0/20 -> (0, 0.1611); 81/263 -> (0.2553, 0.3662).
    low, high = proportion_interval([0, 81], [20, 263])
    np.testing.assert_allclose(low, [0.0, 0.2553], atol=5e-5)
    np.testing.assert_allclose(high, [0.1611, 0.3662], atol=5e-5)


def test_zero_n_gives_nan_not_an_error() -> None:
    """A sample with n = 0 gets a NaN interval; the others are unaffected."""
    low, high = proportion_interval([0, 3], [0, 10])
    assert np.isnan(low[0])
    assert np.isnan(high[0])
    assert np.isfinite(low[1])
    assert np.isfinite(high[1])


def test_scalar_input_returns_one_element_arrays() -> None:
    """Scalars broadcast to one-element arrays of Python-convertible floats."""
    low, high = proportion_interval(5, 10)
    assert low.shape == (1,)
    assert high.shape == (1,)
    assert isinstance(float(low[0]), float)


@pytest.mark.parametrize(
    ("successes", "n", "error", "fragment"),
    [
        ([11], [10], InvalidScoreError, ("successes must be between 0 and n; 1 value is not "
                                         "(first: 11.0 at position 0)")),
        ([-1], [10], InvalidScoreError, "(first: -1.0 at position 0)"),
        ([1, 2], [10, -3], InvalidScoreError, ("n must be finite and non-negative; 1 value is "
                                               "not (first: -3.0 at position 1)")),
        ([1], [np.inf], InvalidScoreError, "n must be finite"),
        ([True], [3], InvalidScoreError, "successes must be numbers"),
        (["a"], [3], InvalidScoreError, "successes must be numbers"),
    ],
)
def test_bad_counts_raise_templated_errors(successes: object, n: object,
                                           error: type[Exception], fragment: str) -> None:
    """Invalid counts raise the library's error naming the argument and first bad value."""
    with pytest.raises(error) as info:
        proportion_interval(successes, n)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        ({"method": "clopper"}, ("method must be one of 'wilson', 'agresti-coull', 'wald'; "
                                "got 'clopper'.")),
        ({"method": None}, "method must be one of"),
        ({"confidence": 1.0}, "confidence must be a number strictly between 0 and 1; got 1.0."),
        ({"confidence": 0}, "confidence must be a number strictly between 0 and 1; got 0."),
        ({"confidence": "0.95"}, "got '0.95'"),
        ({"confidence": True}, "got True"),
    ],
)
def test_bad_options_raise_invalid_parameter(options: dict[str, object], fragment: str) -> None:
    """A bad method or confidence raises InvalidParameterError with the template message."""
    with pytest.raises(InvalidParameterError) as info:
        proportion_interval([1], [10], **options)  # type: ignore[arg-type]
    assert fragment in str(info.value)


@settings(max_examples=60)
@given(n=st.integers(1, 5000), data=st.data(),
       method=st.sampled_from(PROPORTION_METHODS),
       confidence=st.floats(0.5, 0.999))
def test_interval_stays_in_unit_range_and_wilson_ac_contain_estimate(
    n: int, data: st.DataObject, method: str, confidence: float
) -> None:
    """Bounds lie in [0, 1], are ordered, and Wilson/Agresti-Coull contain x/n."""
    x = data.draw(st.integers(0, n))
    low, high = proportion_interval([x], [n], method=method, confidence=confidence)
    assert 0.0 <= low[0] <= high[0] <= 1.0
    if method != "wald" or 0 < x < n:
        # Wald also contains x/n, except that it collapses to the point at 0 and n.
        assert low[0] - 1e-12 <= x / n <= high[0] + 1e-12


@settings(max_examples=40)
@given(share=st.sampled_from([0.1, 0.3, 0.5, 0.8]), n=st.integers(10, 1000),
       method=st.sampled_from(PROPORTION_METHODS))
def test_interval_narrows_as_n_grows(share: float, n: int, method: str) -> None:
    """Quadrupling n at the same share gives a narrower interval."""
    low1, high1 = proportion_interval([share * n], [n], method=method)
    low4, high4 = proportion_interval([share * 4 * n], [4 * n], method=method)
    assert (high4 - low4)[0] < (high1 - low1)[0]


# ---------------------------------------------------------------- t interval

@pytest.mark.parametrize("n", [2, 5, 30, 400])
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_t_interval_matches_scipy_and_statsmodels(n: int, confidence: float) -> None:
    """Mean +- t(n-1) SE equals scipy.stats.t.interval and DescrStatsW.tconfint_mean."""
    rng = np.random.default_rng(n)
    x = rng.integers(1, 8, size=n).astype(float)
    x[0], x[-1] = 1.0, 7.0  # never constant, so the SE is positive
    se = x.std(ddof=1) / np.sqrt(n)
    low, high = t_interval([x.mean()], [se], [n], confidence=confidence)
    ref = scipy.stats.t.interval(confidence, n - 1, loc=x.mean(), scale=se)
    sm = DescrStatsW(x).tconfint_mean(alpha=1 - confidence)
    np.testing.assert_allclose([low[0], high[0]], ref, rtol=1e-12)
    np.testing.assert_allclose([low[0], high[0]], sm, rtol=1e-12)


def test_t_interval_is_nan_for_fewer_than_two_observations() -> None:
    """With n <= 1 there are no degrees of freedom, so the interval is NaN."""
    low, high = t_interval([3.0, 3.0, 4.0], [0.0, 0.0, 0.5], [0, 1, 10])
    assert np.isnan(low[:2]).all()
    assert np.isnan(high[:2]).all()
    assert np.isfinite(low[2])
    assert np.isfinite(high[2])


# ---------------------------------------------------------------- Kish n_eff

@pytest.mark.parametrize(
    "weights",
    [[1.0] * 10, [2.0] * 7, [1, 2, 3, 4], [0.5, 0.5, 3.0, 0.0, 1.25], [5.0]],
)
def test_kish_effective_n_matches_direct_formula(weights: list[float]) -> None:
    """kish_effective_n equals (sum w)^2 / sum w^2 (Kish 1965, 11.7)."""
    w = np.asarray(weights, dtype=float)
    assert kish_effective_n(weights) == pytest.approx(w.sum() ** 2 / (w**2).sum(), rel=1e-15)


def test_kish_effective_n_of_equal_weights_is_n() -> None:
    """Equal weights of any size give exactly n."""
    assert kish_effective_n([3.0] * 12) == 12.0


@pytest.mark.parametrize(
    ("weights", "error", "fragment"),
    [
        ([1, -1], InvalidScoreError, "(first: -1.0 at position 1)"),
        ([0, 0], InvalidScoreError, "weights must be positive somewhere"),
        ([], InsufficientDataError, "weights must be non-empty"),
        ([1, np.nan], InvalidScoreError, "weights must be finite and non-negative"),
    ],
)
def test_kish_effective_n_rejects_bad_weights(weights: list[float], error: type[Exception],
                                              fragment: str) -> None:
    """Negative, all-zero, empty or NaN weights raise a templated error."""
    with pytest.raises(error) as info:
        kish_effective_n(weights)
    assert fragment in str(info.value)


def test_min_reliable_n_is_documented_threshold() -> None:
    """The small-sample threshold quoted in the docs is 30."""
    assert MIN_RELIABLE_N == 30
