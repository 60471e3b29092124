"""Closing the loop: which customers to contact after a survey, and in what order.

A survey is only half of the work: the customers who said they were unhappy
expect an answer. :func:`follow_up` turns 0-10 answers into a call list for a
customer-relationship (CRM) system: detractors first, then passives (promoters
are not listed), each group ordered by the value at risk and then by how
recent the answer is, with the themes of each customer's comment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
from expectations.kpis._transactions import not_dates_error
from expectations.scoring._input import integer_scores

__all__ = ["FOLLOW_UP_COLUMNS", "crm_csv", "follow_up", "read_follow_up"]

#: The columns of :func:`follow_up`'s table, in order (the index is ``customer``).
FOLLOW_UP_COLUMNS: tuple[str, ...] = ("score", "group", "priority", "value", "date", "themes")

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]

_DROP_FIX = 'Drop them, or pass missing="drop" to drop and count them.'
_LATEST = np.iinfo(np.int64).max


def _length(values: object, name: str) -> int:
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise InvalidParameterError(format_message(
            name, "an array-like with one value per answer",
            fix=f"Got {type(values).__name__}."))
    return len(values)


def _objects(values: object, name: str) -> npt.NDArray[Any]:
    """Return ``values`` as a one-dimensional object array (a copy: never the caller's)."""
    _length(values, name)
    if isinstance(values, pd.DataFrame):
        raise InvalidParameterError(format_message(
            name, "one column (a Series or an array)", fix="Got a DataFrame; pick a column."))
    if isinstance(values, (pd.Series, pd.Index)):
        out: npt.NDArray[Any] = values.to_numpy(dtype=object)
    else:
        out = np.empty(len(values), dtype=object)  # type: ignore[arg-type]
        out[:] = list(values)  # type: ignore[call-overload]
    if out.ndim != 1:
        raise InvalidParameterError(format_message(name, "one-dimensional",
                                                   fix=f"Got shape {out.shape}."))
    return out


def _missing_mask(values: npt.NDArray[Any]) -> BoolArray:
    mask: BoolArray = np.asarray(pd.isna(values), dtype=bool)
    return mask


def _check_limit(limit: object) -> int | None:
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, (int, np.integer)) or limit < 1:
        raise InvalidParameterError(format_message(
            "limit", "None or a whole number of rows, at least 1", fix=f"Got {limit!r}."))
    return int(limit)


def _values(value: object, n: int) -> npt.NDArray[np.float64]:
    if value is None:
        return np.full(n, np.nan)
    numbers = v.to_float_array(value, "value")
    v.check_same_length(scores=range(n), value=numbers)
    bad = np.isinf(numbers)
    if bad.any():
        raise v.first_bad(
            numbers, bad, "value", "finite numbers (or missing)",
            "Replace infinite values, or leave them missing to list those customers last.")
    return numbers


def _dates(dates: object, n: int) -> tuple[pd.Series, IntArray]:
    """Return the dates as a Series, and an ordering key (an instant; NaT the oldest)."""
    if dates is None:
        return pd.Series(np.full(n, np.datetime64("NaT", "ns"))), np.full(n, np.iinfo(
            np.int64).min)
    if isinstance(dates, (str, bytes)) or not hasattr(dates, "__len__"):
        raise not_dates_error("dates", type(dates).__name__)
    series = dates if isinstance(dates, pd.Series) else pd.Series(
        dates if isinstance(dates, (np.ndarray, pd.Index)) else _objects(dates, "dates"))
    v.check_same_length(scores=range(n), dates=series)
    dtype = series.dtype
    if pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype):
        kind = pd.api.types.infer_dtype(series, skipna=True)
        if kind not in ("datetime", "datetime64", "date", "empty"):
            raise not_dates_error("dates", f"values of kind {kind!r}")
        try:
            series = pd.to_datetime(series)
        except (ValueError, TypeError):  # several UTC offsets: compare them as instants
            series = pd.to_datetime(series, utc=True)
    elif not pd.api.types.is_datetime64_any_dtype(dtype):
        raise not_dates_error("dates", f"dtype {dtype}")
    instants = series.dt.tz_convert("UTC").dt.tz_localize(None) \
        if isinstance(series.dtype, pd.DatetimeTZDtype) else series
    key: IntArray = instants.to_numpy(dtype="datetime64[us]").view(np.int64)
    out = series.reset_index(drop=True)
    return out, key


def _texts(texts: object, n: int) -> npt.NDArray[Any]:
    """Return the comments as an object array of str, a missing comment as ``""``."""
    values = _objects(texts, "texts")
    v.check_same_length(scores=range(n), texts=values)
    missing = _missing_mask(values)
    bad = ~missing & ~np.fromiter((isinstance(x, str) for x in values), bool, len(values))
    if bad.any():
        raise v.first_bad(values, bad, "texts", "text (or missing)",
                          "Convert the comments to str first.")
    v.check_text(values, "texts")  # here, where positions are still the caller's
    out: npt.NDArray[Any] = np.where(missing, "", values).astype(object)
    return out


def _order_of(ids: npt.NDArray[Any]) -> IntArray:
    """Return each id's rank in sorted order (mixed types sort by type name, then text)."""
    try:
        codes, _ = pd.factorize(ids, sort=True)
    except TypeError:
        labels = np.array([f"{type(x).__name__}:{x!r}" for x in ids], dtype=object)
        codes, _ = pd.factorize(labels, sort=True)
    return np.asarray(codes, dtype=np.int64)


def _latest(ids: npt.NDArray[Any], instants: IntArray) -> IntArray:
    """Return the positions of each customer's latest answer (by date, then position)."""
    try:
        codes, uniques = pd.factorize(ids)
    except TypeError as exc:
        raise InvalidParameterError(format_message(
            "customers", "hashable ids (numbers or text)", fix=f"Got {exc}.")) from None
    # Object ids (pandas 2, lists) take a lone surrogate silently; scan the distinct ones.
    if any(isinstance(u, str) and v.surrogate_at(u) is not None for u in uniques):
        v.check_text(ids, "customers")
    positions = np.arange(len(ids))
    order = np.lexsort((positions, instants, codes))
    grouped = codes[order]
    last = np.ones(len(order), dtype=bool)
    last[:-1] = grouped[1:] != grouped[:-1]
    latest: IntArray = order[last].astype(np.int64)
    return latest


def _themes(texts: npt.NDArray[Any], lexicon: object) -> list[str]:
    from expectations.voice.themes import tag_themes

    if not len(texts):
        return []
    tags = tag_themes(texts, lexicon).tags
    flags = tags.to_numpy(dtype=bool)
    names = [str(c) for c in tags.columns]
    return ["; ".join(name for name, hit in zip(names, row, strict=True) if hit)
            for row in flags]


def _empty_table(index: pd.Index) -> pd.DataFrame:
    table: pd.DataFrame = pd.DataFrame({
        "score": pd.Series([], dtype=np.int64), "group": pd.array([], dtype="string"),
        "priority": pd.Series([], dtype=np.int64), "value": pd.Series([], dtype=np.float64),
        "date": pd.Series([], dtype="datetime64[ns]"),
        "themes": pd.array([], dtype="string")}, index=index)
    return table


@aligned("scores", "customers", "value", "dates", "texts")
def follow_up(scores: object, *, customers: object, value: object = None,
              dates: object = None, texts: object = None, lexicon: object = None,
              limit: int | None = None, missing: v.MissingPolicy = "raise",
              data: object = None) -> pd.DataFrame:
    """Return the customers to contact after an NPS survey, in the order to contact them.

    Detractors (0-6) come first, then passives (7-8); promoters (9-10) are
    not listed. Within each group the customer with the most value at risk
    comes first (``value``, for example the customer lifetime value; a
    missing value sorts last), then the most recent answer (``dates``; a
    missing date sorts last), then the lower score, then the customer id.

    A customer who answered several times counts once, with the latest
    answer: the one with the latest date, or, without dates (or among answers
    on the same date), the last one given. That answer alone decides the
    group: a detractor who answered again as a promoter is not listed.

    Parameters
    ----------
    scores : array-like
        0-10 "likely to recommend" answers, one per response.
    customers : array-like
        The customer (respondent) id of each response.
    value : array-like of float, optional
        Value at risk per response (CLV, annual revenue, ...); higher first.
    dates : array-like of datetimes, optional
        When each response was given: the latest answer counts, and more
        recent answers come first. Text is refused, not guessed at.
    texts : array-like of str, optional
        The comment of each response; a missing comment has no themes.
    lexicon : Lexicon or mapping of str to list of str, optional
        The themes to tag the comments with (see :func:`tag_themes`); the
        built-in lexicon when None.
    limit : int, optional
        Keep only the first ``limit`` customers.
    missing : {"raise", "drop"}, default "raise"
        Responses without a score or a customer id: raise, or drop them and
        count them in ``attrs["n_dropped"]``.
    data : data frame, optional
        A frame holding the columns: ``scores``, ``customers``, ``value``,
        ``dates`` and ``texts`` are then column names. Any frame narwhals
        accepts (pandas, Polars eager or lazy, PyArrow, DuckDB, Dask, PySpark)
        or :func:`~expectations.scan` of files; the columns are read from it
        (see the guide page "Scale").

    Returns
    -------
    pandas.DataFrame
        One row per customer to contact, indexed by ``customer``, with the
        columns :data:`FOLLOW_UP_COLUMNS`: ``score`` (0-10), ``group``
        (``"detractor"`` or ``"passive"``), ``priority`` (1 = contact first,
        consecutive), ``value`` (NaN when not given), ``date`` (NaT when not
        given) and ``themes`` (the themes of the comment joined by ``"; "``,
        empty when it mentions none, missing when ``texts`` is not given).
        ``attrs`` holds ``n_customers`` (distinct customers with a scored
        answer), ``n_repeats`` (earlier answers of repeat respondents, left
        out), ``n_dropped`` (responses dropped as missing) and
        ``n_to_contact`` (detractors and passives before ``limit``).

    Raises
    ------
    InvalidScoreError
        A score that is not an integer in 0..10, a value that is infinite,
        dates that are not datetimes, a comment that is not text, or a missing
        score or customer with ``missing="raise"``.
    LengthMismatchError
        Arguments of different lengths (or, for Series, different labels).
    InvalidParameterError
        An invalid ``limit``, ``missing`` or lexicon.

    Examples
    --------
    >>> import pandas as pd
    >>> table = follow_up(
    ...     [3, 9, 7, 6, 10, 2],
    ...     customers=["ann", "bob", "cy", "dee", "ann", "eve"],
    ...     value=[500.0, 900.0, 1200.0, 80.0, 500.0, None],
    ...     dates=pd.to_datetime(["2024-05-01", "2024-05-02", "2024-05-03",
    ...                           "2024-05-04", "2024-04-01", "2024-05-05"]),
    ...     texts=["Courier lost my parcel", None, "Too expensive", "Rude staff",
    ...            "Great", "The app keeps crashing"])
    >>> table[["score", "group", "priority", "value"]]
              score      group  priority   value
    customer
    ann           3  detractor         1   500.0
    dee           6  detractor         2    80.0
    eve           2  detractor         3     NaN
    cy            7    passive         4  1200.0
    >>> table.loc["ann", "themes"], table.loc["eve", "themes"], table.attrs["n_repeats"]
    ('delivery', 'website_and_app', 1)
    """
    v.check_option(missing, "missing", ("raise", "drop"))
    rows = _check_limit(limit)
    if lexicon is not None:
        from expectations.voice.lexicon import as_lexicon

        lexicon = as_lexicon(lexicon)
    n = _length(scores, "scores")
    ids = _objects(customers, "customers")
    if len(ids) != n:
        raise LengthMismatchError(
            f"customers must be the same length as scores ({n}); got {len(ids)}.")
    amounts = _values(value, n)
    stamps, instants = _dates(dates, n)
    comments = None if texts is None else _texts(texts, n)
    codes, keep, n_dropped = integer_scores(scores, "scores", 0, 10, missing=missing,
                                            what="for NPS")
    all_scores = np.zeros(n, dtype=np.int64)
    kept = np.ones(n, dtype=bool) if keep is None else keep
    all_scores[kept] = codes
    no_id = _missing_mask(ids)
    if no_id.any():
        if missing == "raise":
            raise v.first_bad(ids, no_id, "customers", "present (not missing)", _DROP_FIX)
        n_dropped += int((no_id & kept).sum())
        kept = kept & ~no_id
    rows_kept = np.flatnonzero(kept)
    latest = rows_kept[_latest(ids[rows_kept], instants[rows_kept])]
    n_customers = len(latest)
    listed = latest[all_scores[latest] <= 8]
    detractor = all_scores[listed] <= 6
    value_key = np.where(np.isnan(amounts[listed]), np.inf, -amounts[listed])
    date_key = np.where(instants[listed] == np.iinfo(np.int64).min, _LATEST,
                        -instants[listed])
    order = np.lexsort((_order_of(ids[listed]), all_scores[listed], date_key, value_key,
                        ~detractor))
    chosen = listed[order][:rows]
    with v.text_conversion(ids, "customers"):  # Arrow strings refuse a lone surrogate
        index = pd.Index(list(ids[chosen]), name="customer")
    table: pd.DataFrame
    if len(chosen):
        themes = pd.array([pd.NA] * len(chosen), dtype="string") if comments is None \
            else pd.array(_themes(comments[chosen], lexicon), dtype="string")
        table = pd.DataFrame({
            "score": all_scores[chosen],
            "group": pd.array(np.where(all_scores[chosen] <= 6, "detractor", "passive"),
                              dtype="string"),
            "priority": np.arange(1, len(chosen) + 1, dtype=np.int64),
            "value": amounts[chosen],
            "date": stamps.iloc[chosen].to_numpy() if not isinstance(
                stamps.dtype, pd.DatetimeTZDtype) else stamps.iloc[chosen].array,
            "themes": themes}, index=index)
    else:
        table = _empty_table(index)
    table.attrs.update(n_customers=n_customers, n_repeats=int(len(rows_kept) - n_customers),
                       n_dropped=int(n_dropped), n_to_contact=len(listed))
    return table


# ------------------------------------------------------------- the command line
def _column(raw: Any, column: str, option: str) -> str:
    """Check that the file has ``column`` (named by ``option``), with a hint when it does not."""
    import difflib

    from expectations.errors import SchemaError

    columns = [str(c) for c in raw.frame.columns]
    if column in columns:
        return column
    close = difflib.get_close_matches(column, columns, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    shown = ", ".join(repr(c) for c in columns[:12])
    raise SchemaError(
        f"{raw.source}, line 1 (the header): column {column!r} (named by {option}) is missing; "
        f"the columns are {shown}.{hint}")


def read_follow_up(path: str | Path, *, customers: str, score: str = "nps",
                   value: str | None = None, date: str | None = None,
                   text: str | None = None, lexicon: object = None, limit: int | None = None,
                   missing: v.MissingPolicy = "raise", delimiter: str = ",",
                   encoding: str = "utf-8") -> pd.DataFrame:
    """Read a responses file under the reading rules and return :func:`follow_up`'s table.

    The columns are named as on the command line (``--customers``,
    ``--score``, ...); each is read by the rules every other path uses (the
    report's): scores and values as numbers (``NA`` and blanks missing),
    dates as ISO dates, ids and comments as text (``NA`` is text there).
    Errors name the file, the line and the column.

    Examples
    --------
    >>> import pathlib
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "responses.csv"
    ...     with path.open("w", encoding="utf-8") as handle:
    ...         for line in ("customer_id,nps", "a,3", "b,10", "c,7", "d,NA"):
    ...             print(line, file=handle)
    ...     table = read_follow_up(path, customers="customer_id", missing="drop")
    >>> table[["score", "group", "priority"]]
              score      group  priority
    customer
    a             3  detractor         1
    c             7    passive         2
    """
    from expectations.report._inputs import Role, _convert, read_table

    raw = read_table(path, delimiter=delimiter, encoding=encoding)
    roles = [(score, "--score", Role(name="nps", kind="number", low=0, high=10, integer=True)),
             (customers, "--customers", Role(name="customer", kind="text")),
             (value, "--value", Role(name="value", kind="number")),
             (date, "--date", Role(name="date", kind="date")),
             (text, "--text", Role(name="comment", kind="text"))]
    read: dict[str, pd.Series | None] = {}
    for column, option, role in roles:
        if column is None:
            read[role.name] = None
            continue
        read[role.name] = _convert(raw.frame[_column(raw, column, option)], role, raw, column)
    ids = read["customer"]
    assert ids is not None  # noqa: S101 - customers is required
    if missing == "raise":
        for name, column in (("nps", score), ("customer", customers)):
            absent = np.asarray(pd.isna(read[name]), dtype=bool)
            if absent.any():
                first = int(np.flatnonzero(absent)[0])
                count = int(absent.sum())
                counted = "1 cell is" if count == 1 else f"{count:,} cells are"
                raise InvalidScoreError(
                    f"{raw.where(first, column)}: must be present; {counted} empty or a "
                    f"missing token such as NA (first: {raw.frame[column].iloc[first]!r}). "
                    "Fill them, or pass --missing drop to drop and count them.")
    table: pd.DataFrame = follow_up(
        read["nps"], customers=ids.astype(object).where(ids.notna(), None),
        value=read["value"], dates=read["date"],
        texts=None if read["comment"] is None else read["comment"].astype(object),
        lexicon=lexicon, limit=limit, missing=missing)
    return table


def crm_csv(table: pd.DataFrame) -> str:
    """Return :func:`follow_up`'s table as CSV for a CRM import, safe to open in a spreadsheet.

    The customer id is the first column; text a spreadsheet would run as a
    formula (``=HYPERLINK(...)`` in a comment or an id) is neutralised by
    :func:`expectations._output.neutralise_csv`.

    Examples
    --------
    >>> table = follow_up([2, 10], customers=["=1+1", "b"], texts=["Rude staff", "ok"])
    >>> print(crm_csv(table), end="")
    customer,score,group,priority,value,date,themes
    '=1+1,2,detractor,1,,,staff_and_courtesy
    """
    from expectations._output import csv_text

    flat = table.reset_index()
    flat["date"] = flat["date"].astype(object).where(flat["date"].notna(), None).map(
        lambda x: None if x is None else (x.date().isoformat() if x == x.normalize()
                                          else x.isoformat()))
    return csv_text(flat)
