"""
NPS by customer segment
=======================

Who recommends us, and who warns others off? The Net Promoter Score of each
customer segment, with the detractor / passive / promoter split behind it and
the 95% interval of each score.
"""

import sys
from pathlib import Path

import expectations as ex
from expectations.plotting import plot_nps

output = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
responses = ex.datasets.load_retail().responses

# %%
# One call scores every segment: ``by=`` returns a DataFrame, one row per segment.
table = responses.cx.nps("nps", by="segment", missing="drop")
print(table[["score", "ci_low", "ci_high", "n", "promoter_share", "detractor_share"]].round(1))

# %%
# The chart shows where each score comes from. Two segments with the same NPS
# can differ: one with many passives, the other with many of both extremes.
ax = plot_nps(table)
ax.figure.savefig(output / "nps_by_segment.png", dpi=120)
