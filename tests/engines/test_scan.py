"""``ex.scan``: files opened for the engines, read by the reading rules.

The reference is the report's in-memory reader on the same file
(``read_table`` + the per-column conversion of ``prepare``), which
``tests/test_contract_reading.py`` holds to every other reading path: for
every installed engine, :meth:`Scan.read` gives the same frame or the same
error, and :meth:`Scan.lazy` holds the raw cells Python's :mod:`csv` module
reads (an empty cell null), so that the counting layer applies the rules
to the same text whichever engine read it.
"""

from __future__ import annotations

import csv
import gzip
import importlib.util
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from expectations.engine._scan import ENGINES, Scan, scan
from expectations.errors import (
    ExpectationsError,
    InsufficientDataError,
    InvalidParameterError,
    InvalidScoreError,
    SchemaError,
)
from expectations.report._inputs import Role, _convert, read_table

INSTALLED = [e for e in ENGINES
             if e == "python" or importlib.util.find_spec(e) is not None]
LAZY = [e for e in ("polars", "duckdb") if e in INSTALLED]
HAS_PYARROW = importlib.util.find_spec("pyarrow") is not None


def engines(*names: str) -> list[Any]:
    """Parametrise over engines, skipping those not installed."""
    return [pytest.param(e, marks=pytest.mark.skipif(e not in INSTALLED,
                                                     reason=f"{e} is not installed"))
            for e in names]


ALL = engines(*ENGINES)
LAZY_ENGINES = engines("polars", "duckdb")

ROLES = {"nps": "number", "segment": "text", "date": "date"}
CLEAN = ("nps,segment,date\n"
         "9,north,2024-03-01\n"
         " 7 , south ,2024-03-02T10:00+01:00\n"
         "NA,NA,NA\n"
         ",,\n"
         "+3,  ,2024-04-01\n"
         "1e1,west,\n"
         '"10","north, east",2024-04-02\n')


def reference(path: Path, roles: Mapping[str, str], *, encoding: str = "utf-8",
              delimiter: str = ",") -> pd.DataFrame:
    """Read as the report does: every cell as text, converted by the rules."""
    raw = read_table(path, encoding=encoding, delimiter=delimiter)
    return pd.DataFrame({
        name: _convert(raw.frame[name], Role(name=name, kind=kind), raw, name)  # type: ignore[arg-type]
        for name, kind in roles.items()})


def outcome(run: Callable[[], Any]) -> Any:
    """Return the result, or the library error raised (class and message)."""
    try:
        return run()
    except ExpectationsError as exc:
        return (type(exc).__name__, str(exc))


def same(got: Any, expected: Any) -> None:
    if isinstance(expected, tuple):
        assert got == expected
        return
    assert isinstance(got, pd.DataFrame), got
    pd.testing.assert_frame_equal(got, expected)


def raw_cells(path: Path, encoding: str = "utf-8", delimiter: str = ",") -> list[tuple[Any, ...]]:
    """Python's csv module's records (blank lines skipped), an empty cell None."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig" if encoding == "utf-8" else encoding,
                newline="") as handle:
        records = [r for r in csv.reader(handle, delimiter=delimiter) if r][1:]
    return [tuple(c if c != "" else None for c in r) for r in records]


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    if name.endswith(".gz"):
        data = gzip.compress(data)
    path.write_bytes(data)
    return path


# ------------------------------------------------------------------ reading
@pytest.mark.parametrize("engine", ALL)
@pytest.mark.parametrize("kind", ["csv", "gz", "parquet", "folder", "glob"])
def test_read_equals_the_report_reader(tmp_path: Path, engine: str, kind: str) -> None:
    """Every engine reads numbers, text (NA kept) and dates as the report does."""
    if kind == "parquet" and not HAS_PYARROW:
        pytest.skip("Parquet needs pyarrow")
    one = write(tmp_path, "one.csv", CLEAN)
    if kind == "csv":
        s, expected = scan(one, engine=engine), reference(one, ROLES)
    elif kind == "gz":
        s, expected = scan(write(tmp_path, "one.csv.gz", CLEAN), engine=engine), \
            reference(one, ROLES)
    elif kind == "parquet":
        frame = read_table(one).frame
        frame.to_parquet(tmp_path / "one.parquet", index=False)
        s, expected = scan(tmp_path / "one.parquet", engine=engine), \
            reference(tmp_path / "one.parquet", ROLES)
    else:
        part = tmp_path / "parts"
        part.mkdir()
        write(part, "b.csv", CLEAN)
        write(part, "a.csv", CLEAN.replace("north", "NORTH"))
        (part / "notes.txt").write_text("not read")
        s = scan(part if kind == "folder" else part / "*.csv", engine=engine)
        assert [p.name for p in s.paths] == ["a.csv", "b.csv"]
        expected = pd.concat([reference(part / "a.csv", ROLES), reference(part / "b.csv", ROLES)],
                             ignore_index=True)
    if kind == "parquet" and engine == "python":
        assert s.engine != "python"  # Parquet needs an engine
    elif kind == "gz" and engine == "polars" and "duckdb" in INSTALLED:
        assert s.engine == "duckdb"  # it streams .gz (Polars would decompress it whole)
    else:
        assert s.engine == engine
    same(s.read(ROLES), expected)
    same(s.read({"segment": "text"}), expected[["segment"]])


@pytest.mark.parametrize("engine", ALL)
def test_a_bad_cell_is_the_report_readers_error(tmp_path: Path, engine: str) -> None:
    """A cell that breaks a rule names the file, line, column and first bad value."""
    path = write(tmp_path, "bad.csv", CLEAN + "0x9,north,2024-05-01\nsoon,x,later\n")
    s = scan(path, engine=engine)
    for roles in ({"nps": "number"}, {"date": "date"}):
        got = outcome(lambda r=roles: s.read(r))
        expected = outcome(lambda r=roles: reference(path, r))
        assert isinstance(expected, tuple)
        assert got == expected
    assert "line 9, column 1 ('nps'): must be a number; 2 values are not (first: '0x9')" \
        in outcome(lambda: s.read({"nps": "number"}))[1]


@pytest.mark.parametrize("engine", ALL)
def test_a_missing_column_names_the_columns_there_are(tmp_path: Path, engine: str) -> None:
    s = scan(write(tmp_path, "r.csv", CLEAN), engine=engine)
    with pytest.raises(SchemaError, match=r"columns must be present in r\.csv.*'score'.*"
                                          r"The file has 'nps', 'segment', 'date'"):
        s.read({"score": "number"})
    with pytest.raises(InvalidParameterError, match="roles must map"):
        s.read({"nps": "integer"})


@pytest.mark.parametrize("engine", ALL)
@pytest.mark.parametrize(("name", "data", "encoding"), [
    ("bom", b"\xef\xbb\xbf" + CLEAN.encode(), "utf-8"),
    ("crlf", CLEAN.replace("\n", "\r\n").encode(), "utf-8"),
    ("cr_only", CLEAN.replace("\n", "\r").encode(), "utf-8"),
    ("quoted_newline", CLEAN.replace('"north, east"', '"north,\nand east"').encode(), "utf-8"),
    ("header_blanks", CLEAN.replace("nps,segment,date", " nps , segment,date ").encode(),
     "utf-8"),
    ("blank_lines", CLEAN.replace("\n+3", "\n\n\n+3").encode() + b"\n\n", "utf-8"),
    ("latin1", CLEAN.replace("west", "café").encode("latin-1"), "latin-1"),
    ("cp1252", CLEAN.replace("west", "€uro").encode("cp1252"), "cp1252"),
    ("short_last_line", CLEAN.encode() + b"7\n", "utf-8"),
    ("long_line", CLEAN.encode() + b"7,a,2024-01-01,x\n", "utf-8"),
    ("open_quote", CLEAN.encode() + b'7,"north\n', "utf-8"),
    ("not_utf8", CLEAN.replace("west", "caf\udce9").encode("utf-8", "surrogateescape"),
     "utf-8"),
])
def test_odd_files_read_as_the_report_reads_them(tmp_path: Path, engine: str, name: str,
                                                 data: bytes, encoding: str) -> None:
    """Line ends, blank lines, encodings and malformed lines: one outcome on every engine."""
    path = write(tmp_path, f"{name}.csv", data)
    expected = outcome(lambda: reference(path, ROLES, encoding=encoding))
    opened = outcome(lambda: scan(path, engine=engine, encoding=encoding))
    if isinstance(opened, tuple):  # an error at the start of the file, found when opening
        assert opened == expected
        return
    same(outcome(lambda: opened.read(ROLES)), expected)


@pytest.mark.parametrize(("name", "data", "encoding", "not_by"), [
    ("cr_only", CLEAN.replace("\n", "\r").encode(), "utf-8", {"polars"}),
    ("blank_lines", CLEAN.replace("\n+3", "\n\n+3").encode(), "utf-8", {"polars"}),
    ("trailing_blank_line", CLEAN.encode() + b"\n", "utf-8", {"polars"}),
    ("latin1", CLEAN.replace("west", "café").encode("latin-1"), "latin-1", {"polars"}),
    ("cp1252", CLEAN.replace("west", "€uro").encode("cp1252"), "cp1252", {"polars", "duckdb"}),
    ("short_last_line", CLEAN.encode() + b"9,a,2024-01-01\n" * 70_000 + b"7\n", "utf-8",
     {"polars"}),
    ("late_quote", CLEAN.encode() + b'7, "x",2024-01-01\n', "utf-8", {"duckdb"}),
    ("leading_blank_line", b"\n" + CLEAN.encode(), "utf-8", {"duckdb"}),
])
def test_files_an_engine_misreads_go_to_the_next(tmp_path: Path, name: str, data: bytes,
                                                 encoding: str, not_by: set[str]) -> None:
    """Polars: UTF-8, no lone CR, no blank or short lines; DuckDB: UTF-8/latin-1 only."""
    path = write(tmp_path, f"{name}.csv", data)
    for engine in INSTALLED:
        chosen = scan(path, engine=engine, encoding=encoding).engine
        if engine in not_by:
            assert chosen != engine
            assert ENGINES.index(chosen) > ENGINES.index(engine)
        else:
            assert chosen == engine


def test_gz_is_read_by_duckdb_before_polars(tmp_path: Path) -> None:
    """Polars decompresses a whole .gz file in memory; DuckDB streams it."""
    if "duckdb" not in INSTALLED or "polars" not in INSTALLED:
        pytest.skip("needs Polars and DuckDB")
    assert scan(write(tmp_path, "r.csv.gz", CLEAN)).engine == "duckdb"
    assert scan(write(tmp_path, "r.csv", CLEAN)).engine == "polars"


# ------------------------------------------------------------------ lazy frames
@pytest.mark.parametrize("engine", LAZY_ENGINES)
@pytest.mark.parametrize(("name", "data"), [
    ("clean", CLEAN.encode()),
    ("bom", b"\xef\xbb\xbf" + CLEAN.encode()),
    ("crlf", CLEAN.replace("\n", "\r\n").encode()),
    ("quoted", CLEAN.replace('"north, east"', '"north,\r\n""east"""').encode()
     + b'"",x,""\n'),
    ("header_blanks", CLEAN.replace("nps,segment,date", " nps , segment,date ").encode()),
    ("gz", CLEAN.encode()),
])
def test_lazy_holds_the_raw_cells(tmp_path: Path, engine: str, name: str, data: bytes) -> None:
    """Polars and DuckDB give the cells as written (NA as text), an empty cell null."""
    path = write(tmp_path, "r.csv.gz" if name == "gz" else "r.csv", data)
    s = scan(path, engine=engine)
    assert s.engine == ("duckdb" if name == "gz" and "duckdb" in INSTALLED else engine)
    frame = s.lazy()
    assert frame is not None
    assert tuple(frame.collect_schema().names()) == s.columns == ("nps", "segment", "date")
    expected = raw_cells(path)
    if name == "quoted":  # a quoted empty cell is the empty text (the csv module cannot tell)
        expected[-1] = ("", "x", "")
    assert frame.collect().rows() == expected


@pytest.mark.parametrize("engine", LAZY_ENGINES)
def test_one_column_files_skip_blank_lines_lazily(tmp_path: Path, engine: str) -> None:
    path = write(tmp_path, "r.csv", "nps\n9\n\n NA \n\n")
    s = scan(path, engine=engine)
    assert s.engine == engine
    frame = s.lazy()
    assert frame is not None
    assert frame.collect().rows() == [("9",), (" NA ",)]
    same(s.read({"nps": "number"}), reference(path, {"nps": "number"}))


@pytest.mark.parametrize("engine", engines("polars", "duckdb", "pyarrow"))
def test_lazy_parquet_keeps_the_stored_types(tmp_path: Path, engine: str) -> None:
    if not HAS_PYARROW:
        pytest.skip("writing Parquet needs pyarrow")
    pd.DataFrame({"nps": [9, 7], "segment": ["NA", None]}).to_parquet(tmp_path / "r.parquet")
    s = scan(tmp_path / "r.parquet", engine=engine)
    assert s.format == "parquet"
    native = s.to_native()
    if engine == "pyarrow":
        assert s.lazy() is None
        assert native.to_table().column("nps").to_pylist() == [9, 7]
        return
    frame = s.lazy()
    assert frame is not None
    assert frame.collect().rows() == [(9, "NA"), (7, None)]


@pytest.mark.parametrize("engine", engines("pyarrow", "python"))
def test_no_lazy_frame_without_a_lazy_engine(tmp_path: Path, engine: str) -> None:
    s = scan(write(tmp_path, "r.csv", CLEAN), engine=engine)
    assert s.lazy() is None
    if engine == "python":
        with pytest.raises(InvalidParameterError, match=r"customer-expectations\[polars\]"):
            s.to_native()
    else:
        table = s.to_native().to_table()
        assert [tuple(r.values()) for r in table.to_pylist()] == raw_cells(tmp_path / "r.csv")


@pytest.mark.parametrize("engine", LAZY_ENGINES)
def test_guard_turns_an_engine_error_into_the_rules_error(tmp_path: Path,
                                                          engine: str) -> None:
    """Bytes past the sniffed start that are not UTF-8: the file and line are named."""
    rows = "".join(f"{i % 11},north,2024-03-01\n" for i in range(120_000))
    path = write(tmp_path, "late.csv", ("nps,segment,date\n" + rows).encode()
                 + "9,caf\udce9,2024-03-01\n".encode("utf-8", "surrogateescape"))
    s = scan(path, engine=engine)
    assert s.engine == engine
    frame = s.lazy()
    assert frame is not None
    with pytest.raises(InvalidScoreError, match=r"late\.csv, line 120002: byte 0xe9"), \
            s.guard({"nps": "number"}):
        frame.collect()


# ------------------------------------------------------------------ opening
@pytest.mark.parametrize("engine", ALL)
@pytest.mark.parametrize(("data", "error"), [
    (b"", InsufficientDataError),
    (b"nps,segment\n", InsufficientDataError),
    (b"nps,segment\n\n\n", InsufficientDataError),
    (b"nps,nps\n9,9\n", SchemaError),
    (b"nps;segment\n9;x\n", SchemaError),
])
def test_empty_header_only_and_bad_headers_fail_as_the_report(tmp_path: Path, engine: str,
                                                              data: bytes,
                                                              error: type[Exception]) -> None:
    path = write(tmp_path, "r.csv", data)
    expected = outcome(lambda: read_table(path))
    assert expected[0] == error.__name__
    assert outcome(lambda: scan(path, engine=engine)) == expected


def test_semicolons_are_read_with_their_delimiter(tmp_path: Path) -> None:
    data = CLEAN.replace(",", ";").replace('"north; east"', '"north, east"')
    path = write(tmp_path, "r.csv", data)
    expected = reference(path, ROLES, delimiter=";")
    for engine in INSTALLED:
        s = scan(path, engine=engine, delimiter=";")
        assert s.engine == engine
        same(s.read(ROLES), expected)
        frame = s.lazy()
        if frame is not None:
            assert frame.collect().rows() == raw_cells(path, delimiter=";")


def test_options_and_paths_are_checked(tmp_path: Path) -> None:
    with pytest.raises(InvalidParameterError, match=r"nope\.csv: no such file"):
        scan(tmp_path / "nope.csv")
    with pytest.raises(InvalidParameterError, match="holds no"):
        scan(tmp_path)
    with pytest.raises(InvalidParameterError, match="no file matches"):
        scan(tmp_path / "*.csv")
    write(tmp_path, "a.csv", CLEAN)
    with pytest.raises(InvalidParameterError, match="engine must be one of"):
        scan(tmp_path, engine="spark")
    with pytest.raises(InvalidParameterError, match="delimiter must be one character"):
        scan(tmp_path, delimiter=";;")
    with pytest.raises(InvalidParameterError, match="encoding must be"):
        scan(tmp_path, encoding="klingon")
    with pytest.raises(InvalidParameterError, match="path must be a file"):
        scan(3)  # type: ignore[arg-type]
    write(tmp_path, "b.csv", CLEAN.replace("date", "day"))
    with pytest.raises(SchemaError, match=r"b\.csv: the files must have the same columns; "
                                          r"a\.csv has 'nps', 'segment', 'date', and b\.csv "
                                          r"lacks 'date'"):
        scan(tmp_path)
    if HAS_PYARROW:
        (tmp_path / "b.csv").unlink()
        pd.DataFrame({"nps": [1]}).to_parquet(tmp_path / "c.parquet")
        with pytest.raises(InvalidParameterError, match="files of one format"):
            scan(tmp_path)


def test_an_engine_not_installed_is_refused(monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    from expectations.engine import _scan

    monkeypatch.setattr(_scan, "_installed", lambda e: e == "python")
    with pytest.raises(InvalidParameterError, match=r"engine 'polars' is not installed.*"
                                                    r"customer-expectations\[polars\]"):
        scan(write(tmp_path, "r.csv", CLEAN), engine="polars")
    assert scan(tmp_path / "r.csv").engine == "python"


def test_the_repr_names_files_format_and_engine(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", CLEAN)
    write(tmp_path, "b.csv", CLEAN)
    s = scan(tmp_path, engine="python")
    assert repr(s) == (f"Scan(2 files in {str(tmp_path)!r}, format='csv', engine='python', "
                       "columns=('nps', 'segment', 'date'))")
    assert isinstance(s, Scan)


# ------------------------------------------------------------------ histograms
@pytest.mark.parametrize("engine", ALL)
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_histograms_sum_the_files_as_one_stream(tmp_path: Path, engine: str,
                                                delimiter: str) -> None:
    """Two files counted by the chunk reader give the counts of their rows together."""
    from expectations.streaming._histograms import Histogram, nps_result

    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"nps": rng.integers(0, 11, 400), "segment": rng.choice(["a", "b"], 400),
                          "w": rng.uniform(0.5, 2, 400).round(3)})
    frame.loc[5, "nps"] = None
    frame.iloc[:150].to_csv(tmp_path / "1.csv", index=False, sep=delimiter)
    frame.iloc[150:].to_csv(tmp_path / "2.csv", index=False, sep=delimiter)
    spec = Histogram("nps", low=0, high=10, by=("segment",), weights="w", missing="drop",
                     what="NPS")
    got = nps_result(scan(tmp_path, engine=engine, delimiter=delimiter).histograms(spec), spec,
                     ci=None, confidence=0.95, rng=None, n_resamples=0, stacklevel=1)
    from expectations import nps

    expected = nps(frame["nps"], by=frame["segment"], weights=frame["w"], ci=None,
                   missing="drop")
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-12)


@pytest.mark.parametrize("engine", ALL)
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_answers_off_their_scale_are_the_report_readers_error(tmp_path: Path, engine: str,
                                                              delimiter: str) -> None:
    """With a scale, 11 and 7.5 are refused naming the line, as the report refuses them."""
    from expectations.report._inputs import prepare

    text = "nps,segment\n9,a\n11,b\n7.5,a\n,b\n"
    path = write(tmp_path, "r.csv", text.replace(",", delimiter))
    expected = outcome(lambda: prepare("responses", read_table(path, delimiter=delimiter),
                                       None))
    s = scan(path, engine=engine, delimiter=delimiter)
    assert outcome(lambda: s.read({"nps": "number"}, scales={"nps": (0, 10)})) == expected
    assert "line 3, column 1 ('nps'): must be a whole number in 0..10; 2 values" in expected[1]
    fine = write(tmp_path, "fine.csv", "nps\n9\n10\n")
    got = scan(fine, engine=engine).read({"nps": "number"}, scales={"nps": (0, 10)})
    same(got, pd.DataFrame({"nps": [9.0, 10.0]}))


def test_fallback_is_the_next_engine_that_reads_the_files(tmp_path: Path) -> None:
    write(tmp_path, "r.csv", CLEAN)
    s = scan(tmp_path / "r.csv", engine=INSTALLED[0])
    seen = [s.engine]
    while s.fallback() is not s:
        s = s.fallback()
        seen.append(s.engine)
    assert seen == INSTALLED
    same(s.read(ROLES), reference(tmp_path / "r.csv", ROLES))


@pytest.mark.parametrize("engine", LAZY_ENGINES)
def test_lazy_reads_every_file_of_a_folder_in_order(tmp_path: Path, engine: str) -> None:
    write(tmp_path, "2.csv", CLEAN.replace("north", "NORTH"))
    write(tmp_path, "1.csv", CLEAN)
    s = scan(tmp_path, engine=engine)
    frame = s.lazy()
    assert frame is not None
    rows = raw_cells(tmp_path / "1.csv") + raw_cells(tmp_path / "2.csv")
    assert frame.collect().rows() == rows


def test_duckdb_refuses_a_short_line_as_the_rules_do(tmp_path: Path) -> None:
    """A line with too few values past the sniffed start: DuckDB fails, the rules name it."""
    if "duckdb" not in INSTALLED:
        pytest.skip("needs DuckDB")
    rows = "".join(f"{i % 11},north,2024-03-01\n" for i in range(120_000))
    path = write(tmp_path, "cut.csv", "nps,segment,date\n" + rows + "7\n" + rows[:200])
    s = scan(path, engine="duckdb")
    assert s.engine == "duckdb"
    frame = s.lazy()
    assert frame is not None
    with pytest.raises(InvalidScoreError, match=r"cut\.csv, line 120002, column 2 \('segment'\)"
                                                r": the line has 1 of the header's 3 values"), \
            s.guard({"nps": "number"}):
        frame.collect()


def test_a_blank_line_past_the_sniff_is_a_null_row_to_polars_only(tmp_path: Path) -> None:
    """The documented limit of the sniff: fallback() gives the rules' rows back."""
    if "polars" not in INSTALLED:
        pytest.skip("needs Polars")
    rows = "".join(f"{i % 11},north\n" for i in range(200_000))  # 1.6 MB
    path = write(tmp_path, "r.csv", "nps,segment\n" + rows + "\n" + rows)
    s = scan(path)
    assert s.engine == "polars"
    frame = s.lazy()
    assert frame is not None
    assert frame.collect().rows()[200_000] == (None, None)
    exact = s.fallback()
    assert exact.engine != "polars"
    lazy = exact.lazy()
    if lazy is not None:
        assert len(lazy.collect().rows()) == 400_000
    assert len(exact.read({"nps": "number"})) == 400_000
