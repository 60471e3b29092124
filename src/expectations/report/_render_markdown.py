"""Markdown rendering (GitHub-flavoured tables)."""

from __future__ import annotations

from expectations.report._format import display, generator_line, headline, table_title
from expectations.report._model import Report

__all__ = ["render"]


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def render(report: Report) -> str:
    """Render the report as Markdown."""
    out = [f"# {report.title}", "", f"_{generator_line(report)}_", ""]
    out += [f"- **{i.name}**: {_escape(i.source)} ({i.rows:,} rows)" for i in report.inputs]
    for section in report.sections:
        out += ["", f"## {section.title}", "",
                f"**{headline(section)}** · method: {_escape(section.method)}"]
        for table in section.tables:
            shown = display(table, report.confidence)
            if len(section.tables) > 1:
                out += ["", f"### {table_title(table.name)}"]
            align = ["---:" if num else ":---" for num in shown.numeric]
            out += ["", "| " + " | ".join(_escape(h) for h in shown.headers) + " |",
                    "| " + " | ".join(align) + " |"]
            out += ["| " + " | ".join(_escape(c) for c in row) + " |" for row in shown.rows]
        if section.notes:
            out += ["", *(f"> {_escape(note)}" for note in section.notes)]
    if report.unavailable:
        out += ["", "## Not available", ""]
        out += [f"- **{u.title}**: {_escape(u.reason)}" for u in report.unavailable]
    return "\n".join(out) + "\n"
