"""Tests for expectations.models.scale.Scale."""

from __future__ import annotations

import attrs
import numpy as np
import pytest

from expectations.errors import InvalidParameterError, InvalidScoreError
from expectations.models import Scale


def test_integer_scale_properties() -> None:
    """A 0-10 scale has 11 points and midpoint 5 (the NPS question, Reichheld 2003)."""
    s = Scale(0, 10)
    assert (s.points, s.midpoint) == (11, 5.0)


def test_continuous_scale_has_no_point_count() -> None:
    """A continuous scale reports points as None and accepts fractions."""
    s = Scale(0, 1, integer=False)
    assert s.points is None
    assert s.contains([0.25, 1.5]).tolist() == [True, False]


@pytest.mark.parametrize(
    ("values", "expected"),
    [([1, 5], [True, True]), ([0, 6], [False, False]), ([2.5], [False]), ([None], [False])],
)
def test_contains(values: list[object], expected: list[bool]) -> None:
    """Scale.contains is True only for whole numbers in low..high."""
    assert Scale(1, 5).contains(values).tolist() == expected


def test_validate_raises_score_error_naming_value() -> None:
    """Scale.validate names the argument, the first bad value and its position."""
    match = r"scores must be integers in 1\.\.5.*first: 6\.0 at position 1"
    with pytest.raises(InvalidScoreError, match=match):
        Scale(1, 5).validate(np.array([1.0, 6.0]), "scores")


def test_validate_continuous_uses_range() -> None:
    """A continuous scale accepts fractions inside its range and rejects values outside."""
    Scale(1, 5, integer=False).validate(np.array([1.5, 4.9]), "scores")
    with pytest.raises(InvalidScoreError, match="between 1 and 5"):
        Scale(1, 5, integer=False).validate(np.array([5.5]), "scores")


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((5, 1), {}, r"high must be greater than low \(5\); got 1"),
        ((1, 1), {}, "high must be greater than low"),
        (("1", 5), {}, "low must be a number; got '1'"),
        ((1, True), {}, "high must be a number; got True"),
        ((1, float("inf")), {}, "high must be finite; got inf"),
        ((1, 5), {"integer": 1}, "integer must be True or False; got 1"),
        ((0.5, 5), {}, "whole numbers on an integer scale; got 0.5..5"),
        ((1, 5), {"labels": {9: "x"}}, "labels must be keyed by values on the scale"),
        ((1, 5), {"labels": {"a": "x"}}, "labels must be a mapping"),
        ((1, 5), {"labels": [(1, "a"), (1.0, "b")]}, "each scale value one label"),
    ],
)
def test_invalid_scale(args: tuple[object, ...], kwargs: dict[str, object], match: str) -> None:
    """Invalid bounds, flags or labels raise InvalidParameterError naming them."""
    with pytest.raises(InvalidParameterError, match=match):
        Scale(*args, **kwargs)  # type: ignore[arg-type]


def test_labels_sorted_and_looked_up() -> None:
    """Labels are stored sorted by value and found by label()."""
    s = Scale(1, 5, labels={5: "high", 1: "low"})
    assert s.labels == ((1.0, "low"), (5.0, "high"))
    assert (s.label(1), s.label(3)) == ("low", None)


def test_value_equality_and_hash() -> None:
    """Scales with equal fields are equal and hash alike; numpy bounds become Python."""
    a, b = Scale(1, 5), Scale(np.int64(1), np.int64(5))
    assert a == b
    assert hash(a) == hash(b)
    assert type(b.low) is int
    assert Scale(1, 5) != Scale(1, 7)


def test_frozen() -> None:
    """Setting an attribute raises FrozenInstanceError."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        Scale(1, 5).low = 0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("data", "match"),
    [
        ({"low": 1, "high": 5, "hihg": 5}, "unknown key 'hihg'"),
        ({"low": 1}, "the key 'high' is missing"),
        ([1, 5], r"data must be a mapping .*; got \[1, 5\]"),
    ],
)
def test_from_dict_checks_keys(data: object, match: str) -> None:
    """from_dict names a missing or misspelt key, and rejects a non-mapping."""
    with pytest.raises(InvalidParameterError, match=match):
        Scale.from_dict(data)  # type: ignore[arg-type]


@pytest.mark.parametrize(("low", "high", "match"), [
    (1, 2**62, r"within -2\*\*53\.\.2\*\*53 on an integer scale"),
    (-(2**60), 0, r"within -2\*\*53\.\.2\*\*53 on an integer scale"),
    (1, 2**1100, r"high must be finite; got an integer of 1101 bits, beyond"),
    (-(2**20000), 0, r"low must be finite; got an integer of 20001 bits"),
], ids=["2**62", "-2**60", "2**1100", "-2**20000"])
def test_absurd_bounds_are_refused(low: int, high: int, match: str) -> None:
    """Bounds beyond what floats hold exactly raise InvalidParameterError, not OverflowError."""
    with pytest.raises(InvalidParameterError, match=match):
        Scale(low, high)


def test_midpoint_of_a_scale_near_the_float_maximum_is_finite() -> None:
    """The midpoint halves before adding, so bounds near 1.8e308 do not overflow."""
    assert Scale(1e308, 1.7e308, integer=False).midpoint == pytest.approx(1.35e308)


def test_the_widest_exact_integer_scale_is_accepted() -> None:
    """2**53 is still exact, so it is a valid bound."""
    assert Scale(0, 2**53).high == 2**53
