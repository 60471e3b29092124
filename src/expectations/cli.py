"""The ``expectations`` command line.

Subcommands:

``expectations report``
    The expectations report, from files (CSV or Parquet) or ``--demo``, as
    terminal text, JSON, HTML or Markdown.
``expectations check``
    A quality gate: exit 1 when a threshold is missed, printing which.
``expectations demo``
    Same as ``expectations report --demo``.

Exit codes: 0 on success (all thresholds met), 1 when ``check`` finds a
threshold missed, 2 on bad usage or bad input. Output is written only once
the whole report is built (to a temporary file renamed at the end), so a
failure never leaves a partial report behind.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import expectations
from expectations.errors import ExpectationsError, InvalidParameterError

__all__ = ["main"]

_FILE_TABLES = ("responses", "servqual", "tolerance", "kano", "outcomes", "commitments",
                "transactions", "drivers")
_FORMATS = ("terminal", "json", "html", "markdown")


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
    group.add_argument("--delimiter", default=",", help="CSV column delimiter (default ',')")
    group.add_argument("--confidence", type=float, default=0.95,
                       help="confidence level of every interval (default 0.95)")


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
    report.add_argument("--output", "-o", metavar="PATH", type=Path,
                        help="write to PATH instead of standard output")
    report.add_argument("--no-charts", action="store_true", help="HTML without charts")
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
    sub.add_parser("demo", help="the report on the bundled demo data (= report --demo)",
                   description="Same as `expectations report --demo`.")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments, without the program name; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        The exit code: 0 success, 1 a ``check`` threshold missed, 2 bad usage or input.
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    command = _COMMANDS[args.command]
    try:
        return command(args)
    except ExpectationsError as exc:
        sys.stderr.write(f"expectations: error: {exc}\n")
        return 2


def _progress(fmt: str) -> Callable[[str], None] | None:
    """Progress lines on a terminal only: never into JSON, never when piped."""
    if fmt == "json" or not sys.stderr.isatty():
        return None

    def show(step: str) -> None:
        sys.stderr.write(f"expectations: {step}...\n")
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
    if args.demo:
        if files:
            raise InvalidParameterError("--demo cannot be combined with input files.")
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
    mapping = normalise_columns(columns)
    frames: dict[str, Any] = {}
    for table, path in files.items():
        if progress is not None:
            progress(f"reading {path}")
        frames[table] = prepare(table, read_table(path, delimiter=args.delimiter),
                                mapping.get(table))
    return report(**frames, confidence=args.confidence,
                  sources={table: str(path) for table, path in files.items()},
                  progress=progress)


def _write(text: str, output: Path | None) -> None:
    """Write all of ``text`` or nothing: a temporary file renamed into place."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    directory = output.resolve().parent
    if not directory.is_dir():
        raise InvalidParameterError(f"--output: the directory {directory} does not exist.")
    handle, temporary = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".part",
                                         dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, output)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


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
    progress = _progress(args.format)
    built = _build(args, progress)
    if progress is not None:
        progress(f"rendering {args.format}")
    _write(_render(built, args.format, not args.no_charts), args.output)
    if args.output is not None and progress is not None:
        progress(f"wrote {args.output}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from expectations.report._gate import evaluate

    thresholds = {"min_nps": args.min_nps, "min_csat": args.min_csat,
                  "min_ces": args.min_ces, "max_broken_rate": args.max_broken_rate}
    if all(v is None for v in thresholds.values()):
        raise InvalidParameterError(
            "check needs at least one threshold: --min-nps, --min-csat, --min-ces or "
            "--max-broken-rate.")
    needed = []
    if any(thresholds[k] is not None for k in ("min_nps", "min_csat", "min_ces")):
        needed.append("responses")
    if args.max_broken_rate is not None:
        needed.append("outcomes")
    built = _build(args, _progress("terminal"), only=needed)
    verdicts = evaluate(built, conservative=args.conservative, **thresholds)
    sys.stdout.write("".join(f"{v.describe()}\n" for v in verdicts))
    failed = sum(not v.passed for v in verdicts)
    sys.stdout.write(f"{failed} of {len(verdicts)} thresholds missed.\n" if failed
                     else f"all {len(verdicts)} thresholds met.\n")
    return 1 if failed else 0


def _demo(args: argparse.Namespace) -> int:
    return _report(_parser().parse_args(["report", "--demo"]))


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "report": _report, "check": _check, "demo": _demo,
}
