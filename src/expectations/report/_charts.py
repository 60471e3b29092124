"""One chart per report section, drawn from the section's own table, as PNG bytes.

The charts the :mod:`expectations.plotting` module has (NPS bars, the segment
forest plot, the funnel, the trend with its significant months, the zone of
tolerance, Kano, the importance-performance grid with its crosshair) are drawn
by those very functions, so the report's chart is the one a notebook user
gets. Each is drawn on a ``Figure`` of its own (the Agg canvas), never a
pyplot figure, so building a report leaves no global figure state behind.
Every label from the data goes through :func:`expectations._output.chart_text`:
a ``$`` in a segment name is a dollar sign, never mathtext (which could fail
to parse).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pandas as pd

from expectations._output import chart_text
from expectations.report._model import Section, Table

__all__ = ["PLOTTED", "PLOT_HINT", "chart_png", "matplotlib_missing"]

PLOT_HINT = ('Charts need the optional "plot" extra (matplotlib): '
             'pip install "customer-expectations[plot]".')


def matplotlib_missing() -> bool:
    """Whether matplotlib cannot be imported."""
    try:
        import matplotlib.figure  # noqa: F401
    except ImportError:
        return True
    return False


def _numbers(table: Table, column: str) -> list[float]:
    return [float("nan") if v is None or isinstance(v, str) else float(v)
            for v in table.column(column)]


def _labels(table: Table) -> list[str]:
    return [chart_text(v) for v in table.column(table.column_names[0])]


def _intervals(ax: Any, table: Table, estimate: str, label: str, *, zero: bool = False) -> None:
    """Dots with interval bars, one row per group."""
    y = list(range(len(table.rows)))[::-1]
    est = _numbers(table, estimate)
    low, high = _numbers(table, "ci_low"), _numbers(table, "ci_high")
    ax.errorbar(est, y, xerr=[[e - lo for e, lo in zip(est, low, strict=True)],
                              [hi - e for e, hi in zip(est, high, strict=True)]],
                fmt="o", color="#1f5a96", ecolor="#7aa6d6", capsize=3)
    ax.set_yticks(y, _labels(table))
    ax.set_xlabel(chart_text(label))
    if zero:
        ax.axvline(0, color="#999999", linewidth=0.8)


def _frame(table: Table) -> pd.DataFrame:
    """Return the table as the DataFrame the plotting functions read.

    Indexed by its key column (labels made literal for matplotlib), numbers as
    floats with missing values as NaN.
    """
    frame = table.to_frame()
    first = table.columns[0]
    if first.type == "string":
        frame = frame.set_index(pd.Index(_labels(table), name=chart_text(first.name)))
        frame = frame.drop(columns=first.name)
    for column in table.columns:
        if column.name in frame.columns and column.type in ("number", "integer"):
            frame[column.name] = pd.to_numeric(frame[column.name], errors="coerce").astype(float)
    return frame


def _plot_nps(section: Section, ax: Any) -> None:
    from expectations import plotting

    name = next((t.name for t in section.tables if t.name in ("by_segment", "by_touchpoint")),
                "overall")
    frame = _frame(section.table(name))
    if name == "overall":
        frame.index = pd.Index(["all"])
    frame["passive_share"] = 100.0 - frame["promoter_share"] - frame["detractor_share"]
    plotting.plot_nps(frame, ax=ax)


def _plot_segments(section: Section, ax: Any) -> None:
    from expectations import plotting

    frame = _frame(section.table("segments"))
    # Each segment is compared with all other respondents: the rest is everyone else.
    frame["rest_n"] = float(frame["n"].sum()) - frame["n"]
    frame["significant"] = frame["significant"].astype("boolean").fillna(False).astype(bool)
    plotting.plot_segment_comparison(frame, ax=ax)


def _plot_funnel(section: Section, ax: Any) -> None:
    from expectations import plotting

    table = max(section.tables, key=lambda t: len(t.rows))
    frame = _frame(table)
    frame["band"] = frame["band"].astype("string").fillna("within").astype(str)
    plotting.plot_funnel(frame, ax=ax)


def _plot_trend(section: Section, ax: Any) -> None:
    from expectations import plotting

    frame = _frame(section.table("periods"))
    frame["significant"] = frame["significant"].astype("boolean").fillna(False).astype(bool)
    plotting.plot_trend(frame, ax=ax)


def _plot_tolerance(section: Section, ax: Any) -> None:
    from expectations import plotting

    table = section.tables[-1]
    frame = _frame(table)
    if table.name == "overall":
        frame.index = pd.Index(["all"])
    plotting.plot_tolerance_zone(frame, ax=ax)


def _plot_kano(section: Section, ax: Any) -> None:
    from expectations import plotting

    plotting.plot_kano(_frame(section.tables[0]), ax=ax)


def _plot_priorities(section: Section, ax: Any) -> None:
    from expectations import plotting

    frame = _frame(section.tables[0])
    frame["settled"] = (frame["quadrant"] != "not distinguishable").astype(object)
    plotting.plot_importance_performance(frame, ax=ax)


#: The sections drawn by the :mod:`expectations.plotting` function of the same chart, so a
#: report's chart is the one a notebook user gets from that function.
PLOTTED: dict[str, Callable[[Section, Any], None]] = {
    "nps": _plot_nps, "segments": _plot_segments, "many_groups": _plot_funnel,
    "trend": _plot_trend, "tolerance": _plot_tolerance, "kano": _plot_kano,
    "priorities": _plot_priorities,
}


def _draw(section: Section, ax: Any) -> bool:
    """Draw the charts the plotting module has no function for (one table, plainly)."""
    key = section.key
    if key in ("csat", "ces"):
        name = next((t for t in ("by_segment", "by_touchpoint") if t in
                     [x.name for x in section.tables]), "overall")
        if name == "overall":
            return False
        _intervals(ax, section.table(name), "score",
                   f"{section.title} ({name.replace('_', ' ')})")
    elif key == "servqual":
        _intervals(ax, section.table("by_dimension"), "gap",
                   "gap (perception - expectation)", zero=True)
    elif key == "commitments":
        _intervals(ax, section.table("commitments"), "kept_rate",
                   "% of outcomes that kept the promise")
    elif key in ("drivers", "themes", "customers"):
        table = section.tables[0]
        column = {"drivers": "rescaled_weight", "themes": "difference",
                  "customers": "customers"}[key]
        ax.barh(_labels(table)[::-1], _numbers(table, column)[::-1], color="#1f5a96")
        ax.set_xlabel(column.replace("_", " "))
    else:
        return False
    ax.set_title(chart_text(section.title), fontsize=10)
    return True


def chart_png(section: Section) -> bytes | None:
    """Draw the section's chart and return it as PNG bytes (None if it has none).

    Sections with a chart in :mod:`expectations.plotting` (:data:`PLOTTED`) are
    drawn by that function on an Agg figure; the others by :func:`_draw`.
    """
    from matplotlib.figure import Figure

    rows = max((len(t.rows) for t in section.tables), default=1)
    if section.key in ("priorities", "kano"):
        size = (6.5, 6.0)
    elif section.key in ("trend", "many_groups"):
        size = (7.5, 4.2)
    else:  # one labelled row per group
        size = (7.5, max(3.6, 1.4 + 0.45 * rows))
    figure = Figure(figsize=size, dpi=96, layout="constrained")
    ax = figure.add_subplot()
    plot = PLOTTED.get(section.key)
    if plot is not None:
        plot(section, ax)
    elif not _draw(section, ax):
        return None
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
