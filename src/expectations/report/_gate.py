"""The quality gate behind ``expectations check``: thresholds on a report's numbers.

A threshold is judged on the estimate, or, when ``conservative``, on the
bound of its interval that is least favourable (the lower bound of a score,
the upper bound of a broken-promise rate), so that a pass is a pass with the
stated confidence.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs

from expectations.errors import InvalidParameterError
from expectations.report._format import p_phrase
from expectations.report._model import Report

__all__ = ["Baseline", "Change", "Verdict", "check_thresholds", "compare_baseline", "evaluate",
           "load_baseline", "summary"]


@attrs.frozen(kw_only=True)
class Verdict:
    """One threshold checked: what was measured, against what, and the outcome."""

    name: str
    value: float
    threshold: float
    passed: bool
    basis: str

    def describe(self) -> str:
        """One line for people: ``FAIL nps 28.1 (estimate) < minimum 30``."""
        word = "PASS" if self.passed else "FAIL"
        if self.name.startswith("broken rate"):
            relation = "<=" if self.passed else ">"
            return (f"{word} {self.name}: {self.value:.1%} ({self.basis}) {relation} maximum "
                    f"{self.threshold:.1%}")
        relation = ">=" if self.passed else "<"
        return (f"{word} {self.name}: {self.value:.1f} ({self.basis}) {relation} minimum "
                f"{self.threshold:g}")


# The option, what its number is, and its range: the scale each score is quoted on.
_RANGES = {
    "min_nps": ("--min-nps", "NPS points", -100.0, 100.0),
    "min_csat": ("--min-csat", "a CSAT percentage", 0.0, 100.0),
    "min_ces": ("--min-ces", "a CES percentage", 0.0, 100.0),
    "max_broken_rate": ("--max-broken-rate", "a share (0.05 is 5%)", 0.0, 1.0),
}


def check_thresholds(*, min_nps: float | None = None, min_csat: float | None = None,
                     min_ces: float | None = None,
                     max_broken_rate: float | None = None) -> None:
    """Refuse a threshold that is not a finite number on its score's scale.

    NPS is in -100..100 points, CSAT and CES in 0..100 percent, the broken
    rate a share in 0..1. A threshold outside its range could never be met
    (or never missed), so it is a mistake, most often a unit mix-up.

    Raises
    ------
    InvalidParameterError
        Naming the option, its range and the value given.

    Examples
    --------
    >>> check_thresholds(min_nps=30, max_broken_rate=0.05)
    >>> check_thresholds(min_nps=200)
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: --min-nps must be NPS points in -100..100; got 200.
    """
    # Typed as object: Python callers may pass anything, and the check must hold.
    given: dict[str, object] = {"min_nps": min_nps, "min_csat": min_csat,
                                "min_ces": min_ces, "max_broken_rate": max_broken_rate}
    for key, value in given.items():
        if value is None:
            continue
        option, what, low, high = _RANGES[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            shown = repr(value)
        elif math.isfinite(value) and low <= value <= high:
            continue
        else:
            shown = f"{value:g}"
        raise InvalidParameterError(
            f"{option} must be {what} in {low:g}..{high:g}; got {shown}.")


def summary(verdicts: Sequence[Verdict], changes: Sequence[Change] = ()) -> str:
    """Return the last line of ``expectations check``: how many thresholds were met or missed.

    With ``changes`` (``--baseline``), a second sentence says how many scores
    dropped significantly since the baseline.

    Examples
    --------
    >>> v = Verdict(name="nps", value=50.0, threshold=30.0, passed=True, basis="estimate")
    >>> summary([v]), summary([v, v])
    ('1 threshold met.', 'all 2 thresholds met.')
    >>> summary([attrs.evolve(v, passed=False)])
    '1 of 1 threshold missed.'
    >>> c = Change(name="nps", previous=40.0, now=30.0, difference=-10.0, low=-15.0, high=-5.0,
    ...            p_value=0.001, confidence=0.95, direction="dropped significantly")
    >>> summary([v], [c])
    '1 threshold met; 1 of 1 score dropped significantly since the baseline.'
    """
    parts = []
    total = len(verdicts)
    if total:
        failed = sum(not v.passed for v in verdicts)
        noun = "threshold" if total == 1 else "thresholds"
        if failed:
            parts.append(f"{failed} of {total} {noun} missed")
        else:
            parts.append(f"{total} {noun} met" if total == 1 else f"all {total} {noun} met")
    if changes:
        dropped = sum(not c.passed for c in changes)
        noun = "score" if len(changes) == 1 else "scores"
        parts.append(f"{dropped} of {len(changes)} {noun} dropped significantly since the "
                     "baseline" if dropped else
                     f"no significant drop since the baseline ({len(changes)} {noun} "
                     "compared)")
    return "; ".join(parts) + "."


def _score(report: Report, key: str, threshold: float, conservative: bool) -> Verdict:
    if key not in report:
        raise InvalidParameterError(
            f"--min-{key} needs responses with a {key!r} column; none was given.")
    row = report[key].table("overall").records()[0]
    value = row["ci_low"] if conservative else row["score"]
    if not isinstance(value, (int, float)):
        raise InvalidParameterError(f"--min-{key}: the {key} score could not be computed.")
    return Verdict(name=key, value=float(value), threshold=threshold,
                   passed=float(value) >= threshold,
                   basis=f"{report.confidence:.0%} lower bound" if conservative else "estimate")


def evaluate(report: Report, *, min_nps: float | None = None, min_csat: float | None = None,
             min_ces: float | None = None, max_broken_rate: float | None = None,
             conservative: bool = False) -> list[Verdict]:
    """Check each given threshold against the report.

    Parameters
    ----------
    report : Report
        The report to judge.
    min_nps, min_csat, min_ces : float, optional
        Minimum scores, on the scores' own scale (NPS points, CSAT/CES percent).
    max_broken_rate : float, optional
        Maximum share (0..1) of outcomes that broke each commitment.
    conservative : bool, default False
        Judge the interval's least favourable bound instead of the estimate.

    Returns
    -------
    list of Verdict
        One per threshold (one per commitment for ``max_broken_rate``).

    Examples
    --------
    >>> from expectations.report import report
    >>> r = report(responses={"nps": [10] * 30 + [3] * 10})
    >>> [v.describe() for v in evaluate(r, min_nps=30)]
    ['PASS nps: 50.0 (estimate) >= minimum 30']
    >>> [v.describe() for v in evaluate(r, min_nps=30, conservative=True)]
    ['FAIL nps: 20.6 (95% lower bound) < minimum 30']
    """
    check_thresholds(min_nps=min_nps, min_csat=min_csat, min_ces=min_ces,
                     max_broken_rate=max_broken_rate)
    verdicts = [_score(report, key, threshold, conservative)
                for key, threshold in (("nps", min_nps), ("csat", min_csat), ("ces", min_ces))
                if threshold is not None]
    if max_broken_rate is not None:
        if "commitments" not in report:
            raise InvalidParameterError(
                "--max-broken-rate needs outcomes and commitments; none were given.")
        for row in report["commitments"].table("commitments").records():
            kept = row["ci_low"] if conservative else row["kept_rate"]
            assert isinstance(kept, (int, float))  # noqa: S101 - built by commitments_section
            broken = 1.0 - float(kept) / 100.0
            verdicts.append(Verdict(
                name=f"broken rate of {row['commitment']!r}", value=broken,
                threshold=max_broken_rate, passed=broken <= max_broken_rate,
                basis=f"{report.confidence:.0%} upper bound" if conservative else "estimate"))
    return verdicts


# --------------------------------------------------------------- --baseline
_METRICS = ("nps", "csat", "ces")
Direction = Literal["dropped significantly", "no significant change", "rose significantly"]


@attrs.frozen(kw_only=True)
class Baseline:
    """The overall scores of an earlier report, as counts, read from its JSON document.

    ``counts`` maps ``"nps"`` to (promoters, passives, detractors) and
    ``"csat"``/``"ces"`` to (successes, n).
    """

    source: str
    counts: Mapping[str, tuple[int, ...]]
    scores: Mapping[str, float]


@attrs.frozen(kw_only=True)
class Change:
    """One score now against the baseline's: the difference, its interval and test."""

    name: str
    previous: float
    now: float
    difference: float
    low: float
    high: float
    p_value: float
    confidence: float
    direction: Direction

    @property
    def passed(self) -> bool:
        """False only when the score dropped significantly."""
        return self.direction != "dropped significantly"

    def describe(self) -> str:
        """One line for people: ``FAIL nps since the baseline: 40.0 -> 30.0, ...``."""
        word = "PASS" if self.passed else "FAIL"
        p = p_phrase(self.p_value)
        return (f"{word} {self.name} since the baseline: {self.previous:.1f} -> {self.now:.1f}, "
                f"difference {self.difference:+.1f} points ({self.confidence:.0%} interval "
                f"{self.low:+.1f} to {self.high:+.1f}), {p}: {self.direction}")


def _refuse(source: str, why: str) -> InvalidParameterError:
    return InvalidParameterError(
        f"{source}: --baseline must be a report JSON from `expectations report --format json`; "
        f"{why}.")


def _number(row: Mapping[str, Any], key: str, low: float, high: float) -> float | None:
    value = row.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) and low <= value <= high else None


def _counts(metric: str, row: Mapping[str, Any], source: str) -> tuple[int, ...]:
    """Rebuild the answer counts of a score section's overall row (shares times n)."""
    n = row.get("n")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise _refuse(source, f"the {metric} section's overall n is {n!r}, not a count")
    names = ("promoter_share", "detractor_share") if metric == "nps" else ("score",)
    shares = [_number(row, name, 0.0, 100.0) for name in names]
    if any(share is None for share in shares):
        raise _refuse(source, f"the {metric} section's overall row lacks {', '.join(names)} "
                              "as percentages")
    counts = [round(float(share or 0.0) * n / 100.0) for share in shares]
    if metric == "nps":
        promoters, detractors = counts
        if promoters + detractors > n:
            raise _refuse(source, "the nps section's shares add up to more than 100%")
        return promoters, n - promoters - detractors, detractors
    return counts[0], n


def _overall_row(section: Mapping[str, Any], source: str) -> Mapping[str, Any]:
    tables = section.get("tables")
    if isinstance(tables, list):
        for table in tables:
            if isinstance(table, dict) and table.get("name") == "overall":
                rows = table.get("rows")
                if isinstance(rows, list) and rows and isinstance(rows[0], dict):
                    return rows[0]
    raise _refuse(source, f"its {section.get('key')} section has no overall table")


def load_baseline(path: str | Path) -> Baseline:
    """Read the overall NPS, CSAT and CES of an earlier report's JSON document.

    The document must come from ``expectations report --format json`` (or
    ``Report.to_json()``) with the same major schema version as this one.

    Raises
    ------
    InvalidParameterError
        If the file is missing or unreadable, is not JSON, is not a report
        document, was written with another major schema version, or holds no
        NPS, CSAT or CES section (one line naming the file and what is wrong).
    """
    from expectations._structured import load_structured
    from expectations.report._model import SCHEMA_VERSION

    source = str(path)
    data = load_structured(path, argument="--baseline", default_format="json")
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list) or \
            not isinstance(data.get("generator"), dict) or \
            data["generator"].get("name") != "customer-expectations":
        raise _refuse(source, "this file is not one")
    version = data.get("schema_version")
    if not isinstance(version, str) or version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise _refuse(source, f"it has schema version {version!r}, and this version of "
                              f"customer-expectations reads {SCHEMA_VERSION.split('.')[0]}.x; "
                              "rebuild the earlier report with this version")
    counts: dict[str, tuple[int, ...]] = {}
    scores: dict[str, float] = {}
    for section in data["sections"]:
        if not isinstance(section, dict) or section.get("key") not in _METRICS:
            continue
        key = str(section["key"])
        row = _overall_row(section, source)
        counts[key] = _counts(key, row, source)
        score = _number(row, "score", -100.0, 100.0)
        if score is None:
            raise _refuse(source, f"the {key} section's overall score is {row.get('score')!r}")
        scores[key] = score
    if not counts:
        raise _refuse(source, "it holds no NPS, CSAT or CES section")
    return Baseline(source=source, counts=counts, scores=scores)


def compare_baseline(report: Report, baseline: Baseline) -> list[Change]:
    """Test, for each score in both, whether it changed significantly since the baseline.

    NPS is compared with :func:`~expectations.compare_nps` (adjusted-Wald
    interval on the difference and its z test), CSAT and CES with
    :func:`~expectations.compare_proportions` (Agresti-Caffo interval, pooled
    z test), at the report's confidence. A change is significant when the
    test's two-sided p-value is below ``1 - confidence``; its sign says
    whether the score dropped or rose. The counts are rebuilt from each
    report's shares and n.

    Raises
    ------
    InvalidParameterError
        When the report and the baseline have no score in common.

    Examples
    --------
    >>> from expectations.report import report
    >>> before = report(responses={"nps": [10] * 60 + [3] * 20})
    >>> after = report(responses={"nps": [10] * 30 + [3] * 50})
    >>> base = Baseline(source="x", counts={"nps": (60, 0, 20)}, scores={"nps": 50.0})
    >>> [c.describe() for c in compare_baseline(after, base)]
    ['FAIL nps since the baseline: 50.0 -> -25.0, difference -75.0 points (95% interval -101.8 to -45.5), p < 0.0001: dropped significantly']
    >>> compare_baseline(before, base)[0].direction
    'no significant change'
    """  # noqa: E501
    from expectations.errors import SmallSampleWarning
    from expectations.scoring import NPSCounts, compare_nps, compare_proportions

    common = [key for key in _METRICS if key in baseline.counts and key in report]
    if not common:
        raise InvalidParameterError(
            f"--baseline {baseline.source} has {', '.join(baseline.counts)} and the data has "
            f"{', '.join(k for k in _METRICS if k in report) or 'no score'}: no score in "
            "common to compare.")
    changes = []
    for key in common:
        row = report[key].table("overall").records()[0]
        now = _counts(key, row, "the report")
        before = baseline.counts[key]
        with warnings.catch_warnings():
            # Small samples are the point of the test: they give wide intervals, no verdict.
            warnings.simplefilter("ignore", SmallSampleWarning)
            if key == "nps":
                result: Any = compare_nps(
                    NPSCounts(promoters=now[0], passives=now[1], detractors=now[2]),
                    NPSCounts(promoters=before[0], passives=before[1], detractors=before[2]),
                    confidence=report.confidence)
            else:
                result = compare_proportions(now, before, confidence=report.confidence)
        p = float(result.p_value)
        significant = p < 1.0 - report.confidence
        direction: Direction = ("no significant change" if not significant
                                else "dropped significantly" if result.difference < 0
                                else "rose significantly")
        score_now = row["score"]
        assert isinstance(score_now, (int, float))  # noqa: S101 - checked by _counts
        changes.append(Change(
            name=key, previous=baseline.scores[key], now=float(score_now),
            difference=float(result.difference), low=float(result.interval.low),
            high=float(result.interval.high), p_value=p, confidence=report.confidence,
            direction=direction))
    return changes
