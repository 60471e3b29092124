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
from expectations.gaps import (
    DisconfirmationResult,
    ImportancePerformanceResult,
    KanoResult,
    PainPointsResult,
    ServperfResult,
    ServqualResult,
    ToleranceResult,
    disconfirmation,
    importance_performance,
    kano,
    kano_category,
    pain_points,
    servperf,
    servqual,
    tolerance_level,
    tolerance_zone,
)
from expectations.kpis import (
    RateResult,
    churn_rate,
    clv,
    complaint_rate,
    historical_clv,
    repeat_rate,
    retention_rate,
    return_rate,
    trend,
)
from expectations.measurement import (
    AlphaResult,
    RelativeWeightsResult,
    cronbach_alpha,
    relative_weights,
)
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
from expectations.voice import (
    ConsistencyResult,
    Lexicon,
    ThemeTags,
    consistency,
    distinctive_terms,
    tag_themes,
    theme_impact,
)

__version__ = "0.1.0"

__all__ = [
    "AlphaResult",
    "Channel",
    "Commitment",
    "ConsistencyResult",
    "Customer",
    "DisconfirmationResult",
    "Expectation",
    "ImportancePerformanceResult",
    "Interval",
    "Journey",
    "KanoResult",
    "Lexicon",
    "NPSComparison",
    "NPSCounts",
    "NPSResult",
    "PainPointsResult",
    "Persona",
    "ProportionComparison",
    "RateResult",
    "RelativeWeightsResult",
    "Scale",
    "ServperfResult",
    "ServqualResult",
    "Stage",
    "ThemeTags",
    "ToleranceResult",
    "TopBoxResult",
    "Touchpoint",
    "Trait",
    "ces",
    "churn_rate",
    "classify_nps",
    "clv",
    "compare_nps",
    "compare_proportions",
    "complaint_rate",
    "consistency",
    "cronbach_alpha",
    "csat",
    "datasets",
    "disconfirmation",
    "distinctive_terms",
    "errors",
    "historical_clv",
    "importance_performance",
    "kano",
    "kano_category",
    "nps",
    "pain_points",
    "relative_weights",
    "repeat_rate",
    "retention_rate",
    "return_rate",
    "servperf",
    "servqual",
    "tag_themes",
    "theme_impact",
    "tolerance_level",
    "tolerance_zone",
    "top_box",
    "trend",
]
