"""The same rows as every engine's frame, and engine results turned back into pandas.

The engine matrix (``test_engines.py``) compares each engine's result with
the pandas path of the same rows. This module builds those rows once, as a
pandas DataFrame (:func:`survey`), and hands them to each engine the way a
user would: ``pl.from_pandas``, ``pa.Table.from_pandas``, ``duckdb.from_df``,
``dd.from_pandas`` (three partitions) and ``spark.createDataFrame``
(:func:`as_engine`). :func:`as_pandas` turns a Polars or PyArrow ``by=``
table (keys as the first columns, no index) back into the pandas shape, so
the two can be compared.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Hashable, Sequence
from typing import Any

import attrs
import numpy as np
import pandas as pd

from expectations.gaps.kano import KANO_ANSWERS

#: Every engine of the matrix, by the id its tests carry.
ENGINES = ("pandas", "polars", "polars-lazy", "pyarrow", "duckdb", "dask", "pyspark")

#: Engines whose by= tables come back in their own library (keys as first columns).
OWN_TABLES = {"polars": "polars", "polars-lazy": "polars", "pyarrow": "pyarrow"}

#: Float tolerance of the comparison: counts are compared exactly (they are integers
#: far below 1e12, where a relative 1e-12 is less than one), scores to 1e-12.
RTOL = 1e-12
#: Absolute tolerance for floats that should be zero but come from sums in another order.
ATOL = 1e-12

# Distinct, readable values: which rows belong to which key must not be ambiguous.
SEGMENTS = ("north", "south", "east", "west")
REGIONS = ("city", "rural")


def survey(n: int = 240, seed: int = 7) -> pd.DataFrame:
    """Build a survey of ``n`` rows with a column for every count-based function.

    Scores on each scale (``score`` 0-10, ``csat`` 1-5, ``ces`` 1-7), two text
    keys (``seg``, ``reg``), an integer key (``store``), weights (``w``),
    dates (``date``, over a year), Kano answer pairs, tolerance levels on
    1-9 and delivery outcomes in days. Every key value has rows on every
    scale point often enough for each test to be meaningful.
    """
    rng = np.random.default_rng(seed)
    adequate = rng.integers(2, 6, n)
    return pd.DataFrame({
        "score": rng.integers(0, 11, n),
        "csat": rng.integers(1, 6, n),
        "ces": rng.integers(1, 8, n),
        "seg": rng.choice(SEGMENTS, n).astype(object),
        "reg": rng.choice(REGIONS, n).astype(object),
        "store": rng.integers(1, 4, n),
        "w": rng.uniform(0.2, 3.0, n),
        "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D"),
        "functional": rng.choice(list(KANO_ANSWERS), n).astype(object),
        "dysfunctional": rng.choice(list(KANO_ANSWERS), n).astype(object),
        "perceived": rng.integers(1, 10, n).astype(np.float64),
        "adequate": adequate.astype(np.float64),
        "desired": (adequate + rng.integers(0, 4, n)).astype(np.float64),
        "days": rng.gamma(4.0, 0.5, n).round(2),
    })


def with_missing(frame: pd.DataFrame, columns: Sequence[str], every: int,
                 start: int = 0) -> pd.DataFrame:
    """Copy ``frame`` with every ``every``-th cell of ``columns`` missing.

    Number columns become float with NaN (as a CSV reader gives them), text
    columns hold ``None``.
    """
    out = frame.copy()
    rows = np.arange(start, len(out), every)
    for column in columns:
        if pd.api.types.is_numeric_dtype(out[column].dtype):
            values = out[column].to_numpy(dtype=np.float64, copy=True)
            values[rows] = np.nan
            out[column] = values
        else:
            values = out[column].astype(object).to_numpy(copy=True)
            values[rows] = None
            out[column] = values
    return out


def with_cell(frame: pd.DataFrame, column: str, row: int, value: object) -> pd.DataFrame:
    """Copy ``frame`` with one cell replaced (the column becomes as wide as it must)."""
    out = frame.copy()
    values = out[column].to_numpy(copy=True)
    if value is None and values.dtype.kind == "M":
        # A missing date is NaT (numpy would turn datetimes into integers as objects).
        values[row] = np.datetime64("NaT")
        out[column] = values
        return out
    if isinstance(value, str) or value is None:
        values = values.astype(object)
    elif isinstance(value, float) and values.dtype.kind in "iu":
        values = values.astype(np.float64)
    values[row] = value
    out[column] = values
    return out


def as_engine(engine: str, frame: pd.DataFrame, spark: Any = None) -> object:
    """Give the rows of ``frame`` as ``engine``'s frame, built the way a user builds one.

    ``pandas`` gets a copy (the reference path must see exactly what the
    engines see); ``dask`` has three partitions; ``pyspark`` needs the
    session (the ``spark`` fixture).
    """
    if engine == "pandas":
        return frame.copy()
    if engine in ("polars", "polars-lazy"):
        import polars as pl

        table = pl.from_pandas(frame)
        return table.lazy() if engine == "polars-lazy" else table
    if engine == "pyarrow":
        import pyarrow as pa

        return pa.Table.from_pandas(frame, preserve_index=False)
    if engine == "duckdb":
        # One connection for the tests (opening one costs more than a query here), not
        # duckdb's default one: that is process-wide state other tests may use.
        return _duckdb().from_df(frame)
    if engine == "dask":
        import dask.dataframe as dd

        return dd.from_pandas(frame, npartitions=3, sort=False)
    if engine == "pyspark":
        if spark is None:
            raise ValueError("a pyspark frame needs the spark session")
        return spark.createDataFrame(frame)
    raise ValueError(f"unknown engine {engine!r}")


@functools.cache
def _duckdb() -> Any:
    import duckdb

    return duckdb.connect()


def as_pandas(result: object, keys: Sequence[Hashable]) -> object:
    """Put an engine's result in the pandas path's shape: a Polars/PyArrow table re-indexed.

    ``keys`` are the key columns a by= table starts with (none: a plain
    RangeIndex). Anything that is not a Polars or PyArrow table is returned
    as it is.
    """
    module = type(result).__module__.split(".", 1)[0]
    if module not in ("polars", "pyarrow"):
        return result
    frame = result.to_pandas()  # type: ignore[attr-defined]
    if keys:
        frame = frame.set_index(list(keys))
    return frame


def result_library(engine: str) -> str:
    """Name the library a by= table from ``engine`` comes back in."""
    return OWN_TABLES.get(engine, "pandas")


def assert_same(got: object, want: object, where: str = "result") -> None:
    """Assert an engine's result equals the pandas path's: counts exactly, floats to 1e-12.

    Results are compared field by field (attrs results), column by column
    (tables, index included) or as values.
    """
    if isinstance(want, pd.DataFrame):
        assert isinstance(got, pd.DataFrame), f"{where}: {type(got).__name__}, not a DataFrame"
        _assert_frames(got, want, where)
    elif isinstance(want, pd.Series):
        assert isinstance(got, pd.Series), f"{where}: {type(got).__name__}, not a Series"
        _assert_frames(got.to_frame(), want.to_frame(), where)
    elif attrs.has(type(want)):
        assert type(got) is type(want), f"{where}: {type(got).__name__} != {type(want).__name__}"
        for field in attrs.fields(type(want)):
            assert_same(getattr(got, field.name), getattr(want, field.name),
                        f"{where}.{field.name}")
    elif isinstance(want, np.ndarray):
        np.testing.assert_allclose(np.asarray(got, dtype=float), want.astype(float),
                                   rtol=RTOL, atol=ATOL, err_msg=where)
    elif (isinstance(want, float) and not isinstance(got, (int, bool))) or (
            isinstance(want, (int, float)) and isinstance(got, float)):
        assert isinstance(got, (float, int)), f"{where}: {got!r} != {want!r}"
        assert (math.isnan(got) and math.isnan(want)) or math.isclose(
            got, want, rel_tol=RTOL, abs_tol=ATOL), f"{where}: {got!r} != {want!r}"
    elif isinstance(want, (list, tuple)):
        assert len(got) == len(want), f"{where}: {got!r} != {want!r}"  # type: ignore[arg-type]
        for i, (g, w) in enumerate(zip(got, want, strict=True)):  # type: ignore[call-overload]
            assert_same(g, w, f"{where}[{i}]")
    elif isinstance(want, dict):
        assert isinstance(got, dict), f"{where}: {type(got).__name__}, not a dict"
        assert got.keys() == want.keys(), f"{where}: keys differ"
        for key, value in want.items():
            assert_same(got[key], value, f"{where}[{key!r}]")
    else:
        assert type(got) is type(want), f"{where}: {type(got)} != {type(want)}"
        assert got == want, f"{where}: {got!r} != {want!r}"


def _assert_frames(got: pd.DataFrame, want: pd.DataFrame, where: str) -> None:
    assert list(got.columns) == list(want.columns), f"{where}: columns differ"
    # Count columns stay counts: an engine must not turn n into a float.
    for column in want.columns:
        if pd.api.types.is_integer_dtype(want[column].dtype):
            assert pd.api.types.is_integer_dtype(got[column].dtype), (
                f"{where}: column {column!r} is {got[column].dtype}, not integers")
    assert [str(n) for n in got.index.names] == [str(n) for n in want.index.names], (
        f"{where}: index names {got.index.names} != {want.index.names}")
    pd.testing.assert_index_equal(_plain_index(got.index), _plain_index(want.index),
                                  exact=False, obj=f"{where} index")
    pd.testing.assert_frame_equal(
        got.reset_index(drop=True), want.reset_index(drop=True),
        check_dtype=False,
        check_column_type=False, check_exact=False, rtol=RTOL, atol=ATOL, obj=where)


def _plain_index(index: pd.Index) -> pd.Index:
    """Turn categorical/string/arrow levels into plain objects, to compare values only."""
    if isinstance(index, pd.MultiIndex):
        return pd.MultiIndex.from_arrays(
            [_plain_values(index.get_level_values(i)) for i in range(index.nlevels)],
            names=index.names)
    return pd.Index(_plain_values(index), name=index.name)


def _plain_values(index: pd.Index) -> np.ndarray:
    values = index.astype(object).to_numpy()
    return np.array([None if _is_missing(v) else v for v in values], dtype=object)


def _is_missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
