"""Tests for SERVQUAL and SERVPERF scores (expectations.gaps.servqual)."""

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
from expectations.gaps.servqual import (
    SERVPERF_COLUMNS,
    SERVQUAL_COLUMNS,
    SERVQUAL_DIMENSIONS,
    servperf,
    servqual,
)
from expectations.models.scale import Scale

DIMS = tuple(SERVQUAL_DIMENSIONS)


def _column_with_mean(total: int, n: int) -> np.ndarray:
    """Integer answers whose sum is ``total`` (so their mean is ``total / n``)."""
    base, extra = divmod(total, n)
    return np.r_[np.full(extra, base + 1), np.full(n - extra, base)].astype(float)


def _matrix(means: list[float], n: int, rng: np.random.Generator) -> np.ndarray:
    """Respondent answers reproducing published item means given to 4 decimals."""
    columns = [rng.permutation(_column_with_mean(round(m * n), n)) for m in means]
    return np.column_stack(columns)


def _survey(n: int = 60, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    e = pd.DataFrame(rng.integers(3, 8, (n, 22)), columns=[f"e{i:02d}" for i in range(1, 23)])
    p = pd.DataFrame(np.clip(e.to_numpy() + rng.integers(-3, 2, (n, 22)), 1, 7),
                     columns=[f"p{i:02d}" for i in range(1, 23)])
    raw = rng.dirichlet(np.ones(5), n) * 20
    steps = np.floor(raw).astype(int)
    steps[:, 0] += 20 - steps.sum(axis=1)
    w = pd.DataFrame(steps * 5, columns=list(DIMS))
    return e, p, w


# ------------------------------------------------------------- published examples
# Table 5.1 of "Section 3: SERVQUAL Gap Identification" (DTA College study, chapter 5,
# https://123dok.com/za/article/section-3-servqual-gap-identification.10642032): item means
# of perceptions P and expectations E on a 1-5 scale (1 = strongly agree) from 58 students
# (every mean is a multiple of 1/58), and the published gaps P - E.
EMPATHY_P = [2.2586, 1.8793, 2.1724, 2.3966, 2.0172]
EMPATHY_E = [2.2069, 1.7931, 1.7759, 1.9483, 1.6897]
EMPATHY_GAP = [0.0517, 0.0862, 0.3965, 0.4483, 0.3275]
ASSURANCE_P = [2.0345, 1.8793, 2.1034, 2.0000]
ASSURANCE_E = [1.7069, 1.5172, 1.8103, 1.9828]
# Published as 0.3276, 0.3621, 0.9231, 0.0172: the third is a transposition of 0.2931
# (2.1034 - 1.8103); the primary arithmetic wins, as REFERENCES.md asks.
ASSURANCE_GAP = [0.3276, 0.3621, 0.2931, 0.0172]


@pytest.fixture(scope="module")
def dta_college() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(58)
    p = _matrix(ASSURANCE_P + EMPATHY_P, 58, rng)
    e = _matrix(ASSURANCE_E + EMPATHY_E, 58, rng)
    return e, p


DTA_DIMS = {"assurance": (1, 2, 3, 4), "empathy": (5, 6, 7, 8, 9)}


def test_published_item_gaps(dta_college: tuple[np.ndarray, np.ndarray]) -> None:
    """Item means and gaps reproduce the published DTA College Table 5.1 to 4 decimals."""
    e, p = dta_college
    res = servqual(e, p, dimensions=DTA_DIMS, scale=Scale(1, 5))
    items = res.item_frame()
    np.testing.assert_allclose(items["perceived"], ASSURANCE_P + EMPATHY_P, atol=5e-5)
    np.testing.assert_allclose(items["expected"], ASSURANCE_E + EMPATHY_E, atol=5e-5)
    np.testing.assert_allclose(items["gap"], ASSURANCE_GAP + EMPATHY_GAP, atol=1e-4)


def test_published_dimension_means(dta_college: tuple[np.ndarray, np.ndarray]) -> None:
    """Dimension means match the table's 'Mean score' rows (empathy 2.15, 1.88, 0.26)."""
    e, p = dta_college
    res = servqual(e, p, dimensions=DTA_DIMS, scale=Scale(1, 5))
    empathy = res.dimension("empathy")
    # 2.15 is printed from 2.1448 rounded twice (2.145, then 2.15): allow that rounding.
    assert empathy.perceived == pytest.approx(2.15, abs=0.006)
    assert round(empathy.expected, 2) == 1.88
    assert round(empathy.gap, 2) == 0.26
    # The source prints assurance P 2.004 and E 1.754 (its gap row, 0.28, disagrees with
    # its own means: 2.004 - 1.754 = 0.25, which is what the formula gives).
    assurance = res.dimension("assurance")
    assert (round(assurance.perceived, 3), round(assurance.expected, 3)) == (2.004, 1.754)
    assert round(assurance.gap, 2) == 0.25


def test_published_unweighted_overall() -> None:
    """Overall = mean of the five dimension gaps: 12manage's worked example gives -0.86.

    Source: J. de Jonge, "Weighted and Unweighted Average SERVQUAL Scores", 12manage
    forum (https://www.12manage.com/forum.asp?TB=zeithaml_servqual&S=54): dimension gaps
    -0.65, -1.10, -0.83, -0.70, -1.01 give (-4.29) / 5 = -0.86.
    """
    targets = [-0.65, -1.10, -0.83, -0.70, -1.01]
    n = 100
    rng = np.random.default_rng(3)
    e = np.full((n, 22), 6.0)
    p = e.copy()
    for gap, items in zip(targets, SERVQUAL_DIMENSIONS.values(), strict=True):
        # Every item of the dimension: a share |gap| of respondents one point lower.
        for item in items:
            p[:, item - 1] = 6.0 - rng.permutation(_column_with_mean(round(-gap * n), n))
    res = servqual(e, p)
    np.testing.assert_allclose([d.gap for d in res.dimensions], targets, atol=1e-12)
    assert res.overall.gap == pytest.approx(-4.29 / 5)
    assert round(res.overall.gap, 2) == -0.86


# ------------------------------------------------------------- independent pandas
def _pandas_servqual(e: pd.DataFrame, p: pd.DataFrame, w: pd.DataFrame) -> dict[str, object]:
    """SERVQUAL by the published five steps, in long form with pandas groupby."""
    item_dim = {i: d for d, items in SERVQUAL_DIMENSIONS.items() for i in items}
    gaps = pd.DataFrame(p.to_numpy() - e.to_numpy(), columns=range(1, 23))
    long = gaps.reset_index(names="respondent").melt(
        id_vars="respondent", var_name="item", value_name="gap")
    long["dimension"] = long["item"].map(item_dim)
    per_resp = long.pivot_table(index="respondent", columns="dimension", values="gap",
                                aggfunc="mean")[list(DIMS)]
    overall = per_resp.mean(axis=1)
    weighted = (per_resp * w.to_numpy() / 100).sum(axis=1)
    return {"items": gaps.mean(), "dims": per_resp.mean(), "per_resp": per_resp,
            "overall": overall, "weighted": weighted}


def test_against_independent_pandas_computation() -> None:
    """Item, dimension, overall and weighted scores equal a pandas groupby computation."""
    e, p, w = _survey()
    res = servqual(e, p, weights=w)
    ref = _pandas_servqual(e, p, w)
    np.testing.assert_allclose([i.gap for i in res.items], ref["items"], rtol=1e-12)
    np.testing.assert_allclose([d.gap for d in res.dimensions], ref["dims"], rtol=1e-12)
    assert res.overall.gap == pytest.approx(ref["overall"].mean(), rel=1e-12)  # type: ignore[attr-defined]
    assert res.weighted is not None
    assert res.weighted.gap == pytest.approx(ref["weighted"].mean(), rel=1e-12)  # type: ignore[attr-defined]


def test_intervals_match_scipy_t_interval() -> None:
    """Dimension and overall intervals are scipy's t-intervals over respondents."""
    e, p, w = _survey()
    res = servqual(e, p, weights=w, confidence=0.9)
    ref = _pandas_servqual(e, p, w)
    series = [*(ref["per_resp"][d] for d in DIMS), ref["overall"], ref["weighted"]]  # type: ignore[index]
    rows = [*res.dimensions, res.overall, res.weighted]
    for row, values in zip(rows, series, strict=True):
        low, high = stats.t.interval(0.9, len(values) - 1, loc=values.mean(),
                                     scale=stats.sem(values))
        assert row is not None
        assert (row.interval.low, row.interval.high) == pytest.approx((low, high), rel=1e-10)


def test_servperf_is_mean_perception() -> None:
    """SERVPERF dimension scores are the mean of the respondents' item perceptions."""
    _, p, w = _survey()
    res = servperf(p, weights=w)
    item_dim = np.repeat(np.arange(5), [len(v) for v in SERVQUAL_DIMENSIONS.values()])
    per_resp = np.column_stack([p.to_numpy()[:, item_dim == j].mean(axis=1) for j in range(5)])
    np.testing.assert_allclose([d.perceived for d in res.dimensions], per_resp.mean(axis=0))
    assert res.overall.perceived == pytest.approx(per_resp.mean())
    assert res.weighted is not None
    assert res.weighted.perceived == pytest.approx((per_resp * w.to_numpy() / 100).sum(1).mean())


# ------------------------------------------------------------- shapes of input
def test_long_input_equals_wide() -> None:
    """Long data (respondent, item, E, P rows, shuffled) gives the wide result."""
    e, p, _ = _survey(n=25)
    long = pd.DataFrame({
        "respondent": np.repeat(np.arange(25), 22), "item": np.tile(np.arange(1, 23), 25),
        "e": e.to_numpy().ravel(), "p": p.to_numpy().ravel(),
    }).sample(frac=1.0, random_state=2)
    wide = servqual(e, p).to_frame()
    from_long = servqual(long["e"], long["p"], item=long["item"],
                         respondent=long["respondent"]).to_frame()
    pd.testing.assert_frame_equal(from_long, wide)


def test_custom_map_with_labels_and_reordered_columns() -> None:
    """Items may be column labels; perceived columns are paired with expected's by label."""
    e = pd.DataFrame({"a": [5, 6], "b": [7, 7], "c": [4, 4]})
    p = pd.DataFrame({"c": [5, 5], "a": [4, 6], "b": [6, 7]})
    res = servqual(e, p, dimensions={"speed": ["a", "b"], "care": ["c"]})
    assert res.dimension("speed").gap == pytest.approx(((-1 - 1) / 2 + 0) / 2)
    assert res.dimension("care").gap == 1.0


def test_weights_mapping_applies_to_everyone() -> None:
    """One allocation (mapping) weights every respondent's dimension gaps alike."""
    e, p, _ = _survey()
    points = {"tangibles": 10, "reliability": 40, "responsiveness": 20, "assurance": 20,
              "empathy": 10}
    res = servqual(e, p, weights=points)
    expected = sum(d.gap * points[d.dimension] / 100 for d in res.dimensions)
    assert res.weighted is not None
    assert res.weighted.gap == pytest.approx(expected)


# ------------------------------------------------------------- by= and properties
def test_by_frame_schema_is_constant() -> None:
    """by= returns one row per group and dimension with exactly SERVQUAL_COLUMNS."""
    e, p, w = _survey()
    key = np.where(np.arange(len(e)) % 3 == 0, "web", "store")
    out = servqual(e, p, weights=w, by=key)
    assert tuple(out.columns) == SERVQUAL_COLUMNS
    assert out.index.names == [None, "dimension"]
    assert len(out) == 2 * 7
    assert tuple(servperf(p, by=key).columns) == SERVPERF_COLUMNS
    assert tuple(servqual(e, p).to_frame().columns) == SERVQUAL_COLUMNS


@settings(max_examples=25)
@given(seed=st.integers(0, 2**32 - 1), n_groups=st.integers(1, 4))
def test_grouped_equals_subset(seed: int, n_groups: int) -> None:
    """Each group's rows of a by= result equal servqual on that group's subset."""
    rng = np.random.default_rng(seed)
    e, p, w = _survey(n=30, seed=seed % 1000)
    key = rng.integers(0, n_groups, len(e))
    grouped = servqual(e, p, weights=w, by=key)
    for g in np.unique(key):
        mask = key == g
        alone = servqual(e[mask], p[mask], weights=w[mask]).to_frame()
        pd.testing.assert_frame_equal(grouped.loc[g], alone, check_names=False,
                                      check_dtype=False)


@settings(max_examples=25)
@given(seed=st.integers(0, 2**32 - 1))
def test_permutation_invariance(seed: int) -> None:
    """Shuffling respondents leaves every score and interval unchanged."""
    e, p, w = _survey(n=20, seed=seed % 997)
    order = np.random.default_rng(seed).permutation(len(e))
    a = servqual(e, p, weights=w).to_frame()
    b = servqual(e.iloc[order], p.iloc[order], weights=w.iloc[order]).to_frame()
    pd.testing.assert_frame_equal(a, b, rtol=1e-12)


@settings(max_examples=25)
@given(seed=st.integers(0, 2**32 - 1), shift=st.integers(-2, 2))
def test_overall_is_mean_of_dimensions(seed: int, shift: int) -> None:
    """The unweighted overall gap is the mean of the dimension gaps, never of the items."""
    e, p, _ = _survey(n=15, seed=seed % 991)
    p = p.clip(lower=1).add(shift).clip(1, 7)
    res = servqual(e, p)
    assert res.overall.gap == pytest.approx(np.mean([d.gap for d in res.dimensions]))


def test_does_not_mutate_inputs() -> None:
    """The caller's frames are left as they were."""
    e, p, w = _survey()
    before = (e.copy(), p.copy(), w.copy())
    servqual(e, p, weights=w, by=np.arange(len(e)) % 2)
    for now, then in zip((e, p, w), before, strict=True):
        pd.testing.assert_frame_equal(now, then)


def test_missing_drop_counts_respondents() -> None:
    """missing='drop' drops respondents with any missing answer and counts them."""
    e, p, _ = _survey()
    e = e.astype(float)
    e.iloc[3, 5] = np.nan
    e.iloc[7, 0] = np.nan
    res = servqual(e, p, missing="drop")
    assert (res.n, res.n_dropped) == (len(e) - 2, 2)
    full = servqual(e.drop(index=[3, 7]), p.drop(index=[3, 7]))
    assert res.overall == full.overall


# ------------------------------------------------------------- bad input
def test_mismatched_shapes() -> None:
    """Item matrices (arrays) of different shapes raise LengthMismatchError."""
    e, p, _ = _survey()
    with pytest.raises(LengthMismatchError, match=r"perceived must have as many item columns"):
        servqual(e.to_numpy(), p.to_numpy()[:, :21])
    with pytest.raises(LengthMismatchError, match=r"as many rows \(respondents\)"):
        servqual(e.to_numpy(), p.to_numpy()[:10])


def test_frame_missing_a_column_names_it() -> None:
    """A perceived frame lacking one of expected's items is a SchemaError naming it."""
    e, p, _ = _survey()
    with pytest.raises(SchemaError, match=(
            r"^perceived must be a frame with a column for each of expected's, matched by "
            r"name .*; 1 of expected's columns has no match in perceived \(first: 'e07'\)")):
        servqual(e, p.drop(columns="p07"))
    with pytest.raises(SchemaError, match=r"^expected must be .*\(first: 'p07'\)"):
        servqual(e.drop(columns="e07"), p)


def test_frames_with_different_labels_are_refused() -> None:
    """Frames whose labels differ (and carry no numbers) are refused, not paired by position."""
    e = pd.DataFrame({"speed": [5, 6], "care": [7, 7]})
    p = pd.DataFrame({"speed": [4, 6], "courtesy": [6, 7]})
    with pytest.raises(SchemaError, match=r"no match in perceived \(first: 'care'\)"):
        servqual(e, p, dimensions={"a": ["speed"], "b": ["care"]})


@settings(max_examples=20)
@given(seed=st.integers(0, 2**32 - 1))
def test_shuffled_columns_give_the_same_result(seed: int) -> None:
    """Shuffling either frame's columns (labels e01/p01 or shared labels) changes nothing."""
    e, p, w = _survey(n=30)
    rng = np.random.default_rng(seed)
    base = servqual(e, p, weights=w)
    shuffled = servqual(e.iloc[:, rng.permutation(22)], p.iloc[:, rng.permutation(22)],
                        weights=w.iloc[:, rng.permutation(5)])
    pd.testing.assert_frame_equal(shuffled.to_frame(), base.to_frame())
    pd.testing.assert_frame_equal(shuffled.item_frame(), base.item_frame())
    same = p.set_axis(e.columns, axis=1)
    pd.testing.assert_frame_equal(
        servqual(e, same.iloc[:, rng.permutation(22)]).to_frame(), servqual(e, same).to_frame())
    pd.testing.assert_frame_equal(servperf(p.iloc[:, rng.permutation(22)]).to_frame(),
                                  servperf(p).to_frame())


def test_item_numbers_in_the_map_name_frame_columns() -> None:
    """In a frame, the map's item number 5 names the column ending in 5, wherever it is."""
    e, p, _ = _survey(n=20)
    order = list(reversed(range(22)))
    ref = servqual(e.to_numpy(), p.to_numpy())
    res = servqual(e.iloc[:, order], p.iloc[:, order])
    assert res.dimension("reliability").gap == pytest.approx(ref.dimension("reliability").gap)
    assert [i.item for i in res.items][:4] == ["e01", "e02", "e03", "e04"]


def test_map_may_name_perceived_labels() -> None:
    """Items of the map may be named by either frame's labels."""
    e, p, _ = _survey(n=20)
    dims = {name: [f"p{i:02d}" for i in items] for name, items in SERVQUAL_DIMENSIONS.items()}
    pd.testing.assert_frame_equal(servqual(e, p, dimensions=dims).to_frame(),
                                  servqual(e, p).to_frame())


def test_item_numbers_need_labels_that_carry_them() -> None:
    """Item numbers cannot name frame columns whose labels carry no number."""
    e = pd.DataFrame({"speed": [5, 6], "care": [7, 7]})
    with pytest.raises(InvalidParameterError, match=(
            r"^dimensions must be column labels of expected/perceived, or item numbers .*"
            r"\(first: 1 at position a\[0\]\)")):
        servqual(e, e, dimensions={"a": (1,), "b": (2,)})


def test_default_frame_labels_pair_by_position() -> None:
    """A frame built from an array (labels 0, 1, ...) reads like that array."""
    e, p, _ = _survey(n=20)
    framed = servqual(pd.DataFrame(e.to_numpy()), pd.DataFrame(p.to_numpy()))
    pd.testing.assert_frame_equal(framed.to_frame(),
                                  servqual(e.to_numpy(), p.to_numpy()).to_frame())


def test_answers_outside_scale() -> None:
    """An answer off the 1-7 scale is an InvalidScoreError naming row and item."""
    e, p, _ = _survey()
    p.iloc[4, 2] = 9
    with pytest.raises(InvalidScoreError, match=(
            r"^perceived must be integers in 1\.\.7 \(the scale\); 1 value is not "
            r"\(first: 9\.0 at position row 4, item p03\)\. Check the scale")):
        servqual(e, p)


def test_allocations_not_summing_to_100() -> None:
    """Allocations that do not sum to 100 are an error, never rescaled."""
    e, p, w = _survey()
    w.iloc[2, 0] += 5
    with pytest.raises(InvalidScoreError, match=(
            r"^weights must be 100-point allocations .*; 1 value is not "
            r"\(first: 105\.0 at position row 2\)\. Allocations are not rescaled")):
        servqual(e, p, weights=w)


def test_negative_allocation() -> None:
    """Negative points are rejected."""
    e, p, w = _survey()
    w.iloc[0, 0], w.iloc[0, 1] = -10, w.iloc[0, 1] + w.iloc[0, 0] + 10
    with pytest.raises(InvalidScoreError, match=r"^weights must be finite, non-negative"):
        servqual(e, p, weights=w)


def test_unknown_dimension_item() -> None:
    """A map naming an item the data does not have raises InvalidParameterError."""
    e, p, _ = _survey()
    dims = dict(SERVQUAL_DIMENSIONS) | {"empathy": (18, 19, 20, 21, 22, 23)}
    with pytest.raises(InvalidParameterError, match=(
            r"^dimensions must be item numbers 1\.\.22 .*; 1 value is not "
            r"\(first: 23 at position empathy\[5\]\)")):
        servqual(e.to_numpy(), p.to_numpy(), dimensions=dims)


def test_item_in_two_dimensions() -> None:
    """An item listed under two dimensions is rejected."""
    e, p, _ = _survey()
    dims = dict(SERVQUAL_DIMENSIONS) | {"empathy": (17, 18, 19, 20, 21, 22)}
    with pytest.raises(InvalidParameterError, match=r"each item in exactly one dimension"):
        servqual(e.to_numpy(), p.to_numpy(), dimensions=dims)


def test_unmapped_column() -> None:
    """A column no dimension names is a SchemaError, not silently ignored."""
    e, p, _ = _survey()
    e["extra"], p["extra"] = 4, 4
    with pytest.raises(SchemaError, match=r"first: 23 at position 22"):
        servqual(e.to_numpy(), p.to_numpy())


def test_weight_columns_must_be_dimensions() -> None:
    """Weight frames must be named by dimension (the w_ prefix of raw data is refused)."""
    e, p, w = _survey()
    with pytest.raises(SchemaError, match=r"^weights must be a DataFrame with one column"):
        servqual(e, p, weights=w.add_prefix("w_"))


def test_missing_answer_raises_by_default() -> None:
    """A missing answer raises, naming where it is."""
    e, p, _ = _survey()
    p = p.astype(float)
    p.iloc[1, 1] = np.nan
    with pytest.raises(InvalidScoreError, match=r"at position row 1, item p02"):
        servqual(e, p)


def test_long_input_needs_keys() -> None:
    """One-dimensional data without item= and respondent= is an InvalidParameterError."""
    with pytest.raises(InvalidParameterError, match=r"^item and respondent must be given"):
        servqual([1, 2], [2, 3])


def test_long_duplicate_answers() -> None:
    """A respondent answering the same item twice in long data is rejected."""
    with pytest.raises(InvalidScoreError, match=r"^item must be unique within each respondent"):
        servqual([5, 5, 6], [4, 4, 6], item=[1, 1, 2], respondent=[1, 1, 1],
                 dimensions={"a": (1,), "b": (2,)})
