"""Coverage of the comparison intervals, by exact enumeration; print reST tables.

For two samples of n answers, every pair of outcomes (trinomial counts for NPS,
binomial for a share) is enumerated, its interval computed once (vectorised),
and the probabilities of the pairs whose interval holds the true difference
are added up: the coverage is exact, not simulated. The one-sample NPS table
does the same over the outcomes of one sample; for the bootstrap, each
outcome's interval comes from ``--resamples`` seeded multinomial draws.

Run: ``python scripts/comparison_coverage.py``; the output is pasted into
docs/guide/comparisons.rst. It takes under a minute.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from scipy.special import gammaln
from scipy.stats import binom

from expectations.scoring import nps_intervals
from expectations.scoring._difference import nps_difference, share_difference

FloatArray = npt.NDArray[np.float64]
Mix = tuple[float, float, float]  # promoter, passive, detractor shares

LOPSIDED: Mix = (0.90, 0.08, 0.02)
MIRROR: Mix = (0.02, 0.08, 0.90)
EQUAL: Mix = (1 / 3, 1 / 3, 1 / 3)
TYPICAL: Mix = (0.50, 0.30, 0.20)
#: The mix pairs of tests/scoring/test_compare_coverage.py.
MIX_PAIRS: list[tuple[Mix, Mix]] = [
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
ONE_SAMPLE_MIXES: list[Mix] = [LOPSIDED, MIRROR, (0.85, 0.10, 0.05), (0.70, 0.20, 0.10),
                               TYPICAL, EQUAL]


def outcomes(n: int) -> FloatArray:
    """Every (detractors, passives, promoters) with total n."""
    promoters, detractors = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
    keep = promoters + detractors <= n
    p, d = promoters[keep], detractors[keep]
    return np.stack([d, n - p - d, p], axis=1).astype(np.float64)


def pmf(counts: FloatArray, mix: Mix) -> FloatArray:
    """Trinomial probabilities of each row of counts."""
    n = counts[0].sum()
    shares = np.array([mix[2], mix[1], mix[0]])
    with np.errstate(divide="ignore", invalid="ignore"):
        log = (gammaln(n + 1) - gammaln(counts + 1).sum(axis=1)
               + np.where(counts > 0, counts * np.log(shares), 0.0).sum(axis=1))
    out: FloatArray = np.exp(log)
    return out


def nps_pairs(n: int, method: str) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Outcomes and the interval bounds (proportion scale) for every pair of them."""
    a = outcomes(n)
    out = nps_difference(np.repeat(a, a.shape[0], axis=0), np.tile(a, (a.shape[0], 1)),
                         method=method)
    shape = (a.shape[0], a.shape[0])
    return a, out["ci_low"].reshape(shape) / 100, out["ci_high"].reshape(shape) / 100


def nps_coverage(n: int, method: str) -> list[float]:
    a, low, high = nps_pairs(n, method)
    result = []
    for mix_a, mix_b in MIX_PAIRS:
        truth = (mix_a[0] - mix_a[2]) - (mix_b[0] - mix_b[2])
        hit = (low <= truth + 1e-12) & (truth - 1e-12 <= high)
        result.append(100 * float(pmf(a, mix_a) @ hit @ pmf(a, mix_b)))
    return result


def share_coverage(n: int, method: str) -> list[float]:
    x = np.arange(n + 1.0)
    sizes = np.full(x.size**2, float(n))
    out = share_difference(np.repeat(x, x.size), sizes, np.tile(x, x.size), sizes,
                           method=method)
    low = out["ci_low"].reshape(x.size, x.size) / 100
    high = out["ci_high"].reshape(x.size, x.size) / 100
    result = []
    for p_a in SHARES:
        for p_b in SHARES:
            hit = (low <= p_a - p_b + 1e-12) & (p_a - p_b - 1e-12 <= high)
            result.append(100 * float(binom.pmf(x, n, p_a) @ hit @ binom.pmf(x, n, p_b)))
    return result


def z_test_size(n_a: int, n_b: int, method: str, mix: Mix) -> float:
    """Exact rejection rate at 5% of the z-test when both samples share one mix."""
    a, b = outcomes(n_a), outcomes(n_b)
    out = nps_difference(np.repeat(a, b.shape[0], axis=0), np.tile(b, (a.shape[0], 1)),
                         method=method)
    reject = (np.nan_to_num(out["p_value"], nan=1.0) < 0.05).reshape(a.shape[0], b.shape[0])
    return 100 * float(pmf(a, mix) @ reject @ pmf(b, mix))


def one_sample_coverage(n: int, mix: Mix, method: str, resamples: int, seed: int) -> float:
    counts = outcomes(n)
    d, q, p = counts[:, 0], counts[:, 1], counts[:, 2]
    if method == "bootstrap":
        low, high = nps_intervals.bootstrap_interval(
            p, q, d, rng=np.random.default_rng(seed), n_resamples=resamples)
    else:
        bound = {"wald": nps_intervals.wald_interval,
                 "adjusted-wald": nps_intervals.adjusted_wald_interval,
                 "score": nps_intervals.score_interval}[method]
        low, high = bound(p, q, d)
    truth = 100 * (mix[0] - mix[2])
    hit = (low <= truth + 1e-9) & (truth - 1e-9 <= high)
    return 100 * float(pmf(counts, mix) @ hit)


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    rule = "  ".join("=" * w for w in widths)
    lines = [rule, "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
             rule]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
              for r in rows]
    lines.append(rule)
    return "\n".join(lines)


def mix_label(mix: Mix) -> str:
    return "/".join(f"{round(100 * s)}" for s in mix)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--resamples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2016)
    args = parser.parse_args()
    sizes = (10, 20, 30)

    print("Difference of two NPS, per mix pair (coverage %, nominal 95%)\n")
    nps_methods = ("adjusted-wald", "wald")
    cover = {(n, m): nps_coverage(n, m) for n in sizes for m in nps_methods}
    rows = []
    for i, (mix_a, mix_b) in enumerate(MIX_PAIRS):
        rows.append((mix_label(mix_a), mix_label(mix_b),
                     f"{100 * ((mix_a[0] - mix_a[2]) - (mix_b[0] - mix_b[2])):+.0f}",
                     *(f"{cover[(n, m)][i]:.1f}" for n in sizes for m in nps_methods)))
    print(table(("group a", "group b", "true diff",
                 *(f"n={n} {m}" for n in sizes for m in nps_methods)), rows))

    print("\nSummary: NPS difference\n")
    rows = [(str(n), m, f"{min(cover[(n, m)]):.1f}", f"{np.mean(cover[(n, m)]):.1f}",
             f"{max(cover[(n, m)]):.1f}") for n in sizes for m in nps_methods]
    print(table(("n per group", "method", "min", "mean", "max"), rows))

    print("\nSummary: difference of two shares (all pairs of true shares in "
          f"{', '.join(f'{s:.0%}' for s in SHARES)})\n")
    rows = []
    for n in sizes:
        for m in ("agresti-caffo", "newcombe", "wald"):
            c = share_coverage(n, m)
            rows.append((str(n), m, f"{min(c):.1f}", f"{np.mean(c):.1f}", f"{max(c):.1f}"))
    print(table(("n per group", "method", "min", "mean", "max"), rows))

    print("\nSize of the NPS z-test at 5% (exact; both groups share the mix)\n")
    settings = ((10, 10), (20, 20), (4, 296), (10, 50))
    rows = []
    for mix in (LOPSIDED, EQUAL, TYPICAL, (0.10, 0.80, 0.10)):
        rows.append((mix_label(mix), *(f"{z_test_size(na, nb, m, mix):.1f}"
                                       for na, nb in settings for m in nps_methods)))
    print(table(("mix", *(f"{na} v {nb} {m}" for na, nb in settings for m in nps_methods)),
                rows))

    print(f"\nOne NPS, n = 50 (exact over outcomes; bootstrap {args.resamples} draws per "
          f"outcome, seed {args.seed})\n")
    methods = ("wald", "adjusted-wald", "score", "bootstrap")
    rows = [(mix_label(mix), f"{100 * (mix[0] - mix[2]):+.0f}",
             *(f"{one_sample_coverage(50, mix, m, args.resamples, args.seed):.1f}"
               for m in methods)) for mix in ONE_SAMPLE_MIXES]
    print(table(("mix", "true NPS", *methods), rows))


if __name__ == "__main__":
    main()
