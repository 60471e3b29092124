"""The ``expectations`` command line.

Subcommands:

``expectations demo``
    Print a readable summary of the bundled demo data.

Exit codes: 0 on success, 2 on bad usage or bad input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

import expectations
from expectations.errors import ExpectationsError

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="expectations",
        description="Measure and manage customer expectations.",
    )
    parser.add_argument("--version", action="version",
                        version=f"%(prog)s {expectations.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("demo", help="summarise the bundled demo data (a fictional online retailer)",
                   description="Summarise the bundled demo data.")
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
        The exit code.
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    # argparse has already rejected unknown commands (exit code 2).
    command = _COMMANDS[args.command]
    try:
        return command(args)
    except ExpectationsError as exc:
        sys.stderr.write(f"expectations: error: {exc}\n")
        return 2


def _demo(args: argparse.Namespace) -> int:
    from expectations._demo import summary

    sys.stdout.write(summary())
    return 0


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"demo": _demo}
