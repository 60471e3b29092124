"""The ``expectations`` command line: report, check and demo."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import expectations
from expectations import datasets
from expectations.cli import main


def _demo_nps() -> float:
    scores = datasets.load_retail().responses["nps"].dropna().to_numpy(dtype=float)
    return float(100 * (np.mean(scores >= 9) - np.mean(scores <= 6)))


def test_demo_is_report_demo(capsys: pytest.CaptureFixture[str]) -> None:
    """`expectations demo` prints the same report as `expectations report --demo`."""
    assert main(["demo"]) == 0
    demo = capsys.readouterr().out
    assert main(["report", "--demo"]) == 0
    assert capsys.readouterr().out == demo
    assert f"{_demo_nps():.1f}" in demo
    assert "delivery within 2 days" in demo


@pytest.mark.parametrize(("fmt", "marker"), [("json", '"schema_version"'),
                                             ("html", "<!DOCTYPE html>"),
                                             ("markdown", "# Customer expectations report"),
                                             ("terminal", "Customer expectations report\n===")])
def test_report_formats_write_the_output_file(tmp_path: Path, fmt: str, marker: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Every --format writes a complete file at --output and nothing to stdout."""
    output = tmp_path / f"report.{fmt}"
    assert main(["report", "--demo", "--format", fmt, "--output", str(output),
                 "--no-charts"]) == 0
    assert capsys.readouterr().out == ""
    text = output.read_text(encoding="utf-8")
    assert marker in text
    assert list(tmp_path.iterdir()) == [output]


def test_json_to_stdout_has_no_progress(capsys: pytest.CaptureFixture[str]) -> None:
    """JSON on stdout is the document alone, and nothing is written to stderr when piped."""
    assert main(["report", "--demo", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["complete"] is True
    assert captured.err == ""


@pytest.mark.parametrize(("args", "code"), [
    (["--min-nps", "20"], 0),
    (["--min-nps", "30"], 1),
    (["--max-broken-rate", "0.5"], 0),
    (["--max-broken-rate", "0.05"], 1),
    (["--min-nps", "27.5"], 0),
    (["--min-nps", "27.5", "--conservative"], 1),
    (["--min-csat", "70", "--min-ces", "75"], 0),
])
def test_check_exit_codes(args: list[str], code: int,
                          capsys: pytest.CaptureFixture[str]) -> None:
    """Check exits 0 when all thresholds pass and 1 when one fails (demo NPS 28.1 [26.9, 29.3])."""
    assert main(["check", "--demo", *args]) == code
    out = capsys.readouterr().out
    assert ("FAIL" in out) == (code == 1)


def test_check_prints_which_threshold_failed(capsys: pytest.CaptureFixture[str]) -> None:
    """A failing check names the metric, its value and the threshold."""
    assert main(["check", "--demo", "--min-nps", "30", "--max-broken-rate", "0.2"]) == 1
    out = capsys.readouterr().out
    assert f"FAIL nps: {_demo_nps():.1f} (estimate) < minimum 30" in out
    assert "FAIL broken rate of 'delivery within 2 days'" in out
    assert "PASS broken rate of 'chat reply within 60 seconds'" in out


@pytest.mark.parametrize("args", [
    ["check", "--demo"],
    ["check", "--min-nps", "30"],
    ["check", "--demo", "--max-broken-rate", "5"],
    ["report"],
    ["report", "--demo", "--column", "nps"],
    ["report", "--demo", "--column", "nonsense=x"],
])
def test_bad_usage_exits_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Missing thresholds, missing inputs and malformed options exit 2 with a message."""
    assert main(args) == 2
    assert capsys.readouterr().err.startswith("expectations: error: ")


def test_check_missing_metric_input_exits_2(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """--min-csat on responses without a CSAT column is bad input (2), not a failure (1)."""
    path = tmp_path / "r.csv"
    path.write_text("nps\n10\n9\n", encoding="utf-8")
    assert main(["check", "--responses", str(path), "--min-csat", "70"]) == 2
    assert "csat" in capsys.readouterr().err


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """Without a subcommand the CLI shows its usage and signals bad usage."""
    assert main([]) == 2
    assert "usage: expectations" in capsys.readouterr().out


def test_unknown_command_exits_2() -> None:
    """An unknown subcommand is a usage error (exit code 2)."""
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2


def test_python_dash_m_version() -> None:
    """`python -m expectations --version` prints the package version."""
    completed = subprocess.run(
        [sys.executable, "-m", "expectations", "--version"],
        capture_output=True, text=True, check=True,
    )
    assert completed.stdout.strip() == f"expectations {expectations.__version__}"


@pytest.mark.parametrize("delimiter", ["", "ab"])
def test_bad_delimiter_exits_2_with_a_message(tmp_path: Path, delimiter: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """--delimiter that is not one character exits 2 with one error line naming it."""
    path = tmp_path / "r.csv"
    path.write_text("nps\n10\n9\n", encoding="utf-8")
    assert main(["report", "--responses", str(path), "--delimiter", delimiter]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("expectations: error: delimiter must be one character")
