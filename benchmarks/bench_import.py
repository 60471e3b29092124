"""``import expectations`` versus ``import pandas``, each in a fresh interpreter.

Claim: importing the library costs at most 1.5x importing pandas (which it
needs anyway): scipy, matplotlib, dask and the streaming readers are imported
only by the functions that use them. Each timing is the import statement
alone, measured inside a new process (interpreter start-up excluded); the
best of several processes is kept.
"""

from __future__ import annotations

import subprocess
import sys

from _timing import parser, report

_PROBE = (
    "import time; t = time.perf_counter(); import {module}; "
    "print(time.perf_counter() - t)"
)


def import_time(module: str, repeat: int) -> float:
    """Best wall-clock time of ``import module`` over ``repeat`` fresh processes."""
    best = float("inf")
    for _ in range(repeat):
        done = subprocess.run(  # noqa: S603  (our own interpreter, fixed arguments)
            [sys.executable, "-c", _PROBE.format(module=module)],
            capture_output=True, text=True, check=True)
        best = min(best, float(done.stdout.strip()))
    return best


def main() -> None:
    args = parser(__doc__, default_n=15, quick_n=3).parse_args()
    repeat = args.quick or args.n
    baseline = ours = float("inf")
    for _ in range(repeat):
        # Interleaved, so that both see the same state of the file-system cache.
        baseline = min(baseline, import_time("pandas", 1))
        ours = min(ours, import_time("expectations", 1))
    report("import expectations", f"best of {repeat} fresh processes", ours, baseline,
           "import pandas", 1.5)


if __name__ == "__main__":
    main()
