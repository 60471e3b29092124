"""Charts of the library's results (the ``plot`` extra: matplotlib).

Every chart takes a result or the DataFrame of a ``by=`` call, draws on the
``ax`` it is given (or on a new figure) and returns the Axes. matplotlib is
imported when a chart is drawn, never by ``import expectations``; without it
a chart raises :class:`ModuleNotFoundError` naming the extra to install.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import expectations as ex
>>> from expectations.plotting import plot_kano
>>> ax = plot_kano(ex.kano(["like"] * 3 + ["neutral"], ["neutral"] * 3 + ["dislike"]))
>>> ax.get_xlabel()
'Better: satisfaction when present'
>>> matplotlib.pyplot.close(ax.figure)
"""

from __future__ import annotations

from expectations.plotting._matplotlib import INSTALL_HINT
from expectations.plotting.funnel import plot_funnel
from expectations.plotting.importance import plot_importance_performance
from expectations.plotting.kano import plot_kano
from expectations.plotting.nps import plot_nps
from expectations.plotting.segments import plot_segment_comparison
from expectations.plotting.tolerance import plot_tolerance_zone
from expectations.plotting.trend import plot_control_chart, plot_trend

__all__ = [
    "INSTALL_HINT",
    "plot_control_chart",
    "plot_funnel",
    "plot_importance_performance",
    "plot_kano",
    "plot_nps",
    "plot_segment_comparison",
    "plot_tolerance_zone",
    "plot_trend",
]
