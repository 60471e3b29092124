"""NPS by segment over a large CSV through ``ex.scan``: throughput and peak memory.

Claims: scoring a CSV of responses (score, segment, date) by segment with
``ex.nps("score", by="segment", data=ex.scan(path))`` (the fastest installed
engine; ``stream_nps`` is now its deprecated alias) takes at most 2x the time pyarrow
needs just to read the same file into memory (``pyarrow.csv.read_csv``, all
columns, multi-threaded), while the scoring process peaks below 400 MB of
resident memory. Both run in fresh child processes; each reports its own
peak RSS (``resource.getrusage(RUSAGE_SELF).ru_maxrss``, which includes the
interpreter and the imported libraries) and its time for the call alone.

The file is generated once per size by a vectorised writer into the
temporary directory (about 26 bytes a row: 1.3 GB at the default 5*10^7
rows) and reused by later runs.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from _timing import parser, report, write_csv

MEMORY_TARGET_MB = 400

_CHILD = """
import json, resource, sys, time
path, what, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
if what == "ours":
    import expectations as ex
    run = lambda: ex.nps("score", by="segment", data=ex.scan(path))
else:
    import pyarrow.csv
    run = lambda: pyarrow.csv.read_csv(path)
best = float("inf")
for _ in range(repeat):
    start = time.perf_counter()
    out = run()
    best = min(best, time.perf_counter() - start)
    del out
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": best, "peak_mb": peak}))
"""


def generate(path: Path, n: int) -> None:
    """Write ``n`` responses (score 0-10, one of 20 segments, a date) as CSV."""
    import pyarrow as pa

    rng = np.random.default_rng(0)
    segments = pa.array([f"segment-{i:02d}" for i in range(20)])
    schema = pa.schema([("score", pa.int8()), ("segment", pa.string()), ("date", pa.date32())])

    def block(m: int) -> dict[str, object]:
        days = (19_000 + rng.integers(0, 730, m)).astype("datetime64[D]")
        return {"score": pa.array(rng.integers(0, 11, m, dtype=np.int8)),
                "segment": segments.take(pa.array(rng.integers(0, 20, m, dtype=np.int32))),
                "date": pa.array(days)}

    write_csv(path, schema, n, block)


def child(path: Path, what: str, repeat: int) -> dict[str, float]:
    """Run one side in a fresh interpreter; return its best time and its peak RSS."""
    done = subprocess.run(  # noqa: S603  (our own interpreter, fixed arguments)
        [sys.executable, "-c", _CHILD, str(path), what, str(repeat)],
        capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    args = parser(__doc__, default_n=50_000_000, quick_n=100_000).parse_args()
    n = args.quick or args.n
    folder = Path(tempfile.gettempdir()) / "expectations-bench"
    folder.mkdir(exist_ok=True)
    path = folder / f"responses-{n}.csv"
    if not path.exists():
        generate(path, n)
    repeat = 3 if n <= 10_000_000 else 1
    ours = child(path, "ours", repeat)
    baseline = child(path, "pyarrow", repeat)
    size_mb = path.stat().st_size / 2**20
    print(f"file: {path} ({size_mb:,.0f} MB)")
    print(f"peak RSS: ours {ours['peak_mb']:.0f} MB (target < {MEMORY_TARGET_MB} MB), "
          f"pyarrow.csv.read_csv {baseline['peak_mb']:.0f} MB")
    report(f"nps by segment, data=ex.scan(CSV); peak RSS {ours['peak_mb']:.0f} MB "
           f"(target < {MEMORY_TARGET_MB} MB)",
           f"n = {n:,} rows, {size_mb:,.0f} MB", ours["seconds"], baseline["seconds"],
           "pyarrow.csv.read_csv (whole file)", 2.0)
    print("MEMORY " + json.dumps({"peak_mb": ours["peak_mb"],
                                  "baseline_peak_mb": baseline["peak_mb"],
                                  "target_mb": MEMORY_TARGET_MB,
                                  "ok": ours["peak_mb"] < MEMORY_TARGET_MB}))


if __name__ == "__main__":
    main()
