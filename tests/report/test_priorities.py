"""The report's importance-performance section names only settled quadrants."""

from __future__ import annotations

import numpy as np
import pandas as pd

import expectations as ex
from expectations.gaps import QUADRANTS
from expectations.report._model import Section
from expectations.report._sections import drivers_sections


def _priorities(drivers: pd.DataFrame) -> Section:
    return drivers_sections(drivers, confidence=0.95)[1]


def test_demo_priorities_are_not_distinguishable() -> None:
    """The demo's performance means differ by hundredths: no quadrant is named."""
    drivers = ex.datasets.load_retail().drivers.rename(columns={"overall": "outcome"})
    section = _priorities(drivers)
    table = section.table("attributes")
    assert set(table.column("quadrant")) == {"not distinguishable"}
    assert all(0 <= p < 0.95 for p in table.column("quadrant_probability"))
    assert any("not distinguishable" in note for note in section.notes)
    assert "bootstrap resamples" in section.method


def test_clear_priorities_are_named() -> None:
    """Well-separated performance on many respondents: every quadrant is named."""
    rng = np.random.default_rng(0)
    n = 2000
    perf = {"price": 2.0, "delivery": 4.5, "quality": 2.2, "support": 4.4}
    frame = pd.DataFrame({k: np.clip(np.round(rng.normal(m, 0.5, n)), 1, 5)
                          for k, m in perf.items()})
    frame["outcome"] = (3 * frame["price"] + 2.5 * frame["delivery"] + 0.2 * frame["quality"]
                        + 0.1 * frame["support"] + rng.normal(0, 1, n))
    section = _priorities(frame)
    quadrants = section.table("attributes").column("quadrant")
    assert set(quadrants) <= set(QUADRANTS)
    assert section.notes == ()


def test_section_is_reproducible() -> None:
    """The bootstrap is seeded: the same data gives the same section."""
    drivers = ex.datasets.load_retail().drivers.rename(columns={"overall": "outcome"})
    assert _priorities(drivers) == _priorities(drivers)
