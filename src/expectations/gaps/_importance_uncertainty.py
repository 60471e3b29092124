"""Uncertainty of an importance-performance grid: mean intervals and quadrant probabilities.

From respondent-level ratings, each attribute's (weighted) mean gets a
Student-t interval with Kish's effective sample size, and the whole grid is
bootstrapped: respondents are resampled, every attribute's means and the
crosshair are recomputed exactly as for the estimate, and each attribute's
*quadrant probability* is the share of resamples that put it in the quadrant
of the estimate.

The bootstrap is vectorised: a block of resamples is a matrix of resample
counts (resamples x respondents) multiplied by the ratings, so no Python loop
runs over respondents or over single resamples.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
import numpy as np
import numpy.typing as npt

__all__ = ["SETTLED", "Ratings", "mean_intervals", "quadrant_codes", "quadrant_probability"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

SETTLED = 0.95
"""Quadrant probability at or above which an attribute's quadrant counts as settled."""

# Cells of the resample-count matrix built per block: bounds memory at about
# 32 MB (the counts and the indices that make them) whatever n and n_resamples.
_BLOCK_CELLS = 1 << 21


@attrs.frozen
class Ratings:
    """Respondent-level ratings of one side (importance or performance).

    ``matrix`` is (respondents x attributes) with NaN where a rating is
    missing; ``weights`` holds one survey weight per respondent.
    """

    matrix: FloatArray
    weights: FloatArray

    @property
    def present(self) -> FloatArray:
        """1.0 where a rating is present, 0.0 where it is missing."""
        return (~np.isnan(self.matrix)).astype(np.float64)

    @property
    def filled(self) -> FloatArray:
        """The ratings with missing ones replaced by 0 (they carry no weight)."""
        return np.where(np.isnan(self.matrix), 0.0, self.matrix)


def mean_intervals(ratings: Ratings, confidence: float
                   ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Weighted mean of each attribute, its t-interval and its effective sample size.

    Returns ``(mean, low, high, n_eff)``. With weights ``w`` over the
    respondents who rated the attribute: ``m = Σw·x/Σw``,
    ``s² = Σw(x - m)²/(Σw - Σw²/Σw)``, ``n_eff = (Σw)²/Σw²`` and
    ``m ± t(n_eff - 1)·s/√n_eff``; unweighted, the textbook t-interval.

    Examples
    --------
    >>> r = Ratings(np.array([[1.0, 4.0], [3.0, np.nan], [5.0, 6.0]]), np.ones(3))
    >>> mean, low, high, n_eff = mean_intervals(r, 0.95)
    >>> mean.tolist(), n_eff.tolist()
    ([3.0, 5.0], [3.0, 2.0])
    >>> round(float(low[0]), 3), round(float(high[0]), 3)
    (-1.968, 7.968)
    """
    from expectations.scoring.proportions import kish_n, t_interval

    w = ratings.weights[:, None] * ratings.present
    x = ratings.filled
    s0 = w.sum(axis=0)
    s2 = (w * w).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = (w * x).sum(axis=0) / s0
        n_eff = kish_n(s0, s2)
        sum_sq = (w * (x - mean[None, :]) ** 2).sum(axis=0)
        variance = sum_sq / (s0 - s2 / s0)
        std_error = np.sqrt(variance / n_eff)
    low, high = t_interval(mean, std_error, n_eff, confidence=confidence)
    return mean, low, high, n_eff


def quadrant_codes(importance: FloatArray, performance: FloatArray, imp_cut: FloatArray,
                   perf_cut: FloatArray) -> IntArray:
    """Quadrant number (index into ``QUADRANTS``) of each attribute, vectorised.

    The cut-offs broadcast against the last axis; "high" is at or above the cut.

    Examples
    --------
    >>> quadrant_codes(np.array([5.0, 1.0]), np.array([1.0, 5.0]), np.array(3.0),
    ...                np.array(3.0)).tolist()
    [0, 3]
    """
    high_imp = importance >= imp_cut
    high_perf = performance >= perf_cut
    codes: IntArray = np.where(high_imp, np.where(high_perf, 1, 0),
                               np.where(high_perf, 3, 2)).astype(np.intp)
    return codes


def _resample_counts(rng: np.random.Generator, b: int, n: int) -> FloatArray:
    """How often each of ``n`` respondents is drawn in each of ``b`` resamples."""
    draws = rng.integers(0, n, size=(b, n))
    draws += (np.arange(b) * n)[:, None]
    return np.bincount(draws.ravel(), minlength=b * n).reshape(b, n).astype(np.float64)


def _resampled_means(counts: FloatArray, ratings: Ratings) -> FloatArray:
    """Weighted attribute means in each resample: (counts x weights) @ ratings."""
    cw = counts * ratings.weights[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        means: FloatArray = (cw @ ratings.filled) / (cw @ ratings.present)
    return means


def _beyond(means: FloatArray, cut: FloatArray, high: npt.NDArray[np.bool_]
            ) -> npt.NDArray[np.bool_]:
    """Whether each mean is strictly above (``high``) or below its resample's cut."""
    gap = means - cut[:, None]
    tolerance = 1e-9 * np.maximum(1.0, np.abs(cut))[:, None]
    out: npt.NDArray[np.bool_] = np.where(high[None, :], gap > tolerance, gap < -tolerance)
    return out


Side = Ratings | FloatArray  # ratings to resample, or per-attribute values held fixed
Cut = Callable[[FloatArray], FloatArray]  # (resamples x attributes) -> one cut per resample


def quadrant_probability(importance: Side, performance: Side, *, estimate: IntArray,
                         imp_cut: Cut, perf_cut: Cut, paired: bool,
                         rng: np.random.Generator, n_resamples: int) -> FloatArray:
    """Share of bootstrap resamples that put each attribute in its estimated quadrant.

    A :class:`Ratings` side is resampled by respondent; an array side is held
    fixed. With ``paired`` (both sides rated by the same respondents, row for
    row) one resample draws the same respondents for both sides; otherwise
    each side is resampled on its own. ``imp_cut`` and ``perf_cut`` recompute
    the crosshair from each resample's means. A resample agrees with the
    estimate when the attribute lies strictly on the estimate's side of both
    cut-offs (beyond rounding error): an attribute tied with the crosshair is
    in no distinguishable quadrant, so ties count against it, as does a
    resample in which it has no rating (its mean is undefined).

    Examples
    --------
    >>> far = Ratings(np.repeat([[1.0, 5.0]], 40, axis=0), np.ones(40))
    >>> quadrant_probability(far, np.array([1.0, 5.0]), estimate=np.array([2, 1]),
    ...                      imp_cut=lambda m: m.mean(axis=1), perf_cut=lambda m: m.mean(axis=1),
    ...                      paired=False, rng=np.random.default_rng(0), n_resamples=50).tolist()
    [1.0, 1.0]
    """
    k = estimate.size
    high_imp = (estimate == 0) | (estimate == 1)
    high_perf = (estimate == 1) | (estimate == 3)
    rows = [side.matrix.shape[0] for side in (importance, performance)
            if isinstance(side, Ratings)]
    n = max(rows) if rows else 1
    block = max(1, _BLOCK_CELLS // n)
    same = np.zeros(k, dtype=np.int64)
    done = 0
    while done < n_resamples:
        b = min(block, n_resamples - done)
        shared = (_resample_counts(rng, b, importance.matrix.shape[0])
                  if paired and isinstance(importance, Ratings) else None)
        means: list[FloatArray] = []
        for side in (importance, performance):
            if isinstance(side, Ratings):
                counts = (shared if shared is not None
                          else _resample_counts(rng, b, side.matrix.shape[0]))
                means.append(_resampled_means(counts, side))
            else:
                means.append(np.broadcast_to(side, (b, k)))
        imp, perf = means
        agree = (_beyond(imp, imp_cut(imp), high_imp)
                 & _beyond(perf, perf_cut(perf), high_perf))
        same += agree.sum(axis=0)
        done += b
    out: FloatArray = same / float(n_resamples)
    return out
