"""The documented schema of every table in the retail demo.

One constant, :data:`TABLES`, drives three things: the column order the
generator writes, the dtypes :func:`~expectations.datasets.load_retail` parses
into, and the tests that check both.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from expectations.datasets._catalogue import (
    AGE_BANDS,
    CHANNELS,
    COMMITMENTS,
    FEATURES,
    KANO_ANSWERS,
    PERSONAS,
    REGIONS,
    SEGMENTS,
    SERVQUAL_DIMENSIONS,
    STAGES,
    TOUCHPOINTS,
)

__all__ = ["TABLES", "ColumnSpec"]


@attrs.frozen(kw_only=True)
class ColumnSpec:
    """One documented column of a demo table.

    Parameters
    ----------
    name : str
        The column name.
    dtype : str
        The pandas dtype after loading: ``"int64"``, ``"Int64"`` (nullable
        integer), ``"float64"``, ``"string"``, ``"category"`` or
        ``"datetime64[ns]"``.
    meaning : str
        What the column holds, in one sentence.
    categories : tuple of str, optional
        The fixed category list of a ``"category"`` column.
    ordered : bool, default False
        Whether the categories have a meaningful order.

    Examples
    --------
    >>> from expectations.datasets import TABLES
    >>> TABLES["responses"][0]
    ColumnSpec(name='response_id', dtype='int64', meaning=..., categories=(), ordered=False)
    """

    name: str
    dtype: str
    meaning: str
    categories: tuple[str, ...] = ()
    ordered: bool = False


def _c(name: str, dtype: str, meaning: str, categories: tuple[str, ...] = (),
       *, ordered: bool = False) -> ColumnSpec:
    return ColumnSpec(name=name, dtype=dtype, meaning=meaning, categories=categories,
                      ordered=ordered)


_TOUCHPOINT_NAMES = tuple(t[0] for t in TOUCHPOINTS)
_COMMITMENT_NAMES = tuple(c[0] for c in COMMITMENTS)
_SERVQUAL_ITEMS = tuple(
    _c(f"{kind}{i:02d}", "int64",
       f"{'Expectation' if kind == 'e' else 'Perception'} for SERVQUAL item {i}, 1-7.")
    for kind in ("e", "p") for i in range(1, 23)
)
_SERVQUAL_WEIGHTS = tuple(
    _c(f"w_{d}", "int64", f"Points (of 100) the respondent allocates to {d}.")
    for d in SERVQUAL_DIMENSIONS
)

TABLES: Mapping[str, tuple[ColumnSpec, ...]] = MappingProxyType({
    "customers": (
        _c("customer_id", "int64", "Unique customer number."),
        _c("signup_date", "datetime64[ns]", "Day the customer opened an account."),
        _c("region", "category", "Home region in the UK.", REGIONS),
        _c("age_band", "category", "Age band.", AGE_BANDS, ordered=True),
        _c("preferred_channel", "category", "Channel the customer says they prefer.",
           CHANNELS),
        _c("segment", "category",
           "Marketing segment: new (joined in the last year), regular, loyal, bargain.",
           SEGMENTS),
        _c("persona", "category", "Name of the persona whose traits the customer matches.",
           tuple(p.name for p in PERSONAS)),
    ),
    "touchpoints": (
        _c("name", "string", "Touchpoint name, in journey order."),
        _c("channel", "category", "Channel of the touchpoint.", CHANNELS),
        _c("stage", "category", "Journey stage.", STAGES, ordered=True),
        _c("response_target", "float64",
           "Promised time to a first reply, in seconds (NaN: no reply expected)."),
    ),
    "commitments": (
        _c("name", "string", "The promise as customers read it."),
        _c("metric", "string", "Name of the measured outcome."),
        _c("target", "float64", "The promised value, in ``unit``."),
        _c("unit", "string", "Unit of ``target`` and of outcome values."),
        _c("direction", "string", "``at_most``: an outcome keeps the promise if <= target."),
        _c("touchpoint", "string", "Touchpoint where the promise is delivered."),
        _c("explicit", "bool", "Whether the promise is advertised (False: implied)."),
    ),
    "responses": (
        _c("response_id", "int64", "Unique survey response number."),
        _c("customer_id", "int64", "Responding customer (see ``customers``)."),
        _c("date", "datetime64[ns]", "Day of the response (January 2024 to June 2025)."),
        _c("touchpoint", "category", "Touchpoint the survey followed.", _TOUCHPOINT_NAMES),
        _c("channel", "category", "Channel of the interaction surveyed.", CHANNELS),
        _c("segment", "category", "Customer's segment (copied from ``customers``).",
           SEGMENTS),
        _c("nps", "Int64", "Likelihood to recommend, 0-10 (missing: not answered)."),
        _c("csat", "Int64", "Satisfaction with the interaction, 1-5 (missing: not answered)."),
        _c("ces", "Int64",
           "Customer effort, 1-7, 7 = very easy (asked after checkout, support and "
           "returns only)."),
        _c("comment", "string",
           "Free-text comment (missing: none left); mostly English, some French, "
           "Spanish, German."),
    ),
    "servqual": (
        _c("respondent_id", "int64", "Unique SERVQUAL respondent number."),
        _c("customer_id", "int64", "Responding customer (see ``customers``)."),
        *_SERVQUAL_ITEMS,
        *_SERVQUAL_WEIGHTS,
    ),
    "tolerance": (
        _c("respondent_id", "int64", "Respondent number (five rows each)."),
        _c("customer_id", "int64", "Responding customer (see ``customers``)."),
        _c("dimension", "category", "SERVQUAL dimension rated.", SERVQUAL_DIMENSIONS),
        _c("adequate", "int64", "Minimum acceptable service level, 1-9."),
        _c("desired", "int64", "Desired service level, 1-9."),
        _c("perceived", "int64", "Perceived service level, 1-9."),
    ),
    "kano": (
        _c("respondent_id", "int64", "Respondent number (one row per feature)."),
        _c("feature", "category", "Feature asked about.", FEATURES),
        _c("functional", "category", "Answer if the feature is present.", KANO_ANSWERS,
           ordered=True),
        _c("dysfunctional", "category", "Answer if the feature is absent.", KANO_ANSWERS,
           ordered=True),
    ),
    "outcomes": (
        _c("outcome_id", "int64", "Unique outcome number."),
        _c("commitment", "category", "Commitment the outcome is measured against.",
           _COMMITMENT_NAMES),
        _c("customer_id", "int64", "Customer served (see ``customers``)."),
        _c("date", "datetime64[ns]", "Day of the order or contact."),
        _c("channel", "category", "Channel of the order or contact.", CHANNELS),
        _c("value", "float64", "Measured outcome in the commitment's unit."),
    ),
    "transactions": (
        _c("transaction_id", "int64", "Unique order number."),
        _c("customer_id", "int64", "Buying customer (see ``customers``)."),
        _c("date", "datetime64[ns]", "Day of the order."),
        _c("amount", "float64", "Order value in pounds."),
    ),
    "drivers": (
        _c("response_id", "int64", "Survey response the ratings belong to (see ``responses``)."),
        _c("price", "Int64", "Rating of price and fees, 1-5."),
        _c("delivery", "Int64", "Rating of delivery, 1-5."),
        _c("quality", "Int64", "Rating of product quality, 1-5."),
        _c("support", "Int64", "Rating of customer support, 1-5."),
        _c("overall", "Int64", "Overall satisfaction, 1-5."),
    ),
})
"""Every table of :func:`~expectations.datasets.load_retail`: its columns, in order."""
