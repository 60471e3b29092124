"""Top-box scores — CSAT, CES and any "share answering in the top boxes".

Every function here reports two views of the same answers: the *share* in
the chosen boxes (a percentage with a Wilson, Agresti-Coull or Wald interval)
and the *mean* answer (with a Student-t interval). Both are computed from one
histogram of answers per group — the sufficient statistic for an integer
scale — so a ``by=`` call costs one :func:`numpy.bincount` pass, and a group's
row equals the ungrouped result on that group's rows.

Weights are survey weights: the share is ``Σw·1[box]/Σw``, the mean ``Σw·x/Σw``,
and Kish's effective sample size ``n_eff = (Σw)²/Σw²`` stands in for ``n`` in
every interval. All-ones weights give exactly the unweighted result.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal, overload

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _grouping
from expectations import _validation as v
from expectations._align import aligned
from expectations.errors import InvalidParameterError
from expectations.models.scale import Scale
from expectations.results import Interval, Result
from expectations.scoring._input import answer_counts, integer_answers
from expectations.scoring.proportions import (
    PROPORTION_METHODS,
    _check_top,
    _check_top_box_scale,
    _share_interval,
    _warn_small,
    kish_n,
    t_interval,
)

__all__ = [
    "CES_SCALE",
    "CSAT_SCALE",
    "TOP_BOX_COLUMNS",
    "CESDirection",
    "TopBoxResult",
    "ces",
    "csat",
    "top_box",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: The CSAT scale: 1 (very dissatisfied) to 5 (very satisfied).
CSAT_SCALE = Scale(1, 5)
#: The CES 2.0 scale: 1 (strongly disagree) to 7 (strongly agree) that
#: "the company made it easy to handle my issue" — higher is easier.
CES_SCALE = Scale(1, 7)

CESDirection = Literal["higher-is-easier", "lower-is-easier"]
_DIRECTIONS: tuple[str, ...] = ("higher-is-easier", "lower-is-easier")

#: The columns of a ``by=`` result of :func:`top_box`, :func:`csat` and
#: :func:`ces`, in order: :class:`TopBoxResult`'s fields flattened.
TOP_BOX_COLUMNS: tuple[str, ...] = (
    "score", "n", "n_dropped", "successes", "n_effective", "std_error",
    "ci_low", "ci_high", "ci_method", "confidence",
    "mean", "std_dev", "mean_std_error",
    "mean_ci_low", "mean_ci_high", "mean_ci_method", "mean_confidence",
    "box_low", "box_high",
)


@attrs.frozen(kw_only=True, repr=False)
class TopBoxResult(Result):
    """A top-box share (in percent) and the mean answer, each with an interval.

    Attributes
    ----------
    score : float
        Percentage (0..100) of responses in the boxes ``box_low..box_high``;
        weighted when weights were given.
    n : int
        Responses scored (after dropping missing ones).
    n_dropped : int
        Responses dropped as missing (``missing="drop"``).
    successes : int
        Responses in the boxes (a count of people, unweighted).
    n_effective : float
        Kish's effective sample size ``(Σw)²/Σw²``; equals ``n`` unweighted.
    std_error : float
        Standard error of ``score``, in percentage points: ``√(p(1 - p)/n_eff)``.
    interval : Interval or None
        Interval for ``score`` on the percent scale; None with ``ci=None``.
    mean : float
        Mean answer, on the scale's units.
    std_dev : float
        Standard deviation of the answers (``n - 1`` form; weighted: the
        reliability-weights form ``Σw(x - m)²/(Σw - Σw²/Σw)``).
    mean_std_error : float
        ``std_dev / √n_eff``.
    mean_interval : Interval
        Student-t interval for ``mean`` with ``n_eff - 1`` degrees of freedom.
    box_low, box_high : int
        The answers counted as successes (inclusive).

    Examples
    --------
    >>> r = csat([5, 4, 4, 3, 1] * 8)
    >>> r.score, r.n, round(r.mean, 2), r.interval.method
    (60.0, 40, 3.4, 'wilson')
    >>> (r.box_low, r.box_high)
    (4, 5)
    """

    _headline: ClassVar[tuple[str, ...]] = ("score", "n", "mean")

    score: float
    n: int
    n_dropped: int
    successes: int
    n_effective: float
    std_error: float
    interval: Interval | None
    mean: float
    std_dev: float
    mean_std_error: float
    mean_interval: Interval
    box_low: int
    box_high: int


def _statistics(hist_n: FloatArray, hist_w: FloatArray, sum_w2: FloatArray,
                values: FloatArray, box: slice, ci: str | None,
                confidence: float) -> dict[str, Any]:
    """Every statistic, per group, from the (weighted) histogram of answers.

    ``hist_n`` counts responses per group and scale point, ``hist_w`` sums
    their weights (it *is* ``hist_n`` without weights), ``sum_w2`` is Σw² per
    group (the count without weights).
    """
    n = hist_n.sum(axis=1)
    s0 = hist_w.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = hist_w[:, box].sum(axis=1) / s0
        n_eff = kish_n(s0, sum_w2)
        mean = (hist_w @ values) / s0
        sum_sq = (hist_w * (values[None, :] - mean[:, None]) ** 2).sum(axis=1)
        # Reliability-weights variance; the denominator is exactly n - 1 unweighted.
        variance = sum_sq / (s0 - sum_w2 / s0)
        std_dev = np.sqrt(variance)
        mean_se = np.sqrt(variance / n_eff)
        share_se = np.sqrt(share * (1.0 - share) / n_eff)
    k = n.size
    if ci is None:
        ci_low = ci_high = np.full(k, np.nan)
        ci_method: Any = np.full(k, None, dtype=object)
        ci_conf = np.full(k, np.nan)
    else:
        low, high = _share_interval(share, n_eff, ci, confidence)
        ci_low, ci_high = 100.0 * low, 100.0 * high
        ci_method = np.full(k, ci, dtype=object)
        ci_conf = np.full(k, confidence)
    mean_low, mean_high = t_interval(mean, mean_se, n_eff, confidence=confidence)
    return {
        "score": 100.0 * share,
        "n": n.astype(np.int64),
        "successes": hist_n[:, box].sum(axis=1).astype(np.int64),
        "n_effective": n_eff,
        "std_error": 100.0 * share_se,
        "ci_low": ci_low,
        "ci_high": ci_high,
        "ci_method": ci_method,
        "confidence": ci_conf,
        "mean": mean,
        "std_dev": std_dev,
        "mean_std_error": mean_se,
        "mean_ci_low": mean_low,
        "mean_ci_high": mean_high,
        "mean_ci_method": np.full(k, "t", dtype=object),
        "mean_confidence": np.full(k, confidence),
    }


def _box_scores(scores: object, *, scale: Scale, box_low: int, box_high: int,
                weights: object, by: object, ci: str | None, confidence: float,
                missing: str, what: str) -> TopBoxResult | pd.DataFrame:
    """Score the share answering ``box_low..box_high`` and the mean, overall or by group."""
    v.check_option(ci, "ci", (*PROPORTION_METHODS, None))
    c = v.check_confidence(confidence)
    v.check_option(missing, "missing", ("raise", "drop"))
    low, high = int(scale.low), int(scale.high)
    points = high - low + 1
    if by is None:
        # Checked and counted in one pass over the caller's own (often int8)
        # answers: no shifted or widened copy.
        read, counts = answer_counts(scores, "scores", low, high, missing=missing)
    else:
        read = integer_answers(scores, "scores", low, high, missing=missing)
    keep = read.keep
    n_kept = int(read.answers.size)
    n_rows = n_kept + read.n_dropped
    w = None if weights is None else v.check_weights(weights, n_rows)
    w_kept = w if (w is None or keep is None) else w[keep]

    if by is None:
        v.check_not_empty(n_kept, "scores")
        hist_n = counts.astype(np.float64)[None, :]
        if w_kept is None:
            hist_w, sum_w2 = hist_n, hist_n.sum(axis=1)
        else:
            categories = np.subtract(read.answers, read.offset, dtype=np.intp)
            hist_w = np.bincount(categories, weights=w_kept,
                                 minlength=points).astype(np.float64)[None, :]
            sum_w2 = np.array([np.sum(w_kept * w_kept)])
        return _from_histograms(hist_n, hist_w, sum_w2, low=low, box_low=box_low,
                                box_high=box_high, ci=ci, confidence=c, what=what,
                                groups=None, dropped=np.array([read.n_dropped]),
                                stacklevel=4)

    groups = _grouping.factorize(by, n_rows, missing=missing)
    v.check_not_empty(n_kept, "scores")
    categories = np.subtract(read.answers, read.offset, dtype=np.intp)
    group_codes = groups.codes if keep is None else groups.codes[keep]
    kept = _grouping.Groups(codes=group_codes, index=groups.index,
                            n_dropped=groups.n_dropped)
    hist_n = _grouping.count_categories(kept, categories, points)
    if w_kept is None:
        hist_w, sum_w2 = hist_n, hist_n.sum(axis=1)
    else:
        hist_w = _grouping.count_categories(kept, categories, points, w_kept)
        sum_w2 = _grouping.sum_by_group(kept, w_kept * w_kept)
    if keep is None:
        dropped: IntArray = np.zeros(groups.n_groups, dtype=np.int64)
    else:
        lost = groups.codes[~keep]
        dropped = np.bincount(lost[lost >= 0], minlength=groups.n_groups).astype(np.int64)
    return _from_histograms(hist_n, hist_w, sum_w2, low=low, box_low=box_low,
                            box_high=box_high, ci=ci, confidence=c, what=what, groups=groups,
                            dropped=dropped, stacklevel=4)


def _from_histograms(hist_n: FloatArray, hist_w: FloatArray, sum_w2: FloatArray, *,
                     low: int, box_low: int, box_high: int, ci: str | None,
                     confidence: float, what: str, groups: _grouping.Groups | None,
                     dropped: IntArray, stacklevel: int) -> TopBoxResult | pd.DataFrame:
    """Build the result (``groups=None``) or the ``by=`` frame from histograms of answers.

    Shared by the in-memory functions, streaming and Dask. ``hist_n`` and
    ``hist_w`` have one column per answer ``low..``; ``dropped`` holds the
    answers dropped as missing per group; ``stacklevel`` is passed to
    :func:`~expectations.scoring.proportions._warn_small`.
    """
    values = np.arange(low, low + hist_n.shape[1], dtype=np.float64)
    box = slice(box_low - low, box_high - low + 1)
    stats = _statistics(hist_n, hist_w, sum_w2, values, box, ci, confidence)
    if groups is None:
        _warn_small(stats["n_effective"], what, stacklevel=stacklevel)
        return _result(stats, int(dropped[0]), ci is not None, box_low, box_high)
    stats["n_dropped"] = dropped
    stats["box_low"] = np.full(groups.n_groups, box_low, dtype=np.int64)
    stats["box_high"] = np.full(groups.n_groups, box_high, dtype=np.int64)
    _warn_small(stats["n_effective"], what, stacklevel=stacklevel)
    return _grouping.frame(groups, TOP_BOX_COLUMNS, stats)


def _result(stats: dict[str, Any], n_dropped: int, with_ci: bool, box_low: int,
            box_high: int) -> TopBoxResult:
    """Build the result object from row 0 of the per-group statistics, as Python scalars."""
    row = {key: value[0] for key, value in stats.items()}
    interval = None
    if with_ci:
        interval = Interval(low=float(row["ci_low"]), high=float(row["ci_high"]),
                            confidence=float(row["confidence"]), method=str(row["ci_method"]))
    return TopBoxResult(
        score=float(row["score"]), n=int(row["n"]), n_dropped=int(n_dropped),
        successes=int(row["successes"]), n_effective=float(row["n_effective"]),
        std_error=float(row["std_error"]), interval=interval,
        mean=float(row["mean"]), std_dev=float(row["std_dev"]),
        mean_std_error=float(row["mean_std_error"]),
        mean_interval=Interval(low=float(row["mean_ci_low"]), high=float(row["mean_ci_high"]),
                               confidence=float(row["mean_confidence"]), method="t"),
        box_low=int(box_low), box_high=int(box_high),
    )


# ---------------------------------------------------------------- public functions

@overload
def top_box(scores: object, *, scale: Scale, top: int = ..., weights: object = ...,
            by: None = ..., ci: str | None = ..., confidence: float = ...,
            missing: v.MissingPolicy = ..., data: object = ...) -> TopBoxResult: ...
@overload
def top_box(scores: object, *, scale: Scale, top: int = ..., weights: object = ...,
            by: object, ci: str | None = ..., confidence: float = ...,
            missing: v.MissingPolicy = ..., data: object = ...) -> pd.DataFrame: ...
@aligned("scores", "weights", "by")
def top_box(scores: object, *, scale: Scale, top: int = 2, weights: object = None,
            by: object = None, ci: str | None = "wilson", confidence: float = 0.95,
            missing: v.MissingPolicy = "raise", data: object = None) -> TopBoxResult | pd.DataFrame:
    """Share of responses in the top ``top`` boxes of an integer scale, and the mean.

    Parameters
    ----------
    scores : array-like of int
        Answers on ``scale``: list, numpy array or pandas Series.
    scale : Scale
        The (integer) answer scale, for example ``Scale(1, 5)``.
    top : int, default 2
        How many of the highest answers count: ``top=2`` on 1-5 counts 4 and 5.
        Must leave at least one answer out (``1 <= top < scale.points``).
    weights : array-like of float, optional
        Survey weights, one per response: finite, non-negative, not all zero.
    by : array-like, list of array-likes, or DataFrame, optional
        Group key(s), one per response. With ``by=``, a DataFrame is returned
        with one row per group and the columns :data:`TOP_BOX_COLUMNS`.
    ci : {"wilson", "agresti-coull", "wald"} or None, default "wilson"
        Interval for the share (see
        :func:`~expectations.scoring.proportions.proportion_interval`); None for
        none. The mean always gets a Student-t interval.
    confidence : float, default 0.95
        Coverage of both intervals.
    missing : {"raise", "drop"}, default "raise"
        Missing answers (NaN, None, ``pd.NA``) or group keys: raise, or drop
        them and report how many in ``n_dropped``.
    data : data frame, optional
        A frame holding the columns: ``scores``, ``weights`` and ``by`` are
        then column names. Any frame narwhals accepts (pandas, Polars eager
        or lazy, PyArrow, DuckDB, Dask, PySpark) or :func:`~expectations.scan`
        of files; the counts are made inside the engine, and a ``by=`` table
        comes back in the caller's library (see the guide page "Scale").

    Returns
    -------
    TopBoxResult or pandas.DataFrame
        A result without ``by=``; a DataFrame indexed by the group key(s) with
        the columns :data:`TOP_BOX_COLUMNS` with it. A group whose answers were
        all dropped gets a row of NaN statistics (``n = 0``).

    Raises
    ------
    InvalidScoreError
        On answers that are not integers on the scale, booleans, text, or
        missing answers with ``missing="raise"``; on invalid weights.
    InvalidParameterError
        If ``scale`` is not an integer :class:`~expectations.Scale`, ``top`` is
        out of range, or ``ci``, ``confidence`` or ``missing`` is not valid.
    LengthMismatchError
        If ``weights`` or ``by`` is not as long as ``scores``.
    InsufficientDataError
        If there is no answer to score.

    Warns
    -----
    SmallSampleWarning
        When the sample (or any group) has fewer than 30 effective responses.

    Notes
    -----
    With weights ``w`` (all ones when not given) and ``n_eff = (Σw)²/Σw²``:
    share ``p = Σw·1[x ≥ high - top + 1]/Σw``, reported as ``100·p``, with
    standard error ``100·√(p(1 - p)/n_eff)`` and the chosen interval evaluated
    at ``(p, n_eff)``; mean ``m = Σw·x/Σw``, variance
    ``s² = Σw(x - m)²/(Σw - Σw²/Σw)`` (the usual ``n - 1`` form unweighted),
    standard error ``s/√n_eff`` and interval ``m ± t(n_eff - 1)·s/√n_eff``.

    Examples
    --------
    >>> import expectations as ex
    >>> from expectations.scoring.satisfaction import top_box
    >>> answers = [5, 4, 4, 3, 5, 2, 4, 5, 1, 4] * 5
    >>> r = top_box(answers, scale=ex.Scale(1, 5))
    >>> r.score, r.n, r.successes, r.mean
    (70.0, 50, 35, 3.7)
    >>> round(r.interval.low, 2), round(r.interval.high, 2)
    (56.25, 80.9)
    >>> top_box(answers, scale=ex.Scale(1, 5), top=1).score
    30.0
    """
    box_low, box_high = _top_box_bounds(scale, top)
    return _box_scores(scores, scale=scale, box_low=box_low, box_high=box_high,
                       weights=weights, by=by, ci=ci, confidence=confidence,
                       missing=missing, what="top_box")


@overload
def csat(scores: object, *, scale: Scale = ..., top: int = ..., weights: object = ...,
         by: None = ..., ci: str | None = ..., confidence: float = ...,
         missing: v.MissingPolicy = ..., data: object = ...) -> TopBoxResult: ...
@overload
def csat(scores: object, *, scale: Scale = ..., top: int = ..., weights: object = ...,
         by: object, ci: str | None = ..., confidence: float = ...,
         missing: v.MissingPolicy = ..., data: object = ...) -> pd.DataFrame: ...
@aligned("scores", "weights", "by")
def csat(scores: object, *, scale: Scale = CSAT_SCALE, top: int = 2, weights: object = None,
         by: object = None, ci: str | None = "wilson", confidence: float = 0.95,
         missing: v.MissingPolicy = "raise", data: object = None) -> TopBoxResult | pd.DataFrame:
    """Score customer satisfaction (CSAT): the top-2-box share on 1-5, and the mean.

    CSAT is conventionally the percentage answering 4 ("satisfied") or 5
    ("very satisfied") on a 1-5 scale. This is :func:`top_box` with that
    scale and ``top=2`` as defaults; all parameters, returns and errors are
    those of :func:`top_box`.

    Parameters
    ----------
    scores : array-like of int
        Answers on ``scale``.
    scale : Scale, default Scale(1, 5)
        The answer scale.
    top : int, default 2
        How many of the highest answers count as satisfied.
    weights : array-like of float, optional
        Survey weights, one per response.
    by : array-like, list of array-likes, or DataFrame, optional
        Group key(s); returns a DataFrame with :data:`TOP_BOX_COLUMNS`.
    ci : {"wilson", "agresti-coull", "wald"} or None, default "wilson"
        Interval for the share.
    confidence : float, default 0.95
        Coverage of both intervals.
    missing : {"raise", "drop"}, default "raise"
        Missing answers or keys: raise, or drop and count them.
    data : data frame, optional
        A frame holding the columns: ``scores``, ``weights`` and ``by`` are
        then column names. Any frame narwhals accepts (pandas, Polars eager
        or lazy, PyArrow, DuckDB, Dask, PySpark) or :func:`~expectations.scan`
        of files; the counts are made inside the engine, and a ``by=`` table
        comes back in the caller's library (see the guide page "Scale").

    Returns
    -------
    TopBoxResult or pandas.DataFrame

    Examples
    --------
    >>> from expectations.scoring.satisfaction import csat
    >>> answers = [5, 4, 4, 3, 5, 2, 4, 5, 1, 4] * 6
    >>> csat(answers)
    TopBoxResult(score=70, n=60, mean=3.7, 95% CI [57.49, 80.1] (wilson))
    >>> csat(answers, by=["web", "store"] * 30)[["score", "n", "mean"]]
           score   n  mean
    store   60.0  30   3.6
    web     80.0  30   3.8
    """
    box_low, box_high = _top_box_bounds(scale, top)
    return _box_scores(scores, scale=scale, box_low=box_low, box_high=box_high,
                       weights=weights, by=by, ci=ci, confidence=confidence,
                       missing=missing, what="csat")


def _top_box_bounds(scale: Scale, top: object) -> tuple[int, int]:
    """Return the answers in the top ``top`` boxes of ``scale``, checking both."""
    n_top = _check_top(top, _check_top_box_scale(scale))
    high = int(scale.high)
    return high - n_top + 1, high


def _ces_box(scale: Scale, agree_from: object, direction: object) -> tuple[int, int]:
    """Return the answers that count as "easy", refusing to guess a scale's direction."""
    _check_top_box_scale(scale)
    low, high = int(scale.low), int(scale.high)
    if direction is None:
        if (low, high) != (1, 7):
            raise InvalidParameterError(
                f"direction must be given for a CES scale other than 1..7 (CES 2.0); got None "
                f"with a {low}..{high} scale. Older effort scales run either way: pass "
                "direction='higher-is-easier' or direction='lower-is-easier'."
            )
        direction = "higher-is-easier"
    v.check_option(direction, "direction", _DIRECTIONS)
    lo, hi = (low + 1, high) if direction == "higher-is-easier" else (low, high - 1)
    if (isinstance(agree_from, (bool, np.bool_)) or not isinstance(agree_from, (int, np.integer))
            or not lo <= int(agree_from) <= hi):
        raise InvalidParameterError(
            f"agree_from must be an integer in {lo}..{hi} for a {direction} {low}..{high} "
            f"scale, so that some answers are not counted; got {agree_from!r}."
        )
    a = int(agree_from)
    return (a, high) if direction == "higher-is-easier" else (low, a)


@overload
def ces(scores: object, *, scale: Scale = ..., agree_from: int = ...,
        direction: CESDirection | None = ..., weights: object = ..., by: None = ...,
        ci: str | None = ..., confidence: float = ...,
        missing: v.MissingPolicy = ..., data: object = ...) -> TopBoxResult: ...
@overload
def ces(scores: object, *, scale: Scale = ..., agree_from: int = ...,
        direction: CESDirection | None = ..., weights: object = ..., by: object,
        ci: str | None = ..., confidence: float = ...,
        missing: v.MissingPolicy = ..., data: object = ...) -> pd.DataFrame: ...
@aligned("scores", "weights", "by")
def ces(scores: object, *, scale: Scale = CES_SCALE, agree_from: int = 5,
        direction: CESDirection | None = None, weights: object = None, by: object = None,
        ci: str | None = "wilson", confidence: float = 0.95,
        missing: v.MissingPolicy = "raise", data: object = None) -> TopBoxResult | pd.DataFrame:
    """Score customer effort (CES 2.0): the share finding it easy, and the mean.

    CES 2.0 asks how far the customer agrees that "the company made it easy
    for me to handle my issue", on 1 (strongly disagree) to 7 (strongly
    agree): higher is better. The score is the percentage answering
    ``agree_from`` or higher (5-7 by default) — reported with the mean answer.

    Parameters
    ----------
    scores : array-like of int
        Answers on ``scale``.
    scale : Scale, default Scale(1, 7)
        The answer scale.
    agree_from : int, default 5
        The least favourable answer that still counts as "easy". For a
        ``"lower-is-easier"`` scale the easy answers are ``scale.low`` up to
        ``agree_from``; for example 1..2 with ``agree_from=2``.
    direction : {"higher-is-easier", "lower-is-easier"}, optional
        Which end of the scale means "easy". May be left out only for the
        CES 2.0 scale 1..7 (higher is easier). Older CES versions on 1..5 ran
        in either direction (1 = "very low effort" in some, "very difficult"
        in others), so for any other scale it must be given: the library does
        not guess.
    weights : array-like of float, optional
        Survey weights, one per response.
    by : array-like, list of array-likes, or DataFrame, optional
        Group key(s); returns a DataFrame with :data:`TOP_BOX_COLUMNS`.
    ci : {"wilson", "agresti-coull", "wald"} or None, default "wilson"
        Interval for the share.
    confidence : float, default 0.95
        Coverage of both intervals.
    missing : {"raise", "drop"}, default "raise"
        Missing answers or keys: raise, or drop and count them.
    data : data frame, optional
        A frame holding the columns: ``scores``, ``weights`` and ``by`` are
        then column names. Any frame narwhals accepts (pandas, Polars eager
        or lazy, PyArrow, DuckDB, Dask, PySpark) or :func:`~expectations.scan`
        of files; the counts are made inside the engine, and a ``by=`` table
        comes back in the caller's library (see the guide page "Scale").

    Returns
    -------
    TopBoxResult or pandas.DataFrame
        As :func:`top_box`. ``box_low``/``box_high`` state which answers were
        counted. The mean stays in the scale's own units: on a
        ``"lower-is-easier"`` scale a *lower* mean is better.

    Raises
    ------
    InvalidParameterError
        If ``direction`` is missing for a scale other than 1..7, or
        ``agree_from`` would count every answer or none; otherwise as
        :func:`top_box`.

    Examples
    --------
    >>> import expectations as ex
    >>> from expectations.scoring.satisfaction import ces
    >>> answers = [7, 6, 5, 5, 4, 3, 6, 7, 2, 5] * 4
    >>> r = ces(answers)
    >>> r.score, r.mean, (r.box_low, r.box_high)
    (70.0, 5.0, (5, 7))

    An older 1..5 effort scale where 1 means "very low effort" must say so:

    >>> effort = [1, 2, 2, 3, 5, 1, 2, 4, 1, 2] * 4
    >>> r = ces(effort, scale=ex.Scale(1, 5), direction="lower-is-easier", agree_from=2)
    >>> r.score, r.mean, (r.box_low, r.box_high)
    (70.0, 2.3, (1, 2))
    >>> ces(effort, scale=ex.Scale(1, 5))
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: direction must be given for a CES scale ...
    """
    box_low, box_high = _ces_box(scale, agree_from, direction)
    return _box_scores(scores, scale=scale, box_low=box_low, box_high=box_high,
                       weights=weights, by=by, ci=ci, confidence=confidence,
                       missing=missing, what="ces")
