"""Simulate the coverage of the NPS confidence intervals and print a reST table.

Each setting draws many trinomial samples of size n with the given promoter and
detractor shares (fixed seed), computes every interval method vectorised over
the samples, and reports the percentage whose interval holds the true NPS.

Run: ``python scripts/nps_coverage.py [--reps 20000]``; the output is pasted
into docs/guide/scores_nps.rst.
"""

from __future__ import annotations

import argparse

import numpy as np

from expectations.scoring import nps_intervals

#: (promoter share, detractor share) settings: balanced, typical, and skewed.
SHARES = ((0.33, 0.33), (0.50, 0.20), (0.20, 0.50), (0.70, 0.10), (0.10, 0.70),
          (0.85, 0.05), (0.90, 0.03))
SIZES = (30, 50, 100, 300)
METHODS = ("wald", "adjusted-wald", "score")


def coverage(n: int, p: float, d: float, method: str, reps: int, seed: int,
             confidence: float = 0.95) -> float:
    """Percentage of simulated intervals that contain the true NPS."""
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(n, [p, 1 - p - d, d], size=reps).astype(np.float64)
    bound = {"wald": nps_intervals.wald_interval,
             "adjusted-wald": nps_intervals.adjusted_wald_interval,
             "score": nps_intervals.score_interval}[method]
    low, high = bound(counts[:, 0], counts[:, 1], counts[:, 2], confidence=confidence)
    truth = 100 * (p - d)
    # A tolerance for bounds that equal the truth up to rounding.
    hit = (low <= truth + 1e-9) & (truth - 1e-9 <= high)
    return 100.0 * float(hit.mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2016)
    args = parser.parse_args()
    header = ("n", "promoters", "detractors", "true NPS", *METHODS)
    rows = []
    for n in SIZES:
        for p, d in SHARES:
            cells = [coverage(n, p, d, m, args.reps, args.seed) for m in METHODS]
            rows.append((str(n), f"{p:.0%}", f"{d:.0%}", f"{100 * (p - d):+.0f}",
                         *(f"{c:.1f}" for c in cells)))
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    rule = "  ".join("=" * w for w in widths)
    print(rule)
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip())
    print(rule)
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    print(rule)
    print(f"\n{args.reps} simulated samples per row, seed {args.seed}, nominal 95%.")


if __name__ == "__main__":
    main()
