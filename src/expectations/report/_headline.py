"""The report's headline: five to eight findings, each read from a section below it.

The headline is built from the report's *sections*, never from raw data, so
the in-memory report (:func:`~expectations.report.report`) and the streamed
one (:func:`~expectations.report.stream_report`) share it, and nothing can
appear on it that the sections do not support. Each rule is one small
function (in :mod:`expectations.report._headline_rules`, re-exported here)
that reads one or two sections and returns a :class:`Finding`, or None when
its sections are not in the report. The rules, in headline order:

1. :func:`nps_level` — the overall NPS with its interval.
2. :func:`nps_change` — the last month of the trend against the one before,
   tested with :func:`~expectations.compare_nps` on the two months' counts.
3. :func:`csat_level` — CSAT with its interval.
4. :func:`ces_level` — CES with its interval.
5. :func:`expectation_gap` — the SERVQUAL dimension furthest below
   expectations (else the tolerance dimension with most answers below adequate).
6. :func:`furthest_below` — the segment or touchpoint furthest below the rest,
   only when settled; otherwise it says that none stands out.
7. :func:`damaging_theme` — the theme whose mention lowers NPS most, significantly.
8. :func:`broken_commitments` — how many promises are kept less often than the
   reliability asked for, and the worst kept one.
9. :func:`funnel_outliers` — the groups beyond the funnel's 99.8% limits.

Severity, one word per finding (:data:`SEVERITIES`): ``"act"`` — a settled
shortfall (the interval or test puts it on the wrong side); ``"watch"`` — on
the wrong side but not settled, or not settled either way; ``"good"`` —
settled on the right side, or nothing settled stands out.

At most :data:`MAX_FINDINGS` findings are shown: when more rules apply, the
"good" findings latest in rule order are left out first (then the latest
ones), and a note gives them in full. With fewer than five applicable rules the
headline shows what there is; with none it says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from expectations.report._headline_rules import (
    SEVERITIES,
    Finding,
    Rule,
    Severity,
    broken_commitments,
    ces_level,
    csat_level,
    damaging_theme,
    expectation_gap,
    funnel_outliers,
    furthest_below,
    nps_change,
    nps_level,
)
from expectations.report._model import Column, Section, Table

__all__ = ["KEY", "MAX_FINDINGS", "RULES", "SEVERITIES", "TITLE", "Finding", "Rule", "Severity",
           "broken_commitments", "ces_level", "csat_level", "damaging_theme", "expectation_gap",
           "findings", "funnel_outliers", "furthest_below", "headline_section", "nps_change",
           "nps_level", "with_headline"]

#: The headline's section key: the first section of every report.
KEY = "headline"
#: The headline's title.
TITLE = "Headline"
#: Most findings shown; more would stop being a headline.
MAX_FINDINGS = 8

_COLUMNS = (Column(name="rule", type="string"), Column(name="finding", type="string"),
            Column(name="value", type="number"), Column(name="ci_low", type="number"),
            Column(name="ci_high", type="number"), Column(name="p_value", type="number", digits=4),
            Column(name="uncertainty", type="string"), Column(name="severity", type="string"),
            Column(name="section", type="string"))


#: The rules, in headline order.
RULES: tuple[Rule, ...] = (nps_level, nps_change, csat_level, ces_level, expectation_gap,
                           furthest_below, damaging_theme, broken_commitments, funnel_outliers)


def findings(sections: Iterable[Section], *, confidence: float = 0.95,
             reliability: float = 0.95) -> tuple[list[Finding], list[Finding]]:
    """Apply every rule to the sections; return the findings shown and those left out.

    Parameters
    ----------
    sections : iterable of Section
        The report's sections (a headline among them is ignored).
    confidence : float, default 0.95
        The report's confidence: intervals are labelled with it and a test is
        significant below ``1 - confidence``.
    reliability : float, default 0.95
        The share of outcomes a commitment must be kept for.

    Returns
    -------
    shown, left_out : list of Finding
        At most :data:`MAX_FINDINGS` shown, in rule order; when more rules
        apply, the "good" findings latest in rule order are left out first.

    Examples
    --------
    >>> from expectations.report import report
    >>> r = report(responses={"nps": [10, 9, 7, 6, 3, 8] * 5})
    >>> shown, left_out = findings(r.sections)
    >>> [(f.rule, f.severity) for f in shown], left_out
    ([('nps_level', 'watch')], [])
    """
    by_key = {s.key: s for s in sections if s.key != KEY}
    found = [f for rule in RULES if (f := rule(by_key, confidence, reliability)) is not None]
    drop: set[int] = set()
    for severity in SEVERITIES:
        for i in reversed(range(len(found))):
            if len(found) - len(drop) <= MAX_FINDINGS:
                break
            if found[i].severity == severity:
                drop.add(i)
    shown = [f for i, f in enumerate(found) if i not in drop]
    return shown, [f for i, f in enumerate(found) if i in drop]


def headline_section(sections: Iterable[Section], *, confidence: float = 0.95,
                     reliability: float = 0.95) -> Section:
    """Build the headline section from the report's other sections.

    Its one table, ``findings``, has a row per finding with the columns
    ``rule``, ``finding`` (plain words), ``value``, ``ci_low``, ``ci_high``,
    ``p_value``, ``uncertainty`` (as people read it), ``severity`` and
    ``section`` (the key of the section cited). ``n`` is the number of
    findings.

    Parameters
    ----------
    sections : iterable of Section
        The report's sections.
    confidence, reliability : float, default 0.95
        As for :func:`findings`.

    Returns
    -------
    Section

    Examples
    --------
    >>> from expectations.report import report
    >>> r = report(responses={"nps": [10, 9, 9, 7, 6, 3, 10, 8] * 10,
    ...                       "csat": [5, 4, 4, 2, 5, 3, 4, 5] * 10})
    >>> section = headline_section(r.sections)
    >>> section.table("findings").column("finding")[1]
    'CSAT is 75.0% (95% CI [64.5, 83.2]): most customers are satisfied.'
    """
    sections = list(sections)
    shown, left_out = findings(sections, confidence=confidence, reliability=reliability)
    notes = []
    if not shown:
        notes.append("No finding: the headline reads the NPS, CSAT, CES, trend, SERVQUAL, "
                     "tolerance, segments, many-groups, themes and commitments sections, "
                     "and this report has none of them.")
    notes += [f.caveat for f in shown if f.caveat]
    if left_out:
        notes.append(f"Left out to keep the headline to {MAX_FINDINGS} findings: "
                     + " ".join(f.text for f in left_out))
    return Section(
        key=KEY, title=TITLE, n=len(shown),
        method=("chosen by the rules in the user guide (report: Headline); every number is "
                "the one shown in the section named after it. act: a settled shortfall; "
                "watch: not settled; good: settled on the right side, or nothing stands out"),
        tables=(Table(name="findings", columns=_COLUMNS, rows=tuple(f.row() for f in shown)),),
        notes=tuple(notes))


def with_headline(sections: Sequence[Section], *, confidence: float,
                  reliability: float) -> tuple[Section, ...]:
    """Return the sections with the headline built from them put first."""
    rest = tuple(s for s in sections if s.key != KEY)
    return (headline_section(rest, confidence=confidence, reliability=reliability), *rest)
