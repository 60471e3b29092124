"""Markdown rendering (GitHub-flavoured tables).

Every piece of text that comes from the data or the caller (titles, input
names and sources, methods, headers, cells, notes) goes through
:func:`expectations._output.markdown_text`, so a segment called
``<script>`` or ``| x |`` or ``# heading`` shows as written and cannot break
a table, start a heading or inject HTML.
"""

from __future__ import annotations

from expectations._output import markdown_text as _md
from expectations.report._format import display, generator_line, headline, table_title
from expectations.report._model import Report, Section

__all__ = ["render"]


def _headline(report: Report, section: Section) -> list[str]:
    """Render the headline as a list of findings, each led by its severity."""
    titles = {s.key: s.title for s in report.sections}
    out = [f"## {_md(section.title)}", "", f"method: {_md(section.method)}", ""]
    for row in section.table("findings").records():
        cited = str(row["section"])
        out.append(f"- **{_md(str(row['severity']).upper())}** {_md(str(row['finding']))} "
                   f"(see *{_md(titles.get(cited, cited))}*)")
    if section.notes:
        out += ["", *(f"> {_md(note)}" for note in section.notes)]
    return out


def render(report: Report) -> str:
    """Render the report as Markdown."""
    out = [f"# {_md(report.title)}", "", f"_{_md(generator_line(report))}_", ""]
    out += [f"- **{_md(i.name)}**: {_md(i.source)} ({i.rows:,} rows)" for i in report.inputs]
    for section in report.sections:
        if section.key == "headline":
            out += ["", *_headline(report, section)]
            continue
        out += ["", f"## {_md(section.title)}", "",
                f"**{_md(headline(section))}** · method: {_md(section.method)}"]
        for table in section.tables:
            shown = display(table, report.confidence)
            if len(section.tables) > 1:
                out += ["", f"### {_md(table_title(table.name))}"]
            align = ["---:" if num else ":---" for num in shown.numeric]
            out += ["", "| " + " | ".join(_md(h) for h in shown.headers) + " |",
                    "| " + " | ".join(align) + " |"]
            out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in shown.rows]
        if section.notes:
            out += ["", *(f"> {_md(note)}" for note in section.notes)]
    if report.unavailable:
        out += ["", "## Not available", ""]
        out += [f"- **{_md(u.title)}**: {_md(u.reason)}" for u in report.unavailable]
    return "\n".join(out) + "\n"
