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

import importlib
from typing import TYPE_CHECKING

# The accessor registers ``DataFrame.cx`` as a side effect of being imported.
from expectations import accessor, errors
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
from expectations.report import Report, report, report_demo, stream_report
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

# The scores, models and report load with the package; the other areas load on
# first use (PEP 562), so that ``import expectations`` costs little more than
# ``import pandas`` while ``ex.servqual(...)`` works as if imported eagerly.
_LAZY: dict[str, str] = {
    "AlphaResult": "expectations.measurement",
    "ClusterResult": "expectations.segmentation",
    "ConsistencyResult": "expectations.voice",
    "DisconfirmationResult": "expectations.gaps",
    "FulfilmentResult": "expectations.commitments",
    "ImportancePerformanceResult": "expectations.gaps",
    "KanoResult": "expectations.gaps",
    "Lexicon": "expectations.voice",
    "PainPointsResult": "expectations.gaps",
    "PersonaAssignment": "expectations.segmentation",
    "RFMResult": "expectations.segmentation",
    "RakeResult": "expectations.surveys.rake",
    "RateResult": "expectations.kpis",
    "RealisticTarget": "expectations.commitments",
    "RelativeWeightsResult": "expectations.measurement",
    "Scan": "expectations.engine._scan",
    "ServperfResult": "expectations.gaps",
    "ServqualResult": "expectations.gaps",
    "Survey": "expectations.surveys",
    "ThemeTags": "expectations.voice",
    "ToleranceResult": "expectations.gaps",
    "assign_personas": "expectations.segmentation",
    "churn_rate": "expectations.kpis",
    "cluster": "expectations.segmentation",
    "clv": "expectations.kpis",
    "compare_segments": "expectations.segmentation",
    "complaint_rate": "expectations.kpis",
    "consistency": "expectations.voice.consistency",
    "cronbach_alpha": "expectations.measurement",
    "datasets": "expectations.datasets",
    "disconfirmation": "expectations.gaps",
    "distinctive_terms": "expectations.voice",
    "follow_up": "expectations.followup",
    "fulfilment": "expectations.commitments",
    "funnel": "expectations.groups",
    "historical_clv": "expectations.kpis",
    "importance_performance": "expectations.gaps",
    "kano": "expectations.gaps",
    "kano_category": "expectations.gaps",
    "league_table": "expectations.groups",
    "pain_points": "expectations.gaps",
    "plotting": "expectations.plotting",
    "rake": "expectations.surveys.rake",
    "read_survey": "expectations.surveys",
    "realistic_target": "expectations.commitments",
    "relative_weights": "expectations.measurement",
    "repeat_rate": "expectations.kpis",
    "retention_rate": "expectations.kpis",
    "return_rate": "expectations.kpis",
    "rfm": "expectations.segmentation",
    "scan": "expectations.engine._scan",
    "segment": "expectations.segmentation",
    "servperf": "expectations.gaps",
    "servqual": "expectations.gaps",
    "tag_themes": "expectations.voice",
    "theme_impact": "expectations.voice",
    "tolerance_level": "expectations.gaps",
    "tolerance_zone": "expectations.gaps",
    "trend": "expectations.kpis",
}

if TYPE_CHECKING:
    # Functions named like the module that defines them (kano, rfm, trend, ...)
    # come from that module: through the package, mypy may take the submodule.
    from expectations import datasets, plotting
    from expectations.commitments import (
        FulfilmentResult,
        RealisticTarget,
        fulfilment,
        realistic_target,
    )
    from expectations.engine._scan import Scan, scan
    from expectations.followup import follow_up
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
        kano_category,
        pain_points,
        servperf,
        tolerance_level,
        tolerance_zone,
    )
    from expectations.gaps.kano import kano
    from expectations.gaps.servqual import servqual
    from expectations.groups import league_table
    from expectations.groups.funnel import funnel
    from expectations.kpis import (
        RateResult,
        churn_rate,
        clv,
        complaint_rate,
        historical_clv,
        repeat_rate,
        retention_rate,
        return_rate,
    )
    from expectations.kpis.trend import trend
    from expectations.measurement import (
        AlphaResult,
        RelativeWeightsResult,
        cronbach_alpha,
        relative_weights,
    )
    from expectations.segmentation import (
        ClusterResult,
        PersonaAssignment,
        RFMResult,
        assign_personas,
        compare_segments,
        segment,
    )
    from expectations.segmentation.cluster import cluster
    from expectations.segmentation.rfm import rfm
    from expectations.surveys import Survey, read_survey
    from expectations.surveys.rake import RakeResult, rake
    from expectations.voice import (
        ConsistencyResult,
        Lexicon,
        ThemeTags,
        distinctive_terms,
        tag_themes,
        theme_impact,
    )
    from expectations.voice.consistency import consistency


def __getattr__(name: str) -> object:
    """Import a lazily loaded public name on first access."""
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'expectations' has no attribute {name!r}")
    module = importlib.import_module(module_name)
    value = module if module_name == f"{__name__}.{name}" else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


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
    "RakeResult",
    "RateResult",
    "RealisticTarget",
    "RelativeWeightsResult",
    "Report",
    "Scale",
    "Scan",
    "ServperfResult",
    "ServqualResult",
    "Stage",
    "Survey",
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
    "follow_up",
    "fulfilment",
    "funnel",
    "historical_clv",
    "importance_performance",
    "kano",
    "kano_category",
    "league_table",
    "nps",
    "pain_points",
    "plotting",
    "rake",
    "read_survey",
    "realistic_target",
    "relative_weights",
    "repeat_rate",
    "report",
    "report_demo",
    "retention_rate",
    "return_rate",
    "rfm",
    "scan",
    "segment",
    "servperf",
    "servqual",
    "stream_report",
    "tag_themes",
    "theme_impact",
    "tolerance_level",
    "tolerance_zone",
    "top_box",
    "trend",
]
