"""The matrix's rows: for every public callable, a valid call and its bad-input slots.

A name in ``expectations.__all__`` must appear either in :data:`SPECS` or in
:data:`EXEMPT` (with the reason); ``tests/test_contract.py`` fails otherwise.
Specs for names not yet exported are resolved from their home module, so the
contract already covers them before the lead exports them.
"""

from __future__ import annotations

import importlib
import inspect
import json
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pandas as pd
from tests.contract.inputs import Slot, Source, head

__all__ = ["AVAILABLE", "EXEMPT", "SPECS", "Spec", "call", "empty_rows", "resolve"]

Kwargs = dict[str, Any]


@attrs.frozen(kw_only=True)
class Spec:
    """How to call one public callable validly, and where bad input goes.

    ``valid`` builds the keyword arguments of a call that succeeds;
    ``random`` holds the extra arguments that make the call use randomness
    (it must then take ``rng``).
    """

    name: str
    home: str
    valid: Callable[[Source], Kwargs]
    slots: tuple[Slot, ...]
    random: Mapping[str, Any] | None = None


def resolve(spec: Spec) -> Callable[..., Any]:
    """Return the callable: from the package root when exported, else its home module."""
    import expectations as ex

    if spec.name in ex.__all__:
        return getattr(ex, spec.name)  # type: ignore[no-any-return]
    return getattr(importlib.import_module(spec.home), spec.name)  # type: ignore[no-any-return]


# ------------------------------------------------------------- shared slots
def confidence(arg: str = "confidence") -> Slot:
    return Slot(arg=arg, kind="probability")


def missing(choices: str = "raise/drop") -> Slot:
    return Slot(arg="missing", kind="choice", names=(choices,))


def weights(arg: str = "weights") -> Slot:
    return Slot(arg=arg, kind="weights", aligned=True)


def by(arg: str = "by") -> Slot:
    return Slot(arg=arg, kind="keys", aligned=True)


def ci(*, nullable: bool = True) -> Slot:
    return Slot(arg="ci", kind="choice", nullable=nullable)


def _difference_slots(*, weighted: bool = False) -> tuple[Slot, ...]:
    """Return the test options of the two-sample comparisons (rng is used only when sampling).

    A permutation test takes unweighted answers only, so weights are dropped there.
    """
    permutation: dict[str, Any] = {"test": "permutation"}
    if weighted:
        permutation.update(weights_a=None, weights_b=None)
    return (Slot(arg="test", kind="choice"),
            Slot(arg="rng", kind="seed", nullable=True, given=permutation),
            Slot(arg="n_resamples", kind="count", low=1, given=permutation))


def scale_slot(*, nullable: bool = False) -> Slot:
    return Slot(arg="scale", kind="object", nullable=nullable)


def groups(src: Source, n: int | None = None) -> Any:
    return src.choice(["web", "store"], n)


def _spec(name: str, home: str, valid: Callable[[Source], Kwargs], *slots: Slot,
          random: Mapping[str, Any] | None = None) -> Spec:
    return Spec(name=name, home=home, valid=valid, slots=slots, random=random)


def _unknown_first_key(value: Mapping[str, Any]) -> dict[str, Any]:
    items = list(value.items())
    return {"no-such-key": items[0][1], **dict(items[1:])}


ELEMENTWISE = {"empty": "elementwise: no rows in, no rows out"}
BOOTSTRAP = {"ci": "bootstrap", "n_resamples": 200}

# --------------------------------------------------------------------- scores
SCORES = "expectations.scoring"

_SCORE_SPECS = [
    _spec("nps", SCORES,
          lambda s: {"scores": s.ints(0, 10), "weights": s.floats(0.5, 2.0), "by": groups(s)},
          Slot(arg="scores", kind="numbers", low=0, high=10, integer=True, aligned=True),
          weights(), by(), ci(), confidence(), missing(),
          Slot(arg="rng", kind="seed", nullable=True, given=BOOTSTRAP),
          Slot(arg="n_resamples", kind="count", low=1, given=BOOTSTRAP),
          random={"ci": "bootstrap", "n_resamples": 200, "by": None, "weights": None}),
    _spec("csat", SCORES,
          lambda s: {"scores": s.ints(1, 5), "weights": s.floats(0.5, 2.0), "by": groups(s)},
          Slot(arg="scores", kind="numbers", low=1, high=5, integer=True, aligned=True),
          weights(), by(), scale_slot(), Slot(arg="top", kind="count", low=1), ci(),
          confidence(), missing()),
    _spec("ces", SCORES,
          lambda s: {"scores": s.ints(1, 7), "weights": s.floats(0.5, 2.0), "by": groups(s)},
          Slot(arg="scores", kind="numbers", low=1, high=7, integer=True, aligned=True),
          weights(), by(), scale_slot(), Slot(arg="agree_from", kind="count", low=1),
          Slot(arg="direction", kind="choice", nullable=True), ci(), confidence(),
          missing()),
    _spec("top_box", SCORES,
          lambda s: {"scores": s.ints(1, 5), "scale": _scale(1, 5), "weights": s.floats(0.5, 2),
                     "by": groups(s)},
          Slot(arg="scores", kind="numbers", low=1, high=5, integer=True, aligned=True),
          weights(), by(), scale_slot(), Slot(arg="top", kind="count", low=1), ci(),
          confidence(), missing()),
    _spec("classify_nps", SCORES, lambda s: {"scores": s.ints(0, 10)},
          Slot(arg="scores", kind="numbers", low=0, high=10, integer=True, skip=ELEMENTWISE),
          missing()),
    _spec("compare_nps", SCORES,
          lambda s: {"a": s.ints(0, 10), "b": s.ints(0, 10), "weights_a": s.floats(0.5, 2),
                     "weights_b": s.floats(0.5, 2)},
          Slot(arg="a", kind="numbers", low=0, high=10, integer=True),
          Slot(arg="b", kind="numbers", low=0, high=10, integer=True),
          Slot(arg="weights_a", kind="weights", aligned=True, names=("a",)),
          Slot(arg="weights_b", kind="weights", aligned=True, names=("b",)),
          ci(nullable=False), confidence(), missing(), *_difference_slots(weighted=True)),
    _spec("compare_proportions", SCORES,
          lambda s: {"a": s.ints(1, 5), "b": s.ints(1, 5), "scale": _scale(1, 5),
                     "weights_a": s.floats(0.5, 2), "weights_b": s.floats(0.5, 2)},
          Slot(arg="a", kind="numbers", low=1, high=5, integer=True),
          Slot(arg="b", kind="numbers", low=1, high=5, integer=True),
          Slot(arg="weights_a", kind="weights", aligned=True, names=("a",)),
          Slot(arg="weights_b", kind="weights", aligned=True, names=("b",)),
          Slot(arg="top", kind="count", low=1), scale_slot(nullable=True),
          ci(nullable=False), confidence(), missing(), *_difference_slots(weighted=True)),
]


def _scale(low: int, high: int) -> Any:
    from expectations.models import Scale

    return Scale(low, high)


# ---------------------------------------------------------------- many groups
GROUPS = "expectations.groups"


def _ranked(s: Source) -> Kwargs:
    """Answers in ten stores whose scores truly differ, so that ranks are uncertain."""
    raw = s.rng.integers(0, 11, size=s.n)
    raw[:11] = np.arange(11)
    raw = s.rng.permutation(raw)
    level = np.minimum(raw // 2 + s.rng.integers(0, 5, size=s.n), 9)
    stores = np.array([f"store {i}" for i in range(10)], dtype=object)[level]
    by = stores if s.container == "ndarray" else s.wrap(np.array(stores.tolist()))
    return {"scores": s.wrap(raw), "by": by}


def _group_slots() -> tuple[Slot, ...]:
    return (Slot(arg="scores", kind="numbers", low=0, high=10, integer=True, aligned=True),
            weights(), by(), Slot(arg="metric", kind="choice"),
            Slot(arg="scale", kind="object", nullable=True),
            Slot(arg="top", kind="count", low=1, nullable=True), missing())


_GROUP_SPECS = [
    _spec("funnel", GROUPS, lambda s: {**_ranked(s), "weights": s.floats(0.5, 2.0)},
          *_group_slots(), Slot(arg="target", kind="number", low=-100, high=100, nullable=True)),
    _spec("league_table", GROUPS,
          lambda s: {**_ranked(s), "weights": s.floats(0.5, 2.0), "rng": 0},
          *_group_slots(), confidence(), Slot(arg="n_resamples", kind="count", low=1),
          Slot(arg="rng", kind="seed", nullable=True),
          random={"n_resamples": 10}),
]


# ----------------------------------------------------------------------- gaps
GAPS = "expectations.gaps"

KANO_ANSWERS = ["like", "must-be", "neutral", "live-with", "dislike"]


def _servqual_valid(s: Source, *, expected: bool = True) -> Kwargs:
    n, dims = s.n, {"reliability": (1, 2), "empathy": (3,)}
    e = np.asarray(s.rng.integers(1, 8, size=(n, 3)))
    p = np.asarray(s.rng.integers(1, 8, size=(n, 3)))
    out: Kwargs = {"perceived": p, "dimensions": dims, "by": groups(s)}
    if expected:
        out["expected"] = e
    return out


def _pain_points_valid(s: Source) -> Kwargs:
    from expectations.models import Expectation, Journey, Scale, Touchpoint

    sc = Scale(1, 9)
    journey = Journey(name="order", touchpoints=[
        Touchpoint(name="checkout", channel="web", stage="purchase", expectations=[
            Expectation(dimension="reliability", adequate=6, desired=8, scale=sc)]),
        Touchpoint(name="delivery", channel="web", stage="delivery", expectations=[
            Expectation(dimension="reliability", adequate=6, desired=8, scale=sc)])])
    return {"journey": journey,
            "perceptions": {"checkout": {"reliability": s.ints(1, 9)},
                            "delivery": {"reliability": s.ints(1, 9)}}}


def _ipa_valid(s: Source) -> Kwargs:
    names = ["price", "delivery", "packaging", "app"]
    return {"importance": pd.Series(s.rng.uniform(1, 5, 4), index=names),
            "performance": pd.Series(s.rng.uniform(1, 5, 4), index=names)}


def _tolerance_valid(s: Source) -> Kwargs:
    adequate = s.rng.integers(2, 5, size=s.n)
    return {"perceived": s.wrap(s.rng.integers(1, 10, size=s.n)), "adequate": s.wrap(adequate),
            "desired": s.wrap(adequate + s.rng.integers(0, 4, size=s.n)), "by": groups(s),
            "scale": _scale(1, 9)}


def _tolerance_slots(skip: Mapping[str, str] | None = None) -> tuple[Slot, ...]:
    skip = skip or {}
    return (Slot(arg="perceived", kind="numbers", low=1, high=9, aligned=True, skip=skip),
            Slot(arg="adequate", kind="numbers", low=1, high=9, aligned=True, skip=skip),
            Slot(arg="desired", kind="numbers", low=1, high=9, aligned=True, skip=skip),
            scale_slot(nullable=True), missing())


_GAP_SPECS = [
    _spec("disconfirmation", GAPS,
          lambda s: {"expected": s.ints(1, 7), "perceived": s.ints(1, 7), "by": groups(s),
                     "scale": _scale(1, 7)},
          Slot(arg="expected", kind="numbers", low=1, high=7, aligned=True),
          Slot(arg="perceived", kind="numbers", low=1, high=7, aligned=True),
          Slot(arg="tolerance", kind="number", low=0), by(), scale_slot(nullable=True),
          confidence(), missing()),
    _spec("importance_performance", GAPS, _ipa_valid,
          Slot(arg="importance", kind="numbers", aligned=True,
               custom={"unknown_label": lambda v: v.rename({"price": "no-such-label"}),
                       "duplicate_id": lambda v: v.rename({"delivery": "price"})}),
          Slot(arg="performance", kind="numbers", aligned=True,
               custom={"unknown_label": lambda v: v.rename({"app": "no-such-label"})}),
          Slot(arg="crosshair", kind="choice"), missing()),
    _spec("kano", GAPS,
          lambda s: {"functional": s.choice(KANO_ANSWERS), "dysfunctional": s.choice(KANO_ANSWERS),
                     "feature": groups(s)},
          Slot(arg="functional", kind="labels", aligned=True),
          Slot(arg="dysfunctional", kind="labels", aligned=True),
          by("feature"), missing()),
    _spec("kano_category", GAPS,
          lambda s: {"functional": s.choice(KANO_ANSWERS),
                     "dysfunctional": s.choice(KANO_ANSWERS)},
          Slot(arg="functional", kind="labels", aligned=True, skip=ELEMENTWISE),
          Slot(arg="dysfunctional", kind="labels", aligned=True, skip=ELEMENTWISE)),
    _spec("pain_points", GAPS, _pain_points_valid,
          Slot(arg="journey", kind="object"),
          Slot(arg="perceptions", kind="mapping", names=("checkout", "delivery"),
               custom={"unknown_label": _unknown_first_key,
                       "nan": lambda v: {**v, "checkout": {"reliability": [np.nan, 5]}},
                       "out_of_range": lambda v: {**v, "checkout": {"reliability": [10, 5]}}}),
          Slot(arg="against", kind="choice"), missing()),
    _spec("servperf", GAPS, lambda s: _servqual_valid(s, expected=False),
          Slot(arg="perceived", kind="matrix", low=1, high=7, integer=True, aligned=True),
          Slot(arg="dimensions", kind="mapping",
               custom={"unknown_label": lambda v: {**v, "empathy": (3, 99)}}),
          by(), scale_slot(), confidence(), missing()),
    _spec("servqual", GAPS, _servqual_valid,
          Slot(arg="expected", kind="matrix", low=1, high=7, integer=True, aligned=True),
          Slot(arg="perceived", kind="matrix", low=1, high=7, integer=True, aligned=True),
          Slot(arg="dimensions", kind="mapping",
               custom={"unknown_label": lambda v: {**v, "empathy": (3, 99)}}),
          by(), scale_slot(), confidence(), missing()),
    _spec("tolerance_level", GAPS,
          lambda s: {k: v for k, v in _tolerance_valid(s).items() if k != "by"},
          *_tolerance_slots(skip=ELEMENTWISE)),
    _spec("tolerance_zone", GAPS, _tolerance_valid, *_tolerance_slots(), by(), confidence()),
]

# ---------------------------------------------------------------- measurement
MEASUREMENT = "expectations.measurement"


def _items(s: Source) -> pd.DataFrame:
    base = s.rng.integers(1, 6, size=s.n)
    noise = s.rng.integers(-1, 2, size=(s.n, 3))
    frame: pd.DataFrame = pd.DataFrame(np.clip(base[:, None] + noise, 1, 5),
                                       columns=["q1", "q2", "q3"])
    return frame


def _drivers(s: Source) -> pd.DataFrame:
    x = s.rng.normal(size=(80, 3))
    frame: pd.DataFrame = pd.DataFrame(x, columns=["price", "delivery", "support"])
    frame["overall"] = x @ np.array([0.5, 1.0, 0.2]) + s.rng.normal(size=80)
    return frame


_MEASUREMENT_SPECS = [
    _spec("cronbach_alpha", MEASUREMENT,
          lambda s: {"items": _items(s), "scale": _scale(1, 5), "reverse": ["q3"]},
          Slot(arg="items", kind="frame"),
          Slot(arg="items", kind="column", column="q2", low=1, high=5, integer=True,
               skip={"missing_column": "an item set is whatever columns are passed"}),
          Slot(arg="reverse", kind="column_names", nullable=True,
               skip={"empty": "reversing no item is valid"}),
          scale_slot(nullable=True), confidence(), missing("raise/listwise/pairwise")),
    _spec("relative_weights", MEASUREMENT,
          lambda s: {"data": _drivers(s), "outcome": "overall",
                     "drivers": ["price", "delivery", "support"], "weights": None},
          Slot(arg="data", kind="frame"),
          Slot(arg="data", kind="column", column="delivery"),
          Slot(arg="data", kind="column", column="overall"),
          Slot(arg="outcome", kind="column_name"),
          Slot(arg="drivers", kind="column_names"),
          Slot(arg="weights", kind="weights", custom={
              "nan": lambda v: _put_weight(np.nan), "inf": lambda v: _put_weight(np.inf),
              "negative_weight": lambda v: _put_weight(-1.0),
              "zero_weights": lambda v: np.zeros(80),
              "mismatched_length": lambda v: np.ones(79)},
               skip={"string": "covered by nan", "boolean": "covered by nan",
                     "object_dtype": "covered by nan", "datetime_dtype": "covered by nan"}),
          Slot(arg="bootstrap", kind="count", low=0,
               skip={"none": "bootstrap=0 is the off switch; None is not needed"}),
          Slot(arg="rng", kind="seed", nullable=True),
          confidence(), missing(),
          random={"bootstrap": 50}),
]


def _put_weight(value: float) -> np.ndarray[Any, Any]:
    w = np.ones(80)
    w[40] = value
    return w


# --------------------------------------------------------------- commitments
COMMITMENTS = "expectations.commitments"


def _commitment() -> Any:
    from expectations.models import Commitment

    return Commitment(name="two-day delivery", metric="days", target=2, unit="days")


_COMMITMENT_SPECS = [
    _spec("fulfilment", COMMITMENTS,
          lambda s: {"commitment": _commitment(), "outcomes": s.floats(0.5, 4.0),
                     "by": groups(s)},
          Slot(arg="commitment", kind="object"),
          Slot(arg="outcomes", kind="numbers", aligned=True), by(), confidence(), missing()),
    _spec("realistic_target", COMMITMENTS,
          lambda s: {"outcomes": s.floats(0.5, 4.0, 200), "current": 2.0},
          Slot(arg="outcomes", kind="numbers"),
          Slot(arg="reliability", kind="probability"),
          Slot(arg="direction", kind="choice", nullable=True),
          Slot(arg="current", kind="number", nullable=True),
          confidence(), missing()),
]

# -------------------------------------------------------------- segmentation
SEGMENTATION = "expectations.segmentation"

RULES = [{"name": "loyal", "when": {"orders": {">=": 10}}},
         {"name": "northern", "when": {"region": "north"}}]


def _customers(s: Source) -> pd.DataFrame:
    frame: pd.DataFrame = pd.DataFrame({"orders": s.rng.integers(0, 20, size=s.n),
                         "region": s.rng.choice(["north", "south"], size=s.n),
                         "age": s.rng.integers(18, 80, size=s.n).astype(float),
                         "spend": s.rng.gamma(2.0, 50.0, size=s.n)})
    return frame


def _transactions(s: Source) -> pd.DataFrame:
    n = s.n * 3
    frame: pd.DataFrame = pd.DataFrame({
        "customer_id": s.rng.integers(1, s.n, size=n),
        "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(s.rng.integers(0, 540, size=n),
                                                            unit="D"),
        "amount": np.round(s.rng.gamma(2.0, 30.0, size=n), 2)})
    return frame


def _personas() -> list[Any]:
    from expectations.models import Persona

    return [Persona(name="young", description="", traits={"age": (18, 34)}),
            Persona(name="older", description="", traits={"age": (35, 80)})]


def _duplicate_persona(v: list[Any]) -> list[Any]:
    return [v[0], v[0]]


_SEGMENTATION_SPECS = [
    _spec("rfm", SEGMENTATION,
          lambda s: {"transactions": _transactions(s), "customer": "customer_id",
                     "date": "date", "amount": "amount"},
          Slot(arg="transactions", kind="frame"),
          Slot(arg="transactions", kind="column", column="amount", names=("amount",),
               skip={"out_of_range": "refunds may be negative"}),
          Slot(arg="transactions", kind="date_column", column="date"),
          Slot(arg="transactions", kind="id_column", column="customer_id",
               skip={"duplicate_id": "customers repeat across transactions by design"}),
          Slot(arg="customer", kind="column_name"), Slot(arg="date", kind="column_name"),
          Slot(arg="amount", kind="column_name"),
          Slot(arg="bins", kind="count", low=2), Slot(arg="monetary", kind="choice"),
          missing()),
    _spec("segment", SEGMENTATION, lambda s: {"data": _customers(s), "rules": RULES},
          Slot(arg="data", kind="frame", skip={"empty": "no customers give no labels"}),
          Slot(arg="rules", kind="object", custom={
              "missing_column": lambda v: [{"name": "x", "when": {"nope": {">": 1}}}],
              "unknown_label": lambda v: [{"name": "x", "when": {"orders": {"=>": 1}}}],
              "duplicate_id": lambda v: [v[0], v[0]]}),
          Slot(arg="default", kind="object", skip={"string": "any text is a valid label"})),
    _spec("assign_personas", SEGMENTATION,
          lambda s: {"data": _customers(s), "personas": _personas()},
          Slot(arg="data", kind="frame", skip={"empty": "no customers give no labels"}),
          Slot(arg="data", kind="column", column="age", skip={
              "nan": "a customer without the trait is unassigned, not an error",
              "out_of_range": "a customer outside every persona is unassigned"}),
          Slot(arg="personas", kind="object",
               custom={"duplicate_id": _duplicate_persona, "empty": lambda v: []}),
          Slot(arg="method", kind="choice"),
          Slot(arg="columns", kind="column_names", nullable=True)),
    _spec("compare_segments", SEGMENTATION,
          lambda s: {"scores": s.ints(0, 10, 120), "by": s.choice(["a", "b", "c"], 120)},
          Slot(arg="scores", kind="numbers", low=0, high=10, integer=True, aligned=True),
          by(), Slot(arg="metric", kind="choice"),
          Slot(arg="correction", kind="choice", nullable=True), confidence(), missing(),
          *_difference_slots()),
    _spec("cluster", SEGMENTATION,
          lambda s: {"data": _customers(s), "k": 2, "columns": ["orders", "spend"], "rng": 0},
          Slot(arg="data", kind="frame"),
          Slot(arg="data", kind="column", column="spend"),
          Slot(arg="k", kind="count", low=1),
          Slot(arg="columns", kind="column_names"),
          Slot(arg="rng", kind="seed", nullable=True),
          Slot(arg="n_init", kind="count", low=1), Slot(arg="max_iter", kind="count", low=1),
          random={}),
    _spec("load_rules", SEGMENTATION, lambda s: {"source": json.dumps(RULES)},
          Slot(arg="source", kind="object", names=("rules",), custom={
              "unknown_label": lambda v: '[{"name": "x", "when": {"a": {"=>": 1}}}]',
              "duplicate_id": lambda v: json.dumps([RULES[0], RULES[0]]),
              "empty": lambda v: ""})),
]

# ----------------------------------------------------------------------- kpis
KPIS = "expectations.kpis"


def _tx_slots(*, amount: bool = False) -> tuple[Slot, ...]:
    slots = [Slot(arg="transactions", kind="frame"),
             Slot(arg="transactions", kind="date_column", column="date"),
             Slot(arg="transactions", kind="id_column", column="customer_id",
                  skip={"duplicate_id": "customers repeat across transactions by design"}),
             Slot(arg="customer", kind="column_name"), Slot(arg="date", kind="column_name")]
    if amount:
        slots += [Slot(arg="transactions", kind="column", column="amount",
                       skip={"out_of_range": "refunds may be negative"}),
                  Slot(arg="amount", kind="column_name")]
    return (*slots, missing())


_KPI_SPECS = [
    _spec("retention_rate", KPIS,
          lambda s: {"transactions": _transactions(s), "customer": "customer_id",
                     "date": "date", "freq": "Q"},
          *_tx_slots(), Slot(arg="freq", kind="choice"), ci(nullable=False), confidence()),
    _spec("churn_rate", KPIS,
          lambda s: {"transactions": _transactions(s), "customer": "customer_id",
                     "date": "date", "freq": "Q"},
          *_tx_slots(), Slot(arg="freq", kind="choice"), ci(nullable=False), confidence()),
    _spec("repeat_rate", KPIS,
          lambda s: {"transactions": _transactions(s), "customer": "customer_id",
                     "date": "date"},
          *_tx_slots(), ci(nullable=False), confidence()),
    _spec("trend", KPIS,
          lambda s: {"scores": s.ints(0, 10, 400), "dates": _dates(s, 400), "freq": "Q"},
          Slot(arg="scores", kind="numbers", low=0, high=10, integer=True, aligned=True),
          Slot(arg="dates", kind="keys", aligned=True, custom={
              "nan": lambda v: _put_object(v, None), "string": lambda v: _put_object(v, "soon"),
              "boolean": lambda v: [True, False] * (len(v) // 2),
              "none": lambda v: None}),
          Slot(arg="metric", kind="choice"), Slot(arg="freq", kind="choice"),
          Slot(arg="window", kind="count", low=1, nullable=True),
          Slot(arg="dedupe", kind="choice", nullable=True),
          confidence(), missing()),
    _spec("historical_clv", KPIS,
          lambda s: {"transactions": _transactions(s), "customer": "customer_id",
                     "date": "date", "amount": "amount", "margin": 0.3},
          *_tx_slots(amount=True), Slot(arg="margin", kind="number"),
          Slot(arg="rate", kind="number", low=0)),
    _spec("clv", KPIS,
          lambda s: {"margin": s.floats(10, 100), "retention": s.floats(0.1, 0.9),
                     "discount": s.floats(0.0, 0.2)},
          Slot(arg="margin", kind="numbers", aligned=True, skip=ELEMENTWISE),
          Slot(arg="retention", kind="numbers", low=0, high=1, aligned=True, skip=ELEMENTWISE),
          Slot(arg="discount", kind="numbers", low=0, aligned=True, skip=ELEMENTWISE,
               custom={"out_of_range": lambda v: _negative(v)})),
    _spec("complaint_rate", KPIS,
          lambda s: {"complaints": s.ints(0, 5), "orders": s.ints(50, 100), "by": groups(s)},
          Slot(arg="complaints", kind="numbers", low=0, integer=True, aligned=True,
               custom={"out_of_range": lambda v: _negative(v)}),
          Slot(arg="orders", kind="numbers", low=0, aligned=True,
               custom={"out_of_range": lambda v: _negative(v)}),
          by(), Slot(arg="per", kind="number", low=0), confidence()),
    _spec("return_rate", KPIS,
          lambda s: {"returns": s.ints(0, 5), "orders": s.ints(50, 100), "by": groups(s)},
          Slot(arg="returns", kind="numbers", low=0, integer=True, aligned=True,
               custom={"out_of_range": lambda v: _negative(v)}),
          Slot(arg="orders", kind="numbers", low=0, integer=True, aligned=True,
               custom={"out_of_range": lambda v: _negative(v)}),
          by(), ci(nullable=False), confidence()),
]


def _dates(s: Source, n: int) -> Any:
    days = s.rng.integers(0, 540, size=n)
    return pd.Series(pd.Timestamp("2024-01-01") + pd.to_timedelta(days, unit="D"))


def _put_object(value: Any, new: object) -> Any:
    out = pd.Series(value).astype(object)
    out.iloc[len(out) // 2] = new
    return out


def _negative(value: Any) -> Any:
    from tests.contract.inputs import bad_value

    return bad_value(Slot(arg="x", kind="numbers", low=0, high=-2), "out_of_range", value)


# ---------------------------------------------------------------------- voice
VOICE = "expectations.voice"

COMMENTS = ["Late delivery, and the refund took ages!", "Lovely staff", "Great price",
            "The app crashed twice", "Courier was rude", "Fast and friendly"]


def _texts(s: Source, n: int | None = None) -> Any:
    return s.choice(COMMENTS, n)


_VOICE_SPECS = [
    _spec("tag_themes", VOICE, lambda s: {"texts": _texts(s), "by": groups(s)},
          Slot(arg="texts", kind="labels", aligned=True,
               skip={"unknown_label": "any text is a valid comment"},
               custom={"string": lambda v: "one comment, not a list"}),
          by(), Slot(arg="lexicon", kind="mapping", nullable=True), confidence(), missing()),
    _spec("theme_impact", VOICE,
          lambda s: {"texts_or_tags": _texts(s, 400), "scores": s.ints(0, 10, 400)},
          Slot(arg="texts_or_tags", kind="labels", aligned=True,
               skip={"unknown_label": "any text is a valid comment"}),
          Slot(arg="scores", kind="numbers", low=0, high=10, integer=True, aligned=True),
          Slot(arg="metric", kind="choice"),
          Slot(arg="correction", kind="choice", nullable=True), ci(), confidence(), missing(),
          *_difference_slots()),
    _spec("distinctive_terms", VOICE,
          lambda s: {"texts": _texts(s, 120), "groups": s.choice(["a", "b"], 120),
                     "target": "a", "top": 5},
          Slot(arg="texts", kind="labels", aligned=True,
               skip={"unknown_label": "any text is a valid comment"}),
          Slot(arg="groups", kind="keys", aligned=True),
          Slot(arg="target", kind="choice", nullable=True, names=("groups",)),
          Slot(arg="top", kind="count", low=1), Slot(arg="prior", kind="choice"),
          missing()),
    _spec("Lexicon", VOICE, lambda s: {"themes": {"price": ["price", "too expensive"]}},
          Slot(arg="themes", kind="mapping", names=("lexicon",),
               custom={"unknown_label": lambda v: {"price": []}})),
    _spec("consistency", VOICE,
          lambda s: {"scores": s.ints(1, 5, 120), "by": s.choice(["a", "b", "c"], 120)},
          Slot(arg="scores", kind="numbers", low=1, high=5, integer=True, aligned=True),
          by(), Slot(arg="metric", kind="choice"), Slot(arg="correction", kind="choice",
                                                   nullable=True),
          confidence(), missing()),
]

# ------------------------------------------------------------ closing the loop
_FOLLOW_UP_SPECS = [
    _spec("follow_up", "expectations.followup",
          lambda s: {"scores": s.ints(0, 10), "customers": s.choice(["a", "b", "c", "d"]),
                     "value": s.floats(10.0, 500.0), "dates": _dates(s, s.n),
                     "texts": _texts(s)},
          Slot(arg="scores", kind="numbers", low=0, high=10, integer=True, aligned=True,
               skip=ELEMENTWISE),
          Slot(arg="customers", kind="labels", aligned=True, names=("scores",), skip={
              "unknown_label": "any id is a customer", "boolean": "ids may be any hashable",
              **ELEMENTWISE}),
          Slot(arg="value", kind="numbers", aligned=True, nullable=True,
               skip={"nan": "a missing value sorts last", **ELEMENTWISE}),
          Slot(arg="dates", kind="keys", aligned=True, nullable=True, custom={
              "string": lambda v: _put_object(v, "soon"),
              "boolean": lambda v: [True, False] * (len(v) // 2)}),
          Slot(arg="texts", kind="labels", aligned=True, nullable=True,
               skip={"unknown_label": "any text is a valid comment",
                     "nan": "a missing comment has no themes", **ELEMENTWISE}),
          Slot(arg="lexicon", kind="mapping", nullable=True),
          Slot(arg="limit", kind="count", low=1, nullable=True), missing()),
]

# --------------------------------------------------------------------- report
REPORT = "expectations.report"


def _responses(s: Source) -> pd.DataFrame:
    frame: pd.DataFrame = pd.DataFrame({
        "nps": s.rng.integers(0, 11, size=s.n), "csat": s.rng.integers(1, 6, size=s.n),
        "segment": s.rng.choice(["a", "b"], size=s.n)})
    return frame


_REPORT_SPECS = [
    _spec("report", REPORT, lambda s: {"responses": _responses(s)},
          Slot(arg="responses", kind="frame", nullable=True, skip={
              "empty": "no responses give a report without those sections"}),
          Slot(arg="responses", kind="column", column="nps", low=0, high=10, integer=True,
               names=("nps",), skip={
                   "nan": "a blank answer to one question is skipped and counted",
                   "missing_column": "each column of a table is optional"}),
          Slot(arg="columns", kind="mapping", nullable=True,
               skip={"empty": "no mapping means the default names"},
               custom={"unknown_label": lambda v: {"no_such_role": "x"},
                       "missing_column": lambda v: {"nps": "no_such_column"}}),
          Slot(arg="outcomes", kind="object", nullable=True, custom={
              "unknown_label": lambda v: pd.DataFrame({"commitment": ["x"], "value": [1.0]})}),
          confidence(), Slot(arg="reliability", kind="probability")),
    _spec("report_demo", REPORT, lambda s: {},
          confidence()),
    # Bad *files* (ragged rows, text scores, empty files) are tried in
    # tests/report/test_stream.py and tests/test_fuzz_parsers.py; here, bad arguments.
    _spec("stream_report", REPORT, lambda s: {"responses": _responses_file(s)},
          Slot(arg="responses", kind="object", nullable=True),
          Slot(arg="columns", kind="mapping", nullable=True,
               skip={"empty": "no mapping means the default names"},
               custom={"unknown_label": lambda v: {"no_such_role": "x"},
                       "missing_column": lambda v: {"nps": "no_such_column"}}),
          confidence(), Slot(arg="reliability", kind="probability"),
          Slot(arg="chunk_rows", kind="count", low=1, nullable=True)),
]


def _responses_file(s: Source) -> Path:
    """Write the generated responses to a CSV file that lives as long as the test run."""
    path = Path(_FILES.name) / f"responses-{s.n}.csv"
    if not path.exists():
        _responses(s).to_csv(path, index=False)
    return path


_FILES = tempfile.TemporaryDirectory(prefix="contract-")

# Bad *files* (ragged rows, text scores, empty files) are tried in tests/engines/test_scan.py
# and the reading class; here, bad arguments.
_SCAN_SPECS = [
    _spec("scan", "expectations.engine._scan", lambda s: {"path": _responses_file(s)},
          Slot(arg="path", kind="object"),
          Slot(arg="encoding", kind="object"),
          Slot(arg="engine", kind="choice", nullable=True),
          Slot(arg="delimiter", kind="object")),
]

# ------------------------------------------------------------------- models
MODELS = "expectations.models"


def _model(name: str, valid: Callable[[Source], Kwargs], *slots: Slot) -> Spec:
    return _spec(name, MODELS, valid, *slots)


_MODEL_SPECS = [
    _model("Scale", lambda s: {"low": 1, "high": 5, "labels": {1: "poor", 5: "great"}},
           Slot(arg="low", kind="number", custom={"out_of_range": lambda v: 6}),
           Slot(arg="high", kind="number", custom={"out_of_range": lambda v: 0}),
           Slot(arg="integer", kind="object", skip={"boolean": "it is a flag"}),
           Slot(arg="labels", kind="mapping", nullable=True,
                skip={"empty": "no labels is valid"},
                custom={"unknown_label": lambda v: {9: "off the scale"}})),
    _model("Commitment",
           lambda s: {"name": "two-day delivery", "metric": "days", "target": 2.0,
                      "unit": "days"},
           Slot(arg="name", kind="object", skip={"string": "any name is text"},
                custom={"empty": lambda v: ""}),
           Slot(arg="target", kind="number"),
           Slot(arg="direction", kind="choice")),
    _model("Expectation",
           lambda s: {"dimension": "reliability", "adequate": 5.0, "desired": 6.5,
                      "scale": _scale(1, 7), "importance": 30.0},
           Slot(arg="dimension", kind="object", skip={"string": "any name is text"},
                custom={"empty": lambda v: ""}),
           Slot(arg="adequate", kind="number", low=1, high=7,
                custom={"out_of_range": lambda v: 0.0}),
           Slot(arg="desired", kind="number", low=1, high=7,
                custom={"out_of_range": lambda v: 8.0}),
           Slot(arg="scale", kind="object"),
           Slot(arg="importance", kind="number", low=0, nullable=True)),
    _model("Touchpoint",
           lambda s: {"name": "chat", "channel": "chat", "stage": "support",
                      "response_target": 30.0},
           Slot(arg="name", kind="object", skip={"string": "any name is text"},
                custom={"empty": lambda v: ""}),
           Slot(arg="channel", kind="choice"), Slot(arg="stage", kind="choice"),
           Slot(arg="expectations", kind="object", skip={"none": "no expectations is valid"},
                custom={"duplicate_id": lambda v: _duplicate_expectations()}),
           Slot(arg="response_target", kind="number", low=0, nullable=True)),
    _model("Trait", lambda s: {"low": 18.0, "high": 34.0},
           Slot(arg="low", kind="number", nullable=True,
                custom={"out_of_range": lambda v: 40.0}),
           Slot(arg="high", kind="number", nullable=True),
           Slot(arg="allowed", kind="object", nullable=True,
                custom={"empty": lambda v: []})),
    _model("Persona",
           lambda s: {"name": "young", "description": "", "traits": {"age": (18, 34)}},
           Slot(arg="name", kind="object", skip={"string": "any name is text"},
                custom={"empty": lambda v: ""}),
           Slot(arg="traits", kind="mapping", skip={"empty": "a persona may have no traits"},
                custom={"unknown_label": lambda v: {"age": {"between": 3}}})),
    _model("Customer", lambda s: {"id": 7, "attributes": {"region": "north"},
                                  "since": "2021-03-01"},
           Slot(arg="id", kind="object", skip={"string": "ids may be text"}),
           Slot(arg="attributes", kind="mapping", skip={"empty": "no attributes is valid"},
                custom={"unknown_label": lambda v: {"id": 3}}),
           Slot(arg="since", kind="object", nullable=True,
                custom={"string": lambda v: "not a date"})),
    _model("Journey",
           lambda s: {"name": "order", "touchpoints": _touchpoints()},
           Slot(arg="name", kind="object", skip={"string": "any name is text"},
                custom={"empty": lambda v: ""}),
           Slot(arg="touchpoints", kind="object",
                custom={"duplicate_id": lambda v: [v[0], v[0]], "empty": lambda v: []})),
    _model("Channel", lambda s: {"value": "web"},
           Slot(arg="value", kind="choice", names=("channel",))),
    _model("Stage", lambda s: {"value": "purchase"},
           Slot(arg="value", kind="choice", names=("stage",))),
    _spec("NPSCounts", "expectations.scoring",
          lambda s: {"promoters": 12.0, "passives": 5.0, "detractors": 3.0},
          Slot(arg="promoters", kind="number", low=0),
          Slot(arg="passives", kind="number", low=0),
          Slot(arg="detractors", kind="number", low=0)),
]


def _touchpoints() -> list[Any]:
    from expectations.models import Touchpoint

    return [Touchpoint(name="browse", channel="web", stage="consideration"),
            Touchpoint(name="checkout", channel="web", stage="purchase")]


def _duplicate_expectations() -> list[Any]:
    from expectations.models import Expectation

    e = Expectation(dimension="speed", adequate=3, desired=4, scale=_scale(1, 5))
    return [e, e]


# -------------------------------------------------------------------- surveys
def _survey_export(s: Source) -> Kwargs:
    from expectations.datasets import qualtrics_export_path

    return {"path": qualtrics_export_path()}


_SURVEY_READ_SPECS = [
    _spec("read_survey", "expectations.surveys", _survey_export,
          Slot(arg="path", kind="object"),
          Slot(arg="format", kind="choice", nullable=True),
          Slot(arg="roles", kind="mapping", nullable=True,
               skip={"empty": "no overrides keeps the inferred roles"},
               custom={"missing_column": lambda v: {"no_such_column": "nps"},
                       "unknown_label": lambda v: {"Q1": "no-such-role"}}),
          Slot(arg="encoding", kind="object", nullable=True),
          Slot(arg="delimiter", kind="object", nullable=True)),
]

RAKE_TARGETS = {"band": {1: 0.3, 2: 0.4, 3: 0.3}, "region": {"north": 0.45, "south": 0.55}}


def _respondents(s: Source) -> Kwargs:
    """Age bands coded 1..3 and regions as text, every category present, and design weights."""
    band = s.rng.integers(1, 4, size=s.n)
    band[:3] = [1, 2, 3]
    region = np.where(s.rng.random(s.n) < 0.6, "north", "south")
    region[:2] = ["north", "south"]
    data = pd.DataFrame({"band": band, "region": region})
    return {"data": data, "targets": RAKE_TARGETS, "weights": s.floats(0.5, 2.0)}


def _with_share(targets: Mapping[str, Any], category: object, share: float) -> dict[str, Any]:
    return {**targets, "band": {**targets["band"], category: share}}


_SURVEY_RAKE_SPECS = [
    _spec("rake", "expectations.surveys.rake", _respondents,
          Slot(arg="data", kind="frame"),
          Slot(arg="data", kind="column", column="band", low=1, high=3, integer=True,
               names=("targets",)),
          Slot(arg="targets", kind="mapping", custom={
              "unknown_label": lambda v: {**v, "band": {1: 0.3, 2: 0.4, 3: 0.2, 4: 0.1}},
              "missing_column": lambda v: {**v, "no_such_column": {"x": 1.0}},
              "out_of_range": lambda v: _with_share(v, 3, -0.3),
              "nan": lambda v: _with_share(v, 3, float("nan"))}),
          weights(),
          Slot(arg="cap", kind="number", low=1, nullable=True),
          Slot(arg="max_iter", kind="count", low=1),
          Slot(arg="tol", kind="number", low=0),
          missing()),
]

SPECS: dict[str, Spec] = {
    spec.name: spec
    for spec in (*_SCORE_SPECS, *_GROUP_SPECS, *_GAP_SPECS, *_MEASUREMENT_SPECS,
                 *_COMMITMENT_SPECS,
                 *_SEGMENTATION_SPECS, *_KPI_SPECS, *_VOICE_SPECS, *_FOLLOW_UP_SPECS,
                 *_REPORT_SPECS, *_SCAN_SPECS,
                 *_MODEL_SPECS, *_SURVEY_READ_SPECS, *_SURVEY_RAKE_SPECS)
}

_RESULT = "a result container the library builds from validated data; callers read it"
_MODULE = "a module namespace; its functions are covered where exported"

# Public names that are not functions taking user data, and why.
EXEMPT: dict[str, str] = {
    "datasets": _MODULE + " (load_retail takes no user data; tests/test_datasets.py)",
    "errors": "the error classes themselves; tests/test_errors.py",
    "plotting": _MODULE + " (its plot functions draw library results, not user data)",
    "accessor": _MODULE + " (registers the pandas accessor, which calls the covered "
                "functions)",
    "Interval": _RESULT,
    "Survey": _RESULT + " (read_survey builds it; tests/surveys/test_survey.py)",
    "RakeResult": _RESULT + " (rake builds it; tests/surveys/test_rake.py)",
    "Scan": "the handle on files that scan builds (covered there); tests/engines/test_scan.py",
    **dict.fromkeys((
        "AlphaResult", "ClusterResult", "ConsistencyResult", "DisconfirmationResult",
        "FulfilmentResult", "ImportancePerformanceResult", "KanoResult", "NPSComparison",
        "NPSResult", "PainPointsResult", "PersonaAssignment", "ProportionComparison",
        "RFMResult", "RateResult", "RealisticTarget", "RelativeWeightsResult",
        "ServperfResult", "ServqualResult", "ThemeTags", "ToleranceResult",
        "TopBoxResult", "Report"), _RESULT),
}


def empty_rows(spec: Spec, kwargs: Kwargs) -> Kwargs:
    """``kwargs`` with every row-aligned argument cut to zero rows."""
    out = dict(kwargs)
    for slot in spec.slots:
        if slot.aligned and slot.column is None and out.get(slot.arg) is not None:
            out[slot.arg] = head(out[slot.arg], 0)
    return out


def _available(spec: Spec) -> bool:
    import expectations as ex

    if spec.name in ex.__all__:
        return True
    try:
        return hasattr(importlib.import_module(spec.home), spec.name)
    except ImportError:
        return False


# The specs whose callable exists now (exported, or written but not yet exported).
AVAILABLE = [spec for spec in SPECS.values() if _available(spec)]


def call(spec: Spec, kwargs: Kwargs) -> Any:
    """Call the spec's function with keyword arguments bound to its signature."""
    func = resolve(spec)
    bound = inspect.signature(func).bind(**kwargs)
    return func(*bound.args, **bound.kwargs)
