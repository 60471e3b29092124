"""Intervals for a proportion and a mean, Kish's effective n, and comparing two shares.

The interval functions work on arrays, one element per group, so that a
``by=`` call computes every group's interval in one vectorised pass. Shares are
proportions in ``0..1`` here; the scoring functions turn them into percentages.

Methods (Wilson 1927; Agresti & Coull 1998; Brown, Cai & DasGupta 2001):

- ``"wilson"`` — the score interval: good coverage even for small ``n`` and
  shares near 0 or 1, never outside ``[0, 1]``. The default.
- ``"agresti-coull"`` — Wald on the counts plus ``z²/2`` successes and ``z²/2``
  failures; close to Wilson, a little wider.
- ``"wald"`` — ``p ± z·√(p(1 - p)/n)``; collapses to a point at 0% and 100%
  and under-covers for small ``n``. Offered for comparison with other tools.

All three are clipped to ``[0, 1]``, as
``statsmodels.stats.proportion.proportion_confint`` does.
"""

from __future__ import annotations

import math
import warnings
from statistics import NormalDist
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import attrs
import numpy as np
import numpy.typing as npt

from expectations import _validation as v
from expectations._align import aligned, caller_stacklevel
from expectations.errors import (
    InsufficientDataError,
    InvalidParameterError,
    InvalidScoreError,
    SmallSampleWarning,
    format_message,
)
from expectations.models.scale import Scale
from expectations.results import Interval, Result
from expectations.scoring._difference import (
    SHARE_DIFFERENCE_METHODS,
    TESTS,
    check_resamples,
    permutation_p_values,
    share_difference,
    warn_small_sides,
)
from expectations.scoring._input import count_at_least, integer_answers

if TYPE_CHECKING:
    from expectations.scoring.satisfaction import TopBoxResult

__all__ = [
    "MIN_RELIABLE_N",
    "PROPORTION_METHODS",
    "ProportionComparison",
    "ProportionMethod",
    "compare_proportions",
    "kish_effective_n",
    "kish_n",
    "proportion_interval",
    "t_interval",
]

FloatArray = npt.NDArray[np.float64]

ProportionMethod = Literal["wilson", "agresti-coull", "wald"]
PROPORTION_METHODS: tuple[str, ...] = ("wilson", "agresti-coull", "wald")

#: Below this many (effective) responses a :class:`~expectations.errors.SmallSampleWarning`
#: is issued: the normal approximations behind the Wald-type intervals and the
#: z-test are rough there, and a single answer moves a share by more than 3 points.
MIN_RELIABLE_N = 30


def _z_value(confidence: float) -> float:
    """Return the two-sided standard-normal critical value for ``confidence``.

    Examples
    --------
    >>> round(_z_value(0.95), 6)
    1.959964
    """
    return NormalDist().inv_cdf(0.5 + confidence / 2.0)


def _as_float_array(values: object, name: str) -> FloatArray:
    arr = np.asarray(values)
    if arr.dtype.kind == "b" or arr.dtype.kind not in "iuf":
        raise InvalidScoreError(
            format_message(name, "numbers", fix=f"Got dtype {arr.dtype}.")
        )
    out: FloatArray = np.array(arr, dtype=np.float64, ndmin=1)
    return out


def _check_counts(successes: FloatArray, n: FloatArray) -> None:
    """Check ``0 <= successes <= n`` with everything finite."""
    flat_n = n.ravel()
    bad_n = ~(np.isfinite(flat_n) & (flat_n >= 0))
    if bad_n.any():
        i = int(np.flatnonzero(bad_n)[0])
        raise InvalidScoreError(
            format_message("n", "finite and non-negative", count=int(bad_n.sum()),
                           first=float(flat_n[i]), position=i,
                           fix="Pass the number of responses.")
        )
    s, m = np.broadcast_arrays(successes, n)
    flat_s, flat_m = s.ravel(), m.ravel()
    bad = ~(np.isfinite(flat_s) & (flat_s >= 0) & (flat_s <= flat_m))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InvalidScoreError(
            format_message("successes", "between 0 and n", count=int(bad.sum()),
                           first=float(flat_s[i]), position=i,
                           fix="Check that successes and n are aligned.")
        )


def _share_interval(share: FloatArray, n: FloatArray, method: str,
                   confidence: float) -> tuple[FloatArray, FloatArray]:
    """Interval for shares already computed (``n`` may be an effective, non-integer n).

    This is the unchecked core of :func:`proportion_interval`, used by the
    scoring functions whose inputs are already validated. Rows with ``n == 0``
    give NaN.

    Examples
    --------
    >>> low, high = _share_interval(np.array([0.5]), np.array([100.0]), "wald", 0.95)
    >>> round(float(low[0]), 4), round(float(high[0]), 4)
    (0.402, 0.598)
    """
    v.check_option(method, "method", PROPORTION_METHODS)
    z = _z_value(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "wilson":
            denom = 1.0 + z * z / n
            center = (share + z * z / (2.0 * n)) / denom
            half = z * np.sqrt(share * (1.0 - share) / n + z * z / (4.0 * n * n)) / denom
        elif method == "agresti-coull":
            n_c = n + z * z
            center = (share * n + z * z / 2.0) / n_c
            half = z * np.sqrt(center * (1.0 - center) / n_c)
        else:
            center = share
            half = z * np.sqrt(share * (1.0 - share) / n)
        low = np.clip(center - half, 0.0, 1.0)
        high = np.clip(center + half, 0.0, 1.0)
    if method == "wilson":
        # Exact in theory; rounding leaves ~1e-15 where the bound must be 0 or 1.
        low = np.where(share == 0.0, 0.0, low)
        high = np.where(share == 1.0, 1.0, high)
    return low, high


def proportion_interval(successes: object, n: object, *, method: str = "wilson",
                        confidence: float = 0.95) -> tuple[FloatArray, FloatArray]:
    """Confidence interval for a proportion, vectorised over arrays of counts.

    Parameters
    ----------
    successes : array-like of float
        Number of successes in each sample (may be non-integer effective counts,
        ``share * n_eff``, for weighted data).
    n : array-like of float
        Number of trials in each sample, broadcastable against ``successes``.
    method : {"wilson", "agresti-coull", "wald"}, default "wilson"
        The interval (see the module notes).
    confidence : float, default 0.95
        Nominal coverage.

    Returns
    -------
    low, high : numpy.ndarray
        Bounds on the proportion scale ``0..1``, clipped to it. NaN where
        ``n == 0``.

    Raises
    ------
    InvalidScoreError
        If a count is negative, not finite, or ``successes > n``.
    InvalidParameterError
        If ``method`` or ``confidence`` is not valid.

    Notes
    -----
    With ``p = x/n`` and ``z`` the normal quantile:

    - Wilson: ``(p + z²/2n ± z·√(p(1 - p)/n + z²/4n²)) / (1 + z²/n)``.
    - Agresti-Coull: ``ñ = n + z²``, ``p̃ = (x + z²/2)/ñ``, ``p̃ ± z·√(p̃(1 - p̃)/ñ)``.
    - Wald: ``p ± z·√(p(1 - p)/n)``.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and
    statistical inference. *JASA* 22, 209-212.
    Agresti, A. & Coull, B. A. (1998). Approximate is better than "exact" for
    interval estimation of binomial proportions. *Am. Stat.* 52, 119-126.
    Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation for a
    binomial proportion. *Statistical Science* 16, 101-133.

    Examples
    --------
    >>> low, high = proportion_interval([0, 7, 20], [20, 20, 20])
    >>> np.round(low, 4).tolist(), np.round(high, 4).tolist()
    ([0.0, 0.1812, 0.8389], [0.1611, 0.5671, 1.0])
    """
    v.check_option(method, "method", PROPORTION_METHODS)
    c = v.check_confidence(confidence)
    x = _as_float_array(successes, "successes")
    m = _as_float_array(n, "n")
    _check_counts(x, m)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = x / m
    return _share_interval(share, np.broadcast_to(m, share.shape), method, c)


def t_interval(mean: object, std_error: object, n: object, *,
               confidence: float = 0.95) -> tuple[FloatArray, FloatArray]:
    """Student-t interval ``mean ± t(n - 1)·std_error`` for a mean, vectorised.

    Parameters
    ----------
    mean, std_error : array-like of float
        The estimates and their standard errors.
    n : array-like of float
        Sample sizes (Kish effective sizes for weighted data); the degrees of
        freedom are ``n - 1``, so ``n <= 1`` gives NaN.
    confidence : float, default 0.95
        Nominal coverage.

    Returns
    -------
    low, high : numpy.ndarray

    Examples
    --------
    >>> low, high = t_interval([3.0], [0.5], [10])
    >>> round(float(low[0]), 4), round(float(high[0]), 4)
    (1.8689, 4.1311)
    """
    # Lazy, and scipy.special rather than scipy.stats: stats.t.ppf is
    # special.stdtrit (same values), and importing scipy.stats costs about half
    # a second more — most of a first report's time.
    from scipy import special

    c = v.check_confidence(confidence)
    m = np.asarray(mean, dtype=np.float64)
    se = np.asarray(std_error, dtype=np.float64)
    df = np.asarray(n, dtype=np.float64) - 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        # No t quantile for df <= 0: NaN there.
        t = np.where(df > 0, special.stdtrit(np.where(df > 0, df, 1.0), 0.5 + c / 2.0), np.nan)
        half = t * se
    low: FloatArray = np.atleast_1d(m - half).astype(np.float64)
    high: FloatArray = np.atleast_1d(m + half).astype(np.float64)
    return low, high


def kish_effective_n(weights: object) -> float:
    """Kish's effective sample size ``(Σw)² / Σw²``.

    It is the size of an unweighted sample whose mean would be as precise as
    the weighted mean; it equals ``n`` when every weight is the same.

    Parameters
    ----------
    weights : array-like of float
        Non-negative survey weights, not all zero.

    Returns
    -------
    float

    References
    ----------
    Kish, L. (1965). *Survey Sampling*. Wiley, section 11.7.

    Examples
    --------
    >>> kish_effective_n([1, 1, 1, 1])
    4.0
    >>> kish_effective_n([2, 2, 1, 1])
    3.6
    """
    w = v.to_float_array(weights, "weights")
    v.check_not_empty(w.size, "weights")
    w = v.check_weights(w, w.size)
    total = float(np.sum(w))
    return total * total / float(np.dot(w, w))


def kish_n(sum_w: FloatArray, sum_w2: FloatArray) -> FloatArray:
    """Kish's effective sample size ``(Σw)² / Σw²`` from the sums, element by element.

    The vectorised form of :func:`kish_effective_n` for many groups at once,
    computed as ``Σw · (Σw / Σw²)`` so that it is exactly ``n`` when every
    weight is the same.

    Parameters
    ----------
    sum_w : numpy.ndarray of float
        The sum of the weights of each group.
    sum_w2 : numpy.ndarray of float
        The sum of the squared weights of each group.

    Returns
    -------
    numpy.ndarray of float
        The effective sample size of each group; 0 where ``sum_w`` is 0.

    Examples
    --------
    >>> kish_n(np.array([4.0, 6.0, 0.0]), np.array([4.0, 12.0, 0.0])).tolist()
    [4.0, 3.0, 0.0]
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        out: FloatArray = np.where(sum_w > 0, sum_w * (sum_w / sum_w2), 0.0)
    return out


# ---------------------------------------------------------------- comparing two shares

@attrs.frozen(kw_only=True, repr=False)
class ProportionComparison(Result):
    """The difference between two top-box shares, ``a - b``, in percentage points.

    Attributes
    ----------
    difference : float
        ``score_a - score_b`` in percentage points (signed).
    std_error : float
        Unpooled standard error of the difference, in points: on the counts
        plus one success and one failure per side for ``"agresti-caffo"``, on
        the counts themselves for ``"newcombe"`` and ``"wald"``.
    interval : Interval
        Interval on the difference (``"agresti-caffo"``, ``"newcombe"`` or
        ``"wald"``), clipped to ``[-100, 100]``.
    z : float
        Test statistic for "no difference", with the pooled standard error.
    p_value : float
        Two-sided p-value of ``z``, or of the permutation test with
        ``test="permutation"``.
    score_a, score_b : float
        The two shares in percent.
    n_a, n_b : float
        The two sample sizes (Kish effective sizes for weighted results).
    n_dropped_a, n_dropped_b : int
        Missing raw answers dropped from each side (with ``missing="drop"``).
    test : str
        The test behind ``p_value``: ``"z"`` or ``"permutation"``.

    Examples
    --------
    >>> c = compare_proportions((45, 60), (30, 60))
    >>> c.difference, round(c.p_value, 4), c.interval.method
    (25.0, 0.0047, 'agresti-caffo')
    """

    _headline: ClassVar[tuple[str, ...]] = ("difference", "z", "p_value")

    difference: float
    std_error: float
    interval: Interval
    z: float
    p_value: float
    score_a: float
    score_b: float
    n_a: float
    n_b: float
    n_dropped_a: int = 0
    n_dropped_b: int = 0
    test: str = "z"


def _side(value: object, name: str, scale: Scale | None, top: int, weights: object,
          missing: str) -> tuple[float, float, int]:
    """Return ``(successes, n, n_dropped)`` for one side (effective counts when weighted)."""
    # Imported here because satisfaction builds on this module.
    from expectations.scoring.satisfaction import TopBoxResult

    raw = not isinstance(value, TopBoxResult) and scale is not None
    if weights is not None and not raw:
        raise InvalidParameterError(
            f"weights_{name} must be None unless {name} is raw scores with scale=; counts "
            "and results already carry their weighting."
        )
    if isinstance(value, TopBoxResult):
        n_eff = value.n_effective
        return value.score / 100.0 * n_eff, n_eff, 0
    if scale is None:
        return (*_count_pair(value, name), 0)
    points = _check_top_box_scale(scale)
    read = integer_answers(value, name, int(scale.low), int(scale.high), missing=missing)
    n_kept = int(read.answers.size)
    if n_kept == 0:
        raise InsufficientDataError(f"{name} must be non-empty; got no values to score.")
    if weights is None:
        (successes,) = count_at_least(read.answers, [points - top], offset=read.offset)
        return float(successes), float(n_kept), read.n_dropped
    success = read.answers >= read.offset + points - top
    w = v.check_weights(weights, n_kept + read.n_dropped, f"weights_{name}")
    if read.keep is not None:
        w = w[read.keep]
    total = float(np.sum(w))
    if total == 0:
        raise InsufficientDataError(
            f"weights_{name} must be positive for some scored answer; all are zero."
        )
    n_eff = total * total / float(np.dot(w, w))
    return float(np.sum(w[success])) / total * n_eff, n_eff, read.n_dropped


def _count_pair(value: object, name: str) -> tuple[float, float]:
    if not (isinstance(value, (tuple, list)) and len(value) == 2):
        raise InvalidParameterError(
            format_message(name, "a (successes, n) pair when scale is None",
                           fix="Pass counts, a TopBoxResult, or raw scores with scale=.")
        )
    successes, n = value
    for label, item in (("successes", successes), ("n", n)):
        if isinstance(item, (bool, np.bool_)) or not isinstance(
            item, (int, float, np.integer, np.floating)
        ):
            raise InvalidParameterError(
                format_message(f"{name} {label}", "a number", fix=f"Got {item!r}.")
            )
    x, m = float(successes), float(n)
    if not (math.isfinite(m) and m >= 0):
        raise InvalidScoreError(format_message(f"{name} n", "finite and non-negative",
                                               count=1, first=n, position=1))
    if not (math.isfinite(x) and 0 <= x <= m):
        raise InvalidScoreError(format_message(f"{name} successes", f"between 0 and n ({n})",
                                               count=1, first=successes, position=0))
    if m == 0:
        raise InsufficientDataError(f"{name} must be non-empty; got n = 0.")
    return x, m


def _check_top_box_scale(scale: object) -> int:
    """Check ``scale`` is an integer :class:`Scale` and return its number of points."""
    if not isinstance(scale, Scale):
        raise InvalidParameterError(
            f"scale must be an expectations.Scale; got {type(scale).__name__}."
        )
    if scale.points is None:
        raise InvalidParameterError(
            f"scale must be an integer scale for top-box scores; got {scale!r}. "
            "Top boxes are answer options; use a mean for continuous scales."
        )
    if scale.points > MAX_BOX_POINTS:
        # Answers are counted in one histogram slot per option and group.
        raise InvalidParameterError(
            f"scale must have at most {MAX_BOX_POINTS} answer options for top-box scores; "
            f"got {scale.low}..{scale.high} ({scale.points} options). Check the bounds, or "
            "score a continuous measure with a mean."
        )
    return scale.points


#: The most answer options a top-box scale may have (0..1000 is the widest).
MAX_BOX_POINTS = 1001


def _check_top(top: object, points: int) -> int:
    """Check ``top`` is a whole number of boxes that leaves at least one box out."""
    if (isinstance(top, (bool, np.bool_)) or not isinstance(top, (int, np.integer))
            or not 1 <= int(top) <= points - 1):
        raise InvalidParameterError(
            f"top must be an integer in 1..{points - 1} for a {points}-point scale; "
            f"got {top!r}."
        )
    return int(top)


def _warn_small(n_eff: FloatArray, what: str, stacklevel: int) -> None:
    """Warn once when any sample rests on fewer than :data:`MIN_RELIABLE_N` responses."""
    small = ~(n_eff >= MIN_RELIABLE_N)
    count = int(np.count_nonzero(small))
    if not count:
        return
    if n_eff.size == 1:
        message = (f"{what} rests on {float(n_eff[0]):.4g} (effective) responses, fewer than "
                   f"{MIN_RELIABLE_N}; its interval is approximate.")
    else:
        message = (f"{what}: {count} of {n_eff.size} groups rest on fewer than "
                   f"{MIN_RELIABLE_N} (effective) responses; their intervals are approximate.")
    warnings.warn(message, SmallSampleWarning,
                  stacklevel=max(stacklevel + 1, caller_stacklevel()))


def _check_unweighted(sides: tuple[tuple[str, object, object], ...]) -> None:
    """Refuse a permutation test of weighted sides (raw scores with weights, or results)."""
    from expectations.scoring.satisfaction import TopBoxResult

    for name, value, weights in sides:
        if weights is not None or (isinstance(value, TopBoxResult)
                                   and value.n_effective != value.n):
            raise InvalidParameterError(
                f"test='permutation' needs unweighted answers; {name} is weighted. "
                "Use test='z', which uses Kish's effective n.")


@aligned(("a", "weights_a"), ("b", "weights_b"))
def compare_proportions(a: TopBoxResult | Any, b: TopBoxResult | Any, *,
                        scale: Scale | None = None, top: int = 2,
                        ci: str = "agresti-caffo", confidence: float = 0.95,
                        weights_a: object = None, weights_b: object = None,
                        missing: v.MissingPolicy = "raise", test: str = "z", rng: object = None,
                        n_resamples: int = 10_000, data: object = None) -> ProportionComparison:
    """Compare two top-box shares: signed difference, interval, z and p-value.

    Parameters
    ----------
    a, b : (successes, n), TopBoxResult, or array-like of scores
        Each side as counts — a ``(successes, n)`` pair, when ``scale`` is
        None —, as a result of :func:`top_box`, :func:`csat` or :func:`ces`
        (weighted results use their Kish effective n), or as raw scores
        (when ``scale`` is given).
    scale : Scale, optional
        The integer scale of raw scores. Required for raw scores; leave it
        None for counts and results.
    top : int, default 2
        How many top boxes count as a success, for raw scores.
    ci : {"agresti-caffo", "newcombe", "wald"}, default "agresti-caffo"
        Interval on the difference (see Notes).
    confidence : float, default 0.95
        Coverage of the interval on the difference.
    weights_a, weights_b : array-like of float, optional
        Survey weights for raw scores: the side then enters with its weighted
        share and Kish effective n ``(Σw)²/Σw²``. Not allowed with counts or
        results, which carry their own weighting.
    missing : {"raise", "drop"}, default "raise"
        Missing raw scores: raise, or drop them.
    test : {"z", "permutation"}, default "z"
        The test of "no difference": the pooled z-test, or a permutation test
        (for unweighted answers; Fisher's exact test with the difference as
        its statistic, enumerated exactly when small).
    rng : int, numpy.random.Generator or None
        Seed or generator for a sampled permutation test; unused otherwise.
    n_resamples : int, default 10000
        Draws of a sampled permutation test.
    data : data frame, optional
        A frame holding the columns: ``a``, ``b``, ``weights_a`` and
        ``weights_b`` are then column names of it (raw scores, two samples
        side by side; ``missing="drop"`` leaves out the padding of a shorter
        one). Any frame narwhals accepts (pandas, Polars eager or lazy,
        PyArrow, DuckDB, Dask, PySpark) or :func:`~expectations.scan` of
        files; the columns are read from it (see the guide page "Scale").

    Returns
    -------
    ProportionComparison

    Raises
    ------
    InvalidParameterError
        If a side is neither counts, a result nor scores, weights are given for
        counts or a result, an option is invalid, or a permutation test is
        asked of weighted data.
    InvalidScoreError
        If counts or scores are invalid.
    InsufficientDataError
        If a side has no responses.

    Warns
    -----
    SmallSampleWarning
        If either side has fewer than 30 (effective) responses.

    Notes
    -----
    With shares ``p_a = x_a/n_a`` and ``p_b = x_b/n_b`` the difference is
    ``d = p_a - p_b`` (a minus b, sign kept). The intervals, clipped to
    ``[-100, 100]`` points:

    - ``"agresti-caffo"`` (default): ``p~ = (x + 1)/(n + 2)`` on each side,
      ``p~_a - p~_b ± z·√(p~_a(1 - p~_a)/(n_a + 2) + p~_b(1 - p~_b)/(n_b + 2))``
      (Agresti & Caffo 2000);
    - ``"newcombe"``: Newcombe's hybrid score interval (1998, method 10) from
      the Wilson intervals ``(l, u)`` of the two shares,
      ``d - √((p_a - l_a)² + (u_b - p_b)²)`` to ``d + √((u_a - p_a)² + (p_b - l_b)²)``;
    - ``"wald"``: ``d ± z·√(p_a(1 - p_a)/n_a + p_b(1 - p_b)/n_b)``, which
      under-covers for small ``n`` and collapses at 0% and 100%.

    By exact enumeration at 10 and 20 responses per side (see the user guide,
    "Comparing two scores"), the 95% Agresti-Caffo interval covers at least
    93% for every pair of true shares from 2% to 98%; Newcombe's averages
    about 96% but dips to 88% when one share is near 0 and the other near 1;
    Wald's falls to 33%.

    The test of ``p_a = p_b`` uses the pooled share ``p = (x_a + x_b)/(n_a + n_b)``
    because under that hypothesis both samples estimate one share:
    ``z = d / √(p(1 - p)(1/n_a + 1/n_b))``, as in
    ``statsmodels.stats.proportion.proportions_ztest``; the p-value is
    two-sided. When both shares are 0% or both 100%, ``z`` and the p-value
    are NaN (the test is undefined). With ``test="permutation"`` the p-value
    is the exact (hypergeometric) probability of a difference at least as
    large in absolute value, given the pooled counts.

    References
    ----------
    Agresti, A. & Caffo, B. (2000). Simple and effective confidence intervals
    for proportions and differences of proportions result from adding two
    successes and two failures. *The American Statistician* 54(4), 280-288.
    Newcombe, R. G. (1998). Interval estimation for the difference between
    independent proportions: comparison of eleven methods. *Statistics in
    Medicine* 17, 873-890.

    Examples
    --------
    >>> c = compare_proportions((160, 200), (130, 200))
    >>> round(c.difference, 2), round(c.z, 3), round(c.p_value, 4)
    (15.0, 3.359, 0.0008)
    >>> round(c.interval.low, 2), round(c.interval.high, 2)
    (6.24, 23.46)
    >>> c = compare_proportions((160, 200), (130, 200), ci="wald")
    >>> round(c.interval.low, 2), round(c.interval.high, 2)
    (6.37, 23.63)
    """
    v.check_option(missing, "missing", ("raise", "drop"))
    v.check_option(ci, "ci", SHARE_DIFFERENCE_METHODS)
    v.check_option(test, "test", TESTS)
    generator = v.check_rng(rng)
    resamples = check_resamples(n_resamples)
    c = v.check_confidence(confidence)
    if scale is not None:
        _check_top(top, _check_top_box_scale(scale))
    xa, na, dropped_a = _side(a, "a", scale, top, weights_a, missing)
    xb, nb, dropped_b = _side(b, "b", scale, top, weights_b, missing)
    if test == "permutation":
        _check_unweighted((("a", a, weights_a), ("b", b, weights_b)))
    warn_small_sides(np.array([min(na, nb)]), "compare_proportions", stacklevel=3)
    out = share_difference(np.array([xa]), np.array([na]), np.array([xb]), np.array([nb]),
                           method=ci, confidence=c)
    p_value = float(out["p_value"][0])
    if test == "permutation":
        p_value = float(permutation_p_values(
            np.array([[na - xa, xa]]), np.array([[nb - xb, xb]]), np.array([0.0, 1.0]),
            rng=generator, n_resamples=resamples, name="the counts")[0])
    interval = Interval(low=float(out["ci_low"][0]), high=float(out["ci_high"][0]),
                        confidence=c, method=ci)
    return ProportionComparison(
        difference=float(out["difference"][0]), std_error=float(out["std_error"][0]),
        interval=interval, z=float(out["z"][0]), p_value=p_value,
        score_a=float(out["score_a"][0]), score_b=float(out["score_b"][0]),
        n_a=float(na), n_b=float(nb), n_dropped_a=dropped_a, n_dropped_b=dropped_b,
        test=test,
    )
