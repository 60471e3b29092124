"""Exact comparison of arguments and results: values, dtypes, index and column order."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np
import pandas as pd

__all__ = ["differences", "identical"]


def differences(a: Any, b: Any, path: str = "") -> list[str]:
    """Where ``a`` and ``b`` differ (bit for bit, including NaN positions), as paths."""
    if type(a) is not type(b):
        return [f"{path}: type {type(a).__name__} != {type(b).__name__}"]
    if isinstance(a, pd.DataFrame):
        try:
            pd.testing.assert_frame_equal(a, b, check_exact=True, check_flags=True)
        except AssertionError as exc:
            return [f"{path}: {exc}"]
        return []
    if isinstance(a, pd.Series):
        try:
            pd.testing.assert_series_equal(a, b, check_exact=True)
        except AssertionError as exc:
            return [f"{path}: {exc}"]
        return []
    if isinstance(a, (pd.Index, pd.Categorical)):
        return [] if a.equals(b) and a.dtype == b.dtype else [f"{path}: {a!r} != {b!r}"]
    if isinstance(a, np.ndarray):
        if a.dtype != b.dtype or a.shape != b.shape:
            return [f"{path}: {a.dtype}{a.shape} != {b.dtype}{b.shape}"]
        if a.dtype.kind in "fc":
            same = np.array_equal(a, b, equal_nan=True)
        else:
            same = np.array_equal(a, b)
        return [] if same else [f"{path}: array values differ"]
    if isinstance(a, Mapping):
        if list(a) != list(b):
            return [f"{path}: keys {list(a)} != {list(b)}"]
        return [d for k in a for d in differences(a[k], b[k], f"{path}[{k!r}]")]
    if isinstance(a, (list, tuple)):
        if len(a) != len(b):
            return [f"{path}: length {len(a)} != {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True))
                for d in differences(x, y, f"{path}[{i}]")]
    if attrs.has(type(a)):
        return [d for f in attrs.fields(type(a))
                for d in differences(getattr(a, f.name), getattr(b, f.name),
                                     f"{path}.{f.name}")]
    if isinstance(a, float) and math.isnan(a):
        return [] if math.isnan(b) else [f"{path}: nan != {b!r}"]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


def identical(a: Any, b: Any) -> bool:
    """Whether ``a`` and ``b`` are bit-identical (see :func:`differences`)."""
    return not differences(a, b)
