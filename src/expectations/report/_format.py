"""Cell formatting shared by the text, Markdown and HTML renderings.

An estimate's ``ci_low``/``ci_high`` pair is shown as one ``[low, high]``
column, so every rendering reads the same way.
"""

from __future__ import annotations

import attrs

from expectations.report._model import Cell, Column, Report, Section, Table

__all__ = ["DisplayTable", "display", "format_cell", "headline"]


@attrs.frozen(kw_only=True)
class DisplayTable:
    """A table ready to print: headers, text cells, and which columns are numeric."""

    name: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]


def format_cell(value: Cell, column: Column) -> str:
    """Format one value for people (missing shown as a dash).

    Examples
    --------
    >>> format_cell(1234, Column(name="n", type="integer"))
    '1,234'
    >>> format_cell(None, Column(name="score", type="number"))
    '-'
    """
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if column.type == "integer" and isinstance(value, (int, float)):
        return f"{int(value):,}"
    if isinstance(value, float):
        if column.name.startswith("p_") and 0 < value < 10 ** -column.digits:
            return f"<{10 ** -column.digits:.{column.digits}f}"
        return f"{value:,.{column.digits}f}"
    return str(value)


def display(table: Table, confidence: float) -> DisplayTable:
    """Merge interval bound pairs and format every cell."""
    names = table.column_names
    plan: list[tuple[str, list[int], bool]] = []
    skip: set[int] = set()
    for i, col in enumerate(table.columns):
        if i in skip:
            continue
        if col.name.endswith("ci_low"):
            high = col.name[: -len("low")] + "high"
            if high in names:
                j = names.index(high)
                skip.add(j)
                prefix = col.name[: -len("ci_low")].rstrip("_").replace("_", " ")
                label = f"{prefix} {confidence:.0%} CI".strip()
                plan.append((label, [i, j], True))
                continue
        plan.append((col.name.replace("_", " "), [i], col.type in ("integer", "number")))
    rows = []
    for row in table.rows:
        cells = []
        for _, positions, _ in plan:
            if len(positions) == 2:
                lo, hi = (row[p] for p in positions)
                column = table.columns[positions[0]]
                cells.append("-" if lo is None or hi is None else
                             f"[{format_cell(lo, column)}, {format_cell(hi, column)}]")
            else:
                cells.append(format_cell(row[positions[0]], table.columns[positions[0]]))
        rows.append(tuple(cells))
    return DisplayTable(name=table.name, headers=tuple(p[0] for p in plan),
                        rows=tuple(rows), numeric=tuple(p[2] for p in plan))


def headline(section: Section) -> str:
    """``n = 1,234 (12 missing, left out)`` for a section."""
    dropped = f" ({section.n_dropped:,} missing, left out)" if section.n_dropped else ""
    return f"n = {section.n:,}{dropped}"


def table_title(name: str) -> str:
    """``by_segment`` -> ``By segment``."""
    return name.replace("_", " ").capitalize()


def generator_line(report: Report) -> str:
    """Which version made the report, at which confidence."""
    from expectations import __version__

    return (f"customer-expectations {__version__}; intervals at "
            f"{report.confidence:.0%} confidence")
