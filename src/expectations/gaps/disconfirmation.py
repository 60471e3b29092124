"""Expectation-disconfirmation (Oliver 1980): expectations beaten, met or missed.

Satisfaction follows from the prior expectation and from how performance
departs from it. Performance above expectation is *positive*
disconfirmation, below it *negative*; within a tolerance, the expectation is
*confirmed*.
"""

from __future__ import annotations

from typing import ClassVar, overload

import attrs
import numpy as np
import pandas as pd

from expectations import _grouping
from expectations import _validation as v
from expectations._align import aligned
from expectations.errors import InvalidParameterError
from expectations.gaps._input import aligned_columns, check_finite, groups_for, missing_rows
from expectations.gaps._summaries import group_moments, interval, share_intervals
from expectations.models.scale import Scale
from expectations.results import Interval, Result

__all__ = ["DISCONFIRMATION_COLUMNS", "DisconfirmationResult", "disconfirmation"]

_OUTCOMES = ("negative", "confirmed", "positive")
# Differences of decimal answers carry rounding error (3.3 - 3.1 > 0.2 in binary):
# a difference this close to the tolerance counts as within it.
_ROUNDING = 1e-9

DISCONFIRMATION_COLUMNS: tuple[str, ...] = (
    "mean", "ci_low", "ci_high", "ci_method", "confidence",
    *(f"{name}{suffix}" for name in ("positive", "confirmed", "negative")
      for suffix in ("", "_ci_low", "_ci_high", "_ci_method", "_confidence")),
    "n", "n_dropped", "tolerance",
)
"""Columns of ``disconfirmation(..., by=...)`` and of :meth:`DisconfirmationResult.to_frame`."""


@attrs.frozen(kw_only=True, repr=False)
class DisconfirmationResult(Result):
    """Shares of positive, confirmed and negative disconfirmation, and the mean.

    Attributes
    ----------
    mean : float
        Mean disconfirmation, ``perceived - expected`` (scale units).
    interval : Interval
        Student-t interval for ``mean``.
    positive, confirmed, negative : float
        Percentages of responses above, within and below the tolerance band
        around the expectation; they sum to 100.
    positive_interval, confirmed_interval, negative_interval : Interval
        Wilson intervals for the percentages.
    n : int
        Responses scored.
    n_dropped : int
        Responses dropped for a missing value (``missing="drop"``).
    tolerance : float
        The half-width of the "confirmed" band used.

    Examples
    --------
    >>> res = disconfirmation([4, 4], [5, 4])
    >>> res.positive, res.confirmed, res.negative
    (50.0, 50.0, 0.0)
    """

    _headline: ClassVar[tuple[str, ...]] = ("mean", "positive", "confirmed", "negative", "n")

    mean: float
    interval: Interval
    positive: float
    positive_interval: Interval
    confirmed: float
    confirmed_interval: Interval
    negative: float
    negative_interval: Interval
    n: int
    n_dropped: int
    tolerance: float


def _check_tolerance(tolerance: object) -> float:
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float, np.number)):
        raise InvalidParameterError(
            f"tolerance must be a finite number of at least 0; got {tolerance!r}.")
    t = float(tolerance)
    if not (np.isfinite(t) and t >= 0):
        raise InvalidParameterError(
            f"tolerance must be a finite number of at least 0; got {tolerance!r}.")
    return t


@overload
def disconfirmation(expected: object, perceived: object, *, tolerance: float = ...,
                    by: None = ..., scale: Scale | None = ..., confidence: float = ...,
                    missing: v.MissingPolicy = ...,
                    data: object = ...) -> DisconfirmationResult: ...
@overload
def disconfirmation(expected: object, perceived: object, *, tolerance: float = ...,
                    by: object, scale: Scale | None = ..., confidence: float = ...,
                    missing: v.MissingPolicy = ..., data: object = ...) -> pd.DataFrame: ...
@aligned("expected", "perceived", "by")
def disconfirmation(expected: object, perceived: object, *, tolerance: float = 0.0,
                    by: object = None, scale: Scale | None = None, confidence: float = 0.95,
                    missing: v.MissingPolicy = "raise",
                    data: object = None) -> DisconfirmationResult | pd.DataFrame:
    """Measure how perceived performance departs from what was expected.

    Parameters
    ----------
    expected, perceived : array-like of float
        The expectation and the perception of each response, aligned.
    tolerance : float, default 0.0
        A response is *confirmed* when ``|perceived - expected| <= tolerance``;
        above that band it is *positive*, below it *negative*.
    by : array-like, list of array-likes, or DataFrame, optional
        Group key(s); returns a DataFrame with :data:`DISCONFIRMATION_COLUMNS`.
    scale : Scale, optional
        When given, both columns must lie on it.
    confidence : float, default 0.95
        Coverage of the intervals.
    missing : {"raise", "drop"}, default "raise"
        A missing value or group key: raise, or drop the response and count it.
    data : data frame, optional
        A frame holding the columns: ``expected``, ``perceived`` and ``by``
        are then column names. Any frame narwhals accepts (pandas, Polars
        eager or lazy, PyArrow, DuckDB, Dask, PySpark) or
        :func:`~expectations.scan` of files; the columns are read from it, and
        a ``by=`` table comes back in the caller's library (see the guide page
        "Scale").

    Returns
    -------
    DisconfirmationResult or pandas.DataFrame

    Raises
    ------
    LengthMismatchError
        If the columns are not aligned.
    InvalidScoreError
        If a value is missing (``missing="raise"``), infinite or off the scale.
    InvalidParameterError
        If ``tolerance`` is negative or not a number.

    Notes
    -----
    Differences within ``1e-9`` of the tolerance count as confirmed, so that
    decimal rounding (``3.3 - 3.1`` is slightly above ``0.2`` in binary)
    does not move a response out of the band.

    References
    ----------
    Oliver, R. L. (1980). A cognitive model of the antecedents and consequences
    of satisfaction decisions. *Journal of Marketing Research*, 17(4), 460-469.

    Examples
    --------
    >>> res = disconfirmation([4, 4, 4, 4], [5, 4, 3, 4])
    >>> res.positive, res.confirmed, res.negative, res.mean
    (25.0, 50.0, 25.0, 0.0)
    >>> disconfirmation([4, 4, 4, 4], [5, 4, 3, 4], tolerance=1).confirmed
    100.0
    >>> import pandas as pd
    >>> df = pd.DataFrame({"e": [4, 4, 4, 4], "p": [5, 4, 3, 4], "shop": ["a", "a", "b", "b"]})
    >>> disconfirmation("e", "p", by="shop", data=df)["negative"].tolist()
    [0.0, 50.0]
    """
    c = v.check_confidence(confidence)
    t = _check_tolerance(tolerance)
    if scale is not None and not isinstance(scale, Scale):
        raise InvalidParameterError(f"scale must be a Scale or None; got {scale!r}.")
    cols = aligned_columns({"expected": expected, "perceived": perceived})
    keep, _ = missing_rows(cols, missing)
    for name, arr in cols.items():
        check_finite(arr[keep], name)
        if scale is not None:
            scale.validate(arr[keep], name, "(the scale)")
    e, p = cols["expected"], cols["perceived"]
    groups = groups_for(by, p.size, missing)
    g = groups.n_groups
    n_dropped = np.bincount(groups.codes[~keep & groups.keep], minlength=g)
    valid = keep & groups.keep
    v.check_not_empty(int(valid.sum()), "perceived")
    codes = groups.codes[valid]
    diff = p[valid] - e[valid]
    outcome = np.ones(diff.size, dtype=np.intp)
    outcome[diff > t + _ROUNDING] = 2
    outcome[diff < -t - _ROUNDING] = 0
    moments = group_moments(codes, g, diff[:, None], c)
    counts = _grouping.count_categories(_grouping.Groups(codes=codes, index=groups.index),
                                        outcome, 3)
    share, low, high = share_intervals(counts, c)
    columns: dict[str, object] = {
        "mean": moments.mean[:, 0], "ci_low": moments.low[:, 0],
        "ci_high": moments.high[:, 0], "ci_method": np.full(g, "t", dtype=object),
        "confidence": np.full(g, c),
    }
    for name in ("positive", "confirmed", "negative"):
        j = _OUTCOMES.index(name)
        columns[name] = share[:, j]
        columns[f"{name}_ci_low"] = low[:, j]
        columns[f"{name}_ci_high"] = high[:, j]
        columns[f"{name}_ci_method"] = np.full(g, "wilson", dtype=object)
        columns[f"{name}_confidence"] = np.full(g, c)
    columns["n"] = moments.n.astype(np.int64)
    columns["n_dropped"] = n_dropped.astype(np.int64)
    columns["tolerance"] = np.full(g, t)
    if by is not None:
        return _grouping.frame(groups, DISCONFIRMATION_COLUMNS, columns)

    def first(name: str) -> float:
        return float(np.asarray(columns[name])[0])

    def iv(prefix: str, method: str) -> Interval:
        return interval(first(f"{prefix}ci_low"), first(f"{prefix}ci_high"), c, method)

    return DisconfirmationResult(
        mean=first("mean"), interval=iv("", "t"),
        positive=first("positive"), positive_interval=iv("positive_", "wilson"),
        confirmed=first("confirmed"), confirmed_interval=iv("confirmed_", "wilson"),
        negative=first("negative"), negative_interval=iv("negative_", "wilson"),
        n=int(first("n")), n_dropped=int(first("n_dropped")), tolerance=t)
