"""Reading the inputs of :func:`~expectations.gaps.importance_performance`.

Each side (importance, performance) is either one value per attribute or a
DataFrame of respondent ratings (one column per attribute); the two sides are
matched by attribute name, and rated sides carry their survey weights into
the uncertainty computations of :mod:`._importance_uncertainty`.
"""

from __future__ import annotations

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _validation as v
from expectations.errors import (
    InvalidParameterError,
    LengthMismatchError,
    SchemaError,
    format_message,
)
from expectations.gaps._importance_uncertainty import Ratings
from expectations.models.scale import Scale

__all__ = ["Side", "align_sides", "per_attribute", "rated_sides", "read_scales"]

FloatArray = npt.NDArray[np.float64]


@attrs.frozen
class Side:
    """One input read: per-attribute values, or respondent ratings (``matrix``)."""

    means: FloatArray  # per attribute (the unweighted means, for ratings)
    index: pd.Index
    n_dropped: int
    raw: FloatArray  # every value given, for the finite and scale checks
    matrix: FloatArray | None  # respondents x attributes, NaN where missing


def per_attribute(values: object, name: str, missing: str) -> Side:
    """Read one input: a DataFrame of respondent ratings, or one value per attribute."""
    if isinstance(values, pd.DataFrame):
        ratings = np.column_stack(
            [v.to_float_array(values.iloc[:, j], f"{name}[{values.columns[j]!r}]")
             for j in range(values.shape[1])]) if values.shape[1] else np.empty((len(values), 0))
        nan = np.isnan(ratings)
        if nan.any() and missing == "raise":
            col = int(np.nonzero(nan)[1][0])
            v.handle_missing(ratings[:, col], f"{name}[{values.columns[col]!r}]", "raise")
        counts = (~nan).sum(axis=0)
        if (counts == 0).any():
            j = int(np.flatnonzero(counts == 0)[0])
            v.check_not_empty(0, f"{name}[{values.columns[j]!r}]")
        with np.errstate(invalid="ignore"):
            means = np.nansum(ratings, axis=0) / counts
        return Side(means, pd.Index(values.columns), int(nan.sum()), ratings[~nan], ratings)
    arr = v.to_float_array(values, name)
    index = values.index if isinstance(values, pd.Series) else pd.RangeIndex(arr.size)
    v.handle_missing(arr, name, "raise")
    return Side(arr, pd.Index(index), 0, arr, None)


def align_sides(imp: Side, perf: Side, positional: bool) -> Side:
    """Return ``perf`` with its attributes in importance's order."""
    if imp.means.size != perf.means.size:
        raise LengthMismatchError(
            f"performance must have one value per attribute of importance ({imp.means.size}); "
            f"got {perf.means.size}.")
    if positional or imp.index.equals(perf.index):
        return perf
    if not imp.index.is_unique or set(imp.index) != set(perf.index):
        missing = [a for a in imp.index if a not in set(perf.index)]
        raise SchemaError(
            f"performance must name the same attributes as importance; "
            f"{len(missing)} are missing (first: {missing[0] if missing else None!r}). "
            "Align the attribute names (Series index or DataFrame columns).")
    order = perf.index.get_indexer(imp.index)
    return Side(perf.means[order], imp.index, perf.n_dropped, perf.raw,
                 None if perf.matrix is None else perf.matrix[:, order])


def read_scales(scale: object) -> tuple[Scale | None, Scale | None]:
    if scale is None:
        return None, None
    if isinstance(scale, Scale):
        return scale, scale
    if (isinstance(scale, tuple) and len(scale) == 2
            and all(isinstance(s, Scale) for s in scale)):
        return scale[0], scale[1]
    raise InvalidParameterError(
        "scale must be a Scale, a pair (importance scale, performance scale), or None; "
        f"got {scale!r}.")


def rated_sides(imp: Side, perf: Side, weights: object) -> dict[str, Ratings]:
    """Return the respondent-rated sides, with their survey weights (ones when not given)."""
    sides: dict[str, Ratings] = {}
    for name, side in (("importance", imp), ("performance", perf)):
        if side.matrix is None:
            continue
        n = side.matrix.shape[0]
        w = np.ones(n) if weights is None else v.check_weights(weights, n)
        sides[name] = Ratings(side.matrix, w)
    if weights is not None and not sides:
        raise InvalidParameterError(format_message(
            "weights", "given only with respondent ratings (a DataFrame of importance or "
                       "performance, one row per respondent)",
            fix="Weight the per-attribute values before passing them, or drop weights."))
    return sides
