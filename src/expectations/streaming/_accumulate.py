"""Mergeable per-group counts, keyed by the groups' key values.

Streaming and Dask both split the rows into pieces (file chunks, dask
partitions), count each piece with the in-memory grouping engine, and add the
pieces up. A piece's groups are numbered locally, so adding needs a table
from key values to global group numbers that lives across pieces: each
piece's distinct keys (not its rows) are looked up in it and new keys are
appended. Memory is therefore bounded by the number of groups, not of rows.
At the end the global groups are put in the order the in-memory functions
use, by factorising the table of distinct keys with
:func:`expectations._grouping.factorize` itself.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _grouping

__all__ = ["Accumulator", "Part", "key_columns"]

AnyArray = npt.NDArray[Any]
IntArray = npt.NDArray[np.intp]

# Group numbers of two key columns are packed into one int64 to look the pair
# up in a table; 2**31 groups per column is far beyond what fits in memory.
_SHIFT = 32


@attrs.frozen(kw_only=True)
class Part:
    """The counts of one piece of the data: per-group arrays and overall totals.

    Attributes
    ----------
    keys : tuple of pandas.Index, or None
        One Index per key column, aligned with the rows of every array (the
        key of group ``i`` is ``tuple(k[i] for k in keys)``); ``None`` when
        the data is not grouped (every array then has one row).
    arrays : dict of str to numpy.ndarray
        Per-group statistics that add up across pieces, each with one row per group.
    totals : dict of str to float
        Statistics of the whole piece that add up (rows read, rows kept, ...).
    n_dropped_keys : int
        Rows dropped because a group key was missing.
    """

    keys: tuple[pd.Index, ...] | None = attrs.field(eq=False)
    arrays: Mapping[str, AnyArray] = attrs.field(eq=False)
    totals: Mapping[str, float] = attrs.field(factory=dict)
    n_dropped_keys: int = 0


def key_columns(index: pd.Index) -> tuple[pd.Index, ...]:
    """Split a grouping engine's group index into one plain Index per key column.

    Categorical keys are turned into their values, so that pieces whose
    categories differ still match by value.

    Examples
    --------
    >>> g = _grouping.factorize([["x", "y", "x"], [1, 1, 2]], 3)
    >>> [list(k) for k in key_columns(g.index)]
    [['x', 'x', 'y'], [1, 2, 1]]
    """
    if isinstance(index, pd.MultiIndex):
        levels = [index.get_level_values(i) for i in range(index.nlevels)]
    else:
        levels = [index]
    return tuple(
        level.astype(level.categories.dtype) if isinstance(level, pd.CategoricalIndex)
        else level
        for level in levels
    )


class _Interner:
    """Give each distinct value a stable number, in order of first appearance."""

    __slots__ = ("values",)

    def __init__(self) -> None:
        self.values: pd.Index | None = None

    def ids(self, values: pd.Index) -> IntArray:
        """Return the number of each of ``values``, adding values not seen before."""
        if not values.is_unique:
            # Key columns of several keys repeat values: number the distinct ones.
            codes, distinct = pd.factorize(values)
            return self.ids(pd.Index(distinct, dtype=values.dtype))[codes]
        if self.values is None or len(self.values) == 0:
            self.values = values
            return np.arange(len(values), dtype=np.intp)
        found = np.asarray(self.values.get_indexer(values), dtype=np.intp)
        new = found < 0
        if new.any():
            start = len(self.values)
            self.values = self.values.append(values[new])
            found[new] = np.arange(start, start + int(new.sum()), dtype=np.intp)
        return found


class Accumulator:
    """Add up :class:`Part` objects whose groups are identified by key values.

    Parameters
    ----------
    names : tuple of str, or None
        The key columns' names (the result's index names); ``None`` when the
        data is not grouped.

    Examples
    --------
    >>> acc = Accumulator(("shop",))
    >>> acc.add(Part(keys=(pd.Index(["b", "a"]),), arrays={"n": np.array([1, 2])}))
    >>> acc.add(Part(keys=(pd.Index(["c", "b"]),), arrays={"n": np.array([5, 10])}))
    >>> groups, arrays, totals = acc.finish()
    >>> list(groups.index), arrays["n"].tolist()
    (['a', 'b', 'c'], [2, 11, 5])
    """

    def __init__(self, names: tuple[Hashable, ...] | None) -> None:
        self.names = names
        n_keys = 0 if names is None else len(names)
        self._values = [_Interner() for _ in range(n_keys)]
        self._pairs = [_Interner() for _ in range(max(n_keys - 1, 0))]
        self._key_ids = np.zeros((0, n_keys), dtype=np.intp)
        self._arrays: dict[str, AnyArray] = {}
        self._totals: dict[str, float] = {}
        self._n = 0 if names is not None else 1
        self.n_dropped_keys = 0

    @property
    def n_groups(self) -> int:
        """How many groups have been seen."""
        return self._n

    def _group_ids(self, keys: tuple[pd.Index, ...]) -> IntArray:
        """Global group numbers of a piece's groups, registering new ones."""
        column_ids = [table.ids(k) for table, k in zip(self._values, keys, strict=True)]
        ids = column_ids[0]
        for pairs, more in zip(self._pairs, column_ids[1:], strict=True):
            packed = (ids.astype(np.int64) << _SHIFT) | more.astype(np.int64)
            ids = pairs.ids(pd.Index(packed))
        n_new = int(ids.max()) + 1 if ids.size else 0
        if n_new > self._n:
            # Remember the per-column value numbers of the new groups, for finish().
            fresh = ids >= self._n
            rows = np.zeros((n_new - self._n, len(keys)), dtype=np.intp)
            rows[ids[fresh] - self._n] = np.column_stack(column_ids)[fresh]
            self._key_ids = np.concatenate([self._key_ids, rows])
            self._n = n_new
        return ids

    def _grow(self, name: str, like: AnyArray) -> AnyArray:
        current = self._arrays.get(name)
        if current is None:
            current = np.zeros((0, *like.shape[1:]), dtype=like.dtype)
        if current.shape[0] < self._n:
            # Grow geometrically so that adding groups one chunk at a time stays linear.
            size = max(self._n, 2 * current.shape[0])
            bigger = np.zeros((size, *current.shape[1:]), dtype=np.result_type(current, like))
            bigger[:current.shape[0]] = current
            current = bigger
        self._arrays[name] = current
        return current

    def add(self, part: Part) -> None:
        """Add one piece's counts."""
        if part.keys is None:
            ids = np.zeros(1, dtype=np.intp)
        else:
            ids = self._group_ids(part.keys)
        for name, values in part.arrays.items():
            target = self._grow(name, values)
            # A piece lists each of its groups once, so plain fancy-index addition is exact.
            target[ids] += values
        for name, value in part.totals.items():
            self._totals[name] = self._totals.get(name, 0) + value
        self.n_dropped_keys += part.n_dropped_keys

    def add_all(self, parts: Iterable[Part]) -> Accumulator:
        """Add several pieces; return ``self``."""
        for part in parts:
            self.add(part)
        return self

    def _keys(self) -> tuple[pd.Index, ...] | None:
        if self.names is None:
            return None
        out = []
        for j, (table, name) in enumerate(zip(self._values, self.names, strict=True)):
            seen = table.values if table.values is not None else pd.Index([])  # noqa: PD011
            out.append(seen.take(self._key_ids[:self._n, j]).rename(name))
        return tuple(out)

    def _trimmed(self) -> dict[str, AnyArray]:
        return {name: a[:self._n] for name, a in self._arrays.items()}

    def part(self) -> Part:
        """Everything added so far, as one :class:`Part` (groups in order of appearance)."""
        return Part(keys=self._keys(), arrays=self._trimmed(), totals=dict(self._totals),
                    n_dropped_keys=self.n_dropped_keys)

    def finish(self) -> tuple[_grouping.Groups | None, dict[str, AnyArray], dict[str, float]]:
        """Return the groups in the in-memory order, the arrays in that order, the totals.

        The groups are ``None`` when the data is not grouped. Their
        ``n_dropped`` is the number of rows dropped for a missing key.
        """
        keys = self._keys()
        arrays = self._trimmed()
        if keys is None:
            return None, arrays, dict(self._totals)
        by: object = keys[0] if len(keys) == 1 else list(keys)
        order = _grouping.factorize(by, self._n)
        # Keys are distinct, so the codes are a permutation: group i goes to row codes[i].
        ordered = {}
        for name, a in arrays.items():
            out = np.empty_like(a)
            out[order.codes] = a
            ordered[name] = out
        groups = _grouping.Groups(codes=np.arange(self._n, dtype=np.intp), index=order.index,
                                  n_dropped=self.n_dropped_keys)
        return groups, ordered, dict(self._totals)
