"""Lazy access to matplotlib, so that ``import expectations`` never imports it.

Every chart calls :func:`new_axes` (or uses the caller's Axes): that is the
only place the library imports matplotlib, and the one place that turns its
absence into an error naming the extra to install.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["INSTALL_HINT", "new_axes", "pyplot"]

#: What to install to draw charts; quoted in the error when matplotlib is missing.
INSTALL_HINT = 'pip install "customer-expectations[plot]"'


def pyplot() -> Any:
    """Import and return :mod:`matplotlib.pyplot`, or explain how to install it.

    Returns
    -------
    module
        :mod:`matplotlib.pyplot`.

    Raises
    ------
    ModuleNotFoundError
        When matplotlib cannot be imported; the message names the ``plot`` extra.

    Examples
    --------
    >>> pyplot().__name__
    'matplotlib.pyplot'
    """
    try:
        import matplotlib.pyplot as plt  # lazy: charts are an optional extra
    except ImportError as exc:
        raise ModuleNotFoundError(
            f"matplotlib must be installed to draw charts; it could not be imported "
            f"({exc}). Install the plot extra: {INSTALL_HINT}",
            name="matplotlib",
        ) from exc
    return plt


def new_axes(ax: Axes | None, *, rows: int = 0, square: bool = False) -> Axes:
    """Return ``ax``, or the Axes of a new figure sized for ``rows`` labelled rows.

    ``square`` asks for a square figure, for charts whose two axes share a unit.

    matplotlib is imported even when ``ax`` is given, so that a missing
    installation is reported the same way whichever way a chart is called.

    Examples
    --------
    >>> ax = new_axes(None, rows=3)
    >>> float(ax.figure.get_figheight())
    3.5
    >>> pyplot().close(ax.figure)
    """
    plt = pyplot()
    if ax is not None:
        return ax
    size = (6.0, 6.0) if square else (7.5, max(3.5, 1.2 + 0.45 * rows))
    _, created = plt.subplots(figsize=size, layout="constrained")
    out: Axes = created
    return out
