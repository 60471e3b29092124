"""nps() over 10^8 int8 answers versus one ``np.count_nonzero(x >= 9)`` pass.

Claim: within 2.5x of that single pass (integer input is validated with
min/max and counted in cache-sized chunks, never converted to float).
"""

from __future__ import annotations

import numpy as np
from _timing import best_of, parser, report

import expectations.scoring as scoring


def main() -> None:
    args = parser(__doc__, default_n=10**8, quick_n=10**5).parse_args()
    n = args.quick or args.n
    x = np.random.default_rng(0).integers(0, 11, size=n, dtype=np.int8)
    baseline = best_of(lambda: np.count_nonzero(x >= 9))
    ours = best_of(lambda: scoring.nps(x))
    report("nps, int8 answers", f"n = {n:,}", ours, baseline, "np.count_nonzero(x >= 9)", 2.5)


if __name__ == "__main__":
    main()
