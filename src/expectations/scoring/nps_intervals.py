"""Confidence intervals for the Net Promoter Score, vectorised over groups.

Every function takes arrays of (effective) promoter, passive and detractor
counts, one entry per group, and returns the bounds in NPS points, clipped to
[-100, 100]. A group with no respondents gets NaN bounds. Because NPS depends
on the data only through the three counts, none of these methods touches the
raw answers, so their cost does not grow with the number of respondents.

Notation: a respondent contributes ``y = +1`` (promoter), ``0`` (passive) or
``-1`` (detractor); ``p``, ``q``, ``d`` are the three shares and
``theta = p - d`` is the NPS on the proportion scale. The per-respondent
variance is ``V = p + d - (p - d)**2`` (Rocks 2016).

References
----------
.. [1] Rocks, B. (2016). Interval estimation for the "Net Promoter Score".
   *The American Statistician* 70(4), 365-372.
.. [2] Tango, T. (1998). Equivalence test and confidence interval for the
   difference in proportions for the paired-sample design. *Statistics in
   Medicine* 17, 891-908.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import numpy.typing as npt

__all__ = [
    "INTERVAL_METHODS",
    "adjusted_wald_interval",
    "bootstrap_interval",
    "constrained_mle",
    "normal_quantile",
    "score_interval",
    "wald_interval",
]

FloatArray = npt.NDArray[np.float64]
Bounds = tuple[FloatArray, FloatArray]

#: The interval methods :func:`expectations.nps` accepts (besides ``None``).
INTERVAL_METHODS = ("adjusted-wald", "bootstrap", "score", "wald")

# Bisection halves the bracket each step; 60 steps take a bracket of width 2
# below 1e-17, past double precision on the proportion scale.
_BISECTION_STEPS = 60


def normal_quantile(confidence: float) -> float:
    """Return the two-sided standard-normal critical value for ``confidence``.

    Examples
    --------
    >>> round(normal_quantile(0.95), 4)
    1.96
    """
    return NormalDist().inv_cdf(0.5 + confidence / 2.0)


def _as_arrays(*counts: npt.ArrayLike) -> list[FloatArray]:
    return [np.atleast_1d(np.asarray(c, dtype=np.float64)) for c in counts]


def _finish(low: FloatArray, high: FloatArray, n: FloatArray) -> Bounds:
    """Convert proportion-scale bounds to clipped points, NaN for empty groups."""
    empty = ~(n > 0)
    low = np.where(empty, np.nan, np.clip(low, -1.0, 1.0) * 100.0)
    high = np.where(empty, np.nan, np.clip(high, -1.0, 1.0) * 100.0)
    return low, high


def _wald(p_count: FloatArray, q_count: FloatArray, d_count: FloatArray,
          z: float) -> Bounds:
    n = p_count + q_count + d_count
    with np.errstate(invalid="ignore", divide="ignore"):
        theta = (p_count - d_count) / n
        variance = (p_count + d_count) / n - theta**2
        half = z * np.sqrt(np.maximum(variance, 0.0) / n)
    return theta - half, theta + half


def wald_interval(promoters: npt.ArrayLike, passives: npt.ArrayLike,
                  detractors: npt.ArrayLike, *, confidence: float = 0.95) -> Bounds:
    """Wald interval: ``theta ± z·sqrt(V/n)``, in points.

    Collapses to a point when every respondent is in one category.

    Examples
    --------
    >>> low, high = wald_interval(50, 30, 20)
    >>> round(float(low[0]), 2), round(float(high[0]), 2)
    (14.69, 45.31)
    """
    p_count, q_count, d_count = _as_arrays(promoters, passives, detractors)
    low, high = _wald(p_count, q_count, d_count, normal_quantile(confidence))
    return _finish(low, high, p_count + q_count + d_count)


def adjusted_wald_interval(promoters: npt.ArrayLike, passives: npt.ArrayLike,
                           detractors: npt.ArrayLike, *, confidence: float = 0.95) -> Bounds:
    """Compute the adjusted Wald interval (Wald plus 3/4, 3/2, 3/4 pseudo-counts), in points.

    The pseudo-counts (three respondents in all, ``n + 3``) are those
    recommended by Rocks (2016); they pull the centre towards 0 and keep the
    interval from collapsing when all respondents share one category.

    Examples
    --------
    >>> low, high = adjusted_wald_interval(10, 0, 0)
    >>> round(float(low[0]), 2), round(float(high[0]), 2)
    (47.5, 100.0)
    """
    p_count, q_count, d_count = _as_arrays(promoters, passives, detractors)
    low, high = _wald(p_count + 0.75, q_count + 1.5, d_count + 0.75,
                      normal_quantile(confidence))
    return _finish(low, high, p_count + q_count + d_count)


def constrained_mle(promoters: FloatArray, passives: FloatArray, detractors: FloatArray,
                    theta: FloatArray) -> tuple[FloatArray, FloatArray]:
    r"""Trinomial maximum-likelihood shares ``(p, d)`` under ``p - d = theta``.

    Notes
    -----
    With ``d = p - theta`` and ``q = 1 - 2p + theta``, setting the derivative
    of ``P log p + A log q + D log d`` to zero and multiplying by ``p·q·d``
    gives the quadratic

    .. math:: 2n p^2 - [P(1 + 3\theta) + D(1 + \theta) + 2A\theta]\,p
              + P\theta(1 + \theta) = 0.

    It is negative at the lower end of the feasible range
    ``max(0, theta) <= p`` and non-negative at the upper end
    ``p = (1 + theta)/2``, so the maximiser is its larger root.

    Examples
    --------
    >>> p, d = constrained_mle(np.array([50.0]), np.array([30.0]),
    ...                        np.array([20.0]), np.array([0.3]))
    >>> round(float(p[0]), 6), round(float(d[0]), 6)
    (0.5, 0.2)
    """
    n = promoters + passives + detractors
    b = promoters * (1 + 3 * theta) + detractors * (1 + theta) + 2 * passives * theta
    c = promoters * theta * (1 + theta)
    with np.errstate(invalid="ignore", divide="ignore"):
        disc = np.sqrt(np.maximum(b * b - 8 * n * c, 0.0))
        p = (b + disc) / (4 * n)
    p = np.clip(p, np.maximum(theta, 0.0), (1 + theta) / 2)
    return p, p - theta


def score_interval(promoters: npt.ArrayLike, passives: npt.ArrayLike,
                   detractors: npt.ArrayLike, *, confidence: float = 0.95) -> Bounds:
    """Score interval: the ``theta`` whose score test does not reject, in points.

    Notes
    -----
    For a candidate ``theta``, let ``(p~, d~)`` be the constrained
    maximum-likelihood shares (:func:`constrained_mle`) and
    ``V~ = p~ + d~ - theta**2`` the variance they imply. The interval holds
    every ``theta`` with ``(theta_hat - theta)**2 <= z**2 · V~ / n``: the
    Tango-type score interval for the mean of a -1/0/+1 variable discussed by
    Rocks (2016). The two boundaries are found by bisection, vectorised over
    groups.

    Examples
    --------
    >>> low, high = score_interval(50, 30, 20)
    >>> round(float(low[0]), 2), round(float(high[0]), 2)
    (13.96, 44.34)
    """
    p_count, q_count, d_count = _as_arrays(promoters, passives, detractors)
    n = p_count + q_count + d_count
    z2 = normal_quantile(confidence) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        theta_hat = (p_count - d_count) / n

    def rejects(theta: FloatArray) -> npt.NDArray[np.bool_]:
        p, d = constrained_mle(p_count, q_count, d_count, theta)
        variance = np.maximum(p + d - theta**2, 0.0)
        return n * (theta_hat - theta) ** 2 > z2 * variance

    # Bracket each boundary: [inside, outside] with the estimate always inside.
    low_in, low_out = theta_hat.copy(), np.full_like(theta_hat, -1.0)
    high_in, high_out = theta_hat.copy(), np.full_like(theta_hat, 1.0)
    low_at_edge = ~rejects(low_out)
    high_at_edge = ~rejects(high_out)
    for _ in range(_BISECTION_STEPS):
        mid = (low_in + low_out) / 2
        out = rejects(mid)
        low_out = np.where(out, mid, low_out)
        low_in = np.where(out, low_in, mid)
        mid = (high_in + high_out) / 2
        out = rejects(mid)
        high_out = np.where(out, mid, high_out)
        high_in = np.where(out, high_in, mid)
    low = np.where(low_at_edge, -1.0, (low_in + low_out) / 2)
    high = np.where(high_at_edge, 1.0, (high_in + high_out) / 2)
    return _finish(low, high, n)


def bootstrap_interval(promoters: npt.ArrayLike, passives: npt.ArrayLike,
                       detractors: npt.ArrayLike, *, confidence: float = 0.95,
                       rng: np.random.Generator, n_resamples: int = 10_000) -> Bounds:
    """Percentile bootstrap interval from multinomial draws of the counts.

    Each resample draws ``(P*, A*, D*)`` from the multinomial with the
    observed shares and the same ``n`` (rounded, for weighted effective
    counts): ``P* ~ Bin(n, p)``, then ``D* ~ Bin(n - P*, d / (1 - p))``. This
    is exactly the nonparametric bootstrap of the raw answers, at a cost
    independent of ``n``.

    Notes
    -----
    Groups are resampled in blocks of consecutive groups, each block holding
    at most :data:`BOOTSTRAP_BLOCK` draws (``n_resamples`` per group), so the
    memory used stays bounded (tens of megabytes) however many groups there
    are. For one block (up to 104 groups at 10,000 resamples) the draws are
    those of one call over every group; with more groups, a given seed still
    gives the same bounds every time, but they differ from those of versions
    that drew all groups at once.

    Examples
    --------
    >>> low, high = bootstrap_interval(50, 30, 20, rng=np.random.default_rng(1))
    >>> bool(14 < low[0] < 17), bool(43 < high[0] < 46)
    (True, True)
    """
    p_count, q_count, d_count = _as_arrays(promoters, passives, detractors)
    n = p_count + q_count + d_count
    size = np.where(n > 0, np.maximum(np.rint(n), 1.0), 0.0).astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.clip(np.where(n > 0, p_count / n, 0.0), 0.0, 1.0)
        rest = 1.0 - p
        d_given_rest = np.where((n > 0) & (rest > 0),
                                np.clip(d_count / n / rest, 0.0, 1.0), 0.0)
    alpha = 1.0 - confidence
    low = np.empty(size.size)
    high = np.empty(size.size)
    step = max(1, BOOTSTRAP_BLOCK // max(n_resamples, 1))
    for start in range(0, size.size, step):
        block = slice(start, start + step)
        shape = (n_resamples, size[block].size)
        boot_p = rng.binomial(size[block], p[block], size=shape)
        boot_d = rng.binomial(size[block] - boot_p, d_given_rest[block], size=shape)
        boot_p -= boot_d  # in place: one fewer array of the block's size
        theta = boot_p / np.maximum(size[block], 1)
        low[block], high[block] = np.quantile(theta, [alpha / 2, 1 - alpha / 2], axis=0)
    return _finish(low, high, n)


#: The most bootstrap draws held in memory at once (per array): 2**20, 8 MiB.
BOOTSTRAP_BLOCK = 2**20
