"""The importance-performance grid: crosshair, points and Martilla-James quadrants."""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest

mpl.use("Agg")
import matplotlib.pyplot as plt

from expectations.errors import InvalidParameterError
from expectations.gaps.importance import importance_performance
from expectations.plotting import plot_importance_performance

IMPORTANCE = pd.Series({"price": 4.6, "delivery": 4.4, "packaging": 2.9, "app": 3.1})
PERFORMANCE = pd.Series({"price": 3.2, "delivery": 4.5, "packaging": 4.4, "app": 2.8})


@pytest.fixture(autouse=True)
def _close_figures() -> Any:
    yield
    plt.close("all")


def _crosshair(ax: Any) -> tuple[float, float]:
    """Return (importance, performance) where the horizontal and vertical lines sit."""
    vertical, horizontal = ax.lines[0], ax.lines[1]
    return float(horizontal.get_ydata()[0]), float(vertical.get_xdata()[0])


def test_points_are_performance_across_and_importance_up() -> None:
    """Martilla & James (1977) draw performance on x and importance on y."""
    ax = plot_importance_performance(importance_performance(IMPORTANCE, PERFORMANCE))
    np.testing.assert_allclose(ax.collections[0].get_offsets(),
                               np.column_stack([PERFORMANCE, IMPORTANCE]))


def test_result_crosshair_is_drawn_and_printed() -> None:
    """The result's crosshair (here the medians) is where the lines are, and in the labels."""
    result = importance_performance(IMPORTANCE, PERFORMANCE, crosshair="median")
    ax = plot_importance_performance(result)
    # Medians by hand: importance (3.1 + 4.4)/2 = 3.75, performance (3.2 + 4.4)/2 = 3.8.
    assert _crosshair(ax) == pytest.approx((3.75, 3.8))
    assert "3.8" in ax.get_xlabel()
    assert "3.75" in ax.get_ylabel()


def test_frame_defaults_to_the_means_and_accepts_a_fixed_crosshair() -> None:
    """A plain frame is split at the column means unless a crosshair is given."""
    frame = pd.DataFrame({"importance": IMPORTANCE, "performance": PERFORMANCE})
    ax = plot_importance_performance(frame)
    assert _crosshair(ax) == pytest.approx((IMPORTANCE.mean(), PERFORMANCE.mean()))
    ax = plot_importance_performance(frame, crosshair=(3.0, 4.0))
    assert _crosshair(ax) == (3.0, 4.0)


def test_quadrant_labels_sit_in_their_corners() -> None:
    """'concentrate here' is top left, 'possible overkill' bottom right."""
    ax = plot_importance_performance(importance_performance(IMPORTANCE, PERFORMANCE))
    where = {t.get_text(): t.get_position() for t in ax.texts}
    assert where["concentrate here"][0] < 0.5 < where["concentrate here"][1]
    assert where["possible overkill"][1] < 0.5 < where["possible overkill"][0]
    assert min(where["keep up the good work"]) > 0.5
    assert max(where["low priority"]) < 0.5
    assert set(IMPORTANCE.index) <= set(where)


@pytest.mark.parametrize("crosshair", [(1.0,), (1.0, float("nan")), "mean", (True, 1.0)])
def test_invalid_crosshair_is_refused(crosshair: object) -> None:
    """Anything but a pair of finite numbers raises InvalidParameterError."""
    frame = pd.DataFrame({"importance": IMPORTANCE, "performance": PERFORMANCE})
    with pytest.raises(InvalidParameterError, match="crosshair"):
        plot_importance_performance(frame, crosshair=crosshair)  # type: ignore[arg-type]
