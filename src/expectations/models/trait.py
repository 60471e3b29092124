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

__all__ = ["Trait", "to_trait", "trait_records", "traits_from_records"]

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
    for i, item in enumerate(items):
        if isinstance(item, str):
            _checks.check_unicode(item, f"allowed[{i}]")
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
    >>> import datetime as dt
    >>> Trait(allowed=[dt.date(2024, 1, 31)]).matches(
    ...     pd.Series(["2024-01-31", None], dtype="datetime64[s]")).tolist()
    [True, False]
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
            allowed = list(self.allowed)
            if pd.api.types.is_datetime64_any_dtype(column.dtype):
                # Dates in a datetime64 column (Customer.to_frame) are Timestamps.
                allowed = [pd.Timestamp(item) if isinstance(item, dt.date) else item
                           for item in allowed]
            found: npt.NDArray[np.bool_] = column.isin(allowed).to_numpy(dtype=bool)
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


def _encode(value: Any) -> Any:
    # JSON has no dates: a date is a one-key object, so it cannot be confused
    # with text that happens to look like a date.
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, Mapping) and len(value) == 1:
        if "date" in value and isinstance(value["date"], str):
            return _checks.to_date(value["date"], "allowed")
        if "datetime" in value and isinstance(value["datetime"], str):
            return dt.datetime.fromisoformat(value["datetime"])
    return value


def trait_records(traits: Iterable[tuple[str, Trait]]) -> list[dict[str, Any]]:
    """Return ``(column, Trait)`` pairs as JSON-ready records, one per column.

    A list trait is ``{"column": ..., "allowed": [...]}`` (a date as
    ``{"date": "YYYY-MM-DD"}``); a range is ``{"column": ..., "low": ..., "high": ...}``.

    Examples
    --------
    >>> trait_records([("age", Trait(low=18)), ("since", Trait(allowed=[dt.date(2020, 1, 2)]))])
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'column': 'age', 'low': 18.0, 'high': None},
     {'column': 'since', 'allowed': [{'date': '2020-01-02'}]}]
    """
    out: list[dict[str, Any]] = []
    for column, trait in traits:
        record: dict[str, Any] = {"column": column}
        if trait.allowed is not None:
            record["allowed"] = [_encode(item) for item in trait.allowed]
        else:
            record.update(low=trait.low, high=trait.high)
        out.append(record)
    return out


def traits_from_records(records: object) -> Any:
    """Turn :func:`trait_records` output back into ``{column: Trait}``.

    A mapping (the dict form of :meth:`Persona.to_dict`) is returned as it is.

    Examples
    --------
    >>> traits_from_records([{"column": "d", "allowed": [{"date": "2020-01-02"}, "x"]}])
    {'d': Trait(allowed=(datetime.date(2020, 1, 2), 'x'), low=None, high=None)}
    """
    if records is None or isinstance(records, Mapping) or not _checks.is_collection(records):
        return records
    out: dict[str, Trait] = {}
    for record in records:  # type: ignore[attr-defined]  # is_collection checked it
        if not isinstance(record, Mapping) or "column" not in record:
            raise _checks.param_error(
                "traits", "a list of records with a 'column' key (JSON text)", record)
        rest = {k: v for k, v in record.items() if k != "column"}
        if "allowed" in rest and _checks.is_collection(rest["allowed"]):
            rest["allowed"] = [_decode(item) for item in rest["allowed"]]
        out[record["column"]] = Trait.from_dict(rest)
    return out
