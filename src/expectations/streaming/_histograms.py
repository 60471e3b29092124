"""Histograms of answers per group: the mergeable counts behind NPS and top-box scores.

How many answers fall on each scale point of each group (and, with survey
weights, the sum of the weights there and of their squares) is a sufficient
statistic for NPS (three category counts), for the top-box share and for the
mean and variance of the answers. One piece of the data (a file chunk, a dask
partition) is counted by :func:`tally` with the same validation and grouping
code as the in-memory functions; pieces add up exactly
(:class:`~expectations.streaming._accumulate.Accumulator`); :func:`nps_result`
and :func:`box_result` then build the result through the very functions the
in-memory scores use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _grouping
from expectations import _validation as v
from expectations.errors import InvalidParameterError
from expectations.scoring import satisfaction
from expectations.scoring._input import count_points, integer_scores
from expectations.scoring.nps import (
    NPSCounts,
    NPSResult,
    _categories_from_points,
    _frame_from_counts,
    _result_from_counts,
    warn_if_other_scale_counts,
)
from expectations.streaming._accumulate import Accumulator, Part, key_columns

__all__ = ["Finished", "Histogram", "box_result", "nps_result", "tally"]

FloatArray = npt.NDArray[np.float64]


class Histogram:
    """What to count: the answer column, the scale ``low..high``, keys and weights."""

    __slots__ = ("by", "column", "high", "low", "missing", "weights", "what")

    def __init__(self, column: str, *, low: int, high: int, by: tuple[str, ...] | None,
                 weights: str | None, missing: str, what: str) -> None:
        self.column = column
        self.low = low
        self.high = high
        self.by = by
        self.weights = weights
        self.missing = missing
        self.what = what

    @property
    def columns(self) -> list[str]:
        """Every column read: answers, weights, keys."""
        return [self.column, *([self.weights] if self.weights else []), *(self.by or ())]

    def accumulator(self) -> Accumulator:
        """Return an empty accumulator for these counts."""
        return Accumulator(self.by)


def _chunk_weights(values: object, n: int) -> FloatArray:
    """Weights of one chunk: finite and non-negative (positivity is checked on the whole)."""
    w = v.to_float_array(values, "weights")
    bad = ~(np.isfinite(w) & (w >= 0))
    # An all-zero chunk is fine (only all-zero data is an error, checked at the end).
    if bad.any() or n == 0:
        v.check_weights(w, n)
    return w


def tally(frame: pd.DataFrame, spec: Histogram) -> Part:
    """Count one piece of the data, validating it as the in-memory functions do.

    Returns a :class:`Part` whose arrays are ``hist_n`` (answers per group and
    scale point, int64), ``dropped`` (missing answers per group) and, with
    weights, ``hist_w`` (weight sums) and ``sum_w2`` (sums of squared weights);
    and whose totals are ``rows``, ``kept`` and ``positive_weights``.
    """
    k = spec.high - spec.low + 1
    read = integer_scores(frame[spec.column], "scores", spec.low, spec.high,
                          missing=spec.missing, what=spec.what)
    keep = read.keep
    n_rows = int(read.codes.size) + read.n_dropped
    w = None if spec.weights is None else _chunk_weights(frame[spec.weights], n_rows)
    w_kept = w if (w is None or keep is None) else w[keep]
    totals: dict[str, float] = {"rows": n_rows, "kept": int(read.codes.size),
                                "positive_weights": 0 if w is None else int((w > 0).sum())}
    arrays: dict[str, Any] = {}
    if spec.by is None:
        arrays["hist_n"] = count_points(read.codes, k)[None, :]
        arrays["dropped"] = np.array([read.n_dropped], dtype=np.int64)
        if w_kept is not None:
            categories = read.codes.astype(np.intp, copy=False)
            arrays["hist_w"] = np.bincount(categories, weights=w_kept, minlength=k)[None, :]
            arrays["sum_w2"] = np.array([float(np.dot(w_kept, w_kept))])
        return Part(keys=None, arrays=arrays, totals=totals)
    keys: object = frame[spec.by[0]] if len(spec.by) == 1 else frame[list(spec.by)]
    groups = _grouping.factorize(keys, n_rows, missing=spec.missing)
    kept = groups if keep is None else _grouping.Groups(
        codes=groups.codes[keep], index=groups.index, n_dropped=groups.n_dropped)
    categories = read.codes.astype(np.intp, copy=False)
    arrays["hist_n"] = _grouping.count_categories(kept, categories, k).astype(np.int64)
    if w_kept is not None:
        arrays["hist_w"] = _grouping.count_categories(kept, categories, k, w_kept)
        arrays["sum_w2"] = _grouping.sum_by_group(kept, w_kept * w_kept)
    if keep is None:
        arrays["dropped"] = np.zeros(groups.n_groups, dtype=np.int64)
    else:
        lost = groups.codes[~keep]
        arrays["dropped"] = np.bincount(lost[lost >= 0],
                                        minlength=groups.n_groups).astype(np.int64)
    return Part(keys=key_columns(groups.index), arrays=arrays, totals=totals,
                n_dropped_keys=groups.n_dropped)


def _check_weighted(totals: dict[str, float], spec: Histogram) -> None:
    if spec.weights is not None and totals.get("rows", 0) and not totals["positive_weights"]:
        v.check_weights(np.zeros(1), 1)  # raises: weights must be positive somewhere


def _weighted(arrays: dict[str, Any]) -> tuple[FloatArray, FloatArray, FloatArray]:
    """``hist_n``, ``hist_w`` and ``sum_w2`` as floats (weights all 1 when none)."""
    hist_n = arrays["hist_n"].astype(np.float64)
    if "hist_w" in arrays:
        return hist_n, arrays["hist_w"], arrays["sum_w2"]
    return hist_n, hist_n, hist_n.sum(axis=1)


class Finished(Protocol):
    """Counts that are complete: an :class:`Accumulator`, or one table counted by an engine."""

    def finish(self) -> tuple[_grouping.Groups | None, dict[str, Any], dict[str, float]]:
        """Return the groups (None when not grouped), their arrays and the totals."""


def nps_result(acc: Finished, spec: Histogram, *, ci: str | None, confidence: float,
               rng: Any, n_resamples: int,
               stacklevel: int) -> NPSResult | pd.DataFrame:
    """Build what :func:`expectations.nps` returns, from accumulated 0-10 histograms."""
    groups, arrays, totals = acc.finish()
    v.check_not_empty(int(totals.get("rows", 0)), "scores")
    _check_weighted(totals, spec)
    hist_n, hist_w, sum_w2 = _weighted(arrays)
    warn_if_other_scale_counts(hist_n.sum(axis=0))
    counts = _categories_from_points(hist_w)
    n_rows = hist_n.sum(axis=1).astype(np.int64)
    if groups is None:
        weighted = "hist_w" in arrays
        result = NPSCounts(
            detractors=float(counts[0, 0]), passives=float(counts[0, 1]),
            promoters=float(counts[0, 2]),
            **({"sum_weights_sq": float(sum_w2[0])} if weighted else {}))
        return _result_from_counts(
            result, int(n_rows[0]), int(arrays["dropped"][0]), ci, confidence, rng,
            n_resamples, stacklevel=stacklevel + 1)
    return _frame_from_counts(groups, counts, n_rows, sum_w2, arrays["dropped"], ci,
                                         confidence, rng, n_resamples,
                                         stacklevel=stacklevel + 1)


def box_result(acc: Finished, spec: Histogram, *, box_low: int, box_high: int,
               ci: str | None, confidence: float, what: str,
               stacklevel: int) -> satisfaction.TopBoxResult | pd.DataFrame:
    """Build what :func:`expectations.top_box` returns, from accumulated histograms."""
    groups, arrays, totals = acc.finish()
    v.check_not_empty(int(totals.get("kept", 0)), "scores")
    _check_weighted(totals, spec)
    hist_n, hist_w, sum_w2 = _weighted(arrays)
    return satisfaction._from_histograms(
        hist_n, hist_w, sum_w2, low=spec.low, box_low=box_low, box_high=box_high, ci=ci,
        confidence=confidence, what=what, groups=groups, dropped=arrays["dropped"],
        stacklevel=stacklevel + 1)


def key_names(by: object) -> tuple[str, ...] | None:
    """Normalise ``by`` (None, a column name, or a sequence of names) to a tuple."""
    if by is None:
        return None
    if isinstance(by, str):
        return (by,)
    if isinstance(by, Sequence) and by and all(isinstance(b, str) for b in by):
        return tuple(by)
    raise InvalidParameterError(
        f"by must be a column name or a list of column names; got {by!r}."
    )
