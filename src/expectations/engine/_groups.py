"""Counters of the many-group and over-time scores, counted inside the engine.

:func:`~expectations.funnel`, :func:`~expectations.league_table`,
:func:`~expectations.compare_segments`, :func:`~expectations.consistency`
and :func:`~expectations.trend` all start from answers counted per group and
scale point (and, for the trend, per day). Each counter asks the engine for
those counts (:mod:`expectations.engine._counts`), checks the few distinct
values as the in-memory function checks the rows, and hands the counts to
the very code the in-memory function uses after its own counting
(``Tallies`` and ``funnel_frame``/``league_frame``, the segment statistics,
``consistency``'s ``from_groups``, ``trend_table``). Anything it does not
handle (a bad value, ``metric="mean"``, ``dedupe``) raises
:class:`~expectations.engine._frames.NeedRows`, and the in-memory function
runs on the collected rows instead.

Trend periods: the dates are truncated inside the engine to the start of
their month, quarter or year (to the day for ``freq="D"`` and ``"W"``, and
for Dask, which truncates no further), on the wall clock of a time zone; so
one row per (key, day-or-period, answer) comes back, and the in-memory
period rule (:func:`~expectations.kpis._transactions.period_codes`) runs on
those few dates. Any date inside the period would do, which is why the
week (whose first day differs between engines) is truncated to the day.
A scan's CSV dates are text: they are counted per distinct cell and read by
the reading rules afterwards, so a file of timestamps (one distinct cell
per answer) returns about as many counts as rows; a Parquet scan's stored
dates, and zoned timestamps in DuckDB, read the rows.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import attrs
import narwhals.stable.v2 as nw
import numpy as np
import pandas as pd

from expectations import _grouping
from expectations import _reading as reading
from expectations import _validation as v
from expectations._align import caller_stacklevel
from expectations.engine._counts import (
    N,
    count_table,
    histogram_accumulator,
    key_list,
    read_values,
    table_groups,
)
from expectations.engine._frames import Data, NeedRows
from expectations.groups import _tallies
from expectations.groups.funnel import funnel_frame
from expectations.groups.league import _check_resamples, league_frame
from expectations.kpis._transactions import day_numbers, period_codes
from expectations.kpis.trend import _SCALES as TREND_SCALES
from expectations.kpis.trend import check_options as check_trend_options
from expectations.kpis.trend import trend_table
from expectations.scoring.nps import _categories_from_points
from expectations.segmentation import compare
from expectations.streaming._histograms import Histogram
from expectations.voice.consistency import check_options as check_consistency_options
from expectations.voice.consistency import from_groups

__all__ = ["COUNTS", "compare_segments", "consistency", "funnel", "league_table", "trend"]

#: The count table's column of truncated dates (chosen not to clash with data columns).
_DAY = "__ex_day"
#: How far the engine truncates a date for each period: to a day inside the
#: period is always right (the in-memory rule then places it); coarser, to
#: the period's first day, returns fewer counts.
_TRUNCATE = {"D": "1d", "W": "1d", "M": "1mo", "Q": "1q", "Y": "1y"}
#: Engines whose lazy time-zone conversion gives the wall clock the in-memory
#: reading uses. DuckDB keeps no zone per column (its TIMESTAMPTZ is shown in
#: the session's zone): zoned DuckDB dates read the rows. Spark is apart.
_WALL_CLOCK = ("polars", "pandas", "pyarrow", "dask")


def _given(a: dict[str, Any], *names: str) -> None:
    """Give way to the rows when a required column argument is None (the function says so)."""
    if any(a[name] is None for name in names):
        raise NeedRows("a required column is None")


def _histograms(d: Data, column: str, by: object, *, low: int, high: int,
                weights: str | None, missing: str,
                ) -> tuple[_grouping.Groups, dict[str, Any], dict[str, float]]:
    """Answers per group and scale point, counted in the engine (NeedRows on a bad value)."""
    if by is None:
        raise NeedRows("by= missing: the in-memory function says so")
    spec = Histogram(column, low=low, high=high, by=tuple(key_list(by)), weights=weights,
                     missing=missing, what="")
    groups, arrays, totals = histogram_accumulator(d, spec).finish()
    if groups is None or not totals.get("rows", 0):
        raise NeedRows("no rows")
    if weights is not None and not totals["positive_weights"]:
        raise NeedRows("no positive weight")
    return groups, arrays, totals


def _tallies_of(d: Data, a: dict[str, Any]) -> _tallies.Tallies:
    """:func:`~expectations.groups._tallies.tally` of ``d``'s columns, counted in the engine."""
    _given(a, "scores")
    metric, missing, scale, top = a["metric"], a["missing"], a["scale"], a["top"]
    v.check_option(metric, "metric", _tallies.METRICS)
    v.check_option(missing, "missing", ("raise", "drop"))
    if metric == "nps":
        if scale is not None or top is not None:
            raise NeedRows("scale or top with NPS: the in-memory function says so")
        low, high = 0, 10
    else:
        chosen, box_low, box_high = _tallies._box(metric, scale, top)
        low, high = int(chosen.low), int(chosen.high)
    groups, arrays, totals = _histograms(d, a["scores"], a["by"], low=low, high=high,
                                         weights=a["weights"], missing=missing)
    hist_n = arrays["hist_n"]
    hist = arrays["hist_w"] if "hist_w" in arrays else hist_n.astype(np.float64)
    if metric == "nps":
        counts = _categories_from_points(hist)
    else:
        # The in-memory tally's reduction: misses and hits (the boxes box_low..box_high).
        hits = hist[:, box_low - low:box_high - low + 1].sum(axis=1)
        counts = np.stack([hist.sum(axis=1) - hits, hits], axis=1)
    if not counts.sum() > 0:
        raise NeedRows("nothing to score")
    n = hist_n.sum(axis=1).astype(np.int64)
    sum_w2 = arrays["sum_w2"] if "sum_w2" in arrays else n.astype(np.float64)
    values = _tallies._NPS_VALUES if metric == "nps" else _tallies._BOX_VALUES
    return _tallies.Tallies(groups=groups, counts=counts, values=values, n=n, sum_w2=sum_w2,
                            metric=metric, n_dropped=int(totals["rows"] - totals["kept"]))


def funnel(d: Data, a: dict[str, Any]) -> Any:
    """:func:`expectations.funnel` of ``d``'s columns, counted in the engine."""
    tallies = _tallies_of(d, a)
    return funnel_frame(tallies, _tallies.check_target(a["target"], tallies.bounds))


def league_table(d: Data, a: dict[str, Any]) -> Any:
    """:func:`expectations.league_table` of ``d``'s columns, counted in the engine."""
    c = v.check_confidence(a["confidence"])
    _check_resamples(a["n_resamples"])
    generator = v.check_rng(a["rng"])
    tallies = _tallies_of(d, a)
    return league_frame(tallies, confidence=c, n_resamples=int(a["n_resamples"]),
                        rng=generator)


_SEGMENT_SCALES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}


def compare_segments(d: Data, a: dict[str, Any]) -> Any:
    """:func:`expectations.compare_segments` of ``d``'s columns, counted in the engine.

    ``metric="mean"`` needs the answers themselves (Welch's sums of squares
    about each mean): it reads the rows.
    """
    metric = a["metric"]
    conf, generator, resamples = compare.check_options(
        metric, a["correction"], a["confidence"], a["missing"], a["test"], a["rng"],
        a["n_resamples"])
    if metric == "mean":
        raise NeedRows("the mean's sums of squares need the rows")
    _given(a, "scores")
    low, high = _SEGMENT_SCALES[metric]
    groups, arrays, _ = _histograms(d, a["scores"], a["by"], low=low, high=high,
                                    weights=None, missing=a["missing"])
    hist = arrays["hist_n"].astype(np.float64)
    if not hist.sum() > 0:
        raise NeedRows("nothing to compare")
    if metric == "nps":
        stats = compare._nps_stats_from_counts(_categories_from_points(hist), conf)
    else:
        box_from = compare._TOP_BOX[metric][1]
        stats = compare._top_box_stats_from_counts(hist.sum(axis=1),
                                                   hist[:, box_from - low:].sum(axis=1), conf)
    return compare.segments_table(groups, stats, confidence=conf, correction=a["correction"],
                                  test=a["test"], rng=generator, n_resamples=resamples,
                                  n_dropped=int(arrays["dropped"].sum()),
                                  stacklevel=caller_stacklevel())


def consistency(d: Data, a: dict[str, Any]) -> Any:
    """:func:`expectations.consistency` of ``d``'s columns, counted in the engine.

    The per-group scores are :func:`expectations.nps` (or ``csat``, ``ces``)
    counted in the engine by their own counters.
    """
    from expectations.engine import _scores
    from expectations.scoring.nps import nps as nps_function
    from expectations.scoring.satisfaction import ces as ces_function
    from expectations.scoring.satisfaction import csat as csat_function

    metric = a["metric"]
    confidence = check_consistency_options(metric, a["correction"], a["confidence"])
    _given(a, "scores", "by")
    chosen: dict[str, tuple[Callable[..., Any], Callable[..., Any]]] = {
        "nps": (nps_function, _scores.nps),
        "csat": (csat_function, _scores.csat), "ces": (ces_function, _scores.ces)}
    function, counter = chosen[metric]
    # The score function's defaults, with what consistency passes it.
    bound = inspect.signature(function).bind(a["scores"], by=a["by"], confidence=confidence,
                                             missing=a["missing"])
    bound.apply_defaults()
    per_group = counter(d, dict(bound.arguments))
    return from_groups(per_group, metric=metric, confidence=confidence,
                       correction=a["correction"])


def _day_expression(d: Data, column: str, freq: str) -> nw.Expr | None:
    """Build the expression truncating ``column``'s dates for ``freq``; None: read the text.

    Raises NeedRows where the engine's truncation could differ from the
    in-memory reading (a time zone in DuckDB, a Parquet scan's stored dates,
    a column that is not dates: the in-memory function then says so).
    """
    if d.frame is None:
        raise NeedRows("a scan without Polars or DuckDB: read by the rules")
    dtype = d.frame.collect_schema()[column]
    base = d.kind.removeprefix("scan:")
    if d.source is not None:
        if dtype == nw.String:
            return None
        raise NeedRows("a scan's stored dates: read by the rules")
    unit = "1d" if base == "dask" else _TRUNCATE[freq]
    expr = nw.col(column)
    if dtype == nw.Date:
        return expr if unit == "1d" else expr.dt.truncate(unit)
    if base == "dask" and dtype == nw.Unknown and isinstance(
            getattr(d.native, "dtypes", {}).get(column), pd.DatetimeTZDtype):
        # narwhals does not name Dask's zoned datetimes; its expressions handle them.
        return expr.dt.replace_time_zone(None).dt.truncate(unit)
    if dtype != nw.Datetime:
        raise NeedRows("not dates: the in-memory function says so")
    if getattr(dtype, "time_zone", None) is not None:
        if base == "pyspark":
            # A Spark timestamp's zone is the session's (narwhals reports it), and Spark
            # truncates on that zone's wall clock: the clock its rows are read on.
            return expr.dt.truncate(unit)
        if base not in _WALL_CLOCK:
            raise NeedRows("time zone: read in memory")
        expr = expr.dt.replace_time_zone(None)
    return expr.dt.truncate(unit)


def _day_numbers(d: Data, cells: pd.Series, text: bool) -> np.ndarray[Any, Any]:
    """Read the count table's dates as day numbers, as the in-memory function does."""
    if text:
        dates, bad = reading.date_cells(cells.astype(object))
        if bad.any():
            raise NeedRows("cells that are not dates")
        cells = dates
    try:
        days: np.ndarray[Any, Any] = day_numbers(cells, "dates")
    except Exception as exc:  # not dates: the in-memory function says so
        raise NeedRows("dates") from exc
    return days


def trend(d: Data, a: dict[str, Any]) -> Any:
    """:func:`expectations.trend` of ``d``'s columns: answers counted per day in the engine.

    ``metric="mean"`` (sums of squares about the overall mean) and
    ``dedupe="latest"`` (each respondent's latest answer) need the rows.
    """
    metric, missing = a["metric"], a["missing"]
    f, w, c = check_trend_options(metric, a["freq"], a["window"], a["dedupe"],
                                         a["confidence"], missing, a["respondents"])
    if metric == "mean" or a["dedupe"] is not None:
        raise NeedRows("the mean and dedupe need the rows")
    _given(a, "scores", "dates")
    low, high, _ = TREND_SCALES[metric]
    keys = key_list(a["by"])
    expr = _day_expression(d, a["dates"], f)
    day = a["dates"] if expr is None else _DAY
    counted = d if expr is None else attrs.evolve(d, frame=d.frame.with_columns(
        expr.alias(_DAY)))
    table = count_table(counted, [*keys, day], [a["scores"]])
    numbers, not_numbers = read_values(d, table[a["scores"]])
    if not_numbers or reading.off_scale(numbers, low, high).any():
        raise NeedRows("answers off the scale")
    days = _day_numbers(d, table[day], text=expr is None)
    n = table[N].to_numpy(dtype=np.int64)
    keep = ~np.isnan(numbers) & (days != np.iinfo(np.int64).min)
    if missing == "raise" and not keep.all():
        raise NeedRows("missing answers or dates")
    n_total, n_answered = int(n.sum()), int(n[keep].sum())
    groups = None
    selected = keep
    if keys:
        groups = table_groups(d, table, keys, missing)
        selected = keep & (groups.codes >= 0)
    rows = n[selected].astype(np.float64)
    if not rows.sum() > 0:
        raise NeedRows("no answers")
    segments = (np.zeros(rows.size, dtype=np.int64) if groups is None
                else groups.codes[selected].astype(np.int64))
    periods, index = period_codes(days[selected], f)
    return trend_table(
        numbers[selected], periods, index, segments, groups, periods + w, metric=metric,
        window=w, confidence=c, n_dropped=n_total - n_answered,
        n_dropped_keys=n_answered - int(n[selected].sum()), rows=rows)


COUNTS: dict[str, Callable[..., Any]] = {
    "expectations.groups.funnel:funnel": funnel,
    "expectations.groups.league:league_table": league_table,
    "expectations.segmentation.compare:compare_segments": compare_segments,
    "expectations.voice.consistency:consistency": consistency,
    "expectations.kpis.trend:trend": trend,
}
