"""The funnel plot: each group's score against its size, inside control limits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from expectations._output import chart_text
from expectations.errors import InvalidParameterError
from expectations.plotting import _style
from expectations.plotting._input import FloatArray, as_frame, column_title, numbers, row_labels
from expectations.plotting._matplotlib import new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["FUNNEL_PLOT_COLUMNS", "plot_funnel"]

#: Columns :func:`plot_funnel` reads from a table of :func:`~expectations.funnel`.
FUNNEL_PLOT_COLUMNS: tuple[str, ...] = (
    "score", "n", "target", "low_95", "high_95", "low_998", "high_998", "band",
)

# At most this many groups beyond the 99.8% limits are named, the farthest first.
_MAX_LABELS = 12
# Above this ratio of the largest to the smallest group, n is drawn on a log scale.
_LOG_SPAN = 50.0


def plot_funnel(data: object, *, by: object = None, ax: Axes | None = None,
                **options: Any) -> Axes:
    """Draw the funnel plot: groups as points over their size, inside control limits.

    Parameters
    ----------
    data : pandas.DataFrame or array-like
        The table of :func:`~expectations.funnel` (with the columns
        :data:`FUNNEL_PLOT_COLUMNS`), or the answers themselves, which are
        then passed to :func:`~expectations.funnel` with ``by`` and ``options``.
    by : array-like, optional
        The group keys, when ``data`` holds answers.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    **options
        Passed to :func:`~expectations.funnel` with answers (``metric``,
        ``target``, ``weights``, ``missing``, ``scale``, ``top``).

    Returns
    -------
    matplotlib.axes.Axes
        The target line (``ax.lines[0]``), then the 95% and 99.8% limits as
        curves over the group size (``ax.lines[1:5]``: lower and upper 95%,
        lower and upper 99.8%), one scatter collection of the groups coloured
        by band, and a text label on each of the (at most 12) groups farthest
        beyond the 99.8% limits. The size axis is logarithmic when the
        largest group has more than 50 times the answers of the smallest.

    Raises
    ------
    SchemaError
        If a table lacks a column, or a column is not numeric.
    InvalidParameterError
        If ``by`` or funnel options come with a table (they apply to answers).
    ModuleNotFoundError
        If matplotlib is not installed (``pip install "customer-expectations[plot]"``).

    Notes
    -----
    The curves are ``target ± z·√(V/n)`` (Spiegelhalter 2005) with the
    per-answer variance ``V`` the table carries in ``attrs["variance"]``; for
    a table that lost its ``attrs``, ``V`` is read back from the groups' own
    95% limits. With survey weights, each group's own limits (and band) use
    its effective sample size, so a point can sit slightly off the curves
    drawn over the raw counts.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from expectations.plotting import plot_funnel
    >>> scores = [10, 9, 8, 6, 3] * 40 + [10, 10, 9, 8, 6] * 40 + [3, 6, 8]
    >>> ax = plot_funnel(scores, by=["a"] * 200 + ["b"] * 200 + ["c"] * 3)
    >>> [t.get_text() for t in ax.texts]
    ['a', 'b']
    >>> ax.get_xlabel()
    'answers per group (n)'
    >>> matplotlib.pyplot.close(ax.figure)
    """
    if not isinstance(data, pd.DataFrame):
        from expectations.groups import funnel

        data = funnel(data, by=by, **options)
    elif by is not None or options:
        given = ", ".join(sorted([*(["by"] if by is not None else []), *options]))
        raise InvalidParameterError(
            f"by and funnel's options apply only to answers, not to a funnel table; got "
            f"{given} with a DataFrame. Pass them to expectations.funnel instead.")
    frame = as_frame(data, FUNNEL_PLOT_COLUMNS)
    score, n, target = (numbers(frame, c) for c in FUNNEL_PLOT_COLUMNS[:3])
    high_95, low_998, high_998 = (numbers(frame, c) for c in FUNNEL_PLOT_COLUMNS[4:7])
    band = frame["band"].astype("string").fillna("").to_numpy(dtype=object)
    ax = new_axes(ax, rows=8)
    centre = float(np.nanmedian(target)) if np.isfinite(target).any() else 0.0
    bounds = _bounds(frame, score, low_998)
    variance = _variance(frame, n, centre, high_95, bounds)
    positive = n[n > 0]
    smallest = max(1.0, float(positive.min()) if positive.size else 1.0)
    largest = max(2.0 * smallest, float(n.max()) * 1.05)
    # Sizes spanning orders of magnitude crowd the small groups at the left edge.
    logarithmic = largest / smallest > _LOG_SPAN
    sizes = (np.geomspace if logarithmic else np.linspace)(smallest, largest, 200)
    ax.axhline(centre, color=_style.MUTED, linewidth=1.0, label="target")
    from expectations.groups.funnel import Z_95, Z_998

    for z, style, label in ((Z_95, "--", "95% limits"), (Z_998, "-", "99.8% limits")):
        half = 100.0 * z * np.sqrt(variance / sizes)
        ax.plot(sizes, np.clip(centre - half, *bounds), color=_style.ZONE, linestyle=style,
                linewidth=1.2, label=label)
        ax.plot(sizes, np.clip(centre + half, *bounds), color=_style.ZONE, linestyle=style,
                linewidth=1.2)
    colours = [_colour(str(b)) for b in band]
    ax.scatter(n, score, s=22, c=colours, zorder=3, edgecolors="white", linewidths=0.4,
               label="groups")
    _label_outliers(ax, frame, score, n, low_998, high_998)
    if logarithmic:
        ax.set_xscale("log")
    ax.set_xlabel("answers per group (n)")
    what = "NPS" if bounds[0] < 0 else "score (%)"
    ax.set_ylabel(f"{what} by {column_title(frame.index, 'group')}")
    ax.set_title("Funnel plot: each group against the target, for its size")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.08), ncols=4, frameon=False,
              fontsize=8)
    return ax


def _colour(band: str) -> str:
    if band.startswith("above"):
        return _style.GOOD
    if band.startswith("below"):
        return _style.BAD
    return _style.HIGHLIGHT


def _bounds(frame: pd.DataFrame, score: FloatArray, low_998: FloatArray) -> tuple[float, float]:
    """Return the metric's range: -100..100 for NPS, 0..100 for a percentage."""
    metric = frame.attrs.get("metric")
    if metric is not None:
        return (-100.0, 100.0) if metric == "nps" else (0.0, 100.0)
    negative = bool(np.nanmin(np.concatenate([score, low_998, [0.0]])) < 0)
    return (-100.0, 100.0) if negative else (0.0, 100.0)


def _variance(frame: pd.DataFrame, n: FloatArray, centre: float, high_95: FloatArray,
              bounds: tuple[float, float]) -> float:
    """Return the per-answer variance at the target (``attrs``, else unclipped limits)."""
    stored = frame.attrs.get("variance")
    if isinstance(stored, (int, float)) and np.isfinite(stored):
        return float(stored)
    from expectations.groups.funnel import Z_95

    with np.errstate(invalid="ignore", divide="ignore"):
        implied = n * ((high_95 - centre) / (100.0 * Z_95)) ** 2
    usable = implied[(high_95 < bounds[1]) & (n > 0) & np.isfinite(implied)]
    return float(np.median(usable)) if usable.size else 0.0


def _label_outliers(ax: Axes, frame: pd.DataFrame, score: FloatArray, n: FloatArray,
                    low_998: FloatArray, high_998: FloatArray) -> None:
    """Name the groups farthest beyond the 99.8% limits, relative to the limits' width."""
    with np.errstate(invalid="ignore", divide="ignore"):
        width = np.maximum(high_998 - low_998, 1e-12)
        beyond = np.maximum(score - high_998, low_998 - score) / width
    candidates = np.flatnonzero(np.nan_to_num(beyond, nan=-1.0) > 0)
    farthest = candidates[np.argsort(-beyond[candidates], kind="stable")][:_MAX_LABELS]
    labels = row_labels(frame.index)
    for row in sorted(farthest):
        ax.annotate(chart_text(labels[row]), (n[row], score[row]), textcoords="offset points",
                    xytext=(4, 4), fontsize=8, color=_style.MUTED)
