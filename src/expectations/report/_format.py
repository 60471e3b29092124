"""Cell formatting shared by the text, Markdown and HTML renderings.

An estimate's ``ci_low``/``ci_high`` pair is shown as one ``[low, high]``
column, so every rendering reads the same way. Every p-value of every
rendering goes through :func:`format_p`: four decimals, and ``<0.0001`` below
that (an exact 0.0 from floating-point underflow included), so no p-value ever
reads as ``0.0000``.
"""

from __future__ import annotations

import math
import unicodedata

import attrs

from expectations.report._model import Cell, Column, Report, Section, Table

__all__ = ["P_DIGITS", "DisplayTable", "display", "display_width", "format_cell", "format_p",
           "headline", "is_p_value", "p_phrase"]

#: Decimals of a p-value; below ``10 ** -P_DIGITS`` it shows as ``<0.0001``.
P_DIGITS = 4


def format_p(value: float | None) -> str:
    """Format a p-value: four decimals, or ``<0.0001`` below that (missing as a dash).

    Parameters
    ----------
    value : float or None
        The p-value, in 0..1. An underflow to exactly 0.0 is still a p-value
        below 0.0001, never a certainty.

    Returns
    -------
    str

    Examples
    --------
    >>> [format_p(p) for p in (0.0, 1e-300, 5e-5, 0.04, 1.0, None)]
    ['<0.0001', '<0.0001', '<0.0001', '0.0400', '1.0000', '-']
    """
    if value is None or not math.isfinite(value):
        return "-"
    floor = 10.0 ** -P_DIGITS
    if value < floor:
        return f"<{floor:.{P_DIGITS}f}"
    return f"{value:.{P_DIGITS}f}"


def p_phrase(value: float | None) -> str:
    """Write a p-value into a sentence: ``p = 0.0123``, ``p < 0.0001`` or ``p = n/a``.

    The number is :func:`format_p`'s, so a sentence and a table show the same
    p-value; a missing (or not finite) p-value reads ``n/a``.

    Examples
    --------
    >>> [p_phrase(p) for p in (0.0123, 5e-5, 0.0, None, float("nan"))]
    ['p = 0.0123', 'p < 0.0001', 'p < 0.0001', 'p = n/a', 'p = n/a']
    """
    text = format_p(value)
    if text == "-":
        return "p = n/a"
    if text.startswith("<"):
        return f"p < {text[1:]}"
    return f"p = {text}"


def is_p_value(column: Column) -> bool:
    """Whether a column holds p-values (``p_value``, ``p_adjusted``, ``p_...``).

    Examples
    --------
    >>> is_p_value(Column(name="p_adjusted", type="number"))
    True
    """
    return column.type == "number" and (column.name == "p" or column.name.startswith("p_"))


def display_width(text: str) -> int:
    """Return how many terminal columns ``text`` takes (wide East Asian characters take two).

    Combining marks take none.

    Examples
    --------
    >>> display_width("abc"), display_width("\u5e97\u8217"), display_width("e\u0301")
    (3, 4, 1)
    """
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


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
    if is_p_value(column) and isinstance(value, (int, float)):
        return format_p(float(value))
    if isinstance(value, float):
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
    """Return ``n = 1,234 (12 left out)``: what a section rests on, and what it left out."""
    if section.key == "glossary":
        return f"n = {section.n:,} terms used in this report"
    dropped = f" ({section.n_dropped:,} left out)" if section.n_dropped else ""
    return f"n = {section.n:,}{dropped}"


def table_title(name: str) -> str:
    """``by_segment`` -> ``By segment``."""
    return name.replace("_", " ").capitalize()


def generator_line(report: Report) -> str:
    """Which version made the report, at which confidence."""
    from expectations import __version__

    return (f"customer-expectations {__version__}; intervals at "
            f"{report.confidence:.0%} confidence")
