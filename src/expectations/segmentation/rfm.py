"""RFM: recency, frequency and monetary value per customer, tie-aware scores, segments.

From a table of transactions, :func:`rfm` computes for every customer

- **recency** — whole days from the customer's last purchase to ``now``;
- **frequency** — the number of purchases (transaction rows);
- **monetary** — total spend (``monetary="total"``) or mean spend per purchase
  (``monetary="mean"``), rounded to 6 decimals so that equal spends added up in
  a different order still tie;
- **tenure** — whole days from the first purchase to ``now``;

scores each of recency, frequency and monetary from 1 (worst) to ``bins``
(best) with :func:`quantile_scores`, and names a segment for each customer by
a first-match rule table (:data:`RFM_SEGMENTS`).

The scoring rule is chosen for real purchase data, where most customers buy
once: a customer's score is ``1 + floor(bins * b / n)``, where ``b`` is the
number of customers with a *strictly worse* value. A customer is only credited
with the customers they actually beat, so

- equal values always get equal scores (no arbitrary tie-breaking by row order);
- the worst value always scores 1, and a frequency that is mostly 1 is not
  spread over several scores: every one-time buyer scores 1;
- a score level no customer reaches is left empty — and reported as empty in
  :attr:`RFMResult.levels` — rather than filled by splitting a tie;
- without ties the rule is ordinary equal-count quantile binning.

One exception: when *every* customer has the same value on a dimension (all
bought yesterday, say), that dimension ranks nobody, and all of them score the
middle level, ``(bins + 1) // 2`` — not 1, which would call yesterday's buyers
"lost". :attr:`RFMResult.notes` says which dimension it was.

Everything is vectorised: customer ids are factorised once, and per-customer
counts, sums, first and last days come from :func:`numpy.bincount` and
``numpy.minimum.at`` / ``numpy.maximum.at``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, ClassVar

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _validation as v
from expectations._output import html_text
from expectations.engine._whole_frame import whole_frame
from expectations.errors import (
    InvalidParameterError,
    InvalidScoreError,
    SchemaError,
    format_message,
)
from expectations.kpis._transactions import as_timestamp, read_transactions, to_day

__all__ = [
    "RFM_COLUMNS",
    "RFM_LEVEL_COLUMNS",
    "RFM_SEGMENTS",
    "RFM_SEGMENT_COLUMNS",
    "RFMResult",
    "quantile_scores",
    "rfm",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
Bound = float | None
Condition = tuple[Bound, Bound]

#: Columns of :attr:`RFMResult.customers`, in order.
RFM_COLUMNS: tuple[str, ...] = (
    "recency", "frequency", "monetary", "tenure", "r_score", "f_score", "m_score", "segment",
)
#: Columns of :attr:`RFMResult.segments` (one row per segment, in rule order).
RFM_SEGMENT_COLUMNS: tuple[str, ...] = (
    "customers", "share", "recency", "frequency", "monetary", "monetary_total",
)
#: Columns of :attr:`RFMResult.levels` (one row per score and level).
RFM_LEVEL_COLUMNS: tuple[str, ...] = ("customers", "share", "value_min", "value_max")

_SCORED = (("r_score", "recency"), ("f_score", "frequency"), ("m_score", "monetary"))
_DEFAULT_BINS = 5
_MAX_BINS = 100
# Monetary values are kept to a millionth of the currency unit (exact up to 10^9).
_DECIMALS = 6


def _rules(table: dict[str, dict[str, Condition]]) -> Mapping[str, Mapping[str, Condition]]:
    return MappingProxyType({name: MappingProxyType(conds) for name, conds in table.items()})


#: The default segment rules for 1..5 scores, applied in order: a customer gets
#: the first segment whose every condition holds. Each condition is an
#: inclusive ``(low, high)`` range on a column of :attr:`RFMResult.customers`
#: (``None`` leaves a side open). Together they cover every customer. Rules that
#: separate one-time from repeat buyers use ``frequency`` itself, not
#: ``f_score``, so they mean the same on any data.
RFM_SEGMENTS: Mapping[str, Mapping[str, Condition]] = _rules({
    "champions": {"r_score": (4, 5), "f_score": (4, 5), "m_score": (4, 5)},
    "loyal": {"r_score": (3, 5), "f_score": (4, 5)},
    "potential loyalist": {"r_score": (4, 5), "frequency": (2, None)},
    "new": {"r_score": (4, 5), "frequency": (1, 1)},
    "cannot lose": {"r_score": (1, 2), "f_score": (4, 5)},
    "at risk": {"r_score": (1, 2), "frequency": (2, None)},
    "need attention": {"r_score": (3, 3), "frequency": (2, None)},
    "promising": {"r_score": (3, 3), "frequency": (1, 1)},
    "hibernating": {"r_score": (2, 2), "frequency": (1, 1)},
    "lost": {"r_score": (1, 1), "frequency": (1, 1)},
})


@attrs.frozen(kw_only=True)
class RFMResult:
    """Per-customer RFM values, scores and segments, with summaries.

    Attributes
    ----------
    customers : pandas.DataFrame
        One row per customer, indexed by customer id (sorted), with the columns
        :data:`RFM_COLUMNS`. ``segment`` is categorical, its categories in rule
        order followed by the default label.
    segments : pandas.DataFrame
        One row per segment (every rule, then the default), with the columns
        :data:`RFM_SEGMENT_COLUMNS`: customer count, share in percent, mean
        recency, frequency and monetary value, and total monetary value.
        Segments no customer falls in have ``customers == 0`` and NaN means.
    levels : pandas.DataFrame
        Indexed by ``(score, level)`` for ``r_score``, ``f_score``, ``m_score``
        and every level ``1..bins``, with the columns :data:`RFM_LEVEL_COLUMNS`:
        how many customers got the level and the range of values it covers.
        Levels nobody reached have ``customers == 0`` and NaN bounds.
    now : pandas.Timestamp
        The day recency and tenure are measured to.
    bins : int
        The number of score levels.
    monetary : str
        ``"total"`` or ``"mean"`` spend.
    n_dropped : int
        Transactions dropped for a missing customer, date or amount.
    notes : tuple of str
        What was out of the ordinary, in words: a dimension on which every
        customer ties, and so scores the middle level (see :func:`rfm`).

    Examples
    --------
    >>> tx = pd.DataFrame({"customer": [1, 1, 2, 3],
    ...                    "date": pd.to_datetime(["2024-01-01", "2024-03-01",
    ...                                            "2024-02-01", "2024-03-05"]),
    ...                    "amount": [10.0, 20.0, 5.0, 7.5]})
    >>> r = rfm(tx, customer="customer", date="date", amount="amount")
    >>> r.customers["frequency"].tolist(), r.customers["segment"].tolist()
    ([2, 1, 1], ['cannot lose', 'lost', 'new'])
    """

    _headline: ClassVar[tuple[str, ...]] = ()

    customers: pd.DataFrame = attrs.field(eq=False, repr=False)
    segments: pd.DataFrame = attrs.field(eq=False, repr=False)
    levels: pd.DataFrame = attrs.field(eq=False, repr=False)
    now: pd.Timestamp
    bins: int
    monetary: str
    n_dropped: int
    notes: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """Return a copy of the per-customer table."""
        out: pd.DataFrame = self.customers.copy()
        return out

    def __repr__(self) -> str:
        top = self.segments["customers"].sort_values(ascending=False, kind="stable").head(3)
        shown = ", ".join(f"{name}={int(n)}" for name, n in top.items())
        return (f"RFMResult(customers={len(self.customers)}, bins={self.bins}, "
                f"now={self.now.date()}, largest segments: {shown})")

    def _repr_html_(self) -> str:
        table: str = self.segments.to_html(float_format=lambda x: f"{x:.4g}")
        notes = "".join(f"<p><em>{html_text(note)}</em></p>" for note in self.notes)
        return f"<div><p>{html_text(repr(self))}</p>{notes}{table}</div>"


def quantile_scores(values: object, *, bins: int = 5, higher_is_better: bool = True,
                    name: str = "values") -> IntArray:
    """Score values 1..``bins`` by quantile, giving equal values equal scores.

    Each value scores ``1 + floor(bins * b / n)``, where ``b`` counts the values
    strictly worse than it (smaller, or larger when ``higher_is_better`` is
    False) and ``n`` counts all values.

    Parameters
    ----------
    values : array-like of float
        The values to score; no missing values.
    bins : int, default 5
        The number of score levels, 2..100.
    higher_is_better : bool, default True
        Whether larger values earn higher scores (False for recency).
    name : str, default "values"
        The argument's name, for error messages.

    Returns
    -------
    numpy.ndarray of int64
        Scores in ``1..bins``.

    Raises
    ------
    InvalidScoreError
        On missing values or non-numbers.
    InvalidParameterError
        If ``bins`` is not an integer in 2..100.

    Notes
    -----
    Guarantees, for any data:

    1. scores lie in ``1..bins``, and the worst value scores 1;
    2. equal values get equal scores, and scores never decrease as values improve;
    3. a score ``s`` means at least ``(s - 1)/bins`` of all values are strictly
       worse: ties never lift a value above the customers it actually beats, so
       a tie holding most of the data (one purchase) stays at the bottom, and a
       level that no value reaches is left empty instead of being filled by
       splitting a tie;
    4. without ties, and with ``n`` a multiple of ``bins``, every level holds
       exactly ``n/bins`` values — ordinary quantile (quintile) scoring.

    The rule is ``pandas.Series.rank(method="min")`` turned into a level:
    ``1 + (bins * (rank - 1)) // n``, in integer arithmetic.

    Examples
    --------
    >>> quantile_scores([1, 1, 1, 1, 1, 1, 2, 2, 3, 7]).tolist()
    [1, 1, 1, 1, 1, 1, 4, 4, 5, 5]
    >>> quantile_scores([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]).tolist()
    [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    >>> quantile_scores([3, 1, 30, 1], bins=4, higher_is_better=False).tolist()
    [2, 3, 1, 3]
    """
    b = _check_bins(bins)
    x = v.to_float_array(values, name)
    v.handle_missing(x, name, "raise")
    return _scores(x, b, higher_is_better)


def _scores(x: npt.NDArray[Any], bins: int, higher_is_better: bool) -> IntArray:
    n = x.size
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    _, inverse, counts = np.unique(x, return_inverse=True, return_counts=True)
    if not higher_is_better:
        counts = counts[::-1]
    worse = np.cumsum(counts) - counts
    level = 1 + (bins * worse) // n
    if not higher_is_better:
        level = level[::-1]
    scores: IntArray = level.astype(np.int64)[inverse.ravel()]
    return scores


def _check_bins(bins: object) -> int:
    if (isinstance(bins, (bool, np.bool_)) or not isinstance(bins, (int, np.integer))
            or not 2 <= int(bins) <= _MAX_BINS):
        raise InvalidParameterError(
            f"bins must be an integer in 2..{_MAX_BINS}; got {bins!r}."
        )
    return int(bins)


def _bound(value: object, where: str) -> Bound:
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(
            value, (int, float, np.integer, np.floating)) or math.isnan(float(value)):
        raise InvalidParameterError(
            f"{where} must be a number or None (an open side); got {value!r}."
        )
    return float(value)


def _parse_rules(segments: object, default: object,
                 ) -> tuple[list[str], list[list[tuple[str, Condition]]]]:
    """Check a rule table and return the names and each rule's (column, range) pairs."""
    if not isinstance(segments, Mapping):
        raise InvalidParameterError(
            "segments must be a mapping of segment name to conditions, "
            f"{{column: (low, high)}}; got {type(segments).__name__}."
        )
    if not isinstance(default, str):
        raise InvalidParameterError(f"default must be a str; got {default!r}.")
    names: list[str] = []
    rules: list[list[tuple[str, Condition]]] = []
    allowed = RFM_COLUMNS[:-1]
    for label, conditions in segments.items():
        if not isinstance(label, str) or not label:
            raise InvalidParameterError(f"segments names must be non-empty str; got {label!r}.")
        if label == default:
            raise InvalidParameterError(
                f"segments must not use the default label {default!r} as a rule name; "
                "pass another default=."
            )
        if not isinstance(conditions, Mapping):
            raise InvalidParameterError(
                f"segments[{label!r}] must be a mapping {{column: (low, high)}}; "
                f"got {type(conditions).__name__}."
            )
        parsed: list[tuple[str, Condition]] = []
        for column, condition in conditions.items():
            if column not in allowed:
                raise SchemaError(
                    f"segments[{label!r}] must name columns of the RFM table; "
                    f"{column!r} is not one of {', '.join(map(repr, allowed))}."
                )
            where = f"segments[{label!r}][{column!r}]"
            if isinstance(condition, Sequence) and not isinstance(condition, str):
                if len(condition) != 2:
                    raise InvalidParameterError(
                        f"{where} must be a number or a (low, high) pair; got {condition!r}."
                    )
                low, high = _bound(condition[0], where), _bound(condition[1], where)
            else:
                low = high = _bound(condition, where)
                if low is None:
                    raise InvalidParameterError(f"{where} must not be None on its own.")
            if low is not None and high is not None and low > high:
                raise InvalidParameterError(
                    f"{where} must have low <= high; got {condition!r}."
                )
            parsed.append((str(column), (low, high)))
        names.append(label)
        rules.append(parsed)
    return names, rules


def _assign(columns: Mapping[str, npt.NDArray[Any]], names: list[str],
            rules: list[list[tuple[str, Condition]]], n: int) -> IntArray:
    """First-match rule codes per customer; ``len(rules)`` for the default."""
    codes = np.full(n, len(rules), dtype=np.int64)
    open_rows = np.ones(n, dtype=bool)
    # One vectorised pass per rule (rules are few); never a loop over customers.
    for i, rule in enumerate(rules):
        match = open_rows.copy()
        for column, (low, high) in rule:
            values = columns[column]
            if low is not None:
                match &= values >= low
            if high is not None:
                match &= values <= high
        codes[match] = i
        open_rows &= ~match
    return codes


def _level_table(columns: Mapping[str, npt.NDArray[Any]], bins: int, n: int) -> pd.DataFrame:
    parts = []
    for score, value in _SCORED:
        s = columns[score]
        x = columns[value].astype(np.float64)
        count = np.bincount(s, minlength=bins + 1)[1:]
        low = np.full(bins + 1, np.inf)
        high = np.full(bins + 1, -np.inf)
        np.minimum.at(low, s, x)
        np.maximum.at(high, s, x)
        empty = count == 0
        parts.append(pd.DataFrame({
            "customers": count.astype(np.int64),
            "share": 100.0 * count / n,
            "value_min": np.where(empty, np.nan, low[1:]),
            "value_max": np.where(empty, np.nan, high[1:]),
        }, index=pd.MultiIndex.from_product([[score], range(1, bins + 1)],
                                            names=["score", "level"])))
    out: pd.DataFrame = pd.concat(parts)
    return out


def _segment_table(codes: IntArray, labels: list[str],
                   columns: Mapping[str, npt.NDArray[Any]]) -> pd.DataFrame:
    k = len(labels)
    count = np.bincount(codes, minlength=k)
    with np.errstate(invalid="ignore", divide="ignore"):
        data: dict[str, Any] = {
            "customers": count.astype(np.int64),
            "share": 100.0 * count / codes.size,
        }
        for column in ("recency", "frequency", "monetary"):
            total = np.bincount(codes, weights=columns[column].astype(np.float64), minlength=k)
            data[column] = np.where(count > 0, total / np.maximum(count, 1), np.nan)
        data["monetary_total"] = np.bincount(codes, weights=columns["monetary_sum"],
                                             minlength=k)
    out: pd.DataFrame = pd.DataFrame(data, index=pd.Index(labels, name="segment"))
    return out


def rfm(transactions: object, *, customer: str, date: str, amount: str,
        now: object = None, bins: int = 5, monetary: str = "total",
        segments: Mapping[str, Mapping[str, object]] | None = None,
        default: str = "other", missing: v.MissingPolicy = "raise") -> RFMResult:
    """Recency, frequency and monetary value per customer, scored and segmented.

    Parameters
    ----------
    transactions : data frame
        One row per purchase: a pandas DataFrame, any frame narwhals accepts
        (Polars eager or lazy, PyArrow, DuckDB, Dask, PySpark), or
        :func:`~expectations.scan` of files. Only the three named columns
        are collected from a frame that is not pandas.
    customer, date, amount : str
        Names of the customer id, purchase date (datetime) and amount columns.
        Amounts must be finite and non-negative.
    now : date-like, optional
        The day recency and tenure are measured to. Defaults to the day after
        the last transaction, so the latest buyers have recency 1. No
        transaction may be later than ``now``.
    bins : int, default 5
        Score levels ``1..bins`` (see :func:`quantile_scores`).
    monetary : {"total", "mean"}, default "total"
        Monetary value as total spend or as mean spend per purchase.
    segments : mapping, optional
        Segment rules, first match wins: ``{name: {column: (low, high) or
        value}}`` with inclusive bounds (``None`` for an open side) on the
        columns of :data:`RFM_COLUMNS` (except ``segment``). Plain data, so it
        can be loaded from JSON. Defaults to :data:`RFM_SEGMENTS`, which is
        written for ``bins=5``; with other ``bins`` it must be given (``{}``
        puts everyone in ``default``).
    default : str, default "other"
        Segment of customers no rule matches.
    missing : {"raise", "drop"}, default "raise"
        Transactions with a missing customer, date or amount: raise, or drop
        them and report how many in ``n_dropped``.

    Returns
    -------
    RFMResult
        ``customers`` (one row per customer), ``segments`` and ``levels``
        summaries. A dimension on which all customers tie (every recency 1,
        say) ranks nobody: everyone scores the middle level on it,
        ``(bins + 1) // 2``, rather than 1, and ``notes`` says so. With the
        default rules, customers who all bought yesterday, once, are then
        ``"promising"``, not ``"lost"``.

    Raises
    ------
    SchemaError
        A named column is missing, or the date column does not hold datetimes;
        a rule names an unknown column.
    InvalidScoreError
        Missing values (``missing="raise"``), negative amounts, or a
        transaction after ``now``.
    InvalidParameterError
        Invalid ``bins``, ``monetary``, ``now`` or rule table.
    InsufficientDataError
        No transactions.

    Notes
    -----
    Dates count at day resolution. With ``D`` the last purchase day, ``F`` the
    first and ``now`` the reference day, ``recency = now - D`` and
    ``tenure = now - F`` in days.

    Compared with ``lifetimes.utils.summary_data_from_transaction_data``
    (Davidson-Pilon et al.), which prepares data for buy-till-you-die models:
    lifetimes merges purchases on the same day into one, does not count the
    first purchase (``frequency`` = repeat purchase days), measures its
    ``recency`` from the first to the last purchase, ``T`` from the first
    purchase to the end of the observation period (which defaults to the last
    transaction day, not the day after), and its ``monetary_value`` is the mean
    of the repeat purchase days. Here every transaction row is a purchase, and
    recency is the marketing RFM quantity "days since the last purchase". On
    data with at most one row per customer and day and with
    ``now = observation_period_end``: ``frequency`` here is lifetimes'
    ``frequency + 1``, ``recency`` here is ``T - recency`` there, ``tenure``
    is ``T``, and ``monetary="mean"`` equals lifetimes' ``monetary_value``
    with ``include_first_transaction=True``.

    Examples
    --------
    >>> import expectations as ex
    >>> from expectations.segmentation.rfm import rfm
    >>> t = ex.datasets.load_retail().transactions
    >>> result = rfm(t, customer="customer_id", date="date", amount="amount")
    >>> result.now
    Timestamp('2025-07-01 00:00:00')
    >>> result.customers.loc[[60, 4, 956], ["recency", "frequency", "monetary", "segment"]]
                 recency  frequency  monetary    segment
    customer_id
    60                 6          4    502.03  champions
    4                 41          3     66.16      loyal
    956              547          1     68.43       lost
    >>> result.customers.loc[[60, 4, 956], ["r_score", "f_score", "m_score"]]
                 r_score  f_score  m_score
    customer_id
    60                 5        4        5
    4                  4        4        3
    956                1        1        3

    57% of the demo customers bought once; they all score 1 on frequency, and
    no level is filled by splitting them (level 2 stays empty):

    >>> result.levels.loc["f_score", "customers"].tolist()
    [1432, 0, 301, 380, 387]
    >>> result.segments.loc[["champions", "new", "lost"], ["customers", "share"]]
               customers  share
    segment
    champions        410  16.40
    new              448  17.92
    lost             404  16.16

    Any frame gives the same result, for instance a Polars one:

    >>> import polars as pl
    >>> same = rfm(pl.from_pandas(t), customer="customer_id", date="date", amount="amount")
    >>> same.customers.loc[[60, 4], ["recency", "frequency", "segment"]]
                 recency  frequency    segment
    customer_id
    60                 6          4  champions
    4                 41          3      loyal
    """
    transactions, _ = whole_frame(transactions, [(customer, "text"), (date, "date"),
                                                 (amount, "number")])
    b = _check_bins(bins)
    v.check_option(monetary, "monetary", ("total", "mean"))
    if segments is None:
        if b != _DEFAULT_BINS:
            raise InvalidParameterError(
                f"segments must be given when bins is not {_DEFAULT_BINS}: the default rule "
                f"table RFM_SEGMENTS is written for 1..{_DEFAULT_BINS} scores; got bins={b}. "
                "Pass a table for your scores, or segments={} for none."
            )
        segments = RFM_SEGMENTS
    names, rules = _parse_rules(segments, default)
    read = read_transactions(transactions, customer=customer, date=date, amount=amount,
                             missing=missing, need_amount=True)
    v.check_not_empty(read.days.size, "transactions")
    amounts = read.amounts if read.amounts is not None else np.zeros(read.days.size)
    codes = read.groups.codes
    k = read.groups.n_groups
    days = read.days
    if now is None:
        now_day = int(days.max()) + 1
    else:
        now_day = to_day(now, "now")
        late = days > now_day
        if late.any():
            i = int(np.flatnonzero(late)[0])
            raise InvalidScoreError(format_message(
                f"column {date!r} (date=)", f"on or before now ({as_timestamp(now_day).date()})",
                count=int(late.sum()), first=str(as_timestamp(int(days[i])).date()),
                position=i if read.rows is None else int(read.rows[i]),
                fix="Filter the transactions to the observation period first."))
    last = np.full(k, np.iinfo(np.int64).min, dtype=np.int64)
    first = np.full(k, np.iinfo(np.int64).max, dtype=np.int64)
    np.maximum.at(last, codes, days)
    np.minimum.at(first, codes, days)
    frequency = np.bincount(codes, minlength=k).astype(np.int64)
    total = np.bincount(codes, weights=amounts, minlength=k)
    # Sums of the same amounts added in another order can differ in the last bit;
    # rounding makes them tie, as the guarantee "equal values, equal scores" needs.
    value = np.round(total if monetary == "total" else total / frequency, _DECIMALS)
    columns: dict[str, npt.NDArray[Any]] = {
        "recency": now_day - last,
        "frequency": frequency,
        "monetary": value,
        "tenure": now_day - first,
    }
    columns["r_score"] = _scores(columns["recency"], b, higher_is_better=False)
    columns["f_score"] = _scores(frequency, b, higher_is_better=True)
    columns["m_score"] = _scores(value, b, higher_is_better=True)
    notes = _untie(columns, b)
    segment_codes = _assign(columns, names, rules, k)
    labels = [*names, default]
    table = pd.DataFrame(columns, index=read.groups.index)
    table["segment"] = pd.Categorical.from_codes(segment_codes, categories=pd.Index(labels))
    summary = _segment_table(segment_codes, labels, {**columns, "monetary_sum": total})
    return RFMResult(customers=table, segments=summary, levels=_level_table(columns, b, k),
                     now=as_timestamp(now_day), bins=b, monetary=str(monetary),
                     n_dropped=read.n_dropped, notes=notes)


def _untie(columns: dict[str, npt.NDArray[Any]], bins: int) -> tuple[str, ...]:
    """Score the middle level on each dimension where every customer ties; say so.

    The quantile rule gives a tie its worst level; a tie of everyone is no
    ranking at all, and level 1 there would read as "worst" (recency 1 day
    scoring "lost").
    """
    middle = (bins + 1) // 2
    notes = []
    for score, value in _SCORED:
        values = columns[value]
        if values.size and bool(np.all(values == values[0])):
            columns[score] = np.full(values.size, middle, dtype=np.int64)
            shown = values[0].item() if isinstance(values[0], np.generic) else values[0]
            notes.append(f"every customer has {value} {shown}: {score} ranks nobody, "
                         f"so all score the middle level {middle} of 1..{bins}")
    return tuple(notes)
