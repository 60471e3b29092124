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

# Importing the accessor registers ``DataFrame.cx``; plotting imports
# matplotlib only when a chart is drawn.
from expectations import accessor, datasets, errors, plotting
from expectations.commitments import (
    FulfilmentResult,
    RealisticTarget,
    fulfilment,
    realistic_target,
)
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
from expectations.report import Report, report, report_demo
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
from expectations.segmentation import (
    ClusterResult,
    PersonaAssignment,
    RFMResult,
    assign_personas,
    cluster,
    compare_segments,
    rfm,
    segment,
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
    "ClusterResult",
    "Commitment",
    "ConsistencyResult",
    "Customer",
    "DisconfirmationResult",
    "Expectation",
    "FulfilmentResult",
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
    "PersonaAssignment",
    "ProportionComparison",
    "RFMResult",
    "RateResult",
    "RealisticTarget",
    "RelativeWeightsResult",
    "Report",
    "Scale",
    "ServperfResult",
    "ServqualResult",
    "Stage",
    "ThemeTags",
    "ToleranceResult",
    "TopBoxResult",
    "Touchpoint",
    "Trait",
    "accessor",
    "assign_personas",
    "ces",
    "churn_rate",
    "classify_nps",
    "cluster",
    "clv",
    "compare_nps",
    "compare_proportions",
    "compare_segments",
    "complaint_rate",
    "consistency",
    "cronbach_alpha",
    "csat",
    "datasets",
    "disconfirmation",
    "distinctive_terms",
    "errors",
    "fulfilment",
    "historical_clv",
    "importance_performance",
    "kano",
    "kano_category",
    "nps",
    "pain_points",
    "plotting",
    "realistic_target",
    "relative_weights",
    "repeat_rate",
    "report",
    "report_demo",
    "retention_rate",
    "return_rate",
    "rfm",
    "segment",
    "servperf",
    "servqual",
    "tag_themes",
    "theme_impact",
    "tolerance_level",
    "tolerance_zone",
    "top_box",
    "trend",
]
