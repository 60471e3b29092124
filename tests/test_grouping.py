"""Tests for expectations._grouping, the one engine behind every by=.

Reference: pandas ``DataFrame.groupby(...).size()`` / ``.sum()`` (sorted keys,
observed combinations only) computed on the same data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from expectations._grouping import count_categories, factorize, frame, sum_by_group
from expectations.errors import InvalidParameterError, InvalidScoreError, LengthMismatchError

RNG = np.random.default_rng(5)
N = 1_000
REGION = RNG.choice(["north", "south", "east", "west"], size=N)
WAVE = RNG.choice([2022, 2023, 2024], size=N)
CATEGORY = RNG.integers(0, 3, size=N)


def test_single_key_sorted_codes() -> None:
    """One key gives sorted unique keys and codes pointing into them."""
    groups = factorize(REGION, N)
    assert list(groups.index) == ["east", "north", "south", "west"]
    np.testing.assert_array_equal(groups.index.to_numpy()[groups.codes], REGION)
    assert groups.n_dropped == 0


def test_several_keys_match_pandas_groupby_size() -> None:
    """Two keys give the observed combinations with pandas' group sizes."""
    groups = factorize([REGION, WAVE], N)
    sizes = np.bincount(groups.codes, minlength=groups.n_groups)
    expected = pd.DataFrame({"r": REGION, "w": WAVE}).groupby(["r", "w"]).size()
    assert list(groups.index) == list(expected.index)
    assert sizes.tolist() == expected.tolist()


def test_counts_equal_pandas_groupby_counts() -> None:
    """count_categories equals a pandas crosstab of key by category."""
    groups = factorize(REGION, N)
    counts = count_categories(groups, CATEGORY, 3)
    expected = pd.crosstab(REGION, CATEGORY)
    np.testing.assert_array_equal(counts, expected.to_numpy())


def test_weighted_counts_and_sums_equal_pandas() -> None:
    """Weighted counts and sums equal pandas groupby sums of the weights."""
    weights = RNG.uniform(0, 2, size=N)
    groups = factorize(REGION, N)
    df = pd.DataFrame({"key": REGION, "cat": CATEGORY, "w": weights})
    expected = df.pivot_table(index="key", columns="cat", values="w", aggfunc="sum")
    np.testing.assert_allclose(count_categories(groups, CATEGORY, 3, weights),
                               expected.to_numpy())
    np.testing.assert_allclose(sum_by_group(groups, weights),
                               df.groupby("key")["w"].sum().to_numpy())


def test_categorical_key_keeps_category_order() -> None:
    """A categorical key keeps its category order (only observed categories)."""
    key = pd.Categorical(["low", "high", "mid", "high"], categories=["low", "mid", "high", "x"])
    groups = factorize(key, 4)
    assert list(groups.index) == ["low", "mid", "high"]
    assert groups.codes.tolist() == [0, 2, 1, 2]


def test_series_key_names_are_kept() -> None:
    """Series names become the index names, for one and for several keys."""
    one = factorize(pd.Series(REGION, name="region"), N)
    assert one.index.name == "region"
    two = factorize([pd.Series(REGION, name="region"), pd.Series(WAVE, name="wave")], N)
    assert list(two.index.names) == ["region", "wave"]


def test_dataframe_key_uses_its_columns() -> None:
    """A DataFrame of keys groups by all its columns, named after them."""
    groups = factorize(pd.DataFrame({"region": REGION, "wave": WAVE}), N)
    assert list(groups.index.names) == ["region", "wave"]


def test_missing_key_raises_by_default() -> None:
    """A missing key raises InvalidScoreError naming by, the count and the position."""
    message = r"by must be present.*2 values are not.*position 1"
    with pytest.raises(InvalidScoreError, match=message):
        factorize(["a", None, "b", np.nan], 4)


@pytest.mark.parametrize("several", [False, True])
def test_missing_key_drop_counts_rows(several: bool) -> None:
    """missing='drop' gives the missing rows code -1 and counts them."""
    keys: object = ["a", None, "b", "a"]
    if several:
        keys = [["a", None, "b", "a"], [1, 1, np.nan, 1]]
    groups = factorize(keys, 4, missing="drop")
    assert groups.codes[1] == -1
    assert groups.n_dropped == (2 if several else 1)
    counts = count_categories(groups, np.array([0, 1, 1, 1]), 2)
    assert counts.sum() == 4 - groups.n_dropped


def test_wrong_length_key_raises() -> None:
    """A key of the wrong length raises LengthMismatchError naming the argument."""
    with pytest.raises(LengthMismatchError, match=r"by must be the same length as the data \(4\)"):
        factorize(["a", "b"], 4)


def test_unsupported_key_type_raises() -> None:
    """A scalar key raises InvalidParameterError."""
    with pytest.raises(InvalidParameterError, match="by must be"):
        factorize(3, 4)


def test_frame_has_exact_columns_and_dropped_count() -> None:
    """frame() keeps the column order and records dropped keys in attrs."""
    groups = factorize(["a", None, "b"], 3, missing="drop")
    out = frame(groups, ["x", "y"], {"y": [1, 2], "x": [3, 4], "z": [0, 0]})
    assert list(out.columns) == ["x", "y"]
    assert out.attrs["n_dropped_keys"] == 1


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(RNG.integers(0, 50, size=N), id="dense-int64"),
        pytest.param(RNG.choice([3, 7, 40, -2], size=N), id="gaps-and-negative"),
        pytest.param(RNG.integers(0, 5, size=N).astype(np.uint8), id="uint8"),
        pytest.param(RNG.choice([0, 10**12], size=N), id="wide-range-hashed"),
        pytest.param(pd.Series(RNG.integers(5, 9, size=N), name="store"), id="series"),
    ],
)
def test_integer_keys_match_pandas_factorize(key: object) -> None:
    """Integer keys (dense fast path or hashed) give pandas' sorted codes and uniques."""
    groups = factorize(key, N)
    codes, uniques = pd.factorize(np.asarray(key), sort=True)
    np.testing.assert_array_equal(groups.codes, codes)
    assert list(groups.index) == list(uniques)
    assert groups.index.dtype == np.asarray(key).dtype
