"""Domain models travel: to_frame is one flat table that round-trips through CSV and Parquet.

Every model collection goes to a frame of plain cells (numbers, bools, text,
datetime64), to a file, and back to equal models of the same types. CSV stores
no types, so the exact reading is ``pd.read_csv(path, dtype=str,
keep_default_na=False)``; ``from_frame`` converts each field back to its type.
On pandas 2 every reading here passes ``float_precision="round_trip"``: its
default float parser can be off in the last digit (pandas 3's is exact and
deprecates the argument).
Customer ids and attributes have no fixed type in the model, so their CSV
reading takes the column types of the frame that was written.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
from collections.abc import Callable
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategies import (
    attribute_names,
    commitments,
    expectations,
    journeys,
    names,
    personas,
    touchpoints,
)

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

PROPERTY = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

TEXT_READ = {"dtype": str, "keep_default_na": False}
"""The exact CSV reading: every cell as text, no text taken for a missing value."""

PANDAS_3 = int(pd.__version__.split(".")[0]) >= 3
"""pandas 2 parses floats inexactly by default, ends a text cell at a NUL
character in its C CSV reader and stores text as ``object``; pandas 3 does not."""

CRLF = "\r\n"
"""RFC 4180 line ends: the writer then quotes text holding a lone carriage return,
which pandas' default ``"\n"`` leaves bare for readers to take as a line break."""


def via_csv(frame: pd.DataFrame, lineterminator: str = "\n", **read: Any) -> pd.DataFrame:
    """Write ``frame`` as CSV (no index) and read it back with ``read_csv(**read)``.

    On pandas 2 floats are read with ``float_precision="round_trip"``, as the
    guide says: its default parser may miss the last digit. pandas 3 is exact
    and deprecates the argument.
    """
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator=lineterminator)
    buffer.seek(0)
    if not PANDAS_3:
        read = {"float_precision": "round_trip", **read}
    out: pd.DataFrame = pd.read_csv(buffer, **read)
    return out


def via_parquet(frame: pd.DataFrame) -> pd.DataFrame:
    """Write ``frame`` as Parquet and read it back."""
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    buffer.seek(0)
    out: pd.DataFrame = pd.read_parquet(buffer)
    return out


def typed_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """Read a CSV of ``frame`` with its column types, as the guide shows for customers.

    Dates are read as text and converted with ``astype``: pandas 2's
    ``parse_dates`` reads only 1677-2262 (nanoseconds) and leaves other years text.
    """
    types = {name: str(dtype) for name, dtype in frame.dtypes.items()}
    days = [name for name, dtype in types.items() if dtype.startswith("datetime64")]
    out = via_csv(frame, CRLF, dtype={k: "str" if k in days else v for k, v in types.items()},
                  keep_default_na=False, na_values=[""])
    out[days] = out[days].astype("datetime64[s]")
    return out


def csv_keeps(items: list[Any]) -> bool:
    """Whether the C CSV reader keeps every text of ``items``: no NUL on pandas 2."""
    return PANDAS_3 or "\\x00" not in repr(items)


def same_types(a: Any, b: Any) -> bool:
    """Whether two equal values also agree in type, all the way down."""
    if attrs.has(type(a)):
        return type(a) is type(b) and all(
            same_types(getattr(a, f.name), getattr(b, f.name)) for f in attrs.fields(type(a)))
    if isinstance(a, (tuple, list)):
        return type(a) is type(b) and len(a) == len(b) and all(map(same_types, a, b))
    if hasattr(a, "items"):
        return all(same_types(v, b[k]) for k, v in a.items())
    return type(a) is type(b)


def is_flat(frame: pd.DataFrame) -> bool:
    """Whether every cell is a plain scalar: no dict, list, tuple, set or model."""
    return not any(
        isinstance(cell, (dict, list, tuple, set, frozenset)) or attrs.has(type(cell))
        for column in frame.columns for cell in frame[column].tolist())


def _looks_plain(text: str) -> bool:
    """Whether plain ``read_csv`` gives this text back as the same text."""
    return via_csv(pd.DataFrame({"x": pd.Series([text], dtype=object)}))["x"].tolist() == [text]


# Text for the default read_csv: anything it would not take for a number or NA.
plain_names = names.filter(_looks_plain)

scale_cases = st.builds(Scale, st.integers(-5, 5), st.integers(6, 10),
                        labels=st.none() | st.dictionaries(st.integers(5, 6), plain_names,
                                                           min_size=1, max_size=2))
plain_expectations = st.builds(
    Expectation, dimension=plain_names, adequate=st.floats(5, 6), desired=st.just(6.0),
    scale=scale_cases, importance=st.none() | st.floats(0, 100))
plain_commitments = st.builds(
    Commitment, name=plain_names, metric=plain_names, target=st.integers(-100, 100),
    unit=plain_names, direction=st.sampled_from(["at_most", "at_least"]),
    touchpoint=st.none() | plain_names, explicit=st.booleans())
plain_touchpoints = st.builds(
    Touchpoint, name=plain_names, channel=st.sampled_from(["web", "App", "PHONE"]),
    stage=st.sampled_from(["purchase", "use"]),
    expectations=st.lists(plain_expectations, max_size=2, unique_by=lambda e: e.dimension),
    response_target=st.none() | st.integers(1, 600))
plain_personas = st.builds(
    Persona, name=plain_names, description=st.just("") | plain_names,
    traits=st.dictionaries(plain_names, st.just((18, 34)) | st.lists(plain_names, min_size=1,
                                                                        max_size=2),
                           max_size=2),
    pain_points=st.lists(plain_names, max_size=2))
plain_journeys = st.builds(
    Journey, name=plain_names,
    touchpoints=st.lists(plain_touchpoints, min_size=1, max_size=3, unique_by=lambda t: t.name))

MODELS: list[tuple[type[Any], st.SearchStrategy[Any], st.SearchStrategy[Any]]] = [
    (Expectation, expectations(), plain_expectations),
    (Touchpoint, touchpoints(), plain_touchpoints),
    (Commitment, commitments(), plain_commitments),
    (Persona, personas, plain_personas),
    (Journey, journeys, plain_journeys),
]
IDS = [model.__name__ for model, _, _ in MODELS]


@pytest.mark.parametrize(("model", "strategy", "plain"), MODELS, ids=IDS)
def test_to_frame_is_flat(model: Any, strategy: st.SearchStrategy[Any],
                          plain: st.SearchStrategy[Any]) -> None:
    """No dict, list, tuple or model object is left in any cell."""

    @PROPERTY
    @given(st.lists(strategy, max_size=4))
    def check(items: list[Any]) -> None:
        frame = model.to_frame(items)
        assert tuple(frame.columns) == model.COLUMNS
        assert is_flat(frame)

    check()


@pytest.mark.parametrize(("model", "strategy", "plain"), MODELS, ids=IDS)
def test_csv_read_as_text_round_trips_exactly(model: Any, strategy: st.SearchStrategy[Any],
                                              plain: st.SearchStrategy[Any]) -> None:
    """Any valid collection comes back equal, types included, from CSV read as text."""

    @PROPERTY
    @given(st.lists(strategy, max_size=4).filter(csv_keeps))
    def check(items: list[Any]) -> None:
        back = model.from_frame(via_csv(model.to_frame(items), CRLF, **TEXT_READ))
        assert back == tuple(items)
        assert same_types(back, tuple(items))

    check()


@pytest.mark.parametrize(("model", "strategy", "plain"), MODELS, ids=IDS)
def test_csv_read_plainly_round_trips_ordinary_text(
        model: Any, strategy: st.SearchStrategy[Any], plain: st.SearchStrategy[Any]) -> None:
    """With plain read_csv, collections whose text pandas keeps as text come back exactly."""

    @PROPERTY
    @given(st.lists(plain, max_size=4))
    def check(items: list[Any]) -> None:
        back = model.from_frame(via_csv(model.to_frame(items)))
        assert back == tuple(items)
        assert same_types(back, tuple(items))

    check()


@pytest.mark.parametrize(("model", "strategy", "plain"), MODELS, ids=IDS)
def test_parquet_round_trips_exactly(model: Any, strategy: st.SearchStrategy[Any],
                                     plain: st.SearchStrategy[Any]) -> None:
    """Any valid collection comes back equal, types included, from Parquet."""

    @PROPERTY
    @given(st.lists(strategy, max_size=4))
    def check(items: list[Any]) -> None:
        back = model.from_frame(via_parquet(model.to_frame(items)))
        assert back == tuple(items)
        assert same_types(back, tuple(items))

    check()


# -- customers: typed columns ------------------------------------------------------------

KINDS: dict[str, st.SearchStrategy[Any]] = {
    "text": names,
    "int": st.integers(-(2**63), 2**63 - 1),
    "float": st.floats(allow_nan=False, allow_infinity=False),
    "bool": st.booleans(),
    # pandas 2 writes a year below 1000 without zero padding ("999-01-01") and
    # reads "5-03-04" back as 2004-05-03, so its CSV keeps dates from year 1000 on.
    "date": st.dates(min_value=dt.date(1 if PANDAS_3 else 1000, 1, 1)),
}


@st.composite
def customer_tables(draw: st.DrawFn) -> list[Customer]:
    """Draw customers as a table holds them: one kind of id, one kind per attribute."""
    ids = KINDS["int"] if draw(st.booleans()) else names
    kinds = draw(st.dictionaries(attribute_names, st.sampled_from(sorted(KINDS)), max_size=4))
    out = []
    for _ in range(draw(st.integers(0, 4))):
        attributes = {name: draw(KINDS[kind]) for name, kind in kinds.items()
                      if draw(st.booleans())}
        out.append(Customer(id=draw(ids), attributes=attributes,
                            segment=draw(st.none() | names), persona=draw(st.none() | names),
                            since=draw(st.none() | KINDS["date"])))
    return out


@PROPERTY
@given(customer_tables().filter(csv_keeps))
def test_customers_round_trip_through_csv_read_with_their_types(items: list[Customer]) -> None:
    """Customers come back exactly from CSV read with the written frame's column types."""
    frame = Customer.to_frame(items)
    assert is_flat(frame)
    back = Customer.from_frame(typed_csv(frame))
    assert back == tuple(items)
    assert same_types(back, tuple(items))


@PROPERTY
@given(customer_tables())
def test_customers_round_trip_through_parquet(items: list[Customer]) -> None:
    """Customers come back exactly from Parquet, which keeps every column's type."""
    back = Customer.from_frame(via_parquet(Customer.to_frame(items)))
    assert back == tuple(items)
    assert same_types(back, tuple(items))


# -- layouts -----------------------------------------------------------------------------

def test_expectation_layout() -> None:
    """The tolerance zone is two float columns, the scale four prefixed ones."""
    e = Expectation(dimension="speed", adequate=3, desired=4.5, importance=20,
                    scale=Scale(1, 5, labels={1: "Poor", 5: "Excellent"}))
    row = Expectation.to_frame([e]).iloc[0].to_dict()
    assert row == {"dimension": "speed", "adequate": 3.0, "desired": 4.5, "importance": 20.0,
                   "scale_low": 1.0, "scale_high": 5.0, "scale_integer": True,
                   "scale_labels": '{"1.0":"Poor","5.0":"Excellent"}'}


def test_persona_layout() -> None:
    """A persona's traits are JSON records, one per column; a date is tagged as a date."""
    p = Persona(name="new", description="Joined lately.",
                traits={"since": [dt.date(2024, 1, 31)], "age": (18, None)},
                motivations=["price"])
    row = Persona.to_frame([p]).iloc[0]
    assert json.loads(row["traits"]) == [
        {"column": "age", "low": 18.0, "high": None},
        {"column": "since", "allowed": [{"date": "2024-01-31"}]},
    ]
    assert json.loads(row["motivations"]) == ["price"]
    assert json.loads(row["expectations"]) == []


def test_customer_layout() -> None:
    """Customer columns keep exact dtypes: Int64 and boolean with gaps, datetime64 dates."""
    items = [Customer(id="007", attributes={"age": 41, "vip": True, "joined": dt.date(2020, 1, 2)},
                      since="2021-03-01"),
             Customer(id="012", attributes={"ratio": 0.5})]
    frame = Customer.to_frame(items)
    text = "str" if PANDAS_3 else "object"  # pandas' text dtype on each major version
    assert {k: str(v) for k, v in frame.dtypes.items()} == {
        "id": text, "segment": text, "persona": text, "since": "datetime64[s]",
        "age": "Int64", "joined": "datetime64[s]", "ratio": "float64", "vip": "boolean"}
    assert Customer.from_frame(frame) == tuple(items)


def test_journey_layout() -> None:
    """A journey is one row, its touchpoints JSON records in journey order."""
    j = Journey(name="order", touchpoints=[
        Touchpoint(name="pay", channel="web", stage="purchase"),
        Touchpoint(name="ship", channel="store", stage="delivery", response_target=60)])
    frame = Journey.to_frame([j])
    assert [t["name"] for t in json.loads(frame.loc[0, "touchpoints"])] == ["pay", "ship"]


# -- hostile and borderline values -------------------------------------------------------

HOSTILE = ["=SUM(A1:A9)", "+1", "-1", "@cmd", "NA", "null", "None", "nan", "007", "1e5",
           "True", "2024-01-31", 'say "hi", then\nleave', "tab\there", " padded ",
           "é ü 中文 💬", "a,b;c", "\\", "#comment", "'quoted'"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_survives_csv_read_as_text(text: str) -> None:
    """Formulas, NA markers, numbers, quotes, newlines and unicode come back as the same text."""
    p = Persona(name=text, description=text, traits={text: [text]}, pain_points=[text])
    c = Commitment(name=text, metric=text, target=1, unit=text, touchpoint=text)
    assert Persona.from_frame(via_csv(Persona.to_frame([p]), **TEXT_READ)) == (p,)
    assert Commitment.from_frame(via_csv(Commitment.to_frame([c]), **TEXT_READ)) == (c,)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_survives_parquet(text: str) -> None:
    """Parquet keeps every text exactly."""
    c = Customer(id=text, attributes={"note": text}, segment=text)
    assert Customer.from_frame(via_parquet(Customer.to_frame([c]))) == (c,)


def test_text_ids_that_look_like_numbers_survive() -> None:
    """An id "007" comes back as "007" when the id column is read as text."""
    items = [Customer(id="007", attributes={}), Customer(id="12", attributes={})]
    frame = Customer.to_frame(items)
    assert Customer.from_frame(via_csv(frame, dtype={"id": str})) == tuple(items)
    assert Customer.from_frame(typed_csv(frame)) == tuple(items)


def test_int_ids_stay_ints() -> None:
    """Int ids come back as ints from plain read_csv and from Parquet."""
    items = [Customer(id=7, attributes={"age": 30}), Customer(id=8, attributes={"age": 41})]
    frame = Customer.to_frame(items)
    for back in (Customer.from_frame(via_csv(frame)), Customer.from_frame(via_parquet(frame))):
        assert back == tuple(items)
        assert all(type(c.id) is int and type(c.attributes["age"]) is int for c in back)


def test_plain_read_csv_refuses_a_number_made_of_text() -> None:
    """A persona named "007" read by plain read_csv is an error that says how to read it."""
    frame = Persona.to_frame([Persona(name="007", description="", traits={})])
    with pytest.raises(InvalidParameterError,
                       match=r"^frame row 0 \(position 0\): name must be text; got 7\..*dtype=str"):
        Persona.from_frame(via_csv(frame))


def test_ints_stay_ints_with_gaps() -> None:
    """Whole-number floats (read_csv with gaps) come back as the model's ints and floats."""
    e = [Expectation(dimension="a", adequate=2, desired=3, scale=Scale(1, 5), importance=10),
         Expectation(dimension="b", adequate=2, desired=3, scale=Scale(0, 10))]
    back = Expectation.from_frame(via_csv(Expectation.to_frame(e)))
    assert back == tuple(e)
    assert [type(x.scale.low) for x in back] == [int, int]
    assert back[1].importance is None
    c = [Customer(id=1, attributes={"age": 30}), Customer(id=2, attributes={})]
    assert Customer.from_frame(typed_csv(Customer.to_frame(c))) == tuple(c)


def test_empty_text_attribute_is_refused() -> None:
    """An attribute of empty text is refused: in a table it is the same as no attribute."""
    with pytest.raises(InvalidParameterError, match=r"attributes\['note'\] must be .*not empty"):
        Customer(id=1, attributes={"note": ""})


@pytest.mark.parametrize("read", [{}, TEXT_READ], ids=["plain", "text"])
def test_empty_cells_are_missing(read: dict[str, Any]) -> None:
    """An empty cell reads as an unset optional field, or an absent attribute, either way."""
    frame = pd.DataFrame({"id": ["a"], "segment": [""], "since": [""], "note": [""]})
    assert Customer.from_frame(via_csv(frame, **read)) == (Customer(id="a", attributes={}),)
    df = pd.DataFrame({"name": ["n"], "metric": ["m"], "target": ["2"], "unit": ["d"],
                       "direction": [""], "touchpoint": [""], "explicit": [""]})
    assert Commitment.from_frame(via_csv(df, **read)) == (
        Commitment(name="n", metric="m", target=2, unit="d"),)


def test_empty_description_round_trips() -> None:
    """A persona's empty description (never None) comes back empty from any CSV reading."""
    p = Persona(name="all", description="", traits={})
    for read in ({}, TEXT_READ):
        assert Persona.from_frame(via_csv(Persona.to_frame([p]), **read)) == (p,)


def test_empty_collections_round_trip_through_csv() -> None:
    """An empty collection is a header line that reads back as no models."""
    for model in (Expectation, Touchpoint, Commitment, Persona, Journey, Customer):
        assert model.from_frame(via_csv(model.to_frame([]), **TEXT_READ)) == ()


# -- earlier layouts are still read ------------------------------------------------------

def test_persona_from_frame_reads_the_earlier_dict_column() -> None:
    """A frame with a ``persona`` column of to_dict dicts (the earlier layout) still works."""
    p = Persona(name="young", description="", traits={"age": (18, 34)})
    old = pd.DataFrame({"name": ["young"], "description": [""], "persona": [p.to_dict()]})
    assert Persona.from_frame(old) == (p,)
    assert Persona.from_frame(old.drop(columns=["name", "description"])) == (p,)


def test_persona_from_frame_reads_python_lists() -> None:
    """List columns may hold the Python objects themselves instead of JSON text."""
    p = Persona(name="young", description="d", traits={"age": (18, 34)}, pain_points=["wait"])
    df = pd.DataFrame({"name": ["young"], "description": ["d"],
                       "traits": [{"age": {"low": 18, "high": 34}}]})
    df["pain_points"] = [["wait"]]
    assert Persona.from_frame(df) == (p,)


def test_touchpoint_from_frame_reads_expectation_objects() -> None:
    """An ``expectations`` cell of Expectation objects (the earlier layout) still works."""
    e = Expectation(dimension="speed", adequate=3, desired=4, scale=Scale(1, 5))
    df = pd.DataFrame({"name": ["a"], "channel": ["web"], "stage": ["use"]})
    df["expectations"] = pd.Series([(e,)], dtype=object)
    assert Touchpoint.from_frame(df) == (
        Touchpoint(name="a", channel="web", stage="use", expectations=[e]),)


def test_expectation_from_frame_reads_label_pairs() -> None:
    """``scale_labels`` may be the earlier ``(value, label)`` pairs."""
    df = pd.DataFrame({"dimension": ["s"], "adequate": [2], "desired": [3], "scale_low": [1],
                       "scale_high": [5]})
    df["scale_labels"] = pd.Series([((5.0, "Top"),)], dtype=object)
    assert Expectation.from_frame(df)[0].scale.labels == ((5.0, "Top"),)


def test_customer_from_frame_reads_date_objects() -> None:
    """A ``since`` column of dates or ISO text (earlier layouts) still works."""
    for since in ([dt.date(2020, 1, 2)], ["2020-01-02"]):
        df = pd.DataFrame({"id": [1], "since": since})
        assert Customer.from_frame(df)[0].since == dt.date(2020, 1, 2)


# -- errors ------------------------------------------------------------------------------

def test_bad_json_names_the_row_and_column() -> None:
    """Broken JSON text is an InvalidParameterError naming the row and the column."""
    df = pd.DataFrame({"name": ["a", "b"], "traits": ["[]", "[{"]}, index=["x", "y"])
    with pytest.raises(InvalidParameterError,
                       match=r"^frame row 'y' \(position 1\): traits must be JSON text"):
        Persona.from_frame(df)


@pytest.mark.parametrize("column", ["name", "traits"])
def test_persona_from_frame_needs_name_and_traits(column: str) -> None:
    """Without a ``name`` or ``traits`` column, SchemaError names the missing one."""
    frame = pd.DataFrame({"name": ["a"], "traits": ["[]"]}).drop(columns=column)
    with pytest.raises(SchemaError, match=column):
        Persona.from_frame(frame)


def test_journey_from_frame_refuses_a_non_list() -> None:
    """A touchpoints cell that is not a list is refused, naming the row."""
    df = pd.DataFrame({"name": ["j"], "touchpoints": ['{"name": "a"}']})
    with pytest.raises(InvalidParameterError, match=r"^frame row 0 .*touchpoints must be a list"):
        Journey.from_frame(df)


def test_trait_matches_dates_in_a_datetime_column() -> None:
    """A date trait matches Customer.to_frame's datetime64 columns."""
    frame = Customer.to_frame([Customer(id=1, attributes={"joined": dt.date(2020, 1, 2)}),
                               Customer(id=2, attributes={"joined": dt.date(2021, 1, 2)})])
    assert Trait(allowed=[dt.date(2020, 1, 2)]).matches(frame["joined"]).tolist() == [True, False]


@pytest.mark.parametrize("builder", [
    lambda: Scale(1, 5), lambda: Scale(0.5, 2.5, integer=False)])
def test_scale_bounds_types_follow_integer(builder: Callable[[], Scale]) -> None:
    """An integer scale's bounds come back as ints, a continuous scale's as floats."""
    scale = builder()
    e = Expectation(dimension="d", adequate=scale.low, desired=scale.high, scale=scale)
    back = Expectation.from_frame(via_csv(Expectation.to_frame([e]), **TEXT_READ))[0]
    assert type(back.scale.low) is type(scale.low)
    assert not math.isnan(back.adequate)
    assert np.isclose(back.desired, scale.high)


def test_a_carriage_return_needs_crlf_line_ends() -> None:
    """Text holding a lone carriage return survives CSV written with RFC 4180 line ends."""
    p = Persona(name="line\rbreak", description="a\r\nb", traits={})
    assert Persona.from_frame(via_csv(Persona.to_frame([p]), CRLF, **TEXT_READ)) == (p,)
