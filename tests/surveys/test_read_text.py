"""read_survey on text exports: Qualtrics CSV/TSV, SurveyMonkey CSV/XLSX, plain tables.

The cells follow the library's reading rules (``expectations._reading``): in a
number column ``NA``-like tokens and blanks are missing; in a text column only
blanks are; bytes that are not text in the encoding are an error naming the line.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest
from tests.surveys.exports import (
    QUESTIONS,
    answers,
    write_qualtrics,
    write_surveymonkey_csv,
    write_surveymonkey_xlsx,
)

import expectations as ex
from expectations.errors import (
    ExpectationsError,
    InsufficientDataError,
    InvalidParameterError,
    InvalidScoreError,
    SchemaError,
    SmallSampleWarning,
)

HAS_OPENPYXL = importlib.util.find_spec("openpyxl") is not None


# ------------------------------------------------------------------ Qualtrics
@pytest.mark.parametrize("tsv", [False, True], ids=["csv-utf8-bom", "tsv-utf16"])
def test_qualtrics_header_rows_are_dropped_and_texts_kept(tmp_path: Path, tsv: bool) -> None:
    """Rows 2-3 leave the responses; row 2's texts are the codebook's questions."""
    path = write_qualtrics(tmp_path / ("q.tsv" if tsv else "q.csv"), tsv=tsv)
    survey = ex.read_survey(path)
    assert survey.format == "qualtrics"
    assert len(survey.responses) == len(answers())
    assert survey.codebook.loc["Q1", "question"] == QUESTIONS["ltr"]
    assert survey.codebook.loc["ResponseId", "question"] == "Response ID"
    assert not survey.responses["Q1"].astype(str).str.contains("ImportId").any()


@pytest.mark.parametrize("tsv", [False, True], ids=["csv", "tsv"])
def test_qualtrics_dates_ids_and_scores_are_typed(tmp_path: Path, tsv: bool) -> None:
    """StartDate/EndDate/RecordedDate are datetimes, ResponseId the id, Q1-Q3 numbers."""
    survey = ex.read_survey(write_qualtrics(tmp_path / "q.csv", tsv=tsv))
    for column in ("StartDate", "EndDate", "RecordedDate"):
        assert pd.api.types.is_datetime64_any_dtype(survey.responses[column].dtype)
        assert survey.codebook.loc[column, "role"] == "date"
    assert survey.responses["StartDate"].iloc[0] == pd.Timestamp("2024-05-01 09:00:00")
    assert survey.codebook.loc["ResponseId", "role"] == "id"
    roles = survey.codebook.loc[["Q1", "Q2", "Q3", "Q4", "Q5"], "role"].tolist()
    assert roles == ["nps", "csat", "ces", "category", "text"]
    expected = answers()["ltr"]
    assert survey.responses["Q1"].astype("Float64").tolist() == pd.array(
        expected, dtype="Float64").tolist()


def test_qualtrics_tsv_is_utf16_le_with_a_bom(tmp_path: Path) -> None:
    """The generated TSV is what Qualtrics writes: UTF-16 LE with its byte-order mark."""
    path = write_qualtrics(tmp_path / "q.tsv", tsv=True)
    assert path.read_bytes()[:2] == b"\xff\xfe"


def test_qualtrics_scores_match_the_library_functions(tmp_path: Path) -> None:
    """survey.nps/csat/ces equal ex.nps/csat/ces on the same columns."""
    survey = ex.read_survey(write_qualtrics(tmp_path / "q.csv"))
    r = survey.responses
    assert survey.nps() == ex.nps(r["Q1"], missing="drop")
    assert survey.csat() == ex.csat(r["Q2"], missing="drop")
    assert survey.ces() == ex.ces(r["Q3"], missing="drop")


def test_qualtrics_format_on_a_plain_file_is_refused(tmp_path: Path) -> None:
    """format='qualtrics' on a one-header CSV names the missing header rows."""
    path = tmp_path / "plain.csv"
    path.write_text("nps,segment\n9,a\n", encoding="utf-8")
    with pytest.raises(InvalidParameterError, match="three header rows"):
        ex.read_survey(path, format="qualtrics")


# -------------------------------------------------------------- SurveyMonkey
MONKEY_WRITERS = [pytest.param(write_surveymonkey_csv, "csv", id="csv"),
                  pytest.param(write_surveymonkey_xlsx, "xlsx", id="xlsx",
                               marks=pytest.mark.skipif(not HAS_OPENPYXL,
                                                        reason="needs openpyxl"))]


@pytest.mark.parametrize(("write", "suffix"), MONKEY_WRITERS)
def test_surveymonkey_header_rows_are_joined(tmp_path: Path, write: object,
                                             suffix: str) -> None:
    """Question and sub-answer join into names; 'Response' columns keep the question."""
    survey = ex.read_survey(write(tmp_path / f"m.{suffix}"))  # type: ignore[operator]
    assert survey.format == "surveymonkey"
    names = list(survey.responses.columns)
    assert QUESTIONS["ltr"] in names
    assert "Which channels do you use? - App" in names
    assert survey.codebook.loc[QUESTIONS["ltr"], "role"] == "nps"
    assert survey.codebook.loc[QUESTIONS["sat"], "role"] == "csat"
    assert survey.codebook.loc[QUESTIONS["comment"], "role"] == "text"
    assert survey.codebook.loc["Respondent ID", "role"] == "id"
    assert survey.codebook.loc["Start Date", "role"] == "date"
    assert survey.responses["End Date"].iloc[0] == pd.Timestamp("2024-05-01 13:20:05")
    assert len(survey.responses) == len(answers())


@pytest.mark.parametrize(("write", "suffix"), MONKEY_WRITERS)
def test_surveymonkey_scores_need_no_arguments(tmp_path: Path, write: object,
                                               suffix: str) -> None:
    """survey.nps() finds the NPS question by its text."""
    survey = ex.read_survey(write(tmp_path / f"m.{suffix}"))  # type: ignore[operator]
    assert survey.nps() == ex.nps(survey.responses[QUESTIONS["ltr"]], missing="drop")


# ------------------------------------------------------------------- plain
def test_plain_csv_reads_by_the_reading_rules(tmp_path: Path) -> None:
    """NA tokens and blanks are missing numbers; in a text column 'NA' is text."""
    path = tmp_path / "plain.csv"
    path.write_text("respondent_id,nps,segment,comment\n1, 9 ,NA,fine\n2,NA,north,  \n"
                    "3,n/a,south,NA\n4,10,  ,ok\n", encoding="utf-8")
    survey = ex.read_survey(path)
    r = survey.responses
    assert r["nps"].tolist() == [9, pd.NA, pd.NA, 10]
    assert r["segment"].isna().tolist() == [False, False, False, True]
    assert r["segment"].iloc[0] == "NA"
    assert pd.isna(r["comment"].iloc[1])
    assert survey.codebook.loc["nps", "role"] == "nps"
    assert survey.codebook.loc["respondent_id", "role"] == "id"


def test_plain_csv_with_another_encoding(tmp_path: Path) -> None:
    """encoding= reads a Latin-1 file; without it the bad byte is an error naming the line."""
    path = tmp_path / "latin.csv"
    path.write_bytes("nps,comment\n9,très bien\n7,ça va\n".encode("latin-1"))
    with pytest.raises(InvalidScoreError, match="line 2"):
        ex.read_survey(path)
    assert ex.read_survey(path, encoding="latin-1").responses["comment"].iloc[0] == "très bien"


def test_a_ragged_row_is_an_error_naming_the_line(tmp_path: Path) -> None:
    """A Qualtrics row with a missing cell names its line."""
    path = write_qualtrics(tmp_path / "q.csv", n=5)
    text = path.read_text(encoding="utf-8-sig").splitlines()
    text[5] = text[5].rsplit(",", 2)[0]
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(InvalidScoreError, match="line 6"):
        ex.read_survey(path)


def test_parquet_is_read(tmp_path: Path) -> None:
    """A Parquet table reads with its column types."""
    pytest.importorskip("pyarrow")
    path = tmp_path / "r.parquet"
    pd.DataFrame({"nps": [9, 10, 3], "csat": [5, 4, 2]}).to_parquet(path)
    survey = ex.read_survey(path)
    assert survey.format == "parquet"
    assert survey.codebook["role"].tolist() == ["nps", "csat"]


# ---------------------------------------------------------------- bad input
def test_a_missing_file_is_a_library_error(tmp_path: Path) -> None:
    """A path that is not a file raises InvalidParameterError naming it."""
    with pytest.raises(InvalidParameterError, match="no such file"):
        ex.read_survey(tmp_path / "nope.sav")


def test_an_unknown_format_is_a_library_error(tmp_path: Path) -> None:
    """format= must be one the library reads."""
    path = write_qualtrics(tmp_path / "q.csv", n=3)
    with pytest.raises(InvalidParameterError, match="format must be one of"):
        ex.read_survey(path, format="sps")


def test_a_role_naming_a_missing_column_is_a_schema_error(tmp_path: Path) -> None:
    """roles={'Q99': 'nps'} names the absent column."""
    path = write_qualtrics(tmp_path / "q.csv", n=3)
    with pytest.raises(SchemaError, match="Q99"):
        ex.read_survey(path, roles={"Q99": "nps"})


def test_an_unknown_role_is_a_library_error(tmp_path: Path) -> None:
    """A role must be one of the roles."""
    path = write_qualtrics(tmp_path / "q.csv", n=3)
    with pytest.raises(InvalidParameterError, match="roles\\['Q1'\\]"):
        ex.read_survey(path, roles={"Q1": "promoter"})


def test_an_nps_role_on_text_answers_is_a_library_error(tmp_path: Path) -> None:
    """Giving the comment column the NPS role names the column and the first bad cell."""
    path = write_qualtrics(tmp_path / "q.csv", n=5)
    with pytest.raises(InvalidScoreError, match=r"column 13 \('Q5'\).*must be a number"):
        ex.read_survey(path, roles={"Q5": "nps"})


def test_an_off_scale_nps_override_is_a_library_error(tmp_path: Path) -> None:
    """The duration (seconds) cannot be an NPS question."""
    path = write_qualtrics(tmp_path / "q.csv", n=5)
    with pytest.raises(InvalidScoreError, match="NPS scale"):
        ex.read_survey(path, roles={"Status": "csat", "Duration (in seconds)": "nps"})


def test_an_export_with_headers_only_is_a_library_error(tmp_path: Path) -> None:
    """A Qualtrics export without responses says so."""
    path = write_qualtrics(tmp_path / "q.csv", n=0)
    with pytest.raises(InsufficientDataError, match="no responses"):
        ex.read_survey(path)


def test_an_empty_file_is_a_library_error(tmp_path: Path) -> None:
    """An empty file is the reading rules' empty-file error."""
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(ExpectationsError, match="empty"):
        ex.read_survey(path)


@pytest.mark.parametrize("path", [3, None, b"x.csv"])
def test_a_path_that_is_not_a_path_is_a_library_error(path: object) -> None:
    """Path must be a str or PathLike."""
    with pytest.raises(InvalidParameterError, match="path"):
        ex.read_survey(path)  # type: ignore[arg-type]


def test_hostile_cells_follow_the_reading_rules(tmp_path: Path) -> None:
    """Blank and NA-token answers are missing scores; hex and thousands are errors."""
    rows = [["2024-05-01 09:00:00", "2024-05-01 09:01:00", "0", "100", "60", "True",
             "2024-05-01 09:01:00", f"R_{i}", nps, "4", "5", "North", text]
            for i, (nps, text) in enumerate([(" 9 ", "NA"), ("NA", " "), ("#N/A", "ok"),
                                             ("\t", "fine"), ("10", "NULL")])]
    path = write_qualtrics(tmp_path / "q.csv", cells=rows)
    survey = ex.read_survey(path)
    assert survey.responses["Q1"].tolist() == [9, pd.NA, pd.NA, pd.NA, 10]
    assert survey.responses["Q5"].tolist()[0] == "NA"  # text: the token is text
    assert pd.isna(survey.responses["Q5"].iloc[1])
    with pytest.warns(SmallSampleWarning):
        assert survey.nps().n_dropped == 3
    rows[2][8] = "0x9"
    write_qualtrics(path, cells=rows)
    with pytest.raises(InvalidScoreError, match="0x9"):
        ex.read_survey(path, roles={"Q1": "nps"})


def test_the_callers_file_is_not_changed(tmp_path: Path) -> None:
    """Reading leaves the file's bytes as they were."""
    path = write_qualtrics(tmp_path / "q.csv")
    before = path.read_bytes()
    ex.read_survey(path).report()
    assert path.read_bytes() == before
