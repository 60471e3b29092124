"""The NPS distribution chart: detractors, passives and promoters per group."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from expectations.plotting import _style
from expectations.plotting._input import as_frame, column_title, numbers, row_labels
from expectations.plotting._matplotlib import new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["NPS_PLOT_COLUMNS", "plot_nps"]

#: Columns :func:`plot_nps` reads (a subset of :data:`~expectations.scoring.nps.NPS_COLUMNS`).
NPS_PLOT_COLUMNS: tuple[str, ...] = (
    "detractor_share", "passive_share", "promoter_share", "score", "ci_low", "ci_high", "n",
)

_SEGMENTS = (
    ("detractor_share", "detractors (0-6)", _style.BAD),
    ("passive_share", "passives (7-8)", _style.NEUTRAL),
    ("promoter_share", "promoters (9-10)", _style.GOOD),
)
# Shares below this many percent get no label inside their bar: it would not fit.
_LABEL_FROM = 7.0


def plot_nps(data: object, *, ax: Axes | None = None) -> Axes:
    """Stacked bars of detractors, passives and promoters, with each NPS and its interval.

    Parameters
    ----------
    data : NPSResult or pandas.DataFrame
        A result of :func:`~expectations.nps`, or the DataFrame of
        ``nps(..., by=...)``: one bar per row, labelled by the index. It must
        have the columns :data:`NPS_PLOT_COLUMNS`; ``ci_low`` and ``ci_high``
        may be NaN (``ci=None``).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        Three bar patches per row (detractors, passives, promoters, in that
        order), and to the right of each bar a text "NPS +12 [+8, +16]  n=900".

    Raises
    ------
    SchemaError
        If a column is missing or not numeric.
    ModuleNotFoundError
        If matplotlib is not installed (``pip install "customer-expectations[plot]"``).

    Notes
    -----
    NPS is the promoter share minus the detractor share (Reichheld 2003), so
    the chart shows where the score comes from: the same NPS can come from few
    passives and many of both extremes, or from many passives.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import io
    >>> import expectations as ex
    >>> from expectations.plotting import plot_nps
    >>> table = ex.nps([10, 9, 8, 7, 3] * 8 + [10, 6, 6, 9, 2] * 8,
    ...                by=["web"] * 40 + ["app"] * 40)
    >>> ax = plot_nps(table)
    >>> len(ax.patches), [t.get_text() for t in ax.get_yticklabels()]
    (6, ['app', 'web'])
    >>> ax.texts[-1].get_text()
    'NPS +20 [-4, +41]  n=40'
    >>> ax.figure.savefig(io.BytesIO(), format="png")
    >>> matplotlib.pyplot.close(ax.figure)
    """
    frame = as_frame(data, NPS_PLOT_COLUMNS)
    shares = [numbers(frame, column) for column, _, _ in _SEGMENTS]
    score, low, high, n = (numbers(frame, c) for c in ("score", "ci_low", "ci_high", "n"))
    labels = row_labels(frame.index)
    ax = new_axes(ax, rows=len(labels))
    # First row on top, as in the table it comes from.
    y = np.arange(len(labels), dtype=np.float64)[::-1]
    left = np.zeros(len(labels))
    for values, (_, name, colour) in zip(shares, _SEGMENTS, strict=True):
        width = np.nan_to_num(values)
        bars = ax.barh(y, width, left=left, color=colour, label=name, height=0.7,
                       edgecolor="white", linewidth=0.5)
        for bar, share in zip(bars, width, strict=True):
            if share >= _LABEL_FROM:
                ax.text(bar.get_x() + share / 2, bar.get_y() + bar.get_height() / 2,
                        f"{share:.0f}%", ha="center", va="center", fontsize=8)
        left = left + width
    for row, (s, lo, hi, count) in enumerate(zip(score, low, high, n, strict=True)):
        interval = "" if math.isnan(lo) else f" [{_style.signed(lo)}, {_style.signed(hi)}]"
        size = "" if math.isnan(count) else f"  n={count:.0f}"
        ax.text(102, y[row], f"NPS {_style.signed(s)}{interval}{size}", va="center",
                fontsize=9, color=_style.MUTED)
    ax.set_yticks(y, labels)
    # Room on the right for the score annotations; the axis itself stops at 100%.
    ax.set_xlim(0, 150)
    ax.set_xticks(np.arange(0, 101, 20))
    ax.spines["bottom"].set_bounds(0, 100)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel("share of respondents (%)")
    ax.set_ylabel(column_title(frame.index, ""))
    ax.set_title("Net Promoter Score: who recommends, who does not")
    ax.legend(loc="lower center", bbox_to_anchor=(0.35, 1.06), ncols=3, frameon=False,
              fontsize=8)
    return ax
