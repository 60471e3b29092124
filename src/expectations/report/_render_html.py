"""A single self-contained HTML page: inline CSS, charts as base64 PNG, no scripts.

Every piece of text, in content and in attributes, goes through
:func:`expectations._output.html_text`; chart labels are made literal by the
chart module. Column headers and the terms of each method line carry their
glossary definition (:mod:`expectations.report._glossary`) as a ``title=``
tooltip, the same text the glossary section shows.
"""

from __future__ import annotations

import base64

from expectations._output import html_text as _esc
from expectations.report._charts import PLOT_HINT, chart_png, matplotlib_missing
from expectations.report._format import display, generator_line, headline, table_title
from expectations.report._glossary import spans, term_for
from expectations.report._model import Report, Section

__all__ = ["render"]

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:70rem;
color:#222;padding:0 1rem}
h1{border-bottom:2px solid #1f5a96}h2{color:#1f5a96;margin-top:2.5rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}
th,td{padding:.2rem .6rem;border-bottom:1px solid #ddd}th{background:#f3f6fa;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.meta{color:#555}.note{color:#555;font-style:italic}
.charts-missing{background:#fff4e5;border-left:4px solid #e67e22;padding:.5rem}
img.chart{max-width:100%;display:block}
abbr.term{text-decoration:underline dotted;cursor:help}th[title]{cursor:help}
body>ul{columns:2 24rem;margin:.4rem 0}#section-headline h2{margin-top:1.2rem}
#section-headline .meta{font-size:.85rem;margin:.3rem 0}
ul.findings{list-style:none;padding:0;margin:.4rem 0}
li.finding{display:flex;gap:.6rem;align-items:baseline;border-left:5px solid #0072B2;
padding:.15rem .6rem;margin:.25rem 0;background:#f7f9fc}
li.finding.act{border-color:#D55E00}li.finding.watch{border-color:#E69F00}
li.finding.good{border-color:#009E73}
.severity{flex:0 0 3.4rem;font-weight:bold;font-size:.8rem;
text-transform:uppercase}.act .severity{color:#B34A00}.watch .severity{color:#8A5F00}
.good .severity{color:#007A5A}li.finding a{color:#555;font-size:.85rem}
"""


def _with_terms(text: str) -> str:
    """Escape ``text``, marking each term of art with its glossary definition as a tooltip."""
    out = []
    for start, end, term in spans(text):
        piece = _esc(text[start:end])
        out.append(piece if term is None else
                   f'<abbr class="term" title="{_esc(term.definition)}">{piece}</abbr>')
    return "".join(out)


def _th(header: str) -> str:
    """Return a column header, with the definition of the term it names as its tooltip."""
    term = term_for(header)
    title = "" if term is None else f' title="{_esc(term.definition)}"'
    return f"<th{title}>{_esc(header)}</th>"


def _section(section: Section, confidence: float, charts: bool, missing: bool) -> str:
    parts = [(f'<section id="section-{_esc(section.key)}" class="report-section" '
              f'data-section="{_esc(section.key)}">'),
             f"<h2>{_esc(section.title)}</h2>",
             (f'<p class="meta"><strong class="n">{_esc(headline(section))}</strong> &middot; '
              f'method: <span class="method">{_with_terms(section.method)}</span></p>')]
    if charts and missing:
        parts.append(f'<p class="charts-missing">{_esc(PLOT_HINT)}</p>')
    elif charts:
        png = chart_png(section)
        if png is not None:
            data = base64.b64encode(png).decode("ascii")
            parts.append(f'<img class="chart" alt="{_esc(section.title)} chart" '
                         f'src="data:image/png;base64,{data}">')
    for table in section.tables:
        shown = display(table, confidence)
        if len(section.tables) > 1:
            parts.append(f"<h3>{_esc(table_title(table.name))}</h3>")
        head = "".join(_th(h) for h in shown.headers)
        body = "".join(
            "<tr>" + "".join(f'<td class="num">{_esc(c)}</td>' if num else f"<td>{_esc(c)}</td>"
                             for c, num in zip(row, shown.numeric, strict=True)) + "</tr>"
            for row in shown.rows)
        parts.append(f'<table data-table="{_esc(table.name)}"><thead><tr>{head}</tr></thead>'
                     f"<tbody>{body}</tbody></table>")
    parts += [f'<p class="note">{_esc(note)}</p>' for note in section.notes]
    parts.append("</section>")
    return "\n".join(parts)


def _headline(section: Section, report: Report) -> str:
    """Render the headline: one item per finding, its severity first, its section linked."""
    titles = {s.key: s.title for s in report.sections}
    items = []
    for row in section.table("findings").records():
        severity, cited = _esc(row["severity"]), str(row["section"])
        items.append(f'<li class="finding {severity}" data-severity="{severity}" '
                     f'data-rule="{_esc(row["rule"])}"><span class="severity">{severity}</span> '
                     f'<span class="text">{_with_terms(str(row["finding"]))} '
                     f'<a href="#section-{_esc(cited)}">{_esc(titles.get(cited, cited))}</a>'
                     "</span></li>")
    notes = "".join(f'<p class="note">{_esc(note)}</p>' for note in section.notes)
    return (f'<section id="section-{_esc(section.key)}" class="report-section" '
            f'data-section="{_esc(section.key)}">\n<h2>{_esc(section.title)}</h2>\n'
            f'<p class="meta">method: {_with_terms(section.method)}</p>\n'
            f'<ul class="findings">{"".join(items)}</ul>\n{notes}</section>')


def render(report: Report, *, charts: bool = True) -> str:
    """Render the report as one HTML document."""
    missing = charts and matplotlib_missing()
    inputs = "".join(f"<li><strong>{_esc(i.name)}</strong>: {_esc(i.source)} "
                     f"({i.rows:,} rows)</li>" for i in report.inputs)
    body = [f"<h1>{_esc(report.title)}</h1>",
            f'<p class="meta">{_esc(generator_line(report))}</p>',
            f"<ul>{inputs}</ul>" if inputs else ""]
    body += [_headline(s, report) if s.key == "headline" else
             _section(s, report.confidence, charts, missing) for s in report.sections]
    if report.unavailable:
        items = "".join(f"<li><strong>{_esc(u.title)}</strong>: {_esc(u.reason)}</li>"
                        for u in report.unavailable)
        body.append(f'<section id="not-available"><h2>Not available</h2><ul>{items}</ul>'
                    "</section>")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{_esc(report.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")
