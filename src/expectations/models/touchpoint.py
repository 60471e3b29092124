"""A moment where a customer meets the business, and what they expect of it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import attrs
import pandas as pd

from expectations.models import _checks, _frames
from expectations.models.enums import Channel, Stage
from expectations.models.expectation import (
    Expectation,
    expectations_from_cell,
    to_expectations,
)

__all__ = ["Touchpoint"]


def _response_target(value: float | None) -> float | None:
    if value is None:
        return None
    return _checks.to_float(value, "response_target", minimum=0, strict=True)


@attrs.frozen(kw_only=True)
class Touchpoint:
    """A point of contact on a channel, at a stage of the journey.

    Parameters
    ----------
    name : str
        A name unique within its journey, for example ``"checkout"``.
    channel : Channel or str
        Where the contact happens; a :class:`Channel` or its value in any case.
    stage : Stage or str
        When in the journey it happens; a :class:`Stage` or its value in any case.
    expectations : sequence of Expectation, default ()
        What customers expect here, one zone of tolerance per dimension.
    response_target : float, optional
        The target time to respond, in seconds (positive).

    Raises
    ------
    InvalidParameterError
        If an argument has the wrong type or value.

    Examples
    --------
    >>> tp = Touchpoint(name="live chat", channel="Chat", stage="support",
    ...                 response_target=30)
    >>> tp.channel, tp.response_target
    (<Channel.CHAT: 'chat'>, 30.0)
    >>> tp.to_dict()["channel"]
    'chat'
    """

    COLUMNS: ClassVar[tuple[str, ...]] = (
        "name", "channel", "stage", "response_target", "expectations",
    )

    name: str = attrs.field(validator=_checks.non_empty_text)
    channel: Channel = attrs.field(converter=Channel)
    stage: Stage = attrs.field(converter=Stage)
    expectations: tuple[Expectation, ...] = attrs.field(default=(), converter=to_expectations)
    response_target: float | None = attrs.field(default=None, converter=_response_target)

    def to_dict(self) -> dict[str, Any]:
        """Return a plain dict (enums as their values) that :meth:`from_dict` reverses.

        Examples
        --------
        >>> tp = Touchpoint(name="checkout", channel="web", stage="purchase")
        >>> Touchpoint.from_dict(tp.to_dict()) == tp
        True
        """
        return {
            "name": self.name,
            "channel": self.channel.value,
            "stage": self.stage.value,
            "expectations": [e.to_dict() for e in self.expectations],
            "response_target": self.response_target,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Touchpoint:
        """Build a touchpoint from the dict :meth:`to_dict` returns.

        Examples
        --------
        >>> Touchpoint.from_dict({"name": "app", "channel": "app", "stage": "use"}).stage
        <Stage.USE: 'use'>
        """
        d = _checks.check_keys(data, ("name", "channel", "stage"),
                               ("expectations", "response_target"), "Touchpoint")
        return cls(
            name=d["name"],
            channel=d["channel"],
            stage=d["stage"],
            expectations=[e if isinstance(e, Expectation) else Expectation.from_dict(e)
                          for e in d.get("expectations", ())],
            response_target=d.get("response_target"),
        )

    @classmethod
    def to_frame(cls, items: Iterable[Touchpoint]) -> pd.DataFrame:
        """One flat row per touchpoint; channel and stage as their string values.

        The columns are :attr:`COLUMNS`: ``name``, ``channel`` and ``stage``
        (text), ``response_target`` (float, NaN when unset) and
        ``expectations``, the touchpoint's expectations as JSON text: a list of
        the records :meth:`Expectation.to_dict` gives (``[]`` for none). Every
        cell is a plain number or text, so the frame goes to CSV or Parquet as
        it is and :meth:`from_frame` reads it back exactly. On pandas < 3, pass
        ``float_precision="round_trip"`` to ``pd.read_csv`` unless reading with
        ``dtype=str``, for the floats to come back exact.

        Examples
        --------
        >>> tps = [Touchpoint(name="checkout", channel="web", stage="purchase"),
        ...        Touchpoint(name="chat", channel="chat", stage="support", response_target=30)]
        >>> Touchpoint.to_frame(tps)
               name channel     stage  response_target expectations
        0  checkout     web  purchase              NaN           []
        1      chat    chat   support             30.0           []
        """
        rows = _checks.tuple_of(items, Touchpoint, "items")
        return _frames.frame({
            "name": [t.name for t in rows],
            "channel": [t.channel.value for t in rows],
            "stage": [t.stage.value for t in rows],
            "response_target": [t.response_target for t in rows],
            "expectations": _frames.as_json(
                [[e.to_dict() for e in t.expectations] for t in rows]),
        }, {"name": "str", "channel": "str", "stage": "str", "response_target": "float64",
            "expectations": "str"})

    @classmethod
    def from_frame(cls, df: pd.DataFrame) -> tuple[Touchpoint, ...]:
        """Build touchpoints from a frame shaped like :meth:`to_frame`'s.

        ``response_target`` and ``expectations`` are optional columns. An
        ``expectations`` cell may be JSON text (as :meth:`to_frame` writes it)
        or, as in earlier versions, a sequence of :class:`Expectation` or
        their dicts.

        Raises
        ------
        SchemaError
            If ``name``, ``channel`` or ``stage`` is missing.
        InvalidParameterError
            If a row holds an unusable value; the message names the row.

        Examples
        --------
        >>> df = pd.DataFrame({"name": ["checkout"], "channel": ["web"], "stage": ["purchase"]})
        >>> Touchpoint.from_frame(df)[0].channel
        <Channel.WEB: 'web'>
        """
        c = _frames.read(df, ("name", "channel", "stage"), ("response_target", "expectations"))

        def build(i: int) -> Touchpoint:
            return cls(
                name=_frames.as_text(c["name"][i], "name"),
                channel=c["channel"][i],
                stage=c["stage"][i],
                expectations=expectations_from_cell(c["expectations"][i]),
                response_target=_frames.as_float(c["response_target"][i]),
            )

        return _frames.rows(df, build)

