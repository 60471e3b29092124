"""Tests for expectations.scoring._input: unshifted answers, offsets and fused counting."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from expectations.errors import InvalidScoreError
from expectations.scoring._input import (
    answer_counts,
    count_at_least,
    count_points,
    integer_answers,
    integer_scores,
)

DTYPES = ("int8", "uint8", "int16", "uint16", "int32", "int64", "uint64")


@given(low=st.integers(-5, 5), span=st.integers(1, 25), n=st.integers(0, 3000),
       seed=st.integers(0, 2**32 - 1), dtype=st.sampled_from(DTYPES))
def test_answer_counts_match_bincount(low: int, span: int, n: int, seed: int,
                                      dtype: str) -> None:
    """Fused check-and-count equals np.bincount of answer - low (independent count)."""
    if np.dtype(dtype).kind == "u" and low < 0:
        low = 0
    x = np.random.default_rng(seed).integers(low, low + span + 1, size=n).astype(dtype)
    read, counts = answer_counts(x, "scores", low, low + span)
    expected = np.bincount(x.astype(np.int64) - low, minlength=span + 1)
    np.testing.assert_array_equal(counts, expected)
    np.testing.assert_array_equal(count_points(read.answers, span + 1, offset=read.offset),
                                  expected)
    np.testing.assert_array_equal(integer_scores(x, "scores", low, low + span).codes, x - low)


@pytest.mark.parametrize("dtype", DTYPES)
def test_integer_answers_are_an_unshifted_read_only_view(dtype: str) -> None:
    """Integer input comes back as a read-only view of the caller's array, offset = low."""
    x = np.array([1, 5, 3], dtype=dtype)
    read = integer_answers(x, "scores", 1, 5)
    assert read.offset == 1
    assert np.shares_memory(read.answers, x)
    assert not read.answers.flags.writeable
    assert x.flags.writeable


@pytest.mark.parametrize("values", [np.array([1, 6, 7], dtype=np.int8),
                                    pd.Series([0, 3], dtype="Int64"), [1, 2.5]])
def test_out_of_scale_answers_raise_the_same_error(values: object) -> None:
    """Both readers reject answers off the scale with the one validation message."""
    with pytest.raises(InvalidScoreError) as fused:
        answer_counts(values, "scores", 1, 5)
    with pytest.raises(InvalidScoreError) as plain:
        integer_scores(values, "scores", 1, 5)
    assert str(fused.value) == str(plain.value)


def test_count_at_least_adds_the_offset() -> None:
    """Thresholds are on codes; with offset they apply to code + offset."""
    x = np.array([-2, 0, 3, 3], dtype=np.int8)
    assert count_at_least(x, [2, 5], offset=-2) == [3, 2]
