"""Key-driver analysis: how much of an outcome each attribute accounts for.

"What should we fix first?" is answered by how much of overall satisfaction
each attribute rating explains. Attribute ratings are correlated, so regression
coefficients mislead; Johnson's (2000) relative weights split the model's R²
into non-negative shares that sum to it, close to the Shapley decomposition
at the cost of one eigendecomposition.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Final

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _validation as v
from expectations._align import aligned
from expectations.engine._whole_frame import column_kinds, whole_frame
from expectations.errors import (
    InsufficientDataError,
    InvalidParameterError,
    InvalidScoreError,
    format_message,
)
from expectations.results import Result

__all__ = ["DRIVER_COLUMNS", "RelativeWeightsResult", "relative_weights"]

FloatArray = npt.NDArray[np.float64]

DRIVER_COLUMNS: Final[tuple[str, ...]] = (
    "raw_weight",
    "rescaled_weight",
    "rank",
    "raw_ci_low",
    "raw_ci_high",
    "rescaled_ci_low",
    "rescaled_ci_high",
)
"""Columns of :meth:`RelativeWeightsResult.to_frame` (one row per driver), in order."""

# An eigenvalue of the driver correlation matrix below this (the eigenvalues
# sum to k) means a driver is, to rounding, an exact combination of others.
_SINGULAR: Final = 1e-10
# A driver whose share of the null eigenvector exceeds this takes part in the
# collinearity (the vector has unit length, so at least one share exceeds 1/k).
_LOADING: Final = 1e-3
# Bootstrap replicates are drawn in blocks of at most this many cells, to bound memory.
_BLOCK_CELLS: Final = 1 << 22


@attrs.frozen(kw_only=True, repr=False)
class RelativeWeightsResult(Result):
    """Johnson's relative weights of a set of drivers.

    Attributes
    ----------
    drivers : tuple of str
        Driver names, in input order.
    raw_weights : tuple of float
        Each driver's share of R² (they sum to ``r_squared``).
    rescaled_weights : tuple of float
        The raw weights as percentages of R² (they sum to 100).
    r_squared : float
        R² of the linear regression of the outcome on all drivers.
    n : int
        Rows used.
    n_dropped : int
        Rows left out: those with a missing value (``missing="drop"``) and
        those with a survey weight of zero; ``n + n_dropped`` is every row.
    n_bootstrap : int
        Bootstrap replicates behind the intervals (0 without bootstrap).
        Replicates in which a driver happened to be constant are left out.
    confidence : float
        Coverage of the intervals (NaN without bootstrap).
    raw_ci_low, raw_ci_high, rescaled_ci_low, rescaled_ci_high : tuple of float or None
        Percentile bootstrap intervals per driver (None without bootstrap).

    Examples
    --------
    >>> data = pd.DataFrame({"a": [1, 2, 3, 4, 5, 6], "b": [2, 1, 4, 3, 6, 5],
    ...                      "y": [1, 3, 2, 5, 4, 6]})
    >>> result = relative_weights(data, "y", ["a", "b"])
    >>> result
    RelativeWeightsResult(r_squared=0.981, n=6)
    >>> [round(w, 1) for w in result.rescaled_weights]
    [78.0, 22.0]
    """

    _headline: ClassVar[tuple[str, ...]] = ("r_squared", "n")

    drivers: tuple[str, ...]
    raw_weights: tuple[float, ...]
    rescaled_weights: tuple[float, ...]
    r_squared: float
    n: int
    n_dropped: int = 0
    n_bootstrap: int = 0
    confidence: float = float("nan")
    raw_ci_low: tuple[float, ...] | None = None
    raw_ci_high: tuple[float, ...] | None = None
    rescaled_ci_low: tuple[float, ...] | None = None
    rescaled_ci_high: tuple[float, ...] | None = None

    def to_frame(self) -> pd.DataFrame:
        """Return one row per driver with the columns :data:`DRIVER_COLUMNS`.

        ``rank`` is 1 for the driver with the largest weight; interval columns
        are NaN without bootstrap.

        Examples
        --------
        >>> rng = np.random.default_rng(1)
        >>> x = rng.normal(size=(200, 2))
        >>> data = pd.DataFrame({"a": x[:, 0], "b": x[:, 1],
        ...                      "y": x[:, 0] + 0.5 * x[:, 1] + rng.normal(size=200)})
        >>> relative_weights(data, "y", ["a", "b"]).to_frame()[["rescaled_weight", "rank"]]
                rescaled_weight  rank
        driver
        a                  ...     1
        b                  ...     2
        """
        k = len(self.drivers)
        nan = (float("nan"),) * k
        raw = np.asarray(self.raw_weights)
        rank = np.empty(k, dtype=np.int64)
        rank[np.argsort(-raw, kind="stable")] = np.arange(1, k + 1)
        out: pd.DataFrame = pd.DataFrame(
            {
                "raw_weight": self.raw_weights,
                "rescaled_weight": self.rescaled_weights,
                "rank": rank,
                "raw_ci_low": self.raw_ci_low or nan,
                "raw_ci_high": self.raw_ci_high or nan,
                "rescaled_ci_low": self.rescaled_ci_low or nan,
                "rescaled_ci_high": self.rescaled_ci_high or nan,
            },
            index=pd.Index(self.drivers, name="driver"),
        )
        return out

    def _repr_html_(self) -> str:
        table: str = self.to_frame()._repr_html_()  # type: ignore[operator]
        return f"<p>R² = {self.r_squared:.4g}, n = {self.n}</p>{table}"


def _column(data: pd.DataFrame, name: str) -> FloatArray:
    return v.to_float_array(data[name], f"data[{name!r}]")


def _matrix(data: object, outcome: str, drivers: Sequence[str], weights: object,
            missing: str) -> tuple[FloatArray, FloatArray, int]:
    """Outcome and drivers as columns of one matrix (outcome first), weights, rows dropped."""
    if not isinstance(outcome, str):
        raise InvalidParameterError(f"outcome must be a column name (str); got {outcome!r}.")
    if isinstance(drivers, (str, bytes)) or not isinstance(drivers, Sequence):
        raise InvalidParameterError(f"drivers must be a list of column names; got {drivers!r}.")
    names = list(drivers)
    if not names:
        raise InvalidParameterError("drivers must name at least one column; got [].")
    repeated = [d for i, d in enumerate(names) if d in names[:i]]
    if repeated:
        raise InvalidParameterError(f"drivers must be distinct; got {repeated[0]!r} twice.")
    if outcome in names:
        raise InvalidParameterError(f"drivers must not include the outcome; got {outcome!r}.")
    frame = v.check_columns(data, [outcome, *names])
    n = len(frame)
    columns = [_column(frame, outcome), *(_column(frame, d) for d in names)]
    matrix = np.column_stack(columns)
    if isinstance(weights, str):
        w = v.check_weights(_column(v.check_columns(frame, [weights]), weights), n,
                            f"data[{weights!r}]")
    elif weights is None:
        w = np.ones(n)
    else:
        w = v.check_weights(weights, n)
    labels = [outcome, *names]
    infinite = np.isinf(matrix)
    if infinite.any():
        row, col = np.argwhere(infinite)[0]
        raise InvalidScoreError(
            format_message(f"data[{labels[col]!r}]", "finite", count=int(infinite[:, col].sum()),
                           first=float(matrix[row, col]), position=int(row),
                           fix="Drop or correct those rows.")
        )
    complete = ~np.isnan(matrix).any(axis=1)
    if missing == "raise" and not complete.all():
        col = int(np.flatnonzero(np.isnan(matrix).any(axis=0))[0])
        v.handle_missing(matrix[:, col], f"data[{labels[col]!r}]", "raise")
    # A zero-weight row is left out of the fit as surely as an incomplete one:
    # both are counted, so that n + n_dropped is always the number of rows.
    keep = complete & (w > 0)
    n_dropped = int((~keep).sum())
    return matrix[keep], w[keep], n_dropped


def _weighted_correlation(matrix: FloatArray, w: FloatArray) -> FloatArray:
    mean = w @ matrix / w.sum()
    centred = matrix - mean
    cov = (centred * w[:, None]).T @ centred
    sd = np.sqrt(np.diag(cov))
    corr: FloatArray = cov / np.outer(sd, sd)
    return corr


def _johnson(corr: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Raw weights and R² from full correlation matrices (outcome first), vectorised.

    ``corr`` has shape ``(..., k + 1, k + 1)``; returns ``(..., k)`` and ``(...)``.
    """
    rxx = corr[..., 1:, 1:]
    rxy = corr[..., 1:, 0]
    lam, vec = np.linalg.eigh(rxx)
    root = np.sqrt(np.clip(lam, 0.0, None))
    vt = np.swapaxes(vec, -1, -2)
    # Lambda* = Q diag(sqrt(lambda)) Q'; beta = Lambda*^-1 r = Q diag(1/sqrt(lambda)) Q' r.
    lam_star = (vec * root[..., None, :]) @ vt
    beta = ((vec / root[..., None, :]) @ (vt @ rxy[..., :, None]))[..., 0]
    raw = ((lam_star**2) @ (beta**2)[..., :, None])[..., 0]
    return raw, raw.sum(axis=-1)


def _check_drivers(corr_input: FloatArray, w: FloatArray, outcome: str,
                   names: list[str]) -> FloatArray:
    """Raise on a constant column or collinear drivers; return the correlation matrix."""
    labels = [outcome, *names]
    constant = (corr_input.max(axis=0) == corr_input.min(axis=0)) if len(w) else np.ones(
        len(labels), dtype=bool)
    if constant.any():
        which = [labels[j] for j in np.flatnonzero(constant)]
        j = int(np.flatnonzero(constant)[0])
        role = "outcome" if j == 0 else "drivers"
        raise InvalidScoreError(
            format_message(role, "columns that vary", count=len(which), first=which[0],
                           position=j if j == 0 else j - 1,
                           fix=f"Constant: {', '.join(map(repr, which))}; drop them, a "
                               "constant explains nothing.")
        )
    corr = _weighted_correlation(corr_input, w)
    lam, vec = np.linalg.eigh(corr[1:, 1:])
    null = lam <= _SINGULAR * len(names)
    if null.any():
        involved = np.flatnonzero((np.abs(vec[:, null]) > _LOADING).any(axis=1))
        which = [names[j] for j in involved]
        raise InvalidScoreError(
            format_message("drivers", "linearly independent (none an exact combination of "
                           "the others)", count=len(which), first=which[0],
                           position=int(involved[0]),
                           fix=f"Perfectly collinear: {', '.join(map(repr, which))}; drop "
                               "one of them or combine them into one driver.")
        )
    return corr


def _bootstrap(matrix: FloatArray, w: FloatArray, replicates: int,
               generator: np.random.Generator) -> tuple[FloatArray, FloatArray]:
    """Raw weights and R² of each bootstrap replicate (NaN rows for degenerate ones)."""
    n, p = matrix.shape
    centred = matrix - (w @ matrix) / w.sum()
    products = (centred[:, :, None] * centred[:, None, :]).reshape(n, p * p)
    block = max(1, _BLOCK_CELLS // max(n, 1))
    uniform = np.full(n, 1.0 / n)
    raws, r2s = [], []
    for start in range(0, replicates, block):
        size = min(block, replicates - start)
        counts = generator.multinomial(n, uniform, size=size).astype(np.float64)
        cw = counts * w
        total = cw.sum(axis=1)
        mean = (cw @ centred) / total[:, None]
        cov = ((cw @ products) / total[:, None]).reshape(size, p, p)
        cov -= mean[:, :, None] * mean[:, None, :]
        sd = np.sqrt(np.clip(np.diagonal(cov, axis1=1, axis2=2), 0.0, None))
        with np.errstate(divide="ignore", invalid="ignore"):
            corr = cov / (sd[:, :, None] * sd[:, None, :])
        ok = (sd > 0).all(axis=1)
        corr[~ok] = np.eye(p)
        lam_min = np.linalg.eigvalsh(corr[:, 1:, 1:])[:, 0]
        ok &= lam_min > _SINGULAR * (p - 1)
        corr[~ok] = np.eye(p)
        with np.errstate(divide="ignore", invalid="ignore"):
            raw, r2 = _johnson(corr)
        raw[~ok] = np.nan
        r2[~ok] = np.nan
        raws.append(raw)
        r2s.append(r2)
    return np.concatenate(raws), np.concatenate(r2s)


@aligned("data", "weights")
def relative_weights(data: object, outcome: str, drivers: Sequence[str], *,
                     weights: object = None, missing: v.MissingPolicy = "raise", bootstrap: int = 0,
                     rng: object = None, confidence: float = 0.95) -> RelativeWeightsResult:
    """Johnson's relative weights: each driver's share of the outcome's R².

    Parameters
    ----------
    data : data frame
        One row per respondent: a pandas DataFrame, any frame narwhals accepts
        (Polars eager or lazy, PyArrow, DuckDB, Dask, PySpark), or
        :func:`~expectations.scan` of files. Only the outcome,
        the drivers and a weights column are collected from a frame that is
        not pandas.
    outcome : str
        Column of the outcome, for example overall satisfaction.
    drivers : list of str
        Columns of the drivers, for example attribute ratings.
    weights : str or array-like, optional
        Survey weights: a column of ``data`` or an array with one weight per
        row. Correlations are then weighted; rows of weight zero are left out
        and counted in ``n_dropped``.
    missing : {"raise", "drop"}, default "raise"
        What to do with rows missing the outcome or a driver. ``"drop"``
        removes them (listwise) and counts them in ``n_dropped``.
    bootstrap : int, default 0
        Bootstrap replicates for percentile intervals (0: no intervals).
        1000 or more are advisable for 95% intervals.
    rng : int, numpy.random.Generator or None
        Seed or generator for the bootstrap. The same seed gives the same
        intervals, bit for bit; no global random state is used. None draws
        fresh entropy.
    confidence : float, default 0.95
        Coverage of the intervals.

    Returns
    -------
    RelativeWeightsResult
        Raw weights (summing to R²), rescaled weights (summing to 100) and,
        with ``bootstrap``, their intervals. ``.to_frame()`` gives one row per
        driver, ranked.

    Raises
    ------
    SchemaError
        If ``data`` is not a DataFrame or lacks a column.
    InvalidScoreError
        On non-numeric or infinite values, missing values with
        ``missing="raise"``, a constant driver or outcome, or perfectly
        collinear drivers (each error names the columns).
    InsufficientDataError
        With no more rows than drivers + 1.
    InvalidParameterError
        On a bad option.

    Notes
    -----
    With R the drivers' correlation matrix and r their correlations with the
    outcome (Johnson 2000): R = Q Λ Q', Λ* = Q Λ^½ Q' (the correlations
    between the drivers and their closest orthogonal counterparts),
    β = Λ*⁻¹ r, and the raw weight of driver j is ε_j = Σ_k (Λ*_jk)² β_k².
    The ε_j sum to the regression R² = r' R⁻¹ r; rescaled weights are
    100 ε_j / R². The weights approximate the Shapley (LMG) decomposition of
    R² and agree with it exactly when the drivers are uncorrelated.

    Bootstrap replicates resample rows with replacement (keeping each row's
    survey weight) and recompute the weights; intervals are percentiles.

    References
    ----------
    .. [1] Johnson, J. W. (2000). A heuristic method for estimating the
       relative weight of predictor variables in multiple regression.
       *Multivariate Behavioral Research* 35(1), 1-19.
    .. [2] Tonidandel, S. and LeBreton, J. M. (2011). Relative importance
       analysis: a useful supplement to regression analysis. *Journal of
       Business and Psychology* 26(1), 1-9.

    Examples
    --------
    >>> rng = np.random.default_rng(7)
    >>> x = rng.normal(size=(500, 3))
    >>> data = pd.DataFrame({"price": x[:, 0], "delivery": x[:, 1] + 0.3 * x[:, 0],
    ...                      "support": x[:, 2]})
    >>> data["overall"] = data["delivery"] + 0.4 * data["price"] + rng.normal(size=500)
    >>> result = relative_weights(data, "overall", ["price", "delivery", "support"],
    ...                           bootstrap=200, rng=1)
    >>> round(sum(result.raw_weights), 10) == round(result.r_squared, 10)
    True
    >>> result.to_frame()["rank"].to_dict()
    {'price': 2, 'delivery': 1, 'support': 3}
    """
    data, _ = whole_frame(data, [(outcome, "number"), *column_kinds(drivers, "number"),
                                 (weights, "number")])
    v.check_option(missing, "missing", ("raise", "drop"))
    level = v.check_confidence(confidence)
    replicates = _check_bootstrap(bootstrap)
    generator = v.check_rng(rng)
    matrix, w, n_dropped = _matrix(data, outcome, drivers, weights, missing)
    names = [str(d) for d in drivers]
    n, k = matrix.shape[0], len(names)
    if n <= k + 1:
        raise InsufficientDataError(
            f"data must have more rows than drivers + 1 ({k + 1}) with positive weight and "
            f"no missing values; got {n}."
        )
    corr = _check_drivers(matrix, w, outcome, names)
    raw, r2 = _johnson(corr)
    rescaled = 100.0 * raw / r2 if r2 > 0 else np.full(k, np.nan)
    result: dict[str, Any] = {}
    if replicates:
        boot_raw, boot_r2 = _bootstrap(matrix, w, replicates, generator)
        valid = np.isfinite(boot_r2) & (boot_r2 > 0)
        tail = 100.0 * (1.0 - level) / 2.0
        quantiles = [tail, 100.0 - tail]
        boot_rescaled = 100.0 * boot_raw[valid] / boot_r2[valid, None]
        if valid.any():
            raw_q = np.percentile(boot_raw[valid], quantiles, axis=0)
            res_q = np.percentile(boot_rescaled, quantiles, axis=0)
        else:
            raw_q = res_q = np.full((2, k), np.nan)
        result = {
            "n_bootstrap": int(valid.sum()),
            "confidence": level,
            "raw_ci_low": _floats(raw_q[0]),
            "raw_ci_high": _floats(raw_q[1]),
            "rescaled_ci_low": _floats(res_q[0]),
            "rescaled_ci_high": _floats(res_q[1]),
        }
    return RelativeWeightsResult(
        drivers=tuple(names),
        raw_weights=_floats(raw),
        rescaled_weights=_floats(rescaled),
        r_squared=float(r2),
        n=int(n),
        n_dropped=n_dropped,
        **result,
    )


def _check_bootstrap(value: object) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) \
            or value < 0:
        raise InvalidParameterError(
            f"bootstrap must be a non-negative whole number of replicates; got {value!r}."
        )
    return int(value)


def _floats(values: FloatArray) -> tuple[float, ...]:
    return tuple(float(x) for x in values)
