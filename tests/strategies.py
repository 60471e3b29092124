"""Hypothesis strategies for the domain models, shared by the test suite."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from hypothesis import strategies as st

from expectations.models import (
    Channel,
    Commitment,
    Customer,
    Expectation,
    Journey,
    Persona,
    Scale,
    Stage,
    Touchpoint,
    Trait,
)

__all__ = [
    "commitments",
    "customers",
    "expectations",
    "journeys",
    "names",
    "personas",
    "scales",
    "touchpoints",
    "traits",
]

# Surrogates cannot be stored in pandas' (Arrow-backed) string columns.
names = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12).filter(
    str.strip
)
finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
non_negative = st.floats(min_value=0, allow_infinity=False, allow_nan=False)
positive = st.floats(min_value=1e-6, max_value=1e9, allow_nan=False)


def _case(value: str) -> st.SearchStrategy[str]:
    return st.sampled_from([value, value.upper(), value.title()])


def enum_inputs(kind: type[Channel] | type[Stage]) -> st.SearchStrategy[Any]:
    """Draw an enum member, or its value in lower, upper or title case."""
    return st.sampled_from(list(kind)).flatmap(lambda m: st.one_of(st.just(m), _case(m.value)))


@st.composite
def scales(draw: st.DrawFn) -> Scale:
    """Draw integer or continuous scales, some with labels."""
    integer = draw(st.booleans())
    if integer:
        low: float = draw(st.integers(-10, 10))
        high: float = low + draw(st.integers(1, 10))
    else:
        low = draw(st.floats(-100, 100))
        high = low + draw(st.floats(0.5, 100))
    first, last = math.ceil(low), math.floor(high)
    labels = None
    if first <= last:
        labels = draw(st.none() | st.dictionaries(st.integers(first, last), names, max_size=3))
    return Scale(low, high, integer=integer, labels=labels or None)


@st.composite
def expectations(draw: st.DrawFn) -> Expectation:
    """Draw valid zones of tolerance on a random scale."""
    scale = draw(scales())
    a, b = sorted(draw(st.lists(st.floats(scale.low, scale.high), min_size=2, max_size=2)))
    return Expectation(dimension=draw(names), adequate=a, desired=b, scale=scale,
                       importance=draw(st.none() | non_negative))


@st.composite
def touchpoints(draw: st.DrawFn, name: st.SearchStrategy[str] = names) -> Touchpoint:
    """Draw touchpoints with enum inputs in any case and up to three expectations."""
    return Touchpoint(
        name=draw(name),
        channel=draw(enum_inputs(Channel)),
        stage=draw(enum_inputs(Stage)),
        expectations=draw(st.lists(expectations(), max_size=3, unique_by=lambda e: e.dimension)),
        response_target=draw(st.none() | positive),
    )


@st.composite
def commitments(draw: st.DrawFn) -> Commitment:
    """Draw commitments in both directions, with and without a touchpoint."""
    return Commitment(
        name=draw(names), metric=draw(names), target=draw(finite), unit=draw(names),
        direction=draw(st.sampled_from(["at_most", "at_least"])),
        touchpoint=draw(st.none() | names), explicit=draw(st.booleans()),
    )


scalars = st.one_of(names, st.integers(-1000, 1000), finite, st.booleans(), st.dates())


@st.composite
def traits(draw: st.DrawFn) -> Trait:
    """Draw traits listing allowed values, or closed or half-open ranges."""
    if draw(st.booleans()):
        return Trait(allowed=draw(st.lists(scalars, min_size=1, max_size=4)))
    low, high = sorted(draw(st.lists(finite, min_size=2, max_size=2)))
    bounds = draw(st.sampled_from([(low, high), (low, None), (None, high)]))
    return Trait(low=bounds[0], high=bounds[1])


personas = st.builds(
    Persona,
    name=names,
    description=st.text(st.characters(exclude_categories=["Cs"]), max_size=20),
    traits=st.dictionaries(names, traits(), max_size=3),
    expectations=st.lists(expectations(), max_size=2, unique_by=lambda e: e.dimension),
    pain_points=st.lists(names, max_size=3),
    motivations=st.lists(names, max_size=3),
)

attribute_names = names.filter(lambda n: n not in Customer.FIXED_COLUMNS)
attribute_values = st.one_of(names, st.integers(), finite, st.booleans(), st.dates())

customers = st.builds(
    Customer,
    id=st.integers() | names,
    attributes=st.dictionaries(attribute_names, attribute_values, max_size=4),
    segment=st.none() | names,
    persona=st.none() | names,
    since=st.none() | st.dates(min_value=dt.date(1900, 1, 1)),
)

journeys = st.builds(
    Journey,
    name=names,
    touchpoints=st.lists(touchpoints(), min_size=1, max_size=4, unique_by=lambda t: t.name),
)
