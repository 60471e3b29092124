"""read_survey on SPSS and Stata files written by pyreadstat: data, questions, labels, roles."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import expectations as ex
from expectations.errors import InvalidScoreError

pytest.importorskip("pyreadstat")

from tests.surveys.exports import QUESTIONS, answers, write_dta, write_sav

WRITERS = {"sav": write_sav, "dta": write_dta}


@pytest.fixture(params=sorted(WRITERS))
def survey(request: pytest.FixtureRequest, tmp_path: Path) -> ex.Survey:
    path = WRITERS[request.param](tmp_path / f"survey.{request.param}")
    return ex.read_survey(path)


def test_variable_labels_become_the_question_texts(survey: ex.Survey) -> None:
    """Each variable label is its column's question in the codebook."""
    for column, text in QUESTIONS.items():
        assert survey.codebook.loc[column, "question"] == text


def test_roles_are_inferred_from_texts_and_labels(survey: ex.Survey) -> None:
    """NPS, CSAT and CES by their question texts; id, weight, category and text by type."""
    assert survey.codebook["role"].to_dict() == {
        "id": "id", "ltr": "nps", "sat": "csat", "effort": "ces", "region": "category",
        "comment": "text", "weight": "weight"}


def test_labelled_score_questions_stay_numeric_with_labels_in_the_scale(
        survey: ex.Survey) -> None:
    """A labelled NPS question is numbers; its labels are in the codebook and the scale."""
    assert pd.api.types.is_float_dtype(survey.responses["ltr"].dtype)
    scale = survey.codebook.loc["ltr", "scale"]
    assert (scale.low, scale.high) == (0, 10)
    assert dict(scale.labels) == {0.0: "Not at all likely", 10.0: "Extremely likely"}
    assert survey.codebook.loc["sat", "labels"][5.0] == "Very satisfied"


def test_labelled_categories_become_categoricals_of_their_labels(survey: ex.Survey) -> None:
    """Region codes 1-4 read as the labels North/South/East/West."""
    region = survey.responses["region"]
    assert isinstance(region.dtype, pd.CategoricalDtype)
    assert list(region.cat.categories) == ["North", "South", "East", "West"]
    codes = answers()["region"].astype(int).map({1: "North", 2: "South", 3: "East", 4: "West"})
    assert region.astype(str).tolist() == codes.tolist()


def test_values_round_trip(survey: ex.Survey) -> None:
    """The answers read back as written, a skipped question as missing."""
    expected = answers()
    np.testing.assert_array_equal(survey.responses["ltr"].to_numpy(dtype=float),
                                  expected["ltr"].to_numpy())
    assert survey.responses["ltr"].isna().sum() == 1
    assert survey.responses["comment"].isna().sum() == 1  # the empty answer


def test_scores_use_the_weight_column(survey: ex.Survey) -> None:
    """survey.nps() is ex.nps on the NPS column with the weight column as weights."""
    expected = ex.nps(survey.responses["ltr"], weights=survey.responses["weight"],
                      missing="drop")
    assert survey.nps() == expected


def test_stata_format_is_named(tmp_path: Path) -> None:
    """The survey says which format it was read as."""
    assert ex.read_survey(write_dta(tmp_path / "s.dta")).format == "stata"
    assert ex.read_survey(write_sav(tmp_path / "s.sav")).format == "spss"


def test_a_broken_sav_file_is_a_library_error(tmp_path: Path) -> None:
    """A truncated SPSS file raises the library's error naming the file."""
    path = write_sav(tmp_path / "s.sav")
    broken = tmp_path / "broken.sav"
    broken.write_bytes(path.read_bytes()[:200])
    with pytest.raises(InvalidScoreError, match=r"broken\.sav"):
        ex.read_survey(broken)


def test_format_overrides_the_extension(tmp_path: Path) -> None:
    """format='spss' reads a .bin file as SPSS."""
    path = write_sav(tmp_path / "s.sav")
    other = tmp_path / "export.bin"
    other.write_bytes(path.read_bytes())
    assert ex.read_survey(other, format="spss").codebook.loc["ltr", "role"] == "nps"
    assert ex.read_survey(other).format == "spss"  # told from the file's first bytes


def test_missing_pyreadstat_names_the_extra(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pyreadstat, reading a .sav file says to install the surveys extra."""
    import sys

    path = write_sav(tmp_path / "s.sav")
    monkeypatch.setitem(sys.modules, "pyreadstat", None)
    with pytest.raises(ModuleNotFoundError, match=r"customer-expectations\[surveys\]"):
        ex.read_survey(path)
