"""Vectorised per-group means, standard deviations and intervals for the gap scores.

Every gap function summarises a matrix of per-respondent scores (one column per
score) within groups. The moments are computed with :func:`numpy.bincount`
over combined ``group * k + column`` codes, so there is no loop per group,
per row or per column.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from expectations.results import Interval
from expectations.scoring.proportions import proportion_interval, t_interval

__all__ = ["Moments", "group_moments", "interval", "moments_from_sums", "share_intervals"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


class Moments:
    """Per-group means, t-interval bounds and counts of a score matrix.

    Attributes
    ----------
    mean, low, high : numpy.ndarray
        Shape ``(n_groups, k)``; bounds are NaN where a group has fewer than two rows.
    n : numpy.ndarray
        Rows per group, shape ``(n_groups,)``.
    """

    __slots__ = ("high", "low", "mean", "n")

    def __init__(self, mean: FloatArray, low: FloatArray, high: FloatArray,
                 n: FloatArray) -> None:
        self.mean = mean
        self.low = low
        self.high = high
        self.n = n


def group_moments(codes: IntArray, n_groups: int, values: FloatArray,
                  confidence: float) -> Moments:
    """Summarise each column of ``values`` within each group, with t-intervals.

    Parameters
    ----------
    codes : numpy.ndarray of intp
        Group of each row, all in ``0..n_groups - 1``.
    n_groups : int
        Number of groups.
    values : numpy.ndarray
        Shape ``(n_rows, k)``, no NaN.
    confidence : float
        Coverage of the t-intervals.

    Returns
    -------
    Moments

    Examples
    --------
    >>> m = group_moments(np.array([0, 0, 1]), 2, np.array([[1.0], [3.0], [5.0]]), 0.95)
    >>> m.mean.tolist(), m.n.tolist()
    ([[2.0], [5.0]], [2.0, 1.0])
    """
    counts = np.bincount(codes, minlength=n_groups).astype(np.float64)
    # A handful of score columns: one bincount per column over the group codes
    # needs neither a per-row (group, column) index nor a 2-D gather.
    columns = [np.ascontiguousarray(values[:, j]) for j in range(values.shape[1])]
    sums: FloatArray = np.column_stack(
        [np.bincount(codes, weights=col, minlength=n_groups) for col in columns]
    ).reshape(n_groups, len(columns)).astype(np.float64, copy=False)
    mean = _means(sums, counts)
    # Two passes (deviations from the group mean) rather than sum(x^2) - n*mean^2,
    # which loses precision when the scores are large relative to their spread.
    ss = np.empty_like(mean)
    for j, col in enumerate(columns):
        dev = col - mean[:, j].take(codes)
        ss[:, j] = np.bincount(codes, weights=dev * dev, minlength=n_groups)
    return _finish(counts, mean, ss, confidence)


def moments_from_sums(counts: FloatArray, sums: FloatArray, sums_sq: FloatArray,
                      confidence: float) -> Moments:
    """:func:`group_moments` from per-group counts, sums and sums of squares.

    For the counting layer, whose engines return only these mergeable sums.
    When the sums are whole numbers below 2**53 (answers on an integer
    scale: every sum is then exact), the sum of squared deviations is
    computed exactly, ``(n * sum_sq - sum**2) / n`` in integers, and rounded
    once; the two-pass value of :func:`group_moments` is within a few units
    in the last place of it. Otherwise ``sum_sq - sum * mean`` is used, which
    agrees with the two passes to about ``1e-16 * sum_sq / ss`` relative.

    Examples
    --------
    >>> m = moments_from_sums(np.array([2.0, 1.0]), np.array([[4.0], [5.0]]),
    ...                       np.array([[10.0], [25.0]]), 0.95)
    >>> m.mean.tolist(), m.n.tolist(), round(float(m.high[0, 0]), 4)
    ([[2.0], [5.0]], [2.0, 1.0], 14.7062)
    """
    mean = _means(sums, counts)
    if _exact_integers(sums) and _exact_integers(sums_sq):
        ss = np.array([[_integer_ss(int(n), int(s), int(q))
                        for s, q in zip(row_s, row_q, strict=True)]
                       for n, row_s, row_q in zip(counts, sums, sums_sq, strict=True)],
                      dtype=np.float64).reshape(sums.shape)
    else:
        with np.errstate(invalid="ignore"):
            ss = np.maximum(sums_sq - sums * mean, 0.0)
    return _finish(counts, mean, ss, confidence)


def _exact_integers(values: FloatArray) -> bool:
    finite = np.isfinite(values).all()
    return bool(finite and (np.abs(values) < 2.0**53).all() and (np.floor(values) == values).all())


def _integer_ss(n: int, total: int, total_sq: int) -> float:
    """Sum of squared deviations of ``n`` values from their sums, exactly, then rounded."""
    if n == 0:
        return 0.0  # as the two passes give for an empty group (its mean is NaN anyway)
    return (n * total_sq - total * total) / n  # Python int / int: correctly rounded


def _means(sums: FloatArray, counts: FloatArray) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        mean: FloatArray = sums / counts[:, None]
    return mean


def _finish(counts: FloatArray, mean: FloatArray, ss: FloatArray, confidence: float) -> Moments:
    """Moments from counts, means and sums of squared deviations (both paths end here)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        sd = np.sqrt(ss / (counts[:, None] - 1.0))
        se = np.where(counts[:, None] > 1, sd / np.sqrt(counts[:, None]), np.nan)
    n_matrix = np.broadcast_to(counts[:, None], mean.shape)
    low, high = t_interval(mean, se, n_matrix, confidence=confidence)
    return Moments(mean, low.reshape(mean.shape), high.reshape(mean.shape), counts)


def share_intervals(counts: FloatArray, confidence: float) -> tuple[FloatArray, FloatArray,
                                                                     FloatArray]:
    """Percentages of each category per group, with Wilson intervals in percent.

    Parameters
    ----------
    counts : numpy.ndarray
        Shape ``(n_groups, k)``: how many rows of each group fall in each category.
    confidence : float
        Coverage of the intervals.

    Returns
    -------
    share, low, high : numpy.ndarray
        Shape ``(n_groups, k)``, in percent (NaN for an empty group).

    Examples
    --------
    >>> share, low, high = share_intervals(np.array([[1.0, 3.0]]), 0.95)
    >>> share.tolist()
    [[25.0, 75.0]]
    """
    n = counts.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = 100.0 * counts / n
    low, high = proportion_interval(counts, np.broadcast_to(n, counts.shape),
                                    method="wilson", confidence=confidence)
    return share, 100.0 * low.reshape(counts.shape), 100.0 * high.reshape(counts.shape)


def interval(low: Any, high: Any, confidence: float, method: str) -> Interval:
    """Build an :class:`Interval` from numpy scalars (NaN bounds stay NaN).

    Examples
    --------
    >>> interval(np.float64(1.0), np.float64(2.0), 0.95, "t")
    Interval(low=1.0, high=2.0, confidence=0.95, method='t')
    """
    return Interval(low=float(low), high=float(high), confidence=confidence, method=method)
