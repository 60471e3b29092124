"""Importance-performance analysis (Martilla & James 1977): where to act first.

Each attribute is placed on a grid by how important customers say it is and
how well they say it performs. A crosshair splits the grid into four
quadrants; where the crosshair sits (the data's mean or median, or the scale
midpoint) changes the labels, so it is a parameter and it is reported.

From respondent-level ratings, each attribute also gets t-intervals for its
importance and performance and a *quadrant probability*: the share of
bootstrap resamples of the respondents that put it in the same quadrant
(:mod:`._importance_uncertainty`). A quadrant is *settled* when that
probability is at least 0.95; otherwise the data cannot tell the quadrants
apart.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, ClassVar

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _validation as v
from expectations.errors import InvalidParameterError
from expectations.gaps._importance_input import (
    align_sides,
    per_attribute,
    rated_sides,
    read_scales,
)
from expectations.gaps._importance_uncertainty import (
    SETTLED,
    mean_intervals,
    quadrant_codes,
    quadrant_probability,
)
from expectations.gaps._input import check_finite, check_on_scale
from expectations.models.scale import Scale
from expectations.results import Interval, Result

__all__ = [
    "IPA_COLUMNS",
    "QUADRANTS",
    "SETTLED",
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

IPA_COLUMNS: tuple[str, ...] = (
    "importance", "performance", "quadrant",
    "importance_ci_low", "importance_ci_high", "performance_ci_low", "performance_ci_high",
    "quadrant_probability", "settled",
)
"""Columns of :meth:`ImportancePerformanceResult.to_frame` (indexed by attribute).

The first three are the estimate; the interval bounds, ``quadrant_probability``
and ``settled`` (added after 0.1.0, after them so positional readers keep working)
describe its uncertainty and are missing (NaN, ``<NA>``) where the input gives
no respondent-level ratings to estimate it from.
"""

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
    importance_interval, performance_interval : Interval or None
        Student-t intervals of the mean rating (Kish's effective sample size
        when weighted); None for a value given per attribute.
    quadrant_probability : float
        Share of bootstrap resamples placing the attribute in ``quadrant``;
        NaN when nothing was resampled (per-attribute input only).
    settled : bool or None
        Whether ``quadrant_probability`` is at least :data:`SETTLED` (0.95);
        None when it is NaN.

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
    importance_interval: Interval | None = None
    performance_interval: Interval | None = None
    quadrant_probability: float = float("nan")
    settled: bool | None = None


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
    resampled : tuple of str
        The sides (``"importance"``, ``"performance"``) given as respondent
        ratings, hence resampled by the bootstrap; a side given per attribute
        is held fixed. Empty: no quadrant probabilities.
    n_resamples : int
        Bootstrap resamples drawn (0 when nothing was resampled).
    confidence : float
        Coverage of the intervals.

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
    resampled: tuple[str, ...] = ()
    n_resamples: int = 0
    confidence: float = 0.95

    @property
    def note(self) -> str:
        """How far the quadrant probabilities go: what was resampled, what held fixed.

        Examples
        --------
        >>> importance_performance([4.5, 3.0], [2.0, 4.0]).note
        'per-attribute values only: no intervals or quadrant probabilities'
        """
        if not self.resampled:
            return "per-attribute values only: no intervals or quadrant probabilities"
        fixed = [s for s in ("importance", "performance") if s not in self.resampled]
        text = (f"quadrant probabilities from {self.n_resamples} bootstrap resamples of the "
                "respondents")
        return text if not fixed else f"{text}; {fixed[0]} held fixed (given per attribute)"

    def to_frame(self) -> pd.DataFrame:
        """Return one row per attribute with :data:`IPA_COLUMNS`, indexed by attribute."""
        rows = self.attributes
        nan = float("nan")

        def bound(interval: Interval | None, which: str) -> float:
            return nan if interval is None else float(getattr(interval, which))

        out: pd.DataFrame = pd.DataFrame(
            {"importance": [a.importance for a in rows],
             "performance": [a.performance for a in rows],
             "quadrant": [a.quadrant for a in rows],
             "importance_ci_low": [bound(a.importance_interval, "low") for a in rows],
             "importance_ci_high": [bound(a.importance_interval, "high") for a in rows],
             "performance_ci_low": [bound(a.performance_interval, "low") for a in rows],
             "performance_ci_high": [bound(a.performance_interval, "high") for a in rows],
             "quadrant_probability": [a.quadrant_probability for a in rows],
             "settled": pd.array([a.settled for a in rows], dtype="boolean")},
            index=pd.Index([a.attribute for a in rows], name="attribute"))
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
                           weights: object = None, confidence: float = 0.95,
                           n_resamples: int = 2000, rng: object = None,
                           missing: v.MissingPolicy = "raise") -> ImportancePerformanceResult:
    r"""Place attributes on the importance-performance grid (Martilla & James 1977).

    Parameters
    ----------
    importance, performance : Series, array-like, or DataFrame
        Per-attribute values (a Series indexed by attribute name, or an array
        in attribute order), or a DataFrame of respondent ratings with one
        column per attribute (the mean of each column is used). Series and
        DataFrames are aligned by attribute name. Two DataFrames with the
        same number of rows are the same respondents, row for row (the
        bootstrap draws them together); otherwise they are separate samples.
    crosshair : {"mean", "median", "scale-midpoint"} or (float, float), default "mean"
        Where to split the grid: the mean or median over attributes, the
        scale midpoint (needs ``scale``), or a fixed ``(importance,
        performance)`` pair.
    scale : Scale or (Scale, Scale), optional
        The rating scale (one for both, or importance's then performance's);
        values must lie within it (respondent ratings on its points).
    weights : array-like, optional
        Survey weights, one per respondent (row) of the DataFrame input(s);
        means become weighted means and intervals use Kish's effective
        sample size.
    confidence : float, default 0.95
        Coverage of the importance and performance intervals.
    n_resamples : int, default 2000
        Bootstrap resamples for the quadrant probabilities.
    rng : int or numpy.random.Generator, optional
        Seed (or generator) of the bootstrap; a seed makes the probabilities
        reproducible.
    missing : {"raise", "drop"}, default "raise"
        Missing respondent ratings: raise, or skip them (each attribute's mean
        uses its answers) and count them in ``n_dropped``.

    Returns
    -------
    ImportancePerformanceResult
        With the intervals, ``quadrant_probability`` and ``settled`` of each
        attribute when respondent ratings were given (see Notes).

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

    **Uncertainty.** A side given as respondent ratings gets, per attribute,
    the Student-t interval of its (weighted) mean:
    :math:`m \pm t_{n_{eff}-1} s/\sqrt{n_{eff}}`, with
    :math:`s^2 = \sum w(x - m)^2 / (\sum w - \sum w^2/\sum w)` and Kish's
    :math:`n_{eff} = (\sum w)^2/\sum w^2` (the textbook interval unweighted).
    ``quadrant_probability`` is the share of ``n_resamples`` bootstrap
    resamples of the respondents in which the attribute falls in the same
    quadrant as the estimate, the crosshair being recomputed in each
    resample as it was for the estimate (the mean or median of the resampled
    attribute means; a fixed or scale-midpoint crosshair stays put).
    ``settled`` is ``quadrant_probability >= 0.95`` (:data:`SETTLED`). The rule
    for per-attribute input: a side given per attribute (a Series or array
    of values, such as derived importance) is taken as known and held fixed,
    so the probability reflects only the other side's sampling error
    (``result.resampled`` and ``result.note`` say which); when neither side
    is respondent-level, the intervals and ``quadrant_probability`` are NaN
    and ``settled`` is None (missing).

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

    From respondent ratings, each attribute's quadrant comes with the share
    of resamples that agree with it:

    >>> rng = np.random.default_rng(1)
    >>> imp = pd.DataFrame({"price": rng.integers(4, 6, 200), "app": rng.integers(1, 3, 200),
    ...                     "speed": rng.integers(2, 5, 200)})
    >>> perf = pd.DataFrame({"price": rng.integers(1, 3, 200), "app": rng.integers(4, 6, 200),
    ...                      "speed": rng.integers(2, 5, 200)})
    >>> res = importance_performance(imp, perf, rng=0, n_resamples=500)
    >>> res.to_frame()[["quadrant", "quadrant_probability", "settled"]]
                        quadrant  quadrant_probability  settled
    attribute
    price       concentrate here                  1.00     True
    app        possible overkill                  1.00     True
    speed      possible overkill                  0.57    False

    ``speed`` sits too close to the crosshair for its quadrant to be settled.
    """
    v.check_option(missing, "missing", ("raise", "drop"))
    c = v.check_confidence(confidence)
    count: object = n_resamples
    if isinstance(count, bool) or not isinstance(count, (int, np.integer)) or count < 1:
        raise InvalidParameterError(
            f"n_resamples must be a positive integer; got {n_resamples!r}.")
    generator = v.check_rng(rng)
    scales = read_scales(scale)
    imp = per_attribute(importance, "importance", missing)
    perf = per_attribute(performance, "performance", missing)
    named = (isinstance(importance, (pd.Series, pd.DataFrame))
             and isinstance(performance, (pd.Series, pd.DataFrame)))
    perf = align_sides(imp, perf, positional=not named)
    index = imp.index
    v.check_not_empty(imp.means.size, "importance")
    for name, given, raw, s in (("importance", importance, imp.raw, scales[0]),
                                ("performance", performance, perf.raw, scales[1])):
        check_finite(raw, name)
        if s is not None:
            # Per-attribute values are usually means: only respondent ratings must be
            # whole scale points.
            rated = isinstance(given, pd.DataFrame)
            check_on_scale(raw, name, s if rated else Scale(s.low, s.high, integer=False), [])
    sides = rated_sides(imp, perf, weights)
    estimates = {name: side.means for name, side in (("importance", imp),
                                                     ("performance", perf))}
    intervals: dict[str, list[Interval | None]] = {}
    for name, ratings in sides.items():
        mean, low, high, _ = mean_intervals(ratings, c)
        estimates[name] = mean
        intervals[name] = [Interval(low=float(lo), high=float(hi), confidence=c, method="t")
                           for lo, hi in zip(low, high, strict=True)]
    imp_values, perf_values = estimates["importance"], estimates["performance"]
    x, y, how = _crosshair(crosshair, imp_values, perf_values, scales)
    quadrant = quadrant_codes(imp_values, perf_values, np.asarray(x), np.asarray(y))
    k = imp_values.size
    probability = np.full(k, np.nan)
    if sides:
        imp_cut, perf_cut = _cut(how, x), _cut(how, y)
        paired = (len(sides) == 2
                  and sides["importance"].matrix.shape[0] == sides["performance"].matrix.shape[0])
        probability = quadrant_probability(
            sides.get("importance", imp_values), sides.get("performance", perf_values),
            estimate=quadrant, imp_cut=imp_cut, perf_cut=perf_cut, paired=paired,
            rng=generator, n_resamples=int(n_resamples))
    none: list[Interval | None] = [None] * k
    attributes = tuple(
        AttributePriority(
            attribute=index[j], importance=float(imp_values[j]),
            performance=float(perf_values[j]), quadrant=QUADRANTS[int(quadrant[j])],
            importance_interval=intervals.get("importance", none)[j],
            performance_interval=intervals.get("performance", none)[j],
            quadrant_probability=float(probability[j]),
            settled=None if np.isnan(probability[j]) else bool(probability[j] >= SETTLED))
        for j in range(k))
    return ImportancePerformanceResult(
        attributes=attributes, importance_crosshair=x, performance_crosshair=y, crosshair=how,
        n_dropped=imp.n_dropped + perf.n_dropped, resampled=tuple(sides),
        n_resamples=int(n_resamples) if sides else 0, confidence=c)


def _cut(how: str, fixed: float) -> Callable[[FloatArray], FloatArray]:
    """Return the crosshair of each resample, computed as it was for the estimate."""
    if how == "mean":
        return lambda means: means.mean(axis=1)
    if how == "median":
        return lambda means: np.median(means, axis=1)
    return lambda means: np.full(means.shape[0], fixed)
