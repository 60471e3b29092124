"""Timing helpers shared by the benchmark scripts (not part of the library)."""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable


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
