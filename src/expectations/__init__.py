"""customer-expectations: measure and manage customer expectations.

Import it as ``import expectations as ex``.
"""

from __future__ import annotations

from expectations.models.scale import Scale
from expectations.results import Interval

__version__ = "0.1.0"

__all__ = [
    "Interval",
    "Scale",
]
