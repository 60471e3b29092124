"""Consistency across touchpoints: one score per group, a homogeneity test, the spread.

"Deliver consistently across all touchpoints", measured: the score of each
touchpoint (or channel) with its interval; a chi-square test of whether the
answers' categories are distributed alike everywhere; the range and standard
deviation of the per-group scores; and each group compared with all the
others, with p-values adjusted for the number of groups.

This module also holds the vectorised two-sample comparisons and the p-value
adjustments that :func:`~expectations.voice.themes.theme_impact` uses for
"comments that mention a theme vs comments that do not".
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _validation as v
from expectations._align import aligned
from expectations._multitest import CORRECTIONS, adjust_p_values
from expectations._output import html_text
from expectations.errors import InsufficientDataError
from expectations.scoring import _difference
from expectations.scoring.nps import nps
from expectations.scoring.satisfaction import ces, csat

__all__ = [
    "CONSISTENCY_COLUMNS",
    "CORRECTIONS",
    "METRICS",
    "ConsistencyResult",
    "adjust_p_values",
    "consistency",
    "nps_difference",
    "share_difference",
]

FloatArray = npt.NDArray[np.float64]

#: The metrics the voice functions score: NPS (0-10), CSAT top-2-box (1-5),
#: CES 2.0 top-3-box (1-7, 5-7 = easy).
METRICS: tuple[str, ...] = ("nps", "csat", "ces")

#: p-value adjustments: Holm's step-down (family-wise error), Benjamini-Hochberg
#: (false discovery rate), or none.

# The categories of the homogeneity table, per metric, for the one-category note.
_CATEGORY_NAMES: dict[str, tuple[str, ...]] = {
    "nps": ("a detractor", "a passive", "a promoter"),
    "csat": ("outside the top two boxes (1-3)", "in the top two boxes (4-5)"),
    "ces": ("outside the top three boxes (1-4)", "in the top three boxes (5-7)"),
}

#: Columns of :attr:`ConsistencyResult.groups`, in order.
CONSISTENCY_COLUMNS: tuple[str, ...] = (
    "score", "n", "ci_low", "ci_high", "ci_method", "confidence",
    "score_rest", "difference", "std_error", "z", "p_value", "p_adjusted", "below",
)


def nps_difference(counts_a: FloatArray, counts_b: FloatArray,
                   confidence: float) -> dict[str, FloatArray]:
    """Compare NPS row by row: ``a - b`` with its interval, z and p-value.

    ``counts_a`` and ``counts_b`` have shape ``(m, 3)`` — detractors, passives,
    promoters. This is :func:`~expectations.scoring.compare.compare_nps`
    vectorised over ``m`` comparisons: the shared difference machinery of
    :mod:`expectations.scoring._difference`, with its default adjusted Wald
    interval (Rocks 2016; Agresti & Caffo 2000).

    Examples
    --------
    >>> out = nps_difference(np.array([[30.0, 50, 120]]), np.array([[50.0, 60, 90]]), 0.95)
    >>> float(out["difference"][0]), round(float(out["z"][0]), 3)
    (25.0, 3.205)
    """
    return _difference.nps_difference(counts_a, counts_b, confidence=confidence)


def share_difference(x_a: FloatArray, n_a: FloatArray, x_b: FloatArray, n_b: FloatArray,
                     confidence: float) -> dict[str, FloatArray]:
    """Compare top-box shares row by row, in percentage points.

    This is :func:`~expectations.scoring.proportions.compare_proportions`
    vectorised (the shared difference machinery): the Agresti-Caffo interval,
    and the z-test with the pooled share.

    Examples
    --------
    >>> out = share_difference(np.array([160.0]), np.array([200.0]),
    ...                        np.array([130.0]), np.array([200.0]), 0.95)
    >>> round(float(out["difference"][0]), 12), round(float(out["z"][0]), 3)
    (15.0, 3.359)
    """
    return _difference.share_difference(x_a, n_a, x_b, n_b, confidence=confidence)


@attrs.frozen(kw_only=True, repr=False)
class ConsistencyResult:
    """How evenly a score is delivered across groups (touchpoints, channels).

    Attributes
    ----------
    groups : pandas.DataFrame
        One row per group, indexed by the key(s), with the columns
        :data:`CONSISTENCY_COLUMNS`: the group's ``score``, ``n`` and interval;
        ``score_rest``, the score of all other groups together; ``difference``
        (group minus rest) with its ``std_error``, ``z``, two-sided
        ``p_value`` and ``p_adjusted``; and ``below``, True when the group is
        significantly below the rest (``difference < 0`` and
        ``p_adjusted < 1 - confidence``).
    metric : str
        ``"nps"``, ``"csat"`` or ``"ces"``.
    overall : float
        The score of all groups together.
    n : int
        Answers scored.
    n_dropped : int
        Rows dropped with ``missing="drop"``: a missing answer or a missing key.
    statistic, dof, p_value : float, int, float
        Pearson's chi-square test of homogeneity of the category counts
        (groups-by-categories), its degrees of freedom and p-value.
    range, std : float
        Spread of the per-group scores: maximum minus minimum, and the
        sample standard deviation (``ddof=1``), each group counting once.
    correction : str
        The p-value adjustment used.
    note : str or None
        Why a statistic is degenerate, when it is: with every answer in one
        category (say, all promoters) the groups cannot differ, the test has
        no degrees of freedom, and ``p_value`` is 1 by definition.

    Examples
    --------
    >>> c = consistency([5, 4, 4, 2, 5, 3, 1, 2] * 10, ["web"] * 40 + ["store"] * 40)
    >>> c.metric, c.overall, c.dof, c.groups.index.tolist()
    ('csat', 50.0, 1, ['store', 'web'])
    """

    _headline: ClassVar[tuple[str, ...]] = ("overall", "range", "p_value")

    groups: pd.DataFrame = attrs.field(eq=False)
    metric: str
    overall: float
    n: int
    n_dropped: int
    statistic: float
    dof: int
    p_value: float
    range: float
    std: float
    correction: str | None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the scalar fields as a dict (the groups table is left out)."""
        return {f.name: getattr(self, f.name) for f in attrs.fields(type(self))
                if f.name != "groups"}

    def to_frame(self) -> pd.DataFrame:
        """Return the per-group table (a copy)."""
        out: pd.DataFrame = self.groups.copy()
        return out

    def __repr__(self) -> str:
        return (f"ConsistencyResult(metric={self.metric!r}, groups={len(self.groups)}, "
                f"overall={self.overall:.4g}, range={self.range:.4g}, std={self.std:.4g}, "
                f"chi2={self.statistic:.4g}, dof={self.dof}, p_value={self.p_value:.4g})")

    def _repr_html_(self) -> str:
        note = f"<p><em>{html_text(self.note)}.</em></p>" if self.note else ""
        return f"<p>{html_text(repr(self))}</p>{note}{self.groups.to_html()}"


_ONE_CATEGORY = (
    "every answer is {category}: with one category the groups cannot differ, so the "
    "homogeneity test has no degrees of freedom and p_value is 1"
)


def _homogeneity(table: FloatArray) -> tuple[float, int, float]:
    """Pearson's chi-square for a groups-by-categories table (no continuity correction).

    The caller has checked that at least two groups have answers; with one
    category left (every answer alike) there is nothing to test: X² = 0, p = 1.
    """
    from scipy.stats import chi2  # lazily: keeps `import expectations` fast

    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    rows, cols = table.shape
    dof = (rows - 1) * (cols - 1)
    if dof == 0:
        return 0.0, 0, 1.0
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
    statistic = float(np.sum((table - expected) ** 2 / expected))
    return statistic, dof, float(chi2.sf(statistic, dof))


@aligned("scores", "by")
def consistency(scores: object, by: object, *, metric: str = "csat",
                confidence: float = 0.95, correction: str | None = "holm",
                missing: v.MissingPolicy = "raise", data: object = None) -> ConsistencyResult:
    """Score each touchpoint or channel, test homogeneity, and flag the laggards.

    Parameters
    ----------
    scores : array-like of int
        One answer per row: 0-10 for ``"nps"``, 1-5 for ``"csat"``, 1-7 for
        ``"ces"`` (CES 2.0, higher is easier).
    by : array-like, list of array-likes, or DataFrame
        The group key(s) — touchpoint, channel — one per answer.
    metric : {"csat", "nps", "ces"}, default "csat"
        The score: CSAT top-2-box %, NPS in points, or CES % answering 5-7.
    confidence : float, default 0.95
        Coverage of the intervals; ``1 - confidence`` is also the significance
        level for ``below``.
    correction : {"holm", "bh"} or None, default "holm"
        Adjustment of the group-vs-rest p-values for the number of groups.
    missing : {"raise", "drop"}, default "raise"
        Missing answers or keys: raise, or drop them (counted in
        :attr:`ConsistencyResult.n_dropped`).
    data : data frame, optional
        A frame holding the columns: ``scores`` and ``by`` are then column
        names. Any frame narwhals accepts (pandas, Polars eager or lazy,
        PyArrow, DuckDB, Dask, PySpark) or :func:`~expectations.scan` of
        files; the counts are made inside the engine (see the guide page
        "Scale").

    Returns
    -------
    ConsistencyResult
        When every answer falls in one category (all promoters, say), the
        groups cannot differ: ``p_value`` is 1, ``statistic`` and ``dof`` are
        0, and :attr:`ConsistencyResult.note` says so.

    Raises
    ------
    InvalidScoreError
        Answers off the metric's scale, or missing with ``missing="raise"``.
    LengthMismatchError
        ``by`` not as long as ``scores``.
    InsufficientDataError
        Fewer than two groups with answers.
    InvalidParameterError
        Unknown ``metric`` or ``correction``, or ``confidence`` outside (0, 1).

    Warns
    -----
    SmallSampleWarning
        When a group has fewer than 30 answers (from the per-group scores).

    Notes
    -----
    - Per-group scores and intervals are those of :func:`~expectations.nps`
      (adjusted Wald), :func:`~expectations.csat` and :func:`~expectations.ces`
      (Wilson) with ``by=``.
    - The homogeneity test is Pearson's chi-square on the groups-by-categories
      table — detractor/passive/promoter counts for NPS, in-box/not for
      CSAT and CES: ``X² = Σ (O - E)²/E`` with ``E = row total by column total /
      N`` and ``(groups - 1)(categories - 1)`` degrees of freedom, without
      Yates' continuity correction (``scipy.stats.chi2_contingency(...,
      correction=False)``). Groups with no answers and categories nobody chose
      are left out of the table.
    - Each group is compared with the rest (all other answers pooled) as in
      :func:`~expectations.compare_nps` / :func:`~expectations.compare_proportions`;
      the p-values are then adjusted across groups.

    Examples
    --------
    >>> import expectations.datasets as data
    >>> r = data.load_retail().responses
    >>> result = consistency(r["csat"], r["touchpoint"], metric="csat", missing="drop")
    >>> result
    ConsistencyResult(metric='csat', groups=9, ..., dof=8, p_value=...)
    >>> result.groups.columns.tolist() == list(CONSISTENCY_COLUMNS)
    True
    """
    confidence = check_options(metric, correction, confidence)
    if metric == "nps":
        per_group = nps(scores, by=by, confidence=confidence, missing=missing)
    else:
        score_fn = csat if metric == "csat" else ces
        per_group = score_fn(scores, by=by, confidence=confidence, missing=missing)
    return from_groups(per_group, metric=metric, confidence=confidence, correction=correction)


def check_options(metric: object, correction: object, confidence: object) -> float:
    """Check :func:`consistency`'s options; return the confidence."""
    v.check_option(metric, "metric", METRICS)
    v.check_option(correction, "correction", (*CORRECTIONS, None))
    return v.check_confidence(confidence)


def from_groups(per_group: pd.DataFrame, *, metric: str, confidence: float,
                correction: str | None) -> ConsistencyResult:
    """Build :func:`consistency`'s result from the per-group score table.

    ``per_group`` is what :func:`~expectations.nps` (or ``csat``, ``ces``)
    returns with ``by=``, however it was counted.
    """
    if metric == "nps":
        table = per_group[["detractors", "passives", "promoters"]].to_numpy(dtype=np.float64)
    else:
        successes = per_group["successes"].to_numpy(dtype=np.float64)
        table = np.column_stack([per_group["n"].to_numpy(dtype=np.float64) - successes,
                                 successes])
    sizes = table.sum(axis=1)
    if np.count_nonzero(sizes > 0) < 2:
        raise InsufficientDataError(
            "by must have at least two groups with answers to compare; got "
            f"{int(np.count_nonzero(sizes > 0))}."
        )
    total = table.sum(axis=0)
    rest = total - table
    if metric == "nps":
        compared = nps_difference(table, rest, confidence)
        overall = float(100.0 * (total[2] - total[0]) / total.sum())
    else:
        compared = share_difference(table[:, 1], sizes, rest[:, 1], rest.sum(axis=1),
                                    confidence)
        overall = float(100.0 * total[1] / total.sum())
    p_adjusted = adjust_p_values(compared["p_value"], correction)
    alpha = 1.0 - confidence
    groups = pd.DataFrame({
        "score": per_group["score"].to_numpy(dtype=np.float64),
        "n": sizes.astype(np.int64),
        "ci_low": per_group["ci_low"].to_numpy(dtype=np.float64),
        "ci_high": per_group["ci_high"].to_numpy(dtype=np.float64),
        "ci_method": per_group["ci_method"].to_numpy(),
        "confidence": confidence,
        "score_rest": compared["score_b"],
        "difference": compared["difference"],
        "std_error": compared["std_error"],
        "z": compared["z"],
        "p_value": compared["p_value"],
        "p_adjusted": p_adjusted,
        "below": (compared["difference"] < 0) & (p_adjusted < alpha),
    }, index=per_group.index)
    n_dropped_keys = int(per_group.attrs.get("n_dropped_keys", 0))
    groups.attrs["n_dropped_keys"] = n_dropped_keys
    # Per group, n_dropped counts missing answers of rows that have a key.
    n_dropped = int(per_group["n_dropped"].sum()) + n_dropped_keys
    statistic, dof, p_value = _homogeneity(table)
    observed = groups["score"].to_numpy()[sizes > 0]
    chosen = np.flatnonzero(total > 0)
    note = (_ONE_CATEGORY.format(category=_CATEGORY_NAMES[metric][int(chosen[0])])
            if chosen.size == 1 else None)
    return ConsistencyResult(
        groups=groups, metric=metric, overall=overall, n=int(sizes.sum()),
        n_dropped=n_dropped, statistic=statistic, dof=dof, p_value=p_value,
        range=float(observed.max() - observed.min()),
        std=float(np.std(observed, ddof=1)), correction=correction, note=note,
    )
