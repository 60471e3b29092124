"""`expectations score`: streaming scores of one file on the command line.

The reference is the in-memory function (:func:`expectations.nps`,
:func:`~expectations.csat`, :func:`~expectations.ces`,
:func:`~expectations.top_box`) applied to ``pandas.read_csv`` /
``pandas.read_parquet`` of the same file; those functions are checked against
published examples and statsmodels in tests/scoring.
"""

from __future__ import annotations

import importlib.util
import io
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import expectations as ex
from expectations.cli import main

N_ROWS = 3000
#: --engine values whose package is installed (python is always there).
ENGINES = [e for e in ("polars", "duckdb", "pyarrow") if importlib.util.find_spec(e) is not None]
ENGINES.append("python")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    rng = np.random.default_rng(11)
    df = pd.DataFrame({
        "score": rng.integers(0, 11, N_ROWS),
        "csat": rng.integers(1, 6, N_ROWS),
        "ces": rng.integers(1, 8, N_ROWS),
        "segment": rng.choice(["gold", "silver", "bronze"], N_ROWS),
        "store": rng.integers(1, 5, N_ROWS),
        "weight": rng.uniform(0.5, 2.0, N_ROWS).round(3),
    })
    folder = tmp_path_factory.mktemp("score")
    df.to_csv(folder / "r.csv", index=False)
    df.to_parquet(folder / "r.parquet", index=False)
    return {"csv": folder / "r.csv", "parquet": folder / "r.parquet"}


def _read(path: Path) -> pd.DataFrame:
    return pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)


def _strict_json(text: str) -> Any:
    def reject(name: str) -> None:
        raise AssertionError(f"not strict JSON: {name}")
    return json.loads(text, parse_constant=reject)


# metric flags, and the in-memory call on the whole column / keys / weights
METRICS: dict[str, tuple[list[str], Any]] = {
    "nps": (["--metric", "nps", "--column", "score"],
            lambda df, by, w: ex.nps(df["score"], by=by, weights=w)),
    "csat": (["--metric", "csat", "--column", "csat"],
             lambda df, by, w: ex.csat(df["csat"], by=by, weights=w)),
    "ces": (["--metric", "ces", "--column", "ces"],
            lambda df, by, w: ex.ces(df["ces"], by=by, weights=w)),
    "top-box": (["--metric", "top-box", "--column", "score", "--scale", "0", "10", "--top", "3"],
                lambda df, by, w: ex.top_box(df["score"], scale=ex.Scale(0, 10), top=3, by=by,
                                             weights=w)),
}
BYS: list[list[str]] = [[], ["segment"], ["segment", "store"]]


def _expected(df: pd.DataFrame, metric: str, by: list[str], weights: str | None) -> Any:
    keys = None if not by else (df[by[0]] if len(by) == 1 else df[by])
    w = None if weights is None else df[weights]
    return METRICS[metric][1](df, keys, w)


def _compare(got: dict[str, Any], want: dict[str, Any]) -> None:
    assert got.keys() == want.keys()
    for name, value in want.items():
        if isinstance(value, (float, np.floating)):
            if math.isnan(value):
                assert got[name] is None, name
            elif isinstance(got[name], float) or name.startswith(("promoters", "passives",
                                                                  "detractors", "n_effective")):
                assert got[name] == pytest.approx(float(value), rel=1e-12, abs=1e-12), name
            else:
                assert got[name] == value, name
        else:
            got_value = got[name]
            assert got_value == (value.item() if isinstance(value, np.generic) else value), name


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize("metric", list(METRICS))
@pytest.mark.parametrize("by", BYS, ids=["overall", "segment", "segment+store"])
@pytest.mark.parametrize("weights", [None, "weight"])
def test_json_equals_the_in_memory_function(files: dict[str, Path], fmt: str, metric: str,
                                            by: list[str], weights: str | None,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """JSON rows equal the in-memory result: counts exactly, scores to 1e-12, same names."""
    args = ["score", str(files[fmt]), *METRICS[metric][0], "--format", "json",
            "--chunk-rows", "257", *(["--by", *by] if by else []),
            *(["--weights", weights] if weights else [])]
    assert main(args) == 0
    document = _strict_json(capsys.readouterr().out)
    expected = _expected(_read(files[fmt]), metric, by, weights)
    assert document["by"] == by
    assert document["metric"] == metric
    if not by:
        assert len(document["rows"]) == 1
        _compare(document["rows"][0], expected.to_dict())
        return
    table = expected.reset_index()
    assert document["n_dropped_keys"] == expected.attrs["n_dropped_keys"]
    assert [list(row) for row in document["rows"]] == [list(table.columns)] * len(table)
    for got, want in zip(document["rows"], table.to_dict(orient="records"), strict=True):
        _compare(got, want)


@pytest.mark.parametrize("metric", list(METRICS))
def test_csv_output_is_the_by_table(files: dict[str, Path], metric: str,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    """--format csv writes the by= table (keys then the result's columns) as the library has it."""
    assert main(["score", str(files["csv"]), *METRICS[metric][0], "--by", "segment",
                 "--format", "csv", "--chunk-rows", "500"]) == 0
    got = pd.read_csv(io.StringIO(capsys.readouterr().out), index_col="segment")
    want = _expected(pd.read_csv(files["csv"]), metric, ["segment"], None)
    pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-12, atol=1e-12,
                                  check_dtype=False, check_index_type=False,
                                  check_column_type=False)


def test_terminal_output_shows_each_group(files: dict[str, Path],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """The terminal table has a row per group with the score to two decimals and the count."""
    assert main(["score", str(files["csv"]), "--metric", "nps", "--column", "score",
                 "--by", "segment"]) == 0
    out = capsys.readouterr().out
    want = _expected(pd.read_csv(files["csv"]), "nps", ["segment"], None)
    assert out.startswith("NPS of 'score' in r.csv\n")
    for segment, row in want.iterrows():
        line = next(x for x in out.splitlines() if x.startswith(str(segment)))
        assert f"{row['score']:.2f}" in line
        assert f"{int(row['n']):,}" in line
    assert "95% adjusted-wald intervals." in out


def test_by_repeated_or_listed_is_the_same(files: dict[str, Path],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """`--by a b` and `--by a --by b` name the same two key columns."""
    base = ["score", str(files["csv"]), "--metric", "nps", "--column", "score",
            "--format", "csv"]
    assert main([*base, "--by", "segment", "store"]) == 0
    listed = capsys.readouterr().out
    assert main([*base, "--by", "segment", "--by", "store"]) == 0
    assert capsys.readouterr().out == listed


def test_output_file_is_written_whole(files: dict[str, Path], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """--output writes the document to the file and nothing to stdout."""
    target = tmp_path / "nps.json"
    assert main(["score", str(files["csv"]), "--metric", "nps", "--column", "score",
                 "--format", "json", "--output", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert _strict_json(target.read_text(encoding="utf-8"))["rows"][0]["n"] == N_ROWS


def test_bootstrap_with_seed_is_reproducible(files: dict[str, Path],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """--ci bootstrap --seed S gives the in-memory bootstrap interval with rng=S."""
    assert main(["score", str(files["csv"]), "--metric", "nps", "--column", "score",
                 "--ci", "bootstrap", "--seed", "5", "--format", "json"]) == 0
    row = _strict_json(capsys.readouterr().out)["rows"][0]
    want = ex.nps(pd.read_csv(files["csv"])["score"], ci="bootstrap", rng=5)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(
        (want.interval.low, want.interval.high), rel=1e-12)


def test_ci_none_gives_null_bounds(files: dict[str, Path],
                                   capsys: pytest.CaptureFixture[str]) -> None:
    """--ci none leaves the interval out: null bounds in strict JSON."""
    assert main(["score", str(files["csv"]), "--metric", "csat", "--column", "csat",
                 "--ci", "none", "--format", "json"]) == 0
    row = _strict_json(capsys.readouterr().out)["rows"][0]
    assert row["ci_low"] is None
    assert row["ci_high"] is None


def _lines(n: int = 600) -> list[str]:
    return ["score,store,segment"] + [f"{i % 11},{i % 3},s{i % 2}" for i in range(n)]


BAD_FILES: list[tuple[str, int, str, list[str], str]] = [
    # name, line to replace (1-based), its new text, extra flags, expected message part
    ("short row", 400, "5,1", [], "line 400, column 3 ('segment')"),
    ("long row", 300, "5,1,s0,extra", [], "line 300, column 4"),
    ("truncated last line", 601, "7", [], "line 601, column 2 ('store')"),
    ("key turns to text", 450, "5,abc,s0", ["--by", "store"], "line 450, column 2 ('store')"),
    ("answer off the scale", 350, "11,1,s0", [], "line 350"),
    ("answer not a number", 350, "high,1,s0", [], "'high'"),
    ("missing answer", 200, ",1,s0", [], "line 200"),
]


@pytest.mark.parametrize(("name", "line", "text", "flags", "message"), BAD_FILES,
                         ids=[b[0] for b in BAD_FILES])
@pytest.mark.parametrize("engine", ["auto", *ENGINES])
def test_bad_file_exits_2_naming_file_and_line(tmp_path: Path, name: str, line: int,
                                               text: str, flags: list[str], message: str,
                                               engine: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A malformed or invalid row deep in the file exits 2 with one message naming file and line.

    On every engine: Polars and DuckDB count the file, and a file they find wrong is read
    again by the chunk reader, whose message names the line.
    """
    del name
    lines = _lines()
    lines[line - 1] = text
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = main(["score", str(path), "--metric", "nps", "--column", "score",
                 "--chunk-rows", "50", "--engine", engine, *flags])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert captured.err.startswith("expectations: error: ")
    assert "bad.csv" in captured.err
    assert message in captured.err
    assert "Traceback" not in captured.err
    assert "ArrowInvalid" not in captured.err


@pytest.mark.parametrize(("content", "message"), [
    ("", "the file is empty"),
    ("score,segment\n", "no"),
])
def test_empty_files_exit_2(tmp_path: Path, content: str, message: str,
                            capsys: pytest.CaptureFixture[str]) -> None:
    """A file without a header, or without rows, exits 2 with a message."""
    path = tmp_path / "empty.csv"
    path.write_text(content, encoding="utf-8")
    assert main(["score", str(path), "--metric", "nps", "--column", "score"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("expectations: error: ")
    assert message in err


def test_truncated_parquet_exits_2(files: dict[str, Path], tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A Parquet file cut short exits 2 naming the file, not with pyarrow's traceback."""
    path = tmp_path / "cut.parquet"
    data = files["parquet"].read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert main(["score", str(path), "--metric", "nps", "--column", "score"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("expectations: error: cut.parquet: not a readable Parquet file")


@pytest.mark.parametrize(("flags", "message"), [
    (["--metric", "nps", "--column", "nps_answer"], "nps_answer"),
    (["--metric", "top-box", "--column", "score"], "--scale"),
    (["--metric", "nps", "--column", "score", "--top", "2"], "--top"),
    (["--metric", "nps", "--column", "score", "--scale", "0", "10"], "--scale"),
    (["--metric", "csat", "--column", "csat", "--seed", "1"], "--seed"),
    (["--metric", "nps", "--column", "score", "--ci", "magic"], "ci must be"),
    (["--metric", "nps", "--column", "score", "--chunk-rows", "0"], "--chunk-rows must be"),
    (["--metric", "nps", "--column", "score", "--confidence", "95"], "confidence"),
])
def test_bad_options_exit_2(files: dict[str, Path], flags: list[str], message: str,
                            capsys: pytest.CaptureFixture[str]) -> None:
    """Unknown columns and options that do not fit the metric exit 2 with a message."""
    assert main(["score", str(files["csv"]), *flags]) == 2
    err = capsys.readouterr().err
    assert err.startswith("expectations: error: ")
    assert message in err


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path that is not a file exits 2 naming it."""
    assert main(["score", str(tmp_path / "nope.csv"), "--metric", "nps",
                 "--column", "score"]) == 2
    assert "nope.csv" in capsys.readouterr().err


def test_progress_only_on_a_terminal_and_never_with_json(
        files: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Rows-read progress goes to stderr when it is a TTY, and not for JSON or when piped."""
    args = ["score", str(files["csv"]), "--metric", "nps", "--column", "score",
            "--chunk-rows", "500"]
    assert main(args) == 0
    assert capsys.readouterr().err == ""  # captured stderr is not a TTY
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    assert main(args) == 0
    assert f"expectations: {N_ROWS:,} rows read\n" in capsys.readouterr().err
    assert main([*args, "--format", "json"]) == 0
    assert capsys.readouterr().err == ""


def test_small_groups_warn_on_stderr(tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Library warnings become one 'expectations: warning:' line, and the exit code stays 0."""
    path = tmp_path / "small.csv"
    path.write_text("score,shop\n" + "".join(f"{i % 11},{'a' if i < 5 else 'b'}\n"
                                             for i in range(100)), encoding="utf-8")
    assert main(["score", str(path), "--metric", "nps", "--column", "score",
                 "--by", "shop"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("expectations: warning: ")
    assert "fewer than 30" in err


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("weights", [None, "weight"])
def test_every_engine_writes_the_same_document(files: dict[str, Path], engine: str,
                                               weights: str | None,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """--engine changes what reads the file, not the output (keys typed alike).

    Unweighted, not a byte; weighted, sums of weights may be added in another order
    (the last bits of a float), so numbers agree to 1e-12.
    """
    base = ["score", str(files["csv"]), "--metric", "nps", "--column", "score", "--by",
            "segment", "store", "--format", "json", *(["--weights", weights] if weights else [])]
    assert main([*base, "--engine", "python"]) == 0
    reference = capsys.readouterr().out
    assert main([*base, "--engine", engine]) == 0
    got = capsys.readouterr().out
    if weights is None:
        assert got == reference
    rows = _strict_json(reference)["rows"]
    for mine, theirs in zip(_strict_json(got)["rows"], rows, strict=True):
        _compare(mine, theirs)
    assert [row["store"] for row in rows[:4]] == [1, 2, 3, 4]  # whole numbers stay numbers


@pytest.mark.parametrize("command", [
    ["report", "--demo", "--engine", "python"],
    ["check", "--demo", "--min-nps", "0", "--engine", "duckdb"],
])
def test_engine_without_stream_exits_2(command: list[str],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """--engine chooses the reader of --stream; alone it is a usage error, not ignored."""
    assert main(command) == 2
    assert "--engine chooses what reads files under --stream" in capsys.readouterr().err
