"""Event rates with intervals: returns as a share of orders, complaints per 100 orders.

- :func:`return_rate` — a returned order is one of the orders, so the rate is a
  binomial share (percent) with a Wilson interval (Agresti-Coull or Wald on
  request), as for any top-box share.
- :func:`complaint_rate` — one order can draw several complaints, so the rate
  is a Poisson rate per ``per`` orders with the exact (Garwood 1936) interval
  ``[chi2(alpha/2; 2k)/2, chi2(1 - alpha/2; 2k + 2)/2]`` on the count ``k``, scaled by
  ``per / orders``. For the share of orders with at least one complaint, count
  those orders and use :func:`return_rate`'s share instead.

Both take counts: one total each, or one per row with ``by=`` to get a table
per group (month, channel, ...), summed with the grouping engine.
"""

from __future__ import annotations

import math
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
from expectations.results import Interval, Result
from expectations.scoring.proportions import PROPORTION_METHODS, _share_interval

__all__ = ["RATE_COLUMNS", "RateResult", "complaint_rate", "poisson_interval", "return_rate"]

FloatArray = npt.NDArray[np.float64]

#: Columns of a ``by=`` result of the rate functions, in order.
RATE_COLUMNS: tuple[str, ...] = (
    "rate", "events", "exposure", "per", "std_error",
    "ci_low", "ci_high", "ci_method", "confidence",
)


@attrs.frozen(kw_only=True, repr=False)
class RateResult(Result):
    """An event rate: events per ``per`` units of exposure, with an interval.

    Attributes
    ----------
    rate : float
        ``per * events / exposure`` — a percentage when ``per`` is 100.
    events : float
        The events counted (returns, complaints, repeat customers).
    exposure : float
        What they are counted against (orders, customers).
    per : float
        The unit of the rate.
    std_error : float
        Standard error of ``rate``: binomial ``per·√(p(1 - p)/n)`` for shares,
        Poisson ``per·√k / exposure`` for rates.
    interval : Interval
        Interval for ``rate`` on the same scale.

    Examples
    --------
    >>> r = return_rate(12, 400)
    >>> r.rate, r.events, r.exposure, r.interval.method
    (3.0, 12.0, 400.0, 'wilson')
    """

    _headline: ClassVar[tuple[str, ...]] = ("rate", "events", "exposure")

    rate: float
    events: float
    exposure: float
    per: float
    std_error: float
    interval: Interval


def poisson_interval(events: object, *, confidence: float = 0.95,
                     ) -> tuple[FloatArray, FloatArray]:
    """Exact (Garwood) interval for a Poisson mean from observed counts, vectorised.

    Parameters
    ----------
    events : array-like of float
        Observed counts ``k``, whole and non-negative.
    confidence : float, default 0.95
        Nominal (at least) coverage.

    Returns
    -------
    low, high : numpy.ndarray
        ``chi2(alpha/2; 2k)/2`` (0 when ``k = 0``) and ``chi2(1 - alpha/2; 2k + 2)/2``.

    References
    ----------
    Garwood, F. (1936). Fiducial limits for the Poisson distribution.
    *Biometrika* 28, 437-442.

    Examples
    --------
    >>> low, high = poisson_interval([0, 10])
    >>> np.round(low, 4).tolist(), np.round(high, 4).tolist()
    ([0.0, 4.7954], [3.6889, 18.3904])
    """
    from scipy import stats  # lazy: keeps `import expectations` fast

    c = v.check_confidence(confidence)
    k = np.atleast_1d(np.asarray(events, dtype=np.float64))
    alpha = 1.0 - c
    with np.errstate(invalid="ignore"):
        low = np.where(k > 0, stats.chi2.ppf(alpha / 2.0, 2.0 * np.maximum(k, 1e-300)) / 2.0,
                       0.0)
        high = stats.chi2.ppf(1.0 - alpha / 2.0, 2.0 * k + 2.0) / 2.0
    return np.asarray(low, dtype=np.float64), np.asarray(high, dtype=np.float64)


def _counts(values: object, name: str) -> FloatArray:
    if isinstance(values, (int, float, np.integer, np.floating)) and not isinstance(
            values, (bool, np.bool_)):
        values = [values]
    x = v.to_float_array(values, name)
    bad = ~(np.isfinite(x) & (x >= 0) & (np.floor(x) == x))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InvalidScoreError(format_message(
            name, "whole non-negative counts", count=int(bad.sum()), first=float(x[i]),
            position=i, fix="Pass counts of events and orders."))
    return x


def _read(events: object, exposure: object, events_name: str, exposure_name: str,
          *, share: bool) -> tuple[FloatArray, FloatArray]:
    k = _counts(events, events_name)
    n = _counts(exposure, exposure_name)
    v.check_same_length(**{events_name: k, exposure_name: n})
    v.check_not_empty(int(n.size), exposure_name)
    if share:
        over = k > n
        if over.any():
            i = int(np.flatnonzero(over)[0])
            raise InvalidScoreError(format_message(
                events_name, f"at most {exposure_name} row by row", count=int(over.sum()),
                first=float(k[i]), position=i,
                fix=f"Count each returned order once, and align it with {exposure_name}."))
    return k, n


def _fields(k: FloatArray, n: FloatArray, per: float, interval: str, method: str,
            confidence: float) -> dict[str, Any]:
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        if interval == "share":
            low, high = _share_interval(p, n, method, confidence)
            se = np.sqrt(p * (1.0 - p) / n)
        else:
            low, high = poisson_interval(k, confidence=confidence)
            low, high = low / n, high / n
            se = np.sqrt(k) / n
    empty = ~(n > 0)
    size = k.size
    return {
        "rate": np.where(empty, np.nan, per * p),
        "events": k,
        "exposure": n,
        "per": np.full(size, per),
        "std_error": np.where(empty, np.nan, per * se),
        "ci_low": np.where(empty, np.nan, per * low),
        "ci_high": np.where(empty, np.nan, per * high),
        "ci_method": np.full(size, method, dtype=object),
        "confidence": np.full(size, confidence),
    }


def _rate(k: FloatArray, n: FloatArray, by: object, per: float, interval: str,
          method: str, confidence: float) -> RateResult | pd.DataFrame:
    if by is not None:
        groups = _grouping.factorize(by, k.size)
        fields = _fields(_grouping.sum_by_group(groups, k), _grouping.sum_by_group(groups, n),
                         per, interval, method, confidence)
        return _grouping.frame(groups, RATE_COLUMNS, fields)
    total_n = float(n.sum())
    if not total_n > 0:
        raise InsufficientDataError("orders must add up to more than 0; got 0.")
    row = _fields(np.array([k.sum()]), np.array([total_n]), per, interval, method, confidence)
    return RateResult(
        rate=float(row["rate"][0]), events=float(row["events"][0]), exposure=total_n,
        per=per, std_error=float(row["std_error"][0]),
        interval=Interval(low=float(row["ci_low"][0]), high=float(row["ci_high"][0]),
                          confidence=confidence, method=method))


def _check_per(per: object) -> float:
    if isinstance(per, (bool, np.bool_)) or not isinstance(
            per, (int, float, np.integer, np.floating)) or not (
            math.isfinite(float(per)) and float(per) > 0):
        raise InvalidParameterError(f"per must be a positive number; got {per!r}.")
    return float(per)


@overload
def return_rate(returns: object, orders: object, *, by: None = ...,
                ci: str = ..., confidence: float = ..., data: object = ...) -> RateResult: ...
@overload
def return_rate(returns: object, orders: object, *, by: object,
                ci: str = ..., confidence: float = ..., data: object = ...) -> pd.DataFrame: ...
@aligned("returns", "orders", "by")
def return_rate(returns: object, orders: object, *, by: object = None,
                ci: str = "wilson", confidence: float = 0.95,
                data: object = None) -> RateResult | pd.DataFrame:
    """Share of orders returned, in percent, with a Wilson interval.

    Parameters
    ----------
    returns : int or array-like of int
        Returned orders: a total, or one count per row (with ``by=``). Each row's
        returns must not exceed its orders.
    orders : int or array-like of int
        Orders, aligned with ``returns``.
    by : array-like, list of array-likes, or DataFrame, optional
        Group key(s), one per row: returns a DataFrame with :data:`RATE_COLUMNS`.
    ci : {"wilson", "agresti-coull", "wald"}, default "wilson"
        Interval for the share.
    confidence : float, default 0.95
        Nominal coverage.
    data : data frame, optional
        A frame holding the columns: ``returns``, ``orders`` and ``by`` are
        then column names. Any frame narwhals accepts (pandas, Polars eager or
        lazy, PyArrow, DuckDB, Dask, PySpark) or :func:`~expectations.scan` of
        files; the columns are read from it, and a ``by=`` table comes back in
        the caller's library (see the guide page "Scale").

    Returns
    -------
    RateResult or pandas.DataFrame
        ``rate`` in percent (``per = 100``).

    Raises
    ------
    InvalidScoreError
        Counts that are negative, not whole, or returns above orders.
    InsufficientDataError
        No orders.

    Examples
    --------
    >>> from expectations.kpis import return_rate
    >>> r = return_rate(42, 600)
    >>> r
    RateResult(rate=7, events=42, exposure=600, 95% CI [5.22, 9.327] (wilson))
    >>> table = return_rate([3, 5, 1], [100, 80, 50], by=["web", "store", "web"])
    >>> table["rate"].round(4).to_dict(), table["events"].to_dict()
    ({'store': 6.25, 'web': 2.6667}, {'store': 5.0, 'web': 4.0})
    >>> import pandas as pd
    >>> shops = pd.DataFrame({"returns": [3, 5, 1], "orders": [100, 80, 50],
    ...                       "channel": ["web", "store", "web"]})
    >>> return_rate("returns", "orders", by="channel", data=shops)["events"].to_dict()
    {'store': 5.0, 'web': 4.0}
    """
    v.check_option(ci, "ci", PROPORTION_METHODS)
    c = v.check_confidence(confidence)
    k, n = _read(returns, orders, "returns", "orders", share=True)
    return _rate(k, n, by, 100.0, "share", ci, c)


@overload
def complaint_rate(complaints: object, orders: object, *, by: None = ...,
                   per: float = ..., confidence: float = ...,
                   data: object = ...) -> RateResult: ...
@overload
def complaint_rate(complaints: object, orders: object, *, by: object,
                   per: float = ..., confidence: float = ...,
                   data: object = ...) -> pd.DataFrame: ...
@aligned("complaints", "orders", "by")
def complaint_rate(complaints: object, orders: object, *, by: object = None,
                   per: float = 100.0, confidence: float = 0.95,
                   data: object = None) -> RateResult | pd.DataFrame:
    """Complaints per ``per`` orders, with an exact Poisson interval.

    Parameters
    ----------
    complaints : int or array-like of int
        Complaints: a total, or one count per row (with ``by=``). May exceed
        the orders (several complaints about one order).
    orders : int or array-like of int
        Orders (the exposure), aligned with ``complaints``.
    by : array-like, list of array-likes, or DataFrame, optional
        Group key(s), one per row: returns a DataFrame with :data:`RATE_COLUMNS`.
    per : float, default 100
        The rate's unit: complaints per ``per`` orders.
    confidence : float, default 0.95
        Nominal coverage of the interval, which is exact (conservative).
    data : data frame, optional
        A frame holding the columns: ``complaints``, ``orders`` and ``by`` are
        then column names. Any frame narwhals accepts (pandas, Polars eager or
        lazy, PyArrow, DuckDB, Dask, PySpark) or :func:`~expectations.scan` of
        files; the columns are read from it, and a ``by=`` table comes back in
        the caller's library (see the guide page "Scale").

    Returns
    -------
    RateResult or pandas.DataFrame

    Raises
    ------
    InvalidScoreError
        Counts that are negative or not whole.
    InsufficientDataError
        No orders.

    Notes
    -----
    With ``k`` complaints over ``n`` orders: rate ``per·k/n``, standard error
    ``per·√k/n``, interval ``per/n times [chi2(alpha/2; 2k)/2, chi2(1 - alpha/2; 2k + 2)/2]``
    (Garwood 1936), as ``statsmodels.stats.rates.confint_poisson(k, n,
    method="exact-c")``.

    Examples
    --------
    >>> from expectations.kpis import complaint_rate
    >>> complaint_rate(12, 800)
    RateResult(rate=1.5, events=12, exposure=800, 95% CI [0.7751, 2.62] (exact-poisson))
    """
    p = _check_per(per)
    c = v.check_confidence(confidence)
    k, n = _read(complaints, orders, "complaints", "orders", share=False)
    return _rate(k, n, by, p, "poisson", "exact-poisson", c)
