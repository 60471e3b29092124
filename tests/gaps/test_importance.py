"""Tests for importance-performance analysis (expectations.gaps.importance)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from expectations.errors import (
    InvalidParameterError,
    InvalidScoreError,
    LengthMismatchError,
    SchemaError,
)
from expectations.gaps.importance import IPA_COLUMNS, QUADRANTS, importance_performance
from expectations.models.scale import Scale

IMPORTANCE = pd.Series({"price": 4.6, "delivery": 4.4, "packaging": 2.9, "app": 3.1})
PERFORMANCE = pd.Series({"price": 3.2, "delivery": 4.5, "packaging": 4.4, "app": 2.8})


def test_martilla_james_quadrants() -> None:
    """Each quadrant gets Martilla & James's (1977, Figure 1) label."""
    res = importance_performance(IMPORTANCE, PERFORMANCE)
    assert res.to_frame()["quadrant"].to_dict() == {
        "price": "concentrate here", "delivery": "keep up the good work",
        "packaging": "possible overkill", "app": "low priority"}
    assert tuple(res.to_frame().columns) == IPA_COLUMNS


@pytest.mark.parametrize(("crosshair", "expected"), [
    ("mean", (3.75, 3.725)),
    ("median", (3.75, 3.8)),
    ("scale-midpoint", (3.0, 3.0)),
    ((4.0, 4.0), (4.0, 4.0)),
])
def test_crosshair_is_reported(crosshair: object, expected: tuple[float, float]) -> None:
    """The crosshair used is reported, computed independently with numpy."""
    res = importance_performance(IMPORTANCE, PERFORMANCE, crosshair=crosshair,  # type: ignore[arg-type]
                                 scale=Scale(1, 5))
    assert (res.importance_crosshair, res.performance_crosshair) == pytest.approx(expected)


def test_crosshair_changes_labels() -> None:
    """Moving the crosshair to the scale midpoint moves 'app' out of low priority."""
    res = importance_performance(IMPORTANCE, PERFORMANCE, crosshair="scale-midpoint",
                                 scale=Scale(1, 5))
    assert res.in_quadrant("low priority") == ()
    assert "app" in res.in_quadrant("concentrate here")


def test_respondent_ratings_are_averaged() -> None:
    """A DataFrame of ratings is reduced to the mean of each attribute (column)."""
    rng = np.random.default_rng(4)
    imp = pd.DataFrame(rng.integers(1, 6, (50, 3)), columns=["a", "b", "c"])
    perf = pd.DataFrame(rng.integers(1, 6, (50, 3)), columns=["c", "a", "b"])
    res = importance_performance(imp, perf).to_frame()
    np.testing.assert_allclose(res["importance"], imp.mean())
    np.testing.assert_allclose(res["performance"], perf[["a", "b", "c"]].mean())


def test_missing_ratings_drop() -> None:
    """missing='drop' averages each attribute over its answers and counts the rest."""
    imp = pd.DataFrame({"a": [5, np.nan, 3], "b": [2, 2, 2]})
    res = importance_performance(imp, pd.Series({"a": 3.0, "b": 4.0}), missing="drop")
    assert res.n_dropped == 1
    assert res.to_frame().loc["a", "importance"] == 4.0


@settings(max_examples=50)
@given(values=st.lists(st.tuples(st.floats(1, 5), st.floats(1, 5)), min_size=1, max_size=12),
       seed=st.integers(0, 2**32 - 1))
def test_permutation_invariance(values: list[tuple[float, float]], seed: int) -> None:
    """Reordering attributes does not change any attribute's quadrant."""
    imp = pd.Series([v[0] for v in values], index=[f"x{i}" for i in range(len(values))])
    perf = pd.Series([v[1] for v in values], index=imp.index)
    order = np.random.default_rng(seed).permutation(len(values))
    a = importance_performance(imp, perf).to_frame()["quadrant"]
    b = importance_performance(imp.iloc[order], perf.iloc[order]).to_frame()["quadrant"]
    pd.testing.assert_series_equal(a, b.loc[a.index])
    assert set(a) <= set(QUADRANTS)


def test_bad_input() -> None:
    """Bad shapes, names, scale values and options raise templated errors."""
    with pytest.raises(LengthMismatchError, match=r"^performance must have one value"):
        importance_performance([1, 2, 3], [1, 2])
    with pytest.raises(SchemaError, match=r"^performance must name the same attributes"):
        importance_performance(IMPORTANCE, PERFORMANCE.rename({"app": "web"}))
    with pytest.raises(InvalidScoreError, match=r"^importance must be between 1 and 5"):
        importance_performance([1, 6], [1, 2], scale=Scale(1, 5))
    with pytest.raises(InvalidScoreError, match=r"^importance must be integers in 1\.\.5"):
        importance_performance(pd.DataFrame({"a": [1.5]}), pd.Series({"a": 2.0}),
                               scale=Scale(1, 5))
    with pytest.raises(InvalidParameterError, match=r"^scale must be given"):
        importance_performance([1, 2], [1, 2], crosshair="scale-midpoint")
    with pytest.raises(InvalidParameterError, match=r"^crosshair must be one of"):
        importance_performance([1, 2], [1, 2], crosshair="middle")
