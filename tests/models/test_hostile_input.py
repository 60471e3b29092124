"""Hostile input to the domain models: a library error naming the field, or a right answer.

Lone surrogates in any text field, duplicated column names, missing dates and
ids from a frame with gaps: none may crash a writer later or raise a foreign
exception (AttributeError, ValueError from pandas) now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from expectations.errors import InvalidParameterError, SchemaError
from expectations.models import (
    Commitment,
    Customer,
    Expectation,
    Journey,
    Persona,
    Scale,
    Touchpoint,
    Trait,
)

LONE = "caf\ud800"
TOUCHPOINT = Touchpoint(name="checkout", channel="web", stage="purchase")


def _expectation(dimension: str = "speed") -> Expectation:
    return Expectation(dimension=dimension, adequate=2, desired=4, scale=Scale(1, 5))


BUILDERS: dict[str, tuple[str, Callable[[], object]]] = {
    "Persona.name": ("name", lambda: Persona(name=LONE, description="", traits={})),
    "Persona.description": ("description",
                            lambda: Persona(name="p", description=LONE, traits={})),
    "Persona.pain_points": (r"pain_points\[1\]", lambda: Persona(
        name="p", description="", traits={}, pain_points=["slow", LONE])),
    "Persona.motivations": (r"motivations\[0\]", lambda: Persona(
        name="p", description="", traits={}, motivations=[LONE])),
    "Persona.traits": ("traits", lambda: Persona(name="p", description="",
                                                 traits={LONE: Trait(allowed=["x"])})),
    "Touchpoint.name": ("name", lambda: Touchpoint(name=LONE, channel="web",
                                                   stage="purchase")),
    "Commitment.name": ("name", lambda: Commitment(name=LONE, metric="m", target=1,
                                                   unit="days")),
    "Commitment.metric": ("metric", lambda: Commitment(name="c", metric=LONE, target=1,
                                                       unit="days")),
    "Commitment.unit": ("unit", lambda: Commitment(name="c", metric="m", target=1, unit=LONE)),
    "Commitment.touchpoint": ("touchpoint", lambda: Commitment(
        name="c", metric="m", target=1, unit="days", touchpoint=LONE)),
    "Expectation.dimension": ("dimension", lambda: _expectation(LONE)),
    "Journey.name": ("name", lambda: Journey(name=LONE, touchpoints=[TOUCHPOINT])),
    "Trait.allowed": (r"allowed\[1\]", lambda: Trait(allowed=["north", LONE])),
    "Scale.labels": (r"labels\[5\]", lambda: Scale(1, 5, labels={5: LONE})),
    "Customer.id": ("id", lambda: Customer(id=LONE, attributes={})),
    "Customer.segment": ("segment", lambda: Customer(id=1, attributes={}, segment=LONE)),
    "Customer.persona": ("persona", lambda: Customer(id=1, attributes={}, persona=LONE)),
    "Customer.attribute_name": ("attributes", lambda: Customer(id=1, attributes={LONE: 1})),
    "Customer.attribute_value": (r"attributes\['region'\]",
                                 lambda: Customer(id=1, attributes={"region": LONE})),
}


@pytest.mark.parametrize("field", list(BUILDERS))
def test_a_lone_surrogate_in_text_is_refused_naming_the_field(field: str) -> None:
    """Text UTF-8 cannot encode is refused at construction, naming the field."""
    name, build = BUILDERS[field]
    with pytest.raises(InvalidParameterError,
                       match=rf"^{name} must be text that can be written as UTF-8; .*lone "
                             r"surrogate '\\ud800' at character 3"):
        build()


def test_a_complete_surrogate_pair_is_ordinary_text() -> None:
    """Characters outside the BMP (emoji) are valid text, not lone surrogates."""
    assert Touchpoint(name="chat 💬", channel="web", stage="purchase").name == "chat 💬"


@pytest.mark.parametrize("missing", [None, pd.NaT, np.datetime64("NaT"), float("nan")])
def test_customer_since_missing_means_unknown(missing: object) -> None:
    """Customer.since is optional: NaT, NaN and None all mean "not known", as an empty cell does."""
    assert Customer(id=1, attributes={}, since=missing).since is None


def test_customer_since_keeps_checking_real_dates() -> None:
    """A present since is still checked and converted."""
    assert Customer(id=1, attributes={}, since=pd.Timestamp("2024-01-31")).since == \
        dt.date(2024, 1, 31)
    with pytest.raises(InvalidParameterError, match="since must be a date"):
        Customer(id=1, attributes={}, since="31/01/2024")


@pytest.mark.parametrize("columns", [["id", "region", "region"], ["id", "id", "region"],
                                     ["id", "since", "since"]])
def test_customer_from_frame_refuses_duplicated_columns(columns: list[str]) -> None:
    """A repeated column name raises SchemaError naming it (not an AttributeError)."""
    frame = pd.DataFrame([[1, "a", "b"]], columns=columns)
    repeated = next(c for c in columns if columns.count(c) > 1)
    with pytest.raises(SchemaError, match=rf"one column named '{repeated}'; it has 2"):
        Customer.from_frame(frame)


def test_customer_from_frame_quotes_the_first_missing_id() -> None:
    """An id column with a gap names the first row without an id, by its label."""
    frame = pd.DataFrame({"id": [1.0, 2.0, np.nan, np.nan]}, index=[10, 11, 12, 13])
    with pytest.raises(InvalidParameterError,
                       match=r"frame\['id'\] must be present in every row; 2 values are not "
                             r"\(first: nan at position 12\)"):
        Customer.from_frame(frame)


def test_customer_from_frame_explains_float_ids() -> None:
    """Ids read as floats are refused with the first row and how to convert the column."""
    frame = pd.DataFrame({"id": [1.0, 2.0]})
    with pytest.raises(InvalidParameterError,
                       match=r"2 values are not \(first: 1\.0 at position 0\).*astype\('Int64'\)"):
        Customer.from_frame(frame)


def test_customer_from_frame_names_the_row_of_a_bad_value() -> None:
    """A bad cell further down is reported with its row label and position."""
    frame = pd.DataFrame({"id": ["a", "b"], "since": ["2020-01-01", "soon"]},
                         index=["x", "y"])
    with pytest.raises(InvalidParameterError, match=r"^frame row 'y' \(position 1\): since"):
        Customer.from_frame(frame)


def test_customer_from_frame_reads_missing_since_as_unknown() -> None:
    """NaT in a since column gives customers whose since is None."""
    frame = pd.DataFrame({"id": [1, 2], "since": pd.to_datetime(["2020-01-01", "NaT"])})
    assert [c.since for c in Customer.from_frame(frame)] == [dt.date(2020, 1, 1), None]


@pytest.mark.parametrize(("model", "columns", "row"), [
    (Touchpoint, ["name", "channel", "channel", "stage"], ["a", "web", "web", "purchase"]),
    (Expectation, ["dimension", "adequate", "desired", "scale_low", "scale_high", "scale_high"],
     ["speed", 2, 4, 1, 5, 5]),
    (Commitment, ["name", "metric", "target", "unit", "unit"], ["c", "m", 1, "d", "d"]),
])
def test_every_from_frame_refuses_duplicated_columns(model: type, columns: list[str],
                                                     row: list[object]) -> None:
    """The shared frame reader names a repeated column for every model."""
    frame = pd.DataFrame([row], columns=columns)
    repeated = next(c for c in columns if columns.count(c) > 1)
    with pytest.raises(SchemaError, match=rf"one column named '{repeated}'"):
        model.from_frame(frame)  # type: ignore[attr-defined]
