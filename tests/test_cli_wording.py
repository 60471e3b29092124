"""CLI errors suggest the command's flags (``--missing drop``), not Python keywords."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from expectations.cli import _as_flags, main


@pytest.mark.parametrize(("rows", "extra"), [
    ("9,a\n,b\n10,a\n", []),                  # a missing answer
    ("9,a\n7,\n10,a\n", ["--by", "segment"]),  # a missing group key
])
def test_missing_values_suggest_the_missing_flag(tmp_path: Path, rows: str, extra: list[str],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The error names --missing drop, and following it works."""
    path = tmp_path / "answers.csv"
    path.write_text("score,segment\n" + rows)
    command = ["score", str(path), "--metric", "nps", "--column", "score", *extra]
    assert main(command) == 2
    err = capsys.readouterr().err
    assert "--missing drop" in err
    assert 'missing="drop"' not in err
    assert main([*command, "--missing", "drop"]) == 0


def test_keywords_without_a_flag_are_left_alone() -> None:
    """Only keywords the command has a flag for are translated."""
    with_flag = argparse.Namespace(missing="raise")
    without = argparse.Namespace()
    message = 'Drop them, or pass missing="drop"; or pass format=\'csv\'.'
    expected = "Drop them, or pass --missing drop; or pass format='csv'."
    assert _as_flags(message, with_flag) == expected
    assert _as_flags(message, without) == message
