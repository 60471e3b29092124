"""The segment comparison forest plot: each segment's score and interval, flagged."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from expectations.plotting import _style
from expectations.plotting._input import as_frame, column_title, numbers, row_labels
from expectations.plotting._matplotlib import new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["SEGMENT_PLOT_COLUMNS", "plot_segment_comparison"]

#: Columns :func:`plot_segment_comparison` reads (a subset of
#: :data:`~expectations.segmentation.compare.COMPARE_SEGMENTS_COLUMNS`).
SEGMENT_PLOT_COLUMNS: tuple[str, ...] = (
    "score", "n", "ci_low", "ci_high", "rest_score", "rest_n", "p_adjusted", "significant",
)


def plot_segment_comparison(data: object, *, ax: Axes | None = None) -> Axes:
    """Forest plot: each segment's score with its interval, against all customers.

    Parameters
    ----------
    data : pandas.DataFrame
        The DataFrame of :func:`~expectations.segmentation.compare.compare_segments`,
        one row per segment (labelled by the index), with the columns
        :data:`SEGMENT_PLOT_COLUMNS`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        One error-bar line per segment (in ``ax.lines``, after the reference
        line for all customers), one scatter collection of the scores, and to
        the right of each row a text with the adjusted p-value, starred when
        the difference from the rest is significant.

    Raises
    ------
    SchemaError
        If a column is missing or not numeric.
    ModuleNotFoundError
        If matplotlib is not installed (``pip install "customer-expectations[plot]"``).

    Notes
    -----
    Each segment is tested against the rest of the customers, and the
    p-values are adjusted for the number of segments (Holm by default), so a
    segment is flagged only when the adjusted p-value is below ``1 -
    confidence``. The reference line is the score of all customers,
    ``(n·score + rest_n·rest_score) / (n + rest_n)``, the same for every row
    because each segment and its rest make up all customers.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from expectations.segmentation.compare import compare_segments
    >>> from expectations.plotting import plot_segment_comparison
    >>> scores = [10, 9, 8, 7, 6, 9] * 20 + [10, 9, 8, 7, 6, 3] * 20
    >>> table = compare_segments(scores, ["web"] * 120 + ["phone"] * 120)
    >>> ax = plot_segment_comparison(table)
    >>> ax.lines[0].get_xdata()[0]
    16.66...
    >>> [t.get_text() for t in ax.texts]
    ['p_adj=0.002 *', 'p_adj=0.002 *']
    >>> matplotlib.pyplot.close(ax.figure)
    """
    frame = as_frame(data, SEGMENT_PLOT_COLUMNS)
    score, n, low, high, rest_score, rest_n, p_adjusted = (
        numbers(frame, c) for c in SEGMENT_PLOT_COLUMNS[:-1])
    significant = frame["significant"].to_numpy(dtype=bool, na_value=False)
    labels = row_labels(frame.index)
    ax = new_axes(ax, rows=len(labels))
    y = np.arange(len(labels), dtype=np.float64)[::-1]
    with np.errstate(invalid="ignore", divide="ignore"):
        overall = (n * score + rest_n * rest_score) / (n + rest_n)
    finite = overall[np.isfinite(overall)]
    if finite.size:
        ax.axvline(float(finite[0]), color=_style.MUTED, linewidth=0.8, linestyle="--",
                   label="all customers")
    colours = [_style.BAD if flag else _style.HIGHLIGHT for flag in significant]
    for row in range(len(labels)):
        ax.plot([low[row], high[row]], [y[row], y[row]], color=colours[row], linewidth=2)
    ax.scatter(score, y, s=50, c=colours, zorder=3, label="segment score")
    for row in range(len(labels)):
        p = p_adjusted[row]
        text = "p_adj=n/a" if math.isnan(p) else _p_text(p) + (" *" if significant[row] else "")
        ax.annotate(text, (1.0, y[row]), xycoords=("axes fraction", "data"),
                    xytext=(4, 0), textcoords="offset points", va="center", fontsize=8,
                    color=_style.MUTED, annotation_clip=False)
    ax.set_yticks(y, labels)
    ax.set_ylabel(column_title(frame.index, "segment"))
    ax.set_xlabel("score with its interval (* differs from the rest after adjustment)")
    ax.set_title("Segments compared with the rest of the customers")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.06), ncols=2, frameon=False,
              fontsize=8)
    ax.margins(y=0.15)
    return ax


def _p_text(p: float) -> str:
    """Format an adjusted p-value, as "<0.001" when it rounds to zero."""
    return "p_adj<0.001" if p < 0.0005 else f"p_adj={p:.3f}"
