"""Fast validation and counting of answers on an integer rating scale.

Scores such as NPS (0..10), CSAT (1..5) and CES (1..7) are integers on a
bounded scale, and the statistics are functions of how many answers fall on
each scale point. Large surveys often arrive as compact integer arrays
(``int8``); converting 10^8 of them to float64 costs more time than the whole
score. So integer input is checked with one ``min`` and one ``max`` and never
converted, and counting runs over cache-sized chunks. Any other input (lists,
floats, nullable pandas dtypes, object arrays) goes through
:mod:`expectations._validation` and gets the same error messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _validation as v
from expectations.errors import InvalidParameterError

__all__ = ["IntegerScores", "count_at_least", "count_points", "integer_scores"]

# Elements per counting chunk: small enough that the comparison temporaries stay
# in the CPU cache, large enough that the per-chunk Python overhead is negligible.
_CHUNK = 1 << 18

IntCodes = npt.NDArray[np.integer[Any]]
BoolArray = npt.NDArray[np.bool_]


class IntegerScores(NamedTuple):
    """Validated answers as scale-point codes.

    Attributes
    ----------
    codes : numpy.ndarray of integers
        For each kept answer, ``answer - low`` (so ``0..high - low``). It may be
        a read-only view of the caller's array; never write to it.
    keep : numpy.ndarray of bool or None
        Which input rows were kept, for aligning weights and group keys; ``None``
        when every row was kept.
    n_dropped : int
        How many rows were dropped as missing (only with ``missing="drop"``).
    """

    codes: IntCodes
    keep: BoolArray | None
    n_dropped: int


def _integer_array(values: object) -> np.ndarray[Any, Any] | None:
    """Return ``values`` as a 1-D numpy integer array without copying, or ``None``."""
    if isinstance(values, np.ndarray):
        arr: np.ndarray[Any, Any] = values
    elif isinstance(values, pd.Series) and not isinstance(values.dtype, pd.CategoricalDtype):
        dtype = values.dtype
        if isinstance(dtype, np.dtype):
            arr = values.to_numpy()
        elif pd.api.types.is_integer_dtype(dtype) and not values.hasnans:
            # Nullable integer dtype without missing values: its numpy dtype.
            arr = values.to_numpy(dtype=np.dtype(getattr(dtype, "numpy_dtype", np.int64)))
        else:
            return None
    else:
        return None
    if arr.ndim != 1 or arr.dtype.kind not in "iu":
        return None
    return arr


def integer_scores(values: object, name: str, low: int, high: int, *,
                   missing: str = "raise", what: str = "") -> IntegerScores:
    """Check answers are integers in ``low..high`` and return them as codes.

    Parameters
    ----------
    values : array-like
        The answers: list, numpy array or pandas Series (nullable dtypes too).
    name : str
        The argument's name, used in error messages.
    low, high : int
        The scale's lowest and highest answers.
    missing : {"raise", "drop"}
        What to do with missing answers (NaN, None, ``pd.NA``).
    what : str
        Words appended to the rule in messages, for example ``"for NPS"``.

    Returns
    -------
    IntegerScores
        ``(codes, keep, n_dropped)``; ``codes`` holds ``answer - low`` for the
        kept rows.

    Raises
    ------
    InvalidScoreError
        On booleans, text, non-integers, values outside the scale, or missing
        values with ``missing="raise"``.

    Notes
    -----
    Integer numpy arrays (and Series backed by them) are checked with one
    ``min`` and one ``max`` pass and are not copied when ``low == 0``. Other
    input is converted with :func:`expectations._validation.to_float_array`.

    Examples
    --------
    >>> codes, keep, n_dropped = integer_scores([10, 7, None], "scores", 0, 10,
    ...                                         missing="drop")
    >>> codes, keep, n_dropped
    (array([10,  7], dtype=uint8), array([ True,  True, False]), 1)
    >>> integer_scores(np.array([1, 5], dtype=np.int8), "scores", 1, 5).codes
    array([0, 4], dtype=int8)
    """
    v.check_option(missing, "missing", ("raise", "drop"))
    if int(low) != low or int(high) != high or not low < high:
        raise InvalidParameterError(
            f"low and high must be integers with low < high; got {low!r} and {high!r}."
        )
    low, high = int(low), int(high)
    arr = _integer_array(values)
    if arr is not None:
        return IntegerScores(_integer_codes(arr, name, low, high, what), None, 0)
    floats = v.to_float_array(values, name)
    keep, n_dropped = v.handle_missing(floats, name, missing)
    kept = floats[keep] if n_dropped else floats
    v.check_integer_scale(kept, name, low, high, what)
    codes = (kept - low).astype(np.min_scalar_type(high - low))
    return IntegerScores(codes, keep if n_dropped else None, n_dropped)


def _integer_codes(arr: np.ndarray[Any, Any], name: str, low: int, high: int,
                   what: str) -> IntCodes:
    if arr.size and (arr.min() < low or arr.max() > high):
        floats = arr.astype(np.float64)  # only on the error path: reuse the message
        v.check_integer_scale(floats, name, low, high, what)
    if low == 0:
        view: IntCodes = arr.view()
        view.flags.writeable = False
        return view
    span = np.min_scalar_type(high - low)
    dtype = np.promote_types(arr.dtype, np.min_scalar_type(-abs(low)))
    codes: IntCodes = np.subtract(arr, np.asarray(low, dtype=dtype), dtype=dtype)
    return codes.astype(span, copy=False) if span.itemsize < dtype.itemsize else codes


def count_at_least(codes: IntCodes, thresholds: Sequence[int]) -> list[int]:
    """Count the codes at or above each threshold, in one chunked pass.

    Examples
    --------
    >>> count_at_least(np.array([0, 7, 9, 10]), [7, 9])
    [3, 2]
    """
    totals = [0] * len(thresholds)
    for start in range(0, codes.size, _CHUNK):
        chunk = codes[start:start + _CHUNK]
        for i, t in enumerate(thresholds):
            totals[i] += int(np.count_nonzero(chunk >= t))
    return totals


def count_points(codes: IntCodes, k: int) -> npt.NDArray[np.int64]:
    """Count how many codes fall on each scale point ``0..k - 1``.

    Examples
    --------
    >>> count_points(np.array([0, 2, 2, 4]), 5).tolist()
    [1, 0, 2, 0, 1]
    """
    if k > 16:
        return np.bincount(codes.astype(np.intp), minlength=k).astype(np.int64)
    at_least = np.array([codes.size, *count_at_least(codes, range(1, k)), 0], dtype=np.int64)
    counts: npt.NDArray[np.int64] = at_least[:-1] - at_least[1:]
    return counts
