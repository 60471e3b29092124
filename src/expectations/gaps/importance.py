"""Importance-performance analysis (Martilla & James 1977): where to act first.

Each attribute is placed on a grid by how important customers say it is and
how well they say it performs. A crosshair splits the grid into four
quadrants; where the crosshair sits (the data's mean or median, or the scale
midpoint) changes the labels, so it is a parameter and it is reported.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, ClassVar

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _validation as v
from expectations.errors import InvalidParameterError, LengthMismatchError, SchemaError
from expectations.gaps._input import check_finite, check_on_scale
from expectations.models.scale import Scale
from expectations.results import Result

__all__ = [
    "IPA_COLUMNS",
    "QUADRANTS",
    "AttributePriority",
    "ImportancePerformanceResult",
    "importance_performance",
]

FloatArray = npt.NDArray[np.float64]

QUADRANTS: tuple[str, ...] = (
    "concentrate here", "keep up the good work", "low priority", "possible overkill",
)
"""Martilla & James's labels: high importance with low, then high, performance;
low importance with low, then high, performance."""

IPA_COLUMNS: tuple[str, ...] = ("importance", "performance", "quadrant")
"""Columns of :meth:`ImportancePerformanceResult.to_frame` (indexed by attribute)."""

_CROSSHAIRS = ("mean", "median", "scale-midpoint")


@attrs.frozen(kw_only=True, repr=False)
class AttributePriority(Result):
    """One attribute's place on the importance-performance grid.

    Attributes
    ----------
    attribute : hashable
        The attribute's name.
    importance, performance : float
        Its (mean) importance and performance.
    quadrant : str
        One of :data:`QUADRANTS`.

    Examples
    --------
    >>> importance_performance([4.5, 3.0], [2.0, 4.0]).attributes[0].quadrant
    'concentrate here'
    """

    _headline: ClassVar[tuple[str, ...]] = ("attribute", "quadrant")

    attribute: Hashable
    importance: float
    performance: float
    quadrant: str


@attrs.frozen(kw_only=True, repr=False)
class ImportancePerformanceResult(Result):
    """Quadrant of every attribute, and the crosshair that decided them.

    Attributes
    ----------
    attributes : tuple of AttributePriority
        In input order.
    importance_crosshair, performance_crosshair : float
        Where the grid was split.
    crosshair : str
        How it was chosen: ``"mean"``, ``"median"``, ``"scale-midpoint"`` or
        ``"fixed"``.
    n_dropped : int
        Missing ratings skipped (respondent-level input with ``missing="drop"``).

    Examples
    --------
    >>> res = importance_performance([4.5, 3.0], [2.0, 4.0], crosshair="median")
    >>> res.crosshair, res.importance_crosshair, res.performance_crosshair
    ('median', 3.75, 3.0)
    """

    _headline: ClassVar[tuple[str, ...]] = (
        "crosshair", "importance_crosshair", "performance_crosshair")

    def plot(self, *, ax: Any = None) -> Any:
        """Draw this result with :func:`~expectations.plotting.plot_importance_performance`.

        Needs the ``plot`` extra.
        """
        from expectations.plotting import plot_importance_performance

        return plot_importance_performance(self, ax=ax)

    attributes: tuple[AttributePriority, ...]
    importance_crosshair: float
    performance_crosshair: float
    crosshair: str
    n_dropped: int

    def to_frame(self) -> pd.DataFrame:
        """Return one row per attribute with :data:`IPA_COLUMNS`, indexed by attribute."""
        out: pd.DataFrame = pd.DataFrame(
            {"importance": [a.importance for a in self.attributes],
             "performance": [a.performance for a in self.attributes],
             "quadrant": [a.quadrant for a in self.attributes]},
            index=pd.Index([a.attribute for a in self.attributes], name="attribute"))
        return out

    def in_quadrant(self, quadrant: str) -> tuple[Hashable, ...]:
        """Return the attributes in one quadrant, in input order.

        Examples
        --------
        >>> res = importance_performance([4.5, 3.0], [2.0, 4.0])
        >>> res.in_quadrant("concentrate here")
        (0,)
        """
        v.check_option(quadrant, "quadrant", QUADRANTS)
        return tuple(a.attribute for a in self.attributes if a.quadrant == quadrant)

    def to_dict(self) -> dict[str, Any]:
        """Return the crosshair and each attribute's quadrant as a flat dict."""
        return {
            "crosshair": self.crosshair,
            "importance_crosshair": self.importance_crosshair,
            "performance_crosshair": self.performance_crosshair,
            "n_dropped": self.n_dropped,
            "quadrants": {a.attribute: a.quadrant for a in self.attributes},
        }

    def _repr_html_(self) -> str:
        return str(self.to_frame().to_html())


def _per_attribute(values: object, name: str, missing: str
                   ) -> tuple[FloatArray, pd.Index, int, FloatArray]:
    """Return per-attribute values, their names, missing ratings skipped and raw ratings."""
    if isinstance(values, pd.DataFrame):
        ratings = np.column_stack(
            [v.to_float_array(values.iloc[:, j], f"{name}[{values.columns[j]!r}]")
             for j in range(values.shape[1])]) if values.shape[1] else np.empty((len(values), 0))
        nan = np.isnan(ratings)
        if nan.any() and missing == "raise":
            col = int(np.nonzero(nan)[1][0])
            v.handle_missing(ratings[:, col], f"{name}[{values.columns[col]!r}]", "raise")
        counts = (~nan).sum(axis=0)
        if (counts == 0).any():
            j = int(np.flatnonzero(counts == 0)[0])
            v.check_not_empty(0, f"{name}[{values.columns[j]!r}]")
        with np.errstate(invalid="ignore"):
            means = np.nansum(ratings, axis=0) / counts
        return means, pd.Index(values.columns), int(nan.sum()), ratings[~nan]
    arr = v.to_float_array(values, name)
    index = values.index if isinstance(values, pd.Series) else pd.RangeIndex(arr.size)
    v.handle_missing(arr, name, "raise")
    return arr, pd.Index(index), 0, arr


def _align(imp: FloatArray, imp_index: pd.Index, perf: FloatArray, perf_index: pd.Index,
           positional: bool) -> tuple[FloatArray, FloatArray, pd.Index]:
    if imp.size != perf.size:
        raise LengthMismatchError(
            f"performance must have one value per attribute of importance ({imp.size}); "
            f"got {perf.size}.")
    if positional or imp_index.equals(perf_index):
        return imp, perf, imp_index
    if not imp_index.is_unique or set(imp_index) != set(perf_index):
        missing = [a for a in imp_index if a not in set(perf_index)]
        raise SchemaError(
            f"performance must name the same attributes as importance; "
            f"{len(missing)} are missing (first: {missing[0] if missing else None!r}). "
            "Align the attribute names (Series index or DataFrame columns).")
    order = perf_index.get_indexer(imp_index)
    return imp, perf[order], imp_index


def _scales(scale: object) -> tuple[Scale | None, Scale | None]:
    if scale is None:
        return None, None
    if isinstance(scale, Scale):
        return scale, scale
    if (isinstance(scale, tuple) and len(scale) == 2
            and all(isinstance(s, Scale) for s in scale)):
        return scale[0], scale[1]
    raise InvalidParameterError(
        "scale must be a Scale, a pair (importance scale, performance scale), or None; "
        f"got {scale!r}.")


def _crosshair(crosshair: object, imp: FloatArray, perf: FloatArray,
               scales: tuple[Scale | None, Scale | None]) -> tuple[float, float, str]:
    if isinstance(crosshair, tuple):
        if (len(crosshair) != 2
                or not all(isinstance(x, (int, float, np.number)) and not isinstance(x, bool)
                           and np.isfinite(x) for x in crosshair)):
            raise InvalidParameterError(
                "crosshair must be 'mean', 'median', 'scale-midpoint' or a pair of finite "
                f"numbers (importance, performance); got {crosshair!r}.")
        return float(crosshair[0]), float(crosshair[1]), "fixed"
    v.check_option(crosshair, "crosshair", _CROSSHAIRS)
    if crosshair == "mean":
        return float(imp.mean()), float(perf.mean()), "mean"
    if crosshair == "median":
        return float(np.median(imp)), float(np.median(perf)), "median"
    imp_scale, perf_scale = scales
    if imp_scale is None or perf_scale is None:
        raise InvalidParameterError(
            "scale must be given when crosshair='scale-midpoint'; got None. "
            "Pass scale=Scale(1, 5) (or a pair of scales).")
    return imp_scale.midpoint, perf_scale.midpoint, "scale-midpoint"


def importance_performance(importance: object, performance: object, *,
                           crosshair: str | tuple[float, float] = "mean",
                           scale: Scale | tuple[Scale, Scale] | None = None,
                           missing: str = "raise") -> ImportancePerformanceResult:
    """Place attributes on the importance-performance grid (Martilla & James 1977).

    Parameters
    ----------
    importance, performance : Series, array-like, or DataFrame
        Per-attribute values (a Series indexed by attribute name, or an array
        in attribute order), or a DataFrame of respondent ratings with one
        column per attribute (the mean of each column is used). Series and
        DataFrames are aligned by attribute name.
    crosshair : {"mean", "median", "scale-midpoint"} or (float, float), default "mean"
        Where to split the grid: the mean or median over attributes, the
        scale midpoint (needs ``scale``), or a fixed ``(importance,
        performance)`` pair.
    scale : Scale or (Scale, Scale), optional
        The rating scale (one for both, or importance's then performance's);
        values must lie within it (respondent ratings on its points).
    missing : {"raise", "drop"}, default "raise"
        Missing respondent ratings: raise, or skip them (each attribute's mean
        uses its answers) and count them in ``n_dropped``.

    Returns
    -------
    ImportancePerformanceResult

    Raises
    ------
    LengthMismatchError
        If the two inputs hold different numbers of attributes.
    SchemaError
        If named inputs do not name the same attributes.
    InvalidScoreError
        If a value is missing (``missing="raise"``), infinite or off the scale.
    InvalidParameterError
        If ``crosshair`` is not valid, or ``"scale-midpoint"`` lacks a scale.

    Notes
    -----
    "High" means at or above the crosshair, so an attribute exactly on a line
    counts as important (or as performing well). The quadrants are: high
    importance and low performance, *concentrate here*; high and high, *keep
    up the good work*; low and low, *low priority*; low importance and high
    performance, *possible overkill*.

    References
    ----------
    Martilla, J. A. & James, J. C. (1977). Importance-performance analysis.
    *Journal of Marketing*, 41(1), 77-79.

    Examples
    --------
    >>> imp = pd.Series({"price": 4.6, "delivery": 4.4, "packaging": 2.9, "app": 3.1})
    >>> perf = pd.Series({"price": 3.2, "delivery": 4.5, "packaging": 4.4, "app": 2.8})
    >>> res = importance_performance(imp, perf)
    >>> res.in_quadrant("concentrate here"), res.in_quadrant("possible overkill")
    (('price',), ('packaging',))
    >>> res.crosshair, round(res.importance_crosshair, 3), round(res.performance_crosshair, 3)
    ('mean', 3.75, 3.725)
    """
    v.check_option(missing, "missing", ("raise", "drop"))
    scales = _scales(scale)
    imp, imp_index, imp_dropped, imp_raw = _per_attribute(importance, "importance", missing)
    perf, perf_index, perf_dropped, perf_raw = _per_attribute(performance, "performance",
                                                              missing)
    named = (isinstance(importance, (pd.Series, pd.DataFrame))
             and isinstance(performance, (pd.Series, pd.DataFrame)))
    imp, perf, index = _align(imp, imp_index, perf, perf_index, positional=not named)
    v.check_not_empty(imp.size, "importance")
    for name, given, raw, s in (("importance", importance, imp_raw, scales[0]),
                                ("performance", performance, perf_raw, scales[1])):
        check_finite(raw, name)
        if s is not None:
            # Per-attribute values are usually means: only respondent ratings must be
            # whole scale points.
            rated = isinstance(given, pd.DataFrame)
            check_on_scale(raw, name, s if rated else Scale(s.low, s.high, integer=False), [])
    x, y, how = _crosshair(crosshair, imp, perf, scales)
    high_imp = imp >= x
    high_perf = perf >= y
    quadrant = np.where(high_imp, np.where(high_perf, 1, 0), np.where(high_perf, 3, 2))
    attributes = tuple(
        AttributePriority(attribute=index[j], importance=float(imp[j]),
                          performance=float(perf[j]), quadrant=QUADRANTS[int(quadrant[j])])
        for j in range(imp.size))
    return ImportancePerformanceResult(attributes=attributes, importance_crosshair=x,
                                       performance_crosshair=y, crosshair=how,
                                       n_dropped=imp_dropped + perf_dropped)
