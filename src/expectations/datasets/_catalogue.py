"""The fixed facts of the fictional retailer: categories, touchpoints, promises, personas.

Both the data generator (``scripts/make_demo_data.py``) and :func:`load_retail`
read these plain tuples, so the files on disk and the model objects built from
them cannot drift apart.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

__all__ = [
    "AGE_BANDS",
    "CHANNELS",
    "COMMITMENTS",
    "COMPANY",
    "FEATURES",
    "KANO_ANSWERS",
    "PERSONAS",
    "REGIONS",
    "SEGMENTS",
    "SERVQUAL_DIMENSIONS",
    "SERVQUAL_ITEMS",
    "STAGES",
    "TOUCHPOINTS",
    "TOUCHPOINT_EXPECTATIONS",
    "PersonaSpec",
]

COMPANY = "Northwind Home"
"""The fictional online retailer (homeware, sold on the web, in an app and in stores)."""

REGIONS: tuple[str, ...] = ("north", "midlands", "south", "london", "scotland", "wales")
AGE_BANDS: tuple[str, ...] = ("18-24", "25-34", "35-44", "45-54", "55-64", "65+")
SEGMENTS: tuple[str, ...] = ("new", "regular", "loyal", "bargain")
# Same spelling and order as the Channel and Stage enums of expectations.models.
CHANNELS: tuple[str, ...] = ("store", "web", "app", "email", "phone", "chat", "social")
STAGES: tuple[str, ...] = (
    "awareness", "consideration", "purchase", "delivery", "use", "support", "loyalty",
)

TOUCHPOINTS: tuple[tuple[str, str, str, float | None], ...] = (
    # name, channel, stage, response target in seconds (None: nobody waits for a reply)
    ("social ads", "social", "awareness", None),
    ("website browse", "web", "consideration", None),
    ("app checkout", "app", "purchase", None),
    ("delivery", "web", "delivery", None),
    ("store pickup", "store", "delivery", None),
    ("chat support", "chat", "support", 60.0),
    ("phone support", "phone", "support", 180.0),
    ("returns", "web", "support", None),
    ("loyalty newsletter", "email", "loyalty", None),
)
"""The journey, in order: (name, channel, stage, response_target in seconds)."""

TOUCHPOINT_EXPECTATIONS: dict[str, tuple[tuple[str, float, float], ...]] = {
    # touchpoint: (dimension, adequate, desired) on the 1-9 zone-of-tolerance scale
    "app checkout": (("reliability", 6, 8),),
    "delivery": (("reliability", 6, 8), ("responsiveness", 5, 8)),
    "store pickup": (("assurance", 5, 7), ("empathy", 5, 7)),
    "chat support": (("responsiveness", 6, 9),),
    "phone support": (("responsiveness", 5, 8), ("empathy", 5, 8)),
    "returns": (("reliability", 5, 8),),
}
"""What customers expect at each touchpoint (touchpoints not listed: nothing recorded)."""

COMMITMENTS: tuple[tuple[str, str, float, str, Literal["at_most", "at_least"], str, bool], ...] = (
    # name, metric, target, unit, direction, touchpoint, explicit
    ("delivery within 2 days", "delivery_time", 2.0, "days", "at_most", "delivery", True),
    ("chat reply within 60 seconds", "chat_first_response", 60.0, "seconds", "at_most",
     "chat support", True),
    ("refund within 5 days", "refund_time", 5.0, "days", "at_most", "returns", True),
    # Never advertised, but customers expect it: an implicit promise.
    ("phone answered within 3 minutes", "phone_wait", 180.0, "seconds", "at_most",
     "phone support", False),
)
"""The retailer's promises: (name, metric, target, unit, direction, touchpoint, explicit)."""

SERVQUAL_DIMENSIONS: tuple[str, ...] = (
    "tangibles", "reliability", "responsiveness", "assurance", "empathy",
)
# Item numbers 1..22 of each dimension (Parasuraman, Zeithaml & Berry 1988).
SERVQUAL_ITEMS: dict[str, tuple[int, ...]] = {
    "tangibles": (1, 2, 3, 4),
    "reliability": (5, 6, 7, 8, 9),
    "responsiveness": (10, 11, 12, 13),
    "assurance": (14, 15, 16, 17),
    "empathy": (18, 19, 20, 21, 22),
}

KANO_ANSWERS: tuple[str, ...] = ("like", "must-be", "neutral", "live-with", "dislike")
FEATURES: tuple[str, ...] = (
    "free returns", "same-day delivery", "live chat", "gift wrapping", "loyalty points",
)



class PersonaSpec(NamedTuple):
    """A persona as plain data (see :class:`expectations.models.Persona`)."""

    name: str
    description: str
    traits: dict[str, str | list[str]]
    expectations: tuple[tuple[str, float, float], ...]  # (dimension, adequate, desired), 1-9
    pain_points: tuple[str, ...]
    motivations: tuple[str, ...]


PERSONAS: tuple[PersonaSpec, ...] = (
    PersonaSpec(
        name="Loyal Lena",
        description="A long-standing customer who buys every few weeks and forgives "
                    "the odd slip, but expects to be recognised.",
        traits={"segment": "loyal"},
        expectations=(("reliability", 6, 8), ("empathy", 5, 8)),
        pain_points=("late deliveries", "being treated like a stranger"),
        motivations=("quality", "loyalty points", "trusted brand"),
    ),
    PersonaSpec(
        name="Bargain Ben",
        description="Shops the sales, compares prices and leaves at the first "
                    "surprise fee.",
        traits={"segment": "bargain"},
        expectations=(("reliability", 5, 7), ("tangibles", 3, 6)),
        pain_points=("delivery fees", "prices higher than elsewhere"),
        motivations=("discounts", "free delivery thresholds"),
    ),
    PersonaSpec(
        name="Digital Dani",
        description="Young, app-first, expects instant answers and same-day options.",
        traits={"segment": ["new", "regular"], "age_band": ["18-24", "25-34"]},
        expectations=(("responsiveness", 6, 9), ("reliability", 6, 8)),
        pain_points=("app crashes", "slow chat replies"),
        motivations=("speed", "convenience"),
    ),
    PersonaSpec(
        name="Careful Chris",
        description="Older, researches before buying, values reassurance and a "
                    "human on the phone.",
        traits={"segment": ["new", "regular"],
                "age_band": ["35-44", "45-54", "55-64", "65+"]},
        expectations=(("assurance", 6, 8), ("empathy", 5, 8)),
        pain_points=("long phone queues", "unclear refund status"),
        motivations=("reassurance", "easy returns"),
    ),
)
"""Personas as plain data; each customer matches exactly one persona's traits."""
