"""top_box, csat and ces: shares, means, weights, groups and bad input.

Independent references, cited per test:

- ``statsmodels.stats.proportion.proportion_confint`` for the share's interval
  (``"wilson"``, ``"agresti_coull"``, ``"normal"``).
- ``statsmodels.stats.weightstats.DescrStatsW`` for the (weighted) mean, its
  variance and the t-interval; for weighted data DescrStatsW treats weights as
  frequencies, so it is given the weights rescaled to sum to Kish's n_eff
  (``(sum w)^2 / sum w^2``, computed directly), which makes its degrees of
  freedom ``n_eff - 1`` and its standard error ``sqrt(var_w / (n_eff - 1))``.
- numpy for plain shares, means and standard deviations.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.weightstats import DescrStatsW

from expectations.errors import (
    InsufficientDataError,
    InvalidParameterError,
    InvalidScoreError,
    LengthMismatchError,
    SmallSampleWarning,
)
from expectations.models.scale import Scale
from expectations.results import Interval
from expectations.scoring.satisfaction import (
    TOP_BOX_COLUMNS,
    TopBoxResult,
    ces,
    csat,
    top_box,
)

FIVE = Scale(1, 5)
STATSMODELS_METHOD = {"wilson": "wilson", "agresti-coull": "agresti_coull", "wald": "normal"}


def quiet(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call ``function`` ignoring SmallSampleWarning (property tests draw small samples)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        return function(*args, **kwargs)


@pytest.fixture
def answers() -> np.ndarray:
    """200 seeded CSAT answers on 1..5, skewed towards satisfied."""
    rng = np.random.default_rng(20240601)
    return rng.choice([1, 2, 3, 4, 5], size=200, p=[0.05, 0.1, 0.2, 0.35, 0.3])


answers_1to5 = st.lists(st.integers(1, 5), min_size=1, max_size=80)


# ---------------------------------------------------------------- unweighted values

@pytest.mark.parametrize("ci", ["wilson", "agresti-coull", "wald"])
@pytest.mark.parametrize("top", [1, 2, 3])
def test_share_and_interval_match_statsmodels(answers: np.ndarray, ci: str, top: int) -> None:
    """Score is 100 * share in the top boxes; the interval is proportion_confint * 100."""
    r = top_box(answers, scale=FIVE, top=top, ci=ci, confidence=0.9)
    successes = int(np.count_nonzero(answers >= 6 - top))
    low, high = proportion_confint(successes, answers.size, alpha=0.1,
                                   method=STATSMODELS_METHOD[ci])
    assert r.successes == successes
    assert r.n == answers.size
    assert r.score == pytest.approx(100 * successes / answers.size, rel=1e-15)
    assert r.interval == Interval(low=pytest.approx(100 * low, rel=1e-12),  # type: ignore[arg-type]
                                  high=pytest.approx(100 * high, rel=1e-12),  # type: ignore[arg-type]
                                  confidence=0.9, method=ci)
    share = successes / answers.size
    assert r.std_error == pytest.approx(100 * np.sqrt(share * (1 - share) / answers.size))
    assert (r.box_low, r.box_high) == (6 - top, 5)


def test_mean_and_t_interval_match_descrstatsw(answers: np.ndarray) -> None:
    """Mean, SD (n - 1), SE and t-interval equal numpy and DescrStatsW.tconfint_mean."""
    r = top_box(answers, scale=FIVE)
    ref = DescrStatsW(answers.astype(float))
    assert r.mean == pytest.approx(answers.mean(), rel=1e-14)
    assert r.std_dev == pytest.approx(answers.std(ddof=1), rel=1e-12)
    assert r.mean_std_error == pytest.approx(ref.std_mean, rel=1e-12)
    low, high = ref.tconfint_mean(alpha=0.05)
    assert (r.mean_interval.low, r.mean_interval.high) == (
        pytest.approx(low, rel=1e-12), pytest.approx(high, rel=1e-12))
    assert r.mean_interval.method == "t"
    assert r.mean_interval.confidence == 0.95


def test_result_holds_python_scalars(answers: np.ndarray) -> None:
    """Every field is a Python int, float, str or an Interval of Python floats."""
    r = top_box(answers, scale=FIVE)
    for name, value in r.to_dict().items():
        assert type(value) in (int, float, str), (name, type(value))
    assert all(type(getattr(r.interval, f)) is float for f in ("low", "high", "confidence"))


def test_ci_none_gives_no_interval_but_keeps_the_mean_interval(answers: np.ndarray) -> None:
    """ci=None leaves interval None (NaN columns) and still gives the mean's t-interval."""
    r = top_box(answers, scale=FIVE, ci=None)
    assert r.interval is None
    d = r.to_dict()
    assert np.isnan(d["ci_low"])
    assert d["ci_method"] is None
    assert np.isfinite(r.mean_interval.low)


def test_columns_are_the_module_constant(answers: np.ndarray) -> None:
    """to_dict, to_frame and a by= frame all have exactly TOP_BOX_COLUMNS."""
    r = top_box(answers, scale=FIVE)
    assert tuple(r.to_dict()) == TOP_BOX_COLUMNS
    assert tuple(r.to_frame().columns) == TOP_BOX_COLUMNS
    by = np.arange(answers.size) % 2
    for ci in ("wald", None):
        frame = top_box(answers, scale=FIVE, by=by, ci=ci)
        assert tuple(frame.columns) == TOP_BOX_COLUMNS


def test_repr_is_short_and_html_renders(answers: np.ndarray) -> None:
    """The repr names the score, n, mean and the interval; _repr_html_ is a table."""
    r = top_box(answers, scale=FIVE)
    text = repr(r)
    assert text.startswith("TopBoxResult(score=")
    assert "(wilson)" in text
    assert r._repr_html_().startswith("<table>")


def test_result_is_frozen(answers: np.ndarray) -> None:
    """Results cannot be modified."""
    import attrs

    r = top_box(answers, scale=FIVE)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        r.score = 0.0  # type: ignore[misc]


def test_input_is_not_mutated(answers: np.ndarray) -> None:
    """Scores, weights and keys are left as they were."""
    x = answers.copy()
    w = np.linspace(0.5, 2, answers.size)
    w0 = w.copy()
    key = pd.Series(np.arange(answers.size) % 3)
    top_box(x, scale=FIVE, weights=w, by=key)
    np.testing.assert_array_equal(x, answers)
    np.testing.assert_array_equal(w, w0)
    assert key.tolist() == (np.arange(answers.size) % 3).tolist()


@pytest.mark.parametrize(
    "convert",
    [list, np.asarray, lambda a: np.asarray(a, dtype=np.int8),
     lambda a: np.asarray(a, dtype=float), pd.Series,
     lambda a: pd.Series(a, dtype="Int64"), lambda a: pd.Series(a, dtype="Float64")],
)
def test_input_containers_agree(answers: np.ndarray, convert: Callable[[Any], Any]) -> None:
    """Lists, numpy arrays of any numeric dtype and (nullable) Series give the same result."""
    expected = top_box(answers, scale=FIVE).to_dict()
    assert top_box(convert(answers), scale=FIVE).to_dict() == expected


# ---------------------------------------------------------------- missing values

def test_missing_drop_reports_n_dropped(answers: np.ndarray) -> None:
    """missing="drop" scores the rest and reports how many were dropped."""
    x = answers.astype(float)
    x[[3, 50, 51]] = np.nan
    r = top_box(x, scale=FIVE, missing="drop")
    clean = top_box(np.delete(answers, [3, 50, 51]), scale=FIVE)
    assert r.n_dropped == 3
    assert r.n == answers.size - 3
    assert {**r.to_dict(), "n_dropped": 0} == clean.to_dict()


def test_missing_nullable_na_dropped() -> None:
    """pd.NA in a nullable Series counts as missing."""
    s = pd.Series([5, 4, None] * 20, dtype="Int64")
    r = top_box(s, scale=FIVE, missing="drop")
    assert (r.n, r.n_dropped, r.score) == (40, 20, 100.0)


# ---------------------------------------------------------------- weights

def test_weighted_values_match_direct_kish_computation(answers: np.ndarray) -> None:
    """Weighted share/mean/SE/intervals equal direct formulas with Kish n_eff and DescrStatsW."""
    rng = np.random.default_rng(7)
    w = rng.uniform(0.2, 3.0, size=answers.size)
    r = top_box(answers, scale=FIVE, weights=w)
    n_eff = w.sum() ** 2 / (w**2).sum()
    share = w[answers >= 4].sum() / w.sum()
    assert r.n_effective == pytest.approx(n_eff, rel=1e-12)
    assert r.score == pytest.approx(100 * share, rel=1e-12)
    assert r.std_error == pytest.approx(100 * np.sqrt(share * (1 - share) / n_eff), rel=1e-12)
    low, high = proportion_confint(share * n_eff, n_eff, alpha=0.05, method="wilson")
    assert r.interval is not None
    assert (r.interval.low, r.interval.high) == (pytest.approx(100 * low, rel=1e-12),
                                                 pytest.approx(100 * high, rel=1e-12))
    ds = DescrStatsW(answers.astype(float), weights=w)
    assert r.mean == pytest.approx(ds.mean, rel=1e-12)
    assert r.mean_std_error == pytest.approx(np.sqrt(ds.var / (n_eff - 1)), rel=1e-10)
    rescaled = DescrStatsW(answers.astype(float), weights=w * n_eff / w.sum())
    assert (r.mean_interval.low, r.mean_interval.high) == tuple(
        pytest.approx(b, rel=1e-10) for b in rescaled.tconfint_mean(alpha=0.05))
    # People are counted, not weights.
    assert r.n == answers.size
    assert r.successes == int(np.count_nonzero(answers >= 4))


def test_equal_weights_of_any_size_equal_no_weights(answers: np.ndarray) -> None:
    """Constant weights (not only ones) give the unweighted share, mean and intervals."""
    plain = top_box(answers, scale=FIVE)
    weighted = top_box(answers, scale=FIVE, weights=np.full(answers.size, 2.5))
    for name in ("score", "mean", "std_dev", "mean_std_error", "n_effective", "std_error"):
        assert getattr(weighted, name) == pytest.approx(getattr(plain, name), rel=1e-12)


@settings(max_examples=50)
@given(x=answers_1to5, grouped=st.booleans())
def test_all_ones_weights_equal_no_weights_exactly(x: list[int], grouped: bool) -> None:
    """Weights of all ones give exactly (bit for bit) the unweighted result."""
    by = [i % 3 for i in range(len(x))] if grouped else None
    plain = quiet(top_box, x, scale=FIVE, by=by)
    ones = quiet(top_box, x, scale=FIVE, by=by, weights=[1.0] * len(x))
    if not grouped:
        plain, ones = plain.to_frame(), ones.to_frame()
    pd.testing.assert_frame_equal(plain, ones, check_exact=True)


def test_zero_weights_for_a_group_give_nan_not_a_crash() -> None:
    """A group whose weights are all zero gets NaN statistics."""
    x = [5, 4, 3] * 40
    w = [1.0, 1.0, 0.0] * 40
    by = ["a", "b", "c"] * 40
    with pytest.warns(SmallSampleWarning, match="1 of 3 groups"):
        frame = top_box(x, scale=FIVE, weights=w, by=by)
    assert np.isnan(frame.loc["c", "score"])
    assert frame.loc["c", "n"] == 40
    assert frame.loc["a", "score"] == 100.0


# ---------------------------------------------------------------- groups

def test_grouped_frame_one_row_per_group_sorted(answers: np.ndarray) -> None:
    """by= returns one row per key, indexed by the key in sorted order."""
    key = np.where(np.arange(answers.size) < 120, "web", "store")
    frame = top_box(answers, scale=FIVE, by=pd.Series(key, name="channel"))
    assert list(frame.index) == ["store", "web"]
    assert frame.index.name == "channel"
    assert frame["n"].tolist() == [80, 120]
    assert frame["n"].dtype == np.int64
    assert frame["score"].dtype == np.float64


def test_several_keys_give_a_multiindex(answers: np.ndarray) -> None:
    """A DataFrame of keys gives one row per observed key combination."""
    keys = pd.DataFrame({"channel": np.arange(answers.size) % 2,
                         "region": np.where(np.arange(answers.size) % 4 < 2, "n", "s")})
    frame = top_box(answers, scale=FIVE, by=keys)
    assert frame.index.names == ["channel", "region"]
    assert int(frame["n"].sum()) == answers.size


@settings(max_examples=40)
@given(x=st.lists(st.integers(1, 5), min_size=2, max_size=80), data=st.data(),
       weighted=st.booleans())
def test_each_group_row_equals_ungrouped_result_on_its_subset(
    x: list[int], data: st.DataObject, weighted: bool
) -> None:
    """A group's row equals the ungrouped result computed on that group's rows."""
    keys = data.draw(st.lists(st.sampled_from("abc"), min_size=len(x), max_size=len(x)))
    w = (data.draw(st.lists(st.floats(0.1, 5.0), min_size=len(x), max_size=len(x)))
         if weighted else None)
    frame = quiet(top_box, x, scale=FIVE, by=keys, weights=w)
    xs, ks = np.asarray(x), np.asarray(keys)
    for key in frame.index:  # a handful of groups: checking each is the assertion
        mask = ks == key
        sub = quiet(top_box, xs[mask], scale=FIVE,
                    weights=None if w is None else np.asarray(w)[mask])
        pd.testing.assert_series_equal(
            frame.loc[key], sub.to_frame().iloc[0], check_names=False,
            check_exact=not weighted, rtol=1e-12,
        )


def test_group_with_no_valid_answers_gets_nan_row() -> None:
    """A group whose answers were all dropped has n = 0 and NaN statistics."""
    x = [5.0, np.nan, 4.0, np.nan] * 20
    by = ["a", "b"] * 40
    with pytest.warns(SmallSampleWarning, match="1 of 2 groups"):
        frame = top_box(x, scale=FIVE, by=by, missing="drop")
    b = frame.loc["b"]
    assert b["n"] == 0
    assert b["n_dropped"] == 40
    assert b["n_effective"] == 0
    assert np.isnan(b["score"])
    assert np.isnan(b["ci_low"])
    assert np.isnan(b["mean"])
    assert frame.loc["a", "n"] == 40
    assert frame.loc["a", "score"] == 100.0


@pytest.mark.parametrize("group", ["a", "b"])
def test_dropped_answers_weights_and_groups_align(group: str) -> None:
    """With NaN dropped, weights and keys stay aligned: each row equals its subset's result."""
    rng = np.random.default_rng(5)
    x = rng.integers(1, 6, size=300).astype(float)
    x[rng.random(300) < 0.2] = np.nan
    w = rng.uniform(0.5, 2.0, size=300)
    keys = rng.choice(["a", "b"], size=300)
    frame = top_box(x, scale=FIVE, weights=w, by=keys, missing="drop")
    rows = (keys == group) & ~np.isnan(x)
    sub = top_box(x[rows], scale=FIVE, weights=w[rows])
    expected = {**sub.to_dict(), "n_dropped": int(np.sum((keys == group) & np.isnan(x)))}
    pd.testing.assert_series_equal(frame.loc[group], pd.Series(expected, name=group),
                                   check_dtype=False, rtol=1e-12)


def test_missing_group_keys_dropped_and_counted(answers: np.ndarray) -> None:
    """Rows with a missing key are dropped with missing="drop" and counted in attrs."""
    key = pd.Series(np.where(np.arange(answers.size) % 10 == 0, None, "x"), dtype=object)
    frame = top_box(answers, scale=FIVE, by=key, missing="drop")
    assert frame.attrs["n_dropped_keys"] == 20
    assert frame.loc["x", "n"] == 180
    with pytest.raises(InvalidScoreError, match="by must be present for every row"):
        top_box(answers, scale=FIVE, by=key)


# ---------------------------------------------------------------- properties

@settings(max_examples=60)
@given(x=answers_1to5, top=st.integers(1, 4),
       ci=st.sampled_from(["wilson", "agresti-coull", "wald"]))
def test_score_and_interval_in_range(x: list[int], top: int, ci: str) -> None:
    """0 <= score <= 100; the interval lies in [0, 100] and (Wilson/AC) contains the score."""
    r = quiet(top_box, x, scale=FIVE, top=top, ci=ci)
    assert 0.0 <= r.score <= 100.0
    assert 0.0 <= r.interval.low <= r.interval.high <= 100.0
    if ci != "wald":
        assert r.interval.low - 1e-9 <= r.score <= r.interval.high + 1e-9


@settings(max_examples=40)
@given(x=answers_1to5, seed=st.integers(0, 2**32 - 1))
def test_permutation_invariance(x: list[int], seed: int) -> None:
    """Shuffling the answers does not change the result."""
    shuffled = np.random.default_rng(seed).permutation(x)
    a, b = quiet(top_box, x, scale=FIVE), quiet(top_box, shuffled, scale=FIVE)
    pd.testing.assert_frame_equal(a.to_frame(), b.to_frame(), rtol=1e-12)


@settings(max_examples=40)
@given(a=answers_1to5, b=answers_1to5)
def test_counts_of_concatenation_add(a: list[int], b: list[int]) -> None:
    """N and successes of the concatenated answers are the sums of the parts'."""
    ra, rb = quiet(top_box, a, scale=FIVE), quiet(top_box, b, scale=FIVE)
    r = quiet(top_box, a + b, scale=FIVE)
    assert (r.n, r.successes) == (ra.n + rb.n, ra.successes + rb.successes)


# ---------------------------------------------------------------- small samples

def test_small_sample_warns_below_30() -> None:
    """Fewer than 30 responses warn; 30 do not."""
    with pytest.warns(SmallSampleWarning, match="top_box rests on 29"):
        top_box([4] * 29, scale=FIVE)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        top_box([4] * 30, scale=FIVE)


def test_small_effective_sample_warns_even_with_many_rows() -> None:
    """The threshold applies to Kish's n_eff: one dominant weight triggers it."""
    w = [1.0] * 99 + [1000.0]
    with pytest.warns(SmallSampleWarning, match="effective"):
        top_box([4] * 100, scale=FIVE, weights=w)


def test_single_answer_gives_nan_spread_not_a_crash() -> None:
    """With one answer the SD and the mean's interval are NaN; the share interval exists."""
    with pytest.warns(SmallSampleWarning):
        r = top_box([5], scale=FIVE)
    assert r.score == 100.0
    assert np.isnan(r.std_dev)
    assert np.isnan(r.mean_interval.low)
    assert r.interval is not None
    assert 0 < r.interval.low < 100


# ---------------------------------------------------------------- csat and ces

def test_csat_is_top_2_box_on_1_to_5(answers: np.ndarray) -> None:
    """Csat defaults to Scale(1, 5) and top=2."""
    assert csat(answers).to_dict() == top_box(answers, scale=FIVE, top=2).to_dict()
    assert csat(answers, top=1).score == pytest.approx(100 * np.mean(answers == 5))


def test_ces_counts_5_to_7_by_default() -> None:
    """Ces defaults to CES 2.0: share answering 5..7 on 1..7, and the mean."""
    x = np.random.default_rng(3).integers(1, 8, size=150)
    r = ces(x)
    assert r.score == pytest.approx(100 * np.mean(x >= 5), rel=1e-15)
    assert r.mean == pytest.approx(x.mean(), rel=1e-14)
    assert (r.box_low, r.box_high) == (5, 7)
    assert ces(x, agree_from=6).score == pytest.approx(100 * np.mean(x >= 6), rel=1e-15)


def test_ces_lower_is_easier_counts_the_bottom_boxes() -> None:
    """On an explicit lower-is-easier scale the easy answers are low..agree_from."""
    x = np.random.default_rng(4).integers(1, 6, size=120)
    r = ces(x, scale=FIVE, direction="lower-is-easier", agree_from=2)
    assert r.score == pytest.approx(100 * np.mean(x <= 2), rel=1e-15)
    assert (r.box_low, r.box_high) == (1, 2)
    assert r.mean == pytest.approx(x.mean(), rel=1e-14)  # stays in the scale's own units
    low, _high = proportion_confint(int(np.sum(x <= 2)), x.size, method="wilson")
    assert r.interval is not None
    assert r.interval.low == pytest.approx(100 * low, rel=1e-12)


def test_ces_requires_direction_for_non_ces2_scales() -> None:
    """A 1..5 CES scale without a direction is refused rather than guessed."""
    with pytest.raises(InvalidParameterError, match="direction must be given"):
        ces([1, 2, 3] * 20, scale=FIVE, agree_from=4)
    r = ces([1, 2, 5] * 20, scale=FIVE, direction="higher-is-easier", agree_from=4)
    assert r.score == pytest.approx(100 / 3)


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        ({"agree_from": 1}, ("agree_from must be an integer in 2..7 for a higher-is-easier "
                            "1..7 scale, so that some answers are not counted; got 1.")),
        ({"agree_from": 8}, "got 8"),
        ({"agree_from": 5.0}, "got 5.0"),
        ({"agree_from": True}, "got True"),
        ({"scale": FIVE, "direction": "lower-is-easier"},
         "agree_from must be an integer in 1..4 for a lower-is-easier 1..5 scale"),
        ({"direction": "down"}, ("direction must be one of 'higher-is-easier', "
                                "'lower-is-easier'; got 'down'.")),
        ({"scale": Scale(1, 7, integer=False)}, "scale must be an integer scale"),
    ],
)
def test_ces_bad_options(options: dict[str, Any], fragment: str) -> None:
    """Bad agree_from, direction or scale raise InvalidParameterError naming the argument."""
    with pytest.raises(InvalidParameterError) as info:
        ces([5] * 40, **options)
    assert fragment in str(info.value)


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize(
    ("scores", "kwargs", "error", "fragment"),
    [
        ([5, 4, 4.5], {}, InvalidScoreError,
         "scores must be integers in 1..5; 1 value is not (first: 4.5 at position 2)"),
        ([5, 6, 7], {}, InvalidScoreError, "(first: 6.0 at position 1)"),
        (np.array([5, 6, 7]), {}, InvalidScoreError, "scores must be integers in 1..5"),
        ([0, 1], {}, InvalidScoreError, "(first: 0.0 at position 0)"),
        ([4, np.nan], {}, InvalidScoreError,
         "scores must be present (not NaN or missing); 1 value is not (first: nan at position 1)"),
        ([4, "5"], {}, InvalidScoreError, ("scores must be numbers; 1 value is not "
                                          "(first: '5' at position 1)")),
        (["a", "b"], {}, InvalidScoreError, "scores must be numbers"),
        ([True, False], {}, InvalidScoreError, "scores must be numbers, not booleans"),
        ([], {}, InsufficientDataError, "scores must be non-empty"),
        ([np.nan], {"missing": "drop"}, InsufficientDataError, "scores must be non-empty"),
        ([4, 5], {"weights": [1.0]}, LengthMismatchError,
         "weights must be the same length as the data (2); got 1."),
        ([4, 5], {"weights": [1.0, -2.0]}, InvalidScoreError,
         "weights must be finite and non-negative; 1 value is not (first: -2.0 at position 1)"),
        ([4, 5], {"weights": [0, 0]}, InvalidScoreError, "weights must be positive somewhere"),
        ([4, 5], {"by": ["a"]}, LengthMismatchError,
         "by must be the same length as the data (2); got 1."),
        ([4, 5], {"top": 0}, InvalidParameterError,
         "top must be an integer in 1..4 for a 5-point scale; got 0."),
        ([4, 5], {"top": 5}, InvalidParameterError, "got 5."),
        ([4, 5], {"top": 2.0}, InvalidParameterError, "got 2.0."),
        ([4, 5], {"top": True}, InvalidParameterError, "got True."),
        ([4, 5], {"ci": "exact"}, InvalidParameterError,
         "ci must be one of 'wilson', 'agresti-coull', 'wald', None; got 'exact'."),
        ([4, 5], {"confidence": 95}, InvalidParameterError,
         "confidence must be a number strictly between 0 and 1; got 95."),
        ([4, 5], {"confidence": None}, InvalidParameterError, "confidence must be a number"),
        ([4, 5], {"missing": "ignore"}, InvalidParameterError,
         "missing must be one of 'raise', 'drop'; got 'ignore'."),
        ([4, 5], {"scale": Scale(1, 5, integer=False)}, InvalidParameterError,
         "scale must be an integer scale for top-box scores"),
        ([4, 5], {"scale": (1, 5)}, InvalidParameterError,
         "scale must be an expectations.Scale; got tuple."),
    ],
)
def test_bad_input_raises_specific_templated_errors(
    scores: object, kwargs: dict[str, Any], error: type[Exception], fragment: str
) -> None:
    """Each kind of bad input raises its specific expectations error with the template message."""
    options: dict[str, Any] = {"scale": FIVE, **kwargs}
    with pytest.raises(error) as info:
        top_box(scores, **options)
    assert type(info.value) is error
    assert fragment in str(info.value)


@pytest.mark.parametrize("function", [csat, ces])
def test_csat_and_ces_share_the_bad_input_checks(function: Callable[..., Any]) -> None:
    """Csat and ces report off-scale answers like top_box."""
    with pytest.raises(InvalidScoreError, match=r"scores must be integers in 1\.\.\d"):
        function([4, 9.5] * 20)


def test_errors_subclass_the_builtins() -> None:
    """Callers catching ValueError keep working."""
    with pytest.raises(ValueError, match="integers"):
        top_box([4.5], scale=FIVE)


def test_type_of_result_follows_by(answers: np.ndarray) -> None:
    """No by= gives a TopBoxResult; by= gives a DataFrame."""
    assert isinstance(top_box(answers, scale=FIVE), TopBoxResult)
    assert isinstance(top_box(answers, scale=FIVE, by=answers > 2), pd.DataFrame)
