"""Measurement quality and drivers: is a scale reliable, and what should we fix first."""

from __future__ import annotations

from expectations.measurement.drivers import (
    DRIVER_COLUMNS,
    RelativeWeightsResult,
    relative_weights,
)
from expectations.measurement.reliability import ITEM_COLUMNS, AlphaResult, cronbach_alpha

__all__ = [
    "DRIVER_COLUMNS",
    "ITEM_COLUMNS",
    "AlphaResult",
    "RelativeWeightsResult",
    "cronbach_alpha",
    "relative_weights",
]
