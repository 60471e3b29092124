"""Scores do not depend on row order or chunking, and more of the same data only narrows them.

- Permutation: shuffling the rows (all aligned arguments together) changes no
  field of any aggregate result.
- Duplication: the whole dataset twice gives the same estimates and a
  strictly narrower interval (the same shares on twice the respondents).
- Chunking: counts from chunks merge into the counts of the whole
  (``NPSCounts`` addition, top-box successes and n, ``by=`` tables).
"""

from __future__ import annotations

import itertools
import warnings
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.contract.compare import differences
from tests.contract.inputs import Source
from tests.contract.registry import AVAILABLE, SPECS, Spec, call

import expectations as ex
from expectations.models import Scale

# Aggregate functions: their result describes the whole dataset, not each row.
AGGREGATES = ["nps", "csat", "ces", "top_box", "compare_nps", "compare_proportions",
              "disconfirmation", "kano", "tolerance_zone", "servqual", "servperf",
              "cronbach_alpha", "relative_weights", "fulfilment", "realistic_target",
              "compare_segments", "consistency", "complaint_rate", "return_rate",
              "funnel", "league_table"]

# Estimate and interval fields of each score, for the duplication property.
ESTIMATES: dict[str, tuple[str, tuple[str, ...]]] = {
    "nps": ("score", ("interval",)),
    "csat": ("score", ("interval", "mean_interval")),
    "ces": ("score", ("interval", "mean_interval")),
    "top_box": ("score", ("interval", "mean_interval")),
    "compare_nps": ("difference", ("interval",)),
    "compare_proportions": ("difference", ("interval",)),
    "disconfirmation": ("mean", ("interval", "positive_interval", "negative_interval")),
    "tolerance_zone": ("msa", ("msa_interval", "mss_interval", "satisfied_interval")),
    "fulfilment": ("kept_rate", ("interval",)),
}

SCORE_RANGES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7), "top_box": (1, 5)}


def close(a: Any, b: Any) -> list[str]:
    """Differences beyond floating-point reordering error (rtol 1e-9)."""
    if isinstance(a, float) and isinstance(b, float):
        same = np.isclose(a, b, rtol=1e-9, atol=1e-9) or (np.isnan(a) and np.isnan(b))
        return [] if same else [f"{a!r} != {b!r}"]
    if isinstance(a, pd.DataFrame):
        try:
            pd.testing.assert_frame_equal(a, b, rtol=1e-9, atol=1e-9)
        except AssertionError as exc:
            return [str(exc)]
        return []
    if isinstance(a, np.ndarray) and a.dtype.kind == "f":
        return [] if np.allclose(a, b, rtol=1e-9, atol=1e-9, equal_nan=True) else ["array"]
    if attrs.has(type(a)) and type(a) is type(b):
        return [f"{f.name}: {d}" for f in attrs.fields(type(a))
                for d in close(getattr(a, f.name), getattr(b, f.name))]
    if isinstance(a, dict) and isinstance(b, dict) and list(a) == list(b):
        return [f"{k}: {d}" for k in a for d in close(a[k], b[k])]
    if isinstance(a, (tuple, list)) and len(a) == len(b):
        return [d for x, y in zip(a, b, strict=True) for d in close(x, y)]
    return differences(a, b)


def _rows(value: Any, order: np.ndarray[Any, Any]) -> Any:
    """Rows of ``value`` taken in ``order`` (list, array, Series or DataFrame)."""
    if isinstance(value, (pd.Series, pd.DataFrame)):
        return value.iloc[order]
    if isinstance(value, np.ndarray):
        return value[order]
    return [value[i] for i in order]


def _row_args(spec: Spec, kwargs: dict[str, Any]) -> list[str]:
    """Return the arguments holding rows: aligned data, by=, and whole DataFrames."""
    args = {s.arg for s in spec.slots if s.column is None and (
        s.aligned or s.kind in ("frame", "matrix", "numbers", "labels"))}
    if spec.name in ("compare_nps", "compare_proportions"):
        args = {"a", "weights_a"}  # each side is its own sample
    return [a for a in args if kwargs.get(a) is not None
            and not isinstance(kwargs[a], (str, dict))]


def _quiet_call(spec: Spec, kwargs: dict[str, Any]) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call(spec, kwargs)


@pytest.mark.parametrize("name", [n for n in AGGREGATES if SPECS[n] in AVAILABLE])
@settings(max_examples=6)
@given(seed=st.integers(0, 2**16), container=st.sampled_from(["list", "ndarray", "series"]))
def test_row_order_does_not_matter(name: str, seed: int, container: str) -> None:
    """Shuffling the rows of every aligned argument together leaves the result unchanged."""
    spec = SPECS[name]
    kwargs = spec.valid(Source(seed=seed, container=container))
    rows = _row_args(spec, kwargs)
    n = len(kwargs[rows[0]])
    order = np.random.default_rng(seed).permutation(n)
    shuffled = {**kwargs, **{a: _rows(kwargs[a], order) for a in rows}}
    assert not close(_quiet_call(spec, kwargs), _quiet_call(spec, shuffled))


def _twice(value: Any) -> Any:
    if isinstance(value, (pd.Series, pd.DataFrame)):
        return pd.concat([value, value])
    if isinstance(value, np.ndarray):
        return np.concatenate([value, value])
    return [*value, *value]


@pytest.mark.parametrize("name", [n for n in ESTIMATES if SPECS[n] in AVAILABLE])
@settings(max_examples=10)
@given(seed=st.integers(0, 2**16), weighted=st.booleans())
def test_duplicating_the_data_keeps_the_estimate_and_narrows_the_interval(
        name: str, seed: int, weighted: bool) -> None:
    """The dataset twice over: same estimate, strictly narrower interval."""
    spec = SPECS[name]
    kwargs = {**spec.valid(Source(seed=seed)), "by": None}
    if not weighted:
        kwargs = {k: v for k, v in kwargs.items() if not k.startswith("weights")}
    kwargs = {k: v for k, v in kwargs.items() if k != "by" or "by" in _params(spec)}
    doubled = {**kwargs, **{a: _twice(kwargs[a]) for a in _row_args(spec, kwargs)}}
    if name in ("compare_nps", "compare_proportions"):
        doubled.update({a: _twice(kwargs[a]) for a in ("b", "weights_b") if kwargs.get(a)
                        is not None})
    once, twice = _quiet_call(spec, kwargs), _quiet_call(spec, doubled)
    estimate, intervals = ESTIMATES[name]
    assert getattr(twice, estimate) == pytest.approx(getattr(once, estimate), rel=1e-9, abs=1e-9)
    for field in intervals:
        a, b = getattr(once, field), getattr(twice, field)
        assert b.width < a.width, (field, a, b)


def _params(spec: Spec) -> set[str]:
    import inspect

    from tests.contract.registry import resolve

    return set(inspect.signature(resolve(spec)).parameters)


nps_answers = st.lists(st.integers(0, 10), min_size=1, max_size=200)


@settings(max_examples=40)
@given(answers=nps_answers, cuts=st.lists(st.integers(0, 200), max_size=4),
       weighted=st.booleans())
def test_nps_counts_from_chunks_add_up_to_the_whole(answers: list[int], cuts: list[int],
                                                    weighted: bool) -> None:
    """NPSCounts of chunks, added, equal the counts (and score) of all the answers."""
    n = len(answers)
    w = np.linspace(0.5, 2.0, n) if weighted else None
    edges = sorted({0, n, *(c % (n + 1) for c in cuts)})
    parts = [ex.NPSCounts.from_scores(answers[a:b], weights=None if w is None else w[a:b])
             for a, b in itertools.pairwise(edges) if b > a]
    merged = parts[0]
    for part in parts[1:]:
        merged = merged + part
    whole = ex.NPSCounts.from_scores(answers, weights=w)
    for field in ("promoters", "passives", "detractors", "sum_weights_sq"):
        assert getattr(merged, field) == pytest.approx(getattr(whole, field), rel=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ex.errors.SmallSampleWarning)
        assert merged.score == pytest.approx(ex.nps(answers, weights=w).score, abs=1e-9)


@pytest.mark.parametrize("name", ["csat", "ces", "top_box"])
@settings(max_examples=30)
@given(data=st.data(), n_chunks=st.integers(1, 5))
def test_top_box_counts_from_chunks_add_up_to_the_whole(name: str, data: st.DataObject,
                                                        n_chunks: int) -> None:
    """Successes and n of each chunk sum to those of the whole; by=chunk tables agree."""
    low, high = SCORE_RANGES[name]
    answers = data.draw(st.lists(st.integers(low, high), min_size=n_chunks, max_size=150))
    chunk = np.arange(len(answers)) % n_chunks
    extra: dict[str, Any] = {"scale": Scale(low, high)} if name == "top_box" else {}
    func = getattr(ex, name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ex.errors.SmallSampleWarning)
        whole = func(answers, **extra)
        parts = [func([a for a, c in zip(answers, chunk, strict=True) if c == k], **extra)
                 for k in range(n_chunks)]
        table = func(answers, by=chunk, **extra)
    assert sum(p.successes for p in parts) == whole.successes == table["successes"].sum()
    assert sum(p.n for p in parts) == whole.n == table["n"].sum()


@settings(max_examples=30)
@given(answers=st.lists(st.integers(0, 10), min_size=2, max_size=200),
       n_chunks=st.integers(1, 5))
def test_nps_by_table_counts_add_up_to_the_whole(answers: list[int], n_chunks: int) -> None:
    """Promoters, passives and detractors summed over a by= table equal the whole's."""
    groups = np.arange(len(answers)) % n_chunks
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ex.errors.SmallSampleWarning)
        whole = ex.nps(answers)
        table = ex.nps(answers, by=groups)
    for field in ("promoters", "passives", "detractors", "n"):
        assert table[field].sum() == getattr(whole, field)
