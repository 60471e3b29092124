"""Bootstrap NPS interval (10,000 resamples) on 10^6 answers versus one pass over the data.

The bootstrap draws multinomial counts, so its cost does not grow with n.
Claim: ``nps(x, ci="bootstrap")`` within 3x of ``nps(x, ci=None)``, the
single validating and counting pass over the same float64 answers. The raw
``np.count_nonzero(x >= 9)`` pass is printed too, for scale.
"""

from __future__ import annotations

import numpy as np
from _timing import best_of, parser, report

import expectations.scoring as scoring


def main() -> None:
    p = parser(__doc__, default_n=10**6, quick_n=10**4)
    p.add_argument("--resamples", type=int, default=10_000)
    args = p.parse_args()
    n = args.quick or args.n
    x = np.random.default_rng(2).integers(0, 11, size=n).astype(np.float64)
    raw = best_of(lambda: np.count_nonzero(x >= 9), repeat=5)
    one_pass = best_of(lambda: scoring.nps(x, ci=None), repeat=5)
    ours = best_of(lambda: scoring.nps(x, ci="bootstrap", rng=0,
                                       n_resamples=args.resamples), repeat=5)
    print(f"(for scale: np.count_nonzero(x >= 9) takes {raw * 1e3:.2f} ms; "
          f"bootstrap / that = {ours / raw:.1f}x)")
    report(f"nps bootstrap ({args.resamples:,} resamples)", f"n = {n:,} float64", ours,
           one_pass, "nps(x, ci=None): one pass", 3.0)


if __name__ == "__main__":
    main()
