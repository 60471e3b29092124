"""Reading the inputs of the gap functions: item matrices, group keys, scale checks.

Shared by :mod:`~expectations.gaps.servqual` (item matrices, wide or long)
and the one-dimensional gap functions (three aligned columns and a ``by=``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _grouping
from expectations import _validation as v
from expectations.errors import InvalidScoreError, LengthMismatchError, format_message
from expectations.models.scale import Scale

__all__ = [
    "aligned_columns",
    "check_finite",
    "check_on_scale",
    "groups_for",
    "missing_rows",
    "read_matrix",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def read_matrix(values: object, name: str) -> tuple[FloatArray, list[Any] | None]:
    """Read a DataFrame or 2-D array-like of numbers into a new float matrix.

    Returns the matrix and the DataFrame's column labels (``None`` for arrays).
    Missing values become NaN; text and booleans are errors naming the column.

    Examples
    --------
    >>> m, labels = read_matrix(pd.DataFrame({"a": [1, 2], "b": [3, None]}), "perceived")
    >>> m.tolist(), labels
    ([[1.0, 3.0], [2.0, nan]], ['a', 'b'])
    >>> read_matrix([1, 2], "perceived")
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidScoreError: perceived must be two-dimensional (respondents x items).
    Got shape (2,); pass one column per item, or long data with item= and respondent=.
    """
    if isinstance(values, pd.DataFrame):
        labels = list(values.columns)
        columns = [v.to_float_array(values.iloc[:, j], f"{name}[{labels[j]!r}]")
                   for j in range(values.shape[1])]
        matrix = (np.column_stack(columns) if columns
                  else np.empty((len(values), 0), dtype=np.float64))
        return matrix, labels
    raw: np.ndarray[Any, Any] = np.asarray(values)
    if raw.ndim != 2:
        raise InvalidScoreError(format_message(
            name, "two-dimensional (respondents x items)",
            fix=f"Got shape {raw.shape}; pass one column per item, or long data with item= "
                "and respondent=."))
    if raw.dtype.kind in "iuf":
        return np.array(raw, dtype=np.float64), None
    columns = [v.to_float_array(raw[:, j], f"{name}[column {j}]") for j in range(raw.shape[1])]
    matrix = np.column_stack(columns) if columns else np.empty((raw.shape[0], 0))
    return matrix, None


def check_on_scale(values: FloatArray, name: str, scale: Scale, where: list[str]) -> None:
    """Check every value lies on ``scale`` (an integer scale also needs whole numbers).

    ``values`` has no NaN; ``where`` names each value's position for the message.

    Examples
    --------
    >>> check_on_scale(np.array([1.0, 8.0]), "perceived", Scale(1, 7), ["row 0", "row 1"])
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidScoreError: perceived must be integers in 1..7 (the scale);
    1 value is not (first: 8.0 at position row 1). Check the scale, or drop the values outside it.
    """
    ok = (values >= scale.low) & (values <= scale.high)
    if scale.integer:
        ok &= np.floor(values) == values
        rule = f"integers in {_fmt(scale.low)}..{_fmt(scale.high)} (the scale)"
    else:
        rule = f"between {_fmt(scale.low)} and {_fmt(scale.high)} (the scale)"
    if not ok.all():
        bad = np.flatnonzero(~ok)
        raise InvalidScoreError(format_message(
            name, rule, count=int(bad.size), first=float(values[bad[0]]),
            position=where[int(bad[0])] if where else int(bad[0]),
            fix="Check the scale, or drop the values outside it."))


def check_finite(values: FloatArray, name: str) -> None:
    """Check every (non-missing) value is finite.

    Examples
    --------
    >>> check_finite(np.array([1.0, np.inf]), "perceived")
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidScoreError: perceived must be finite numbers; 1 value is not
    (first: inf at position 1). Fix or drop those rows.
    """
    bad = np.isinf(values)
    if bad.any():
        where = np.flatnonzero(bad)
        raise InvalidScoreError(format_message(
            name, "finite numbers", count=int(where.size), first=float(values[where[0]]),
            position=int(where[0]), fix="Fix or drop those rows."))


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def groups_for(by: object, n: int, missing: str) -> _grouping.Groups:
    """Factorise ``by`` (or put every row in one group when ``by`` is None).

    Examples
    --------
    >>> groups_for(None, 3, "raise").codes.tolist()
    [0, 0, 0]
    """
    if by is None:
        return _grouping.Groups(codes=np.zeros(n, dtype=np.intp), index=pd.RangeIndex(1))
    return _grouping.factorize(by, n, missing=missing)


def aligned_columns(named: dict[str, object]) -> dict[str, FloatArray]:
    """Read several 1-D columns that must be aligned row by row.

    Examples
    --------
    >>> aligned_columns({"expected": [1, 2], "perceived": [2]})
    Traceback (most recent call last):
    ...
    expectations.errors.LengthMismatchError: perceived must be the same length as expected (2);
    got 1.
    """
    arrays = {name: v.to_float_array(values, name) for name, values in named.items()}
    first_name = next(iter(arrays))
    n = arrays[first_name].size
    for name, arr in arrays.items():
        if arr.size != n:
            raise LengthMismatchError(
                f"{name} must be the same length as {first_name} ({n}); got {arr.size}.")
    return arrays


def missing_rows(arrays: dict[str, FloatArray], missing: str) -> tuple[BoolArray, int]:
    """Rows with a NaN in any array: an error, or a mask that drops and counts them.

    Examples
    --------
    >>> keep, n = missing_rows({"a": np.array([1.0, np.nan]), "b": np.array([1.0, 2.0])},
    ...                        "drop")
    >>> keep.tolist(), n
    ([True, False], 1)
    """
    v.check_option(missing, "missing", ("raise", "drop"))
    keep = np.ones(next(iter(arrays.values())).shape[0], dtype=bool)
    for name, arr in arrays.items():
        if missing == "raise":
            v.handle_missing(arr, name, "raise")
        else:
            keep &= ~np.isnan(arr)
    return keep, int((~keep).sum())
