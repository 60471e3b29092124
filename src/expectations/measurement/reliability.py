"""Internal consistency of a multi-item scale: Cronbach's alpha.

Before a score built from several questions (a SERVQUAL dimension, an effort
index) is trusted, its items should measure the same thing. Cronbach's alpha
says how consistently they do; the item statistics say which item to revise.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Final, Literal

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _validation as v
from expectations.engine._whole_frame import all_columns, whole_frame
from expectations.errors import (
    InsufficientDataError,
    InvalidParameterError,
    InvalidScoreError,
    format_message,
)
from expectations.models.scale import Scale
from expectations.results import Interval, Result

__all__ = ["ITEM_COLUMNS", "AlphaResult", "cronbach_alpha"]

FloatArray = npt.NDArray[np.float64]

ITEM_COLUMNS: Final[tuple[str, ...]] = ("item_total_correlation", "alpha_if_deleted")
"""Columns of :meth:`AlphaResult.item_statistics`, in order."""


@attrs.frozen(kw_only=True, repr=False)
class AlphaResult(Result):
    """Cronbach's alpha of a set of items, with item diagnostics.

    Attributes
    ----------
    alpha : float
        Raw alpha, from the item covariances.
    standardized_alpha : float
        Alpha from the mean inter-item correlation (items on a common scale).
    interval : Interval
        Feldt's confidence interval for the raw alpha.
    mean_correlation : float
        The mean inter-item correlation, r-bar.
    n : int
        Respondents used.
    n_items : int
        Items, k.
    n_dropped : int
        Respondents dropped: with ``missing="listwise"`` those with any missing
        item, with ``"pairwise"`` those who answered no item.
    missing : str
        The missing-data policy: ``"raise"`` (nothing was missing),
        ``"listwise"`` or ``"pairwise"``.
    items : tuple of str
        Item names, in input order.
    item_total_correlations : tuple of float
        Corrected item-total correlation of each item (with the sum of the
        other items).
    alpha_if_deleted : tuple of float
        Raw alpha of the other items when each item is left out (NaN with two
        items, where one item is left).

    Examples
    --------
    >>> items = pd.DataFrame({"q1": [1, 2, 3, 4], "q2": [2, 2, 4, 4], "q3": [1, 3, 3, 5]})
    >>> cronbach_alpha(items)
    AlphaResult(alpha=0.9333, standardized_alpha=0.9445, n=4, n_items=3,
                95% CI [0.5601, 0.9955] (feldt))
    >>> cronbach_alpha(items).to_dict()["ci_method"]
    'feldt'
    """

    _headline: ClassVar[tuple[str, ...]] = ("alpha", "standardized_alpha", "n", "n_items")

    alpha: float
    standardized_alpha: float
    interval: Interval
    mean_correlation: float
    n: int
    n_items: int
    n_dropped: int
    missing: str
    items: tuple[str, ...]
    item_total_correlations: tuple[float, ...]
    alpha_if_deleted: tuple[float, ...]

    def item_statistics(self) -> pd.DataFrame:
        """Return one row per item with the columns :data:`ITEM_COLUMNS`.

        Examples
        --------
        >>> items = pd.DataFrame({"q1": [1, 2, 3, 4], "q2": [2, 2, 4, 4], "q3": [1, 3, 3, 5]})
        >>> cronbach_alpha(items).item_statistics().round(3)
              item_total_correlation  alpha_if_deleted
        item
        q1                     1.000             0.800
        q2                     0.800             0.960
        q3                     0.857             0.941
        """
        out: pd.DataFrame = pd.DataFrame(
            {
                "item_total_correlation": self.item_total_correlations,
                "alpha_if_deleted": self.alpha_if_deleted,
            },
            index=pd.Index(self.items, name="item"),
        )
        return out


def _item_matrix(items: object) -> tuple[FloatArray, list[str], list[object]]:
    """Return the items as an (n, k) float matrix, their names and their labels."""
    if isinstance(items, pd.DataFrame):
        labels: list[object] = list(items.columns)
        columns = [v.to_float_array(items[c], f"items[{c!r}]") for c in labels]
    else:
        try:
            array = np.asarray(items)
        except ValueError as exc:
            raise InvalidScoreError(
                format_message("items", "a DataFrame or a two-dimensional array",
                               fix=f"It could not be read as an array ({exc}).")
            ) from exc
        if array.ndim != 2:
            raise InvalidScoreError(
                format_message("items", "a DataFrame or a two-dimensional array "
                               "(rows respondents, columns items)",
                               fix=f"Got an array of shape {array.shape}.")
            )
        positions = range(array.shape[1])
        labels = list(positions)
        columns = [v.to_float_array(array[:, j], f"items[:, {j}]") for j in positions]
    names = [str(label) for label in labels]
    if len(columns) < 2:
        raise InsufficientDataError(
            f"items must hold at least 2 items (columns) for Cronbach's alpha; got "
            f"{len(columns)}."
        )
    matrix: FloatArray = np.column_stack(columns)
    infinite = np.isinf(matrix)
    if infinite.any():
        row, col = np.argwhere(infinite)[0]
        raise InvalidScoreError(
            format_message(f"items[{names[col]!r}]", "finite", count=int(infinite.sum()),
                           first=float(matrix[row, col]), position=int(row),
                           fix="Drop or correct them.")
        )
    return matrix, names, labels


def _as_scale(value: object) -> Scale | None:
    if value is None or isinstance(value, Scale):
        return value
    raise InvalidParameterError(f"scale must be a Scale or None; got {type(value).__name__}.")


def _reverse_key(matrix: FloatArray, labels: list[object], reverse: object,
                 scale_value: object) -> FloatArray:
    """Check values against ``scale`` and reverse-key the ``reverse`` items."""
    scale = _as_scale(scale_value)
    if scale is not None:
        for j, label in enumerate(labels):
            column = matrix[:, j]
            scale.validate(column[~np.isnan(column)], f"items[{label!r}]",
                           f"(the scale {scale.low:g}..{scale.high:g})")
    if reverse is None or (isinstance(reverse, Sequence) and len(reverse) == 0):
        return matrix
    if isinstance(reverse, (str, bytes)) or not isinstance(reverse, Sequence):
        raise InvalidParameterError(
            f"reverse must be a list of item names or positions; got {reverse!r}."
        )
    if scale is None:
        raise InvalidParameterError(
            "scale must be given to reverse-key items (x becomes low + high - x); got None."
        )
    positions = []
    for item in reverse:
        if item in labels:
            positions.append(labels.index(item))
        else:
            raise InvalidParameterError(
                f"reverse must name columns of items ({', '.join(map(repr, labels[:10]))}); "
                f"got {item!r}."
            )
    out: FloatArray = matrix.copy()
    out[:, positions] = float(scale.low) + float(scale.high) - out[:, positions]
    return out


def _pairwise_covariance(matrix: FloatArray) -> FloatArray:
    """Covariances from the rows complete for each pair of items (n - 1 divisor)."""
    present = ~np.isnan(matrix)
    x = np.where(present, matrix, 0.0)
    p = present.astype(np.float64)
    n_pair = p.T @ p
    sum_x = x.T @ p  # [j, l]: sum of x_j over rows where both j and l are present
    sum_xy = x.T @ x
    with np.errstate(divide="ignore", invalid="ignore"):
        cov = (sum_xy - sum_x * sum_x.T / n_pair) / (n_pair - 1)
    cov[n_pair < 2] = np.nan
    out: FloatArray = np.asarray(cov, dtype=np.float64)
    return out


def _alpha_from_covariance(cov: FloatArray) -> float:
    k = cov.shape[0]
    return float(k / (k - 1) * (1.0 - np.trace(cov) / cov.sum()))


def cronbach_alpha(items: object, *,
                   missing: Literal["listwise", "pairwise", "raise"] = "raise",
                   reverse: Sequence[object] | None = None, scale: Scale | None = None,
                   confidence: float = 0.95) -> AlphaResult:
    """Cronbach's alpha, standardized alpha, item diagnostics and Feldt's interval.

    Parameters
    ----------
    items : data frame or 2-D array
        One row per respondent, one column per item. Missing answers are NaN,
        None or ``pd.NA``. The frame may be any frame narwhals accepts
        (pandas, Polars eager or lazy, PyArrow, DuckDB, Dask, PySpark) or
        :func:`~expectations.scan` of files; every column is an item, so
        every column is collected.
    missing : {"raise", "listwise", "pairwise"}, default "raise"
        ``"raise"`` raises on the first missing answer, as every function in
        this library does by default: alpha on incomplete data depends on how
        the gaps are handled, so the caller chooses.
        ``"listwise"`` uses only respondents who answered every item.
        ``"pairwise"`` estimates each covariance from the respondents who
        answered both items (as ``psych::alpha(use="pairwise")`` and
        ``pingouin.cronbach_alpha``'s default).
    reverse : list of item names (or column positions for an array), optional
        Negatively worded items to reverse-key before scoring: ``x`` becomes
        ``scale.low + scale.high - x``. Requires ``scale``.
    scale : Scale, optional
        The answer scale. When given, every answer must lie on it.
    confidence : float, default 0.95
        Coverage of the interval.

    Returns
    -------
    AlphaResult

    Raises
    ------
    InsufficientDataError
        With fewer than 2 items or fewer than 2 respondents.
    InvalidScoreError
        On non-numeric or infinite answers, answers off ``scale``, a constant
        item, or a total score without variance.
    InvalidParameterError
        On an unknown option, or ``reverse`` without ``scale``.

    Notes
    -----
    With k items, item covariance matrix C and correlation matrix R:

    - alpha = k / (k - 1) * (1 - trace(C) / sum(C)), where sum(C) is the
      variance of the total score;
    - standardized alpha = k r / (1 + (k - 1) r), with r the mean off-diagonal
      entry of R;
    - the corrected item-total correlation of item j is its correlation with
      the sum of the other items, and alpha-if-deleted is the alpha of the
      other items, both computed from C;
    - Feldt's interval, with F quantiles on n - 1 and (n - 1)(k - 1) degrees
      of freedom: [1 - (1 - alpha) F(1 - a/2), 1 - (1 - alpha) F(a/2)],
      a = 1 - confidence (Feldt, Woodruff and Salih 1987). Under
      ``"pairwise"``, n counts every respondent who answered an item.

    References
    ----------
    .. [1] Cronbach, L. J. (1951). Coefficient alpha and the internal
       structure of tests. *Psychometrika* 16(3), 297-334.
    .. [2] Feldt, L. S., Woodruff, D. J. and Salih, F. A. (1987).
       Statistical inference for coefficient alpha. *Applied Psychological
       Measurement* 11(1), 93-103.

    Examples
    --------
    >>> items = pd.DataFrame({"q1": [1, 2, 3, 4], "q2": [2, 2, 4, 4], "q3": [1, 3, 3, 5]})
    >>> result = cronbach_alpha(items)
    >>> round(result.alpha, 4), round(result.standardized_alpha, 4)
    (0.9333, 0.9445)
    >>> round(result.interval.low, 3), round(result.interval.high, 3)
    (0.56, 0.995)

    A negatively worded item is reverse-keyed against its scale:

    >>> flipped = items.assign(q3=6 - items["q3"])
    >>> round(cronbach_alpha(flipped, reverse=["q3"], scale=Scale(1, 5)).alpha, 4)
    0.9333
    """
    # Every column of the frame is an item: all of them are the columns needed.
    items, _ = whole_frame(items, all_columns(items))
    v.check_option(missing, "missing", ("listwise", "pairwise", "raise"))
    level = v.check_confidence(confidence)
    matrix, names, labels = _item_matrix(items)
    matrix = _reverse_key(matrix, labels, reverse, scale)
    answered = ~np.isnan(matrix)
    if missing == "raise" and not answered.all():
        j = int(np.flatnonzero(~answered.all(axis=0))[0])
        v.handle_missing(matrix[:, j], f"items[{names[j]!r}]", "raise")
    if missing == "listwise":
        keep = answered.all(axis=1)
    else:
        keep = answered.any(axis=1)
    n_dropped = int((~keep).sum())
    matrix = matrix[keep]
    n, k = matrix.shape
    if n < 2:
        raise InsufficientDataError(
            f"items must hold at least 2 respondents with answers (missing={missing!r}); "
            f"got {n}."
        )
    cov = np.cov(matrix, rowvar=False) if missing == "listwise" else _pairwise_covariance(matrix)
    variances = np.diag(cov)
    constant = ~(variances > 0)
    if constant.any():
        j = int(np.flatnonzero(constant)[0])
        raise InvalidScoreError(
            format_message("items", "items that vary across respondents",
                           count=int(constant.sum()), first=names[j], position=j,
                           fix="Drop the constant item(s): they carry no information.")
        )
    if not np.isfinite(cov).all():
        raise InsufficientDataError(
            "items must have at least 2 respondents answering each pair of items; "
            "some pairs have fewer. Use more data or drop the sparse items."
        )
    total_variance = float(cov.sum())
    if not total_variance > 0:
        raise InvalidScoreError(
            format_message("items", "items whose total score varies",
                           fix="The total has zero variance (the items cancel out); "
                               "check for items that need reverse-keying.")
        )
    alpha = _alpha_from_covariance(cov)
    sd = np.sqrt(variances)
    corr = cov / np.outer(sd, sd)
    mean_r = float(corr[~np.eye(k, dtype=bool)].mean())
    standardized = k * mean_r / (1.0 + (k - 1) * mean_r)

    row_sums = cov.sum(axis=1)
    rest_variance = total_variance - 2.0 * row_sums + variances
    rest_cov = row_sums - variances
    item_total = _safe_ratio(rest_cov, np.sqrt(variances * np.clip(rest_variance, 0.0, None)))
    if k > 2:
        rest_trace = np.trace(cov) - variances
        if_deleted = (k - 1) / (k - 2) * (1.0 - _safe_ratio(rest_trace, rest_variance))
    else:
        if_deleted = np.full(k, np.nan)

    interval = _feldt(alpha, n, k, level)
    return AlphaResult(
        alpha=alpha,
        standardized_alpha=float(standardized),
        interval=interval,
        mean_correlation=mean_r,
        n=int(n),
        n_items=int(k),
        n_dropped=n_dropped,
        missing=missing,
        items=tuple(names),
        item_total_correlations=tuple(float(x) for x in item_total),
        alpha_if_deleted=tuple(float(x) for x in if_deleted),
    )


def _safe_ratio(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    out = np.full(np.shape(numerator), np.nan)
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    return out


def _feldt(alpha: float, n: int, k: int, confidence: float) -> Interval:
    """Feldt's F-based interval for alpha (as in pingouin and psych::alpha.ci)."""
    from scipy import stats  # lazily: keeps ``import expectations`` fast

    tail = (1.0 - confidence) / 2.0
    df1, df2 = n - 1, (n - 1) * (k - 1)
    f_upper: Any = stats.f.isf(tail, df1, df2)
    f_lower: Any = stats.f.isf(1.0 - tail, df1, df2)
    return Interval(low=float(1.0 - (1.0 - alpha) * f_upper),
                    high=float(1.0 - (1.0 - alpha) * f_lower),
                    confidence=confidence, method="feldt")
