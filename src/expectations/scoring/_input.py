"""Fast validation and counting of answers on an integer rating scale.

Scores such as NPS (0..10), CSAT (1..5) and CES (1..7) are integers on a
bounded scale, and the statistics are functions of how many answers fall on
each scale point. Large surveys often arrive as compact integer arrays
(``int8``); converting 10^8 of them to float64 costs more time than the whole
score. So integer input is checked with ``min`` and ``max`` over cache-sized
chunks (one trip through memory) and never converted or shifted:
:func:`integer_answers` returns the caller's answers with the scale's offset
beside them, and the counting functions add that offset to their thresholds.
Any other input (lists, floats, nullable pandas dtypes, object arrays) goes
through :mod:`expectations._validation` and gets the same error messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _validation as v
from expectations.errors import InvalidParameterError

__all__ = [
    "IntegerAnswers",
    "IntegerScores",
    "answer_counts",
    "count_at_least",
    "count_points",
    "integer_answers",
    "integer_scores",
]

# Elements per counting chunk: small enough that the comparison temporaries stay
# in the CPU cache, large enough that the per-chunk Python overhead is negligible.
_CHUNK = 1 << 18
# Up to this many scale points, k - 1 chunked comparisons on the caller's narrow
# dtype beat widening every value to intp for one bincount.
_FEW_POINTS = 16

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


class IntegerAnswers(NamedTuple):
    """Validated answers and the offset that turns them into scale-point codes.

    Attributes
    ----------
    answers : numpy.ndarray of integers
        For each kept answer, ``answer - low + offset``: integer input is the
        caller's own array (a read-only view, never copied) with
        ``offset = low``; other input is converted to codes with ``offset = 0``.
        ``answers - offset`` is always the code ``0..high - low``.
    offset : int
        What to subtract from ``answers`` to get codes.
    keep : numpy.ndarray of bool or None
        Which input rows were kept; ``None`` when every row was kept.
    n_dropped : int
        How many rows were dropped as missing (only with ``missing="drop"``).
    """

    answers: IntCodes
    offset: int
    keep: BoolArray | None
    n_dropped: int


def _integer_array(values: object) -> np.ndarray[Any, Any] | None:
    """Return ``values`` as a 1-D numpy integer array without copying, or ``None``.

    A masked array counts only when nothing is masked (its data is used); with
    masked entries it takes the general path, where they are missing values.
    """
    if isinstance(values, np.ma.MaskedArray):
        if np.ma.getmask(values) is not np.ma.nomask and np.ma.getmaskarray(values).any():
            return None
        values = np.asarray(values.data)
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
    answers, offset, keep, n_dropped = integer_answers(values, name, low, high,
                                                       missing=missing, what=what)
    return IntegerScores(_shift(answers, offset, int(high) - int(low)), keep, n_dropped)


def integer_answers(values: object, name: str, low: int, high: int, *,
                    missing: str = "raise", what: str = "") -> IntegerAnswers:
    """Check answers are integers in ``low..high``; return them unshifted, with the offset.

    The same checks and errors as :func:`integer_scores`, but integer input is
    returned as it is (a read-only view) with ``offset = low``, so a scale that
    does not start at 0 costs no subtracting copy. Pass ``offset`` on to
    :func:`count_points` and :func:`count_at_least`.

    Examples
    --------
    >>> read = integer_answers(np.array([1, 5, 4], dtype=np.int8), "scores", 1, 5)
    >>> read.answers, read.offset
    (array([1, 5, 4], dtype=int8), 1)
    >>> count_points(read.answers, 5, offset=read.offset).tolist()
    [1, 0, 0, 1, 1]
    >>> read = integer_answers([1, None, 5], "scores", 1, 5, missing="drop")
    >>> read.answers, read.offset, read.n_dropped
    (array([0, 4], dtype=uint8), 0, 1)
    """
    low, high = _check_bounds(low, high, missing)
    arr = _integer_array(values)
    if arr is not None:
        _, smallest, largest = _scan(arr, ())
        return _checked_view(arr, smallest, largest, name, low, high, what)
    floats = v.to_float_array(values, name)
    keep, n_dropped = v.handle_missing(floats, name, missing)
    kept = floats[keep] if n_dropped else floats
    v.check_integer_scale(kept, name, low, high, what)
    codes = (kept - low).astype(np.min_scalar_type(high - low))
    return IntegerAnswers(codes, 0, keep if n_dropped else None, n_dropped)


def answer_counts(values: object, name: str, low: int, high: int, *, missing: str = "raise",
                  what: str = "") -> tuple[IntegerAnswers, npt.NDArray[np.int64]]:
    """Check answers as :func:`integer_answers` does and count each scale point.

    For integer arrays on a scale of up to 16 points, the range check and the
    counting share one trip through memory; otherwise this is
    :func:`integer_answers` followed by :func:`count_points`.

    Examples
    --------
    >>> answers, counts = answer_counts(np.array([5, 4, 4, 1], dtype=np.int8), "scores", 1, 5)
    >>> counts.tolist(), answers.offset
    ([1, 0, 0, 2, 1], 1)
    """
    low, high = _check_bounds(low, high, missing)
    k = high - low + 1
    arr = _integer_array(values)
    if arr is None or k > _FEW_POINTS:
        read = integer_answers(values, name, low, high, missing=missing, what=what)
        return read, count_points(read.answers, k, offset=read.offset)
    at_least, smallest, largest = _scan(arr, range(low + 1, high + 1))
    read = _checked_view(arr, smallest, largest, name, low, high, what)
    return read, _from_at_least(arr.size, at_least)


def _check_bounds(low: int, high: int, missing: str) -> tuple[int, int]:
    v.check_option(missing, "missing", ("raise", "drop"))
    if int(low) != low or int(high) != high or not low < high:
        raise InvalidParameterError(
            f"low and high must be integers with low < high; got {low!r} and {high!r}."
        )
    return int(low), int(high)


def _checked_view(arr: np.ndarray[Any, Any], smallest: int, largest: int, name: str,
                  low: int, high: int, what: str) -> IntegerAnswers:
    """Raise unless ``low <= smallest`` and ``largest <= high``; else wrap ``arr`` read-only."""
    if arr.size and (smallest < low or largest > high):
        floats = arr.astype(np.float64)  # only on the error path: reuse the message
        v.check_integer_scale(floats, name, low, high, what)
    view: IntCodes = arr.view()
    view.flags.writeable = False
    return IntegerAnswers(view, low, None, 0)


def _scan(arr: IntCodes, thresholds: Sequence[int]) -> tuple[list[int], int, int]:
    """Count the values at or above each threshold, and find the smallest and largest.

    One trip through memory: each cache-sized chunk is read from memory once
    and the reductions after the first read it from cache (two whole-array
    ``min``/``max`` calls would read a large array from memory twice).
    """
    totals = [0] * len(thresholds)
    smallest = largest = int(arr[0]) if arr.size else 0
    for start in range(0, arr.size, _CHUNK):
        chunk = arr[start:start + _CHUNK]
        smallest = min(smallest, int(chunk.min()))
        largest = max(largest, int(chunk.max()))
        for i, t in enumerate(thresholds):
            totals[i] += int(np.count_nonzero(chunk >= t))
    return totals, smallest, largest


def _from_at_least(n: int, at_least: Sequence[int]) -> npt.NDArray[np.int64]:
    """Turn ``n`` and the counts at or above points ``1..k - 1`` into counts per point."""
    cumulative = np.array([n, *at_least, 0], dtype=np.int64)
    counts: npt.NDArray[np.int64] = cumulative[:-1] - cumulative[1:]
    return counts


def _shift(values: IntCodes, offset: int, span: int) -> IntCodes:
    """Return ``values - offset`` in the smallest dtype holding ``0..span`` (no copy at 0)."""
    if offset == 0:
        return values
    target = np.min_scalar_type(span)
    dtype = np.promote_types(values.dtype, np.min_scalar_type(-abs(offset)))
    codes: IntCodes = np.subtract(values, np.asarray(offset, dtype=dtype), dtype=dtype)
    return codes.astype(target, copy=False) if target.itemsize < dtype.itemsize else codes


def count_at_least(codes: IntCodes, thresholds: Sequence[int], *,
                   offset: int = 0) -> list[int]:
    """Count the codes at or above each threshold, in one chunked pass.

    With ``offset``, ``codes`` holds ``code + offset`` (see :func:`integer_answers`).

    Examples
    --------
    >>> count_at_least(np.array([0, 7, 9, 10]), [7, 9])
    [3, 2]
    >>> count_at_least(np.array([1, 8, 10, 11]), [7, 9], offset=1)
    [3, 2]
    """
    shifted = [t + offset for t in thresholds]
    totals = [0] * len(shifted)
    for start in range(0, codes.size, _CHUNK):
        chunk = codes[start:start + _CHUNK]
        for i, t in enumerate(shifted):
            totals[i] += int(np.count_nonzero(chunk >= t))
    return totals


def count_points(codes: IntCodes, k: int, *, offset: int = 0) -> npt.NDArray[np.int64]:
    """Count how many codes fall on each scale point ``0..k - 1``.

    With ``offset``, ``codes`` holds ``code + offset`` (see :func:`integer_answers`).

    Examples
    --------
    >>> count_points(np.array([0, 2, 2, 4]), 5).tolist()
    [1, 0, 2, 0, 1]
    >>> count_points(np.array([1, 3, 3, 5], dtype=np.int8), 5, offset=1).tolist()
    [1, 0, 2, 0, 1]
    """
    if k > _FEW_POINTS:
        return np.bincount(np.subtract(codes, offset, dtype=np.intp),
                           minlength=k).astype(np.int64)
    return _from_at_least(codes.size, count_at_least(codes, range(1, k), offset=offset))
