"""Comparing many groups: funnel plots and league tables that do not rank noise.

With many stores, agents or touchpoints, each answered by a few dozen
customers, the raw scores at the top and bottom of a ranking are mostly the
smallest groups' luck. :func:`funnel` holds every group against one target
with control limits for its own size (Spiegelhalter 2005);
:func:`league_table` ranks empirical-Bayes estimates and gives each rank an
interval (Efron & Morris 1975; Goldstein & Spiegelhalter 1996). Both count
once with the library's grouping engine and work on the counts from then on.
"""

from __future__ import annotations

from expectations.groups.funnel import FUNNEL_BANDS, FUNNEL_COLUMNS, FUNNEL_LEVELS, funnel
from expectations.groups.league import LEAGUE_COLUMNS, league_table

__all__ = [
    "FUNNEL_BANDS",
    "FUNNEL_COLUMNS",
    "FUNNEL_LEVELS",
    "LEAGUE_COLUMNS",
    "funnel",
    "league_table",
]
