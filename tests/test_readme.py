"""The README's quickstart runs as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def _python_blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, re.S)


def test_readme_has_a_quickstart_of_at_most_20_lines() -> None:
    """The quickstart is one Python block of no more than 20 non-blank lines."""
    blocks = [b for b in _python_blocks() if "ex." in b]
    assert len(blocks) == 1
    assert len([line for line in blocks[0].splitlines() if line.strip()]) <= 20


def test_readme_quickstart_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """Every statement of the quickstart executes and prints the scores it promises."""
    block = next(b for b in _python_blocks() if "ex." in b)
    namespace: dict[str, object] = {}
    exec(compile(block, str(README), "exec"), namespace)  # noqa: S102 (our own README)
    out = capsys.readouterr().out
    assert "score" in out
    assert namespace["result"].interval.method == "adjusted-wald"  # type: ignore[attr-defined]


def test_readme_quickstart_shows_the_headline(capsys: pytest.CaptureFixture[str]) -> None:
    """The quickstart prints the report's headline first: findings with a severity each."""
    block = next(b for b in _python_blocks() if "ex." in b)
    exec(compile(block, str(README), "exec"), {})  # noqa: S102 (our own README)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:5] == ["good", "Net", "Promoter", "Score", "is"]
    assert sum(line.split()[0] in ("good", "watch", "act") for line in lines[:8]) == 8
