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


def _ratings_result(n: int = 300, gap: float = 0.02) -> Any:
    """Respondent ratings whose performance means differ by only ``gap``."""
    rng = np.random.default_rng(3)
    imp = pd.DataFrame({"a": rng.normal(4.0, 0.8, n), "b": rng.normal(3.0, 0.8, n),
                        "c": rng.normal(3.5, 0.8, n)})
    perf = pd.DataFrame({"a": rng.normal(3.5, 0.4, n), "b": rng.normal(3.5 + gap, 0.4, n),
                         "c": rng.normal(3.5 - gap, 0.4, n)})
    return importance_performance(imp, perf, rng=0, n_resamples=300)


def test_intervals_are_drawn_as_error_bars() -> None:
    """Each side's intervals become error bars spanning exactly the interval bounds."""
    result = _ratings_result()
    frame = result.to_frame()
    ax = plot_importance_performance(result)
    bars = [c for c in ax.collections[1:] if c.get_segments()]
    horizontal, vertical = bars[0].get_segments(), bars[1].get_segments()
    np.testing.assert_allclose([s[:, 0].min() for s in horizontal], frame["performance_ci_low"])
    np.testing.assert_allclose([s[:, 0].max() for s in horizontal],
                               frame["performance_ci_high"])
    np.testing.assert_allclose([s[:, 1].min() for s in vertical], frame["importance_ci_low"])
    np.testing.assert_allclose([s[:, 1].max() for s in vertical], frame["importance_ci_high"])


def test_crosshair_is_kept_with_intervals() -> None:
    """The crosshair lines stay first and at the result's crosshair."""
    result = _ratings_result()
    ax = plot_importance_performance(result)
    assert _crosshair(ax) == pytest.approx((result.importance_crosshair,
                                            result.performance_crosshair))


def test_tiny_gaps_are_not_exaggerated() -> None:
    """Performance means 0.02 apart: the x axis still spans a fifth of the crosshair."""
    result = _ratings_result()
    ax = plot_importance_performance(result)
    low, high = ax.get_xlim()
    frame = result.to_frame()
    assert high - low >= 0.2 * result.performance_crosshair
    assert low <= frame["performance_ci_low"].min()
    assert high >= frame["performance_ci_high"].max()


def test_unsettled_quadrants_are_hollow() -> None:
    """Attributes whose quadrant is not settled are drawn without fill, and the chart says so."""
    result = _ratings_result()
    settled = result.to_frame()["settled"].to_numpy(dtype=bool)
    assert not settled.all()
    ax = plot_importance_performance(result)
    alpha = ax.collections[0].get_facecolors()[:, 3]
    assert (alpha[~settled] == 0).all()
    assert any("not settled" in t.get_text() for t in ax.texts)


def test_summary_values_draw_no_error_bars() -> None:
    """Per-attribute values have no intervals: no error bars, every point filled."""
    ax = plot_importance_performance(importance_performance(IMPORTANCE, PERFORMANCE))
    assert len(ax.collections) == 1
    assert (ax.collections[0].get_facecolors()[:, 3] > 0).all()
