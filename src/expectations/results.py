"""Result objects shared by every scoring function.

A result is a frozen attrs class holding Python scalars and, where the method
gives one, an :class:`Interval`. It converts to a flat dict (the interval
becomes ``ci_low``, ``ci_high``, ``ci_method`` and ``confidence``) and to a
one-row DataFrame whose columns are the same flat names a ``by=`` call returns.
"""

from __future__ import annotations

import html
import math
from typing import Any, ClassVar, cast

import attrs
import pandas as pd

__all__ = ["Interval", "Result", "flatten_fields"]


@attrs.frozen(kw_only=True)
class Interval:
    """A confidence interval: its bounds, its confidence level and the method.

    Parameters
    ----------
    low, high : float
        The bounds, on the same scale as the estimate they belong to.
    confidence : float
        The nominal coverage, for example 0.95.
    method : str
        How the interval was computed, for example ``"wilson"``.

    Examples
    --------
    >>> Interval(low=20.0, high=40.0, confidence=0.95, method="wald")
    Interval(low=20.0, high=40.0, confidence=0.95, method='wald')
    >>> Interval(low=20.0, high=40.0, confidence=0.95, method="wald").width
    20.0
    """

    low: float
    high: float
    confidence: float
    method: str

    @property
    def width(self) -> float:
        """The distance between the bounds."""
        return self.high - self.low

    def __contains__(self, value: float) -> bool:
        return self.low <= value <= self.high


NO_INTERVAL = {"ci_low": math.nan, "ci_high": math.nan, "ci_method": None, "confidence": math.nan}


def flatten_fields(obj: Any) -> dict[str, Any]:
    """Flatten an attrs result into a dict, expanding an ``interval`` field."""
    out: dict[str, Any] = {}
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        if isinstance(value, Interval):
            prefix = "" if field.name == "interval" else f"{field.name.removesuffix('_interval')}_"
            out[f"{prefix}ci_low"] = value.low
            out[f"{prefix}ci_high"] = value.high
            out[f"{prefix}ci_method"] = value.method
            out[f"{prefix}confidence"] = value.confidence
        elif value is None and field.name.endswith("interval"):
            prefix = "" if field.name == "interval" else f"{field.name.removesuffix('_interval')}_"
            for key, empty in NO_INTERVAL.items():
                out[f"{prefix}{key}"] = empty
        else:
            out[field.name] = value
    return out


class Result:
    """Mixin for frozen attrs result classes: dict and frame conversion, display.

    Subclasses name the fields shown first in the short ``repr`` in
    ``_headline``.
    """

    __slots__ = ()
    _headline: ClassVar[tuple[str, ...]] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a flat dict (interval bounds as ``ci_low``/``ci_high``)."""
        return flatten_fields(self)

    def to_frame(self) -> pd.DataFrame:
        """Return a one-row DataFrame with the same columns as a ``by=`` result."""
        out: pd.DataFrame = pd.DataFrame([self.to_dict()])
        return out

    def __repr__(self) -> str:
        parts = []
        data = self.to_dict()
        for name in self._headline or tuple(data):
            value = data[name]
            parts.append(f"{name}={_short(value)}")
        interval = getattr(self, "interval", None)
        if isinstance(interval, Interval):
            parts.append(
                f"{interval.confidence:.0%} CI [{_short(interval.low)}, {_short(interval.high)}]"
                f" ({interval.method})"
            )
        return f"{type(self).__name__}({', '.join(parts)})"

    def _repr_html_(self) -> str:
        # One row per field (an interval on one line) keeps notebook output compact.
        rows = []
        for field in attrs.fields(cast("type[attrs.AttrsInstance]", type(self))):
            value = getattr(self, field.name)
            if isinstance(value, Interval):
                text = (f"[{_short(value.low)}, {_short(value.high)}]"
                        f" ({value.confidence:.0%} {value.method})")
            else:
                text = _short(value)
            rows.append(f"<tr><th style='text-align:left'>{html.escape(field.name)}</th>"
                        f"<td>{html.escape(text)}</td></tr>")
        title = html.escape(type(self).__name__)
        return f"<table><caption>{title}</caption>{''.join(rows)}</table>"


def _short(value: object) -> str:
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        # Whole numbers (counts, weight sums) read better as 10260 than 1.026e+04.
        return f"{value:.0f}" if value.is_integer() else f"{value:.4g}"
    return str(value)
