"""funnel and league_table over 10^7 answers in 10^4 groups versus nps(by=) on the same data.

Claim: each within 2x of ``nps(scores, by=keys)``, which validates, counts and
scores every group once. Both reuse that counting pass; after it they work on
the 10^4 x 3 counts only — the league table's rank intervals simulate 500
league tables from the counts' summary, never touching the answers again.
"""

from __future__ import annotations

import numpy as np
from _timing import best_of, parser, report

import expectations as ex


def _answers(n: int, groups: int) -> tuple[np.ndarray, np.ndarray]:
    """int8 answers whose promoter and detractor shares differ from group to group."""
    rng = np.random.default_rng(4)
    keys = rng.integers(0, groups, size=n)
    lift = rng.normal(0.0, 0.08, size=groups)[keys]
    u = rng.random(n) + lift
    scores = np.select([u < 0.3, u < 0.55], [rng.integers(0, 7, size=n),
                                             rng.integers(7, 9, size=n)],
                       rng.integers(9, 11, size=n)).astype(np.int8)
    return scores, keys


def main() -> None:
    p = parser(__doc__, default_n=10**7, quick_n=10**5)
    p.add_argument("--groups", type=int, default=10_000)
    args = p.parse_args()
    n = args.quick or args.n
    groups = min(args.groups, max(10, n // 1000))  # about 1,000 answers a group
    scores, keys = _answers(n, groups)
    size = f"n = {n:,} int8, {groups:,} groups"
    baseline = best_of(lambda: ex.nps(scores, by=keys), repeat=5)
    funnel = best_of(lambda: ex.funnel(scores, by=keys), repeat=5)
    league = best_of(lambda: ex.league_table(scores, by=keys, rng=0), repeat=5)
    report("funnel", size, funnel, baseline, "nps(scores, by=keys)", 2.0)
    report("league_table (500 simulated tables)", size, league, baseline,
           "nps(scores, by=keys)", 2.0)


if __name__ == "__main__":
    main()
