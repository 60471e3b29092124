"""A persona: a described group of customers, defined by traits of their data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations._validation import check_columns
from expectations.errors import InvalidParameterError
from expectations.models import _checks, _frames
from expectations.models.expectation import (
    Expectation,
    expectations_from_cell,
    to_expectations,
)
from expectations.models.trait import Trait, to_trait, trait_records, traits_from_records

__all__ = ["Persona"]

TraitsInput = Mapping[str, Any] | Iterable[tuple[str, Any]]


def _traits(value: TraitsInput) -> tuple[tuple[str, Trait], ...]:
    rule = "a mapping from column names to traits"
    pairs: list[object]
    if isinstance(value, Mapping):
        pairs = list(value.items())
    elif _checks.is_collection(value):
        pairs = list(value)
    else:
        raise _checks.param_error("traits", rule, value)
    out: dict[str, Trait] = {}
    for pair in pairs:
        if not (isinstance(pair, tuple) and len(pair) == 2):
            raise _checks.param_error("traits", rule, value)
        column, trait = pair
        if not _checks.is_text(column) or column in out:
            raise _checks.param_error("traits", f"{rule} (unique non-empty strings)", column)
        _checks.check_unicode(column, "traits")
        try:
            out[column] = to_trait(trait, f"traits[{column!r}]")
        except InvalidParameterError as exc:
            raise InvalidParameterError(f"{exc} (in traits[{column!r}])") from exc
    # Sorted by column so that the same traits in any order give equal personas.
    return tuple(sorted(out.items()))


def _pain_points(value: Iterable[str]) -> tuple[str, ...]:
    return _checks.tuple_of(value, str, "pain_points")


def _motivations(value: Iterable[str]) -> tuple[str, ...]:
    return _checks.tuple_of(value, str, "motivations")


def _description(instance: Persona, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise _checks.param_error("description", "a string", value)
    _checks.check_unicode(value, "description")


@attrs.frozen(kw_only=True)
class Persona:
    """A described group of customers, with the data traits that identify them.

    Parameters
    ----------
    name : str
        For example ``"busy parent"``.
    description : str
        A sentence or two about who they are (may be empty).
    traits : mapping of str to trait
        Column of customer data -> condition. Each condition takes one of these forms:

        - a single value (str, number, bool or date): the column equals it;
        - a ``list``, ``set`` or ``frozenset``: the column is one of them;
        - a ``tuple`` ``(low, high)``: the column is a number in ``low..high``,
          inclusive; either bound may be None for an open side;
        - a :class:`Trait`, or its dict form.

        Stored as a tuple of ``(column, Trait)`` pairs sorted by column. No
        traits means every customer matches.
    expectations : sequence of Expectation, default ()
        What this persona expects.
    pain_points, motivations : sequence of str, default ()
        Free text.

    Raises
    ------
    InvalidParameterError
        If an argument has the wrong type or value.

    Examples
    --------
    >>> p = Persona(name="young urban", description="Under 35, in a city.",
    ...             traits={"age": (18, 34), "area": ["city", "inner city"]})
    >>> df = pd.DataFrame({"age": [25, 40, 30], "area": ["city", "city", "rural"]})
    >>> p.matches(df).tolist()
    [True, False, False]
    >>> dict(p.traits)["age"]
    Trait(allowed=None, low=18.0, high=34.0)
    """

    COLUMNS: ClassVar[tuple[str, ...]] = (
        "name", "description", "traits", "expectations", "pain_points", "motivations",
    )

    name: str = attrs.field(validator=_checks.non_empty_text)
    description: str = attrs.field(validator=_description)
    traits: tuple[tuple[str, Trait], ...] = attrs.field(converter=_traits)
    expectations: tuple[Expectation, ...] = attrs.field(default=(), converter=to_expectations)
    pain_points: tuple[str, ...] = attrs.field(default=(), converter=_pain_points)
    motivations: tuple[str, ...] = attrs.field(default=(), converter=_motivations)

    def matches(self, frame: pd.DataFrame) -> npt.NDArray[np.bool_]:
        """Whether each row of ``frame`` has every trait of this persona.

        Raises
        ------
        SchemaError
            If ``frame`` is not a DataFrame, lacks a trait's column, or a range
            trait's column is not numeric.

        Examples
        --------
        >>> p = Persona(name="loyal", description="", traits={"orders": (10, None)})
        >>> p.matches(pd.DataFrame({"orders": [3, 12]})).tolist()
        [False, True]
        """
        df = check_columns(frame, [column for column, _ in self.traits], name="frame")
        ok = np.ones(len(df), dtype=bool)
        for column, trait in self.traits:
            ok &= trait.matches(df[column], name=f"frame[{column!r}]")
        return ok

    def to_dict(self) -> dict[str, Any]:
        """Return a plain dict that :meth:`from_dict` turns back into this persona.

        Examples
        --------
        >>> p = Persona(name="loyal", description="", traits={"orders": (10, None)})
        >>> p.to_dict()["traits"]
        {'orders': {'low': 10.0, 'high': None}}
        >>> Persona.from_dict(p.to_dict()) == p
        True
        """
        return {
            "name": self.name,
            "description": self.description,
            "traits": {column: trait.to_dict() for column, trait in self.traits},
            "expectations": [e.to_dict() for e in self.expectations],
            "pain_points": list(self.pain_points),
            "motivations": list(self.motivations),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Persona:
        """Build a persona from the dict :meth:`to_dict` returns.

        Examples
        --------
        >>> Persona.from_dict({"name": "all", "description": "", "traits": {}}).traits
        ()
        """
        d = _checks.check_keys(data, ("name", "description", "traits"),
                               ("expectations", "pain_points", "motivations"), "Persona")
        return cls(
            name=d["name"],
            description=d["description"],
            traits=d["traits"],
            expectations=[e if isinstance(e, Expectation) else Expectation.from_dict(e)
                          for e in d.get("expectations", ())],
            pain_points=d.get("pain_points", ()),
            motivations=d.get("motivations", ()),
        )

    @classmethod
    def to_frame(cls, items: Iterable[Persona]) -> pd.DataFrame:
        """One flat row per persona, with the columns :attr:`COLUMNS`.

        ``name`` and ``description`` are text; the lists are JSON text:

        - ``traits``: one record per column, ``{"column": "age", "low": 18.0,
          "high": 34.0}`` for a range or ``{"column": "area", "allowed":
          ["city"]}`` for allowed values (a date as ``{"date": "2024-01-31"}``);
        - ``expectations``: the records :meth:`Expectation.to_dict` gives;
        - ``pain_points`` and ``motivations``: lists of text.

        Every cell is text, so the frame goes to CSV or Parquet as it is and
        :meth:`from_frame` reads it back exactly.

        Examples
        --------
        >>> p = Persona(name="young", description="Under 35.", traits={"age": (18, 34)},
        ...             pain_points=["slow delivery"])
        >>> row = Persona.to_frame([p]).iloc[0]
        >>> row["traits"], row["pain_points"]
        ('[{"column":"age","low":18.0,"high":34.0}]', '["slow delivery"]')
        >>> Persona.from_frame(Persona.to_frame([p])) == (p,)
        True
        """
        rows = _checks.tuple_of(items, Persona, "items")
        return _frames.frame({
            "name": [p.name for p in rows],
            "description": [p.description for p in rows],
            "traits": _frames.as_json([trait_records(p.traits) for p in rows]),
            "expectations": _frames.as_json(
                [[e.to_dict() for e in p.expectations] for p in rows]),
            "pain_points": _frames.as_json([list(p.pain_points) for p in rows]),
            "motivations": _frames.as_json([list(p.motivations) for p in rows]),
        }, dict.fromkeys(cls.COLUMNS, "str"))

    @classmethod
    def from_frame(cls, df: pd.DataFrame) -> tuple[Persona, ...]:
        """Build personas from a frame shaped like :meth:`to_frame`'s.

        ``name`` and ``traits`` are required (an empty ``traits`` cell means
        no traits); ``description`` (default empty), ``expectations``,
        ``pain_points`` and ``motivations`` (default none) are optional. The
        list columns hold JSON text, or, as in earlier versions, the Python
        objects themselves. A frame with the earlier layout, a ``persona``
        column of :meth:`to_dict` dicts (and no ``traits`` column), is still
        read from that column.

        Raises
        ------
        SchemaError
            If ``name`` or ``traits`` (or, in the earlier layout, ``persona``)
            is missing.
        InvalidParameterError
            If a row holds an unusable value; the message names the row.

        Examples
        --------
        >>> df = pd.DataFrame({"name": ["loyal"], "traits": ['[{"column":"orders","low":10}]']})
        >>> Persona.from_frame(df)[0].traits
        (('orders', Trait(allowed=None, low=10.0, high=None)),)
        """
        frame = check_columns(df, [], name="frame")
        if "persona" in frame.columns and "traits" not in frame.columns:
            data = _frames.read(frame, ["persona"])
            return _frames.rows(frame, lambda i: cls.from_dict(data["persona"][i]))
        c = _frames.read(frame, ["name", "traits"],
                         ["description", "expectations", "pain_points", "motivations"])

        def listed(i: int, name: str) -> Any:
            value = _frames.from_json(c[name][i], name)
            return () if value is None else value

        def build(i: int) -> Persona:
            description = c["description"][i]
            traits = traits_from_records(_frames.from_json(c["traits"][i], "traits"))
            return cls(
                name=_frames.as_text(c["name"][i], "name"),
                description="" if description is None else _frames.as_text(
                    description, "description"),
                traits={} if traits is None else traits,
                expectations=expectations_from_cell(c["expectations"][i]),
                pain_points=listed(i, "pain_points"),
                motivations=listed(i, "motivations"),
            )

        return _frames.rows(frame, build)
