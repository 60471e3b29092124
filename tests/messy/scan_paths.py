"""The messy corpus through ``ex.scan``: one reading path per installed engine.

Each path opens the file with :func:`expectations.engine._scan.scan`, forcing
one engine, reads the responses' roles with :meth:`Scan.read` (``nps`` as
numbers on the 0-10 scale, ``segment`` as text, ``date`` as dates when the
file has one) and
scores NPS on them, so that its outcome compares with the other paths of
``tests/contract/reading.py`` (:data:`SCAN_PATHS` is shaped to join their
``PATHS``).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

from tests.contract.reading import Outcome, ReadingPath, _guard, _round

__all__ = ["SCAN_ENGINES", "SCAN_PATHS", "scan_path"]

#: The engines installed here, fastest first.
SCAN_ENGINES: tuple[str, ...] = tuple(
    e for e in ("polars", "duckdb", "pyarrow", "python")
    if e == "python" or importlib.util.find_spec(e) is not None)


def _run(engine: str) -> Callable[[Path, str | None, Path], Outcome]:
    def run(path: Path, encoding: str | None, tmp: Path) -> Outcome:
        del tmp
        from expectations import nps
        from expectations.engine._scan import scan

        def call() -> Outcome:
            s = scan(path, engine=engine, encoding=encoding or "utf-8")
            roles = {"nps": "number", "segment": "text"}
            if "date" in s.columns:
                roles["date"] = "date"
            frame = s.read(roles, scales={"nps": (0, 10)})
            result = nps(frame["nps"], missing="drop")
            return Outcome(values={"score": _round(result.score), "n": result.n,
                                   "n_dropped": result.n_dropped})
        return _guard(call)
    return run


def scan_path(engine: str) -> ReadingPath:
    """Return the reading path of ``scan(path, engine=engine).read(...)``."""
    return ReadingPath(name=f"scan {engine}", run=_run(engine), cli=False, covers="scan",
                       reads=frozenset({"nps", "segment", "date"}))


SCAN_PATHS: tuple[ReadingPath, ...] = tuple(scan_path(e) for e in SCAN_ENGINES)
"""One path per installed engine."""
