"""
Funnel plot of many small stores
================================

Which stores are really better or worse than the rest, and which only look it
because they have few answers? The demo's NPS answers, dealt out at random to
300 stores of very different sizes: every store has the same true NPS, yet the
raw scores run from -67 to +100. The funnel plot (Spiegelhalter 2005) draws,
around the pooled NPS, the limits a store of each size stays within by
chance; only stores outside them deserve a second look.
"""

import sys
from pathlib import Path

import numpy as np

import expectations as ex
from expectations.plotting import plot_funnel

output = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
responses = ex.datasets.load_retail().responses.dropna(subset=["nps"])
rng = np.random.default_rng(7)
names = [f"store {i:03d}" for i in range(1, 301)]
p = 1.0 / np.arange(1, 301)
store = rng.choice(names, size=len(responses), p=p / p.sum())

# %%
# One call gives every store's score, its size, the 95% and 99.8% limits at
# that size, and the band it falls in. The extremes of the raw ranking are all
# small stores.
stores = ex.funnel(responses["nps"], by=store)
print(stores.sort_values("score")[["score", "n", "band"]].iloc[[0, 1, -2, -1]].round(1))
print(stores["band"].value_counts(sort=False))

# %%
# The funnel: the limits narrow as stores grow; the stores beyond the 99.8%
# limits are named.
ax = plot_funnel(stores)
ax.figure.savefig(output / "funnel.png", dpi=120)

# %%
# If a ranking is needed, rank shrunk scores and give each rank an interval
# (Goldstein & Spiegelhalter 1996). Here the "best" store could rank anywhere
# in the top two hundred: the stores do not truly differ.
league = ex.league_table(responses["nps"], by=store, rng=0)
print(league.head().round(1))
