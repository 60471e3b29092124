"""Run every benchmarks/bench_*.py in its own process and write docs/benchmarks.rst.

Usage: ``python benchmarks/run_all.py [--quick] [--output PATH]``. With
``--quick`` each benchmark runs at a tiny size (a smoke test) and the table is
printed but not written unless ``--output`` is given.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUTPUT = HERE.parent / "docs" / "benchmarks.rst"


def run(script: Path, quick: bool) -> list[dict[str, object]]:
    """Run one benchmark script and return its BENCH records (a script may claim several)."""
    command = [sys.executable, str(script), *(["--quick"] if quick else [])]
    done = subprocess.run(command, capture_output=True, text=True, cwd=HERE,  # noqa: S603
                          check=False, timeout=600)
    sys.stdout.write(done.stdout)
    records: list[dict[str, object]] = []
    for line in done.stdout.splitlines():
        # BENCH: a figure; SKIP: a part that could not run here (a library not installed)
        if line.startswith(("BENCH ", "SKIP ")):
            kind, _, payload = line.partition(" ")
            record: dict[str, object] = json.loads(payload)
            record["script"] = script.name
            if kind == "SKIP":
                record["skipped"] = record.pop("reason")
            records.append(record)
    if records and done.returncode == 0:
        return records
    if records:  # the figures before the failure, then the failure
        return [*records, {"script": script.name,
                           "error": done.stderr.strip().splitlines()[-1:] or ["no output"]}]
    return [{"script": script.name,
             "error": done.stderr.strip().splitlines()[-1:] or ["no output"]}]


def table(records: list[dict[str, object]]) -> str:
    """Format the records as a reStructuredText list-table."""
    lines = [
        ".. list-table::",
        "   :header-rows: 1",
        "",
        "   * - benchmark",
        "     - size",
        "     - ours",
        "     - baseline",
        "     - baseline figure",
        "     - ratio",
        "     - target",
    ]
    for r in records:
        if "error" in r:
            cells = [f"``{r['script']}``", f"failed: {r['error']}", "", "", "", "", ""]
        elif "skipped" in r:
            cells = [f"{r['name']} (``{r['script']}``)", f"skipped: {r['skipped']}",
                     "", "", "", "", ""]
        else:
            # a time in ms (ours_ms, baseline_ms), or another unit (ours, baseline_value)
            unit = str(r.get("unit", "ms"))
            ours = r["ours_ms"] if unit == "ms" else r["ours"]
            theirs = r["baseline_ms"] if unit == "ms" else r["baseline_value"]
            cells = [
                f"{r['name']} (``{r['script']}``)", str(r["size"]), f"{ours:.1f} {unit}",
                f"``{r['baseline']}``", f"{theirs:.1f} {unit}", f"{r['ratio']:.2f}x",
                f"<= {r['target']}x",
            ]
        lines.append(f"   * - {cells[0]}")
        lines.extend(f"     - {cell}" for cell in cells[1:])
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny sizes (smoke test)")
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args()
    records = [record for script in sorted(HERE.glob("bench_*.py"))
               for record in run(script, args.quick)]
    text = table(records)
    print(text)
    output = args.output or (None if args.quick else DEFAULT_OUTPUT)
    if output is not None:
        header = (
            "Benchmarks\n==========\n\n"
            "Each benchmark times the library and its baseline in the same process "
            "(best of several runs) and reports the ratio, so the figures hold on any "
            "machine. Regenerate this page with ``python benchmarks/run_all.py``.\n\n"
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, {platform.system()}.\n\n"
        )
        output.write_text(header + text + "\n", encoding="utf-8")
    return 1 if any("error" in r for r in records) else 0


if __name__ == "__main__":
    raise SystemExit(main())
