"""``data=`` on the functions that take columns and have no counter: names read from a frame.

The reference is the array form of the same call on the pandas columns
(``f(df["a"], by=df["shop"])``): ``data=`` a pandas frame must give exactly
that, and ``data=`` a Polars (eager or lazy), PyArrow or DuckDB frame of the
same rows must give the pandas result (tables turned back into pandas with
``to_pandas()``). A name that is not a column is the library's SchemaError
naming the columns the frame has; an array in place of a name, with a frame
that is not pandas, is an InvalidParameterError; the caller's frame is never
modified.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pytest
from tests.engines._frames import as_engine, as_pandas, assert_same

import expectations as ex
from expectations.errors import InvalidParameterError, SchemaError

N = 300
ITEMS = 3


def _rows(n: int = N, seed: int = 11) -> pd.DataFrame:
    """One frame with a column for every argument of the functions below."""
    rng = np.random.default_rng(seed)
    comments = np.array(["Parcel arrived late again", "Great staff, very polite",
                         "Rude staff and the refund took ages", "Fair price, quick delivery",
                         "Waited on hold for an hour"], dtype=object)
    frame = pd.DataFrame({
        "a": rng.integers(0, 11, n), "b": rng.integers(0, 11, n),
        "w": rng.uniform(0.5, 2.0, n), "wb": rng.uniform(0.5, 2.0, n),
        "e": rng.integers(1, 8, n), "p": rng.integers(1, 8, n),
        "shop": rng.choice(["north", "south"], n).astype(object),
        "txt": rng.choice(comments, n),
        "cust": rng.integers(0, 90, n).astype(str).astype(object),
        "d": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 200, n), unit="D"),
        "value": rng.uniform(10.0, 500.0, n).round(2),
        "ret": rng.integers(0, 5, n), "ord": rng.integers(5, 60, n),
        "m": rng.uniform(10.0, 100.0, n), "r": rng.uniform(0.1, 0.9, n),
        "disc": rng.uniform(0.0, 0.2, n),
    })
    for i in range(1, ITEMS + 1):
        frame[f"e{i}"] = rng.integers(4, 8, n)
        frame[f"p{i}"] = rng.integers(1, 8, n)
    return frame


E_ITEMS = [f"e{i}" for i in range(1, ITEMS + 1)]
P_ITEMS = [f"p{i}" for i in range(1, ITEMS + 1)]
DIMENSIONS = {"reliability": (1, 2), "empathy": (3,)}


@attrs.frozen
class Case:
    """One call: positional column names, keyword options, and which keywords name columns."""

    func: Callable[..., Any]
    args: tuple[Any, ...]
    options: dict[str, Any]
    columns: tuple[str, ...] = ()


CASES: dict[str, Case] = {
    "classify_nps": Case(ex.classify_nps, ("a",), {}),
    "compare_nps": Case(ex.compare_nps, ("a", "b"), {"weights_a": "w", "weights_b": "wb"},
                        ("weights_a", "weights_b")),
    "compare_proportions": Case(ex.compare_proportions, ("e", "p"),
                                {"scale": ex.Scale(1, 7), "weights_a": "w"}, ("weights_a",)),
    "disconfirmation": Case(ex.disconfirmation, ("e", "p"), {"by": "shop"}, ("by",)),
    "disconfirmation-overall": Case(ex.disconfirmation, ("e", "p"), {"tolerance": 1}),
    "servqual": Case(ex.servqual, (E_ITEMS, P_ITEMS), {"dimensions": DIMENSIONS, "by": "shop"},
                     ("by",)),
    "servperf": Case(ex.servperf, (P_ITEMS,), {"dimensions": DIMENSIONS}),
    "tag_themes": Case(ex.tag_themes, ("txt",), {"by": "shop"}, ("by",)),
    "tag_themes-overall": Case(ex.tag_themes, ("txt",), {}),
    "theme_impact": Case(ex.theme_impact, ("txt", "a"), {}),
    "distinctive_terms": Case(ex.distinctive_terms, ("txt", "shop"),
                              {"target": "north", "top": 5}),
    "follow_up": Case(ex.follow_up, ("a",), {"customers": "cust", "value": "value",
                                             "dates": "d", "texts": "txt"},
                      ("customers", "value", "dates", "texts")),
    "return_rate": Case(ex.return_rate, ("ret", "ord"), {"by": "shop"}, ("by",)),
    "complaint_rate": Case(ex.complaint_rate, ("ret", "ord"), {}),
    "clv": Case(ex.clv, ("m", "r", "disc"), {}),
}
IDS = sorted(CASES)
ENGINES = ("polars", "polars-lazy", "pyarrow", "duckdb")


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    return _rows()


def _with_data(case: Case, data: object) -> Any:
    return case.func(*case.args, data=data, **case.options)


def _arrays(case: Case, frame: pd.DataFrame) -> Any:
    """Call the array form: each name replaced by the frame's column(s)."""
    args = [frame[a] for a in case.args]
    options = {k: frame[value] if k in case.columns else value
               for k, value in case.options.items()}
    return case.func(*args, **options)


def _back_to_pandas(got: object, want: object) -> object:
    """Put an engine's table in the pandas result's shape (keys back in the index)."""
    if not isinstance(want, pd.DataFrame) or isinstance(got, pd.DataFrame):
        return got
    index = want.index
    keyed = not (isinstance(index, pd.RangeIndex) and index.name is None)
    keys = [str(n) if n is not None else "index" for n in index.names] if keyed else []
    out = as_pandas(got, keys)
    assert isinstance(out, pd.DataFrame)
    if keyed:
        out.index = out.index.set_names(list(index.names))
    return out


def _same(got: object, want: object) -> None:
    if isinstance(want, pd.Categorical):
        assert isinstance(got, pd.Categorical)
        pd.testing.assert_extension_array_equal(got, want)
    else:
        assert_same(got, want)


@pytest.mark.parametrize("name", IDS)
def test_pandas_data_equals_the_array_form(rows: pd.DataFrame, name: str) -> None:
    """f("a", by="shop", data=df) is f(df["a"], by=df["shop"]), exactly."""
    case = CASES[name]
    _same(_with_data(case, rows), _arrays(case, rows))


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", IDS)
def test_engine_data_equals_the_pandas_result(rows: pd.DataFrame, name: str,
                                              engine: str) -> None:
    """The same rows in another engine give the pandas result (tables via to_pandas)."""
    case = CASES[name]
    want = _with_data(case, rows)
    got = _with_data(case, as_engine(engine, rows))
    if isinstance(want, pd.DataFrame):
        # Tables of groups come back in the caller's library; other tables (a
        # follow-up list, a theme table) stay pandas, keeping their index and attrs.
        bound = inspect.signature(case.func).bind_partial(*case.args, **case.options).arguments
        grouped = any(bound.get(a) is not None for a in ("by", "feature", "groups"))
        library = "pandas" if engine == "duckdb" or not grouped else engine.split("-")[0]
        assert type(got).__module__.split(".")[0] == library
    _same(_back_to_pandas(got, want), want)


def _first_column_arg(case: Case) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """Return the call with its first column name replaced by one the frame lacks."""
    first = case.args[0]
    replaced = [*first[:-1], "nope"] if isinstance(first, list) else "nope"
    return (replaced, *case.args[1:]), case.options


@pytest.mark.parametrize("engine", ["pandas", "polars", "duckdb"])
@pytest.mark.parametrize("name", IDS)
def test_missing_column_names_the_present_ones(rows: pd.DataFrame, name: str,
                                               engine: str) -> None:
    """A name that is not a column: SchemaError quoting it and the frame's columns."""
    case = CASES[name]
    args, options = _first_column_arg(case)
    with pytest.raises(SchemaError, match=r"data must have the column 'nope'; it has 'a', 'b', "):
        case.func(*args, data=as_engine(engine, rows), **options)


@pytest.mark.parametrize("name", IDS)
def test_an_array_for_a_column_with_a_polars_frame_is_refused(rows: pd.DataFrame,
                                                              name: str) -> None:
    """Arrays mix with names only in a pandas frame; elsewhere the error says what to do."""
    case = CASES[name]
    first = case.args[0]
    values = rows[first].to_numpy()
    data = as_engine("polars", rows)
    with pytest.raises(InvalidParameterError, match="must be a column name of data when data="):
        case.func(values, *case.args[1:], data=data, **case.options)


def test_arrays_mix_with_names_in_a_pandas_frame(rows: pd.DataFrame) -> None:
    """With a pandas frame, by= may mix a name and an array, as the accessor always allowed."""
    half = np.where(np.arange(len(rows)) % 2 == 0, "even", "odd")
    got = ex.return_rate("ret", "ord", by=["shop", half], data=rows)
    assert_same(got, ex.return_rate(rows["ret"], rows["ord"], by=[rows["shop"], half]))


@pytest.mark.parametrize("engine", ["pandas", "polars"])
@pytest.mark.parametrize("name", IDS)
def test_the_callers_frame_is_not_modified(rows: pd.DataFrame, name: str, engine: str) -> None:
    """Reading the columns leaves the caller's frame equal to a copy taken before."""
    case = CASES[name]
    data = as_engine(engine, rows)
    before = data.clone() if engine == "polars" else data.copy(deep=True)  # type: ignore[attr-defined]
    _with_data(case, data)
    if engine == "polars":
        assert data.equals(before)  # type: ignore[attr-defined]
    else:
        pd.testing.assert_frame_equal(data, before)  # type: ignore[arg-type]


def test_accessor_is_data_of_the_frame(rows: pd.DataFrame) -> None:
    """df.cx.f(names) and f(names, data=df) are the same call."""
    for got, want in [
        (rows.cx.disconfirmation("e", "p", by="shop"),
         ex.disconfirmation("e", "p", by="shop", data=rows)),
        (rows.cx.servqual(pd.Index(E_ITEMS), P_ITEMS, dimensions=DIMENSIONS),
         ex.servqual(E_ITEMS, P_ITEMS, dimensions=DIMENSIONS, data=rows)),
        (rows.cx.return_rate("ret", "ord", by="shop"),
         ex.return_rate("ret", "ord", by="shop", data=rows)),
    ]:
        assert_same(got, want)


@pytest.mark.parametrize("name", ["disconfirmation", "servqual", "follow_up", "classify_nps"])
def test_dask_data_equals_the_pandas_result(rows: pd.DataFrame, name: str) -> None:
    """A Dask frame (three partitions) is collected to the same rows: the pandas result."""
    case = CASES[name]
    want = _with_data(case, rows)
    _same(_with_data(case, as_engine("dask", rows)), want)
