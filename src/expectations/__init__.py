"""customer-expectations: measure and manage customer expectations.

Import it as ``import expectations as ex``. The names below are the public
API; everything in a module whose name starts with an underscore is private.

Examples
--------
>>> import expectations as ex
>>> result = ex.nps([10] * 25 + [8] * 5 + [3] * 10)
>>> result.score
37.5
>>> result.interval.method
'adjusted-wald'
"""

from __future__ import annotations

from expectations import datasets, errors
from expectations.models import (
    Channel,
    Commitment,
    Customer,
    Expectation,
    Journey,
    Persona,
    Scale,
    Stage,
    Touchpoint,
    Trait,
)
from expectations.results import Interval
from expectations.scoring import (
    NPSComparison,
    NPSCounts,
    NPSResult,
    ProportionComparison,
    TopBoxResult,
    ces,
    classify_nps,
    compare_nps,
    compare_proportions,
    csat,
    nps,
    top_box,
)

__version__ = "0.1.0"

__all__ = [
    "Channel",
    "Commitment",
    "Customer",
    "Expectation",
    "Interval",
    "Journey",
    "NPSComparison",
    "NPSCounts",
    "NPSResult",
    "Persona",
    "ProportionComparison",
    "Scale",
    "Stage",
    "TopBoxResult",
    "Touchpoint",
    "Trait",
    "ces",
    "classify_nps",
    "compare_nps",
    "compare_proportions",
    "csat",
    "datasets",
    "errors",
    "nps",
    "top_box",
]
