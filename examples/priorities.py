"""
Priorities: importance against performance
==========================================

What should be fixed first? Importance comes from the data (Johnson's
relative weights of each driver in overall satisfaction), performance from
the mean rating; Martilla & James's grid sorts the drivers into four
quadrants.
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
performance = ratings[drivers].mean()
grid = importance_performance(importance, performance)
print(grid.to_frame().round(2))

# %%
# "Concentrate here" (top left) is where a driver matters and performs below
# the crosshair; the crosshair is the mean of each axis, printed on the axes.
ax = plot_importance_performance(grid)
ax.figure.savefig(output / "priorities.png", dpi=120)
