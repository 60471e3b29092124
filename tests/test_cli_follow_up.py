"""``expectations follow-up``: the call list as formula-safe CSV, end to end on hostile files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from expectations.cli import main

HOSTILE = (
    "id,ltr,clv,answered,comment\n"
    '"=HYPERLINK(""http://evil.example"",""click"")",3,900,2024-05-01,"Courier lost my parcel"\n'
    "NA,6,100,2024-05-02,rude staff\n"
    "b,NA,50,2024-05-02,\n"
    "c,7,,2024-05-03,\n"
    "c,2,,2024-04-03,far too pricey\n"
    "d,10,1,2024-05-01,great\n"
    "@SUM(A1),N/A,5,2024-05-01,\n"
)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "responses.csv"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


def test_hostile_file_end_to_end(hostile: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    """NA tokens, formula ids and repeat answers: the CSV is ordered, safe and counted.

    The id ``NA`` is text (a customer called NA), the score ``NA`` is missing
    (dropped with --missing drop); c's latest answer (7, May 3) counts, not
    the earlier 2; the formula id is quoted out of a spreadsheet's reach.
    """
    out = tmp_path / "call-list.csv"
    code, stdout, stderr = _run(
        ["follow-up", "--responses", str(hostile), "--customers", "id", "--score", "ltr",
         "--value", "clv", "--date", "answered", "--text", "comment", "--missing", "drop",
         "--output", str(out)], capsys)
    assert code == 0
    assert stdout == ""
    rows = _rows(out.read_text(encoding="utf-8"))
    assert [r["customer"] for r in rows] == ["'=HYPERLINK(\"http://evil.example\",\"click\")",
                                             "NA", "c"]
    assert [r["priority"] for r in rows] == ["1", "2", "3"]
    assert [r["group"] for r in rows] == ["detractor", "detractor", "passive"]
    assert [r["date"] for r in rows] == ["2024-05-01", "2024-05-02", "2024-05-03"]
    assert [r["themes"] for r in rows] == ["delivery", "staff_and_courtesy", ""]
    assert list(rows[0]) == ["customer", "score", "group", "priority", "value", "date",
                             "themes"]
    assert stderr.count("\n") == 1
    assert stderr.startswith("expectations: note: 3 of 4 customers to contact")
    assert "1 repeat answer collapsed" in stderr
    assert "2 answers without a score or customer id dropped" in stderr


def test_theme_names_are_neutralised_too(hostile: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """A lexicon theme named like a formula comes out with a leading quote."""
    lexicon = tmp_path / "themes.json"
    lexicon.write_text(json.dumps({"=cmd|' /C calc'!A0": ["parcel"]}), encoding="utf-8")
    code, stdout, _ = _run(
        ["follow-up", "--responses", str(hostile), "--customers", "id", "--score", "ltr",
         "--value", "clv", "--text", "comment", "--lexicon", str(lexicon), "--missing", "drop",
         "--limit", "1"], capsys)
    assert code == 0
    rows = _rows(stdout)
    assert len(rows) == 1
    assert rows[0]["themes"] == "'=cmd|' /C calc'!A0"


def test_latin1_with_encoding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A latin-1 file reads with --encoding latin-1, and is one error line without it."""
    path = tmp_path / "latin1.csv"
    path.write_bytes("client,nps,commentaire\nzoé,2,Livraison très en retard\n"
                     .encode("latin-1"))
    argv = ["follow-up", "--responses", str(path), "--customers", "client", "--text",
            "commentaire"]
    code, stdout, _ = _run([*argv, "--encoding", "latin-1"], capsys)
    assert code == 0
    assert _rows(stdout)[0]["customer"] == "zoé"
    assert "delivery" in _rows(stdout)[0]["themes"]
    code, stdout, stderr = _run(argv, capsys)
    assert (code, stdout) == (2, "")
    assert stderr.count("\n") == 1
    assert "line 2" in stderr
    assert "not UTF-8" in stderr


@pytest.mark.parametrize(("extra", "words"), [
    (["--customers", "idd"], "column 'idd' (named by --customers) is missing"),
    (["--customers", "id"], "line 4, column 2 ('ltr'): must be present"),
    (["--customers", "id", "--missing", "drop", "--date", "comment"], "must be a date"),
    (["--customers", "id", "--missing", "drop", "--limit", "0"], "--limit must be at least 1"),
    (["--customers", "id", "--missing", "drop", "--lexicon", "absent.json"], "absent.json"),
])
def test_bad_input_is_one_line_exit_2(hostile: Path, extra: list[str], words: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """A missing column, a missing score, a bad date or option: exit 2, one line, no output."""
    code, stdout, stderr = _run(["follow-up", "--responses", str(hostile), "--score", "ltr",
                                 *extra], capsys)
    assert (code, stdout) == (2, "")
    assert stderr.count("\n") == 1
    assert words in stderr
    if "must be present" in words:
        assert "--missing drop" in stderr


def test_output_dash_is_standard_output(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--output -`` writes the CSV to standard output."""
    code, stdout, _ = _run(["follow-up", "--responses", str(hostile), "--customers", "id",
                            "--score", "ltr", "--missing", "drop", "--output", "-"], capsys)
    assert code == 0
    assert stdout.startswith("customer,score,group,priority,value,date,themes\n")
