"""Customer lifetime value: the simple retention formula and historical value.

- :func:`clv` — the expected value of a customer's future margins when each
  period they stay with probability ``r`` and money is discounted at ``d`` per
  period: ``Σ_{t≥1} m·rᵗ/(1 + d)ᵗ = m·r/(1 + d - r)`` (Gupta & Lehmann 2003).
- :func:`historical_clv` — what each customer has been worth so far: the
  margin on every past purchase, compounded to ``now`` (Kumar & Reinartz 2018,
  "past customer value").
"""

from __future__ import annotations

import math
from typing import overload

import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _validation as v
from expectations._align import aligned
from expectations.errors import (
    InvalidParameterError,
    InvalidScoreError,
    LengthMismatchError,
    format_message,
)
from expectations.kpis._transactions import read_transactions, to_day

__all__ = ["clv", "historical_clv"]

FloatArray = npt.NDArray[np.float64]


def _array(values: object, name: str) -> FloatArray:
    scalar = isinstance(values, (int, float, np.integer, np.floating)) and not isinstance(
        values, (bool, np.bool_))
    return v.to_float_array([values] if scalar else values, name)


def _check(values: FloatArray, bad: npt.NDArray[np.bool_], name: str, rule: str,
           fix: str) -> None:
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InvalidScoreError(format_message(name, rule, count=int(bad.sum()),
                                               first=float(values[i]), position=i, fix=fix))


@overload
def clv(margin: float, retention: float, discount: float, *,
        data: object = ...) -> float: ...
@overload
def clv(margin: object, retention: object, discount: object, *,
        data: object = ...) -> float | FloatArray: ...
@aligned("margin", "retention", "discount")
def clv(margin: object, retention: object, discount: object, *,
        data: object = None) -> float | FloatArray:
    """Compute the simple customer lifetime value ``margin·r/(1 + d - r)``, vectorised.

    Parameters
    ----------
    margin : float or array-like
        Margin per customer per period (finite; may be negative).
    retention : float or array-like
        Retention per period as a fraction, ``0 <= r < 1``. (The KPI functions
        report percentages: divide them by 100.)
    discount : float or array-like
        Discount rate per period, ``d > -1``, with ``r < 1 + d``.
    data : data frame, optional
        A frame holding the columns: ``margin``, ``retention`` and
        ``discount`` are then column names. Any frame narwhals accepts
        (pandas, Polars eager or lazy, PyArrow, DuckDB, Dask, PySpark) or
        :func:`~expectations.scan` of files; the columns are read from it (see
        the guide page "Scale").

    Returns
    -------
    float or numpy.ndarray
        A float when all three are scalars; otherwise the broadcast array.

    Raises
    ------
    InvalidScoreError
        Values outside the ranges above, or missing.
    LengthMismatchError
        Arrays that do not broadcast.

    Notes
    -----
    The first margin arrives one period from now if the customer stays:
    ``CLV = Σ_{t≥1} m rᵗ/(1 + d)ᵗ``, a geometric series summing to
    ``m r/(1 + d - r)`` (Gupta & Lehmann 2003, *Journal of Interactive
    Marketing* 17(1), 9-24). It assumes constant margin and retention for ever.

    Examples
    --------
    >>> from expectations.kpis import clv
    >>> clv(100.0, 0.8, 0.1)
    266.66...
    >>> clv([100.0, 50.0], 0.8, [0.1, 0.0]).round(2).tolist()
    [266.67, 200.0]
    >>> clv(100.0, 80, 0.1)
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidScoreError: retention must be a fraction in [0, 1); ...
    """
    scalars = all(isinstance(x, (int, float, np.integer, np.floating))
                  for x in (margin, retention, discount))
    m = _array(margin, "margin")
    r = _array(retention, "retention")
    d = _array(discount, "discount")
    _check(m, ~np.isfinite(m), "margin", "finite", "Drop or fill missing margins.")
    _check(r, ~((r >= 0) & (r < 1)), "retention", "a fraction in [0, 1)",
           "Pass retention per period as a fraction: divide a percentage by 100.")
    _check(d, ~(np.isfinite(d) & (d > -1)), "discount", "a rate greater than -1",
           "Pass the discount rate per period as a fraction, for example 0.1.")
    try:
        m, r, d = np.broadcast_arrays(m, r, d)
    except ValueError as exc:
        raise LengthMismatchError(
            f"margin, retention and discount must have matching lengths; got {m.size}, "
            f"{r.size} and {d.size}."
        ) from exc
    denominator = 1.0 + d - r
    _check(r, ~(denominator > 0), "retention", "below 1 + discount",
           "With a negative discount rate, retention must stay below 1 + discount.")
    value: FloatArray = m * r / denominator
    return float(value[0]) if scalars else value


def historical_clv(transactions: object, *, customer: str, date: str, amount: str,
                   margin: float = 1.0, rate: float = 0.0, now: object = None,
                   missing: v.MissingPolicy = "raise") -> pd.Series:
    """Each customer's value so far: past margins compounded to ``now``.

    Parameters
    ----------
    transactions : data frame
        One row per purchase: a pandas DataFrame, any frame narwhals accepts
        (Polars eager or lazy, PyArrow, DuckDB, Dask, PySpark), or
        :func:`~expectations.scan` of files. Only the three named columns
        are collected from a frame that is not pandas.
    customer, date, amount : str
        Names of the customer id, (datetime) date and amount columns.
    margin : float, default 1.0
        Share of each amount that is margin, in ``[0, 1]`` (1 gives revenue).
    rate : float, default 0.0
        Annual rate at which past money is compounded to ``now`` (0 sums it).
    now : date-like, optional
        The day values are brought to; defaults to the day after the last
        purchase. No purchase may be later.
    missing : {"raise", "drop"}, default "raise"
        Rows with a missing customer, date or amount: raise, or drop them
        (counted in ``Series.attrs["n_dropped"]``).

    Returns
    -------
    pandas.Series
        Named ``historical_clv``, indexed by customer id (sorted);
        ``attrs["n_dropped"]`` holds the number of transactions dropped.

    Notes
    -----
    ``value = Σ margin·amount·(1 + rate)^(days before now / 365.25)``.

    Examples
    --------
    >>> import expectations as ex
    >>> from expectations.kpis import historical_clv
    >>> t = ex.datasets.load_retail().transactions
    >>> value = historical_clv(t, customer="customer_id", date="date", amount="amount",
    ...                        margin=0.3)
    >>> value.loc[[60, 956]].round(2)
    customer_id
    60     150.61
    956     20.53
    Name: historical_clv, dtype: float64
    """
    # Imported here: the rest of this module is another change's (issue 14).
    from expectations.engine._whole_frame import whole_frame

    transactions, _ = whole_frame(transactions, [(customer, "text"), (date, "date"),
                                                 (amount, "number")])
    options: tuple[tuple[str, object, float, float], ...] = (
        ("margin", margin, 0.0, 1.0), ("rate", rate, -0.99, 10.0))
    for name, x, low, high in options:
        if isinstance(x, (bool, np.bool_)) or not isinstance(
                x, (int, float, np.integer, np.floating)) or not (
                math.isfinite(float(x)) and low <= float(x) <= high):
            raise InvalidParameterError(
                f"{name} must be a number in [{low}, {high}]; got {x!r}."
            )
    read = read_transactions(transactions, customer=customer, date=date, amount=amount,
                             missing=missing, need_amount=True)
    v.check_not_empty(read.days.size, "transactions")
    amounts = read.amounts if read.amounts is not None else np.zeros(read.days.size)
    now_day = int(read.days.max()) + 1 if now is None else to_day(now, "now")
    late = read.days > now_day
    if late.any():
        i = int(np.flatnonzero(late)[0])
        raise InvalidScoreError(format_message(
            f"column {date!r} (date=)", "on or before now", count=int(late.sum()),
            first=None, position=i if read.rows is None else int(read.rows[i]),
            fix="Filter the transactions to the observation period first."))
    growth = np.power(1.0 + float(rate), (now_day - read.days) / 365.25)
    value = np.bincount(read.groups.codes, weights=float(margin) * amounts * growth,
                        minlength=read.groups.n_groups)
    out: pd.Series = pd.Series(value, index=read.groups.index, name="historical_clv")
    out.attrs["n_dropped"] = read.n_dropped
    return out
