"""Survey scores with honest uncertainty: NPS, CSAT, CES and top-box.

Every score here is a function of category counts, comes with a standard
error and a confidence interval, accepts survey ``weights=`` and a ``by=``
grouping (returning a DataFrame with a fixed column set), and reports how many
missing answers it dropped.
"""

from __future__ import annotations

from expectations.scoring.compare import NPSComparison, compare_nps
from expectations.scoring.nps import (
    NPS_COLUMNS,
    NPSCounts,
    NPSResult,
    classify_nps,
    nps,
)
from expectations.scoring.proportions import ProportionComparison, compare_proportions
from expectations.scoring.satisfaction import (
    TOP_BOX_COLUMNS,
    TopBoxResult,
    ces,
    csat,
    top_box,
)

__all__ = [
    "NPS_COLUMNS",
    "TOP_BOX_COLUMNS",
    "NPSComparison",
    "NPSCounts",
    "NPSResult",
    "ProportionComparison",
    "TopBoxResult",
    "ces",
    "classify_nps",
    "compare_nps",
    "compare_proportions",
    "csat",
    "nps",
    "top_box",
]
