"""String options are Literal types: mypy rejects a misspelt ``missing=`` (tests/typing)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

TYPING = Path(__file__).parent / "typing"
ROOT = Path(__file__).parents[1]


@pytest.mark.slow
def test_mypy_catches_misspelt_options(tmp_path: Path) -> None:
    """tests/typing type-checks (each typo's ignore is used) and a bare typo is an error."""
    pytest.importorskip("mypy", reason="mypy is not installed (CI runs `mypy tests/typing`)")
    typo = tmp_path / "typo.py"
    typo.write_text('import expectations as ex\n\nex.nps([9, 10], missing="dorp")\n')
    run = subprocess.run(  # noqa: S603 - this interpreter running mypy on our own files
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
         "--cache-dir", str(tmp_path / "cache"), str(TYPING), str(typo)],
        capture_output=True, text=True, cwd=ROOT, check=False)
    errors = [line for line in run.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1, run.stdout
    assert errors[0].startswith(str(typo)), run.stdout
    assert "No overload variant of \"nps\"" in errors[0]
