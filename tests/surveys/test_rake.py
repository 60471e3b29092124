"""rake: iterative proportional fitting of weights to population margins.

Independent checks:

- a plain IPF written here with pandas ``groupby`` (Deming & Stephan 1940: rake
  each margin in turn, repeat), run to convergence;
- the closed form of a 2x2 table: raking preserves the seed's cross-product
  (odds) ratio (Mosteller 1968, "Association and estimation in contingency
  tables", JASA 63, 1-28), so the fitted cell solves a quadratic;
- weightipy (the maintained successor of quantipy's Rim weighting, as anesrake
  does it) when it is installed, to 1e-8.

Kish's design effect is checked against its definition n·Σw²/(Σw)² = 1 + CV².
"""

from __future__ import annotations

import importlib.util
import math
import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import expectations as ex
from expectations.errors import (
    ConvergenceWarning,
    InsufficientDataError,
    InvalidParameterError,
    InvalidScoreError,
    LengthMismatchError,
    SchemaError,
)
from expectations.surveys.rake import MARGIN_COLUMNS, RakeResult, rake

TARGETS = {"age": {"18-34": 0.3, "35-54": 0.4, "55+": 0.3},
           "region": {"north": 0.25, "south": 0.45, "west": 0.3},
           "sex": {"f": 0.51, "m": 0.49}}


def survey(n: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Make a sample whose age, region and sex are correlated (so raking needs several sweeps)."""
    rng = np.random.default_rng(seed)
    age = rng.choice(["18-34", "35-54", "55+"], n, p=[0.15, 0.35, 0.5])
    young = age == "18-34"
    region = np.where(young, rng.choice(["north", "south", "west"], n, p=[0.6, 0.3, 0.1]),
                      rng.choice(["north", "south", "west"], n, p=[0.2, 0.5, 0.3]))
    sex = np.where(region == "north", rng.choice(["f", "m"], n, p=[0.7, 0.3]),
                   rng.choice(["f", "m"], n, p=[0.45, 0.55]))
    frame = pd.DataFrame({"age": age, "region": region, "sex": sex,
                          "design": rng.uniform(0.5, 2.0, n)},
                         index=pd.Index(rng.permutation(n) + 1000, name="id"))
    return frame


def plain_ipf(frame: pd.DataFrame, targets: dict[str, dict[Any, float]],
              weights: pd.Series | None = None, sweeps: int = 500) -> pd.Series:
    """Rake the textbook way: pandas groupby sums, one margin at a time, many sweeps."""
    w = pd.Series(1.0, index=frame.index) if weights is None else weights.astype(float)
    for _ in range(sweeps):
        for column, shares in targets.items():
            achieved = w.groupby(frame[column]).sum() / w.sum()
            factor = {c: shares[c] / achieved[c] for c in achieved.index}
            w = w * frame[column].map(factor)
    return w / w.mean()


def shares_of(frame: pd.DataFrame, weights: pd.Series, column: str) -> pd.Series:
    return weights.groupby(frame[column]).sum() / weights.sum()


# ----------------------------------------------------------------- anchors
def test_matches_a_plain_groupby_ipf_with_design_weights() -> None:
    """The weights equal those of an independent pandas IPF started from the same design weights."""
    frame = survey()
    result = rake(frame, TARGETS, weights="design", tol=1e-12, max_iter=1000)
    expected = plain_ipf(frame, TARGETS, frame["design"])
    assert result.converged
    np.testing.assert_allclose(result.weights.to_numpy(), expected.to_numpy(), rtol=1e-9)
    assert result.weights.index.equals(frame.index)


def test_two_by_two_table_matches_the_cross_product_ratio_closed_form() -> None:
    """A 2x2 sample raked to rows 5/15 and columns 10/10 keeps the seed's odds ratio.

    Seed cells (7, 9 / 12, 7): the fitted cell a solves
    a(5 + a) / ((5 - a)(10 - a)) = 7·7 / (9·12), that is 59a² + 1275a - 2450 = 0.
    """
    cells = {("r1", "c1"): 7, ("r1", "c2"): 9, ("r2", "c1"): 12, ("r2", "c2"): 7}
    rows = [key for key, count in cells.items() for _ in range(count)]
    frame = pd.DataFrame(rows, columns=["row", "col"])
    result = rake(frame, {"row": {"r1": 0.25, "r2": 0.75}, "col": {"c1": 0.5, "c2": 0.5}},
                  tol=1e-13, max_iter=1000)
    fitted = result.weights.groupby([frame["row"], frame["col"]]).sum() * 20 / len(frame)
    a = (-1275 + math.sqrt(1275**2 + 4 * 59 * 2450)) / (2 * 59)
    assert fitted[("r1", "c1")] == pytest.approx(a, abs=1e-9)
    assert fitted[("r1", "c2")] == pytest.approx(5 - a, abs=1e-9)
    assert fitted[("r2", "c1")] == pytest.approx(10 - a, abs=1e-9)
    assert fitted[("r2", "c2")] == pytest.approx(5 + a, abs=1e-9)


@pytest.mark.skipif(importlib.util.find_spec("weightipy") is None,
                    reason="weightipy is an optional reference, not a dependency")
def test_matches_weightipy_to_1e_8() -> None:
    """Weightipy's Rim weighting, run to a tight criterion, gives the same weights."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import weightipy

        frame = survey(1500, seed=4)[["age", "region", "sex"]]
        scheme = weightipy.scheme_from_dict(
            {col: {c: 100 * s for c, s in shares.items()} for col, shares in TARGETS.items()},
            rim_params={"max_iterations": 5000, "convcrit": 1e-12})
        theirs = weightipy.weight(frame, scheme)
    ours = rake(frame, TARGETS, tol=1e-13, max_iter=1000)
    np.testing.assert_allclose(ours.weights.to_numpy(), (theirs / theirs.mean()).to_numpy(),
                               rtol=0, atol=1e-8)


def test_design_effect_and_effective_size_follow_kish() -> None:
    """design_effect = n·Σw²/(Σw)² = 1 + CV² (population CV) and n_effective = (Σw)²/Σw²."""
    frame = survey()
    result = rake(frame, TARGETS)
    w = result.weights.to_numpy()
    cv = w.std() / w.mean()
    assert result.design_effect == pytest.approx(1 + cv**2, rel=1e-12)
    assert result.n_effective == pytest.approx(w.sum() ** 2 / (w**2).sum(), rel=1e-12)
    assert result.n_effective == pytest.approx(len(frame) / result.design_effect, rel=1e-12)


def test_margins_table_has_the_fixed_schema_and_meets_the_targets() -> None:
    """The margins table has a row per category, the fixed columns, differences within tol."""
    result = rake(survey(), TARGETS)
    assert tuple(result.margins.columns) == MARGIN_COLUMNS
    assert len(result.margins) == sum(len(t) for t in TARGETS.values())
    assert result.margins["difference"].abs().max() <= 1e-6
    assert result.max_error == result.margins["difference"].abs().max()
    assert result.converged
    assert result.iterations > 1


def test_many_categories_take_the_sparse_cell_path_and_still_match() -> None:
    """With more possible cells than rows (70^3 > 65536) the fit still equals the plain IPF."""
    rng = np.random.default_rng(5)
    n = 3000
    frame = pd.DataFrame({c: rng.integers(0, 70, n) for c in ("x", "y", "z")})
    targets = {c: (frame[c].value_counts(normalize=True) * 0.5 + 0.5 / 70).to_dict()
               for c in frame.columns}
    result = rake(frame, targets, tol=1e-12, max_iter=2000)
    assert result.converged
    np.testing.assert_allclose(result.weights.to_numpy(),
                               plain_ipf(frame, targets, sweeps=300).to_numpy(), rtol=1e-8)


def test_a_cap_that_never_binds_gives_the_uncapped_weights() -> None:
    """Raking the rows (cap path) and raking the cells (no cap) give the same weights."""
    frame = survey()
    cells = rake(frame, TARGETS, weights="design", tol=1e-12, max_iter=1000)
    rows = rake(frame, TARGETS, weights="design", cap=1e6, tol=1e-12, max_iter=1000)
    np.testing.assert_allclose(rows.weights.to_numpy(), cells.weights.to_numpy(), rtol=1e-9)


# ----------------------------------------------------------------- properties
@st.composite
def samples(draw: st.DrawFn) -> tuple[pd.DataFrame, dict[str, dict[Any, float]]]:
    """Two raking columns with every cross cell present (so a fit exists) and random targets."""
    k1 = draw(st.integers(2, 4))
    k2 = draw(st.integers(2, 3))
    extra = draw(st.lists(st.tuples(st.integers(0, k1 - 1), st.integers(0, k2 - 1)),
                          max_size=40))
    cells = [(i, j) for i in range(k1) for j in range(k2)] + extra
    frame = pd.DataFrame(cells, columns=["a", "b"])
    frame["b"] = frame["b"].map(lambda j: f"b{j}")
    targets: dict[str, dict[Any, float]] = {}
    for column, keys in (("a", list(range(k1))), ("b", [f"b{j}" for j in range(k2)])):
        raw = draw(st.lists(st.floats(0.1, 1.0), min_size=len(keys), max_size=len(keys)))
        shares = [r / math.fsum(raw) for r in raw]
        shares[-1] = 1.0 - math.fsum(shares[:-1])
        targets[column] = dict(zip(keys, shares, strict=True))
    return frame, targets


@settings(max_examples=60, deadline=None)
@given(samples())
def test_property_margins_meet_targets_and_weights_average_one(
        case: tuple[pd.DataFrame, dict[str, dict[Any, float]]]) -> None:
    """On convergence every achieved share is within tol of its target; the mean weight is 1."""
    frame, targets = case
    result = rake(frame, targets, tol=1e-8, max_iter=10_000)
    assert result.converged
    assert result.weights.mean() == pytest.approx(1.0, rel=1e-12)
    for column, shares in targets.items():
        achieved = shares_of(frame, result.weights, column)
        for category, share in shares.items():
            assert abs(achieved[category] - share) <= 1e-8


@settings(max_examples=30, deadline=None)
@given(samples(), st.randoms(use_true_random=False))
def test_property_permuting_rows_permutes_weights(
        case: tuple[pd.DataFrame, dict[str, dict[Any, float]]], random: Any) -> None:
    """Shuffling the rows shuffles the weights with them (by label)."""
    frame, targets = case
    order = list(range(len(frame)))
    random.shuffle(order)
    base = rake(frame, targets, tol=1e-10, max_iter=10_000).weights
    moved = rake(frame.iloc[order], targets, tol=1e-10, max_iter=10_000).weights
    np.testing.assert_allclose(moved.to_numpy(), base.iloc[order].to_numpy(), rtol=1e-7)


@settings(max_examples=30, deadline=None)
@given(samples())
def test_property_unit_design_weights_equal_no_design_weights(
        case: tuple[pd.DataFrame, dict[str, dict[Any, float]]]) -> None:
    """weights=1 everywhere gives exactly the result of no design weights."""
    frame, targets = case
    plain = rake(frame, targets)
    ones = rake(frame, targets, weights=np.ones(len(frame)))
    np.testing.assert_array_equal(plain.weights.to_numpy(), ones.weights.to_numpy())
    assert plain.iterations == ones.iterations


@settings(max_examples=30, deadline=None)
@given(samples())
def test_property_sample_matching_the_targets_gets_weights_one(
        case: tuple[pd.DataFrame, dict[str, dict[Any, float]]]) -> None:
    """When the targets are the sample's own shares, every weight is 1 and no sweep is made."""
    frame, _ = case
    targets = {c: frame[c].value_counts(normalize=True).to_dict() for c in frame.columns}
    result = rake(frame, targets)
    np.testing.assert_allclose(result.weights.to_numpy(), 1.0, rtol=1e-12)
    assert result.iterations == 0
    assert result.design_effect == pytest.approx(1.0)


# ----------------------------------------------------------------- options
def test_cap_bounds_the_largest_weight_and_still_meets_the_margins() -> None:
    """With a feasible cap the largest weight is at most cap times the mean, margins fit."""
    frame = survey()
    free = rake(frame, TARGETS)
    cap = 0.9 * float(free.weights.max())
    capped = rake(frame, TARGETS, cap=cap, max_iter=1000)
    assert capped.converged
    assert capped.weights.max() / capped.weights.mean() <= cap + 1e-6
    assert capped.margins["difference"].abs().max() <= 1e-6
    assert capped.design_effect < free.design_effect


def test_infeasible_cap_warns_and_reports_not_converged() -> None:
    """A cap too tight for the margins ends at max_iter with a ConvergenceWarning."""
    with pytest.warns(ConvergenceWarning, match=r"largest margin error is .*cap 1\.1"):
        result = rake(survey(), TARGETS, cap=1.1, max_iter=20)
    assert not result.converged
    assert result.iterations == 20
    assert result.max_error > 1e-6
    assert result.weights.max() / result.weights.mean() <= 1.1 + 1e-9


def test_inconsistent_targets_warn_with_the_largest_margin_error() -> None:
    """Two copies of one column raked to different shares cannot both fit: a warning."""
    frame = survey(300)
    frame["age_copy"] = frame["age"]
    targets = {"age": TARGETS["age"], "age_copy": {"18-34": 0.2, "35-54": 0.5, "55+": 0.3}}
    with pytest.warns(ConvergenceWarning, match="did not converge in 30 sweeps"):
        result = rake(frame, targets, max_iter=30)
    assert not result.converged


def test_missing_drop_leaves_the_rows_out_and_counts_them() -> None:
    """missing="drop": rows missing a raking column are left out, counted, as if absent."""
    frame = survey(500)
    frame.loc[frame.index[[3, 10]], "age"] = None
    frame.loc[frame.index[[10, 20]], "sex"] = np.nan
    result = rake(frame, TARGETS, missing="drop")
    assert result.n_dropped == 3
    without = rake(frame.drop(frame.index[[3, 10, 20]]), TARGETS)
    pd.testing.assert_series_equal(result.weights, without.weights)
    assert result.weights.mean() == pytest.approx(1.0)
    assert result.margins["difference"].abs().max() <= 1e-6


def test_missing_raise_names_the_column_and_position() -> None:
    """By default a missing value in a raking column is an error naming it."""
    frame = survey(50)
    frame.loc[frame.index[7], "region"] = None
    with pytest.raises(InvalidScoreError, match=r"data\['region'\].*at position 7.*missing="):
        rake(frame, TARGETS)


def test_weights_series_pairs_by_label_and_column_name_works() -> None:
    """A shuffled Series of design weights pairs by label; a column name reads the column."""
    frame = survey(400)
    by_name = rake(frame, TARGETS, weights="design")
    shuffled = frame["design"].sample(frac=1.0, random_state=1)
    by_label = rake(frame, TARGETS, weights=shuffled)
    pd.testing.assert_series_equal(by_name.weights, by_label.weights)
    with pytest.raises(LengthMismatchError, match="weights"):
        rake(frame, TARGETS, weights=shuffled.rename(index={shuffled.index[0]: -1}))


def test_huge_design_weights_are_rescaled_first() -> None:
    """Weights of order 1e200 give the same result as the same weights of order 1."""
    frame = survey(400)
    small = rake(frame, TARGETS, weights="design")
    huge = rake(frame, TARGETS, weights=frame["design"] * 1e200)
    np.testing.assert_allclose(huge.weights.to_numpy(), small.weights.to_numpy(), rtol=1e-12)
    assert np.isfinite(huge.n_effective)


def test_zero_design_weights_stay_zero() -> None:
    """Respondents with design weight 0 keep weight 0; the others meet the margins."""
    frame = survey(400)
    design = frame["design"].copy()
    design.iloc[:5] = 0.0
    result = rake(frame, TARGETS, weights=design)
    assert (result.weights.iloc[:5] == 0).all()
    assert result.margins["difference"].abs().max() <= 1e-6


def test_zero_share_weights_a_category_out() -> None:
    """A category given share 0 ends with weight 0; the other shares are met."""
    frame = survey(400)
    result = rake(frame, {"age": {"18-34": 0.0, "35-54": 0.5, "55+": 0.5}})
    assert (result.weights[frame["age"] == "18-34"] == 0).all()
    assert result.converged


def test_categorical_and_integer_columns() -> None:
    """Categorical columns (with unused categories) and integer codes rake like strings."""
    frame = survey(600)
    as_text = rake(frame, TARGETS)
    categorical = frame.astype({"age": pd.CategoricalDtype(["55+", "35-54", "18-34", "90+"])})
    np.testing.assert_allclose(rake(categorical, TARGETS).weights, as_text.weights, rtol=1e-12)
    codes = {"18-34": 1, "35-54": 2, "55+": 3}
    numbered = frame.assign(age=frame["age"].map(codes))
    targets = {**TARGETS, "age": {codes[k]: s for k, s in TARGETS["age"].items()}}
    np.testing.assert_allclose(rake(numbered, targets).weights, as_text.weights, rtol=1e-12)


def test_weights_feed_the_scores() -> None:
    """The weights pass straight to a weighted score (aligned by index)."""
    frame = survey(300)
    frame["score"] = np.random.default_rng(2).integers(0, 11, len(frame))
    result = rake(frame, TARGETS)
    weighted = ex.nps(frame["score"], weights=result.weights)
    y = (frame["score"] >= 9).astype(int) - (frame["score"] <= 6).astype(int)
    expected = np.average(y, weights=result.weights) * 100
    assert weighted.score == pytest.approx(expected)


def test_inputs_are_not_modified() -> None:
    """Nothing is modified: the data, the targets and the design weights are left as they were."""
    frame = survey(200)
    frame.loc[frame.index[0], "age"] = None
    before = frame.copy()
    targets = {k: dict(v) for k, v in TARGETS.items()}
    design = frame["design"].to_numpy().copy()
    rake(frame, targets, weights=design, missing="drop")
    pd.testing.assert_frame_equal(frame, before)
    assert targets == TARGETS
    np.testing.assert_array_equal(design, before["design"].to_numpy())


# ----------------------------------------------------------------- bad input
@pytest.mark.parametrize(("targets", "error", "pattern"), [
    ({"age": {"18-34": 0.3, "35-54": 0.4, "55+": 0.2}}, InvalidParameterError,
     r"targets\['age'\] must be shares summing to 1 .*sum to 0\.9"),
    ({"age": {"18-34": 0.7, "35-54": 0.4, "55+": -0.1}}, InvalidParameterError,
     r"targets\['age'\] must be finite, non-negative.*-0\.1 for the category '55\+'"),
    ({"age": {"18-34": 0.3, "35-54": 0.4, "55+": float("nan")}}, InvalidParameterError,
     r"targets\['age'\].*nan"),
    ({"age": {"18-34": 0.3, "35-54": 0.4, "55+": "0.3"}}, InvalidParameterError,
     r"targets\['age'\]"),
    ({"agegroup": {"18-34": 1.0}}, SchemaError, r"targets .*no column 'agegroup'"),
    ({"age": {"18-34": 0.3, "35-54": 0.4, "55+": 0.2, "85+": 0.1}}, InvalidParameterError,
     r"targets\['age'\].*'85\+' \(share 0\.1\) has no respondent"),
    ({"age": {"18-34": 0.5, "35-54": 0.5}}, InvalidScoreError,
     r"data\['age'\] must be a category listed in targets\['age'\].*first: '55\+'"),
    ({}, InvalidParameterError, r"targets must be a non-empty mapping"),
    ({"age": {}}, InvalidParameterError, r"targets\['age'\] must be a non-empty"),
    ({"age": [0.3, 0.4, 0.3]}, InvalidParameterError, r"targets\['age'\] must be a mapping"),
    ("age", InvalidParameterError, r"targets must be a non-empty mapping"),
    ({"age": {None: 0.3, "35-54": 0.4, "55+": 0.3}}, InvalidParameterError,
     r"targets\['age'\] must be keyed by categories"),
])
def test_bad_targets_raise_library_errors_naming_them(targets: Any, error: type[Exception],
                                                      pattern: str) -> None:
    """Each kind of bad target raises the library error that names the argument and value."""
    with pytest.raises(error, match=pattern):
        rake(survey(100), targets)


def test_strings_against_integer_categories_name_the_first_value() -> None:
    """Targets keyed "1", "2" do not silently match integer codes 1, 2: an error names 1."""
    frame = pd.DataFrame({"band": [1, 2, 2, 1]})
    with pytest.raises(InvalidScoreError,
                       match=r"data\['band'\].*first: 1 at position 0.*keys are str.*is int"):
        rake(frame, {"band": {"1": 0.5, "2": 0.5}})


def test_booleans_do_not_match_integer_categories() -> None:
    """True is not the category 1 (it would be by Python equality)."""
    frame = pd.DataFrame({"flag": [True, False, True]})
    with pytest.raises(InvalidScoreError, match=r"first: True"):
        rake(frame, {"flag": {1: 0.5, 0: 0.5}})
    assert rake(frame, {"flag": {True: 0.5, False: 0.5}}).converged


@pytest.mark.parametrize(("kwargs", "pattern"), [
    ({"cap": 1.0}, r"cap must be None or a number > 1"),
    ({"cap": float("inf")}, r"cap must be"),
    ({"tol": 0.0}, r"tol must be a number > 0"),
    ({"max_iter": 0}, r"max_iter must be an integer >= 1"),
    ({"max_iter": True}, r"max_iter must be"),
    ({"missing": "keep"}, r"missing must be one of 'raise', 'drop'"),
    ({"weights": "no_such_column"}, r"weights must be .*no column 'no_such_column'"),
])
def test_bad_options_raise_invalid_parameter(kwargs: dict[str, Any], pattern: str) -> None:
    """Options out of range are library errors naming the option."""
    with pytest.raises((InvalidParameterError, SchemaError), match=pattern):
        rake(survey(50), TARGETS, **kwargs)


def test_empty_data_and_all_zero_weights_are_errors() -> None:
    """No rows, no rows left after dropping, or all-zero design weights: errors, not NaN."""
    frame = survey(50)
    with pytest.raises(InsufficientDataError, match="data must be non-empty"):
        rake(frame.iloc[:0], TARGETS)
    with pytest.raises(InvalidScoreError, match="weights must be positive somewhere"):
        rake(frame, TARGETS, weights=np.zeros(len(frame)))
    blank = frame.assign(sex=None)
    with pytest.raises(InsufficientDataError, match="50 of 50 rows were dropped"):
        rake(blank, TARGETS, missing="drop")
    with pytest.raises(SchemaError, match="data must be a pandas DataFrame"):
        rake(frame.to_dict(), TARGETS)  # type: ignore[arg-type]


# ----------------------------------------------------------------- display
def test_result_converts_and_displays() -> None:
    """to_dict holds the summary, to_frame the margins; repr is short; HTML escapes labels."""
    frame = pd.DataFrame({"g": ["<b>", "<b>", "x"]})
    result = rake(frame, {"g": {"<b>": 0.5, "x": 0.5}})
    assert isinstance(result, RakeResult)
    assert set(result.to_dict()) == {"n_effective", "design_effect", "converged",
                                     "iterations", "max_error", "n_dropped"}
    pd.testing.assert_frame_equal(result.to_frame(), result.margins)
    assert result.to_frame() is not result.margins
    assert repr(result).startswith("RakeResult(n_effective=")
    assert "&lt;b&gt;" in result._repr_html_()
    assert "<b>" not in result._repr_html_()
    assert result == rake(frame, {"g": {"<b>": 0.5, "x": 0.5}})
