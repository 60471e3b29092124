"""A customer journey: touchpoints in the order customers meet them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar

import attrs
import pandas as pd

from expectations.errors import InvalidParameterError
from expectations.models import _checks, _frames
from expectations.models.enums import Stage
from expectations.models.touchpoint import Touchpoint

__all__ = ["Journey"]


def _touchpoints(value: Iterable[Touchpoint]) -> tuple[Touchpoint, ...]:
    items = _checks.tuple_of(value, Touchpoint, "touchpoints")
    if not items:
        raise _checks.param_error("touchpoints", "a non-empty sequence of Touchpoint", value)
    seen: set[str] = set()
    for position, touchpoint in enumerate(items):
        if touchpoint.name in seen:
            raise InvalidParameterError(
                f"touchpoints must have unique names; {touchpoint.name!r} is repeated "
                f"(at position {position}). Rename or merge the duplicates."
            )
        seen.add(touchpoint.name)
    return items


@attrs.frozen(kw_only=True)
class Journey:
    """An ordered sequence of touchpoints with unique names.

    A journey iterates over its touchpoints in order, has a length, and looks
    touchpoints up by name with ``journey["name"]``.

    Parameters
    ----------
    name : str
        For example ``"online order"``.
    touchpoints : sequence of Touchpoint
        At least one, in the order customers meet them; names must be unique.

    Raises
    ------
    InvalidParameterError
        If an argument has the wrong type, there are no touchpoints, or two
        share a name.

    Examples
    --------
    >>> j = Journey(name="online order", touchpoints=[
    ...     Touchpoint(name="browse", channel="web", stage="consideration"),
    ...     Touchpoint(name="checkout", channel="web", stage="purchase"),
    ...     Touchpoint(name="courier", channel="store", stage="delivery")])
    >>> len(j), [t.name for t in j]
    (3, ['browse', 'checkout', 'courier'])
    >>> j["checkout"].stage
    <Stage.PURCHASE: 'purchase'>
    >>> j["refund"]
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: name must be a touchpoint of ...; got 'refund'.
    """

    COLUMNS: ClassVar[tuple[str, ...]] = ("name", "touchpoints")

    name: str = attrs.field(validator=_checks.non_empty_text)
    touchpoints: tuple[Touchpoint, ...] = attrs.field(converter=_touchpoints)

    def __iter__(self) -> Iterator[Touchpoint]:
        return iter(self.touchpoints)

    def __len__(self) -> int:
        return len(self.touchpoints)

    def __contains__(self, name: object) -> bool:
        return any(t.name == name for t in self.touchpoints)

    def __getitem__(self, name: str) -> Touchpoint:
        for touchpoint in self.touchpoints:
            if touchpoint.name == name:
                return touchpoint
        known = ", ".join(repr(t.name) for t in self.touchpoints)
        raise _checks.param_error(
            "name", f"a touchpoint of the journey {self.name!r} ({known})", name
        )

    @property
    def names(self) -> tuple[str, ...]:
        """The touchpoint names, in order.

        Examples
        --------
        >>> Journey(name="j", touchpoints=[
        ...     Touchpoint(name="a", channel="app", stage="use")]).names
        ('a',)
        """
        return tuple(t.name for t in self.touchpoints)

    def by_stage(self, stage: Stage | str) -> tuple[Touchpoint, ...]:
        """Return the touchpoints at one stage, in journey order (possibly none).

        Raises
        ------
        InvalidParameterError
            If ``stage`` is not a :class:`Stage` or one of its values.

        Examples
        --------
        >>> j = Journey(name="j", touchpoints=[
        ...     Touchpoint(name="faq", channel="web", stage="support"),
        ...     Touchpoint(name="call", channel="phone", stage="support")])
        >>> [t.name for t in j.by_stage("support")], j.by_stage(Stage.USE)
        (['faq', 'call'], ())
        """
        wanted = Stage(stage)
        return tuple(t for t in self.touchpoints if t.stage is wanted)

    def to_dict(self) -> dict[str, Any]:
        """Return a plain dict that :meth:`from_dict` turns back into this journey.

        Examples
        --------
        >>> j = Journey(name="j", touchpoints=[Touchpoint(name="a", channel="app", stage="use")])
        >>> Journey.from_dict(j.to_dict()) == j
        True
        """
        return {"name": self.name, "touchpoints": [t.to_dict() for t in self.touchpoints]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Journey:
        """Build a journey from the dict :meth:`to_dict` returns.

        Examples
        --------
        >>> Journey.from_dict({"name": "j", "touchpoints": [
        ...     {"name": "a", "channel": "app", "stage": "use"}]}).names
        ('a',)
        """
        d = _checks.check_keys(data, ("name", "touchpoints"), (), "Journey")
        return cls(
            name=d["name"],
            touchpoints=[t if isinstance(t, Touchpoint) else Touchpoint.from_dict(t)
                         for t in d["touchpoints"]],
        )

    @classmethod
    def to_frame(cls, items: Iterable[Journey]) -> pd.DataFrame:
        """One flat row per journey, with the columns :attr:`COLUMNS`.

        ``name`` is text and ``touchpoints`` is JSON text: the list of records
        :meth:`Touchpoint.to_dict` gives, in journey order. For one row per
        touchpoint, use ``Touchpoint.to_frame(journey.touchpoints)``.

        Examples
        --------
        >>> j = Journey(name="order", touchpoints=[
        ...     Touchpoint(name="checkout", channel="web", stage="purchase")])
        >>> Journey.to_frame([j]).loc[0, "touchpoints"]
        '[{"name":"checkout","channel":"web","stage":"purchase","expectations":[],"response_target":null}]'
        >>> Journey.from_frame(Journey.to_frame([j])) == (j,)
        True
        """
        rows = _checks.tuple_of(items, Journey, "items")
        return _frames.frame({
            "name": [j.name for j in rows],
            "touchpoints": _frames.as_json([[t.to_dict() for t in j] for j in rows]),
        }, dict.fromkeys(cls.COLUMNS, "str"))

    @classmethod
    def from_frame(cls, df: pd.DataFrame) -> tuple[Journey, ...]:
        """Build journeys from a frame shaped like :meth:`to_frame`'s.

        A ``touchpoints`` cell is JSON text, or a sequence of
        :class:`Touchpoint` or their dicts.

        Raises
        ------
        SchemaError
            If ``name`` or ``touchpoints`` is missing.
        InvalidParameterError
            If a row holds an unusable value; the message names the row.

        Examples
        --------
        >>> df = pd.DataFrame({"name": ["order"], "touchpoints": [
        ...     '[{"name": "checkout", "channel": "web", "stage": "purchase"}]']})
        >>> Journey.from_frame(df)[0].names
        ('checkout',)
        """
        c = _frames.read(df, cls.COLUMNS)

        def build(i: int) -> Journey:
            items = _frames.from_json(c["touchpoints"][i], "touchpoints")
            if not _checks.is_collection(items):
                raise _checks.param_error("touchpoints", "a list of touchpoints (JSON text)",
                                          c["touchpoints"][i])
            return cls(
                name=_frames.as_text(c["name"][i], "name"),
                touchpoints=[t if isinstance(t, Touchpoint) else Touchpoint.from_dict(t)
                             for t in items],
            )

        return _frames.rows(df, build)
