"""Segment comparison and NPS trend from counts equal the row-wise public functions.

The references are :func:`expectations.compare_segments` and
:func:`expectations.kpis.trend` on the rows the counts describe; both are
checked against statsmodels and published examples in tests/segmentation and
tests/kpis.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from expectations.kpis import trend
from expectations.report._from_counts import nps_trend_from_counts
from expectations.segmentation import compare_segments
from expectations.segmentation.compare import nps_segments_from_counts

# Answers 0..10 that stand for detractor, passive and promoter rows.
_ANSWER = {0: 3, 1: 8, 2: 10}


@pytest.mark.filterwarnings("ignore::expectations.errors.SmallSampleWarning")
@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30)),
                min_size=2, max_size=5), st.sampled_from([0.9, 0.95]))
def test_segments_from_counts_equal_compare_segments(cells: list[tuple[int, int, int]],
                                                     confidence: float) -> None:
    """Counts per segment give compare_segments' table of the rows they count."""
    counts = np.array(cells, dtype=np.float64)
    if counts.sum() == 0:
        counts[0, 0] = 1
    names = [f"s{i}" for i in range(len(counts))]
    scores = np.concatenate([np.repeat([_ANSWER[c] for c in range(3)], row.astype(int))
                             for row in counts])
    segments = np.repeat(names, counts.sum(axis=1).astype(int))
    expected = compare_segments(scores, segments, confidence=confidence)
    got = nps_segments_from_counts(pd.Index(names), counts, confidence=confidence)
    # compare_segments forms groups from the rows; a segment without rows has none.
    got = got.loc[counts.sum(axis=1) > 0]
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=0, atol=1e-12,
                                  check_index_type=False)


def test_trend_from_counts_equals_trend() -> None:
    """Monthly answer counts give trend()'s monthly NPS table, gaps included."""
    rng = np.random.default_rng(11)
    n = 5000
    scores = rng.integers(0, 11, n)
    dates = pd.Series(pd.to_datetime("2024-01-01")
                      + pd.to_timedelta(rng.choice([0, 20, 40, 100, 200, 220], n)
                                        + rng.integers(0, 5, n), unit="D"))
    expected = trend(scores, dates, freq="M")
    months = dates.dt.to_period("M").map(lambda p: p.ordinal).to_numpy(np.int64)
    distinct, codes = np.unique(months, return_inverse=True)
    points = np.zeros((distinct.size, 11))
    np.add.at(points, (codes, scores), 1.0)
    got = nps_trend_from_counts(distinct[::-1], points[::-1], confidence=0.95)
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=0, atol=1e-12)
