"""Assigning customers to personas, by traits or to the nearest profile.

Independent references: ``Persona.matches`` applied persona by persona for the
rule method; ``scipy.spatial.distance.cdist`` on columns standardised with
pandas (``(x - mean) / std(ddof=0)``) for the nearest-profile method; and the
demo data's own ``persona`` column, generated from the same traits.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.spatial.distance import cdist

from expectations.datasets import load_retail
from expectations.errors import InvalidParameterError, InvalidScoreError, SchemaError
from expectations.models import Persona
from expectations.segmentation import UNASSIGNED, assign_personas, persona_profiles

YOUNG = Persona(name="young", description="", traits={"age": (18, 34), "visits": (5, 15)})
MIDDLE = Persona(name="middle", description="", traits={"age": (30, 54), "visits": (0, 6)})
OLDER = Persona(name="older", description="", traits={"age": (55, 90), "visits": (0, 4)})
PEOPLE = pd.DataFrame({"age": [22, 32, 60, 10, 45, np.nan, 33],
                       "visits": [9, 5, 1, 3, 2, 4, 20]})


def test_rules_give_first_matching_persona() -> None:
    """Each row gets the first persona whose traits it has, as Persona.matches says."""
    result = assign_personas(PEOPLE, [YOUNG, MIDDLE, OLDER])
    masks = [p.matches(PEOPLE) for p in (YOUNG, MIDDLE, OLDER)]
    expected = [next((p.name for p, m in zip((YOUNG, MIDDLE, OLDER), masks, strict=True)
                      if m[i]), UNASSIGNED) for i in range(len(PEOPLE))]
    assert result.labels.tolist() == expected
    assert expected == ["young", "young", "older", UNASSIGNED, "middle", UNASSIGNED,
                        UNASSIGNED]
    assert result.n_unassigned == 3
    assert result.n_overlapping == 1  # age 32, 5 visits: young and middle
    assert result.counts.tolist() == [2, 1, 1, 3]
    assert list(result.labels.cat.categories) == ["young", "middle", "older", UNASSIGNED]


def test_demo_personas_reproduce_the_demo_persona_column() -> None:
    """On the demo customers, the personas' traits give exactly the persona column."""
    data = load_retail()
    result = assign_personas(data.customers, list(data.personas))
    assert result.n_unassigned == 0
    assert result.labels.astype(str).tolist() == data.customers["persona"].astype(str).tolist()


def test_nearest_matches_cdist_on_standardised_columns() -> None:
    """Nearest profile equals argmin of scipy's cdist on pandas-standardised columns."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"age": rng.uniform(18, 90, 200), "visits": rng.poisson(5, 200)})
    result = assign_personas(df, [YOUNG, MIDDLE, OLDER], method="nearest")
    mean, std = df.mean(), df.std(ddof=0)
    z = ((df - mean) / std).to_numpy()
    profiles = pd.DataFrame({"age": [26.0, 42.0, 72.5], "visits": [10.0, 3.0, 2.0]})
    p = ((profiles - mean) / std).to_numpy()
    distances = cdist(z, p)
    names = np.array(["young", "middle", "older"])
    assert result.labels.tolist() == names[np.argmin(distances, axis=1)].tolist()
    np.testing.assert_allclose(result.distance, distances.min(axis=1), rtol=1e-12)
    assert result.profiles is not None
    np.testing.assert_allclose(result.profiles.to_numpy(), profiles.to_numpy())


def test_nearest_leaves_incomplete_rows_unassigned() -> None:
    """Rows missing a profile column are unassigned and counted, with NaN distance."""
    result = assign_personas(PEOPLE, [YOUNG, MIDDLE, OLDER], method="nearest")
    assert result.labels.iloc[5] == UNASSIGNED
    assert result.n_unassigned == 1
    assert result.distance is not None
    assert np.isnan(result.distance.iloc[5])


def test_given_profiles_override_midpoints_and_allow_categorical_personas() -> None:
    """profiles= supplies numeric profiles for personas defined by other traits."""
    data = load_retail()
    personas = list(data.personas)
    customers = data.customers.assign(
        tenure=(pd.Timestamp("2025-01-01") - data.customers["signup_date"]).dt.days)
    given = {p.name: {"tenure": float(t)} for p, t in
             zip(personas, [2500, 800, 200, 1200], strict=True)}
    result = assign_personas(customers, personas, method="nearest", columns=["tenure"],
                             profiles=given)
    assert result.n_unassigned == 0
    longest = customers["tenure"].idxmax()
    assert result.labels.loc[longest] == "Loyal Lena"


def test_persona_profiles_are_range_midpoints() -> None:
    """A profile is the midpoint of each closed range trait."""
    table = persona_profiles([YOUNG, OLDER], ["age", "visits"])
    assert table.loc["young"].tolist() == [26.0, 10.0]
    assert table.loc["older"].tolist() == [72.5, 2.0]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"personas": []}, InvalidParameterError, "personas must be a non-empty list"),
        ({"personas": ["young"]}, InvalidParameterError, "personas must be a non-empty list"),
        ({"personas": [YOUNG, YOUNG]}, InvalidParameterError, "uniquely named"),
        ({"method": "closest"}, InvalidParameterError, "method must be one of"),
        ({"columns": ["age"]}, InvalidParameterError, "columns and profiles must be None"),
        ({"method": "nearest", "columns": ["height"]}, SchemaError,
         "data must have the column 'height'"),
        ({"method": "nearest", "columns": []}, InvalidParameterError,
         "columns must be a non-empty list"),
        ({"method": "nearest", "profiles": {"nobody": {"age": 3}}}, InvalidParameterError,
         "Got 'nobody', which is not a persona"),
        ({"data": PEOPLE.assign(age=PEOPLE["age"].astype(str)), "method": "nearest"},
         SchemaError, r"data\['age'\] must be numeric"),
        ({"data": PEOPLE.assign(visits=[1, 2, 3, np.inf, 5, 6, 7]), "method": "nearest"},
         InvalidScoreError, r"data\['visits'\] must be finite or missing"),
        ({"data": PEOPLE.assign(age=[1, 2, 3, -np.inf, 5, 6, 7])}, InvalidScoreError,
         r"data\['age'\] must be finite or missing; 1 value is not \(first: -inf at position 3\)"),
        ({"data": [1, 2]}, SchemaError, "data must be a pandas DataFrame"),
        ({"data": PEOPLE[["visits"]]}, SchemaError, "frame must have the column 'age'"),
    ],
)
def test_bad_input_raises(kwargs: dict[str, object], error: type[Exception],
                          message: str) -> None:
    """Bad personas, methods, columns, profiles and data raise the library's errors."""
    args: dict[str, object] = {"data": PEOPLE, "personas": [YOUNG, MIDDLE, OLDER]}
    args.update(kwargs)
    with pytest.raises(error, match=message):
        assign_personas(args.pop("data"), args.pop("personas"), **args)  # type: ignore[arg-type]


def test_open_range_needs_a_given_profile() -> None:
    """A persona with a one-sided range has no midpoint: a profile must be given."""
    loyal = Persona(name="loyal", description="", traits={"visits": (10, None)})
    with pytest.raises(InvalidParameterError, match=r"profiles\['loyal'\]\['visits'\]"):
        assign_personas(PEOPLE, [loyal, YOUNG], method="nearest", columns=["visits"])
    result = assign_personas(PEOPLE, [loyal, YOUNG], method="nearest", columns=["visits"],
                             profiles={"loyal": {"visits": 20}})
    assert result.labels.iloc[-1] == "loyal"
