"""Tests for expectations.measurement.drivers: Johnson's relative weights."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st

from expectations.errors import (
    InsufficientDataError,
    InvalidParameterError,
    InvalidScoreError,
    LengthMismatchError,
    SchemaError,
)
from expectations.measurement.drivers import (
    DRIVER_COLUMNS,
    RelativeWeightsResult,
    relative_weights,
)

DRIVERS = ["price", "delivery", "quality", "support"]


def survey(seed: int, n: int = 300, loading: float = 0.5) -> pd.DataFrame:
    """Attribute ratings sharing a common factor (inter-correlation ~ loading**2)."""
    rng = np.random.default_rng(seed)
    factor = rng.normal(size=n)
    x = loading * factor[:, None] + math.sqrt(1 - loading**2) * rng.normal(size=(n, 4))
    frame = pd.DataFrame(x, columns=DRIVERS)
    frame["overall"] = x @ rng.uniform(0.1, 1.0, size=4) + rng.normal(size=n)
    return frame


def r_squared(x: np.ndarray, y: np.ndarray, columns: tuple[int, ...]) -> float:
    """R² of an OLS fit with intercept, by numpy least squares."""
    if not columns:
        return 0.0
    design = np.column_stack([np.ones(len(y)), x[:, list(columns)]])
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    residual = y - design @ beta
    centred = y - y.mean()
    return float(1 - residual @ residual / (centred @ centred))


def shapley_r_squared(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Exact Shapley (LMG) decomposition of R² over all 2^k driver subsets."""
    k = x.shape[1]
    out = np.zeros(k)
    for j in range(k):
        others = [i for i in range(k) if i != j]
        for size in range(k):
            share = math.factorial(size) * math.factorial(k - size - 1) / math.factorial(k)
            for subset in itertools.combinations(others, size):
                out[j] += share * (r_squared(x, y, (*subset, j)) - r_squared(x, y, subset))
    return out


# ---------------------------------------------------------------- exact references
def test_raw_weights_sum_to_statsmodels_r_squared() -> None:
    """Raw weights sum to statsmodels OLS(y, [1, X]).rsquared to 1e-10 (Johnson 2000, eq. 9)."""
    data = survey(11)
    result = relative_weights(data, "overall", DRIVERS)
    ols = sm.OLS(data["overall"], sm.add_constant(data[DRIVERS])).fit()
    assert result.r_squared == pytest.approx(ols.rsquared, abs=1e-10)
    assert sum(result.raw_weights) == pytest.approx(ols.rsquared, abs=1e-10)
    assert sum(result.rescaled_weights) == pytest.approx(100.0, abs=1e-9)


def test_weighted_r_squared_matches_statsmodels_wls() -> None:
    """With survey weights, raw weights sum to statsmodels WLS(..., weights).rsquared."""
    data = survey(12)
    w = np.random.default_rng(5).uniform(0.2, 3.0, size=len(data))
    result = relative_weights(data, "overall", DRIVERS, weights=w)
    wls = sm.WLS(data["overall"], sm.add_constant(data[DRIVERS]), weights=w).fit()
    assert sum(result.raw_weights) == pytest.approx(wls.rsquared, abs=1e-10)
    unweighted = relative_weights(data, "overall", DRIVERS)
    assert result.raw_weights != pytest.approx(unweighted.raw_weights, abs=1e-6)


def test_weights_column_name_equals_array() -> None:
    """weights= may name a column of data."""
    data = survey(12)
    data["w"] = np.random.default_rng(5).uniform(0.2, 3.0, size=len(data))
    by_name = relative_weights(data, "overall", DRIVERS, weights="w")
    by_array = relative_weights(data, "overall", DRIVERS, weights=data["w"].to_numpy())
    assert by_name.raw_weights == pytest.approx(by_array.raw_weights, rel=1e-12)


def test_integer_weights_equal_repeated_rows() -> None:
    """A weight of 2 counts a row twice (weighted correlations, not a reweighted mean)."""
    data = survey(13, n=60)
    w = np.random.default_rng(2).integers(1, 4, size=60)
    repeated = data.loc[data.index.repeat(w)]
    weighted = relative_weights(data, "overall", DRIVERS, weights=w)
    assert weighted.raw_weights == pytest.approx(
        relative_weights(repeated, "overall", DRIVERS).raw_weights, rel=1e-10)


def test_orthogonal_drivers_get_their_squared_correlations() -> None:
    """Uncorrelated drivers: each weight is exactly its squared correlation with y."""
    rng = np.random.default_rng(3)
    raw = rng.normal(size=(200, 3))
    q, _ = np.linalg.qr(raw - raw.mean(axis=0))  # orthonormal, centred columns
    data = pd.DataFrame(q, columns=["a", "b", "c"])
    data["y"] = q @ [3.0, 1.0, 0.5] + rng.normal(size=200) * 0.02
    result = relative_weights(data, "y", ["a", "b", "c"])
    expected = [np.corrcoef(data[c], data["y"])[0, 1] ** 2 for c in "abc"]
    np.testing.assert_allclose(result.raw_weights, expected, rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("loading", [0.3, 0.5, 0.7])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_close_to_exact_shapley_decomposition(seed: int, loading: float) -> None:
    """Johnson's weights are within 1 point (rescaled) of the exact Shapley R² shares.

    Johnson (2000) and LeBreton, Ployhart & Ladd (2004, Organizational Research
    Methods 7(3)) report relative weights and general dominance (Shapley/LMG)
    weights nearly identical. Here inter-driver correlations reach ~0.6
    (loading 0.7); measured worst difference over 30 seeds was 0.66 points.
    """
    data = survey(seed, loading=loading)
    x, y = data[DRIVERS].to_numpy(), data["overall"].to_numpy()
    shapley = shapley_r_squared(x, y)
    result = relative_weights(data, "overall", DRIVERS)
    assert shapley.sum() == pytest.approx(result.r_squared, abs=1e-10)
    np.testing.assert_allclose(result.rescaled_weights, 100 * shapley / shapley.sum(), atol=1.0)
    np.testing.assert_allclose(result.raw_weights, shapley, atol=0.01)


def test_single_driver_weight_is_squared_correlation() -> None:
    """With one driver, its raw weight is r² and its rescaled weight 100."""
    data = survey(4)
    result = relative_weights(data, "overall", ["price"])
    r = np.corrcoef(data["price"], data["overall"])[0, 1]
    assert result.raw_weights[0] == pytest.approx(r**2, rel=1e-12)
    assert result.rescaled_weights == (pytest.approx(100.0),)


# ---------------------------------------------------------------- result shape
def test_frame_schema_and_ranks() -> None:
    """to_frame has the fixed columns, one row per driver, rank 1 for the largest weight."""
    result = relative_weights(survey(5), "overall", DRIVERS)
    frame = result.to_frame()
    assert tuple(frame.columns) == DRIVER_COLUMNS
    assert list(frame.index) == DRIVERS
    assert frame.index.name == "driver"
    assert frame.loc[frame["raw_weight"].idxmax(), "rank"] == 1
    assert sorted(frame["rank"]) == [1, 2, 3, 4]
    assert frame[["raw_ci_low", "rescaled_ci_high"]].isna().all().all()
    assert isinstance(result, RelativeWeightsResult)
    assert isinstance(result.r_squared, float)
    assert "<table" in result._repr_html_()


def test_input_is_not_mutated() -> None:
    """The caller's frame is unchanged."""
    data = survey(6)
    data.loc[3, "price"] = np.nan
    copy = data.copy()
    relative_weights(data, "overall", DRIVERS, missing="drop", bootstrap=20, rng=0)
    pd.testing.assert_frame_equal(data, copy)


def test_missing_rows_dropped_and_counted() -> None:
    """With missing="drop", incomplete rows are removed listwise and counted."""
    data = survey(6)
    data.loc[[3, 8], "price"] = np.nan
    data.loc[8, "overall"] = np.nan
    data.loc[10, "support"] = np.nan
    result = relative_weights(data, "overall", DRIVERS, missing="drop")
    complete = relative_weights(data.dropna(), "overall", DRIVERS)
    assert (result.n, result.n_dropped) == (297, 3)
    assert result.raw_weights == pytest.approx(complete.raw_weights, rel=1e-12)


def test_zero_weight_rows_are_counted_in_n_dropped() -> None:
    """Rows of weight zero are left out of the fit and counted, with incomplete rows."""
    data = survey(7, n=100)
    data.loc[5, "price"] = np.nan
    w = np.ones(100)
    w[[0, 1, 5]] = 0.0  # row 5 is both incomplete and of weight zero: counted once
    result = relative_weights(data, "overall", DRIVERS, weights=w, missing="drop")
    assert (result.n, result.n_dropped) == (97, 3)
    assert result.n + result.n_dropped == len(data)
    kept = relative_weights(data.drop(index=[0, 1, 5]), "overall", DRIVERS)
    assert result.raw_weights == pytest.approx(kept.raw_weights, rel=1e-12)


def test_nullable_integer_ratings() -> None:
    """Nullable Int64 ratings (as in the demo drivers table) are accepted."""
    data = survey(7).round().astype("Int64")
    data.loc[0, "quality"] = pd.NA
    result = relative_weights(data, "overall", DRIVERS, missing="drop")
    assert result.n_dropped == 1


# ---------------------------------------------------------------- bootstrap
def test_bootstrap_same_seed_is_bit_identical() -> None:
    """The same seed gives identical intervals; a Generator seeded alike does too."""
    data = survey(8)
    a = relative_weights(data, "overall", DRIVERS, bootstrap=200, rng=42)
    b = relative_weights(data, "overall", DRIVERS, bootstrap=200, rng=42)
    c = relative_weights(data, "overall", DRIVERS, bootstrap=200,
                         rng=np.random.default_rng(42))
    d = relative_weights(data, "overall", DRIVERS, bootstrap=200, rng=43)
    assert a.raw_ci_low == b.raw_ci_low == c.raw_ci_low
    assert a.rescaled_ci_high == b.rescaled_ci_high == c.rescaled_ci_high
    assert a.raw_ci_low != d.raw_ci_low


def test_bootstrap_leaves_global_random_state_alone() -> None:
    """The bootstrap never touches numpy's global random state."""
    np.random.seed(0)  # noqa: NPY002 - the point is to check the legacy global state
    before = np.random.get_state()[1].copy()  # noqa: NPY002
    relative_weights(survey(8), "overall", DRIVERS, bootstrap=50, rng=1)
    np.testing.assert_array_equal(np.random.get_state()[1], before)  # noqa: NPY002


def test_bootstrap_intervals_cover_estimates() -> None:
    """Percentile intervals bracket the estimates and report their coverage."""
    result = relative_weights(survey(9, n=500), "overall", DRIVERS, bootstrap=400, rng=3,
                              confidence=0.9)
    assert result.n_bootstrap == 400
    assert result.confidence == 0.9
    assert result.raw_ci_low is not None
    assert result.raw_ci_high is not None
    assert result.rescaled_ci_low is not None
    assert result.rescaled_ci_high is not None
    for j in range(4):
        assert result.raw_ci_low[j] <= result.raw_weights[j] <= result.raw_ci_high[j]
        assert (result.rescaled_ci_low[j] <= result.rescaled_weights[j]
                <= result.rescaled_ci_high[j])


def test_bootstrap_matches_index_resampling() -> None:
    """Each replicate equals relative_weights on the resampled rows (checked for one)."""
    data = survey(10, n=80)
    result = relative_weights(data, "overall", DRIVERS, bootstrap=1, rng=5)
    # One replicate is its own 2.5% and 97.5% percentile; redraw its counts.
    counts = np.random.default_rng(5).multinomial(80, np.full(80, 1 / 80))
    resampled = data.loc[data.index.repeat(counts)]
    expected = relative_weights(resampled, "overall", DRIVERS)
    assert result.n_bootstrap == 1
    assert result.raw_ci_low == pytest.approx(expected.raw_weights, rel=1e-9)


# ---------------------------------------------------------------- bad input
def test_constant_driver_is_named() -> None:
    """A constant driver is an InvalidScoreError naming it."""
    data = survey(1).assign(quality=3.0)
    with pytest.raises(InvalidScoreError) as info:
        relative_weights(data, "overall", DRIVERS)
    assert str(info.value) == (
        "drivers must be columns that vary; 1 value is not (first: 'quality' at position 2). "
        "Constant: 'quality'; drop them, a constant explains nothing."
    )


def test_constant_outcome_is_named() -> None:
    """A constant outcome is an error too."""
    with pytest.raises(InvalidScoreError, match=r"outcome must be columns that vary.*'overall'"):
        relative_weights(survey(1).assign(overall=4), "overall", DRIVERS)


def test_collinear_drivers_are_named() -> None:
    """A driver that is an exact sum of others is an error naming all involved."""
    data = survey(1)
    data["total"] = data["price"] + 2 * data["delivery"]
    with pytest.raises(InvalidScoreError) as info:
        relative_weights(data, "overall", [*DRIVERS, "total"])
    message = str(info.value)
    assert message.startswith("drivers must be linearly independent")
    assert "Perfectly collinear: 'price', 'delivery', 'total'; drop one" in message


def test_duplicated_driver_under_another_name() -> None:
    """Two identical columns make the driver matrix singular: both are named."""
    data = survey(1).assign(price_copy=lambda d: d["price"])
    with pytest.raises(InvalidScoreError, match="Perfectly collinear: 'price', 'price_copy'"):
        relative_weights(data, "overall", [*DRIVERS, "price_copy"])


def test_missing_value_raises_by_default() -> None:
    """A missing rating is an error naming the column and row unless missing="drop"."""
    data = survey(1)
    data.loc[5, "support"] = np.nan
    with pytest.raises(InvalidScoreError, match=r"data\['support'\] must be present.*position 5"):
        relative_weights(data, "overall", DRIVERS)


def test_infinite_value() -> None:
    """An infinite value is an error naming the column."""
    data = survey(1)
    data.loc[2, "price"] = np.inf
    with pytest.raises(InvalidScoreError, match=r"data\['price'\] must be finite.*position 2"):
        relative_weights(data, "overall", DRIVERS)


def test_too_few_rows() -> None:
    """As many rows as drivers + 1 leave R² undetermined: an error."""
    with pytest.raises(InsufficientDataError, match="more rows than drivers"):
        relative_weights(survey(1, n=5), "overall", DRIVERS)


def test_missing_column() -> None:
    """An unknown column is a SchemaError."""
    with pytest.raises(SchemaError, match="data must have the column 'speed'"):
        relative_weights(survey(1), "overall", ["price", "speed"])


def test_weights_of_wrong_length() -> None:
    """Weights must have one entry per row."""
    with pytest.raises(LengthMismatchError, match="weights must be the same length"):
        relative_weights(survey(1), "overall", DRIVERS, weights=[1.0, 2.0])


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (("overall", "price"), {}, "drivers must be a list"),
        (("overall", []), {}, "drivers must name at least one"),
        (("overall", ["price", "price"]), {}, "drivers must be distinct"),
        (("overall", ["overall", "price"]), {}, "must not include the outcome"),
        (("overall", DRIVERS), {"bootstrap": -1}, "bootstrap must be"),
        (("overall", DRIVERS), {"bootstrap": True}, "bootstrap must be"),
        (("overall", DRIVERS), {"bootstrap": 10, "rng": "seed"}, "rng must be"),
        (("overall", DRIVERS), {"missing": "listwise"}, "missing must be one of"),
        (("overall", DRIVERS), {"confidence": 1.5}, "confidence must be"),
    ],
)
def test_bad_options(args: tuple[object, ...], kwargs: dict[str, object], message: str) -> None:
    """Bad options are InvalidParameterErrors saying what is accepted."""
    with pytest.raises(InvalidParameterError, match=message):
        relative_weights(survey(1), *args, **kwargs)  # type: ignore[arg-type]


# ---------------------------------------------------------------- properties
seeds = st.integers(0, 2**32 - 1)


@settings(max_examples=30)
@given(seeds, st.floats(0.0, 0.8))
def test_weights_sum_to_r_squared(seed: int, loading: float) -> None:
    """Raw weights are non-negative and sum to R²; rescaled weights sum to 100."""
    result = relative_weights(survey(seed, n=60, loading=loading), "overall", DRIVERS)
    assert min(result.raw_weights) >= 0
    assert sum(result.raw_weights) == pytest.approx(result.r_squared, rel=1e-10)
    assert sum(result.rescaled_weights) == pytest.approx(100.0, rel=1e-10)


@settings(max_examples=30)
@given(seeds, st.permutations(DRIVERS))
def test_invariant_to_driver_order(seed: int, order: list[str]) -> None:
    """Listing the drivers in another order gives each driver the same weight."""
    data = survey(seed, n=60)
    base = dict(zip(DRIVERS, relative_weights(data, "overall", DRIVERS).raw_weights,
                    strict=True))
    permuted = dict(zip(order, relative_weights(data, "overall", order).raw_weights,
                        strict=True))
    for name in DRIVERS:
        assert permuted[name] == pytest.approx(base[name], rel=1e-9, abs=1e-12)


@settings(max_examples=30)
@given(seeds, st.sampled_from(DRIVERS), st.floats(0.01, 100.0), st.floats(-50.0, 50.0))
def test_invariant_to_rescaling_a_driver(seed: int, driver: str, scale: float,
                                         shift: float) -> None:
    """A positive affine change of one driver (units, scale points) changes no weight."""
    data = survey(seed, n=60)
    changed = data.assign(**{driver: scale * data[driver] + shift})
    a = relative_weights(data, "overall", DRIVERS).raw_weights
    b = relative_weights(changed, "overall", DRIVERS).raw_weights
    np.testing.assert_allclose(b, a, rtol=1e-7, atol=1e-10)
