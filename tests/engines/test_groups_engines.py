"""The many-group and over-time counters: funnel, league table, segments, consistency, trend.

Reference: the pandas path of the same rows (the in-memory functions on the
columns as Series), which the engine results must equal: counts exactly,
floats to 1e-12 (:func:`tests.engines._frames.assert_same`). Valid data must
be counted in the engine: the tests make collecting the rows an error
(:func:`counted_only`), so a counter that quietly fell back to the rows would
fail. Bad input must give the pandas path's error and message; the options
that need the rows (``metric="mean"``, ``dedupe``) must still give the
pandas result.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest
from tests.engines._frames import as_engine, as_pandas, assert_same, with_cell, with_missing

import expectations as ex
from expectations.engine import _dispatch, _groups

pytestmark = pytest.mark.filterwarnings(
    "ignore:Dask support is moving out of Narwhals:FutureWarning")

LOCAL = ("polars", "polars-lazy", "pyarrow", "duckdb", "dask")
SEGMENTS = ("north", "south", "east", "west")


def rows(n: int = 480, seed: int = 11) -> pd.DataFrame:
    """Survey rows in shuffled order: answers on three scales, keys, weights, timestamps."""
    rng = np.random.default_rng(seed)
    hours = rng.integers(0, 400 * 24, n)
    return pd.DataFrame({
        "score": rng.integers(0, 11, n),
        "csat": rng.integers(1, 6, n),
        "ces": rng.integers(1, 8, n),
        "seg": rng.choice(SEGMENTS, n).astype(object),
        "reg": rng.choice(["city", "rural"], n).astype(object),
        "store": rng.integers(1, 4, n),
        "w": rng.uniform(0.2, 3.0, n),
        "when": pd.Timestamp("2023-12-30 05:00") + pd.to_timedelta(hours, unit="h"),
    })


ROWS = rows()

#: Calls with column names; each is run on the pandas frame and on every engine.
CALLS: dict[str, Callable[[object], object]] = {
    "funnel-nps-weighted": lambda d: ex.funnel("score", by="seg", weights="w", data=d),
    "funnel-csat-two-keys-target": lambda d: ex.funnel("csat", by=["seg", "reg"],
                                                       metric="csat", target=50.0, data=d),
    "funnel-top-box": lambda d: ex.funnel("ces", by="store", metric="top_box",
                                          scale=ex.Scale(1, 7), top=3, data=d),
    "league-csat-weighted": lambda d: ex.league_table("csat", by="seg", metric="csat",
                                                      weights="w", rng=3, data=d),
    "league-nps-two-keys": lambda d: ex.league_table("score", by=["seg", "store"], rng=4,
                                                     n_resamples=200, data=d),
    "compare-nps": lambda d: ex.compare_segments("score", "seg", data=d),
    "compare-ces-two-keys": lambda d: ex.compare_segments("ces", ["seg", "reg"], metric="ces",
                                                          correction="bh", data=d),
    "compare-csat-permutation": lambda d: ex.compare_segments(
        "csat", "seg", metric="csat", test="permutation", rng=5, n_resamples=300, data=d),
    "consistency-csat": lambda d: ex.consistency("csat", "seg", data=d),
    "consistency-nps-two-keys": lambda d: ex.consistency("score", ["seg", "reg"],
                                                         metric="nps", correction=None, data=d),
    "consistency-ces": lambda d: ex.consistency("ces", "store", metric="ces", data=d),
    "trend-nps-month-by": lambda d: ex.trend("score", "when", by="seg", data=d),
    "trend-csat-week-window": lambda d: ex.trend("csat", "when", metric="csat", freq="W",
                                                 window=3, data=d),
    "trend-ces-quarter": lambda d: ex.trend("ces", "when", metric="ces", freq="Q", data=d),
    "trend-nps-day": lambda d: ex.trend("score", "when", freq="D", confidence=0.9, data=d),
    "trend-nps-year-two-keys": lambda d: ex.trend("score", "when", by=["seg", "reg"], freq="Y",
                                                  data=d),
}


def _quiet(thunk: Callable[[], object]) -> object:
    """Run a call with the library's own small-sample warnings silenced (both paths warn)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", module="expectations")
        warnings.filterwarnings("ignore", message=".*(fewer than|small).*")
        return thunk()


def _comparable(result: object) -> object:
    """Give periods as text and bands as values: Polars and Arrow keep neither type."""
    if isinstance(result, ex.ConsistencyResult):
        return result
    assert isinstance(result, pd.DataFrame)
    out = result.copy()
    if "period" in (out.index.names or []):
        frame = out.reset_index()
        frame["period"] = frame["period"].astype(str)
        out = frame.set_index(list(result.index.names))
    if "band" in out.columns:
        out["band"] = out["band"].astype(object)
    return out


def check(got: object, want: object) -> None:
    """Assert an engine's result equals the pandas path's, whatever library it came back in."""
    if isinstance(want, pd.DataFrame):
        got = as_pandas(got, [n for n in want.index.names if n is not None])
        got, want = _comparable(got), _comparable(want)
    assert_same(got, want)


@pytest.fixture
def counted_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make collecting the rows an error: the result must come from the engine's counts."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the rows were collected: the counter gave way")

    monkeypatch.setattr(_dispatch, "collect", refuse)


@pytest.fixture
def rows_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count how often the rows are collected (options that need them)."""
    seen: list[int] = []
    real = _dispatch.collect

    def spy(*args: Any, **kwargs: Any) -> pd.DataFrame:
        seen.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(_dispatch, "collect", spy)
    return seen


@pytest.fixture(autouse=True)
def synchronous_dask() -> Iterator[None]:
    """Dask's synchronous scheduler: no threads, so a failure points at the line."""
    import dask

    with dask.config.set(scheduler="synchronous"):
        yield


_REFERENCES: dict[str, object] = {}


def reference(name: str) -> object:
    """Return the pandas path's result of a call on :data:`ROWS` (computed once)."""
    if name not in _REFERENCES:
        _REFERENCES[name] = _quiet(lambda: CALLS[name](ROWS.copy()))
    return _REFERENCES[name]


#: Dask costs a few tenths of a second a call: one call per function (and the cluster test).
DASK_CALLS = ("funnel-csat-two-keys-target", "league-nps-two-keys", "compare-csat-permutation",
              "consistency-ces", "trend-csat-week-window")


@pytest.mark.parametrize(("engine", "name"), [
    (engine, name) for engine in LOCAL for name in CALLS
    if engine != "dask" or name in DASK_CALLS])
def test_counts_equal_pandas(engine: str, name: str, counted_only: None) -> None:
    """Every engine's counts give the pandas result, without collecting the rows."""
    got = _quiet(lambda: CALLS[name](as_engine(engine, ROWS)))
    check(got, reference(name))


def test_every_function_has_a_counter() -> None:
    assert set(_groups.COUNTS) == {
        "expectations.groups.funnel:funnel", "expectations.groups.league:league_table",
        "expectations.segmentation.compare:compare_segments",
        "expectations.voice.consistency:consistency", "expectations.kpis.trend:trend"}


def test_trend_counts_days_not_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only (key, period, answer) counts come back: timestamps are truncated in the engine."""
    tables: list[int] = []
    real = _groups.count_table

    def spy(*args: Any, **kwargs: Any) -> pd.DataFrame:
        out = real(*args, **kwargs)
        tables.append(len(out))
        return out

    monkeypatch.setattr(_groups, "count_table", spy)
    frame = as_engine("polars-lazy", ROWS)
    _quiet(lambda: ex.trend("score", "when", by="seg", freq="Q", data=frame))
    # 5 quarters x 4 segments x 11 answers at most, from 480 distinct timestamps.
    assert tables
    assert tables[0] <= 5 * 4 * 11 < ROWS["when"].nunique()


# ------------------------------------------------------------------ odd dtypes and rows


def _odd(frame: pd.DataFrame, kind: str) -> tuple[object, pd.DataFrame]:
    """Build an engine frame of odd dtypes, and the pandas rows the in-memory path sees."""
    import polars as pl

    table = pl.from_pandas(frame)
    if kind == "categorical":
        table = table.with_columns(pl.col("seg").cast(pl.Categorical))
    elif kind == "enum":
        table = table.with_columns(pl.col("seg").cast(pl.Enum(list(SEGMENTS))))
    elif kind == "int8":
        table = table.with_columns(pl.col("score", "csat").cast(pl.Int8))
    elif kind == "nullable":
        table = table.with_columns(
            pl.when(pl.int_range(pl.len()) % 7 == 0).then(None).otherwise(pl.col("score"))
            .alias("score"),
            pl.when(pl.int_range(pl.len()) % 11 == 0).then(None).otherwise(pl.col("seg"))
            .alias("seg"))
    return table.lazy(), table.to_pandas()


ODD_CALLS: dict[str, Callable[[object], object]] = {
    "funnel": lambda d: ex.funnel("score", by="seg", weights="w", missing="drop", data=d),
    "league": lambda d: ex.league_table("score", by="seg", missing="drop", rng=2, data=d),
    "compare": lambda d: ex.compare_segments("score", "seg", missing="drop", data=d),
    "consistency": lambda d: ex.consistency("score", "seg", metric="nps", missing="drop",
                                            data=d),
    "trend": lambda d: ex.trend("score", "when", by="seg", freq="M", missing="drop", data=d),
}


@pytest.mark.parametrize("name", list(ODD_CALLS))
@pytest.mark.parametrize("kind", ["int8", "nullable", "categorical", "shuffled"])
def test_odd_dtypes_equal_pandas(kind: str, name: str, counted_only: None) -> None:
    """Int8 answers, nulls, Polars Categorical keys, shuffled rows: the pandas result."""
    frame = ROWS.sample(frac=1.0, random_state=3) if kind == "shuffled" else ROWS
    engine_frame, same_rows = _odd(frame, kind)
    want = _quiet(lambda: ODD_CALLS[name](same_rows))
    check(_quiet(lambda: ODD_CALLS[name](engine_frame)), want)


def test_trend_enum_keys_keep_their_order(counted_only: None) -> None:
    """A Polars Enum's order is the key order, as in the pandas path of the same rows."""
    engine_frame, same_rows = _odd(ROWS, "enum")
    want = _quiet(lambda: ODD_CALLS["trend"](same_rows))
    got = _quiet(lambda: ODD_CALLS["trend"](engine_frame))
    check(got, want)
    assert list(dict.fromkeys(want.index.get_level_values("seg"))) == list(SEGMENTS)


@pytest.mark.parametrize("name", ["funnel", "league", "compare", "consistency"])
def test_enum_keys_keep_their_order(name: str, counted_only: None) -> None:
    engine_frame, same_rows = _odd(ROWS, "enum")
    want = _quiet(lambda: ODD_CALLS[name](same_rows))
    check(_quiet(lambda: ODD_CALLS[name](engine_frame)), want)


# ------------------------------------------------------------------ dates


def _zoned(zone: str) -> pd.DataFrame:
    """Rows whose timestamps carry a time zone, across a daylight-saving change."""
    out = ROWS.copy()
    out["when"] = out["when"].dt.tz_localize(zone, nonexistent="shift_forward",
                                             ambiguous="NaT")
    out = out[out["when"].notna()].reset_index(drop=True)
    return out


# DuckDB keeps no zone per column (TIMESTAMPTZ is read in the session's zone), so its
# rows path differs from pandas too; its counter reads the rows (see _groups._WALL_CLOCK).
@pytest.mark.parametrize("engine", ["polars", "pyarrow", "dask"])
@pytest.mark.parametrize("freq", ["D", "M"])
def test_trend_time_zones_read_on_the_wall_clock(engine: str, freq: str,
                                                 counted_only: None) -> None:
    """Local days and months (late-evening answers stay on their own day), as in pandas."""
    frame = _zoned("America/New_York")
    want = _quiet(lambda: ex.trend("score", "when", freq=freq, data=frame))
    got = _quiet(lambda: ex.trend("score", "when", freq=freq, data=as_engine(engine, frame)))
    check(got, want)


@pytest.mark.parametrize("engine", ["polars", "pyarrow", "duckdb"])
def test_trend_of_date_columns(engine: str, counted_only: None) -> None:
    """A date column (no time) is counted per period too."""
    import polars as pl

    table = pl.from_pandas(ROWS).with_columns(pl.col("when").dt.date())
    native = {"polars": table, "pyarrow": table.to_arrow()}.get(engine)
    if native is None:
        import duckdb

        native = duckdb.connect().from_arrow(table.to_arrow())
    want = _quiet(lambda: ex.trend("csat", "when", metric="csat", freq="Q", data=table.to_pandas()))
    check(_quiet(lambda: ex.trend("csat", "when", metric="csat", freq="Q", data=native)), want)


# ------------------------------------------------------------------ options that need the rows


NEED_ROWS: dict[str, Callable[[object], object]] = {
    "compare-mean": lambda d: ex.compare_segments("score", "seg", metric="mean", data=d),
    "trend-mean": lambda d: ex.trend("w", "when", metric="mean", freq="Q", data=d),
    "trend-dedupe": lambda d: ex.trend("score", "when", freq="Q", dedupe="latest",
                                       respondents="store", data=d),
}


@pytest.mark.parametrize("name", list(NEED_ROWS))
@pytest.mark.parametrize("engine", ["polars-lazy", "duckdb"])
def test_options_that_need_rows_read_them(engine: str, name: str, rows_read: list[int]) -> None:
    """The mean and dedupe read the rows, and give the pandas result."""
    want = _quiet(lambda: NEED_ROWS[name](ROWS.copy()))
    got = _quiet(lambda: NEED_ROWS[name](as_engine(engine, ROWS)))
    check(got, want)
    assert rows_read


# ------------------------------------------------------------------ bad input


def _outcome(thunk: Callable[[], object]) -> tuple[type[BaseException], str] | None:
    try:
        _quiet(thunk)
    except Exception as exc:  # any error: compared with the pandas path's
        return type(exc), str(exc)
    return None


BAD: dict[str, tuple[Callable[[object], object], pd.DataFrame]] = {
    "funnel-eleven": (CALLS["funnel-nps-weighted"], with_cell(ROWS, "score", 17, 11)),
    "funnel-negative-weight": (CALLS["funnel-nps-weighted"], with_cell(ROWS, "w", 5, -1.0)),
    "funnel-missing-raise": (CALLS["funnel-nps-weighted"], with_cell(ROWS, "score", 9, np.nan)),
    "league-negative-weight": (CALLS["league-csat-weighted"], with_cell(ROWS, "w", 40, -0.5)),
    "league-six": (CALLS["league-csat-weighted"], with_cell(ROWS, "csat", 3, 6)),
    "compare-eleven": (CALLS["compare-nps"], with_cell(ROWS, "score", 30, 11)),
    "compare-missing-key": (CALLS["compare-nps"], with_cell(ROWS, "seg", 12, None)),
    "consistency-missing-raise": (CALLS["consistency-csat"], with_cell(ROWS, "csat", 2, np.nan)),
    "consistency-eight": (CALLS["consistency-ces"], with_cell(ROWS, "ces", 8, 8)),
    "trend-eleven": (CALLS["trend-nps-month-by"], with_cell(ROWS, "score", 100, 11)),
    "trend-half": (CALLS["trend-nps-day"], with_cell(ROWS, "score", 7, 8.5)),
    "trend-missing-date": (CALLS["trend-nps-day"], with_cell(ROWS, "when", 4, None)),
    "trend-missing-column": (lambda d: ex.trend("nps", "when", data=d), ROWS),
    "funnel-missing-column": (lambda d: ex.funnel("score", by="shop", data=d), ROWS),
    "trend-text-dates": (CALLS["trend-nps-day"],
                         ROWS.assign(when=ROWS["when"].dt.strftime("%Y-%m-%d"))),
    "funnel-bad-target": (lambda d: ex.funnel("score", by="seg", target=150, data=d), ROWS),
    "funnel-no-by": (lambda d: ex.funnel("score", by=None, data=d), ROWS),
    "funnel-bool-weights": (lambda d: ex.funnel("score", by="seg", weights="b", data=d),
                            ROWS.assign(b=ROWS["w"] > 1)),
    "league-zero-weights": (lambda d: ex.league_table("score", by="seg", weights="z", data=d),
                            ROWS.assign(z=0.0)),
    "compare-bool-scores": (lambda d: ex.compare_segments("b", "seg", data=d),
                            ROWS.assign(b=ROWS["w"] > 1)),
    "consistency-half": (CALLS["consistency-csat"], ROWS.assign(csat=ROWS["csat"] + 0.5)),
    "consistency-one-group": (lambda d: ex.consistency("csat", "reg", data=d),
                              ROWS.assign(reg="x")),
    "trend-text-scores": (CALLS["trend-nps-day"], ROWS.assign(score=ROWS["score"].astype(str))),
    "trend-dates-none": (lambda d: ex.trend("score", None, data=d), ROWS),
    "funnel-scores-none": (lambda d: ex.funnel(None, by="seg", data=d), ROWS),
    "consistency-scores-none": (lambda d: ex.consistency(None, "seg", data=d), ROWS),
}


@pytest.mark.parametrize("name", list(BAD))
@pytest.mark.parametrize("engine", ["polars-lazy", "pyarrow", "duckdb"])
def test_bad_input_gives_the_pandas_error(engine: str, name: str) -> None:
    """Bad values, weights, keys, dates and columns: the pandas path's error and message."""
    call, frame = BAD[name]
    want = _outcome(lambda: call(frame.copy()))
    assert want is not None, "the pandas path must refuse this input"
    assert _outcome(lambda: call(as_engine(engine, frame))) == want


@pytest.mark.parametrize("name", ["funnel-eleven", "trend-missing-date", "compare-missing-key"])
def test_bad_input_through_dask(name: str) -> None:
    call, frame = BAD[name]
    assert _outcome(lambda: call(as_engine("dask", frame))) == _outcome(lambda: call(frame))


def _dropping() -> pd.DataFrame:
    """:data:`ROWS` with missing answers, keys and dates, to drop and count."""
    out = with_missing(ROWS, ["score", "csat"], 9)
    out = with_missing(out, ["seg"], 13, start=4)
    return with_missing(out, ["when"], 17, start=2)


DROPPING = _dropping()

DROP_CALLS: dict[str, Callable[[object], object]] = {
    "funnel": lambda d: ex.funnel("score", by="seg", weights="w", missing="drop", data=d),
    "league": lambda d: ex.league_table("csat", by=["seg", "reg"], metric="csat",
                                        missing="drop", rng=1, data=d),
    "compare": lambda d: ex.compare_segments("score", "seg", missing="drop", data=d),
    "consistency": lambda d: ex.consistency("csat", "seg", missing="drop", data=d),
    "trend-by": lambda d: ex.trend("score", "when", by="seg", missing="drop", data=d),
    "trend": lambda d: ex.trend("csat", "when", metric="csat", window=2, missing="drop", data=d),
}


@pytest.mark.parametrize("name", list(DROP_CALLS))
def test_dropped_rows_are_counted_as_in_pandas(name: str, counted_only: None) -> None:
    """missing="drop": the same table and the same counts of dropped rows (``attrs``)."""
    want = _quiet(lambda: DROP_CALLS[name](DROPPING.copy()))
    got = _quiet(lambda: DROP_CALLS[name](as_engine("duckdb", DROPPING)))
    check(got, want)
    table, expected = ((got.groups, want.groups) if isinstance(want, ex.ConsistencyResult)
                       else (got, want))
    assert any(count > 0 for key, count in expected.attrs.items() if key.startswith("n_dropped"))
    assert_same(dict(table.attrs), dict(expected.attrs), "attrs")


# ------------------------------------------------------------------ files, clusters, Spark


def test_scan_of_a_csv_equals_pandas(tmp_path: Any) -> None:
    """A CSV's text dates (with offsets, read on the wall clock) and answers, through a scan."""
    frame = ROWS.copy()
    text = frame.assign(when=frame["when"].dt.strftime("%Y-%m-%dT%H:%M:00+02:00"))
    path = tmp_path / "answers.csv"
    text.to_csv(path, index=False)
    data = ex.scan(path)
    for name in ("trend-nps-month-by", "funnel-nps-weighted", "compare-nps",
                 "consistency-csat"):
        check(_quiet(lambda name=name: CALLS[name](data)), reference(name))


def test_dask_cluster_equals_pandas(dask_client: Any) -> None:
    """On two worker processes, Dask gives the pandas result (trend by two keys)."""
    name = "trend-nps-year-two-keys"
    check(_quiet(lambda: CALLS[name](as_engine("dask", ROWS))), reference(name))


SPARK_CALLS = ("funnel-nps-weighted", "league-csat-weighted", "compare-csat-permutation",
               "consistency-nps-two-keys", "trend-nps-month-by")


@pytest.fixture(scope="module")
def spark_rows(spark: Any) -> object:
    """Build the rows as one Spark frame, for every Spark test of the module."""
    return as_engine("pyspark", ROWS, spark)


@pytest.mark.parametrize("name", SPARK_CALLS)
def test_spark_equals_pandas(name: str, spark_rows: object, counted_only: None) -> None:
    check(_quiet(lambda: CALLS[name](spark_rows)), reference(name))
