"""Tests for expectations.models.persona.Persona and expectations.models.trait.Trait."""

from __future__ import annotations

import datetime as dt

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import traits

from expectations.errors import InvalidParameterError, SchemaError
from expectations.models import Expectation, Persona, Scale, Trait

CUSTOMERS = pd.DataFrame({
    "age": [25, 40, 30, None],
    "area": ["city", "city", "rural", "city"],
    "vip": [True, False, True, True],
})


def make(**changes: object) -> Persona:
    fields: dict[str, object] = {"name": "young urban", "description": "Under 35, in a city.",
                                 "traits": {"age": (18, 34), "area": "city"}}
    fields.update(changes)
    return Persona(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("short", "trait"),
    [
        ("city", Trait(allowed=["city"])),
        (3, Trait(allowed=[3])),
        (dt.date(2020, 1, 1), Trait(allowed=[dt.date(2020, 1, 1)])),
        (["b", "a"], Trait(allowed=["b", "a"])),
        ({"b", "a"}, Trait(allowed=["a", "b"])),
        ((1, 5), Trait(low=1, high=5)),
        ((None, 5), Trait(high=5)),
        ({"low": 1, "high": None}, Trait(low=1)),
        (Trait(low=2), Trait(low=2)),
    ],
)
def test_trait_short_forms(short: object, trait: Trait) -> None:
    """Each documented short form becomes the matching Trait."""
    assert make(traits={"x": short}).traits == (("x", trait),)


def test_traits_sorted_by_column() -> None:
    """Traits given in any order give the same, column-sorted tuple."""
    a = make(traits={"b": 1, "a": 2})
    b = make(traits=[("a", 2), ("b", 1)])
    assert a == b
    assert [column for column, _ in a.traits] == ["a", "b"]


def test_matches_all_traits() -> None:
    """A row matches when every trait holds; a missing value never matches."""
    assert make().matches(CUSTOMERS).tolist() == [True, False, False, False]


@pytest.mark.parametrize(
    ("traits", "expected"),
    [
        ({}, [True, True, True, True]),
        ({"vip": True}, [True, False, True, True]),
        ({"age": (30, None)}, [False, True, True, False]),
        ({"area": ["rural", "town"]}, [False, False, True, False]),
    ],
)
def test_matches(traits: dict[str, object], expected: list[bool]) -> None:
    """Each trait form selects the documented rows; no traits match everyone."""
    assert make(traits=traits).matches(CUSTOMERS).tolist() == expected


@settings(max_examples=50, deadline=None)
@given(traits(), st.lists(st.integers(-50, 50) | st.none(), max_size=20))
def test_trait_matches_agrees_with_elementwise_rule(trait: Trait, column: list[int | None]) -> None:
    """Vectorised matching equals the rule applied to each value one by one."""
    series = pd.Series(column, dtype="Int64")

    def one(x: int | None) -> bool:
        if x is None:
            return False
        if trait.allowed is not None:
            return any(x == a and not isinstance(a, (str, dt.date)) for a in trait.allowed)
        return (trait.low is None or x >= trait.low) and (trait.high is None or x <= trait.high)

    assert trait.matches(series).tolist() == [one(x) for x in column]


def test_matches_missing_column() -> None:
    """Persona.matches raises SchemaError naming the missing column."""
    with pytest.raises(SchemaError, match="frame must have the column 'income'"):
        make(traits={"income": (0, 10)}).matches(CUSTOMERS)


def test_range_on_text_column() -> None:
    """A range trait on a text column raises SchemaError naming the column."""
    with pytest.raises(SchemaError, match=r"frame\['area'\] must be numeric"):
        make(traits={"area": (0, 1)}).matches(CUSTOMERS)


def test_matches_needs_a_frame() -> None:
    """Persona.matches rejects anything but a DataFrame."""
    with pytest.raises(SchemaError, match="frame must be a pandas DataFrame; got dict"):
        make().matches({"age": [1]})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"name": ""}, "name must be a non-empty string; got ''"),
        ({"description": None}, "description must be a string; got None"),
        ({"traits": "age"}, "traits must be a mapping from column names to traits; got 'age'"),
        ({"traits": {"": 1}}, "traits must be .*; got ''"),
        ({"traits": [("a", 1), ("a", 2)]}, "traits must be .*unique.*; got 'a'"),
        ({"traits": {"age": (1, 2, 3)}}, r"traits\['age'\] must be a \(low, high\) range"),
        ({"traits": {"age": (5, 1)}},
         r"high must be at least low \(5\.0\); got 1\.0.*traits\['age'\]"),
        ({"traits": {"age": []}}, r"allowed must be a non-empty sequence.*traits\['age'\]"),
        ({"traits": {"age": [None]}}, r"allowed must be .*scalars.*traits\['age'\]"),
        ({"traits": {"age": (None, None)}}, "either allowed values or a bound"),
        ({"traits": {"age": ("a", 3)}}, "low or high must be a finite number; got 'a'"),
        ({"pain_points": "slow"}, "pain_points must be a sequence of str; got 'slow'"),
        ({"motivations": ["ok", ""]},
         r"motivations must be a sequence of non-empty strings.*position 1"),
        ({"expectations": [1]}, r"expectations must be a sequence of Expectation.*first: 1"),
    ],
)
def test_invalid_persona(changes: dict[str, object], match: str) -> None:
    """Each bad argument raises InvalidParameterError naming it and the offending value."""
    with pytest.raises(InvalidParameterError, match=match):
        make(**changes)


def test_equality_hash_frozen() -> None:
    """Personas compare by value, hash alike and refuse assignment."""
    e = Expectation(dimension="price", adequate=2, desired=4, scale=Scale(1, 5))
    a = make(expectations=[e], pain_points=["queues"])
    b = make(expectations=(e,), pain_points=("queues",))
    assert a == b
    assert hash(a) == hash(b)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        a.name = "x"  # type: ignore[misc]


def test_matches_does_not_mutate_frame() -> None:
    """Persona.matches leaves the caller's frame unchanged."""
    before = CUSTOMERS.copy()
    make().matches(CUSTOMERS)
    pd.testing.assert_frame_equal(CUSTOMERS, before)


def test_trait_bounds_are_inclusive() -> None:
    """Both bounds of a range trait are included."""
    assert Trait(low=1, high=2).matches(pd.Series([0.5, 1, 2, 2.5])).tolist() == [
        False, True, True, False,
    ]
    assert np.array_equal(Trait(low=1).matches(pd.Series([np.nan])), [False])
