"""A condition on one column of customer data, used to describe a persona."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Set
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations.errors import SchemaError
from expectations.models import _checks

__all__ = ["Trait", "to_trait"]

_SCALARS = (str, int, float, bool, dt.date)


def _allowed(value: Iterable[Any] | None) -> tuple[Any, ...] | None:
    if value is None:
        return None
    items = _checks.tuple_of(value, object, "allowed")
    items = tuple(_checks.plain(item) for item in items)
    bad = [i for i, item in enumerate(items)
           if not isinstance(item, _SCALARS) or _checks.is_missing(item)]
    if not items or bad:
        raise _checks.param_error(
            "allowed", "a non-empty sequence of scalars (str, number, bool or date)", value
        )
    return items


def _bound(value: float | None) -> float | None:
    return None if value is None else _checks.to_float(value, "low or high")


def _one_form(instance: Trait, attribute: attrs.Attribute[Any], value: object) -> None:
    ranged = instance.low is not None or instance.high is not None
    if (instance.allowed is None) == (not ranged):
        raise _checks.param_error(
            "allowed, low and high", "either allowed values or a bound (low, high or both)",
            (instance.allowed, instance.low, instance.high),
        )
    if instance.low is not None and instance.high is not None and instance.high < instance.low:
        raise _checks.param_error("high", f"at least low ({instance.low!r})", instance.high)


@attrs.frozen(kw_only=True)
class Trait:
    """A condition on one column: equal to one of ``allowed``, or within ``low..high``.

    Give either ``allowed`` or at least one bound. Bounds are inclusive; a missing
    bound leaves that side open. A missing value in the data never matches.

    Parameters
    ----------
    allowed : sequence of scalars, optional
        The allowed values (str, number, bool or date).
    low, high : float, optional
        Inclusive numeric bounds.

    Examples
    --------
    >>> Trait(allowed=["north", "east"]).matches(pd.Series(["east", "west", None])).tolist()
    [True, False, False]
    >>> Trait(low=18, high=34).matches(pd.Series([17, 18, 34.5])).tolist()
    [False, True, False]
    """

    allowed: tuple[Any, ...] | None = attrs.field(default=None, converter=_allowed)
    low: float | None = attrs.field(default=None, converter=_bound)
    high: float | None = attrs.field(default=None, converter=_bound, validator=_one_form)

    def matches(self, column: pd.Series, name: str = "column") -> npt.NDArray[np.bool_]:
        """Whether each value of ``column`` satisfies the trait.

        Raises
        ------
        SchemaError
            If the trait is a range and the column is not numeric.

        Examples
        --------
        >>> Trait(high=3).matches(pd.Series([2, 3, 4])).tolist()
        [True, True, False]
        """
        if self.allowed is not None:
            found: npt.NDArray[np.bool_] = column.isin(list(self.allowed)).to_numpy(dtype=bool)
            return found
        if not pd.api.types.is_numeric_dtype(column.dtype) or pd.api.types.is_bool_dtype(
            column.dtype
        ):
            raise SchemaError(
                f"{name} must be numeric for the range trait {self.low}..{self.high}; "
                f"got dtype {column.dtype}."
            )
        x: npt.NDArray[np.float64] = column.to_numpy(dtype=np.float64, na_value=np.nan)
        ok = ~np.isnan(x)
        if self.low is not None:
            ok &= x >= self.low
        if self.high is not None:
            ok &= x <= self.high
        return ok

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"allowed": [...]}`` or ``{"low": ..., "high": ...}``.

        Examples
        --------
        >>> Trait(low=1).to_dict()
        {'low': 1.0, 'high': None}
        """
        if self.allowed is not None:
            return {"allowed": list(self.allowed)}
        return {"low": self.low, "high": self.high}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Trait:
        """Build a trait from the dict :meth:`to_dict` returns.

        Examples
        --------
        >>> Trait.from_dict({"allowed": ["a"]})
        Trait(allowed=('a',), low=None, high=None)
        """
        d = _checks.check_keys(data, (), ("allowed", "low", "high"), "Trait")
        return cls(allowed=d.get("allowed"), low=d.get("low"), high=d.get("high"))


def to_trait(value: object, name: str = "trait") -> Trait:
    """Read the short forms of a trait.

    - a :class:`Trait` is kept;
    - a ``tuple`` ``(low, high)`` of numbers (either may be None) is a range;
    - a ``list``, ``set`` or ``frozenset`` lists the allowed values;
    - a mapping is the dict form of :meth:`Trait.to_dict`;
    - a single scalar (str, number, bool, date) is the one allowed value.

    Examples
    --------
    >>> to_trait((18, None))
    Trait(allowed=None, low=18.0, high=None)
    >>> to_trait("north")
    Trait(allowed=('north',), low=None, high=None)
    """
    if isinstance(value, Trait):
        return value
    if isinstance(value, tuple):
        if len(value) != 2:
            raise _checks.param_error(
                name, "a (low, high) range when given as a tuple", value,
                "List allowed values in a list instead.",
            )
        return Trait(low=value[0], high=value[1])
    if isinstance(value, Mapping):
        return Trait.from_dict(value)
    if isinstance(value, Set):
        # A set has no order; sort when possible so equal personas compare equal.
        try:
            return Trait(allowed=tuple(sorted(value)))
        except TypeError:
            return Trait(allowed=tuple(value))
    if isinstance(value, list):
        return Trait(allowed=tuple(value))
    return Trait(allowed=(value,))
