"""The file-reading class of the contract: every path that reads a file, and what it gave.

:data:`PATHS` lists every way the library reads a CSV or Parquet file: the
command line's subcommands (``report``, ``report --stream``, ``check``,
``check --stream``, ``score``, ``score --by``, ``follow-up``) and the Python readers
(``read_table`` + ``report``, ``read_follow_up``, ``stream_report``, ``stream_nps``,
``stream_csat``, ``stream_ces``, ``stream_top_box``). Each path runs one file
and returns an :class:`Outcome`: the numbers it gave (NPS, n, n_dropped, the
score by segment, the monthly trend) or the error it raised. The test
(``tests/test_contract_reading.py``) runs every messy-corpus file through
every path and requires one outcome.

:data:`COMMANDS_EXEMPT` and :data:`READERS` make the registry complete: a new
subcommand, or a new public function that reads a file, fails the test until
it is added here.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from expectations.errors import ExpectationsError

__all__ = ["COMMANDS_EXEMPT", "PATHS", "READERS", "READERS_EXEMPT", "Outcome", "ReadingPath",
           "run"]

Values = dict[str, Any]


@attrs.frozen(kw_only=True)
class Outcome:
    """What one path gave for one file: values, or an error (class, message, exit code)."""

    values: Values = attrs.field(factory=dict)
    error: str | None = None  # the message
    error_class: str | None = None  # Python paths only (the CLI prints the message)
    exit_code: int | None = None  # CLI paths only
    foreign: str | None = None  # an exception that is not the library's (a traceback)


@attrs.frozen(kw_only=True)
class ReadingPath:
    """One way of reading a file; ``cli`` paths report through exit codes and text."""

    name: str
    run: Callable[[Path, str | None, Path], Outcome]
    cli: bool
    covers: str  # the subcommand or the reader it exercises
    reads: frozenset[str] = frozenset({"nps"})  # the columns it converts


_REPORT = frozenset({"nps", "segment", "date"})


def _round(x: Any) -> Any:
    return None if x is None else round(float(x), 9)


def _from_report(document: dict[str, Any]) -> Values:
    """Return the comparable numbers of a report document (``Report.to_dict()`` or JSON)."""
    values: Values = {}
    for section in document["sections"]:
        tables = {t["name"]: t["rows"] for t in section["tables"]}
        given = {i["name"]: i["rows"] for i in document["inputs"]}.get("responses")
        if section["key"] == "nps":
            overall = tables["overall"][0]
            values.update(score=_round(overall["score"]), n=section["n"],
                          n_dropped=section["n_dropped"])
            if "by_segment" in tables:
                values["by_segment"] = {r["segment"]: (_round(r["score"]), r["n"])
                                        for r in tables["by_segment"]}
        if section["key"] in ("nps", "segments", "trend"):
            # Every section accounts for every row it was given.
            values[f"{section['key']}_accounted"] = section["n"] + section["n_dropped"] == given
        if section["key"] == "trend":
            values["trend"] = [(r["period"], r["n"]) for r in tables["periods"]]
    return values


def _from_score(document: dict[str, Any]) -> Values:
    rows = document["rows"]
    if document["by"]:
        return {"by_segment": {str(r["segment"]): (_round(r["score"]), r["n"]) for r in rows}}
    return {"score": _round(rows[0]["score"]), "n": rows[0]["n"],
            "n_dropped": rows[0]["n_dropped"]}


def _cli(argv: list[str]) -> tuple[int, str, str]:
    from expectations.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def _guard(run: Callable[[], Outcome]) -> Outcome:
    """Turn a library error into an outcome; anything else is a foreign exception."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return run()
    except ExpectationsError as exc:
        return Outcome(error=str(exc), error_class=type(exc).__name__)
    except Exception as exc:  # the contract reports it as a failure
        return Outcome(foreign=f"{type(exc).__name__}: {exc}")


def _cli_outcome(argv: list[str], read: Callable[[str], Values]) -> Outcome:
    try:
        code, out, err = _cli(argv)
    except SystemExit as exc:  # argparse usage errors
        return Outcome(exit_code=int(exc.code or 0), error="usage")
    except Exception as exc:  # a traceback fails the contract
        return Outcome(foreign=f"{type(exc).__name__}: {exc}")
    if code == 2:
        lines = err.strip().splitlines()
        message = lines[-1].removeprefix("expectations: error: ") if lines else ""
        return Outcome(exit_code=2, error=message,
                       foreign=None if len(lines) == 1 else f"{len(lines)} lines: {err}")
    return Outcome(exit_code=code, values=read(out))


def _encoding(encoding: str | None) -> list[str]:
    return [] if encoding is None else ["--encoding", encoding]


def _report_cli(*extra: str) -> Callable[[Path, str | None, Path], Outcome]:
    def run(path: Path, encoding: str | None, tmp: Path) -> Outcome:
        out = tmp / "report.json"
        argv = ["report", "--responses", str(path), "--format", "json", "--output", str(out),
                *extra, *_encoding(encoding)]
        return _cli_outcome(argv, lambda _: _from_report(json.loads(out.read_text("utf-8"))))
    return run


_VERDICT = re.compile(r"nps: (-?[0-9.]+) \(estimate\)")


def _check_cli(*extra: str) -> Callable[[Path, str | None, Path], Outcome]:
    def run(path: Path, encoding: str | None, tmp: Path) -> Outcome:
        del tmp
        argv = ["check", "--responses", str(path), "--min-nps", "-100", *extra,
                *_encoding(encoding)]

        def read(out: str) -> Values:
            found = _VERDICT.search(out)
            return {"score_1dp": None if found is None else found.group(1)}
        return _cli_outcome(argv, read)
    return run


def _score_cli(*extra: str) -> Callable[[Path, str | None, Path], Outcome]:
    def run(path: Path, encoding: str | None, tmp: Path) -> Outcome:
        out = tmp / "score.json"
        argv = ["score", str(path), "--metric", "nps", "--column", "nps", "--missing", "drop",
                "--format", "json", "--output", str(out), *extra, *_encoding(encoding)]
        return _cli_outcome(argv, lambda _: _from_score(json.loads(out.read_text("utf-8"))))
    return run


def _follow_up_cli(path: Path, encoding: str | None, tmp: Path) -> Outcome:
    """Run follow-up, with the segment column standing in for customer ids."""
    out = tmp / "follow-up.csv"
    argv = ["follow-up", "--responses", str(path), "--customers", "segment", "--score", "nps",
            "--missing", "drop", "--output", str(out), *_encoding(encoding)]
    return _cli_outcome(argv, lambda _: {
        "follow_up_rows": len(out.read_text("utf-8").splitlines()) - 1})


def _read_follow_up(path: Path, encoding: str | None, tmp: Path) -> Outcome:
    from expectations.followup import read_follow_up

    return _guard(lambda: Outcome(values={"follow_up_rows": len(read_follow_up(
        path, customers="segment", score="nps", missing="drop", **_options(encoding)))}))


def _options(encoding: str | None) -> dict[str, str]:
    return {} if encoding is None else {"encoding": encoding}


def _read_table(path: Path, encoding: str | None, tmp: Path) -> Outcome:
    from expectations.report import report
    from expectations.report._inputs import prepare, read_table

    def run() -> Outcome:
        frame = prepare("responses", read_table(path, **_options(encoding)), None)
        return Outcome(values=_from_report(report(
            responses=frame, sources={"responses": str(path)}).to_dict()))
    return _guard(run)


def _stream_report(path: Path, encoding: str | None, tmp: Path) -> Outcome:
    from expectations.report import stream_report

    return _guard(lambda: Outcome(values=_from_report(
        stream_report(responses=path, chunk_rows=7, **_options(encoding)).to_dict())))


def _stream(name: str, **options: Any) -> Callable[[Path, str | None, Path], Outcome]:
    def run(path: Path, encoding: str | None, tmp: Path) -> Outcome:
        from expectations import streaming

        function = getattr(streaming, name)

        def call() -> Outcome:
            result = function(path, "nps", missing="drop", chunk_rows=7, **options,
                              **_options(encoding))
            values: Values = {"n": result.n, "n_dropped": result.n_dropped}
            if name == "stream_nps":
                values["score"] = _round(result.score)
            return Outcome(values=values)
        return _guard(call)
    return run


def _scan(by: bool = False, **options: Any) -> Callable[[Path, str | None, Path], Outcome]:
    """Score NPS by data=expectations.scan(file): the engine path that replaces stream_nps."""
    def run(path: Path, encoding: str | None, tmp: Path) -> Outcome:
        import expectations as ex

        def call() -> Outcome:
            data = ex.scan(path, **options, **_options(encoding))
            if by:
                table = ex.nps("nps", by="segment", missing="drop", data=data)
                rows = table.reset_index()
                return Outcome(values={"by_segment": {
                    str(r["segment"]): (_round(r["score"]), int(r["n"]))
                    for r in rows.to_dict("records")}})
            result = ex.nps("nps", missing="drop", data=data)
            return Outcome(values={"score": _round(result.score), "n": result.n,
                                   "n_dropped": result.n_dropped})
        return _guard(call)
    return run


def _scale() -> Any:
    from expectations import Scale

    return Scale(0, 10)


PATHS: tuple[ReadingPath, ...] = (
    ReadingPath(name="cli report", run=_report_cli(), cli=True, covers="report", reads=_REPORT),
    ReadingPath(name="cli report --stream", run=_report_cli("--stream", "--chunk-rows", "7"),
                cli=True, covers="report", reads=_REPORT),
    ReadingPath(name="cli check", run=_check_cli(), cli=True, covers="check", reads=_REPORT),
    ReadingPath(name="cli check --stream", run=_check_cli("--stream", "--chunk-rows", "7"),
                cli=True, covers="check", reads=_REPORT),
    ReadingPath(name="cli score", run=_score_cli("--chunk-rows", "7"), cli=True,
                covers="score"),
    ReadingPath(name="cli score --by", run=_score_cli("--by", "segment", "--chunk-rows", "7"),
                cli=True, covers="score", reads=frozenset({"nps", "segment"})),
    ReadingPath(name="cli follow-up", run=_follow_up_cli, cli=True, covers="follow-up",
                reads=frozenset({"nps", "segment"})),
    ReadingPath(name="read_table + report", run=_read_table, cli=False, covers="read_table",
                reads=_REPORT),
    ReadingPath(name="read_follow_up", run=_read_follow_up, cli=False,
                covers="read_follow_up", reads=frozenset({"nps", "segment"})),
    ReadingPath(name="stream_report", run=_stream_report, cli=False, covers="stream_report",
                reads=_REPORT),
    ReadingPath(name="scan + nps", run=_scan(), cli=False, covers="scan"),
    ReadingPath(name="scan + nps by segment", run=_scan(by=True), cli=False, covers="scan",
                reads=frozenset({"nps", "segment"})),
    ReadingPath(name="scan python engine + nps", run=_scan(engine="python"), cli=False,
                covers="scan"),
    ReadingPath(name="stream_nps", run=_stream("stream_nps"), cli=False, covers="stream_nps"),
    ReadingPath(name="stream_nps pandas engine", run=_stream("stream_nps", engine="pandas"),
                cli=False, covers="stream_nps"),
    ReadingPath(name="stream_top_box", run=_stream("stream_top_box", scale=_scale()),
                cli=False, covers="stream_top_box"),
    ReadingPath(name="stream_csat", run=_stream("stream_csat", scale=_scale()), cli=False,
                covers="stream_csat"),
    ReadingPath(name="stream_ces", run=_stream("stream_ces", scale=_scale(),
                                               direction="higher-is-easier"),
                cli=False, covers="stream_ces"),
)
"""Every reading path, in the order the test runs them."""

#: Subcommands that read no file, and why.
COMMANDS_EXEMPT: dict[str, str] = {"demo": "reads the bundled demo data, no file"}

#: Public callables that take a file path but read no CSV/Parquet table, and why.
READERS_EXEMPT: dict[str, str] = {
    "Lexicon.from_file": "reads a JSON/TOML lexicon: the structured reader "
                         "(tests/test_structured.py)",
    "read_survey": "reads survey exports (SPSS, Stata, Qualtrics, SurveyMonkey) into a "
                   "codebook, not the report's tables; its text cells follow the same "
                   "reading rules (tests/surveys/test_read_text.py)",
}

#: Every Python function that reads a CSV or Parquet file (module, name).
READERS: tuple[tuple[str, str], ...] = (
    ("expectations.report._inputs", "read_table"),
    ("expectations.report", "stream_report"),
    ("expectations.followup", "read_follow_up"),
    ("expectations.engine._scan", "scan"),
    *(("expectations.streaming", name) for name in
      ("stream_nps", "stream_top_box", "stream_csat", "stream_ces")),
)


def run(path: ReadingPath, file: Path, encoding: str | None, tmp: Path) -> Outcome:
    """Run one path on one file, in a fresh folder for its outputs."""
    tmp.mkdir(parents=True, exist_ok=True)
    return path.run(file, encoding, tmp)
