"""The whole-frame argument of rfm, cluster, rake, ...: any frame, read as pandas.

Functions whose first argument is a table (``rfm(transactions, ...)``,
``cluster(data, ...)``) need the rows themselves. :func:`whole_frame` hands
them a pandas DataFrame of only the columns their options name, collected
through narwhals by :func:`expectations.engine._frames.pandas_frame` (so a
Polars, PyArrow, DuckDB, Dask or PySpark frame, or ``expectations.scan`` of
files, works); a pandas DataFrame, or anything that is not a frame, passes
through untouched, so the function's own checks see exactly what the caller
gave.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from expectations.engine._frames import Data

__all__ = ["all_columns", "column_kinds", "whole_frame"]


def whole_frame(data: object, roles: Iterable[tuple[object, str]]) -> tuple[object, Data | None]:
    """Return ``data`` as pandas holding the named columns, and the wrapped frame (or None).

    ``roles`` pairs each column an option names with how a scan reads its
    cells (``"number"``, ``"text"`` or ``"date"``); every such column must be
    one the function cannot do without. Names that are not strings are left
    out: the function's own check of that option then says what is wrong
    with it, as for a pandas frame. With no usable name at all, the frame's
    first column is collected so that the row count survives for those
    checks. When a named column is missing, the first row of every column is
    returned instead, so that the function's own check names the missing
    column and the ones present in its own words, exactly as for pandas.

    Examples
    --------
    >>> import polars as pl
    >>> frame, d = whole_frame(pl.DataFrame({"id": [1, 2], "x": [0.5, 1.5]}),
    ...                        [("x", "number"), (None, "text")])
    >>> type(frame).__name__, list(frame.columns), len(frame)
    ('DataFrame', ['x'], 2)
    >>> frame, d = whole_frame(pl.DataFrame({"id": [1, 2], "x": [0.5, 1.5]}),
    ...                        [("y", "number")])
    >>> list(frame.columns), len(frame)
    (['id', 'x'], 1)
    >>> whole_frame(pd.DataFrame({"x": [1]}), [("x", "number")])[1] is None
    True
    """
    if isinstance(data, pd.DataFrame):
        return data, None
    from expectations.engine._frames import collect, wrap
    from expectations.errors import InvalidParameterError

    try:
        d = wrap(data)
    except InvalidParameterError:
        return data, None  # not a frame: the function's own check names it
    named: dict[str, str] = {}
    for name, kind in roles:
        if isinstance(name, str):
            named.setdefault(name, kind)
    if not named and d.columns:
        named = {d.columns[0]: "text"}
    if not named:
        return data, None
    if not set(named) <= set(d.columns):
        return _first_row(d), d
    return collect(d, named), d


def _first_row(d: Data) -> pd.DataFrame:
    """Every column, one row: enough for the function's checks to find a missing column.

    Not zero rows: a function may check for rows (``rake``'s "non-empty")
    before it looks for columns, as it does for a pandas frame with rows.
    """
    if d.frame is None:  # a scan read by the chunk reader
        first: pd.DataFrame = d.source.read(dict.fromkeys(d.columns, "text")).head(1)
        return first
    out: pd.DataFrame = d.frame.head(1).collect(backend="pandas").to_native()
    return out


def column_kinds(columns: object, kind: str) -> list[tuple[object, str]]:
    """Pair every name of a list-of-columns option with ``kind`` (nothing if it is no list)."""
    if isinstance(columns, (list, tuple)):
        return [(name, kind) for name in columns]
    return []


def all_columns(data: object, kind: str = "number") -> list[tuple[object, str]]:
    """Every column of a non-pandas frame with ``kind``, for functions that read them all."""
    if isinstance(data, pd.DataFrame):
        return []
    from expectations.engine._frames import wrap
    from expectations.errors import InvalidParameterError

    try:
        return [(name, kind) for name in wrap(data).columns]
    except InvalidParameterError:
        return []
