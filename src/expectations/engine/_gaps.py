"""Counters of the expectation gaps and commitments: Kano, tolerance zone, fulfilment.

Each counter checks the options as its in-memory namesake does, asks the
engine for one lazy group-by, and hands the few counts that come back to the
code that finishes the in-memory result (:func:`~expectations.gaps.kano._kano_result`,
:func:`~expectations.gaps.tolerance._summary`,
:func:`~expectations.commitments._fulfilment_from_counts`):

* Kano: rows per (feature, functional, dysfunctional); the distinct answers
  are read by the in-memory lookup, so only the 25 answer pairs per feature
  (and the incomplete ones) reach the scores.
* Tolerance zone: per (group, status, level), where the status (missing,
  not finite or off the scale, inverted, valid) and the level
  (``(P >= A) + (P > D)``) are expressions on the three columns: rows and
  the sums and sums of squares of the three gaps.
* Fulfilment: per (group, status, broken outcome), the status telling
  missing, not finite, kept and broken (the commitment's own test) apart;
  the broken outcomes' distinct values give the breach percentiles.

A CSV scan's cells are the file's text: Kano answers are read as text by the
reading rules (stripped; an empty cell is missing), and the numbers of the
other two are read from the distinct cells the engine counted
(:func:`_distinct_cells`), so a scan is counted in the engine too.

Anything that breaks a rule (an unknown answer, a missing value with
``missing="raise"``, a value off the scale, a column that is not numbers, a
missing key, no rows left) raises :class:`NeedRows`: the in-memory function
then runs on the collected rows and reports it with its own message.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import narwhals.stable.v2 as nw
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _grouping
from expectations import _validation as v
from expectations.commitments import (
    FULFILMENT_COLUMNS,
    _breach,
    _broken,
    _check_commitment,
    _fulfilment_from_counts,
    _fulfilment_result,
)
from expectations.engine._counts import (
    N,
    count_table,
    key_list,
    read_keys,
    read_values,
    run_query,
    table_groups,
)
from expectations.engine._frames import Data, NeedRows, wrap
from expectations.gaps._summaries import moments_from_sums
from expectations.gaps.kano import _N_ANSWERS, _PAIRS, _answer_code, _kano_result
from expectations.gaps.tolerance import _summary
from expectations.models.scale import Scale

__all__ = ["COUNTS", "fulfilment", "kano", "tolerance_zone"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

# Column names of the derived columns (chosen not to clash with data columns).
_STATUS, _LEVEL, _BROKEN = "__ex_status", "__ex_level", "__ex_broken"
_GAPS = ("__ex_msa", "__ex_mss", "__ex_zone")

# Statuses of a row: counted apart, checked on the small table.
_MISSING, _BAD, _INVERTED, _VALID = 0, 1, 2, 3
_KEPT, _BREAKS = 2, 3


def _names(*values: object) -> tuple[str, ...]:
    """Return the required column arguments, or give way when one is not a name (None, say)."""
    if not all(isinstance(value, str) for value in values):
        raise NeedRows("a required column is not named: the function says so itself")
    return tuple(str(value) for value in values)


def _distinct(names: Sequence[str]) -> None:
    """Give way when a column is named twice (a key and answers, say): the rows decide."""
    if len(set(names)) != len(names):
        raise NeedRows("a column named twice")


def _all_numeric(d: Data, names: Sequence[str]) -> bool:
    """Whether every column holds numbers (not text, booleans or dates)."""
    schema = d.frame.collect_schema()
    # Decimals are refused in memory ("must be numbers"), so they go there too.
    return all(schema[name].is_numeric() and schema[name] not in (nw.Boolean, nw.Decimal)
               for name in names)


def _distinct_cells(d: Data, keys: Sequence[str], values: Sequence[str]) -> Data:
    """Count a scan's distinct (keys, values) cells and read them by the rules, as a frame.

    A CSV scan's lazy frame holds the raw text of the file; the reading
    rules (missing tokens, strict decimals) are applied to its few distinct
    cells, after one group-by in the engine. The counts are column ``__ex_n``
    of the small pandas frame returned, which the counters then query as
    they query any frame, each row weighing its count.
    """
    _distinct([*keys, *values])
    table = count_table(d, keys, values)
    out: dict[str, object] = dict(zip(keys, read_keys(d, table, keys), strict=True))
    for name in values:
        numbers, not_numbers = read_values(d, table[name])
        if not_numbers:
            raise NeedRows(f"{name} has cells that are not numbers")
        out[name] = numbers
    out[N] = table[N].to_numpy(dtype=np.float64)
    return wrap(pd.DataFrame(out))


def _source(d: Data, keys: Sequence[str], values: Sequence[str]) -> tuple[Data, str | None]:
    """Return the frame to query and its column of row counts (None: one row each)."""
    if d.frame is None:
        raise NeedRows("a scan read by the chunk reader")
    if d.source is not None and not _all_numeric(d, values):
        return _distinct_cells(d, keys, values), N
    if not _all_numeric(d, values):
        raise NeedRows("not numbers")
    return d, None


def _groups(d: Data, table: pd.DataFrame, keys: Sequence[str], missing: str,
            name: str = "by") -> tuple[_grouping.Groups, bool]:
    """Factorise the key columns of a count table; return them and whether there are keys.

    ``n_dropped`` counts the rows (not the table's rows) whose key is missing.
    """
    if not keys:
        return _grouping.Groups(codes=np.zeros(len(table), dtype=np.intp),
                                index=pd.RangeIndex(1)), False
    return table_groups(d, table, keys, missing, name), True


def _per_group(groups: _grouping.Groups, rows: npt.NDArray[np.bool_],
               weights: FloatArray) -> FloatArray:
    """Sum ``weights`` of the table rows ``rows`` (with a key) within each group."""
    take = rows & (groups.codes >= 0)
    out: FloatArray = np.bincount(groups.codes[take], weights=weights[take],
                                  minlength=groups.n_groups).astype(np.float64, copy=False)
    return out


# ---------------------------------------------------------------- Kano

def _codes(cells: pd.Series) -> npt.NDArray[np.intp]:
    """Answer code of each cell (-1 missing), as the in-memory lookup reads it.

    Each distinct answer is looked up once, as in memory.
    """
    positions, uniques = pd.factorize(cells.astype(object), use_na_sentinel=True)
    lookup = [_answer_code(value) for value in uniques]
    if any(code is None for code in lookup):
        raise NeedRows("an unknown Kano answer")
    table = np.array([*lookup, -1], dtype=np.intp)  # position -1 (missing) takes the last
    out: npt.NDArray[np.intp] = table[positions]
    return out


def kano(d: Data, a: dict[str, Any]) -> Any:
    """:func:`expectations.kano` of ``d``'s columns, counted in the engine."""
    v.check_option(a["missing"], "missing", ("raise", "drop"))
    functional, dysfunctional = _names(a["functional"], a["dysfunctional"])
    keys = key_list(a["feature"])
    _distinct([*keys, functional, dysfunctional])
    table = count_table(d, keys, [functional, dysfunctional])
    # A scan's answers are text cells, read as text by the rules (stripped; blank: missing).
    f, dys = (_codes(cells) for cells in read_keys(d, table, [functional, dysfunctional]))
    complete = (f >= 0) & (dys >= 0)
    if a["missing"] == "raise" and not complete.all():
        raise NeedRows("a missing answer")
    n = table[N].to_numpy(dtype=np.float64)
    if not n[complete].sum():
        raise NeedRows("no answer pairs")
    groups, grouped = _groups(d, table, keys, a["missing"], name="feature")
    pair = np.where(complete, f * _N_ANSWERS + dys, _PAIRS)
    cells = _grouping.count_categories(groups, pair, _PAIRS + 1, n)
    return _kano_result(cells, groups if grouped else None)


# ---------------------------------------------------------------- zone of tolerance

def _tolerance_query(d: Data, columns: tuple[str, str, str], keys: Sequence[str],
                     scale: Scale | None, weight: str | None) -> Any:
    p, a, dd = (nw.col(c).cast(nw.Float64) for c in columns)
    missing = p.is_null() | p.is_nan() | a.is_null() | a.is_nan() | dd.is_null() | dd.is_nan()
    bad = ~p.is_finite() | ~a.is_finite() | ~dd.is_finite()
    if scale is not None:
        for x in (p, a, dd):
            bad = bad | (x < scale.low) | (x > scale.high)
            if scale.integer:
                bad = bad | (x.round(0) != x)
    status = (nw.when(missing).then(_MISSING).when(bad).then(_BAD)
              .when(dd < a).then(_INVERTED).otherwise(_VALID))
    level = (p >= a).cast(nw.Int64) + (p > dd).cast(nw.Int64)
    gaps = [(p - a).alias(_GAPS[0]), (p - dd).alias(_GAPS[1]), (dd - a).alias(_GAPS[2])]
    w = None if weight is None else nw.col(weight)
    # Each row of a scan's distinct cells stands for w rows: sums are weighted.
    squares = [(nw.col(g) * nw.col(g) if w is None else nw.col(g) * nw.col(g) * w)
               .alias(f"{g}_sq") for g in _GAPS]
    weighted = [] if w is None else [(nw.col(g) * w).alias(g) for g in _GAPS]
    sums = [nw.col(g).sum().alias(g) for g in _GAPS]
    sums += [nw.col(f"{g}_sq").sum().alias(f"{g}_sq") for g in _GAPS]
    count = nw.len().alias(N) if w is None else nw.col(N).sum().alias(N)
    # Aggregations stay elementary (pyarrow's group-by takes no expressions).
    frame = d.frame.with_columns(status.alias(_STATUS), level.alias(_LEVEL), *gaps)
    frame = frame.with_columns(*squares)
    if weighted:
        frame = frame.with_columns(*weighted)
    return frame.group_by(*keys, _STATUS, _LEVEL, drop_null_keys=False).agg(count, *sums)


def tolerance_zone(d: Data, a: dict[str, Any]) -> Any:
    """:func:`expectations.tolerance_zone` of ``d``'s columns, counted in the engine."""
    c = v.check_confidence(a["confidence"])
    missing = a["missing"]
    v.check_option(missing, "missing", ("raise", "drop"))
    scale = a["scale"]
    if scale is not None and not isinstance(scale, Scale):
        raise NeedRows("an option the in-memory function reports")
    # Expectation objects in adequate (no desired column) are read by the rows too.
    p, adequate, desired = _names(a["perceived"], a["adequate"], a["desired"])
    columns = (p, adequate, desired)
    keys = key_list(a["by"])
    source, weight = _source(d, keys, columns)
    table = run_query(source, lambda: _tolerance_query(source, columns, keys, scale, weight))
    status = table[_STATUS].to_numpy(dtype=np.int64)
    if (status == _BAD).any() or (missing == "raise" and (status == _MISSING).any()):
        raise NeedRows("a value to report")
    valid = status == _VALID
    n = table[N].to_numpy(dtype=np.float64)
    if not n[valid].sum():
        raise NeedRows("no valid responses")
    groups, grouped = _groups(source, table, keys, missing)
    counts = _per_group(groups, valid, n)
    sums = np.column_stack([_per_group(groups, valid, _floats(table[g])) for g in _GAPS])
    sums_sq = np.column_stack([_per_group(groups, valid, _floats(table[f"{g}_sq"]))
                               for g in _GAPS])
    moments = moments_from_sums(counts, sums, sums_sq, c)
    kept = valid & (groups.codes >= 0)
    level = np.where(kept, table[_LEVEL].to_numpy(dtype=np.float64, na_value=0.0), 0)
    kept_groups = _grouping.Groups(codes=np.where(kept, groups.codes, -1),
                                   index=groups.index, n_dropped=int((~kept).sum()))
    levels = _grouping.count_categories(kept_groups, level.astype(np.intp), 3, n)
    n_inverted = _per_group(groups, status == _INVERTED, n).astype(np.int64)
    n_dropped = _per_group(groups, status == _MISSING, n).astype(np.int64)
    return _summary(groups if grouped else None, moments, levels, n_inverted, n_dropped, c)


def _floats(cells: pd.Series) -> FloatArray:
    # Sums of rows that are not valid may be missing (null or NaN): never read.
    return cells.to_numpy(dtype=np.float64, na_value=np.nan)


# ---------------------------------------------------------------- commitment fulfilment

def _fulfilment_query(d: Data, column: str, keys: Sequence[str], target: float,
                      direction: str, weight: str | None) -> Any:
    x = nw.col(column).cast(nw.Float64)
    status = (nw.when(x.is_null() | x.is_nan()).then(_MISSING).when(~x.is_finite()).then(_BAD)
              .when(_broken(x, target, direction)).then(_BREAKS).otherwise(_KEPT))
    # A broken outcome's value is a key of its own (its breach is needed for the
    # percentiles); kept ones are only counted.
    broken = nw.when(status == _BREAKS).then(x)
    frame = d.frame.with_columns(status.alias(_STATUS))
    frame = frame.with_columns(broken.alias(_BROKEN))
    count = nw.len().alias(N) if weight is None else nw.col(weight).sum().alias(N)
    return frame.group_by(*keys, _STATUS, _BROKEN, drop_null_keys=False).agg(count)


def fulfilment(d: Data, a: dict[str, Any]) -> Any:
    """:func:`expectations.fulfilment` of ``d``'s columns, counted in the engine."""
    c = _check_commitment(a["commitment"])
    conf = v.check_confidence(a["confidence"])
    missing = a["missing"]
    v.check_option(missing, "missing", ("raise", "drop"))
    if a["value"] != "value":
        raise NeedRows("value= applies to a table of outcomes only")
    (column,) = _names(a["outcomes"])
    keys = key_list(a["by"])
    source, weight = _source(d, keys, [column])
    table = run_query(source, lambda: _fulfilment_query(source, column, keys, c.target, c.direction,
                                                   weight))
    status = table[_STATUS].to_numpy(dtype=np.int64)
    if (status == _BAD).any() or (missing == "raise" and (status == _MISSING).any()):
        raise NeedRows("an outcome to report")
    n = table[N].to_numpy(dtype=np.float64)
    counted = (status == _KEPT) | (status == _BREAKS)
    groups, grouped = _groups(source, table, keys, missing)
    if not n[counted & (groups.codes >= 0)].sum():
        raise NeedRows("no outcomes")
    breaks = (status == _BREAKS) & (groups.codes >= 0)
    values = table[_BROKEN].to_numpy(dtype=np.float64, na_value=np.nan)[breaks]
    data = _fulfilment_from_counts(
        _per_group(groups, counted, n).astype(np.int64),
        _per_group(groups, breaks, n).astype(np.int64),
        groups.codes[breaks], _breach(values, c.target, c.direction), target=c.target,
        direction=c.direction, confidence=conf, breach_count=n[breaks])
    dropped = _per_group(groups, status == _MISSING, n).astype(np.int64)
    if not grouped:
        return _fulfilment_result(data, int(dropped[0]))
    data["n_dropped"] = dropped
    return _grouping.frame(groups, FULFILMENT_COLUMNS, data)


COUNTS: dict[str, Callable[..., Any]] = {
    "expectations.gaps.kano:kano": kano,
    "expectations.gaps.tolerance:tolerance_zone": tolerance_zone,
    "expectations.commitments:fulfilment": fulfilment,
}
