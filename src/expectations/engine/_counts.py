"""Counting inside the engine: one lazy group-by, and the few counts it returns.

:func:`count_table` asks the engine for one aggregation, ``group_by([*keys,
*values]).agg(n=len, w=sum(w), w2=sum(w*w), w_bad=...)``, which it runs where
the data lives (a Polars streaming scan, a DuckDB query, Dask partitions, a
Spark job). What comes back holds one row per distinct combination of keys
and answers: a few hundred rows for 200 segments on a 0-10 scale, whatever
the number of rows counted. Validation is done on that small table: every
distinct answer is checked against the scale, so a bad value anywhere shows
up as a row of its own. When one does, the counter gives way
(:class:`~expectations.engine._dispatch.NeedRows`) and the in-memory
function, run on the collected rows, raises its own error with its own
message; the rows are only collected when there is something to report.

:func:`histogram_part` turns a count table into the
:class:`~expectations.streaming._accumulate.Part` that the result builders
of the chunked readers already consume, so intervals, tests and result
tables are built by the code the in-memory scores use.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import narwhals.stable.v2 as nw
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _grouping
from expectations import _reading as reading
from expectations import _validation as v
from expectations.engine._frames import Data, NeedRows
from expectations.streaming._accumulate import Accumulator, Part
from expectations.streaming._histograms import Histogram

__all__ = ["Counted", "bad_weights", "count_table", "histogram_accumulator", "histogram_part",
           "key_list", "read_values", "run_query", "scan_cell_error", "table_groups"]

FloatArray = npt.NDArray[np.float64]

#: Column names of the count table's statistics (chosen not to clash with data columns).
N, W, W2, W_MIN, W_MAX, W_COUNT = (
    "__ex_n", "__ex_w", "__ex_w2", "__ex_w_min", "__ex_w_max", "__ex_w_count")


def _collect(d: Data, query: Any) -> pd.DataFrame:
    """Run a lazy query in the engine and return its (small) result as pandas."""
    kwargs: dict[str, Any] = {}
    if d.kind in ("polars", "scan:polars"):
        # Polars' streaming engine keeps memory bounded by a morsel, not the file.
        kwargs["engine"] = "streaming"
    try:
        out: pd.DataFrame = query.collect(backend="pandas", **kwargs).to_native()
    except Exception as exc:  # any engine failure: let the in-memory path speak
        raise NeedRows(str(exc)) from exc
    return out


def count_table(d: Data, keys: Sequence[str], values: Sequence[str], *,
                weights: str | None = None, sums: Sequence[str] = (),
                scale: tuple[int, int] | None = None) -> pd.DataFrame:
    """Count the rows of each distinct combination of ``keys`` and ``values``, in the engine.

    Returns a pandas DataFrame with the key and value columns (missing keys
    and values are rows of their own), ``__ex_n`` (rows), and with
    ``weights`` ``__ex_w`` (sum of weights), ``__ex_w2`` (sum of squared
    weights), ``__ex_w_min`` and ``__ex_w_max`` (the smallest and largest)
    and ``__ex_w_count`` (weights present); for every column in ``sums``, ``<column>__sum`` and
    ``<column>__sum2``. :func:`bad_weights` reads the weights' checks.

    A scan is counted with its value, weight and sum columns parsed as
    numbers by the engine; if its parser refuses a cell, the raw text of the
    values is counted instead (the rules then read the few distinct cells),
    with the weights and sums cast in the engine. Raises :class:`NeedRows`
    when the engine fails (a malformed file: the rules' reader then names
    the line) or cannot count (a scan without Polars or DuckDB).

    Examples
    --------
    >>> import polars as pl
    >>> from expectations.engine._frames import wrap
    >>> d = wrap(pl.DataFrame({"score": [10, 9, 10, 3], "shop": ["a", "a", "b", "a"]}))
    >>> table = count_table(d, ["shop"], ["score"])
    >>> table.sort_values(["shop", "score"]).to_numpy().tolist()
    [['a', 3, 1], ['a', 9, 1], ['a', 10, 1], ['b', 10, 1]]
    """
    _usable(d, [*keys, *values], weights)
    if d.source is None:
        return _count(d, d.frame, keys, values, weights, sums)
    scan = d.source
    if d.frame is None:
        raise NeedRows("a scan without Polars or DuckDB")
    numbers = [*([weights] if weights else []), *sums]
    try:
        # Answers as whole numbers first (parsed and grouped fastest); a cell such as
        # "7.0", "NA" or a label makes the engine refuse, and the text is counted.
        # On a scale within 0..255 (``scale``), as bytes: a cell beyond is refused too,
        # and the text shows it off the scale.
        small = scale is not None and scale[0] >= 0 and scale[1] <= 255
        lazy = scan.lazy(numbers, **{"small" if small else "integers": values})
        table = _count(d, lazy, keys, values, weights, sums)
    except NeedRows:
        text = scan.lazy()
        # Weights and sums are summed in the engine, so they are numbers there; a
        # cell its cast refuses fails the query, and the rules' reader speaks.
        casts = [nw.col(c).str.strip_chars().cast(nw.Float64)
                 for c in dict.fromkeys([*([weights] if weights else []), *sums])
                 if c not in values]
        table = _count(d, text.with_columns(*casts) if casts else text, keys, values,
                       weights, sums)
    if scan.engine == "polars" and table[[*keys, *values]].isna().all(axis=1).any():
        # Rows with every counted cell empty may be blank lines, which Polars reads
        # as rows of nulls and the rules skip: count again with the next engine.
        again = scan.fallback()
        if again.engine == scan.engine:
            raise NeedRows("blank lines")
        from expectations.engine._frames import wrap

        return count_table(wrap(again), keys, values, weights=weights, sums=sums, scale=scale)
    return table


def _usable(d: Data, columns: Sequence[str], weights: str | None) -> None:
    """Give way to the rows unless the counts can be made as the in-memory path reads them.

    A data column named like the count table's own columns (``__ex_n``...)
    would be taken for one; weights that are not plain numbers (text, true/
    false, decimals, which the in-memory path refuses) would be summed as the
    engine casts them. Either way the in-memory function decides.
    """
    if any(str(c).startswith("__ex_") for c in d.columns):
        raise NeedRows("a column named like the count table's own")
    if len(set(columns)) != len(columns):
        raise NeedRows("a column counted twice (a key that is also the answers)")
    if weights is not None and d.source is None:
        dtype = d.frame.collect_schema()[weights]
        if not dtype.is_numeric() or dtype in (nw.Boolean, nw.Decimal):
            raise NeedRows("weights that are not plain numbers")


def _count(d: Data, frame: Any, keys: Sequence[str], values: Sequence[str],
           weights: str | None, sums: Sequence[str]) -> pd.DataFrame:
    """Build the one lazy aggregation of :func:`count_table` and run it."""
    group = [*keys, *values]
    derived = []
    aggregations = [nw.len().alias(N)]
    if weights is not None:
        # Summed as float64 whatever the stored type (Int16 squares would overflow,
        # Float32 sums drift); only true numbers get here (see _usable).
        cast = nw.col(weights).cast(nw.Float64)
        derived += [cast.alias(W), (cast * cast).alias(W2)]
        # A bad weight shows in the sums without a per-row flag: a missing one in
        # count < len, a negative one in the minimum, NaN or inf in the sums.
        w = nw.col(W)
        aggregations += [w.sum().alias(W), nw.col(W2).sum().alias(W2),
                         w.min().alias(W_MIN), w.max().alias(W_MAX), w.count().alias(W_COUNT)]
    for column in sums:
        x = nw.col(column)
        derived.append((x * x).alias(f"{column}__sq"))
        aggregations += [x.sum().alias(f"{column}__sum"),
                         nw.col(f"{column}__sq").sum().alias(f"{column}__sum2")]
    def build() -> Any:
        # Aggregations stay elementary (pyarrow's group-by takes no expressions).
        derived_frame = frame.with_columns(*derived) if derived else frame
        return derived_frame.group_by(*group, drop_null_keys=False).agg(*aggregations)

    return run_query(d, build)


def run_query(d: Data, build: Callable[[], Any]) -> pd.DataFrame:
    """Build a lazy query and run it in the engine; any engine failure gives way to the rows.

    Building is inside too: some engines check types as the query is built
    (DuckDB refuses ``w * w`` on text before anything runs).
    """
    try:
        query = build()
    except Exception as exc:  # the engine's own failure: let the in-memory path speak
        raise NeedRows(str(exc)) from exc
    return _collect(d, query)


def scan_cell_error(d: Data, column: str, low: int, high: int) -> None:
    """For a scan, raise the rules' error naming the file and line of a bad answer.

    Called when a count shows an answer that is not a whole number in
    ``low..high``: the reference reader finds the first one. Anything else
    returns, and the caller gives way to the rows.
    """
    if d.source is not None:
        d.source.read({column: "number"}, scales={column: (low, high)})


def bad_weights(table: pd.DataFrame) -> bool:
    """Whether a count table's weights need the rows: a bad weight, or an extreme scale.

    A weight that is missing, negative, NaN or infinite is an error the
    in-memory function reports. Weights whose largest is beyond
    ``1e±150`` are rescaled by the in-memory path before their squares are
    summed (they would overflow or vanish here), so they go there too.
    """
    sums = table[[W, W2, W_MIN, W_MAX]].to_numpy(dtype=np.float64, na_value=np.nan)
    if (table[W_COUNT].to_numpy() < table[N].to_numpy()).any() \
            or not np.isfinite(sums).all() or (sums[:, 2] < 0).any():
        return True
    largest = float(sums[:, 3].max()) if len(sums) else 0.0
    return largest > v.HUGE_WEIGHT or 0 < largest < v.TINY_WEIGHT


def read_values(d: Data, cells: pd.Series) -> tuple[FloatArray, bool]:
    """Read a count table's distinct answers as numbers; say whether any is not a number.

    A scan's cells are text, read by the reading rules (missing tokens,
    strict decimals); a frame's number column is taken as it is. Any other
    column (text, true/false, dates) is not numbers, as in memory.
    """
    if d.source is not None and not pd.api.types.is_numeric_dtype(cells.dtype):
        numbers, bad = reading.number_cells(cells.astype(object))
        return numbers, bool(bad.any())
    if pd.api.types.is_bool_dtype(cells.dtype) or not pd.api.types.is_numeric_dtype(cells.dtype) \
            or (d.frame is not None and d.frame.collect_schema()[str(cells.name)] == nw.Decimal):
        # Decimals too: the in-memory path refuses them ("must be numbers").
        return np.full(len(cells), np.nan), True
    return cells.to_numpy(dtype=np.float64, na_value=np.nan), False


# The dtype pandas gives text read from a file (str on pandas 3, object before).
_TEXT = pd.Index([], dtype=object).astype(str).dtype
# A key column whose cells are all whole numbers written plainly ("7", "-3", not
# "07" or "+7", which would merge with "7") is read as integers, as pandas.read_csv
# and the chunk readers read it; anything else stays text.
_WHOLE = r"0|-?[1-9][0-9]*"


def read_keys(d: Data, table: pd.DataFrame, keys: Sequence[str]) -> list[pd.Series]:
    """Return a count table's key columns, a scan's text cells read as keys.

    A scan's cells are stripped (a blank one is missing, ``NA`` is the key
    ``"NA"``); a column of plainly written whole numbers becomes integers,
    any other text stays text. A frame's keys are taken as they are.
    """
    out = []
    for key in keys:
        cells = table[key]
        if d.source is None or not (pd.api.types.is_object_dtype(cells.dtype)
                                    or pd.api.types.is_string_dtype(cells.dtype)):
            out.append(cells)
            continue
        text = reading.text_cells(cells)
        present = text.notna().to_numpy()
        whole = text.str.fullmatch(_WHOLE).to_numpy(dtype=bool, na_value=False)
        digits = text.str.len().to_numpy(dtype=float, na_value=0)
        # Up to 18 digits always fit int64; longer whole numbers stay text.
        if present.any() and whole[present].all() and digits.max() <= 18:
            numbers = pd.to_numeric(text.astype(object).where(present, None))
            # int64 as pandas.read_csv gives it; nullable when a key is missing.
            out.append(pd.Series(numbers.astype("int64" if present.all() else "Int64"),
                                 name=key))
        elif pd.api.types.is_object_dtype(_TEXT):
            out.append(text.astype(object).where(present, None))
        else:
            out.append(text.astype(_TEXT))
    return out


def key_list(by: object) -> list[str]:
    """Return a counter's ``by=`` (or ``feature=``) as a list of column names.

    The dispatcher gives None, a name, or a list of names.

    Examples
    --------
    >>> key_list(None), key_list("shop"), key_list(["region", "shop"])
    ([], ['shop'], ['region', 'shop'])
    """
    if by is None:
        return []
    return [str(name) for name in by] if isinstance(by, (list, tuple)) else [str(by)]


def table_groups(d: Data, table: pd.DataFrame, keys: Sequence[str], missing: str,
                 name: str = "by") -> _grouping.Groups:
    """Factorise a count table's key columns with the grouping engine.

    The codes number the table's rows (``-1``: a missing key, dropped with
    ``missing="drop"``); ``n_dropped`` counts the data rows those table rows
    stand for. Raises :class:`NeedRows` when the grouping engine refuses the
    keys (a missing one with ``missing="raise"``): the in-memory function
    then says why.
    """
    columns = read_keys(d, table, keys)
    by: object = columns[0] if len(keys) == 1 else pd.concat(columns, axis=1)
    try:
        groups = _grouping.factorize(by, len(table), name=name, missing=missing)
    except Exception as exc:  # a missing key with missing="raise", or keys it refuses
        raise NeedRows("keys") from exc
    n = table[N].to_numpy(dtype=np.int64)
    return _grouping.Groups(codes=groups.codes, index=groups.index,
                            n_dropped=int(n[groups.codes < 0].sum()))


class Counted:
    """Counts of every group, finished: what :meth:`Accumulator.finish` returns."""

    __slots__ = ("arrays", "groups", "totals")

    def __init__(self, groups: _grouping.Groups, arrays: dict[str, Any],
                 totals: dict[str, float]) -> None:
        self.groups = groups
        self.arrays = arrays
        self.totals = totals

    def finish(self) -> tuple[_grouping.Groups, dict[str, Any], dict[str, float]]:
        """Return the groups, their arrays and the totals."""
        return self.groups, self.arrays, self.totals


def histogram_part(d: Data, spec: Histogram) -> Part | Counted:
    """Count answers on ``spec``'s scale per group in the engine.

    Returns a :class:`Part` without ``by``, or the finished :class:`Counted` groups.

    Raises :class:`NeedRows` when anything in the data breaks a rule (an
    answer off the scale or not a number, a missing answer or key with
    ``missing="raise"``, a bad weight), so that the in-memory function
    reports it.
    """
    keys = list(spec.by or ())
    table = count_table(d, keys, [spec.column], weights=spec.weights,
                        scale=(spec.low, spec.high))
    numbers, not_numbers = read_values(d, table[spec.column])
    missing = np.isnan(numbers)
    if not_numbers or reading.off_scale(numbers, spec.low, spec.high).any():
        scan_cell_error(d, spec.column, spec.low, spec.high)
        raise NeedRows("answers off the scale")
    if spec.weights is not None and bad_weights(table):
        raise NeedRows("bad weights")
    if spec.missing == "raise" and missing.any():
        raise NeedRows("missing answers")
    n = table[N].to_numpy(dtype=np.int64)
    k = spec.high - spec.low + 1
    kept_rows = ~missing
    codes = np.where(kept_rows, numbers, spec.low).astype(np.intp) - spec.low
    w = None if spec.weights is None else table[W].to_numpy(dtype=np.float64)
    w2 = None if spec.weights is None else table[W2].to_numpy(dtype=np.float64)
    n_rows = int(n.sum())
    totals: dict[str, float] = {"rows": n_rows, "kept": int(n[kept_rows].sum())}
    if w is not None:
        # Rows with a positive weight: a zero-weight total is an error (checked at the end).
        totals["positive_weights"] = int((w > 0).any())
    if not keys:
        arrays: dict[str, Any] = {
            "hist_n": np.bincount(codes[kept_rows], weights=n[kept_rows], minlength=k)
            .astype(np.int64)[None, :],
            "dropped": np.array([int(n[missing].sum())], dtype=np.int64)}
        if w is not None and w2 is not None:
            arrays["hist_w"] = np.bincount(codes[kept_rows], weights=w[kept_rows],
                                           minlength=k)[None, :]
            arrays["sum_w2"] = np.array([float(w2[kept_rows].sum())])
        return Part(keys=None, arrays=arrays, totals=totals)
    groups = table_groups(d, table, keys, spec.missing)
    has_key = groups.codes >= 0
    kept_codes = np.where(kept_rows, groups.codes, -1)
    # n_dropped > 0 tells the counting functions to skip rows coded -1.
    kept = _grouping.Groups(codes=kept_codes, index=groups.index,
                            n_dropped=int((kept_codes < 0).sum()))
    arrays = {"hist_n": _grouping.count_categories(kept, codes, k, n.astype(np.float64))
              .round().astype(np.int64)}
    if w is not None and w2 is not None:
        arrays["hist_w"] = _grouping.count_categories(kept, codes, k, w)
        arrays["sum_w2"] = _grouping.sum_by_group(kept, np.where(kept_rows, w2, 0.0))
    lost = missing & has_key
    arrays["dropped"] = np.bincount(groups.codes[lost], weights=n[lost],
                                    minlength=groups.n_groups).astype(np.int64)
    # One table holds every group: no merging, so the keys keep their order and dtype
    # (a categorical's categories, in their order, as in memory).
    whole = _grouping.Groups(codes=np.arange(groups.n_groups, dtype=np.intp),
                             index=groups.index, n_dropped=groups.n_dropped)
    return Counted(whole, arrays, totals)


def histogram_accumulator(d: Data, spec: Histogram) -> Accumulator | Counted:
    """Accumulate the histograms of ``spec`` over ``d``: in the engine, or by a scan.

    A scan without Polars or DuckDB is counted by the chunk reader
    (:meth:`Scan.histograms`), which validates each chunk itself.
    """
    if d.frame is None:
        acc: Accumulator = d.source.histograms(spec)
        return acc
    part = histogram_part(d, spec)
    if isinstance(part, Counted):
        return part
    return spec.accumulator().add_all([part])
