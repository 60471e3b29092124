"""SERVQUAL gap scores and SERVPERF perception scores (Parasuraman et al. 1988, 1991).

Each of 22 items is asked twice, as an expectation E and a perception P, on a
1-7 scale. The item gap is ``P - E`` (negative: expectations not met). A
dimension's score is the mean of its item gaps for each respondent, then the
mean over respondents; the unweighted overall score is the mean of the
dimension scores; the weighted overall score weights each respondent's
dimension scores by the 100 points they allocated across the dimensions.
SERVPERF (Cronin & Taylor 1992) scores the perceptions alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, ClassVar, overload

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
from expectations.gaps._input import check_on_scale, groups_for, read_matrix
from expectations.gaps._summaries import Moments, group_moments, interval
from expectations.models.scale import Scale
from expectations.results import Interval, Result

__all__ = [
    "SERVPERF_COLUMNS",
    "SERVQUAL_COLUMNS",
    "SERVQUAL_DIMENSIONS",
    "SERVQUAL_SCALE",
    "DimensionGap",
    "DimensionScore",
    "ItemGap",
    "ItemScore",
    "ServperfResult",
    "ServqualResult",
    "servperf",
    "servqual",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

SERVQUAL_DIMENSIONS: Mapping[str, tuple[int, ...]] = MappingProxyType({
    "tangibles": (1, 2, 3, 4),
    "reliability": (5, 6, 7, 8, 9),
    "responsiveness": (10, 11, 12, 13),
    "assurance": (14, 15, 16, 17),
    "empathy": (18, 19, 20, 21, 22),
})
"""The 22 SERVQUAL items of each dimension, by item number (Parasuraman et al. 1988, 1991)."""

SERVQUAL_SCALE = Scale(1, 7)
"""The 1-7 agreement scale of the SERVQUAL questionnaire."""

SERVQUAL_COLUMNS: tuple[str, ...] = (
    "expected", "perceived", "gap", "ci_low", "ci_high", "ci_method", "confidence", "n",
)
"""Columns of :meth:`ServqualResult.to_frame` and of ``servqual(..., by=...)``."""

SERVPERF_COLUMNS: tuple[str, ...] = (
    "perceived", "ci_low", "ci_high", "ci_method", "confidence", "n",
)
"""Columns of :meth:`ServperfResult.to_frame` and of ``servperf(..., by=...)``."""

OVERALL = "overall"
WEIGHTED = "weighted overall"
_SUM_TOLERANCE = 1e-6


# ----------------------------------------------------------------- results
@attrs.frozen(kw_only=True, repr=False)
class ItemGap(Result):
    """The gap of one SERVQUAL item, averaged over respondents.

    Attributes
    ----------
    item : str
        The item's column label (or its 1-based number for arrays and long data).
    dimension : str
        The dimension the item belongs to.
    expected, perceived : float
        Mean expectation and mean perception.
    gap : float
        Mean of ``perceived - expected``.
    interval : Interval
        Student-t interval for ``gap``.
    n : int
        Respondents.

    Examples
    --------
    >>> res = servqual([[6, 7], [5, 6]], [[5, 7], [5, 4]], dimensions={"a": (1,), "b": (2,)})
    >>> res.items[1].gap
    -1.0
    """

    _headline: ClassVar[tuple[str, ...]] = ("item", "dimension", "gap")

    item: str
    dimension: str
    expected: float
    perceived: float
    gap: float
    interval: Interval
    n: int


@attrs.frozen(kw_only=True, repr=False)
class DimensionGap(Result):
    """The SERVQUAL score of one dimension (or of the overall score).

    Attributes
    ----------
    dimension : str
        The dimension, or ``"overall"`` / ``"weighted overall"``.
    expected, perceived : float
        Mean over respondents of each respondent's mean expectation and
        perception on the dimension's items.
    gap : float
        Mean over respondents of each respondent's mean item gap.
    interval : Interval
        Student-t interval for ``gap`` (respondents as the unit).
    n : int
        Respondents.

    Examples
    --------
    >>> res = servqual([[6, 7], [5, 6]], [[5, 7], [5, 4]], dimensions={"a": (1,), "b": (2,)})
    >>> res.dimension("b").gap, res.overall.gap
    (-1.0, -0.75)
    """

    _headline: ClassVar[tuple[str, ...]] = ("dimension", "gap")

    dimension: str
    expected: float
    perceived: float
    gap: float
    interval: Interval
    n: int


@attrs.frozen(kw_only=True, repr=False)
class ItemScore(Result):
    """The mean perception of one item (SERVPERF).

    Attributes
    ----------
    item, dimension : str
        The item and its dimension.
    perceived : float
        Mean perception.
    interval : Interval
        Student-t interval for ``perceived``.
    n : int
        Respondents.

    Examples
    --------
    >>> res = servperf([[5, 7], [5, 4]], dimensions={"a": (1,), "b": (2,)})
    >>> res.items[1].perceived
    5.5
    """

    _headline: ClassVar[tuple[str, ...]] = ("item", "dimension", "perceived")

    item: str
    dimension: str
    perceived: float
    interval: Interval
    n: int


@attrs.frozen(kw_only=True, repr=False)
class DimensionScore(Result):
    """The SERVPERF score of one dimension (or of the overall score).

    Attributes
    ----------
    dimension : str
        The dimension, or ``"overall"`` / ``"weighted overall"``.
    perceived : float
        Mean over respondents of each respondent's mean perception on the
        dimension's items.
    interval : Interval
        Student-t interval for ``perceived``.
    n : int
        Respondents.

    Examples
    --------
    >>> res = servperf([[5, 7], [5, 4]], dimensions={"a": (1,), "b": (2,)})
    >>> res.dimension("a").perceived
    5.0
    """

    _headline: ClassVar[tuple[str, ...]] = ("dimension", "perceived")

    dimension: str
    perceived: float
    interval: Interval
    n: int


class _Table(Result):
    """Shared display and lookup for the two multi-row results."""

    __slots__ = ()
    _columns: ClassVar[tuple[str, ...]] = ()
    # Declared here for the type checker; the attrs subclasses define the fields.
    overall: Any
    weighted: Any
    dimensions: tuple[Any, ...]
    items: tuple[Any, ...]
    n: int
    n_dropped: int

    def _rows(self) -> tuple[Any, ...]:
        overall = self.overall
        weighted = self.weighted
        rows = (*self.dimensions, overall)
        return rows if weighted is None else (*rows, weighted)

    def to_frame(self) -> pd.DataFrame:
        """One row per dimension, then ``overall`` (and ``weighted overall``).

        The columns are the module constant for the method
        (:data:`SERVQUAL_COLUMNS` or :data:`SERVPERF_COLUMNS`), the same as a
        ``by=`` call returns for each group.
        """
        rows = self._rows()
        data = [r.to_dict() for r in rows]
        out: pd.DataFrame = pd.DataFrame({c: [d[c] for d in data] for c in self._columns},
                           index=pd.Index([r.dimension for r in rows], name="dimension"))
        return out

    def item_frame(self) -> pd.DataFrame:
        """One row per item, indexed by item, with its dimension as the first column."""
        items = self.items
        data = [i.to_dict() for i in items]
        columns = ("dimension", *self._columns)
        out: pd.DataFrame = pd.DataFrame(
            {c: [d[c] for d in data] for c in columns},
            index=pd.Index([i.item for i in items], name="item"))
        return out

    def dimension(self, name: str) -> Any:
        """Return the score of one dimension (or ``"overall"``, ``"weighted overall"``)."""
        for row in self._rows():
            if row.dimension == name:
                return row
        known = ", ".join(repr(r.dimension) for r in self._rows())
        raise InvalidParameterError(f"name must be one of {known}; got {name!r}.")

    def to_dict(self) -> dict[str, Any]:
        """Return the headline numbers as a flat dict (overall score, interval, n)."""
        overall = self.overall
        weighted = self.weighted
        value = "gap" if "gap" in self._columns else "perceived"
        out: dict[str, Any] = {
            "overall": getattr(overall, value),
            "ci_low": overall.interval.low,
            "ci_high": overall.interval.high,
            "weighted": None if weighted is None else getattr(weighted, value),
            "n": self.n,
            "n_dropped": self.n_dropped,
        }
        return out

    def __repr__(self) -> str:
        d = self.to_dict()
        weighted = "" if d["weighted"] is None else f", weighted={d['weighted']:.4g}"
        return (f"{type(self).__name__}(overall={d['overall']:.4g}{weighted}, "
                f"dimensions={len(self.dimensions)}, n={d['n']})")

    def _repr_html_(self) -> str:
        return str(self.to_frame().to_html())


@attrs.frozen(kw_only=True, repr=False)
class ServqualResult(_Table):
    """SERVQUAL gaps: per item, per dimension, overall and importance-weighted.

    Attributes
    ----------
    overall : DimensionGap
        The unweighted overall score: the mean of the dimension scores.
    weighted : DimensionGap or None
        The importance-weighted overall score, when allocations were given.
    dimensions : tuple of DimensionGap
        One per dimension, in the order of the dimension map.
    items : tuple of ItemGap
        One per item, grouped by dimension.
    n : int
        Respondents scored.
    n_dropped : int
        Respondents dropped for a missing answer (``missing="drop"``).

    Examples
    --------
    >>> res = servqual([[6, 7], [5, 6]], [[5, 7], [5, 4]], dimensions={"a": (1,), "b": (2,)})
    >>> res
    ServqualResult(overall=-0.75, dimensions=2, n=2)
    """

    _columns: ClassVar[tuple[str, ...]] = SERVQUAL_COLUMNS

    overall: DimensionGap
    weighted: DimensionGap | None
    dimensions: tuple[DimensionGap, ...]
    items: tuple[ItemGap, ...]
    n: int
    n_dropped: int


@attrs.frozen(kw_only=True, repr=False)
class ServperfResult(_Table):
    """SERVPERF scores: mean perceptions per item, per dimension and overall.

    Attributes
    ----------
    overall : DimensionScore
        The mean of the dimension scores.
    weighted : DimensionScore or None
        The importance-weighted overall score, when allocations were given.
    dimensions : tuple of DimensionScore
        One per dimension.
    items : tuple of ItemScore
        One per item.
    n : int
        Respondents scored.
    n_dropped : int
        Respondents dropped for a missing answer (``missing="drop"``).

    Examples
    --------
    >>> res = servperf([[5, 7], [5, 4]], dimensions={"a": (1,), "b": (2,)})
    >>> res
    ServperfResult(overall=5.25, dimensions=2, n=2)
    """

    _columns: ClassVar[tuple[str, ...]] = SERVPERF_COLUMNS

    overall: DimensionScore
    weighted: DimensionScore | None
    dimensions: tuple[DimensionScore, ...]
    items: tuple[ItemScore, ...]
    n: int
    n_dropped: int


# ----------------------------------------------------------------- the item map
@attrs.frozen
class _Layout:
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
            long: bool = False) -> _Layout:
    """Resolve the item map against the input's columns (or long data's item keys).

    Integers are 1-based item positions (wide) or item keys (long); other items
    are column labels (wide) or item keys (long).
    """
    pairs = _check_map(dimensions)
    lookup: dict[object, int] = {}
    if labels is not None:
        lookup = {label: j for j, label in enumerate(labels)}
    columns: list[int] = []
    item_dim: list[int] = []
    names: list[str] = []
    bad: list[tuple[object, str]] = []
    for d, (name, items) in enumerate(pairs):
        for position, item in enumerate(items):
            where = f"{name}[{position}]"
            if long:
                j = lookup.get(item, -1)
            elif isinstance(item, (int, np.integer)) and not isinstance(item, bool):
                j = int(item) - 1 if 1 <= int(item) <= k else -1
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
            rule = f"column labels of expected/perceived or item numbers 1..{k}"
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
    return _Layout(tuple(n for n, _ in pairs), cols, np.asarray(item_dim, dtype=np.intp),
                   tuple(names))


# ----------------------------------------------------------------- input
def _pair_frames(expected: object, perceived: object) -> object:
    """Reorder perceived's columns to expected's when both hold the same labels."""
    if (isinstance(expected, pd.DataFrame) and isinstance(perceived, pd.DataFrame)
            and list(expected.columns) != list(perceived.columns)
            and set(expected.columns) == set(perceived.columns)
            and expected.columns.is_unique):
        return perceived.loc[:, list(expected.columns)]
    return perceived


def _wide(expected: object | None, perceived: object, dimensions: object
          ) -> tuple[FloatArray | None, FloatArray, _Layout]:
    if expected is not None:
        perceived = _pair_frames(expected, perceived)
    p, p_labels = read_matrix(perceived, "perceived")
    labels = p_labels
    e: FloatArray | None = None
    if expected is not None:
        e, e_labels = read_matrix(expected, "expected")
        if e.shape[0] != p.shape[0]:
            raise LengthMismatchError(
                f"perceived must have as many rows (respondents) as expected ({e.shape[0]}); "
                f"got {p.shape[0]}.")
        if e.shape[1] != p.shape[1]:
            raise LengthMismatchError(
                f"perceived must have as many item columns as expected ({e.shape[1]}); "
                f"got {p.shape[1]}.")
        labels = e_labels if e_labels is not None else p_labels
    layout = _layout(dimensions, p.shape[1], labels)
    if p_labels is not None and p_labels is not labels:
        layout = attrs.evolve(layout, perceived_labels=tuple(
            str(p_labels[j]) for j in layout.columns))
    p = p[:, layout.columns]
    if e is not None:
        e = e[:, layout.columns]
    return e, p, layout


def _long(expected: object | None, perceived: object, dimensions: object, item: object,
          respondent: object) -> tuple[FloatArray | None, FloatArray, _Layout, IntArray]:
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
    identity = _Layout(layout.dimensions, np.arange(k, dtype=np.intp), layout.item_dimension,
                       layout.labels)
    return e, p.reshape(resp.n_groups, k), identity, resp.codes


def _is_long(values: object) -> bool:
    """Whether ``values`` is one column (long data) rather than an item matrix."""
    if isinstance(values, pd.DataFrame):
        return False
    ndim = getattr(values, "ndim", None)
    if ndim is None:
        ndim = np.asarray(values, dtype=object).ndim
    return bool(ndim == 1)


def _allocations(weights: object, n: int, dims: tuple[str, ...]) -> FloatArray:
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


def _check_allocations(alloc: FloatArray) -> None:
    flat = alloc.ravel()
    bad = ~(np.isfinite(flat) & (flat >= 0))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InvalidScoreError(format_message(
            "weights", "finite, non-negative points", count=int(bad.sum()),
            first=float(flat[i]), position=f"row {i // alloc.shape[1]}",
            fix="Fix or drop those respondents."))
    totals = alloc.sum(axis=1)
    off = np.abs(totals - 100.0) > _SUM_TOLERANCE
    if off.any():
        row = int(np.flatnonzero(off)[0])
        raise InvalidScoreError(format_message(
            "weights", "100-point allocations (each respondent's points summing to 100)",
            count=int(off.sum()), first=float(totals[row]), position=f"row {row}",
            fix="Allocations are not rescaled silently: correct those rows, or rescale them "
                "yourself (points / total * 100)."))


# ----------------------------------------------------------------- the engine
@attrs.frozen
class _Scored:
    moments: Moments
    layout: _Layout
    groups: _grouping.Groups
    weighted: bool
    n_dropped: FloatArray  # per group
    paired: bool


def _score(expected: object | None, perceived: object, *, dimensions: object,
           weights: object, by: object, item: object, respondent: object, scale: object,
           confidence: float, missing: str) -> _Scored:
    v.check_option(missing, "missing", ("raise", "drop"))
    c = v.check_confidence(confidence)
    if not isinstance(scale, Scale):
        raise InvalidParameterError(
            f"scale must be a Scale, such as Scale(1, 7); got {scale!r}.")
    if _is_long(perceived):
        e, p, layout, row_resp = _long(expected, perceived, dimensions, item, respondent)
        n = p.shape[0]
        if by is None:
            groups = groups_for(None, n, missing)
        else:
            row_groups = _grouping.factorize(by, row_resp.size, missing=missing)
            order = np.argsort(row_resp, kind="stable")
            starts = np.searchsorted(row_resp[order], np.arange(n))
            first = order[starts]
            codes = row_groups.codes[first]
            differs = row_groups.codes != codes[row_resp]
            if differs.any():
                i = int(np.flatnonzero(differs)[0])
                raise InvalidScoreError(format_message(
                    "by", "the same for every row of a respondent", count=int(differs.sum()),
                    position=i, first=None,
                    fix="Group keys describe respondents, so they must not vary by item."))
            groups = _grouping.Groups(codes=codes, index=row_groups.index,
                                      n_dropped=int((codes < 0).sum()))
    else:
        if item is not None or respondent is not None:
            raise InvalidParameterError(format_message(
                "item and respondent", "None with wide (two-dimensional) data",
                fix="They describe long data; drop them or pass one-dimensional columns."))
        e, p, layout = _wide(expected, perceived, dimensions)
        n = p.shape[0]
        groups = groups_for(by, n, missing)
    alloc = None if weights is None else _allocations(weights, n, layout.dimensions)

    # Missing answers drop the whole respondent: a dimension mean over fewer
    # items would not be comparable with the others.
    nan_rows = np.isnan(p).any(axis=1)
    if e is not None:
        nan_rows |= np.isnan(e).any(axis=1)
    if alloc is not None:
        nan_rows |= np.isnan(alloc).any(axis=1)
    if nan_rows.any() and missing == "raise":
        _raise_missing(e, p, alloc, layout)
    keep = ~nan_rows & groups.keep
    dropped = np.bincount(groups.codes[nan_rows & groups.keep], minlength=groups.n_groups)
    p = p[keep]
    e = None if e is None else e[keep]
    alloc = None if alloc is None else alloc[keep]
    codes = groups.codes[keep]
    v.check_not_empty(p.shape[0], "perceived")

    _validate_scale(p, "perceived", scale, layout)
    if e is not None:
        _validate_scale(e, "expected", scale, layout)
    if alloc is not None:
        _check_allocations(alloc)

    d = len(layout.dimensions)
    # Averaging matrix: item scores (n, k) @ avg (k, d) = per-respondent dimension means.
    avg = np.zeros((layout.item_dimension.size, d))
    avg[np.arange(layout.item_dimension.size), layout.item_dimension] = 1.0
    avg /= avg.sum(axis=0, keepdims=True)

    blocks = [p] if e is None else [p - e, e, p]
    columns: list[FloatArray] = []
    for block in blocks:
        dim = block @ avg
        extra = [dim, dim.mean(axis=1, keepdims=True)]
        if alloc is not None:
            extra.append((dim * alloc / 100.0).sum(axis=1, keepdims=True))
        columns.extend([block, *extra])
    values = np.hstack(columns)
    groups_kept = _grouping.Groups(codes=codes, index=groups.index, n_dropped=groups.n_dropped)
    moments = group_moments(codes, groups.n_groups, values, c)
    return _Scored(moments, layout, groups_kept, alloc is not None,
                   dropped.astype(np.float64), e is not None)


def _validate_scale(values: FloatArray, name: str, scale: Scale, layout: _Layout) -> None:
    flat = values.ravel()
    ok = (flat >= scale.low) & (flat <= scale.high)
    if scale.integer:
        ok &= np.floor(flat) == flat
    if ok.all():
        return
    i = int(np.flatnonzero(~ok)[0])
    row, col = divmod(i, values.shape[1])
    check_on_scale(flat[i:i + 1], name, scale,
                   [f"row {row}, item {layout.labels_of(name)[col]}"])


def _raise_missing(e: FloatArray | None, p: FloatArray, alloc: FloatArray | None,
                   layout: _Layout) -> None:
    for name, matrix, labels, what in (
            ("expected", e, layout.labels, "item"),
            ("perceived", p, layout.labels_of("perceived"), "item"),
            ("weights", alloc, layout.dimensions, "dimension")):
        if matrix is None:
            continue
        nan = np.isnan(matrix)
        if nan.any():
            row, col = (int(x[0]) for x in np.nonzero(nan))
            raise InvalidScoreError(format_message(
                name, "present (not NaN or missing)", count=int(nan.sum()),
                first=float("nan"), position=f"row {row}, {what} {labels[col]}",
                fix='Drop those respondents, or pass missing="drop" to drop and count them.'))


def _blocks(scored: _Scored) -> dict[str, tuple[int, int]]:
    """Column ranges of each score within the moments matrix."""
    k = scored.layout.item_dimension.size
    d = len(scored.layout.dimensions)
    per_block = k + d + 1 + (1 if scored.weighted else 0)
    names = ("gap", "expected", "perceived") if scored.paired else ("perceived",)
    return {name: (b * per_block, per_block) for b, name in enumerate(names)}


# ----------------------------------------------------------------- assembling
def _servqual_result(scored: _Scored, c: float) -> ServqualResult:
    m, layout = scored.moments, scored.layout
    k, d = layout.item_dimension.size, len(layout.dimensions)
    starts = {name: start for name, (start, _) in _blocks(scored).items()}
    n = int(m.n[0])

    def cell(block: str, j: int) -> float:
        return float(m.mean[0, starts[block] + j])

    def gap_interval(j: int) -> Interval:
        g = starts["gap"] + j
        return interval(m.low[0, g], m.high[0, g], c, "t")

    items = tuple(
        ItemGap(item=layout.labels[j], dimension=layout.dimensions[layout.item_dimension[j]],
                expected=cell("expected", j), perceived=cell("perceived", j),
                gap=cell("gap", j), interval=gap_interval(j), n=n)
        for j in range(k))
    names = [*layout.dimensions, OVERALL] + ([WEIGHTED] if scored.weighted else [])
    rows = [
        DimensionGap(dimension=name, expected=cell("expected", k + i),
                     perceived=cell("perceived", k + i), gap=cell("gap", k + i),
                     interval=gap_interval(k + i), n=n)
        for i, name in enumerate(names)]
    return ServqualResult(overall=rows[d], weighted=rows[d + 1] if scored.weighted else None,
                          dimensions=tuple(rows[:d]), items=items, n=n,
                          n_dropped=int(scored.n_dropped[0]))


def _servperf_result(scored: _Scored, c: float) -> ServperfResult:
    m, layout = scored.moments, scored.layout
    k, d = layout.item_dimension.size, len(layout.dimensions)
    n = int(m.n[0])

    def row(j: int) -> tuple[float, Interval]:
        return float(m.mean[0, j]), interval(m.low[0, j], m.high[0, j], c, "t")

    items = tuple(
        ItemScore(item=layout.labels[j], dimension=layout.dimensions[layout.item_dimension[j]],
                  perceived=row(j)[0], interval=row(j)[1], n=n)
        for j in range(k))
    names = [*layout.dimensions, OVERALL] + ([WEIGHTED] if scored.weighted else [])
    rows = [DimensionScore(dimension=name, perceived=row(k + i)[0], interval=row(k + i)[1], n=n)
            for i, name in enumerate(names)]
    return ServperfResult(overall=rows[d], weighted=rows[d + 1] if scored.weighted else None,
                          dimensions=tuple(rows[:d]), items=items, n=n,
                          n_dropped=int(scored.n_dropped[0]))


def _by_frame(scored: _Scored, c: float, columns: tuple[str, ...]) -> pd.DataFrame:
    """One row per group and dimension (then overall rows), with ``columns``."""
    m, layout, groups = scored.moments, scored.layout, scored.groups
    k, d = layout.item_dimension.size, len(layout.dimensions)
    r = d + 1 + (1 if scored.weighted else 0)
    names = [*layout.dimensions, OVERALL] + ([WEIGHTED] if scored.weighted else [])
    blocks = _blocks(scored)
    g = groups.n_groups
    main = "gap" if scored.paired else "perceived"
    start = blocks[main][0] + k
    data: dict[str, object] = {}
    for name in ("expected", "perceived", "gap"):
        if name in columns:
            s = blocks[name][0] + k
            data[name] = m.mean[:, s:s + r].ravel()
    data["ci_low"] = m.low[:, start:start + r].ravel()
    data["ci_high"] = m.high[:, start:start + r].ravel()
    data["ci_method"] = np.full(g * r, "t", dtype=object)
    data["confidence"] = np.full(g * r, c)
    data["n"] = np.repeat(m.n.astype(np.int64), r)
    index = groups.index
    if isinstance(index, pd.MultiIndex):
        arrays = [index.get_level_values(i).repeat(r) for i in range(index.nlevels)]
    else:
        arrays = [index.repeat(r)]
    full = pd.MultiIndex.from_arrays([*arrays, np.tile(np.asarray(names, dtype=object), g)],
                                     names=[*index.names, "dimension"])
    out: pd.DataFrame = pd.DataFrame({col: data[col] for col in columns}, index=full)
    out.attrs["n_dropped"] = int(scored.n_dropped.sum())
    out.attrs["n_dropped_keys"] = groups.n_dropped
    return out


# ----------------------------------------------------------------- public API
@overload
def servqual(expected: object, perceived: object, *, dimensions: object = ...,
             weights: object = ..., by: None = ..., item: object = ...,
             respondent: object = ..., scale: Scale = ..., confidence: float = ...,
             missing: str = ...) -> ServqualResult: ...
@overload
def servqual(expected: object, perceived: object, *, dimensions: object = ...,
             weights: object = ..., by: object, item: object = ...,
             respondent: object = ..., scale: Scale = ..., confidence: float = ...,
             missing: str = ...) -> pd.DataFrame: ...
def servqual(expected: object, perceived: object, *,
             dimensions: object = SERVQUAL_DIMENSIONS, weights: object = None,
             by: object = None, item: object = None, respondent: object = None,
             scale: Scale = SERVQUAL_SCALE, confidence: float = 0.95,
             missing: str = "raise") -> ServqualResult | pd.DataFrame:
    r"""Score SERVQUAL gaps: per item, per dimension, overall and importance-weighted.

    Parameters
    ----------
    expected, perceived : DataFrame, 2-D array-like, or 1-D columns
        *Wide*: one row per respondent and one column per item, the same shape
        for both; columns are paired by position (or by label, when both
        DataFrames hold the same labels in a different order). *Long*: one row
        per respondent and item, with ``item=`` and ``respondent=``.
    dimensions : mapping of str to sequence, default SERVQUAL_DIMENSIONS
        Items of each dimension. Wide data: 1-based column numbers or column
        labels; long data: the values of ``item``. Every item column must
        belong to exactly one dimension.
    weights : DataFrame, 2-D array, 1-D array or mapping, optional
        Importance points each respondent allocated across the dimensions,
        summing to 100 per respondent: a DataFrame with one column per
        dimension name, an ``(n, n_dimensions)`` array in dimension order, or
        one allocation (1-D array or mapping) for everyone.
    by : array-like, list of array-likes, or DataFrame, optional
        Respondent group key(s); returns a DataFrame.
    item, respondent : array-like, optional
        For long data: the item and the respondent of each row.
    scale : Scale, default Scale(1, 7)
        The answer scale; every answer must lie on it.
    confidence : float, default 0.95
        Coverage of the t-intervals.
    missing : {"raise", "drop"}, default "raise"
        A respondent with a missing answer (or allocation, or group key): raise,
        or drop the respondent and count it in ``n_dropped``.

    Returns
    -------
    ServqualResult or pandas.DataFrame
        Without ``by``: the result. With ``by``: one row per group and
        dimension (then ``"overall"`` and, with weights, ``"weighted
        overall"``), indexed by the key(s) and ``dimension``, with the columns
        :data:`SERVQUAL_COLUMNS`.

    Raises
    ------
    LengthMismatchError
        If the two item matrices (or the weights) do not have the same shape.
    InvalidScoreError
        If an answer is off the scale or missing (with ``missing="raise"``),
        or an allocation does not sum to 100.
    InvalidParameterError
        If the dimension map names an unknown item or repeats one.
    SchemaError
        If an item column belongs to no dimension, or weight columns are not
        named after the dimensions.

    Notes
    -----
    For respondent :math:`r`, item gap :math:`g_{ri} = P_{ri} - E_{ri}`;
    dimension score :math:`D_{rj} = \operatorname{mean}_{i \in j} g_{ri}`;
    unweighted overall :math:`O_r = \operatorname{mean}_j D_{rj}`; weighted
    overall :math:`W_r = \\sum_j (w_{rj}/100) D_{rj}`. Each reported score is
    the mean over respondents, with a Student-t interval (respondents are the
    unit, so the interval accounts for the correlation between a
    respondent's items).

    References
    ----------
    Parasuraman, A., Zeithaml, V. A. & Berry, L. L. (1988). SERVQUAL: a
    multiple-item scale for measuring consumer perceptions of service quality.
    *Journal of Retailing*, 64(1), 12-40.
    Parasuraman, A., Berry, L. L. & Zeithaml, V. A. (1991). Refinement and
    reassessment of the SERVQUAL scale. *Journal of Retailing*, 67(4), 420-450.

    Examples
    --------
    >>> e = np.array([[6, 7, 5], [7, 6, 6], [5, 6, 6]])
    >>> p = np.array([[5, 6, 5], [6, 6, 4], [5, 4, 6]])
    >>> dims = {"reliability": (1, 2), "empathy": (3,)}
    >>> res = servqual(e, p, dimensions=dims)
    >>> round(res.dimension("reliability").gap, 3), round(res.overall.gap, 3)
    (-0.833, -0.75)
    >>> res.to_frame()[["expected", "perceived", "gap"]].round(3)
                 expected  perceived    gap
    dimension
    reliability     6.167      5.333 -0.833
    empathy         5.667      5.000 -0.667
    overall         5.917      5.167 -0.750
    >>> res = servqual(e, p, dimensions=dims, weights={"reliability": 70, "empathy": 30})
    >>> round(res.weighted.gap, 3)
    -0.783
    >>> servqual(e, p, dimensions=dims, weights={"reliability": 70, "empathy": 20})
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidScoreError: weights must be 100-point allocations ...;
    3 values are not (first: 90.0 at position row 0). Allocations are not rescaled silently: ...
    """
    if expected is None:
        raise InvalidParameterError(format_message(
            "expected", "the expectation answers", fix="For perceptions only, use servperf()."))
    scored = _score(expected, perceived, dimensions=dimensions, weights=weights, by=by,
                    item=item, respondent=respondent, scale=scale, confidence=confidence,
                    missing=missing)
    c = float(confidence)
    if by is None:
        return _servqual_result(scored, c)
    return _by_frame(scored, c, SERVQUAL_COLUMNS)


@overload
def servperf(perceived: object, *, dimensions: object = ..., weights: object = ...,
             by: None = ..., item: object = ..., respondent: object = ...,
             scale: Scale = ..., confidence: float = ..., missing: str = ...
             ) -> ServperfResult: ...
@overload
def servperf(perceived: object, *, dimensions: object = ..., weights: object = ...,
             by: object, item: object = ..., respondent: object = ...,
             scale: Scale = ..., confidence: float = ..., missing: str = ...
             ) -> pd.DataFrame: ...
def servperf(perceived: object, *, dimensions: object = SERVQUAL_DIMENSIONS,
             weights: object = None, by: object = None, item: object = None,
             respondent: object = None, scale: Scale = SERVQUAL_SCALE,
             confidence: float = 0.95, missing: str = "raise"
             ) -> ServperfResult | pd.DataFrame:
    """Score SERVPERF: SERVQUAL's perceptions alone, per item, dimension and overall.

    Cronin & Taylor (1992) found the perception items predict overall quality
    as well as the gaps do, with half the questionnaire. Scores are mean
    perceptions, aggregated exactly as in :func:`servqual`.

    Parameters
    ----------
    perceived : DataFrame, 2-D array-like, or 1-D column
        Wide (respondents x items) or long (with ``item=`` and ``respondent=``).
    dimensions, weights, by, item, respondent, scale, confidence, missing
        As in :func:`servqual`.

    Returns
    -------
    ServperfResult or pandas.DataFrame
        With ``by``: the columns :data:`SERVPERF_COLUMNS`, one row per group
        and dimension (then the overall rows).

    Raises
    ------
    InvalidScoreError, InvalidParameterError, LengthMismatchError, SchemaError
        As in :func:`servqual`.

    References
    ----------
    Cronin, J. J. & Taylor, S. A. (1992). Measuring service quality: a
    reexamination and extension. *Journal of Marketing*, 56(3), 55-68.

    Examples
    --------
    >>> p = np.array([[5, 6, 5], [6, 6, 4], [5, 4, 6]])
    >>> res = servperf(p, dimensions={"reliability": (1, 2), "empathy": (3,)})
    >>> round(res.dimension("reliability").perceived, 3), round(res.overall.perceived, 3)
    (5.333, 5.167)
    """
    scored = _score(None, perceived, dimensions=dimensions, weights=weights, by=by,
                    item=item, respondent=respondent, scale=scale, confidence=confidence,
                    missing=missing)
    c = float(confidence)
    if by is None:
        return _servperf_result(scored, c)
    return _by_frame(scored, c, SERVPERF_COLUMNS)
