"""How ``data=`` works, for every public function that takes columns.

``ex.nps("score", by="segment", weights="weight", data=frame)``: the
arguments that the alignment rule pairs row by row (``@aligned``) are column
names of ``frame`` when ``data=`` is given. One path, in three steps:

1. A pandas DataFrame: the columns are passed as Series, exactly as
   ``df.cx.nps("score", ...)`` always did (the numpy path, unchanged).
2. Any other frame (Polars, PyArrow, DuckDB, Dask, PySpark, a Scan): a
   function with a *counter* (:mod:`expectations.engine._registry`) has its
   counts computed inside the engine, and only those come back to the
   scoring code the in-memory function uses. A counter that meets anything
   it does not handle itself (a bad value, an option that needs the rows)
   raises :class:`NeedRows`, and the next step runs instead.
3. Otherwise the named columns are collected to pandas and the in-memory
   function runs on them; so the errors and their messages are the
   in-memory ones, by construction.

A by= table comes back in the caller's library (:func:`to_caller`); other
results come back as the in-memory function returns them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from expectations.engine._frames import (
    Data,
    NeedRows,
    check_columns,
    collect,
    to_caller,
    wrap,
)
from expectations.engine._registry import counters
from expectations.errors import ExpectationsError, InvalidParameterError

__all__ = ["NeedRows", "call_with_data", "role_of"]

#: Arguments that hold text (keys, labels, comments); a scan reads their cells as text,
#: as the report's reader does (Kano answers too: labels such as "like").
_TEXT = frozenset({"by", "feature", "groups", "customers", "texts", "texts_or_tags", "item",
                   "respondent", "respondents", "touchpoint", "names", "functional",
                   "dysfunctional"})
#: Arguments that hold dates.
_DATES = frozenset({"dates"})

# Values that pass through as one value per row rather than naming a column.
_ARRAYS = (pd.Series, pd.Index, pd.api.extensions.ExtensionArray, np.ndarray)


def role_of(argument: str) -> str:
    """How a scan reads the cells of the column an argument names.

    Examples
    --------
    >>> role_of("scores"), role_of("by"), role_of("dates")
    ('number', 'text', 'date')
    """
    if argument in _TEXT:
        return "text"
    if argument in _DATES:
        return "date"
    return "number"


def _is_array(value: object) -> bool:
    return isinstance(value, _ARRAYS) or (hasattr(value, "__array__")
                                          and not isinstance(value, (str, bytes)))


def _column_arguments(given: Mapping[str, Any], columns: tuple[str, ...],
                      labels: object) -> dict[str, Any]:
    """Return the arguments that name columns (or hold arrays), of those that may.

    A value that is neither (an :class:`~expectations.Expectation`, a number)
    is an argument's value and stays where it is.
    """
    return {a: given[a] for a in columns if given.get(a) is not None
            and (isinstance(given[a], (list, tuple)) or _is_array(given[a])
                 or _is_name(given[a], labels))}


def _pandas_call(call: Callable[..., Any], bound: inspect.BoundArguments,
                 frame: pd.DataFrame, columns: tuple[str, ...]) -> Any:
    """Call with the named columns of a pandas frame as Series (the numpy path)."""
    named = _column_arguments(bound.arguments, columns, frame.columns)
    _check_pandas(frame, {a: value for a, value in named.items() if not _is_array(value)})
    return _again(call, bound, {a: _pandas_value(value, frame) for a, value in named.items()})


def _is_name(value: object, columns: object) -> bool:
    """Whether ``value`` names a column: any text, or a label the frame has.

    Anything else (a number, an :class:`~expectations.Expectation`, a
    result) is an argument's value and passes through as it is.
    """
    if isinstance(value, str):
        return True
    try:
        return bool(value in columns)  # type: ignore[operator]
    except TypeError:  # unhashable
        return False


def _names_of(argument: str, value: object, d: Data) -> object:
    """Return the column name(s) an argument gives; raise when it holds values instead."""
    if isinstance(value, (list, tuple)):  # these engines name columns by text only
        return [_names_of(argument, part, d) for part in value]
    if _is_array(value) or not isinstance(value, str):
        raise InvalidParameterError(
            f"{argument} must be a column name of data when data= is a {d.kind} frame; got "
            f"{type(value).__name__}. Add the values to the frame as a column, or pass "
            "arrays without data=.")
    return value


def _pandas_value(value: object, frame: pd.DataFrame) -> object:
    """Resolve a name (or a list of names and/or arrays) against a pandas frame."""
    if value is None or _is_array(value):
        return value
    if isinstance(value, (list, tuple)) and not (isinstance(value, tuple) and value in frame):
        parts = list(value)
        if all(not _is_array(part) for part in parts):
            return frame[parts]
        return [_pandas_value(part, frame) for part in parts]
    return frame[value] if _is_name(value, frame.columns) else value


def _counter(func: Callable[..., Any]) -> Callable[[Data, dict[str, Any]], Any] | None:
    return counters().get(f"{func.__module__}:{func.__qualname__}")


def call_with_data(func: Callable[..., Any], call: Callable[..., Any],
                   signature: inspect.Signature, columns: tuple[str, ...],
                   args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Run ``func`` with its column arguments read from ``data=`` (see the module docstring).

    ``call`` is the public (aligned) function, called again with the columns
    resolved; ``columns`` names the arguments that may name columns.
    """
    bound = signature.bind(*args, **kwargs)
    given = bound.arguments
    if isinstance(given["data"], pd.DataFrame):
        # The numpy path, untouched: no narwhals wrap (which would refuse, for one,
        # duplicate column names the call does not use).
        return _pandas_call(call, bound, given["data"], columns)
    d = wrap(given["data"])
    named = _column_arguments(given, columns, d.columns)
    names = {a: _names_of(a, value, d) for a, value in named.items()}
    check_columns(d, names)
    counter = _counter(func)
    if counter is not None:
        full = signature.bind(*args, **kwargs)
        full.apply_defaults()
        options = {k: value for k, value in full.arguments.items() if k != "data"}
        try:
            return _back(counter(d, {**options, **names}), d, names)
        except NeedRows:
            pass
    roles: dict[str, str] = {}
    for argument, value in names.items():
        for name in value if isinstance(value, list) else [value]:
            roles.setdefault(str(name), role_of(argument))
    rows = collect(d, roles)
    resolved = {a: _pandas_value(value, rows) for a, value in names.items()}
    if d.source is None:
        return _back(_again(call, bound, resolved), d, names)
    try:
        return _back(_again(call, bound, resolved), d, names)
    except ExpectationsError as exc:
        raise _in_file(exc, d.source, len(rows)) from exc


def _in_file(error: ExpectationsError, scan: Any, n_rows: int) -> ExpectationsError:
    """Return a scan's error with the place of its position in the file said after it.

    The rows of a scan are numbered from the first data row of its first
    file; for one file the note gives the row (and a CSV file's line), as
    the chunk reader's errors do.
    """
    from expectations.streaming._chunks import relocate
    from expectations.streaming._scores import _note

    if len(scan.paths) == 1:
        return relocate(error, 0, _note(scan.paths[0], scan.format, 0, n_rows))
    return relocate(error, 0, lambda _: f"In {', '.join(p.name for p in scan.paths)}.")


#: Arguments that group the rows: a table of a call given one is a by= table.
_GROUPINGS = ("by", "feature", "groups")


def _back(result: object, d: Data, names: Mapping[str, object]) -> object:
    """Return a by= table in the caller's library; other results as they are.

    Only tables of groups are converted (one row per group, the keys as
    columns): other tables (a follow-up list, a theme table) keep their
    pandas index and ``attrs``.
    """
    if any(names.get(a) is not None for a in _GROUPINGS):
        return to_caller(result, d)
    return result


def _again(call: Callable[..., Any], bound: inspect.BoundArguments,
           resolved: Mapping[str, object]) -> Any:
    """Call the public function again, with the columns in place of their names."""
    bound.arguments.update(resolved)
    bound.arguments.pop("data", None)
    return call(*bound.args, **bound.kwargs)


def _check_pandas(frame: pd.DataFrame, wanted: Mapping[str, object]) -> None:
    from expectations import _validation as v

    for value in wanted.values():
        parts = value if isinstance(value, list) else [value]
        if isinstance(value, tuple) and value not in frame:
            parts = list(value)
        for part in parts:
            if not _is_array(part) and part not in frame.columns:
                raise v.missing_column("data", part, list(frame.columns))
