"""Every messy file through ``ex.scan`` on every installed engine: the report's outcome.

The reference is the contract's ``read_table + report`` path (which
``tests/test_contract_reading.py`` holds to every other reading path): the
same NPS, answered and dropped counts, or the same library error, class and
message, whichever engine the scan would use.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from tests.contract.reading import PATHS, Outcome, run
from tests.messy.generate import CASES, Case, write_corpus
from tests.messy.scan_paths import SCAN_PATHS

HAS_PYARROW = importlib.util.find_spec("pyarrow") is not None
REFERENCE = next(p for p in PATHS if p.name == "read_table + report")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("messy-scan")
    return {case.name: path for case, path in write_corpus(folder, parquet=HAS_PYARROW)}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@pytest.mark.parametrize("path", SCAN_PATHS, ids=[p.name for p in SCAN_PATHS])
def test_scan_gives_the_report_readers_outcome(corpus: dict[str, Path], case: Case,
                                               path: object, tmp_path: Path) -> None:
    if case.name not in corpus:
        pytest.skip("Parquet needs pyarrow")
    file = corpus[case.name]
    expected = run(REFERENCE, file, case.encoding, tmp_path / "reference")
    got: Outcome = run(path, file, case.encoding, tmp_path / "scan")  # type: ignore[arg-type]
    assert got.foreign is None, got.foreign
    if expected.error is not None:
        assert (got.error_class, got.error) == (expected.error_class, expected.error)
        return
    assert got.error is None, got.error
    for key in ("score", "n", "n_dropped"):
        assert got.values[key] == expected.values[key], key


@pytest.mark.parametrize("case", [c for c in CASES if not c.parquet], ids=lambda c: c.name)
@pytest.mark.parametrize("engine", [e for e in ("polars", "duckdb")
                                    if importlib.util.find_spec(e) is not None])
def test_lazy_cells_are_the_rules_records(corpus: dict[str, Path], case: Case,
                                          engine: str) -> None:
    """Where a lazy engine reads a messy file, it holds the records the rules read.

    The rules' reader (:class:`expectations._reading.CsvText`) gives each
    record's cells as text; the lazy frame must hold the same, an empty cell
    null. Files the rules refuse, or that the scan sends to another engine,
    have no lazy cells to compare.
    """
    from expectations._reading import CsvText
    from expectations.engine._scan import scan
    from expectations.errors import ExpectationsError

    file = corpus[case.name]
    encoding = case.encoding or "utf-8"
    try:
        with CsvText(file, source=str(file), encoding=encoding) as text:
            records = [tuple(c if c != "" else None for c in r) for _, r in text]
        s = scan(file, engine=engine, encoding=encoding)
    except ExpectationsError:
        pytest.skip("the rules refuse the file")
    frame = s.lazy()
    if frame is None or s.engine != engine:
        pytest.skip(f"{engine} does not read this file; {s.engine} does")
    assert frame.collect().rows() == records
