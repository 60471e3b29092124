"""Tests for expectations.scoring.nps: classification, counts, the score and its fields.

Independent references:
- Reichheld (2003) for the category cut-offs (0-6 / 7-8 / 9-10).
- The per-respondent variance V = p + d - (p - d)**2 and SE = sqrt(V/n) documented by
  the R package ``NPS`` (github brendan-r/NPS, ``nps_var`` / ``nps_se``) and Rocks (2016):
  checked against numpy's population variance of the -1/0/+1 variable.
- Weighted mean and variance: ``statsmodels.stats.weightstats.DescrStatsW`` (ddof=0);
  Kish's effective sample size computed directly as (sum w)**2 / sum w**2.
"""

from __future__ import annotations

import inspect
import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.weightstats import DescrStatsW

from expectations.errors import (
    InsufficientDataError,
    InvalidParameterError,
    InvalidScoreError,
    LengthMismatchError,
    SmallSampleWarning,
)
from expectations.scoring.nps import (
    NPS_COLUMNS,
    SMALL_SAMPLE,
    NPSCounts,
    NPSResult,
    classify_nps,
    nps,
)

RNG = np.random.default_rng(20240601)
SCORES = RNG.integers(0, 11, size=500)
WEIGHTS = RNG.uniform(0.2, 3.0, size=500)


def _y(scores: np.ndarray) -> np.ndarray:
    """Return the -1/0/+1 variable, built independently of the library."""
    return np.select([scores >= 9, scores >= 7], [1.0, 0.0], default=-1.0)


@pytest.mark.parametrize(
    ("score", "category"),
    [(0, "detractor"), (6, "detractor"), (7, "passive"), (8, "passive"),
     (9, "promoter"), (10, "promoter")],
)
def test_classify_nps_uses_reichheld_cutoffs(score: int, category: str) -> None:
    """Answers 0-6 are detractors, 7-8 passives, 9-10 promoters (Reichheld 2003)."""
    assert classify_nps([score]).tolist() == [category]


def test_classify_nps_returns_ordered_categorical() -> None:
    """The result is an ordered Categorical with the three categories in order."""
    result = classify_nps(np.array([3, 9], dtype=np.int8))
    assert isinstance(result, pd.Categorical)
    assert result.ordered
    assert list(result.categories) == ["detractor", "passive", "promoter"]


def test_classify_nps_drop_leaves_out_missing() -> None:
    """missing='drop' leaves missing answers out of the classification."""
    assert classify_nps([9, None, 0], missing="drop").tolist() == ["promoter", "detractor"]


def test_counts_match_pandas_cut() -> None:
    """from_scores counts agree with pandas.cut into the three bands."""
    bands = pd.cut(SCORES, [-1, 6, 8, 10], labels=["d", "a", "p"]).value_counts()
    counts = NPSCounts.from_scores(SCORES)
    assert (counts.detractors, counts.passives, counts.promoters) == (
        bands["d"], bands["a"], bands["p"])


def test_score_is_the_exact_fraction() -> None:
    """The score equals 100 (P - D)/n rounded once from the exact fraction."""
    counts = NPSCounts(promoters=1, passives=1, detractors=1)
    assert counts.score == 0.0
    counts = NPSCounts(promoters=2, passives=1, detractors=0)
    assert counts.score == float(Fraction(100 * 2, 3))


def test_variance_matches_population_variance() -> None:
    """The variance equals numpy's population variance of y (R NPS package formula)."""
    counts = NPSCounts.from_scores(SCORES)
    y = _y(SCORES)
    assert counts.variance == pytest.approx(np.var(y, ddof=0), rel=1e-12)
    assert counts.std_error == pytest.approx(100 * np.sqrt(np.var(y) / y.size), rel=1e-12)
    assert counts.score == pytest.approx(100 * y.mean(), rel=1e-12)


def test_weighted_score_matches_descrstatsw_and_kish() -> None:
    """Weighted NPS, V_w and SE match DescrStatsW (ddof=0) with Kish's n_eff."""
    result = nps(SCORES, weights=WEIGHTS)
    reference = DescrStatsW(_y(SCORES), weights=WEIGHTS, ddof=0)
    n_eff = WEIGHTS.sum() ** 2 / (WEIGHTS**2).sum()
    assert result.score == pytest.approx(100 * reference.mean, rel=1e-12)
    assert result.n_effective == pytest.approx(n_eff, rel=1e-12)
    assert result.std_error == pytest.approx(100 * np.sqrt(reference.var / n_eff), rel=1e-12)
    assert result.n == SCORES.size


def test_all_one_weights_equal_no_weights_exactly() -> None:
    """Weights of 1 give exactly the unweighted result."""
    assert nps(SCORES, weights=np.ones(SCORES.size)) == nps(SCORES)


def test_result_fields_are_python_scalars_and_consistent() -> None:
    """Fields are Python scalars; shares are percentages summing to 100."""
    result = nps(SCORES)
    assert isinstance(result.score, float)
    assert isinstance(result.n, int)
    shares = result.promoter_share + result.passive_share + result.detractor_share
    assert shares == pytest.approx(100.0)
    assert result.score == pytest.approx(result.promoter_share - result.detractor_share)
    assert tuple(result.to_frame().columns) == NPS_COLUMNS


@pytest.mark.parametrize(
    "values",
    [
        pytest.param(list(SCORES), id="list"),
        pytest.param(SCORES.astype(np.int8), id="int8"),
        pytest.param(SCORES.astype(np.uint8), id="uint8"),
        pytest.param(SCORES.astype(float), id="float"),
        pytest.param(pd.Series(SCORES, dtype="Int64"), id="Int64"),
    ],
)
def test_input_types_give_the_same_result(values: object) -> None:
    """Lists, compact integer arrays, floats and nullable Series give one result."""
    assert nps(values) == nps(SCORES)


def test_missing_drop_reports_n_dropped() -> None:
    """missing='drop' drops NaN and pd.NA answers and counts them."""
    values = pd.Series([10, pd.NA, 0, 9, pd.NA] * 10, dtype="Int64")
    result = nps(values, missing="drop")
    assert (result.n, result.n_dropped) == (30, 20)
    assert result.score == pytest.approx(100 * (20 - 10) / 30)


def test_wald_interval_matches_normal_formula() -> None:
    """The Wald interval is score ± z·SE with z from scipy.stats.norm."""
    result = nps(SCORES, ci="wald")
    z = stats.norm.ppf(0.975)
    assert result.interval is not None
    assert result.interval.low == pytest.approx(result.score - z * result.std_error)
    assert result.interval.high == pytest.approx(result.score + z * result.std_error)


def test_adjusted_wald_adds_pseudo_counts() -> None:
    """Adjusted Wald is Wald on counts plus 3/4, 3/2, 3/4 (Rocks 2016)."""
    counts = NPSCounts(promoters=40, passives=25, detractors=15)
    adjusted = NPSCounts(promoters=40.75, passives=26.5, detractors=15.75)
    z = stats.norm.ppf(0.95)
    expected = (adjusted.score - z * adjusted.std_error, adjusted.score + z * adjusted.std_error)
    interval = counts.interval("adjusted-wald", 0.90)
    assert (interval.low, interval.high) == pytest.approx(expected)


def test_bootstrap_interval_matches_raw_data_bootstrap() -> None:
    """The multinomial count bootstrap agrees with scipy's bootstrap of the raw answers."""
    y = _y(SCORES)
    # scipy 1.15 renamed random_state to rng (SPEC 7); the same Generator gives the same draws.
    seed = "rng" if "rng" in inspect.signature(stats.bootstrap).parameters else "random_state"
    reference = stats.bootstrap((y,), np.mean, n_resamples=10_000, method="percentile",
                                **{seed: np.random.default_rng(7)}).confidence_interval
    interval = NPSCounts.from_scores(SCORES).interval("bootstrap", rng=3)
    assert interval.low == pytest.approx(100 * reference.low, abs=1.0)
    assert interval.high == pytest.approx(100 * reference.high, abs=1.0)


def test_bootstrap_is_reproducible_with_a_seed() -> None:
    """The same seed gives the same bootstrap interval."""
    assert nps(SCORES, ci="bootstrap", rng=5) == nps(SCORES, ci="bootstrap", rng=5)


def test_ci_none_gives_no_interval() -> None:
    """ci=None leaves the interval out, and the frame has NaN bounds."""
    result = nps(SCORES, ci=None)
    assert result.interval is None
    assert math.isnan(result.to_dict()["ci_low"])


@pytest.mark.parametrize("method", ["wald", "adjusted-wald", "score", "bootstrap"])
def test_intervals_are_clipped_to_the_scale(method: str) -> None:
    """An all-promoter sample gives an upper bound of exactly 100."""
    interval = NPSCounts(promoters=40, passives=0, detractors=0).interval(
        method, rng=1)  # type: ignore[arg-type]
    assert -100.0 <= interval.low <= interval.high == 100.0


def test_small_sample_warns() -> None:
    """Fewer than SMALL_SAMPLE respondents raise a SmallSampleWarning."""
    with pytest.warns(SmallSampleWarning, match="fewer than 30"):
        nps([10] * (SMALL_SAMPLE - 1))


def test_nps_result_repr_is_short() -> None:
    """The repr names the score, n and the interval."""
    text = repr(nps(SCORES))
    assert text.startswith("NPSResult(score=")
    assert "adjusted-wald" in text


# ------------------------------------------------------------------ by=

KEYS = np.array(["north", "south", "east"])[RNG.integers(0, 3, size=SCORES.size)]


def test_by_has_the_fixed_columns_and_sorted_keys() -> None:
    """The grouped frame has exactly NPS_COLUMNS, indexed by the sorted keys."""
    table = nps(SCORES, by=KEYS)
    assert tuple(table.columns) == NPS_COLUMNS
    assert list(table.index) == ["east", "north", "south"]


@pytest.mark.parametrize("key", ["east", "north", "south"])
@pytest.mark.parametrize("method", ["wald", "adjusted-wald", "score"])
def test_by_matches_one_call_per_group(key: str, method: str) -> None:
    """Each grouped row equals nps() on that group's answers."""
    row = nps(SCORES, by=KEYS, ci=method).loc[key].to_dict()  # type: ignore[arg-type]
    single = nps(SCORES[key == KEYS], ci=method).to_dict()  # type: ignore[arg-type]
    assert row.pop("ci_method") == single.pop("ci_method")
    assert pytest.approx(single) == row


def test_by_weighted_matches_one_call_per_group() -> None:
    """Weighted grouped rows equal weighted nps() per group."""
    table = nps(SCORES, weights=WEIGHTS, by=pd.Series(KEYS, name="region"))
    assert table.index.name == "region"
    single = nps(SCORES[KEYS == "east"], weights=WEIGHTS[KEYS == "east"]).to_dict()
    assert table.loc["east"].to_dict() == pytest.approx(single)


def test_by_counts_equal_pandas_groupby() -> None:
    """Grouped counts agree with a pandas groupby of the categories."""
    table = nps(SCORES, by=KEYS)
    frame = pd.DataFrame({"key": KEYS, "promoter": SCORES >= 9, "detractor": SCORES <= 6})
    expected = frame.groupby("key")[["promoter", "detractor"]].sum()
    assert table["promoters"].tolist() == expected["promoter"].tolist()
    assert table["detractors"].tolist() == expected["detractor"].tolist()


def test_by_several_keys_gives_a_multiindex() -> None:
    """Two keys index the result by their observed combinations."""
    wave = np.where(np.arange(SCORES.size) % 2 == 0, 2023, 2024)
    table = nps(SCORES, by=[pd.Series(KEYS, name="region"), pd.Series(wave, name="wave")])
    assert table.index.names == ["region", "wave"]
    assert len(table) == 6
    assert table["n"].sum() == SCORES.size


def test_by_group_with_no_answers_gives_nan_row() -> None:
    """A group whose answers are all missing gets NaN fields, not a crash."""
    values = [10.0] * 40 + [np.nan] * 3
    keys = ["a"] * 40 + ["b"] * 3
    with pytest.warns(SmallSampleWarning, match="1 of 2 groups"):
        table = nps(values, by=keys, missing="drop")
    assert table.loc["b", "n"] == 0
    assert table.loc["b", "n_dropped"] == 3
    # A row of a mixed-dtype frame is object under pandas 2, float under pandas 3.
    fields = table.loc["b", ["score", "ci_low", "ci_high", "std_error"]]
    assert np.isnan(fields.to_numpy(dtype=np.float64)).all()
    assert table.loc["a", "score"] == 100.0


def test_by_missing_keys_are_counted_when_dropped() -> None:
    """Rows with a missing key are dropped and counted in attrs['n_dropped_keys']."""
    keys = ["a"] * 30 + [None] * 2
    table = nps([9] * 32, by=keys, missing="drop")
    assert table.attrs["n_dropped_keys"] == 2
    assert table.loc["a", "n"] == 30


def test_by_ci_none_has_the_same_columns() -> None:
    """ci=None keeps the column set, with NaN bounds and no method."""
    table = nps(SCORES, by=KEYS, ci=None)
    assert tuple(table.columns) == NPS_COLUMNS
    assert table["ci_low"].isna().all()
    assert table["ci_method"].isna().all()


def test_by_bootstrap_matches_single_group_quantiles_roughly() -> None:
    """Vectorised bootstrap bounds per group are near the single-group bootstrap."""
    table = nps(SCORES, by=KEYS, ci="bootstrap", rng=11)
    single = nps(SCORES[KEYS == "north"], ci="bootstrap", rng=12).interval
    assert single is not None
    assert table.loc["north", "ci_low"] == pytest.approx(single.low, abs=2.0)
    assert table.loc["north", "ci_high"] == pytest.approx(single.high, abs=2.0)


# ------------------------------------------------------------------ bad input

@pytest.mark.parametrize(
    ("values", "error", "fragments"),
    [
        pytest.param([9, 7.5], InvalidScoreError, ["scores", "integers in 0..10", "7.5",
                                                   "position 1"], id="fraction"),
        pytest.param([11, 3], InvalidScoreError, ["scores", "11", "position 0"], id="eleven"),
        pytest.param(np.array([5, -1], dtype=np.int8), InvalidScoreError,
                     ["scores", "-1", "position 1"], id="minus-one-int8"),
        pytest.param([3, float("nan")], InvalidScoreError, ["scores", "nan", 'missing="drop"'],
                     id="nan"),
        pytest.param([3, "x"], InvalidScoreError, ["scores", "numbers", "'x'"], id="string"),
        pytest.param([True, False], InvalidScoreError, ["scores", "booleans"], id="bool"),
        pytest.param(np.array([True]), InvalidScoreError, ["scores", "booleans"], id="bool-array"),
        pytest.param([], InsufficientDataError, ["scores", "non-empty"], id="empty"),
        pytest.param([np.nan], InvalidScoreError, ["scores"], id="only-nan"),
    ],
)
def test_bad_scores_raise_templated_errors(values: object, error: type[Exception],
                                           fragments: list[str]) -> None:
    """Bad answers raise a specific error naming the argument and the first bad value."""
    with pytest.raises(error) as info:
        nps(values)
    for fragment in fragments:
        assert fragment in str(info.value)


def test_all_missing_with_drop_is_insufficient() -> None:
    """All answers missing with missing='drop' raises InsufficientDataError."""
    with pytest.raises(InsufficientDataError, match="all 2 are missing"):
        nps([np.nan, np.nan], missing="drop")


@pytest.mark.parametrize(
    ("weights", "error", "fragments"),
    [
        pytest.param([1.0, 2.0], LengthMismatchError, ["weights", "(3)", "got 2"], id="length"),
        pytest.param([1.0, -2.0, 1.0], InvalidScoreError, ["weights", "non-negative", "-2.0",
                                                           "position 1"], id="negative"),
        pytest.param([0.0, 0.0, 0.0], InvalidScoreError, ["weights", "zero"], id="all-zero"),
        pytest.param([1.0, np.inf, 1.0], InvalidScoreError, ["weights", "inf"], id="infinite"),
    ],
)
def test_bad_weights_raise_templated_errors(weights: object, error: type[Exception],
                                            fragments: list[str]) -> None:
    """Bad weights raise a specific error naming weights and the first bad value."""
    with pytest.raises(error) as info:
        nps([9, 7, 0], weights=weights)
    for fragment in fragments:
        assert fragment in str(info.value)


def test_by_of_wrong_length_raises() -> None:
    """A by= key of the wrong length raises LengthMismatchError naming by."""
    with pytest.raises(LengthMismatchError, match=r"by must be the same length as the data \(3\)"):
        nps([9, 7, 0], by=["a", "b"])


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        pytest.param({"ci": "exact"}, "ci must be one of", id="ci"),
        pytest.param({"confidence": 95}, "confidence must be", id="confidence"),
        pytest.param({"missing": "ignore"}, "missing must be one of", id="missing"),
        pytest.param({"ci": "bootstrap", "n_resamples": 0}, "n_resamples", id="resamples"),
        pytest.param({"ci": "bootstrap", "rng": "seed"}, "rng must be", id="rng"),
    ],
)
def test_bad_options_raise_invalid_parameter(kwargs: dict[str, object], fragment: str) -> None:
    """Unknown options raise InvalidParameterError naming the option."""
    with pytest.raises(InvalidParameterError, match=fragment):
        nps(SCORES, **kwargs)  # type: ignore[call-overload]


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"promoters": -1, "passives": 0, "detractors": 0}, id="negative"),
        pytest.param({"promoters": True, "passives": 0, "detractors": 0}, id="bool"),
        pytest.param({"promoters": math.nan, "passives": 0, "detractors": 0}, id="nan"),
        pytest.param({"promoters": 2, "passives": 0, "detractors": 0, "sum_weights_sq": 5},
                     id="sum-weights-sq-too-big"),
    ],
)
def test_nps_counts_validate_on_construction(kwargs: dict[str, object]) -> None:
    """NPSCounts rejects negative, boolean, NaN counts and impossible sum_weights_sq."""
    with pytest.raises(InvalidParameterError):
        NPSCounts(**kwargs)  # type: ignore[arg-type]


def test_empty_counts_have_nan_score() -> None:
    """Counts with no respondents give NaN rather than dividing by zero."""
    empty = NPSCounts(promoters=0, passives=0, detractors=0)
    assert math.isnan(empty.score)
    assert math.isnan(empty.std_error)


def test_nps_does_not_mutate_input() -> None:
    """The nps function leaves the caller's array untouched (and does not keep it writable)."""
    values = SCORES.astype(np.int8)
    before = values.copy()
    nps(values, by=KEYS)
    np.testing.assert_array_equal(values, before)
    assert values.flags.writeable


def test_nps_result_is_frozen() -> None:
    """NPSResult cannot be modified after construction."""
    result = nps(SCORES)
    assert isinstance(result, NPSResult)
    with pytest.raises(AttributeError):
        result.score = 0.0  # type: ignore[misc]
