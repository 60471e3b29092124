"""The Kano Better/Worse diagram: each feature placed by what it adds and what it risks."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from expectations.plotting import _style
from expectations.plotting._input import as_frame, numbers, row_labels
from expectations.plotting._matplotlib import new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["KANO_PLOT_COLUMNS", "KANO_QUADRANTS", "plot_kano"]

#: Columns :func:`plot_kano` reads (a subset of :data:`~expectations.gaps.kano.KANO_COLUMNS`).
KANO_PLOT_COLUMNS: tuple[str, ...] = ("better", "worse")

#: The quadrant labels and the (Better, ``|Worse|``) corner each is written in; the
#: grid splits at 0.5 on both axes (Berger et al. 1993).
KANO_QUADRANTS: dict[str, tuple[float, float]] = {
    "attractive": (0.98, 0.02),
    "one-dimensional": (0.98, 0.98),
    "must-be": (0.02, 0.98),
    "indifferent": (0.02, 0.02),
}

_SPLIT = 0.5


def plot_kano(data: object, *, ax: Axes | None = None) -> Axes:
    """Scatter features by Better (x) and ``|Worse|`` (y), with the four Kano quadrants.

    Parameters
    ----------
    data : KanoResult or pandas.DataFrame
        A result of :func:`~expectations.kano`, or the DataFrame of
        ``kano(..., feature=...)``: one point per row, labelled by the index.
        It must have the columns ``better`` (0..1) and ``worse`` (-1..0).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        One scatter collection with a point per feature, a text label per
        feature, and the four quadrant labels (:data:`KANO_QUADRANTS`).

    Raises
    ------
    SchemaError
        If ``better`` or ``worse`` is missing or not numeric.
    ModuleNotFoundError
        If matplotlib is not installed (``pip install "customer-expectations[plot]"``).

    Notes
    -----
    Better = (A + O)/(A + O + M + I) is how much satisfaction the feature adds
    when present; ``|Worse|`` = (O + M)/(A + O + M + I) how much dissatisfaction
    its absence causes (Berger et al. 1993). Split at 0.5: high Better and
    low ``|Worse|`` is *attractive*, both high *one-dimensional*, low Better and
    high ``|Worse|`` *must-be*, both low *indifferent*. The quadrant is a reading
    of the coefficients; the modal category (``category``) can differ.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import expectations as ex
    >>> from expectations.plotting import plot_kano
    >>> table = ex.kano(["like", "like", "must-be", "neutral"],
    ...                 ["neutral", "dislike", "dislike", "neutral"],
    ...                 feature=["chat", "chat", "returns", "returns"])
    >>> ax = plot_kano(table)
    >>> ax.collections[0].get_offsets().tolist()
    [[1.0, 0.5], [0.0, 0.5]]
    >>> sorted(t.get_text() for t in ax.texts)[:3]
    ['attractive', 'chat', 'indifferent']
    >>> matplotlib.pyplot.close(ax.figure)
    """
    frame = as_frame(data, KANO_PLOT_COLUMNS)
    better = numbers(frame, "better")
    worse = np.abs(numbers(frame, "worse"))
    labels = row_labels(frame.index)
    ax = new_axes(ax, square=True)
    ax.axvline(_SPLIT, color=_style.MUTED, linewidth=0.8, linestyle="--")
    ax.axhline(_SPLIT, color=_style.MUTED, linewidth=0.8, linestyle="--")
    for name, (x, y) in KANO_QUADRANTS.items():
        ax.text(x, y, name, ha="right" if x > _SPLIT else "left",
                va="top" if y > _SPLIT else "bottom", fontsize=11, alpha=0.5,
                color=_style.MUTED, zorder=0)
    ax.scatter(better, worse, s=45, color=_style.HIGHLIGHT, zorder=3)
    for x, y, label in zip(better, worse, labels, strict=True):
        if np.isfinite(x) and np.isfinite(y):
            ax.annotate(label, (x, y), xytext=(5, 4), textcoords="offset points", fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_xlabel("Better: satisfaction when present")
    ax.set_ylabel("|Worse|: dissatisfaction when absent")
    ax.set_title("Kano: what delights, what is expected, what must not fail")
    return ax
