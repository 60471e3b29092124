"""``expectations check`` prints a ScaleWarning as one line on standard error."""

from __future__ import annotations

from pathlib import Path

import pytest

from expectations.cli import main


def _responses(tmp_path: Path, answers: list[int]) -> Path:
    path = tmp_path / "responses.csv"
    segments = ["north", "south", "east"]
    rows = [f"{a},{segments[i % 3]}" for i, a in enumerate(answers)]
    path.write_text("nps,segment\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("threshold", "code"), [("-100", 0), ("50", 1)])
def test_check_prints_scale_warning_once(tmp_path: Path, threshold: str, code: int,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """1..5 answers: one warning line on stderr, no traceback; the exit code is the verdict's."""
    path = _responses(tmp_path, [1, 2, 3, 4, 5] * 12)
    assert main(["check", "--responses", str(path), "--min-nps", threshold]) == code
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if "warning" in line]
    assert len(lines) == 1
    assert lines[0].startswith("expectations: warning: scores look like answers on a 1..5 scale")
    assert "Traceback" not in captured.err
    assert "nps" in captured.out


def test_check_on_0_to_10_answers_prints_no_warning(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """Ordinary 0-10 answers give no scale warning."""
    path = _responses(tmp_path, [0, 6, 7, 8, 9, 10] * 10)
    assert main(["check", "--responses", str(path), "--min-nps", "-100"]) == 0
    assert "scale" not in capsys.readouterr().err


def test_streamed_check_prints_the_same_warning(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """The streamed check (counts read in chunks) judges the answers by the same rule."""
    path = _responses(tmp_path, [1, 2, 3, 4, 5] * 12)
    assert main(["check", "--stream", "--responses", str(path), "--min-nps", "-100"]) == 0
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "warning" in line]
    assert len(lines) == 1
    assert "1..5 scale" in lines[0]
