"""Expectation gaps: SERVQUAL, zone of tolerance, disconfirmation, Kano, priorities.

Each function compares what customers expected with what they perceived:

- :func:`servqual` / :func:`servperf` - item, dimension and overall gaps of the
  22-item SERVQUAL instrument (or perceptions alone);
- :func:`tolerance_zone` / :func:`tolerance_level` - adequacy and superiority
  gaps, and whether each response dissatisfied, satisfied or delighted;
- :func:`disconfirmation` - expectations beaten, confirmed or missed;
- :func:`kano` / :func:`kano_category` - Kano categories of features;
- :func:`importance_performance` - Martilla-James priority quadrants;
- :func:`pain_points` - a journey's touchpoints ranked by weighted gap.
"""

from __future__ import annotations

from expectations.gaps.disconfirmation import (
    DISCONFIRMATION_COLUMNS,
    DisconfirmationResult,
    disconfirmation,
)
from expectations.gaps.importance import (
    IPA_COLUMNS,
    QUADRANTS,
    AttributePriority,
    ImportancePerformanceResult,
    importance_performance,
)
from expectations.gaps.journey import (
    PAIN_POINT_COLUMNS,
    PAIN_POINT_DETAIL_COLUMNS,
    PainPoint,
    PainPointsResult,
    TouchpointDimensionGap,
    pain_points,
)
from expectations.gaps.kano import (
    KANO_ANSWERS,
    KANO_CATEGORIES,
    KANO_COLUMNS,
    KanoResult,
    kano,
    kano_category,
)
from expectations.gaps.servqual import (
    SERVPERF_COLUMNS,
    SERVQUAL_COLUMNS,
    SERVQUAL_DIMENSIONS,
    SERVQUAL_SCALE,
    DimensionGap,
    DimensionScore,
    ItemGap,
    ItemScore,
    ServperfResult,
    ServqualResult,
    servperf,
    servqual,
)
from expectations.gaps.tolerance import (
    LEVELS,
    TOLERANCE_COLUMNS,
    ToleranceResult,
    tolerance_level,
    tolerance_zone,
)

__all__ = [
    "DISCONFIRMATION_COLUMNS",
    "IPA_COLUMNS",
    "KANO_ANSWERS",
    "KANO_CATEGORIES",
    "KANO_COLUMNS",
    "LEVELS",
    "PAIN_POINT_COLUMNS",
    "PAIN_POINT_DETAIL_COLUMNS",
    "QUADRANTS",
    "SERVPERF_COLUMNS",
    "SERVQUAL_COLUMNS",
    "SERVQUAL_DIMENSIONS",
    "SERVQUAL_SCALE",
    "TOLERANCE_COLUMNS",
    "AttributePriority",
    "DimensionGap",
    "DimensionScore",
    "DisconfirmationResult",
    "ImportancePerformanceResult",
    "ItemGap",
    "ItemScore",
    "KanoResult",
    "PainPoint",
    "PainPointsResult",
    "ServperfResult",
    "ServqualResult",
    "ToleranceResult",
    "TouchpointDimensionGap",
    "disconfirmation",
    "importance_performance",
    "kano",
    "kano_category",
    "pain_points",
    "servperf",
    "servqual",
    "tolerance_level",
    "tolerance_zone",
]
