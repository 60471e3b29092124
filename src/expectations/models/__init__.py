"""Domain models: frozen, validated attrs classes.

Each model validates on construction, compares by value, is immutable (change
one with :func:`attrs.evolve`) and converts to and from a plain dict. The
collections convert to and from DataFrames with ``Model.to_frame(items)`` and
``Model.from_frame(df)``: one flat table of numbers, bools, text and dates
(nested parts as prefixed columns or JSON text) that round-trips exactly, in
memory and through CSV and Parquet.
"""

from __future__ import annotations

from expectations.models.commitment import Commitment
from expectations.models.customer import Attributes, Customer
from expectations.models.enums import Channel, Stage
from expectations.models.expectation import Expectation
from expectations.models.journey import Journey
from expectations.models.persona import Persona
from expectations.models.scale import Scale
from expectations.models.touchpoint import Touchpoint
from expectations.models.trait import Trait

__all__ = [
    "Attributes",
    "Channel",
    "Commitment",
    "Customer",
    "Expectation",
    "Journey",
    "Persona",
    "Scale",
    "Stage",
    "Touchpoint",
    "Trait",
]
