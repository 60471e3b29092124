"""
Is the score changing? Trend and control chart
==============================================

Scores per month with their intervals, the changes that are significant, and
a p-chart of the share behind the score: a point outside its control limits
is unlikely to be chance alone.
"""

import sys
from pathlib import Path

import matplotlib.pyplot as plt

import expectations as ex
from expectations.plotting import plot_control_chart, plot_trend

output = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
responses = ex.datasets.load_retail().responses

# %%
# CSAT per month: the score is the top-two-box share, so the p-chart limits
# are on the same scale and drawn on the trend.
csat = responses.cx.trend("csat", "date", metric="csat", freq="M", missing="drop")
print(csat[["score", "ci_low", "ci_high", "change", "significant", "out_of_control"]].round(1))
ax = plot_trend(csat)
ax.figure.savefig(output / "csat_trend.png", dpi=120)

# %%
# For NPS the control limits belong to the promoter share, so the two charts
# are drawn side by side.
nps = responses.cx.trend("nps", "date", freq="M", missing="drop")
fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.5), layout="constrained")
plot_trend(nps, ax=left)
plot_control_chart(nps, ax=right)
fig.savefig(output / "nps_trend.png", dpi=120)
