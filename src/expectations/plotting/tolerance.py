"""The zone-of-tolerance chart: the adequate-desired band and the perceived level."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from expectations.plotting import _style
from expectations.plotting._input import FloatArray, as_frame, column_title, numbers, row_labels
from expectations.plotting._matplotlib import new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["LEVEL_PLOT_COLUMNS", "TOLERANCE_PLOT_COLUMNS", "plot_tolerance_zone"]

#: Columns read from a :func:`~expectations.gaps.tolerance.tolerance_zone` result or
#: frame. ``msa_ci_low``/``msa_ci_high`` and the level shares
#: (``dissatisfied``, ``satisfied``, ``delighted``) are drawn when present.
TOLERANCE_PLOT_COLUMNS: tuple[str, ...] = ("msa", "mss")

#: Columns of the alternative input: mean levels on the rating scale.
LEVEL_PLOT_COLUMNS: tuple[str, ...] = ("adequate", "desired", "perceived")


def _optional(frame: pd.DataFrame, column: str) -> FloatArray | None:
    return numbers(frame, column) if column in frame.columns else None


def plot_tolerance_zone(data: object, *, ax: Axes | None = None) -> Axes:
    """Draw each dimension's zone of tolerance as a band, with the perceived level on it.

    Parameters
    ----------
    data : ToleranceResult or pandas.DataFrame
        Either what :func:`~expectations.gaps.tolerance.tolerance_zone` returns
        (a result, or the DataFrame of ``by=dimension``), drawn on the gap
        scale: adequate at 0, desired at the zone's width (``msa - mss``), and
        the perceived level at ``msa`` with its interval; or a DataFrame of
        mean levels with the columns ``adequate``, ``desired`` and
        ``perceived``, drawn on the rating scale. One row per dimension,
        labelled by the index.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        One bar patch per dimension (the band from adequate to desired), one
        scatter collection with the perceived levels, and, for tolerance
        results, the shares dissatisfied / satisfied / delighted as text.

    Raises
    ------
    SchemaError
        If a column is missing or not numeric.
    ModuleNotFoundError
        If matplotlib is not installed (``pip install "customer-expectations[plot]"``).

    Notes
    -----
    Customers hold an adequate and a desired level of service (Zeithaml, Berry
    & Parasuraman 1993): a perceived level below the band dissatisfies, within
    it satisfies, above it delights. With MSA = P - A and MSS = P - D the band
    runs from 0 to D - A = MSA - MSS on the gap scale, and the perceived level
    sits at MSA.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import expectations as ex
    >>> from expectations.gaps.tolerance import tolerance_zone
    >>> from expectations.plotting import plot_tolerance_zone
    >>> t = ex.datasets.load_retail().tolerance
    >>> table = tolerance_zone(t["perceived"], t["adequate"], t["desired"],
    ...                        by=t["dimension"])
    >>> ax = plot_tolerance_zone(table)
    >>> len(ax.patches) == len(table)
    True
    >>> matplotlib.pyplot.close(ax.figure)
    """
    if any(column in _columns(data) for column in LEVEL_PLOT_COLUMNS):
        frame = as_frame(data, LEVEL_PLOT_COLUMNS)
        adequate, desired, perceived = (numbers(frame, c) for c in LEVEL_PLOT_COLUMNS)
        low = high = None
        axis_label = "mean rating"
    else:
        frame = as_frame(data, TOLERANCE_PLOT_COLUMNS)
        msa, mss = numbers(frame, "msa"), numbers(frame, "mss")
        adequate, desired, perceived = np.zeros(msa.size), msa - mss, msa
        low, high = _optional(frame, "msa_ci_low"), _optional(frame, "msa_ci_high")
        axis_label = "perceived minus adequate level (scale points)"
    labels = row_labels(frame.index)
    ax = new_axes(ax, rows=len(labels))
    y = np.arange(len(labels), dtype=np.float64)[::-1]
    ax.barh(y, desired - adequate, left=adequate, height=0.5, color=_style.ZONE, alpha=0.45,
            label="zone of tolerance (adequate to desired)")
    if low is not None and high is not None:
        ax.errorbar(perceived, y, xerr=np.abs(np.vstack([perceived - low, high - perceived])),
                    fmt="none", ecolor=_style.HIGHLIGHT, capsize=3, linewidth=1)
    below, above = perceived < adequate, perceived > desired
    colours = np.where(below, _style.BAD, np.where(above, _style.GOOD, _style.HIGHLIGHT))
    ax.scatter(perceived, y, s=55, c=list(colours), zorder=3, label="perceived")
    _level_shares(ax, frame, y)
    ax.set_yticks(y, labels)
    ax.set_xlabel(axis_label)
    ax.set_ylabel(column_title(frame.index, ""))
    ax.set_title("Zone of tolerance: dissatisfied, satisfied or delighted")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.06), ncols=2, frameon=False,
              fontsize=8)
    ax.margins(x=0.1)
    return ax


def _columns(data: object) -> pd.Index:
    return data.columns if isinstance(data, pd.DataFrame) else pd.Index([])


def _level_shares(ax: Axes, frame: pd.DataFrame, y: FloatArray) -> None:
    """Write the shares below, within and above the zone beside each band, when known."""
    names = ("dissatisfied", "satisfied", "delighted")
    if not all(name in frame.columns for name in names):
        return
    shares = [numbers(frame, name) for name in names]
    for row, values in enumerate(zip(*shares, strict=True)):
        if not all(math.isfinite(value) for value in values):
            continue
        below, within, above = values
        ax.annotate(f"{below:.0f}% below, {within:.0f}% within, {above:.0f}% above",
                    (1.0, y[row]), xycoords=("axes fraction", "data"), xytext=(6, 0),
                    textcoords="offset points", va="center", fontsize=8,
                    color=_style.MUTED, annotation_clip=False)
