"""Compare the Net Promoter Scores of two independent samples."""

from __future__ import annotations

import math

import attrs

from expectations import _validation as v
from expectations.errors import InsufficientDataError
from expectations.results import Interval, Result
from expectations.scoring.nps import NPSCounts, _tally
from expectations.scoring.nps_intervals import normal_quantile

__all__ = ["NPSComparison", "compare_nps"]


@attrs.frozen(kw_only=True, repr=False)
class NPSComparison(Result):
    """The signed difference between two Net Promoter Scores, ``a - b``, in points.

    Attributes
    ----------
    score_a, score_b : float
        The two scores in points.
    n_a, n_b : float
        Effective sample sizes (the respondent counts when unweighted).
    difference : float
        ``score_a - score_b``; positive when ``a`` scores higher.
    std_error : float
        ``100 sqrt(V_a / n_a + V_b / n_b)``.
    z : float
        ``difference / std_error``; NaN when the standard error is 0.
    p_value : float
        Two-sided p-value of ``z`` under the standard normal; NaN with ``z``.
    interval : Interval
        Wald interval for the difference, clipped to [-200, 200].
    n_dropped_a, n_dropped_b : int
        Missing answers dropped from each side (with ``missing="drop"``).

    Examples
    --------
    >>> c = compare_nps([10, 9, 9, 7, 3] * 10, [10, 8, 6, 5, 3] * 10)
    >>> c.difference, c.interval.method
    (80.0, 'wald')
    """

    _headline = ("difference", "p_value")

    score_a: float
    score_b: float
    n_a: float
    n_b: float
    difference: float
    std_error: float
    z: float
    p_value: float
    interval: Interval
    n_dropped_a: int = 0
    n_dropped_b: int = 0


def _side(value: object, name: str, weights: object, missing: str) -> tuple[NPSCounts, int]:
    """Count one side, returning its counts and how many missing answers were dropped."""
    if isinstance(value, NPSCounts):
        counts, n_dropped = value, 0
    else:
        tally = _tally(value, weights, missing, name)
        counts, n_dropped = tally.counts, tally.n_dropped
    if not counts.n > 0:
        raise InsufficientDataError(f"{name} must have at least one respondent; got none.")
    return counts, n_dropped


def compare_nps(a: object, b: object, *, confidence: float = 0.95, weights_a: object = None,
                weights_b: object = None, missing: str = "raise") -> NPSComparison:
    """Compare two Net Promoter Scores: signed difference, interval, z and p-value.

    Parameters
    ----------
    a, b : array-like or NPSCounts
        Each sample as 0-10 answers or as counts.
    confidence : float, default 0.95
        Nominal coverage of the interval for the difference.
    weights_a, weights_b : array-like, optional
        Survey weights for raw answers (ignored for counts, which carry their own).
    missing : {"raise", "drop"}, default "raise"
        What to do with missing answers.

    Returns
    -------
    NPSComparison

    Raises
    ------
    InvalidScoreError
        Answers that are not integers in 0..10 (named ``a`` or ``b``).
    InsufficientDataError
        A side with no respondents.

    Notes
    -----
    With per-respondent variances ``V = p + d - (p - d)**2`` and (effective)
    sizes ``n``, the standard error of the difference is
    ``100 sqrt(V_a/n_a + V_b/n_b)`` and ``z = (NPS_a - NPS_b) / SE``
    (Rocks 2016). Unlike the R package ``NPS``, which reports the absolute
    difference, the sign is kept: ``a - b``.

    Examples
    --------
    >>> c = compare_nps(NPSCounts(promoters=120, passives=50, detractors=30),
    ...                 NPSCounts(promoters=90, passives=60, detractors=50))
    >>> c.difference, round(c.z, 3), round(c.p_value, 4)
    (25.0, 3.217, 0.0013)
    """
    confidence = v.check_confidence(confidence)
    v.check_option(missing, "missing", ("raise", "drop"))
    counts_a, dropped_a = _side(a, "a", weights_a, missing)
    counts_b, dropped_b = _side(b, "b", weights_b, missing)
    n_a, n_b = counts_a.n_effective, counts_b.n_effective
    difference = counts_a.score - counts_b.score
    std_error = 100.0 * math.sqrt(counts_a.variance / n_a + counts_b.variance / n_b)
    if std_error > 0:
        from scipy.stats import norm  # lazily: keeps `import expectations` fast

        z = difference / std_error
        p_value = float(2.0 * norm.sf(abs(z)))
    else:
        z = p_value = math.nan
    half = normal_quantile(confidence) * std_error
    interval = Interval(low=max(difference - half, -200.0), high=min(difference + half, 200.0),
                        confidence=confidence, method="wald")
    return NPSComparison(score_a=counts_a.score, score_b=counts_b.score, n_a=n_a, n_b=n_b,
                         difference=difference, std_error=std_error, z=z, p_value=p_value,
                         interval=interval, n_dropped_a=dropped_a, n_dropped_b=dropped_b)
