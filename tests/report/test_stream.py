"""The streamed report (`stream_report`, `expectations report --stream`) equals the in-memory one.

The reference is the in-memory report built from the same file by the same
reader the command line uses (`read_table` + `prepare` + `report`); that
report's numbers are checked against statsmodels, scipy and published
examples in tests/scoring, tests/segmentation and tests/kpis. Here counts
must be equal exactly and scores to 1e-12.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path

import attrs
import numpy as np
import pandas as pd
import pytest

from expectations import datasets
from expectations.cli import main
from expectations.errors import InvalidParameterError
from expectations.report import NEEDS_WHOLE_TABLE, Report, report, stream_report
from expectations.report._inputs import prepare, read_table

needs_pyarrow = pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None,
                                   reason="Parquet needs pyarrow")
REALISTIC = ["realistic_target", "realistic_ci_low", "realistic_ci_high"]


def _write(frame: pd.DataFrame, path: Path) -> Path:
    if path.suffix == ".parquet":
        frame.to_parquet(path, index=False)
    else:
        frame.to_csv(path, index=False)
    return path


def _in_memory(files: dict[str, Path], **options: object) -> Report:
    """Build the report the command line builds without --stream."""
    tables = {name: prepare(name, read_table(path), None) for name, path in files.items()}
    return report(**tables, **options)  # type: ignore[arg-type]


#: Sections that frame the others (a summary first, the glossary of their terms last).
FRAMING = ("headline", "glossary")


def _analyses(keys: object) -> tuple[str, ...]:
    """Return the section keys without the framing sections."""
    return tuple(k for k in keys if k not in FRAMING)  # type: ignore[attr-defined]


def _assert_same(streamed: Report, whole: Report) -> None:
    """Every streamed section equals the in-memory one: counts exactly, scores to 1e-12."""
    for section in streamed:
        if section.key in FRAMING:  # they summarise different sets of sections
            continue
        reference = whole[section.key]
        assert (section.n, section.n_dropped) == (reference.n, reference.n_dropped)
        assert [t.name for t in section.tables] == [t.name for t in reference.tables]
        for table in section.tables:
            got, expected = table.to_frame(), reference.table(table.name).to_frame()
            if section.key == "commitments":
                assert got[REALISTIC].isna().all().all()
                got, expected = got.drop(columns=REALISTIC), expected.drop(columns=REALISTIC)
            else:
                assert section.notes == reference.notes
                assert section.method == reference.method
            pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=0, atol=1e-12)
            counts = [c.name for c in table.columns if c.type in ("integer", "string", "boolean")]
            pd.testing.assert_frame_equal(got[counts], expected[counts], check_exact=True)


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], dict[str, Path]]:
    folder = tmp_path_factory.mktemp("demo")
    data = datasets.load_retail()

    def files(suffix: str) -> dict[str, Path]:
        return {"responses": _write(data.responses, folder / f"responses{suffix}"),
                "outcomes": _write(data.outcomes, folder / f"outcomes{suffix}")}

    return files


#: The lazy engines installed: they count inside the engine.
LAZY = [e for e in ("polars", "duckdb") if importlib.util.find_spec(e) is not None]
#: Every engine installed: the lazy ones, then the chunk readers (pyarrow, and the
#: pure-Python reader: "python", formerly "pandas").
ENGINES = [*LAZY, *(["pyarrow"] if importlib.util.find_spec("pyarrow") else []), "python",
           "pandas"]


@pytest.mark.parametrize(("suffix", "engine"), [
    (".csv", "auto"), *((".csv", e) for e in ENGINES),
    pytest.param(".parquet", "auto", marks=needs_pyarrow),
    *(pytest.param(".parquet", e, marks=needs_pyarrow) for e in LAZY)])
def test_demo_files_stream_to_the_in_memory_numbers(
        demo_files: Callable[[str], dict[str, Path]], suffix: str, engine: str) -> None:
    """On the demo data, every streamed section equals the in-memory report's."""
    files = demo_files(suffix)
    commitments = datasets.load_retail().commitments
    whole = _in_memory(files, commitments=commitments)
    streamed = stream_report(**files, commitments=commitments, chunk_rows=997, engine=engine)
    assert _analyses(streamed.keys()) == ("nps", "csat", "ces", "segments", "many_groups",
                                          "trend", "commitments")
    assert set(whole.keys()) - set(streamed.keys()) == {"themes"}
    _assert_same(streamed, whole)
    assert [(u.key, u.reason) for u in streamed.unavailable] == [("themes", NEEDS_WHOLE_TABLE)]
    assert [(i.name, i.rows) for i in streamed.inputs] == [("responses", 20_000),
                                                           ("outcomes", 11_415)]


def _awkward(n: int = 4000, seed: int = 3) -> pd.DataFrame:
    """Make responses with blanks, number-like and padded keys and month gaps.

    One segment's rows all lack an NPS answer.
    """
    rng = np.random.default_rng(seed)
    nps = rng.integers(0, 11, n).astype(object)
    nps[rng.random(n) < 0.1] = ""
    segment = rng.choice(["01", "2", "10", " b", "b", "", "x y"], n).astype(object)
    segment[:7] = "only-unanswered"
    nps[:7] = ""
    months = rng.choice(["2024-01", "2024-02", "2024-05", "2025-03"], n)
    days = rng.integers(1, 28, n)
    return pd.DataFrame({
        "ltr": nps, "csat": rng.integers(1, 6, n), "segment": segment,
        "touchpoint": rng.choice(["web", "app", ""], n),
        "when": [f"{m}-{d:02d}" for m, d in zip(months, days, strict=True)]})


@pytest.mark.parametrize(("chunk_rows", "engine"), [
    (1, "python"), (333, "pyarrow"), (100_000, "auto"),
    *((333, e) for e in ENGINES)])
def test_awkward_keys_and_blanks_stream_to_the_in_memory_numbers(
        tmp_path: Path, chunk_rows: int, engine: str) -> None:
    """Blank cells, number-like and padded keys, month gaps: still the in-memory numbers."""
    frame = _awkward(600 if chunk_rows == 1 else 4000)
    path = _write(frame, tmp_path / "responses.csv")
    roles: dict[str, str | list[str]] = {"nps": "ltr", "date": "when"}
    columns = {"responses": roles}
    tables = {"responses": prepare("responses", read_table(path), roles)}
    whole = report(**tables)  # type: ignore[arg-type]
    streamed = stream_report(responses=path, columns=columns, chunk_rows=chunk_rows,
                             engine=engine)
    assert streamed.keys() == whole.keys()
    _assert_same(streamed, whole)
    segments = streamed["segments"].table("segments")
    assert "only-unanswered" in segments.column("segment")
    assert "01" in segments.column("segment")


def test_other_tables_are_listed_as_needing_the_whole_table(tmp_path: Path) -> None:
    """SERVQUAL, tolerance, Kano, drivers and transactions are not read, and say why."""
    responses = _write(pd.DataFrame({"nps": [10, 9, 3]}), tmp_path / "r.csv")
    other = tmp_path / "other.csv"
    other.write_text("a\n1\n", encoding="utf-8")
    streamed = stream_report(responses=responses, servqual=other, tolerance=other, kano=other,
                             drivers=other, transactions=other)
    assert _analyses(streamed.keys()) == ("nps",)
    assert [(u.key, u.reason) for u in streamed.unavailable] == [
        ("csat", "the responses have no 'csat' column (map one with --column csat=NAME)"),
        ("ces", "the responses have no 'ces' column (map one with --column ces=NAME)"),
        *((key, NEEDS_WHOLE_TABLE) for key in ("servqual", "tolerance", "kano", "drivers",
                                               "customers"))]


def test_outcomes_without_commitments_is_an_error(tmp_path: Path) -> None:
    """Outcomes need the promises they are measured against."""
    path = _write(pd.DataFrame({"commitment": ["a"], "value": [1.0]}), tmp_path / "o.csv")
    with pytest.raises(InvalidParameterError, match="outcomes need commitments"):
        stream_report(outcomes=path)


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    """A path that is not a file is named in the error."""
    with pytest.raises(InvalidParameterError, match=r"nothere\.csv"):
        stream_report(responses=tmp_path / "nothere.csv")


def test_commitments_as_a_dataframe_are_read_like_report(tmp_path: Path) -> None:
    """A commitments table gives the same rows as the Commitment objects it describes."""
    data = datasets.load_retail()
    path = _write(data.outcomes, tmp_path / "outcomes.csv")
    table = pd.DataFrame([attrs.asdict(c) for c in data.commitments])
    as_table = stream_report(outcomes=path, commitments=table)
    as_objects = stream_report(outcomes=path, commitments=data.commitments)
    assert as_table["commitments"] == as_objects["commitments"]


# ------------------------------------------------------------------ command line

BAD_FILES = {
    # name: (file content, the place the message must name besides the file)
    "missing column": ("score,segment\n10,a\n9,b\n", "line 1 (the header)"),
    "non-numeric score": ("nps,segment\n10,a\nten,b\n", "line 3"),
    "score off the scale": ("nps,segment\n10,a\n11,b\n", "line 3"),
    "bad date": ("nps,date\n10,2024-01-02\n9,someday\n", "line 3"),
    "empty file": ("", "line 1"),
    "header only": ("nps,segment\n", "line 2"),
    "truncated last line": ("nps,segment\n10,a\n9,b\n3", "line 4"),
    "too many fields": ("nps,segment\n10,a,x\n", "line 2"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
@pytest.mark.parametrize("engine", ["auto", *LAZY, "python"])
def test_bad_file_under_stream_exits_2_with_file_and_line(
        tmp_path: Path, case: str, engine: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A bad file stops --stream with exit code 2, the file and line, and no output.

    Whatever the engine: a file Polars or DuckDB find wrong is read again in chunks,
    whose message names the line.
    """
    content, where = BAD_FILES[case]
    path = tmp_path / "responses.csv"
    path.write_text(content, encoding="utf-8")
    output = tmp_path / "report.json"
    assert main(["report", "--stream", "--responses", str(path), "--format", "json",
                 "--output", str(output), "--chunk-rows", "1", "--engine", engine]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert path.name in captured.err
    assert where in captured.err
    assert list(tmp_path.iterdir()) == [path]


def test_stream_flag_writes_the_streamed_report(tmp_path: Path,
                                                demo_files: Callable[[str], dict[str, Path]],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """`report --stream --format json` writes the streamed sections and lists the rest."""
    files = demo_files(".csv")
    assert main(["report", "--stream", "--responses", str(files["responses"]),
                 "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert _analyses(s["key"] for s in document["sections"]) == (
        "nps", "csat", "ces", "segments", "many_groups", "trend")
    assert document["unavailable"] == [{"key": "themes", "title": "Themes in comments",
                                        "reason": NEEDS_WHOLE_TABLE}]
    expected = stream_report(responses=files["responses"]).to_dict()
    assert document["sections"] == expected["sections"]


@pytest.mark.parametrize(("args", "why"), [
    (["--demo"], "cannot be combined with --demo"),
    (["--responses", "{responses}", "--delimiter", ";"], "comma-separated"),
])
def test_stream_bad_usage_exits_2(args: list[str], why: str, tmp_path: Path,
                                  demo_files: Callable[[str], dict[str, Path]],
                                  capsys: pytest.CaptureFixture[str]) -> None:
    """--stream with --demo or another delimiter is refused with exit code 2."""
    filled = [a.format(responses=demo_files(".csv")["responses"]) for a in args]
    assert main(["report", "--stream", *filled]) == 2
    assert why in capsys.readouterr().err


def _commitments_file(folder: Path) -> Path:
    table = pd.DataFrame([attrs.asdict(c) for c in datasets.load_retail().commitments])
    return _write(table, folder / "commitments.csv")


@pytest.mark.parametrize(("thresholds", "code"), [
    (["--min-nps", "20", "--min-csat", "50"], 0),
    (["--min-nps", "40"], 1),
    (["--max-broken-rate", "0.5"], 0),
    (["--max-broken-rate", "0.2"], 1),
])
def test_check_stream_exit_codes(thresholds: list[str], code: int, tmp_path: Path,
                                 demo_files: Callable[[str], dict[str, Path]],
                                 capsys: pytest.CaptureFixture[str]) -> None:
    """`check --stream` passes (0) and fails (1) on the same numbers as without --stream."""
    files = demo_files(".csv")
    inputs = ["--responses", str(files["responses"]), "--outcomes", str(files["outcomes"]),
              "--commitments", str(_commitments_file(tmp_path))]
    assert main(["check", "--stream", *inputs, *thresholds]) == code
    streamed = capsys.readouterr().out
    assert main(["check", *inputs, *thresholds]) == code
    assert capsys.readouterr().out == streamed


@pytest.mark.parametrize("engine", [e for e in ENGINES if e not in ("python", "pandas")])
def test_every_engine_writes_the_same_report(demo_files: Callable[[str], dict[str, Path]],
                                             tmp_path: Path, engine: str) -> None:
    """With --stream, every --engine writes the python engine's JSON, byte for byte (demo)."""
    files = demo_files(".csv")
    outputs = {}
    for name in ("python", engine):
        outputs[name] = tmp_path / f"{name}.json"
        assert main(["report", "--stream", "--responses", str(files["responses"]),
                     "--format", "json", "--output", str(outputs[name]),
                     "--engine", name]) == 0
    assert outputs[engine].read_bytes() == outputs["python"].read_bytes()


def test_engine_is_checked(tmp_path: Path) -> None:
    """An unknown engine is a library error naming the choices."""
    path = _write(_awkward(50), tmp_path / "r.csv")
    with pytest.raises(InvalidParameterError, match="engine must be one of 'auto', 'polars'"):
        stream_report(responses=path, engine="spark")
