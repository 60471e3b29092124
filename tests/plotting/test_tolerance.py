"""The zone-of-tolerance chart: the adequate-desired band and the perceived point."""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest

mpl.use("Agg")
import matplotlib.pyplot as plt

from expectations.errors import SchemaError
from expectations.gaps.tolerance import tolerance_zone
from expectations.plotting import plot_tolerance_zone

PERCEIVED = [3, 5, 8, 6, 6, 2, 7, 7]
ADEQUATE = [4, 4, 4, 5, 7, 3, 3, 5]
DESIRED = [7, 7, 7, 7, 5, 6, 6, 6]
DIMENSION = ["speed"] * 5 + ["care"] * 3


@pytest.fixture(autouse=True)
def _close_figures() -> Any:
    yield
    plt.close("all")


def test_gap_scale_band_and_point_match_hand_means() -> None:
    """Band 0..mean(D-A) and point at mean(P-A), inverted rows left out (LibQUAL+ screening)."""
    table = tolerance_zone(PERCEIVED, ADEQUATE, DESIRED, by=DIMENSION)
    ax = plot_tolerance_zone(table)
    p, a, d = (np.array(x, dtype=float) for x in (PERCEIVED, ADEQUATE, DESIRED))
    groups = np.array(DIMENSION)
    valid = d >= a
    # Rows in index order: care, speed (first row drawn on top).
    expected_width = [np.mean((d - a)[valid & (groups == g)]) for g in ("care", "speed")]
    expected_point = [np.mean((p - a)[valid & (groups == g)]) for g in ("care", "speed")]
    assert len(ax.patches) == 2
    np.testing.assert_allclose([bar.get_x() for bar in ax.patches], 0.0)
    np.testing.assert_allclose([bar.get_width() for bar in ax.patches], expected_width)
    np.testing.assert_allclose(ax.collections[-1].get_offsets()[:, 0], expected_point)


def test_level_shares_are_written_beside_each_band() -> None:
    """Each dimension gets "x% below, y% within, z% above", counted by hand."""
    ax = plot_tolerance_zone(tolerance_zone(PERCEIVED, ADEQUATE, DESIRED, by=DIMENSION))
    notes = [t.get_text() for t in ax.texts]
    # care: 2 < 3 below; 7 > 6 above; 7 > 6 above.
    # speed (the fifth row is inverted): 3 < 4 below; 5 in 4..7; 8 > 7 above; 6 in 5..7.
    assert notes == ["33% below, 0% within, 67% above", "25% below, 50% within, 25% above"]


def test_result_draws_one_band_labelled_all() -> None:
    """A ToleranceResult draws a single band labelled 'all'."""
    ax = plot_tolerance_zone(tolerance_zone(PERCEIVED, ADEQUATE, DESIRED))
    assert len(ax.patches) == 1
    assert [t.get_text() for t in ax.get_yticklabels()] == ["all"]


def test_mean_levels_are_drawn_on_the_rating_scale() -> None:
    """A frame of mean adequate/desired/perceived levels draws the band from adequate."""
    levels = pd.DataFrame({"adequate": [4.0, 5.5], "desired": [6.5, 7.0],
                           "perceived": [5.0, 5.0]}, index=["speed", "care"])
    ax = plot_tolerance_zone(levels)
    np.testing.assert_allclose([bar.get_x() for bar in ax.patches], [4.0, 5.5])
    np.testing.assert_allclose([bar.get_width() for bar in ax.patches], [2.5, 1.5])
    np.testing.assert_allclose(ax.collections[-1].get_offsets()[:, 0], [5.0, 5.0])
    assert ax.get_xlabel() == "mean rating"


def test_incomplete_mean_levels_name_the_missing_column() -> None:
    """A frame with some but not all of the levels names the one missing."""
    with pytest.raises(SchemaError, match="'perceived'"):
        plot_tolerance_zone(pd.DataFrame({"adequate": [4.0], "desired": [6.0]}))
