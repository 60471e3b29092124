"""Terminal rendering: aligned plain-text tables with n and method per section."""

from __future__ import annotations

import textwrap

from expectations.report._format import (
    DisplayTable,
    display,
    generator_line,
    headline,
    table_title,
)
from expectations.report._model import Report

__all__ = ["render", "render_table"]

_WIDTH = 100


def render_table(table: DisplayTable, indent: str = "  ") -> list[str]:
    """Align a display table: text left, numbers right."""
    widths = [max([len(h), *(len(r[i]) for r in table.rows)])
              for i, h in enumerate(table.headers)]

    def line(cells: tuple[str, ...]) -> str:
        parts = [c.rjust(w) if num else c.ljust(w)
                 for c, w, num in zip(cells, widths, table.numeric, strict=True)]
        return (indent + "  ".join(parts)).rstrip()

    return [line(table.headers), indent + "  ".join("-" * w for w in widths),
            *(line(r) for r in table.rows)]


def render(report: Report) -> str:
    """Render the report for a terminal."""
    out = [report.title, "=" * len(report.title), generator_line(report)]
    out += [f"  {item.name}: {item.source} ({item.rows:,} rows)" for item in report.inputs]
    for section in report.sections:
        out += ["", section.title, "-" * len(section.title), headline(section)]
        out += textwrap.wrap(f"method: {section.method}", _WIDTH, subsequent_indent="  ")
        for table in section.tables:
            shown = display(table, report.confidence)
            if len(section.tables) > 1:
                out += ["", f"  {table_title(table.name)}"]
            out += ["", *render_table(shown)]
        for note in section.notes:
            out += textwrap.wrap(f"note: {note}", _WIDTH, subsequent_indent="  ")
    if report.unavailable:
        out += ["", "Not available", "-------------"]
        out += [f"  {u.title}: {u.reason}" for u in report.unavailable]
    return "\n".join(out) + "\n"
