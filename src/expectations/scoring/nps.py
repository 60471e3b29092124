"""Net Promoter Score: classification, mergeable counts, and the score with intervals.

A 0-10 answer to "How likely are you to recommend us?" makes a respondent a
detractor (0-6), a passive (7-8) or a promoter (9-10); NPS is the share of
promoters minus the share of detractors, in points from -100 to 100
(Reichheld 2003). The three counts are a sufficient statistic: every number
here is computed from an :class:`NPSCounts`, which is why counts from chunks,
files or workers can be added and still give exact results.
"""

from __future__ import annotations

import math
import warnings
from typing import Any, Literal, overload

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _grouping
from expectations import _validation as v
from expectations._align import aligned, caller_stacklevel
from expectations.errors import (
    InsufficientDataError,
    InvalidParameterError,
    ScaleWarning,
    SmallSampleWarning,
)
from expectations.results import Interval, Result
from expectations.scoring import nps_intervals
from expectations.scoring._input import count_at_least, integer_scores

__all__ = [
    "NPS_CATEGORIES",
    "NPS_COLUMNS",
    "SMALL_SAMPLE",
    "NPSCounts",
    "NPSResult",
    "classify_nps",
    "nps",
]

FloatArray = npt.NDArray[np.float64]
IntervalMethod = Literal["adjusted-wald", "bootstrap", "score", "wald"]
RandomState = int | np.random.Generator | None

#: The three NPS categories, in order.
NPS_CATEGORIES = ("detractor", "passive", "promoter")

#: Below this (effective) number of respondents :func:`nps` warns with
#: :class:`~expectations.errors.SmallSampleWarning`: the 95% intervals were
#: checked to cover within 1.5 points of 95% only from 30 respondents on.
SMALL_SAMPLE = 30

#: Answers :func:`nps` needs before it judges their scale: from this many
#: non-missing answers on, all lying within 1..7 (no 0, nothing above 7) raise
#: a :class:`~expectations.errors.ScaleWarning`.
SCALE_CHECK_MIN_N = 30

#: The columns of :func:`nps` with ``by=``: :class:`NPSResult`'s fields, flattened.
NPS_COLUMNS = (
    "score",
    "n",
    "n_effective",
    "n_dropped",
    "promoters",
    "passives",
    "detractors",
    "promoter_share",
    "passive_share",
    "detractor_share",
    "std_error",
    "ci_low",
    "ci_high",
    "ci_method",
    "confidence",
)

_PASSIVE_FROM = 7
_PROMOTER_FROM = 9


def _categories(codes: npt.NDArray[np.integer[Any]]) -> npt.NDArray[np.intp]:
    """Map answers 0..10 to 0 (detractor), 1 (passive), 2 (promoter)."""
    out = (codes >= _PASSIVE_FROM).astype(np.intp)
    out += codes >= _PROMOTER_FROM
    return out


@aligned("scores")
def classify_nps(scores: object, *, missing: v.MissingPolicy = "raise",
                 data: object = None) -> pd.Categorical:
    """Classify 0-10 answers as detractor (0-6), passive (7-8) or promoter (9-10).

    Parameters
    ----------
    scores : array-like
        Integer answers in 0..10 (list, numpy array, pandas Series).
    missing : {"raise", "drop"}, default "raise"
        ``"raise"`` rejects missing answers; ``"drop"`` leaves them out, so the
        result is shorter than the input by the number of missing answers.
    data : data frame, optional
        A frame holding the column: ``scores`` is then a column name. Any
        frame narwhals accepts (pandas, Polars eager or lazy, PyArrow,
        DuckDB, Dask, PySpark) or :func:`~expectations.scan` of files; the
        column is read from it (see the guide page "Scale").

    Returns
    -------
    pandas.Categorical
        Ordered categories ``["detractor", "passive", "promoter"]``.

    Raises
    ------
    InvalidScoreError
        If an answer is not an integer in 0..10, is a boolean or text, or is
        missing with ``missing="raise"``.

    Examples
    --------
    >>> classify_nps([0, 6, 7, 8, 9, 10]).tolist()
    ['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']
    >>> classify_nps("ltr", data=pd.DataFrame({"ltr": [3, 10]})).tolist()
    ['detractor', 'promoter']
    """
    codes, _, _ = integer_scores(scores, "scores", 0, 10, missing=missing, what="for NPS")
    categorical: pd.Categorical = pd.Categorical.from_codes(
        _categories(codes), categories=pd.Index(list(NPS_CATEGORIES)), ordered=True)
    return categorical


def _count(value: object, name: str) -> float:
    """Check that one count is a non-negative finite number and return it as a float."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(
            value, (int, float, np.integer, np.floating)):
        raise InvalidParameterError(
            f"{name} must be a non-negative finite number (a count); got {value!r}."
        )
    out = float(value)
    if not (math.isfinite(out) and out >= 0):
        raise InvalidParameterError(
            f"{name} must be a non-negative finite number (a count); got {value!r}."
        )
    return out


# One named converter per field: attrs' mypy plugin needs named functions, and
# the error must name the field the caller got wrong.
def _promoters(value: object) -> float:
    return _count(value, "promoters")


def _passives(value: object) -> float:
    return _count(value, "passives")


def _detractors(value: object) -> float:
    return _count(value, "detractors")


def _sum_weights_sq(value: object) -> float:
    return _count(value, "sum_weights_sq")


@attrs.frozen(kw_only=True)
class NPSCounts:
    """Promoter, passive and detractor counts: everything NPS needs.

    Counts add exactly (``a + b``), so data split into chunks, files or
    workers can be counted piece by piece and merged.

    Parameters
    ----------
    promoters, passives, detractors : float
        How many respondents (or the sum of their weights) fall in each category.
    sum_weights_sq : float, optional
        The sum of squared weights, for Kish's effective sample size. Defaults
        to the total count, which is its value when every weight is 1.

    Examples
    --------
    >>> counts = NPSCounts.from_scores([10, 9, 8, 3, 10])
    >>> counts
    NPSCounts(promoters=3.0, passives=1.0, detractors=1.0, sum_weights_sq=5.0)
    >>> counts.score
    40.0
    >>> (counts + NPSCounts(promoters=0, passives=0, detractors=5)).score
    -30.0
    """

    promoters: float = attrs.field(converter=_promoters)
    passives: float = attrs.field(converter=_passives)
    detractors: float = attrs.field(converter=_detractors)
    sum_weights_sq: float = attrs.field(converter=_sum_weights_sq)

    @sum_weights_sq.default
    def _unweighted(self) -> float:
        return self.promoters + self.passives + self.detractors

    @sum_weights_sq.validator
    def _check_sum_weights_sq(self, attribute: attrs.Attribute[float], value: float) -> None:
        n = self.n
        # Non-negative weights give 0 < sum(w**2) <= sum(w)**2 whenever sum(w) > 0.
        if (n > 0 and not 0 < value <= n * n * (1 + 1e-12)) or (n == 0 and value != 0):
            raise InvalidParameterError(
                f"sum_weights_sq must be in (0, n**2] for n = {n!r} (or 0 when n is 0); "
                f"got {value!r}."
            )

    @classmethod
    @aligned("scores", "weights")
    def from_scores(cls, scores: object, *, weights: object = None,
                    missing: v.MissingPolicy = "raise") -> NPSCounts:
        """Count promoters, passives and detractors in 0-10 answers.

        Parameters
        ----------
        scores : array-like
            Integer answers in 0..10.
        weights : array-like, optional
            Non-negative survey weights, one per answer; counts become weight sums.
        missing : {"raise", "drop"}, default "raise"
            What to do with missing answers.

        Returns
        -------
        NPSCounts

        Examples
        --------
        >>> NPSCounts.from_scores([10, 7, 0], weights=[2.0, 1.0, 1.0])
        NPSCounts(promoters=2.0, passives=1.0, detractors=1.0, sum_weights_sq=6.0)
        """
        return _tally(scores, weights, missing, "scores").counts

    def __add__(self, other: object) -> NPSCounts:
        if not isinstance(other, NPSCounts):
            return NotImplemented
        return NPSCounts(
            promoters=self.promoters + other.promoters,
            passives=self.passives + other.passives,
            detractors=self.detractors + other.detractors,
            sum_weights_sq=self.sum_weights_sq + other.sum_weights_sq,
        )

    @property
    def n(self) -> float:
        """The number of respondents (the sum of their weights when weighted)."""
        return self.promoters + self.passives + self.detractors

    @property
    def n_effective(self) -> float:
        """Kish's effective sample size ``(sum w)**2 / sum w**2``; ``n`` if unweighted."""
        n = self.n
        if self.sum_weights_sq == n:
            return n
        return n * n / self.sum_weights_sq if self.sum_weights_sq > 0 else math.nan

    @property
    def score(self) -> float:
        """NPS in points, ``100 (P - D) / n``; NaN when there are no respondents."""
        n = self.n
        return 100.0 * (self.promoters - self.detractors) / n if n > 0 else math.nan

    @property
    def variance(self) -> float:
        """Per-respondent variance of the -1/0/+1 variable, ``p + d - (p - d)**2``."""
        n = self.n
        if not n > 0:
            return math.nan
        net = (self.promoters - self.detractors) / n
        return (self.promoters + self.detractors) / n - net**2

    @property
    def std_error(self) -> float:
        """Standard error of the score in points, ``100 sqrt(V / n_effective)``."""
        n_eff = self.n_effective
        return 100.0 * math.sqrt(max(self.variance, 0.0) / n_eff) if n_eff > 0 else math.nan

    def interval(self, method: IntervalMethod = "adjusted-wald", confidence: float = 0.95, *,
                 rng: RandomState = None, n_resamples: int = 10_000) -> Interval:
        """Confidence interval for the score, in points, clipped to [-100, 100].

        Parameters
        ----------
        method : {"adjusted-wald", "score", "wald", "bootstrap"}
            See :mod:`expectations.scoring.nps_intervals`.
        confidence : float, default 0.95
            Nominal coverage.
        rng : int or numpy.random.Generator, optional
            Seed or generator for ``"bootstrap"``.
        n_resamples : int, default 10000
            Bootstrap resamples.

        Returns
        -------
        Interval

        Examples
        --------
        >>> NPSCounts(promoters=50, passives=30, detractors=20).interval("wald")
        Interval(low=14.69..., high=45.30..., confidence=0.95, method='wald')
        """
        v.check_option(method, "method", nps_intervals.INTERVAL_METHODS)
        confidence = v.check_confidence(confidence)
        low, high = _interval_bounds(
            np.array([self.promoters]), np.array([self.passives]), np.array([self.detractors]),
            np.array([self.n_effective]), method, confidence, rng, n_resamples)
        return Interval(low=float(low[0]), high=float(high[0]), confidence=confidence,
                        method=method)


@attrs.frozen(kw_only=True, repr=False)
class NPSResult(Result):
    """The Net Promoter Score of one group of respondents.

    Attributes
    ----------
    score : float
        NPS in points, -100 to 100.
    n : int
        Respondents used (after dropping missing answers).
    n_effective : float
        Kish's effective sample size; equals ``n`` without weights.
    n_dropped : int
        Missing answers dropped (``missing="drop"``).
    promoters, passives, detractors : float
        Counts, or sums of weights when weighted.
    promoter_share, passive_share, detractor_share : float
        Shares in percent (0-100); ``score = promoter_share - detractor_share``.
    std_error : float
        Standard error of the score in points.
    interval : Interval or None
        Confidence interval in points, or None when ``ci=None``.

    Examples
    --------
    >>> result = nps([10, 9, 8, 7, 3] * 6, ci="wald")
    >>> result.score, result.n, result.promoter_share
    (20.0, 30, 40.0)
    >>> sorted(result.to_dict())[:4]
    ['ci_high', 'ci_low', 'ci_method', 'confidence']
    """

    _headline = ("score", "n")

    def plot(self, *, ax: Any = None) -> Any:
        """Draw this result with :func:`~expectations.plotting.plot_nps`.

        Needs the ``plot`` extra.
        """
        from expectations.plotting import plot_nps

        return plot_nps(self, ax=ax)

    score: float
    n: int
    n_effective: float
    n_dropped: int
    promoters: float
    passives: float
    detractors: float
    promoter_share: float
    passive_share: float
    detractor_share: float
    std_error: float
    interval: Interval | None


@attrs.frozen(kw_only=True)
class _Tally:
    counts: NPSCounts
    n_rows: int
    n_dropped: int


def _weights_for_kept(weights: object, n_total: int, keep: npt.NDArray[np.bool_] | None,
                      name: str = "weights") -> FloatArray | None:
    if weights is None:
        return None
    w = v.check_weights(weights, n_total, name)
    return w if keep is None else w[keep]


def _tally(scores: object, weights: object, missing: str, name: str,
           weights_name: str = "weights", *, check_scale: bool = False) -> _Tally:
    """Validate answers (and weights) and count them without grouping."""
    codes, keep, n_dropped = integer_scores(scores, name, 0, 10, missing=missing,
                                            what="for NPS")
    if check_scale:
        _warn_if_other_scale(codes)
    w = _weights_for_kept(weights, codes.size + n_dropped, keep, weights_name)
    if w is None:
        at_least_passive, promoters = count_at_least(codes, [_PASSIVE_FROM, _PROMOTER_FROM])
        n = codes.size
        counts = NPSCounts(promoters=promoters, passives=at_least_passive - promoters,
                           detractors=n - at_least_passive)
    else:
        sums = np.bincount(_categories(codes), weights=w, minlength=3)
        counts = NPSCounts(promoters=sums[2], passives=sums[1], detractors=sums[0],
                           sum_weights_sq=float(np.dot(w, w)))
    return _Tally(counts=counts, n_rows=int(codes.size), n_dropped=n_dropped)


def _interval_bounds(promoters: FloatArray, passives: FloatArray, detractors: FloatArray,
                     n_effective: FloatArray, method: str, confidence: float,
                     rng: RandomState, n_resamples: int) -> tuple[FloatArray, FloatArray]:
    """Bounds in points from counts rescaled to the effective sample size."""
    n = promoters + passives + detractors
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(n_effective == n, 1.0, n_effective / n)
    p, q, d = promoters * scale, passives * scale, detractors * scale
    if method == "wald":
        return nps_intervals.wald_interval(p, q, d, confidence=confidence)
    if method == "adjusted-wald":
        return nps_intervals.adjusted_wald_interval(p, q, d, confidence=confidence)
    if method == "score":
        return nps_intervals.score_interval(p, q, d, confidence=confidence)
    _check_bootstrap_options(rng, n_resamples)
    return nps_intervals.bootstrap_interval(p, q, d, confidence=confidence,
                                            rng=np.random.default_rng(rng),
                                            n_resamples=int(n_resamples))


def _check_bootstrap_options(rng: object, n_resamples: object) -> None:
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, (int, np.integer)) \
            or n_resamples < 1:
        raise InvalidParameterError(f"n_resamples must be a positive integer; got {n_resamples!r}.")
    v.check_rng(rng)


def _summaries(counts: FloatArray, sum_weights_sq: FloatArray, ci: str | None,
               confidence: float, rng: RandomState, n_resamples: int) -> dict[str, Any]:
    """Every NPS field for each row of ``counts`` (columns detractor, passive, promoter)."""
    detractors, passives, promoters = counts[:, 0], counts[:, 1], counts[:, 2]
    n = detractors + passives + promoters
    with np.errstate(invalid="ignore", divide="ignore"):
        n_effective = np.where(sum_weights_sq == n, n, n * n / sum_weights_sq)
        net = (promoters - detractors) / n
        variance = (promoters + detractors) / n - net**2
        std_error = 100.0 * np.sqrt(np.maximum(variance, 0.0) / n_effective)
        out: dict[str, Any] = {
            "score": 100.0 * (promoters - detractors) / n,
            "n_effective": n_effective,
            "promoters": promoters,
            "passives": passives,
            "detractors": detractors,
            "promoter_share": 100.0 * promoters / n,
            "passive_share": 100.0 * passives / n,
            "detractor_share": 100.0 * detractors / n,
            "std_error": np.where(n > 0, std_error, np.nan),
        }
    if ci is None:
        out["ci_low"] = out["ci_high"] = np.full(n.shape, np.nan)
    else:
        out["ci_low"], out["ci_high"] = _interval_bounds(
            promoters, passives, detractors, n_effective, ci, confidence, rng, n_resamples)
    return out


def _check_options(ci: object, confidence: object) -> float:
    v.check_option(ci, "ci", (*nps_intervals.INTERVAL_METHODS, None))
    return v.check_confidence(confidence)


@overload
def nps(scores: object, *, weights: object = ..., by: None = ...,
        ci: IntervalMethod | None = ..., confidence: float = ..., missing: v.MissingPolicy = ...,
        rng: RandomState = ..., n_resamples: int = ...,
        data: object = ...) -> NPSResult: ...
@overload
def nps(scores: object, *, weights: object = ..., by: object,
        ci: IntervalMethod | None = ..., confidence: float = ..., missing: v.MissingPolicy = ...,
        rng: RandomState = ..., n_resamples: int = ...,
        data: object = ...) -> pd.DataFrame: ...
@aligned("scores", "weights", "by")
def nps(scores: object, *, weights: object = None, by: object = None,
        ci: IntervalMethod | None = "adjusted-wald", confidence: float = 0.95,
        missing: v.MissingPolicy = "raise", rng: RandomState = None,
        n_resamples: int = 10_000, data: object = None) -> NPSResult | pd.DataFrame:
    r"""Net Promoter Score in points, with its standard error and interval.

    Parameters
    ----------
    scores : array-like
        Integer answers in 0..10 (list, numpy array, pandas Series, nullable
        dtypes). Integer numpy arrays are read without conversion.
    weights : array-like, optional
        Non-negative survey weights, one per answer. Counts become weight sums,
        and the standard error uses Kish's effective sample size.
    by : array-like, list of array-likes, or DataFrame, optional
        Group key(s), one per answer. With ``by``, the result is a DataFrame.
    ci : {"adjusted-wald", "score", "wald", "bootstrap"} or None
        Interval method (see :mod:`expectations.scoring.nps_intervals`).
    confidence : float, default 0.95
        Nominal coverage of the interval.
    missing : {"raise", "drop"}, default "raise"
        What to do with missing answers and missing group keys; ``"drop"``
        reports how many were dropped.
    rng : int or numpy.random.Generator, optional
        Seed or generator for the bootstrap.
    n_resamples : int, default 10000
        Bootstrap resamples.
    data : data frame, optional
        A frame holding the columns: ``scores``, ``weights`` and ``by`` are
        then column names. Any frame narwhals accepts (pandas, Polars eager
        or lazy, PyArrow, DuckDB, Dask, PySpark) or :func:`~expectations.scan`
        of files; the counts are made inside the engine, and a ``by=`` table
        comes back in the caller's library (see the guide page "Scale").

    Returns
    -------
    NPSResult or pandas.DataFrame
        Without ``by``, an :class:`NPSResult`. With ``by``, one row per group,
        indexed by the key(s), with the columns :data:`NPS_COLUMNS`; missing
        keys dropped with ``missing="drop"`` are counted in
        ``DataFrame.attrs["n_dropped_keys"]``. A group with no usable answers
        gets NaN scores.

    Raises
    ------
    InvalidScoreError
        Answers not integers in 0..10, booleans, text, or missing with
        ``missing="raise"``; negative, infinite or all-zero weights.
    LengthMismatchError
        ``weights`` or ``by`` not as long as ``scores``.
    InsufficientDataError
        No answers to score.
    InvalidParameterError
        An unknown ``ci``, ``missing`` or a ``confidence`` outside (0, 1).

    Warns
    -----
    SmallSampleWarning
        When the (effective) number of respondents is below
        :data:`SMALL_SAMPLE` (30); with ``by``, once, naming how many groups are small.
    ScaleWarning
        When the answers look like another scale's: at least
        :data:`SCALE_CHECK_MIN_N` (30) non-missing answers and every one within
        1..7 (the smallest at least 1, the largest at most 7), as 1-5 or 1-7
        ratings are. Judged on all the answers of the call, so with ``by`` it
        warns once, whatever the groups. The score is still computed.

    Notes
    -----
    With ``y = +1, 0, -1`` for promoters, passives and detractors and
    weights ``w`` (all 1 without weights),

    .. math:: \mathrm{NPS} = 100 \frac{\sum w y}{\sum w}, \quad
              V = p + d - (p - d)^2, \quad
              \mathrm{SE} = 100 \sqrt{V / n_\mathrm{eff}}, \quad
              n_\mathrm{eff} = \frac{(\sum w)^2}{\sum w^2},

    where ``p`` and ``d`` are the (weighted) promoter and detractor shares.
    Intervals use the counts rescaled to ``n_eff``. The default adjusted Wald
    interval adds ¾, 1½ and ¾ pseudo-respondents (Rocks 2016).

    References
    ----------
    .. [1] Reichheld, F. F. (2003). The one number you need to grow.
       *Harvard Business Review* 81(12), 46-54.
    .. [2] Rocks, B. (2016). Interval estimation for the "Net Promoter Score".
       *The American Statistician* 70(4), 365-372.

    Examples
    --------
    >>> result = nps([10, 9, 9, 8, 7, 6, 3, 10, 10, 9] * 3)
    >>> result.score, result.n
    (40.0, 30)
    >>> result.interval
    Interval(low=9.058..., high=63.669..., confidence=0.95, method='adjusted-wald')
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")  # the groups are tiny
    ...     table = nps([10, 0, 9, 9, 7], by=["a", "a", "b", "b", "b"], ci="wald")
    >>> table[["score", "n", "ci_low", "ci_high"]].round(1)
       score  n  ci_low  ci_high
    a    0.0  2  -100.0    100.0
    b   66.7  3    13.3    100.0
    """
    confidence = _check_options(ci, confidence)
    if by is not None:
        return _nps_by(scores, weights, by, ci, confidence, missing, rng, n_resamples)
    tally = _tally(scores, weights, missing, "scores", check_scale=True)
    return _result_from_counts(tally.counts, tally.n_rows, tally.n_dropped, ci, confidence,
                               rng, n_resamples, stacklevel=3)


def _result_from_counts(counts: NPSCounts, n_rows: int, n_dropped: int, ci: str | None,
                        confidence: float, rng: RandomState, n_resamples: int, *,
                        stacklevel: int) -> NPSResult:
    """Build :class:`NPSResult` from the counts of all rows (shared with streaming/Dask).

    ``stacklevel`` is that of the warning as seen from this function, so
    that it points at the caller of the public function.
    """
    _check_has_data(n_rows, n_dropped, counts.n)
    if counts.n_effective < SMALL_SAMPLE:
        warnings.warn(
            f"NPS rests on {counts.n_effective:.4g} (effective) respondents, fewer than "
            f"{SMALL_SAMPLE}; its interval may cover less often than stated.",
            SmallSampleWarning, stacklevel=max(stacklevel, caller_stacklevel()),
        )
    row = np.array([[counts.detractors, counts.passives, counts.promoters]])
    fields = _summaries(row, np.array([counts.sum_weights_sq]), ci, confidence, rng,
                        n_resamples)
    interval = None if ci is None else Interval(
        low=float(fields["ci_low"][0]), high=float(fields["ci_high"][0]),
        confidence=confidence, method=ci)
    return NPSResult(
        n=n_rows, n_dropped=n_dropped, interval=interval,
        **{k: float(fields[k][0]) for k in fields if k not in ("ci_low", "ci_high")},
    )


def _warn_if_other_scale(codes: npt.NDArray[Any]) -> None:
    """Warn (ScaleWarning) when 30+ answers all lie within 1..7: probably not 0-10 answers."""
    if codes.size >= SCALE_CHECK_MIN_N:
        high = int(codes.max())
        if high <= 7:
            _warn_scale(codes.size, int(codes.min()), high)


def warn_if_other_scale_counts(points: FloatArray) -> None:
    """Apply the same rule to the counts of the answers 0..10 (streamed and chunked paths)."""
    seen = np.flatnonzero(points > 0)
    if seen.size:
        _warn_scale(int(points.sum()), int(seen[0]), int(seen[-1]))


def _warn_scale(n: int, low: int, high: int) -> None:
    if n < SCALE_CHECK_MIN_N or low < 1 or high > 7:
        return
    scale = "1..5" if high <= 5 else "1..7"
    counted = "detractors" if high <= 6 else "detractors (a 7 as passive)"
    warnings.warn(
        f"scores look like answers on a {scale} scale, not NPS's 0..10: {SCALE_CHECK_MIN_N} or "
        f"more answers, every one within {scale} (none is 0 or above 7), which NPS counts as "
        f"{counted}. Check the column; for ratings on 1..5 or 1..7 use csat() or ces().",
        ScaleWarning, stacklevel=caller_stacklevel(),
    )


def _check_has_data(n_rows: int, n_dropped: int, total_weight: float) -> None:
    if n_rows == 0 and n_dropped == 0:
        v.check_not_empty(0, "scores")
    if n_rows == 0:
        raise InsufficientDataError(
            f"scores must have at least one non-missing value; all {n_dropped} are missing."
        )
    if not total_weight > 0:
        raise InsufficientDataError(
            "weights must be positive for at least one non-missing score; all are zero."
        )


def _nps_by(scores: object, weights: object, by: object, ci: str | None, confidence: float,
            missing: str, rng: RandomState, n_resamples: int) -> pd.DataFrame:
    codes, keep, n_dropped = integer_scores(scores, "scores", 0, 10, missing=missing,
                                            what="for NPS")
    _warn_if_other_scale(codes)
    n_total = codes.size + n_dropped
    v.check_not_empty(n_total, "scores")
    w = _weights_for_kept(weights, n_total, keep)
    groups = _grouping.factorize(by, n_total, name="by", missing=missing)
    row_groups = groups if keep is None else attrs.evolve(groups, codes=groups.codes[keep])
    # Count the 11 answers per group, then add them up into the three categories:
    # cheaper than building a category array of the same length as the data.
    points = _grouping.count_categories(row_groups, codes, 11, w)
    counts = _categories_from_points(points)
    if w is None:
        n_rows = counts.sum(axis=1).astype(np.int64)
        sum_weights_sq = n_rows.astype(np.float64)
    else:
        n_rows = _grouping.sum_by_group(row_groups, np.ones(codes.size)).astype(np.int64)
        sum_weights_sq = _grouping.sum_by_group(row_groups, w * w)
    if keep is None:
        dropped = np.zeros(groups.n_groups, dtype=np.int64)
    else:
        lost = groups.codes[~keep]
        dropped = np.bincount(lost[lost >= 0], minlength=groups.n_groups)
    return _frame_from_counts(groups, counts, n_rows, sum_weights_sq, dropped, ci, confidence,
                              rng, n_resamples, stacklevel=4)


def _categories_from_points(points: FloatArray) -> FloatArray:
    """Add up per-group counts of the answers 0..10 into detractor, passive, promoter columns."""
    return np.stack([points[:, :_PASSIVE_FROM].sum(axis=1),
                     points[:, _PASSIVE_FROM:_PROMOTER_FROM].sum(axis=1),
                     points[:, _PROMOTER_FROM:].sum(axis=1)], axis=1)


def _frame_from_counts(groups: _grouping.Groups, counts: FloatArray,
                       n_rows: npt.NDArray[np.int64], sum_weights_sq: FloatArray,
                       dropped: npt.NDArray[np.int64], ci: str | None, confidence: float,
                       rng: RandomState, n_resamples: int, *, stacklevel: int) -> pd.DataFrame:
    """Build the ``by=`` frame from per-group counts (shared with streaming/Dask).

    ``counts`` has the columns detractor, passive, promoter; ``stacklevel`` is
    that of the warning as seen from this function.
    """
    fields = _summaries(counts, sum_weights_sq, ci, confidence, rng, n_resamples)
    small = int(np.count_nonzero(~(fields["n_effective"] >= SMALL_SAMPLE)))
    if small:
        warnings.warn(
            f"{small} of {groups.n_groups} groups have fewer than {SMALL_SAMPLE} (effective) "
            "respondents; their intervals may cover less often than stated.",
            SmallSampleWarning, stacklevel=max(stacklevel, caller_stacklevel()),
        )
    fields["n"] = n_rows.astype(np.int64)
    fields["n_dropped"] = dropped.astype(np.int64)
    fields["ci_method"] = np.full(groups.n_groups, ci, dtype=object)
    fields["confidence"] = np.full(groups.n_groups, np.nan if ci is None else confidence)
    return _grouping.frame(groups, NPS_COLUMNS, fields)
