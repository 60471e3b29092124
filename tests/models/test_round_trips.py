"""Property tests: every model survives dict and DataFrame round trips exactly."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import (
    commitments,
    customers,
    expectations,
    journeys,
    personas,
    scales,
    touchpoints,
)

from expectations.models import (
    Commitment,
    Customer,
    Expectation,
    Journey,
    Persona,
    Scale,
    Touchpoint,
)

PROPERTY = settings(max_examples=40, deadline=None)

DICT_CASES = [
    (Scale, scales()),
    (Expectation, expectations()),
    (Touchpoint, touchpoints()),
    (Commitment, commitments()),
    (Persona, personas),
    (Customer, customers),
    (Journey, journeys),
]
FRAME_CASES = [
    (Expectation, expectations()),
    (Touchpoint, touchpoints()),
    (Commitment, commitments()),
    (Persona, personas),
    (Customer, customers),
    (Journey, journeys),
]
DICT_IDS = [model.__name__ for model, _ in DICT_CASES]
FRAME_IDS = [model.__name__ for model, _ in FRAME_CASES]


def _same_types(a: Any, b: Any) -> bool:
    """Whether two equal values also agree in type, all the way down."""
    if attrs.has(type(a)):
        return type(a) is type(b) and all(
            _same_types(getattr(a, f.name), getattr(b, f.name)) for f in attrs.fields(type(a))
        )
    if isinstance(a, (tuple, list)):
        return type(a) is type(b) and all(map(_same_types, a, b))
    if hasattr(a, "items"):
        return all(_same_types(v, b[k]) for k, v in a.items())
    return type(a) is type(b)


@pytest.mark.parametrize(("model", "strategy"), DICT_CASES, ids=DICT_IDS)
def test_dict_round_trip(model: Any, strategy: st.SearchStrategy[Any]) -> None:
    """from_dict(to_dict(x)) equals x, with the same field types."""

    @PROPERTY
    @given(strategy)
    def check(item: Any) -> None:
        back = model.from_dict(item.to_dict())
        assert back == item
        assert hash(back) == hash(item)
        assert _same_types(back, item)

    check()


@pytest.mark.parametrize(("model", "strategy"), FRAME_CASES, ids=FRAME_IDS)
def test_frame_round_trip(model: Any, strategy: st.SearchStrategy[Any]) -> None:
    """from_frame(to_frame(items)) gives back the same items, types included."""

    @PROPERTY
    @given(st.lists(strategy, max_size=5))
    def check(items: list[Any]) -> None:
        frame = model.to_frame(items)
        assert len(frame) == len(items)
        back = model.from_frame(frame)
        assert back == tuple(items)
        assert _same_types(back, tuple(items))

    check()


@pytest.mark.parametrize(("model", "strategy"), DICT_CASES, ids=DICT_IDS)
def test_to_dict_is_a_copy(model: Any, strategy: st.SearchStrategy[Any]) -> None:
    """Mutating a to_dict result never changes the model it came from."""

    @PROPERTY
    @given(strategy)
    def check(item: Any) -> None:
        before = copy.deepcopy(item)
        data = item.to_dict()
        for key in list(data):
            data[key] = None
        assert item == before

    check()


def test_customer_frame_keeps_types_across_gaps() -> None:
    """An int attribute stays an int, and a date a date, when other rows lack it."""
    items = [
        Customer(id=1, attributes={"age": 30, "vip": True}, since=dt.date(2020, 2, 29)),
        Customer(id=2, attributes={"ratio": 0.5}),
    ]
    frame = Customer.to_frame(items)
    assert str(frame["age"].dtype) == "Int64"
    assert str(frame["vip"].dtype) == "boolean"
    back = Customer.from_frame(frame)
    assert back == tuple(items)
    assert type(back[0].attributes["age"]) is int
    assert back[0].since == dt.date(2020, 2, 29)
    assert "age" not in back[1].attributes


@pytest.mark.parametrize(("model", "columns"), [
    (Expectation, Expectation.COLUMNS),
    (Touchpoint, Touchpoint.COLUMNS),
    (Commitment, Commitment.COLUMNS),
    (Customer, Customer.FIXED_COLUMNS),
    (Persona, Persona.COLUMNS),
    (Journey, Journey.COLUMNS),
])
def test_empty_frames_round_trip(model: Any, columns: tuple[str, ...]) -> None:
    """An empty collection gives a frame with the fixed columns that reads back empty."""
    frame = model.to_frame([])
    assert tuple(frame.columns) == columns
    assert model.from_frame(frame) == ()


@pytest.mark.parametrize(("model", "strategy"), DICT_CASES, ids=DICT_IDS)
def test_evolve_without_changes_is_identity(model: Any, strategy: st.SearchStrategy[Any]) -> None:
    """attrs.evolve re-runs converters on stored values and gets an equal model back."""

    @PROPERTY
    @given(strategy)
    def check(item: Any) -> None:
        assert attrs.evolve(item) == item

    check()
