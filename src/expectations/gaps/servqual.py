"""SERVQUAL gap scores and SERVPERF perception scores (Parasuraman et al. 1988, 1991).

Each of 22 items is asked twice, as an expectation E and a perception P, on a
1-7 scale. The item gap is ``P - E`` (negative: expectations not met). A
dimension's score is the mean of its item gaps for each respondent, then the
mean over respondents; the unweighted overall score is the mean of the
dimension scores; the weighted overall score weights each respondent's
dimension scores by the 100 points they allocated across the dimensions.
SERVPERF (Cronin & Taylor 1992) scores the perceptions alone.

The work is split in three private modules: :mod:`._servqual_input` reads the
item map and the answers, :mod:`._servqual_scoring` computes the scores, and
:mod:`._servqual_results` holds the result objects; every public name stays
importable from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import overload

import pandas as pd

from expectations._align import aligned
from expectations._validation import MissingPolicy
from expectations.errors import InvalidParameterError, format_message
from expectations.gaps._servqual_results import (
    SERVPERF_COLUMNS,
    SERVQUAL_COLUMNS,
    DimensionGap,
    DimensionScore,
    ItemGap,
    ItemScore,
    ServperfResult,
    ServqualResult,
)
from expectations.gaps._servqual_scoring import by_frame, score, servperf_result, servqual_result
from expectations.models.scale import Scale

__all__ = [
    "SERVPERF_COLUMNS",
    "SERVQUAL_COLUMNS",
    "SERVQUAL_DIMENSIONS",
    "SERVQUAL_SCALE",
    "DimensionGap",
    "DimensionScore",
    "ItemGap",
    "ItemScore",
    "ServperfResult",
    "ServqualResult",
    "servperf",
    "servqual",
]

SERVQUAL_DIMENSIONS: Mapping[str, tuple[int, ...]] = MappingProxyType({
    "tangibles": (1, 2, 3, 4),
    "reliability": (5, 6, 7, 8, 9),
    "responsiveness": (10, 11, 12, 13),
    "assurance": (14, 15, 16, 17),
    "empathy": (18, 19, 20, 21, 22),
})
"""The 22 SERVQUAL items of each dimension, by item number (Parasuraman et al. 1988, 1991)."""

SERVQUAL_SCALE = Scale(1, 7)
"""The 1-7 agreement scale of the SERVQUAL questionnaire."""


# ----------------------------------------------------------------- public API
@overload
def servqual(expected: object, perceived: object, *, dimensions: object = ...,
             weights: object = ..., by: None = ..., item: object = ...,
             respondent: object = ..., scale: Scale = ..., confidence: float = ...,
             missing: MissingPolicy = ..., data: object = ...) -> ServqualResult: ...
@overload
def servqual(expected: object, perceived: object, *, dimensions: object = ...,
             weights: object = ..., by: object, item: object = ...,
             respondent: object = ..., scale: Scale = ..., confidence: float = ...,
             missing: MissingPolicy = ..., data: object = ...) -> pd.DataFrame: ...
@aligned("expected", "perceived", "by", "item", "respondent")
def servqual(expected: object, perceived: object, *,
             dimensions: object = SERVQUAL_DIMENSIONS, weights: object = None,
             by: object = None, item: object = None, respondent: object = None,
             scale: Scale = SERVQUAL_SCALE, confidence: float = 0.95,
             missing: MissingPolicy = "raise",
             data: object = None) -> ServqualResult | pd.DataFrame:
    r"""Score SERVQUAL gaps: per item, per dimension, overall and importance-weighted.

    Parameters
    ----------
    expected, perceived : DataFrame, 2-D array-like, or 1-D columns
        *Wide*: one row per respondent and one column per item, the same shape
        for both. DataFrames pair their columns by name, in any order: the
        same label, or else the same item number ending the label (``e01``
        with ``p01``); a column without a counterpart is an error. Arrays
        (and frames with pandas' default labels 0, 1, ...) pair by position.
        *Long*: one row per respondent and item, with ``item=`` and
        ``respondent=``.
    dimensions : mapping of str to sequence, default SERVQUAL_DIMENSIONS
        Items of each dimension. Arrays: 1-based column numbers. DataFrames:
        column labels (of either frame), or item numbers, each naming the
        column whose label ends in it (``5`` is ``e05``, wherever it stands).
        Long data: the values of ``item``. Every item column must belong to
        exactly one dimension.
    weights : DataFrame, 2-D array, 1-D array or mapping, optional
        Importance points each respondent allocated across the dimensions,
        summing to 100 per respondent: a DataFrame with one column per
        dimension name, an ``(n, n_dimensions)`` array in dimension order, or
        one allocation (1-D array or mapping) for everyone.
    by : array-like, list of array-likes, or DataFrame, optional
        Respondent group key(s); returns a DataFrame.
    item, respondent : array-like, optional
        For long data: the item and the respondent of each row.
    scale : Scale, default Scale(1, 7)
        The answer scale; every answer must lie on it.
    confidence : float, default 0.95
        Coverage of the t-intervals.
    missing : {"raise", "drop"}, default "raise"
        A respondent with a missing answer (or allocation, or group key): raise,
        or drop the respondent and count it in ``n_dropped``.
    data : data frame, optional
        A frame holding the columns: ``expected`` and ``perceived`` are then
        lists of column names (wide) or column names (long), and ``by``,
        ``item`` and ``respondent`` column names. Any frame narwhals accepts
        (pandas, Polars eager or lazy, PyArrow, DuckDB, Dask, PySpark) or
        :func:`~expectations.scan` of files; the columns are read from it, and
        a ``by=`` table comes back in the caller's library (see the guide page
        "Scale").

    Returns
    -------
    ServqualResult or pandas.DataFrame
        Without ``by``: the result. With ``by``: one row per group and
        dimension (then ``"overall"`` and, with weights, ``"weighted
        overall"``), indexed by the key(s) and ``dimension``, with the columns
        :data:`SERVQUAL_COLUMNS`.

    Raises
    ------
    LengthMismatchError
        If the two item matrices (or the weights) do not have the same shape.
    InvalidScoreError
        If an answer is off the scale or missing (with ``missing="raise"``),
        or an allocation does not sum to 100.
    InvalidParameterError
        If the dimension map names an unknown item or repeats one.
    SchemaError
        If an item column belongs to no dimension, a column of one frame has
        no counterpart in the other, or weight columns are not named after
        the dimensions.

    Notes
    -----
    For respondent :math:`r`, item gap :math:`g_{ri} = P_{ri} - E_{ri}`;
    dimension score :math:`D_{rj} = \operatorname{mean}_{i \in j} g_{ri}`;
    unweighted overall :math:`O_r = \operatorname{mean}_j D_{rj}`; weighted
    overall :math:`W_r = \\sum_j (w_{rj}/100) D_{rj}`. Each reported score is
    the mean over respondents, with a Student-t interval (respondents are the
    unit, so the interval accounts for the correlation between a
    respondent's items).

    References
    ----------
    Parasuraman, A., Zeithaml, V. A. & Berry, L. L. (1988). SERVQUAL: a
    multiple-item scale for measuring consumer perceptions of service quality.
    *Journal of Retailing*, 64(1), 12-40.
    Parasuraman, A., Berry, L. L. & Zeithaml, V. A. (1991). Refinement and
    reassessment of the SERVQUAL scale. *Journal of Retailing*, 67(4), 420-450.

    Examples
    --------
    >>> import numpy as np
    >>> e = np.array([[6, 7, 5], [7, 6, 6], [5, 6, 6]])
    >>> p = np.array([[5, 6, 5], [6, 6, 4], [5, 4, 6]])
    >>> dims = {"reliability": (1, 2), "empathy": (3,)}
    >>> res = servqual(e, p, dimensions=dims)
    >>> round(res.dimension("reliability").gap, 3), round(res.overall.gap, 3)
    (-0.833, -0.75)
    >>> res.to_frame()[["expected", "perceived", "gap"]].round(3)
                 expected  perceived    gap
    dimension
    reliability     6.167      5.333 -0.833
    empathy         5.667      5.000 -0.667
    overall         5.917      5.167 -0.750
    >>> res = servqual(e, p, dimensions=dims, weights={"reliability": 70, "empathy": 30})
    >>> round(res.weighted.gap, 3)
    -0.783
    >>> servqual(e, p, dimensions=dims, weights={"reliability": 70, "empathy": 20})
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidScoreError: weights must be 100-point allocations ...;
    3 values are not (first: 90.0 at position row 0). Allocations are not rescaled silently: ...
    """
    if expected is None:
        raise InvalidParameterError(format_message(
            "expected", "the expectation answers", fix="For perceptions only, use servperf()."))
    scored = score(expected, perceived, dimensions=dimensions, weights=weights, by=by,
                    item=item, respondent=respondent, scale=scale, confidence=confidence,
                    missing=missing)
    c = float(confidence)
    if by is None:
        return servqual_result(scored, c)
    return by_frame(scored, c, SERVQUAL_COLUMNS)


@overload
def servperf(perceived: object, *, dimensions: object = ..., weights: object = ...,
             by: None = ..., item: object = ..., respondent: object = ...,
             scale: Scale = ..., confidence: float = ..., missing: MissingPolicy = ...,
             data: object = ...) -> ServperfResult: ...
@overload
def servperf(perceived: object, *, dimensions: object = ..., weights: object = ...,
             by: object, item: object = ..., respondent: object = ...,
             scale: Scale = ..., confidence: float = ..., missing: MissingPolicy = ...,
             data: object = ...) -> pd.DataFrame: ...
@aligned("perceived", "by", "item", "respondent")
def servperf(perceived: object, *, dimensions: object = SERVQUAL_DIMENSIONS,
             weights: object = None, by: object = None, item: object = None,
             respondent: object = None, scale: Scale = SERVQUAL_SCALE,
             confidence: float = 0.95, missing: MissingPolicy = "raise",
             data: object = None) -> ServperfResult | pd.DataFrame:
    """Score SERVPERF: SERVQUAL's perceptions alone, per item, dimension and overall.

    Cronin & Taylor (1992) found the perception items predict overall quality
    as well as the gaps do, with half the questionnaire. Scores are mean
    perceptions, aggregated exactly as in :func:`servqual`.

    Parameters
    ----------
    perceived : DataFrame, 2-D array-like, or 1-D column
        Wide (respondents x items) or long (with ``item=`` and ``respondent=``).
    dimensions, weights, by, item, respondent, scale, confidence, missing
        As in :func:`servqual`.
    data : data frame, optional
        A frame holding the columns: ``perceived`` is then a list of column
        names (wide) or a column name (long), and ``by``, ``item`` and
        ``respondent`` column names. Any frame narwhals accepts (pandas,
        Polars eager or lazy, PyArrow, DuckDB, Dask, PySpark) or
        :func:`~expectations.scan` of files; the columns are read from it, and
        a ``by=`` table comes back in the caller's library (see the guide page
        "Scale").

    Returns
    -------
    ServperfResult or pandas.DataFrame
        With ``by``: the columns :data:`SERVPERF_COLUMNS`, one row per group
        and dimension (then the overall rows).

    Raises
    ------
    InvalidScoreError, InvalidParameterError, LengthMismatchError, SchemaError
        As in :func:`servqual`.

    References
    ----------
    Cronin, J. J. & Taylor, S. A. (1992). Measuring service quality: a
    reexamination and extension. *Journal of Marketing*, 56(3), 55-68.

    Examples
    --------
    >>> import numpy as np
    >>> p = np.array([[5, 6, 5], [6, 6, 4], [5, 4, 6]])
    >>> res = servperf(p, dimensions={"reliability": (1, 2), "empathy": (3,)})
    >>> round(res.dimension("reliability").perceived, 3), round(res.overall.perceived, 3)
    (5.333, 5.167)
    >>> import pandas as pd
    >>> wide = pd.DataFrame(p, columns=["p1", "p2", "p3"])
    >>> res = servperf(["p1", "p2", "p3"], dimensions={"reliability": ("p1", "p2"),
    ...                                              "empathy": ("p3",)}, data=wide)
    >>> round(res.overall.perceived, 3)
    5.167
    """
    scored = score(None, perceived, dimensions=dimensions, weights=weights, by=by,
                    item=item, respondent=respondent, scale=scale, confidence=confidence,
                    missing=missing)
    c = float(confidence)
    if by is None:
        return servperf_result(scored, c)
    return by_frame(scored, c, SERVPERF_COLUMNS)
