"""The headline's rules: one small function per finding, each reading the report's sections.

Each rule takes the sections by key, the report's confidence and its
reliability, and returns a :class:`Finding` or None when its sections are
not in the report. The order they are applied in, and how many findings are
shown, is :mod:`expectations.report._headline`'s business; the rules and the
severities are documented in the user guide (report: Headline).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Literal

import attrs

from expectations.errors import SmallSampleWarning
from expectations.report._format import format_cell
from expectations.report._model import Cell, Section, Table

__all__ = ["SEVERITIES", "Finding", "Rule", "Sections", "Severity", "broken_commitments",
           "ces_level", "csat_level", "damaging_theme", "expectation_gap", "funnel_outliers",
           "furthest_below", "nps_change", "nps_level"]

Severity = Literal["good", "watch", "act"]
#: The severities, from least to most urgent.
SEVERITIES: tuple[Severity, ...] = ("good", "watch", "act")


@attrs.frozen(kw_only=True)
class Finding:
    """One headline finding: plain words, its number, its uncertainty and a severity.

    Attributes
    ----------
    rule : str
        The name of the rule that chose it (``"nps_level"``, ...).
    text : str
        The finding in plain words, its numbers formatted as the cited section
        shows them.
    value : float or None
        The finding's number, exactly as in the section (None when nothing
        stands out).
    ci_low, ci_high : float or None
        Its interval, when it has one.
    p_value : float or None
        Its p-value, when it rests on a test.
    uncertainty : str
        The interval, p-value or control limit, as people read it.
    severity : {"good", "watch", "act"}
        See :data:`SEVERITIES`.
    section : str
        Key of the section the numbers come from.
    caveat : str
        A warning about the numbers (a small sample), shown as a note.
    """

    rule: str
    text: str
    value: float | None
    uncertainty: str
    severity: Severity
    section: str
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    caveat: str = ""

    def row(self) -> tuple[Cell, ...]:
        """Return the finding as a row of the headline table."""
        return (self.rule, self.text, self.value, self.ci_low, self.ci_high, self.p_value,
                self.uncertainty, self.severity, self.section)


Sections = Mapping[str, Section]
Rule = Callable[[Sections, float, float], "Finding | None"]


def _shown(table: Table, column: str, value: Cell) -> str:
    """Format a value exactly as the section's table shows it."""
    return format_cell(value, table.columns[table.column_names.index(column)])


def _interval(table: Table, low: str, high: str, row: Mapping[str, Cell],
              confidence: float) -> str:
    """Write ``95% CI [26.9, 29.3]`` with the bounds as the section shows them."""
    return (f"{confidence:.0%} CI [{_shown(table, low, row[low])}, "
            f"{_shown(table, high, row[high])}]")


def _p(table: Table, column: str, value: Cell) -> str:
    """Write ``p = 0.0035`` or ``p <0.0001``, as the section shows the p-value."""
    text = _shown(table, column, value)
    return f"p {text}" if text.startswith("<") else f"p = {text}"


def _number(value: Cell) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _table(sections: Sections, key: str, name: str) -> Table | None:
    section = sections.get(key)
    if section is None:
        return None
    try:
        return section.table(name)
    except KeyError:
        return None


def _side(low: float | None, high: float | None, midpoint: float) -> Severity:
    """Say good above ``midpoint`` (settled), act below it (settled), else watch."""
    if low is not None and low > midpoint:
        return "good"
    if high is not None and high < midpoint:
        return "act"
    return "watch"


_LEVELS = {
    "nps": ("Net Promoter Score", "", 0.0, "more promoters than detractors",
            "more detractors than promoters",
            "promoters and detractors are not clearly apart in number"),
    "csat": ("CSAT", "%", 50.0, "most customers are satisfied",
             "fewer than half of customers are satisfied",
             "not clearly more or less than half of customers are satisfied"),
    "ces": ("CES", "%", 50.0, "most customers find it easy",
            "fewer than half of customers find it easy",
            "not clearly more or less than half of customers find it easy"),
}


def _level(metric: str, sections: Sections, confidence: float) -> Finding | None:
    table = _table(sections, metric, "overall")
    if table is None or not table.rows:
        return None
    row = table.records()[0]
    name, unit, midpoint, good, bad, unsettled = _LEVELS[metric]
    low, high = _number(row["ci_low"]), _number(row["ci_high"])
    severity = _side(low, high, midpoint)
    words = {"good": good, "act": bad, "watch": unsettled}[severity]
    interval = _interval(table, "ci_low", "ci_high", row, confidence)
    return Finding(
        rule=f"{metric}_level", section=metric, value=_number(row["score"]), ci_low=low,
        ci_high=high, uncertainty=interval, severity=severity,
        text=f"{name} is {_shown(table, 'score', row['score'])}{unit} ({interval}): {words}.")


def nps_level(sections: Sections, confidence: float, reliability: float) -> Finding | None:
    """Overall NPS with its interval, from the ``nps`` section's overall table.

    Severity: good when the interval lies above 0 (more promoters than
    detractors), act when it lies below 0, watch when it contains 0.
    """
    return _level("nps", sections, confidence)


def csat_level(sections: Sections, confidence: float, reliability: float) -> Finding | None:
    """Overall CSAT (% satisfied) with its interval, from the ``csat`` section.

    Severity: good when the interval lies above 50% (most are satisfied), act
    when it lies below 50%, watch when it contains 50%.
    """
    return _level("csat", sections, confidence)


def ces_level(sections: Sections, confidence: float, reliability: float) -> Finding | None:
    """Overall CES (% who found it easy) with its interval, from the ``ces`` section.

    Severity: good when the interval lies above 50%, act below, watch across.
    """
    return _level("ces", sections, confidence)


def _counts(row: Mapping[str, Cell]) -> tuple[float, float, float]:
    """Detractors, passives and promoters of a trend period, from its n, score and share.

    The trend table holds each month's NPS (promoter minus detractor share)
    and promoter share; the counts follow exactly and are whole numbers up to
    rounding error, which is removed.
    """
    n = float(row["n"])  # type: ignore[arg-type]
    share = float(row["share"])  # type: ignore[arg-type]
    score = float(row["score"])  # type: ignore[arg-type]
    promoters = share * n / 100.0
    detractors = (share - score) * n / 100.0

    def whole(x: float) -> float:
        return float(round(x)) if abs(x - round(x)) < 1e-6 * max(n, 1.0) else x

    promoters, detractors = whole(promoters), whole(detractors)
    return detractors, n - promoters - detractors, promoters


def nps_change(sections: Sections, confidence: float, reliability: float) -> Finding | None:
    """Whether NPS changed significantly from the month before the last to the last.

    Reads the last two months with answers in the ``trend`` section, rebuilds
    their promoter/passive/detractor counts from the table (n, score and
    promoter share) and compares them with :func:`~expectations.compare_nps`
    (adjusted-Wald interval and z test, its defaults) at the report's
    confidence. Severity: act for a significant fall, watch for a fall that
    is not significant, good otherwise.
    """
    from expectations.scoring import NPSCounts, compare_nps

    table = _table(sections, "trend", "periods")
    if table is None:
        return None
    rows = [r for r in table.records() if r["n"] and _number(r["share"]) is not None]
    if len(rows) < 2:
        return None
    before, last = rows[-2], rows[-1]
    sides = []
    for row in (last, before):
        detractors, passives, promoters = _counts(row)
        sides.append(NPSCounts(promoters=promoters, passives=passives, detractors=detractors))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SmallSampleWarning)
        result = compare_nps(sides[0], sides[1], confidence=confidence)
    # A small month is said next to the headline, as a section's caveats are.
    caveat = next((f"NPS change: {w.message}" for w in caught
                   if issubclass(w.category, SmallSampleWarning)), "")
    significant = result.p_value < 1.0 - confidence
    change = result.difference
    if significant:
        severity: Severity = "act" if change < 0 else "good"
    else:
        severity = "watch" if change < 0 else "good"
    shown = _shown(table, "change", abs(change))
    verb = "did not change" if shown == _shown(table, "change", 0.0) else (
        f"rose {shown} points" if change > 0 else f"fell {shown} points")
    interval = (f"{confidence:.0%} CI [{_shown(table, 'change', result.interval.low)}, "
                f"{_shown(table, 'change', result.interval.high)}]")
    p_text = _p(table, "p_value", result.p_value)
    uncertainty = f"{interval}, {p_text}"
    verdict = "a significant change" if significant else "not a significant change"
    return Finding(
        rule="nps_change", section="trend", value=change, ci_low=result.interval.low,
        ci_high=result.interval.high, p_value=result.p_value, uncertainty=uncertainty,
        severity=severity, caveat=caveat,
        text=f"NPS {verb} from {before['period']} to {last['period']}, {verdict} "
             f"({uncertainty}).")


def _servqual_gap(sections: Sections, confidence: float) -> Finding | None:
    table = _table(sections, "servqual", "by_dimension")
    if table is None:
        return None
    rows = [r for r in table.records()
            if r["dimension"] != "overall" and _number(r["gap"]) is not None]
    if not rows:
        return None
    worst = min(rows, key=lambda r: float(r["gap"]))  # type: ignore[arg-type]
    low, high = _number(worst["ci_low"]), _number(worst["ci_high"])
    severity = _side(low, high, 0.0)
    interval = _interval(table, "ci_low", "ci_high", worst, confidence)
    lead = ("Largest expectation gap" if severity != "good" else
            "Every SERVQUAL dimension exceeds expectations; the smallest margin")
    return Finding(
        rule="expectation_gap", section="servqual", value=_number(worst["gap"]), ci_low=low,
        ci_high=high, uncertainty=interval, severity=severity,
        text=f"{lead}: {worst['dimension']}, perceived "
             f"{_shown(table, 'perceived', worst['perceived'])} against expected "
             f"{_shown(table, 'expected', worst['expected'])} (gap "
             f"{_shown(table, 'gap', worst['gap'])}, {interval}).")


def _tolerance_gap(sections: Sections, confidence: float) -> Finding | None:
    section = sections.get("tolerance")
    if section is None:
        return None
    names = [t.name for t in section.tables]
    table = section.table("by_dimension" if "by_dimension" in names else "overall")
    rows = [r for r in table.records() if _number(r["dissatisfied"]) is not None]
    if not rows:
        return None
    worst = max(rows, key=lambda r: float(r["dissatisfied"]))  # type: ignore[arg-type]
    low, high = _number(worst["dissatisfied_ci_low"]), _number(worst["dissatisfied_ci_high"])
    delighted_low = _number(worst["delighted_ci_low"])
    delighted_high = _number(worst["delighted_ci_high"])
    if low is not None and delighted_high is not None and low > delighted_high:
        severity: Severity = "act"
    elif high is not None and delighted_low is not None and high < delighted_low:
        severity = "good"
    else:
        severity = "watch"
    interval = _interval(table, "dissatisfied_ci_low", "dissatisfied_ci_high", worst,
                         confidence)
    where = f"{worst['dimension']}, " if "dimension" in worst else ""
    return Finding(
        rule="expectation_gap", section="tolerance", value=_number(worst["dissatisfied"]),
        ci_low=low, ci_high=high, uncertainty=interval, severity=severity,
        text=f"Largest expectation gap: {where}"
             f"{_shown(table, 'dissatisfied', worst['dissatisfied'])}% of answers below the "
             f"adequate level ({interval}) and "
             f"{_shown(table, 'delighted', worst['delighted'])}% above the desired level.")


def expectation_gap(sections: Sections, confidence: float, reliability: float) -> Finding | None:
    """Find the largest expectation gap: SERVQUAL first, else the zone of tolerance.

    SERVQUAL (``servqual`` section): the dimension with the most negative gap
    (perception minus expectation); act when its interval lies below 0, good
    when it lies above 0 (every dimension exceeds expectations), else watch.
    Zone of tolerance (``tolerance`` section, when there is no SERVQUAL): the
    dimension with the largest share of answers below the adequate level; act
    when that share's interval lies above the delighted share's, good when it
    lies below it, else watch.
    """
    return _servqual_gap(sections, confidence) or _tolerance_gap(sections, confidence)


def furthest_below(sections: Sections, confidence: float, reliability: float) -> Finding | None:
    """Name the segment or touchpoint furthest below the rest, only when settled.

    Candidates: segments whose NPS differs significantly from everyone else's
    after the ``segments`` section's multiple-comparison correction, with a
    negative difference (shortfall = the difference); and groups of the
    ``many_groups`` section below the funnel's 95% limits (shortfall = score
    minus the pooled NPS). The largest shortfall is named (severity act);
    with no candidate the finding says that none stands out (severity good).
    """
    alpha = 1.0 - confidence
    candidates: list[tuple[float, Finding]] = []
    segments = _table(sections, "segments", "segments")
    if segments is not None:
        for row in segments.records():
            difference = _number(row["difference"])
            if row["significant"] is True and difference is not None and difference < 0:
                p_text = _p(segments, "p_adjusted", row["p_adjusted"])
                candidates.append((difference, Finding(
                    rule="furthest_below", section="segments", value=_number(row["score"]),
                    ci_low=_number(row["ci_low"]), ci_high=_number(row["ci_high"]),
                    p_value=_number(row["p_adjusted"]),
                    uncertainty=f"{_interval(segments, 'ci_low', 'ci_high', row, confidence)}"
                                f"; adjusted {p_text}",
                    severity="act",
                    text=f"Furthest below the rest: segment {row['segment']}, NPS "
                         f"{_shown(segments, 'score', row['score'])} against "
                         f"{_shown(segments, 'rest_score', row['rest_score'])} for everyone "
                         f"else (difference {_shown(segments, 'difference', difference)}, "
                         f"adjusted {p_text}).")))
    groups = sections.get("many_groups")
    for table in groups.tables if groups is not None else ():
        key = table.column_names[0]
        for row in table.records():
            band = str(row["band"] or "")
            score, target = _number(row["score"]), _number(row["target"])
            if not band.startswith("below") or score is None or target is None:
                continue
            level = band.removeprefix("below ")
            limit = "low_998" if level == "99.8%" else "low_95"
            candidates.append((score - target, Finding(
                rule="furthest_below", section="many_groups", value=score,
                uncertainty=f"below the {level} limit {_shown(table, limit, row[limit])}",
                severity="act",
                text=f"Furthest below the rest: {key} {row[key]}, NPS "
                     f"{_shown(table, 'score', row['score'])} against "
                     f"{_shown(table, 'target', row['target'])} pooled, below the funnel's "
                     f"{level} limit ({_shown(table, limit, row[limit])}).")))
    if candidates:
        return min(candidates, key=lambda c: c[0])[1]
    if segments is None and groups is None:
        return None
    cited = "segments" if segments is not None else "many_groups"
    return Finding(
        rule="furthest_below", section=cited, value=None, uncertainty="-", severity="good",
        text=f"No segment or touchpoint stands out below the rest: none differs significantly "
             f"after correction (p < {alpha:.2g}) and none is below the funnel's 95% limits.")


def damaging_theme(sections: Sections, confidence: float, reliability: float) -> Finding | None:
    """Name the theme whose mention lowers NPS most, among the significant ones.

    From the ``themes`` section: themes with a negative difference (NPS of
    those who mention it minus those who do not) and an adjusted p-value
    below ``1 - confidence``; the most negative is named (severity act).
    Without one, the finding says no theme lowers NPS significantly (good).
    """
    alpha = 1.0 - confidence
    table = _table(sections, "themes", "themes")
    if table is None:
        return None
    harmful = [r for r in table.records()
               if (d := _number(r["difference"])) is not None and d < 0
               and (p := _number(r["p_adjusted"])) is not None and p < alpha]
    if not harmful:
        return Finding(rule="damaging_theme", section="themes", value=None, uncertainty="-",
                       severity="good",
                       text=f"No theme in comments lowers NPS significantly (adjusted p < "
                            f"{alpha:.2g}).")
    worst = min(harmful, key=lambda r: float(r["difference"]))  # type: ignore[arg-type]
    interval = _interval(table, "ci_low", "ci_high", worst, confidence)
    p_text = _p(table, "p_adjusted", worst["p_adjusted"])
    return Finding(
        rule="damaging_theme", section="themes", value=_number(worst["difference"]),
        ci_low=_number(worst["ci_low"]), ci_high=_number(worst["ci_high"]),
        p_value=_number(worst["p_adjusted"]), uncertainty=f"{interval}; adjusted {p_text}",
        severity="act",
        text=f"Most damaging theme in comments: {worst['theme']}, NPS "
             f"{_shown(table, 'score_mentioned', worst['score_mentioned'])} when mentioned "
             f"against {_shown(table, 'score_not_mentioned', worst['score_not_mentioned'])} "
             f"when not (difference {_shown(table, 'difference', worst['difference'])}, "
             f"{interval}, adjusted {p_text}).")


def broken_commitments(sections: Sections, confidence: float,
                       reliability: float) -> Finding | None:
    """How many promises are broken, and the one kept least often.

    From the ``commitments`` section: a commitment is broken when its kept
    rate's interval lies below the report's reliability (95% by default: the
    share of outcomes a realistic promise is kept for). The finding names the
    commitment with the lowest kept rate, with its interval and, when the
    section has it, the realistic target. Severity of that worst one: act when
    broken, good when its interval lies at or above the reliability, else watch.
    """
    table = _table(sections, "commitments", "commitments")
    if table is None:
        return None
    rows = [r for r in table.records() if _number(r["kept_rate"]) is not None]
    if not rows:
        return None
    level = 100.0 * reliability
    broken = [r for r in rows if (h := _number(r["ci_high"])) is not None and h < level]
    worst = min(rows, key=lambda r: float(r["kept_rate"]))  # type: ignore[arg-type]
    low, high = _number(worst["ci_low"]), _number(worst["ci_high"])
    severity: Severity = ("act" if high is not None and high < level else
                          "good" if low is not None and low >= level else "watch")
    interval = _interval(table, "ci_low", "ci_high", worst, confidence)
    realistic = ""
    if _number(worst["realistic_target"]) is not None:
        realistic = (f"; a promise kept {reliability:.0%} of the time would be "
                     f"{_shown(table, 'realistic_target', worst['realistic_target'])} "
                     f"{worst['unit']}")
    return Finding(
        rule="broken_commitments", section="commitments", value=_number(worst["kept_rate"]),
        ci_low=low, ci_high=high, uncertainty=interval, severity=severity,
        text=f"{len(broken)} of {len(rows)} commitments are kept less often than "
             f"{reliability:.0%} of the time; the least kept: {worst['commitment']} (target "
             f"{_shown(table, 'target', worst['target'])} {worst['unit']}), kept "
             f"{_shown(table, 'kept_rate', worst['kept_rate'])}% of the time "
             f"({interval}){realistic}.")


def _names(values: Sequence[str]) -> str:
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} and {values[-1]}"


def funnel_outliers(sections: Sections, confidence: float, reliability: float) -> Finding | None:
    """Name the groups beyond the funnel's 99.8% control limits, below and above.

    From the ``many_groups`` section (bands ``below 99.8%`` and ``above
    99.8%``). The value is how many groups are beyond the limits. Severity:
    act when any group is below, good otherwise (only above, or none beyond).
    """
    section = sections.get("many_groups")
    if section is None:
        return None
    parts: dict[str, list[str]] = {"below": [], "above": []}
    count = 0
    for table in section.tables:
        key = table.column_names[0]
        for side in parts:
            names = [str(r[key]) for r in table.records() if r["band"] == f"{side} 99.8%"]
            count += len(names)
            if names:
                parts[side].append(f"{key}{'s' if len(names) > 1 else ''} {_names(names)}")
    if not count:
        return Finding(rule="funnel_outliers", section="many_groups", value=0.0,
                       uncertainty="99.8% control limits", severity="good",
                       text="No segment or touchpoint is beyond the funnel's 99.8% limits: "
                            "their differences are consistent with chance.")
    said = "; ".join(f"{side} them, {'; '.join(found)}" for side, found in parts.items()
                     if found)
    return Finding(
        rule="funnel_outliers", section="many_groups", value=float(count),
        uncertainty="99.8% control limits", severity="act" if parts["below"] else "good",
        text=f"{count} group{'s are' if count > 1 else ' is'} beyond the funnel's 99.8% "
             f"limits: {said}.")
