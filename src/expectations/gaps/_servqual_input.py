"""Reading SERVQUAL input: the item map, wide or long answers, importance points.

Resolves the dimension map against the data's columns (or long data's item
keys), pairs the expectation and perception columns by name, and reads the
100-point allocations, for :mod:`~expectations.gaps._servqual_scoring`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _grouping
from expectations import _validation as v
from expectations.errors import (
    InvalidParameterError,
    InvalidScoreError,
    LengthMismatchError,
    SchemaError,
    format_message,
)
from expectations.gaps._input import read_matrix
from expectations.gaps._servqual_results import OVERALL, WEIGHTED

__all__ = [
    "Layout",
    "allocations",
    "frame_labels",
    "is_long",
    "item_number",
    "long_matrices",
    "wide_matrices",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


# ----------------------------------------------------------------- the item map
@attrs.frozen
class Layout:
    """Which input column holds each item, and which dimension each item is in."""

    dimensions: tuple[str, ...]
    columns: IntArray  # input column of each item, items ordered by dimension
    item_dimension: IntArray  # dimension number of each item
    labels: tuple[str, ...]  # item label of each item
    # Labels of the perceived columns, for messages, when they differ from expected's.
    perceived_labels: tuple[str, ...] | None = None

    def labels_of(self, name: str) -> tuple[str, ...]:
        """Item labels as the named input calls them."""
        if name == "perceived" and self.perceived_labels is not None:
            return self.perceived_labels
        return self.labels


def _check_map(dimensions: object) -> list[tuple[str, list[object]]]:
    if not isinstance(dimensions, Mapping) or not dimensions:
        raise InvalidParameterError(format_message(
            "dimensions", "a non-empty mapping of dimension name to its items",
            fix=f"Got {dimensions!r}; see SERVQUAL_DIMENSIONS."))
    out: list[tuple[str, list[object]]] = []
    for name, items in dimensions.items():
        if not isinstance(name, str) or not name or name in (OVERALL, WEIGHTED):
            raise InvalidParameterError(format_message(
                "dimensions", "keyed by non-empty dimension names other than 'overall'",
                fix=f"Got the key {name!r}."))
        if isinstance(items, (str, bytes)) or not isinstance(items, Sequence) or not items:
            raise InvalidParameterError(format_message(
                "dimensions", "a mapping to non-empty sequences of items",
                fix=f"Dimension {name!r} has {items!r}."))
        out.append((name, list(items)))
    return out


def _layout(dimensions: object, k: int, labels: list[Any] | None, *,
            long: bool = False, aliases: list[Any] | None = None) -> Layout:
    """Resolve the item map against the input's columns (or long data's item keys).

    Arrays: integers are 1-based column positions. Frames: items are column
    labels (``aliases``: the perceived frame's labels, paired with ``labels``),
    and an integer also names the column whose label ends in that number
    (``5`` is ``e05``). Long data: items are values of the item column.
    """
    pairs = _check_map(dimensions)
    lookup: dict[object, int] = {}
    by_number: dict[int, int] = {}
    if labels is not None:
        for names_ in (aliases or [], labels):
            lookup.update({label: j for j, label in enumerate(names_)})
        if not long:
            numbers = [item_number(label) for label in labels]
            by_number = {x: j for j, x in enumerate(numbers)
                         if x is not None and numbers.count(x) == 1}
    columns: list[int] = []
    item_dim: list[int] = []
    names: list[str] = []
    bad: list[tuple[object, str]] = []
    for d, (name, items) in enumerate(pairs):
        for position, item in enumerate(items):
            where = f"{name}[{position}]"
            number = None if isinstance(item, str) else item_number(item)
            if long:
                j = lookup.get(item, -1)
            elif number is not None and labels is None:
                j = number - 1 if 1 <= number <= k else -1
            elif number is not None:
                j = lookup.get(item, by_number.get(number, -1))
            else:
                j = lookup.get(item, -1)
            if j < 0:
                bad.append((item, where))
                continue
            columns.append(j)
            item_dim.append(d)
            names.append(str(item) if long or labels is None else str(labels[j]))
    if bad:
        if long:
            rule = "items that occur in the item column"
        elif labels is None:
            rule = f"item numbers 1..{k} (the columns of the item matrices)"
        else:
            rule = ("column labels of expected/perceived, or item numbers that end exactly "
                    "one column label (5 for e05)")
        raise InvalidParameterError(format_message(
            "dimensions", rule, count=len(bad), first=bad[0][0], position=bad[0][1],
            fix="Check the item map against the data's columns."))
    cols = np.asarray(columns, dtype=np.intp)
    counts = np.bincount(cols, minlength=k)
    if (counts > 1).any():
        repeated = int(np.flatnonzero(counts > 1)[0])
        label = repeated + 1 if labels is None else labels[repeated]
        raise InvalidParameterError(format_message(
            "dimensions", "a map that puts each item in exactly one dimension",
            count=int((counts > 1).sum()), first=label,
            position=f"item {names[columns.index(repeated)]}",
            fix="Remove the item from all but one dimension."))
    if (counts == 0).any():
        unused = np.flatnonzero(counts == 0)
        first = int(unused[0])
        label = first + 1 if labels is None else labels[first]
        what = "item keys" if long else "item columns"
        raise SchemaError(format_message(
            "the data", f"only {what} that the dimension map names",
            count=int(unused.size), first=label, position=first,
            fix="Select the item columns (or rows) first, or add them to dimensions."))
    return Layout(tuple(n for n, _ in pairs), cols, np.asarray(item_dim, dtype=np.intp),
                   tuple(names))


# ----------------------------------------------------------------- input
_TRAILING_NUMBER = re.compile(r"(\d+)\Z")


def item_number(label: object) -> int | None:
    """Return the item number a label carries: an integer label, or digits ending it.

    Examples
    --------
    >>> item_number("e01"), item_number(7), item_number("speed")
    (1, 7, None)
    """
    if isinstance(label, (int, np.integer)) and not isinstance(label, (bool, np.bool_)):
        return int(label)
    if isinstance(label, str):
        match = _TRAILING_NUMBER.search(label)
        if match:
            return int(match.group(1))
    return None


def frame_labels(values: object) -> list[Any] | None:
    """Column labels of a DataFrame that names its columns, else None (pair by position).

    A frame with pandas' default labels ``0, 1, ...`` (``pd.DataFrame(array)``)
    reads like the array it was made from.
    """
    if not isinstance(values, pd.DataFrame):
        return None
    columns: pd.Index[Any] = values.columns
    labels = list(columns)
    if isinstance(columns, pd.RangeIndex) and labels == list(range(len(labels))):
        return None
    return labels


def _numbers_of(labels: list[Any]) -> list[int] | None:
    """Each label's item number, when every label has one and no two share it."""
    numbers = [item_number(label) for label in labels]
    if any(x is None for x in numbers) or len(set(numbers)) != len(numbers):
        return None
    return [x for x in numbers if x is not None]


def _pair_frames(expected: object, perceived: object) -> object:
    """Reorder perceived's columns to match expected's by name.

    Columns pair by label when both frames hold the same labels, else by the
    item number ending each label (``e01`` with ``p01``); any other difference
    is a :class:`SchemaError` naming perceived and the first unmatched column.
    Arrays (and frames with default labels) pair by position.
    """
    e_labels, p_labels = frame_labels(expected), frame_labels(perceived)
    if e_labels is None or p_labels is None or not isinstance(perceived, pd.DataFrame):
        return perceived
    if e_labels == p_labels:
        return perceived
    for name, labels in (("expected", e_labels), ("perceived", p_labels)):
        if len(set(labels)) != len(labels):
            repeated = next(x for x in labels if labels.count(x) > 1)
            raise SchemaError(format_message(
                name, "a DataFrame with unique column labels",
                count=len(labels) - len(set(labels)), first=repeated,
                fix="Rename or drop the repeated columns."))
    if set(e_labels) == set(p_labels):
        return perceived.loc[:, e_labels]
    e_numbers, p_numbers = _numbers_of(e_labels), _numbers_of(p_labels)
    if e_numbers is not None and p_numbers is not None:
        if set(e_numbers) == set(p_numbers):
            where = {x: j for j, x in enumerate(p_numbers)}
            return perceived.iloc[:, [where[x] for x in e_numbers]]
        e_keys: list[object] = list(e_numbers)
        p_keys: list[object] = list(p_numbers)
    else:
        e_keys, p_keys = e_labels, p_labels
    absent = [label for label, key in zip(e_labels, e_keys, strict=True) if key not in p_keys]
    extra = [label for label, key in zip(p_labels, p_keys, strict=True) if key not in e_keys]
    if absent:
        name, other, first, count = "perceived", "expected", absent[0], len(absent)
    else:
        name, other, first, count = "expected", "perceived", extra[0], len(extra)
    verb = "has" if count == 1 else "have"
    raise SchemaError(format_message(
        name, f"a frame with a column for each of {other}'s, matched by name (the same "
              "label, or the same item number ending the label: e01 with p01)",
        detail=f"{count} of {other}'s columns {verb} no match in {name} (first: {first!r})",
        fix="Select the same items in both frames, or rename the columns."))


def wide_matrices(expected: object | None, perceived: object, dimensions: object
                  ) -> tuple[FloatArray | None, FloatArray, Layout]:
    """Read wide item matrices, columns paired by name, in the item map's order."""
    if expected is not None:
        perceived = _pair_frames(expected, perceived)
    p, _ = read_matrix(perceived, "perceived")
    p_labels = frame_labels(perceived)
    labels = p_labels
    e: FloatArray | None = None
    if expected is not None:
        e, _ = read_matrix(expected, "expected")
        if e.shape[0] != p.shape[0]:
            raise LengthMismatchError(
                f"perceived must have as many rows (respondents) as expected ({e.shape[0]}); "
                f"got {p.shape[0]}.")
        if e.shape[1] != p.shape[1]:
            raise LengthMismatchError(
                f"perceived must have as many item columns as expected ({e.shape[1]}); "
                f"got {p.shape[1]}.")
        e_labels = frame_labels(expected)
        labels = e_labels if e_labels is not None else p_labels
    aliases = p_labels if p_labels is not None and p_labels != labels else None
    layout = _layout(dimensions, p.shape[1], labels, aliases=aliases)
    if aliases is not None:
        layout = attrs.evolve(layout, perceived_labels=tuple(
            str(aliases[j]) for j in layout.columns))
    p = p[:, layout.columns]
    if e is not None:
        e = e[:, layout.columns]
    return e, p, layout


def long_matrices(expected: object | None, perceived: object, dimensions: object, item: object,
          respondent: object) -> tuple[FloatArray | None, FloatArray, Layout, IntArray]:
    """Pivot long data (one row per respondent and item) into item matrices.

    Returns the matrices and, for each input row, its respondent number.
    """
    if item is None or respondent is None:
        raise InvalidParameterError(format_message(
            "item and respondent", "given with long (one-dimensional) data",
            fix="Pass item= and respondent= columns, or pass wide item matrices."))
    p_col = v.to_float_array(perceived, "perceived")
    n = p_col.size
    e_col = None if expected is None else v.to_float_array(expected, "expected")
    if e_col is not None:
        v.check_same_length(expected=e_col, perceived=p_col)
    resp = _grouping.factorize(respondent, n, name="respondent")
    item_groups = _grouping.factorize(item, n, name="item")
    item_codes, item_keys = item_groups.codes, list(item_groups.index)
    layout = _layout(dimensions, len(item_keys), item_keys, long=True)
    # Position of each input item key among the layout's items.
    slot = np.empty(len(item_keys), dtype=np.intp)
    slot[layout.columns] = np.arange(layout.columns.size)
    k = layout.columns.size
    cell = resp.codes * k + slot[item_codes]
    seen = np.bincount(cell, minlength=resp.n_groups * k)
    if (seen > 1).any():
        repeated = seen[cell] > 1
        first = int(np.flatnonzero(repeated)[1 if repeated.sum() > 1 else 0])
        raise InvalidScoreError(format_message(
            "item", "unique within each respondent", count=int((seen > 1).sum()),
            first=item_keys[item_codes[first]], position=first,
            fix="Each respondent may answer each item once; remove the duplicates."))
    p = np.full(resp.n_groups * k, np.nan)
    p[cell] = p_col
    e: FloatArray | None = None
    if e_col is not None:
        e_flat = np.full(resp.n_groups * k, np.nan)
        e_flat[cell] = e_col
        e = e_flat.reshape(resp.n_groups, k)
    identity = Layout(layout.dimensions, np.arange(k, dtype=np.intp), layout.item_dimension,
                       layout.labels)
    return e, p.reshape(resp.n_groups, k), identity, resp.codes


def is_long(values: object) -> bool:
    """Whether ``values`` is one column (long data) rather than an item matrix."""
    if isinstance(values, pd.DataFrame):
        return False
    ndim = getattr(values, "ndim", None)
    if ndim is None:
        ndim = np.asarray(values, dtype=object).ndim
    return bool(ndim == 1)


def allocations(weights: object, n: int, dims: tuple[str, ...]) -> FloatArray:
    """Read 100-point importance allocations into an ``(n, n_dims)`` matrix."""
    d = len(dims)
    if isinstance(weights, Mapping):
        missing = [name for name in dims if name not in weights]
        extra = [name for name in weights if name not in dims]
        if missing or extra:
            raise SchemaError(format_message(
                "weights", f"keyed by the dimensions ({', '.join(map(repr, dims))})",
                fix=f"Missing: {missing}; unknown: {extra}."))
        row = v.to_float_array([weights[name] for name in dims], "weights")
        return np.tile(row, (n, 1))
    if isinstance(weights, pd.DataFrame):
        absent = [name for name in dims if name not in weights.columns]
        if absent:
            raise SchemaError(format_message(
                "weights", "a DataFrame with one column per dimension, named as in dimensions",
                count=len(absent), first=absent[0],
                fix="Rename the columns (e.g. w_tangibles -> tangibles), or pass an array "
                    "in dimension order."))
        matrix, _ = read_matrix(weights.loc[:, list(dims)], "weights")
    else:
        raw = np.asarray(weights)
        if raw.ndim == 1:
            row = v.to_float_array(weights, "weights")
            if row.size != d:
                raise LengthMismatchError(
                    f"weights must have one allocation per dimension ({d}); got {row.size}.")
            return np.tile(row, (n, 1))
        matrix, _ = read_matrix(weights, "weights")
    if matrix.shape != (n, d):
        raise LengthMismatchError(
            f"weights must have shape ({n}, {d}) (respondents x dimensions); "
            f"got {matrix.shape}.")
    return matrix
