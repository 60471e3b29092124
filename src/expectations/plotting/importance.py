"""The importance-performance grid (Martilla & James 1977) with its crosshair.

Each attribute's importance and performance intervals are drawn as error
bars, and an attribute whose quadrant is not settled (it holds in fewer than
95% of bootstrap resamples) is drawn hollow. The view always holds the
intervals and the crosshair, and spans at least a fifth of the crosshair's
value on each axis, so that differences of a few hundredths of a scale point
do not fill the chart.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from expectations.errors import InvalidParameterError
from expectations.plotting import _style
from expectations.plotting._input import FloatArray, as_frame, numbers, row_labels
from expectations.plotting._matplotlib import new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["IPA_PLOT_COLUMNS", "plot_importance_performance"]

#: Columns :func:`plot_importance_performance` needs in a DataFrame.
IPA_PLOT_COLUMNS: tuple[str, ...] = ("importance", "performance")

# Read when present: interval bounds (error bars) and whether the quadrant is settled.
_INTERVAL_COLUMNS = {
    "importance": ("importance_ci_low", "importance_ci_high"),
    "performance": ("performance_ci_low", "performance_ci_high"),
}

# The smallest span of each axis, as a share of the crosshair's magnitude: on a
# 1-5 scale with the crosshair near 3.5, about 0.7 of a point.
_MIN_SPAN_SHARE = 0.2

# Martilla & James draw importance up and performance across, so "concentrate
# here" (important, performing badly) is the top-left quadrant. Each label sits
# in its quadrant's outer corner: (left?, top?) -> label.
_QUADRANT_CORNERS = {
    (True, True): "concentrate here",
    (False, True): "keep up the good work",
    (True, False): "low priority",
    (False, False): "possible overkill",
}


def _finite_pair(value: object) -> tuple[float, float]:
    if not (isinstance(value, tuple) and len(value) == 2 and all(
            isinstance(c, (int, float, np.integer, np.floating)) and not isinstance(c, bool)
            and math.isfinite(c) for c in value)):
        raise InvalidParameterError(
            "crosshair must be None or a pair of finite numbers (importance, performance); "
            f"got {value!r}.")
    return float(value[0]), float(value[1])


def _crosshair_of(data: object, frame_means: tuple[float, float],
                  crosshair: tuple[float, float] | None) -> tuple[float, float]:
    if crosshair is not None:
        return _finite_pair(crosshair)
    stored = (getattr(data, "importance_crosshair", None),
              getattr(data, "performance_crosshair", None))
    if isinstance(stored[0], float) and isinstance(stored[1], float):
        return stored[0], stored[1]
    return frame_means


def plot_importance_performance(data: object, *, crosshair: tuple[float, float] | None = None,
                                ax: Axes | None = None) -> Axes:
    """Place attributes by performance (x) and importance (y), split by the crosshair.

    Parameters
    ----------
    data : ImportancePerformanceResult or pandas.DataFrame
        A result of :func:`~expectations.gaps.importance.importance_performance`
        (its crosshair is used), or a DataFrame with the columns
        ``importance`` and ``performance``, one row per attribute, labelled
        by the index.
    crosshair : (float, float), optional
        Where to split the grid, as ``(importance, performance)``. Defaults
        to the result's crosshair, or for a DataFrame to the column means
        (``importance_performance``'s default).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        One scatter collection with a point per attribute (hollow where the
        quadrant is not settled), a text label per attribute, the two
        crosshair lines, the four quadrant labels and, when the data has
        intervals (``importance_ci_low`` ... ``performance_ci_high``), their
        error bars.

    Raises
    ------
    SchemaError
        If a column is missing or not numeric.
    InvalidParameterError
        If ``crosshair`` is not a pair of finite numbers.
    ModuleNotFoundError
        If matplotlib is not installed (``pip install "customer-expectations[plot]"``).

    Notes
    -----
    The quadrants of Martilla & James (1977): high importance and low
    performance, *concentrate here* (top left); high and high, *keep up the
    good work*; low and low, *low priority*; low importance and high
    performance, *possible overkill*. Where the crosshair sits changes the
    labels, so the chart prints it.

    The view holds every point, interval and the crosshair, padded, and each
    axis spans at least a fifth of the crosshair's magnitude (``0.2 * abs(crosshair)``):
    differences far smaller than the values themselves stay small on the page.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> import expectations as ex
    >>> from expectations.plotting import plot_importance_performance
    >>> from expectations.gaps.importance import importance_performance
    >>> imp = pd.Series({"price": 4.6, "delivery": 4.4, "packaging": 2.9, "app": 3.1})
    >>> perf = pd.Series({"price": 3.2, "delivery": 4.5, "packaging": 4.4, "app": 2.8})
    >>> ax = plot_importance_performance(importance_performance(imp, perf))
    >>> round(float(ax.lines[0].get_xdata()[0]), 4), float(ax.lines[1].get_ydata()[0])
    (3.725, 3.75)
    >>> matplotlib.pyplot.close(ax.figure)
    """
    frame = as_frame(data, IPA_PLOT_COLUMNS)
    importance = numbers(frame, "importance")
    performance = numbers(frame, "performance")
    labels = row_labels(frame.index)
    means = (float(np.nanmean(importance)), float(np.nanmean(performance)))
    imp_line, perf_line = _crosshair_of(data, means, crosshair)
    ax = new_axes(ax, square=True)
    ax.axvline(perf_line, color=_style.MUTED, linewidth=0.8, linestyle="--")
    ax.axhline(imp_line, color=_style.MUTED, linewidth=0.8, linestyle="--")
    settled = _settled(frame)
    ax.scatter(performance, importance, s=45, edgecolors=_style.HIGHLIGHT, linewidths=1.2,
               facecolors=[_style.HIGHLIGHT if s else "none" for s in settled], zorder=3)
    for x, y, label in zip(performance, importance, labels, strict=True):
        if np.isfinite(x) and np.isfinite(y):
            ax.annotate(label, (x, y), xytext=(5, 4), textcoords="offset points", fontsize=8)
    bounds = {side: _bounds(frame, side) for side in _INTERVAL_COLUMNS}
    _error_bars(ax, performance, importance, bounds["performance"], bounds["importance"])
    _pad_limits(ax, (performance, *bounds["performance"]), perf_line,
                (importance, *bounds["importance"]), imp_line)
    if not all(settled):
        ax.text(0.5, 0.02, "hollow: quadrant not settled (< 95% of resamples)",
                transform=ax.transAxes, ha="center", va="bottom", fontsize=7,
                color=_style.MUTED)
    for (left, top), name in _QUADRANT_CORNERS.items():
        ax.text(0.02 if left else 0.98, 0.98 if top else 0.02, name,
                transform=ax.transAxes, ha="left" if left else "right",
                va="top" if top else "bottom", fontsize=10, alpha=0.5, color=_style.MUTED)
    ax.set_xlabel(f"performance (crosshair {perf_line:.3g})")
    ax.set_ylabel(f"importance (crosshair {imp_line:.3g})")
    ax.set_title("Importance-performance: what to fix first")
    return ax


def _bounds(frame: pd.DataFrame, side: str) -> tuple[FloatArray, ...]:
    """Interval bounds of one side, when the frame has them (else nothing)."""
    low, high = _INTERVAL_COLUMNS[side]
    if low not in frame.columns or high not in frame.columns:
        return ()
    return numbers(frame, low), numbers(frame, high)


def _settled(frame: pd.DataFrame) -> list[bool]:
    """Whether each attribute's quadrant is settled; True when the frame does not say."""
    if "settled" not in frame.columns:
        return [True] * len(frame)
    return [value is not False for value in frame["settled"].astype(object)]


def _error_bars(ax: Axes, x: FloatArray, y: FloatArray, x_bounds: tuple[FloatArray, ...],
                y_bounds: tuple[FloatArray, ...]) -> None:
    """Draw the finite intervals of each axis as error bars around the points."""
    for bounds, horizontal in ((x_bounds, True), (y_bounds, False)):
        if not bounds:
            continue
        low, high = bounds
        ok = np.isfinite(low) & np.isfinite(high) & np.isfinite(x) & np.isfinite(y)
        if not ok.any():
            continue
        centre = x if horizontal else y
        err = np.vstack([centre[ok] - low[ok], high[ok] - centre[ok]])
        ax.errorbar(x[ok], y[ok], xerr=err if horizontal else None,
                    yerr=None if horizontal else err, fmt="none", ecolor=_style.HIGHLIGHT,
                    elinewidth=1.0, capsize=2, alpha=0.7, zorder=2)


def _pad_limits(ax: Axes, x: tuple[FloatArray, ...], x_line: float,
                y: tuple[FloatArray, ...], y_line: float) -> None:
    """Fit the view to points, intervals and crosshair, never narrower than the minimum span."""
    for arrays, line, setter in ((x, x_line, ax.set_xlim), (y, y_line, ax.set_ylim)):
        values = np.concatenate([np.ravel(a) for a in arrays])
        finite = values[np.isfinite(values)]
        low = min(float(finite.min()), line) if finite.size else line - 1
        high = max(float(finite.max()), line) if finite.size else line + 1
        span = max(high - low, _MIN_SPAN_SHARE * abs(line))
        centre = (low + high) / 2
        low, high = centre - span / 2, centre + span / 2
        pad = 0.2 * span or 0.5
        setter(low - pad, high + pad)
