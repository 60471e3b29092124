"""Input coercion and checks shared by every public function."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from expectations import _validation as v
from expectations.errors import (
    InsufficientDataError,
    InvalidParameterError,
    InvalidScoreError,
    LengthMismatchError,
    SchemaError,
)


@pytest.mark.parametrize(
    "values",
    [
        [1, 2, 3],
        (1, 2, 3),
        np.array([1, 2, 3], dtype=np.int8),
        np.array([1.0, 2.0, 3.0]),
        pd.Series([1, 2, 3]),
        pd.Series([1, 2, 3], dtype="Int64"),
        pd.Series([1.0, 2.0, 3.0], dtype="Float64"),
        pd.Index([1, 2, 3]),
    ],
)
def test_to_float_array_accepts_numeric_inputs(values: object) -> None:
    """Lists, arrays, Series (including nullable dtypes) become float64 arrays."""
    out = v.to_float_array(values, "scores")
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, [1.0, 2.0, 3.0])


def test_nullable_missing_becomes_nan() -> None:
    """pd.NA in a nullable Series and None in a list become NaN."""
    assert np.isnan(v.to_float_array(pd.Series([1, None], dtype="Int64"), "s")[1])
    assert np.isnan(v.to_float_array([1, None], "s")[1])


def test_to_float_array_never_shares_memory() -> None:
    """Writing to the result leaves the caller's array unchanged."""
    original = np.array([1.0, 2.0])
    out = v.to_float_array(original, "scores")
    out[0] = 99.0
    assert original[0] == 1.0


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ([1, "a"], "first: 'a' at position 1"),
        (np.array(["x", "y"]), "first: 'x' at position 0"),
        ([True, False], "not booleans"),
        (pd.Series([True, False]), "not booleans"),
        (np.array([[1, 2], [3, 4]]), "one-dimensional"),
        ("123", "Got str"),
        (None, "Got NoneType"),
        (pd.DataFrame({"a": [1]}), "DataFrame"),
        (pd.Series(pd.to_datetime(["2024-01-01"])), "numbers"),
        ([1, object()], "numbers"),
    ],
)
def test_to_float_array_rejects_non_numbers(values: object, fragment: str) -> None:
    """Text, booleans, dates and nested arrays raise InvalidScoreError naming the problem."""
    with pytest.raises(InvalidScoreError, match="scores must be") as info:
        v.to_float_array(values, "scores")
    assert fragment in str(info.value)


def test_handle_missing_raise_names_position() -> None:
    """missing='raise' reports the count and first position of NaN."""
    with pytest.raises(InvalidScoreError, match=r"2 values are not \(first: nan at position 1\)"):
        v.handle_missing(np.array([1.0, np.nan, np.nan]), "scores", "raise")


def test_handle_missing_drop_counts() -> None:
    """missing='drop' keeps the rest and reports how many were dropped."""
    keep, n_dropped = v.handle_missing(np.array([1.0, np.nan, 3.0]), "scores", "drop")
    assert keep.tolist() == [True, False, True]
    assert n_dropped == 1


def test_handle_missing_rejects_unknown_policy() -> None:
    """An unknown missing policy is an InvalidParameterError listing the choices."""
    with pytest.raises(InvalidParameterError, match="missing must be one of 'raise', 'drop'"):
        v.handle_missing(np.array([1.0]), "scores", "ignore")


@pytest.mark.parametrize(
    ("value", "first"), [(7.5, "7.5"), (11.0, "11.0"), (-1.0, "-1.0"), (np.inf, "inf")]
)
def test_integer_scale_rejects(value: float, first: str) -> None:
    """Non-integers and out-of-range values name the first offender and its position."""
    with pytest.raises(InvalidScoreError) as info:
        v.check_integer_scale(np.array([5.0, value]), "scores", 0, 10, "for NPS")
    assert str(info.value).startswith("scores must be integers in 0..10 for NPS; 1 value is not")
    assert f"first: {first} at position 1" in str(info.value)


def test_range_check() -> None:
    """Values outside a continuous range are reported."""
    with pytest.raises(InvalidScoreError, match=r"between 1 and 7.*first: 7.5"):
        v.check_range(np.array([1.0, 7.5]), "scores", 1, 7)


def test_same_length() -> None:
    """Mismatched lengths raise LengthMismatchError naming both arguments."""
    assert v.check_same_length(a=[1, 2], b=[3, 4]) == 2
    with pytest.raises(LengthMismatchError, match=r"b must be the same length as a \(2\); got 3"):
        v.check_same_length(a=[1, 2], b=[1, 2, 3])


@pytest.mark.parametrize(
    ("weights", "error", "fragment"),
    [
        ([1.0, -1.0], InvalidScoreError, "first: -1.0 at position 1"),
        ([1.0, np.nan], InvalidScoreError, "first: nan at position 1"),
        ([1.0, np.inf], InvalidScoreError, "first: inf at position 1"),
        ([0.0, 0.0], InvalidScoreError, "All weights are zero"),
        ([1.0], LengthMismatchError, "same length as the data (2); got 1"),
        (["a", 1.0], InvalidScoreError, "first: 'a'"),
    ],
)
def test_bad_weights(weights: list[object], error: type[Exception], fragment: str) -> None:
    """Negative, NaN, infinite, all-zero or misaligned weights are rejected."""
    with pytest.raises(error, match="weights must") as info:
        v.check_weights(weights, 2)
    assert fragment in str(info.value)


def test_check_option_is_type_strict() -> None:
    """True is not accepted where the option 1 is allowed (True == 1 in Python)."""
    v.check_option(1, "top", (1, 2))
    with pytest.raises(InvalidParameterError):
        v.check_option(True, "top", (1, 2))


@pytest.mark.parametrize("confidence", [0, 1, 1.5, -0.1, "0.95", True, None, float("nan")])
def test_bad_confidence(confidence: object) -> None:
    """Confidence levels must be numbers strictly between 0 and 1."""
    with pytest.raises(InvalidParameterError, match="confidence must be"):
        v.check_confidence(confidence)


def test_check_columns() -> None:
    """A missing column is a SchemaError naming it and listing those present."""
    df = pd.DataFrame({"a": [1], "b": [2]})
    assert v.check_columns(df, ["a"]) is df
    with pytest.raises(SchemaError, match="data must have the column 'z'; it has 'a', 'b'"):
        v.check_columns(df, ["z"])
    with pytest.raises(SchemaError, match="must be a pandas DataFrame"):
        v.check_columns({"a": [1]}, ["a"])


def test_check_not_empty() -> None:
    """An empty input raises InsufficientDataError."""
    with pytest.raises(InsufficientDataError, match="scores must be non-empty"):
        v.check_not_empty(0, "scores")


@given(st.lists(st.one_of(st.integers(-10**6, 10**6), st.floats(allow_nan=True)), max_size=50))
def test_to_float_array_round_trips_numbers(values: list[float]) -> None:
    """Any list of numbers converts element by element, NaN staying NaN."""
    out = v.to_float_array(values, "x")
    np.testing.assert_array_equal(out, np.array(values, dtype=np.float64))
