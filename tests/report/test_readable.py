"""The report reads well: 100 columns, a glossary, one p-value format, honest n, real charts."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

import expectations.plotting
from expectations import datasets
from expectations.cli import main
from expectations.report import Report, report, report_demo
from expectations.report._format import DisplayTable, display_width, format_cell, format_p
from expectations.report._glossary import TERMS, term_for
from expectations.report._model import Column, Section, Table
from expectations.report._render_text import WIDTH, render_table

HOSTILE = (
    "x" * 300,
    "\u5e97\u8217" * 70,  # wide characters: two columns each
    "a very long segment name with many words " * 6,
    "\x1b[31mred\x1b[0m \u202eevil\u202c\ttab\nnewline",
    "$\\frac{1}{2}$ | # <b>",
    "short",
)


@pytest.fixture(scope="module")
def demo() -> Report:
    return report_demo()


@pytest.fixture(scope="module")
def demo_html(demo: Report) -> str:
    return demo.to_html()


def _widest(text: str) -> int:
    return max(display_width(line) for line in text.splitlines())


# --------------------------------------------------------------------------- 100 columns


def test_demo_terminal_report_fits_100_columns(capsys: pytest.CaptureFixture[str]) -> None:
    """Every line of `expectations report --demo` (terminal format) is at most 100 columns."""
    assert main(["report", "--demo"]) == 0
    out = capsys.readouterr().out
    assert len(out.splitlines()) > 100
    assert _widest(out) <= WIDTH


def _hostile_responses() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    n = 600
    return pd.DataFrame({
        "nps": rng.integers(0, 11, size=n).astype(float),
        "csat": rng.integers(1, 6, size=n).astype(float),
        "segment": rng.choice(list(HOSTILE), size=n),
        "touchpoint": rng.choice([f"{name} {i}" for i, name in enumerate(HOSTILE * 2)], size=n),
        "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 300, size=n), "D"),
        "comment": rng.choice(["slow delivery " + HOSTILE[0], "great staff", "", "price"],
                              size=n),
    })


def test_report_with_hostile_names_fits_100_columns() -> None:
    """Very long, wide-character and control-character segment names still fit 100 columns."""
    r = report(responses=_hostile_responses(),
               sources={"responses": "/a/very/long/path/" + "d" * 150 + ".csv"})
    text = r.to_text()
    assert _widest(text) <= WIDTH
    assert "\x1b" not in text


def test_wide_table_is_split_into_groups_repeating_the_key() -> None:
    """A table too wide for a line is printed as column groups, each starting with the key."""
    headers = ("segment", *(f"column {i}" for i in range(20)))
    table = DisplayTable(name="t", headers=headers,
                         rows=(("new", *("12.5" for _ in range(20))),),
                         numeric=(False, *(True for _ in range(20))))
    lines = render_table(table)
    assert max(display_width(line) for line in lines) <= WIDTH
    header_lines = [line for line in lines if "column" in line]
    assert len(header_lines) > 1
    assert all(line.strip().startswith("segment") for line in header_lines)
    assert all(f"column {i} " in " ".join(lines) + " " for i in range(20))


def test_table_with_a_huge_key_becomes_records() -> None:
    """When the key alone would fill the line, each row becomes a block of 'header value' lines."""
    table = DisplayTable(name="t", headers=("segment", "score", "n"),
                         rows=(("y" * 250, "1.0", "10"),), numeric=(False, True, True))
    lines = render_table(table)
    assert max(display_width(line) for line in lines) <= WIDTH
    assert "".join(line.strip() for line in lines).count("y") == 250
    assert any(line.strip().startswith("score") for line in lines)


# --------------------------------------------------------------------------- glossary


def _document_texts(document: dict[str, Any]) -> list[str]:
    """Collect every string of the analyses in the JSON document (all but the glossary)."""
    texts: list[str] = []
    for section in document["sections"]:
        if section["key"] == "glossary":
            continue
        texts += [section["title"], section["method"], *section["notes"]]
        for table in section["tables"]:
            texts += [c["name"] for c in table["columns"]]
            texts += [c["name"].replace("_", " ") for c in table["columns"]]
            texts += [v for row in table["rows"] for v in row.values() if isinstance(v, str)]
    return texts


def _glossary(document: dict[str, Any]) -> dict[str, str]:
    section = next(s for s in document["sections"] if s["key"] == "glossary")
    return {row["term"]: row["definition"] for row in section["tables"][0]["rows"]}


@pytest.mark.parametrize("make", [report_demo,
                                  lambda: report(kano=datasets.load_retail().kano),
                                  lambda: report(responses={"nps": [10, 9, 3, 7] * 10})],
                         ids=["demo", "kano-only", "nps-only"])
def test_glossary_lists_exactly_the_terms_used(make: Callable[[], Report]) -> None:
    """A term of the glossary table occurring in the report is listed; no other term is."""
    document = make().to_dict()
    assert document["sections"][-1]["key"] == "glossary"
    texts = _document_texts(document)
    listed = _glossary(document)
    used = {t.name for t in TERMS if any(t.pattern.search(text) for text in texts)}
    assert set(listed) == used
    for term in TERMS:
        if term.name in listed:
            assert listed[term.name] == term.definition


def test_glossary_covers_the_jargon_a_new_user_met(demo: Report) -> None:
    """MSA/MSS, Fong, adjusted Wald, SERVQUAL, Kano, Better/Worse, Holm, top-box... are defined."""
    names = demo["glossary"].table("terms").column("term")
    for needle in ("MSA", "MSS", "Fong", "adjusted Wald", "SERVQUAL", "Kano", "Better", "Worse",
                   "zone of tolerance", "top-box", "Holm", "control limits", "shrunk", "p-value",
                   "RFM", "bootstrap", "rank interval"):
        assert any(needle in str(name) for name in names), needle
    assert not any("Kish" in str(name) for name in names)  # not used by the demo report


def test_glossary_is_in_every_format(demo: Report, demo_html: str) -> None:
    """The glossary section renders in text, Markdown, HTML and JSON, and fits 100 columns."""
    text = demo.to_text()
    glossary = text[text.index("\nGlossary\n"):]
    assert "SERVQUAL: A 22-item survey" in glossary
    assert _widest(glossary) <= WIDTH
    assert "## Glossary" in demo.to_markdown()
    assert 'id="section-glossary"' in demo_html
    assert "glossary" in [s["key"] for s in json.loads(demo.to_json())["sections"]]


def test_html_tooltips_are_the_glossary_definitions(demo_html: str) -> None:
    """Every title= tooltip is a glossary definition, of the term its header or text names."""
    definitions = {t.definition for t in TERMS}
    headers = re.findall(r'<th title="([^"]*)">([^<]*)</th>', demo_html)
    abbrs = re.findall(r'<abbr class="term" title="([^"]*)">([^<]*)</abbr>', demo_html)
    assert len(headers) > 20
    assert len(abbrs) > 20
    for title, text in headers:
        term = term_for(html.unescape(text))
        assert term is not None
        assert html.unescape(title) == term.definition
    for title, text in abbrs:
        assert html.unescape(title) in definitions
        assert any(t.pattern.search(html.unescape(text)) and t.definition == html.unescape(title)
                   for t in TERMS)
    # Every tooltip (header, method line) is a definition, escaped for an attribute.
    for title in re.findall(r'<(?:th|abbr)[^>]* title="([^"]*)"', demo_html):
        assert html.unescape(title) in definitions
        assert "'" not in title


def test_method_line_marks_its_terms(demo_html: str) -> None:
    """The SERVQUAL and tolerance method lines carry tooltips on their jargon."""
    assert re.search(r'<abbr class="term" title="[^"]*">SERVQUAL</abbr>', demo_html)
    assert re.search(r'<abbr class="term" title="[^"]*">MSA</abbr>', demo_html)


# --------------------------------------------------------------------------- p-values


@pytest.mark.parametrize(("p", "shown"), [(0.0, "<0.0001"), (1e-300, "<0.0001"),
                                          (5e-5, "<0.0001"), (0.04, "0.0400"),
                                          (0.0001, "0.0001"), (1.0, "1.0000")])
def test_p_value_format(p: float, shown: str) -> None:
    """Below 0.0001 (exact 0.0 from underflow included) a p-value is '<0.0001', else 4 decimals."""
    assert format_p(p) == shown
    assert format_cell(p, Column(name="p_value", type="number", digits=4)) == shown
    assert format_cell(p, Column(name="p_adjusted", type="number", digits=2)) == shown


def _p_report() -> Report:
    column = (Column(name="theme", type="string"), Column(name="p_value", type="number", digits=4),
              Column(name="p_adjusted", type="number", digits=4))
    rows = (("a", 0.0, 0.0), ("b", 1e-300, 1e-300), ("c", 5e-5, 5e-5), ("d", 0.04, 0.04))
    section = Section(key="themes", title="Themes", n=4, method="p-values by z test",
                      tables=(Table(name="themes", columns=column, rows=rows),))
    return Report(sections=(section,))


@pytest.mark.parametrize("render", ["to_text", "to_markdown", "to_html"])
def test_p_values_read_the_same_in_every_format(render: str) -> None:
    """No p-value shows as 0.0000; those below 0.0001 show as <0.0001 in every format."""
    kwargs = {"charts": False} if render == "to_html" else {}
    raw = re.sub(r' title="[^"]*"', "", getattr(_p_report(), render)(**kwargs))  # tooltips
    out = html.unescape(raw).replace("\\<", "<")
    assert "0.0000" not in out
    assert out.count("<0.0001") == 6
    assert out.count("0.0400") == 2


def test_demo_has_no_zero_p_value(demo: Report) -> None:
    """The demo's underflowing p-values read <0.0001, like the others."""
    text = demo.to_text()
    assert "0.0000" not in text
    assert "<0.0001" in text


# --------------------------------------------------------------------------- n per section


ROWS_OF = {"nps": "responses", "csat": "responses", "ces": "responses", "segments": "responses",
           "many_groups": "responses", "trend": "responses", "themes": "responses",
           "servqual": "servqual", "tolerance": "tolerance", "kano": "kano",
           "commitments": "outcomes", "drivers": "drivers", "priorities": "drivers"}


def _messy() -> Report:
    """Build the report on the demo tables with missing values punched into every one of them."""
    data = datasets.load_retail()
    responses = data.responses.copy()
    responses.loc[responses.index[::13], "segment"] = None
    responses.loc[responses.index[::17], "date"] = pd.NaT
    responses.loc[responses.index[::19], "comment"] = None
    tolerance = data.tolerance.copy()
    tolerance.loc[tolerance.index[::23], "perceived"] = np.nan
    kano = data.kano.copy()
    kano.loc[kano.index[::29], "functional"] = None
    outcomes = data.outcomes.copy()
    outcomes["commitment"] = outcomes["commitment"].astype(object)
    outcomes.loc[outcomes.index[::31], "value"] = np.nan
    outcomes.loc[outcomes.index[::37], "commitment"] = "a promise nobody made"
    servqual = data.servqual.copy()
    servqual.loc[servqual.index[::41], "e03"] = np.nan
    return report(responses=responses, servqual=servqual, tolerance=tolerance, kano=kano,
                  outcomes=outcomes, commitments=data.commitments,
                  transactions=data.transactions, drivers=data.drivers)


@pytest.fixture(scope="module")
def messy() -> Report:
    return _messy()


@pytest.mark.parametrize("key", sorted(ROWS_OF))
@pytest.mark.parametrize("which", ["demo", "messy"])
def test_n_plus_dropped_is_the_rows_given(demo: Report, messy: Report, which: str,
                                          key: str) -> None:
    """Each analysis' n + n_dropped is the number of rows of the table it was given."""
    r = demo if which == "demo" else messy
    rows = {i.name: i.rows for i in r.inputs}
    section = r[key]
    assert section.n > 0
    assert section.n + section.n_dropped == rows[ROWS_OF[key]]


def test_themes_n_is_the_scored_comments(demo: Report) -> None:
    """The themes' n counts comments with text and an NPS answer; shares are of those."""
    responses = datasets.load_retail().responses
    comment = responses["comment"].astype("string").fillna("").str.strip()
    scored = int(((comment != "") & responses["nps"].notna()).sum())
    section = demo["themes"]
    assert section.n == scored
    assert section.n < len(responses) / 2
    for row in section.table("themes").records():
        assert row["share"] == pytest.approx(100 * row["mentions"] / scored)


def test_priorities_rest_on_the_drivers_respondents(demo: Report) -> None:
    """The priorities use the same respondents as the drivers: same n, same n_dropped."""
    assert (demo["priorities"].n, demo["priorities"].n_dropped) == (
        demo["drivers"].n, demo["drivers"].n_dropped)


def test_customers_n_counts_customers(demo: Report) -> None:
    """The RFM section's n is the number of customers its table describes."""
    transactions = datasets.load_retail().transactions
    assert demo["customers"].n == transactions["customer_id"].nunique()
    assert demo["customers"].n == sum(demo["customers"].table("segments").column("customers"))


# --------------------------------------------------------------------------- charts


PLOTTED = {"nps": "plot_nps", "segments": "plot_segment_comparison", "many_groups": "plot_funnel",
           "trend": "plot_trend", "tolerance": "plot_tolerance_zone", "kano": "plot_kano",
           "priorities": "plot_importance_performance"}


def test_charts_come_from_the_plotting_module(demo: Report,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Each chart the plotting module has is drawn by that function, on the section's data."""
    calls: dict[str, list[pd.DataFrame]] = {}

    def spy(name: str) -> Callable[..., Any]:
        original = getattr(expectations.plotting, name)

        def wrapper(data: Any, **kwargs: Any) -> Any:
            calls.setdefault(name, []).append(data)
            return original(data, **kwargs)
        return wrapper

    for name in PLOTTED.values():
        monkeypatch.setattr(expectations.plotting, name, spy(name))
    page = demo.to_html()
    assert set(calls) == set(PLOTTED.values())
    assert all(len(frames) == 1 for frames in calls.values())
    for key in PLOTTED:
        section = re.search(rf'<section id="section-{key}".*?</section>', page, re.S)
        assert section is not None
        assert 'src="data:image/png;base64,' in section.group(0)
    trend = calls["plot_trend"][0]
    assert trend["significant"].dtype == bool
    assert trend.loc["2025-01", "significant"]
    ipa = calls["plot_importance_performance"][0]
    assert {"performance_ci_low", "performance_ci_high", "settled"} <= set(ipa.columns)


def test_priorities_chart_has_crosshair_and_error_bars(demo: Report) -> None:
    """The report's importance-performance chart has the plotting module's crosshair."""
    from matplotlib.figure import Figure

    from expectations.report._charts import PLOTTED as DRAW

    ax = Figure().add_subplot()
    DRAW["priorities"](demo["priorities"], ax)
    dashed = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert len(dashed) >= 2
    assert ax.get_title().startswith("Importance-performance")


def test_a_tooltip_covers_the_whole_percentage_of_a_limit() -> None:
    """'99.8% limits' is one term: the tooltip does not start inside the number."""
    from expectations.report._glossary import spans

    text = "outside the 99.8% limits here"
    marked = [text[a:b] for a, b, term in spans(text) if term is not None]
    assert marked == ["99.8% limits"]
