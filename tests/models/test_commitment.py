"""Tests for expectations.models.commitment.Commitment."""

from __future__ import annotations

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import commitments

from expectations.errors import InvalidParameterError, InvalidScoreError, SchemaError
from expectations.models import Commitment, Touchpoint


def make(**changes: object) -> Commitment:
    fields: dict[str, object] = {
        "name": "two-day delivery", "metric": "delivery_days", "target": 2, "unit": "days",
    }
    fields.update(changes)
    return Commitment(**fields)  # type: ignore[arg-type]


def test_defaults() -> None:
    """A commitment is at_most, explicit and tied to no touchpoint by default."""
    c = make()
    assert (c.direction, c.explicit, c.touchpoint, c.target) == ("at_most", True, None, 2.0)


def test_touchpoint_stored_by_name() -> None:
    """A Touchpoint argument is stored as its name."""
    tp = Touchpoint(name="courier", channel="store", stage="delivery")
    assert make(touchpoint=tp).touchpoint == "courier"


@pytest.mark.parametrize(
    ("direction", "values", "expected"),
    [
        ("at_most", [1, 2, 2.01, np.inf], [True, True, False, False]),
        ("at_least", [1, 2, 2.01, np.inf], [False, True, True, True]),
    ],
)
def test_kept(direction: str, values: list[float], expected: list[bool]) -> None:
    """The target itself keeps the promise in both directions."""
    c = make(direction=direction)
    assert c.kept(values).tolist() == expected
    assert [c.keeps(x) for x in values] == expected


@pytest.mark.parametrize(
    ("direction", "values", "expected"),
    [("at_most", [1, 2, 3.5], [0.0, 0.0, 1.5]), ("at_least", [1, 2, 3.5], [1.0, 0.0, 0.0])],
)
def test_breach(direction: str, values: list[float], expected: list[float]) -> None:
    """The breach is the distance past the target, zero when kept."""
    assert make(direction=direction).breach(values).tolist() == expected


@settings(max_examples=50, deadline=None)
@given(commitments(), st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=20))
def test_breach_zero_exactly_when_kept(c: Commitment, values: list[float]) -> None:
    """An outcome has zero breach if and only if it keeps the promise."""
    assert np.array_equal(c.breach(values) == 0, c.kept(values))


@pytest.mark.parametrize("method", ["kept", "breach"])
def test_nan_outcome_raises(method: str) -> None:
    """A missing outcome raises InvalidScoreError naming its position."""
    with pytest.raises(InvalidScoreError, match=r"values must be present.*at position 1"):
        getattr(make(), method)(pd.Series([1.0, None]))


@pytest.mark.parametrize("value", [float("nan"), "2", None, True])
def test_keeps_rejects_non_numbers(value: object) -> None:
    """Commitment.keeps raises InvalidScoreError naming a value that is not a number."""
    with pytest.raises(InvalidScoreError, match=f"value must be a number.*got {value!r}"):
        make().keeps(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"name": ""}, "name must be a non-empty string; got ''"),
        ({"metric": None}, "metric must be a non-empty string; got None"),
        ({"unit": 1}, "unit must be a non-empty string; got 1"),
        ({"target": "2"}, "target must be a finite number; got '2'"),
        ({"target": float("inf")}, "target must be a finite number; got inf"),
        ({"direction": "below"}, "direction must be one of 'at_most', 'at_least'; got 'below'"),
        ({"touchpoint": ""}, "touchpoint must be a non-empty string; got ''"),
        ({"explicit": 1}, "explicit must be True or False; got 1"),
    ],
)
def test_invalid_commitment(changes: dict[str, object], match: str) -> None:
    """Each bad argument raises InvalidParameterError naming it and the offending value."""
    with pytest.raises(InvalidParameterError, match=match):
        make(**changes)


def test_equality_and_frozen() -> None:
    """Commitments compare by value and refuse assignment."""
    assert make(target=2) == make(target=2.0)
    assert make() != make(explicit=False)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        make().target = 3  # type: ignore[misc]


def test_frame_defaults_and_schema() -> None:
    """from_frame fills direction and explicit when their columns are absent."""
    df = pd.DataFrame({"name": ["n"], "metric": ["m"], "target": [2], "unit": ["days"]})
    assert Commitment.from_frame(df) == (
        Commitment(name="n", metric="m", target=2, unit="days"),
    )
    assert tuple(Commitment.to_frame([make()]).columns) == Commitment.COLUMNS
    with pytest.raises(SchemaError, match="frame must have the column 'unit'"):
        Commitment.from_frame(df.drop(columns="unit"))
