"""One chart per report section, drawn from the section's own table, as PNG bytes.

Uses matplotlib's object API (``Figure`` with the Agg canvas), never pyplot,
so building a report leaves no global figure state behind.
"""

from __future__ import annotations

import io
from typing import Any

from expectations.report._model import Section, Table

__all__ = ["PLOT_HINT", "chart_png", "matplotlib_missing"]

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
    return [str(v) for v in table.column(table.column_names[0])]


def _intervals(ax: Any, table: Table, estimate: str, label: str, *, zero: bool = False) -> None:
    """Dots with interval bars, one row per group."""
    y = list(range(len(table.rows)))[::-1]
    est = _numbers(table, estimate)
    low, high = _numbers(table, "ci_low"), _numbers(table, "ci_high")
    ax.errorbar(est, y, xerr=[[e - lo for e, lo in zip(est, low, strict=True)],
                              [hi - e for e, hi in zip(est, high, strict=True)]],
                fmt="o", color="#1f5a96", ecolor="#7aa6d6", capsize=3)
    ax.set_yticks(y, _labels(table))
    ax.set_xlabel(label)
    if zero:
        ax.axvline(0, color="#999999", linewidth=0.8)


def _draw(section: Section, ax: Any) -> bool:
    key = section.key
    if key in ("nps", "csat", "ces"):
        name = next((t for t in ("by_segment", "by_touchpoint") if t in
                     [x.name for x in section.tables]), "overall")
        table = section.table(name)
        if name == "overall":
            return False
        _intervals(ax, table, "score", f"{section.title} ({name.replace('_', ' ')})",
                   zero=key == "nps")
    elif key == "segments":
        _intervals(ax, section.table("segments"), "score", "NPS by segment", zero=True)
    elif key == "servqual":
        _intervals(ax, section.table("by_dimension"), "gap",
                   "gap (perception - expectation)", zero=True)
    elif key == "commitments":
        table = section.table("commitments")
        _intervals(ax, Table(name="kept", columns=table.columns, rows=table.rows),
                   "kept_rate", "% of outcomes that kept the promise")
    elif key == "tolerance":
        table = next(t for t in reversed(section.tables))
        labels = _labels(table) if table.name != "overall" else ["all"]
        left: list[float] = [0.0] * len(labels)
        for level, colour in (("dissatisfied", "#c0392b"), ("satisfied", "#95a5a6"),
                              ("delighted", "#27ae60")):
            share = _numbers(table, level)
            ax.barh(labels, share, left=left, color=colour, label=level)
            left = [a + b for a, b in zip(left, share, strict=True)]
        ax.set_xlabel("% of answers")
        ax.legend(loc="lower right", fontsize=8)
    elif key in ("kano", "priorities"):
        table = section.tables[0]
        x_col, y_col = ("better", "worse") if key == "kano" else ("performance", "importance")
        xs = _numbers(table, x_col)
        ys = [abs(v) for v in _numbers(table, y_col)] if key == "kano" else _numbers(table, y_col)
        ax.scatter(xs, ys, color="#1f5a96")
        for x, y, text in zip(xs, ys, _labels(table), strict=True):
            ax.annotate(text, (x, y), textcoords="offset points", xytext=(4, 4), fontsize=8)
        ax.set_xlabel("Better" if key == "kano" else "performance (mean rating)")
        ax.set_ylabel("|Worse|" if key == "kano" else "importance (% of R\u00b2)")
        if key == "kano":
            ax.axvline(0.5, color="#999999", linewidth=0.8)
            ax.axhline(0.5, color="#999999", linewidth=0.8)
    elif key == "trend":
        table = section.table("periods")
        steps = list(range(len(table.rows)))
        ax.plot(steps, _numbers(table, "score"), marker="o", color="#1f5a96")
        ax.fill_between(steps, _numbers(table, "ci_low"), _numbers(table, "ci_high"),
                        color="#7aa6d6", alpha=0.4)
        ax.set_xticks(steps, _labels(table), rotation=90, fontsize=7)
        ax.set_ylabel("NPS")
    elif key in ("drivers", "themes", "customers"):
        table = section.tables[0]
        column = {"drivers": "rescaled_weight", "themes": "difference",
                  "customers": "customers"}[key]
        ax.barh(_labels(table)[::-1], _numbers(table, column)[::-1], color="#1f5a96")
        ax.set_xlabel(column.replace("_", " "))
    else:
        return False
    return True


def chart_png(section: Section) -> bytes | None:
    """Draw the section's chart and return it as PNG bytes (None if it has none)."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.0, 3.6), dpi=96, layout="constrained")
    ax = figure.add_subplot()
    if not _draw(section, ax):
        return None
    ax.set_title(section.title, fontsize=10)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
