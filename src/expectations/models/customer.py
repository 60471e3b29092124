"""A customer: an id, descriptive attributes, and optional segment and persona."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar

import attrs
import pandas as pd

from expectations._validation import check_columns
from expectations.models import _checks, _frames
from expectations.models.persona import Persona

__all__ = ["Attributes", "Customer"]

_RESERVED = ("id", "segment", "persona", "since")
_VALUE_RULE = "str, int, float, bool or datetime.date values (not None or NaN)"


class Attributes(Mapping[str, Any]):
    """A read-only, hashable mapping of a customer's attributes, sorted by name.

    It compares equal to any mapping with the same items, including a dict.

    Examples
    --------
    >>> a = Attributes({"region": "north", "age": 41})
    >>> a["age"], list(a), a == {"age": 41, "region": "north"}
    (41, ['age', 'region'], True)
    """

    __slots__ = ("_index", "_items")
    _items: tuple[tuple[str, Any], ...]
    _index: dict[str, Any]

    def __init__(self, items: Mapping[str, Any] | None = None) -> None:
        pairs = dict(items or {})
        object.__setattr__(self, "_items", tuple(sorted(pairs.items())))
        object.__setattr__(self, "_index", pairs)

    def __setattr__(self, name: str, value: object) -> None:
        raise attrs.exceptions.FrozenInstanceError

    def __getitem__(self, key: str) -> Any:
        return self._index[key]

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Attributes):
            return self._items == other._items
        return Mapping.__eq__(self, other)

    def __hash__(self) -> int:
        return hash(self._items)

    def __repr__(self) -> str:
        return f"Attributes({dict(self._items)!r})"

    def __reduce__(self) -> tuple[type[Attributes], tuple[dict[str, Any]]]:
        # copy and deepcopy rebuild through __init__, since __setattr__ refuses.
        return (Attributes, (dict(self._items),))


def _attributes(value: Mapping[str, Any]) -> Attributes:
    if not isinstance(value, Mapping):
        raise _checks.param_error("attributes", "a mapping from names to values", value)
    pairs: dict[str, Any] = {}
    for key, item in value.items():
        if not _checks.is_text(key) or key in _RESERVED:
            raise _checks.param_error(
                "attributes", f"keyed by non-empty strings other than {_RESERVED}", key,
                "Pass those as Customer's own arguments.",
            )
        item = _checks.plain(item)
        ok = isinstance(item, (str, int, float, dt.date)) and not (
            isinstance(item, float) and not math.isfinite(item)
        )
        if not ok:
            raise _checks.param_error(
                f"attributes[{key!r}]", f"one of {_VALUE_RULE}", item,
                "Leave out an attribute that has no value.",
            )
        pairs[key] = item
    return Attributes(pairs)


def _id(instance: Customer, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (str, int)) or value == "":
        raise _checks.param_error("id", "a non-empty str or an int", value)


def _persona(value: str | Persona | None) -> str | None:
    # Keep only the name, so a customer stays one flat row in a table.
    return value.name if isinstance(value, Persona) else value


def _since(value: dt.date | str | None) -> dt.date | None:
    return None if value is None else _checks.to_date(value, "since")


@attrs.frozen(kw_only=True)
class Customer:
    """A customer and what is known about them.

    Parameters
    ----------
    id : str or int
        The customer's identifier.
    attributes : mapping of str to value
        Descriptive data (age, region, plan...). Values are str, int, float
        (finite), bool or :class:`datetime.date`; an unknown attribute is left
        out rather than set to None. The names ``id``, ``segment``, ``persona``
        and ``since`` are reserved. Stored as a read-only :class:`Attributes`.
    segment : str, optional
        The segment the customer belongs to.
    persona : str or Persona, optional
        The persona they match; a :class:`Persona` is stored by its name.
    since : datetime.date or str, optional
        When they became a customer; an ISO ``"YYYY-MM-DD"`` string or a
        midnight datetime is converted to a date.

    Raises
    ------
    InvalidParameterError
        If an argument has the wrong type or value.

    Examples
    --------
    >>> c = Customer(id=7, attributes={"region": "north", "age": 41}, since="2021-03-01")
    >>> c.attributes["age"], c.since
    (41, datetime.date(2021, 3, 1))
    >>> Customer.to_frame([c])
       id segment persona       since  age region
    0   7     NaN     NaN  2021-03-01   41  north
    """

    FIXED_COLUMNS: ClassVar[tuple[str, ...]] = _RESERVED

    id: str | int = attrs.field(converter=_checks.plain, validator=_id)
    attributes: Attributes = attrs.field(converter=_attributes)
    segment: str | None = attrs.field(default=None, validator=_checks.optional_text)
    persona: str | None = attrs.field(default=None, converter=_persona,
                                      validator=_checks.optional_text)
    since: dt.date | None = attrs.field(default=None, converter=_since)

    def to_dict(self) -> dict[str, Any]:
        """Return a plain dict (``since`` stays a date) that :meth:`from_dict` reverses.

        Examples
        --------
        >>> Customer(id="a1", attributes={"plan": "pro"}).to_dict()
        {'id': 'a1', 'attributes': {'plan': 'pro'}, 'segment': None, 'persona': None, 'since': None}
        """
        return {
            "id": self.id,
            "attributes": dict(self.attributes),
            "segment": self.segment,
            "persona": self.persona,
            "since": self.since,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Customer:
        """Build a customer from the dict :meth:`to_dict` returns.

        Examples
        --------
        >>> Customer.from_dict({"id": 1, "attributes": {}, "since": "2020-01-02"}).since
        datetime.date(2020, 1, 2)
        """
        d = _checks.check_keys(data, ("id", "attributes"), ("segment", "persona", "since"),
                               "Customer")
        return cls(**d)

    @classmethod
    def to_frame(cls, items: Iterable[Customer]) -> pd.DataFrame:
        """One row per customer: :attr:`FIXED_COLUMNS`, then one column per attribute.

        Attribute columns are sorted by name; a customer without an attribute
        has a missing value there. Integer and boolean columns with gaps use
        pandas' nullable dtypes, and ``since`` holds :class:`datetime.date`
        objects, so :meth:`from_frame` gives back exactly the same customers.

        Examples
        --------
        >>> cs = [Customer(id=1, attributes={"age": 30}), Customer(id=2, attributes={})]
        >>> Customer.to_frame(cs)["age"].tolist()
        [30, <NA>]
        """
        rows = _checks.tuple_of(items, Customer, "items")
        names = sorted({key for c in rows for key in c.attributes})
        columns: dict[str, list[Any]] = {
            "id": [c.id for c in rows],
            "segment": [c.segment for c in rows],
            "persona": [c.persona for c in rows],
            "since": [c.since for c in rows],
        }
        for name in names:
            columns[name] = [c.attributes.get(name) for c in rows]
        return _frames.frame(columns, {"segment": "str", "persona": "str"})

    @classmethod
    def from_frame(cls, df: pd.DataFrame) -> tuple[Customer, ...]:
        """Build customers from a frame with an ``id`` column.

        Every column beyond :attr:`FIXED_COLUMNS` is an attribute; a missing
        cell means the customer lacks that attribute.

        Raises
        ------
        SchemaError
            If ``id`` is missing.

        Examples
        --------
        >>> df = pd.DataFrame({"id": [1, 2], "region": ["north", None]})
        >>> [c.attributes for c in Customer.from_frame(df)]
        [Attributes({'region': 'north'}), Attributes({})]
        """
        data = check_columns(df, ["id"], name="frame")
        extra = [column for column in data.columns if column not in _RESERVED]
        c = _frames.read(df, ("id",), ("segment", "persona", "since", *extra))
        return tuple(
            cls(
                id=c["id"][i],
                attributes={k: c[k][i] for k in extra if c[k][i] is not None},
                segment=c["segment"][i],
                persona=c["persona"][i],
                since=c["since"][i],
            )
            for i in range(len(df))
        )
