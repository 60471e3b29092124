"""The difference between two independent scores: intervals, z-tests, permutation tests.

Every two-sample comparison of the package goes through this module:
:func:`~expectations.compare_nps`, :func:`~expectations.compare_proportions`,
:func:`~expectations.compare_segments` (each segment against the rest) and
:func:`~expectations.theme_impact` (comments that mention a theme against
those that do not). The functions are vectorised over comparisons: the
inputs are arrays with one row per comparison.

Intervals for the difference of two Net Promoter Scores (``a - b``, in points):

- ``"adjusted-wald"`` (default) — Wald on the counts plus ``3/8`` promoter,
  ``3/4`` passive and ``3/8`` detractor in *each* sample. These are the
  pseudo-counts Rocks (2016) recommends for one NPS (``3/4, 3/2, 3/4``),
  shared out between the two samples exactly as Agresti & Caffo (2000) share
  out the Agresti-Coull pseudo-counts for a difference of proportions (two
  successes and two failures for one sample; one and one for each of two).
  Checked by exact enumeration of all trinomial outcome pairs (see
  ``docs/guide/comparisons.rst``): at 10 and 20 answers per group its 95%
  interval covers at least 93% at every share mix tried, lopsided ones
  included, where the Wald interval falls to 64%.
- ``"wald"`` — ``d ± z·√(V_a/n_a + V_b/n_b)``; collapses to a point when both
  samples sit in one category each. Kept for comparison with other tools.

Intervals for the difference of two shares (``a - b``, in percentage points):

- ``"agresti-caffo"`` (default) — Wald after adding one success and one
  failure to each sample (Agresti & Caffo 2000).
- ``"newcombe"`` — Newcombe's (1998) hybrid score interval (his method 10),
  built from the two Wilson intervals.
- ``"wald"`` — ``d ± z·√(p_a(1 - p_a)/n_a + p_b(1 - p_b)/n_b)``.

The z-test. For NPS, ``z`` is the interval's centre over its standard error,
so that with the default the test rejects at ``1 - confidence`` exactly when
the (unclipped) interval leaves out 0. Pooling the two samples' variances is
not valid for NPS: equal scores do not imply equal distributions, and with
unequal sizes the pooled test's size reaches 48% (4 against 296 answers,
shares 45/10/45 against 10/80/10, exact enumeration). For shares, equal shares
*are* equal distributions, and the pooled z (the score test; statsmodels'
``proportions_ztest``) is used with every interval method.

The permutation test (``test="permutation"``) tests that the two samples are
exchangeable, with the difference of the scores as the statistic. Both the
NPS and a share depend only on the category counts, so the permutation
distribution is the multivariate hypergeometric law of one sample's counts
given the pooled counts. It is enumerated exactly when it has at most
:data:`EXACT_OUTCOMES` outcomes (always, when one side has at most about 440
answers); otherwise ``n_resamples`` draws of the counts give a Monte Carlo
p-value ``(1 + hits)/(1 + n_resamples)`` (Phipson & Smyth 2010), at a cost
independent of the number of answers.

References
----------
Agresti, A. & Caffo, B. (2000). Simple and effective confidence intervals for
proportions and differences of proportions result from adding two successes
and two failures. *The American Statistician* 54(4), 280-288.
Newcombe, R. G. (1998). Interval estimation for the difference between
independent proportions: comparison of eleven methods. *Statistics in
Medicine* 17, 873-890.
Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The
American Statistician* 70(4), 365-372.
Phipson, B. & Smyth, G. K. (2010). Permutation p-values should never be zero.
*Statistical Applications in Genetics and Molecular Biology* 9(1), 39.
"""

from __future__ import annotations

import warnings
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

from expectations._align import caller_stacklevel
from expectations.errors import InvalidParameterError, SmallSampleWarning

__all__ = [
    "EXACT_OUTCOMES",
    "NPS_DIFFERENCE_METHODS",
    "NPS_PSEUDO_COUNTS",
    "SHARE_DIFFERENCE_METHODS",
    "TESTS",
    "check_resamples",
    "nps_difference",
    "permutation_p_values",
    "share_difference",
    "warn_small_sides",
]

FloatArray = npt.NDArray[np.float64]

#: Interval methods for the difference of two NPS; the first is the default.
NPS_DIFFERENCE_METHODS: tuple[str, ...] = ("adjusted-wald", "wald")

#: Interval methods for the difference of two shares; the first is the default.
SHARE_DIFFERENCE_METHODS: tuple[str, ...] = ("agresti-caffo", "newcombe", "wald")

#: Tests of "no difference": the normal approximation, or the permutation test.
TESTS: tuple[str, ...] = ("z", "permutation")

#: Pseudo-counts added to each sample by ``"adjusted-wald"``: detractors,
#: passives, promoters — half of Rocks' (2016) one-sample ``3/4, 3/2, 3/4``.
NPS_PSEUDO_COUNTS: tuple[float, float, float] = (0.375, 0.75, 0.375)

#: Largest permutation distribution enumerated exactly (outcomes of one
#: sample's counts); larger ones are sampled.
EXACT_OUTCOMES = 200_000


def _z(confidence: float) -> float:
    return NormalDist().inv_cdf(0.5 + confidence / 2.0)


def _two_sided(z: FloatArray) -> FloatArray:
    from scipy.special import ndtr  # lazily: keeps `import expectations` fast

    with np.errstate(invalid="ignore"):
        p: FloatArray = 2.0 * ndtr(-np.abs(z))
    return p


def _net(counts: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """NPS on the proportion scale, per-respondent variance and n, per row."""
    n = counts.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        net = (counts[:, 2] - counts[:, 0]) / n
        variance = np.maximum((counts[:, 2] + counts[:, 0]) / n - net * net, 0.0)
    return net, variance, n


def nps_difference(counts_a: FloatArray, counts_b: FloatArray, *,
                   method: str = "adjusted-wald",
                   confidence: float = 0.95) -> dict[str, FloatArray]:
    """Compare NPS row by row: ``a - b`` with its interval, z and p-value, in points.

    Parameters
    ----------
    counts_a, counts_b : numpy.ndarray
        Shape ``(m, 3)``: detractors, passives, promoters of each comparison
        (effective counts, ``share * n_eff``, for weighted data).
    method : {"adjusted-wald", "wald"}, default "adjusted-wald"
        The interval (see the module notes).
    confidence : float, default 0.95
        Nominal coverage.

    Returns
    -------
    dict of str to numpy.ndarray
        ``score_a``, ``score_b`` and ``difference`` (observed, in points);
        ``std_error`` (the interval's, in points); ``z`` (the interval's centre
        over ``std_error``) and its two-sided ``p_value``; ``ci_low``,
        ``ci_high`` clipped to ``[-200, 200]``. NaN where a side is empty
        (and, for ``"wald"``, ``z`` and ``p_value`` where the standard error is 0).

    Examples
    --------
    >>> out = nps_difference(np.array([[0.0, 0, 1]]), np.array([[1.0, 0, 0]]))
    >>> float(out["difference"][0]), round(float(out["ci_low"][0]), 1), float(out["ci_high"][0])
    (200.0, -48.8, 200.0)
    >>> out = nps_difference(np.array([[30.0, 50, 120]]), np.array([[50.0, 60, 90]]),
    ...                      method="wald")
    >>> float(out["difference"][0]), round(float(out["z"][0]), 3)
    (25.0, 3.217)
    """
    if method not in NPS_DIFFERENCE_METHODS:
        raise InvalidParameterError(f"method must be one of {NPS_DIFFERENCE_METHODS}; "
                                    f"got {method!r}.")
    net_a, var_a, n_a = _net(counts_a)
    net_b, var_b, n_b = _net(counts_b)
    if method == "adjusted-wald":
        pseudo = np.array(NPS_PSEUDO_COUNTS)
        centre_a, adj_var_a, adj_n_a = _net(counts_a + pseudo)
        centre_b, adj_var_b, adj_n_b = _net(counts_b + pseudo)
        empty = ~((n_a > 0) & (n_b > 0))
        centre = np.where(empty, np.nan, centre_a - centre_b)
        se = np.sqrt(adj_var_a / adj_n_a + adj_var_b / adj_n_b)
    else:
        centre = net_a - net_b
        with np.errstate(divide="ignore", invalid="ignore"):
            se = np.sqrt(var_a / n_a + var_b / n_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, centre / se, np.nan)
    half = _z(confidence) * se
    return {
        "score_a": 100.0 * net_a, "score_b": 100.0 * net_b,
        "difference": 100.0 * (net_a - net_b), "std_error": 100.0 * se,
        "z": z, "p_value": _two_sided(z),
        "ci_low": 100.0 * np.maximum(centre - half, -2.0),
        "ci_high": 100.0 * np.minimum(centre + half, 2.0),
    }


def _wilson(x: FloatArray, n: FloatArray, z: float) -> tuple[FloatArray, FloatArray]:
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        denom = 1.0 + z * z / n
        centre = (p + z * z / (2.0 * n)) / denom
        half = z * np.sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n)) / denom
    # Exact in theory; rounding leaves ~1e-15 where a bound must be 0 or 1.
    low = np.where(x == 0, 0.0, np.clip(centre - half, 0.0, 1.0))
    high = np.where(x == n, 1.0, np.clip(centre + half, 0.0, 1.0))
    return low, high


def share_difference(x_a: FloatArray, n_a: FloatArray, x_b: FloatArray, n_b: FloatArray, *,
                     method: str = "agresti-caffo",
                     confidence: float = 0.95) -> dict[str, FloatArray]:
    """Compare shares row by row: ``a - b`` with its interval, pooled z and p, in points.

    Parameters
    ----------
    x_a, n_a, x_b, n_b : numpy.ndarray
        Successes and sizes of each side (effective counts for weighted data).
    method : {"agresti-caffo", "newcombe", "wald"}, default "agresti-caffo"
        The interval (see the module notes).
    confidence : float, default 0.95
        Nominal coverage.

    Returns
    -------
    dict of str to numpy.ndarray
        ``score_a``, ``score_b``, ``difference`` in percent and points;
        ``std_error`` (Agresti-Caffo's adjusted one, or the plain unpooled one
        for the other methods); the pooled ``z`` and its ``p_value`` (NaN when
        both shares are 0% or both 100%); ``ci_low``, ``ci_high`` clipped to
        ``[-100, 100]``.

    Examples
    --------
    >>> out = share_difference(np.array([160.0]), np.array([200.0]),
    ...                        np.array([130.0]), np.array([200.0]), method="wald")
    >>> round(float(out["difference"][0]), 12), round(float(out["z"][0]), 3)
    (15.0, 3.359)
    >>> out = share_difference(np.array([10.0]), np.array([10.0]),
    ...                        np.array([0.0]), np.array([10.0]))
    >>> round(float(out["ci_low"][0]), 2), float(out["ci_high"][0])
    (61.22, 100.0)
    """
    if method not in SHARE_DIFFERENCE_METHODS:
        raise InvalidParameterError(f"method must be one of {SHARE_DIFFERENCE_METHODS}; "
                                    f"got {method!r}.")
    z_crit = _z(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        p_a, p_b = x_a / n_a, x_b / n_b
        difference = p_a - p_b
        se = np.sqrt(p_a * (1.0 - p_a) / n_a + p_b * (1.0 - p_b) / n_b)
        pooled = (x_a + x_b) / (n_a + n_b)
        se_pooled = np.sqrt(pooled * (1.0 - pooled) * (1.0 / n_a + 1.0 / n_b))
        z = np.where(se_pooled > 0, difference / se_pooled, np.nan)
        if method == "agresti-caffo":
            t_a, t_b = (x_a + 1.0) / (n_a + 2.0), (x_b + 1.0) / (n_b + 2.0)
            se = np.sqrt(t_a * (1.0 - t_a) / (n_a + 2.0) + t_b * (1.0 - t_b) / (n_b + 2.0))
            centre = np.where((n_a > 0) & (n_b > 0), t_a - t_b, np.nan)
            low, high = centre - z_crit * se, centre + z_crit * se
        elif method == "newcombe":
            low_a, high_a = _wilson(x_a, n_a, z_crit)
            low_b, high_b = _wilson(x_b, n_b, z_crit)
            low = difference - np.sqrt((p_a - low_a) ** 2 + (high_b - p_b) ** 2)
            high = difference + np.sqrt((high_a - p_a) ** 2 + (p_b - low_b) ** 2)
        else:
            low, high = difference - z_crit * se, difference + z_crit * se
    return {
        "score_a": 100.0 * p_a, "score_b": 100.0 * p_b, "difference": 100.0 * difference,
        "std_error": 100.0 * se, "z": z, "p_value": _two_sided(z),
        "ci_low": 100.0 * np.maximum(low, -1.0), "ci_high": 100.0 * np.minimum(high, 1.0),
    }


def check_resamples(n_resamples: object) -> int:
    """Check ``n_resamples`` is a positive integer and return it.

    Examples
    --------
    >>> check_resamples(999)
    999
    """
    if isinstance(n_resamples, (bool, np.bool_)) or not isinstance(
            n_resamples, (int, np.integer)) or n_resamples < 1:
        raise InvalidParameterError(
            f"n_resamples must be a positive integer; got {n_resamples!r}.")
    return int(n_resamples)


def warn_small_sides(smaller: FloatArray, what: str, *, stacklevel: int) -> None:
    """Warn when a comparison has a side with fewer than 30 (effective) answers.

    ``smaller`` holds, per comparison made, the (effective) size of its
    smaller side; the threshold is :data:`expectations.scoring.nps.SMALL_SAMPLE`,
    the one :func:`~expectations.nps` warns at. ``stacklevel`` is that of the
    warning as seen from the caller of this function.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_small_sides(np.array([4.0, 300.0]), "theme_impact", stacklevel=1)
    >>> print(caught[0].message)
    theme_impact: 1 of 2 comparisons has a side with fewer than 30 (effective) answers \
(the smallest: 4); its interval and p-value are approximate. test='permutation' gives an \
exact p-value.
    """
    from expectations.scoring.nps import SMALL_SAMPLE  # lazily: nps builds on this package

    small = smaller[~(smaller >= SMALL_SAMPLE)]
    if not small.size:
        return
    if smaller.size == 1:
        message = (f"{what}: a side rests on {float(small[0]):.4g} (effective) answers, "
                   f"fewer than {SMALL_SAMPLE}; the interval and p-value are approximate.")
    else:
        verb, theirs = (("has", "its interval and p-value are") if small.size == 1
                        else ("have", "their intervals and p-values are"))
        message = (f"{what}: {small.size} of {smaller.size} comparisons {verb} a side with "
                   f"fewer than {SMALL_SAMPLE} (effective) answers (the smallest: "
                   f"{float(small.min()):.4g}); {theirs} approximate.")
    warnings.warn(f"{message} test='permutation' gives an exact p-value.",
                  SmallSampleWarning, stacklevel=max(stacklevel + 1, caller_stacklevel()))


def _whole_counts(counts: FloatArray, name: str) -> npt.NDArray[np.int64]:
    whole = np.rint(counts)
    if not np.all(np.abs(counts - whole) <= 1e-9 * np.maximum(1.0, np.abs(counts))):
        raise InvalidParameterError(
            f"test='permutation' needs unweighted answers; {name} holds weighted "
            "(non-integer) counts. Use test='z', which uses Kish's effective n."
        )
    return whole.astype(np.int64)


def _log_choose(n: npt.ArrayLike, k: npt.ArrayLike) -> FloatArray:
    from scipy.special import gammaln  # lazily: keeps `import expectations` fast

    n_arr = np.asarray(n, dtype=np.float64)
    k_arr = np.asarray(k, dtype=np.float64)
    out: FloatArray = gammaln(n_arr + 1.0) - gammaln(k_arr + 1.0) - gammaln(n_arr - k_arr + 1.0)
    return out


def _exact_p(a: npt.NDArray[np.int64], b: npt.NDArray[np.int64],
             values: FloatArray) -> float:
    """Exact two-sided permutation p-value of the mean difference for one comparison."""
    total = a + b
    n_a, n_b = int(a.sum()), int(b.sum())
    size = min(n_a, n_b)
    # Enumerate the counts of the smaller side over the first k - 1 categories.
    axes = [np.arange(min(size, int(t)) + 1) for t in total[:-1]]
    grid = np.meshgrid(*axes, indexing="ij")
    first = [g.ravel() for g in grid]
    last: npt.NDArray[np.int64] = size - np.sum(first, axis=0)
    ok = (last >= 0) & (last <= total[-1])
    drawn = np.stack([*[f[ok] for f in first], last[ok]], axis=1)
    log_p = _log_choose(total, drawn).sum(axis=1) - _log_choose(n_a + n_b, size)
    other = total - drawn
    side_a, side_b = (drawn, other) if n_a <= n_b else (other, drawn)
    stat = side_a @ values / n_a - side_b @ values / n_b
    observed = abs(float(a @ values / n_a - b @ values / n_b))
    extreme = np.abs(stat) >= observed * (1.0 - 1e-9) - 1e-12
    return min(float(np.exp(log_p[extreme]).sum()), 1.0)


def _outcomes(a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]) -> int:
    size = min(int(a.sum()), int(b.sum()))
    count = 1
    for t in (a + b)[:-1]:
        count *= min(size, int(t)) + 1
    return count


def _sampled_p(a: npt.NDArray[np.int64], b: npt.NDArray[np.int64], values: FloatArray,
               rng: np.random.Generator, n_resamples: int) -> FloatArray:
    """Monte Carlo permutation p-values, rows of ``a`` and ``b`` at once."""
    total = a + b
    n_a, n_b = a.sum(axis=1), b.sum(axis=1)
    left = np.broadcast_to(n_a, (n_resamples, a.shape[0])).copy()
    pool = total.sum(axis=1).astype(np.int64)
    draws = np.zeros((n_resamples, *a.shape), dtype=np.int64)
    for c in range(a.shape[1] - 1):
        pool = pool - total[:, c]
        draws[:, :, c] = rng.hypergeometric(total[:, c], pool, left)
        left = left - draws[:, :, c]
    draws[:, :, -1] = left
    stat = draws @ values / n_a - (total - draws) @ values / n_b
    observed = np.abs(a @ values / n_a - b @ values / n_b)
    hits = np.count_nonzero(np.abs(stat) >= observed * (1.0 - 1e-9) - 1e-12, axis=0)
    p: FloatArray = (1.0 + hits) / (1.0 + n_resamples)
    return p


def permutation_p_values(counts_a: FloatArray, counts_b: FloatArray, values: FloatArray, *,
                         rng: np.random.Generator, n_resamples: int = 10_000,
                         name: str = "counts") -> FloatArray:
    """Two-sided permutation p-values of the difference in mean category value, per row.

    Parameters
    ----------
    counts_a, counts_b : numpy.ndarray
        Shape ``(m, k)``, whole-number counts per category of each side.
    values : numpy.ndarray
        Shape ``(k,)``: each category's value (``-1, 0, 1`` for detractor,
        passive, promoter; ``0, 1`` for failure, success).
    rng : numpy.random.Generator
        Used only for comparisons too large to enumerate.
    n_resamples : int, default 10000
        Draws per sampled comparison.
    name : str
        Named in the error for weighted counts.

    Returns
    -------
    numpy.ndarray
        ``P(|T*| >= |T|)`` under random reallocation of the pooled answers,
        exact where the distribution has at most :data:`EXACT_OUTCOMES`
        outcomes; NaN where a side is empty.

    Raises
    ------
    InvalidParameterError
        Counts that are not whole numbers (weighted data).

    Examples
    --------
    Four answers, all detractors, against 296 of which 74 are detractors: the
    chance that four answers drawn at random from the 300 are all detractors,
    ``C(78, 4)/C(300, 4)`` (no other split gives as large a difference).

    >>> p = permutation_p_values(np.array([[4.0, 0, 0]]), np.array([[74.0, 80, 142]]),
    ...                          np.array([-1.0, 0, 1]), rng=np.random.default_rng(0))
    >>> round(float(p[0]), 5)
    0.00431
    """
    a = _whole_counts(np.asarray(counts_a, dtype=np.float64), name)
    b = _whole_counts(np.asarray(counts_b, dtype=np.float64), name)
    out = np.full(a.shape[0], np.nan)
    usable = (a.sum(axis=1) > 0) & (b.sum(axis=1) > 0)
    sampled = []
    for row in np.flatnonzero(usable):
        if _outcomes(a[row], b[row]) <= EXACT_OUTCOMES:
            out[row] = _exact_p(a[row], b[row], values)
        else:
            sampled.append(int(row))
    if sampled:
        out[sampled] = _sampled_p(a[sampled], b[sampled], values, rng, n_resamples)
    return out
