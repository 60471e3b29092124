"""The NPS distribution chart: one stacked bar per group, the score and interval beside it."""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
import numpy as np
import pytest

mpl.use("Agg")
import matplotlib.pyplot as plt

import expectations as ex
from expectations.plotting import plot_nps

# 40 answers per channel; the shares are counted by hand below.
SCORES = [10, 9, 8, 7, 3] * 8 + [10, 6, 6, 9, 2] * 8 + [9, 9, 9, 8, 0] * 8
CHANNELS = ["web"] * 40 + ["app"] * 40 + ["store"] * 40


@pytest.fixture(autouse=True)
def _close_figures() -> Any:
    yield
    plt.close("all")


def test_three_bars_per_group_with_hand_counted_widths() -> None:
    """Bars are detractor, passive, promoter per group; widths are the shares in percent."""
    table = ex.nps(SCORES, by=CHANNELS)
    ax = plot_nps(table)
    assert len(ax.patches) == 3 * len(table)
    widths = np.array([bar.get_width() for bar in ax.patches]).reshape(3, -1)
    # By hand (groups in sorted order app, store, web): app 10,6,6,9,2 -> 2P 0Q 3D of 5;
    # store 9,9,9,8,0 -> 3P 1Q 1D; web 10,9,8,7,3 -> 2P 2Q 1D.
    expected = np.array([[60.0, 20.0, 20.0], [0.0, 20.0, 40.0], [40.0, 60.0, 40.0]])
    np.testing.assert_allclose(widths, expected)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["app", "store", "web"]


def test_bars_stack_to_one_hundred_percent() -> None:
    """Each group's three bars end at 100%."""
    ax = plot_nps(ex.nps(SCORES, by=CHANNELS))
    ends = np.array([bar.get_x() + bar.get_width() for bar in ax.patches]).reshape(3, -1)
    np.testing.assert_allclose(ends[-1], 100.0)


def test_score_interval_and_n_are_annotated() -> None:
    """Each group gets "NPS <score> [<low>, <high>]  n=<n>", scores counted by hand."""
    table = ex.nps(SCORES, by=CHANNELS, ci="wald")
    ax = plot_nps(table)
    notes = [t.get_text() for t in ax.texts if t.get_text().startswith("NPS")]
    # NPS by hand: app (2-3)/5 = -20, store (3-1)/5 = +40, web (2-1)/5 = +20.
    assert [note.split("[")[0].strip() for note in notes] == ["NPS -20", "NPS +40", "NPS +20"]
    low, high = table.loc["web", ["ci_low", "ci_high"]]
    assert notes[2] == f"NPS +20 [{low:+.0f}, {high:+.0f}]  n=40"


def test_result_without_interval_draws_one_bar_labelled_all() -> None:
    """An NPSResult gives one bar group labelled 'all'; ci=None leaves out the brackets."""
    ax = plot_nps(ex.nps(SCORES, ci=None))
    assert len(ax.patches) == 3
    assert [t.get_text() for t in ax.get_yticklabels()] == ["all"]
    assert [t.get_text() for t in ax.texts if t.get_text().startswith("NPS")] == [
        "NPS +13  n=120"]


def test_legend_names_the_three_categories() -> None:
    """The legend spells out the 0-10 ranges of the categories."""
    ax = plot_nps(ex.nps(SCORES, by=CHANNELS))
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["detractors (0-6)", "passives (7-8)", "promoters (9-10)"]


def test_two_keys_are_joined_in_the_labels() -> None:
    """Groups by two keys are labelled "a / b"."""
    halves = (["h1"] * 20 + ["h2"] * 20) * 3
    with pytest.warns(ex.errors.SmallSampleWarning):
        table = ex.nps(SCORES, by=[np.array(CHANNELS), np.array(halves)])
    ax = plot_nps(table)
    assert ax.get_yticklabels()[0].get_text() == "app / h1"
