"""
Zone of tolerance: dissatisfied, satisfied or delighted
=======================================================

Customers hold an adequate and a desired level of service. Between them lies
the zone of tolerance: a perception below it dissatisfies, within it
satisfies, above it delights (Zeithaml, Berry & Parasuraman 1993).
"""

import sys
from pathlib import Path

import expectations as ex
from expectations.plotting import plot_tolerance_zone

output = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
ratings = ex.datasets.load_retail().tolerance

# %%
# Per SERVQUAL dimension: the adequacy gap (MSA), the superiority gap (MSS),
# and the share of answers below, within and above the zone. Answers whose
# desired level is below their adequate level are excluded and counted.
zones = ratings.cx.tolerance_zone("perceived", "adequate", "desired", by="dimension")
print(zones[["msa", "mss", "dissatisfied", "satisfied", "delighted", "n_inverted"]].round(2))

# %%
# On the gap scale the band runs from the adequate level (0) to the desired
# level; the point is the mean perceived level, with its interval.
ax = plot_tolerance_zone(zones)
ax.figure.savefig(output / "tolerance_zone.png", dpi=120)
