"""League tables: empirical-Bayes shrinkage, distinct ranks and rank intervals.

The references:

- Efron, B. & Morris, C. (1975). Data analysis using Stein's estimator and its
  generalizations. *JASA* 70, 311-319: the shrunk estimate mu + (1 - B)(y - mu),
  B = s^2 / (s^2 + tau^2).
- DerSimonian, R. & Laird, N. (1986). Meta-analysis in clinical trials.
  *Controlled Clinical Trials* 7, 177-188: the method-of-moments tau^2, checked
  against ``statsmodels.stats.meta_analysis.combine_effects(method_re="dl")``.
- Goldstein, H. & Spiegelhalter, D. J. (1996). League tables and their
  limitations. *JRSS A* 159, 385-443: intervals for ranks by simulation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.meta_analysis import combine_effects

import expectations as ex
from expectations.errors import InvalidParameterError
from expectations.groups import LEAGUE_COLUMNS
from expectations.groups._tallies import tallies_from_counts
from expectations.groups.league import rank_intervals, ranks, shrink


def _answers(counts: dict[str, tuple[int, int, int]]) -> tuple[list[int], list[str]]:
    """Answers and keys from (detractors, passives, promoters) per group."""
    scores: list[int] = []
    keys: list[str] = []
    for key, (d, q, p) in counts.items():
        scores += [3] * d + [7] * q + [10] * p
        keys += [key] * (d + q + p)
    return scores, keys


def test_columns_are_the_module_constant_and_rows_are_in_rank_order() -> None:
    """The table has exactly LEAGUE_COLUMNS and is sorted by rank 1..k."""
    scores, keys = _answers({"a": (5, 5, 10), "b": (10, 5, 5), "c": (2, 3, 15)})
    table = ex.league_table(scores, by=keys, rng=0)
    assert tuple(table.columns) == LEAGUE_COLUMNS
    assert table["rank"].tolist() == [1, 2, 3]


def test_shrinkage_matches_a_hand_computation() -> None:
    """Two groups of 40 at NPS +50 and -50: tau^2 = 4750 and shrunk = +/-47.5 (Efron & Morris).

    Pooled NPS 0 with p + d = 1, so V = 1 (10^4 points^2) and s^2 = 10^4 / 40 = 250;
    Q = 2 * 50^2 / 250 = 20, c = 2/250 - (2/250^2)/(2/250) = 1/250,
    tau^2 = (20 - 1) * 250 = 4750, B = 250 / 5000 = 0.05, shrunk = 0.95 * 50.
    """
    scores, keys = _answers({"a": (10, 0, 30), "b": (30, 0, 10)})
    table = ex.league_table(scores, by=keys, rng=0)
    assert table.loc["a", "shrunk"] == pytest.approx(47.5)
    assert table.loc["b", "shrunk"] == pytest.approx(-47.5)
    assert table.attrs["between_variance"] == pytest.approx(4750.0)
    assert table.attrs["pooled_score"] == pytest.approx(0.0)


def test_between_group_variance_matches_statsmodels_dersimonian_laird() -> None:
    """tau^2 equals statsmodels' DerSimonian-Laird estimate on the same scores and variances."""
    counts = {"a": (20, 30, 50), "b": (8, 4, 8), "c": (60, 100, 140), "d": (3, 1, 6),
              "e": (40, 20, 40)}
    scores, keys = _answers(counts)
    table = ex.league_table(scores, by=keys, rng=0).sort_index()
    arr = np.array(list(counts.values()), dtype=float)
    n = arr.sum(axis=1)
    p_all, d_all = arr[:, 2].sum() / n.sum(), arr[:, 0].sum() / n.sum()
    variance = 1e4 * (p_all + d_all - (p_all - d_all) ** 2)
    raw = 100 * (arr[:, 2] - arr[:, 0]) / n
    reference = combine_effects(raw, variance / n, method_re="dl")
    assert table.attrs["between_variance"] == pytest.approx(reference.tau2)
    pooled = 100 * (p_all - d_all)
    b = (variance / n) / (variance / n + reference.tau2)
    assert table["shrunk"].to_numpy() == pytest.approx(pooled + (1 - b) * (raw - pooled))


@st.composite
def _group_counts(draw: st.DrawFn) -> dict[str, tuple[int, int, int]]:
    k = draw(st.integers(2, 6))
    cell = st.integers(0, 40)
    out = {}
    for i in range(k):
        d, q, p = draw(cell), draw(cell), draw(cell)
        out[f"g{i}"] = (d, q, p + (1 if d + q + p == 0 else 0))
    return out


@given(_group_counts())
def test_shrunk_scores_lie_between_raw_and_pooled(counts: dict[str, tuple[int, int, int]]) -> None:
    """Every shrunk score lies between the group's raw score and the pooled score."""
    scores, keys = _answers(counts)
    table = ex.league_table(scores, by=keys, n_resamples=20, rng=0)
    pooled = table.attrs["pooled_score"]
    low = np.minimum(table["score"], pooled) - 1e-9
    high = np.maximum(table["score"], pooled) + 1e-9
    assert ((table["shrunk"] >= low) & (table["shrunk"] <= high)).all()


@given(st.integers(1, 20), st.integers(2, 8), st.integers(0, 10))
def test_small_groups_move_more_than_large_ones(small: int, factor: int, lift: int) -> None:
    """Two groups with the same raw score: the smaller one is pulled nearer the pooled score."""
    groups = {"small": (small, 0, small + lift), "large": (small * factor, 0,
                                                          (small + lift) * factor),
              "rest": (60, 20, 20), "other": (30, 20, 50)}
    scores, keys = _answers(groups)
    table = ex.league_table(scores, by=keys, n_resamples=20, rng=0)
    pooled = table.attrs["pooled_score"]
    moved = (table["score"] - table["shrunk"]).abs()
    assert table.loc["small", "score"] == pytest.approx(table.loc["large", "score"])
    assert moved["small"] >= moved["large"] - 1e-9
    if table.attrs["between_variance"] > 0 and table.loc["small", "score"] != pooled:
        assert moved["small"] > moved["large"]


@settings(max_examples=15)
@given(st.integers(3, 8), st.integers(0, 10_000))
def test_huge_well_separated_groups_have_certain_ranks(k: int, seed: int) -> None:
    """With 10^5 answers per group and scores 20 points apart, each rank interval is the rank."""
    rng = np.random.default_rng(seed)
    levels = rng.permutation(k)
    # Promoter share 0.1 + 0.1 * level, no passives: NPS steps of 20 points.
    counts = np.array([[100_000 * (0.9 - 0.1 * lv), 0, 100_000 * (0.1 + 0.1 * lv)]
                       for lv in levels])
    tallies = tallies_from_counts(pd.Index([f"g{i}" for i in range(k)]), counts)
    shrunk, posterior, _, tau2 = shrink(tallies)
    assert tau2 > 0
    rank = ranks(shrunk, tallies.n)
    low, high = rank_intervals(shrunk, posterior, confidence=0.95, n_resamples=200,
                               rng=np.random.default_rng(seed))
    assert low.tolist() == rank.tolist() == high.tolist()
    assert rank.tolist() == (k - levels).tolist()


@given(_group_counts(), st.randoms())
def test_row_order_and_unit_weights_do_not_change_the_table(
        counts: dict[str, tuple[int, int, int]], random) -> None:  # type: ignore[no-untyped-def]
    """Shuffled rows, or weights of 1, give the same table with the same seed."""
    scores, keys = _answers(counts)
    table = ex.league_table(scores, by=keys, n_resamples=50, rng=3)
    order = list(range(len(scores)))
    random.shuffle(order)
    shuffled = ex.league_table([scores[i] for i in order], by=[keys[i] for i in order],
                               n_resamples=50, rng=3)
    pd.testing.assert_frame_equal(table, shuffled)
    weighted = ex.league_table(scores, by=keys, weights=[1.0] * len(scores), n_resamples=50,
                               rng=3)
    pd.testing.assert_frame_equal(table, weighted)


@given(_group_counts())
def test_ranks_are_distinct_and_intervals_hold_them(
        counts: dict[str, tuple[int, int, int]]) -> None:
    """Ranks are 1..k once each, and rank_low <= rank <= rank_high."""
    scores, keys = _answers(counts)
    table = ex.league_table(scores, by=keys, n_resamples=40, rng=1)
    k = len(table)
    assert sorted(table["rank"]) == list(range(1, k + 1))
    assert (table["rank_low"] <= table["rank"]).all()
    assert (table["rank"] <= table["rank_high"]).all()
    assert table["rank_low"].min() >= 1
    assert table["rank_high"].max() <= k


def test_ties_go_to_the_larger_group_then_the_label() -> None:
    """Equal shrunk scores: the larger n ranks first, then the earlier label."""
    assert ranks(np.array([1.0, 1.0, 1.0, 2.0]), np.array([5, 9, 5, 1])).tolist() == [3, 2, 4, 1]


def test_indistinguishable_groups_get_full_rank_intervals() -> None:
    """When tau^2 = 0 every group shrinks to the pooled score and every rank is 1..k."""
    scores, keys = _answers({"a": (10, 10, 10), "b": (11, 9, 10), "c": (10, 9, 11)})
    table = ex.league_table(scores, by=keys, rng=0)
    assert table.attrs["between_variance"] == 0.0
    assert table["shrunk"].to_numpy() == pytest.approx(np.full(3, table.attrs["pooled_score"]))
    assert table["rank_low"].tolist() == [1, 1, 1]
    assert table["rank_high"].tolist() == [3, 3, 3]


@pytest.mark.filterwarnings("ignore::expectations.errors.SmallSampleWarning")
def test_small_extreme_groups_no_longer_top_the_table() -> None:
    """Raw NPS puts a 5-answer group first; shrunk, a large good group ranks above it."""
    scores, keys = _answers({"tiny": (0, 0, 5), "big": (100, 100, 300), "mid": (100, 100, 200),
                             "low": (120, 100, 180), "other": (110, 100, 190)})
    raw_best = ex.nps(scores, by=keys, ci=None)["score"].idxmax()
    table = ex.league_table(scores, by=keys, rng=0)
    assert raw_best == "tiny"
    assert table.index[0] == "big"
    assert table.loc["tiny", "rank_high"] - table.loc["tiny", "rank_low"] >= 1


def test_the_same_seed_gives_the_same_table_and_a_generator_is_advanced() -> None:
    """rng= makes the rank intervals reproducible; one Generator gives fresh draws."""
    rng = np.random.default_rng(0)
    scores = rng.integers(0, 11, 400)
    keys = rng.choice(list("abcdefghij"), 400)
    first = ex.league_table(scores, by=keys, n_resamples=30, rng=5)
    pd.testing.assert_frame_equal(first, ex.league_table(scores, by=keys, n_resamples=30, rng=5))
    generator = np.random.default_rng(9)
    draws = [ex.league_table(scores, by=keys, n_resamples=7, rng=generator) for _ in range(4)]
    assert any(not draws[0].equals(d) for d in draws[1:])


def test_rank_intervals_are_bounded_in_memory_by_blocks() -> None:
    """Many groups and resamples go through in blocks; results stay ranks in 1..k."""
    k = 3000
    mean = np.linspace(-50, 50, k)
    low, high = rank_intervals(mean, np.full(k, 25.0), confidence=0.9, n_resamples=1500,
                               rng=np.random.default_rng(1))
    assert low.min() >= 1
    assert high.max() <= k
    assert (low <= high).all()
    # The best mean ranks near the top, the worst near the bottom, the middle around k/2.
    assert high[-1] < low[0]
    assert low[k // 2] < k // 2 < high[k // 2]


@pytest.mark.parametrize(("kwargs", "word"), [
    ({"n_resamples": 0}, "n_resamples"),
    ({"n_resamples": 2.5}, "n_resamples"),
    ({"confidence": 1.5}, "confidence"),
    ({"rng": "seed"}, "rng"),
    ({"metric": "mean"}, "metric"),
])
def test_bad_options_raise_library_errors_naming_the_argument(kwargs: dict[str, object],
                                                              word: str) -> None:
    """Bad options raise InvalidParameterError naming the argument."""
    with pytest.raises(InvalidParameterError, match=word):
        ex.league_table([10, 9, 0, 7], by=["a", "a", "b", "b"], **kwargs)  # type: ignore[arg-type]


def test_top_box_league() -> None:
    """metric='csat' ranks top-2-box shares with the binomial variance."""
    answers = [5, 4, 3, 2] * 30 + [5, 5, 4, 1] * 30 + [1, 2, 3, 4] * 30
    keys = ["a"] * 120 + ["b"] * 120 + ["c"] * 120
    table = ex.league_table(answers, by=keys, metric="csat", rng=0)
    assert table.index.tolist() == ["b", "a", "c"]
    assert table.loc["b", "score"] == pytest.approx(75.0)


def test_the_accessor_gives_the_same_tables() -> None:
    """df.cx.funnel and df.cx.league_table equal the functions on the columns."""
    r = ex.datasets.load_retail().responses
    pd.testing.assert_frame_equal(
        r.cx.league_table("nps", "touchpoint", missing="drop", rng=2),
        ex.league_table(r["nps"], by=r["touchpoint"], missing="drop", rng=2))
    pd.testing.assert_frame_equal(
        r.cx.funnel("nps", ["segment", "channel"], missing="drop"),
        ex.funnel(r["nps"], by=[r["segment"], r["channel"]], missing="drop"))


def test_a_group_without_answers_gets_the_pooled_score() -> None:
    """All of a group's answers dropped: NaN score, shrunk to the pooled score, still ranked."""
    scores = pd.Series([10, 9, None, 0, 3, 10] * 20, dtype="Int64")
    keys = ["a", "a", "c", "b", "b", "a"] * 20
    table = ex.league_table(scores, by=keys, missing="drop", rng=0)
    assert np.isnan(table.loc["c", "score"])
    assert table.loc["c", "n"] == 0
    assert table.loc["c", "shrunk"] == pytest.approx(table.attrs["pooled_score"])
    assert table.attrs["n_dropped"] == 20
    assert sorted(table["rank"]) == [1, 2, 3]
