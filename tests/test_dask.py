"""The deprecated ``expectations.dask`` aliases warn, and still give the in-memory results.

Each alias now calls its public namesake with ``data=`` (counted inside dask,
see tests/engines/test_gaps_engines.py and the engine matrix). The
reference is each in-memory function applied to the pandas DataFrame the
dask DataFrame computes to, on a partitioned Parquet dataset written by the
test; with the default scheduler and with a ``dask.distributed``
LocalCluster of two worker processes.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")

import expectations as ex  # noqa: E402
import expectations.dask as exd  # noqa: E402
from expectations.commitments import fulfilment  # noqa: E402
from expectations.errors import InsufficientDataError, InvalidScoreError, SchemaError  # noqa: E402
from expectations.gaps.kano import KANO_ANSWERS  # noqa: E402

pytestmark = [
    # dask's Parquet reader (dask 2026.8) still calls reset_index(inplace=True), which
    # pandas 3.1 deprecates; the warning is dask's, not ours.
    pytest.mark.filterwarnings(
        # Named by its base class: Pandas4Warning does not exist in pandas 2.2.
        "ignore:The inplace keyword in DataFrame.reset_index:DeprecationWarning"),
    # narwhals announces that its Dask support moves to a plugin package; not about our code.
    pytest.mark.filterwarnings("ignore:Dask support is moving out of Narwhals:FutureWarning"),
]

COMMITMENT = ex.Commitment(name="two-day delivery", metric="days", target=2, unit="days")


def _data(n: int = 2000, seed: int = 11) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    adequate = rng.integers(2, 6, n)
    return pd.DataFrame({
        "score": rng.integers(0, 11, n),
        "csat": rng.integers(1, 6, n),
        "ces": rng.integers(1, 8, n),
        "segment": rng.choice(["gold", "silver", "bronze"], n),
        "store": rng.integers(1, 3, n),
        "weight": rng.uniform(0.5, 2.0, n),
        "functional": rng.choice(list(KANO_ANSWERS), n),
        "dysfunctional": rng.choice(list(KANO_ANSWERS), n),
        "feature": rng.choice(["chat", "gift wrap", "tracking"], n),
        "perceived": rng.integers(1, 10, n),
        "adequate": adequate,
        "desired": adequate + rng.integers(-1, 4, n),
        "value": rng.gamma(4.0, 0.5, n).round(2),
        "commitment": rng.choice(["two-day delivery", "callback"], n),
    })


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dask") / "responses"
    dd.from_pandas(_data(), npartitions=6).to_parquet(folder, write_index=False)
    return folder


def _assert_same(ours: object, theirs: object) -> None:
    if isinstance(theirs, pd.DataFrame):
        assert isinstance(ours, pd.DataFrame)
        pd.testing.assert_frame_equal(ours, theirs, check_exact=False, rtol=1e-12, atol=1e-12)
        assert ours.attrs == theirs.attrs
        return
    assert type(ours) is type(theirs)
    a, b = ours.to_dict(), theirs.to_dict()  # type: ignore[attr-defined]
    assert a.keys() == b.keys()
    for key in a:
        if isinstance(b[key], float):
            assert a[key] == pytest.approx(b[key], rel=1e-12, abs=1e-12, nan_ok=True), key
        else:
            assert a[key] == b[key], key


def _old(call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call an alias, which must warn that it is deprecated."""
    with pytest.warns(DeprecationWarning, match=r"expectations\.dask\.\w+ is deprecated"):
        return call(*args, **kwargs)


def _cases(ddf: Any, df: pd.DataFrame) -> list[tuple[object, object]]:
    """Pairs (alias result, in-memory result) covering every alias, with and without by."""
    pairs: list[tuple[object, object]] = []
    for by in (None, "segment", ["segment", "store"]):
        keys = None if by is None else df[by]
        pairs += [
            (_old(exd.nps, ddf, "score", by=by), ex.nps(df["score"], by=keys)),
            (_old(exd.nps, ddf, "score", by=by, weights="weight"),
             ex.nps(df["score"], by=keys, weights=df["weight"])),
            (_old(exd.csat, ddf, "csat", by=by), ex.csat(df["csat"], by=keys)),
            (_old(exd.ces, ddf, "ces", by=by, weights="weight"),
             ex.ces(df["ces"], by=keys, weights=df["weight"])),
            (_old(exd.top_box, ddf, "score", scale=ex.Scale(0, 10), top=3, by=by),
             ex.top_box(df["score"], scale=ex.Scale(0, 10), top=3, by=keys)),
            (_old(exd.tolerance_zone, ddf, "perceived", "adequate", "desired", by=by),
             ex.tolerance_zone(df["perceived"], df["adequate"], df["desired"], by=keys)),
            (_old(exd.fulfilment, COMMITMENT, ddf, by=by), fulfilment(COMMITMENT, df, by=by)),
        ]
    for feature in (None, "feature"):
        pairs.append((_old(exd.kano, ddf, "functional", "dysfunctional", feature=feature),
                      ex.kano(df["functional"], df["dysfunctional"],
                              feature=None if feature is None else df[feature])))
    return pairs


def test_every_alias_warns_and_equals_in_memory(dataset: Path) -> None:
    """Every alias warns, and equals its in-memory namesake on the computed data."""
    ddf = dd.read_parquet(dataset)
    assert ddf.npartitions > 1
    df = ddf.compute()
    for ours, theirs in _cases(ddf, df):
        _assert_same(ours, theirs)


@pytest.mark.slow
def test_distributed_cluster_of_processes(dataset: Path, dask_client: Any) -> None:
    """On a LocalCluster of two worker processes, every alias equals the in-memory score."""
    assert len(dask_client.scheduler_info()["workers"]) == 2
    ddf = dd.read_parquet(dataset)
    df = ddf.compute()
    for ours, theirs in _cases(ddf, df):
        _assert_same(ours, theirs)


def test_warning_names_the_replacement_and_points_at_the_caller() -> None:
    """The warning says what replaces the alias, and names this file's line."""
    ddf = dd.from_pandas(_data(50), npartitions=2)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exd.kano(ddf, "functional", "dysfunctional")
    (warning,) = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert str(warning.message) == (
        "expectations.dask.kano is deprecated and will be removed in 0.4; use "
        "expectations.kano(functional, dysfunctional, ..., data=frame)")
    assert warning.filename == __file__


def test_split_every_is_accepted_and_ignored() -> None:
    """split_every changes nothing (dask shapes the reduction itself)."""
    ddf = dd.from_pandas(_data(300), npartitions=5)
    plain = _old(exd.nps, ddf, "score", by="segment")
    _assert_same(_old(exd.nps, ddf, "score", by="segment", split_every=2), plain)


# Tiny random partitions make small groups: their warning is expected here.
@pytest.mark.filterwarnings("ignore::expectations.errors.SmallSampleWarning")
@settings(max_examples=5, deadline=None)
@given(n=st.integers(1, 200), npartitions=st.integers(1, 12), seed=st.integers(0, 2**16))
def test_partitioning_does_not_change_counts(n: int, npartitions: int, seed: int) -> None:
    """Any partitioning gives the in-memory counts exactly."""
    ddf = dd.from_pandas(_data(n, seed), npartitions=npartitions, sort=False)
    df = ddf.compute()
    with dask.config.set(scheduler="sync"):
        ours = _old(exd.nps, ddf, "score", by="segment", ci=None)
        kano = _old(exd.kano, ddf, "functional", "dysfunctional", feature="feature")
    theirs = ex.nps(df["score"], by=df["segment"], ci=None)
    for column in ("n", "promoters", "passives", "detractors"):
        assert ours[column].tolist() == theirs[column].tolist()
    expected = ex.kano(df["functional"], df["dysfunctional"], feature=df["feature"])
    pd.testing.assert_frame_equal(kano, expected)


def test_bad_answer_raises_the_in_memory_error() -> None:
    """An out-of-range answer in one partition raises the in-memory error, word for word."""
    df = _data(600)
    df.loc[450, "score"] = 11
    with pytest.raises(InvalidScoreError) as want:
        ex.nps(df["score"])
    with pytest.raises(InvalidScoreError) as got:
        _old(exd.nps, dd.from_pandas(df, npartitions=4), "score")
    assert str(got.value) == str(want.value)
    assert "(first: 11.0 at position 450)" in str(got.value)


def test_missing_column_is_a_schema_error(dataset: Path) -> None:
    """A column the frame lacks raises SchemaError naming it."""
    with pytest.raises(SchemaError, match="nps_answer"):
        _old(exd.nps, dd.read_parquet(dataset), "nps_answer")


def test_fulfilment_counts_only_the_commitments_rows() -> None:
    """With a commitment column, only that commitment's rows count; none is an error."""
    df = _data(400)
    ddf = dd.from_pandas(df, npartitions=3)
    _assert_same(_old(exd.fulfilment, COMMITMENT, ddf), fulfilment(COMMITMENT, df))
    other = ex.Commitment(name="refund in a week", metric="days", target=7, unit="days")
    with pytest.raises(InsufficientDataError, match="commitment 'refund in a week'"):
        _old(exd.fulfilment, other, ddf)


def test_import_expectations_does_not_import_dask() -> None:
    """``import expectations`` leaves dask (and the streaming readers) unimported."""
    import subprocess
    import sys

    probe = ("import sys, expectations; "
             "print(any(m == 'dask' or m.startswith('dask.') for m in sys.modules), "
             "'expectations.streaming' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,  # noqa: S603
                          check=True)
    assert done.stdout.split() == ["False", "False"]


def _mixed_keys(n: int = 120) -> pd.DataFrame:
    """Key columns whose values are 1 (int) and "1" (text) in different partitions."""
    df = _data(n, seed=5)
    half = n // 2
    for column in ("segment", "store", "feature"):
        df[column] = pd.Series([1] * half + ["1"] * (n - half), dtype=object)
    return df


@pytest.mark.filterwarnings("ignore::expectations.errors.SmallSampleWarning")
@pytest.mark.parametrize("npartitions", [1, 2])
def test_int_and_text_keys_stay_apart_across_partitions(npartitions: int) -> None:
    """Partitions holding the key 1 and the key "1" give pandas' two groups."""
    df = _mixed_keys()
    with dask.config.set({"dataframe.convert-string": False}):
        ddf = dd.from_pandas(df, npartitions=npartitions, sort=False)
    table = _old(exd.nps, ddf, "score", by="segment", ci=None)
    assert [repr(k) for k in table.index] == ["1", "'1'"]
    assert table["n"].tolist() == [60, 60]
    for ours, theirs in _cases(ddf, df):
        _assert_same(ours, theirs)
