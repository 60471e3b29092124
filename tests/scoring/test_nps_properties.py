"""Property tests (hypothesis) for NPS invariants."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from expectations.errors import SmallSampleWarning
from expectations.scoring.nps import NPSCounts, nps

answers = st.lists(st.integers(0, 10), min_size=1, max_size=200)
methods = st.sampled_from(["wald", "adjusted-wald", "score"])


def _quiet_nps(scores: object, **kwargs: object):  # type: ignore[no-untyped-def]
    """nps() with the small-sample warning silenced: small n is the point here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        return nps(scores, **kwargs)  # type: ignore[call-overload]


@settings(max_examples=60, deadline=None)
@given(answers, methods)
def test_score_and_interval_stay_in_range(scores: list[int], method: str) -> None:
    """-100 <= NPS <= 100, and so are the interval bounds."""
    result = _quiet_nps(scores, ci=method)
    assert -100.0 <= result.score <= 100.0
    assert -100.0 <= result.interval.low <= result.interval.high <= 100.0


@settings(max_examples=60, deadline=None)
@given(answers, st.randoms(use_true_random=False))
def test_permutation_invariance(scores: list[int], random: object) -> None:
    """Shuffling the answers does not change the result."""
    shuffled = list(scores)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert _quiet_nps(shuffled) == _quiet_nps(scores)


@settings(max_examples=60, deadline=None)
@given(answers, methods)
def test_unit_weights_equal_no_weights(scores: list[int], method: str) -> None:
    """All-ones weights give exactly the unweighted result."""
    weighted = _quiet_nps(scores, weights=[1.0] * len(scores), ci=method)
    assert weighted == _quiet_nps(scores, ci=method)


@settings(max_examples=60, deadline=None)
@given(answers, answers)
def test_counts_of_concatenation_equal_sum_of_parts(first: list[int],
                                                    second: list[int]) -> None:
    """NPSCounts of concatenated data equal the sum of the parts' counts."""
    whole = NPSCounts.from_scores(first + second)
    assert whole == NPSCounts.from_scores(first) + NPSCounts.from_scores(second)


@settings(max_examples=40, deadline=None)
@given(answers, st.lists(st.floats(0.1, 10.0), min_size=200, max_size=200),
       st.lists(st.floats(0.1, 10.0), min_size=200, max_size=200))
def test_weighted_counts_merge(first: list[int], w1: list[float], w2: list[float]) -> None:
    """Weighted counts of two halves add up to the counts of the whole."""
    n = len(first)
    whole = NPSCounts.from_scores(first + first, weights=w1[:n] + w2[:n])
    parts = (NPSCounts.from_scores(first, weights=w1[:n])
             + NPSCounts.from_scores(first, weights=w2[:n]))
    assert whole.promoters == pytest.approx(parts.promoters)
    assert whole.sum_weights_sq == pytest.approx(parts.sum_weights_sq)


@settings(max_examples=60, deadline=None)
@given(answers)
def test_wald_interval_contains_estimate(scores: list[int]) -> None:
    """The Wald interval contains the estimate."""
    result = _quiet_nps(scores, ci="wald")
    assert result.interval.low <= result.score <= result.interval.high


@pytest.mark.parametrize("method", ["adjusted-wald", "score"])
@settings(max_examples=60, deadline=None)
@given(scores=st.lists(st.integers(0, 10), min_size=2, max_size=200))
def test_adjusted_wald_and_score_contain_estimate(method: str, scores: list[int]) -> None:
    """Adjusted Wald (n >= 2) and score intervals contain the estimate.

    With n = 1 the 3/4, 3/2, 3/4 pseudo-counts outweigh the single answer, so
    the adjusted interval may exclude it; from n = 2 it does not.
    """
    result = _quiet_nps(scores, ci=method)
    assert result.interval.low - 1e-9 <= result.score <= result.interval.high + 1e-9


@settings(max_examples=60, deadline=None)
@given(answers, methods)
def test_interval_narrows_when_data_are_duplicated(scores: list[int], method: str) -> None:
    """Doubling the data (same shares, twice the n) never widens the interval."""
    single = _quiet_nps(scores, ci=method).interval
    double = _quiet_nps(scores * 2, ci=method).interval
    assert double.width <= single.width + 1e-9


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=1, max_size=120),
       st.lists(st.sampled_from("abc"), min_size=120, max_size=120))
def test_grouped_rows_sum_to_the_total(scores: list[int], keys: list[str]) -> None:
    """Grouped promoter/passive/detractor counts add up to the ungrouped counts."""
    table = _quiet_nps(scores, by=keys[:len(scores)])
    total = NPSCounts.from_scores(scores)
    assert table["promoters"].sum() == total.promoters
    assert table["detractors"].sum() == total.detractors
    assert int(table["n"].sum()) == len(scores)
    np.testing.assert_allclose(
        table["score"], 100 * (table["promoters"] - table["detractors"]) / table["n"])
