"""Timing helpers shared by the benchmark scripts (not part of the library)."""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def best_of(func: Callable[[], object], repeat: int = 3) -> float:
    """Return the fastest of ``repeat`` wall-clock timings of ``func()``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def parser(description: str | None, default_n: int, quick_n: int) -> argparse.ArgumentParser:
    """Build the common command line: ``--n`` and ``--quick``."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--n", type=int, default=default_n, help=f"data size (default {default_n})")
    p.add_argument("--quick", action="store_const", const=quick_n, dest="quick",
                   help=f"tiny size ({quick_n}) for a smoke test")
    return p


def report(name: str, size: str, ours: float, baseline: float, baseline_name: str,
           target: float) -> None:
    """Print the timings, the ratio, and one machine-readable ``BENCH`` line."""
    ratio = ours / baseline
    print(f"{name} on {size}")
    print(f"  ours:     {ours * 1e3:10.2f} ms")
    print(f"  baseline: {baseline * 1e3:10.2f} ms  ({baseline_name})")
    verdict = "ok" if ratio <= target else "MISSED"
    print(f"  ratio:    {ratio:10.2f}x  (target <= {target}x: {verdict})")
    print("BENCH " + json.dumps({"name": name, "size": size, "ours_ms": ours * 1e3,
                                 "baseline_ms": baseline * 1e3, "baseline": baseline_name,
                                 "ratio": ratio, "target": target}))


def write_csv(path: Path, schema: Any, n: int, block: Callable[[int], dict[str, Any]],
              step: int = 5_000_000) -> None:
    """Write ``n`` rows to ``path`` as CSV, ``step`` rows at a time, with pyarrow.

    ``block(m)`` returns the columns of the next ``m`` rows. The file is
    written under another name and renamed when complete, so that an
    interrupted run never leaves a short file for a later run to reuse.
    """
    import pyarrow as pa
    import pyarrow.csv as pcsv

    partial = path.with_suffix(".partial")
    options = pcsv.WriteOptions(quoting_style="none")
    with pcsv.CSVWriter(partial, schema, write_options=options) as writer:
        for start in range(0, n, step):
            writer.write_table(pa.table(block(min(step, n - start)), schema=schema))
    partial.rename(path)
