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


# ---------------------------------------------------------------- QA F3: report and score

SCALE = "1..5 scale"


def _nps_notes(document: str) -> list[str]:
    import json

    sections = {s["key"]: s for s in json.loads(document)["sections"]}
    return list(sections["nps"]["notes"])


@pytest.mark.parametrize("stream", [[], ["--stream"]])
def test_report_says_the_scale_warning_once_and_notes_it(tmp_path: Path, stream: list[str],
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    """One warning line (not Python's `file:6: ScaleWarning ... sys.exit(main())`), one note."""
    path = _responses(tmp_path, [1, 2, 3, 4, 5] * 12)
    assert main(["report", "--responses", str(path), "--format", "json", *stream]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("expectations: warning: scores look like answers on a "
                                   "1..5 scale")
    assert "sys.exit" not in captured.err
    assert "ScaleWarning" not in captured.err
    notes = _nps_notes(captured.out)
    assert sum(SCALE in note for note in notes) == 1


@pytest.mark.parametrize("by", [[], ["--by", "segment"]])
def test_score_says_the_scale_warning_once(tmp_path: Path, by: list[str],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = _responses(tmp_path, [1, 2, 3, 4, 5] * 30)
    assert main(["score", str(path), "--metric", "nps", "--column", "nps", *by]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("expectations: warning: ")
    assert SCALE in err


@pytest.mark.parametrize("streamed", [False, True])
def test_report_puts_the_scale_warning_on_the_nps_section(tmp_path: Path,
                                                          streamed: bool) -> None:
    """In Python: one ScaleWarning (not one per section) and a note of the NPS section."""
    import warnings

    import pandas as pd

    from expectations.errors import ScaleWarning
    from expectations.report import report, stream_report

    path = _responses(tmp_path, [1, 2, 3, 4, 5] * 12)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        built = stream_report(responses=path) if streamed else \
            report(responses=pd.read_csv(path))
    scale = [w for w in caught if issubclass(w.category, ScaleWarning)]
    assert len(scale) == 1
    assert [w for w in caught if w not in scale] == []
    assert scale[0].filename == __file__  # points at the caller's line
    assert sum(SCALE in note for note in built["nps"].notes) == 1
    assert all(SCALE not in note for s in built for note in s.notes if s.key != "nps")
