"""Funnel plots: which of many groups differ from a target by more than chance.

A league table of raw scores puts the smallest groups at both ends, because
their scores are the noisiest. A funnel plot (Spiegelhalter 2005) instead
draws, around one target, the control limits a group *of each size* would
stay within by chance alone; a group outside them is unusual for its size.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _grouping
from expectations._align import aligned
from expectations._validation import MissingPolicy
from expectations.groups._tallies import Tallies, check_target, tally
from expectations.models.scale import Scale

__all__ = ["FUNNEL_BANDS", "FUNNEL_COLUMNS", "FUNNEL_LEVELS", "funnel"]

FloatArray = npt.NDArray[np.float64]

#: The columns of :func:`funnel`, in order.
FUNNEL_COLUMNS: tuple[str, ...] = (
    "score", "n", "target", "low_95", "high_95", "low_998", "high_998", "band",
)

#: The two control limits' coverage: about 1 in 20 and 1 in 500 groups on
#: target fall outside them by chance ("warning" and "alarm" limits).
FUNNEL_LEVELS: tuple[float, float] = (0.95, 0.998)

#: The values of :func:`funnel`'s ``band`` column, from worst to best.
FUNNEL_BANDS: tuple[str, ...] = (
    "below 99.8%", "below 95%", "within", "above 95%", "above 99.8%",
)

# Two-sided normal quantiles: 1.959964 and 3.090232.
Z_95, Z_998 = (NormalDist().inv_cdf(0.5 + level / 2) for level in FUNNEL_LEVELS)


@aligned("scores", "weights", "by")
def funnel(scores: object, *, by: object, metric: str = "nps", target: float | None = None,
           weights: object = None, missing: MissingPolicy = "raise", scale: Scale | None = None,
           top: int | None = None, data: object = None) -> pd.DataFrame:
    r"""Funnel-plot control limits: each group's score against a target, at its own size.

    Parameters
    ----------
    scores : array-like
        Integer answers: 0..10 for NPS, or on the rating scale of the other
        metrics (list, numpy array, pandas Series).
    by : array-like, list of array-likes, or DataFrame
        Group key(s), one per answer: the stores, agents or touchpoints to compare.
    metric : {"nps", "csat", "ces", "top_box"}, default "nps"
        NPS in points (-100..100), or the percentage in the top boxes (0..100):
        CSAT 4-5 on 1-5, CES 5-7 on 1-7 (CES 2.0), or ``top`` boxes of ``scale``.
    target : float, optional
        The score every group is held against, in points. Default: the pooled
        score of all answers.
    weights : array-like, optional
        Non-negative survey weights, one per answer. Scores become weighted
        means and each group's limits use Kish's effective sample size.
    missing : {"raise", "drop"}, default "raise"
        Missing answers or group keys: raise, or drop them. The numbers dropped
        are in ``DataFrame.attrs["n_dropped"]`` (answers) and
        ``attrs["n_dropped_keys"]`` (rows without a key).
    scale : Scale, optional
        The answer scale of ``"top_box"`` (required there); ``"csat"`` defaults
        to ``Scale(1, 5)`` and ``"ces"`` to ``Scale(1, 7)``; None for NPS.
    top : int, optional
        How many of the highest answers count: 2 by default, 3 (5-7) for CES.
    data : data frame, optional
        A frame holding the columns: ``scores``, ``by`` and ``weights`` are
        then column names. Any frame narwhals accepts (pandas, Polars eager
        or lazy, PyArrow, DuckDB, Dask, PySpark) or :func:`~expectations.scan`
        of files; the counts are made inside the engine, and the table comes
        back in the caller's library (see the guide page "Scale").

    Returns
    -------
    pandas.DataFrame
        One row per group, indexed by the key(s), with the columns
        :data:`FUNNEL_COLUMNS`: ``score`` (points), ``n`` (answers),
        ``target``, the 95% and 99.8% limits at that group's size
        (``low_95``, ``high_95``, ``low_998``, ``high_998``) and ``band``, an
        ordered categorical of :data:`FUNNEL_BANDS` (missing for a group whose
        answers were all dropped). ``attrs["variance"]`` holds the
        per-answer variance at the target and ``attrs["metric"]`` the metric,
        for :func:`~expectations.plotting.plot_funnel`.

    Raises
    ------
    InvalidScoreError
        Answers off the scale, booleans, text or missing values with
        ``missing="raise"``; invalid weights; missing keys with ``missing="raise"``.
    InvalidParameterError
        An unknown ``metric`` or ``missing``, a ``target`` off the metric's
        range, or a ``scale``/``top`` that does not fit the metric.
    LengthMismatchError
        ``weights`` or ``by`` not as long as ``scores``.
    InsufficientDataError
        No answer to score.

    Notes
    -----
    With ``y`` the per-answer value (``+1/0/-1`` for promoters, passives and
    detractors; ``1/0`` for a top-box hit or miss) and target :math:`\theta_0`
    (as a fraction), each group's limits are

    .. math:: \theta_0 \pm z \sqrt{V(\theta_0) / n_\mathrm{eff}},
              \qquad z = 1.960 \text{ (95\%)}, \; 3.090 \text{ (99.8\%)},

    in points and clipped to the metric's range, where :math:`V` is the
    per-answer variance of a group scoring exactly the target: the binomial
    :math:`\theta_0(1 - \theta_0)` for a top-box share, and for NPS the
    trinomial :math:`p + d - (p - d)^2` with the pooled shares (with another
    target, :math:`p - d = \theta_0` and the pooled share of passives). The
    band says whether the score lies beyond a limit; about 5% and 0.2% of
    groups truly on target land beyond the 95% and 99.8% limits by chance.

    References
    ----------
    .. [1] Spiegelhalter, D. J. (2005). Funnel plots for comparing
       institutional performance. *Statistics in Medicine* 24(8), 1185-1202.

    Examples
    --------
    >>> import expectations as ex
    >>> scores = ([10, 9, 8, 6, 3] * 40 + [10, 10, 9, 8, 6] * 40 + [10, 10, 9, 9, 7, 8]
    ...           + [5, 6, 10, 9] * 30 + [3, 6, 8])
    >>> stores = ["a"] * 200 + ["b"] * 200 + ["c"] * 6 + ["d"] * 120 + ["e"] * 3
    >>> table = ex.funnel(scores, by=stores)
    >>> table[["score", "n", "target", "low_95", "high_95", "band"]].round(1)
       score    n  target  low_95  high_95         band
    a    0.0  200    15.5     3.0     28.0    below 95%
    b   40.0  200    15.5     3.0     28.0  above 99.8%
    c   66.7    6    15.5   -56.9     87.9       within
    d    0.0  120    15.5    -0.7     31.7       within
    e  -66.7    3    15.5   -86.9    100.0       within

    The two smallest stores have the most extreme scores, yet lie within
    the limits for their size; the large store ``a`` does not.
    """
    tallies = tally(scores, by=by, metric=metric, weights=weights, missing=missing,
                    scale=scale, top=top)
    return funnel_frame(tallies, check_target(target, tallies.bounds))


def funnel_frame(tallies: Tallies, target: float | None = None) -> pd.DataFrame:
    """Build :func:`funnel`'s table from per-group tallies (shared with the report)."""
    low, high = tallies.bounds
    # Weighted sums in another row order can land a score a rounding error past
    # the scale's end (-100.00000000000001); clipped, a score at the end of the
    # scale never lies "beyond" a limit clipped to that same end.
    score = np.clip(tallies.scores(), low, high)
    centre = tallies.pooled_score() if target is None else target
    variance = tallies.variance_at(centre)
    with np.errstate(invalid="ignore", divide="ignore"):
        std_error = 100.0 * np.sqrt(variance / tallies.n_effective())
    k = tallies.groups.n_groups
    data: dict[str, object] = {"score": score, "n": tallies.n,
                               "target": np.full(k, centre)}
    for suffix, z in (("95", Z_95), ("998", Z_998)):
        data[f"low_{suffix}"] = np.clip(centre - z * std_error, low, high)
        data[f"high_{suffix}"] = np.clip(centre + z * std_error, low, high)
    data["band"] = bands(score, data)  # type: ignore[arg-type]
    out = _grouping.frame(tallies.groups, FUNNEL_COLUMNS, data)
    out.attrs.update(n_dropped=tallies.n_dropped, metric=tallies.metric, variance=variance)
    return out


def bands(score: FloatArray, limits: dict[str, FloatArray]) -> pd.Categorical:
    """Say, for each score, which of the funnel's limits it lies beyond."""
    with np.errstate(invalid="ignore"):
        codes = np.select(
            [score < limits["low_998"], score < limits["low_95"],
             score > limits["high_998"], score > limits["high_95"], np.isfinite(score)],
            [0, 1, 4, 3, 2], default=-1)
    out: pd.Categorical = pd.Categorical.from_codes(
        codes, categories=pd.Index(list(FUNNEL_BANDS)), ordered=True)
    return out
