"""Tests for expectations.scoring.nps_intervals.

The score interval is checked against an independent brute-force computation:
the constrained trinomial MLE under p - d = theta found numerically with
``scipy.optimize.minimize`` (SLSQP with an equality constraint), and the interval
boundaries found with ``scipy.optimize.brentq`` on the resulting score statistic.
Coverage is checked by simulation (Rocks 2016 reports adjusted Wald and score
intervals near nominal where Wald is not).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy import optimize, stats

from expectations.scoring import nps_intervals as ni


def _brute_constrained_mle(counts: tuple[float, float, float], theta: float) -> tuple[float, float]:
    """Maximise the trinomial log-likelihood under p - d = theta numerically."""
    promoters, passives, detractors = counts
    eps = 1e-12

    def negloglik(x: np.ndarray) -> float:
        p, d = x
        q = 1 - p - d
        return -(promoters * np.log(max(p, eps)) + passives * np.log(max(q, eps))
                 + detractors * np.log(max(d, eps)))

    low, high = max(0.0, theta), (1 + theta) / 2
    start = np.array([(low + high) / 2, (low + high) / 2 - theta])
    with warnings.catch_warnings():
        # Older scipy's SLSQP may step past a bound and warn that it clipped back;
        # the clipped point is what it then evaluates, so the optimum is unaffected.
        warnings.filterwarnings("ignore", "Values in x were outside bounds",
                                category=RuntimeWarning)
        result = optimize.minimize(
            negloglik, start, method="SLSQP",
            bounds=[(eps, 1 - eps), (eps, 1 - eps)],
            constraints=[{"type": "eq", "fun": lambda x: x[0] - x[1] - theta},
                         {"type": "ineq", "fun": lambda x: 1 - x[0] - x[1]}],
            options={"ftol": 1e-14, "maxiter": 500},
        )
    return float(result.x[0]), float(result.x[1])


def _brute_score_interval(counts: tuple[float, float, float],
                          confidence: float = 0.95) -> tuple[float, float]:
    promoters, passives, detractors = counts
    n = promoters + passives + detractors
    theta_hat = (promoters - detractors) / n
    z = stats.norm.ppf(0.5 + confidence / 2)

    def excess(theta: float) -> float:
        p, d = _brute_constrained_mle(counts, theta)
        return n * (theta_hat - theta) ** 2 - z**2 * (p + d - theta**2)

    low = optimize.brentq(excess, -1 + 1e-9, theta_hat, xtol=1e-10)
    high = optimize.brentq(excess, theta_hat, 1 - 1e-9, xtol=1e-10)
    return 100 * low, 100 * high


COUNTS = [(50.0, 30.0, 20.0), (12.0, 10.0, 8.0), (5.0, 20.0, 35.0), (90.0, 8.0, 2.0),
          (3.0, 1.0, 6.0)]


@pytest.mark.parametrize("counts", COUNTS)
@pytest.mark.parametrize("theta", [-0.5, 0.0, 0.25, 0.6])
def test_constrained_mle_matches_numerical_optimum(counts: tuple[float, float, float],
                                                   theta: float) -> None:
    """The closed-form constrained MLE equals scipy's SLSQP optimum."""
    p, d = ni.constrained_mle(*(np.array([c]) for c in counts), np.array([theta]))
    ref_p, ref_d = _brute_constrained_mle(counts, theta)
    assert float(p[0]) == pytest.approx(ref_p, abs=1e-5)
    assert float(d[0]) == pytest.approx(ref_d, abs=1e-5)


@pytest.mark.parametrize("counts", COUNTS)
def test_score_interval_matches_brute_force(counts: tuple[float, float, float]) -> None:
    """Score bounds equal the roots of the numerically computed score statistic."""
    low, high = ni.score_interval(*counts)
    ref_low, ref_high = _brute_score_interval(counts)
    assert float(low[0]) == pytest.approx(ref_low, abs=1e-3)
    assert float(high[0]) == pytest.approx(ref_high, abs=1e-3)


def test_score_interval_vectorises_over_groups() -> None:
    """Bounds for many groups at once equal the bounds computed one by one."""
    arrays = np.array(COUNTS).T
    low, high = ni.score_interval(*arrays)
    for i, counts in enumerate(COUNTS):
        one_low, one_high = ni.score_interval(*counts)
        assert (low[i], high[i]) == pytest.approx((one_low[0], one_high[0]), abs=1e-12)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [((20.0, 0.0, 0.0), 100.0), ((0.0, 0.0, 20.0), -100.0), ((0.0, 20.0, 0.0), 0.0)],
)
def test_score_interval_in_one_category_contains_it(counts: tuple[float, float, float],
                                                    expected: float) -> None:
    """With everyone in one category the score interval still contains the estimate."""
    low, high = ni.score_interval(*counts)
    assert low[0] <= expected <= high[0]
    assert high[0] - low[0] > 5


@pytest.mark.parametrize("method", [ni.wald_interval, ni.adjusted_wald_interval,
                                    ni.score_interval])
def test_empty_groups_give_nan(method: object) -> None:
    """A group with n = 0 gets NaN bounds next to a normal group."""
    low, high = method([0.0, 10.0], [0.0, 5.0], [0.0, 5.0])  # type: ignore[operator]
    assert np.isnan([low[0], high[0]]).all()
    assert np.isfinite([low[1], high[1]]).all()


def test_bootstrap_empty_group_gives_nan() -> None:
    """The bootstrap also gives NaN bounds for a group with no respondents."""
    low, high = ni.bootstrap_interval([0.0, 10.0], [0.0, 5.0], [0.0, 5.0],
                                      rng=np.random.default_rng(0), n_resamples=200)
    assert np.isnan([low[0], high[0]]).all()
    assert np.isfinite([low[1], high[1]]).all()


def _coverage(n: int, p: float, d: float, method: str, reps: int = 10_000) -> float:
    """Percentage of simulated 95% intervals that contain the true NPS."""
    rng = np.random.default_rng(1000 * n + int(100 * p))
    counts = rng.multinomial(n, [p, 1 - p - d, d], size=reps).astype(np.float64)
    bound = {"wald": ni.wald_interval, "adjusted-wald": ni.adjusted_wald_interval,
             "score": ni.score_interval}[method]
    low, high = bound(counts[:, 0], counts[:, 1], counts[:, 2])
    truth = 100 * (p - d)
    return 100.0 * float(((low <= truth + 1e-9) & (truth - 1e-9 <= high)).mean())


TYPICAL = [(n, p, d) for n in (30, 60, 150)
           for p, d in ((0.33, 0.33), (0.5, 0.2), (0.7, 0.1), (0.2, 0.5), (0.1, 0.7))]
SKEWED = [(n, p, d) for n in (30, 60, 150) for p, d in ((0.85, 0.05), (0.9, 0.03))]


@pytest.mark.slow
@pytest.mark.parametrize(("n", "p", "d"), TYPICAL)
@pytest.mark.parametrize("method", ["adjusted-wald", "score"])
def test_recommended_intervals_cover_near_nominal(n: int, p: float, d: float,
                                                  method: str) -> None:
    """Adjusted Wald (default) and score cover within 1.5 points of 95% for n >= 30."""
    assert _coverage(n, p, d, method) == pytest.approx(95.0, abs=1.5)


@pytest.mark.slow
@pytest.mark.parametrize(("n", "p", "d"), SKEWED)
@pytest.mark.parametrize("method", ["adjusted-wald", "score"])
def test_recommended_intervals_are_conservative_when_skewed(n: int, p: float, d: float,
                                                            method: str) -> None:
    """With NPS of +80 or more they never under-cover, and over-cover by < 2.5 points.

    Exact enumeration of the trinomial gives 96.0-97.1% for adjusted Wald at
    n = 30..60 with 85-90% promoters: conservative, outside the ±1.5 band.
    """
    assert 94.0 <= _coverage(n, p, d, method) <= 97.5


@pytest.mark.slow
def test_wald_undercovers_with_skewed_shares() -> None:
    """Wald covers clearly less than 95% at n = 30 with 85% promoters (Rocks 2016)."""
    assert _coverage(30, 0.85, 0.05, "wald") < 92.0


def _bootstrap_all_at_once(promoters: np.ndarray, passives: np.ndarray, detractors: np.ndarray,
                           *, confidence: float, rng: np.random.Generator,
                           n_resamples: int) -> tuple[np.ndarray, np.ndarray]:
    """Compute the bootstrap as before blocking: every group's draws in one array."""
    n = promoters + passives + detractors
    size = np.where(n > 0, np.maximum(np.rint(n), 1.0), 0.0).astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(n > 0, promoters / n, 0.0)
        rest = 1.0 - p
        d_given_rest = np.where((n > 0) & (rest > 0),
                                np.clip(detractors / n / rest, 0.0, 1.0), 0.0)
    shape = (n_resamples, size.size)
    boot_p = rng.binomial(size, np.clip(p, 0.0, 1.0), size=shape)
    boot_d = rng.binomial(size - boot_p, d_given_rest, size=shape)
    theta = (boot_p - boot_d) / np.maximum(size, 1)
    alpha = 1.0 - confidence
    low, high = np.quantile(theta, [alpha / 2, 1 - alpha / 2], axis=0)
    empty = ~(n > 0)
    return (np.where(empty, np.nan, np.clip(low, -1, 1) * 100),
            np.where(empty, np.nan, np.clip(high, -1, 1) * 100))


@pytest.mark.parametrize("groups", [1, 5, 100])
def test_bootstrap_in_blocks_matches_drawing_all_groups_at_once(groups: int) -> None:
    """Up to one block of groups, a seed gives exactly the bounds of the unblocked draw."""
    counts = np.random.default_rng(7).integers(0, 40, size=(3, groups)).astype(float)
    counts[:, 0] = [0.0, 0.0, 0.0]  # an empty group keeps NaN bounds
    expected = _bootstrap_all_at_once(*counts, confidence=0.9, rng=np.random.default_rng(3),
                                      n_resamples=10_000)
    got = ni.bootstrap_interval(*counts, confidence=0.9, rng=np.random.default_rng(3),
                                n_resamples=10_000)
    np.testing.assert_array_equal(got[0], expected[0])
    np.testing.assert_array_equal(got[1], expected[1])


def test_bootstrap_over_20000_groups_uses_bounded_memory() -> None:
    """20,000 groups never hold n_resamples x groups draws at once (was ~160 MB here)."""
    import tracemalloc

    counts = np.random.default_rng(1).integers(0, 30, size=(3, 20_000)).astype(float)
    tracemalloc.start()
    try:
        low, high = ni.bootstrap_interval(*counts, rng=np.random.default_rng(0),
                                          n_resamples=200)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 2**20
    present = counts.sum(axis=0) > 0
    assert np.all(low[present] <= high[present])
    assert np.isnan(low[~present]).all()
