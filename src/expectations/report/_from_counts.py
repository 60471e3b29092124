"""The segment comparison and the NPS trend from counts, for the streamed report.

:func:`~expectations.compare_segments` and :func:`~expectations.kpis.trend`
take one answer per row. Both are functions of counts only: per segment, of
detractors, passives and promoters; per month, of the eleven answers. These
helpers take the counts a streamed file yields and finish with the same
arithmetic (and the same private finishing steps where the public function
has one), so that the numbers equal the in-memory report's.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _validation as v

__all__ = ["nps_trend_from_counts"]

FloatArray = npt.NDArray[np.float64]


def nps_trend_from_counts(months: npt.NDArray[np.int64], points: FloatArray, *,
                          confidence: float) -> pd.DataFrame:
    """:func:`~expectations.kpis.trend` (NPS, monthly) from answer counts per month.

    Parameters
    ----------
    months : numpy.ndarray of int64
        Distinct calendar-month ordinals (``pandas.Period(...).ordinal``), any order.
    points : numpy.ndarray
        Shape ``(months, 11)``: how many answered 0..10 in each month.
    confidence : float
        As for :func:`~expectations.kpis.trend`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``period`` (every month from the first to the last, gaps
        included), with the columns :data:`~expectations.kpis.trend.TREND_COLUMNS`.

    Examples
    --------
    >>> jan, mar = pd.Period("2024-01", "M").ordinal, pd.Period("2024-03", "M").ordinal
    >>> points = np.zeros((2, 11))
    >>> points[0, [10, 3]] = [30, 10]
    >>> points[1, [10, 3]] = [10, 30]
    >>> table = nps_trend_from_counts(np.array([mar, jan]), points, confidence=0.95)
    >>> [str(p) for p in table.index], table["score"].tolist(), table["n"].tolist()
    (['2024-01', '2024-02', '2024-03'], [-50.0, nan, 50.0], [40, 0, 40])
    """
    from expectations.kpis.trend import TREND_COLUMNS, _change, _share_fields

    v.check_not_empty(int(points.sum()), "scores")
    first = int(months.min())
    n_periods = int(months.max()) - first + 1
    hist = np.zeros((n_periods, points.shape[1]))
    hist[months - first] = points
    index = pd.period_range(start=pd.Period(ordinal=first, freq="M"), periods=n_periods,
                            freq="M", name="period")
    out = _share_fields(hist, "nps", 9, confidence, n_segments=1)
    _change(out, 1, "nps", n_segments=1)
    out["n_answers"] = hist.sum(axis=1).astype(np.int64)
    with np.errstate(invalid="ignore"):
        out["significant"] = np.asarray(out["p_value"] < 1.0 - confidence, dtype=bool)
    table: pd.DataFrame = pd.DataFrame({column: out[column] for column in TREND_COLUMNS},
                                       index=index)
    return table
