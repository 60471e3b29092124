"""The ``expectations`` command line.

Subcommands:

``expectations report``
    The expectations report, from files (CSV or Parquet) or ``--demo``, as
    terminal text, JSON, HTML or Markdown.
``expectations check``
    A quality gate: exit 1 when a threshold is missed, printing which.
``expectations demo``
    Same as ``expectations report --demo``.
``expectations score``
    One score (NPS, CSAT, CES or top-box) of one column of a CSV or Parquet
    file, counted by Polars or DuckDB when installed (else read in chunks),
    so that memory is bounded by the number of groups, not of rows; as a
    terminal table, JSON or CSV. ``--engine`` picks the reader.
``expectations follow-up``
    The customers to contact after an NPS survey (detractors, then passives),
    as formula-safe CSV for a CRM import.

Exit codes: 0 on success (all thresholds met), 1 when ``check`` finds a
threshold missed, 2 on bad usage or bad input (one ``expectations: error:``
line on standard error, never a traceback), 3 on an internal error (a bug:
one ``expectations: internal error:`` line; set ``EXPECTATIONS_TRACEBACK=1``
to see the traceback), 130 when interrupted. A reader that stops early
(``| head``) is not an error.

Output goes through :mod:`expectations._output`: it is written only once the
whole report is built (to a temporary file renamed at the end), so a failure
never leaves a partial report behind; new files follow the umask, an existing
file keeps its mode, a FIFO or terminal is written as a stream, a directory or
device is refused; ``--output -`` is standard output. Text from the data is
escaped for the medium (terminal, Markdown, HTML, CSV, JSON).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import re
import sys
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import expectations
from expectations.errors import ExpectationsError, InvalidParameterError

__all__ = ["main"]

_FILE_TABLES = ("responses", "servqual", "tolerance", "kano", "outcomes", "commitments",
                "transactions", "drivers")
_FORMATS = ("terminal", "json", "html", "markdown")
_METRICS = ("nps", "csat", "ces", "top-box")
_SCORE_FORMATS = ("terminal", "json", "csv")


def _file_options(parser: argparse._ActionsContainer, *, delimiter: bool = True,
                  encoding: bool = True, output: bool = True) -> None:
    """Add the file options a command takes: ``--delimiter``, ``--encoding``, ``--output``."""
    if delimiter:
        parser.add_argument("--delimiter", default=",",
                            help="CSV column delimiter (default ',')")
    if encoding:
        parser.add_argument("--encoding", default="utf-8", metavar="NAME",
                            help="text encoding of CSV files (default utf-8; a byte-order mark "
                                 "is fine), e.g. latin-1")
    if output:
        parser.add_argument("--output", "-o", metavar="PATH",
                            help="write to PATH instead of standard output ('-' is standard "
                                 "output)")


def _add_inputs(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("inputs (CSV or Parquet files)")
    group.add_argument("--demo", action="store_true",
                       help="use the bundled demo data instead of files")
    for table in _FILE_TABLES:
        group.add_argument(f"--{table}", metavar="FILE", type=Path,
                           help=f"the {table} table")
    group.add_argument("--config", metavar="FILE", type=Path,
                       help="column mapping (and optional [files]) as TOML or JSON")
    group.add_argument("--column", metavar="ROLE=COLUMN", action="append", default=[],
                       help="your column for a role, e.g. nps=likely_to_recommend or "
                            "drivers.outcome=overall (repeatable)")
    _file_options(group, output=False)
    group.add_argument("--confidence", type=float, default=0.95,
                       help="confidence level of every interval (default 0.95)")
    from expectations.streaming import DEFAULT_CHUNK_ROWS

    stream = parser.add_argument_group("large files")
    stream.add_argument("--stream", action="store_true",
                        help="count the responses and outcomes files without loading them "
                             "(with Polars or DuckDB, else in chunks; memory bounded by the "
                             "number of groups, not rows); sections that need whole tables are "
                             "listed as not available")
    stream.add_argument("--chunk-rows", type=int, default=DEFAULT_CHUNK_ROWS, metavar="N",
                        help=f"with --stream: rows per chunk when read in chunks, "
                             f"1..10,000,000 (default {DEFAULT_CHUNK_ROWS})")
    stream.add_argument("--engine", choices=_ENGINES, default="auto",
                        help="with --stream: what reads the files: auto (default: Polars, else "
                             "DuckDB, which count inside the engine; else pyarrow, else "
                             "Python's csv module, in chunks), or one of them; the report is "
                             "the same")


_ENGINES = ("auto", "polars", "duckdb", "pyarrow", "python")


def _engine_option(parser: argparse._ActionsContainer) -> None:
    """Add ``--engine``: which engine reads a large file (the fastest installed by default)."""
    parser.add_argument("--engine", choices=_ENGINES, default="auto",
                        help="what reads the file: auto (default: Polars, else DuckDB, else "
                             "pyarrow, else Python's csv module), or one of them; the result "
                             "is the same")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="expectations", description="Measure and manage customer expectations.")
    parser.add_argument("--version", action="version",
                        version=f"%(prog)s {expectations.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    report = sub.add_parser("report", help="the expectations report (terminal, JSON, HTML, "
                                           "Markdown)",
                            description="Build the expectations report from files or --demo.")
    _add_inputs(report)
    report.add_argument("--format", choices=_FORMATS, default="terminal")
    _file_options(report, delimiter=False, encoding=False)
    report.add_argument("--no-charts", action="store_true", help="HTML without charts")
    report.add_argument("--survey", metavar="FILE", type=Path,
                        help="a survey tool's export (SPSS .sav, Stata .dta, Qualtrics or "
                             "SurveyMonkey CSV/TSV/XLSX): questions' roles are inferred; "
                             "--column nps=Q7 sets one, --column segment=Region names the "
                             "segment column")
    check = sub.add_parser("check", help="exit 1 when a threshold is missed (a CI gate)",
                           description="Check thresholds; exit 0 if all pass, 1 if any "
                                       "fails, 2 on bad usage or input.")
    _add_inputs(check)
    check.add_argument("--min-nps", type=float, metavar="POINTS")
    check.add_argument("--min-csat", type=float, metavar="PERCENT")
    check.add_argument("--min-ces", type=float, metavar="PERCENT")
    check.add_argument("--max-broken-rate", type=float, metavar="SHARE",
                       help="largest share (0..1) of outcomes breaking any commitment")
    check.add_argument("--conservative", action="store_true",
                       help="judge the interval's least favourable bound, not the estimate")
    check.add_argument("--baseline", metavar="FILE", type=Path,
                       help="a report JSON from an earlier run (report --format json): fail "
                            "when NPS, CSAT or CES dropped significantly since then")
    sub.add_parser("demo", help="the report on the bundled demo data (= report --demo)",
                   description="Same as `expectations report --demo`.")
    _add_score(sub)
    _add_follow_up(sub)
    return parser


def _add_follow_up(sub: Any) -> None:
    follow = sub.add_parser(
        "follow-up", help="the customers to contact (detractors, then passives) as CSV",
        description="List the customers to contact after an NPS survey, as CSV for a CRM "
                    "import: detractors first, then passives (promoters are not listed), each "
                    "by value at risk, then most recent answer. A customer who answered "
                    "several times counts once (the latest answer); standard error says how "
                    "many repeat answers were collapsed.")
    follow.add_argument("--responses", required=True, metavar="FILE", type=Path,
                        help="the responses (CSV or Parquet), one row per answer")
    follow.add_argument("--customers", required=True, metavar="COL",
                        help="the column of customer ids")
    follow.add_argument("--score", default="nps", metavar="COL",
                        help="the column of 0-10 NPS answers (default nps)")
    follow.add_argument("--value", metavar="COL",
                        help="value at risk, e.g. lifetime value (higher first)")
    follow.add_argument("--date", metavar="COL",
                        help="answer dates: the latest answer counts, recent ones first")
    follow.add_argument("--text", metavar="COL", help="comments, tagged with themes")
    follow.add_argument("--lexicon", metavar="FILE", type=Path,
                        help="themes and their terms (JSON or TOML) instead of the built-in "
                             "lexicon")
    follow.add_argument("--limit", type=int, metavar="N", help="list at most N customers")
    follow.add_argument("--missing", choices=("raise", "drop"), default="raise",
                        help="answers without a score or customer id: stop (default) or drop "
                             "and count them")
    _file_options(follow)


def _add_score(sub: Any) -> None:
    from expectations.streaming import DEFAULT_CHUNK_ROWS

    score = sub.add_parser(
        "score", help="one score of a large CSV/Parquet file, counted without loading it",
        description="Score one column of a CSV or Parquet file without loading it: the "
                    "answers are counted by Polars or DuckDB when installed, else read chunk "
                    "by chunk, so memory grows with the number of groups, not of rows. The "
                    "result equals the Python function's (expectations.nps, csat, ces, "
                    "top_box) on the whole file.")
    score.add_argument("file", metavar="FILE", type=Path, help="a CSV or Parquet file")
    score.add_argument("--metric", required=True, choices=_METRICS)
    score.add_argument("--column", required=True, metavar="COL", help="the answers' column")
    score.add_argument("--by", nargs="+", action="extend", metavar="COL",
                       help="group key column(s); one row per group")
    score.add_argument("--weights", metavar="COL", help="column of survey weights")
    score.add_argument("--scale", nargs=2, type=int, metavar=("LOW", "HIGH"),
                       help="the answer scale (top-box: required; csat 1 5 and ces 1 7 by "
                            "default)")
    score.add_argument("--top", type=int, metavar="K",
                       help="top-box and csat: how many top points count (default 2)")
    score.add_argument("--agree-from", type=int, metavar="POINT",
                       help="ces: the lowest answer counted as easy (default 5)")
    score.add_argument("--direction", choices=("higher-is-easier", "lower-is-easier"),
                       help="ces on a scale other than 1..7: which end is easy")
    score.add_argument("--ci", metavar="METHOD",
                       help="interval method (nps: adjusted-wald, score, wald, bootstrap; "
                            "others: wilson, agresti-coull, wald) or none")
    score.add_argument("--seed", type=int, metavar="INT", help="random seed for --ci bootstrap")
    score.add_argument("--confidence", type=float, default=0.95,
                       help="interval confidence (default 0.95)")
    score.add_argument("--missing", choices=("raise", "drop"), default="raise",
                       help="missing answers or keys: stop (default) or drop and count them")
    score.add_argument("--format", choices=_SCORE_FORMATS, default="terminal")
    _file_options(score, delimiter=False)
    score.add_argument("--chunk-rows", type=int, default=DEFAULT_CHUNK_ROWS, metavar="N",
                       help=f"rows per chunk when the file is read in chunks, 1..10,000,000 "
                            f"(default {DEFAULT_CHUNK_ROWS}); memory grows with it, the result "
                            "does not change")
    _engine_option(score)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments, without the program name; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        The exit code: 0 success, 1 a ``check`` threshold missed, 2 bad usage or input,
        3 an internal error (a bug), 130 interrupted.
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    command = _COMMANDS[args.command]
    try:
        if getattr(args, "chunk_rows", None) is not None:
            from expectations.streaming._scores import check_chunk_rows

            check_chunk_rows(args.chunk_rows, "--chunk-rows")
        return command(args)
    except ExpectationsError as exc:
        return _fail("error", _as_flags(str(exc), args), 2)
    except MemoryError:
        return _fail("error", "not enough memory for this input; try --stream or fewer "
                              "groups.", 2)
    except OSError as exc:  # a file the library did not already explain
        where = f"{exc.filename}: " if exc.filename else ""
        return _fail("error", f"{where}{exc.strerror or exc}.", 2)
    except KeyboardInterrupt:
        return _fail("error", "interrupted.", 130)
    except Exception as exc:
        # A genuine bug: one clear line and a distinct code, not a wrong answer
        # and not a wall of traceback; the traceback on request.
        if os.environ.get("EXPECTATIONS_TRACEBACK"):
            raise
        return _fail("internal error",
                     f"{type(exc).__name__}: {exc} (this is a bug in customer-expectations; "
                     "please report it with the command that caused it; set "
                     "EXPECTATIONS_TRACEBACK=1 to see the traceback)", 3)


_MESSAGE_LIMIT = 2000

# Library messages suggest Python keywords (missing="drop"); on the command
# line the same choice is a flag, so the message says the flag instead.
_KEYWORD_FLAGS = {"missing": "--missing"}
_KEYWORD = re.compile(r"\b([a-z_]+)=([\"'])([a-z-]+)\2")


def _as_flags(message: str, args: argparse.Namespace) -> str:
    """Say the keyword suggestions of a library message as this command's flags.

    ``missing="drop"`` becomes ``--missing drop`` when the command has that
    flag; a keyword the command has no flag for is left as it is.
    """
    def flag(match: re.Match[str]) -> str:
        keyword, value = match.group(1), match.group(3)
        if keyword in _KEYWORD_FLAGS and hasattr(args, keyword):
            return f"{_KEYWORD_FLAGS[keyword]} {value}"
        return match.group(0)

    return _KEYWORD.sub(flag, message)


def _fail(kind: str, message: str, code: int) -> int:
    """Say what went wrong in one line on standard error and return ``code``."""
    _say(kind, message)
    return code


def _say(kind: str, message: str) -> None:
    """Write one line to standard error (control characters and line breaks made safe)."""
    from expectations._output import terminal_text

    line = terminal_text(message)
    if len(line) > _MESSAGE_LIMIT:
        line = line[:_MESSAGE_LIMIT] + "..."
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"expectations: {kind}: {line}\n")
        sys.stderr.flush()


@contextlib.contextmanager
def _warnings_as_lines() -> Iterator[None]:
    """Say each warning raised inside as one ``expectations: warning:`` line, once.

    Warnings about the data (a ScaleWarning: NPS answers that look like 1..5
    ratings) go to standard error after the work succeeds, never as Python's
    two-line ``file:line: Warning`` display; they do not change the exit code.
    After an error there is only the error's line.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for message in dict.fromkeys(str(w.message) for w in caught):
        _say("warning", message)


def _progress(fmt: str) -> Callable[[str], None] | None:
    """Progress lines on a terminal only: never into JSON, never when piped."""
    if fmt == "json" or not sys.stderr.isatty():
        return None

    def show(step: str) -> None:
        from expectations._output import terminal_text

        sys.stderr.write(f"expectations: {terminal_text(step)}...\n")  # paths are user text
        sys.stderr.flush()

    return show


def _mapping(args: argparse.Namespace) -> tuple[dict[str, Any], dict[str, Path]]:
    """Collect the column mapping and file paths: --config, then --column and file flags."""
    from expectations.report._inputs import load_config, normalise_columns

    columns: dict[str, Any] = {}
    files: dict[str, Path] = {}
    if args.config is not None:
        config = load_config(args.config)
        for key, value in config.items():
            if key == "files":
                if not isinstance(value, dict):
                    raise InvalidParameterError(f"{args.config}: [files] must be a table.")
                files.update({str(k): args.config.parent / str(v) for k, v in value.items()})
            else:
                columns[key] = value
    for item in args.column:
        role, sep, column = item.partition("=")
        if not sep or not role or not column:
            raise InvalidParameterError(
                f"--column must be ROLE=COLUMN (for example nps=likely_to_recommend); got "
                f"{item!r}.")
        columns[role.strip()] = column.strip()
    for table in _FILE_TABLES:
        if getattr(args, table) is not None:
            files[table] = getattr(args, table)
    normalise_columns(columns)  # reject unknown roles even when --demo ignores them
    unknown = set(files) - set(_FILE_TABLES)
    if unknown:
        raise InvalidParameterError(
            f"[files] names unknown tables {sorted(unknown)}; the tables are "
            f"{', '.join(_FILE_TABLES)}.")
    return columns, files


def _build(args: argparse.Namespace, progress: Callable[[str], None] | None,
           only: Sequence[str] | None = None) -> Any:
    """Read the inputs and build the report."""
    from expectations.report import report, report_demo
    from expectations.report._inputs import normalise_columns, prepare, read_table

    columns, files = _mapping(args)
    if args.engine != "auto" and not args.stream:
        raise InvalidParameterError(
            f"--engine chooses what reads files under --stream; got --engine {args.engine} "
            "without --stream. Add --stream, or leave --engine out.")
    if getattr(args, "survey", None) is not None:
        return _build_survey(args, columns, files, progress)
    if args.demo:
        if files:
            raise InvalidParameterError("--demo cannot be combined with input files.")
        if args.stream:
            raise InvalidParameterError(
                "--stream reads files in chunks; it cannot be combined with --demo.")
        if only is None:
            return report_demo(confidence=args.confidence, progress=progress)
        from expectations.datasets import load_retail

        data = load_retail()
        tables: dict[str, Any] = {name: getattr(data, name) for name in only}
        return report(**tables, commitments=data.commitments, confidence=args.confidence,
                      progress=progress)
    if not files:
        raise InvalidParameterError(
            "no input: give --demo, or files such as --responses responses.csv.")
    if args.stream:
        return _build_streamed(args, columns, files, progress, only)
    mapping = normalise_columns(columns)
    frames: dict[str, Any] = {}
    for table, path in files.items():
        if progress is not None:
            progress(f"reading {path}")
        frames[table] = prepare(table, read_table(path, delimiter=args.delimiter,
                                                  encoding=args.encoding),
                                mapping.get(table))
    return report(**frames, confidence=args.confidence,
                  sources={table: str(path) for table, path in files.items()},
                  progress=progress)


def _build_survey(args: argparse.Namespace, columns: dict[str, Any], files: dict[str, Path],
                  progress: Callable[[str], None] | None) -> Any:
    """Read a survey export and build its report (``report --survey``)."""
    from expectations.surveys import read_survey

    if args.demo or files or args.stream:
        raise InvalidParameterError(
            "--survey reads one survey export; it cannot be combined with --demo, --stream "
            "or other input files.")
    named = {"segment", "touchpoint", "date", "comment"}
    unknown = set(columns) - named - {"nps", "csat", "ces"}
    if unknown:
        raise InvalidParameterError(
            f"with --survey, --column takes nps, csat, ces, segment, touchpoint, date or "
            f"comment; got {', '.join(sorted(unknown))}.")
    roles = {str(column): role for role, column in columns.items() if role not in named}
    if progress is not None:
        progress(f"reading {args.survey}")
    survey = read_survey(args.survey, roles=roles or None,
                         encoding=None if args.encoding == "utf-8" else args.encoding,
                         delimiter=None if args.delimiter == "," else args.delimiter)
    return survey.report(confidence=args.confidence,
                         **{key: str(columns[key]) for key in named if key in columns})


def _build_streamed(args: argparse.Namespace, columns: dict[str, Any], files: dict[str, Path],
                    progress: Callable[[str], None] | None,
                    only: Sequence[str] | None) -> Any:
    """Build the report from counts, reading the responses and outcomes once in chunks."""
    from expectations.report import stream_report
    from expectations.report._inputs import normalise_columns, prepare, read_table

    if args.delimiter != ",":
        raise InvalidParameterError(
            f"--stream reads comma-separated files; got --delimiter {args.delimiter!r}. Save "
            "the file with commas, or leave out --stream.")
    if only is not None:
        files = {name: path for name, path in files.items()
                 if name in only or (name == "commitments" and "outcomes" in only)}
    commitments = None
    if "commitments" in files:
        # The promises are a small table: read whole, with the line-aware reader.
        commitments = prepare("commitments", read_table(files["commitments"],
                                                        encoding=args.encoding),
                              normalise_columns(columns).get("commitments"))
    rows = _RowProgress() if progress is not None else None
    try:
        return stream_report(responses=files.get("responses"), outcomes=files.get("outcomes"),
                             servqual=files.get("servqual"), tolerance=files.get("tolerance"),
                             kano=files.get("kano"), transactions=files.get("transactions"),
                             drivers=files.get("drivers"), commitments=commitments,
                             columns=columns,
                             confidence=args.confidence, chunk_rows=args.chunk_rows,
                             engine=args.engine, encoding=args.encoding,
                             progress=None if rows is None else rows.table)
    except OSError as exc:
        raise InvalidParameterError(f"cannot read an input file ({exc}).") from None
    finally:
        if rows is not None:
            rows.done()


def _write(text: str, output: str | None) -> None:
    """Write all of ``text`` or nothing, by the rules of :mod:`expectations._output`."""
    from expectations._output import is_standard_output, quiet_standard_output, write_text

    try:
        write_text(text, output)
    except BrokenPipeError:
        # The reader stopped early (``| head``): not an error.
        if output is None or output == "-" or is_standard_output(output):
            quiet_standard_output()


def _render(built: Any, fmt: str, charts: bool) -> str:
    if fmt == "json":
        text: str = built.to_json()
    elif fmt == "html":
        text = built.to_html(charts=charts)
    elif fmt == "markdown":
        text = built.to_markdown()
    else:
        text = built.to_text()
    return text


def _report(args: argparse.Namespace) -> int:
    from expectations._output import check_target

    check_target(args.output)  # refuse a directory or device before the long work
    progress = _progress(args.format)
    with _warnings_as_lines():
        built = _build(args, progress)
    if progress is not None:
        progress(f"rendering {args.format}")
    _write(_render(built, args.format, not args.no_charts), args.output)
    if args.output is not None and progress is not None:
        progress(f"wrote {args.output}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from expectations._output import terminal_text
    from expectations.report._gate import (
        check_thresholds,
        compare_baseline,
        evaluate,
        load_baseline,
        summary,
    )

    thresholds = {"min_nps": args.min_nps, "min_csat": args.min_csat,
                  "min_ces": args.min_ces, "max_broken_rate": args.max_broken_rate}
    if all(v is None for v in thresholds.values()) and args.baseline is None:
        raise InvalidParameterError(
            "check needs at least one threshold: --min-nps, --min-csat, --min-ces or "
            "--max-broken-rate, or --baseline FILE.")
    check_thresholds(**thresholds)  # before reading any data
    baseline = None if args.baseline is None else load_baseline(args.baseline)
    needed = []
    if any(thresholds[k] is not None for k in ("min_nps", "min_csat", "min_ces")) or \
            baseline is not None:
        needed.append("responses")
    if args.max_broken_rate is not None:
        needed.append("outcomes")
    with _warnings_as_lines():
        built = _build(args, _progress("terminal"), only=needed)
    verdicts = evaluate(built, conservative=args.conservative, **thresholds)
    changes = [] if baseline is None else compare_baseline(built, baseline)
    failed = sum(not v.passed for v in verdicts) + sum(not c.passed for c in changes)
    lines = [terminal_text(v.describe()) for v in verdicts]
    lines.extend(terminal_text(c.describe()) for c in changes)
    _write("".join(f"{line}\n" for line in [*lines, summary(verdicts, changes)]), None)
    return 1 if failed else 0


def _follow_up(args: argparse.Namespace) -> int:
    from expectations._output import check_target
    from expectations.followup import crm_csv, read_follow_up

    check_target(args.output)  # refuse a directory or device before reading the file
    if args.limit is not None and args.limit < 1:
        raise InvalidParameterError(f"--limit must be at least 1; got {args.limit}.")
    lexicon = None
    if args.lexicon is not None:
        from expectations.voice.lexicon import Lexicon

        lexicon = Lexicon.from_file(args.lexicon)
    with _warnings_as_lines():
        table = read_follow_up(args.responses, customers=args.customers, score=args.score,
                               value=args.value, date=args.date, text=args.text,
                               lexicon=lexicon, limit=args.limit, missing=args.missing,
                               delimiter=args.delimiter, encoding=args.encoding)
    _write(crm_csv(table), args.output)
    counts = table.attrs
    notes = [f"{len(table):,} of {counts['n_customers']:,} customers to contact"]
    if counts["n_to_contact"] > len(table):
        notes[0] += f" ({counts['n_to_contact']:,} before --limit)"
    if counts["n_repeats"]:
        repeats = counts["n_repeats"]
        notes.append(f"{repeats:,} repeat {'answer' if repeats == 1 else 'answers'} collapsed "
                     "(each customer's latest answer counts)")
    if counts["n_dropped"]:
        dropped = counts["n_dropped"]
        notes.append(f"{dropped:,} {'answer' if dropped == 1 else 'answers'} without a score "
                     "or customer id dropped")
    _say("note", "; ".join(notes) + ".")
    return 0


def _demo(args: argparse.Namespace) -> int:
    return _report(_parser().parse_args(["report", "--demo"]))


def _score(args: argparse.Namespace) -> int:
    from expectations._output import check_target

    check_target(args.output)  # refuse a directory or device before reading the file
    progress = _RowProgress() if args.format != "json" and sys.stderr.isatty() else None
    with _warnings_as_lines():
        try:
            result = _score_file(args, progress)
        finally:
            if progress is not None:
                progress.done()
    _write(_render_score(result, args), args.output)
    return 0


def _score_options(args: argparse.Namespace) -> dict[str, Any]:
    """Return the keyword arguments of the streaming function for ``--metric``."""
    from expectations.models.scale import Scale

    metric = args.metric
    options: dict[str, Any] = {
        "by": None if not args.by else (args.by[0] if len(args.by) == 1 else list(args.by)),
        "weights": args.weights, "confidence": args.confidence, "missing": args.missing,
        "chunk_rows": args.chunk_rows, "encoding": args.encoding,
    }
    if args.ci is not None:
        options["ci"] = None if args.ci.lower() == "none" else args.ci
    allowed = {"nps": set(), "csat": {"scale", "top"}, "ces": {"scale", "agree_from", "direction"},
               "top-box": {"scale", "top"}}[metric]
    for flag in ("scale", "top", "agree_from", "direction"):
        given = getattr(args, flag)
        if given is None:
            continue
        if flag not in allowed:
            raise InvalidParameterError(
                f"--{flag.replace('_', '-')} does not apply to --metric {metric}; got "
                f"{given!r}. Leave it out.")
        options[flag] = Scale(*given) if flag == "scale" else given
    if metric == "top-box" and "scale" not in options:
        raise InvalidParameterError(
            "--metric top-box needs --scale LOW HIGH (for example --scale 1 5); got none.")
    if args.seed is not None:
        if metric != "nps":
            raise InvalidParameterError(
                f"--seed applies to --metric nps with --ci bootstrap; got --metric {metric}.")
        options["rng"] = args.seed
    return options


def _score_file(args: argparse.Namespace, progress: Callable[[int], None] | None) -> Any:
    """Score the file: counted by the scan's engine (Polars, DuckDB), or read in chunks."""
    from expectations.streaming._scores import score_file

    path: Path = args.file
    if not path.is_file():
        raise InvalidParameterError(f"FILE must be an existing file; got {str(path)!r}.")
    options = _score_options(args)
    chunk_rows, encoding = options.pop("chunk_rows"), options.pop("encoding")
    try:
        return score_file(args.metric.replace("-", "_"), path, args.column,
                          chunk_rows=chunk_rows, encoding=encoding,
                          engine=None if args.engine == "auto" else args.engine,
                          progress=progress, **options)
    except ImportError as exc:  # Parquet without pyarrow
        raise InvalidParameterError(str(exc)) from None
    except OSError as exc:
        raise InvalidParameterError(f"{path}: cannot be read ({exc}).") from None


def _plain(value: Any) -> Any:
    """Return a JSON-ready value: numpy scalars unwrapped, NaN as None, dates as text."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if value is pd.NA or value is pd.NaT:
        return None
    return str(value)


def _score_table(result: Any) -> tuple[pd.DataFrame, list[str]]:
    """Return the result as one flat table (keys first) and the key columns' names."""
    if isinstance(result, pd.DataFrame):
        keys = [str(name) for name in result.index.names]
        return result.reset_index(), keys
    return result.to_frame(), []


def _render_score(result: Any, args: argparse.Namespace) -> str:
    from expectations._output import csv_text, json_safe

    table, keys = _score_table(result)
    if args.format == "csv":
        # Keys and names from the file cannot run as spreadsheet formulas.
        return csv_text(table)
    dropped_keys = int(result.attrs.get("n_dropped_keys", 0)) if keys else 0
    if args.format == "json":
        document = {
            "metric": args.metric, "file": str(args.file), "column": args.column,
            "by": keys, "n_dropped_keys": dropped_keys,
            "rows": [{str(k): _plain(v) for k, v in row.items()}
                     for row in table.to_dict(orient="records")],
        }
        return json_safe(json.dumps(document, indent=2, allow_nan=False,
                                    ensure_ascii=False)) + "\n"
    return _score_text(table, keys, dropped_keys, args)


_SHOWN = {"nps": ("score", "ci_low", "ci_high", "n", "promoters", "passives", "detractors",
                  "n_dropped"),
          "box": ("score", "ci_low", "ci_high", "n", "successes", "mean", "n_dropped")}


def _score_text(table: pd.DataFrame, keys: list[str], dropped_keys: int,
                args: argparse.Namespace) -> str:
    """Lay out a terminal table: the keys, the score with its interval, the counts."""
    from expectations._output import terminal_text

    shown = [*keys, *_SHOWN["nps" if args.metric == "nps" else "box"]]
    cells = [[_cell(value, whole=name in _COUNTS) for value in table[name]] for name in shown]
    heads = [terminal_text(name) for name in shown]
    widths = [max(len(head), *(len(c) for c in column)) for head, column in zip(heads, cells,
                                                                               strict=True)]
    lines = ["  ".join(head.ljust(w) if name in keys else head.rjust(w)
                       for name, head, w in zip(shown, heads, widths, strict=True))]
    lines.extend("  ".join(column[i].ljust(w) if name in keys else column[i].rjust(w)
                           for name, column, w in zip(shown, cells, widths, strict=True))
                 for i in range(len(table)))
    first = table.iloc[0]
    method = first["ci_method"] if isinstance(first["ci_method"], str) else "no"
    title = terminal_text(f"{args.metric.upper() if args.metric != 'top-box' else 'Top-box'} "
                          f"of {args.column!r} in {args.file.name}")
    notes = [f"{float(first['confidence']):.0%} {method} intervals"
             if method != "no" else "no intervals"]
    if dropped_keys:
        notes.append(f"{dropped_keys:,} rows dropped for a missing group key")
    return "\n".join([title, "=" * len(title), *lines, "", "; ".join(notes) + ".", ""])


_COUNTS = frozenset({"n", "promoters", "passives", "detractors", "successes", "n_dropped"})


def _cell(value: Any, *, whole: bool) -> str:
    value = _plain(value)
    if value is None:
        return "-"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # Counts are whole unless weighted; scores read best with two decimals.
        if whole and float(value).is_integer():
            return f"{int(value):,}"
        return f"{value:,.2f}"
    from expectations._output import terminal_text

    return terminal_text(str(value))


class _RowProgress:
    """Rows read so far, rewritten in place on a terminal at most twice a second."""

    def __init__(self) -> None:
        self.shown = 0.0
        self.rows = 0
        self.label = ""

    def __call__(self, rows: int) -> None:
        self.rows = rows
        now = time.monotonic()
        if now - self.shown >= 0.5:
            self.shown = now
            sys.stderr.write(f"\rexpectations: {self.label}{rows:,} rows read")
            sys.stderr.flush()

    def table(self, name: str, rows: int) -> None:
        """Rows read so far of the table ``name`` (a new table starts a new line)."""
        label = f"{name}: "
        if label != self.label:
            self.done()
            self.label, self.shown = label, 0.0
        self(rows)

    def done(self) -> None:
        if self.shown:
            sys.stderr.write(f"\rexpectations: {self.label}{self.rows:,} rows read\n")
            sys.stderr.flush()
            self.shown = 0.0


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "report": _report, "check": _check, "demo": _demo, "score": _score,
    "follow-up": _follow_up,
}
