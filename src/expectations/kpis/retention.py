"""Retention, churn and repeat purchase from a transaction table.

A customer is *active* in a calendar period when they buy in it. For each
period ``t`` after the first:

- customers at the start ``S`` — active in ``t - 1``;
- customers at the end ``E`` — active in ``t``;
- new customers ``N`` — active in ``t`` but not in ``t - 1`` (first-timers and
  returning lapsed customers alike);
- retention ``= (E - N) / S`` (Kumar & Reinartz 2018, ch. 5): the share of
  the start's customers still active at the end; churn ``= 1 - retention``.

``E - N`` is exactly the number of start customers who bought again, so
retention is a binomial share of ``S`` and gets a Wilson interval. All rates
are percentages.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _validation as v
from expectations.engine._whole_frame import whole_frame
from expectations.errors import InsufficientDataError
from expectations.kpis._transactions import check_frequency, period_codes, read_transactions
from expectations.kpis.events import RateResult, _fields
from expectations.results import Interval
from expectations.scoring.proportions import PROPORTION_METHODS

__all__ = ["RETENTION_COLUMNS", "churn_rate", "repeat_rate", "retention_rate"]

IntArray = npt.NDArray[np.int64]

_PERIOD_WORDS = {"D": "daily", "W": "weekly", "M": "monthly", "Q": "quarterly", "Y": "yearly"}

#: Columns of :func:`retention_rate` and :func:`churn_rate`, one row per period.
RETENTION_COLUMNS: tuple[str, ...] = (
    "customers_start", "customers_end", "new_customers", "retained", "churned",
    "rate", "ci_low", "ci_high", "ci_method", "confidence",
)


def _activity(transactions: object, customer: str, date: str, freq: str,
              missing: str) -> tuple[pd.PeriodIndex, IntArray, IntArray]:
    """Active customers per period and, of them, how many were active the period before."""
    read = read_transactions(transactions, customer=customer, date=date, missing=missing)
    v.check_not_empty(read.days.size, "transactions")
    codes, index = period_codes(read.days, freq)
    n_periods = len(index)
    pairs = np.unique(read.groups.codes.astype(np.int64) * n_periods + codes)
    period = pairs % n_periods
    # (customer, t - 1) is the previous code; period 0 has no previous period.
    previous = pairs - 1
    at = np.minimum(np.searchsorted(pairs, previous), pairs.size - 1)
    stayed = (pairs[at] == previous) & (period > 0)
    active = np.bincount(period, minlength=n_periods).astype(np.int64)
    retained = np.bincount(period[stayed], minlength=n_periods).astype(np.int64)
    return index, active, retained


def _table(transactions: object, customer: str, date: str, freq: object, ci: str,
           confidence: float, missing: str, churn: bool) -> pd.DataFrame:
    f = check_frequency(freq)
    v.check_option(ci, "ci", PROPORTION_METHODS)
    c = v.check_confidence(confidence)
    transactions, _ = whole_frame(transactions, [(customer, "text"), (date, "date")])
    index, active, retained = _activity(transactions, customer, date, f, missing)
    if len(index) < 2:
        shorter = {"Y": "Q", "Q": "M", "M": "W", "W": "D"}.get(f)
        hint = f'a shorter period (freq="{shorter}") or ' if shorter else ""
        raise InsufficientDataError(
            f"transactions must span at least two {_PERIOD_WORDS[f]} periods for "
            f"{'churn' if churn else 'retention'}, which compares each period with the one "
            f"before; all of them fall in {index[0]}. Use {hint}a longer span of transactions."
        )
    start = active[:-1]
    end = active[1:]
    kept = retained[1:]
    fields = _fields(kept.astype(np.float64), start.astype(np.float64), 100.0, "share", ci, c)
    data: dict[str, Any] = {
        "customers_start": start,
        "customers_end": end,
        "new_customers": end - kept,
        "retained": kept,
        "churned": start - kept,
        "rate": fields["rate"],
        "ci_low": fields["ci_low"],
        "ci_high": fields["ci_high"],
        "ci_method": fields["ci_method"],
        "confidence": fields["confidence"],
    }
    if churn:
        data["rate"] = 100.0 - fields["rate"]
        data["ci_low"] = 100.0 - fields["ci_high"]
        data["ci_high"] = 100.0 - fields["ci_low"]
    out: pd.DataFrame = pd.DataFrame(data, index=index[1:])
    return out


def retention_rate(transactions: object, *, customer: str, date: str, freq: str = "M",
                   ci: str = "wilson", confidence: float = 0.95,
                   missing: v.MissingPolicy = "raise") -> pd.DataFrame:
    """Compute customer retention per calendar period, in percent, with intervals.

    Parameters
    ----------
    transactions : data frame
        One row per purchase: a pandas DataFrame, any frame narwhals accepts
        (Polars eager or lazy, PyArrow, DuckDB, Dask, PySpark), or
        :func:`~expectations.scan` of files. Only the two named columns are
        collected from a frame that is not pandas.
    customer, date : str
        Names of the customer id and (datetime) date columns.
    freq : {"D", "W", "M", "Q", "Y"}, default "M"
        The calendar period.
    ci : {"wilson", "agresti-coull", "wald"}, default "wilson"
        Interval for the retention share.
    confidence : float, default 0.95
        Nominal coverage.
    missing : {"raise", "drop"}, default "raise"
        Rows with a missing customer or date: raise, or drop them.

    Returns
    -------
    pandas.DataFrame
        Indexed by period (every period after the first, gaps included), with
        the columns :data:`RETENTION_COLUMNS`. ``rate`` is
        ``100 (E - N) / S``; NaN when no customer was active at the start.
        The same pandas table from any frame (a table by period, like
        :func:`~expectations.kpis.trend`'s, keeps its period index).

    Raises
    ------
    SchemaError
        A named column is missing or the date column is not datetimes.
    InvalidParameterError
        An invalid ``freq``, ``ci``, ``confidence`` or ``missing``.
    InsufficientDataError
        No transactions, or all of them in one period: retention compares a
        period with the one before, so it needs two.

    Examples
    --------
    >>> import expectations as ex
    >>> from expectations.kpis import retention_rate
    >>> t = ex.datasets.load_retail().transactions
    >>> table = retention_rate(t, customer="customer_id", date="date", freq="Q")
    >>> table[["customers_start", "customers_end", "new_customers", "rate"]].round(1)
            customers_start  customers_end  new_customers  rate
    period
    2024Q2              634            693            411  44.5
    2024Q3              693            738            388  50.5
    2024Q4              738            763            426  45.7
    2025Q1              763            875            553  42.2
    2025Q2              875           1109            766  39.2

    A Polars frame of the same transactions gives the same table:

    >>> import polars as pl
    >>> same = retention_rate(pl.from_pandas(t), customer="customer_id", date="date", freq="Q")
    >>> same.equals(retention_rate(t, customer="customer_id", date="date", freq="Q"))
    True
    """
    return _table(transactions, customer, date, freq, ci, confidence, missing, churn=False)


def churn_rate(transactions: object, *, customer: str, date: str, freq: str = "M",
               ci: str = "wilson", confidence: float = 0.95,
               missing: v.MissingPolicy = "raise") -> pd.DataFrame:
    """Compute customer churn per calendar period, ``100 - retention``, in percent.

    The parameters, columns and errors are those of :func:`retention_rate`;
    ``rate`` is the share of the start's customers who did not buy again
    (``churned / customers_start``) and the interval is retention's, reflected.

    Parameters
    ----------
    transactions : data frame
        One row per purchase: a pandas DataFrame, any frame narwhals accepts
        (Polars eager or lazy, PyArrow, DuckDB, Dask, PySpark), or
        :func:`~expectations.scan` of files. Only the two named columns are
        collected from a frame that is not pandas.
    customer, date : str
        Names of the customer id and (datetime) date columns.
    freq : {"D", "W", "M", "Q", "Y"}, default "M"
        The calendar period.
    ci : {"wilson", "agresti-coull", "wald"}, default "wilson"
        Interval method.
    confidence : float, default 0.95
        Nominal coverage.
    missing : {"raise", "drop"}, default "raise"
        Rows with a missing customer or date: raise, or drop them.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    InsufficientDataError
        No transactions, or all of them in one period (as
        :func:`retention_rate`).

    Examples
    --------
    >>> import expectations as ex
    >>> from expectations.kpis import churn_rate
    >>> t = ex.datasets.load_retail().transactions
    >>> table = churn_rate(t, customer="customer_id", date="date", freq="Y")
    >>> table[["customers_start", "churned", "rate"]].round(1)
            customers_start  churned  rate
    period
    2025               1612      859  53.3
    """
    return _table(transactions, customer, date, freq, ci, confidence, missing, churn=True)


def repeat_rate(transactions: object, *, customer: str, date: str,
                ci: str = "wilson", confidence: float = 0.95,
                missing: v.MissingPolicy = "raise") -> RateResult:
    """Share of customers who bought more than once, in percent, with an interval.

    Every transaction row is a purchase (as in :func:`~expectations.segmentation.rfm.rfm`'s
    frequency): two rows on one day make a repeat customer. To count visits,
    aggregate to one row per customer and day first.

    Parameters
    ----------
    transactions : data frame
        One row per purchase: a pandas DataFrame, any frame narwhals accepts
        (Polars eager or lazy, PyArrow, DuckDB, Dask, PySpark), or
        :func:`~expectations.scan` of files. Only the two named columns are
        collected from a frame that is not pandas.
    customer, date : str
        Names of the customer id and (datetime) date columns.
    ci : {"wilson", "agresti-coull", "wald"}, default "wilson"
        Interval for the share.
    confidence : float, default 0.95
        Nominal coverage.
    missing : {"raise", "drop"}, default "raise"
        Rows with a missing customer or date: raise, or drop them.

    Returns
    -------
    RateResult
        ``events`` repeat customers of ``exposure`` customers.

    Examples
    --------
    >>> import expectations as ex
    >>> from expectations.kpis import repeat_rate
    >>> t = ex.datasets.load_retail().transactions
    >>> repeat_rate(t, customer="customer_id", date="date")
    RateResult(rate=42.72, events=1068, exposure=2500, 95% CI [40.79, 44.67] (wilson))
    """
    v.check_option(ci, "ci", PROPORTION_METHODS)
    c = v.check_confidence(confidence)
    transactions, _ = whole_frame(transactions, [(customer, "text"), (date, "date")])
    read = read_transactions(transactions, customer=customer, date=date, missing=missing)
    v.check_not_empty(read.days.size, "transactions")
    purchases = np.bincount(read.groups.codes, minlength=read.groups.n_groups)
    k = float(np.count_nonzero(purchases >= 2))
    n = float(purchases.size)
    row = _fields(np.array([k]), np.array([n]), 100.0, "share", ci, c)
    return RateResult(rate=float(row["rate"][0]), events=k, exposure=n, per=100.0,
                      std_error=float(row["std_error"][0]),
                      interval=Interval(low=float(row["ci_low"][0]),
                                        high=float(row["ci_high"][0]), confidence=c, method=ci))
