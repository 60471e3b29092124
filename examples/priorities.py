"""
Priorities: importance against performance
==========================================

What should be fixed first? Importance comes from the data (Johnson's
relative weights of each driver in overall satisfaction), performance from
the mean rating; Martilla & James's grid sorts the drivers into four
quadrants -- when the data can tell them apart. Given the respondents'
ratings, each driver's performance gets a t-interval and a quadrant
probability: the share of bootstrap resamples of the respondents that put it
in the same quadrant.
"""

import sys
from pathlib import Path

import expectations as ex
from expectations.gaps.importance import importance_performance
from expectations.plotting import plot_importance_performance

output = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
ratings = ex.datasets.load_retail().drivers
drivers = ["price", "delivery", "quality", "support"]

# %%
# Derived importance: each driver's share (in %) of the explained variance.
weights = ratings.cx.relative_weights("overall", drivers, missing="drop")
importance = weights.to_frame()["rescaled_weight"]
grid = importance_performance(importance, ratings[drivers], missing="drop", rng=0)
print(grid.to_frame()[["importance", "performance", "performance_ci_low",
                       "performance_ci_high", "quadrant", "quadrant_probability"]].round(2))
print(grid.note)

# %%
# "Concentrate here" (top left) is where a driver matters and performs below
# the crosshair; the crosshair is the mean of each axis, printed on the axes.
# The error bars are the performance intervals: the drivers' mean ratings lie
# within a few hundredths of each other, so no quadrant is settled (the
# points are hollow), and the axis does not stretch those hundredths across
# the page.
ax = plot_importance_performance(grid)
ax.figure.savefig(output / "priorities.png", dpi=120)
