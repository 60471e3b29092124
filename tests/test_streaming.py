"""Streaming scores equal the in-memory scores of the whole file.

The in-memory functions are checked against published examples and
statsmodels in tests/scoring; here the reference is the in-memory function
applied to ``pandas.read_csv`` / ``pandas.read_parquet`` of the same file,
plus an independent count with ``pandas.Series.value_counts``.

``stream_*`` are deprecated aliases of ``expectations.nps(column, ...,
data=expectations.scan(path))`` and friends: every call here expects their
DeprecationWarning (:func:`_deprecated`), then checks the result or error
as before. ``engine="auto"`` reaches Polars or DuckDB when installed (the
counts made in the engine); ``"pyarrow"`` and ``"pandas"`` the chunk reader.
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import expectations as ex
from expectations import streaming
from expectations.errors import InsufficientDataError, InvalidScoreError, SchemaError

HAS_LAZY = any(importlib.util.find_spec(name) is not None for name in ("polars", "duckdb"))
needs_lazy = pytest.mark.skipif(not HAS_LAZY, reason="needs Polars or DuckDB")


def _deprecated(function: Callable[..., Any]) -> Callable[..., Any]:
    """Call a stream_* function expecting its DeprecationWarning, with the words it promises."""
    public = function.__name__.removeprefix("stream_")
    words = (rf"^{function.__name__} is deprecated and will be removed in 0\.4; use "
             rf"expectations\.{public}\(column, \.\.\., data=expectations\.scan\(path\)\)$")

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        with pytest.warns(DeprecationWarning, match=words):
            return function(*args, **kwargs)
    return call


stream_nps = _deprecated(streaming.stream_nps)
stream_top_box = _deprecated(streaming.stream_top_box)
stream_csat = _deprecated(streaming.stream_csat)
stream_ces = _deprecated(streaming.stream_ces)

COUNT_COLUMNS = ["n", "n_dropped", "promoters", "passives", "detractors"]


def _responses(n: int = 3000, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "score": rng.integers(0, 11, n),
        "csat": rng.integers(1, 6, n),
        "ces": rng.integers(1, 8, n),
        "segment": rng.choice(["gold", "silver", "bronze"], n),
        "store": rng.integers(1, 4, n),
        "date": rng.choice(["2024-01-01", "2024-02-01"], n),
        "weight": rng.uniform(0.5, 2.0, n).round(3),
    })


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("stream")
    df = _responses()
    df.to_csv(folder / "r.csv", index=False)
    df.to_parquet(folder / "r.parquet", index=False)
    return {"csv": folder / "r.csv", "parquet": folder / "r.parquet"}


def _read(path: Path) -> pd.DataFrame:
    return pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)


def _assert_same(ours: object, theirs: object) -> None:
    if isinstance(theirs, pd.DataFrame):
        assert isinstance(ours, pd.DataFrame)
        pd.testing.assert_frame_equal(ours, theirs, check_exact=False, rtol=1e-12, atol=1e-12)
        assert ours.attrs == theirs.attrs
    else:
        assert type(ours) is type(theirs)
        a, b = ours.to_dict(), theirs.to_dict()  # type: ignore[attr-defined]
        assert a.keys() == b.keys()
        for key in a:
            if isinstance(b[key], float):
                assert a[key] == pytest.approx(b[key], rel=1e-12, abs=1e-12, nan_ok=True), key
            else:
                assert a[key] == b[key], key


SOURCES = [("csv", "pyarrow"), ("csv", "pandas"), ("parquet", "auto"),
           pytest.param("csv", "auto", marks=needs_lazy)]
BYS = [None, "segment", ["segment", "store"], "date"]


@pytest.mark.parametrize(("fmt", "engine"), SOURCES)
@pytest.mark.parametrize("by", BYS)
def test_nps_equals_in_memory(files: dict[str, Path], fmt: str, engine: str,
                              by: object) -> None:
    """stream_nps on a file equals nps on the file read whole, for every reader and grouping."""
    df = _read(files[fmt])
    ours = stream_nps(files[fmt], "score", by=by, chunk_rows=250, engine=engine)  # type: ignore[call-overload]
    theirs = ex.nps(df["score"], by=None if by is None else df[by])
    _assert_same(ours, theirs)


def test_nps_counts_equal_value_counts(files: dict[str, Path]) -> None:
    """Grouped counts equal an independent pandas count of the categories."""
    df = pd.read_csv(files["csv"])
    table = stream_nps(files["csv"], "score", by="segment", chunk_rows=100)
    category = pd.cut(df["score"], [-1, 6, 8, 10], labels=["detractors", "passives",
                                                             "promoters"])
    expected = pd.crosstab(df["segment"], category)
    for column in ("detractors", "passives", "promoters"):
        assert table[column].astype(np.int64).tolist() == expected[column].tolist()


@pytest.mark.parametrize(("fmt", "engine"), SOURCES)
@pytest.mark.parametrize("by", [None, "segment"])
def test_weighted_nps_equals_in_memory(files: dict[str, Path], fmt: str, engine: str,
                                       by: str | None) -> None:
    """Weighted streaming NPS equals the in-memory weighted NPS to 1e-12."""
    df = _read(files[fmt])
    ours = stream_nps(files[fmt], "score", by=by, weights="weight", chunk_rows=300,  # type: ignore[call-overload]
                      engine=engine)
    theirs = ex.nps(df["score"], by=None if by is None else df[by], weights=df["weight"])
    _assert_same(ours, theirs)


@pytest.mark.parametrize(("fmt", "engine"), SOURCES)
@pytest.mark.parametrize("by", [None, "segment", ["store", "segment"]])
@pytest.mark.parametrize("weights", [None, "weight"])
def test_box_scores_equal_in_memory(files: dict[str, Path], fmt: str, engine: str,
                                    by: object, weights: str | None) -> None:
    """stream_top_box, stream_csat and stream_ces equal their in-memory namesakes."""
    df = _read(files[fmt])
    keys = None if by is None else df[by]
    w = None if weights is None else df[weights]
    options = {"by": by, "weights": weights, "chunk_rows": 400, "engine": engine}
    _assert_same(stream_csat(files[fmt], "csat", **options),  # type: ignore[arg-type]
                 ex.csat(df["csat"], by=keys, weights=w))
    _assert_same(stream_ces(files[fmt], "ces", **options),  # type: ignore[arg-type]
                 ex.ces(df["ces"], by=keys, weights=w))
    _assert_same(stream_top_box(files[fmt], "score", scale=ex.Scale(0, 10), top=3,  # type: ignore[arg-type]
                                **options),
                 ex.top_box(df["score"], scale=ex.Scale(0, 10), top=3, by=keys, weights=w))


# Tiny random groups are the point here, so their small-sample warning is expected.
@pytest.mark.filterwarnings("ignore::expectations.errors.SmallSampleWarning")
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_any_chunking_gives_the_same_counts(tmp_path_factory: pytest.TempPathFactory,
                                            data: st.DataObject) -> None:
    """Counts do not depend on the chunk size, the reader or where the gaps fall."""
    n = data.draw(st.integers(1, 120), label="n")
    scores = data.draw(st.lists(st.one_of(st.none(), st.integers(0, 10)), min_size=n,
                                max_size=n), label="scores")
    keys = data.draw(st.lists(st.sampled_from(["a", "b", "c"]), min_size=n, max_size=n))
    chunk_rows = data.draw(st.integers(1, 60), label="chunk_rows")
    engine = data.draw(st.sampled_from(["pyarrow", "pandas"]), label="engine")
    if all(s is None for s in scores):
        scores[0] = 5
    path = tmp_path_factory.mktemp("chunks") / "r.csv"
    frame = pd.DataFrame({"score": pd.array(scores, dtype="Int64"), "key": keys})
    frame.to_csv(path, index=False)
    df = pd.read_csv(path)
    ours = stream_nps(path, "score", by="key", ci=None, missing="drop",
                      chunk_rows=chunk_rows, engine=engine)
    theirs = ex.nps(df["score"], by=df["key"], ci=None, missing="drop")
    for column in COUNT_COLUMNS:
        assert ours[column].tolist() == theirs[column].tolist()


@pytest.mark.filterwarnings("ignore::expectations.errors.SmallSampleWarning")
@pytest.mark.parametrize("engine", ["pyarrow", "pandas"])
@pytest.mark.parametrize(("bad", "first"), [("11", "'11'"), ("10.5", "'10.5'")])
def test_bad_value_in_a_late_chunk_names_its_row_and_line(tmp_path: Path, engine: str,
                                                          bad: str, first: str) -> None:
    """An answer off the scale deep in the file names its line, as the report's reader does."""
    path = tmp_path / "bad.csv"
    lines = ["score,segment"] + [f"{i % 11},s{i % 3}" for i in range(500)]
    lines[1 + 437] = f"{bad},s1"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InvalidScoreError, match=r"bad\.csv, line 439, column 1 \('score'\): "
                       r"must be a whole number in 0\.\.10; 1 value is not") as info:
        stream_nps(path, "score", chunk_rows=50, engine=engine)
    assert f"(first: {first})" in str(info.value)


@pytest.mark.parametrize("engine", ["pyarrow", "pandas"])
def test_text_in_a_late_chunk_is_named_as_the_file_reader_names_it(tmp_path: Path,
                                                                    engine: str) -> None:
    """A cell that is not a number deep in the file names its line and the file's count."""
    path = tmp_path / "bad.csv"
    lines = ["score,segment"] + [f"{i % 11},s{i % 3}" for i in range(500)]
    lines[1 + 437] = "abc,s1"
    lines[1 + 480] = "0x9,s1"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InvalidScoreError, match=r"bad\.csv, line 439, column 1 \('score'\): "
                       r"must be a number; 2 values are not \(first: 'abc'\)"):
        stream_nps(path, "score", chunk_rows=50, engine=engine)


def test_decimal_integers_are_accepted(tmp_path: Path) -> None:
    """Answers written as 10.0 score like pandas reads them (the text fallback path)."""
    path = tmp_path / "floats.csv"
    values = [f"{i % 11}.0" if i > 200 else str(i % 11) for i in range(400)]
    path.write_text("score\n" + "\n".join(values) + "\n")
    ours = stream_nps(path, "score", chunk_rows=40)
    _assert_same(ours, ex.nps(pd.read_csv(path)["score"]))


def test_missing_answers_raise_or_drop(tmp_path: Path) -> None:
    """Empty answers raise with missing="raise" and are counted with missing="drop"."""
    path = tmp_path / "gaps.csv"
    values = [("" if i % 37 == 0 else str(i % 11)) + ",x" for i in range(600)]
    path.write_text("score,other\n" + "\n".join(values) + "\n")
    with pytest.raises(InvalidScoreError, match="position 0"):
        stream_nps(path, "score")
    ours = stream_nps(path, "score", missing="drop", chunk_rows=64)
    assert ours.n_dropped == 17
    _assert_same(ours, ex.nps(pd.read_csv(path)["score"], missing="drop"))


def test_missing_keys_are_dropped_and_counted(tmp_path: Path) -> None:
    """Rows with an empty group key are counted in attrs["n_dropped_keys"], as in memory."""
    path = tmp_path / "keys.csv"
    rows = [f"{i % 11},{'' if i % 50 == 0 else 'k' + str(i % 2)}" for i in range(600)]
    path.write_text("score,key\n" + "\n".join(rows) + "\n")
    df = pd.read_csv(path)
    ours = stream_nps(path, "score", by="key", missing="drop", chunk_rows=64)
    _assert_same(ours, ex.nps(df["score"], by=df["key"], missing="drop"))
    assert ours.attrs["n_dropped_keys"] == 12


def test_missing_column_is_a_schema_error(files: dict[str, Path]) -> None:
    """Naming a column the file lacks raises SchemaError before reading."""
    with pytest.raises(SchemaError, match="nps_answer"):
        stream_nps(files["csv"], "nps_answer")


def test_empty_file_has_nothing_to_score(tmp_path: Path) -> None:
    """A file with a header and no rows raises InsufficientDataError, as an empty column does."""
    path = tmp_path / "empty.csv"
    path.write_text("score,segment\n")
    with pytest.raises(InsufficientDataError):
        stream_nps(path, "score", engine="pandas")


def _numbered(n: int = 600) -> list[str]:
    return ["score,store,segment"] + [f"{i % 11},{i % 3},s{i % 2}" for i in range(n)]


@pytest.mark.parametrize("engine", ["pyarrow", "pandas"])
def test_integer_key_that_turns_to_text_is_a_schema_error(tmp_path: Path, engine: str) -> None:
    """A key column of integers that later holds text raises SchemaError naming file and line."""
    lines = _numbered()
    lines[449] = "5,abc,s0"
    path = tmp_path / "keys.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(SchemaError, match=r"keys\.csv, line 450.*'store'.*'abc'"):
        stream_nps(path, "score", by="store", chunk_rows=50, engine=engine)


def test_text_key_with_number_like_values_later_stays_text(tmp_path: Path) -> None:
    """Keys typed as text at the start stay text, also after the answers' text fallback."""
    rows = [f"{i % 11},{'shop' if i < 100 else ''}{i % 3}" for i in range(600)]
    rows[400] = "10.0,1"  # forces the answers' text path in a later block
    path = tmp_path / "shops.csv"
    path.write_text("score,shop\n" + "\n".join(rows) + "\n")
    df = pd.read_csv(path)
    ours = stream_nps(path, "score", by="shop", chunk_rows=40, engine="pyarrow")
    _assert_same(ours, ex.nps(df["score"], by=df["shop"]))
    assert sorted(ours.index) == sorted(df["shop"].unique())


@pytest.mark.parametrize(("line", "text", "message"), [
    (400, "5,1", r"line 400, column 3 \('segment'\): the line has 2 of the header's 3"),
    (300, "5,1,s0,x", r"line 300, column 4: the line has 4 values"),
    (601, "7", r"line 601, column 2 \('store'\).*truncated"),
])
def test_malformed_rows_name_their_line(tmp_path: Path, line: int, text: str,
                                        message: str) -> None:
    """Too few or too many values raise InvalidScoreError with the line, not ArrowInvalid."""
    lines = _numbered()
    lines[line - 1] = text
    path = tmp_path / "rows.csv"
    path.write_text("\n".join(lines))
    with pytest.raises(InvalidScoreError, match=message):
        stream_nps(path, "score", chunk_rows=50, engine="pyarrow")


def test_line_numbers_count_blank_lines(tmp_path: Path) -> None:
    """The line of a malformed row counts the blank lines before it, as an editor does."""
    lines = _numbered()
    lines[10:10] = ["", ""]
    lines[401] = "5,1"
    path = tmp_path / "blank.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InvalidScoreError, match=r"line 402, column 3"):
        stream_nps(path, "score", chunk_rows=50, engine="pyarrow")


@pytest.mark.parametrize("engine", ["pyarrow", "pandas"])
def test_empty_file_is_an_insufficient_data_error(tmp_path: Path, engine: str) -> None:
    """A file without even a header raises the file reader's error naming the file."""
    path = tmp_path / "nothing.csv"
    path.write_text("")
    with pytest.raises(InsufficientDataError, match=r"nothing\.csv, line 1: the file is empty"):
        stream_nps(path, "score", engine=engine)


def test_truncated_parquet_is_an_invalid_score_error(files: dict[str, Path],
                                                     tmp_path: Path) -> None:
    """A Parquet file cut short raises the library's error naming the file."""
    path = tmp_path / "cut.parquet"
    data = files["parquet"].read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InvalidScoreError, match=r"cut\.parquet: not a readable Parquet file"):
        stream_nps(path, "score")


@pytest.mark.parametrize("engine", ["pyarrow", "pandas"])
def test_progress_reports_rows_read(files: dict[str, Path], engine: str) -> None:
    """The progress callable gets the rows read after each chunk, ending at the total."""
    seen: list[int] = []
    stream_nps(files["csv"], "score", chunk_rows=500, engine=engine, progress=seen.append)
    assert len(seen) > 1
    assert seen == sorted(seen)
    assert seen[-1] == len(pd.read_csv(files["csv"]))


def test_one_pass_counts_every_score_and_grouping_as_stream_functions_do(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """accumulate_answers reads the file once; each (score, grouping) equals stream_nps/csat."""
    from expectations.streaming import _chunks
    from expectations.streaming._histograms import box_result, nps_result
    from expectations.streaming._multi import Answers, accumulate_answers

    frame = _responses()
    path = tmp_path / "answers.csv"
    frame.to_csv(path, index=False)
    reads = []
    original = _chunks.read_chunks

    def counted(*args: object, **kwargs: object) -> object:
        reads.append(1)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_chunks, "read_chunks", counted)
    answers = Answers(scores={"nps": ("score", 0, 10), "csat": ("csat", 1, 5)},
                      keys={"segment": "segment"})
    tallies = accumulate_answers(path, answers, fmt="csv", chunk_rows=500, engine="auto")
    assert len(reads) == 1
    monkeypatch.setattr(_chunks, "read_chunks", original)
    by_segment = nps_result(tallies.accumulators["nps", "segment"],
                          answers.histogram("nps", "segment"),
                          ci="adjusted-wald", confidence=0.95, rng=None, n_resamples=1,
                          stacklevel=2)
    expected = stream_nps(path, "score", by="segment")
    pd.testing.assert_frame_equal(by_segment, expected, check_index_type=False)
    csat = box_result(tallies.accumulators["csat", None], answers.histogram("csat", None),
                      box_low=4, box_high=5, ci="wilson", confidence=0.95, what="csat",
                      stacklevel=2)
    assert csat == stream_csat(path, "csat")


# ---------------------------------------------------------------- long lines at the start


def _long_first_line(path: Path, field: int = 100_000, rows: int = 200) -> Path:
    """Write a CSV whose first data row holds a field longer than the bytes sampled."""
    lines = ["segment,nps,comment", f'a,9,"{"x" * field}"']
    lines += [f"{'ab'[i % 2]},{i % 11},ok" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("chunk_rows", [1, 7, 32_768, 10_000_000])
def test_long_line_near_the_start_streams_like_the_whole_file(tmp_path: Path,
                                                               chunk_rows: int) -> None:
    """QA F1: a 100 KB field in row 1 made pyarrow's block size overflow (OverflowError)."""
    path = _long_first_line(tmp_path / "long.csv")
    frame = pd.read_csv(path)
    assert stream_nps(path, "nps", chunk_rows=chunk_rows) == ex.nps(frame["nps"])
    pd.testing.assert_frame_equal(
        stream_nps(path, "nps", by="segment", chunk_rows=chunk_rows),
        ex.nps(frame["nps"], by=frame["segment"]), check_index_type=False)


def test_long_key_near_the_start_streams_like_the_whole_file(tmp_path: Path) -> None:
    """A 3 MB group key in the first row is one more group, not an internal error."""
    path = tmp_path / "key.csv"
    big = "k" * 3_000_000
    rows = [f"{big},10"] + [f"{'ab'[i % 2]},{i % 11}" for i in range(120)]
    path.write_text("segment,nps\n" + "\n".join(rows) + "\n", encoding="utf-8")
    frame = pd.read_csv(path)
    with pytest.warns(ex.errors.SmallSampleWarning):
        expected = ex.nps(frame["nps"], by=frame["segment"])
    with pytest.warns(ex.errors.SmallSampleWarning):
        got = stream_nps(path, "nps", by="segment")
    pd.testing.assert_frame_equal(got, expected, check_index_type=False)


def test_stream_report_on_a_long_first_line_equals_the_in_memory_report(tmp_path: Path) -> None:
    """`stream_report` reads the same numbers as the in-memory report."""
    from expectations.report import report, stream_report
    from expectations.report._inputs import prepare, read_table

    path = _long_first_line(tmp_path / "long.csv")
    whole = report(responses=prepare("responses", read_table(path), None))
    streamed = stream_report(responses=path)
    assert "nps" in [section.key for section in streamed]
    for key in ("nps", "segments"):
        for table in streamed[key].tables:
            pd.testing.assert_frame_equal(table.to_frame(),
                                          whole[key].table(table.name).to_frame())


@pytest.mark.parametrize("chunk_rows", [0, -1, 10_000_001, 99_999_999_999_999, 2.5, True])
def test_chunk_rows_out_of_bounds_is_a_library_error(tmp_path: Path, chunk_rows: object) -> None:
    """chunk_rows must be a whole number in 1..10,000,000 (not an OverflowError)."""
    from expectations.errors import InvalidParameterError
    from expectations.report import stream_report

    path = _long_first_line(tmp_path / "long.csv", field=10)
    with pytest.raises(InvalidParameterError, match=r"^chunk_rows must be a whole number"):
        stream_nps(path, "nps", chunk_rows=chunk_rows)  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match=r"^chunk_rows must be a whole number"):
        stream_report(responses=path, chunk_rows=chunk_rows)  # type: ignore[arg-type]


@pytest.mark.parametrize("command", [
    ["score", "{path}", "--metric", "nps", "--column", "nps"],
    ["score", "{path}", "--metric", "nps", "--column", "nps", "--by", "segment"],
    ["report", "--stream", "--responses", "{path}", "--format", "json"],
    ["check", "--stream", "--responses", "{path}", "--min-nps", "-100"],
])
def test_cli_reads_a_long_first_line(tmp_path: Path, command: list[str],
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """score, report --stream and check --stream exit 0, not 3 (internal error)."""
    from expectations.cli import main

    path = _long_first_line(tmp_path / "long.csv")
    assert main([part.format(path=path) for part in command]) == 0
    assert "internal error" not in capsys.readouterr().err


@pytest.mark.parametrize("command", [
    ["score", "{path}", "--metric", "nps", "--column", "nps"],
    ["report", "--stream", "--responses", "{path}"],
    ["check", "--stream", "--responses", "{path}", "--min-nps", "0"],
])
def test_cli_chunk_rows_out_of_bounds_is_one_error_line(tmp_path: Path, command: list[str],
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    from expectations.cli import main

    path = _long_first_line(tmp_path / "long.csv", field=10)
    argv = [part.format(path=path) for part in command] + ["--chunk-rows", "99999999999999"]
    assert main(argv) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert err[0].startswith("expectations: error: --chunk-rows must be a whole number in 1..")


# ---------------------------------------------------------------- deprecated aliases


def test_deprecation_warning_names_the_callers_line(files: dict[str, Path]) -> None:
    """The DeprecationWarning points at the caller's own line, not inside the library."""
    with pytest.warns(DeprecationWarning, match="stream_csat is deprecated") as record:
        streaming.stream_csat(files["csv"], "csat")
    assert [Path(w.filename) for w in record] == [Path(__file__)]


@needs_lazy
def test_alias_equals_the_public_function_on_a_scan(files: dict[str, Path]) -> None:
    """stream_nps(path, ...) is nps(column, ..., data=scan(path)), warnings aside."""
    ours = stream_nps(files["csv"], "score", by=["segment", "store"], weights="weight")
    theirs = ex.nps("score", by=["segment", "store"], weights="weight",
                    data=ex.scan(files["csv"]))
    df = pd.read_csv(files["csv"])
    # The reference: the in-memory function on the file read whole by pandas.
    _assert_same(ours, ex.nps(df["score"], by=df[["segment", "store"]], weights=df["weight"]))
    assert ours[["score", "n"]].to_numpy().tolist() == theirs[["score", "n"]].to_numpy().tolist()


@needs_lazy
def test_progress_is_called_once_at_the_end_by_a_lazy_engine(files: dict[str, Path]) -> None:
    """Polars and DuckDB count the file in one go: progress gets the total rows, once."""
    seen: list[int] = []
    stream_nps(files["csv"], "score", by="segment", chunk_rows=500, progress=seen.append)
    assert seen == [len(pd.read_csv(files["csv"]))]


@needs_lazy
@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_whole_number_keys_come_back_as_integers_in_numeric_order(
        tmp_path: Path, engine: str) -> None:
    """Keys 1..12 are integers sorted as numbers, as pandas.read_csv reads the column."""
    from expectations.streaming._scores import score_file

    path = tmp_path / "stores.csv"
    path.write_text("score,store\n" + "".join(f"{i % 11},{i % 12 + 1}\n" for i in range(1200)))
    df = pd.read_csv(path)
    got = score_file("nps", path, "score", by="store", engine=engine)
    assert got.index.tolist() == list(range(1, 13))
    _assert_same(got, ex.nps(df["score"], by=df["store"]))


@needs_lazy
@pytest.mark.parametrize("keys", [["01", "1", "2"], ["1", "2", "x"], ["+1", "2", "3"]])
def test_keys_only_the_chunk_reader_types_are_read_by_it(tmp_path: Path,
                                                         keys: list[str]) -> None:
    """Keys such as 01 next to 1, or numbers then text, give exactly the chunk reader's table.

    (pyarrow's, which engine="auto" meant before Polars and DuckDB: it reads 01 as text,
    where the pure-Python reader reads the number 1.)
    """
    path = tmp_path / "keys.csv"
    path.write_text("score,key\n" + "".join(f"{i % 11},{keys[i % 3]}\n" for i in range(300)))
    lazy = stream_nps(path, "score", by="key")
    chunked = stream_nps(path, "score", by="key", engine="pyarrow")
    pd.testing.assert_frame_equal(lazy, chunked)


BAD_CELLS = [
    ("off the scale", "11", (r"line 40, column 1 \('score'\): must be a whole number in "
                             r"0\.\.10; 2 values are not \(first: '11'\)")),
    ("not a number", "ten", (r"line 40, column 1 \('score'\): must be a number; 2 values "
                             r"are not \(first: 'ten'\)")),
    ("missing", "", r"position 38\).*line 40 of the file"),
]


@needs_lazy
@pytest.mark.parametrize(("name", "cell", "message"), BAD_CELLS, ids=[b[0] for b in BAD_CELLS])
@pytest.mark.parametrize("by", [None, "shop"])
def test_bad_cells_give_the_chunk_readers_error_on_a_lazy_engine(
        tmp_path: Path, name: str, cell: str, message: str, by: str | None) -> None:
    """Counted by Polars/DuckDB, a bad cell still gives the reading rules' error, line and all."""
    del name
    path = tmp_path / "bad.csv"
    rows = [f"{i % 11},s{i % 2}" for i in range(300)]
    rows[38], rows[250] = f"{cell},s0", f"{cell},s1"
    path.write_text("score,shop\n" + "\n".join(rows) + "\n")
    errors = []
    for engine in ("auto", "pandas"):
        with pytest.raises(InvalidScoreError, match=message) as info:
            stream_nps(path, "score", by=by, engine=engine)
        errors.append(str(info.value))
    assert errors[0] == errors[1]
