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
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from expectations.scoring import nps_intervals
from expectations.scoring._difference import nps_difference

# The tables enumerate exactly what tests/scoring/test_compare_coverage.py checks:
# its mixes, its outcomes and its coverage sums, imported rather than copied.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.scoring.test_compare_coverage import (
    EQUAL,
    LOPSIDED,
    MIRROR,
    MIX_PAIRS,
    SHARES,
    TYPICAL,
    nps_coverage,
    share_coverage,
    trinomial_outcomes,
    trinomial_pmf,
)

FloatArray = npt.NDArray[np.float64]
Mix = tuple[float, float, float]  # promoter, passive, detractor shares

ONE_SAMPLE_MIXES: list[Mix] = [LOPSIDED, MIRROR, (0.85, 0.10, 0.05), (0.70, 0.20, 0.10),
                               TYPICAL, EQUAL]


def z_test_size(n_a: int, n_b: int, method: str, mix: Mix) -> float:
    """Exact rejection rate at 5% of the z-test when both samples share one mix."""
    a, b = trinomial_outcomes(n_a), trinomial_outcomes(n_b)
    out = nps_difference(np.repeat(a, b.shape[0], axis=0), np.tile(b, (a.shape[0], 1)),
                         method=method)
    reject = (np.nan_to_num(out["p_value"], nan=1.0) < 0.05).reshape(a.shape[0], b.shape[0])
    return 100 * float(trinomial_pmf(a, mix) @ reject @ trinomial_pmf(b, mix))


def one_sample_coverage(n: int, mix: Mix, method: str, resamples: int, seed: int) -> float:
    counts = trinomial_outcomes(n)
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
    return 100 * float(trinomial_pmf(counts, mix) @ hit)


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
    cover = {(n, m): 100 * nps_coverage(n, m) for n in sizes for m in nps_methods}
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
            c = 100 * share_coverage(n, m)
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
