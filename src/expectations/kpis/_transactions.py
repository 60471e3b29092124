"""Read a transaction table and calendar dates once, for RFM, retention and trends.

Every function that takes a table of purchases (one row per transaction: a
customer, a date and usually an amount) goes through :func:`read_transactions`,
so that a missing column, a date column that holds text, a negative amount or
a missing value is reported the same way everywhere. Dates are taken at day
resolution: the time of day is ignored, and a timezone-aware column is read
in its own local time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _grouping
from expectations import _validation as v
from expectations.errors import (
    InvalidParameterError,
    InvalidScoreError,
    SchemaError,
    format_message,
)

__all__ = [
    "FREQUENCIES",
    "Transactions",
    "as_timestamp",
    "check_frequency",
    "day_numbers",
    "describe_dtype",
    "not_dates_error",
    "period_codes",
    "read_transactions",
    "to_day",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Calendar periods accepted by ``freq=``: day, week (ending Sunday), month,
#: quarter and year, as pandas period aliases.
FREQUENCIES: tuple[str, ...] = ("D", "W", "M", "Q", "Y")

_NAT = np.iinfo(np.int64).min


@attrs.frozen(kw_only=True)
class Transactions:
    """Checked transactions: customer codes, day numbers and amounts of the kept rows.

    Attributes
    ----------
    groups : Groups
        Customer codes (``0..n_customers - 1``, sorted by customer id) and ids.
    days : numpy.ndarray of int64
        Day number (days since 1970-01-01) of each kept row.
    amounts : numpy.ndarray of float or None
        The amount of each kept row, when an amount column was named.
    rows : numpy.ndarray of intp or None
        Position in the caller's table of each kept row; None when all were kept.
    n_dropped : int
        Rows dropped for a missing customer, date or amount (``missing="drop"``).
    """

    groups: _grouping.Groups
    days: IntArray = attrs.field(eq=False, repr=False)
    amounts: FloatArray | None = attrs.field(eq=False, repr=False)
    rows: npt.NDArray[np.intp] | None = attrs.field(eq=False, repr=False)
    n_dropped: int


def check_frequency(freq: object) -> str:
    """Check ``freq`` is one of :data:`FREQUENCIES`.

    Examples
    --------
    >>> check_frequency("M")
    'M'
    >>> check_frequency("month")
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: freq must be one of 'D', 'W', ...; got 'month'.
    """
    v.check_option(freq, "freq", FREQUENCIES)
    return str(freq)


def _column(data: pd.DataFrame, column: object, argument: str, table: str) -> pd.Series:
    if not isinstance(column, str):
        raise InvalidParameterError(
            f"{argument} must be the name of a column of {table} (a str); got {column!r}."
        )
    if column not in data.columns:
        present = [repr(c) for c in data.columns[:10]]
        more = f" and {len(data.columns) - 10} more" if len(data.columns) > 10 else ""
        raise SchemaError(
            f"{table} must have the column {column!r} named by {argument}=; "
            f"it has {', '.join(present) or 'no columns'}{more}."
        )
    series: pd.Series = data[column]
    return series


def day_numbers(values: object, name: str) -> IntArray:
    """Convert datetimes to day numbers (days since 1970-01-01), missing as ``INT64_MIN``.

    Accepts a datetime64 Series, Index or numpy array (timezone-aware values
    are read in their local time) and lists, arrays or object columns of
    datetimes or dates. Values with different UTC offsets (times on both
    sides of a daylight-saving change, which pandas keeps in an ``object``
    column) are each read in their own local time. Text is refused rather
    than guessed at; the message describes what the values really are.

    Examples
    --------
    >>> day_numbers(pd.Series(pd.to_datetime(["1970-01-02 23:59", "1970-01-11 00:00"])), "dates")
    array([ 1, 10])
    >>> day_numbers(["2024-01-01"], "dates")
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidScoreError: dates must be datetimes. Got ...; convert with
    pandas.to_datetime (stating the format) first.
    >>> day_numbers([pd.Timestamp("2024-03-30 23:30+01:00"),
    ...              pd.Timestamp("2024-03-31 23:30+02:00")], "dates")
    array([19812, 19813])
    """
    series = values if isinstance(values, (pd.Series, pd.Index)) else None
    if series is None:
        if isinstance(values, (str, bytes)) or values is None:
            raise not_dates_error(name, type(values).__name__)
        arr = np.asarray(values)
        if arr.ndim != 1:
            raise InvalidScoreError(format_message(name, "one-dimensional",
                                                   fix=f"Got shape {arr.shape}."))
        if arr.dtype.kind == "O":
            return _object_days(arr, name, "values")
        series = pd.Index(arr) if arr.size else pd.DatetimeIndex([])
    dtype = series.dtype
    if pd.api.types.is_object_dtype(dtype):
        return _object_days(np.asarray(series, dtype=object), name, "dtype object")
    if not pd.api.types.is_datetime64_any_dtype(dtype):
        raise not_dates_error(name, f"dtype {describe_dtype(series)}")
    if isinstance(dtype, pd.DatetimeTZDtype):
        index = pd.DatetimeIndex(series).tz_localize(None)
        raw: np.ndarray[Any, Any] = index.to_numpy()
    else:
        raw = np.asarray(series.to_numpy())
    days: IntArray = raw.astype("datetime64[D]").view(np.int64)
    return days


def _object_days(arr: np.ndarray[Any, Any], name: str, what: str) -> IntArray:
    """Day numbers of an object array of datetimes or dates, each in its local time."""
    if not arr.size:
        return np.zeros(0, dtype=np.int64)
    kind = pd.api.types.infer_dtype(arr, skipna=True)
    if kind not in ("datetime", "datetime64", "date", "empty"):
        got = (f"values of kind {kind!r}" if what == "values"
               else f"{what} holding values of kind {kind!r}")
        raise not_dates_error(name, got)
    days = np.full(arr.size, _NAT, dtype=np.int64)
    for i, value in enumerate(arr):
        # One by one: values with different UTC offsets have no common dtype, and
        # each is read in its own local time (its wall-clock date).
        if not (value is None or value is pd.NaT or (isinstance(value, float) and value != value)
                or (isinstance(value, np.datetime64) and np.isnat(value))):
            stamp = pd.Timestamp(value)
            if stamp.tzinfo is not None:
                stamp = stamp.tz_localize(None)
            days[i] = int(np.datetime64(stamp.date(), "D").view(np.int64))
    return days


def not_dates_error(name: str, got: str) -> InvalidScoreError:
    """Return the error for ``name`` holding ``got`` (a type, dtype or kind) instead of datetimes.

    Examples
    --------
    >>> not_dates_error("dates", "dtype int64")
    InvalidScoreError('dates must be datetimes. Got dtype int64; convert with pandas.to_datetime
    (stating the format) first.')
    """
    return InvalidScoreError(format_message(
        name, "datetimes",
        fix=f"Got {got}; convert with pandas.to_datetime (stating the format) first."))


def describe_dtype(values: object) -> str:
    """Describe the dtype of a column as it really is, for error messages.

    A timezone-aware column shows its zone (``datetime64[ns, Europe/Berlin]``);
    an ``object`` column of timezone-aware datetimes names their UTC offsets,
    which is how pandas stores times on both sides of a daylight-saving change.

    Examples
    --------
    >>> describe_dtype(pd.Series(pd.to_datetime(["2024-01-01"]).tz_localize("Europe/Berlin")))
    'datetime64[..., Europe/Berlin]'
    >>> describe_dtype(pd.Series([pd.Timestamp("2024-03-30 12:00+01:00"),
    ...                           pd.Timestamp("2024-04-01 12:00+02:00")]))
    'object (datetimes with the UTC offsets +01:00, +02:00)'
    """
    dtype = getattr(values, "dtype", None)
    if dtype is None:
        return type(values).__name__
    if not pd.api.types.is_object_dtype(dtype):
        return str(dtype)
    offsets: list[str] = []
    for value in np.asarray(values, dtype=object)[:10_000]:
        offset = value.utcoffset() if isinstance(value, dt.datetime) else None
        if offset is not None:
            text = pd.Timestamp(value).strftime("%z")
            text = f"{text[:3]}:{text[3:]}"
            if text not in offsets:
                offsets.append(text)
    if offsets:
        return f"object (datetimes with the UTC offsets {', '.join(sorted(offsets))})"
    return "object"


def to_day(value: object, name: str) -> int:
    """Read one date-like value (Timestamp, datetime, date, numpy datetime64, ISO text).

    Examples
    --------
    >>> to_day("1970-01-03", "now")
    2
    >>> to_day(dt.date(1970, 1, 3), "now")
    2
    """
    if isinstance(value, (bool, int, float, np.number)):
        raise InvalidParameterError(
            f"{name} must be a date (Timestamp, datetime, date or ISO text); got {value!r}."
        )
    try:
        stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise InvalidParameterError(
            f"{name} must be a date (Timestamp, datetime, date or ISO text); got {value!r}."
        ) from exc
    if stamp is pd.NaT:
        raise InvalidParameterError(f"{name} must be a date, not missing; got {value!r}.")
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return int(np.datetime64(stamp.date(), "D").view(np.int64))


def period_codes(days: IntArray, freq: str) -> tuple[IntArray, pd.PeriodIndex]:
    """Calendar period of each day number: codes ``0..P - 1`` and every period in the span.

    The index holds every period from the first to the last, including those
    with no rows, so that gaps show rather than vanish.

    Examples
    --------
    >>> codes, index = period_codes(np.array([0, 40, 100]), "M")
    >>> codes.tolist(), [str(p) for p in index]
    ([0, 1, 3], ['1970-01', '1970-02', '1970-03', '1970-04'])
    """
    if days.size == 0:
        return np.zeros(0, dtype=np.int64), pd.PeriodIndex([], freq=freq, name="period")
    ordinals = np.asarray(
        pd.DatetimeIndex(days.astype("datetime64[D]")).to_period(freq).asi8, dtype=np.int64)
    first = int(ordinals.min())
    codes: IntArray = ordinals - first
    start = pd.Period(ordinal=first, freq=freq)
    index = pd.period_range(start=start, periods=int(codes.max()) + 1, freq=freq, name="period")
    return codes, index


def _missing_error(column: str, argument: str, bad: BoolArray) -> InvalidScoreError:
    positions = np.flatnonzero(bad)
    return InvalidScoreError(format_message(
        f"column {column!r} ({argument}=)", "present (not missing)",
        count=int(positions.size), first=None, position=int(positions[0]),
        fix='Fill or drop those rows, or pass missing="drop" to drop and count them.'))


def read_transactions(data: object, *, customer: object, date: object,
                      amount: object = None, missing: str = "raise",
                      table: str = "transactions", need_amount: bool = False) -> Transactions:
    """Check a transaction table and return customer codes, day numbers and amounts.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per transaction.
    customer, date : str
        Column names of the customer id and the (datetime) date.
    amount : str, optional
        Column name of the amount; amounts must be finite and non-negative.
    missing : {"raise", "drop"}
        Rows with a missing customer, date or amount: raise, or drop and count.
    table : str
        The argument's name, for error messages.
    need_amount : bool
        Whether ``amount`` must name a column (True for RFM and value).

    Returns
    -------
    Transactions

    Raises
    ------
    SchemaError
        If ``data`` is not a DataFrame, a named column is absent, or the date
        column does not hold datetimes.
    InvalidScoreError
        On missing values (``missing="raise"``) or negative or infinite amounts.

    Examples
    --------
    >>> t = pd.DataFrame({"who": ["b", "a", "b"], "day": pd.to_datetime(
    ...     ["1970-01-02", "1970-01-05", "1970-01-09"]), "spend": [1.0, 2.0, 3.0]})
    >>> r = read_transactions(t, customer="who", date="day", amount="spend")
    >>> r.groups.codes.tolist(), r.days.tolist(), list(r.groups.index)
    ([1, 0, 1], [1, 4, 8], ['a', 'b'])
    >>> read_transactions(t, customer="id", date="day")
    Traceback (most recent call last):
    ...
    expectations.errors.SchemaError: transactions must have the column 'id' named by customer=; ...
    """
    v.check_option(missing, "missing", ("raise", "drop"))
    if not isinstance(data, pd.DataFrame):
        raise SchemaError(f"{table} must be a pandas DataFrame; got {type(data).__name__}.")
    customers = _column(data, customer, "customer", table)
    dates = _column(data, date, "date", table)
    amounts_col = None if amount is None and not need_amount else _column(
        data, amount, "amount", table)
    # An object column may hold datetimes with several UTC offsets (times across a
    # daylight-saving change); day_numbers reads each in its local time.
    datetimes = pd.api.types.is_datetime64_any_dtype(dates.dtype) or (
        pd.api.types.is_object_dtype(dates.dtype)
        and pd.api.types.infer_dtype(dates, skipna=True) in ("datetime", "date", "empty"))
    if not datetimes:
        raise SchemaError(
            f"{table} column {date!r} (date=) must hold datetimes; got dtype "
            f"{describe_dtype(dates)}. Convert it with pandas.to_datetime (stating the "
            "format) first."
        )
    days = day_numbers(dates, f"column {date!r} (date=)")
    checks: list[tuple[str, str, BoolArray]] = [
        (str(customer), "customer", np.asarray(customers.isna().to_numpy(), dtype=bool)),
        (str(date), "date", days == _NAT),
    ]
    values: FloatArray | None = None
    if amounts_col is not None:
        values = v.to_float_array(amounts_col, f"column {amount!r} (amount=)")
        checks.append((str(amount), "amount", np.isnan(values)))
    drop = np.zeros(len(data), dtype=bool)
    for column, argument, bad in checks:
        if bad.any():
            if missing == "raise":
                raise _missing_error(column, argument, bad)
            drop |= bad
    n_dropped = int(drop.sum())
    rows = None
    if n_dropped:
        rows = np.flatnonzero(~drop)
        customers = customers[~drop]
        days = days[rows]
        values = None if values is None else values[rows]
    if values is not None:
        bad_amount = ~(np.isfinite(values) & (values >= 0))
        if bad_amount.any():
            position = np.flatnonzero(bad_amount)[0]
            raise InvalidScoreError(format_message(
                f"column {amount!r} (amount=)", "finite and non-negative",
                count=int(bad_amount.sum()), first=float(values[position]),
                position=int(position if rows is None else rows[position]),
                fix="Net refunds and cancellations against their orders, or drop them, "
                    "before scoring."))
    groups = _grouping.factorize(customers, len(customers), name=f"column {customer!r}",
                                 missing="raise")
    groups = attrs.evolve(groups, index=groups.index.rename(customer))
    return Transactions(groups=groups, days=days, amounts=values, rows=rows,
                        n_dropped=n_dropped)


def as_timestamp(day: int) -> pd.Timestamp:
    """Turn a day number back into a midnight :class:`pandas.Timestamp`.

    Examples
    --------
    >>> as_timestamp(2)
    Timestamp('1970-01-03 00:00:00')
    """
    stamp: pd.Timestamp = pd.Timestamp(dt.date(1970, 1, 1) + dt.timedelta(days=int(day)))
    return stamp
