"""The Kano Better/Worse diagram: each feature placed by what it adds and what it risks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from expectations.plotting import _style
from expectations.plotting._input import as_frame, numbers, row_labels
from expectations.plotting._matplotlib import new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.text import Annotation
    from matplotlib.transforms import Bbox

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

# Where a feature's label may go, in points from its point, nearest first: the
# usual up-right spot, then the other diagonals, then the same further out.
_DIRECTIONS = ((1, 1), (1, -1), (-1, 1), (-1, -1), (0, 1), (0, -1), (1, 0), (-1, 0))
_RADII = (5.0, 11.0, 18.0, 26.0, 36.0, 48.0, 62.0)
_PAD = 1.0  # pixels kept clear around every label


_Spot = tuple[float, float, Literal["left", "center", "right"],
              Literal["bottom", "center", "top"]]


def _candidates() -> list[_Spot]:
    """Offsets (points) with the alignment that keeps the label on its side of the point."""
    out: list[_Spot] = []
    for radius in _RADII:
        for dx, dy in _DIRECTIONS:
            ha: Literal["left", "center", "right"] = (
                "left" if dx > 0 else "right" if dx < 0 else "center")
            va: Literal["bottom", "center", "top"] = (
                "bottom" if dy > 0 else "top" if dy < 0 else "center")
            out.append((dx * radius, dy * radius, ha, va))
    return out


def _overlap(box: Bbox, others: list[Bbox]) -> float:
    """Area ``box`` shares with ``others`` (0 when it overlaps none)."""
    total = 0.0
    for other in others:
        width = min(box.x1, other.x1) - max(box.x0, other.x0)
        height = min(box.y1, other.y1) - max(box.y0, other.y0)
        if width > 0 and height > 0:
            total += width * height
    return total


def _place_labels(ax: Axes, labels: list[Annotation], obstacles: list[Bbox]) -> None:
    """Move each label to the nearest spot that overlaps no label, point or quadrant name.

    Greedy, one label at a time, in the order given; the spot is chosen from
    :data:`_DIRECTIONS` x :data:`_RADII` in display space, so the chart's
    size decides what counts as crowded. A label that cannot be placed clear
    takes the spot with the least overlap. Labels moved beyond the nearest
    ring get a thin leader line to their point.
    """
    if not labels:
        return
    _root(ax).draw_without_rendering()  # lays the text out, so that extents are exact
    frame = ax.get_window_extent()
    placed = list(obstacles)
    candidates = _candidates()
    for label in labels:
        best_cost, best = float("inf"), 0
        for i, (dx, dy, ha, va) in enumerate(candidates):
            _move(label, dx, dy, ha, va)
            box = _text_box(label).padded(_PAD)
            outside = (box.x0 < frame.x0 or box.x1 > frame.x1
                       or box.y0 < frame.y0 or box.y1 > frame.y1)
            cost = _overlap(box, placed) + (frame.width * frame.height if outside else 0.0)
            if cost < best_cost:
                best_cost, best = cost, i
            if cost == 0.0:
                break
        dx, dy, ha, va = candidates[best]
        _move(label, dx, dy, ha, va)
        if best >= len(_DIRECTIONS):
            # An annotation draws a leader line only if made with one.
            text, xy = label.get_text(), label.xy
            label.remove()
            label = ax.annotate(text, xy, xytext=(dx, dy), textcoords="offset points",
                                fontsize=8, ha=ha, va=va,
                                arrowprops={"arrowstyle": "-", "linewidth": 0.5,
                                            "color": _style.MUTED, "shrinkA": 0, "shrinkB": 3})
        placed.append(_text_box(label).padded(_PAD))


def _root(ax: Axes) -> Any:
    """Return the top-level Figure of ``ax`` (its own figure may be a SubFigure)."""
    return ax.figure.canvas.figure


def _text_box(label: Annotation) -> Bbox:
    """Return the box of a label's text alone (no leader line), in display coordinates."""
    from matplotlib.text import Text

    label.get_window_extent()  # positions the text (and any leader line) first
    box: Bbox = Text.get_window_extent(label)
    return box


def _move(label: Annotation, dx: float, dy: float, ha: Literal["left", "center", "right"],
          va: Literal["bottom", "center", "top"]) -> None:
    label.xyann = (dx, dy)
    label.set_horizontalalignment(ha)
    label.set_verticalalignment(va)


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
        feature, and the four quadrant labels (:data:`KANO_QUADRANTS`). Feature
        labels are placed, for the Axes' size when drawn, so that they do not
        overprint each other, the points or the quadrant labels; a label moved
        away from a crowded point gets a thin line back to it.

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
    points = ax.scatter(better, worse, s=45, color=_style.HIGHLIGHT, zorder=3)
    shown = np.isfinite(better) & np.isfinite(worse)
    annotations = [
        ax.annotate(label, (x, y), xytext=(5, 4), textcoords="offset points", fontsize=8)
        for x, y, label, ok in zip(better, worse, labels, shown, strict=True) if ok
    ]
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_xlabel("Better: satisfaction when present")
    ax.set_ylabel("|Worse|: dissatisfaction when absent")
    ax.set_title("Kano: what delights, what is expected, what must not fail")
    # Crowded features must not print over each other: the labels are placed
    # once the axes are laid out, around the points and the quadrant names.
    _root(ax).draw_without_rendering()
    to_display = ax.transData
    radius = np.sqrt(points.get_sizes()[0]) * ax.figure.dpi / 72.0 / 2.0
    obstacles = [t.get_window_extent() for t in ax.texts if t not in annotations]
    obstacles += [_square(to_display.transform((x, y)), radius)
                  for x, y in zip(better[shown], worse[shown], strict=True)]
    _place_labels(ax, annotations, obstacles)
    return ax


def _square(centre: Any, half: float) -> Bbox:
    """Return the box of a marker of radius ``half`` pixels at display point ``centre``."""
    from matplotlib.transforms import Bbox

    x, y = float(centre[0]), float(centre[1])
    return Bbox.from_extents(x - half, y - half, x + half, y + half)
