"""Tests for expectations.models.customer.Customer and Attributes."""

from __future__ import annotations

import datetime as dt

import attrs
import numpy as np
import pandas as pd
import pytest

from expectations.errors import InvalidParameterError, SchemaError
from expectations.models import Attributes, Customer, Persona


def make(**changes: object) -> Customer:
    fields: dict[str, object] = {"id": 7, "attributes": {"region": "north", "age": 41}}
    fields.update(changes)
    return Customer(**fields)  # type: ignore[arg-type]


def test_attributes_read_only_mapping() -> None:
    """Attributes behave as a sorted, read-only mapping equal to a plain dict."""
    c = make()
    assert isinstance(c.attributes, Attributes)
    assert list(c.attributes) == ["age", "region"]
    assert c.attributes == {"region": "north", "age": 41}
    with pytest.raises(TypeError):
        c.attributes["age"] = 3  # type: ignore[index]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        c.attributes._items = ()


def test_caller_dict_not_shared() -> None:
    """Changing the dict passed in does not change the customer."""
    data = {"age": 41}
    c = make(attributes=data)
    data["age"] = 99
    assert c.attributes["age"] == 41


def test_numpy_values_become_python() -> None:
    """Numpy ids and attribute values are stored as Python scalars."""
    c = make(id=np.int64(3), attributes={"n": np.int64(2), "x": np.float64(0.5)})
    assert type(c.id) is int
    assert type(c.attributes["n"]) is int


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2021, 3, 1), dt.date(2021, 3, 1)),
        ("2021-03-01", dt.date(2021, 3, 1)),
        (dt.datetime(2021, 3, 1), dt.date(2021, 3, 1)),
        (pd.Timestamp("2021-03-01"), dt.date(2021, 3, 1)),
        (np.datetime64("2021-03-01"), dt.date(2021, 3, 1)),
    ],
)
def test_since_conversions(value: object, expected: dt.date) -> None:
    """The since field accepts a date, an ISO string and midnight datetimes, stored as a date."""
    since = make(since=value).since
    assert since == expected
    assert type(since) is dt.date


def test_persona_stored_by_name() -> None:
    """A Persona argument is stored by its name."""
    p = Persona(name="loyal", description="", traits={})
    assert make(persona=p).persona == "loyal"


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"id": True}, "id must be a non-empty str or an int; got True"),
        ({"id": ""}, "id must be a non-empty str or an int; got ''"),
        ({"id": 1.5}, "id must be a non-empty str or an int; got 1.5"),
        ({"attributes": ["age"]},
         r"attributes must be a mapping from names to values; got \['age'\]"),
        ({"attributes": {"segment": "a"}}, "attributes must be keyed by .*; got 'segment'"),
        ({"attributes": {1: "a"}}, "attributes must be keyed by .*; got 1"),
        ({"attributes": {"age": None}}, r"attributes\['age'\] must be one of .*; got None"),
        ({"attributes": {"age": float("nan")}}, r"attributes\['age'\] must be one of .*; got nan"),
        ({"attributes": {"tags": ["a"]}}, r"attributes\['tags'\] must be one of .*; got \['a'\]"),
        ({"segment": ""}, "segment must be a non-empty string; got ''"),
        ({"persona": 3}, "persona must be a non-empty string; got 3"),
        ({"since": "01/03/2021"}, "since must be a date .*; got '01/03/2021'"),
        ({"since": dt.datetime(2021, 3, 1, 12)},
         r"since must be a date .*; got datetime\.datetime"),
        ({"since": 20210301}, "since must be a date .*; got 20210301"),
    ],
)
def test_invalid_customer(changes: dict[str, object], match: str) -> None:
    """Each bad argument raises InvalidParameterError naming it and the offending value."""
    with pytest.raises(InvalidParameterError, match=match):
        make(**changes)


def test_equality_hash_frozen() -> None:
    """Customers compare by value (attributes in any order), hash alike, refuse assignment."""
    a = make(attributes={"a": 1, "b": 2})
    b = make(attributes={"b": 2, "a": 1})
    assert a == b
    assert hash(a) == hash(b)
    assert a != make(attributes={"a": 1})
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        a.id = 8  # type: ignore[misc]


def test_to_frame_layout() -> None:
    """to_frame puts the fixed columns first, then attributes sorted by name."""
    df = Customer.to_frame([make(), make(id=8, attributes={"zone": 1})])
    assert list(df.columns) == ["id", "segment", "persona", "since", "age", "region", "zone"]
    assert df["zone"].tolist()[1] == 1


def test_from_frame_reads_extra_columns_as_attributes() -> None:
    """Every non-fixed column is an attribute; missing cells are left out."""
    df = pd.DataFrame({"id": ["a", "b"], "plan": ["pro", None], "since": ["2020-01-01", None]})
    a, b = Customer.from_frame(df)
    assert a == Customer(id="a", attributes={"plan": "pro"}, since=dt.date(2020, 1, 1))
    assert b == Customer(id="b", attributes={})


def test_from_frame_requires_id() -> None:
    """from_frame raises SchemaError when the id column is missing."""
    with pytest.raises(SchemaError, match="frame must have the column 'id'"):
        Customer.from_frame(pd.DataFrame({"plan": ["pro"]}))
