"""The file-reading contract: every messy file gives one outcome on every reading path.

Each file of the messy corpus (``tests/messy/generate.py``) is read by every
path of ``tests/contract/reading.py``: the command line (``report``,
``report --stream``, ``check``, ``check --stream``, ``score``) and the Python
readers. All paths must agree: the same numbers (NPS, n, n_dropped, the
score by segment, the monthly trend, wherever a path gives them), or the
same library error with the same message (exit code 2 and one line on the
command line), and never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path
from typing import Any

import pytest
from tests.contract.reading import (
    COMMANDS_EXEMPT,
    PATHS,
    READERS,
    READERS_EXEMPT,
    Outcome,
    ReadingPath,
    run,
)
from tests.messy.generate import CASES, Case, write_corpus

HAS_PYARROW = importlib.util.find_spec("pyarrow") is not None


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Write the corpus once for the module."""
    folder = tmp_path_factory.mktemp("messy")
    return {case.name: path for case, path in write_corpus(folder, parquet=HAS_PYARROW)}


@pytest.fixture(scope="module")
def outcomes(corpus: dict[str, Path],
             tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Outcome]:
    """Every (case, path) outcome, computed once."""
    out = {}
    for case in CASES:
        if case.name not in corpus:
            continue
        for path in PATHS:
            folder = tmp_path_factory.mktemp("out")
            out[case.name, path.name] = run(path, corpus[case.name], case.encoding, folder)
    return out


def matrix_figures() -> dict[str, int]:
    """Count the figures quoted on docs/reliability.rst."""
    return {"files": len(CASES), "paths": len(PATHS), "cases": len(CASES) * len(PATHS)}


def _case(name: str) -> Case:
    return next(c for c in CASES if c.name == name)


def _skip_parquet(case: Case) -> None:
    if case.parquet and not HAS_PYARROW:
        pytest.skip("Parquet needs pyarrow")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_no_path_raises_a_foreign_exception(outcomes: dict[tuple[str, str], Outcome],
                                            case: Case, path: ReadingPath) -> None:
    """No file makes any path raise a non-library exception or print a traceback."""
    _skip_parquet(case)
    got = outcomes[case.name, path.name]
    assert got.foreign is None, got.foreign
    if path.cli and got.error is not None:
        assert got.exit_code == 2


def _agree(values: list[tuple[str, dict[str, Any]]]) -> None:
    """Every key that several paths give has one value."""
    seen: dict[str, tuple[str, Any]] = {}
    for name, found in values:
        for key, value in found.items():
            if key in seen:
                first, expected = seen[key]
                assert value == expected, f"{key}: {name} gave {value!r}, {first} {expected!r}"
            else:
                seen[key] = (name, value)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_path_gives_one_outcome(outcomes: dict[tuple[str, str], Outcome],
                                      case: Case) -> None:
    """All paths give the same numbers, or all the same library error and message.

    A fault in one column (a bad date) is seen by the paths that read that
    column, all alike; the others read the file and agree with each other.
    """
    _skip_parquet(case)
    seeing = [p.name for p in PATHS if case.column is None or case.column in p.reads]
    blind = [p.name for p in PATHS if p.name not in seeing]
    for group in (seeing, blind):
        _one_outcome(case, {name: outcomes[case.name, name] for name in group})


def _one_outcome(case: Case, got: dict[str, Outcome]) -> None:
    if not got:
        return
    errors = {name: o.error for name, o in got.items() if o.error is not None}
    if errors:
        assert len(errors) == len(got), f"only some paths fail: {errors}"
        assert len(set(errors.values())) == 1, errors
        classes = {o.error_class for o in got.values() if o.error_class is not None}
        assert len(classes) == 1, classes
        return
    assert case.column is None or all(case.column not in p.reads for p in PATHS
                                      if p.name in got), f"{case.name} should fail"
    values = [(name, dict(o.values)) for name, o in got.items()]
    for _, found in values:
        if "score" in found and found["score"] is not None:
            found["score_1dp"] = f"{found['score']:.1f}"
        for key in ("nps_accounted", "segments_accounted", "trend_accounted"):
            assert found.get(key, True), f"{key} is false"
    _agree(values)


EXPECTED_ERRORS = {
    "off_scale": "line 9, column 1 ('nps'): must be a whole number in 0..10; 2 values are not "
                 "(first: '11')",
    "bad_date": "line 6, column 3 ('date'): must be a date (YYYY-MM-DD); 2 values are not "
                "(first: 'soon')",
    "hex_number": "line 13, column 1 ('nps'): must be a number; 2 values are not (first: '0x9')",
    "infinity": "line 10, column 1 ('nps'): must be a number; 1 value is not (first: 'inf')",
    "thousands": "line 3, column 1 ('nps'): must be a number; 1 value is not (first: '1,000')",
    "latin1": "line 16: byte 0xe9 (the line's byte 6) is not UTF-8 text",
    "ragged": "line 11, column 2 ('segment'): the line has 1 of the header's 2 values",
    "open_quote": "line 32: unexpected end of data",
    "empty": "line 1: the file is empty",
    "header_only": "line 2: the file has a header but no data rows",
    "boolean": "column 1 ('nps'): must be a number; the column holds true/false values (bool)",
    # The real dtype, time zone included (the unit is pandas' choice: ns or us).
    "tz_as_scores": "column 1 ('nps'): must be a number; the column holds dates (datetime64[",
}


@pytest.mark.parametrize("name", sorted(EXPECTED_ERRORS))
def test_expected_errors_name_file_line_and_rule(outcomes: dict[tuple[str, str], Outcome],
                                                 corpus: dict[str, Path], name: str) -> None:
    """The corpus's bad files give the documented error, naming the file and place."""
    _skip_parquet(_case(name))
    got = outcomes[name, "cli report"]
    assert got.error is not None
    assert got.error.startswith(str(corpus[name]))
    assert EXPECTED_ERRORS[name] in got.error
    if name == "tz_as_scores":
        assert ", UTC])" in got.error


@pytest.mark.parametrize(("name", "n", "n_dropped"), [
    ("clean", 30, 0), ("na_tokens", 22, 8), ("whitespace_cells", 28, 2), ("odd_numbers", 30, 0),
    ("latin1_declared", 30, 0), ("bom", 30, 0), ("segment_na", 30, 0), ("crlf", 30, 0),
    ("quoted_newlines", 30, 0), ("cr_only", 30, 0), ("blank_lines", 30, 0), ("big_field", 30, 0),
    ("missing_segment", 29, 1), ("dst_dates", 30, 0), ("parquet_text_tokens", 27, 3),
])
def test_readable_files_count_every_row(outcomes: dict[tuple[str, str], Outcome], name: str,
                                        n: int, n_dropped: int) -> None:
    """Readable files give the expected answered and dropped counts on every path."""
    _skip_parquet(_case(name))
    for path in PATHS:
        values = outcomes[name, path.name].values
        if "n" in values:
            assert (values["n"], values["n_dropped"]) == (n, n_dropped), path.name


def test_segment_named_na_is_a_segment_everywhere(
        outcomes: dict[tuple[str, str], Outcome]) -> None:
    """A segment literally named NA is kept, with its rows, on every path."""
    for path in PATHS:
        values = outcomes["segment_na", path.name].values
        if "by_segment" in values:
            assert "NA" in values["by_segment"], path.name
            assert values["by_segment"]["NA"][1] == 10, path.name


def test_dates_with_offsets_read_as_written(outcomes: dict[tuple[str, str], Outcome]) -> None:
    """Dates with +01:00/+02:00 offsets give the trend of the same dates without offsets."""
    for path in PATHS:
        with_offsets = outcomes["dst_dates", path.name].values
        if "trend" in with_offsets:
            assert with_offsets["trend"] == outcomes["plain_dates", path.name].values["trend"]
            assert [n for _, n in with_offsets["trend"]] == [7, 23]


def test_every_subcommand_is_a_reading_path_or_exempt() -> None:
    """A new subcommand must join the reading contract (or say why it reads no file)."""
    from expectations.cli import _parser

    parser = _parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    covered = {p.covers for p in PATHS if p.cli}
    assert set(sub.choices) == covered | set(COMMANDS_EXEMPT)


def test_every_file_reader_is_a_reading_path() -> None:
    """Every public streaming reader and the report's readers are walked by the contract."""
    import expectations.streaming as streaming

    readers = {name for _, name in READERS}
    public = {name for name in streaming.__all__ if name.startswith("stream_")}
    assert public <= readers
    assert readers == {p.covers for p in PATHS if not p.cli}
    for module, name in READERS:
        assert callable(getattr(importlib.import_module(module), name))


_NAMESPACES = ("expectations", "expectations.streaming", "expectations.report",
               "expectations.segmentation", "expectations.voice", "expectations.kpis",
               "expectations.gaps", "expectations.scoring", "expectations.datasets")


def _takes_a_path(function: object) -> bool:
    import inspect

    try:
        names = list(inspect.signature(function).parameters)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return any(name in ("path", "file", "filename") for name in names[:2])


def test_every_public_function_taking_a_path_is_a_reading_path() -> None:
    """A public callable that takes a file path is in the reading registry, or exempt."""
    import inspect

    readers = {name for _, name in READERS}
    found = set()
    for module_name in _NAMESPACES:
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            member = getattr(module, name)
            if inspect.isclass(member):
                found |= {f"{name}.{attr}" for attr in vars(member)
                          if not attr.startswith("_")
                          and _takes_a_path(getattr(member, attr))}
            elif callable(member) and _takes_a_path(member):
                found.add(name)
    missing = found - readers - set(READERS_EXEMPT)
    assert not missing, f"add these to tests/contract/reading.py: {sorted(missing)}"
