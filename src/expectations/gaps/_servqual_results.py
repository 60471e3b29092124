"""SERVQUAL and SERVPERF result objects and their fixed column sets.

The item, dimension and whole-survey results of :func:`~expectations.gaps.servqual`
and :func:`~expectations.gaps.servperf`; the scoring lives in
:mod:`~expectations.gaps._servqual_scoring`.
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs
import pandas as pd

from expectations.errors import InvalidParameterError
from expectations.results import Interval, Result

__all__ = [
    "OVERALL",
    "SERVPERF_COLUMNS",
    "SERVQUAL_COLUMNS",
    "WEIGHTED",
    "DimensionGap",
    "DimensionScore",
    "ItemGap",
    "ItemScore",
    "ServperfResult",
    "ServqualResult",
]

SERVQUAL_COLUMNS: tuple[str, ...] = (
    "expected", "perceived", "gap", "ci_low", "ci_high", "ci_method", "confidence", "n",
)
"""Columns of :meth:`ServqualResult.to_frame` and of ``servqual(..., by=...)``."""

SERVPERF_COLUMNS: tuple[str, ...] = (
    "perceived", "ci_low", "ci_high", "ci_method", "confidence", "n",
)
"""Columns of :meth:`ServperfResult.to_frame` and of ``servperf(..., by=...)``."""

OVERALL = "overall"
"""Row label of the unweighted overall score."""

WEIGHTED = "weighted overall"
"""Row label of the weighted overall score."""


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
    >>> from expectations import servqual
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
    >>> from expectations import servqual
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
    >>> from expectations import servperf
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
    >>> from expectations import servperf
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
    >>> from expectations import servqual
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
    >>> from expectations import servperf
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

