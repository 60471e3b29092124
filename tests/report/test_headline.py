"""The report's headline: its rules one by one, its place first, and numbers it can back."""

from __future__ import annotations

import itertools
import json
import re
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import expectations as ex
from expectations.report import Report, json_schema, report, report_demo, stream_report
from expectations.report import _headline as hl
from expectations.report._format import display
from expectations.report._model import Cell, Column, ColumnType, Section, Table
from expectations.scoring import NPSCounts

CONFIDENCE = 0.95
RELIABILITY = 0.95


def _type(value: Cell) -> ColumnType:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, str):
        return "string"
    if isinstance(value, int):
        return "integer"
    return "number"


def _table(name: str, rows: Sequence[Mapping[str, Any]], digits: int = 1) -> Table:
    columns = tuple(Column(name=c, type=_type(v), digits=digits) for c, v in rows[0].items())
    return Table(name=name, columns=columns, rows=tuple(tuple(r.values()) for r in rows))


def _section(key: str, *tables: Table) -> Section:
    return Section(key=key, title=f"The {key} section", n=100, method="synthetic", tables=tables)


def _rule(rule: hl.Rule, *sections: Section) -> hl.Finding | None:
    return rule({s.key: s for s in sections}, CONFIDENCE, RELIABILITY)


def _score(key: str, score: float, low: float, high: float) -> Section:
    return _section(key, _table("overall", [{"score": score, "ci_low": low, "ci_high": high,
                                             "n": 400}]))


# --- the rules, one at a time, on synthetic sections -------------------------------------


@pytest.mark.parametrize(("low", "high", "severity", "words"), [
    (26.9, 29.3, "good", "more promoters than detractors"),
    (-12.0, -2.0, "act", "more detractors than promoters"),
    (-3.0, 5.0, "watch", "not clearly apart"),
])
def test_nps_level_severity_follows_the_interval_against_zero(
        low: float, high: float, severity: str, words: str) -> None:
    """NPS is good when its interval is above 0, act when below, watch when it holds 0."""
    found = _rule(hl.nps_level, _score("nps", (low + high) / 2, low, high))
    assert found is not None
    assert (found.severity, found.section, found.ci_low, found.ci_high) == (
        severity, "nps", low, high)
    assert words in found.text
    assert f"95% CI [{low:.1f}, {high:.1f}]" in found.text


@pytest.mark.parametrize(("rule", "key", "low", "high", "severity"), [
    (hl.csat_level, "csat", 60.0, 70.0, "good"),
    (hl.csat_level, "csat", 30.0, 45.0, "act"),
    (hl.ces_level, "ces", 45.0, 55.0, "watch"),
])
def test_csat_and_ces_severity_follows_the_interval_against_half(
        rule: hl.Rule, key: str, low: float, high: float, severity: str) -> None:
    """CSAT and CES are good above 50%, act below 50%, watch across it."""
    found = _rule(rule, _score(key, (low + high) / 2, low, high))
    assert found is not None
    assert (found.severity, found.rule) == (severity, f"{key}_level")
    assert f"{(low + high) / 2:.1f}%" in found.text


@pytest.mark.parametrize("rule", [hl.nps_level, hl.csat_level, hl.ces_level, hl.nps_change,
                                  hl.expectation_gap, hl.furthest_below, hl.damaging_theme,
                                  hl.broken_commitments, hl.funnel_outliers])
def test_every_rule_is_silent_without_its_sections(rule: hl.Rule) -> None:
    """A rule whose sections are not in the report gives no finding (a responses-only report)."""
    assert _rule(rule, _section("kano", _table("by_feature", [{"feature": "x"}]))) is None


def _period(name: str, counts: tuple[int, int, int]) -> dict[str, Cell]:
    detractors, passives, promoters = counts
    n = detractors + passives + promoters
    return {"period": name, "score": 100.0 * (promoters - detractors) / n, "ci_low": None,
            "ci_high": None, "n": n, "change": None, "p_value": None, "significant": False,
            "share": 100.0 * promoters / n}


def _trend(*periods: tuple[str, tuple[int, int, int]]) -> Section:
    rows = [_period(name, counts) for name, counts in periods]
    for before, after in itertools.pairwise(rows):
        after["change"] = float(after["score"]) - float(before["score"])  # type: ignore[arg-type]
    table = _table("periods", rows)
    # p-values are shown with four decimals, as in the report's trend section.
    columns = tuple(Column(name=c.name, type=c.type, digits=4 if c.name == "p_value" else 1)
                    for c in table.columns)
    return _section("trend", Table(name="periods", columns=columns, rows=table.rows))


@pytest.mark.parametrize(("last", "severity", "verdict"), [
    ((90, 50, 60), "act", "fell 40.0 points"),
    ((20, 30, 150), "good", "rose 40.0 points"),
    ((52, 50, 98), "watch", "fell 2.0 points"),
    ((45, 60, 95), "good", "rose 0.0 points"),
])
def test_nps_change_tests_the_last_month_with_compare_nps(
        last: tuple[int, int, int], severity: str, verdict: str) -> None:
    """The change is compare_nps on the last two months' counts, rebuilt from the trend table."""
    before = (50, 50, 100)
    found = _rule(hl.nps_change, _trend(("2025-04", (80, 20, 100)), ("2025-05", before),
                                        ("2025-06", last)))
    assert found is not None
    expected = ex.compare_nps(NPSCounts(detractors=last[0], passives=last[1], promoters=last[2]),
                              NPSCounts(detractors=before[0], passives=before[1],
                                        promoters=before[2]))
    assert found.value == pytest.approx(expected.difference, abs=1e-9)
    assert found.p_value == pytest.approx(expected.p_value, rel=1e-9)
    assert found.ci_low == pytest.approx(expected.interval.low, abs=1e-9)
    assert found.severity == severity
    assert "from 2025-05 to 2025-06" in found.text
    significant = expected.p_value < 0.05
    assert ("not a significant change" in found.text) is not significant
    if verdict.startswith("rose 0.0"):
        assert "did not change" in found.text
    else:
        assert verdict in found.text


def test_nps_change_needs_two_months_with_answers() -> None:
    """One month with answers (others empty) gives no change finding."""
    empty = {**_period("2025-05", (1, 1, 1)), "n": 0, "score": None, "share": None}
    section = _trend(("2025-06", (10, 10, 20)))
    rows = (tuple(empty.values()), *section.tables[0].rows)
    one = _section("trend", Table(name="periods", columns=section.tables[0].columns, rows=rows))
    assert _rule(hl.nps_change, one) is None


def _servqual(*gaps: tuple[str, float, float, float]) -> Section:
    rows = [{"dimension": "overall", "expected": 6.0, "perceived": 5.0, "gap": -9.0,
             "ci_low": -9.5, "ci_high": -8.5, "n": 100}]
    rows += [{"dimension": name, "expected": 6.0, "perceived": 6.0 + gap, "gap": gap,
              "ci_low": low, "ci_high": high, "n": 100} for name, gap, low, high in gaps]
    return _section("servqual", _table("by_dimension", rows, digits=2))


@pytest.mark.parametrize(("gaps", "dimension", "severity"), [
    ([("tangibles", -0.2, -0.3, -0.1), ("reliability", -1.3, -1.4, -1.2)], "reliability", "act"),
    ([("tangibles", 0.4, 0.3, 0.5), ("empathy", 0.2, 0.1, 0.3)], "empathy", "good"),
    ([("tangibles", 0.4, 0.3, 0.5), ("empathy", -0.1, -0.3, 0.1)], "empathy", "watch"),
])
def test_expectation_gap_names_the_most_negative_servqual_dimension(
        gaps: list[tuple[str, float, float, float]], dimension: str, severity: str) -> None:
    """The dimension furthest below expectations (never the 'overall' row), act when settled."""
    found = _rule(hl.expectation_gap, _servqual(*gaps))
    assert found is not None
    assert (found.section, found.severity) == ("servqual", severity)
    assert f": {dimension}," in found.text
    assert "overall" not in found.text


def _tolerance(*dimensions: tuple[str, float, float, float, float]) -> Section:
    rows = []
    for name, dissatisfied, d_low, d_high, delighted in dimensions:
        rows.append({"dimension": name, "dissatisfied": dissatisfied,
                     "dissatisfied_ci_low": d_low, "dissatisfied_ci_high": d_high,
                     "satisfied": 100.0 - dissatisfied - delighted, "satisfied_ci_low": 0.0,
                     "satisfied_ci_high": 100.0, "delighted": delighted,
                     "delighted_ci_low": delighted - 3.0, "delighted_ci_high": delighted + 3.0,
                     "msa": 0.5, "mss": -1.0, "n": 400})
    return _section("tolerance", _table("by_dimension", rows))


@pytest.mark.parametrize(("dimensions", "severity"), [
    ([("tangibles", 9.0, 6.0, 12.0, 37.0), ("reliability", 54.9, 49.9, 59.7, 4.9)], "act"),
    ([("tangibles", 9.0, 6.0, 12.0, 37.0), ("assurance", 8.0, 5.0, 11.0, 24.0)], "good"),
    ([("tangibles", 20.0, 16.0, 24.0, 21.0)], "watch"),
])
def test_expectation_gap_falls_back_to_the_zone_of_tolerance(
        dimensions: list[tuple[str, float, float, float, float]], severity: str) -> None:
    """Without SERVQUAL, the dimension with most answers below adequate is the gap."""
    found = _rule(hl.expectation_gap, _tolerance(*dimensions))
    assert found is not None
    worst = max(dimensions, key=lambda d: d[1])
    assert (found.section, found.severity, found.value) == ("tolerance", severity, worst[1])
    assert f"{worst[0]}, {worst[1]:.1f}% of answers below the adequate level" in found.text


def test_expectation_gap_prefers_servqual_to_tolerance() -> None:
    """With both sections, the gap comes from SERVQUAL."""
    found = _rule(hl.expectation_gap, _tolerance(("tangibles", 60.0, 55.0, 65.0, 4.0)),
                  _servqual(("empathy", -0.5, -0.6, -0.4)))
    assert found is not None
    assert found.section == "servqual"


def _segments(*rows: tuple[str, float, float, float, bool]) -> Section:
    return _section("segments", _table("segments", [
        {"segment": name, "score": score, "ci_low": score - 3, "ci_high": score + 3, "n": 500,
         "rest_score": rest, "difference": score - rest, "p_value": p, "p_adjusted": p,
         "significant": significant}
        for name, score, rest, p, significant in rows]))


def _groups(key: str, *rows: tuple[str, float, str]) -> Section:
    table = _table(f"by_{key}", [
        {key: name, "score": score, "n": 900, "target": 28.1, "low_95": 24.0, "high_95": 32.0,
         "low_998": 22.0, "high_998": 34.0, "band": band, "shrunk": score, "rank": i + 1,
         "rank_low": 1, "rank_high": 9}
        for i, (name, score, band) in enumerate(rows)])
    return _section("many_groups", table)


def test_furthest_below_names_a_significant_segment() -> None:
    """A segment significantly below the rest (after correction) is named, with its p."""
    found = _rule(hl.furthest_below, _segments(("new", -9.8, 32.0, 1e-6, True),
                                               ("bargain", -27.0, 38.3, 1e-9, True),
                                               ("loyal", 58.6, -6.4, 1e-12, True)))
    assert found is not None
    assert (found.severity, found.section, found.value) == ("act", "segments", -27.0)
    assert "segment bargain, NPS -27.0 against 38.3" in found.text


def test_furthest_below_takes_the_larger_shortfall_from_the_funnel() -> None:
    """A group below the funnel's limits wins when its shortfall is larger."""
    found = _rule(hl.furthest_below, _segments(("new", 20.0, 30.0, 0.001, True)),
                  _groups("touchpoint", ("web", 40.0, "above 99.8%"),
                          ("delivery", -11.5, "below 99.8%"), ("returns", 23.0, "below 95%")))
    assert found is not None
    assert (found.section, found.value) == ("many_groups", -11.5)
    assert "touchpoint delivery" in found.text
    assert "99.8% limit (22.0)" in found.text


def test_furthest_below_says_none_stands_out_when_nothing_is_settled() -> None:
    """Without a significant segment or a group below the limits, it says none stands out."""
    found = _rule(hl.furthest_below, _segments(("new", 20.0, 30.0, 0.2, False)),
                  _groups("touchpoint", ("web", 30.0, "within"), ("app", 26.0, "within")))
    assert found is not None
    assert (found.value, found.severity) == (None, "good")
    assert found.text.startswith("No segment or touchpoint stands out")


def test_furthest_below_ignores_segments_above_the_rest() -> None:
    """A significant difference above the rest is not a shortfall."""
    found = _rule(hl.furthest_below, _segments(("loyal", 58.6, -6.4, 1e-12, True)))
    assert found is not None
    assert found.value is None


def _themes(*rows: tuple[str, float, float]) -> Section:
    return _section("themes", Table(
        name="themes",
        columns=(Column(name="theme", type="string"), Column(name="score_mentioned", type="number"),
                 Column(name="score_not_mentioned", type="number"),
                 Column(name="difference", type="number"), Column(name="ci_low", type="number"),
                 Column(name="ci_high", type="number"),
                 Column(name="p_adjusted", type="number", digits=4)),
        rows=tuple((name, 10.0 + d, 10.0, d, d - 5, d + 5, p) for name, d, p in rows)))


def test_damaging_theme_is_the_most_negative_significant_one() -> None:
    """The theme with the most negative significant difference, not a larger insignificant one."""
    found = _rule(hl.damaging_theme, _themes(("price", -30.0, 1e-5), ("noise", -60.0, 0.2),
                                             ("staff", 80.0, 1e-9), ("delivery", -52.2, 1e-6)))
    assert found is not None
    assert (found.severity, found.value) == ("act", -52.2)
    assert "delivery" in found.text
    assert "adjusted p = 0.0000" not in found.text


def test_damaging_theme_says_none_when_no_negative_theme_is_significant() -> None:
    """Harmful-looking but insignificant themes do not make the headline."""
    found = _rule(hl.damaging_theme, _themes(("noise", -60.0, 0.2), ("staff", 80.0, 1e-9)))
    assert found is not None
    assert (found.value, found.severity) == (None, "good")
    assert found.text.startswith("No theme in comments lowers NPS significantly")


def _commitments(*rates: tuple[str, float, float, float]) -> Section:
    rows = [{"commitment": name, "target": 2.0, "unit": "days", "explicit": True,
             "kept_rate": rate, "ci_low": low, "ci_high": high, "broken_rate": 100 - rate,
             "broken": 10, "n": 100, "realistic_target": 4.13, "realistic_ci_low": 4.0,
             "realistic_ci_high": 4.3} for name, rate, low, high in rates]
    return _section("commitments", _table("commitments", rows))


@pytest.mark.parametrize(("rates", "severity", "count"), [
    ([("delivery", 60.3, 59.1, 61.5), ("chat", 89.4, 88.2, 90.4), ("refund", 97.0, 96.0, 98.0)],
     "act", "2 of 3"),
    ([("refund", 97.0, 96.0, 98.0), ("chat", 98.0, 97.0, 99.0)], "good", "0 of 2"),
    ([("refund", 94.0, 92.0, 96.0)], "watch", "0 of 1"),
])
def test_broken_commitments_counts_them_and_names_the_least_kept(
        rates: list[tuple[str, float, float, float]], severity: str, count: str) -> None:
    """Broken = kept rate's interval below the reliability; the least kept one is named."""
    found = _rule(hl.broken_commitments, _commitments(*rates))
    worst = min(rates, key=lambda r: r[1])
    assert found is not None
    assert (found.severity, found.value) == (severity, worst[1])
    assert found.text.startswith(f"{count} commitments are kept less often than 95%")
    assert f"the least kept: {worst[0]} (target 2.0 days)" in found.text


@pytest.mark.parametrize(("bands", "severity", "value"), [
    (["below 99.8%", "above 99.8%", "within", "below 95%"], "act", 2),
    (["above 99.8%", "within"], "good", 1),
    (["within", "below 95%"], "good", 0),
])
def test_funnel_outliers_are_groups_beyond_the_99_8_limits(
        bands: list[str], severity: str, value: int) -> None:
    """Only the 99.8% bands count; any group below them makes it act."""
    section = _groups("touchpoint", *((f"g{i}", 20.0, band) for i, band in enumerate(bands)))
    found = _rule(hl.funnel_outliers, section)
    assert found is not None
    assert (found.severity, found.value) == (severity, value)
    if value:
        assert "beyond the funnel's 99.8% limits" in found.text
    else:
        assert found.text.startswith("No segment or touchpoint is beyond")


# --- how many findings, and in which order ------------------------------------------------


def _everything() -> list[Section]:
    return [_score("nps", 28.1, 26.9, 29.3),
            _trend(("2025-05", (50, 50, 100)), ("2025-06", (52, 50, 98))),
            _score("csat", 71.9, 71.3, 72.6), _score("ces", 78.1, 77.3, 78.9),
            _servqual(("reliability", -1.3, -1.4, -1.2)),
            _segments(("bargain", -27.0, 38.3, 1e-9, True)),
            _themes(("delivery", -52.2, 1e-6)),
            _commitments(("delivery", 60.3, 59.1, 61.5)),
            _groups("touchpoint", ("delivery", -11.5, "below 99.8%"))]


def test_at_most_eight_findings_leaving_out_the_latest_good_one() -> None:
    """Nine rules apply: the last 'good' one in rule order (CES) is left out, and a note says so."""
    shown, left_out = hl.findings(_everything())
    assert len(shown) == hl.MAX_FINDINGS
    assert [f.rule for f in left_out] == ["ces_level"]
    assert [f.rule for f in shown] == ["nps_level", "nps_change", "csat_level",
                                       "expectation_gap", "furthest_below", "damaging_theme",
                                       "broken_commitments", "funnel_outliers"]
    section = hl.headline_section(_everything())
    assert section.n == 8
    assert any(note.startswith("Left out to keep the headline to 8 findings: CES is 78.1%")
               for note in section.notes)


def test_fewer_than_five_findings_show_what_there_is() -> None:
    """With only NPS and CSAT, the headline has those two findings and no note."""
    section = hl.headline_section([_score("nps", 28.1, 26.9, 29.3),
                                   _score("csat", 71.9, 71.3, 72.6)])
    assert section.table("findings").column("rule") == ["nps_level", "csat_level"]
    assert section.notes == ()


def test_no_finding_is_said_not_left_blank() -> None:
    """A report whose sections no rule reads has an empty headline that says why."""
    r = report(kano=ex.datasets.load_retail().kano)
    assert r.keys()[0] == "headline"
    assert r["headline"].table("findings").rows == ()
    assert r["headline"].notes[0].startswith("No finding")
    assert "No finding" in r.to_text()


def test_headline_ignores_an_older_headline() -> None:
    """Rebuilding the headline replaces it: it is first, once."""
    sections = hl.with_headline(_everything(), confidence=0.95, reliability=0.95)
    again = hl.with_headline(sections, confidence=0.95, reliability=0.95)
    assert [s.key for s in again] == [s.key for s in sections]
    assert again[0] == sections[0]


# --- the demo report: first everywhere, and every number backed --------------------------


@pytest.fixture(scope="module")
def demo() -> Report:
    return report_demo()


def test_headline_is_first_in_every_format(demo: Report) -> None:
    """keys(), JSON, text, Markdown and HTML all lead with the headline."""
    assert demo.keys()[0] == "headline"
    assert json.loads(demo.to_json())["sections"][0]["key"] == "headline"
    text = demo.to_text().splitlines()
    underlined = [text[i - 1] for i, line in enumerate(text) if i and set(line) == {"-"}]
    assert underlined[0] == "Headline"
    assert re.findall(r"^## (.*)$", demo.to_markdown(), re.M)[0] == "Headline"
    assert re.findall(r'<section id="section-([a-z_]+)"', demo.to_html(charts=False))[0] == (
        "headline")


def test_demo_headline_has_five_to_eight_findings_with_severities(demo: Report) -> None:
    """The demo's headline holds five to eight findings, each with a known severity."""
    table = demo["headline"].table("findings")
    assert 5 <= len(table.rows) <= 8
    assert set(table.column("severity")) <= set(hl.SEVERITIES)
    assert all(key in demo for key in table.column("section"))
    assert all(u for u in table.column("uncertainty"))


_NUMBER = re.compile(r"<?-?\d[\d,]*(?:\.\d+)?")


def _cells(section: Section, confidence: float) -> tuple[set[str], list[str]]:
    """Return the numbers a section shows, and its text cells (names, periods), longest first."""
    numbers: set[str] = set()
    words: set[str] = set()
    for table in section.tables:
        shown = display(table, confidence)
        for row, raw in zip(shown.rows, table.rows, strict=True):
            for cell, numeric in zip(row, shown.numeric, strict=True):
                if numeric:  # a name such as "refund within 5 days" backs no number
                    numbers.update(_NUMBER.findall(cell))
            words.update(v for v in raw if isinstance(v, str))
    return numbers, sorted(words, key=len, reverse=True)


def _computed(finding: Mapping[str, Any], sections: Mapping[str, Section]) -> list[str]:
    """Return what a rule computes from its section's rows, recomputed here independently.

    These are numbers that are not cells of the section (the NPS change and
    its test, counts of rows), each as the finding must write it.
    """
    cited = sections[str(finding["section"])]
    if finding["rule"] == "nps_change":
        rows: list[dict[str, Any]] = [r for r in cited.table("periods").records() if r["n"]]
        sides = []
        for row in rows[-1], rows[-2]:
            n, share, score = float(row["n"]), float(row["share"]), float(row["score"])
            promoters, detractors = round(share * n / 100), round((share - score) * n / 100)
            sides.append(NPSCounts(promoters=promoters, detractors=detractors,
                                   passives=n - promoters - detractors))
        result = ex.compare_nps(*sides)
        p = f"= {result.p_value:.4f}" if result.p_value >= 1e-4 else "<0.0001"
        return [f"{abs(result.difference):.1f} points", f"p {p}",
                f"95% CI [{result.interval.low:.1f}, {result.interval.high:.1f}]"]
    if finding["rule"] == "broken_commitments":
        highs = [float(h) for h in cited.table("commitments").column("ci_high")]  # type: ignore[arg-type]
        return [f"{sum(h < 95 for h in highs)} of {len(highs)} commitments"]
    if finding["rule"] == "funnel_outliers":
        bands = [r["band"] for t in cited.tables for r in t.records()]
        return [f"{sum(b in ('above 99.8%', 'below 99.8%') for b in bands)} groups are"]
    return []


def _assert_backed(built: Report) -> None:
    sections = {s.key: s for s in built}
    findings = built["headline"].table("findings").records()
    notes = " ".join(built["headline"].notes)
    assert findings
    for finding in findings:
        numbers, words = _cells(sections[str(finding["section"])], built.confidence)
        text = str(finding["finding"])
        for computed in _computed(finding, sections):
            assert computed in text, (computed, text)
            text = text.replace(computed, " ")
        for word in words:
            text = text.replace(word, " ")
        # Left: numbers shown in the cited section, and the confidence and limits named.
        unsupported = [x for x in _NUMBER.findall(text)
                       if x not in numbers and x not in ("95", "99.8", "0.05")]
        assert unsupported == [], (finding["finding"], unsupported)
        value = finding["value"]
        if value is not None and finding["rule"] not in ("nps_change", "funnel_outliers",
                                                         "broken_commitments"):
            cited = sections[str(finding["section"])]
            assert any(value in row for t in cited.tables for row in t.rows), finding
    assert "CES is" in notes  # the demo's ninth finding is named in a note


def test_every_number_on_the_demo_headline_is_in_the_section_it_cites(demo: Report) -> None:
    """Each number is shown in the cited section or recomputed from its rows (change, counts)."""
    _assert_backed(demo)


def test_nps_change_equals_compare_nps_on_the_raw_answers(demo: Report) -> None:
    """The headline's change is compare_nps on the last two months' answers themselves."""
    responses = ex.datasets.load_retail().responses.dropna(subset=["nps", "date"])
    months = responses["date"].dt.to_period("M")
    last, before = sorted(months.unique())[-1], sorted(months.unique())[-2]
    expected = ex.compare_nps(responses.loc[months == last, "nps"],
                              responses.loc[months == before, "nps"])
    row = next(r for r in demo["headline"].table("findings").records()
               if r["rule"] == "nps_change")
    assert row["value"] == pytest.approx(expected.difference, abs=1e-9)
    assert row["p_value"] == pytest.approx(expected.p_value, rel=1e-9)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(
        (expected.interval.low, expected.interval.high), abs=1e-9)


def test_streamed_headline_is_built_from_the_same_sections(tmp_path: Path) -> None:
    """stream_report leads with a headline equal to the one its sections give in memory."""
    data = ex.datasets.load_retail()
    path = tmp_path / "responses.csv"
    data.responses.drop(columns=["comment"]).to_csv(path, index=False)
    streamed = stream_report(responses=path, chunk_rows=5_000)
    whole = report(responses=pd.read_csv(path, parse_dates=["date"]))
    assert streamed.keys()[0] == "headline"
    got = streamed["headline"].table("findings").records()
    want = whole["headline"].table("findings").records()
    assert [r["finding"] for r in got] == [r["finding"] for r in want]
    assert np.allclose([r["value"] for r in got if r["value"] is not None],
                       [r["value"] for r in want if r["value"] is not None], rtol=0, atol=1e-9)
    assert {r["rule"] for r in got} >= {"nps_level", "nps_change", "csat_level",
                                        "furthest_below", "funnel_outliers"}


def test_headline_json_is_valid_against_the_schema(demo: Report) -> None:
    """The documents with a full and with an empty headline validate against schema.json."""
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json_schema())
    validator.validate(json.loads(demo.to_json()))
    validator.validate(json.loads(report(kano=ex.datasets.load_retail().kano).to_json()))
    document = demo.to_dict()
    headline = document["sections"][0]
    assert [c["name"] for c in headline["tables"][0]["columns"]] == [
        "rule", "finding", "value", "ci_low", "ci_high", "p_value", "uncertainty", "severity",
        "section"]
    assert "headline" in json_schema()["$defs"]["key"]["enum"]


def test_small_months_behind_the_change_are_said_in_a_note() -> None:
    """compare_nps's small-sample warning on the two months becomes a note, not a warning."""
    sections = [_trend(("2025-05", (3, 2, 5)), ("2025-06", (2, 3, 4)))]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        section = hl.headline_section(sections)
    assert section.table("findings").column("rule") == ["nps_change"]
    assert any(note.startswith("NPS change: ") for note in section.notes)
