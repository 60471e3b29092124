"""Tests for importance-performance analysis (expectations.gaps.importance)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

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


# ------------------------------------------------------------- uncertainty
def _ratings(means: dict[str, float], n: int, seed: int, sd: float = 1.0) -> pd.DataFrame:
    """Respondent ratings (continuous) around the given attribute means."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame({k: rng.normal(m, sd, n) for k, m in means.items()})


def test_new_columns_follow_the_old_ones() -> None:
    """The uncertainty columns come after importance, performance and quadrant."""
    assert IPA_COLUMNS[:3] == ("importance", "performance", "quadrant")
    res = importance_performance(_ratings({"a": 4, "b": 2}, 40, 1),
                                 _ratings({"a": 2, "b": 4}, 40, 2), rng=0, n_resamples=200)
    frame = res.to_frame()
    assert tuple(frame.columns) == IPA_COLUMNS
    assert str(frame["settled"].dtype) == "boolean"
    assert res.resampled == ("importance", "performance")
    assert res.n_resamples == 200


def test_intervals_match_scipy_t() -> None:
    """Each mean's interval is the textbook t-interval (scipy.stats.t, computed apart)."""
    imp = _ratings({"a": 4.0, "b": 3.0, "c": 2.0}, 25, 3)
    perf = _ratings({"a": 3.0, "b": 3.5, "c": 4.0}, 25, 4)
    frame = importance_performance(imp, perf, confidence=0.9, n_resamples=50,
                                   rng=1).to_frame()
    for side, data in (("importance", imp), ("performance", perf)):
        for name in data.columns:
            x = data[name].to_numpy()
            low, high = stats.t.interval(0.9, x.size - 1, loc=x.mean(),
                                         scale=x.std(ddof=1) / np.sqrt(x.size))
            assert frame.loc[name, f"{side}_ci_low"] == pytest.approx(low, rel=1e-12)
            assert frame.loc[name, f"{side}_ci_high"] == pytest.approx(high, rel=1e-12)


def test_weighted_intervals_use_kish_n_eff() -> None:
    """Weighted: mean Σwx/Σw, reliability-weights variance, t with n_eff - 1 df."""
    imp = _ratings({"a": 4.0, "b": 2.0}, 30, 5)
    perf = _ratings({"a": 3.0, "b": 3.5}, 30, 6)
    w = np.random.default_rng(7).uniform(0.5, 2.0, 30)
    frame = importance_performance(imp, perf, weights=w, n_resamples=50, rng=0).to_frame()
    x = imp["a"].to_numpy()
    m = np.average(x, weights=w)
    n_eff = w.sum() ** 2 / (w**2).sum()
    s2 = (w * (x - m) ** 2).sum() / (w.sum() - (w**2).sum() / w.sum())
    half = stats.t.ppf(0.975, n_eff - 1) * np.sqrt(s2 / n_eff)
    assert frame.loc["a", "importance"] == pytest.approx(m, rel=1e-12)
    assert frame.loc["a", "importance_ci_low"] == pytest.approx(m - half, rel=1e-12)
    assert frame.loc["a", "importance_ci_high"] == pytest.approx(m + half, rel=1e-12)


def test_equal_weights_change_nothing() -> None:
    """Weights all equal to 3 give exactly the unweighted result."""
    imp, perf = _ratings({"a": 4, "b": 2}, 30, 8), _ratings({"a": 3, "b": 4}, 30, 9)
    a = importance_performance(imp, perf, rng=3, n_resamples=300).to_frame()
    b = importance_performance(imp, perf, weights=np.full(30, 3.0), rng=3,
                               n_resamples=300).to_frame()
    pd.testing.assert_frame_equal(a, b, rtol=1e-12)


@settings(max_examples=25)
@given(n=st.integers(2, 40), k=st.integers(1, 5), seed=st.integers(0, 2**32 - 1))
def test_probability_is_a_share(n: int, k: int, seed: int) -> None:
    """quadrant_probability lies in [0, 1] and settled says whether it reaches 0.95."""
    rng = np.random.default_rng(seed)
    imp = pd.DataFrame(rng.integers(1, 6, (n, k)), columns=[f"x{j}" for j in range(k)])
    perf = pd.DataFrame(rng.integers(1, 6, (n, k)), columns=imp.columns)
    frame = importance_performance(imp, perf, rng=seed, n_resamples=100).to_frame()
    p = frame["quadrant_probability"].to_numpy()
    assert ((p >= 0) & (p <= 1)).all()
    assert (frame["settled"].to_numpy(dtype=bool) == (p >= 0.95)).all()


def test_huge_separated_data_is_settled() -> None:
    """Thousands of respondents and attributes far from the crosshair: every quadrant settled."""
    imp = _ratings({"a": 4.5, "b": 4.5, "c": 1.5, "d": 1.5}, 5000, 10, sd=0.5)
    perf = _ratings({"a": 1.5, "b": 4.5, "c": 1.5, "d": 4.5}, 5000, 11, sd=0.5)
    res = importance_performance(imp, perf, rng=0, n_resamples=500)
    frame = res.to_frame()
    assert list(frame["quadrant"]) == list(QUADRANTS)
    assert (frame["quadrant_probability"] == 1.0).all()
    assert frame["settled"].all()


def test_identical_attributes_are_not_settled() -> None:
    """Attributes rated alike (same distribution) have no distinguishable quadrant."""
    same = {f"x{j}": 3.0 for j in range(6)}
    frame = importance_performance(_ratings(same, 200, 12), _ratings(same, 200, 13),
                                   rng=0, n_resamples=500).to_frame()
    assert not frame["settled"].any()
    assert (frame["quadrant_probability"] < 0.95).all()


def test_exact_ties_with_the_crosshair_are_never_settled() -> None:
    """Columns identical respondent by respondent tie with the crosshair: not settled."""
    imp = pd.DataFrame({"a": [1, 2, 3, 4, 5] * 8, "b": [1, 2, 3, 4, 5] * 8})
    frame = importance_performance(imp, imp, rng=0, n_resamples=200).to_frame()
    assert (frame["quadrant_probability"] == 0.0).all()
    assert not frame["settled"].any()


def test_seeded_bootstrap_is_deterministic() -> None:
    """The same seed gives the same probabilities; a Generator is used as given."""
    imp, perf = _ratings({"a": 3.1, "b": 3.0}, 60, 14), _ratings({"a": 3.0, "b": 3.2}, 60, 15)
    a = importance_performance(imp, perf, rng=42, n_resamples=300).to_frame()
    b = importance_performance(imp, perf, rng=42, n_resamples=300).to_frame()
    c = importance_performance(imp, perf, rng=np.random.default_rng(42),
                               n_resamples=300).to_frame()
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(a, c)


def test_bootstrap_matches_a_loop_over_resamples() -> None:
    """The vectorised bootstrap equals a plain loop drawing the same respondents."""
    imp, perf = _ratings({"a": 3.1, "b": 3.0, "c": 2.9}, 50, 16), \
        _ratings({"a": 3.0, "b": 3.2, "c": 3.1}, 50, 17)
    res = importance_performance(imp, perf, rng=5, n_resamples=400).to_frame()
    rng = np.random.default_rng(5)
    agree = np.zeros(3)
    est = res["quadrant"].map({q: i for i, q in enumerate(QUADRANTS)}).to_numpy()
    for _ in range(400):
        rows = rng.integers(0, 50, 50)
        i, p = imp.to_numpy()[rows].mean(axis=0), perf.to_numpy()[rows].mean(axis=0)
        hi_i, hi_p = np.isin(est, (0, 1)), np.isin(est, (1, 3))
        ok_i = np.where(hi_i, i > i.mean() + 1e-9, i < i.mean() - 1e-9)
        ok_p = np.where(hi_p, p > p.mean() + 1e-9, p < p.mean() - 1e-9)
        agree += ok_i & ok_p
    np.testing.assert_allclose(res["quadrant_probability"], agree / 400)


def test_median_crosshair_is_recomputed_in_each_resample() -> None:
    """With crosshair='median' the cut-offs move with the resample, as for the estimate."""
    imp = _ratings({"a": 4.0, "b": 3.0, "c": 2.0}, 500, 18, sd=0.3)
    perf = _ratings({"a": 2.0, "b": 3.0, "c": 4.0}, 500, 19, sd=0.3)
    res = importance_performance(imp, perf, crosshair="median", rng=0, n_resamples=300)
    frame = res.to_frame()
    # "b" is the median on both axes in every resample: it ties, so it is never settled.
    assert frame.loc["b", "quadrant_probability"] == 0.0
    assert frame.loc[["a", "c"], "settled"].all()


def test_summary_input_has_no_uncertainty() -> None:
    """Per-attribute values only: intervals and probabilities missing, with a note."""
    res = importance_performance(IMPORTANCE, PERFORMANCE)
    frame = res.to_frame()
    assert frame[["importance_ci_low", "performance_ci_high",
                  "quadrant_probability"]].isna().all().all()
    assert frame["settled"].isna().all()
    assert res.resampled == ()
    assert res.n_resamples == 0
    assert "no intervals" in res.note


def test_fixed_importance_resamples_performance_only() -> None:
    """Derived importance (a Series) is held fixed; performance ratings are resampled."""
    perf = _ratings({"price": 2.0, "delivery": 4.0, "packaging": 4.0, "app": 2.0}, 400, 20)
    res = importance_performance(IMPORTANCE, perf, rng=0, n_resamples=300)
    frame = res.to_frame()
    assert res.resampled == ("performance",)
    assert "importance held fixed" in res.note
    assert frame["importance_ci_low"].isna().all()
    assert frame["performance_ci_low"].notna().all()
    assert frame["settled"].all()


def test_uncertainty_options_are_checked() -> None:
    """Bad n_resamples, rng or weights raise the library's errors."""
    imp, perf = _ratings({"a": 4, "b": 2}, 10, 21), _ratings({"a": 2, "b": 4}, 10, 22)
    with pytest.raises(InvalidParameterError, match=r"^n_resamples must be a positive"):
        importance_performance(imp, perf, n_resamples=0)
    with pytest.raises(InvalidParameterError, match=r"^rng must be"):
        importance_performance(imp, perf, rng=-1)
    with pytest.raises(LengthMismatchError, match=r"^weights must be the same length"):
        importance_performance(imp, perf, weights=np.ones(9))
    with pytest.raises(InvalidParameterError, match=r"^weights must be given only with"):
        importance_performance(IMPORTANCE, PERFORMANCE, weights=np.ones(4))


def test_one_respondent_has_no_interval() -> None:
    """A single respondent gives a mean but no interval (no degrees of freedom)."""
    frame = importance_performance(pd.DataFrame({"a": [4], "b": [2]}),
                                   pd.DataFrame({"a": [2], "b": [4]}),
                                   rng=0, n_resamples=20).to_frame()
    assert frame["importance_ci_low"].isna().all()
    assert frame.loc["a", "quadrant"] == "concentrate here"
