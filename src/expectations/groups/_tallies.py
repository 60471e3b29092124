"""Per-group tallies of one score, shared by the funnel plot and the league table.

Every metric here is the mean of a per-answer value ``y`` — ``-1/0/+1`` for
NPS detractors, passives and promoters, ``0/1`` for a top-box miss or hit —
reported in points (times 100). Per group, the weighted counts of each value,
the number of answers and the sum of squared weights are all either function
needs, so both count once with the library's one grouping engine
(:func:`expectations._grouping.count_categories`, a single
:func:`numpy.bincount` over combined codes) and never loop over groups.
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _grouping
from expectations import _validation as v
from expectations.errors import InsufficientDataError, InvalidParameterError, format_message
from expectations.models.scale import Scale
from expectations.scoring._input import integer_answers, integer_scores
from expectations.scoring.nps import _categories_from_points
from expectations.scoring.proportions import kish_n
from expectations.scoring.satisfaction import CES_SCALE, CSAT_SCALE, _top_box_bounds

__all__ = ["METRICS", "Tallies", "check_target", "tallies_from_counts", "tally"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: The metrics a many-group comparison can rank, in points: NPS (-100..100) or
#: the percentage in the top boxes of a rating scale (0..100).
METRICS: tuple[str, ...] = ("nps", "csat", "ces", "top_box")

_NPS_VALUES = np.array([-1.0, 0.0, 1.0])
_BOX_VALUES = np.array([0.0, 1.0])


@attrs.frozen(kw_only=True)
class Tallies:
    """Weighted counts of each answer value, per group, and what the limits need.

    Attributes
    ----------
    groups : Groups
        The grouping (its index labels the rows).
    counts : numpy.ndarray
        Shape ``(n_groups, m)``: the (weighted) number of answers with each
        value in ``values``.
    values : numpy.ndarray
        The per-answer value of each column of ``counts``.
    n : numpy.ndarray of int64
        Answers per group (a count of people, unweighted).
    sum_w2 : numpy.ndarray
        Sum of squared weights per group (``n`` without weights).
    metric : str
        One of :data:`METRICS`.
    n_dropped : int
        Missing answers dropped with ``missing="drop"``.
    """

    groups: _grouping.Groups = attrs.field(eq=False)
    counts: FloatArray = attrs.field(eq=False)
    values: FloatArray = attrs.field(eq=False)
    n: IntArray = attrs.field(eq=False)
    sum_w2: FloatArray = attrs.field(eq=False)
    metric: str
    n_dropped: int = 0

    @property
    def bounds(self) -> tuple[float, float]:
        """The score's range in points: -100..100 for NPS, 0..100 for a percentage."""
        return (-100.0, 100.0) if self.metric == "nps" else (0.0, 100.0)

    def weight(self) -> FloatArray:
        """Sum of weights per group (``n`` without weights)."""
        out: FloatArray = self.counts.sum(axis=1)
        return out

    def scores(self) -> FloatArray:
        """Each group's score in points (NaN for a group without answers)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            out: FloatArray = 100.0 * (self.counts @ self.values) / self.weight()
        return out

    def n_effective(self) -> FloatArray:
        """Kish's effective sample size per group, ``(Σw)²/Σw²`` (``n`` unweighted)."""
        return kish_n(self.weight(), self.sum_w2)

    def pooled_shares(self) -> FloatArray:
        """Return the share of each answer value over every group together."""
        totals = self.counts.sum(axis=0)
        out: FloatArray = totals / totals.sum()
        return out

    def pooled_score(self) -> float:
        """Return the score of all answers together, in points."""
        return float(100.0 * self.pooled_shares() @ self.values)

    def variance_at(self, target: float) -> float:
        """Per-answer variance of ``y`` when a group's true score is ``target`` points.

        For a top-box share ``t`` it is the binomial ``t (1 - t)``. For NPS it
        is the trinomial ``p + d - (p - d)²`` with ``p - d = t``, keeping the
        pooled share of passives (so ``p + d = 1 - passive share``); at the
        pooled score this is the pooled shares' own variance.
        """
        t = target / 100.0
        if self.metric == "nps":
            spread = 1.0 - float(self.pooled_shares()[1])
            return max(spread - t * t, 0.0)
        return max(t * (1.0 - t), 0.0)


def check_target(target: object, bounds: tuple[float, float]) -> float | None:
    """Check an optional target score lies on the metric's range, in points."""
    if target is None:
        return None
    low, high = bounds
    if isinstance(target, (bool, np.bool_)) or not isinstance(
            target, (int, float, np.integer, np.floating)):
        raise InvalidParameterError(format_message(
            "target", f"None or a number in {low:g}..{high:g} (points)",
            fix=f"Got {target!r}."))
    value = float(target)
    if not low <= value <= high:
        raise InvalidParameterError(format_message(
            "target", f"None or a number in {low:g}..{high:g} (points)",
            fix=f"Got {target!r}."))
    return value


def _box(metric: str, scale: object, top: object) -> tuple[Scale, int, int]:
    """Return the scale and the answers counted as a hit for a top-box metric."""
    if metric == "top_box" and scale is None:
        raise InvalidParameterError(format_message(
            "scale", "given for metric='top_box' (the answer scale, such as Scale(1, 5))"))
    chosen = scale if scale is not None else (CSAT_SCALE if metric == "csat" else CES_SCALE)
    if not isinstance(chosen, Scale):
        raise InvalidParameterError(format_message(
            "scale", "an expectations.Scale or None", fix=f"Got {type(scale).__name__}."))
    if metric == "ces" and (chosen.low, chosen.high) != (1, 7):
        raise InvalidParameterError(format_message(
            "scale", "the CES 2.0 scale 1..7 for metric='ces'",
            fix="For an older effort scale use metric='top_box' with its scale and top, "
                "after making sure its high end means easy."))
    n_top = (3 if metric == "ces" else 2) if top is None else top
    box_low, box_high = _top_box_bounds(chosen, n_top)
    return chosen, box_low, box_high


def tally(scores: object, *, by: object, metric: str, weights: object, missing: str,
          scale: object, top: object) -> Tallies:
    """Validate the answers, weights and keys, and count each value per group."""
    v.check_option(metric, "metric", METRICS)
    v.check_option(missing, "missing", ("raise", "drop"))
    if by is None:
        raise InvalidParameterError(format_message(
            "by", "given: the group keys, one per answer",
            fix="Compare groups by passing by=; for one score use nps, csat, ces or top_box."))
    if metric == "nps":
        if scale is not None or top is not None:
            raise InvalidParameterError(format_message(
                "scale" if scale is not None else "top",
                "None for metric='nps' (NPS answers are always 0..10)"))
        codes, keep, n_dropped = integer_scores(scores, "scores", 0, 10, missing=missing,
                                                what="for NPS")
        categories: npt.NDArray[np.integer[Any]] = codes
        points = 11

        def reduce(hist: FloatArray) -> FloatArray:
            return _categories_from_points(hist)
    else:
        chosen, box_low, box_high = _box(metric, scale, top)
        low, high = int(chosen.low), int(chosen.high)
        read = integer_answers(scores, "scores", low, high, missing=missing)
        keep, n_dropped = read.keep, read.n_dropped
        categories = np.subtract(read.answers, read.offset, dtype=np.intp)
        points = high - low + 1
        hit = slice(box_low - low, box_high - low + 1)

        def reduce(hist: FloatArray) -> FloatArray:
            hits = hist[:, hit].sum(axis=1)
            return np.stack([hist.sum(axis=1) - hits, hits], axis=1)

    n_kept = int(categories.size)
    n_total = n_kept + n_dropped
    v.check_not_empty(n_total, "scores")
    w = None if weights is None else v.check_weights(weights, n_total)
    if w is not None and keep is not None:
        w = w[keep]
    groups = _grouping.factorize(by, n_total, name="by", missing=missing)
    rows = groups if keep is None else attrs.evolve(groups, codes=groups.codes[keep])
    # Count every scale point per group, then add them up into the values: cheaper
    # than building a value array as long as the data.
    counts = reduce(_grouping.count_categories(rows, categories, points, w))
    if w is None:
        n = counts.sum(axis=1).astype(np.int64)
        sum_w2 = n.astype(np.float64)
    else:
        n = np.bincount(rows.codes[rows.codes >= 0] if rows.n_dropped else rows.codes,
                        minlength=groups.n_groups).astype(np.int64)
        sum_w2 = _grouping.sum_by_group(rows, w * w)
    if not counts.sum() > 0:
        raise InsufficientDataError(format_message(
            "scores", "non-missing, with positive weight, for at least one answer in a group",
            fix="Every answer was missing, had no group, or weighed zero."))
    values = _NPS_VALUES if metric == "nps" else _BOX_VALUES
    return Tallies(groups=groups, counts=counts, values=values, n=n, sum_w2=sum_w2,
                   metric=metric, n_dropped=n_dropped)


def tallies_from_counts(index: pd.Index, counts: FloatArray, *, metric: str = "nps",
                        sum_w2: FloatArray | None = None) -> Tallies:
    """Build :class:`Tallies` from counts already made (streamed files, chunks).

    ``counts`` has the columns detractor, passive, promoter for NPS, or
    miss, hit for a top-box metric; unweighted unless ``sum_w2`` is given.
    """
    counts = np.asarray(counts, dtype=np.float64)
    n = np.rint(counts.sum(axis=1)).astype(np.int64)
    groups = _grouping.Groups(codes=np.arange(len(index), dtype=np.intp), index=index)
    values = _NPS_VALUES if metric == "nps" else _BOX_VALUES
    return Tallies(groups=groups, counts=counts, values=values, n=n,
                   sum_w2=n.astype(np.float64) if sum_w2 is None else sum_w2, metric=metric)
