"""The Kano Better/Worse diagram: points at (Better, |Worse|) and the four quadrants."""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest

mpl.use("Agg")
import matplotlib.pyplot as plt

import expectations as ex
from expectations.plotting import plot_kano
from expectations.plotting.kano import KANO_QUADRANTS


@pytest.fixture(autouse=True)
def _close_figures() -> Any:
    yield
    plt.close("all")


def test_points_sit_at_better_and_absolute_worse() -> None:
    """Coordinates follow Berger et al. (1993): Better=(A+O)/(A+O+M+I), |Worse|=(O+M)/(...)."""
    # Evaluation table (Berger et al. 1993): like/neutral = A, like/dislike = O,
    # must-be/dislike = M, neutral/neutral = I.
    functional = ["like", "like", "like", "must-be", "neutral", "like", "neutral", "neutral"]
    dysfunctional = ["neutral", "dislike", "dislike", "dislike", "neutral", "neutral",
                     "neutral", "neutral"]
    feature = ["chat"] * 5 + ["wrap"] * 3
    ax = plot_kano(ex.kano(functional, dysfunctional, feature=feature))
    # chat: A=1, O=2, M=1, I=1 -> Better 3/5, |Worse| 3/5; wrap: A=1, I=2 -> 1/3, 0.
    np.testing.assert_allclose(ax.collections[0].get_offsets(), [[0.6, 0.6], [1 / 3, 0.0]])


def test_quadrant_and_feature_labels_are_drawn() -> None:
    """The four quadrant names and every feature's name are on the chart."""
    k = ex.datasets.load_retail().kano
    table = ex.kano(k["functional"], k["dysfunctional"], feature=k["feature"])
    ax = plot_kano(table)
    texts = {t.get_text() for t in ax.texts}
    assert set(KANO_QUADRANTS) <= texts
    assert set(table.index) <= texts
    assert len(ax.collections[0].get_offsets()) == len(table)


def test_quadrants_match_the_coefficients() -> None:
    """Each quadrant label sits on the side of 0.5 its definition says."""
    assert KANO_QUADRANTS["attractive"][0] > 0.5 > KANO_QUADRANTS["attractive"][1]
    assert KANO_QUADRANTS["must-be"][0] < 0.5 < KANO_QUADRANTS["must-be"][1]
    assert min(KANO_QUADRANTS["one-dimensional"]) > 0.5
    assert max(KANO_QUADRANTS["indifferent"]) < 0.5


def test_plain_frame_with_better_and_worse_is_accepted() -> None:
    """Any frame with better and worse columns works; the axes span 0..1."""
    frame = pd.DataFrame({"better": [0.8, 0.2], "worse": [-0.1, -0.9]}, index=["a", "b"])
    ax = plot_kano(frame)
    np.testing.assert_allclose(ax.collections[0].get_offsets(), [[0.8, 0.1], [0.2, 0.9]])
    assert ax.get_xlim() == (0.0, 1.0)
    assert ax.get_ylim() == (0.0, 1.0)


CROWDED = ["free returns", "live chat", "gift wrap", "same-day delivery", "loyalty points",
           "order tracking", "eco packaging", "saved baskets", "price match",
           "click and collect", "video help", "reviews"]


def _text_boxes(ax: Any, names: list[str]) -> list[Any]:
    """Window extents of the named labels' text (leader lines left out), after a draw."""
    from matplotlib.text import Text

    renderer = ax.figure.canvas.get_renderer()
    ax.figure.canvas.draw()
    return [Text.get_window_extent(t, renderer) for t in ax.texts if t.get_text() in names]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_crowded_labels_do_not_overprint(seed: int) -> None:
    """Twelve features within a few hundredths of each other get labels that do not overlap."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({"better": 0.62 + rng.normal(0, 0.02, len(CROWDED)),
                          "worse": -(0.55 + rng.normal(0, 0.02, len(CROWDED)))},
                         index=CROWDED)
    ax = plot_kano(frame)
    boxes = _text_boxes(ax, CROWDED)
    assert len(boxes) == len(CROWDED)
    overlapping = [(CROWDED[i], CROWDED[j]) for i, a in enumerate(boxes)
                   for j, b in enumerate(boxes) if i < j and a.overlaps(b)]
    assert overlapping == []
    frame_box = ax.get_window_extent()
    assert all(frame_box.contains(b.x0, b.y0) and frame_box.contains(b.x1, b.y1) for b in boxes)


def test_labels_stay_next_to_points_when_there_is_room() -> None:
    """Well-separated features keep the usual label spot, without leader lines."""
    frame = pd.DataFrame({"better": [0.2, 0.8], "worse": [-0.2, -0.8]}, index=["a", "b"])
    ax = plot_kano(frame)
    labels = [t for t in ax.texts if t.get_text() in ("a", "b")]
    assert [t.xyann for t in labels] == [(5.0, 5.0), (5.0, 5.0)]
    assert all(t.arrow_patch is None for t in labels)
