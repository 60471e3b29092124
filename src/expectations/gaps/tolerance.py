"""The zone of tolerance: adequacy and superiority gaps, and the three levels.

Customers hold two expectations of a service (Zeithaml, Berry & Parasuraman
1993): the *adequate* level they will accept and the *desired* level they
hope for. Between them lies the zone of tolerance. A perception below the
zone dissatisfies, one within it satisfies, one above it delights.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, overload

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _grouping
from expectations import _validation as v
from expectations._align import aligned
from expectations.errors import InvalidParameterError, LengthMismatchError
from expectations.gaps._input import (
    aligned_columns,
    check_finite,
    check_on_scale,
    groups_for,
    missing_rows,
)
from expectations.gaps._summaries import Moments, group_moments, interval, share_intervals
from expectations.models import _checks
from expectations.models.expectation import LEVELS, Expectation
from expectations.models.scale import Scale
from expectations.results import Interval, Result

__all__ = ["LEVELS", "TOLERANCE_COLUMNS", "ToleranceResult", "tolerance_level",
           "tolerance_zone"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

TOLERANCE_COLUMNS: tuple[str, ...] = tuple(
    [f"{name}{suffix}"
     for name in ("msa", "mss", "zone_width")
     for suffix in ("", "_ci_low", "_ci_high", "_ci_method", "_confidence")]
    + [f"{name}{suffix}"
       for name in LEVELS
       for suffix in ("", "_ci_low", "_ci_high", "_ci_method", "_confidence")]
    + ["n", "n_inverted", "n_dropped"]
)
"""Columns of ``tolerance_zone(..., by=...)`` and of :meth:`ToleranceResult.to_frame`."""


@attrs.frozen(kw_only=True, repr=False)
class ToleranceResult(Result):
    """Zone-of-tolerance summary: the two gaps, the zone's width and the three levels.

    Attributes
    ----------
    msa : float
        Measure of service adequacy, mean of ``perceived - adequate``
        (negative: below the zone on average).
    msa_interval : Interval
        Student-t interval for ``msa``.
    mss : float
        Measure of service superiority, mean of ``perceived - desired``
        (positive: above the zone on average).
    mss_interval : Interval
        Student-t interval for ``mss``.
    zone_width : float
        Mean of ``desired - adequate``; equals ``msa - mss``.
    zone_width_interval : Interval
        Student-t interval for ``zone_width``.
    dissatisfied, satisfied, delighted : float
        Percentages of responses below, within (boundaries included) and
        above the zone; they sum to 100.
    dissatisfied_interval, satisfied_interval, delighted_interval : Interval
        Wilson intervals for the percentages.
    n : int
        Valid responses scored.
    n_inverted : int
        Responses excluded because ``desired < adequate``.
    n_dropped : int
        Responses dropped for a missing value (``missing="drop"``).

    Examples
    --------
    >>> res = tolerance_zone([3, 5, 8], [4, 4, 4], [7, 7, 7])
    >>> res.msa - res.mss == res.zone_width, res.satisfied
    (True, 33.33...)
    """

    _headline: ClassVar[tuple[str, ...]] = (
        "msa", "mss", "dissatisfied", "satisfied", "delighted", "n", "n_inverted")

    def plot(self, *, ax: Any = None) -> Any:
        """Draw this result with :func:`~expectations.plotting.plot_tolerance_zone`.

        Needs the ``plot`` extra.
        """
        from expectations.plotting import plot_tolerance_zone

        return plot_tolerance_zone(self, ax=ax)


    msa: float
    msa_interval: Interval
    mss: float
    mss_interval: Interval
    zone_width: float
    zone_width_interval: Interval
    dissatisfied: float
    dissatisfied_interval: Interval
    satisfied: float
    satisfied_interval: Interval
    delighted: float
    delighted_interval: Interval
    n: int
    n_inverted: int
    n_dropped: int


class _Levels:
    """Adequate and desired levels per row, with the scale bounds to check against."""

    __slots__ = ("adequate", "desired", "high", "integer", "low")

    def __init__(self, adequate: FloatArray, desired: FloatArray, low: FloatArray,
                 high: FloatArray, integer: BoolArray) -> None:
        self.adequate = adequate
        self.desired = desired
        self.low = low
        self.high = high
        self.integer = integer


def _from_expectations(adequate: object, desired: object, n: int,
                       scale: Scale | None) -> _Levels | None:
    """Read the levels from one Expectation or a sequence of them (else None)."""
    if isinstance(adequate, Expectation):
        objects: Sequence[object] = [adequate]
    elif (isinstance(adequate, Sequence) and not isinstance(adequate, (str, bytes))
          and len(adequate) > 0 and isinstance(adequate[0], Expectation)):
        objects = adequate
        if len(objects) != n:
            raise LengthMismatchError(
                f"adequate must be the same length as perceived ({n}); got {len(objects)}.")
    else:
        return None
    if desired is not None:
        raise InvalidParameterError(
            "desired must be None when adequate holds Expectation objects; got "
            f"{type(desired).__name__}. The expectations carry both levels.")
    if scale is not None:
        raise InvalidParameterError(
            "scale must be None when adequate holds Expectation objects; got "
            f"{scale!r}. Each expectation carries its own scale.")
    items = _checks.tuple_of(objects, Expectation, "adequate")
    # Reading attributes off model objects: one pass over the objects is unavoidable.
    fields = np.array([(e.adequate, e.desired, e.scale.low, e.scale.high, e.scale.integer)
                       for e in items], dtype=np.float64)
    if fields.shape[0] == 1:
        fields = np.repeat(fields, n, axis=0)
    return _Levels(fields[:, 0], fields[:, 1], fields[:, 2], fields[:, 3],
                   fields[:, 4].astype(bool))


def _check_rows_on_scale(values: FloatArray, name: str, levels: _Levels) -> None:
    ok = (values >= levels.low) & (values <= levels.high)
    ok &= ~levels.integer | (np.floor(values) == values)
    if not ok.all():
        i = int(np.flatnonzero(~ok)[0])
        scale = Scale(levels.low[i], levels.high[i], integer=bool(levels.integer[i]))
        check_on_scale(values[i:i + 1], name, scale, [str(i)])


def _read(perceived: object, adequate: object, desired: object, scale: Scale | None,
          missing: str) -> tuple[FloatArray, FloatArray, FloatArray, BoolArray, int]:
    """Validate the three columns; return them, the kept-row mask and the dropped count."""
    v.check_option(missing, "missing", ("raise", "drop"))
    if scale is not None and not isinstance(scale, Scale):
        raise InvalidParameterError(f"scale must be a Scale or None; got {scale!r}.")
    p = v.to_float_array(perceived, "perceived")
    levels = _from_expectations(adequate, desired, p.size, scale)
    if levels is None:
        if desired is None:
            raise InvalidParameterError(
                "desired must be given unless adequate holds Expectation objects; got None.")
        cols = aligned_columns({"perceived": p, "adequate": adequate, "desired": desired})
        a, d = cols["adequate"], cols["desired"]
    else:
        a, d = levels.adequate, levels.desired
    keep, n_dropped = missing_rows({"perceived": p, "adequate": a, "desired": d}, missing)
    # With nothing dropped, check the columns themselves: a masked copy of
    # 10^7 rows costs more than the checks.
    rows: BoolArray | slice = keep if n_dropped else slice(None)
    sub = None if levels is None else _Levels(
        levels.adequate[rows], levels.desired[rows], levels.low[rows], levels.high[rows],
        levels.integer[rows])
    for name, arr in (("perceived", p), ("adequate", a), ("desired", d)):
        kept = arr[rows]
        check_finite(kept, name)
        if sub is not None:
            _check_rows_on_scale(kept, name, sub)
        elif scale is not None:
            scale.validate(kept, name, "(the scale)")
    return p, a, d, keep, n_dropped


@aligned("perceived", "adequate", "desired")
def tolerance_level(perceived: object, adequate: object, desired: object = None, *,
                    scale: Scale | None = None, missing: v.MissingPolicy = "raise",
                    data: object = None) -> pd.Categorical:
    """Classify each response against its zone of tolerance.

    Parameters
    ----------
    perceived, adequate, desired : array-like of float
        Aligned, one value per response; or ``adequate`` is an
        :class:`~expectations.models.Expectation` (applied to every row) or a
        sequence of them aligned with the rows, and ``desired`` is omitted.
    scale : Scale, optional
        When given, every value must lie on it.
    missing : {"raise", "drop"}, default "raise"
        A missing value: raise, or give that response no level.
    data : data frame, optional
        A frame holding the columns: ``perceived``, ``adequate`` and
        ``desired`` are then column names. Any frame narwhals accepts (pandas,
        Polars eager or lazy, PyArrow, DuckDB, Dask, PySpark) or
        :func:`~expectations.scan` of files; the columns are read from it (see
        the guide page "Scale").

    Returns
    -------
    pandas.Categorical
        Ordered ``dissatisfied < satisfied < delighted``, one per input row;
        missing for an inverted response (``desired < adequate``) or a
        dropped one.

    Raises
    ------
    InvalidScoreError
        If a value is missing (``missing="raise"``), infinite or off the scale.
    LengthMismatchError
        If the columns are not aligned.

    Examples
    --------
    >>> tolerance_level([3, 5, 8, 6], [4, 4, 4, 7], [7, 7, 7, 5]).tolist()
    ['dissatisfied', 'satisfied', 'delighted', nan]
    """
    p, a, d, keep, _ = _read(perceived, adequate, desired, scale, missing)
    valid = keep & ~(d < a)
    with np.errstate(invalid="ignore"):
        codes = (p >= a).astype(np.int8) + (p > d).astype(np.int8)
    codes = np.where(valid, codes, -1).astype(np.int8)
    out: pd.Categorical = pd.Categorical.from_codes(codes, categories=pd.Index(list(LEVELS)),
                                                    ordered=True)
    return out


@overload
def tolerance_zone(perceived: object, adequate: object, desired: object = ..., *,
                   by: None = ..., scale: Scale | None = ..., confidence: float = ...,
                   missing: v.MissingPolicy = ..., data: object = ...) -> ToleranceResult: ...
@overload
def tolerance_zone(perceived: object, adequate: object, desired: object = ..., *,
                   by: object, scale: Scale | None = ..., confidence: float = ...,
                   missing: v.MissingPolicy = ..., data: object = ...) -> pd.DataFrame: ...
@aligned("perceived", "adequate", "desired", "by")
def tolerance_zone(perceived: object, adequate: object, desired: object = None, *,
                   by: object = None, scale: Scale | None = None, confidence: float = 0.95,
                   missing: v.MissingPolicy = "raise",
                   data: object = None) -> ToleranceResult | pd.DataFrame:
    """Summarise perceptions against the zone of tolerance.

    Parameters
    ----------
    perceived : array-like of float
        Perceived service level, one per response.
    adequate : array-like of float, Expectation, or sequence of Expectation
        The minimum acceptable level of each response. An
        :class:`~expectations.models.Expectation` supplies both levels (and
        the scale) for every row; a sequence of them, one per row.
    desired : array-like of float, optional
        The desired level of each response; omit it with expectations.
    by : array-like, list of array-likes, or DataFrame, optional
        Group key(s); returns a DataFrame with :data:`TOLERANCE_COLUMNS`.
    scale : Scale, optional
        When given, every value must lie on it (LibQUAL+ uses 1-9).
    confidence : float, default 0.95
        Coverage of the intervals.
    missing : {"raise", "drop"}, default "raise"
        A missing value or group key: raise, or drop the response and count it.
    data : data frame, optional
        A frame holding the columns: ``perceived``, ``adequate``, ``desired``
        and ``by`` are then column names. Any frame narwhals accepts (pandas,
        Polars eager or lazy, PyArrow, DuckDB, Dask, PySpark) or
        :func:`~expectations.scan` of files; the counts are made inside the
        engine, and a ``by=`` table comes back in the caller's library (see
        the guide page "Scale").

    Returns
    -------
    ToleranceResult or pandas.DataFrame
        Gaps, zone width and level shares; with ``by``, one row per group.

    Raises
    ------
    LengthMismatchError
        If the columns (or the expectations) are not aligned.
    InvalidScoreError
        If a value is missing (``missing="raise"``), infinite or off the scale.
    InsufficientDataError
        If no valid response is left.
    InvalidParameterError
        If ``desired`` or ``scale`` is given with expectations, or an option
        is invalid.

    Notes
    -----
    MSA = P - A and MSS = P - D per response (Parasuraman, Zeithaml & Berry
    1994), so zone width D - A = MSA - MSS. A response is *dissatisfied* when
    P < A, *satisfied* when A <= P <= D and *delighted* when P > D. Responses
    with D < A are inverted (the respondent read the questions the wrong way
    round); as in LibQUAL+ screening they are excluded from every statistic
    and counted in ``n_inverted``. Means have Student-t intervals; the level
    percentages have Wilson intervals. Responses are treated as independent:
    when a respondent answers several dimensions, summarise per dimension
    (``by=dimension``).

    References
    ----------
    Zeithaml, V. A., Berry, L. L. & Parasuraman, A. (1993). The nature and
    determinants of customer expectations of service. *Journal of the Academy
    of Marketing Science*, 21(1), 1-12.
    Parasuraman, A., Zeithaml, V. A. & Berry, L. L. (1994). Alternative scales
    for measuring service quality: a comparative assessment based on
    psychometric and diagnostic criteria. *Journal of Retailing*, 70(3), 201-230.

    Examples
    --------
    >>> res = tolerance_zone([3, 5, 8, 6, 6], [4, 4, 4, 5, 7], [7, 7, 7, 7, 5])
    >>> res.msa, res.mss, res.zone_width
    (1.25, -1.5, 2.75)
    >>> res.dissatisfied, res.satisfied, res.delighted, res.n_inverted
    (25.0, 50.0, 25.0, 1)
    >>> from expectations.models.expectation import Expectation
    >>> e = Expectation(dimension="speed", adequate=3, desired=4, scale=Scale(1, 5))
    >>> tolerance_zone([2, 3, 4, 5], e).satisfied
    50.0
    """
    c = v.check_confidence(confidence)
    p, a, d, keep, _ = _read(perceived, adequate, desired, scale, missing)
    groups = groups_for(by, p.size, missing)
    nan_rows = ~keep
    in_group = groups.keep
    inverted = keep & (d < a)
    valid = keep & ~inverted & in_group
    g = groups.n_groups
    n_dropped = np.bincount(groups.codes[nan_rows & in_group], minlength=g)
    n_inverted = np.bincount(groups.codes[inverted & in_group], minlength=g)
    n_valid = int(np.count_nonzero(valid))
    v.check_not_empty(n_valid, "perceived (valid, non-inverted responses)")
    if n_valid == p.size:
        codes, pv, av, dv = groups.codes, p, a, d
    else:
        # One index, four takes: cheaper than four boolean masks.
        rows = np.flatnonzero(valid)
        codes, pv, av, dv = groups.codes.take(rows), p.take(rows), a.take(rows), d.take(rows)
    # Written straight into the matrix (no column_stack copy of three temporaries).
    gaps = np.empty((n_valid, 3))
    np.subtract(pv, av, out=gaps[:, 0])
    np.subtract(pv, dv, out=gaps[:, 1])
    np.subtract(dv, av, out=gaps[:, 2])
    moments = group_moments(codes, g, gaps, c)
    level = (pv >= av).astype(np.int8) + (pv > dv)
    kept_groups = _grouping.Groups(codes=codes, index=groups.index)
    counts = _grouping.count_categories(kept_groups, level, 3)
    return _summary(groups if by is not None else None, moments, counts, n_inverted,
                    n_dropped, c)


def _summary(groups: _grouping.Groups | None, moments: Moments, level_counts: FloatArray,
             n_inverted: npt.NDArray[Any], n_dropped: npt.NDArray[Any],
             c: float) -> ToleranceResult | pd.DataFrame:
    """Build the result (or, with ``groups``, the frame) from per-group gap moments and counts.

    ``level_counts`` counts the dissatisfied, satisfied and delighted
    responses of each group. The in-memory :func:`tolerance_zone` and the
    engines' counter both finish here.
    """
    share, low, high = share_intervals(level_counts, c)
    data: dict[str, object] = {}
    for j, name in enumerate(("msa", "mss", "zone_width")):
        _put(data, name, moments.mean[:, j], moments.low[:, j], moments.high[:, j], "t", c)
    for j, name in enumerate(LEVELS):
        _put(data, name, share[:, j], low[:, j], high[:, j], "wilson", c)
    data["n"] = moments.n.astype(np.int64)
    data["n_inverted"] = n_inverted.astype(np.int64)
    data["n_dropped"] = n_dropped.astype(np.int64)
    if groups is not None:
        return _grouping.frame(groups, TOLERANCE_COLUMNS, data)
    return _result(data, c)


def _put(data: dict[str, object], name: str, mean: FloatArray, low: FloatArray,
         high: FloatArray, method: str, confidence: float) -> None:
    data[name] = mean
    data[f"{name}_ci_low"] = low
    data[f"{name}_ci_high"] = high
    data[f"{name}_ci_method"] = np.full(mean.size, method, dtype=object)
    data[f"{name}_confidence"] = np.full(mean.size, confidence)


def _result(data: dict[str, object], c: float) -> ToleranceResult:
    def first(name: str) -> float:
        return float(np.asarray(data[name])[0])

    def iv(name: str) -> Interval:
        method = str(np.asarray(data[f"{name}_ci_method"])[0])
        return interval(first(f"{name}_ci_low"), first(f"{name}_ci_high"), c, method)

    return ToleranceResult(
        msa=first("msa"), msa_interval=iv("msa"), mss=first("mss"), mss_interval=iv("mss"),
        zone_width=first("zone_width"), zone_width_interval=iv("zone_width"),
        dissatisfied=first("dissatisfied"), dissatisfied_interval=iv("dissatisfied"),
        satisfied=first("satisfied"), satisfied_interval=iv("satisfied"),
        delighted=first("delighted"), delighted_interval=iv("delighted"),
        n=int(first("n")), n_inverted=int(first("n_inverted")),
        n_dropped=int(first("n_dropped")))
