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
from expectations._multitest import CORRECTIONS, adjust_p_values
from expectations.errors import InvalidScoreError, format_message
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


def _two_sided_normal(z: FloatArray) -> FloatArray:
    # scipy.special, not scipy.stats: the same function (norm.sf is ndtr(-x)) without
    # the half-second import of scipy.stats; lazily, to keep `import expectations` fast.
    from scipy.special import ndtr

    with np.errstate(invalid="ignore"):
        p: FloatArray = 2.0 * ndtr(-np.abs(z))
    return p


def _nps_stats(groups: _grouping.Groups, x: FloatArray, confidence: float) -> dict[str, Any]:
    """NPS per segment and for its rest; the test is :func:`compare_nps`'s (Rocks 2016)."""
    counts = _grouping.count_categories(groups, _categories(x.astype(np.intp)), 3)
    return _nps_stats_from_counts(counts, confidence)


def _nps_stats_from_counts(counts: FloatArray, confidence: float) -> dict[str, Any]:
    """Compute the NPS statistics from detractor/passive/promoter counts per segment."""
    rest = counts.sum(axis=0)[None, :] - counts

    def summary(c: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        n = c.sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            net = (c[:, 2] - c[:, 0]) / n
            variance = (c[:, 2] + c[:, 0]) / n - net * net
        return 100.0 * net, n, np.maximum(variance, 0.0)

    score, n, var = summary(counts)
    rest_score, rest_n, rest_var = summary(rest)
    low, high = adjusted_wald_interval(counts[:, 2], counts[:, 1], counts[:, 0],
                                       confidence=confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        se = 100.0 * np.sqrt(var / n + rest_var / rest_n)
        statistic = np.where(se > 0, (score - rest_score) / se, np.nan)
    return {"score": score, "n": n, "ci_low": low, "ci_high": high,
            "ci_method": "adjusted-wald", "rest_score": rest_score, "rest_n": rest_n,
            "std_error": se, "statistic": statistic, "p_value": _two_sided_normal(statistic)}


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
    return _finish(groups, _nps_stats_from_counts(counts, conf), conf, correction)


def _top_box_stats(groups: _grouping.Groups, x: FloatArray, metric: str,
                   confidence: float) -> dict[str, Any]:
    """Top-box share per segment and rest; the test is :func:`compare_proportions`'s."""
    box_from = _TOP_BOX[metric][1]
    success = (x >= box_from).astype(np.float64)
    n = np.bincount(groups.codes, minlength=groups.n_groups).astype(np.float64)
    hits = _grouping.sum_by_group(groups, success)
    rest_n, rest_hits = n.sum() - n, hits.sum() - hits
    with np.errstate(divide="ignore", invalid="ignore"):
        p, q = hits / n, rest_hits / rest_n
        se = np.sqrt(p * (1 - p) / n + q * (1 - q) / rest_n)
        pooled = (hits + rest_hits) / (n + rest_n)
        se_pooled = np.sqrt(pooled * (1 - pooled) * (1 / n + 1 / rest_n))
        statistic = np.where(se_pooled > 0, (p - q) / se_pooled, np.nan)
    low, high = _share_interval(p, n, "wilson", confidence)
    return {"score": 100.0 * p, "n": n, "ci_low": 100.0 * low, "ci_high": 100.0 * high,
            "ci_method": "wilson", "rest_score": 100.0 * q, "rest_n": rest_n,
            "std_error": 100.0 * se, "statistic": statistic,
            "p_value": _two_sided_normal(statistic)}


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


def compare_segments(scores: object, by: object, *, metric: str = "nps",
                     correction: str | None = "holm", confidence: float = 0.95,
                     missing: str = "raise") -> pd.DataFrame:
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
        dropped for a missing key in ``attrs["n_dropped_keys"]``.

    Raises
    ------
    InvalidScoreError
        If a score is off its scale (or not finite for ``"mean"``), or missing
        with ``missing="raise"``.
    InvalidParameterError
        If ``metric``, ``correction``, ``confidence`` or ``missing`` is not valid.
    LengthMismatchError
        If ``by`` is not as long as ``scores``.
    InsufficientDataError
        If there is no score.

    Notes
    -----
    Each test compares a segment with the rows outside it; the two samples are
    disjoint, so the usual two-independent-sample tests apply:

    - NPS: ``z = (NPS_s - NPS_r)/SE`` with ``SE = 100·√(V_s/n_s + V_r/n_r)`` and
      ``V = p + d - (p - d)²`` (Rocks 2016), exactly :func:`~expectations.compare_nps`;
    - CSAT/CES: the pooled two-proportion z-test, exactly
      :func:`~expectations.scoring.proportions.compare_proportions` (whose
      ``std_error`` is the unpooled one reported here);
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
    store  33.333      16.667    0.051       0.102        False
    web    33.333      16.667    0.051       0.102        False

    Holm doubles the two larger p-values here: with three segments tested, a
    p-value of 0.05 is not enough.
    """
    v.check_option(metric, "metric", METRICS)
    v.check_option(correction, "correction", (*CORRECTIONS, None))
    conf = v.check_confidence(confidence)
    v.check_option(missing, "missing", ("raise", "drop"))
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
    out = _finish(groups, stats, conf, correction)
    out.attrs["n_dropped"] = int(np.count_nonzero(~keep & groups.keep))
    return out


def _finish(groups: _grouping.Groups, stats: dict[str, Any], conf: float,
            correction: str | None) -> pd.DataFrame:
    """Difference, adjusted p-values and the significance flag; the fixed columns."""
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

