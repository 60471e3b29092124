"""Tests for expectations.models.journey.Journey."""

from __future__ import annotations

import attrs
import pytest

from expectations.errors import InvalidParameterError
from expectations.models import Journey, Stage, Touchpoint

BROWSE = Touchpoint(name="browse", channel="web", stage="consideration")
CHECKOUT = Touchpoint(name="checkout", channel="web", stage="purchase")
CHAT = Touchpoint(name="chat", channel="chat", stage="support")
CALL = Touchpoint(name="call", channel="phone", stage="support")
JOURNEY = Journey(name="online order", touchpoints=[BROWSE, CHECKOUT, CHAT, CALL])


def test_sequence_behaviour() -> None:
    """A journey iterates in order, has a length and tests membership by name."""
    assert list(JOURNEY) == [BROWSE, CHECKOUT, CHAT, CALL]
    assert len(JOURNEY) == 4
    assert "chat" in JOURNEY
    assert "refund" not in JOURNEY
    assert JOURNEY.names == ("browse", "checkout", "chat", "call")


def test_lookup_by_name() -> None:
    """journey[name] returns the touchpoint with that name."""
    assert JOURNEY["checkout"] is CHECKOUT


def test_unknown_name_lists_known() -> None:
    """An unknown name raises InvalidParameterError naming it and listing the known ones."""
    match = r"'browse', 'checkout', 'chat', 'call'.*got 'refund'"
    with pytest.raises(InvalidParameterError, match=match):
        JOURNEY["refund"]


@pytest.mark.parametrize(
    ("stage", "expected"),
    [("support", (CHAT, CALL)), (Stage.PURCHASE, (CHECKOUT,)), ("LOYALTY", ())],
)
def test_by_stage(stage: Stage | str, expected: tuple[Touchpoint, ...]) -> None:
    """by_stage keeps journey order and accepts an enum or its value."""
    assert JOURNEY.by_stage(stage) == expected


def test_by_stage_unknown() -> None:
    """by_stage names an unknown stage."""
    with pytest.raises(InvalidParameterError, match=r"stage must be one of .*; got 'after'"):
        JOURNEY.by_stage("after")


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"name": ""}, "name must be a non-empty string; got ''"),
        ({"touchpoints": []}, "touchpoints must be a non-empty sequence of Touchpoint; got"),
        ({"touchpoints": [BROWSE, "x"]},
         r"touchpoints must be a sequence of Touchpoint.*first: 'x'"),
        ({"touchpoints": [BROWSE, CHAT, attrs.evolve(CALL, name="chat")]},
         r"touchpoints must have unique names; 'chat' is repeated \(at position 2\)"),
    ],
)
def test_invalid_journey(changes: dict[str, object], match: str) -> None:
    """Bad arguments, including a duplicate touchpoint name, raise InvalidParameterError."""
    fields: dict[str, object] = {"name": "j", "touchpoints": [BROWSE]}
    fields.update(changes)
    with pytest.raises(InvalidParameterError, match=match):
        Journey(**fields)  # type: ignore[arg-type]


def test_equality_and_frozen() -> None:
    """Journeys compare by value and refuse assignment."""
    assert Journey(name="j", touchpoints=[BROWSE]) == Journey(name="j", touchpoints=(BROWSE,))
    reordered = Journey(name="j", touchpoints=[CHAT, BROWSE])
    assert Journey(name="j", touchpoints=[BROWSE, CHAT]) != reordered
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        JOURNEY.name = "x"  # type: ignore[misc]
