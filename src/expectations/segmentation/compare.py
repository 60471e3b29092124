"""Compare every segment with the rest of the customers, with multiple-testing control.

"Which segments are different?" asks one question per segment. Each is
answered by comparing the segment with all *other* rows (the rest), and the
p-values are adjusted for the number of segments tested, so that a dozen
segments do not produce a "significant" one by chance alone.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _grouping
from expectations import _validation as v
from expectations._align import aligned
from expectations._multitest import CORRECTIONS, adjust_p_values
from expectations.errors import InvalidParameterError, InvalidScoreError, format_message
from expectations.scoring._difference import (
    TESTS,
    check_resamples,
    nps_difference,
    permutation_p_values,
    share_difference,
    warn_small_sides,
)
from expectations.scoring.nps import _categories
from expectations.scoring.nps_intervals import adjusted_wald_interval
from expectations.scoring.proportions import _share_interval, t_interval
from expectations.scoring.satisfaction import CES_SCALE, CSAT_SCALE

__all__ = [
    "COMPARE_SEGMENTS_COLUMNS",
    "CORRECTIONS",
    "METRICS",
    "adjust_p_values",
    "compare_segments",
    "nps_segments_from_counts",
]

FloatArray = npt.NDArray[np.float64]

#: The metrics :func:`compare_segments` accepts.
METRICS: tuple[str, ...] = ("nps", "csat", "ces", "mean")

#: The columns of :func:`compare_segments`, in order, whatever the metric.
COMPARE_SEGMENTS_COLUMNS: tuple[str, ...] = (
    "score", "n", "ci_low", "ci_high", "ci_method", "confidence",
    "rest_score", "rest_n", "difference", "std_error", "statistic",
    "p_value", "p_adjusted", "significant",
)

# CSAT: 4-5 on 1-5; CES 2.0: 5-7 on 1-7 ("agree" that it was easy).
_TOP_BOX = {"csat": (CSAT_SCALE, 4), "ces": (CES_SCALE, 5)}


def _read_scores(scores: object, metric: str, missing: str) -> tuple[FloatArray, Any]:
    """Scores as floats (NaN for missing), and the keep mask from the missing policy."""
    x = v.to_float_array(scores, "scores")
    keep, _ = v.handle_missing(x, "scores", missing)
    kept = x[keep]
    if metric == "nps":
        v.check_integer_scale(kept, "scores", 0, 10, "for NPS")
    elif metric in _TOP_BOX:
        scale = _TOP_BOX[metric][0]
        v.check_integer_scale(kept, "scores", scale.low, scale.high, f"for {metric.upper()}")
    else:
        bad = np.isinf(kept)
        if bad.any():
            first = int(np.flatnonzero(bad)[0])
            raise InvalidScoreError(
                format_message("scores", "finite numbers", count=int(bad.sum()),
                               first=float(kept[first]), position=first,
                               fix="Drop or correct the infinite values.")
            )
    return x, keep


def _nps_stats(groups: _grouping.Groups, x: FloatArray, confidence: float) -> dict[str, Any]:
    """NPS per segment and for its rest; the test is :func:`compare_nps`'s (Rocks 2016)."""
    counts = _grouping.count_categories(groups, _categories(x.astype(np.intp)), 3)
    return _nps_stats_from_counts(counts, confidence)


def _nps_stats_from_counts(counts: FloatArray, confidence: float) -> dict[str, Any]:
    """Compute the NPS statistics from detractor/passive/promoter counts per segment."""
    rest = counts.sum(axis=0)[None, :] - counts
    compared = nps_difference(counts, rest, method="adjusted-wald", confidence=confidence)
    low, high = adjusted_wald_interval(counts[:, 2], counts[:, 1], counts[:, 0],
                                       confidence=confidence)
    return {"score": compared["score_a"], "n": counts.sum(axis=1), "ci_low": low,
            "ci_high": high, "ci_method": "adjusted-wald", "rest_score": compared["score_b"],
            "rest_n": rest.sum(axis=1), "std_error": compared["std_error"],
            "statistic": compared["z"], "p_value": compared["p_value"],
            "_counts": (counts, rest, np.array([-1.0, 0.0, 1.0]))}


def nps_segments_from_counts(index: pd.Index, counts: FloatArray, *, confidence: float = 0.95,
                             correction: str | None = "holm") -> pd.DataFrame:
    """:func:`compare_segments` with ``metric="nps"`` from category counts per segment.

    Used where the answers were counted elsewhere (streamed in chunks, say);
    it gives the same table :func:`compare_segments` gives on the answers.

    Parameters
    ----------
    index : pandas.Index
        The segments, in the order :func:`compare_segments` gives them (sorted).
    counts : numpy.ndarray
        Shape ``(segments, 3)``: detractors, passives, promoters per segment.
    confidence : float, default 0.95
        As for :func:`compare_segments`.
    correction : {"holm", "bh"} or None, default "holm"
        As for :func:`compare_segments`.

    Returns
    -------
    pandas.DataFrame
        The columns :data:`COMPARE_SEGMENTS_COLUMNS`.

    Examples
    --------
    >>> counts = np.array([[20.0, 40.0, 60.0], [40.0, 40.0, 40.0], [20.0, 40.0, 60.0]])
    >>> table = nps_segments_from_counts(pd.Index(["phone", "store", "web"]), counts)
    >>> table[["score", "rest_score", "significant"]].round(3)
            score  rest_score  significant
    phone  33.333      16.667        False
    store   0.000      33.333         True
    web    33.333      16.667        False
    """
    conf = v.check_confidence(confidence)
    v.check_option(correction, "correction", (*CORRECTIONS, None))
    v.check_not_empty(int(counts.sum()), "scores")
    groups = _grouping.Groups(codes=np.arange(len(index), dtype=np.intp), index=index)
    stats = _nps_stats_from_counts(counts, conf)
    _warn_small_segments(stats, stacklevel=2)
    out = _finish(groups, stats, conf, correction)
    out.attrs["test"] = "z"
    return out


def _top_box_stats(groups: _grouping.Groups, x: FloatArray, metric: str,
                   confidence: float) -> dict[str, Any]:
    """Top-box share per segment and rest; the test is :func:`compare_proportions`'s."""
    box_from = _TOP_BOX[metric][1]
    success = (x >= box_from).astype(np.float64)
    n = np.bincount(groups.codes, minlength=groups.n_groups).astype(np.float64)
    hits = _grouping.sum_by_group(groups, success)
    return _top_box_stats_from_counts(n, hits, confidence)


def _top_box_stats_from_counts(n: FloatArray, hits: FloatArray,
                               confidence: float) -> dict[str, Any]:
    """Compute the top-box statistics from answers and hits per segment."""
    rest_n, rest_hits = n.sum() - n, hits.sum() - hits
    compared = share_difference(hits, n, rest_hits, rest_n, method="agresti-caffo",
                                confidence=confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        low, high = _share_interval(hits / n, n, "wilson", confidence)
    return {"score": compared["score_a"], "n": n, "ci_low": 100.0 * low,
            "ci_high": 100.0 * high, "ci_method": "wilson", "rest_score": compared["score_b"],
            "rest_n": rest_n, "std_error": compared["std_error"], "statistic": compared["z"],
            "p_value": compared["p_value"],
            "_counts": (np.stack([n - hits, hits], axis=1),
                        np.stack([rest_n - rest_hits, rest_hits], axis=1),
                        np.array([0.0, 1.0]))}


def _mean_stats(groups: _grouping.Groups, x: FloatArray, confidence: float) -> dict[str, Any]:
    """Mean per segment and rest; Welch's t-test with Welch-Satterthwaite df."""
    from scipy.special import stdtr  # t.sf(x, df) is stdtr(df, -x); lazily imported

    centred = x - x.mean()  # centring keeps the sums of squares below accurate
    n = np.bincount(groups.codes, minlength=groups.n_groups).astype(np.float64)
    total = _grouping.sum_by_group(groups, centred)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = total / n
        deviation = centred - mean[groups.codes]
        ss = _grouping.sum_by_group(groups, deviation * deviation)
        rest_n = n.sum() - n
        rest_mean = (total.sum() - total) / rest_n
        # Rest's sum of squares: within-segment parts plus the between-segment part
        # Σ_h≠g n_h m_h² - n_rest m_rest² (Σ n_h m_h = n_rest m_rest).
        # A segment left empty by missing="drop" has no mean; it adds nothing.
        weighted_sq = np.where(n > 0, n * mean * mean, 0.0)
        between = np.sum(weighted_sq) - weighted_sq - rest_n * rest_mean * rest_mean
        rest_ss = ss.sum() - ss + between
        var, rest_var = ss / (n - 1), rest_ss / (rest_n - 1)
        a, b = var / n, rest_var / rest_n
        se = np.sqrt(a + b)
        df = (a + b) ** 2 / (a * a / (n - 1) + b * b / (rest_n - 1))
        statistic = np.where(se > 0, (mean - rest_mean) / se, np.nan)
        p_value = np.where(np.isfinite(statistic) & (df > 0),
                           2.0 * stdtr(np.where(df > 0, df, 1.0), -np.abs(statistic)),
                           np.nan)
        segment_se = np.sqrt(var / n)
    shift = x.mean()
    low, high = t_interval(mean + shift, segment_se, n, confidence=confidence)
    return {"score": mean + shift, "n": n, "ci_low": low, "ci_high": high, "ci_method": "t",
            "rest_score": rest_mean + shift, "rest_n": rest_n, "std_error": se,
            "statistic": statistic, "p_value": p_value}


@aligned("scores", "by")
def compare_segments(scores: object, by: object, *, metric: str = "nps",
                     correction: str | None = "holm", confidence: float = 0.95,
                     missing: v.MissingPolicy = "raise", test: str = "z", rng: object = None,
                     n_resamples: int = 10_000, data: object = None) -> pd.DataFrame:
    """Each segment's score, and whether it differs from the rest of the customers.

    Parameters
    ----------
    scores : array-like
        One answer per row: 0-10 for ``"nps"``, 1-5 for ``"csat"``, 1-7 for
        ``"ces"`` (CES 2.0), any numbers for ``"mean"``.
    by : array-like, list of array-likes, or DataFrame
        The segment of each row (for example the output of
        :func:`~expectations.segmentation.segment`).
    metric : {"nps", "csat", "ces", "mean"}, default "nps"
        The score: NPS in points; CSAT (share answering 4-5) or CES (5-7) in
        percent; or the mean of the scores.
    correction : {"holm", "bh"} or None, default "holm"
        Multiple-testing adjustment of the p-values across segments (see
        :func:`adjust_p_values`).
    confidence : float, default 0.95
        Coverage of each segment's interval; a segment is flagged
        ``significant`` when its adjusted p-value is below ``1 - confidence``.
    missing : {"raise", "drop"}, default "raise"
        Missing scores or segment keys: raise, or drop them (counted in
        ``attrs``, see Returns).
    test : {"z", "permutation"}, default "z"
        The test of each segment against the rest: the normal approximation
        (Welch's t for the mean), or a permutation test of the difference
        (``"nps"``, ``"csat"`` and ``"ces"`` only; exact when small, see
        :func:`~expectations.compare_nps`).
    rng : int, numpy.random.Generator or None
        Seed or generator for sampled permutation tests; unused otherwise.
    n_resamples : int, default 10000
        Draws of a sampled permutation test.
    data : data frame, optional
        A frame holding the columns: ``scores`` and ``by`` are then column
        names. Any frame narwhals accepts (pandas, Polars eager or lazy,
        PyArrow, DuckDB, Dask, PySpark) or :func:`~expectations.scan` of
        files; the counts are made inside the engine (``metric="mean"`` reads
        the rows), and the table comes back in the caller's library (see the
        guide page "Scale").

    Returns
    -------
    pandas.DataFrame
        One row per segment, indexed by the segment key(s), with the columns
        :data:`COMPARE_SEGMENTS_COLUMNS` whatever the metric: the segment's
        ``score``, ``n`` and interval (adjusted Wald for NPS, Wilson for the
        shares, Student t for the mean); the rest's ``rest_score`` and
        ``rest_n``; ``difference = score - rest_score``, its ``std_error``,
        the test ``statistic`` (z, or Welch's t for the mean), ``p_value``,
        ``p_adjusted`` and ``significant``. Rows dropped for a missing score
        (whose key is present) are counted in ``attrs["n_dropped"]``, rows
        dropped for a missing key in ``attrs["n_dropped_keys"]``;
        ``attrs["test"]`` names the test.

    Raises
    ------
    InvalidScoreError
        If a score is off its scale (or not finite for ``"mean"``), or missing
        with ``missing="raise"``.
    InvalidParameterError
        If ``metric``, ``correction``, ``confidence``, ``missing``, ``test``,
        ``rng`` or ``n_resamples`` is not valid, or ``test="permutation"``
        with ``metric="mean"``.
    LengthMismatchError
        If ``by`` is not as long as ``scores``.
    InsufficientDataError
        If there is no score.

    Warns
    -----
    SmallSampleWarning
        If a segment, or the rest, has fewer than 30 answers.

    Notes
    -----
    Each test compares a segment with the rows outside it; the two samples are
    disjoint, so the usual two-independent-sample tests apply:

    - NPS: the difference of :func:`~expectations.compare_nps`'s default,
      ``"adjusted-wald"``: ``z`` is the difference of the scores after adding
      3/8 promoter, 3/4 passive and 3/8 detractor to each side, over
      ``SE = 100·√(V_s/n_s + V_r/n_r)`` on those adjusted counts, with
      ``V = p + d - (p - d)²`` (Rocks 2016; Agresti & Caffo 2000), so a
      segment of a handful of answers is not declared different on noise;
    - CSAT/CES: the pooled two-proportion z-test, exactly
      :func:`~expectations.scoring.proportions.compare_proportions`, whose
      ``std_error`` (Agresti-Caffo's) is the one reported here;
    - mean: Welch's t-test with Welch-Satterthwaite degrees of freedom.

    All p-values are two-sided. A segment holding every row, or a test whose
    standard error is 0, gets NaN statistics; it is left out of the adjustment.

    Examples
    --------
    >>> scores = ([10, 9, 8, 7, 6, 9] * 20 + [10, 9, 8, 7, 6, 3] * 20
    ...           + [10, 9, 9, 8, 7, 6] * 20)
    >>> segments = ["web"] * 120 + ["phone"] * 120 + ["store"] * 120
    >>> table = compare_segments(scores, segments)
    >>> table[["score", "rest_score", "p_value", "p_adjusted", "significant"]].round(3)
            score  rest_score  p_value  p_adjusted  significant
    phone   0.000      33.333    0.000       0.001         True
    store  33.333      16.667    0.054       0.108        False
    web    33.333      16.667    0.054       0.108        False

    Holm doubles the two larger p-values here: with three segments tested, a
    p-value of 0.05 is not enough.
    """
    conf, generator, resamples = check_options(metric, correction, confidence, missing, test,
                                               rng, n_resamples)
    x, keep = _read_scores(scores, metric, missing)
    groups = _grouping.factorize(by, x.size, missing=missing)
    rows = keep & groups.keep
    v.check_not_empty(int(np.count_nonzero(rows)), "scores")
    kept = _grouping.Groups(codes=groups.codes[rows], index=groups.index,
                            n_dropped=groups.n_dropped)
    values = x[rows]
    if metric == "nps":
        stats = _nps_stats(kept, values, conf)
    elif metric == "mean":
        stats = _mean_stats(kept, values, conf)
    else:
        stats = _top_box_stats(kept, values, metric, conf)
    return segments_table(groups, stats, confidence=conf, correction=correction, test=test,
                          rng=generator, n_resamples=resamples,
                          n_dropped=int(np.count_nonzero(~keep & groups.keep)), stacklevel=4)


def check_options(metric: object, correction: object, confidence: object, missing: object,
                  test: object, rng: object, n_resamples: object,
                  ) -> tuple[float, np.random.Generator, int]:
    """Check :func:`compare_segments`' options; the confidence, generator and resamples."""
    v.check_option(metric, "metric", METRICS)
    v.check_option(correction, "correction", (*CORRECTIONS, None))
    conf = v.check_confidence(confidence)
    v.check_option(missing, "missing", ("raise", "drop"))
    v.check_option(test, "test", TESTS)
    generator = v.check_rng(rng)
    resamples = check_resamples(n_resamples)
    if test == "permutation" and metric == "mean":
        raise InvalidParameterError(
            "test='permutation' is available for metric 'nps', 'csat' and 'ces'; got "
            "metric='mean'. Use test='z' (Welch's t-test).")
    return conf, generator, resamples


def segments_table(groups: _grouping.Groups, stats: dict[str, Any], *, confidence: float,
                   correction: str | None, test: str, rng: np.random.Generator,
                   n_resamples: int, n_dropped: int, stacklevel: int) -> pd.DataFrame:
    """Finish :func:`compare_segments`' table from per-segment statistics (shared by counters)."""
    if test == "permutation":
        counts, rest, category_values = stats["_counts"]
        stats["p_value"] = permutation_p_values(counts, rest, category_values, rng=rng,
                                                n_resamples=n_resamples)
    _warn_small_segments(stats, stacklevel=stacklevel)
    out = _finish(groups, stats, confidence, correction)
    out.attrs["test"] = test
    out.attrs["n_dropped"] = n_dropped
    return out


def _warn_small_segments(stats: dict[str, Any], *, stacklevel: int) -> None:
    """Warn when a segment, or its rest, has fewer than 30 answers (empty ones aside)."""
    smaller = np.minimum(stats["n"], stats["rest_n"])
    warn_small_sides(smaller[smaller > 0], "compare_segments", stacklevel=stacklevel + 1)


def _finish(groups: _grouping.Groups, stats: dict[str, Any], conf: float,
            correction: str | None) -> pd.DataFrame:
    """Difference, adjusted p-values and the significance flag; the fixed columns."""
    stats.pop("_counts", None)
    k = groups.n_groups
    stats["difference"] = stats["score"] - stats["rest_score"]
    stats["ci_method"] = np.full(k, stats["ci_method"], dtype=object)
    stats["confidence"] = np.full(k, conf)
    stats["n"] = stats["n"].astype(np.int64)
    stats["rest_n"] = stats["rest_n"].astype(np.int64)
    stats["p_adjusted"] = adjust_p_values(stats["p_value"], correction)
    with np.errstate(invalid="ignore"):
        stats["significant"] = stats["p_adjusted"] < (1.0 - conf)
    return _grouping.frame(groups, COMPARE_SEGMENTS_COLUMNS, stats)

