"""Pain points of a journey: touchpoints ranked by their importance-weighted gap.

Each touchpoint of a :class:`~expectations.models.Journey` carries the
:class:`~expectations.models.Expectation` customers hold of it, one per
dimension. Comparing what customers perceived there with those zones of
tolerance, and weighting the dimensions by importance, ranks the touchpoints
from the deepest shortfall (the worst pain point) to the best.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _grouping
from expectations import _validation as v
from expectations.errors import InvalidParameterError, InvalidScoreError, format_message
from expectations.gaps._input import check_on_scale
from expectations.models.journey import Journey
from expectations.models.scale import Scale
from expectations.results import Result

__all__ = [
    "PAIN_POINT_COLUMNS",
    "PAIN_POINT_DETAIL_COLUMNS",
    "PainPoint",
    "PainPointsResult",
    "TouchpointDimensionGap",
    "pain_points",
]

FloatArray = npt.NDArray[np.float64]

PAIN_POINT_COLUMNS: tuple[str, ...] = (
    "rank", "stage", "channel", "gap", "worst_dimension", "worst_gap",
    "n_dimensions", "n_below_adequate", "n",
)
"""Columns of :meth:`PainPointsResult.to_frame` (indexed by touchpoint, worst first)."""

PAIN_POINT_DETAIL_COLUMNS: tuple[str, ...] = (
    "adequate", "desired", "perceived", "gap", "weight", "level", "n",
)
"""Columns of :meth:`PainPointsResult.detail_frame` (indexed by touchpoint and dimension)."""

_AGAINST = ("adequate", "desired")


@attrs.frozen(kw_only=True, repr=False)
class TouchpointDimensionGap(Result):
    """Perception against one expectation of one touchpoint.

    Attributes
    ----------
    touchpoint, dimension : str
        Where and what.
    adequate, desired : float
        The expectation's zone of tolerance.
    perceived : float
        Mean perception.
    gap : float
        ``perceived - adequate`` (or ``- desired``, see ``against``).
    weight : float
        The dimension's share of the touchpoint's importance (sums to 1).
    level : str
        Where the mean perception falls: dissatisfied, satisfied or delighted.
    n : int
        Perceptions averaged.

    Examples
    --------
    >>> from expectations.models import Expectation, Journey, Scale, Touchpoint
    >>> j = Journey(name="j", touchpoints=[Touchpoint(
    ...     name="chat", channel="chat", stage="support", expectations=[
    ...         Expectation(dimension="speed", adequate=5, desired=8, scale=Scale(1, 9))])])
    >>> pain_points(j, {"chat": {"speed": [4, 5]}}).details[0].level
    'dissatisfied'
    """

    _headline: ClassVar[tuple[str, ...]] = ("touchpoint", "dimension", "gap")

    touchpoint: str
    dimension: str
    adequate: float
    desired: float
    perceived: float
    gap: float
    weight: float
    level: str
    n: int


@attrs.frozen(kw_only=True, repr=False)
class PainPoint(Result):
    """One touchpoint's importance-weighted gap and its rank.

    Attributes
    ----------
    touchpoint, stage, channel : str
        The touchpoint, its journey stage and channel.
    rank : int
        1 for the largest shortfall.
    gap : float
        Importance-weighted mean of the touchpoint's dimension gaps.
    worst_dimension : str
        The dimension with the lowest gap.
    worst_gap : float
        Its gap.
    n_dimensions : int
        Dimensions scored.
    n_below_adequate : int
        Dimensions whose mean perception is below the adequate level.
    n : int
        Perceptions behind the touchpoint's scores.

    Examples
    --------
    >>> from expectations.models import Expectation, Journey, Scale, Touchpoint
    >>> j = Journey(name="j", touchpoints=[Touchpoint(
    ...     name="chat", channel="chat", stage="support", expectations=[
    ...         Expectation(dimension="speed", adequate=5, desired=8, scale=Scale(1, 9))])])
    >>> pain_points(j, {"chat": {"speed": [4, 5]}}).touchpoints[0].gap
    -0.5
    """

    _headline: ClassVar[tuple[str, ...]] = ("rank", "touchpoint", "gap")

    touchpoint: str
    stage: str
    channel: str
    rank: int
    gap: float
    worst_dimension: str
    worst_gap: float
    n_dimensions: int
    n_below_adequate: int
    n: int


@attrs.frozen(kw_only=True, repr=False)
class PainPointsResult(Result):
    """Touchpoints ranked by importance-weighted gap, worst first.

    Attributes
    ----------
    touchpoints : tuple of PainPoint
        Ranked, worst first (ties keep journey order).
    details : tuple of TouchpointDimensionGap
        Every scored expectation, in journey order.
    against : str
        The level gaps are measured from: ``"adequate"`` or ``"desired"``.
    skipped : tuple of str
        Touchpoints with no expectations (or none with perceptions), not ranked.
    n_unrated : int
        Expectations without perceptions, left out (``missing="drop"``).
    n_dropped : int
        Perceptions dropped as missing (``missing="drop"``).

    Examples
    --------
    >>> from expectations.models import Expectation, Journey, Scale, Touchpoint
    >>> j = Journey(name="j", touchpoints=[Touchpoint(
    ...     name="chat", channel="chat", stage="support", expectations=[
    ...         Expectation(dimension="speed", adequate=5, desired=8, scale=Scale(1, 9))])])
    >>> pain_points(j, {"chat": {"speed": [4, 5]}})
    PainPointsResult(worst='chat' (-0.5), ranked=1)
    """

    _headline: ClassVar[tuple[str, ...]] = ("against",)

    touchpoints: tuple[PainPoint, ...]
    details: tuple[TouchpointDimensionGap, ...]
    against: str
    skipped: tuple[str, ...]
    n_unrated: int
    n_dropped: int

    def to_frame(self) -> pd.DataFrame:
        """Return one row per ranked touchpoint with :data:`PAIN_POINT_COLUMNS`."""
        rows = [t.to_dict() for t in self.touchpoints]
        out: pd.DataFrame = pd.DataFrame(
            {c: [r[c] for r in rows] for c in PAIN_POINT_COLUMNS},
            index=pd.Index([t.touchpoint for t in self.touchpoints], name="touchpoint"))
        return out

    def detail_frame(self) -> pd.DataFrame:
        """Return one row per touchpoint and dimension with :data:`PAIN_POINT_DETAIL_COLUMNS`."""
        rows = [d.to_dict() for d in self.details]
        index = pd.MultiIndex.from_arrays(
            [[d.touchpoint for d in self.details], [d.dimension for d in self.details]],
            names=["touchpoint", "dimension"])
        out: pd.DataFrame = pd.DataFrame(
            {c: [r[c] for r in rows] for c in PAIN_POINT_DETAIL_COLUMNS}, index=index)
        return out

    def to_dict(self) -> dict[str, Any]:
        """Return the ranking as a flat dict."""
        return {"against": self.against,
                "ranking": [t.touchpoint for t in self.touchpoints],
                "skipped": self.skipped, "n_unrated": self.n_unrated,
                "n_dropped": self.n_dropped}

    def __repr__(self) -> str:
        worst = self.touchpoints[0] if self.touchpoints else None
        head = "none" if worst is None else f"{worst.touchpoint!r} ({worst.gap:.3g})"
        return f"PainPointsResult(worst={head}, ranked={len(self.touchpoints)})"

    def _repr_html_(self) -> str:
        return str(self.to_frame().to_html())


def _perception_columns(perceptions: object) -> tuple[pd.Series, pd.Series, FloatArray]:
    """Read perceptions as (touchpoint, dimension, value) columns."""
    if isinstance(perceptions, pd.DataFrame):
        v.check_columns(perceptions, ("touchpoint", "dimension", "perceived"), "perceptions")
        return (perceptions["touchpoint"].reset_index(drop=True),
                perceptions["dimension"].reset_index(drop=True),
                v.to_float_array(perceptions["perceived"], "perceptions['perceived']"))
    if isinstance(perceptions, Mapping):
        tps: list[object] = []
        dims: list[object] = []
        values: list[FloatArray] = []
        # Nested mapping {touchpoint: {dimension: value or values}}: a few entries.
        for tp, per_dim in perceptions.items():
            if not isinstance(per_dim, Mapping):
                raise InvalidParameterError(format_message(
                    "perceptions", "a mapping of touchpoint to {dimension: perceptions}",
                    fix=f"Touchpoint {tp!r} maps to {type(per_dim).__name__}."))
            for dim, value in per_dim.items():
                arr = v.to_float_array(np.atleast_1d(np.asarray(value, dtype=object)),
                                       f"perceptions[{tp!r}][{dim!r}]")
                tps.extend([tp] * arr.size)
                dims.extend([dim] * arr.size)
                values.append(arr)
        flat = np.concatenate(values) if values else np.empty(0)
        return pd.Series(tps, dtype=object), pd.Series(dims, dtype=object), flat
    raise InvalidParameterError(format_message(
        "perceptions", "a DataFrame with touchpoint, dimension and perceived columns, "
        "or a mapping {touchpoint: {dimension: perceptions}}",
        fix=f"Got {type(perceptions).__name__}."))


def pain_points(journey: Journey, perceptions: object, *, against: str = "adequate",
                missing: v.MissingPolicy = "raise") -> PainPointsResult:
    r"""Rank a journey's touchpoints by their importance-weighted expectation gap.

    Parameters
    ----------
    journey : Journey
        Touchpoints carrying :class:`~expectations.models.Expectation` objects
        (one per dimension, with optional ``importance``).
    perceptions : DataFrame or mapping
        A DataFrame with columns ``touchpoint``, ``dimension`` and
        ``perceived`` (individual answers or means; they are averaged per
        touchpoint and dimension), or a mapping
        ``{touchpoint: {dimension: value or values}}``.
    against : {"adequate", "desired"}, default "adequate"
        Measure gaps from the adequate level (a shortfall below it
        dissatisfies) or from the desired level.
    missing : {"raise", "drop"}, default "raise"
        Missing perceptions, and expectations with no perceptions at all:
        raise, or leave them out and count them.

    Returns
    -------
    PainPointsResult
        Ranked touchpoints (``to_frame``) and per-dimension detail
        (``detail_frame``).

    Raises
    ------
    InvalidParameterError
        If a perception names a touchpoint or dimension the journey does not
        expect, or a touchpoint gives importance to some expectations only.
    InvalidScoreError
        If a perception is missing or outside its expectation's scale, or an
        expectation has no perceptions (with ``missing="raise"``).
    SchemaError
        If the perceptions DataFrame lacks a column.

    Notes
    -----
    For touchpoint :math:`t` with dimensions :math:`j`, gap
    :math:`g_{tj} = \bar P_{tj} - A_{tj}` (or :math:`- D_{tj}`) and weight
    :math:`w_{tj}` = importance normalised to sum to 1 within the touchpoint
    (equal weights when no importance is given). The touchpoint's score is
    :math:`\sum_j w_{tj} g_{tj}`; touchpoints are ranked from the lowest
    score. Weights normalised per touchpoint keep touchpoints with different
    numbers of dimensions comparable.

    Examples
    --------
    >>> from expectations.models import Expectation, Journey, Scale, Touchpoint
    >>> s = Scale(1, 9)
    >>> journey = Journey(name="order", touchpoints=[
    ...     Touchpoint(name="checkout", channel="web", stage="purchase", expectations=[
    ...         Expectation(dimension="reliability", adequate=6, desired=8, scale=s)]),
    ...     Touchpoint(name="delivery", channel="web", stage="delivery", expectations=[
    ...         Expectation(dimension="reliability", adequate=6, desired=8, scale=s,
    ...                     importance=70),
    ...         Expectation(dimension="responsiveness", adequate=5, desired=8, scale=s,
    ...                     importance=30)])])
    >>> res = pain_points(journey, {"checkout": {"reliability": [7, 6, 8]},
    ...                             "delivery": {"reliability": [5, 4], "responsiveness": 7}})
    >>> res.to_frame()[["rank", "gap", "worst_dimension"]]
                rank   gap worst_dimension
    touchpoint
    delivery       1 -0.45     reliability
    checkout       2  1.00     reliability
    """
    v.check_option(against, "against", _AGAINST)
    v.check_option(missing, "missing", ("raise", "drop"))
    if not isinstance(journey, Journey):
        raise InvalidParameterError(f"journey must be a Journey; got {type(journey).__name__}.")
    # One entry per expectation of the journey (a handful of model objects).
    keys: list[tuple[str, str]] = []
    spec: list[tuple[float, float, float, float, bool, float]] = []
    for tp in journey:
        given = [e.importance is not None for e in tp.expectations]
        if any(given) and not all(given):
            raise InvalidParameterError(format_message(
                "importance", "given for all or none of a touchpoint's expectations",
                count=given.count(False), first=tp.name,
                fix="Give every expectation of the touchpoint an importance, or none."))
        for e in tp.expectations:
            keys.append((tp.name, e.dimension))
            spec.append((e.adequate, e.desired, e.scale.low, e.scale.high, e.scale.integer,
                         1.0 if e.importance is None else e.importance))
    tp_col, dim_col, values = _perception_columns(perceptions)
    n_rows = values.size
    lookup = {key: i for i, key in enumerate(keys)}
    pair = np.fromiter((lookup.get((t, d), -1) for t, d in zip(tp_col, dim_col, strict=True)),
                       dtype=np.intp, count=n_rows)
    if (pair < 0).any():
        i = int(np.flatnonzero(pair < 0)[0])
        raise InvalidParameterError(format_message(
            "perceptions", "for a touchpoint and dimension the journey expects",
            count=int((pair < 0).sum()), first=(tp_col.iloc[i], dim_col.iloc[i]), position=i,
            fix="Check the touchpoint and dimension names against the journey."))
    keep, n_dropped = v.handle_missing(values, "perceptions", missing)
    pair, values = pair[keep], values[keep]
    table = np.array(spec, dtype=np.float64).reshape(len(spec), 6)
    scale_of = table[pair]
    # Perceptions may be means, so only the scale's range applies, not its points.
    ok = (values >= scale_of[:, 2]) & (values <= scale_of[:, 3])
    if not ok.all():
        i = int(np.flatnonzero(~ok)[0])
        check_on_scale(values[i:i + 1], "perceptions", Scale(
            scale_of[i, 2], scale_of[i, 3], integer=False), [str(i)])
    k = len(keys)
    counts = np.bincount(pair, minlength=k).astype(np.float64)
    sums = np.bincount(pair, weights=values, minlength=k)
    rated = counts > 0
    if not rated.all() and missing == "raise":
        j = int(np.flatnonzero(~rated)[0])
        raise InvalidScoreError(format_message(
            "perceptions", "given for every expectation of the journey",
            count=int((~rated).sum()), first=keys[j], position=j,
            fix='Add perceptions for them, or pass missing="drop" to leave them out.'))
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = sums / counts
    reference = table[:, 0] if against == "adequate" else table[:, 1]
    gap = mean - reference
    # Normalise importance within each touchpoint, over rated expectations only.
    tp_names = [t for t, _ in keys]
    tp_groups = _grouping.factorize(np.asarray(tp_names, dtype=object), k) if k else None
    weight = np.where(rated, table[:, 5], 0.0)
    if tp_groups is not None:
        totals = _grouping.sum_by_group(tp_groups, weight)
        with np.errstate(invalid="ignore", divide="ignore"):
            weight = np.where(rated, weight / totals[tp_groups.codes], 0.0)
    level_code = (mean >= table[:, 0]).astype(np.intp) + (mean > table[:, 1])
    levels = ("dissatisfied", "satisfied", "delighted")
    details = tuple(
        TouchpointDimensionGap(
            touchpoint=keys[j][0], dimension=keys[j][1], adequate=float(table[j, 0]),
            desired=float(table[j, 1]), perceived=float(mean[j]), gap=float(gap[j]),
            weight=float(weight[j]), level=levels[int(level_code[j])], n=int(counts[j]))
        for j in range(k) if rated[j])
    ranked = _rank(journey, details)
    scored = {p.touchpoint for p in ranked}
    skipped = tuple(t.name for t in journey if t.name not in scored)
    return PainPointsResult(touchpoints=ranked, details=details, against=against,
                            skipped=skipped, n_unrated=int((~rated).sum()),
                            n_dropped=n_dropped)


def _rank(journey: Journey, details: tuple[TouchpointDimensionGap, ...]
          ) -> tuple[PainPoint, ...]:
    """Aggregate the per-dimension gaps per touchpoint and rank them, worst first."""
    rows: list[PainPoint] = []
    order: list[float] = []
    for tp in journey:
        mine = [d for d in details if d.touchpoint == tp.name]
        if not mine:
            continue
        worst = min(mine, key=lambda d: d.gap)
        score = float(sum(d.weight * d.gap for d in mine))
        order.append(score)
        rows.append(PainPoint(
            touchpoint=tp.name, stage=tp.stage.value, channel=tp.channel.value, rank=0,
            gap=score, worst_dimension=worst.dimension, worst_gap=worst.gap,
            n_dimensions=len(mine), n_below_adequate=sum(d.perceived < d.adequate for d in mine),
            n=sum(d.n for d in mine)))
    positions = np.argsort(np.asarray(order), kind="stable")
    return tuple(attrs.evolve(rows[int(i)], rank=r + 1) for r, i in enumerate(positions))
