"""Tests for expectations.models.touchpoint.Touchpoint."""

from __future__ import annotations

import attrs
import pandas as pd
import pytest

from expectations.errors import InvalidParameterError, SchemaError
from expectations.models import Channel, Expectation, Scale, Stage, Touchpoint

SPEED = Expectation(dimension="speed", adequate=3, desired=4, scale=Scale(1, 5))


def make(**changes: object) -> Touchpoint:
    fields: dict[str, object] = {"name": "checkout", "channel": "web", "stage": "purchase"}
    fields.update(changes)
    return Touchpoint(**fields)  # type: ignore[arg-type]


def test_converts_enums_and_sequences() -> None:
    """Strings in any case become enums; a list of expectations becomes a tuple."""
    tp = make(channel="WEB", stage=Stage.PURCHASE, expectations=[SPEED], response_target=30)
    assert (tp.channel, tp.stage) == (Channel.WEB, Stage.PURCHASE)
    assert tp.expectations == (SPEED,)
    assert tp.response_target == 30.0


def test_defaults() -> None:
    """Without them, a touchpoint has no expectations and no response target."""
    tp = make()
    assert (tp.expectations, tp.response_target) == ((), None)


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"name": " "}, "name must be a non-empty string; got ' '"),
        ({"channel": "fax"}, "channel must be one of .*; got 'fax'"),
        ({"stage": "after"}, "stage must be one of .*; got 'after'"),
        ({"expectations": SPEED},
         "expectations must be a sequence of Expectation; got Expectation"),
        ({"expectations": [SPEED, "fast"]},
         r"expectations must be .*; 1 value is not \(first: 'fast' at position 1\)"),
        ({"response_target": 0}, "response_target must be a finite number greater than 0; got 0"),
        ({"response_target": "30s"}, "response_target must be a finite number.*; got '30s'"),
    ],
)
def test_invalid_touchpoint(changes: dict[str, object], match: str) -> None:
    """Each bad argument raises InvalidParameterError naming it and the offending value."""
    with pytest.raises(InvalidParameterError, match=match):
        make(**changes)


def test_equality_and_frozen() -> None:
    """Touchpoints compare by value, hash alike, and refuse assignment."""
    assert make(channel="Web") == make(channel=Channel.WEB)
    assert hash(make(expectations=[SPEED])) == hash(make(expectations=(SPEED,)))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        make().name = "other"  # type: ignore[misc]


def test_to_dict_uses_enum_values() -> None:
    """to_dict stores channel and stage as their string values."""
    d = make(expectations=[SPEED]).to_dict()
    assert (d["channel"], d["stage"]) == ("web", "purchase")
    assert type(d["channel"]) is str
    assert d["expectations"] == [SPEED.to_dict()]


def test_to_frame_schema() -> None:
    """to_frame has the fixed columns, text enums and float response targets."""
    df = Touchpoint.to_frame([make(), make(name="chat", channel="chat", response_target=20)])
    assert tuple(df.columns) == Touchpoint.COLUMNS
    assert df["channel"].tolist() == ["web", "chat"]
    assert df["response_target"].dtype == "float64"


def test_from_frame_minimal_columns() -> None:
    """from_frame needs only name, channel and stage."""
    df = pd.DataFrame({"name": ["a"], "channel": ["APP"], "stage": ["use"]})
    assert Touchpoint.from_frame(df) == (Touchpoint(name="a", channel="app", stage="use"),)


def test_from_frame_missing_column() -> None:
    """from_frame raises SchemaError naming a missing column."""
    with pytest.raises(SchemaError, match="frame must have the column 'stage'"):
        Touchpoint.from_frame(pd.DataFrame({"name": ["a"], "channel": ["app"]}))
