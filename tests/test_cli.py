"""The ``expectations`` command line."""

from __future__ import annotations

import subprocess
import sys

import pytest

import expectations
from expectations import datasets
from expectations.cli import main
from expectations.scoring import nps


def test_demo_prints_the_overall_nps(capsys: pytest.CaptureFixture[str]) -> None:
    """`expectations demo` exits 0 and prints the demo's overall NPS as computed by nps()."""
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    expected = nps(datasets.load_retail().responses["nps"], missing="drop")
    assert f"overall {expected.score:.1f}" in out
    assert "delivery within 2 days" in out


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """Without a subcommand the CLI shows its usage and signals bad usage."""
    assert main([]) == 2
    assert "usage: expectations" in capsys.readouterr().out


def test_unknown_command_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
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
