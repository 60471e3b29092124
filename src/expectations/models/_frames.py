"""Build DataFrame columns from model fields, and read them back, without losing types.

``to_frame`` must round-trip exactly: an ``int`` stays an ``int`` even when another
row lacks the value, so a column holding ints and missing values uses pandas'
nullable ``Int64`` rather than float64 with NaN. Values of several types, dates
and nested objects go in ``object`` columns, which keep each Python value as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from expectations._validation import check_columns
from expectations.models._checks import is_missing, plain

__all__ = ["column", "frame", "read", "text"]

_INT64 = (-(2**63), 2**63 - 1)


def column(values: Sequence[Any]) -> pd.Series:
    """Return a Series holding ``values`` (None = missing) in the narrowest exact dtype.

    Examples
    --------
    >>> column([1, None]).dtype
    Int64Dtype()
    >>> column([1, 2.5]).dtype
    dtype('O')
    """
    present = [v for v in values if v is not None]
    types = {type(v) for v in present}
    complete = len(present) == len(values)
    if present and types == {bool}:
        out: pd.Series = pd.Series(values, dtype=bool if complete else "boolean")
        return out
    if present and types == {int} and all(_INT64[0] <= v <= _INT64[1] for v in present):
        out = pd.Series(values, dtype=np.int64 if complete else "Int64")
        return out
    if present and types == {float}:
        # Models never hold NaN, so NaN in a float column can only mean "missing".
        out = pd.Series([np.nan if v is None else v for v in values], dtype=np.float64)
        return out
    if present and types == {str}:
        return text(values)
    cells = np.empty(len(values), dtype=object)
    for i, value in enumerate(values):
        # Assign one by one so numpy never unpacks a tuple into a second axis.
        cells[i] = value
    out = pd.Series(cells, dtype=object)
    return out


def frame(columns: Mapping[str, Sequence[Any]], dtypes: Mapping[str, str] | None = None
          ) -> pd.DataFrame:
    """Build a DataFrame from named columns, each made by :func:`column`.

    ``dtypes`` fixes the dtype of some columns, so that (say) an all-missing
    text column is still text.

    Examples
    --------
    >>> df = frame({"a": [1, 2], "b": [None, None]}, {"b": "str"})
    >>> str(df["a"].dtype), pd.api.types.is_string_dtype(df["b"].dtype), df["b"].tolist()
    ('int64', True, [nan, nan])
    """
    fixed = dtypes or {}
    df: pd.DataFrame = pd.DataFrame({
        name: _fixed(values, fixed[name]) if name in fixed else column(values)
        for name, values in columns.items()
    })
    return df


def text(values: Sequence[Any]) -> pd.Series:
    """Return a text Series: pandas' own text dtype, missing values as NaN.

    pandas 3 spells its text dtype ``"str"`` and reads None as NaN; pandas 2.2
    reads ``"str"`` as ``object`` and keeps None. Converting here gives the same
    cells on both, so ``to_frame`` output does not depend on the pandas version.

    Examples
    --------
    >>> text(["a", None, 3]).tolist()
    ['a', nan, '3']
    """
    dtype = pd.api.types.pandas_dtype("str")
    if not isinstance(dtype, pd.StringDtype):
        dtype = np.dtype(object)
    cells = [np.nan if is_missing(v) else v if isinstance(v, str) else str(v) for v in values]
    out: pd.Series = pd.Series(cells, dtype=dtype)
    return out


def _fixed(values: Sequence[Any], dtype: str) -> pd.Series:
    """Return ``values`` as a Series of ``dtype``, ``"str"`` meaning :func:`text`."""
    if dtype == "str":
        return text(values)
    out: pd.Series = pd.Series(values, dtype=dtype)
    return out


def read(df: object, required: Iterable[str], optional: Iterable[str] = ()
         ) -> dict[str, list[Any]]:
    """Read named columns as lists of Python values, missing as None.

    Required columns must exist (else :class:`~expectations.errors.SchemaError`);
    optional columns that are absent read as all None.

    Examples
    --------
    >>> read(pd.DataFrame({"a": [1.5, np.nan]}), ["a"], ["b"])
    {'a': [1.5, None], 'b': [None, None]}
    """
    required = tuple(required)
    data = check_columns(df, required, name="frame")
    out: dict[str, list[Any]] = {}
    for name in (*required, *optional):
        if name in data.columns:
            out[name] = [None if is_missing(v) else plain(v) for v in data[name].tolist()]
        else:
            out[name] = [None] * len(data)
    return out
