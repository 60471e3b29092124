"""Top-box scores on absurd scales: a library error, never an overflow or a huge allocation."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import pytest

import expectations as ex
from expectations.errors import InvalidParameterError, SmallSampleWarning
from expectations.models import Scale

SCORERS: dict[str, Callable[..., object]] = {
    "csat": lambda scores, scale: ex.csat(scores, scale=scale),
    "top_box": lambda scores, scale: ex.top_box(scores, scale=scale),
    "ces": lambda scores, scale: ex.ces(scores, scale=scale, direction="higher-is-easier"),
    "csat_by": lambda scores, scale: ex.csat(scores, scale=scale, by=["a", "b", "a"]),
}


@pytest.mark.parametrize("scorer", list(SCORERS))
def test_a_2_to_62_scale_is_refused(scorer: str) -> None:
    """Scale(1, 2**62) cannot even be built: its bounds are not exact floats."""
    with pytest.raises(InvalidParameterError, match=r"within -2\*\*53\.\.2\*\*53"):
        SCORERS[scorer]([1, 2, 3], Scale(1, 2**62))


@pytest.mark.parametrize("high", [1_001, 2**40, 2**53])
@pytest.mark.parametrize("scorer", list(SCORERS))
def test_a_scale_with_too_many_options_is_refused(scorer: str, high: int) -> None:
    """A valid Scale with more than 1,001 options is refused before any histogram is made."""
    with pytest.raises(InvalidParameterError,
                       match=r"scale must have at most 1001 answer options for top-box scores"):
        SCORERS[scorer]([1, 2, 3], Scale(0, high))


def test_the_widest_box_scale_still_scores() -> None:
    """A 0..1000 scale (1,001 options) scores: 2 of 3 answers in the top 2 boxes."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        result = ex.top_box([1000, 999, 3], scale=Scale(0, 1000), top=2)
    assert result.score == pytest.approx(200 / 3)
