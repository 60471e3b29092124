"""Scores over time: the trend with its interval band, and the p-chart of the share."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations.plotting import _style
from expectations.plotting._input import FloatArray, as_frame, column_title, numbers
from expectations.plotting._matplotlib import new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["CONTROL_PLOT_COLUMNS", "TREND_PLOT_COLUMNS", "plot_control_chart", "plot_trend"]

#: Columns :func:`plot_trend` reads (a subset of :data:`~expectations.kpis.trend.TREND_COLUMNS`);
#: the control-limit columns are drawn when they describe the score itself.
TREND_PLOT_COLUMNS: tuple[str, ...] = ("score", "ci_low", "ci_high", "significant")

#: Columns :func:`plot_control_chart` reads.
CONTROL_PLOT_COLUMNS: tuple[str, ...] = (
    "share", "centre_line", "lower_limit", "upper_limit", "out_of_control",
)

_LIMITS = ("centre_line", "lower_limit", "upper_limit")


def _positions(index: pd.Index) -> tuple[FloatArray, list[str]]:
    """One x position per period, labelled by the period (thinned to about 12 labels)."""
    return np.arange(len(index), dtype=np.float64), [str(p) for p in index]


def _set_period_ticks(ax: Axes, x: FloatArray, labels: list[str]) -> None:
    step = max(1, int(np.ceil(len(labels) / 12)))
    ax.set_xticks(x[::step], labels[::step], rotation=45, ha="right")
    ax.set_xlim(-0.5, len(labels) - 0.5)


def _flags(frame: pd.DataFrame, column: str) -> npt.NDArray[np.bool_]:
    return frame[column].to_numpy(dtype=bool, na_value=False)


def plot_trend(data: object, *, ax: Axes | None = None) -> Axes:
    """Draw the score per period with its interval band, flagging significant changes.

    Parameters
    ----------
    data : pandas.DataFrame
        The DataFrame of :func:`~expectations.kpis.trend.trend`, indexed by
        period, with the columns :data:`TREND_PLOT_COLUMNS`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The score line (``ax.lines[0]``), the interval band (a filled
        collection), a marker on every period whose change from the one
        before is significant, and, when the p-chart limits are on the
        score's own scale (CSAT and CES, where the score *is* the top-box
        share), the centre line and the control limits.

    Raises
    ------
    SchemaError
        If a column is missing or not numeric.
    ModuleNotFoundError
        If matplotlib is not installed (``pip install "customer-expectations[plot]"``).

    Notes
    -----
    For NPS the p-chart limits belong to the promoter share, not to the score,
    so they are left out here; draw them with :func:`plot_control_chart`.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import expectations as ex
    >>> from expectations.kpis.trend import trend
    >>> from expectations.plotting import plot_trend
    >>> r = ex.datasets.load_retail().responses
    >>> table = trend(r["csat"], r["date"], metric="csat", freq="Q", missing="drop")
    >>> ax = plot_trend(table)
    >>> [line.get_label() for line in ax.lines]
    ['score', 'centre line', 'control limits', '_upper limit', 'significant change']
    >>> matplotlib.pyplot.close(ax.figure)
    """
    frame = as_frame(data, TREND_PLOT_COLUMNS)
    score, low, high = (numbers(frame, c) for c in ("score", "ci_low", "ci_high"))
    significant = _flags(frame, "significant")
    x, labels = _positions(frame.index)
    ax = new_axes(ax)
    ax.plot(x, score, color=_style.HIGHLIGHT, marker="o", markersize=4, label="score")
    ax.fill_between(x, low, high, color=_style.ZONE, alpha=0.3, linewidth=0,
                    label=_band_label(frame))
    if _limits_on_score_scale(frame, score):
        centre, lower, upper = (numbers(frame, c) for c in _LIMITS)
        ax.plot(x, centre, color=_style.MUTED, linewidth=1, label="centre line")
        ax.plot(x, lower, color=_style.BAD, linewidth=1, linestyle="--", drawstyle="steps-mid",
                label="control limits")
        ax.plot(x, upper, color=_style.BAD, linewidth=1, linestyle="--", drawstyle="steps-mid",
                label="_upper limit")
    ax.plot(x[significant], score[significant], linestyle="none", marker="D", markersize=8,
            markerfacecolor="none", markeredgecolor=_style.BAD, label="significant change")
    _set_period_ticks(ax, x, labels)
    ax.set_xlabel(column_title(frame.index, "period"))
    ax.set_ylabel("score")
    ax.set_title("Trend: is the score changing?")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.06), ncols=3, frameon=False,
              fontsize=8)
    return ax


def plot_control_chart(data: object, *, ax: Axes | None = None) -> Axes:
    """Draw the p-chart of the share behind the score: centre line, 3-sigma limits, alarms.

    Parameters
    ----------
    data : pandas.DataFrame
        The DataFrame of :func:`~expectations.kpis.trend.trend` with
        ``metric`` ``"nps"``, ``"csat"`` or ``"ces"``, indexed by period, with
        the columns :data:`CONTROL_PLOT_COLUMNS`. ``share`` is the promoter
        share for NPS and the top-box share for CSAT and CES, in percent.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The share line (``ax.lines[0]``), the centre line, the two limits, and
        a marker on each period out of control.

    Raises
    ------
    SchemaError
        If a column is missing or not numeric.
    ModuleNotFoundError
        If matplotlib is not installed (``pip install "customer-expectations[plot]"``).

    Notes
    -----
    A p-chart (Montgomery, *Introduction to Statistical Quality Control*,
    ch. 7) sets limits ``p̄ ± 3 √(p̄(1 - p̄)/nₜ)`` around the overall share
    ``p̄``; they widen in periods with fewer answers. A point outside them is
    unlikely to be chance alone.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import expectations as ex
    >>> from expectations.kpis.trend import trend
    >>> from expectations.plotting import plot_control_chart
    >>> r = ex.datasets.load_retail().responses
    >>> ax = plot_control_chart(trend(r["nps"], r["date"], freq="Q", missing="drop"))
    >>> ax.get_ylabel()
    'promoter share (%)'
    >>> matplotlib.pyplot.close(ax.figure)
    """
    frame = as_frame(data, CONTROL_PLOT_COLUMNS)
    share, centre, lower, upper = (numbers(frame, c) for c in CONTROL_PLOT_COLUMNS[:-1])
    alarms = _flags(frame, "out_of_control")
    x, labels = _positions(frame.index)
    ax = new_axes(ax)
    name = "promoter share" if _is_nps(frame) else "top-box share"
    ax.plot(x, share, color=_style.HIGHLIGHT, marker="o", markersize=4, label=name)
    ax.plot(x, centre, color=_style.MUTED, linewidth=1, label="centre line")
    ax.plot(x, lower, color=_style.BAD, linewidth=1, linestyle="--", drawstyle="steps-mid",
            label="control limits (3 sigma)")
    ax.plot(x, upper, color=_style.BAD, linewidth=1, linestyle="--", drawstyle="steps-mid",
            label="_upper limit")
    ax.plot(x[alarms], share[alarms], linestyle="none", marker="X", markersize=9,
            color=_style.BAD, label="out of control")
    _set_period_ticks(ax, x, labels)
    ax.set_xlabel(column_title(frame.index, "period"))
    ax.set_ylabel(f"{name} (%)")
    ax.set_title("Control chart: is the process stable?")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.06), ncols=3, frameon=False,
              fontsize=8)
    return ax


def _is_nps(frame: pd.DataFrame) -> bool:
    """Whether the trend is of NPS (the only metric with adjusted Wald intervals)."""
    if "ci_method" not in frame.columns:
        return False
    return bool((frame["ci_method"] == "adjusted-wald").any())


def _band_label(frame: pd.DataFrame) -> str:
    if "confidence" in frame.columns:
        confidence = frame["confidence"].dropna()
        if len(confidence):
            return f"{float(confidence.iloc[0]):.0%} interval"
    return "interval"


def _limits_on_score_scale(frame: pd.DataFrame, score: FloatArray) -> bool:
    """Whether the p-chart limits describe the score itself (it is the top-box share)."""
    if not all(column in frame.columns for column in ("share", *_LIMITS)):
        return False
    share = numbers(frame, "share")
    both = np.isfinite(share) & np.isfinite(score)
    return bool(both.any()) and bool(np.allclose(share[both], score[both]))
