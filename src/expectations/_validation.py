"""Turn user input into checked numpy arrays, or raise a templated error.

Every public function passes its data through these helpers, so that a bad
value is reported the same way everywhere: the argument, the rule, how many
values break it, the first one and its position, and a fix.

The helpers never modify the caller's data: they copy whenever they would
otherwise return a view that later code might write to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence, Sized
from contextlib import contextmanager
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations._align import unmask
from expectations.errors import (
    InsufficientDataError,
    InvalidParameterError,
    InvalidScoreError,
    LengthMismatchError,
    SchemaError,
    format_message,
)

__all__ = [
    "MissingPolicy",
    "check_columns",
    "check_confidence",
    "check_integer_scale",
    "check_option",
    "check_range",
    "check_rng",
    "check_same_length",
    "check_text",
    "check_weights",
    "first_bad",
    "handle_missing",
    "invalid_text",
    "surrogate_at",
    "text_conversion",
    "to_float_array",
]

MissingPolicy = Literal["raise", "drop"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def first_bad(values: np.ndarray[Any, Any] | pd.api.extensions.ExtensionArray,
              bad: BoolArray, name: str, rule: str, fix: str,
              error: type[Exception] = InvalidScoreError) -> Exception:
    """Build the error for the values flagged in ``bad``: the rule, how many, the first.

    The first flagged value is shown as a plain Python value (a numpy scalar
    is converted with ``.item()``), with its position.

    Examples
    --------
    >>> first_bad(np.array([1.0, -2.0, -3.0]), np.array([False, True, True]), "value",
    ...           "non-negative", "Fix them.")
    InvalidScoreError('value must be non-negative; 2 values are not (first: -2.0 at position 1).
    Fix them.')
    """
    positions = np.flatnonzero(bad)
    first = values[positions[0]]
    if isinstance(first, np.generic):
        first = first.item()
    return error(
        format_message(name, rule, count=int(positions.size), first=first,
                       position=int(positions[0]), fix=fix)
    )


def to_float_array(values: object, name: str) -> FloatArray:
    """Coerce a 1-D array-like of numbers to a new float64 array, missing as NaN.

    Accepts lists, tuples, numpy arrays and pandas Series, including pandas'
    nullable dtypes (``Int64``, ``Float64``), whose ``pd.NA`` becomes NaN.
    Rejects booleans, strings, datetimes and anything not one-dimensional,
    because scoring them would silently give a wrong number.

    Parameters
    ----------
    values : array-like
        The data.
    name : str
        The argument's name, used in error messages.

    Returns
    -------
    numpy.ndarray
        A float64 array the caller does not share.

    Raises
    ------
    InvalidScoreError
        If the values are not numbers or not one-dimensional.

    Examples
    --------
    >>> to_float_array([1, 2, None], "scores")
    array([ 1.,  2., nan])
    """
    if values is None or isinstance(values, (str, bytes, Mapping)):
        raise InvalidScoreError(
            format_message(name, "a one-dimensional array-like of numbers",
                           fix=f"Got {type(values).__name__}.")
        )
    if isinstance(values, pd.DataFrame):
        raise InvalidScoreError(
            format_message(name, "a one-dimensional array-like of numbers",
                           fix="Got a DataFrame; pass one of its columns.")
        )
    if isinstance(values, np.ma.MaskedArray):
        values = unmask(values)  # masked entries are missing
    if isinstance(values, (pd.Series, pd.Index, pd.api.extensions.ExtensionArray)):
        dtype = values.dtype
        if pd.api.types.is_bool_dtype(dtype):
            raise _bool_error(name)
        if pd.api.types.is_numeric_dtype(dtype) and not isinstance(dtype, pd.CategoricalDtype):
            converted: FloatArray = np.array(
                values.to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64
            )
            return converted
        raw: np.ndarray[Any, Any] = np.asarray(values.to_numpy(dtype=object))
    else:
        if not isinstance(values, (np.ndarray, Sequence, Iterable)):
            raise InvalidScoreError(
                format_message(name, "a one-dimensional array-like of numbers",
                               fix=f"Got {type(values).__name__}.")
            )
        try:
            raw = np.asarray(values)
            if raw.dtype.kind in "US" and not isinstance(values, np.ndarray):
                # A list mixing numbers and text: keep each item's own type so the
                # error names the text, not a number numpy turned into text.
                raw = np.asarray(values, dtype=object)
        except ValueError as exc:  # ragged nested sequences
            raise InvalidScoreError(
                format_message(name, "a one-dimensional array-like of numbers",
                               fix=f"It could not be read as an array ({exc}).")
            ) from exc
    if raw.ndim != 1:
        raise InvalidScoreError(
            format_message(name, "one-dimensional",
                           fix=f"Got an array of shape {raw.shape}; flatten or select a column.")
        )
    kind = raw.dtype.kind
    if kind == "b":
        raise _bool_error(name)
    if kind in "iuf":
        return np.array(raw, dtype=np.float64)
    if kind == "O":
        return _object_to_float(raw, name)
    # strings (U/S), datetimes (M/m), complex (c), void (V)
    all_bad = np.ones(raw.shape, dtype=bool)
    raise first_bad(raw, all_bad, name, "numbers",
                     f"Got dtype {raw.dtype}; convert the values to numbers first.")


def _bool_error(name: str) -> InvalidScoreError:
    return InvalidScoreError(
        format_message(name, "numbers, not booleans",
                       fix="Convert True/False to the scale's values explicitly.")
    )


def _object_to_float(raw: np.ndarray[Any, Any], name: str) -> FloatArray:
    """Convert an object array element by element, reporting the non-numbers.

    The message counts every non-number, not just the first one found.
    """
    out = np.empty(raw.shape, dtype=np.float64)
    bad: BoolArray | None = None
    for i, item in enumerate(raw):
        if item is None or item is pd.NA or item is pd.NaT:
            out[i] = np.nan
        elif isinstance(item, (bool, np.bool_)):
            raise _bool_error(name)
        elif isinstance(item, (int, float, np.integer, np.floating)):
            out[i] = float(item)
        else:
            if bad is None:
                bad = np.zeros(raw.shape, dtype=bool)
            bad[i] = True
    if bad is not None:
        raise first_bad(raw, bad, name, "numbers", "Convert the values to numbers first.")
    return out


def handle_missing(
    values: FloatArray, name: str, missing: str
) -> tuple[BoolArray, int]:
    """Apply the missing-data policy to NaN entries.

    Parameters
    ----------
    values : numpy.ndarray
        Float data where NaN marks a missing value. Infinite values are never
        "missing": they are reported as out of range by the range checks.
    name : str
        The argument's name.
    missing : {"raise", "drop"}
        ``"raise"`` raises on the first NaN; ``"drop"`` keeps the rest and
        reports how many were dropped.

    Returns
    -------
    keep : numpy.ndarray of bool
        Mask of the rows to keep.
    n_dropped : int
        How many rows the mask removes.

    Examples
    --------
    >>> keep, n = handle_missing(np.array([1.0, np.nan]), "scores", "drop")
    >>> keep.tolist(), n
    ([True, False], 1)
    """
    check_option(missing, "missing", ("raise", "drop"))
    nan = np.isnan(values)
    if missing == "raise" and nan.any():
        raise first_bad(values, nan, name, "present (not NaN or missing)",
                         'Drop them, or pass missing="drop" to drop and count them.')
    return ~nan, int(nan.sum())


def check_integer_scale(values: FloatArray, name: str, low: float, high: float,
                        what: str = "") -> None:
    """Check that every value is an integer in ``low..high`` (NaN already removed).

    Examples
    --------
    >>> check_integer_scale(np.array([0.0, 11.0]), "scores", 0, 10, "for NPS")
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidScoreError: scores must be integers in 0..10 for NPS;
    1 value is not (first: 11.0 at position 1). Round or drop them first.
    """
    bad = ~((values >= low) & (values <= high) & (np.floor(values) == values))
    if bad.any():
        suffix = f" {what}" if what else ""
        raise first_bad(values, bad, name, f"integers in {_fmt(low)}..{_fmt(high)}{suffix}",
                         "Round or drop them first.")


def check_range(values: FloatArray, name: str, low: float, high: float,
                what: str = "") -> None:
    """Check that every value lies in the closed interval ``[low, high]``.

    Examples
    --------
    >>> check_range(np.array([1.0, 1.5]), "scores", 1, 7)
    """
    bad = ~((values >= low) & (values <= high))
    if bad.any():
        suffix = f" {what}" if what else ""
        raise first_bad(values, bad, name, f"between {_fmt(low)} and {_fmt(high)}{suffix}",
                         "Check the scale, or drop the values outside it.")


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def check_same_length(**arrays: Sized) -> int:
    """Check that every named array has the same length, and return it.

    Examples
    --------
    >>> check_same_length(scores=[1, 2], weights=[1.0])
    Traceback (most recent call last):
    ...
    expectations.errors.LengthMismatchError: weights must be the same length as scores (2); got 1.
    """
    items = list(arrays.items())
    first_name, first = items[0]
    n = len(first)
    for other_name, other in items[1:]:
        if len(other) != n:
            raise LengthMismatchError(
                f"{other_name} must be the same length as {first_name} ({n}); got {len(other)}."
            )
    return n


# Outside this range the squares of the weights (for Kish's effective sample
# size and variances) overflow to inf or underflow to 0.
#: Weights are rescaled (to a mean of 1) when the largest is beyond these: their
#: squares would otherwise overflow or vanish.
HUGE_WEIGHT = 1e150
TINY_WEIGHT = 1e-150


def check_weights(weights: object, n: int, name: str = "weights") -> FloatArray:
    """Validate survey weights: finite, non-negative, not all zero, length ``n``.

    Weights so large (above 1e150) or so small (all below 1e-150) that their
    squares would overflow or underflow are rescaled to average 1. Every score,
    share, standard error and effective sample size is unchanged by a common
    factor; weighted counts are then on that scale (they add up to ``n``).

    Examples
    --------
    >>> check_weights([1e200, 3e200], 2)
    array([0.5, 1.5])
    >>> check_weights([1, 2], 2)
    array([1., 2.])
    >>> check_weights([1, -2], 2)
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidScoreError: weights must be finite and non-negative;
    1 value is not (first: -2.0 at position 1). Fix or drop those rows.
    """
    w = to_float_array(weights, name)
    if w.size != n:
        raise LengthMismatchError(
            f"{name} must be the same length as the data ({n}); got {w.size}."
        )
    bad = ~(np.isfinite(w) & (w >= 0))
    if bad.any():
        raise first_bad(w, bad, name, "finite and non-negative", "Fix or drop those rows.")
    if n and not (w > 0).any():
        raise InvalidScoreError(
            format_message(name, "positive somewhere", fix="All weights are zero.")
        )
    if w.size:
        largest = float(w.max())
        if largest > HUGE_WEIGHT or largest < TINY_WEIGHT:
            w /= largest
            w *= w.size / float(w.sum())
    return w


def check_option(value: object, name: str, allowed: Sequence[object]) -> None:
    """Check that an option is one of the allowed values.

    Examples
    --------
    >>> check_option("x", "missing", ("raise", "drop"))
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: missing must be one of 'raise', 'drop'; got 'x'.
    """
    # Compare type as well as value: ``True == 1`` must not pass for option 1.
    ok = any(value is a or (type(value) is type(a) and value == a) for a in allowed)
    if not ok:
        choices = ", ".join(repr(a) for a in allowed)
        raise InvalidParameterError(f"{name} must be one of {choices}; got {value!r}.")


def check_confidence(confidence: object, name: str = "confidence") -> float:
    """Check a confidence level is a number strictly between 0 and 1.

    Examples
    --------
    >>> check_confidence(0.9)
    0.9
    """
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float, np.floating)):
        raise InvalidParameterError(
            f"{name} must be a number strictly between 0 and 1; got {confidence!r}."
        )
    c = float(confidence)
    if not 0.0 < c < 1.0:
        raise InvalidParameterError(
            f"{name} must be a number strictly between 0 and 1; got {confidence!r}."
        )
    return c


def check_rng(rng: object, name: str = "rng") -> np.random.Generator:
    """Turn a seed, a Generator or None into a Generator, or raise.

    Never touches numpy's global random state: ``None`` gives fresh OS
    entropy, a seed a reproducible stream, and a Generator is used as given
    (so a caller can thread one Generator through several calls).

    Examples
    --------
    >>> bool(check_rng(3).integers(10) == np.random.default_rng(3).integers(10))
    True
    >>> check_rng(-1)
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: rng must be None, a non-negative integer seed ...
    """
    if isinstance(rng, np.random.Generator):
        return rng
    ok = rng is None or isinstance(rng, np.random.SeedSequence) or (
        isinstance(rng, (int, np.integer)) and not isinstance(rng, (bool, np.bool_))
        and rng >= 0)
    if not ok:
        raise InvalidParameterError(
            f"{name} must be None, a non-negative integer seed or a numpy Generator; "
            f"got {rng!r}."
        )
    return np.random.default_rng(rng)  # type: ignore[arg-type]


def check_columns(data: object, columns: Iterable[str], name: str = "data") -> pd.DataFrame:
    """Check that ``data`` is a DataFrame holding every column in ``columns``.

    Examples
    --------
    >>> check_columns(pd.DataFrame({"a": [1]}), ["a", "b"])
    Traceback (most recent call last):
    ...
    expectations.errors.SchemaError: data must have the column 'b'; it has 'a'.
    """
    if not isinstance(data, pd.DataFrame):
        raise SchemaError(f"{name} must be a pandas DataFrame; got {type(data).__name__}.")
    for column in columns:
        if column not in data.columns:
            raise missing_column(name, column, list(data.columns))
    return data


def missing_column(name: str, column: object, present: Sequence[object]) -> SchemaError:
    """Return the error for a column that ``name`` lacks, naming the columns it has.

    Examples
    --------
    >>> print(missing_column("data", "nps", ["score", "shop"]))
    data must have the column 'nps'; it has 'score', 'shop'.
    """
    have = ", ".join(repr(c) for c in present[:10])
    more = f" and {len(present) - 10} more" if len(present) > 10 else ""
    return SchemaError(f"{name} must have the column {column!r}; it has {have}{more}.")


# A lone surrogate (from decoding bytes with errors="surrogateescape", or from
# JSON) is a str that no UTF-8 text, Arrow string or file can hold.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_TEXT_RULE = "valid Unicode text (no lone surrogates)"
_TEXT_FIX = ("Decode the source with the right encoding (errors='strict'), or fix or drop "
             "those values.")


def surrogate_at(text: str) -> int | None:
    r"""Return the position of the first lone surrogate in ``text``, or None.

    Such a string cannot be encoded as UTF-8. ASCII text is accepted without
    a scan.

    Examples
    --------
    >>> surrogate_at("caf\ud800") is None, surrogate_at("caf\ud800")
    (False, 3)
    >>> surrogate_at("café") is None
    True
    """
    if text.isascii():
        return None
    found = _SURROGATE.search(text)
    return None if found is None else found.start()


def invalid_text(values: object, name: str,
                 error: type[Exception] = InvalidScoreError) -> Exception | None:
    """Return the error naming the strings in ``values`` that are not valid Unicode, or None.

    See :func:`check_text`, which raises it.
    """
    if isinstance(values, (pd.Series, pd.Index, pd.api.extensions.ExtensionArray)):
        items: np.ndarray[Any, Any] = np.asarray(values.to_numpy(dtype=object))
    elif isinstance(values, np.ndarray):
        items = values
    elif isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        items = np.array([values], dtype=object)
    else:
        listed = list(values)
        items = np.empty(len(listed), dtype=object)
        items[:] = listed
    items = items.reshape(-1)
    if items.dtype.kind not in "OU":
        return None
    bad = np.fromiter((isinstance(x, str) and surrogate_at(x) is not None
                       for x in items), dtype=bool, count=items.size)
    if not bad.any():
        return None
    return first_bad(items, bad, name, _TEXT_RULE, _TEXT_FIX, error)


def check_text(values: object, name: str, *,
               error: type[Exception] = InvalidScoreError) -> None:
    r"""Check that every string in ``values`` is valid Unicode text, or raise.

    A lone surrogate (``"\ud800"``) is a Python ``str`` that cannot be
    written as UTF-8, so pandas' Arrow-backed strings, files and terminals
    refuse it. Items that are not strings are not checked here.

    Examples
    --------
    >>> check_text(["ok", None, "bad\ud800x"], "texts")
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidScoreError: texts must be valid Unicode text (no lone
    surrogates); 1 value is not (first: 'bad\ud800x' at position 2). Decode the source
    with the right encoding (errors='strict'), or fix or drop those values.
    """
    found = invalid_text(values, name, error)
    if found is not None:
        raise found


@contextmanager
def text_conversion(values: object, name: str, *,
                    error: type[Exception] = InvalidScoreError) -> Iterator[None]:
    r"""Turn a :class:`UnicodeEncodeError` while converting ``values`` into the library's error.

    Costs nothing when the text is valid: ``values`` are scanned only when
    the conversion inside the block (to Arrow strings, say) fails.

    Examples
    --------
    >>> with text_conversion(["a\udc80"], "by"):
    ...     _ = "a\udc80".encode("utf-8")
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidScoreError: by must be valid Unicode text ...
    """
    try:
        yield
    except UnicodeEncodeError:
        found = invalid_text(values, name, error)
        if found is None:
            raise
        raise found from None


def check_not_empty(n: int, name: str) -> None:
    """Raise :class:`InsufficientDataError` when there is nothing to score.

    Examples
    --------
    >>> check_not_empty(0, "scores")
    Traceback (most recent call last):
    ...
    expectations.errors.InsufficientDataError: scores must be non-empty; got no values to score.
    """
    if n == 0:
        raise InsufficientDataError(f"{name} must be non-empty; got no values to score.")
