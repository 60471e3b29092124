"""
Kano map: what delights, what is merely expected
================================================

Each candidate feature was asked about twice: how customers would feel if it
were there (functional) and if it were not (dysfunctional). Berger et al.'s
Better and Worse coefficients place each feature on the Kano map.
"""

import sys
from pathlib import Path

import expectations as ex
from expectations.plotting import plot_kano

output = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
answers = ex.datasets.load_retail().kano

# %%
# ``feature=`` evaluates every feature at once; ``category`` is the modal
# Kano category, and Fong's test says whether it clearly beats the runner-up.
table = answers.cx.kano("functional", "dysfunctional", feature="feature")
print(table[["category", "runner_up", "fong_significant", "better", "worse", "n"]].round(2))

# %%
# Must-be features (bottom left to top left) must not fail; attractive ones
# (bottom right) are where delight comes from.
ax = plot_kano(table)
ax.figure.savefig(output / "kano_map.png", dpi=120)
