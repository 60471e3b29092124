"""Where and when a customer meets the business: :class:`Channel` and :class:`Stage`."""

from __future__ import annotations

from enum import Enum

from expectations.models._checks import param_error

__all__ = ["Channel", "Stage"]


class _LookupEnum(str, Enum):
    """A string-valued enum whose constructor also accepts its values in any case.

    An unknown value raises :class:`~expectations.errors.InvalidParameterError`
    (a ``ValueError``) naming the argument and listing the valid values.
    """

    @classmethod
    def _missing_(cls, value: object) -> _LookupEnum:
        if isinstance(value, str):
            wanted = value.strip().lower()
            for member in cls:
                if member.value == wanted:
                    return member
        valid = ", ".join(repr(m.value) for m in cls)
        # Enum re-raises a ValueError from _missing_ as it is, so the caller gets ours.
        raise param_error(cls.__name__.lower(), f"one of {valid}", value)

    def __str__(self) -> str:
        return str(self.value)


class Channel(_LookupEnum):
    """The medium of an interaction.

    Examples
    --------
    >>> Channel("Web")
    <Channel.WEB: 'web'>
    >>> str(Channel.EMAIL)
    'email'
    >>> Channel("fax")
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: channel must be one of 'store', ...; got 'fax'.
    """

    STORE = "store"
    WEB = "web"
    APP = "app"
    EMAIL = "email"
    PHONE = "phone"
    CHAT = "chat"
    SOCIAL = "social"


class Stage(_LookupEnum):
    """The step of the customer journey an interaction belongs to, in journey order.

    Examples
    --------
    >>> Stage("PURCHASE")
    <Stage.PURCHASE: 'purchase'>
    >>> [s.value for s in Stage][:3]
    ['awareness', 'consideration', 'purchase']
    """

    AWARENESS = "awareness"
    CONSIDERATION = "consideration"
    PURCHASE = "purchase"
    DELIVERY = "delivery"
    USE = "use"
    SUPPORT = "support"
    LOYALTY = "loyalty"
