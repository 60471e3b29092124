"""The quality gate behind ``expectations check``: thresholds on a report's numbers.

A threshold is judged on the estimate, or, when ``conservative``, on the
bound of its interval that is least favourable (the lower bound of a score,
the upper bound of a broken-promise rate), so that a pass is a pass with the
stated confidence.
"""

from __future__ import annotations

import attrs

from expectations.errors import InvalidParameterError
from expectations.report._model import Report

__all__ = ["Verdict", "evaluate"]


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
    verdicts = [_score(report, key, threshold, conservative)
                for key, threshold in (("nps", min_nps), ("csat", min_csat), ("ces", min_ces))
                if threshold is not None]
    if max_broken_rate is not None:
        if not 0.0 <= max_broken_rate <= 1.0:
            raise InvalidParameterError(
                f"--max-broken-rate must be a share in 0..1 (0.05 is 5%); got {max_broken_rate}.")
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
