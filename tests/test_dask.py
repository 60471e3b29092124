"""Dask scores equal the in-memory scores of the computed data.

The reference is each in-memory function (itself checked against published
examples, statsmodels and scipy in its own tests) applied to the pandas
DataFrame the dask DataFrame computes to, on a partitioned Parquet dataset
written by the test. Runs with the synchronous and threaded schedulers and
with a ``dask.distributed`` LocalCluster of two worker processes.
"""

from __future__ import annotations

from collections.abc import Iterator
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
from expectations.errors import InvalidScoreError, SchemaError  # noqa: E402
from expectations.gaps.kano import KANO_ANSWERS  # noqa: E402

# dask's Parquet reader (dask 2026.8) still calls reset_index(inplace=True), which
# pandas 3.1 deprecates; the warning is dask's, not ours.
pytestmark = pytest.mark.filterwarnings(
    # Named by its base class: Pandas4Warning does not exist in pandas 2.2.
    "ignore:The inplace keyword in DataFrame.reset_index:DeprecationWarning")

COMMITMENT = ex.Commitment(name="two-day delivery", metric="days", target=2, unit="days")


def _data(n: int = 4000, seed: int = 11) -> pd.DataFrame:
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


@pytest.fixture(params=["sync", "threads"])
def scheduler(request: pytest.FixtureRequest) -> Iterator[str]:
    with dask.config.set(scheduler=request.param):
        yield request.param


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


def _cases(ddf: Any, df: pd.DataFrame) -> list[tuple[object, object]]:
    """Pairs (dask result, in-memory result) covering every function, with and without by."""
    pairs: list[tuple[object, object]] = []
    for by in (None, "segment", ["segment", "store"]):
        keys = None if by is None else df[by]
        pairs += [
            (exd.nps(ddf, "score", by=by), ex.nps(df["score"], by=keys)),  # type: ignore[call-overload]
            (exd.nps(ddf, "score", by=by, weights="weight"),  # type: ignore[call-overload]
             ex.nps(df["score"], by=keys, weights=df["weight"])),
            (exd.csat(ddf, "csat", by=by), ex.csat(df["csat"], by=keys)),  # type: ignore[call-overload]
            (exd.ces(ddf, "ces", by=by, weights="weight"),  # type: ignore[call-overload]
             ex.ces(df["ces"], by=keys, weights=df["weight"])),
            (exd.top_box(ddf, "score", scale=ex.Scale(0, 10), top=3, by=by),  # type: ignore[call-overload]
             ex.top_box(df["score"], scale=ex.Scale(0, 10), top=3, by=keys)),
            (exd.tolerance_zone(ddf, "perceived", "adequate", "desired", by=by),  # type: ignore[call-overload]
             ex.tolerance_zone(df["perceived"], df["adequate"], df["desired"], by=keys)),
            (exd.fulfilment(COMMITMENT, ddf, by=by),  # type: ignore[call-overload]
             fulfilment(COMMITMENT, df, by=by)),
        ]
    for feature in (None, "feature"):
        pairs.append((exd.kano(ddf, "functional", "dysfunctional", feature=feature),  # type: ignore[call-overload]
                      ex.kano(df["functional"], df["dysfunctional"],
                              feature=None if feature is None else df[feature])))
    return pairs


def test_every_score_equals_in_memory(dataset: Path, scheduler: str) -> None:
    """Every dask score equals its in-memory namesake on the computed data."""
    ddf = dd.read_parquet(dataset)
    assert ddf.npartitions > 1
    df = ddf.compute()
    for ours, theirs in _cases(ddf, df):
        _assert_same(ours, theirs)


def test_counts_are_exact_integers(dataset: Path) -> None:
    """Grouped NPS counts equal an independent pandas crosstab exactly."""
    ddf = dd.read_parquet(dataset)
    df = ddf.compute()
    table = exd.nps(ddf, "score", by="segment", split_every=2)
    category = pd.cut(df["score"], [-1, 6, 8, 10],
                      labels=["detractors", "passives", "promoters"])
    expected = pd.crosstab(df["segment"], category)
    for column in ("detractors", "passives", "promoters"):
        assert table[column].to_numpy().tolist() == expected[column].to_numpy(float).tolist()


# Tiny random partitions make small groups: their warning is expected here.
@pytest.mark.filterwarnings("ignore::expectations.errors.SmallSampleWarning")
@settings(max_examples=10, deadline=None)
@given(n=st.integers(1, 200), npartitions=st.integers(1, 12), seed=st.integers(0, 2**16),
       split_every=st.sampled_from([None, 2, 3]))
def test_partitioning_does_not_change_counts(n: int, npartitions: int, seed: int,
                                             split_every: int | None) -> None:
    """Any partitioning and tree shape gives the in-memory counts exactly."""
    ddf = dd.from_pandas(_data(n, seed), npartitions=npartitions, sort=False)
    df = ddf.compute()
    with dask.config.set(scheduler="sync"):
        ours = exd.nps(ddf, "score", by="segment", ci=None, split_every=split_every)
        kano = exd.kano(ddf, "functional", "dysfunctional", feature="feature",
                        split_every=split_every)
    theirs = ex.nps(df["score"], by=df["segment"], ci=None)
    for column in ("n", "promoters", "passives", "detractors"):
        assert ours[column].tolist() == theirs[column].tolist()
    expected = ex.kano(df["functional"], df["dysfunctional"], feature=df["feature"])
    pd.testing.assert_frame_equal(kano, expected)


def test_bad_answer_in_one_partition_raises_the_library_error(dataset: Path) -> None:
    """An out-of-range answer in one partition raises InvalidScoreError naming it."""
    df = _data(600)
    df.loc[450, "score"] = 11
    ddf = dd.from_pandas(df, npartitions=4)
    with dask.config.set(scheduler="sync"), pytest.raises(
            InvalidScoreError, match=r"integers in 0\.\.10 for NPS.*first: 11.*partition"):
        exd.nps(ddf, "score")


def test_missing_column_is_a_schema_error(dataset: Path) -> None:
    """A column the frame lacks raises SchemaError before computing."""
    with pytest.raises(SchemaError, match="nps_answer"):
        exd.nps(dd.read_parquet(dataset), "nps_answer")


def test_pandas_input_is_refused() -> None:
    """A pandas DataFrame is pointed to the in-memory functions."""
    with pytest.raises(ex.errors.InvalidParameterError, match="dask DataFrame"):
        exd.nps(pd.DataFrame({"score": [1]}), "score")  # type: ignore[arg-type]


@pytest.mark.slow
# distributed's LocalCluster may warn about ports, memory limits or closing
# workers while it shuts down; none of that concerns the results checked here.
@pytest.mark.filterwarnings("ignore::DeprecationWarning:distributed")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::UserWarning:distributed")
def test_distributed_cluster_of_processes(dataset: Path) -> None:
    """On a LocalCluster of two worker processes, every score equals the in-memory one."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster):
        ddf = dd.read_parquet(dataset)
        df = ddf.compute()
        for ours, theirs in _cases(ddf, df):
            _assert_same(ours, theirs)


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
@pytest.mark.parametrize("npartitions", [1, 2, 5])
def test_int_and_text_keys_stay_apart_across_partitions(scheduler: str,
                                                        npartitions: int) -> None:
    """Partitions holding the key 1 and the key "1" give pandas' two groups, everywhere."""
    df = _mixed_keys()
    with dask.config.set({"dataframe.convert-string": False}):
        ddf = dd.from_pandas(df, npartitions=npartitions, sort=False)
    parts = [set(map(type, p["segment"].compute())) for p in ddf.partitions]
    if npartitions > 1:  # the two keys are in different partitions
        assert {int} in parts
        assert {str} in parts
    table = exd.nps(ddf, "score", by="segment", ci=None)
    assert [repr(k) for k in table.index] == ["1", "'1'"]
    assert table["n"].tolist() == [60, 60]
    for ours, theirs in _cases(ddf, df):
        _assert_same(ours, theirs)


def test_dask_string_conversion_is_what_merges_mixed_keys() -> None:
    """With dask's default string conversion, results equal pandas on the computed frame."""
    df = _mixed_keys()
    with dask.config.set({"dataframe.convert-string": True}, scheduler="sync"):
        ddf = dd.from_pandas(df, npartitions=3, sort=False)
        computed = ddf.compute()
        ours = exd.nps(ddf, "score", by="segment", ci=None)
    theirs = ex.nps(computed["score"], by=computed["segment"], ci=None)
    _assert_same(ours, theirs)
    assert ours.index.tolist() == ["1"]
