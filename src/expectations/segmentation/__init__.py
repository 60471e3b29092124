"""Segmentation: RFM, rule tables, personas, k-means clusters, and comparing segments.

- :func:`rfm` — recency, frequency and monetary scores and named segments;
- :func:`segment` — first-match rule segmentation from a rule table that is data;
- :func:`assign_personas` — customers to :class:`~expectations.Persona` by traits
  or to the nearest profile;
- :func:`cluster` — k-means on standardised columns with a stable labelling;
- :func:`compare_segments` — each segment against the rest, with adjusted p-values.
"""

from __future__ import annotations

from expectations.segmentation.cluster import ClusterResult, cluster
from expectations.segmentation.compare import (
    COMPARE_SEGMENTS_COLUMNS,
    CORRECTIONS,
    METRICS,
    adjust_p_values,
    compare_segments,
)
from expectations.segmentation.personas import (
    UNASSIGNED,
    PersonaAssignment,
    assign_personas,
    persona_profiles,
)
from expectations.segmentation.rfm import (
    RFM_COLUMNS,
    RFM_LEVEL_COLUMNS,
    RFM_SEGMENT_COLUMNS,
    RFM_SEGMENTS,
    RFMResult,
    quantile_scores,
    rfm,
)
from expectations.segmentation.rules import OPERATORS, Condition, Rule, load_rules, segment

__all__ = [
    "COMPARE_SEGMENTS_COLUMNS",
    "CORRECTIONS",
    "METRICS",
    "OPERATORS",
    "RFM_COLUMNS",
    "RFM_LEVEL_COLUMNS",
    "RFM_SEGMENTS",
    "RFM_SEGMENT_COLUMNS",
    "UNASSIGNED",
    "ClusterResult",
    "Condition",
    "PersonaAssignment",
    "RFMResult",
    "Rule",
    "adjust_p_values",
    "assign_personas",
    "cluster",
    "compare_segments",
    "load_rules",
    "persona_profiles",
    "quantile_scores",
    "rfm",
    "segment",
]
