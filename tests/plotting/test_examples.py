"""The examples/ scripts run on the demo data and each saves its figures."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path
from typing import Any

import matplotlib as mpl
import pytest

mpl.use("Agg")
import matplotlib.pyplot as plt

import expectations.accessor  # noqa: F401 -- registers df.cx until the package root does

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FIGURES = {
    "nps_by_segment.py": ["nps_by_segment.png"],
    "kano_map.py": ["kano_map.png"],
    "tolerance_zone.py": ["tolerance_zone.png"],
    "priorities.py": ["priorities.png"],
    "nps_trend.py": ["csat_trend.png", "nps_trend.png"],
    "segments.py": ["segments.png"],
    "plot_funnel.py": ["funnel.png"],
}


@pytest.fixture(autouse=True)
def _close_figures() -> Any:
    yield
    plt.close("all")


def test_every_example_is_listed() -> None:
    """Each script in examples/ is run by the test below."""
    assert sorted(p.name for p in EXAMPLES.glob("*.py")) == sorted(FIGURES)


@pytest.mark.parametrize("script", sorted(FIGURES))
def test_example_runs_and_saves_its_figures(script: str, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """The script prints its table and writes non-trivial PNGs to the directory it is given."""
    monkeypatch.setattr(sys, "argv", [script, str(tmp_path)])
    runpy.run_path(str(EXAMPLES / script), run_name="__main__")
    assert capsys.readouterr().out.strip()
    for name in FIGURES[script]:
        assert (tmp_path / name).stat().st_size > 10_000
