"""Tests for the zone of tolerance (expectations.gaps.tolerance)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint

from expectations.errors import InvalidParameterError, InvalidScoreError, LengthMismatchError
from expectations.gaps.tolerance import (
    TOLERANCE_COLUMNS,
    tolerance_level,
    tolerance_zone,
)
from expectations.models.expectation import Expectation
from expectations.models.scale import Scale

NINE = Scale(1, 9)


def _column_with_mean(mean: float, n: int, low: int) -> np.ndarray:
    """Integer answers ``low`` or ``low + 1`` whose mean is exactly ``mean``."""
    high_count = round((mean - low) * n)
    return np.r_[np.full(high_count, low + 1), np.full(n - high_count, low)].astype(float)


# LibQUAL+ item AS-3 "Willingness to help users", spring 2002/2003 (Lehigh University ULG
# comparison, http://www.lehigh.edu/~inulg/LibQUAL02-04.htm): minimum, desired and
# perceived means on 1-9, with Gap 1 (adequacy = P - Min) and Gap 2 (superiority = P - D).
LIBQUAL_AS3 = [
    # institution, min, desired, perceived, adequacy gap, superiority gap
    ("J", 5.70, 7.72, 6.92, 1.22, -0.80),
    ("I", 5.88, 7.92, 7.09, 1.21, -0.83),
    ("K", 6.81, 7.90, 6.85, 0.04, -1.05),
    ("F", 6.30, 7.88, 6.27, -0.02, -1.60),
]


@pytest.mark.parametrize(("institution", "minimum", "desired", "perceived", "msa", "mss"),
                         LIBQUAL_AS3)
def test_published_libqual_gaps(institution: str, minimum: float, desired: float,
                                perceived: float, msa: float, mss: float) -> None:
    """MSA and MSS of respondents with the published means reproduce the published gaps.

    The gaps (Parasuraman, Zeithaml & Berry 1994; LibQUAL+) are published from unrounded
    means, so they may differ from differences of the rounded means by 0.01 (F: 6.27 -
    6.30 = -0.03, published -0.02).
    """
    n = 100
    rng = np.random.default_rng(len(institution))
    a = rng.permutation(_column_with_mean(minimum, n, int(minimum)))
    d = rng.permutation(_column_with_mean(desired, n, int(desired)))
    p = rng.permutation(_column_with_mean(perceived, n, int(perceived)))
    res = tolerance_zone(p, a, d, scale=NINE)
    assert res.msa == pytest.approx(msa, abs=0.011)
    assert res.mss == pytest.approx(mss, abs=0.011)
    assert res.msa == pytest.approx(perceived - minimum, abs=1e-12)
    assert res.zone_width == pytest.approx(desired - minimum, abs=1e-12)


def _pandas_reference(frame: pd.DataFrame) -> pd.DataFrame:
    """Zone-of-tolerance summary by the definitions of Zeithaml et al. (1993), in pandas."""
    valid = frame[frame["desired"] >= frame["adequate"]].copy()
    valid["level"] = np.select(
        [valid["perceived"] < valid["adequate"], valid["perceived"] > valid["desired"]],
        ["dissatisfied", "delighted"], "satisfied")
    out = valid.groupby("g").agg(
        msa=("perceived", lambda s: (s - valid.loc[s.index, "adequate"]).mean()),
        mss=("perceived", lambda s: (s - valid.loc[s.index, "desired"]).mean()),
        n=("perceived", "size"))
    shares = pd.crosstab(valid["g"], valid["level"], normalize="index") * 100
    return out.join(shares)


def _random_frame(seed: int, n: int = 300) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 9, n)
    d = np.clip(a + rng.integers(-1, 4, n), 1, 9)  # some inverted (d < a)
    return pd.DataFrame({"perceived": rng.integers(1, 10, n), "adequate": a, "desired": d,
                         "g": rng.choice(["north", "south", "west"], n)})


def test_against_independent_pandas_computation() -> None:
    """Grouped gaps and level shares equal a pandas groupby/crosstab computation."""
    frame = _random_frame(11)
    out = tolerance_zone(frame["perceived"], frame["adequate"], frame["desired"],
                         by=frame["g"], scale=NINE)
    ref = _pandas_reference(frame)
    for column in ("msa", "mss", "dissatisfied", "satisfied", "delighted"):
        np.testing.assert_allclose(out[column], ref[column], rtol=1e-12)
    np.testing.assert_array_equal(out["n"], ref["n"])
    inverted = (frame["desired"] < frame["adequate"]).groupby(frame["g"]).sum()
    np.testing.assert_array_equal(out["n_inverted"], inverted)


def test_share_intervals_match_statsmodels_wilson() -> None:
    """Level intervals are Wilson intervals (statsmodels proportion_confint), in percent."""
    frame = _random_frame(5)
    res = tolerance_zone(frame["perceived"], frame["adequate"], frame["desired"],
                         confidence=0.9)
    counts = {name: round(getattr(res, name) * res.n / 100) for name in
              ("dissatisfied", "satisfied", "delighted")}
    for name, count in counts.items():
        low, high = proportion_confint(count, res.n, alpha=0.1, method="wilson")
        iv = getattr(res, f"{name}_interval")
        assert (iv.low, iv.high) == pytest.approx((100 * low, 100 * high), rel=1e-10)
        assert iv.method == "wilson"


def test_boundaries_are_inclusive() -> None:
    """Perception equal to adequate or desired is satisfied, not dissatisfied or delighted."""
    levels = tolerance_level([4, 7, 3.999, 7.001], [4, 4, 4, 4], [7, 7, 7, 7])
    assert levels.tolist() == ["satisfied", "satisfied", "dissatisfied", "delighted"]


def test_inverted_responses_counted_and_excluded() -> None:
    """Responses with desired < adequate are excluded from every statistic and counted."""
    res = tolerance_zone([5, 5, 9], [4, 4, 8], [6, 6, 2])
    assert (res.n, res.n_inverted) == (2, 1)
    assert (res.msa, res.mss, res.satisfied) == (1.0, -1.0, 100.0)


def test_single_expectation_applies_to_all_rows() -> None:
    """One Expectation supplies adequate, desired and the scale for every response."""
    e = Expectation(dimension="reliability", adequate=5, desired=7, scale=NINE)
    p = [3, 5, 6, 8, 9]
    assert tolerance_zone(p, e) == tolerance_zone(p, [5] * 5, [7] * 5, scale=NINE)


def test_sequence_of_expectations_aligned_with_rows() -> None:
    """A sequence of Expectations gives each row its own zone."""
    es = [Expectation(dimension="x", adequate=a, desired=d, scale=NINE)
          for a, d in [(3, 5), (6, 8), (2, 2)]]
    res = tolerance_zone([4, 4, 3], es)
    assert (res.satisfied, res.dissatisfied, res.delighted) == pytest.approx(
        (100 / 3, 100 / 3, 100 / 3))
    with pytest.raises(InvalidScoreError, match=r"^perceived must be integers in 1\.\.9"):
        tolerance_zone([4, 4, 10], es)
    with pytest.raises(LengthMismatchError, match=r"^adequate must be the same length"):
        tolerance_zone([4, 4], es)


def test_by_schema_is_constant() -> None:
    """by= returns exactly TOLERANCE_COLUMNS, the flattened result fields."""
    frame = _random_frame(1, 60)
    out = tolerance_zone(frame["perceived"], frame["adequate"], frame["desired"],
                         by=frame["g"])
    assert tuple(out.columns) == TOLERANCE_COLUMNS
    single = tolerance_zone(frame["perceived"], frame["adequate"], frame["desired"])
    assert tuple(single.to_frame().columns) == TOLERANCE_COLUMNS


levels_data = st.lists(
    st.tuples(st.integers(1, 9), st.integers(1, 9), st.integers(1, 9)), min_size=1,
    max_size=60).filter(lambda rows: any(d >= a for _, a, d in rows))


@settings(max_examples=60)
@given(rows=levels_data)
def test_msa_minus_mss_is_zone_width(rows: list[tuple[int, int, int]]) -> None:
    """MSA - MSS equals the zone width (D - A), since P cancels."""
    p, a, d = map(list, zip(*rows, strict=True))
    res = tolerance_zone(p, a, d)
    assert res.msa - res.mss == pytest.approx(res.zone_width, abs=1e-9)
    assert res.zone_width >= 0


@settings(max_examples=60)
@given(rows=levels_data)
def test_level_shares_sum_to_100_and_are_bounded(rows: list[tuple[int, int, int]]) -> None:
    """The three level percentages lie in 0..100, inside their intervals, and sum to 100."""
    p, a, d = map(list, zip(*rows, strict=True))
    res = tolerance_zone(p, a, d)
    shares = [res.dissatisfied, res.satisfied, res.delighted]
    assert sum(shares) == pytest.approx(100.0)
    for name, share in zip(("dissatisfied", "satisfied", "delighted"), shares, strict=True):
        iv = getattr(res, f"{name}_interval")
        # Wilson's bound at 0 or n successes is exact only up to rounding (about 1e-15).
        assert -1e-9 <= iv.low <= share + 1e-9
        assert share - 1e-9 <= iv.high <= 100.0 + 1e-9


@settings(max_examples=40)
@given(rows=levels_data, seed=st.integers(0, 2**32 - 1))
def test_permutation_invariance(rows: list[tuple[int, int, int]], seed: int) -> None:
    """Shuffling responses changes nothing."""
    order = np.random.default_rng(seed).permutation(len(rows))
    p, a, d = (np.asarray(x, dtype=float) for x in zip(*rows, strict=True))
    a_res = tolerance_zone(p, a, d).to_frame()
    b_res = tolerance_zone(p[order], a[order], d[order]).to_frame()
    pd.testing.assert_frame_equal(a_res, b_res, rtol=1e-12)


@settings(max_examples=30)
@given(seed=st.integers(0, 2**32 - 1))
def test_grouped_equals_subset(seed: int) -> None:
    """Each row of a by= result equals tolerance_zone on that group's responses."""
    frame = _random_frame(seed % 10_000, 80)
    out = tolerance_zone(frame["perceived"], frame["adequate"], frame["desired"],
                         by=frame["g"])
    for g in out.index:
        sub = frame[frame["g"] == g]
        alone = tolerance_zone(sub["perceived"], sub["adequate"], sub["desired"]).to_frame()
        pd.testing.assert_series_equal(out.loc[g], alone.iloc[0], check_names=False,
                                       check_dtype=False)


def test_missing_drop_is_counted() -> None:
    """missing='drop' drops rows with a missing value and reports how many."""
    res = tolerance_zone([5, None, 6], [4, 4, 4], [6, 6, 6], missing="drop")
    assert (res.n, res.n_dropped) == (2, 1)
    with pytest.raises(InvalidScoreError, match=r"^perceived must be present"):
        tolerance_zone([5, None, 6], [4, 4, 4], [6, 6, 6])


def test_mismatched_lengths() -> None:
    """Columns of different lengths raise LengthMismatchError."""
    with pytest.raises(LengthMismatchError, match=r"^adequate must be the same length as "
                                                  r"perceived \(3\); got 2\.$"):
        tolerance_zone([5, 5, 6], [4, 4], [6, 6, 6])


def test_values_outside_scale() -> None:
    """A value off the given scale names the argument, the value and its position."""
    with pytest.raises(InvalidScoreError, match=(
            r"^desired must be integers in 1\.\.9 \(the scale\); 1 value is not "
            r"\(first: 10\.0 at position 1\)")):
        tolerance_zone([5, 5], [4, 4], [6, 10], scale=NINE)


def test_expectation_with_desired_is_an_error() -> None:
    """Passing desired= together with Expectations is ambiguous and rejected."""
    e = Expectation(dimension="x", adequate=3, desired=5, scale=NINE)
    with pytest.raises(InvalidParameterError, match=r"^desired must be None"):
        tolerance_zone([4], e, [6])


def test_does_not_mutate_inputs() -> None:
    """The caller's Series are unchanged."""
    frame = _random_frame(3, 40)
    before = frame.copy()
    tolerance_zone(frame["perceived"], frame["adequate"], frame["desired"], by=frame["g"])
    pd.testing.assert_frame_equal(frame, before)
