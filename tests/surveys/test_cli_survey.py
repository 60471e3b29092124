"""expectations report --survey: a survey export's report from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.surveys.exports import write_qualtrics

import expectations as ex
from expectations.cli import main


def test_report_survey_gives_the_surveys_report(tmp_path: Path) -> None:
    """The JSON report of --survey equals Survey.report() on the same file."""
    path = ex.datasets.qualtrics_export_path()
    out = tmp_path / "r.json"
    assert main(["report", "--survey", str(path), "--format", "json", "-o", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    expected = json.loads(ex.read_survey(path).report().to_json())
    assert document["sections"] == expected["sections"]


def test_report_survey_reads_a_utf16_tsv(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """A Qualtrics TSV (UTF-16) needs no --encoding or --delimiter."""
    path = write_qualtrics(tmp_path / "q.tsv", tsv=True)
    assert main(["report", "--survey", str(path), "--format", "markdown"]) == 0
    assert "Net Promoter Score" in capsys.readouterr().out


def test_column_sets_roles_and_the_segment(tmp_path: Path) -> None:
    """--column nps=Q3 gives Q3 the NPS role; --column segment=Q4 names the segment."""
    path = write_qualtrics(tmp_path / "q.csv")
    out = tmp_path / "r.json"
    assert main(["report", "--survey", str(path), "--column", "segment=Q4", "--format",
                 "json", "-o", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    keys = [s["key"] for s in document["sections"]]
    assert "segments" in keys


@pytest.mark.parametrize(("args", "message"), [
    (["--demo"], "cannot be combined"),
    (["--column", "drivers.outcome=x"], "--column takes"),
    (["--column", "nps=Q99"], "Q99"),
])
def test_bad_survey_usage_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  args: list[str], message: str) -> None:
    """Bad combinations and unknown columns are one line on stderr and exit code 2."""
    path = write_qualtrics(tmp_path / "q.csv", n=5)
    assert main(["report", "--survey", str(path), *args]) == 2
    assert message in capsys.readouterr().err


def test_missing_survey_file_exits_2(tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """A survey file that does not exist is exit code 2, not a traceback."""
    assert main(["report", "--survey", str(tmp_path / "nope.sav")]) == 2
    assert "no such file" in capsys.readouterr().err
