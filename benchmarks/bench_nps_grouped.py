"""nps(by=...) with intervals over 10^7 rows and 1,000 groups versus pandas groupby.mean.

Claim: no slower than ``df.groupby(key)[col].mean()`` on the same data
(ratio <= 1), while also returning counts, shares, standard errors and
adjusted-Wald intervals for every group.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from _timing import best_of, parser, report

import expectations.scoring as scoring


def main() -> None:
    p = parser(__doc__, default_n=10**7, quick_n=10**5)
    p.add_argument("--groups", type=int, default=1_000)
    args = p.parse_args()
    n = args.quick or args.n
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"key": rng.integers(0, args.groups, size=n),
                       "score": rng.integers(0, 11, size=n, dtype=np.int8)})
    baseline = best_of(lambda: df.groupby("key")["score"].mean(), repeat=5)
    ours = best_of(lambda: scoring.nps(df["score"], by=df["key"], ci="adjusted-wald"),
                   repeat=5)
    report("nps by= (adjusted-wald)", f"n = {n:,}, {args.groups:,} groups", ours, baseline,
           "df.groupby(key)[col].mean()", 1.0)


if __name__ == "__main__":
    main()
