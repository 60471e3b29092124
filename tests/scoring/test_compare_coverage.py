"""Coverage of the difference intervals at small n, by exact enumeration.

Coverage is computed, not simulated: every pair of outcomes of the two samples
(trinomial counts for NPS, binomial for shares) is enumerated, each interval is
computed once, vectorised, and the probabilities of the pairs whose interval
holds the true difference are added up. At 20 answers per group that is
231 x 231 trinomial outcome pairs, so the whole module runs in a few seconds.

The targets are those of issue 13: at 10 and 20 answers per group the default
95% interval covers at least 93% at every share mix below — equal shares,
lopsided ones (90/8/2) and their mirror images, and groups with differing
mixes — and no more than 98.5% on average; no interval is ever zero-width.

References: Agresti, A. & Caffo, B. (2000), *The American Statistician* 54(4),
280-288 (the pseudo-count idea, and coverage by exact enumeration over a grid of
true shares, as in their figures); Newcombe, R. G. (1998), *Statistics in
Medicine* 17, 873-890 (method 10, and its known dips near 0 and 1); Rocks, B.
(2016), *The American Statistician* 70(4), 365-372 (the one-sample NPS
pseudo-counts 3/4, 3/2, 3/4 halved here for each of two samples).
"""

from __future__ import annotations

import warnings

import numpy as np
import numpy.typing as npt
import pytest
from scipy.special import gammaln
from scipy.stats import binom

from expectations.scoring._difference import nps_difference, share_difference
from expectations.scoring.compare import compare_nps
from expectations.scoring.nps import NPSCounts
from expectations.scoring.proportions import compare_proportions

FloatArray = npt.NDArray[np.float64]

#: (promoter, passive, detractor) shares.
LOPSIDED = (0.90, 0.08, 0.02)
MIRROR = (0.02, 0.08, 0.90)
EQUAL = (1 / 3, 1 / 3, 1 / 3)
TYPICAL = (0.50, 0.30, 0.20)
MIX_PAIRS = [
    (LOPSIDED, LOPSIDED), (MIRROR, MIRROR), (EQUAL, EQUAL), (TYPICAL, TYPICAL),
    ((0.20, 0.30, 0.50), (0.20, 0.30, 0.50)), ((0.70, 0.20, 0.10), (0.70, 0.20, 0.10)),
    ((0.10, 0.80, 0.10), (0.10, 0.80, 0.10)), ((0.45, 0.10, 0.45), (0.45, 0.10, 0.45)),
    ((0.08, 0.90, 0.02), (0.08, 0.90, 0.02)), ((0.02, 0.08, 0.90), (0.08, 0.02, 0.90)),
    (LOPSIDED, TYPICAL), (TYPICAL, LOPSIDED), (LOPSIDED, (0.20, 0.30, 0.50)),
    ((0.60, 0.30, 0.10), (0.30, 0.30, 0.40)), (MIRROR, EQUAL), (EQUAL, MIRROR),
    ((0.70, 0.20, 0.10), LOPSIDED), (LOPSIDED, MIRROR), (MIRROR, LOPSIDED),
    ((0.40, 0.10, 0.50), LOPSIDED), ((0.45, 0.10, 0.45), (0.10, 0.80, 0.10)),
    ((0.95, 0.04, 0.01), (0.04, 0.01, 0.95)),
]
SHARES = (0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98)


def trinomial_outcomes(n: int) -> FloatArray:
    """Every (detractors, passives, promoters) with total n, one row each."""
    promoters, detractors = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
    keep = promoters + detractors <= n
    p, d = promoters[keep], detractors[keep]
    return np.stack([d, n - p - d, p], axis=1).astype(np.float64)


def trinomial_pmf(outcomes: FloatArray, shares: tuple[float, float, float]) -> FloatArray:
    n = outcomes[0].sum()
    probability = np.array([shares[2], shares[1], shares[0]])  # detractor, passive, promoter
    log = gammaln(n + 1) - gammaln(outcomes + 1).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        log = log + np.where(outcomes > 0, outcomes * np.log(probability), 0.0).sum(axis=1)
    pmf: FloatArray = np.exp(log)
    return pmf


def nps_bounds(n_a: int, n_b: int, method: str) -> tuple[FloatArray, FloatArray, FloatArray,
                                                            FloatArray]:
    """Outcomes of each side and the bounds (proportion scale) for every pair."""
    a, b = trinomial_outcomes(n_a), trinomial_outcomes(n_b)
    rows_a = np.repeat(a, b.shape[0], axis=0)
    rows_b = np.tile(b, (a.shape[0], 1))
    out = nps_difference(rows_a, rows_b, method=method)
    shape = (a.shape[0], b.shape[0])
    return a, b, out["ci_low"].reshape(shape) / 100, out["ci_high"].reshape(shape) / 100


def nps_coverage(n: int, method: str) -> FloatArray:
    a, b, low, high = nps_bounds(n, n, method)
    coverage = []
    for mix_a, mix_b in MIX_PAIRS:
        truth = (mix_a[0] - mix_a[2]) - (mix_b[0] - mix_b[2])
        hit = (low <= truth + 1e-12) & (truth - 1e-12 <= high)
        coverage.append(trinomial_pmf(a, mix_a) @ hit @ trinomial_pmf(b, mix_b))
    return np.array(coverage)


def share_coverage(n: int, method: str) -> FloatArray:
    x = np.arange(n + 1.0)
    xa, xb = np.repeat(x, x.size), np.tile(x, x.size)
    sizes = np.full(xa.size, float(n))
    out = share_difference(xa, sizes, xb, sizes, method=method)
    low = out["ci_low"].reshape(x.size, x.size) / 100
    high = out["ci_high"].reshape(x.size, x.size) / 100
    coverage = []
    for p_a in SHARES:
        for p_b in SHARES:
            hit = (low <= p_a - p_b + 1e-12) & (p_a - p_b - 1e-12 <= high)
            coverage.append(binom.pmf(x, n, p_a) @ hit @ binom.pmf(x, n, p_b))
    return np.array(coverage)


def test_pmf_adds_up_to_one() -> None:
    """The enumeration is complete: each trinomial law sums to 1 over the outcomes."""
    outcomes = trinomial_outcomes(20)
    assert outcomes.shape == (231, 3)
    for mix in (LOPSIDED, EQUAL, TYPICAL):
        assert trinomial_pmf(outcomes, mix).sum() == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("n", [10, 20])
def test_nps_default_interval_covers_at_least_93_percent(n: int) -> None:
    """The adjusted-Wald 95% interval covers >= 93% at every mix, <= 98.5% on average."""
    coverage = nps_coverage(n, "adjusted-wald")
    assert coverage.min() >= 0.93
    assert coverage.mean() <= 0.985
    assert coverage.mean() >= 0.95


@pytest.mark.parametrize("n", [10, 20])
def test_nps_wald_interval_under_covers(n: int) -> None:
    """The plain Wald interval falls well below 95% at small n (why it is not the default)."""
    coverage = nps_coverage(n, "wald")
    assert coverage.min() < 0.85
    assert coverage.mean() < 0.935


@pytest.mark.parametrize(("n_a", "n_b"), [(1, 1), (1, 30), (10, 10), (20, 20), (4, 296)])
def test_nps_default_interval_is_never_zero_width(n_a: int, n_b: int) -> None:
    """Over every pair of outcomes, all-10 against all-0 included, the width is > 0."""
    _, _, low, high = nps_bounds(n_a, n_b, "adjusted-wald")
    assert np.all(high - low > 0.05)
    assert np.all((low >= -2.0) & (high <= 2.0))


def test_compare_nps_is_the_enumerated_machinery() -> None:
    """compare_nps gives the enumerated bounds, e.g. for all-10 against all-0 at n = 10."""
    _, _, low, high = nps_bounds(10, 10, "adjusted-wald")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        extreme = compare_nps([10] * 10, [0] * 10)
        middle = compare_nps(NPSCounts(promoters=4, passives=3, detractors=3),
                             NPSCounts(promoters=2, passives=5, detractors=3))
    # Row/column order of trinomial_outcomes: promoters outer, detractors inner.
    index = {(int(p), int(d)): i for i, (d, _, p) in enumerate(trinomial_outcomes(10))}
    for result, pa, da, pb, db in ((extreme, 10, 0, 0, 10), (middle, 4, 3, 2, 3)):
        i, j = index[(pa, da)], index[(pb, db)]
        assert result.interval.low == pytest.approx(100 * low[i, j], rel=1e-12)
        assert result.interval.high == pytest.approx(100 * high[i, j], rel=1e-12)
    assert extreme.interval.high - extreme.interval.low > 50


@pytest.mark.parametrize("n", [10, 20])
def test_agresti_caffo_covers_at_least_93_percent(n: int) -> None:
    """Agresti-Caffo's 95% interval covers >= 93% for shares 2%..98%, <= 98.5% on average."""
    coverage = share_coverage(n, "agresti-caffo")
    assert coverage.min() >= 0.93
    assert 0.95 <= coverage.mean() <= 0.985


@pytest.mark.parametrize(("n", "floor"), [(10, 0.915), (20, 0.88)])
def test_newcombe_covers_near_95_percent_dipping_at_the_extremes(n: int, floor: float) -> None:
    """Newcombe's hybrid averages 95-98.5% but dips (to 88% at 2% vs 98%, n = 20)."""
    coverage = share_coverage(n, "newcombe")
    assert 0.95 <= coverage.mean() <= 0.985
    assert coverage.min() >= floor
    inner = np.array([p_a not in (0.02, 0.98) and p_b not in (0.02, 0.98)
                      for p_a in SHARES for p_b in SHARES])
    assert coverage[inner].min() >= 0.92


@pytest.mark.parametrize("method", ["agresti-caffo", "newcombe"])
def test_share_intervals_are_never_zero_width(method: str) -> None:
    """Over every pair of binomial outcomes at n = 10 (0/10 against 10/10 too), width > 0."""
    x = np.arange(11.0)
    xa, xb = np.repeat(x, x.size), np.tile(x, x.size)
    out = share_difference(xa, np.full(xa.size, 10.0), xb, np.full(xa.size, 10.0),
                           method=method)
    assert np.all(out["ci_high"] - out["ci_low"] > 5.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = compare_proportions((10, 10), (0, 10), ci=method)
    assert result.interval.low < 100.0 == result.interval.high
