"""Commitments: how often promises are kept, and which promises are realistic.

A commitment is a promise with a measurable target ("delivered within 2
days"). :func:`fulfilment` reports how often past outcomes kept it, with a
Wilson interval, and how badly the broken ones missed. :func:`realistic_target`
turns the question round: which target would past outcomes have kept with a
chosen reliability — an empirical quantile, with a distribution-free interval
from binomial order statistics.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from fractions import Fraction
from typing import Any, ClassVar, overload

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _grouping
from expectations import _validation as v
from expectations._align import aligned
from expectations.errors import (
    InsufficientDataError,
    InvalidParameterError,
    InvalidScoreError,
    format_message,
)
from expectations.models.commitment import Commitment, Direction
from expectations.results import Interval, Result
from expectations.scoring.proportions import proportion_interval

__all__ = [
    "FULFILMENT_COLUMNS",
    "FulfilmentResult",
    "RealisticTarget",
    "fulfilment",
    "quantile_ranks",
    "realistic_target",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

_DIRECTIONS: tuple[Direction, ...] = ("at_most", "at_least")

#: The columns of :func:`fulfilment` with ``by=``: :class:`FulfilmentResult`'s
#: fields flattened, in order.
FULFILMENT_COLUMNS: tuple[str, ...] = (
    "kept_rate", "n", "n_dropped", "kept", "broken", "std_error",
    "ci_low", "ci_high", "ci_method", "confidence",
    "breach_mean", "breach_median", "breach_p90", "target", "direction",
)


@attrs.frozen(kw_only=True, repr=False)
class FulfilmentResult(Result):
    """How often outcomes kept a commitment, and how far the broken ones missed.

    Attributes
    ----------
    kept_rate : float
        Percentage (0..100) of outcomes that kept the promise.
    n : int
        Outcomes counted (after dropping missing ones).
    n_dropped : int
        Outcomes dropped as missing (``missing="drop"``).
    kept, broken : int
        Outcomes that kept and that broke the promise; ``kept + broken == n``.
    std_error : float
        Standard error of ``kept_rate`` in percentage points, ``100·√(p(1 - p)/n)``.
    interval : Interval
        Wilson score interval for ``kept_rate``, in percent.
    breach_mean, breach_median, breach_p90 : float
        Among broken outcomes, how far past the target they were, in the
        commitment's unit: mean, median and 90th percentile (linear
        interpolation, as :func:`numpy.percentile`). NaN when nothing broke.
    target : float
        The commitment's target.
    direction : {"at_most", "at_least"}
        The commitment's direction.

    Examples
    --------
    >>> from expectations.models import Commitment
    >>> c = Commitment(name="delivery within 2 days", metric="delivery_days", target=2,
    ...                unit="days")
    >>> r = fulfilment(c, [1.0, 1.5, 2.0, 3.0, 2.5] * 8)
    >>> r.kept_rate, r.kept, r.broken, r.breach_median
    (60.0, 24, 16, 0.75)
    """

    _headline: ClassVar[tuple[str, ...]] = ("kept_rate", "n", "broken")

    kept_rate: float
    n: int
    n_dropped: int
    kept: int
    broken: int
    std_error: float
    interval: Interval
    breach_mean: float
    breach_median: float
    breach_p90: float
    target: float
    direction: str


@attrs.frozen(kw_only=True, repr=False)
class RealisticTarget(Result):
    """A target that past outcomes would have kept with a chosen reliability.

    Attributes
    ----------
    target : float
        The realistic promise: for ``"at_most"`` the smallest past outcome
        ``x`` with at least ``reliability`` of outcomes ``<= x``; for
        ``"at_least"`` the largest ``x`` with at least ``reliability`` of
        outcomes ``>= x``.
    interval : Interval
        Distribution-free interval for the population quantile the target
        estimates (method ``"order-statistics"``). A side is infinite when the
        sample is too small to bound it at this confidence.
    reliability : float
        The share of outcomes the promise should keep, in ``(0, 1)``.
    achieved : float
        Percentage of the past outcomes that ``target`` keeps (at least
        ``100·reliability``).
    direction : {"at_most", "at_least"}
        Whether outcomes keep a promise by being at most or at least the target.
    n : int
        Outcomes used.
    n_dropped : int
        Outcomes dropped as missing.
    rank : int
        The order statistic (1-based, ascending) that is the target.
    ci_low_rank, ci_high_rank : int
        The order statistics that bound the interval (0 or ``n + 1`` for an
        infinite side).
    current_target : float
        The target of the current commitment (NaN when none was given).
    current_kept_rate : float
        Percentage of past outcomes the current commitment kept (NaN when none
        was given).
    current_interval : Interval or None
        Wilson interval for ``current_kept_rate``.

    Examples
    --------
    >>> t = realistic_target([float(x) for x in range(1, 101)], reliability=0.9)
    >>> t.target, (t.interval.low, t.interval.high), t.interval.method
    (90.0, (84.0, 96.0), 'order-statistics')
    """

    _headline: ClassVar[tuple[str, ...]] = ("target", "reliability", "n")

    target: float
    interval: Interval
    reliability: float
    achieved: float
    direction: str
    n: int
    n_dropped: int
    rank: int
    ci_low_rank: int
    ci_high_rank: int
    current_target: float
    current_kept_rate: float
    current_interval: Interval | None


# ---------------------------------------------------------------- reading outcomes

def _select_rows(outcomes: pd.DataFrame, name: str | None) -> npt.NDArray[np.bool_] | None:
    """Rows of an outcomes table that belong to commitment ``name`` (None: all rows)."""
    if name is None or "commitment" not in outcomes.columns:
        return None
    column = outcomes["commitment"]
    mask: npt.NDArray[np.bool_] = column.eq(name).to_numpy(dtype=bool, na_value=False)
    if not mask.any():
        present = ", ".join(repr(x) for x in pd.unique(column.dropna())[:10])
        raise InsufficientDataError(
            f"outcomes must have rows for the commitment {name!r} in its 'commitment' "
            f"column; it has {present or 'none'}."
        )
    return mask


def _read_outcomes(outcomes: object, name: str | None,
                   by: object = None, value: Hashable = "value") -> tuple[FloatArray, object]:
    """Return the outcome values (and the aligned ``by`` keys) as given or from a table.

    A DataFrame must have the ``value`` column (``"value"`` unless named);
    when it also has a ``commitment`` column and ``name`` is given, only that
    commitment's rows are used, and ``by`` may name columns of the table.
    """
    if not isinstance(outcomes, pd.DataFrame):
        if value != "value":
            raise InvalidParameterError(
                format_message("value", "used only when outcomes is a DataFrame (it names "
                               "the outcome column)",
                               fix=f"Got value={value!r} with {type(outcomes).__name__} "
                                   "outcomes; leave value out.")
            )
        if isinstance(by, str):
            raise InvalidParameterError(
                format_message("by", "group keys (an array-like), not a column name, when "
                               "outcomes is not a DataFrame", fix=f"Got {by!r}.")
            )
        return v.to_float_array(outcomes, "outcomes"), by
    frame = v.check_columns(outcomes, [value], name="outcomes")  # type: ignore[list-item]
    mask = _select_rows(frame, name)
    rows = frame if mask is None else frame.loc[mask]
    values = v.to_float_array(rows[value], f"outcomes[{value!r}]")
    if by is None:
        return values, None
    names = [by] if isinstance(by, str) else by
    if isinstance(names, list) and names and all(isinstance(c, str) for c in names):
        v.check_columns(frame, names, name="outcomes")
        return values, rows[names] if len(names) > 1 else rows[names[0]]
    if mask is None:
        return values, by
    if isinstance(by, (list, tuple)) and by and all(
            isinstance(p, (list, tuple, np.ndarray, pd.Series, pd.Index)) for p in by):
        return values, [_mask_keys(p, frame, mask) for p in by]
    return values, _mask_keys(by, frame, mask)


def _mask_keys(by: object, frame: pd.DataFrame, mask: npt.NDArray[np.bool_]) -> object:
    """Keep the group keys of the rows the commitment selects."""
    v.check_same_length(outcomes=frame, by=_sized(by))
    if isinstance(by, (pd.Series, pd.DataFrame)):
        return by.iloc[np.flatnonzero(mask)]
    return np.asarray(by, dtype=object)[mask]


def _sized(by: object) -> Sequence[Any]:
    if not hasattr(by, "__len__"):
        raise InvalidParameterError(
            format_message("by", "an array-like of group keys or column names",
                           fix=f"Got {type(by).__name__}.")
        )
    return by  # type: ignore[return-value]


def _check_finite(values: FloatArray, name: str) -> None:
    bad = np.isinf(values)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise InvalidScoreError(
            format_message(name, "finite numbers", count=int(bad.sum()),
                           first=float(values[first]), position=first,
                           fix="Replace infinite outcomes with the measured value or drop them.")
        )


def _check_commitment(commitment: object) -> Commitment:
    if not isinstance(commitment, Commitment):
        raise InvalidParameterError(
            f"commitment must be an expectations.Commitment; got {type(commitment).__name__}."
        )
    return commitment


# ---------------------------------------------------------------- fulfilment

def _breach(values: FloatArray, target: float, direction: str) -> FloatArray:
    past = values - target if direction == "at_most" else target - values
    return np.maximum(past, 0.0)


def _broken(values: Any, target: float, direction: str) -> Any:
    """Whether each outcome breaks the promise (its breach is positive).

    Written once for numpy arrays and for the engines' expressions alike:
    for finite floats ``y - t > 0`` exactly when ``y > t``.
    """
    return values > target if direction == "at_most" else values < target


def _grouped_percentiles(group: IntArray, x: FloatArray, n_groups: int,
                         qs: Sequence[float],
                         counts: npt.NDArray[Any] | None = None) -> list[FloatArray]:
    """Linear-interpolation percentiles of ``x`` within each group, without a group loop.

    One :func:`numpy.lexsort` orders the values by (group, value); each
    group's values are then a contiguous run whose start is a cumulative count,
    so every group's quantile is read by indexing. Empty groups give NaN.
    With ``counts``, value ``i`` stands for ``counts[i]`` equal values (the
    distinct values an engine counted): positions are then looked up in the
    cumulative counts rather than the values repeated.
    """
    order = np.lexsort((x, group))
    sorted_x = x[order]
    if counts is None:
        size = np.bincount(group, minlength=n_groups)
        ends = None
    else:
        size = np.bincount(group, weights=counts, minlength=n_groups).round().astype(np.int64)
        ends = np.cumsum(np.asarray(counts, dtype=np.int64)[order])
    start = np.concatenate(([0], np.cumsum(size)[:-1]))
    out = []
    has = size > 0
    last = np.maximum(size - 1, 0)
    for q in qs:
        h = last * q
        lo = np.floor(h).astype(np.intp)
        hi = np.minimum(lo + 1, last)
        frac = h - lo
        lo_i = np.where(has, start + lo, 0)
        hi_i = np.where(has, start + hi, 0)
        if ends is not None and sorted_x.size:
            # Position p of the repeated values lies in the first run ending after p.
            lo_i = np.searchsorted(ends, lo_i, side="right")
            hi_i = np.searchsorted(ends, hi_i, side="right")
        if sorted_x.size:
            a, b = sorted_x[lo_i], sorted_x[hi_i]
            value = np.where(has, a + frac * (b - a), np.nan)
        else:
            value = np.full(n_groups, np.nan)
        out.append(value.astype(np.float64))
    return out


def _fulfilment_stats(group: IntArray, n_groups: int, values: FloatArray, target: float,
                      direction: str, confidence: float) -> dict[str, Any]:
    """Every fulfilment field per group, from group codes ``0..n_groups - 1``."""
    breach = _breach(values, target, direction)
    broken_mask = _broken(values, target, direction)
    n = np.bincount(group, minlength=n_groups)
    broken = np.bincount(group, weights=broken_mask, minlength=n_groups).astype(np.int64)
    return _fulfilment_from_counts(n, broken, group[broken_mask], breach[broken_mask],
                                   target=target, direction=direction, confidence=confidence)


def _fulfilment_from_counts(n: npt.NDArray[Any], broken: npt.NDArray[Any],
                            breach_group: IntArray, breach: FloatArray, *, target: float,
                            direction: str, confidence: float,
                            breach_count: npt.NDArray[Any] | None = None) -> dict[str, Any]:
    """Every fulfilment field per group, from the counts and the broken outcomes' breaches.

    ``n`` and ``broken`` count outcomes per group; ``breach_group`` and
    ``breach`` give the group and breach of each broken outcome, or, with
    ``breach_count``, of each distinct (group, breach) and how many broken
    outcomes have it. The in-memory :func:`fulfilment` and the engines'
    counter both finish here.
    """
    n_groups = n.shape[0]
    kept = n - broken
    low, high = proportion_interval(kept, n, method="wilson", confidence=confidence)
    weights = breach if breach_count is None else breach * breach_count
    breach_sum = np.bincount(breach_group, weights=weights, minlength=n_groups)
    median, p90 = _grouped_percentiles(breach_group, breach, n_groups, (0.5, 0.9),
                                       breach_count)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = kept / n
        breach_mean = np.where(broken > 0, breach_sum / broken, np.nan)
        std_error = 100.0 * np.sqrt(share * (1.0 - share) / n)
    return {
        "kept_rate": 100.0 * share,
        "n": n.astype(np.int64),
        "kept": kept.astype(np.int64),
        "broken": broken.astype(np.int64),
        "std_error": std_error,
        "ci_low": 100.0 * low,
        "ci_high": 100.0 * high,
        "ci_method": np.full(n_groups, "wilson", dtype=object),
        "confidence": np.full(n_groups, confidence),
        "breach_mean": breach_mean,
        "breach_median": median,
        "breach_p90": p90,
        "target": np.full(n_groups, target),
        "direction": np.full(n_groups, direction, dtype=object),
    }


@overload
def fulfilment(commitment: Commitment, outcomes: object, *, by: None = ...,
               value: Hashable = ..., confidence: float = ...,
               missing: v.MissingPolicy = ..., data: object = ...) -> FulfilmentResult: ...
@overload
def fulfilment(commitment: Commitment, outcomes: object, *, by: object,
               value: Hashable = ..., confidence: float = ...,
               missing: v.MissingPolicy = ..., data: object = ...) -> pd.DataFrame: ...
@aligned("outcomes", "by")
def fulfilment(commitment: Commitment, outcomes: object, *, by: object = None,
               value: Hashable = "value", confidence: float = 0.95,
               missing: v.MissingPolicy = "raise",
               data: object = None) -> FulfilmentResult | pd.DataFrame:
    """How often outcomes kept a commitment, with a Wilson interval and breach sizes.

    Parameters
    ----------
    commitment : Commitment
        The promise; its ``target`` and ``direction`` decide which outcomes
        keep it (the target itself keeps it).
    outcomes : array-like of float, or DataFrame
        The measured outcomes in the commitment's unit. A DataFrame holds
        them in its ``value`` column (see ``value``); if it also has a
        ``commitment`` column, only the rows equal to ``commitment.name`` are
        used (the shape of ``load_retail().outcomes``).
    by : array-like, list of array-likes, DataFrame, or column name(s), optional
        Group keys, one per outcome (per row of the table). With a DataFrame
        of outcomes, a column name or list of names selects its columns.
        With ``by=``, a DataFrame is returned with one row per group and the
        columns :data:`FULFILMENT_COLUMNS`.
    value : column name, default "value"
        The outcome column of a DataFrame of outcomes (for example
        ``value="delivery_days"``). Only for a DataFrame.
    confidence : float, default 0.95
        Coverage of the interval.
    missing : {"raise", "drop"}, default "raise"
        Missing outcomes (NaN) or group keys: raise, or drop them and report
        how many in ``n_dropped``.
    data : data frame, optional
        A frame holding the columns: ``outcomes`` and ``by`` are then column
        names (``value`` does not apply, and a ``commitment`` column is not
        looked at: filter the rows first). Any frame narwhals accepts
        (pandas, Polars eager or lazy, PyArrow, DuckDB, Dask, PySpark) or
        :func:`~expectations.scan` of files; the counts are made inside the
        engine, and a ``by=`` table comes back in the caller's library (see
        the guide page "Scale").

    Returns
    -------
    FulfilmentResult or pandas.DataFrame
        A result without ``by=``; a DataFrame indexed by the group key(s) with
        the columns :data:`FULFILMENT_COLUMNS` with it.

    Raises
    ------
    InvalidParameterError
        If ``commitment`` is not a :class:`~expectations.Commitment`, or an
        option is invalid (``value`` without a DataFrame).
    InvalidScoreError
        If an outcome is not a number, is infinite, or is missing with
        ``missing="raise"``.
    SchemaError
        If a table lacks the ``value`` column or a ``by`` column.
    LengthMismatchError
        If ``by`` is not as long as the outcomes.
    InsufficientDataError
        If there are no outcomes (or none for this commitment in a table).

    Notes
    -----
    With ``x`` kept outcomes of ``n``, the kept rate is ``100·x/n`` with the
    Wilson score interval (Wilson 1927), evaluated by
    :func:`~expectations.scoring.proportions.proportion_interval`. An outcome
    ``y`` breaks an ``"at_most"`` promise with target ``t`` when ``y > t``, by
    ``y - t``; an ``"at_least"`` promise when ``y < t``, by ``t - y``. Breach
    statistics describe broken outcomes only, so that a rare but long delay is
    not averaged away by the kept ones. Grouped percentiles are computed for
    all groups at once from one sort by (group, breach).

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and
    statistical inference. *JASA* 22, 209-212.

    Examples
    --------
    >>> from expectations.models import Commitment
    >>> c = Commitment(name="two-day delivery", metric="days", target=2, unit="days")
    >>> r = fulfilment(c, [1, 2, 1.5, 3, 2.5, 1, 4, 2, 1, 2])
    >>> r.kept_rate, r.kept, r.broken, r.breach_mean
    (70.0, 7, 3, 1.1666666666666667)
    >>> round(r.interval.low, 2), round(r.interval.high, 2)
    (39.68, 89.22)
    >>> fulfilment(c, [1, 3, 2, 5], by=["web", "web", "app", "app"])[["kept_rate", "breach_p90"]]
         kept_rate  breach_p90
    app       50.0         3.0
    web       50.0         1.0

    A table's outcome column may have any name:

    >>> orders = pd.DataFrame({"days": [1, 3, 2, 5], "channel": ["web", "web", "app", "app"]})
    >>> fulfilment(c, orders, value="days", by="channel")["kept_rate"].tolist()
    [50.0, 50.0]

    Or name the columns of any frame with ``data=``:

    >>> fulfilment(c, "days", by="channel", data=orders)["kept_rate"].tolist()
    [50.0, 50.0]
    """
    c = _check_commitment(commitment)
    conf = v.check_confidence(confidence)
    v.check_option(missing, "missing", ("raise", "drop"))
    values, keys = _read_outcomes(outcomes, c.name, by, value)
    keep, n_dropped = v.handle_missing(values, "outcomes", missing)
    _check_finite(values[keep], "outcomes")
    if keys is None:
        kept_values = values[keep] if n_dropped else values
        v.check_not_empty(int(kept_values.size), "outcomes")
        group = np.zeros(kept_values.size, dtype=np.intp)
        stats = _fulfilment_stats(group, 1, kept_values, c.target, c.direction, conf)
        return _fulfilment_result(stats, n_dropped)
    groups = _grouping.factorize(keys, values.size, missing=missing)
    v.check_not_empty(int(np.count_nonzero(keep & groups.keep)), "outcomes")
    rows = keep & groups.keep
    stats = _fulfilment_stats(groups.codes[rows], groups.n_groups, values[rows], c.target,
                              c.direction, conf)
    lost = groups.codes[~keep]
    stats["n_dropped"] = np.bincount(lost[lost >= 0], minlength=groups.n_groups).astype(np.int64)
    return _grouping.frame(groups, FULFILMENT_COLUMNS, stats)


def _fulfilment_result(stats: dict[str, Any], n_dropped: int) -> FulfilmentResult:
    row = {key: value[0] for key, value in stats.items()}
    return FulfilmentResult(
        kept_rate=float(row["kept_rate"]), n=int(row["n"]), n_dropped=int(n_dropped),
        kept=int(row["kept"]), broken=int(row["broken"]), std_error=float(row["std_error"]),
        interval=Interval(low=float(row["ci_low"]), high=float(row["ci_high"]),
                          confidence=float(row["confidence"]), method="wilson"),
        breach_mean=float(row["breach_mean"]), breach_median=float(row["breach_median"]),
        breach_p90=float(row["breach_p90"]), target=float(row["target"]),
        direction=str(row["direction"]),
    )


# ---------------------------------------------------------------- realistic targets

def quantile_ranks(n: int, level: float, confidence: float) -> tuple[int, int]:
    """Ranks ``(l, u)`` of the order statistics bounding a quantile with ``confidence``.

    For a sample of ``n`` and the population quantile ``ξ`` at ``level``, the
    count ``B`` of observations below ``ξ`` is Binomial(``n``, ``level``) for
    a continuous distribution. With ``alpha = 1 - confidence``,
    ``l = ppf(alpha/2)`` and ``u = isf(alpha/2) + 1`` of that binomial give
    ``P(X(l) <= ξ <= X(u)) >= 1 - alpha``; a rank of 0 or ``n + 1`` means the side
    is unbounded.

    Examples
    --------
    >>> quantile_ranks(100, 0.5, 0.95)
    (40, 61)
    """
    from scipy.stats import binom  # lazily: keeps `import expectations` fast

    alpha = 1.0 - confidence
    low = int(binom.ppf(alpha / 2.0, n, level))
    high = int(binom.isf(alpha / 2.0, n, level)) + 1
    return max(low, 0), min(high, n + 1)


def _current(current: object) -> tuple[float, Direction | None]:
    if current is None:
        return math.nan, None
    if isinstance(current, Commitment):
        return current.target, current.direction
    if isinstance(current, (bool, np.bool_)) or not isinstance(
            current, (int, float, np.integer, np.floating)) or not math.isfinite(float(current)):
        raise InvalidParameterError(
            format_message("current", "None, a Commitment or a finite target number",
                           fix=f"Got {current!r}.")
        )
    return float(current), None


@aligned("outcomes")
def realistic_target(outcomes: object, *, reliability: float = 0.95,
                     confidence: float = 0.95, direction: str | None = None,
                     current: Commitment | float | None = None,
                     missing: v.MissingPolicy = "raise",
                     data: object = None) -> RealisticTarget:
    """Find the promise past outcomes would have kept with probability ``reliability``.

    Answers "how long should we tell customers to wait?": the smallest wait
    that at least 95% (say) of past customers got, with a distribution-free
    interval for the underlying quantile, and how often the current promise
    is kept.

    Parameters
    ----------
    outcomes : array-like of float, or DataFrame
        Past outcomes (for example delivery days). A DataFrame must have a
        ``value`` column; when ``current`` is a :class:`Commitment` and the
        table has a ``commitment`` column, only that commitment's rows are used.
    reliability : float, default 0.95
        The share of outcomes the promise should keep, strictly between 0 and 1.
    confidence : float, default 0.95
        Coverage of the interval.
    direction : {"at_most", "at_least"}, optional
        ``"at_most"`` for outcomes that keep a promise by being small (waits),
        ``"at_least"`` for those that keep it by being large (uptime). Default:
        the direction of ``current`` when it is a Commitment, else ``"at_most"``.
    current : Commitment or float, optional
        The promise made today (a commitment or its target); its kept rate on
        the same outcomes is reported.
    missing : {"raise", "drop"}, default "raise"
        Missing outcomes: raise, or drop them and count them in ``n_dropped``.
    data : data frame, optional
        A frame holding the column: ``outcomes`` is then a column name. Any
        frame narwhals accepts (pandas, Polars eager or lazy, PyArrow, DuckDB,
        Dask, PySpark) or :func:`~expectations.scan` of files; the column is
        read from it (see the guide page "Scale").

    Returns
    -------
    RealisticTarget

    Raises
    ------
    InvalidParameterError
        If ``reliability`` or ``confidence`` is not strictly between 0 and 1,
        ``direction`` is unknown or contradicts ``current``'s, or ``current``
        is not a Commitment or number.
    InvalidScoreError
        If an outcome is not a finite number, or is missing with
        ``missing="raise"``.
    InsufficientDataError
        If there are no outcomes.

    Notes
    -----
    Let ``X(1) <= ... <= X(n)`` be the sorted outcomes and ``r`` the
    reliability. For ``"at_most"`` the target is ``X(k)`` with ``k = ⌈r·n⌉``
    (the inverted-CDF quantile, numpy's ``method="inverted_cdf"``), so at
    least ``k/n >= r`` of the outcomes are ``<= X(k)``, ties included. For
    ``"at_least"`` it is ``X(n - k + 1)``, so at least ``r`` of the outcomes
    are ``>= `` it; the quantile estimated is then the ``1 - r`` quantile.

    The interval is the classical distribution-free one for a quantile
    ``ξ_p`` (Conover 1999, section 3.2; David & Nagaraja 2003, section 7.1):
    the number ``B`` of outcomes below ``ξ_p`` is Binomial(``n``, ``p``) for a
    continuous distribution, so ``P(X(l) <= ξ_p <= X(u)) = P(l <= B <= u - 1)``.
    With ``alpha = 1 - confidence``, ``l`` is the binomial ``alpha/2`` quantile
    (``scipy.stats.binom.ppf``) and ``u - 1`` its upper ``alpha/2`` point
    (``binom.isf``), which makes each tail at most ``alpha/2`` and the coverage at
    least ``confidence`` for every continuous distribution (the binomial is
    discrete, so the coverage is rarely exactly ``confidence``); for discrete
    outcomes, with ties, it is at least as high. When ``l = 0`` or
    ``u = n + 1`` the sample is too small for that side and the bound is
    infinite. This is the construction of
    ``scipy.stats.quantile_test(...).confidence_interval``.

    References
    ----------
    Conover, W. J. (1999). *Practical Nonparametric Statistics*, 3rd ed.
    Wiley, section 3.2 (the quantile test and its confidence interval).
    David, H. A. & Nagaraja, H. N. (2003). *Order Statistics*, 3rd ed.
    Wiley, section 7.1.

    Examples
    --------
    >>> days = np.random.default_rng(1).gamma(4.0, 0.5, size=500)
    >>> r = realistic_target(days, reliability=0.9, current=2)
    >>> round(r.target, 2), round(r.interval.low, 2), round(r.interval.high, 2)
    (3.09, 2.9, 3.33)
    >>> r.rank, r.achieved, r.current_kept_rate
    (450, 90.0, 59.0)
    """
    rel = v.check_confidence(reliability, "reliability")
    conf = v.check_confidence(confidence)
    v.check_option(missing, "missing", ("raise", "drop"))
    current_target, current_direction = _current(current)
    if direction is None:
        direction = current_direction or "at_most"
    v.check_option(direction, "direction", _DIRECTIONS)
    if current_direction is not None and direction != current_direction:
        raise InvalidParameterError(
            f"direction must match the current commitment's ({current_direction!r}); got "
            f"{direction!r}. Leave direction out to use the commitment's."
        )
    name = current.name if isinstance(current, Commitment) else None
    values, _ = _read_outcomes(outcomes, name)
    keep, n_dropped = v.handle_missing(values, "outcomes", missing)
    x = np.sort(values[keep])
    _check_finite(x, "outcomes")
    n = int(x.size)
    v.check_not_empty(n, "outcomes")
    # Exact rational arithmetic on the decimal the caller wrote: in floats
    # 0.7 * 10 is 7.000000000000001, and Fraction(0.9) is the binary value just
    # above 0.9; either way the ceiling would pick one order statistic too many.
    k = min(max(math.ceil(Fraction(repr(rel)) * n), 1), n)
    level = rel if direction == "at_most" else 1.0 - rel
    rank = k if direction == "at_most" else n - k + 1
    target = float(x[rank - 1])
    low_rank, high_rank = quantile_ranks(n, level, conf)
    low = float(x[low_rank - 1]) if low_rank >= 1 else -math.inf
    high = float(x[high_rank - 1]) if high_rank <= n else math.inf
    kept_by_target = np.count_nonzero(x <= target if direction == "at_most" else x >= target)
    current_rate, current_interval = math.nan, None
    if not math.isnan(current_target):
        kept_now = int(np.count_nonzero(
            x <= current_target if direction == "at_most" else x >= current_target))
        lo, hi = proportion_interval(kept_now, n, method="wilson", confidence=conf)
        current_rate = 100.0 * kept_now / n
        current_interval = Interval(low=100.0 * float(lo[0]), high=100.0 * float(hi[0]),
                                    confidence=conf, method="wilson")
    return RealisticTarget(
        target=target,
        interval=Interval(low=low, high=high, confidence=conf, method="order-statistics"),
        reliability=rel, achieved=100.0 * int(kept_by_target) / n, direction=direction, n=n,
        n_dropped=n_dropped, rank=rank, ci_low_rank=low_rank, ci_high_rank=high_rank,
        current_target=current_target, current_kept_rate=current_rate,
        current_interval=current_interval,
    )

