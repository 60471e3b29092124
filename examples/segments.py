"""
Which segments differ? A forest plot
====================================

Each segment's NPS with its interval, compared with the rest of the
customers. The p-values are adjusted (Holm) for the number of segments
tested, so a handful of segments cannot produce a "significant" one by chance.
"""

import sys
from pathlib import Path

import expectations as ex
from expectations.plotting import plot_segment_comparison

output = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
responses = ex.datasets.load_retail().responses

# %%
# One row per touchpoint: score, interval, the rest's score, the difference
# and the adjusted p-value.
table = responses.cx.compare_segments("nps", "touchpoint", missing="drop")
print(table[["score", "rest_score", "difference", "p_adjusted", "significant"]].round(3))

# %%
# The dashed line is the NPS of all customers; starred rows differ from the
# rest after adjustment.
ax = plot_segment_comparison(table)
ax.figure.savefig(output / "segments.png", dpi=120)
