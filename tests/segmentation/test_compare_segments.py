"""Comparing each segment with the rest, and multiple-testing adjustment.

Independent references:

- ``statsmodels.stats.multitest.multipletests`` (methods ``"holm"`` and
  ``"fdr_bh"``) for the adjusted p-values (Holm 1979; Benjamini & Hochberg 1995).
- ``statsmodels.stats.proportion.proportions_ztest`` (pooled two-proportion
  z-test) and ``proportion_confint(method="wilson")`` for CSAT/CES.
- ``scipy.stats.ttest_ind(equal_var=False)`` (Welch) and ``scipy.stats.t.interval``
  for the mean.
- For NPS, the difference test of Rocks (2016) as implemented and separately
  verified in :func:`expectations.compare_nps`, applied to each segment and its rest.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from expectations.datasets import load_retail
from expectations.errors import (
    InsufficientDataError,
    InvalidParameterError,
    InvalidScoreError,
    LengthMismatchError,
    SmallSampleWarning,
)
from expectations.scoring.compare import compare_nps
from expectations.scoring.nps import nps
from expectations.segmentation import (
    COMPARE_SEGMENTS_COLUMNS,
    METRICS,
    adjust_p_values,
    compare_segments,
)

STATSMODELS = {"holm": "holm", "bh": "fdr_bh"}


def _survey(metric: str, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    n = 900
    segments = rng.choice(["a", "b", "c", "d"], size=n, p=[0.4, 0.3, 0.2, 0.1])
    shift = pd.Series(segments).map({"a": 0, "b": 1, "c": -1, "d": 0}).to_numpy()
    if metric == "nps":
        scores = np.clip(rng.integers(3, 11, size=n) + shift, 0, 10)
    elif metric == "csat":
        scores = np.clip(rng.integers(1, 6, size=n) + shift, 1, 5)
    elif metric == "ces":
        scores = np.clip(rng.integers(1, 8, size=n) + shift, 1, 7)
    else:
        scores = rng.normal(50 + 3 * shift, 10, size=n)
    return scores, segments


# ---------------------------------------------------------------- adjusted p-values

@pytest.mark.parametrize("method", ["holm", "bh"])
@pytest.mark.parametrize("seed", range(6))
def test_adjust_p_values_matches_statsmodels_multipletests(method: str, seed: int) -> None:
    """Holm and BH adjusted p-values equal statsmodels' multipletests."""
    rng = np.random.default_rng(seed)
    p = np.concatenate([rng.uniform(0, 0.05, 5), rng.uniform(0, 1, 12), [0.02, 0.02, 1.0]])
    rng.shuffle(p)
    expected = multipletests(p, method=STATSMODELS[method])[1]
    np.testing.assert_allclose(adjust_p_values(p, method), expected, rtol=1e-12, atol=1e-15)


@given(p=st.lists(st.floats(0, 1), min_size=1, max_size=30),
       method=st.sampled_from(["holm", "bh"]))
@settings(max_examples=60)
def test_adjust_p_values_property_against_statsmodels(p: list[float], method: str) -> None:
    """For any p-values, the adjustment equals statsmodels' and never lowers a p-value."""
    ours = adjust_p_values(p, method)
    np.testing.assert_allclose(ours, multipletests(p, method=STATSMODELS[method])[1],
                               rtol=1e-12, atol=1e-15)
    assert np.all(ours >= np.asarray(p) - 1e-15)
    assert np.all(ours <= 1.0)


def test_nan_p_values_are_left_out_of_the_adjustment() -> None:
    """NaN p-values stay NaN and do not count as tests."""
    out = adjust_p_values([0.01, np.nan, 0.04], "holm")
    np.testing.assert_allclose(out, [0.02, np.nan, 0.04])
    assert adjust_p_values([0.3, 0.1], None).tolist() == [0.3, 0.1]


@pytest.mark.parametrize(("p", "method", "error", "message"), [
    ([0.1, 1.5], "holm", InvalidScoreError, (r"p_values must be in \[0, 1\]; 1 value is not "
     r"\(first: 1.5 at position 1\)")),
    ([0.1], "bonferroni", InvalidParameterError, "correction must be one of"),
])
def test_adjust_p_values_bad_input(p: list[float], method: str, error: type[Exception],
                                   message: str) -> None:
    """p-values outside [0, 1] and unknown corrections are refused."""
    with pytest.raises(error, match=message):
        adjust_p_values(p, method)


# ---------------------------------------------------------------- compare_segments

@pytest.mark.parametrize("metric", METRICS)
def test_columns_are_constant_whatever_the_metric(metric: str) -> None:
    """The output columns are COMPARE_SEGMENTS_COLUMNS for every metric."""
    scores, segments = _survey(metric)
    table = compare_segments(scores, segments, metric=metric)
    assert tuple(table.columns) == COMPARE_SEGMENTS_COLUMNS
    assert list(table.index) == ["a", "b", "c", "d"]
    assert (table["n"] + table["rest_n"] == len(scores)).all()


def test_nps_rows_equal_compare_nps_of_segment_against_rest() -> None:
    """Each NPS row is compare_nps(segment, rest), and nps() of the segment with its interval."""
    scores, segments = _survey("nps")
    table = compare_segments(scores, segments, metric="nps")
    for key in table.index:
        inside, outside = scores[segments == key], scores[segments != key]
        reference = compare_nps(inside, outside)
        row = table.loc[key]
        assert row["difference"] == pytest.approx(reference.difference)
        assert row["std_error"] == pytest.approx(reference.std_error)
        assert row["statistic"] == pytest.approx(reference.z)
        assert row["p_value"] == pytest.approx(reference.p_value)
        alone = nps(inside, ci="adjusted-wald")
        assert row["score"] == pytest.approx(alone.score)
        assert alone.interval is not None
        assert row["ci_low"] == pytest.approx(alone.interval.low)
        assert row["ci_high"] == pytest.approx(alone.interval.high)


@pytest.mark.parametrize(("metric", "top_from"), [("csat", 4), ("ces", 5)])
def test_top_box_rows_match_statsmodels_ztest_and_wilson(metric: str, top_from: int) -> None:
    """Share tests equal statsmodels' pooled proportions_ztest; intervals its Wilson CI."""
    scores, segments = _survey(metric, seed=3)
    table = compare_segments(scores, segments, metric=metric, confidence=0.9)
    for key in table.index:
        hits = np.array([np.sum(scores[segments == key] >= top_from),
                         np.sum(scores[segments != key] >= top_from)])
        sizes = np.array([np.sum(segments == key), np.sum(segments != key)])
        z, p = proportions_ztest(hits, sizes)
        low, high = proportion_confint(hits[0], sizes[0], alpha=0.1, method="wilson")
        row = table.loc[key]
        assert row["statistic"] == pytest.approx(z)
        assert row["p_value"] == pytest.approx(p)
        assert row["score"] == pytest.approx(100 * hits[0] / sizes[0])
        assert row["ci_low"] == pytest.approx(100 * low)
        assert row["ci_high"] == pytest.approx(100 * high)


def test_mean_rows_match_scipy_welch_ttest_and_t_interval() -> None:
    """Mean tests equal scipy's Welch t-test; intervals scipy's t.interval."""
    scores, segments = _survey("mean", seed=5)
    table = compare_segments(scores, segments, metric="mean")
    for key in table.index:
        inside, outside = scores[segments == key], scores[segments != key]
        test = scipy.stats.ttest_ind(inside, outside, equal_var=False)
        low, high = scipy.stats.t.interval(0.95, inside.size - 1, loc=inside.mean(),
                                           scale=scipy.stats.sem(inside))
        row = table.loc[key]
        assert row["statistic"] == pytest.approx(test.statistic, rel=1e-9)
        assert row["p_value"] == pytest.approx(test.pvalue, rel=1e-9)
        assert row["difference"] == pytest.approx(inside.mean() - outside.mean())
        assert row["ci_low"] == pytest.approx(low, rel=1e-9)
        assert row["ci_high"] == pytest.approx(high, rel=1e-9)


@pytest.mark.parametrize("correction", ["holm", "bh", None])
def test_adjusted_column_and_flag_follow_the_correction(correction: str | None) -> None:
    """p_adjusted is multipletests' adjustment of p_value; significant is p_adjusted < alpha."""
    scores, segments = _survey("csat", seed=8)
    table = compare_segments(scores, segments, metric="csat", correction=correction,
                             confidence=0.9)
    expected = table["p_value"].to_numpy() if correction is None else multipletests(
        table["p_value"], method=STATSMODELS[correction])[1]
    np.testing.assert_allclose(table["p_adjusted"], expected, rtol=1e-12)
    assert table["significant"].tolist() == (expected < 0.1).tolist()


def test_one_segment_only_gives_nan_tests() -> None:
    """A segment holding every row has no rest: NaN statistics, not significant."""
    table = compare_segments([9, 10, 3, 7], ["all"] * 4)
    assert table["rest_n"].tolist() == [0]
    assert np.isnan(table.loc["all", "p_value"])
    assert np.isnan(table.loc["all", "p_adjusted"])
    assert not table.loc["all", "significant"]


def test_demo_responses_by_segment() -> None:
    """On the demo responses, NPS by customer segment runs with missing answers dropped."""
    responses = load_retail().responses
    table = compare_segments(responses["nps"], responses["segment"], missing="drop")
    assert table["n"].sum() == responses["nps"].notna().sum()
    assert set(table.index) == set(responses["segment"].cat.categories)


def test_drop_counts_missing_scores_and_keys_apart() -> None:
    """missing="drop" counts missing scores in attrs n_dropped, missing keys in n_dropped_keys."""
    scores = [10, 9, None, 3, 8, None, 7, 0]
    keys = ["a", "a", "a", "b", "b", None, "b", None]
    with pytest.warns(SmallSampleWarning, match="compare_segments: 2 of 2 comparisons"):
        table = compare_segments(scores, keys, missing="drop")
    with pytest.warns(SmallSampleWarning):
        alone = compare_segments([10, 9, 3, 8, 7], ["a", "a", "b", "b", "b"])
    assert (table.attrs["n_dropped"], table.attrs["n_dropped_keys"]) == (1, 2)
    pd.testing.assert_frame_equal(table, alone)


@pytest.mark.parametrize(
    ("scores", "by", "kwargs", "error", "message"),
    [
        ([9, 11], ["a", "b"], {}, InvalidScoreError,
         (r"scores must be integers in 0..10 for NPS; 1 value is not \(first: 11.0 at "
         r"position 1\)")),
        ([5, 6], ["a", "b"], {"metric": "csat"}, InvalidScoreError,
         "scores must be integers in 1..5 for CSAT"),
        ([9, np.nan], ["a", "b"], {}, InvalidScoreError, "scores must be present"),
        ([1.0, np.inf], ["a", "b"], {"metric": "mean"}, InvalidScoreError,
         "scores must be finite numbers"),
        ([9, 9], ["a"], {}, LengthMismatchError, "by must be the same length"),
        ([9, 9], ["a", "b"], {"metric": "median"}, InvalidParameterError,
         "metric must be one of"),
        ([9, 9], ["a", "b"], {"correction": "bonferroni"}, InvalidParameterError,
         "correction must be one of"),
        ([9, 9], ["a", "b"], {"confidence": 95}, InvalidParameterError,
         "confidence must be a number strictly between 0 and 1"),
        ([np.nan], ["a"], {"missing": "drop"}, InsufficientDataError,
         "scores must be non-empty"),
    ],
)
def test_bad_input_raises(scores: list[float], by: list[str], kwargs: dict[str, object],
                          error: type[Exception], message: str) -> None:
    """Off-scale, missing or infinite scores, misaligned keys and bad options raise."""
    with pytest.raises(error, match=message):
        compare_segments(scores, by, **kwargs)  # type: ignore[arg-type]


def test_mean_metric_with_an_empty_segment_matches_welch_for_the_others() -> None:
    """A segment emptied by missing="drop" leaves the other segments' Welch tests intact.

    Reference: scipy.stats.ttest_ind(equal_var=False), each segment against the rest.
    """
    rng = np.random.default_rng(7)
    x = rng.normal(5, 2, 300)
    g = rng.choice(list("abcd"), 300)
    x[g == "d"] = np.nan
    out = compare_segments(x, g, metric="mean", missing="drop", correction=None)
    for segment in "abc":
        rest = x[(g != segment) & ~np.isnan(x)]
        expected = scipy.stats.ttest_ind(x[g == segment], rest, equal_var=False)
        assert out.loc[segment, "statistic"] == pytest.approx(expected.statistic, rel=1e-12)
        assert out.loc[segment, "p_value"] == pytest.approx(expected.pvalue, rel=1e-10)
    assert np.isnan(out.loc["d", "p_value"])
