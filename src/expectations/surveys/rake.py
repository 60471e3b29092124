"""Raking: iterative proportional fitting of respondent weights to population margins.

Each raking column is factorised once into integer codes that point at its
categories in the targets. One step of the fit is a weighted count per
category (``np.bincount``) and a multiplication of every weight by
``target / achieved`` of its category, indexed by the codes: no Python loop
over rows. A sweep takes one step per column; sweeps repeat until every
margin is within ``tol`` of its target (Deming & Stephan 1940), optionally
trimming the largest weights to ``cap`` times the mean after each sweep.

Every weight in a cell of the cross-classification of the raking columns gets
the same factors, so without a cap the sweeps run on the cells' total weights
(the same steps, on a few numbers) and the product of the factors is applied to
the rows once; with a cap, trimming acts on single weights, so the rows are
raked themselves.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from typing import Any, ClassVar

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _validation as v
from expectations._align import aligned, caller_stacklevel
from expectations._output import html_text
from expectations.engine._whole_frame import whole_frame
from expectations.errors import (
    ConvergenceWarning,
    InsufficientDataError,
    format_message,
)
from expectations.surveys._rake_inputs import (
    Margin,
    check_iterations,
    check_number,
    check_reachable,
    check_targets,
    design_weights,
    missing_rows,
)

__all__ = ["MARGIN_COLUMNS", "RakeResult", "rake"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

#: The columns of :attr:`RakeResult.margins`, in order, whatever the arguments.
MARGIN_COLUMNS = ("variable", "category", "target", "achieved", "difference")


@attrs.frozen(kw_only=True)
class RakeResult:
    """Raked weights, how much they cost in precision, and how well they fit.

    Attributes
    ----------
    weights : pandas.Series
        One weight per row raked, indexed by the data's labels and named
        ``"weight"``; they average 1. Rows dropped for a missing value (with
        ``missing="drop"``) are left out, as everywhere in the library;
        ``weights.reindex(data.index, fill_value=0.0)`` gives them weight 0.
    n_effective : float
        Kish's effective sample size ``(Σw)² / Σw²``.
    design_effect : float
        Kish's design effect of the weights, ``n·Σw² / (Σw)² = 1 + CV²``, with
        ``n`` the rows raked; ``n / design_effect`` is ``n_effective``.
    converged : bool
        Whether every margin ended within ``tol`` of its target (and the
        largest weight within ``tol`` of ``cap``, when given).
    iterations : int
        Sweeps made (one step per raking column each); 0 when the starting
        weights already fit.
    max_error : float
        The largest absolute difference between an achieved share and its
        target, over every category of every column.
    n_dropped : int
        Rows left out of ``weights`` because a raking column was missing there.
    margins : pandas.DataFrame
        One row per category of each raking column, with the columns of
        :data:`MARGIN_COLUMNS`: ``variable``, ``category``, ``target`` and
        ``achieved`` (weighted shares) and ``difference`` (achieved minus target).

    Examples
    --------
    >>> data = pd.DataFrame({"sex": ["f", "f", "m", "m", "m"]})
    >>> result = rake(data, {"sex": {"f": 0.5, "m": 0.5}})
    >>> result.weights.round(4).tolist()
    [1.25, 1.25, 0.8333, 0.8333, 0.8333]
    >>> round(result.design_effect, 4), result.converged
    (1.0417, True)
    """

    _headline: ClassVar[tuple[str, ...]] = (
        "n_effective", "design_effect", "converged", "iterations", "max_error", "n_dropped")

    weights: pd.Series = attrs.field(eq=False)
    n_effective: float
    design_effect: float
    converged: bool
    iterations: int
    max_error: float
    n_dropped: int
    margins: pd.DataFrame = attrs.field(eq=False)

    def to_dict(self) -> dict[str, Any]:
        """Return the summary figures as a flat dict (not the weights or the margins).

        Examples
        --------
        >>> rake(pd.DataFrame({"g": ["a", "b"]}), {"g": {"a": 0.5, "b": 0.5}}).to_dict()
        ... # doctest: +NORMALIZE_WHITESPACE
        {'n_effective': 2.0, 'design_effect': 1.0, 'converged': True, 'iterations': 0,
         'max_error': 0.0, 'n_dropped': 0}
        """
        return {name: getattr(self, name) for name in self._headline}

    def to_frame(self) -> pd.DataFrame:
        """Return the margins table: target versus achieved share per category.

        Examples
        --------
        >>> data = pd.DataFrame({"g": ["a", "a", "b"]})
        >>> rake(data, {"g": {"a": 0.5, "b": 0.5}}).to_frame()
          variable category  target  achieved  difference
        0        g        a     0.5       0.5         0.0
        1        g        b     0.5       0.5         0.0
        """
        out: pd.DataFrame = self.margins.copy()
        return out

    def __repr__(self) -> str:
        return (f"RakeResult(n_effective={self.n_effective:.4g}, "
                f"design_effect={self.design_effect:.4g}, converged={self.converged}, "
                f"iterations={self.iterations}, max_error={self.max_error:.2g}, "
                f"n_dropped={self.n_dropped})")

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th style='text-align:left'>{html_text(name)}</th>"
            f"<td>{html_text(_short(value))}</td></tr>"
            for name, value in self.to_dict().items())
        margins = self.margins.to_html(index=False, float_format=lambda x: f"{x:.4f}")
        return f"<table><caption>RakeResult</caption>{rows}</table>{margins}"


def _short(value: object) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


# ------------------------------------------------------------------ the fit
def _cells(margins: list[Margin]) -> tuple[IntArray, list[Margin]] | None:
    """Find each row's cell in the cross-classification of the raking columns.

    Return the cells and the margins over them, or None when the cells cannot be
    numbered in 64 bits. Raking multiplies every weight in a cell by the same
    factors, so the fit can run on the cells' total weights (a few numbers) and
    be applied to the rows once.
    """
    sizes = [len(m.categories) for m in margins]
    if math.prod(sizes) >= 2**62:
        return None
    combined = np.zeros(margins[0].codes.size, dtype=np.int64)
    radices = []
    radix = 1
    for m, k in zip(margins, sizes, strict=True):
        radices.append(radix)
        combined += m.codes * radix
        radix *= k
    if radix <= max(combined.size, 1 << 16):
        cell: IntArray = combined.astype(np.intp, copy=False)
        labels = np.arange(radix, dtype=np.int64)
    else:  # sparse: number the cells that occur
        found, uniques = pd.factorize(combined)
        cell, labels = found.astype(np.intp, copy=False), np.asarray(uniques, dtype=np.int64)
    return cell, [attrs.evolve(m, codes=((labels // r) % k).astype(np.intp))
                  for m, r, k in zip(margins, radices, sizes, strict=True)]


def _trim(w: FloatArray, cap: float, n: int) -> None:
    """Cut the largest weights, in place, so that none exceeds ``cap`` times the mean.

    The threshold ``t`` solves ``t = cap · Σ min(w, t) / n``; assuming the set of
    weights above ``t`` is final gives ``t = cap · s / (n - cap · k)`` (``s`` the
    sum of the others, ``k`` their count), and the set only grows as ``t`` falls,
    so a few passes find it exactly.
    """
    t = cap * float(w.sum()) / n
    for _ in range(64):
        over = w > t
        k = int(np.count_nonzero(over))
        if k == 0:
            return
        rest = float(w.sum(where=~over))
        new = cap * rest / (n - cap * k) if n > cap * k else t
        if new >= t:
            break
        t = new
    np.minimum(w, t, out=w)


def _achieved(m: Margin, w: FloatArray) -> FloatArray:
    counts: FloatArray = np.asarray(
        np.bincount(m.codes, weights=w, minlength=len(m.categories)), dtype=np.float64)
    return counts


def _fits(margins: list[Margin], counts: list[FloatArray], w: FloatArray, n: int,
          cap: float | None, tol: float) -> bool:
    total = float(w.sum())
    error = max(float(np.max(np.abs(c / total - m.shares)))
                for c, m in zip(counts, margins, strict=True))
    return error <= tol and (cap is None or float(w.max()) * n / total <= cap + tol)


def _sweep(margins: list[Margin], totals: list[FloatArray], first: FloatArray,
           w: FloatArray) -> float:
    """Rake ``w`` once on every column, in place; return the largest error met on the way."""
    worst = 0.0
    for j, m in enumerate(margins):
        achieved = first if j == 0 else _achieved(m, w)
        worst = max(worst, float(np.max(np.abs(achieved / achieved.sum() - m.shares))))
        factor = np.divide(totals[j], achieved, out=np.ones_like(achieved), where=achieved > 0)
        w *= factor[m.codes]
    return worst


def _fit(margins: list[Margin], w: FloatArray, n: int, cap: float | None, max_iter: int,
         tol: float) -> tuple[int, bool, list[FloatArray]]:
    """Rake ``w`` in place; return the sweeps made, convergence and the final counts.

    Every margin is measured only once the errors met during a sweep are all
    within ``tol`` (or at the last sweep): that halves the counting, and the
    fit is confirmed on the final weights, not on the way.
    """
    totals = [m.shares * n for m in margins]
    counts = [_achieved(m, w) for m in margins]
    iterations = 0
    while True:
        if len(counts) == len(margins) and (_fits(margins, counts, w, n, cap, tol)
                                            or iterations == max_iter):
            return iterations, _fits(margins, counts, w, n, cap, tol), counts
        worst = _sweep(margins, totals, counts[0], w)
        if cap is not None:
            _trim(w, cap, n)
        w *= n / float(w.sum())
        iterations += 1
        measure_all = worst <= tol or iterations == max_iter
        counts = [_achieved(m, w) for m in (margins if measure_all else margins[:1])]


def _margins_frame(margins: list[Margin], counts: list[FloatArray],
                   total: float) -> pd.DataFrame:
    achieved = np.concatenate([c / total for c in counts])
    target = np.concatenate([m.shares for m in margins])
    frame: pd.DataFrame = pd.DataFrame({
        "variable": pd.array([m.column for m in margins for _ in m.categories], dtype=object),
        "category": pd.array([c for m in margins for c in m.categories], dtype=object),
        "target": target,
        "achieved": achieved,
        "difference": achieved - target,
    }, columns=list(MARGIN_COLUMNS))
    return frame


def _raking_columns(targets: object) -> list[tuple[object, str]]:
    """Return the raking columns, each read as numbers when every category is a number."""
    if not isinstance(targets, Mapping):
        return []  # rake reports it
    out: list[tuple[object, str]] = []
    for column, shares in targets.items():
        keys = list(shares) if isinstance(shares, Mapping) else []
        numeric = bool(keys) and all(isinstance(k, (int, float)) and not isinstance(k, bool)
                                     for k in keys)
        out.append((column, "number" if numeric else "text"))
    return out


@aligned("data", "weights")
def rake(data: object, targets: Mapping[str, Mapping[Any, float]], *,
         weights: object = None, cap: float | None = None, max_iter: int = 100,
         tol: float = 1e-6, missing: v.MissingPolicy = "raise") -> RakeResult:
    """Rake respondent weights so that the weighted sample matches population margins.

    Iterative proportional fitting (Deming & Stephan 1940), as R's
    ``survey::rake``: starting from the design weights (or 1), the weights of
    each category of each raking column are multiplied in turn by
    ``target / achieved``, sweeping over the columns until every weighted share
    is within ``tol`` of its target.

    Parameters
    ----------
    data : data frame
        One row per respondent, holding every column named in ``targets``:
        a pandas DataFrame, any frame narwhals accepts (Polars eager or lazy,
        PyArrow, DuckDB, Dask, PySpark), or :func:`~expectations.scan` of
        files. Only the raking columns and a weights column are collected
        from a frame that is not pandas; the weights are then indexed by row
        number.
    targets : mapping
        ``{column: {category: share}}``: the population share of every
        category the column holds, each set summing to 1 (within 1e-9).
        Categories match the column's values by equality (``1`` and ``"1"``
        differ, and so do ``True`` and ``1``); a category of the data that the
        targets do not list is an error (give it a share of 0 to weight it
        out). A category with a positive share must occur in the data; one
        with share 0 may be absent.
    weights : str or array-like, optional
        Design weights to start from: a column of ``data`` or one weight per
        row (a Series pairs with ``data`` by index label). Finite and
        non-negative; rows of weight 0 stay at 0.
    cap : float, optional
        Trim weights to at most ``cap`` times the mean weight (``cap > 1``),
        re-raking after each trim, until the margins fit and the largest
        weight is within ``tol`` of the cap.
    max_iter : int, default 100
        The most sweeps (one step per raking column) to make.
    tol : float, default 1e-6
        The largest difference allowed between an achieved share and its
        target (and between the largest weight over the mean and ``cap``).
    missing : {"raise", "drop"}, default "raise"
        What to do with a row whose raking column is missing (NaN, None):
        raise, or drop it: leave it out of the weights, counted in ``n_dropped``.

    Returns
    -------
    RakeResult
        The weights (a Series indexed like ``data``, less any rows dropped,
        averaging 1), Kish's effective sample size and design effect, whether the
        fit converged, in how many sweeps, and the margins achieved.

    Raises
    ------
    SchemaError
        If ``data`` is not a DataFrame, or ``targets`` (or ``weights``) names
        a column it does not have.
    InvalidParameterError
        If the targets are not shares summing to 1, a category with a positive
        share has no respondent, or an option is out of range.
    InvalidScoreError
        If a raking column holds a value the targets do not list, or a missing
        value with ``missing="raise"``; or if the weights are not finite and
        non-negative.
    InsufficientDataError
        If there are no rows to rake.

    Warns
    -----
    ConvergenceWarning
        If ``max_iter`` sweeps leave a margin (or the cap) more than ``tol``
        off; the result then has ``converged=False``.

    Notes
    -----
    Each sweep sets, for every column in turn,
    ``w_i ← w_i · T_c / Σ_{j ∈ c} w_j`` for each category ``c`` with target
    total ``T_c = share_c · n``. Without a cap the fit, when it exists, is the
    weighting closest to the design weights in the Kullback-Leibler sense
    that meets every margin; it does not depend on the order of the columns.
    Since every weight in a cell of the cross-classification of the raking
    columns gets the same factors, the sweeps run on the cells' total weights
    and the product of the factors is applied to the rows once (without a
    cap; with one, each sweep rakes the rows themselves).
    With a cap, weights above ``cap`` times the mean are set to the threshold
    at which exactly that holds, and the raking resumes. The design effect of
    the weights is Kish's (1965) ``n·Σw²/(Σw)²``; variances of weighted
    estimates grow by about that factor.

    References
    ----------
    Deming, W. E. & Stephan, F. F. (1940). On a least squares adjustment of a
    sampled frequency table when the expected marginal totals are known.
    *Annals of Mathematical Statistics* 11, 427-444.
    Kish, L. (1965). *Survey Sampling*. Wiley.
    Lumley, T. *survey*: analysis of complex survey samples (R package), ``rake()``.

    Examples
    --------
    >>> import pandas as pd
    >>> import expectations as ex
    >>> data = pd.DataFrame({"age": ["18-34", "18-34", "35+", "35+", "35+", "35+"],
    ...                      "region": ["north", "south", "north", "north", "south", "south"]})
    >>> result = ex.rake(data, {"age": {"18-34": 0.5, "35+": 0.5},
    ...                         "region": {"north": 0.4, "south": 0.6}})
    >>> result.weights.round(3).tolist()
    [1.2, 1.8, 0.6, 0.6, 0.9, 0.9]
    >>> result.margins[["variable", "category", "achieved"]].round(3)
      variable category  achieved
    0      age    18-34       0.5
    1      age      35+       0.5
    2   region    north       0.4
    3   region    south       0.6
    >>> round(result.n_effective, 2), result.converged
    (5.13, True)
    """
    data, _ = whole_frame(data, [*_raking_columns(targets), (weights, "number")])
    frame = v.check_columns(data, [], name="data")
    n_rows = len(frame)
    if n_rows == 0:
        raise InsufficientDataError(format_message(
            "data", "non-empty", detail="it has no rows to rake"))
    max_iter = check_iterations(max_iter)
    tol = check_number(tol, "tol", "a number > 0", lambda x: x > 0)
    if cap is not None:
        cap = check_number(cap, "cap", "None or a number > 1 (a multiple of the mean weight)",
                            lambda x: x > 1)
    v.check_option(missing, "missing", ("raise", "drop"))
    margins = check_targets(frame, targets)
    w = design_weights(frame, weights, n_rows)
    dropped = missing_rows(margins, n_rows, missing)
    n_dropped = int(dropped.sum())
    index = frame.index
    if n_dropped:
        # Rake the rows kept, exactly as if the others had never been there.
        keep = ~dropped
        if not (w[keep] > 0).any():
            raise InsufficientDataError(format_message(
                "data", "left with rows of positive weight after dropping missing values",
                detail=f"{n_dropped} of {n_rows} rows were dropped"))
        w, index = w[keep], index[keep]
        margins = [attrs.evolve(m, codes=m.codes[keep]) for m in margins]
    n = n_rows - n_dropped
    check_reachable(margins, w)
    w *= n / float(w.sum())  # mean 1 over the rows raked; huge weights were rescaled already
    cells = _cells(margins) if cap is None else None
    if cells is None:
        iterations, converged, counts = _fit(margins, w, n, cap, max_iter, tol)
    else:
        cell, cell_margins = cells
        start = np.bincount(cell, weights=w, minlength=cell_margins[0].codes.size)
        fitted = start.copy()
        iterations, converged, _ = _fit(cell_margins, fitted, n, None, max_iter, tol)
        w *= np.divide(fitted, start, out=np.zeros_like(start), where=start > 0)[cell]
        w *= n / float(w.sum())
        counts = [_achieved(m, w) for m in margins]
    total = float(w.sum())
    table = _margins_frame(margins, counts, total)
    max_error = float(np.abs(table["difference"].to_numpy()).max())
    if not converged:
        worst = int(np.abs(table["difference"].to_numpy()).argmax())
        largest = float(w.max()) * n / total
        capped = "" if cap is None else \
            f"; the largest weight is {largest:.4g} times the mean (cap {cap:g})"
        warnings.warn(ConvergenceWarning(
            f"rake did not converge in {max_iter} sweeps: the largest margin error is "
            f"{max_error:.3g} (targets[{table['variable'].iloc[worst]!r}], category "
            f"{table['category'].iloc[worst]!r}){capped}. Raise max_iter or cap, or check "
            "that the targets are consistent with each other and with the data."),
            stacklevel=caller_stacklevel())
    sum_sq = float(np.dot(w, w))
    return RakeResult(
        weights=pd.Series(w, index=index, name="weight"),
        n_effective=total * total / sum_sq,
        design_effect=n * sum_sq / (total * total),
        converged=converged,
        iterations=iterations,
        max_error=max_error,
        n_dropped=n_dropped,
        margins=table,
    )
