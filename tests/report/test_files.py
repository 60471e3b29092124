"""Reading input files for `expectations report`: bad files exit 2 with file, line and column."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pandas as pd
import pytest

from expectations import datasets
from expectations.cli import main
from expectations.errors import InvalidParameterError
from expectations.report._inputs import read_table

GOOD = "nps,segment\n10,a\n9,b\n3,a\n"

BAD_FILES = {
    # name: (file content, text that must appear in the message after the file name)
    "wrong delimiter": ("nps;segment\n10;a\n9;b\n", "line 1, column 1"),
    "missing column": ("score,segment\n10,a\n9,b\n", "line 1 (the header): none of the score"),
    "non-numeric score": ("nps,segment\n10,a\nten,b\n", "line 3, column 1 ('nps')"),
    "score off the scale": ("nps,segment\n10,a\n11,b\n", "line 3, column 1 ('nps')"),
    "empty file": ("", "line 1"),
    "header only": ("nps,segment\n", "line 2"),
    "truncated last line": ("nps,segment\n10,a\n9,b\n3", "line 4, column 2 ('segment')"),
    "unterminated quote": ('nps,segment\n10,a\n9,"b\n', "line 3"),
    "too many fields": ("nps,segment\n10,a,x\n", "line 2, column 3"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_exits_2_with_file_line_column(tmp_path: Path, case: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Each kind of bad file stops with exit code 2 and names the file, line and column."""
    content, where = BAD_FILES[case]
    path = tmp_path / "responses.csv"
    path.write_text(content, encoding="utf-8")
    output = tmp_path / "report.html"
    assert main(["report", "--responses", str(path), "--format", "html",
                 "--output", str(output)]) == 2
    captured = capsys.readouterr()
    assert f"{path}, {where}" in captured.err
    assert captured.out == ""
    assert not output.exists()
    assert list(tmp_path.iterdir()) == [path]  # no partial or temporary file left behind


def test_failure_leaves_an_existing_output_untouched(tmp_path: Path) -> None:
    """A failed run does not overwrite the previous report at --output."""
    bad = tmp_path / "responses.csv"
    bad.write_text("nps\n10\nx\n", encoding="utf-8")
    output = tmp_path / "report.json"
    output.write_text("previous", encoding="utf-8")
    assert main(["report", "--responses", str(bad), "--format", "json", "-o", str(output)]) == 2
    assert output.read_text(encoding="utf-8") == "previous"


def test_column_flag_maps_a_renamed_column(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """--column nps=ltr reads the NPS from the 'ltr' column (25 = 50% - 25%)."""
    path = tmp_path / "r.csv"
    path.write_text("ltr\n10\n10\n8\n3\n", encoding="utf-8")
    assert main(["report", "--responses", str(path), "--column", "nps=ltr",
                 "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    nps = next(s for s in document["sections"] if s["key"] == "nps")
    assert nps["tables"][0]["rows"][0]["score"] == pytest.approx(25.0)


def test_mistyped_column_flag_names_column_and_file(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A --column naming a column that is not in the file exits 2 naming both."""
    path = tmp_path / "r.csv"
    path.write_text("ltr\n10\n", encoding="utf-8")
    assert main(["report", "--responses", str(path), "--column", "nps=ltrr"]) == 2
    err = capsys.readouterr().err
    assert str(path) in err
    assert "'ltrr'" in err
    assert "Did you mean 'ltr'" in err


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_config_file_maps_columns_and_files(tmp_path: Path, suffix: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """A JSON or TOML config maps columns and names input files relative to itself."""
    (tmp_path / "r.csv").write_text("ltr,tier\n10,a\n3,b\n9,a\n", encoding="utf-8")
    if suffix == ".json":
        text = json.dumps({"files": {"responses": "r.csv"},
                           "responses": {"nps": "ltr", "segment": "tier"}})
    else:
        text = '[files]\nresponses = "r.csv"\n[responses]\nnps = "ltr"\nsegment = "tier"\n'
    config = tmp_path / f"mapping{suffix}"
    config.write_text(text, encoding="utf-8")
    assert main(["report", "--config", str(config), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [s["key"] for s in document["sections"]][:3] == ["headline", "nps", "segments"]


def test_bad_config_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A config file that is not valid JSON exits 2 with its line and column."""
    config = tmp_path / "mapping.json"
    config.write_text('{"responses": {"nps": }', encoding="utf-8")
    assert main(["report", "--config", str(config)]) == 2
    assert f"the file {str(config)!r} has an error at line 1, column" in capsys.readouterr().err


def test_parquet_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A Parquet file gives the same NPS as the data frame it was written from."""
    pytest.importorskip("pyarrow")
    responses = datasets.load_retail().responses[["nps", "segment"]]
    path = tmp_path / "responses.parquet"
    responses.to_parquet(path)
    assert main(["report", "--responses", str(path), "--format", "json"]) == 0
    sections = json.loads(capsys.readouterr().out)["sections"]
    row = next(s for s in sections if s["key"] == "nps")["tables"][0]["rows"][0]
    scores = responses["nps"].dropna()
    assert row["score"] == pytest.approx(100 * ((scores >= 9).mean() - (scores <= 6).mean()))


def test_parquet_bad_value_names_row_and_column(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A non-numeric score in Parquet exits 2 naming the file, row and column."""
    pytest.importorskip("pyarrow")
    path = tmp_path / "r.parquet"
    pd.DataFrame({"nps": ["10", "9", "lots"]}).to_parquet(path)
    assert main(["report", "--responses", str(path)]) == 2
    assert f"{path}, row 3, column 1 ('nps')" in capsys.readouterr().err


def test_parquet_without_pyarrow_names_the_package(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Without pyarrow a Parquet input exits 2 and says what to install."""
    path = tmp_path / "r.parquet"
    path.write_bytes(b"PAR1")
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "pyarrow" else real(name, *a))
    assert main(["report", "--responses", str(path)]) == 2
    assert "pip install pyarrow" in capsys.readouterr().err


@pytest.mark.parametrize("delimiter", ["", "ab", None, '"', "\n", 3])
def test_bad_delimiter_is_invalid_parameter_naming_delimiter(tmp_path: Path,
                                                            delimiter: object) -> None:
    """A delimiter csv would refuse is InvalidParameterError naming delimiter, not TypeError."""
    path = tmp_path / "responses.csv"
    path.write_text("nps\n10\n", encoding="utf-8")
    with pytest.raises(InvalidParameterError, match=r"^delimiter must be one character"):
        read_table(path, delimiter=delimiter)  # type: ignore[arg-type]
