"""Scores per calendar period: intervals, significant changes and p-chart limits.

:func:`trend` turns dated survey answers into one row per period (or per
rolling window of periods): the score with its interval, the change from the
previous (non-overlapping) window with a z-test, and control limits for the
share behind the score (promoters for NPS, the top boxes for CSAT and CES).

Counting uses the grouping engine's approach — integer period codes and one
:func:`numpy.bincount` — with difference arrays for rolling windows: an answer
adds to every window from its own period until it drops out of the window or,
with ``dedupe="latest"``, until the same respondent answers again. With ``by=``
the segment codes from :func:`expectations._grouping.factorize` are combined
with the period codes, so every segment is counted in the same pass. No loop
runs over segments, periods or rows.
"""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _grouping
from expectations import _validation as v
from expectations._align import aligned
from expectations.errors import InvalidParameterError
from expectations.kpis._transactions import check_frequency, day_numbers, period_codes
from expectations.scoring.nps import _summaries as _nps_summaries
from expectations.scoring.proportions import t_interval
from expectations.scoring.satisfaction import _statistics as _box_statistics

__all__ = ["METRICS", "TREND_COLUMNS", "trend"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: The metrics :func:`trend` scores.
METRICS: tuple[str, ...] = ("nps", "csat", "ces", "mean")

#: Columns of :func:`trend`, one row per period, whatever the metric.
TREND_COLUMNS: tuple[str, ...] = (
    "score", "n", "n_answers", "std_error", "ci_low", "ci_high", "ci_method", "confidence",
    "change", "change_std_error", "z", "p_value", "significant",
    "share", "centre_line", "lower_limit", "upper_limit", "out_of_control",
)

# (low, high, first box counted as a success) of the integer scales.
_SCALES = {"nps": (0, 10, 9), "csat": (1, 5, 4), "ces": (1, 7, 5)}
_CI = {"nps": "adjusted-wald", "csat": "wilson", "ces": "wilson", "mean": "t"}
_SIGMA = 3.0


def _window(window: object) -> int:
    if window is None:
        return 1
    if isinstance(window, (bool, np.bool_)) or not isinstance(window, (int, np.integer)) \
            or int(window) < 1:
        raise InvalidParameterError(
            f"window must be None or a positive whole number of periods; got {window!r}."
        )
    return int(window)


def _ends(periods: IntArray, days: IntArray, respondents: object, keep: npt.NDArray[np.bool_],
          w: int, n_total: int, segments: IntArray) -> IntArray:
    """First window each kept answer no longer counts in: it ages out or is superseded.

    A respondent's answer is superseded only by their next answer in the same segment.
    """
    ends = periods + w
    if respondents is None:
        return ends
    groups = _grouping.factorize(respondents, n_total, name="respondents", missing="drop")
    who = groups.codes[keep]
    position = np.arange(who.size)
    # Latest = last by date; answers on the same day keep their input order.
    order = np.lexsort((position, days, who, segments))
    same = (who[order][1:] == who[order][:-1]) & (segments[order][1:] == segments[order][:-1])
    next_period = np.full(who.size, np.iinfo(np.int64).max, dtype=np.int64)
    superseded = order[:-1][same]
    next_period[superseded] = periods[order[1:][same]]
    out: IntArray = np.minimum(ends, next_period)
    return out


def _windowed(periods: IntArray, ends: IntArray, columns: FloatArray, n_periods: int,
              segments: IntArray, n_segments: int) -> FloatArray:
    """Sum ``columns`` (rows x k) over each window's counted answers.

    Shape (segments, periods, k): the segment and period codes are combined
    into one code, so one :func:`numpy.bincount` per column counts them all.
    """
    k = columns.shape[1]
    stride = n_periods + 1  # one spare slot per segment for answers that never age out
    size = n_segments * stride * k
    start = (segments * stride + periods) * k
    stop = (segments * stride + np.minimum(ends, n_periods)) * k
    delta = np.zeros(size)
    for j in range(k):  # k is 1..11 columns, never the rows or the segments
        delta += np.bincount(start + j, weights=columns[:, j], minlength=size)
        delta -= np.bincount(stop + j, weights=columns[:, j], minlength=size)
    cube = delta.reshape(n_segments, stride, k)
    sums: FloatArray = np.cumsum(cube, axis=1)[:, :n_periods]
    return sums


def _normal_p(z: FloatArray) -> FloatArray:
    from scipy.special import erfc  # lazy: keeps `import expectations` fast

    with np.errstate(invalid="ignore"):
        p: FloatArray = np.asarray(erfc(np.abs(z) / math.sqrt(2.0)), dtype=np.float64)
    return p


def _lagged(x: FloatArray, w: int, n_segments: int) -> FloatArray:
    """``x`` shifted ``w`` windows later within each segment (NaN where nothing precedes)."""
    rows = x.reshape(n_segments, -1)
    out = np.full(rows.shape, np.nan)
    if rows.shape[1] > w:
        out[:, w:] = rows[:, :-w]
    lagged: FloatArray = out.ravel()
    return lagged


def _read(scores: object, dates: object, respondents: object, metric: str, missing: str,
          ) -> tuple[FloatArray, IntArray, npt.NDArray[np.bool_], int]:
    values = v.to_float_array(scores, "scores")
    days = day_numbers(dates, "dates")
    n = v.check_same_length(scores=values, dates=days)
    if respondents is not None:
        v.check_same_length(scores=values, respondents=respondents)  # type: ignore[arg-type]
    nat = days == np.iinfo(np.int64).min
    v.handle_missing(np.where(nat, np.nan, 0.0), "dates", missing)
    keep, _ = v.handle_missing(values, "scores", missing)
    keep &= ~nat
    if respondents is not None:
        who_missing = np.asarray(pd.isna(pd.Series(respondents, copy=False)).to_numpy(), bool)
        v.handle_missing(np.where(who_missing, np.nan, 0.0), "respondents", missing)
        keep &= ~who_missing
    kept = values[keep]
    if metric in _SCALES:
        low, high, _ = _SCALES[metric]
        v.check_integer_scale(kept, "scores", low, high, f"for {metric.upper()}")
    else:
        bad = ~np.isfinite(kept)
        if bad.any():
            v.check_range(kept, "scores", -np.inf, np.inf, "(finite)")
    return kept, days[keep], keep, n


@aligned("scores", "dates", "respondents", "by")
def trend(scores: object, dates: object, *, by: object = None,
          metric: Literal["nps", "csat", "ces", "mean"] = "nps",
          freq: Literal["D", "W", "M", "Q", "Y"] = "M",
          window: int | None = None, dedupe: Literal["latest"] | None = None,
          respondents: object = None, confidence: float = 0.95,
          missing: v.MissingPolicy = "raise", data: object = None) -> pd.DataFrame:
    """Score per calendar period with intervals, significant changes and p-chart limits.

    Parameters
    ----------
    scores : array-like
        Answers: 0-10 for ``"nps"``, 1-5 for ``"csat"`` (top two boxes), 1-7 for
        ``"ces"`` (CES 2.0, 5-7 count as easy), any numbers for ``"mean"``.
    dates : array-like of datetimes
        When each answer was given.
    by : array-like, list of array-likes, or DataFrame, optional
        Segment key(s). With ``by``, every segment gets its own series over the
        same periods, in one call: the key(s) become the outer index level(s),
        ``period`` the inner one. Changes, p-chart centre lines and
        ``dedupe`` are all within a segment.
    metric : {"nps", "csat", "ces", "mean"}, default "nps"
        What to score.
    freq : {"D", "W", "M", "Q", "Y"}, default "M"
        The calendar period.
    window : int, optional
        Score rolling windows of this many periods, each labelled by its last
        period; only complete windows are shown. None scores each period alone.
    dedupe : {"latest"} or None, default None
        ``"latest"`` counts each respondent once per window, by their latest
        answer in it (same-day answers: the later row). Needs ``respondents``.
    respondents : array-like, optional
        Respondent id of each answer, for ``dedupe``.
    confidence : float, default 0.95
        Coverage of the intervals; a change is ``significant`` when its
        p-value is below ``1 - confidence``.
    missing : {"raise", "drop"}, default "raise"
        Missing answers, dates or respondent ids: raise, or drop them (the
        count is in ``DataFrame.attrs["n_dropped"]``); with ``by``, rows with
        a missing key too (those otherwise complete are counted in
        ``attrs["n_dropped_keys"]``).
    data : data frame, optional
        A frame holding the columns: ``scores``, ``dates``, ``respondents``
        and ``by`` are then column names. Any frame narwhals accepts (pandas,
        Polars eager or lazy, PyArrow, DuckDB, Dask, PySpark) or
        :func:`~expectations.scan` of files; the answers are counted per day
        inside the engine (``metric="mean"`` and ``dedupe`` read the rows),
        and the table comes back in the caller's library (see the guide page
        "Scale").

    Returns
    -------
    pandas.DataFrame
        Indexed by ``period`` (every period, gaps included: an empty period has
        ``n = 0`` and NaN statistics), or with ``by`` by the key(s) and
        ``period``, with the columns :data:`TREND_COLUMNS`:

        - ``score``, ``std_error``, ``ci_low``, ``ci_high``, ``ci_method``,
          ``confidence`` — as :func:`~expectations.scoring.nps.nps` (NPS points,
          adjusted Wald), :func:`~expectations.scoring.satisfaction.csat` /
          ``ces`` (percent, Wilson) or the mean (Student t);
        - ``n`` answers counted, ``n_answers`` before de-duplication;
        - ``change`` from the window ``window`` periods earlier (the previous
          period without ``window``), ``change_std_error``, ``z``, ``p_value``,
          ``significant``;
        - ``share`` (promoters or top boxes, percent), the p-chart
          ``centre_line``, ``lower_limit``, ``upper_limit`` and
          ``out_of_control``; NaN/False for ``"mean"``.

    Raises
    ------
    InvalidScoreError
        Answers off the metric's scale, text or booleans, missing values with
        ``missing="raise"``, or dates that are not datetimes.
    InvalidParameterError
        An invalid option, or ``dedupe`` without ``respondents``.
    LengthMismatchError
        ``scores``, ``dates`` and ``respondents`` of different lengths.
    InsufficientDataError
        No answers.

    Notes
    -----
    Change: NPS uses the two-sample statistic of
    :func:`~expectations.scoring.compare.compare_nps`,
    ``z = ΔNPS / (100 √(V₁/n₁ + V₂/n₂))`` with ``V = p + d - (p - d)²``;
    CSAT and CES the pooled two-proportion z of
    :func:`~expectations.scoring.proportions.compare_proportions` (the
    reported ``change_std_error`` is unpooled); the mean a Welch statistic with
    a normal reference. Both windows are treated as independent samples: a
    respondent answering in both makes the test approximate.

    p-chart (Montgomery 2019, *Introduction to Statistical Quality Control*,
    ch. 7): centre line ``p̄ = Σ successes / Σ n`` over the periods shown,
    limits ``p̄ ± 3 √(p̄ (1 - p̄) / nₜ)`` clipped to [0, 100]%, and a period
    is ``out_of_control`` when its share falls outside them.

    Examples
    --------
    >>> import expectations as ex
    >>> from expectations.kpis import trend
    >>> r = ex.datasets.load_retail().responses
    >>> table = trend(r["nps"], r["date"], freq="Q", missing="drop")
    >>> table[["score", "n", "ci_low", "ci_high", "change", "significant"]].round(1)
            score     n  ci_low  ci_high  change  significant
    period
    2024Q1   25.5  2709    22.3     28.7     NaN        False
    2024Q2   28.2  2762    25.0     31.3     2.7        False
    2024Q3   29.7  3108    26.7     32.6     1.5        False
    2024Q4   26.1  3208    23.2     29.0    -3.5        False
    2025Q1   30.4  3410    27.6     33.2     4.3         True
    2025Q2   28.2  4049    25.6     30.7    -2.2        False
    >>> table[["share", "lower_limit", "upper_limit", "out_of_control"]].round(1)
            share  lower_limit  upper_limit  out_of_control
    period
    2024Q1   52.2         50.4         56.2           False
    2024Q2   53.3         50.5         56.2           False
    2024Q3   54.9         50.6         56.0           False
    2024Q4   52.1         50.7         55.9           False
    2025Q1   54.7         50.7         55.9           False
    2025Q2   52.6         51.0         55.7           False

    One call for every segment, with the segment as the outer index level:

    >>> by_segment = trend(r["nps"], r["date"], by=r["segment"], freq="Y", missing="drop")
    >>> by_segment[["score", "n", "change", "significant"]].round(1)
                    score     n  change  significant
    segment period
    ...
    """
    f, w, c = check_options(metric, freq, window, dedupe, confidence, missing, respondents)
    values, days, keep, n_total = _read(scores, dates, respondents, metric, missing)
    n_answered = int(values.size)
    groups = None if by is None else _grouping.factorize(by, n_total, missing=missing)
    if groups is None:
        segments = np.zeros(values.size, dtype=np.int64)
    else:
        segments = groups.codes[keep]
        has_key = segments >= 0
        values, days, segments = values[has_key], days[has_key], segments[has_key]
        keep = keep & (groups.codes >= 0)
    v.check_not_empty(int(values.size), "scores")
    periods, index = period_codes(days, f)
    ends = (_ends(periods, days, respondents, keep, w, n_total, segments) if dedupe
            else periods + w)
    return trend_table(values, periods, index, segments, groups, ends, metric=metric,
                       window=w, confidence=c, n_dropped=n_total - n_answered,
                       n_dropped_keys=n_answered - int(values.size))


def check_options(metric: object, freq: object, window: object, dedupe: object,
                  confidence: object, missing: object, respondents: object,
                  ) -> tuple[str, int, float]:
    """Check :func:`trend`'s options; return the frequency, the window and the confidence."""
    v.check_option(metric, "metric", METRICS)
    f = check_frequency(freq)
    w = _window(window)
    v.check_option(dedupe, "dedupe", (None, "latest"))
    c = v.check_confidence(confidence)
    v.check_option(missing, "missing", ("raise", "drop"))
    if dedupe is not None and respondents is None:
        raise InvalidParameterError(
            'respondents must be given with dedupe="latest": it says whose answers repeat.'
        )
    if dedupe is None and respondents is not None:
        raise InvalidParameterError(
            'respondents is only used with dedupe="latest"; pass both or neither.'
        )
    return f, w, c


def trend_table(values: FloatArray, periods: IntArray, index: pd.PeriodIndex,
                segments: IntArray, groups: _grouping.Groups | None, ends: IntArray, *,
                metric: str, window: int, confidence: float, n_dropped: int,
                n_dropped_keys: int, rows: FloatArray | None = None) -> pd.DataFrame:
    """Build :func:`trend`'s table from the kept answers' values, periods and segments.

    ``ends`` is the first window each answer no longer counts in. ``rows``,
    when given, is how many answers each entry stands for (entries are then
    distinct answers counted elsewhere, in an engine); a share metric only,
    as the mean's sums need the answers themselves.
    """
    if rows is not None and metric == "mean":
        raise ValueError("rows= needs a share metric")  # never reached from the public API
    w, c = window, confidence
    n_segments = 1 if groups is None else groups.n_groups
    n_periods = len(index)
    plain_ends = periods + w
    ones = np.ones(values.size) if rows is None else rows
    shown = slice(min(w, n_periods) - 1, n_periods)
    n_shown = n_periods - shown.start

    def windowed(until: IntArray, columns: FloatArray) -> FloatArray:
        """Window sums of the shown windows, one row per (segment, window)."""
        cube = _windowed(periods, until, columns, n_periods, segments, n_segments)
        return cube[:, shown].reshape(n_segments * n_shown, columns.shape[1])

    n_answers = windowed(plain_ends, ones[:, None])[:, 0]

    if metric == "mean":
        # Sums of values centred on their overall mean: the one-pass variance
        # Σx² - n·m² cancels catastrophically when the mean dwarfs the spread.
        shift = float(values.mean()) if values.size else 0.0
        centred = values - shift
        sums = windowed(ends, np.column_stack([np.ones(values.size), centred,
                                                centred * centred]))
        out = _mean_fields(sums, c, shift)
    else:
        low, high, success_from = _SCALES[metric]
        points = high - low + 1
        codes = (values - low).astype(np.intp)
        onehot = np.zeros((values.size, points))
        onehot[np.arange(values.size), codes] = ones
        hist = windowed(ends, onehot)
        out = _share_fields(hist, metric, success_from - low, c, n_segments)
    _change(out, w, metric, n_segments)
    out["n_answers"] = n_answers.astype(np.int64)
    with np.errstate(invalid="ignore"):
        out["significant"] = np.asarray(out["p_value"] < 1.0 - c, dtype=bool)
    table: pd.DataFrame = pd.DataFrame({col: out[col] for col in TREND_COLUMNS},
                                       index=_index(groups, index[shown]))
    table.attrs["n_dropped"] = n_dropped
    if groups is not None:
        # Rows with a complete answer but no key: the two counts add up to all dropped rows.
        table.attrs["n_dropped_keys"] = n_dropped_keys
    return table


def _index(groups: _grouping.Groups | None, periods: pd.PeriodIndex) -> pd.Index:
    """Return the periods alone, or every (key..., period) pair, keys outermost."""
    if groups is None:
        return periods
    n_segments, n_periods = groups.n_groups, len(periods)
    keys: pd.Index = groups.index[np.repeat(np.arange(n_segments), n_periods)]
    levels = ([keys.get_level_values(i) for i in range(keys.nlevels)]
              if isinstance(keys, pd.MultiIndex) else [keys])
    period = periods[np.tile(np.arange(n_periods), n_segments)]
    index: pd.Index = pd.MultiIndex.from_arrays(
        [*levels, period], names=[*[lv.name for lv in levels], "period"])
    return index


def _share_fields(hist: FloatArray, metric: str, success_from: int,
                  confidence: float, n_segments: int) -> dict[str, Any]:
    """Score, interval and p-chart per window from answer histograms (windows x points).

    The windows are ``n_segments`` blocks of equal length; each block has its own centre line.
    """
    n = hist.sum(axis=1)
    if metric == "nps":
        counts = np.column_stack([hist[:, :7].sum(axis=1), hist[:, 7:9].sum(axis=1),
                                  hist[:, 9:].sum(axis=1)])
        fields = _nps_summaries(counts, n, "adjusted-wald", confidence, None, 1)
        successes = counts[:, 2]
        with np.errstate(invalid="ignore", divide="ignore"):
            net = (counts[:, 2] - counts[:, 0]) / n
            variance = (counts[:, 2] + counts[:, 0]) / n - net**2
    else:
        values = np.arange(hist.shape[1], dtype=np.float64)
        fields = _box_statistics(hist, hist, n, values, slice(success_from, None), "wilson",
                                 confidence)
        successes = hist[:, success_from:].sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            share = successes / n
            variance = share * (1.0 - share)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = successes / n
        per_segment = (successes.reshape(n_segments, -1).sum(axis=1)
                       / n.reshape(n_segments, -1).sum(axis=1))
        centre = np.repeat(per_segment, n.size // n_segments)
        half = _SIGMA * np.sqrt(centre * (1.0 - centre) / n)
        lower = np.clip(centre - half, 0.0, 1.0)
        upper = np.clip(centre + half, 0.0, 1.0)
    empty = ~(n > 0)
    return {
        "score": np.where(empty, np.nan, fields["score"]),
        "n": n.astype(np.int64),
        "std_error": np.where(empty, np.nan, fields["std_error"]),
        "ci_low": fields["ci_low"],
        "ci_high": fields["ci_high"],
        "ci_method": np.full(n.size, _CI[metric], dtype=object),
        "confidence": np.full(n.size, confidence),
        "share": 100.0 * share,
        "centre_line": 100.0 * centre,
        "lower_limit": np.where(empty, np.nan, 100.0 * lower),
        "upper_limit": np.where(empty, np.nan, 100.0 * upper),
        "out_of_control": ~empty & ((share < lower) | (share > upper)),
        "_variance": variance,
        "_successes": successes,
    }


def _mean_fields(sums: FloatArray, confidence: float, shift: float) -> dict[str, Any]:
    """Per-period mean and t-interval from sums of values centred on ``shift``."""
    n, total, total_sq = sums[:, 0], sums[:, 1], sums[:, 2]
    with np.errstate(invalid="ignore", divide="ignore"):
        centred_mean = total / n
        variance = np.maximum(total_sq - n * centred_mean * centred_mean, 0.0) / (n - 1.0)
        se = np.sqrt(variance / n)
        mean = centred_mean + shift
    low, high = t_interval(mean, se, n, confidence=confidence)
    k = n.size
    return {
        "score": mean,
        "n": np.rint(n).astype(np.int64),
        "std_error": se,
        "ci_low": low,
        "ci_high": high,
        "ci_method": np.full(k, "t", dtype=object),
        "confidence": np.full(k, confidence),
        "share": np.full(k, np.nan),
        "centre_line": np.full(k, np.nan),
        "lower_limit": np.full(k, np.nan),
        "upper_limit": np.full(k, np.nan),
        "out_of_control": np.zeros(k, dtype=bool),
        "_variance": variance,
        "_successes": None,
    }


def _change(out: dict[str, Any], w: int, metric: str, n_segments: int) -> None:
    """Add change, its standard error, z and p-value against the window ``w`` earlier."""
    variance = out.pop("_variance")
    successes = out.pop("_successes")
    n = out["n"].astype(np.float64)
    score = out["score"]
    n0, score0, var0 = (_lagged(x, w, n_segments) for x in (n, score, variance))
    with np.errstate(invalid="ignore", divide="ignore"):
        change = score - score0
        scale = 1.0 if metric == "mean" else 100.0
        se = scale * np.sqrt(variance / n + var0 / n0)
        if metric in ("csat", "ces"):
            x0 = _lagged(np.asarray(successes, dtype=np.float64), w, n_segments)
            pooled = (successes + x0) / (n + n0)
            se_test = 100.0 * np.sqrt(pooled * (1.0 - pooled) * (1.0 / n + 1.0 / n0))
        else:
            se_test = se
        z = np.where(se_test > 0, change / se_test, np.nan)
    out["change"] = change
    out["change_std_error"] = se
    out["z"] = z
    out["p_value"] = _normal_p(z)

