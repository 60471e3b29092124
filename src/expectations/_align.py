"""The alignment rule, implemented once: labelled arguments pair by label.

Arguments that carry pandas indexes (Series and DataFrames; inside ``by=``,
each Series of a list or mapping, and a DataFrame of keys) are paired by
label when their label sets are equal, in any order: each is reordered to
the order of the first labelled argument (normally the data). When the label
sets differ, a :class:`~expectations.errors.LengthMismatchError` names both
arguments and the first label missing from one. Arguments without labels
(lists, tuples, numpy arrays, ``pd.Index``) pair by position, as before.

Duplicate labels pair by position when the indexes are identical; otherwise
pairing by label would be ambiguous, and that is an error too.

A numpy masked array's masked entries are missing values: :func:`unmask`
turns them into NaN (numbers), a nullable integer array (integers) or None
(anything else), so that every reader sees them as missing.

Nothing here modifies the caller's data, and arguments that are already
aligned (identical or equal indexes) are passed on untouched, without a copy.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

import numpy as np
import pandas as pd

from expectations.errors import LengthMismatchError, format_message

__all__ = ["align", "aligned", "caller_stacklevel", "unmask"]

F = TypeVar("F", bound=Callable[..., Any])

_LABELLED = (pd.Series, pd.DataFrame)
_FIX = "Reindex one of them, or pass numpy arrays to pair by position."


def unmask(values: object) -> object:
    """Return ``values`` with a masked array's masked entries turned into missing values.

    Anything that is not a :class:`numpy.ma.MaskedArray` is returned as it is;
    so is the plain data of a masked array with nothing masked (no copy).

    Examples
    --------
    >>> unmask(np.ma.masked_array([0.0, 9.0], mask=[True, False]))
    array([nan,  9.])
    >>> unmask(np.ma.masked_array([0, 9], mask=[True, False]))
    <IntegerArray>
    [<NA>, 9]
    Length: 2, dtype: Int64
    >>> unmask([1, 2])
    [1, 2]
    """
    if not isinstance(values, np.ma.MaskedArray):
        return values
    data: np.ndarray[Any, Any] = np.asarray(values.data)
    mask = np.ma.getmaskarray(values)
    if not mask.any():
        return data
    kind = data.dtype.kind
    if kind == "f":
        return np.where(mask, np.nan, data)
    if kind in "iu" and data.ndim == 1:
        return pd.arrays.IntegerArray(np.where(mask, 0, data).astype(data.dtype), mask.copy())
    out = data.astype(object)
    out[mask] = None
    return out


def _parts(name: str, value: object) -> list[tuple[str, pd.Index]]:
    """Return the pandas indexes ``value`` carries, each with the argument's name."""
    if isinstance(value, _LABELLED):
        return [(name, value.index)]
    if isinstance(value, (list, tuple)):
        return [(name, part.index) for part in value if isinstance(part, pd.Series)]
    if isinstance(value, Mapping):
        return [(name, part.index) for part in value.values() if isinstance(part, pd.Series)]
    return []


# A list longer than this is data (one value per row), not a list of key columns.
_MAX_KEY_COLUMNS = 64


def _needs_alignment(value: object) -> bool:
    """Tell whether ``value`` carries labels or a mask (cheaply: never scans data)."""
    if isinstance(value, (*_LABELLED, np.ma.MaskedArray)):
        return True
    if isinstance(value, (list, tuple)) and len(value) <= _MAX_KEY_COLUMNS:
        return any(isinstance(p, (pd.Series, np.ma.MaskedArray)) for p in value)
    if isinstance(value, Mapping):
        return any(isinstance(p, pd.Series) for p in value.values())
    return False


def _unmask_all(value: object) -> object:
    if isinstance(value, np.ma.MaskedArray):
        return unmask(value)
    if isinstance(value, list) and any(isinstance(p, np.ma.MaskedArray) for p in value):
        return [unmask(p) for p in value]
    return value


def _reorder(value: object, primary: pd.Index, primary_name: str, name: str) -> object:
    """``value`` with every labelled part put in the order of ``primary``."""
    if isinstance(value, _LABELLED):
        return _reorder_one(value, primary, primary_name, name)
    if isinstance(value, (list, tuple)):
        parts = [_reorder_one(p, primary, primary_name, name) if isinstance(p, pd.Series)
                 else p for p in value]
        return parts if isinstance(value, list) else tuple(parts)
    if isinstance(value, Mapping):
        return {k: _reorder_one(p, primary, primary_name, name) if isinstance(p, pd.Series)
                else p for k, p in value.items()}
    return value


def _reorder_one(value: pd.Series | pd.DataFrame, primary: pd.Index, primary_name: str,
                 name: str) -> object:
    index = value.index
    if index is primary or index.equals(primary):
        return value
    if not (primary.is_unique and index.is_unique):
        labels = primary if not primary.is_unique else index
        first = labels[labels.duplicated()][0]
        if isinstance(first, np.generic):
            first = first.item()
        raise LengthMismatchError(format_message(
            name, f"indexed by the same labels as {primary_name}",
            detail=(f"their indexes differ and carry duplicate labels (first: {first!r}), "
                    "so pairing them by label is ambiguous"),
            fix="Give them identical indexes, or pass numpy arrays to pair by position."))
    indexer = index.get_indexer(primary)
    absent = indexer < 0
    if absent.any():
        raise LengthMismatchError(_missing_message(primary, absent, primary_name, name, name,
                                                   primary_name))
    if len(index) != len(primary):
        extra = primary.get_indexer(index) < 0
        raise LengthMismatchError(_missing_message(index, extra, name, primary_name, name,
                                                   primary_name))
    return value.iloc[indexer]


def _missing_message(labels: pd.Index, absent: np.ndarray[Any, Any], owner: str, other: str,
                     name: str, primary_name: str) -> str:
    count = int(absent.sum())
    first = labels[int(np.flatnonzero(absent)[0])]
    if isinstance(first, np.generic):
        first = first.item()
    more = f" ({count} labels in all)" if count > 1 else ""
    return format_message(
        name, f"indexed by the same labels as {primary_name}",
        detail=f"label {first!r} of {owner} is missing from {other}{more}", fix=_FIX)


def align(**arguments: object) -> dict[str, object]:
    """Apply the alignment rule to named arguments, in the order given.

    The first argument carrying a pandas index sets the order; every other
    labelled argument is reordered to it, or an error names both. ``None``
    and unlabelled arguments pass through (masked arrays are unmasked).

    Returns
    -------
    dict
        The arguments, aligned; unchanged objects are the caller's own.

    Raises
    ------
    LengthMismatchError
        When the label sets differ, or duplicate labels make pairing ambiguous.

    Examples
    --------
    >>> scores = pd.Series([10, 0, 9], index=["a", "b", "c"])
    >>> weights = pd.Series([1.0, 2.0, 3.0], index=["c", "a", "b"])
    >>> align(scores=scores, weights=weights)["weights"].tolist()
    [2.0, 3.0, 1.0]
    >>> align(scores=scores, weights=weights.rename({"c": "z"}))
    Traceback (most recent call last):
    ...
    expectations.errors.LengthMismatchError: weights must be indexed by the same labels as
    scores; label 'c' of scores is missing from weights. Reindex one of them, or pass numpy
    arrays to pair by position.
    """
    out = {name: _unmask_all(value) for name, value in arguments.items()}
    primary: tuple[str, pd.Index] | None = None
    for name, value in out.items():
        parts = _parts(name, value)
        if not parts:
            continue
        if primary is None:
            primary = parts[0]
            if len(parts) > 1:  # several Series inside one by=: align them to the first
                out[name] = _reorder(value, primary[1], primary[0], name)
            continue
        out[name] = _reorder(value, primary[1], primary[0], name)
    return out


_PACKAGE = os.path.dirname(os.path.abspath(__file__)) + os.sep


def caller_stacklevel() -> int:
    """Return the ``stacklevel`` that points a warning at the first frame outside the package.

    Call it as the ``stacklevel=`` of :func:`warnings.warn`: however many
    library frames lie between (the alignment wrapper, shared helpers), the
    warning names the caller's own line.
    """
    frame = sys._getframe(1)  # the function that calls warnings.warn: level 1
    level = 1
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame = frame.f_back
        level += 1
    return level


def aligned(*names: str | tuple[str, ...]) -> Callable[[F], F]:
    """Decorate a public function so that the named arguments obey the alignment rule.

    ``aligned("scores", "weights", "by")`` aligns those three (the first
    labelled one sets the order); ``aligned(("a", "weights_a"), ("b",
    "weights_b"))`` aligns each tuple on its own.

    Examples
    --------
    >>> @aligned("x", "y")
    ... def pairs(x, y):
    ...     return list(zip(x, y))
    >>> pairs(pd.Series([1, 2], index=[5, 6]), pd.Series([20, 10], index=[6, 5]))
    [(1, 10), (2, 20)]
    """
    groups: tuple[tuple[str, ...], ...] = (
        tuple(n for n in names if isinstance(n, tuple))
        if all(isinstance(n, tuple) for n in names)
        else (tuple(n for n in names if isinstance(n, str)),))

    def decorate(func: F) -> F:
        signature = inspect.signature(func)
        missing = {n for group in groups for n in group} - set(signature.parameters)
        if missing:
            raise TypeError(f"{func.__name__} has no parameters {sorted(missing)}")

        # data= (column names of a frame) applies to the row-aligned arguments, unless
        # the function's own first argument is called data (it is the frame then).
        columns = tuple(n for group in groups for n in group)
        takes_data = "data" in signature.parameters and "data" not in columns

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if takes_data and kwargs.get("data") is not None:
                from expectations.engine._dispatch import call_with_data

                return call_with_data(func, wrapper, signature, columns, args, kwargs)
            if not (any(map(_needs_alignment, args))
                    or any(map(_needs_alignment, kwargs.values()))):
                return func(*args, **kwargs)  # nothing labelled or masked: no cost
            try:
                bound = signature.bind(*args, **kwargs)
            except TypeError:
                return func(*args, **kwargs)  # Python's own message for a wrong call
            given = bound.arguments
            for group in groups:
                present = {n: given[n] for n in group if n in given}
                if present:
                    given.update(align(**present))
            return func(*bound.args, **bound.kwargs)

        return cast(F, wrapper)

    return decorate
