"""Tests for expectations.models.expectation.Expectation (zone of tolerance)."""

from __future__ import annotations

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import expectations

from expectations.errors import InvalidParameterError, InvalidScoreError, SchemaError
from expectations.models import Expectation, Scale

SEVEN = Scale(1, 7)


def make(**changes: object) -> Expectation:
    fields: dict[str, object] = {
        "dimension": "reliability", "adequate": 5, "desired": 6.5, "scale": SEVEN,
    }
    fields.update(changes)
    return Expectation(**fields)  # type: ignore[arg-type]


def test_levels_stored_as_float() -> None:
    """Levels and importance are stored as Python floats."""
    e = make(importance=np.int64(30))
    assert (e.adequate, e.desired, e.importance) == (5.0, 6.5, 30.0)
    assert type(e.importance) is float


def test_zone_width() -> None:
    """zone_width is desired - adequate (Zeithaml, Berry & Parasuraman 1993)."""
    assert make().zone_width == 1.5
    assert make(adequate=6, desired=6).zone_width == 0.0


def test_level_boundaries_inclusive() -> None:
    """A perception equal to either level is inside the zone (Parasuraman et al. 1994).

    Below A is dissatisfaction, A <= P <= D satisfaction, above D delight.
    """
    e = make(adequate=4, desired=6)
    assert e.level([3.99, 4, 5, 6, 6.01]).tolist() == [
        "dissatisfied", "satisfied", "satisfied", "satisfied", "delighted",
    ]


@settings(max_examples=50, deadline=None)
@given(expectations(), st.data())
def test_level_matches_msa_mss_definition(e: Expectation, data: st.DataObject) -> None:
    """Expectation.level agrees with the MSA/MSS definition of the zone of tolerance.

    MSA = P - A < 0 is dissatisfied, MSS = P - D > 0 is delighted, otherwise
    satisfied (Parasuraman, Zeithaml & Berry 1994, J. Retailing 70(3), 201-230).
    """
    p = data.draw(st.lists(st.floats(e.scale.low, e.scale.high), min_size=1, max_size=20))
    expected = [
        "dissatisfied" if x - e.adequate < 0 else "delighted" if x - e.desired > 0
        else "satisfied"
        for x in p
    ]
    assert e.level(pd.Series(p)).tolist() == expected


@pytest.mark.parametrize(
    ("perceived", "match"),
    [
        ([4, np.nan], r"perceived must be present.*first: nan at position 1"),
        ([8], r"perceived must be between 1 and 7.*first: 8\.0 at position 0"),
        (["a"], "perceived must be numbers"),
    ],
)
def test_level_rejects_bad_perceptions(perceived: list[object], match: str) -> None:
    """Expectation.level raises InvalidScoreError for missing, off-scale or non-numeric values."""
    with pytest.raises(InvalidScoreError, match=match):
        make().level(perceived)


def test_level_does_not_mutate_input() -> None:
    """Expectation.level leaves the caller's array untouched."""
    p = np.array([3.0, 6.0])
    make().level(p)
    assert p.tolist() == [3.0, 6.0]


@pytest.mark.parametrize(
    ("changes", "error", "match"),
    [
        ({"dimension": ""}, InvalidParameterError,
         "dimension must be a non-empty string; got ''"),
        ({"dimension": 3}, InvalidParameterError, "dimension must be a non-empty string; got 3"),
        ({"adequate": "5"}, InvalidParameterError, "adequate must be a finite number; got '5'"),
        ({"adequate": True}, InvalidParameterError, "adequate must be a finite number; got True"),
        ({"desired": float("nan")}, InvalidParameterError,
         "desired must be a finite number; got nan"),
        ({"adequate": 6, "desired": 5}, InvalidParameterError,
         r"desired must be at least adequate \(6\.0\); got 5\.0"),
        ({"adequate": 0}, InvalidScoreError, r"adequate must be within the scale 1\.\.7; got 0\.0"),
        ({"desired": 7.5}, InvalidScoreError, r"desired must be within the scale 1\.\.7; got 7\.5"),
        ({"scale": (1, 7)}, InvalidParameterError, r"scale must be a Scale.*; got \(1, 7\)"),
        ({"importance": -1}, InvalidParameterError,
         "importance must be a finite number at least 0; got -1"),
    ],
)
def test_invalid_expectation(
    changes: dict[str, object], error: type[Exception], match: str
) -> None:
    """Each bad argument raises the library's error naming it and the offending value."""
    with pytest.raises(error, match=match):
        make(**changes)


def test_levels_may_fall_between_points() -> None:
    """Zone levels need only lie in the scale's range (they are often mean answers)."""
    assert make(adequate=4.3, desired=5.7).adequate == 4.3


def test_equality_and_hash() -> None:
    """Expectations with equal fields are equal and hash alike."""
    assert make() == make(adequate=5.0)
    assert hash(make()) == hash(make(adequate=5.0))
    assert make() != make(importance=1)


def test_frozen() -> None:
    """Setting an attribute raises FrozenInstanceError; evolve re-validates."""
    e = make()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        e.adequate = 1  # type: ignore[misc]
    with pytest.raises(InvalidParameterError):
        attrs.evolve(e, desired=2)


def test_to_dict() -> None:
    """to_dict gives plain values and the scale's dict."""
    assert make(importance=2).to_dict() == {
        "dimension": "reliability", "adequate": 5.0, "desired": 6.5,
        "scale": {"low": 1, "high": 7, "integer": True, "labels": None}, "importance": 2.0,
    }


def test_from_frame_requires_columns() -> None:
    """from_frame raises SchemaError naming a missing column."""
    with pytest.raises(SchemaError, match="frame must have the column 'desired'"):
        Expectation.from_frame(pd.DataFrame({"dimension": ["x"], "adequate": [1]}))


def test_from_frame_optional_columns_default() -> None:
    """Missing optional columns give the defaults: no importance, an integer scale."""
    df = pd.DataFrame({"dimension": ["speed"], "adequate": [3], "desired": [4],
                       "scale_low": [1], "scale_high": [5]})
    (e,) = Expectation.from_frame(df)
    assert e == Expectation(dimension="speed", adequate=3, desired=4, scale=Scale(1, 5))


def test_to_frame_rejects_other_objects() -> None:
    """to_frame names the first item that is not an Expectation."""
    match = r"items must be a sequence of Expectation.*first: 'x' at position 1"
    with pytest.raises(InvalidParameterError, match=match):
        Expectation.to_frame([make(), "x"])  # type: ignore[list-item]
