"""Load the bundled demo of a fictional online retailer."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any

import attrs
import pandas as pd

from expectations.datasets._catalogue import (
    COMMITMENTS,
    COMPANY,
    PERSONAS,
    TOUCHPOINT_EXPECTATIONS,
    TOUCHPOINTS,
)
from expectations.datasets._schema import TABLES, ColumnSpec
from expectations.models import (
    Commitment,
    Expectation,
    Journey,
    Persona,
    Scale,
    Touchpoint,
)

__all__ = ["RetailData", "load_retail"]

_SCALES: Mapping[str, Scale] = MappingProxyType({
    "nps": Scale(0, 10, labels={0: "Not at all likely", 10: "Extremely likely"}),
    "csat": Scale(1, 5, labels={1: "Very dissatisfied", 5: "Very satisfied"}),
    "ces": Scale(1, 7, labels={1: "Strongly disagree", 7: "Strongly agree"}),
    "servqual": Scale(1, 7, labels={1: "Strongly disagree", 7: "Strongly agree"}),
    "tolerance": Scale(1, 9, labels={1: "Low", 9: "High"}),
    "drivers": Scale(1, 5, labels={1: "Very poor", 5: "Excellent"}),
})


def _frozen_scales(value: Mapping[str, Scale]) -> Mapping[str, Scale]:
    return MappingProxyType(dict(value))


@attrs.frozen(kw_only=True, eq=False, repr=False)
class RetailData:
    """The retail demo: ten tables plus the journey, promises, personas and scales.

    Every table is a :class:`pandas.DataFrame` whose columns are documented in
    :data:`~expectations.datasets.TABLES` (and on the *Demo data* page of the
    documentation). :func:`load_retail` returns new copies on every call, so
    changing one does not change the next.

    Parameters
    ----------
    customers : pandas.DataFrame
        One row per customer: signup date, region, age band, preferred
        channel, segment and persona.
    touchpoints : pandas.DataFrame
        The journey's touchpoints in order (the table behind ``journey``).
    commitment_table : pandas.DataFrame
        The retailer's promises (the table behind ``commitments``).
    responses : pandas.DataFrame
        Survey responses with NPS, CSAT, CES and free-text comments.
    servqual : pandas.DataFrame
        SERVQUAL expectations ``e01..e22``, perceptions ``p01..p22`` and
        importance points ``w_<dimension>``, one row per respondent.
    tolerance : pandas.DataFrame
        Adequate, desired and perceived levels, one row per respondent and
        dimension.
    kano : pandas.DataFrame
        Functional and dysfunctional answers, one row per respondent and feature.
    outcomes : pandas.DataFrame
        Measured outcomes (delivery days, reply seconds...) against each
        commitment.
    transactions : pandas.DataFrame
        Orders, for RFM and retention.
    drivers : pandas.DataFrame
        Attribute ratings and overall satisfaction for a subset of responses.
    journey : Journey
        The customer journey, built from ``touchpoints``.
    commitments : tuple of Commitment
        The promises, built from ``commitment_table``.
    personas : tuple of Persona
        The personas; each customer matches exactly one persona's traits.
    scales : mapping of str to Scale
        The answer scales: ``nps``, ``csat``, ``ces``, ``servqual``,
        ``tolerance`` and ``drivers``.

    Examples
    --------
    >>> from expectations.datasets import load_retail
    >>> data = load_retail()
    >>> data.responses.shape
    (20000, 10)
    >>> data.scales["nps"]
    Scale(low=0, high=10, ...)
    """

    customers: pd.DataFrame
    touchpoints: pd.DataFrame
    commitment_table: pd.DataFrame
    responses: pd.DataFrame
    servqual: pd.DataFrame
    tolerance: pd.DataFrame
    kano: pd.DataFrame
    outcomes: pd.DataFrame
    transactions: pd.DataFrame
    drivers: pd.DataFrame
    journey: Journey
    commitments: tuple[Commitment, ...]
    personas: tuple[Persona, ...]
    scales: Mapping[str, Scale] = attrs.field(converter=_frozen_scales)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return the tables by their names in :data:`~expectations.datasets.TABLES`.

        The frames are this object's own (not copies).

        Examples
        --------
        >>> from expectations.datasets import load_retail
        >>> sorted(load_retail().tables())[:3]
        ['commitments', 'customers', 'drivers']
        """
        return {name: getattr(self, "commitment_table" if name == "commitments" else name)
                for name in TABLES}

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={len(frame):,d} rows" for name, frame in self.tables().items())
        return f"RetailData({COMPANY}: {sizes})"


def _dtype(column: ColumnSpec) -> Any:
    if column.dtype == "category":
        return pd.CategoricalDtype(list(column.categories), ordered=column.ordered)
    if column.dtype == "datetime64[ns]":
        return "string"
    return column.dtype


def _read_table(name: str) -> pd.DataFrame:
    spec = TABLES[name]
    resource = resources.files("expectations.datasets") / "data" / f"{name}.csv.gz"
    with resource.open("rb") as raw:
        # Only an empty field is missing: a comment reading "NA" or "None" is text.
        frame = pd.read_csv(raw, compression="gzip", encoding="utf-8",
                            dtype={c.name: _dtype(c) for c in spec},
                            keep_default_na=False, na_values=[""])
    for column in spec:
        if column.dtype == "datetime64[ns]":
            frame[column.name] = pd.to_datetime(
                frame[column.name], format="%Y-%m-%d").astype("datetime64[ns]")
    ordered: pd.DataFrame = frame[[c.name for c in spec]]
    return ordered


@functools.lru_cache(maxsize=1)
def _cached_tables() -> Mapping[str, pd.DataFrame]:
    # Parsed once per process; load_retail hands out copies, never these frames.
    return MappingProxyType({name: _read_table(name) for name in TABLES})


def _journey() -> Journey:
    tolerance = _SCALES["tolerance"]
    touchpoints = tuple(
        Touchpoint(
            name=name, channel=channel, stage=stage, response_target=target,
            expectations=tuple(
                Expectation(dimension=d, adequate=a, desired=w, scale=tolerance)
                for d, a, w in TOUCHPOINT_EXPECTATIONS.get(name, ())
            ),
        )
        for name, channel, stage, target in TOUCHPOINTS
    )
    return Journey(name=f"{COMPANY} online order", touchpoints=touchpoints)


def _commitments() -> tuple[Commitment, ...]:
    return tuple(
        Commitment(name=name, metric=metric, target=target, unit=unit, direction=direction,
                   touchpoint=touchpoint, explicit=explicit)
        for name, metric, target, unit, direction, touchpoint, explicit in COMMITMENTS
    )


def _personas() -> tuple[Persona, ...]:
    tolerance = _SCALES["tolerance"]
    return tuple(
        Persona(
            name=spec.name, description=spec.description, traits=spec.traits,
            expectations=tuple(Expectation(dimension=d, adequate=a, desired=w, scale=tolerance)
                               for d, a, w in spec.expectations),
            pain_points=spec.pain_points, motivations=spec.motivations,
        )
        for spec in PERSONAS
    )


def load_retail() -> RetailData:
    """Load the bundled, seeded demo data of a fictional online retailer.

    Northwind Home sells homeware on the web, in an app and in stores. The
    demo holds 2,500 customers, 20,000 survey responses over eighteen months
    (January 2024 to June 2025), SERVQUAL, zone-of-tolerance and Kano surveys,
    the outcomes of four promises and the orders behind them. It is built to
    show the patterns the library finds: delivery is the weakest touchpoint
    and its two-day promise is kept only about 60% of the time (four days
    would be kept 95% of the time); loyal customers score far higher than new
    and bargain ones; reliability has the largest SERVQUAL gap; most customers
    have bought once.

    Returns
    -------
    RetailData
        New DataFrames on every call (change them freely) and the model
        objects: ``journey``, ``commitments``, ``personas``, ``scales``.

    Notes
    -----
    The data are synthetic, drawn by ``scripts/make_demo_data.py`` from a
    fixed seed; running that script rewrites the bundled files byte for byte.
    The tables are stored as gzipped CSV, so no optional dependency is needed.

    Examples
    --------
    >>> from expectations.datasets import load_retail
    >>> data = load_retail()
    >>> data.responses[["nps", "csat", "ces"]].dtypes.astype(str).tolist()
    ['Int64', 'Int64', 'Int64']
    >>> data.commitments[0].name, data.commitments[0].target
    ('delivery within 2 days', 2.0)
    >>> data.journey.touchpoints[3].name
    'delivery'
    """
    frames = {name: frame.copy(deep=True) for name, frame in _cached_tables().items()}
    return RetailData(
        customers=frames["customers"],
        touchpoints=frames["touchpoints"],
        commitment_table=frames["commitments"],
        responses=frames["responses"],
        servqual=frames["servqual"],
        tolerance=frames["tolerance"],
        kano=frames["kano"],
        outcomes=frames["outcomes"],
        transactions=frames["transactions"],
        drivers=frames["drivers"],
        journey=_journey(),
        commitments=_commitments(),
        personas=_personas(),
        scales=_SCALES,
    )
