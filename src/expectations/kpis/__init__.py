"""KPIs and trends: retention, churn, repeat purchase, event rates, lifetime value, trends.

Rates are percentages with intervals (Wilson for shares, exact Poisson for
complaints per 100 orders); :func:`trend` scores NPS, CSAT, CES or a mean per
calendar period, with significant changes and p-chart control limits.
"""

from __future__ import annotations

from expectations.kpis.events import RATE_COLUMNS, RateResult, complaint_rate, return_rate
from expectations.kpis.retention import (
    RETENTION_COLUMNS,
    churn_rate,
    repeat_rate,
    retention_rate,
)
from expectations.kpis.trend import TREND_COLUMNS, trend
from expectations.kpis.value import clv, historical_clv

__all__ = [
    "RATE_COLUMNS",
    "RETENTION_COLUMNS",
    "TREND_COLUMNS",
    "RateResult",
    "churn_rate",
    "clv",
    "complaint_rate",
    "historical_clv",
    "repeat_rate",
    "retention_rate",
    "return_rate",
    "trend",
]
