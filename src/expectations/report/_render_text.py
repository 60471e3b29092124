"""Terminal rendering: aligned plain-text tables with n and method per section.

Text from the data or the caller passes through
:func:`expectations._output.terminal_text` before it is measured or printed:
control characters (ESC, BEL, ...) cannot recolour the terminal, and a line
break inside a name cannot break a table's alignment.

Every line fits :data:`WIDTH` terminal columns, measured as a terminal draws
them (a wide East Asian character takes two): text is wrapped at word
boundaries, a table too wide is split into column groups that each repeat
the key column, and a table whose key alone would not leave room for its
numbers is printed as one record per row.
"""

from __future__ import annotations

from expectations._output import terminal_text as _tt
from expectations.report._format import (
    DisplayTable,
    display,
    display_width,
    generator_line,
    headline,
    table_title,
)
from expectations.report._model import Report, Section

__all__ = ["WIDTH", "render", "render_table", "wrap"]

#: The widest line the terminal report prints, in terminal columns.
WIDTH = 100
_GAP = 2


def _chunks(word: str, width: int) -> list[str]:
    """Cut a word wider than ``width`` columns into pieces that fit."""
    pieces, current, used = [], "", 0
    for char in word:
        w = display_width(char)
        if current and used + w > width:
            pieces.append(current)
            current, used = "", 0
        current += char
        used += w
    return [*pieces, current] if current else pieces


def wrap(text: str, width: int = WIDTH, *, initial: str = "", subsequent: str = "  ") -> list[str]:
    """Wrap ``text`` at spaces into lines of at most ``width`` terminal columns.

    ``initial`` starts the first line and ``subsequent`` every other one; a
    word longer than a line is cut.

    Examples
    --------
    >>> wrap("one two three", 9, initial="- ")
    ['- one two', '  three']
    """
    lines: list[str] = []
    prefix = initial
    current = ""
    for word in text.split():
        room = width - display_width(prefix)
        candidate = f"{current} {word}" if current else word
        if display_width(candidate) <= room:
            current = candidate
            continue
        if current:
            lines.append(prefix + current)
            prefix, current = subsequent, ""
            room = width - display_width(prefix)
        pieces = _chunks(word, max(room, 1))
        for piece in pieces[:-1]:
            lines.append(prefix + piece)
            prefix = subsequent
        current = pieces[-1] if pieces else ""
    if current or not lines:
        lines.append((prefix + current).rstrip())
    return lines


def _pad(cell: str, width: int, right: bool) -> str:
    fill = " " * max(width - display_width(cell), 0)
    return fill + cell if right else cell + fill


def _aligned(headers: tuple[str, ...], rows: list[tuple[str, ...]], numeric: tuple[bool, ...],
             indent: str) -> list[str]:
    widths = [max([display_width(h), *(display_width(r[i]) for r in rows)])
              for i, h in enumerate(headers)]

    def line(cells: tuple[str, ...]) -> str:
        parts = [_pad(c, w, num) for c, w, num in zip(cells, widths, numeric, strict=True)]
        return (indent + (" " * _GAP).join(parts)).rstrip()

    return [line(headers), indent + (" " * _GAP).join("-" * w for w in widths),
            *(line(r) for r in rows)]


def _records(headers: tuple[str, ...], rows: list[tuple[str, ...]], keyed: bool,
             indent: str, width: int) -> list[str]:
    """One block per row, a ``header: value`` line per cell (for tables too wide to align)."""
    label = max(display_width(h) for h in headers)
    out: list[str] = []
    if keyed and len(headers) == 2:
        # A term and its definition, a name and its text: one hanging paragraph per row.
        for key, text in rows:
            out += wrap(f"{key}: {text}", width, initial=indent, subsequent=indent + "    ")
        return out
    for row in rows:
        if out:
            out.append("")
        cells = list(zip(headers, row, strict=True))
        if keyed:
            (key_header, key), cells = cells[0], cells[1:]
            out += wrap(key, width, initial=f"{indent}{key_header}: ",
                        subsequent=indent + "  ")
        inner = indent + ("  " if keyed else "")
        for header, cell in cells:
            first = f"{inner}{_pad(header, label, False)}  "
            out += wrap(cell, width, initial=first, subsequent=" " * display_width(first))
    return out


def render_table(table: DisplayTable, indent: str = "  ", width: int = WIDTH) -> list[str]:
    """Lay out a display table in ``width`` columns: text left, numbers right.

    Cells are made safe for a terminal first. A table wider than ``width`` is
    split into column groups, each repeating the key (first, text) column; a
    table whose key column is so wide that a group would hold no other
    column, or that has a column wider than a line, becomes one record per row.
    """
    headers = tuple(_tt(h) for h in table.headers)
    rows = [tuple(_tt(c) for c in row) for row in table.rows]
    widths = [max([display_width(h), *(display_width(r[i]) for r in rows)])
              for i, h in enumerate(headers)]
    room = width - display_width(indent)
    if sum(widths) + _GAP * (len(widths) - 1) <= room:
        return _aligned(headers, rows, table.numeric, indent)
    keyed = bool(table.numeric) and not table.numeric[0]
    first = 1 if keyed else 0
    key_width = widths[0] + _GAP if keyed else 0
    if key_width > room // 2 or any(key_width + w > room for w in widths[first:]):
        return _records(headers, rows, keyed, indent, width)
    groups: list[list[int]] = []
    used = room + 1
    for i in range(first, len(headers)):
        if used + widths[i] > room:
            groups.append([])
            used = key_width
        groups[-1].append(i)
        used += widths[i] + _GAP
    out: list[str] = []
    for group in groups:
        columns = ([0] if keyed else []) + group
        if out:
            out.append("")
        out += _aligned(tuple(headers[i] for i in columns),
                        [tuple(r[i] for i in columns) for r in rows],
                        tuple(table.numeric[i] for i in columns), indent)
    return out


def _heading(text: str, rule: str) -> list[str]:
    lines = wrap(_tt(text), WIDTH, subsequent="")
    return [*lines, rule * max(display_width(line) for line in lines)]


def _headline_lines(report: Report, section: Section) -> list[str]:
    """Render the headline as one wrapped paragraph per finding, led by its severity."""
    titles = {s.key: s.title for s in report.sections}
    out = [*_heading(section.title, "-"), *wrap(_tt(section.method), WIDTH, initial="method: "),
           ""]
    for row in section.table("findings").records():
        cited = titles.get(str(row["section"]), str(row["section"]))
        out += wrap(_tt(f"{row['finding']} [{cited}]"), WIDTH,
                    initial=f"  {str(row['severity']).upper():<5}  ", subsequent=" " * 9)
    for note in section.notes:
        out += wrap(_tt(note), WIDTH, initial="note: ")
    return out


def render(report: Report) -> str:
    """Render the report for a terminal: every line at most :data:`WIDTH` columns."""
    out = [*_heading(report.title, "="), *wrap(_tt(generator_line(report)), WIDTH)]
    for item in report.inputs:
        out += wrap(f"{_tt(item.source)} ({item.rows:,} rows)", WIDTH,
                    initial=f"  {_tt(item.name)}: ", subsequent="    ")
    for section in report.sections:
        if section.key == "headline":
            out += ["", *_headline_lines(report, section)]
            continue
        out += ["", *_heading(section.title, "-"), *wrap(_tt(headline(section)), WIDTH)]
        out += wrap(_tt(section.method), WIDTH, initial="method: ")
        for table in section.tables:
            shown = display(table, report.confidence)
            if len(section.tables) > 1:
                out += ["", *wrap(_tt(table_title(table.name)), WIDTH, initial="  ")]
            out += ["", *render_table(shown)]
        for note in section.notes:
            out += wrap(_tt(note), WIDTH, initial="note: ")
    if report.unavailable:
        out += ["", "Not available", "-------------"]
        for u in report.unavailable:
            out += wrap(_tt(u.reason), WIDTH, initial=f"  {_tt(u.title)}: ", subsequent="    ")
    return "\n".join(out) + "\n"
