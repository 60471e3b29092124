"""A customer: an id, descriptive attributes, and optional segment and persona."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar

import attrs
import numpy as np
import pandas as pd

from expectations._validation import check_columns
from expectations.errors import InvalidParameterError, format_message
from expectations.models import _checks, _frames
from expectations.models.persona import Persona

__all__ = ["Attributes", "Customer"]

_RESERVED = ("id", "segment", "persona", "since")
_VALUE_RULE = ("str (not empty), int, float, bool or datetime.date values "
               "(not None or NaN)")


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
        _checks.check_unicode(key, "attributes")
        item = _checks.plain(item)
        if isinstance(item, str):
            _checks.check_unicode(item, f"attributes[{key!r}]")
        # Empty text is refused like None: in a table (and above all in CSV)
        # an empty cell cannot be told apart from a missing attribute.
        ok = isinstance(item, (str, int, float, dt.date)) and not (
            isinstance(item, float) and not math.isfinite(item)
        ) and item != ""
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
    if isinstance(value, str):
        _checks.check_unicode(value, "id")


def _persona(value: str | Persona | None) -> str | None:
    # Keep only the name, so a customer stays one flat row in a table.
    return value.name if isinstance(value, Persona) else value


def _since(value: object) -> dt.date | None:
    # The field is optional: a missing value (None, NaT, NaN) means "not known",
    # exactly as an empty cell does in from_frame.
    if _checks.is_missing(value) or (isinstance(value, np.datetime64) and np.isnat(value)):
        return None
    return _checks.to_date(value, "since")


@attrs.frozen(kw_only=True)
class Customer:
    """A customer and what is known about them.

    Parameters
    ----------
    id : str or int
        The customer's identifier.
    attributes : mapping of str to value
        Descriptive data (age, region, plan...). Values are str (not empty),
        int, float (finite), bool or :class:`datetime.date`; an unknown
        attribute is left out rather than set to None or ``""``. The names
        ``id``, ``segment``, ``persona`` and ``since`` are reserved. Stored as a
        read-only :class:`Attributes`.
    segment : str, optional
        The segment the customer belongs to.
    persona : str or Persona, optional
        The persona they match; a :class:`Persona` is stored by its name.
    since : datetime.date or str, optional
        When they became a customer; an ISO ``"YYYY-MM-DD"`` string or a
        midnight datetime is converted to a date. A missing value (None,
        ``pandas.NaT``, NaN) means the date is not known and is stored as None.

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
        """One flat row per customer: :attr:`FIXED_COLUMNS`, then one column per attribute.

        Attribute columns are sorted by name; a customer without an attribute
        has a missing value there. Each column takes the narrowest exact dtype
        of its values: ``int64`` (``Int64`` with gaps), ``float64``, ``bool``
        (``boolean`` with gaps), text, or ``datetime64[s]`` for dates
        (``since`` is always ``datetime64[s]``, NaT when unknown). A column
        whose values are of several kinds (an int in one row, text in another)
        is an ``object`` column. :meth:`from_frame` gives back exactly the
        same customers.

        Examples
        --------
        >>> cs = [Customer(id=1, attributes={"age": 30}, since="2021-03-01"),
        ...       Customer(id=2, attributes={})]
        >>> df = Customer.to_frame(cs)
        >>> df["age"].tolist(), str(df["age"].dtype), str(df["since"].dtype)
        ([30, <NA>], 'Int64', 'datetime64[s]')
        """
        rows = _checks.tuple_of(items, Customer, "items")
        names = sorted({key for c in rows for key in c.attributes})
        columns: dict[str, list[Any]] = {
            "id": [c.id for c in rows],
            "segment": [c.segment for c in rows],
            "persona": [c.persona for c in rows],
        }
        for name in names:
            columns[name] = [c.attributes.get(name) for c in rows]
        df = _frames.frame(columns, {"segment": "str", "persona": "str"})
        df.insert(3, "since", _frames.dates([c.since for c in rows]))
        return df

    @classmethod
    def from_frame(cls, df: pd.DataFrame) -> tuple[Customer, ...]:
        """Build customers from a frame with an ``id`` column.

        Every column beyond :attr:`FIXED_COLUMNS` is an attribute; a missing
        or empty cell means the customer lacks that attribute. Ids and
        attributes keep the types of their columns (a Timestamp at midnight
        becomes a date); ``since`` may be dates, Timestamps or ISO text.

        A CSV file stores no types, so read it with the types of the frame
        that was written: ``pd.read_csv(path, dtype={"id": str})`` keeps text
        ids such as ``"007"`` (see the user guide, "Domain models", for a
        reading that keeps every column's type); Parquet keeps them all. On
        pandas < 3, also pass ``float_precision="round_trip"`` for float
        attributes to come back exact.

        Raises
        ------
        SchemaError
            If ``id`` is missing, or a column name appears more than once.
        InvalidParameterError
            If an id is missing or not a str or int (ids read as floats, such
            as 1.0 in a column with gaps, are refused: convert the column with
            ``astype("Int64")``), or a row holds an unusable value; the
            message names the row.

        Examples
        --------
        >>> df = pd.DataFrame({"id": [1, 2], "region": ["north", None]})
        >>> [c.attributes for c in Customer.from_frame(df)]
        [Attributes({'region': 'north'}), Attributes({})]
        """
        data = check_columns(df, ["id"], name="frame")
        extra = [column for column in data.columns if column not in _RESERVED]
        c = _frames.read(df, ("id",), ("segment", "persona", "since", *extra))
        _check_ids(c["id"], data.index)

        def build(i: int) -> Customer:
            return cls(
                id=c["id"][i],
                attributes={k: _attribute(c[k][i]) for k in extra if c[k][i] is not None},
                segment=_frames.as_text(c["segment"][i], "segment"),
                persona=_frames.as_text(c["persona"][i], "persona"),
                since=c["since"][i],
            )

        return _frames.rows(data, build)


def _attribute(value: Any) -> Any:
    """Return a Timestamp at midnight (from a datetime64 column) as the date it holds."""
    if isinstance(value, pd.Timestamp) and value.tzinfo is None and value == value.normalize():
        return value.date()
    return value


def _check_ids(ids: list[Any], index: pd.Index) -> None:
    """Refuse missing ids and ids that are not str or int, quoting the first bad row."""
    for rule, bad in (
        ("present in every row", [i for i, v in enumerate(ids) if v is None]),
        ("a str or an int in every row",
         [i for i, v in enumerate(ids) if v is not None and (
             isinstance(v, bool) or not isinstance(v, (str, int)))]),
    ):
        if bad:
            first = bad[0]
            floats = any(isinstance(ids[i], float) for i in range(len(ids)))
            raise InvalidParameterError(format_message(
                "frame['id']", rule, count=len(bad),
                first=np.nan if ids[first] is None else ids[first],
                position=_checks.plain(index[first]),
                fix="Drop those rows or give them ids."
                if ids[first] is None else
                ("Ids read as floats (a column with gaps?); convert the column with "
                 "astype('Int64') or astype(str) first." if floats else None),
            ))
