"""Tests for expectations.models.enums."""

from __future__ import annotations

import operator

import pytest

from expectations.errors import InvalidParameterError
from expectations.models import Channel, Stage


def test_channel_values() -> None:
    """Channel has exactly the seven documented values."""
    assert [c.value for c in Channel] == [
        "store", "web", "app", "email", "phone", "chat", "social",
    ]


def test_stage_values_in_journey_order() -> None:
    """Stage lists the seven journey stages in order."""
    assert [s.value for s in Stage] == [
        "awareness", "consideration", "purchase", "delivery", "use", "support", "loyalty",
    ]


@pytest.mark.parametrize("text", ["web", "WEB", "Web", " web "])
def test_lookup_is_case_insensitive(text: str) -> None:
    """The constructor accepts a value in any case (and surrounding spaces)."""
    assert Channel(text) is Channel.WEB


def test_members_are_strings() -> None:
    """Members compare equal to, and print as, their values."""
    assert operator.eq(Stage.USE, "use")
    assert str(Stage.USE) == "use"


@pytest.mark.parametrize(
    ("kind", "value", "match"),
    [
        (Channel, "fax", r"channel must be one of 'store', 'web'.*; got 'fax'"),
        (Stage, 3, r"stage must be one of 'awareness'.*; got 3"),
        (Stage, None, "stage must be one of .*; got None"),
    ],
)
def test_unknown_value(kind: type[Channel] | type[Stage], value: object, match: str) -> None:
    """An unknown value raises InvalidParameterError listing the valid values."""
    with pytest.raises(InvalidParameterError, match=match):
        kind(value)
