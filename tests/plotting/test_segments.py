"""The segment comparison forest plot."""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
import numpy as np
import pytest

mpl.use("Agg")
import matplotlib.pyplot as plt

from expectations.plotting import _style, plot_segment_comparison
from expectations.segmentation.compare import compare_segments

SCORES = [10, 9, 8, 7, 6, 9] * 20 + [10, 9, 8, 7, 6, 3] * 20 + [10, 9, 9, 8, 7, 6] * 20
SEGMENTS = ["web"] * 120 + ["phone"] * 120 + ["store"] * 120


@pytest.fixture(autouse=True)
def _close_figures() -> Any:
    yield
    plt.close("all")


def test_reference_line_is_the_nps_of_all_customers() -> None:
    """The dashed line is the overall NPS, 100 (P - D) / n counted by hand."""
    ax = plot_segment_comparison(compare_segments(SCORES, SEGMENTS))
    x = np.array(SCORES)
    overall = 100 * ((x >= 9).sum() - (x <= 6).sum()) / x.size
    assert ax.lines[0].get_xdata()[0] == pytest.approx(overall)


def test_one_interval_per_segment_at_its_bounds() -> None:
    """Each segment's whisker spans ci_low..ci_high and its point is the score."""
    table = compare_segments(SCORES, SEGMENTS)
    ax = plot_segment_comparison(table)
    whiskers = np.array([line.get_xdata() for line in ax.lines[1:]])
    np.testing.assert_allclose(whiskers, table[["ci_low", "ci_high"]].to_numpy())
    np.testing.assert_allclose(ax.collections[0].get_offsets()[:, 0], table["score"])
    assert [t.get_text() for t in ax.get_yticklabels()] == list(table.index)


def test_significant_segments_are_starred_and_coloured() -> None:
    """Holm-adjusted p-values are printed; only significant rows get a star and colour."""
    table = compare_segments(SCORES, SEGMENTS)
    ax = plot_segment_comparison(table)
    notes = [t.get_text() for t in ax.texts]
    # phone differs (p_adj 0.001); web and store do not (0.108), as documented in
    # compare_segments' example.
    assert notes == ["p_adj=0.001 *", "p_adj=0.108", "p_adj=0.108"]
    colours = [line.get_color() for line in ax.lines[1:]]
    assert colours == [_style.BAD, _style.HIGHLIGHT, _style.HIGHLIGHT]
