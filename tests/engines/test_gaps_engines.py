"""Kano, the zone of tolerance and fulfilment through every engine, against the pandas path.

The reference is each function's pandas path on the same rows (``data=`` a
pandas DataFrame: the in-memory numpy code, itself checked against published
examples in tests/gaps and tests/test_commitments.py). Every other engine
must give it exactly (counts equal, floats to 1e-12) from counts made
inside the engine: the tests that compare results forbid collecting rows,
so a counter that silently fell back to the rows would fail them. Bad input
must give the pandas path's error, type and message.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from tests.engines._frames import as_engine, as_pandas, assert_same, survey, with_cell, with_missing

import expectations as ex
from expectations.engine import _dispatch
from expectations.errors import ExpectationsError, InvalidScoreError, SchemaError

LOCAL = ("polars", "polars-lazy", "pyarrow", "duckdb", "dask")
COMMITMENT = ex.Commitment(name="two-day delivery", metric="days", target=2, unit="days")
LIBQUAL = ex.Scale(1, 9)

# narwhals announces that its Dask support moves to a plugin package; not about our code.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Dask support is moving out of Narwhals:FutureWarning")

Call = Callable[..., Any]


def _kano(data: object, by: object, **options: Any) -> Any:
    return ex.kano("functional", "dysfunctional", feature=by, data=data, **options)


def _tolerance(data: object, by: object, **options: Any) -> Any:
    return ex.tolerance_zone("perceived", "adequate", "desired", by=by, data=data, **options)


def _fulfilment(data: object, by: object, **options: Any) -> Any:
    return ex.fulfilment(COMMITMENT, "days", by=by, data=data, **options)


FUNCTIONS = {"kano": _kano, "tolerance_zone": _tolerance, "fulfilment": _fulfilment}


@pytest.fixture
def counted_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make collecting rows fail: the result must come from the engine's counts."""
    monkeypatch.setattr(_dispatch, "collect", _refuse)


def _refuse(*args: object, **kwargs: object) -> None:
    raise AssertionError("the rows were collected: the counter gave way")


def _keys(by: object) -> list[str]:
    return [] if by is None else [by] if isinstance(by, str) else list(by)  # type: ignore[arg-type]


def _same_as_pandas(call: Call, engine: str, frame: pd.DataFrame, by: object,
                    spark: Any = None, **options: Any) -> None:
    want = call(frame, by, **options)
    got = call(as_engine(engine, frame, spark), by, **options)
    assert_same(as_pandas(got, _keys(by)), want, f"{engine}")


@pytest.mark.usefixtures("counted_only")
@pytest.mark.parametrize("engine", LOCAL)
@pytest.mark.parametrize("by", [None, "seg", ["seg", "store"]], ids=["all", "seg", "seg+store"])
@pytest.mark.parametrize("name", FUNCTIONS)
def test_counted_in_the_engine_equals_pandas(name: str, engine: str, by: object) -> None:
    """Each engine's counts give the pandas path's result, with and without keys."""
    _same_as_pandas(FUNCTIONS[name], engine, survey(), by)


@pytest.mark.usefixtures("counted_only")
@pytest.mark.parametrize("engine", LOCAL)
@pytest.mark.parametrize("name", FUNCTIONS)
def test_missing_values_and_keys_dropped_and_counted(name: str, engine: str) -> None:
    """With missing="drop", dropped rows and keys are counted as in pandas."""
    columns = {"kano": ["functional", "dysfunctional"],
               "tolerance_zone": ["perceived", "adequate", "desired"],
               "fulfilment": ["days"]}[name]
    frame = with_missing(with_missing(survey(), columns, every=7), ["seg"], every=11, start=3)
    _same_as_pandas(FUNCTIONS[name], engine, frame, "seg", missing="drop")


@pytest.mark.usefixtures("counted_only")
@pytest.mark.parametrize("engine", ["polars-lazy", "duckdb"])
def test_options_reach_the_counters(engine: str) -> None:
    """A scale, a confidence and an at-least commitment give the pandas results."""
    frame = survey()
    _same_as_pandas(_tolerance, engine, frame, "reg", scale=LIBQUAL, confidence=0.8)
    uptime = ex.Commitment(name="uptime", metric="days", target=1.5, direction="at_least",
                           unit="days")
    want = ex.fulfilment(uptime, "days", by="reg", data=frame, confidence=0.9)
    got = ex.fulfilment(uptime, "days", by="reg", data=as_engine(engine, frame), confidence=0.9)
    assert_same(as_pandas(got, ["reg"]), want)


@pytest.mark.usefixtures("counted_only")
def test_fractional_levels_agree_to_rounding() -> None:
    """Levels off the integers (sums not whole numbers) still give the pandas moments."""
    frame = survey()
    rng = np.random.default_rng(5)
    for column in ("perceived", "adequate", "desired"):
        frame[column] = frame[column] + rng.choice([0.0, 0.25, 0.5, 0.1], len(frame))
    _same_as_pandas(_tolerance, "polars", frame, "seg")


@pytest.mark.usefixtures("counted_only")
@pytest.mark.parametrize("name", FUNCTIONS)
def test_row_order_does_not_matter(name: str) -> None:
    """Shuffled rows give the same result as the rows in order (keys sorted either way)."""
    frame = survey()
    shuffled = frame.sample(frac=1.0, random_state=3).reset_index(drop=True)
    call = FUNCTIONS[name]
    got = call(as_engine("polars", shuffled), ["seg", "store"])
    assert_same(as_pandas(got, ["seg", "store"]), call(frame, ["seg", "store"]))


@pytest.mark.usefixtures("counted_only")
@pytest.mark.parametrize("name", FUNCTIONS)
def test_polars_categorical_keys(name: str) -> None:
    """Categorical Polars keys give the pandas result of the same table (categories in order)."""
    pl = pytest.importorskip("polars")
    table = pl.from_pandas(survey()).with_columns(pl.col("seg").cast(pl.Categorical))
    got = FUNCTIONS[name](table.lazy(), "seg")
    assert_same(as_pandas(got, ["seg"]), FUNCTIONS[name](table.to_pandas(), "seg"))


def _bad(name: str, problem: str) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Rows with one problem for ``name``, and the options that make it one."""
    frame = survey(60)
    column = {"kano": "functional", "tolerance_zone": "perceived", "fulfilment": "days"}[name]
    if problem == "off-scale":
        value: object = {"kano": "love it", "tolerance_zone": 10.0,
                         "fulfilment": float("inf")}[name]
        options = {"scale": LIBQUAL} if name == "tolerance_zone" else {}
        return with_cell(frame, column, 37, value), options
    return with_cell(frame, column, 23, None if name == "kano" else np.nan), {}


@pytest.mark.parametrize("engine", LOCAL)
@pytest.mark.parametrize("problem", ["off-scale", "missing"])
@pytest.mark.parametrize("name", FUNCTIONS)
def test_bad_input_gives_the_pandas_error(name: str, problem: str, engine: str) -> None:
    """A bad value gives the pandas path's error: same type, same message (value, position)."""
    frame, options = _bad(name, problem)
    with pytest.raises(ExpectationsError) as want:
        FUNCTIONS[name](frame, None, **options)
    assert isinstance(want.value, InvalidScoreError)
    with pytest.raises(type(want.value)) as got:
        FUNCTIONS[name](as_engine(engine, frame), None, **options)
    assert str(got.value) == str(want.value)


@pytest.mark.parametrize("engine", ["pandas", "polars-lazy", "duckdb"])
@pytest.mark.parametrize("name", FUNCTIONS)
def test_missing_column_names_the_existing_ones(name: str, engine: str) -> None:
    """A key column the frame lacks is a SchemaError listing the columns it has."""
    with pytest.raises(SchemaError, match=r"column 'segment'; it has 'score', 'csat'"):
        FUNCTIONS[name](as_engine(engine, survey(20)), "segment")


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
@pytest.mark.parametrize("name", ["tolerance_zone", "fulfilment"])
def test_scan_of_a_csv_is_counted_by_the_reading_rules(name: str, engine: str,
                                                        tmp_path: Path) -> None:
    """A CSV's text cells (padded keys, missing tokens) are counted as the rules read them."""
    pytest.importorskip(engine)
    frame = with_missing(survey(), ["perceived", "days"], every=9)
    text = frame.astype(object).where(frame.notna(), "NA")
    text["seg"] = " " + text["seg"].astype(str)  # whitespace the rules strip
    path = tmp_path / "survey.csv"
    text.to_csv(path, index=False)
    source = ex.scan(path, engine=engine)
    roles = {c: "text" if c == "seg" else "number"
             for c in ("seg", "perceived", "adequate", "desired", "days")}
    want = FUNCTIONS[name](source.read(roles), "seg", missing="drop")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_dispatch, "collect", _refuse)
        got = FUNCTIONS[name](source, "seg", missing="drop")
    assert_same(got, want)


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_scan_of_kano_answers_reads_them_as_text(engine: str, tmp_path: Path) -> None:
    """A CSV's padded answer labels and empty cells are counted as the rules read text."""
    pytest.importorskip(engine)
    frame = with_missing(survey(), ["functional"], every=13)
    frame["functional"] = (" " + frame["functional"].astype(str)).where(
        frame["functional"].notna(), None)
    path = tmp_path / "kano.csv"
    frame.to_csv(path, index=False)
    source = ex.scan(path, engine=engine)
    rows = source.read(dict.fromkeys(("seg", "functional", "dysfunctional"), "text"))
    want = _kano(rows, "seg", missing="drop")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_dispatch, "collect", _refuse)
        got = _kano(source, "seg", missing="drop")
    assert_same(got, want)


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_row_functions_read_the_columns(engine: str) -> None:
    """kano_category, tolerance_level and realistic_target take data= too (rows collected)."""
    frame = survey(50)
    data = as_engine(engine, frame)
    got = ex.kano_category("functional", "dysfunctional", data=data)
    want = ex.kano_category(frame["functional"], frame["dysfunctional"])
    assert list(got) == list(want)
    got = ex.tolerance_level("perceived", "adequate", "desired", data=data)
    want = ex.tolerance_level(frame["perceived"], frame["adequate"], frame["desired"])
    assert list(got.astype(object)) == list(want.astype(object))
    assert_same(ex.realistic_target("days", reliability=0.8, data=data),
                ex.realistic_target(frame["days"], reliability=0.8))


@pytest.mark.usefixtures("counted_only")
@pytest.mark.parametrize("name", FUNCTIONS)
def test_spark(name: str, spark: Any) -> None:
    """A Spark DataFrame gives the pandas path's result (one job per function)."""
    _same_as_pandas(FUNCTIONS[name], "pyspark", survey(120), ["seg", "store"], spark=spark)
