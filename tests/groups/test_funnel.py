"""Funnel plots (Spiegelhalter 2005): control limits per group size, bands, inputs.

Reference: Spiegelhalter, D. J. (2005). Funnel plots for comparing institutional
performance. *Statistics in Medicine* 24, 1185-1202. For a proportion with target
theta0 the normal-approximation limits at size n are
theta0 +/- z_p sqrt(theta0 (1 - theta0) / n), z = 1.96 (95%) and 3.09 (99.8%).
The tests recompute them by hand with scipy's normal quantiles.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import norm

import expectations as ex
from expectations.errors import (
    InsufficientDataError,
    InvalidParameterError,
    InvalidScoreError,
    LengthMismatchError,
)
from expectations.groups import FUNNEL_BANDS, FUNNEL_COLUMNS

Z95, Z998 = norm.ppf(0.975), norm.ppf(0.999)


def _nps_data(seed: int = 0, groups: int = 12, n: int = 2000) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    keys = rng.integers(0, groups, size=n)
    scores = rng.integers(0, 11, size=n)
    return scores, keys


def test_columns_are_the_module_constant() -> None:
    """The table has exactly FUNNEL_COLUMNS, whatever the metric or options."""
    scores, keys = _nps_data()
    assert tuple(ex.funnel(scores, by=keys).columns) == FUNNEL_COLUMNS
    top = ex.funnel(scores % 5 + 1, by=keys, metric="csat", target=50.0)
    assert tuple(top.columns) == FUNNEL_COLUMNS


def test_top_box_limits_match_the_binomial_formula_by_hand() -> None:
    """CSAT limits are theta0 +/- z sqrt(theta0 (1 - theta0) / n) in percent (Spiegelhalter)."""
    # Group a: 6 of 10 satisfied; b: 10 of 40; c: 30 of 50. Pooled: 46 of 100.
    scores = [5] * 6 + [2] * 4 + [4] * 10 + [1] * 30 + [5] * 30 + [3] * 20
    keys = ["a"] * 10 + ["b"] * 40 + ["c"] * 50
    table = ex.funnel(scores, by=keys, metric="csat")
    theta0 = 0.46
    for key, n in (("a", 10), ("b", 40), ("c", 50)):
        half = math.sqrt(theta0 * (1 - theta0) / n)
        row = table.loc[key]
        assert row["target"] == pytest.approx(46.0)
        assert row["low_95"] == pytest.approx(100 * max(theta0 - Z95 * half, 0.0))
        assert row["high_95"] == pytest.approx(100 * min(theta0 + Z95 * half, 1.0))
        assert row["low_998"] == pytest.approx(100 * max(theta0 - Z998 * half, 0.0))
        assert row["high_998"] == pytest.approx(100 * min(theta0 + Z998 * half, 1.0))
    assert table["score"].tolist() == pytest.approx([60.0, 25.0, 60.0])
    # b: 25% lies below 46 - 1.96 * 7.88 = 30.6 but above 46 - 3.09 * 7.88 = 21.6.
    assert table["band"].astype(str).tolist() == ["within", "below 95%", "above 95%"]


def test_nps_limits_use_the_pooled_trinomial_variance() -> None:
    """NPS limits: pooled NPS +/- z sqrt((p + d - (p - d)^2) / n), in points (Rocks 2016)."""
    scores, keys = _nps_data(seed=1)
    table = ex.funnel(scores, by=keys)
    p, d = np.mean(scores >= 9), np.mean(scores <= 6)
    pooled = 100 * (p - d)
    variance = p + d - (p - d) ** 2
    n = np.bincount(keys)
    half = 100 * np.sqrt(variance / n)
    assert table["target"].to_numpy() == pytest.approx(np.full(n.size, pooled))
    assert table["low_95"].to_numpy() == pytest.approx(pooled - Z95 * half)
    assert table["high_998"].to_numpy() == pytest.approx(pooled + Z998 * half)
    assert table["n"].tolist() == n.tolist()
    assert table.attrs["variance"] == pytest.approx(variance)


def test_a_given_target_centres_the_limits_and_keeps_the_passive_share() -> None:
    """With target t, NPS limits use p + d = 1 - pooled passive share, p - d = t."""
    scores, keys = _nps_data(seed=2)
    table = ex.funnel(scores, by=keys, target=10.0)
    passive = np.mean((scores >= 7) & (scores <= 8))
    variance = (1 - passive) - 0.1**2
    half = 100 * np.sqrt(variance / np.bincount(keys))
    assert (table["target"] == 10.0).all()
    assert table["high_95"].to_numpy() == pytest.approx(10.0 + Z95 * half)


def test_limits_are_clipped_to_the_scale() -> None:
    """Tiny groups' limits stop at -100 and 100 for NPS (and 0..100 for shares)."""
    table = ex.funnel([10, 0, 9, 9, 10, 3, 8] * 3 + [10], by=["big"] * 21 + ["one"])
    assert table.loc["one", "low_998"] == -100.0
    assert table.loc["one", "high_998"] == 100.0
    assert (table[["low_95", "low_998"]] >= -100).all().all()


def test_bands_follow_the_limits() -> None:
    """A score beyond the 99.8% limit is 'above/below 99.8%', beyond 95% only '... 95%'."""
    scores = [10] * 90 + [0] * 10 + [10] * 50 + [0] * 50 + [10] * 10 + [0] * 90
    keys = ["high"] * 100 + ["middle"] * 100 + ["low"] * 100
    table = ex.funnel(scores, by=keys)
    assert table["band"].astype(str).to_dict() == {
        "high": "above 99.8%", "low": "below 99.8%", "middle": "within"}
    assert list(table["band"].cat.categories) == list(FUNNEL_BANDS)
    assert table["band"].cat.ordered


def test_groups_on_target_fall_outside_the_95_limits_about_one_time_in_twenty() -> None:
    """Simulated groups all on target: about 5% outside the 95% limits, 0.2% outside 99.8%."""
    rng = np.random.default_rng(20)
    n_groups, size = 4000, 300
    keys = np.repeat(np.arange(n_groups), size)
    scores = rng.choice(np.arange(11), size=keys.size,
                        p=[0.05] * 7 + [0.1, 0.1] + [0.2, 0.25])
    table = ex.funnel(scores, by=keys)
    outside_95 = np.mean(table["band"].astype(str) != "within")
    outside_998 = np.mean(table["band"].astype(str).str.endswith("99.8%"))
    assert 0.035 < outside_95 < 0.065
    assert outside_998 < 0.01


def test_weights_use_kish_effective_n() -> None:
    """With weights, the score is weighted and the limits sit at n_eff = (sum w)^2 / sum w^2."""
    scores = np.array([10, 0, 9, 5] * 25 + [10, 8] * 50)
    keys = np.array(["a"] * 100 + ["b"] * 100)
    weights = np.where(np.arange(200) % 3 == 0, 3.0, 1.0)
    table = ex.funnel(scores, by=keys, weights=weights)
    nps = ex.nps(scores, by=keys, weights=weights, ci=None)
    assert table["score"].to_numpy() == pytest.approx(nps["score"].to_numpy())
    half_95 = table["high_95"] - table["target"]
    implied = table.attrs["variance"] * (Z95 * 100 / half_95) ** 2
    assert implied.to_numpy() == pytest.approx(nps["n_effective"].to_numpy())
    assert table["n"].tolist() == [100, 100]


@given(st.lists(st.integers(0, 10), min_size=5, max_size=60), st.randoms())
def test_all_ones_weights_and_row_order_change_nothing(answers: list[int], random) -> None:  # type: ignore[no-untyped-def]
    """Weights of 1 equal no weights; shuffling the rows gives the same table."""
    keys = [f"g{i % 4}" for i in range(len(answers))]
    plain = ex.funnel(answers, by=keys)
    pd.testing.assert_frame_equal(plain, ex.funnel(answers, by=keys, weights=[1.0] * len(keys)))
    order = list(range(len(answers)))
    random.shuffle(order)
    shuffled = ex.funnel([answers[i] for i in order], by=[keys[i] for i in order])
    pd.testing.assert_frame_equal(plain, shuffled)


def test_top_box_and_ces_metrics() -> None:
    """metric='top_box' needs a scale; 'ces' counts 5-7 on 1-7 like ces()."""
    rng = np.random.default_rng(5)
    answers, keys = rng.integers(1, 8, 500), rng.choice(list("xyz"), 500)
    table = ex.funnel(answers, by=keys, metric="ces")
    assert table["score"].to_numpy() == pytest.approx(ex.ces(answers, by=keys)["score"].to_numpy())
    box = ex.funnel(answers, by=keys, metric="top_box", scale=ex.Scale(1, 7), top=3)
    pd.testing.assert_frame_equal(table, box)
    with pytest.raises(InvalidParameterError, match="scale"):
        ex.funnel(answers, by=keys, metric="top_box")
    with pytest.raises(InvalidParameterError, match="scale"):
        ex.funnel(answers, by=keys, metric="ces", scale=ex.Scale(1, 5))


def test_missing_answers_and_keys_are_dropped_and_counted() -> None:
    """missing='drop' leaves out blank answers and keys and reports both counts."""
    scores = pd.Series([10, None, 9, 3, 7, 10, 0, 8], dtype="Int64")
    keys = ["a", "a", None, "b", "b", "a", "b", "a"]
    table = ex.funnel(scores, by=keys, missing="drop")
    assert table.attrs["n_dropped"] == 1
    assert table.attrs["n_dropped_keys"] == 1
    assert table["n"].to_dict() == {"a": 3, "b": 3}
    with pytest.raises(InvalidScoreError, match="scores"):
        ex.funnel(scores, by=keys)


@pytest.mark.parametrize(("kwargs", "error", "word"), [
    ({"metric": "median"}, InvalidParameterError, "metric"),
    ({"target": 150.0}, InvalidParameterError, "target"),
    ({"target": "high"}, InvalidParameterError, "target"),
    ({"scale": ex.Scale(0, 10)}, InvalidParameterError, "scale"),
    ({"top": 2}, InvalidParameterError, "top"),
    ({"by": None}, InvalidParameterError, "by"),
    ({"by": ["a", "b"]}, LengthMismatchError, "by"),
    ({"weights": [1.0, -1.0, 1.0, 1.0]}, InvalidScoreError, "weights"),
])
def test_bad_options_raise_library_errors_naming_the_argument(
        kwargs: dict[str, object], error: type[Exception], word: str) -> None:
    """Every bad option raises the library's error, naming the argument."""
    call: dict[str, object] = {"by": ["a", "a", "b", "b"], **kwargs}
    with pytest.raises(error, match=word):
        ex.funnel([10, 9, 0, 7], **call)  # type: ignore[arg-type]


def test_no_answers_is_an_error() -> None:
    """All answers missing: InsufficientDataError, not an empty table."""
    with pytest.raises(InsufficientDataError):
        ex.funnel([None, None], by=["a", "b"], missing="drop")


def test_labelled_inputs_pair_by_label() -> None:
    """Series arguments are aligned by their index, as everywhere in the library."""
    scores = pd.Series([10, 0, 9, 3], index=[1, 2, 3, 4])
    keys = pd.Series(["a", "b", "a", "b"], index=[1, 2, 3, 4])
    shuffled = keys.iloc[[3, 1, 0, 2]]
    pd.testing.assert_frame_equal(ex.funnel(scores, by=keys), ex.funnel(scores, by=shuffled))


@pytest.mark.parametrize("seed", [52, 64, 80, 86, 134])
def test_a_group_at_the_end_of_the_scale_is_not_beyond_a_limit_clipped_there(seed: int) -> None:
    """An all-detractor group is never 'below' a lower limit clipped to -100.

    Found by the row-order invariance property: with uneven weights, a small
    group of detractors scored -100.00000000000001 in one row order and fell
    'below 99.8%' of a limit clipped to -100, 'within' in another. These seeds
    gave 'below 99.8%' before the score was clipped to the scale.
    """
    rng = np.random.default_rng(seed)
    k = int(rng.integers(2, 9))
    scores = [0] * k + [0] * 35 + [10] * 15
    by = ["small"] * k + ["big"] * 50
    weights = rng.uniform(0.1, 3.0, size=len(scores))
    table = ex.funnel(scores, by=by, weights=weights)
    small = table.loc["small"]
    assert small["score"] == pytest.approx(-100.0, abs=1e-9)
    assert small["score"] >= -100.0
    assert small["low_998"] == -100.0
    assert small["band"] != "below 99.8%"
