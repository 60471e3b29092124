"""Tests for journey pain points (expectations.gaps.journey)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from expectations.errors import InvalidParameterError, InvalidScoreError, SchemaError
from expectations.gaps.journey import (
    PAIN_POINT_COLUMNS,
    PAIN_POINT_DETAIL_COLUMNS,
    pain_points,
)
from expectations.models import Expectation, Journey, Scale, Touchpoint

NINE = Scale(1, 9)


def _journey(importance: bool = True) -> Journey:
    def exp(dim: str, a: float, d: float, w: float) -> Expectation:
        return Expectation(dimension=dim, adequate=a, desired=d, scale=NINE,
                           importance=w if importance else None)

    return Journey(name="order", touchpoints=[
        Touchpoint(name="browse", channel="web", stage="consideration"),
        Touchpoint(name="checkout", channel="app", stage="purchase",
                   expectations=[exp("reliability", 6, 8, 60), exp("assurance", 5, 7, 40)]),
        Touchpoint(name="delivery", channel="web", stage="delivery",
                   expectations=[exp("reliability", 6, 8, 80), exp("responsiveness", 5, 8, 20)]),
        Touchpoint(name="chat", channel="chat", stage="support",
                   expectations=[exp("responsiveness", 6, 9, 100)]),
    ])


def _perceptions(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    pairs = [("checkout", "reliability"), ("checkout", "assurance"),
             ("delivery", "reliability"), ("delivery", "responsiveness"),
             ("chat", "responsiveness")]
    rows = [(t, d, int(rng.integers(2, 10))) for t, d in pairs for _ in range(20)]
    return pd.DataFrame(rows, columns=["touchpoint", "dimension", "perceived"])


def _reference(journey: Journey, perceptions: pd.DataFrame) -> pd.Series:
    """Importance-weighted adequacy gap per touchpoint, computed with pandas."""
    means = perceptions.groupby(["touchpoint", "dimension"])["perceived"].mean()
    rows = [(t.name, e.dimension, e.adequate, e.importance or 1.0)
            for t in journey for e in t.expectations]
    spec = pd.DataFrame(rows, columns=["touchpoint", "dimension", "adequate", "w"])
    spec["gap"] = means.loc[list(zip(spec.touchpoint, spec.dimension, strict=True))].to_numpy() \
        - spec["adequate"]
    spec["w"] = spec["w"] / spec.groupby("touchpoint")["w"].transform("sum")
    return (spec["w"] * spec["gap"]).groupby(spec["touchpoint"]).sum().sort_values(kind="stable")


@pytest.mark.parametrize("importance", [True, False])
def test_ranking_matches_independent_computation(importance: bool) -> None:
    """Touchpoints are ranked by the importance-weighted gap a pandas computation gives."""
    journey, perceptions = _journey(importance), _perceptions()
    res = pain_points(journey, perceptions)
    ref = _reference(journey, perceptions)
    frame = res.to_frame()
    assert list(frame.index) == list(ref.index)
    np.testing.assert_allclose(frame["gap"], ref.to_numpy(), rtol=1e-12)
    assert list(frame["rank"]) == [1, 2, 3]
    assert tuple(frame.columns) == PAIN_POINT_COLUMNS
    assert tuple(res.detail_frame().columns) == PAIN_POINT_DETAIL_COLUMNS
    assert res.skipped == ("browse",)


def test_worst_dimension_and_levels() -> None:
    """Each touchpoint reports its worst dimension and how many fall below adequate."""
    res = pain_points(_journey(), {"checkout": {"reliability": 4, "assurance": 8},
                                   "delivery": {"reliability": 7, "responsiveness": 9},
                                   "chat": {"responsiveness": 6}})
    checkout = res.to_frame().loc["checkout"]
    assert (checkout["worst_dimension"], checkout["worst_gap"]) == ("reliability", -2.0)
    assert checkout["n_below_adequate"] == 1
    levels = res.detail_frame()["level"].to_dict()
    assert levels[("delivery", "responsiveness")] == "delighted"
    assert levels[("chat", "responsiveness")] == "satisfied"


def test_against_desired() -> None:
    """against='desired' measures gaps from the desired level."""
    res = pain_points(_journey(), _perceptions(), against="desired")
    adequate = pain_points(_journey(), _perceptions())
    detail = res.detail_frame()
    np.testing.assert_allclose(detail["gap"], detail["perceived"] - detail["desired"])
    assert res.against == "desired"
    assert adequate.against == "adequate"


def test_permutation_of_perception_rows() -> None:
    """The order of perception rows does not matter."""
    perceptions = _perceptions(3)
    a = pain_points(_journey(), perceptions).to_frame()
    b = pain_points(_journey(), perceptions.sample(frac=1, random_state=1)).to_frame()
    pd.testing.assert_frame_equal(a, b)


def test_unknown_touchpoint_or_dimension() -> None:
    """Perceptions for something the journey does not expect are an error."""
    bad = pd.concat([_perceptions(), pd.DataFrame(
        [("checkout", "empathy", 5)], columns=["touchpoint", "dimension", "perceived"])])
    with pytest.raises(InvalidParameterError, match=(
            r"^perceptions must be for a touchpoint and dimension the journey expects; "
            r"1 value is not \(first: \('checkout', 'empathy'\) at position 100\)")):
        pain_points(_journey(), bad)


def test_unrated_expectation() -> None:
    """An expectation with no perceptions raises, or with missing='drop' is counted."""
    perceptions = _perceptions()
    partial = perceptions[perceptions["touchpoint"] != "chat"]
    with pytest.raises(InvalidScoreError, match=r"^perceptions must be given for every"):
        pain_points(_journey(), partial)
    res = pain_points(_journey(), partial, missing="drop")
    assert res.n_unrated == 1
    assert res.skipped == ("browse", "chat")


def test_perception_off_scale() -> None:
    """A perception outside its expectation's scale is rejected."""
    with pytest.raises(InvalidScoreError, match=r"^perceptions must be between 1 and 9"):
        pain_points(_journey(), {"checkout": {"reliability": 10, "assurance": 5},
                                 "delivery": {"reliability": 5, "responsiveness": 5},
                                 "chat": {"responsiveness": 5}})


def test_partial_importance_is_an_error() -> None:
    """Importance given to only some of a touchpoint's expectations is rejected."""
    journey = Journey(name="j", touchpoints=[Touchpoint(
        name="t", channel="web", stage="use", expectations=[
            Expectation(dimension="a", adequate=3, desired=5, scale=NINE, importance=50),
            Expectation(dimension="b", adequate=3, desired=5, scale=NINE)])])
    with pytest.raises(InvalidParameterError, match=r"^importance must be given for all or"):
        pain_points(journey, {"t": {"a": 4, "b": 4}})


def test_missing_columns() -> None:
    """A perceptions frame without the required columns is a SchemaError."""
    with pytest.raises(SchemaError, match=r"must have the column 'perceived'"):
        pain_points(_journey(), pd.DataFrame({"touchpoint": ["chat"], "dimension": ["x"]}))
