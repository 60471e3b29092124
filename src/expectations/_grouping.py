"""The one grouping engine behind every ``by=`` argument.

Keys are factorised once into integer group codes; everything else is counted
with :func:`numpy.bincount` over those codes (combined with category codes
where a score counts categories). No Python loop runs per group or per row,
and no ``groupby.apply`` is used.

Rows whose key is missing (NaN, None, ``pd.NA``) belong to no group. They are
never dropped silently: with ``missing="raise"`` they are an error, with
``missing="drop"`` they are excluded and counted in :attr:`Groups.n_dropped`.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _validation as v
from expectations._align import unmask
from expectations.errors import (
    InvalidParameterError,
    InvalidScoreError,
    LengthMismatchError,
    format_message,
)

__all__ = ["Groups", "count_categories", "factorize", "frame", "sum_by_group"]

IntArray = npt.NDArray[np.intp]
FloatArray = npt.NDArray[np.float64]

# Above this many possible key combinations, combining codes by a dense lookup
# table would cost more memory than hashing the combined codes.
_DENSE_LIMIT = 1 << 24
# Above this many possible key combinations, their codes could overflow int64.
_RAVEL_LIMIT = 1 << 62


@attrs.frozen(kw_only=True)
class Groups:
    """Integer group codes for every row, and the key of each group.

    Attributes
    ----------
    codes : numpy.ndarray of intp
        For each row, its group number in ``0..n_groups - 1``, or ``-1`` for a
        row whose key is missing (kept only when those rows were dropped).
    index : pandas.Index
        The key of each group, in sorted key order; a MultiIndex for several keys.
    n_dropped : int
        Rows excluded because a key was missing.
    """

    codes: IntArray = attrs.field(eq=False, repr=False)
    index: pd.Index = attrs.field(eq=False)
    n_dropped: int = 0

    @property
    def n_groups(self) -> int:
        """How many groups there are."""
        return len(self.index)

    @property
    def keep(self) -> npt.NDArray[np.bool_]:
        """Mask of the rows that belong to a group."""
        return self.codes >= 0


# One key column each; ExtensionArray covers pandas.Categorical and nullable arrays.
_ARRAYS = (pd.Series, pd.Index, np.ndarray, pd.api.extensions.ExtensionArray)


def _key_columns(by: object, n: int, name: str) -> list[tuple[Hashable, object]]:
    """Split ``by`` into one or several key columns, each with its display name.

    A DataFrame, a mapping, or a list of arrays, Series or lists gives one key
    column each. A list of tuples is rows: one tuple of keys per row, even when
    the tuples are as long as the data.
    """
    if isinstance(by, pd.DataFrame):
        return [(str(c), by.iloc[:, j]) for j, c in enumerate(by.columns)]
    if isinstance(by, _ARRAYS):
        return [(by.name if isinstance(by, (pd.Series, pd.Index)) else None, unmask(by))]
    if isinstance(by, Sequence) and not isinstance(by, (str, bytes)):
        parts = list(by)
        if parts and all(isinstance(p, tuple) for p in parts):
            return _row_tuples(parts, n, name)
        if parts and all(
            isinstance(p, (*_ARRAYS, list, tuple)) for p in parts
        ):
            return [
                (p.name if isinstance(p, (pd.Series, pd.Index)) else None, unmask(p))
                for p in parts
            ]
        return [(None, parts)]
    if isinstance(by, Mapping):
        return [(str(k), col) for k, col in by.items()]
    raise InvalidParameterError(
        format_message(name, "an array-like of group keys, a list of them, or a DataFrame",
                       fix=f"Got {type(by).__name__}.")
    )


def _row_tuples(rows: list[tuple[Any, ...]], n: int, name: str,
                ) -> list[tuple[Hashable, object]]:
    """Turn one tuple of keys per row into one key column per tuple position."""
    width = len(rows[0])
    if width == 0 or any(len(row) != width for row in rows):
        lengths = sorted({len(row) for row in rows})
        raise InvalidParameterError(format_message(
            name, "a list of tuples of the same length (one tuple of keys per row)",
            fix=f"Got tuples of lengths {lengths}."))
    if len(rows) != n:
        raise LengthMismatchError(
            f"{name} must be the same length as the data ({n}); got {len(rows)} rows of keys "
            "(a list of tuples is read as one tuple per row).")
    columns = [np.empty(len(rows), dtype=object) for _ in range(width)]
    for j, column in enumerate(columns):
        column[:] = [row[j] for row in rows]
    return [(None, column) for column in columns]


def _factorize_one(key: object, n: int, name: str) -> tuple[IntArray, pd.Index]:
    if isinstance(key, (pd.Series, pd.Index)):
        values: Any = key
    else:
        values = np.asarray(key, dtype=object) if isinstance(key, (list, tuple)) else key
    if getattr(values, "ndim", 1) != 1:
        raise InvalidParameterError(format_message(name, "one-dimensional"))
    if len(values) != n:
        raise LengthMismatchError(
            f"{name} must be the same length as the data ({n}); got {len(values)}."
        )
    dense = _factorize_dense_integers(values)
    if dense is not None:
        return dense
    if isinstance(getattr(values, "dtype", None), pd.CategoricalDtype):
        cat = pd.Categorical(values)
        # Keep the caller's category order, but only the categories that occur.
        codes = np.asarray(cat.codes, dtype=np.intp)
        present = np.bincount(codes[codes >= 0], minlength=len(cat.categories)) > 0
        remap = np.where(present, np.cumsum(present) - 1, -1).astype(np.intp)
        codes = np.where(codes >= 0, remap[np.maximum(codes, 0)], -1)
        uniques = pd.CategoricalIndex(
            cat.categories[present], categories=cat.categories[present],
            ordered=cat.ordered,
        )
        _check_key_text(uniques, values, name)
        return codes, uniques
    # Text keys become Arrow strings, which refuse a lone surrogate.
    with v.text_conversion(values, name):
        try:
            codes_raw, uniques_raw = pd.factorize(values, sort=True, use_na_sentinel=True)
        except TypeError as exc:  # keys of mixed, unorderable types
            raise InvalidParameterError(
                format_message(name, "keys of one comparable type (all text or all numbers)",
                               fix=f"Sorting them failed: {exc}.")
            ) from exc
        uniques = pd.Index(uniques_raw)
    _check_key_text(uniques, values, name)
    return np.asarray(codes_raw, dtype=np.intp), uniques


def _check_key_text(uniques: pd.Index, values: object, name: str) -> None:
    """Refuse keys that are not valid Unicode text, whatever the string storage.

    Arrow-backed strings fail on a lone surrogate while converting (caught by
    :func:`~expectations._validation.text_conversion`); object-dtype keys
    (pandas 2, or lists) convert silently, and would crash any writer later.
    Only the distinct keys are scanned, and only when they are not all ASCII.
    """
    if uniques.dtype.kind != "O" and not isinstance(uniques.dtype, pd.CategoricalDtype):
        return
    if any(isinstance(u, str) and v.surrogate_at(u) is not None for u in uniques):
        v.check_text(values, name)


def _factorize_dense_integers(values: object) -> tuple[IntArray, pd.Index] | None:
    """Factorise integer keys spanning a small range without hashing, or return None.

    Keys such as store or wave numbers usually fill a short range; counting
    them with a bincount over ``key - min`` is about twice as fast as hashing,
    and the codes are ``key - min`` itself when every value in the range occurs.
    """
    if isinstance(values, pd.Series) and isinstance(values.dtype, np.dtype):
        values = values.to_numpy()
    if not isinstance(values, np.ndarray) or values.size == 0:
        return None
    dtype = values.dtype
    if not (dtype.kind == "i" or (dtype.kind == "u" and dtype.itemsize < 8)):
        return None
    low, high = int(values.min()), int(values.max())
    span = high - low + 1
    if span > min(2 * values.size + 1024, _DENSE_LIMIT):
        return None
    offsets = np.subtract(values, low, dtype=np.intp)
    present = np.bincount(offsets, minlength=span) > 0
    if present.all():
        codes = offsets
    else:
        codes = (np.cumsum(present) - 1)[offsets]
    keys = (low + np.flatnonzero(present)).astype(dtype)
    return codes, pd.Index(keys)


def factorize(by: object, n: int, *, name: str = "by", missing: str = "raise") -> Groups:
    """Factorise one or several group keys into integer codes.

    Parameters
    ----------
    by : array-like, list of array-likes, or DataFrame
        The key(s), each the same length as the data.
    n : int
        Number of rows in the data.
    name : str
        The argument's name, for error messages.
    missing : {"raise", "drop"}
        What to do with rows whose key is missing.

    Returns
    -------
    Groups

    Examples
    --------
    >>> g = factorize(["b", "a", "b"], 3)
    >>> g.codes.tolist(), list(g.index)
    ([1, 0, 1], ['a', 'b'])
    >>> g = factorize([["x", "x", "y"], [1, 2, 1]], 3)
    >>> g.codes.tolist(), list(g.index)
    ([0, 1, 2], [('x', 1), ('x', 2), ('y', 1)])
    """
    v.check_option(missing, "missing", ("raise", "drop"))
    columns = _key_columns(by, n, name)
    if not columns:
        raise InvalidParameterError(format_message(name, "at least one key"))
    parts = [_factorize_one(col, n, name) for _, col in columns]
    names = [label for label, _ in columns]
    if len(parts) == 1:
        codes, index = parts[0]
        index = index.rename(names[0])
    else:
        codes, index = _combine(parts, names)
    # One min() pass (instead of a mask) in the common case of no missing key.
    bad = codes < 0 if codes.size and codes.min() < 0 else None
    n_dropped = 0 if bad is None else int(bad.sum())
    if bad is not None and missing == "raise":
        first = int(np.flatnonzero(bad)[0])
        raise InvalidScoreError(
            format_message(name, "present for every row (no missing group keys)",
                           count=n_dropped, first=None, position=first,
                           fix='Fill them, or pass missing="drop" to drop and count them.')
        )
    return Groups(codes=codes, index=index, n_dropped=n_dropped)


def _combine(parts: list[tuple[IntArray, pd.Index]],
             names: list[Hashable]) -> tuple[IntArray, pd.Index]:
    """Combine per-key codes into one code per observed key combination."""
    sizes = [len(index) for _, index in parts]
    missing = np.zeros(parts[0][0].shape, dtype=bool)
    for codes, _ in parts:
        missing |= codes < 0
    safe = [np.where(missing, 0, codes) for codes, _ in parts]
    total = int(np.prod([int(s) for s in sizes])) if sizes else 0
    if total > _RAVEL_LIMIT:
        return _combine_by_hashing(safe, missing, parts, names)
    combined = np.ravel_multi_index(safe, sizes) if sizes else np.zeros(0, np.intp)
    valid = combined[~missing]
    if total <= _DENSE_LIMIT:
        present = np.bincount(valid, minlength=total) > 0
        observed = np.flatnonzero(present)
        lookup = np.cumsum(present) - 1
        codes = lookup[combined]
    else:
        observed, inverse = np.unique(valid, return_inverse=True)
        codes = np.empty(combined.shape, dtype=np.intp)
        codes[~missing] = inverse
    codes = np.where(missing, -1, codes).astype(np.intp)
    level_codes = np.unravel_index(observed, sizes)
    index = pd.MultiIndex(
        levels=[list(index) for _, index in parts],
        codes=[c.tolist() for c in level_codes],
        names=names,
        verify_integrity=False,
    )
    return codes, index


def _combine_by_hashing(safe: list[IntArray], missing: npt.NDArray[np.bool_],
                        parts: list[tuple[IntArray, pd.Index]],
                        names: list[Hashable]) -> tuple[IntArray, pd.Index]:
    """Combine per-key codes when the product of the key counts overflows an integer.

    Codes are combined one key at a time and re-factorised (sorted) whenever
    the next product could overflow, so every intermediate code stays below
    ``n**2``; the keys' sorted order is kept throughout.
    """
    valid = ~missing
    current = safe[0][valid].astype(np.int64)
    size = len(parts[0][1])
    for codes, (_, index) in zip(safe[1:], parts[1:], strict=True):
        if size * len(index) > _RAVEL_LIMIT:
            uniques, current = np.unique(current, return_inverse=True)
            current = current.astype(np.int64).reshape(-1)
            size = len(uniques)
        current = current * len(index) + codes[valid]
        size *= len(index)
    _, first_row, inverse = np.unique(current, return_index=True, return_inverse=True)
    codes_out = np.full(missing.shape, -1, dtype=np.intp)
    codes_out[valid] = inverse.reshape(-1)
    index = pd.MultiIndex(
        levels=[list(idx) for _, idx in parts],
        codes=[c[valid][first_row].tolist() for c in safe],
        names=names,
        verify_integrity=False,
    )
    return codes_out, index


def count_categories(groups: Groups, categories: npt.NDArray[np.integer[Any]], k: int,
                     weights: FloatArray | None = None) -> FloatArray:
    """Count (or sum weights of) each category within each group.

    Parameters
    ----------
    groups : Groups
        The grouping; rows with code ``-1`` (only present when
        ``groups.n_dropped > 0``) are ignored.
    categories : numpy.ndarray of integers
        For each row, its category in ``0..k - 1`` (any integer dtype).
    k : int
        Number of categories.
    weights : numpy.ndarray, optional
        Row weights; the result then holds weight sums.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_groups, k)``.

    Examples
    --------
    >>> g = factorize(["a", "b", "a"], 3)
    >>> count_categories(g, np.array([0, 1, 1]), 2).tolist()
    [[1.0, 1.0], [0.0, 1.0]]
    """
    combined = groups.codes * k
    combined += categories
    w = weights
    # Codes are all valid unless some keys were dropped: skip the mask then.
    if groups.n_dropped:
        keep = groups.codes >= 0
        combined = combined[keep]
        w = None if w is None else w[keep]
    counts = np.bincount(combined, weights=w, minlength=groups.n_groups * k)
    return counts.astype(np.float64).reshape(groups.n_groups, k)


def sum_by_group(groups: Groups, values: FloatArray) -> FloatArray:
    """Sum ``values`` within each group (rows with code ``-1`` are ignored).

    As in :func:`count_categories`, code ``-1`` is only looked for when
    ``groups.n_dropped > 0``.

    Examples
    --------
    >>> g = factorize(["a", "b", "a"], 3)
    >>> sum_by_group(g, np.array([1.0, 2.0, 3.0])).tolist()
    [4.0, 2.0]
    """
    codes, w = groups.codes, values
    if groups.n_dropped:
        keep = groups.codes >= 0
        codes, w = codes[keep], values[keep]
    return np.bincount(codes, weights=w, minlength=groups.n_groups).astype(np.float64)


def frame(groups: Groups, columns: Sequence[str], data: Mapping[str, object]) -> pd.DataFrame:
    """Assemble a ``by=`` result: one row per group, exactly ``columns`` in order.

    The number of rows dropped for a missing key is kept in
    ``DataFrame.attrs["n_dropped_keys"]``.
    """
    out: pd.DataFrame = pd.DataFrame({c: data[c] for c in columns}, index=groups.index)
    out.attrs["n_dropped_keys"] = groups.n_dropped
    return out
