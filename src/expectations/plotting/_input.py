"""Read a chart's input: a result or a DataFrame, checked for the columns it needs.

Charts accept what the library returns: a result object (converted with its
``to_frame()``) or the DataFrame of a ``by=`` call. They read columns and
never write to the caller's data.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _validation as v
from expectations.errors import SchemaError

__all__ = ["as_frame", "column_title", "numbers", "row_labels"]

FloatArray = npt.NDArray[np.float64]


def as_frame(data: object, columns: Iterable[str], name: str = "data") -> pd.DataFrame:
    """Return ``data`` as a DataFrame holding ``columns``, or raise :class:`SchemaError`.

    A result object (anything with ``to_frame()`` that is not a DataFrame) is
    converted first; its single row is labelled ``"all"``.

    Examples
    --------
    >>> as_frame(pd.DataFrame({"score": [1.0]}), ["score", "ci_low"])
    Traceback (most recent call last):
    ...
    expectations.errors.SchemaError: data must have the column 'ci_low'; it has 'score'.
    """
    if isinstance(data, pd.DataFrame):
        frame = data
    elif callable(getattr(data, "to_frame", None)) and not isinstance(data, pd.Series):
        converted = data.to_frame()  # type: ignore[attr-defined]
        if not isinstance(converted, pd.DataFrame):
            raise SchemaError(f"{name}.to_frame() must return a DataFrame; "
                              f"got {type(converted).__name__}.")
        frame = converted
        if isinstance(frame.index, pd.RangeIndex) and len(frame) == 1:
            frame = frame.set_axis(pd.Index(["all"]), axis=0)
    else:
        raise SchemaError(
            f"{name} must be a result of this library or a pandas DataFrame; "
            f"got {type(data).__name__}."
        )
    return v.check_columns(frame, columns, name)


def numbers(frame: pd.DataFrame, column: str, name: str = "data") -> FloatArray:
    """Return a column as a new float array (missing as NaN), or raise if not numeric.

    Examples
    --------
    >>> numbers(pd.DataFrame({"score": [True]}), "score")
    Traceback (most recent call last):
    ...
    expectations.errors.SchemaError: data['score'] must be numeric; it has dtype bool (first: True).
    """
    values = frame[column]
    if pd.api.types.is_bool_dtype(values.dtype) or not pd.api.types.is_numeric_dtype(
            values.dtype):
        first = values.iloc[0] if len(values) else None
        if isinstance(first, np.generic):
            first = first.item()
        raise SchemaError(
            f"{name}[{column!r}] must be numeric; it has dtype {values.dtype} "
            f"(first: {first!r})."
        )
    out: FloatArray = np.array(values.to_numpy(dtype=np.float64, na_value=np.nan),
                               dtype=np.float64)
    return out


def row_labels(index: pd.Index) -> list[str]:
    """Turn an index (several keys joined with " / ") into tick labels.

    Examples
    --------
    >>> row_labels(pd.MultiIndex.from_tuples([("web", "new"), ("app", "loyal")]))
    ['web / new', 'app / loyal']
    """
    if isinstance(index, pd.MultiIndex):
        return [" / ".join(str(part) for part in key) for key in index]
    return [str(key) for key in index]


def column_title(index: pd.Index, default: str) -> str:
    """Return the name of the index (or of its levels), for an axis title.

    Examples
    --------
    >>> column_title(pd.Index(["a"], name="segment"), "group")
    'segment'
    """
    names: list[Any] = [n for n in index.names if n is not None]
    return " / ".join(str(n) for n in names) if names else default
