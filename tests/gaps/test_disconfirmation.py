"""Tests for expectation-disconfirmation (expectations.gaps.disconfirmation)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from expectations.errors import InvalidParameterError, InvalidScoreError, LengthMismatchError
from expectations.gaps.disconfirmation import DISCONFIRMATION_COLUMNS, disconfirmation
from expectations.models.scale import Scale


def _data(seed: int, n: int = 200) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"e": rng.integers(1, 8, n), "p": rng.integers(1, 8, n),
                         "g": rng.choice(["a", "b"], n)})


def test_against_independent_computation() -> None:
    """Shares follow Oliver's (1980) definition, computed independently with pandas."""
    df = _data(1)
    res = disconfirmation(df["e"], df["p"], tolerance=1)
    d = df["p"] - df["e"]
    assert res.positive == pytest.approx(100 * (d > 1).mean())
    assert res.confirmed == pytest.approx(100 * (d.abs() <= 1).mean())
    assert res.negative == pytest.approx(100 * (d < -1).mean())
    assert res.mean == pytest.approx(d.mean())
    low, high = stats.t.interval(0.95, len(d) - 1, loc=d.mean(), scale=stats.sem(d))
    assert (res.interval.low, res.interval.high) == pytest.approx((low, high), rel=1e-10)
    count = int((d > 1).sum())
    wl, wh = proportion_confint(count, len(d), method="wilson")
    assert (res.positive_interval.low, res.positive_interval.high) == pytest.approx(
        (100 * wl, 100 * wh), rel=1e-10)


def test_decimal_rounding_stays_confirmed() -> None:
    """3.3 - 3.1 counts as within a 0.2 tolerance despite binary rounding."""
    assert disconfirmation([3.1], [3.3], tolerance=0.2).confirmed == 100.0


def test_by_schema_and_subset() -> None:
    """by= gives DISCONFIRMATION_COLUMNS and each row equals the subset's result."""
    df = _data(2, 80)
    out = disconfirmation(df["e"], df["p"], by=df["g"])
    assert tuple(out.columns) == DISCONFIRMATION_COLUMNS
    for g in out.index:
        sub = df[df["g"] == g]
        alone = disconfirmation(sub["e"], sub["p"]).to_frame().iloc[0]
        pd.testing.assert_series_equal(out.loc[g], alone, check_names=False, check_dtype=False)


@settings(max_examples=60)
@given(pairs=st.lists(st.tuples(st.integers(1, 7), st.integers(1, 7)), min_size=1,
                      max_size=50), tolerance=st.sampled_from([0, 0.5, 1, 2]))
def test_shares_sum_to_100(pairs: list[tuple[int, int]], tolerance: float) -> None:
    """Positive, confirmed and negative shares are bounded and sum to 100."""
    e, p = zip(*pairs, strict=True)
    res = disconfirmation(list(e), list(p), tolerance=tolerance)
    shares = (res.positive, res.confirmed, res.negative)
    assert sum(shares) == pytest.approx(100.0)
    assert all(0 <= s <= 100 for s in shares)


@settings(max_examples=40)
@given(pairs=st.lists(st.tuples(st.integers(1, 7), st.integers(1, 7)), min_size=2,
                      max_size=40), seed=st.integers(0, 2**32 - 1))
def test_permutation_invariance(pairs: list[tuple[int, int]], seed: int) -> None:
    """Shuffling responses changes nothing."""
    e, p = (np.asarray(x, dtype=float) for x in zip(*pairs, strict=True))
    order = np.random.default_rng(seed).permutation(e.size)
    pd.testing.assert_frame_equal(disconfirmation(e, p).to_frame(),
                                  disconfirmation(e[order], p[order]).to_frame(), rtol=1e-12)


def test_bad_input() -> None:
    """Misaligned columns, off-scale values and negative tolerance raise templated errors."""
    with pytest.raises(LengthMismatchError, match=r"^perceived must be the same length"):
        disconfirmation([1, 2], [1])
    with pytest.raises(InvalidScoreError, match=r"^perceived must be integers in 1\.\.7"):
        disconfirmation([1, 2], [1, 8], scale=Scale(1, 7))
    with pytest.raises(InvalidParameterError, match=r"^tolerance must be a finite number"):
        disconfirmation([1, 2], [1, 2], tolerance=-1)


def test_missing_drop_counts() -> None:
    """missing='drop' drops and counts missing pairs."""
    res = disconfirmation([1, None, 3], [2, 2, 3], missing="drop")
    assert (res.n, res.n_dropped) == (2, 1)
