"""Checks of rake's inputs, and the raking columns turned into category codes.

Private to :mod:`expectations.surveys.rake`: the targets must be shares summing to
1, keyed by columns of the data, listing every category the data holds; each
raking column is factorised once, and its values mapped to the targets'
categories by equality (booleans never meet numbers).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _validation as v
from expectations.errors import (
    InvalidParameterError,
    InvalidScoreError,
    SchemaError,
    format_message,
)

__all__ = ["Margin", "check_iterations", "check_number", "check_reachable", "check_targets",
           "design_weights", "missing_rows"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]

_SUM_TOLERANCE = 1e-9
_REAL = (int, float, np.integer, np.floating)
# Codes of a row whose value is not among the target's categories, or missing.
_UNKNOWN = -1
_MISSING = -2


@attrs.frozen
class Margin:
    """One raking column: its codes into the target's categories and the target shares."""

    column: str
    categories: tuple[Any, ...]
    shares: FloatArray
    codes: IntArray


def check_number(value: object, name: str, rule: str, ok: Any) -> float:
    if isinstance(value, _REAL) and not isinstance(value, (bool, np.bool_)):
        x = float(value)
        if math.isfinite(x) and ok(x):
            return x
    raise InvalidParameterError(format_message(name, rule, fix=f"Got {value!r}."))


def check_iterations(value: object) -> int:
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)) \
            and int(value) >= 1:
        return int(value)
    raise InvalidParameterError(
        format_message("max_iter", "an integer >= 1", fix=f"Got {value!r}."))


def _is_missing(key: object) -> bool:
    try:
        return bool(pd.isna(key))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False


def _key(value: object) -> object:
    """Return a dict key under which equal values meet, but booleans not numbers (True != 1)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        return (bool, value)
    return value


def _check_shares(column: str, spec: object) -> tuple[tuple[Any, ...], FloatArray]:
    name = f"targets[{column!r}]"
    if isinstance(spec, pd.Series):
        if not spec.index.is_unique:
            first = spec.index[spec.index.duplicated()][0]
            raise InvalidParameterError(format_message(
                name, "one share per category", detail=f"the category {first!r} is repeated"))
        items = list(spec.items())
    elif isinstance(spec, Mapping):
        items = list(spec.items())
    else:
        raise InvalidParameterError(format_message(
            name, "a mapping of category to population share",
            fix=f"Got {type(spec).__name__}, for example {{'18-34': 0.3, '35+': 0.7}}."))
    if not items:
        raise InvalidParameterError(format_message(
            name, "a non-empty mapping of category to population share"))
    missing_key = next((k for k, _ in items if _is_missing(k)), None)
    if any(_is_missing(k) for k, _ in items):
        raise InvalidParameterError(format_message(
            name, "keyed by categories, not missing values",
            detail=f"it has the key {missing_key!r}",
            fix='Drop or fill missing values in the data, or pass missing="drop".'))
    keys = tuple(k.item() if isinstance(k, np.generic) else k for k, _ in items)
    bad = [(k, s) for k, s in items
           if not isinstance(s, _REAL) or isinstance(s, (bool, np.bool_))
           or not math.isfinite(float(s)) or float(s) < 0]
    if bad:
        key, share = bad[0]
        raise InvalidParameterError(format_message(
            name, "finite, non-negative shares",
            detail=f"{len(bad)} {'is' if len(bad) == 1 else 'are'} not "
                   f"(first: {share!r} for the category {key!r})",
            fix="Give each category its share of the population, for example 0.3."))
    shares = np.array([float(s) for _, s in items])
    total = math.fsum(shares.tolist())
    if abs(total - 1.0) > _SUM_TOLERANCE:
        raise InvalidParameterError(format_message(
            name, f"shares summing to 1 (within {_SUM_TOLERANCE:g})",
            detail=f"they sum to {total!r}",
            fix="Divide them by their total (by 100 for percentages)."))
    return keys, shares


def codes_of(data: pd.DataFrame, column: str, keys: tuple[Any, ...]) -> IntArray:
    """Each row's position among ``keys`` (-1 unknown, -2 missing); one factorisation."""
    values = data[column]
    if isinstance(values.dtype, pd.CategoricalDtype):
        raw = values.cat.codes.to_numpy(dtype=np.intp)
        uniques = list(values.cat.categories)
    else:
        raw, found = pd.factorize(values, use_na_sentinel=True)
        raw = raw.astype(np.intp, copy=False)
        uniques = list(found)
    lookup = {_key(k): i for i, k in enumerate(keys)}
    positions = np.array([lookup.get(_key(u), _UNKNOWN) for u in uniques] + [_MISSING],
                         dtype=np.intp)
    codes: IntArray = positions[raw]  # raw == -1 (missing) picks the trailing _MISSING
    unknown = codes == _UNKNOWN
    if unknown.any():
        where = np.flatnonzero(unknown)
        first = values.iloc[int(where[0])]
        if isinstance(first, np.generic):
            first = first.item()
        kinds = sorted({type(k).__name__ for k in keys})
        raise v.first_bad(
            values.array, unknown, f"data[{column!r}]",
            f"a category listed in targets[{column!r}]",
            f"Add it to the targets (a share of 0 gives those rows weight 0) or recode the "
            f"column. Categories match by equality: the targets' keys are "
            f"{'/'.join(kinds)}, this value is {type(first).__name__}.")
    return codes


def check_targets(data: pd.DataFrame, targets: object) -> list[Margin]:
    if not isinstance(targets, Mapping) or not targets:
        raise InvalidParameterError(format_message(
            "targets", "a non-empty mapping of column to {category: share}",
            fix=f"Got {targets!r:.60}; for example {{'age': {{'18-34': 0.3, '35+': 0.7}}}}."))
    margins = []
    for column, spec in targets.items():
        if column not in data.columns:
            have = ", ".join(repr(c) for c in list(data.columns)[:10])
            raise SchemaError(format_message(
                "targets", "keyed by columns of data",
                detail=f"data has no column {column!r} (it has {have})"))
        keys, shares = _check_shares(column, spec)
        margins.append(Margin(column, keys, shares, codes_of(data, column, keys)))
    return margins


def design_weights(data: pd.DataFrame, weights: object, n: int) -> FloatArray:
    if weights is None:
        return np.ones(n)
    if isinstance(weights, str):
        if weights not in data.columns:
            raise SchemaError(format_message(
                "weights", "an array or the name of a column of data",
                detail=f"data has no column {weights!r}"))
        return v.check_weights(data[weights], n, f"weights (data[{weights!r}])")
    return v.check_weights(weights, n, "weights")


def missing_rows(margins: list[Margin], n: int, missing: str) -> BoolArray:
    """Apply the missing-value policy: raise, or return the rows to drop."""
    v.check_option(missing, "missing", ("raise", "drop"))
    dropped = np.zeros(n, dtype=bool)
    for m in margins:
        absent = m.codes == _MISSING
        if absent.any() and missing == "raise":
            where = np.flatnonzero(absent)
            raise InvalidScoreError(format_message(
                f"data[{m.column!r}]", "present (not missing) in a raking column",
                count=int(where.size), first=None, position=int(where[0]),
                fix='Drop or fill them, or pass missing="drop" to leave those rows out '
                    "and count them."))
        dropped |= absent
    return dropped


def check_reachable(margins: list[Margin], w: FloatArray) -> None:
    positive = w > 0
    every = bool(positive.all())
    for m in margins:
        rows = np.bincount(m.codes if every else m.codes[positive], minlength=len(m.categories))
        unreachable = (rows == 0) & (m.shares > 0)
        if unreachable.any():
            i = int(np.flatnonzero(unreachable)[0])
            raise InvalidParameterError(format_message(
                f"targets[{m.column!r}]", f"categories that data[{m.column!r}] holds",
                detail=(f"the category {m.categories[i]!r} (share {m.shares[i]:g}) has no "
                        "respondent with a positive weight"),
                fix="Merge it with a neighbouring category, or give it a share of 0."))
