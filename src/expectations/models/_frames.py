"""Build DataFrame columns from model fields, and read them back, without losing types.

``to_frame`` makes one flat table that round-trips exactly, in memory and
through CSV and Parquet: an ``int`` stays an ``int`` even when another row lacks
the value (pandas' nullable ``Int64`` rather than float64 with NaN), dates are
``datetime64`` columns, and nested parts are prefixed columns or JSON text.

Reading back, each field is converted to its model's type from whatever a
reader produced: a number or its text, ``True``/``"True"``, a date, a Timestamp
or ISO text, NaN or an empty cell for "missing". So the same frame read with
``pd.read_csv(path)``, ``pd.read_csv(path, dtype=str, keep_default_na=False)``
or ``pd.read_parquet(path)`` gives the same models.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from expectations._validation import check_columns
from expectations.errors import InvalidParameterError, SchemaError
from expectations.models._checks import is_missing, plain

__all__ = [
    "as_bool",
    "as_float",
    "as_json",
    "as_text",
    "column",
    "dates",
    "frame",
    "from_json",
    "read",
    "rows",
    "text",
    "to_json",
    "whole",
]

_INT64 = (-(2**63), 2**63 - 1)
T = TypeVar("T")


def column(values: Sequence[Any]) -> pd.Series:
    """Return a Series holding ``values`` (None = missing) in the narrowest exact dtype.

    Examples
    --------
    >>> column([1, None]).dtype
    Int64Dtype()
    >>> column([1, 2.5]).dtype
    dtype('O')
    >>> column([dt.date(2024, 1, 31), None]).dtype
    dtype('<M8[s]')
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
    if present and types == {dt.date}:
        return dates(values)
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
    optional columns that are absent read as all None. A column read that
    appears more than once raises :class:`~expectations.errors.SchemaError`.

    Examples
    --------
    >>> read(pd.DataFrame({"a": [1.5, np.nan]}), ["a"], ["b"])
    {'a': [1.5, None], 'b': [None, None]}
    """
    required = tuple(required)
    data = check_columns(df, required, name="frame")
    repeated = set(data.columns[data.columns.duplicated()])
    for name in (*required, *optional):
        if name in repeated:
            raise SchemaError(
                f"frame must have one column named {name!r}; it has "
                f"{int((data.columns == name).sum())}. Rename or drop the copies first.")
    out: dict[str, list[Any]] = {}
    for name in (*required, *optional):
        if name in data.columns:
            # An empty cell is "missing" whichever way a CSV was read: NaN by
            # default, "" with keep_default_na=False.
            out[name] = [None if is_missing(v) or (isinstance(v, str) and v == "")
                         else plain(v) for v in data[name].tolist()]
        else:
            out[name] = [None] * len(data)
    return out


def rows(df: pd.DataFrame, build: Callable[[int], T]) -> tuple[T, ...]:
    """Call ``build(i)`` for each row position, naming the row in any error.

    Examples
    --------
    >>> from expectations.models._checks import to_float
    >>> rows(pd.DataFrame(index=["x", "y"]), lambda i: to_float([1, "a"][i], "target"))
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: frame row 'y' (position 1): target must be ...
    """
    out: list[T] = []
    try:
        for _ in range(len(df)):
            out.append(build(len(out)))
    except InvalidParameterError as exc:
        # Name the row, so a bad cell in a large frame can be found.
        i = len(out)
        raise InvalidParameterError(
            f"frame row {plain(df.index[i])!r} (position {i}): {exc}") from None
    return tuple(out)


def dates(values: Sequence[dt.date | None]) -> pd.Series:
    """Return dates (None = missing) as a ``datetime64[s]`` column, NaT for missing.

    Seconds cover every year from 1 to 9999; CSV writes the days as ISO text
    (``2021-03-01``) and Parquet keeps the type.

    Examples
    --------
    >>> dates([dt.date(2021, 3, 1), None]).tolist()
    [Timestamp('2021-03-01 00:00:00'), NaT]
    """
    out: pd.Series = pd.Series(list(values), dtype="datetime64[s]")
    return out


def as_float(value: Any) -> Any:
    """Read a number field: text that spells a number becomes that number.

    Anything else is returned as it is, for the model's own check to accept or
    refuse with its message.

    Examples
    --------
    >>> as_float("2.5"), as_float(3), as_float("soon")
    (2.5, 3, 'soon')
    """
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value


def as_bool(value: Any) -> Any:
    """Read a True/False field: ``"True"``/``"False"`` (any case) become booleans.

    Examples
    --------
    >>> as_bool("False"), as_bool(True), as_bool("maybe")
    (False, True, 'maybe')
    """
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return value


def as_text(value: Any, name: str) -> Any:
    """Read a text field: refuse a number that a CSV reader made of text.

    ``pd.read_csv`` reads ``007`` as the number 7; the text cannot be
    recovered, so the error says how to read the file.

    Examples
    --------
    >>> as_text("007", "name")
    '007'
    >>> as_text(7, "name")
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: name must be text; got 7. ...dtype=str...
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise InvalidParameterError(
            f"{name} must be text; got {value!r}. A CSV reader turned text that looks "
            "like a number into one: read the file with pd.read_csv(path, dtype=str, "
            "keep_default_na=False).")
    return value


def to_json(value: Any) -> str:
    """Return ``value`` (lists, dicts, str, numbers, bool, None) as compact JSON text.

    Non-ASCII text stays readable; the floats round-trip exactly.

    Examples
    --------
    >>> to_json([{"low": 1.0, "high": None}, "café"])
    '[{"low":1.0,"high":null},"café"]'
    """
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=True)


def from_json(value: Any, name: str) -> Any:
    """Parse a JSON text cell; anything but text (an older nested form) is returned as is.

    Raises
    ------
    InvalidParameterError
        If the text is not valid JSON.

    Examples
    --------
    >>> from_json('["a", 1]', "pain_points"), from_json(("a",), "pain_points")
    (['a', 1], ('a',))
    """
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError as exc:
        raise InvalidParameterError(
            f"{name} must be JSON text, as to_frame writes it; got {value!r} ({exc}).") from None


def as_json(values: Sequence[Any]) -> list[str | None]:
    """Return each value as JSON text (None stays None), for one text column.

    Examples
    --------
    >>> as_json([["a"], None])
    ['["a"]', None]
    """
    return [None if v is None else to_json(v) for v in values]


def whole(value: Any) -> Any:
    """Return a float that holds a whole number as an int; leave other values.

    Examples
    --------
    >>> whole(5.0), whole(2.5)
    (5, 2.5)
    """
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value
