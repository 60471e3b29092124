"""Multiple-testing corrections shared by every "which of these differ?" function.

Used by segment comparison, theme impact, touchpoint consistency and any
other function that tests one hypothesis per group.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from expectations import _validation as v
from expectations.errors import InvalidScoreError, format_message

__all__ = ["CORRECTIONS", "adjust_p_values"]

FloatArray = npt.NDArray[np.float64]

#: The multiple-testing corrections :func:`adjust_p_values` accepts (and None).
CORRECTIONS: tuple[str, ...] = ("holm", "bh")


def adjust_p_values(p_values: object, method: str | None = "holm") -> FloatArray:
    """Adjust p-values for multiple testing: Holm (family-wise) or Benjamini-Hochberg.

    Parameters
    ----------
    p_values : array-like of float
        Unadjusted p-values in ``[0, 1]``. NaN entries (tests that could not be
        run) are left NaN and do not count towards the number of tests.
    method : {"holm", "bh"} or None, default "holm"
        ``"holm"`` controls the family-wise error rate (Holm 1979);
        ``"bh"`` controls the false discovery rate (Benjamini & Hochberg 1995);
        None returns the p-values unchanged.

    Returns
    -------
    numpy.ndarray
        Adjusted p-values, in the input order, capped at 1.

    Raises
    ------
    InvalidScoreError
        If a p-value is outside ``[0, 1]``.
    InvalidParameterError
        If ``method`` is not one of the above.

    Notes
    -----
    With the ``m`` p-values sorted ascending, ``p(1) <= ... <= p(m)``:

    - Holm: ``p~(i) = max over j <= i of min(1, (m - j + 1)·p(j))``;
    - Benjamini-Hochberg: ``p~(i) = min over j >= i of min(1, m·p(j)/j)``.

    Both equal ``statsmodels.stats.multitest.multipletests`` with
    ``method="holm"`` and ``method="fdr_bh"``, which the tests check.

    References
    ----------
    Holm, S. (1979). A simple sequentially rejective multiple test procedure.
    *Scandinavian Journal of Statistics* 6, 65-70.
    Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate.
    *JRSS B* 57, 289-300.

    Examples
    --------
    >>> adjust_p_values([0.01, 0.04, 0.03, 0.2]).round(4).tolist()
    [0.04, 0.09, 0.09, 0.2]
    >>> adjust_p_values([0.01, 0.04, 0.03, 0.2], "bh").round(4).tolist()
    [0.04, 0.0533, 0.0533, 0.2]
    """
    v.check_option(method, "correction", (*CORRECTIONS, None))
    p = v.to_float_array(p_values, "p_values")
    present = ~np.isnan(p)
    bad = present & ~((p >= 0) & (p <= 1))
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise InvalidScoreError(
            format_message("p_values", "in [0, 1]", count=int(bad.sum()),
                           first=float(p[first]), position=first,
                           fix="Pass p-values, not test statistics.")
        )
    if method is None:
        return p
    out = np.full(p.shape, np.nan)
    idx = np.flatnonzero(present)
    m = idx.size
    if m == 0:
        return out
    order = np.argsort(p[idx], kind="stable")
    ranked = p[idx][order]
    i = np.arange(1, m + 1, dtype=np.float64)
    if method == "holm":
        adjusted = np.maximum.accumulate(np.minimum(1.0, (m - i + 1.0) * ranked))
    else:
        adjusted = np.minimum.accumulate((m * ranked / i)[::-1])[::-1]
        adjusted = np.minimum(adjusted, 1.0)
    out[idx[order]] = adjusted
    return out
