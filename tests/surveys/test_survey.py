"""Survey: scores by role, the weight column, raking, the report and the display."""

from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import expectations as ex
from expectations.errors import InvalidParameterError, SchemaError, SmallSampleWarning

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "make_demo_data.py"
TARGETS = {"Region": {"north": 0.2, "midlands": 0.2, "south": 0.2, "london": 0.2,
                      "scotland": 0.1, "wales": 0.1}}


@pytest.fixture(scope="module")
def survey() -> ex.Survey:
    return ex.read_survey(ex.datasets.qualtrics_export_path())


@pytest.fixture(scope="module")
def weighted(survey: ex.Survey) -> ex.Survey:
    return survey.weight(TARGETS)


def test_demo_export_has_the_documented_shape(survey: ex.Survey) -> None:
    """334 respondents; Q1-Q3 are NPS, CSAT and CES on their usual scales."""
    assert len(survey.responses) == 334
    scales = survey.codebook.loc[["Q1", "Q2", "Q3"], "scale"].tolist()
    assert [(s.low, s.high) for s in scales] == [(0, 10), (1, 5), (1, 7)]
    assert list(survey.codebook.columns) == ["question", "role", "scale", "labels"]
    assert survey.codebook.index.name == "column"


def test_demo_export_matches_the_demo_responses(survey: ex.Survey) -> None:
    """Every 60th demo response: the same NPS answers as load_retail's."""
    responses = ex.datasets.load_retail().responses.iloc[::60].reset_index(drop=True)
    assert survey.responses["Q1"].astype("Float64").tolist() == responses["nps"].astype(
        "Float64").tolist()


def test_generator_reproduces_the_shipped_export(tmp_path: Path) -> None:
    """scripts/make_demo_data.py writes the bundled Qualtrics export byte for byte."""
    spec = importlib.util.spec_from_file_location("make_demo_data", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (written,) = module.write_exports(tmp_path)
    assert written.read_bytes() == ex.datasets.qualtrics_export_path().read_bytes()


def test_scores_equal_the_functions_on_the_role_columns(survey: ex.Survey) -> None:
    """nps/csat/ces are ex.nps/csat/ces on the role's column with missing='drop'."""
    r = survey.responses
    assert survey.nps() == ex.nps(r["Q1"], missing="drop")
    assert survey.csat() == ex.csat(r["Q2"], missing="drop")
    assert survey.ces() == ex.ces(r["Q3"], missing="drop")
    assert survey.nps(ci="wald") == ex.nps(r["Q1"], missing="drop", ci="wald")


def test_by_takes_a_column_name(survey: ex.Survey) -> None:
    """by='Segment' groups by that column of the survey."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        got = survey.nps(by="Segment")
        expected = ex.nps(survey.responses["Q1"], by=survey.responses["Segment"],
                          missing="drop")
    pd.testing.assert_frame_equal(got, expected)


def test_no_column_with_the_role_is_a_schema_error(survey: ex.Survey) -> None:
    """Without an NPS column, survey.nps() says how to name one."""
    other = ex.read_survey(ex.datasets.qualtrics_export_path(), roles={"Q1": "other"})
    with pytest.raises(SchemaError, match="no column with the role 'nps'"):
        other.nps()


def test_several_columns_with_the_role_need_column(survey: ex.Survey) -> None:
    """Two CSAT columns: survey.csat() asks for column=."""
    two = ex.read_survey(ex.datasets.qualtrics_export_path(), roles={"Status": "csat"})
    with pytest.raises(SchemaError, match="2 columns with the role 'csat'"):
        two.csat()
    with pytest.raises(SchemaError, match="Q9"):
        two.csat(column="Q9")
    assert two.csat(column="Q2") == survey.csat()


def test_weight_adds_a_weight_column_with_mean_one(survey: ex.Survey,
                                                   weighted: ex.Survey) -> None:
    """weight() returns a new survey; the old one is unchanged."""
    assert "weight" not in survey.responses.columns
    assert weighted.codebook.loc["weight", "role"] == "weight"
    assert weighted.responses["weight"].mean() == pytest.approx(1.0)
    shares = weighted.responses.groupby("Region")["weight"].sum() / len(weighted.responses)
    for region, share in TARGETS["Region"].items():
        assert shares[region] == pytest.approx(share, abs=1e-6)


def test_weighted_scores_use_the_weights(weighted: ex.Survey) -> None:
    """survey.nps() on a weighted survey is ex.nps with weights=the weight column."""
    r = weighted.responses
    assert weighted.nps() == ex.nps(r["Q1"], weights=r["weight"], missing="drop")
    assert weighted.csat() == ex.csat(r["Q2"], weights=r["weight"], missing="drop")
    assert weighted.nps(weights=None) == ex.nps(r["Q1"], missing="drop")


def test_design_effect_is_kish(weighted: ex.Survey) -> None:
    """design_effect = n·Σw²/(Σw)² (Kish 1965)."""
    w = weighted.responses["weight"].to_numpy()
    assert weighted.design_effect == pytest.approx(len(w) * np.sum(w**2) / np.sum(w) ** 2)
    rake = ex.rake(weighted.responses, TARGETS)
    assert weighted.design_effect == pytest.approx(rake.design_effect)


def test_weighting_again_starts_from_the_weights(weighted: ex.Survey) -> None:
    """A second weight() keeps one weight column: the earlier one becomes 'other'."""
    again = weighted.weight({"Segment": {"new": 0.1, "regular": 0.3, "loyal": 0.4,
                                         "bargain": 0.2}}, name="weight2")
    assert again.columns("weight") == ["weight2"]
    assert again.codebook.loc["weight", "role"] == "other"


def test_weight_with_a_bad_name_is_a_library_error(survey: ex.Survey) -> None:
    """name= must be a non-empty string."""
    with pytest.raises(InvalidParameterError, match="name"):
        survey.weight(TARGETS, name="")


def test_report_uses_the_roles(survey: ex.Survey) -> None:
    """report() has the NPS, CSAT, CES and segment sections with no arguments."""
    built = survey.report()
    assert {"nps", "csat", "ces", "segments"} <= set(built.keys())
    assert built["nps"].table("overall").column("score")[0] == pytest.approx(
        round(survey.nps().score, 1), abs=0.05)


def test_weighted_report_states_the_design_effect(weighted: ex.Survey) -> None:
    """The weighted report's score sections are weighted and name the design effect."""
    built = weighted.report()
    notes = " ".join(built["nps"].notes)
    assert f"design effect {weighted.design_effect:.2f}" in notes
    score = built["nps"].table("overall").column("score")[0]
    assert score == pytest.approx(round(weighted.nps().score, 1), abs=0.05)
    assert any("Unweighted" in n for n in built["segments"].notes)


def test_report_with_a_missing_segment_column_is_a_schema_error(survey: ex.Survey) -> None:
    """segment= must name a column of the survey."""
    with pytest.raises(SchemaError, match="Area"):
        survey.report(segment="Area")


def test_survey_rejects_what_is_not_a_frame() -> None:
    """Responses and codebook must be DataFrames."""
    with pytest.raises(InvalidParameterError, match="responses"):
        ex.Survey(responses=[1, 2], codebook=pd.DataFrame())  # type: ignore[arg-type]


def test_repr_is_short(survey: ex.Survey) -> None:
    """The repr names the format, the count and the score columns, not the data."""
    text = repr(survey)
    assert "qualtrics: 334 respondents" in text
    assert "nps=Q1" in text
    assert len(text) < 300
    assert "<table" in survey._repr_html_()


def test_scores_do_not_change_the_responses(weighted: ex.Survey) -> None:
    """Scoring and reporting leave the responses as they were."""
    before = weighted.responses.copy()
    weighted.nps()
    weighted.report()
    pd.testing.assert_frame_equal(weighted.responses, before)
