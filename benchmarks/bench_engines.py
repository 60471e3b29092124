"""NPS by segment through ``data=``: a CSV via ex.scan, a Polars frame, a DuckDB relation.

Claims (issue 14), each ratio measured in one run on the same data:

* **CSV**, 2*10^7 rows (segment: 200 values, score 0-10, weight), NPS by
  segment with ``ex.nps("score", by="segment", data=ex.scan(path))`` takes at
  most 1.0x the time of Polars' own lazy streaming group-by computing the
  same counts (``pl.scan_csv(path).group_by("segment").agg(...)
  .collect(engine="streaming")``) and peaks at most 1.1x its resident
  memory; weighted too (``weights="weight"`` against the same group-by with
  the sums of w and w^2 overall, for promoters and for detractors). Each
  side runs in a fresh child process that reports its best time for the
  call alone and its own peak RSS (``resource.getrusage(RUSAGE_SELF)
  .ru_maxrss``, which includes the interpreter and the imported libraries).
* **Polars DataFrame** in memory, 10^7 rows and 1,000 segments:
  ``data=df`` takes at most 1.2x the bare Polars group-by expression.
* **DuckDB relation** over the same CSV: ``data=duckdb.read_csv(path)``
  takes at most 1.2x DuckDB's own SQL NPS query.

The pandas path keeps its own benchmarks: ``bench_nps.py`` (one numpy pass)
and ``bench_nps_grouped.py`` (pandas ``groupby.mean``). A part whose library
is not installed, or that the installed library cannot run yet (no
``ex.scan`` or ``data=``), prints a ``SKIP`` line instead of a figure.

The CSV is generated once per size by a vectorised writer into the temporary
directory (about 15 bytes a row: 300 MB at 2*10^7 rows) and reused by later
runs; ``--delete`` removes it at the end. ``--quick`` runs every part on 10^5
rows, in this process, to check that the script works.
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from _timing import best_of, report, write_csv

SEGMENTS = 200
GROUPS = 1_000
MEMORY_TARGET = 1.1


def skip(part: str, reason: str) -> None:
    """Say that a part did not run, and why (run_all.py lists it as skipped)."""
    print(f"SKIP {json.dumps({'name': part, 'reason': reason})}")


def library_gap() -> str | None:
    """Return why the installed library cannot run the engine parts, or None."""
    import expectations as ex

    if not hasattr(ex, "scan"):
        return "the installed expectations has no ex.scan yet"
    if "data" not in inspect.signature(ex.nps).parameters:
        return "the installed expectations.nps takes no data= yet"
    return None


def missing(*modules: str) -> str | None:
    """Return a reason naming the first module that is not installed, or None."""
    for module in modules:
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed"
    return None


# ---------------------------------------------------------------- the CSV file

def generate(path: Path, n: int) -> None:
    """Write ``n`` responses (segment of 200, score 0-10, weight 0.5-2.0) as CSV."""
    import pyarrow as pa

    rng = np.random.default_rng(0)
    names = pa.array([f"seg{i:03d}" for i in range(SEGMENTS)])
    schema = pa.schema([("segment", pa.string()), ("score", pa.int8()),
                        ("weight", pa.float64())])
    write_csv(path, schema, n, lambda m: {
        "segment": names.take(pa.array(rng.integers(0, SEGMENTS, m, dtype=np.int32))),
        "score": pa.array(rng.integers(0, 11, m, dtype=np.int8)),
        # three decimals keep the file near 15 bytes a row
        "weight": pa.array(rng.integers(500, 2001, m) / 1000),
    })


# ---------------------------------------------------------------- the two sides

def polars_counts(frame: Any, weighted: bool) -> Any:
    """Polars' own NPS by segment: the counts (and sums) per segment, then the score."""
    import polars as pl

    score, weight = pl.col("score"), pl.col("weight")
    promoter, detractor = score >= 9, score <= 6
    if weighted:
        squared = weight * weight
        aggs = [pl.len().alias("n"), weight.sum().alias("w"), squared.sum().alias("w2"),
                weight.filter(promoter).sum().alias("promoters"),
                squared.filter(promoter).sum().alias("promoters_w2"),
                weight.filter(detractor).sum().alias("detractors"),
                squared.filter(detractor).sum().alias("detractors_w2")]
        total = pl.col("w")
    else:
        aggs = [pl.len().alias("n"), promoter.sum().alias("promoters"),
                detractor.sum().alias("detractors")]
        total = pl.col("n")
    # counts are unsigned: subtract them as floats
    promoters = pl.col("promoters").cast(pl.Float64)
    nps = (100 * (promoters - pl.col("detractors")) / total).alias("nps")
    return frame.group_by("segment").agg(aggs).with_columns(nps)


def csv_side(what: str, path: str) -> Callable[[], object]:
    """Return the call that one side of the CSV comparison times."""
    weighted = what.endswith("-weighted")
    if what.startswith("ours"):
        # The engine ex.scan picks, and narwhals, imported up front: their own memory
        # then counts as the libraries' (imports_mb), not as the run's.
        import narwhals  # noqa: F401
        import polars as pl

        import expectations as ex

        weights = "weight" if weighted else None
        return lambda: ex.nps("score", by="segment", weights=weights, data=ex.scan(path))
    import polars as pl

    return lambda: polars_counts(pl.scan_csv(path), weighted).collect(engine="streaming")


def child_main(what: str, path: str, repeat: int) -> None:
    """Run in a child process: time one side, then print its time and peak RSS.

    Also the peak before the first call, once the side's libraries are imported
    (``imports_mb``): the library brings pandas, which a Polars-only process
    does not load, so the memory of the run itself is ``peak_mb - imports_mb``.
    """
    call = csv_side(what, path)
    imports = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    seconds = best_of(call, repeat=repeat)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "imports_mb": imports}))


def child(what: str, path: Path, repeat: int) -> dict[str, float]:
    """Run one side in a fresh interpreter; return its best time and peak RSS."""
    done = subprocess.run(  # noqa: S603  (our own interpreter and script, fixed arguments)
        [sys.executable, __file__, "--child", what, str(path), str(repeat)],
        capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed: {done.stderr.strip()[-2000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def memory(name: str, size: str, ours: float, baseline: float, baseline_name: str) -> None:
    """Print the peak memory ratio and one machine-readable ``BENCH`` line in MB."""
    ratio = ours / baseline
    verdict = "ok" if ratio <= MEMORY_TARGET else "MISSED"
    print(f"  peak RSS: ours {ours:.0f} MB, {baseline_name} {baseline:.0f} MB: "
          f"{ratio:.2f}x (target <= {MEMORY_TARGET}x: {verdict})")
    print("BENCH " + json.dumps({"name": name, "size": size, "unit": "MB", "ours": ours,
                                 "baseline_value": baseline, "baseline": baseline_name,
                                 "ratio": ratio, "target": MEMORY_TARGET}))


def check_same(ours: Any, baseline: Any, where: str) -> None:
    """In a smoke run, check that both sides computed the same NPS for every segment."""
    import pandas as pd

    if not isinstance(ours, pd.DataFrame):  # a Polars table keeps the key as a column
        ours = ours.to_pandas().set_index("segment")
    if not isinstance(baseline, pd.DataFrame):
        baseline = baseline.to_pandas()
    theirs = baseline.set_index("segment")["nps"].sort_index()
    got = ours["score"].sort_index()
    if list(got.index) != list(theirs.index) or not np.allclose(got, theirs, rtol=1e-9):
        raise SystemExit(f"{where}: the library's NPS differs from the baseline's")


# ---------------------------------------------------------------- the parts

def csv_part(path: Path, n: int, quick: bool) -> None:
    """Time (and, at full size, measure the memory of) both sides over the CSV file."""
    size = f"n = {n:,} rows, {SEGMENTS} segments, {path.stat().st_size / 2**20:,.0f} MB CSV"
    baseline_name = 'pl.scan_csv().group_by().agg().collect(engine="streaming")'
    repeat = 3 if n <= 10**6 else 2
    for weighted in (False, True):
        suffix = "-weighted" if weighted else ""
        label = "weighted NPS" if weighted else "NPS"
        name = f"{label} by segment, data=ex.scan(CSV)"
        if quick:  # in this process: a smoke test of both calls, no memory figure
            check_same(csv_side("ours" + suffix, str(path))(),
                       csv_side("polars" + suffix, str(path))(), name)
            ours = best_of(csv_side("ours" + suffix, str(path)), repeat)
            base = best_of(csv_side("polars" + suffix, str(path)), repeat)
            report(name, size, ours, base, baseline_name, 1.0)
            continue
        ours_run = child("ours" + suffix, path, repeat)
        base_run = child("polars" + suffix, path, repeat)
        report(name, size, ours_run["seconds"], base_run["seconds"], baseline_name, 1.0)
        memory(f"{name}: peak RSS", size, ours_run["peak_mb"], base_run["peak_mb"],
               "Polars streaming group-by")
        memory(f"{name}: peak RSS of the run (less the libraries' own)", size,
               ours_run["peak_mb"] - ours_run["imports_mb"],
               base_run["peak_mb"] - base_run["imports_mb"], "Polars streaming group-by")


def polars_part(n: int) -> None:
    """Time ``data=`` a Polars DataFrame in memory against the bare Polars expression."""
    import polars as pl

    import expectations as ex

    rng = np.random.default_rng(1)
    df = pl.DataFrame({"segment": rng.integers(0, GROUPS, n),
                       "score": rng.integers(0, 11, n, dtype=np.int8)})
    repeat = 5
    check_same(ex.nps("score", by="segment", data=df), polars_counts(df, weighted=False),
               "data=Polars DataFrame")
    baseline = best_of(lambda: polars_counts(df, weighted=False), repeat)
    ours = best_of(lambda: ex.nps("score", by="segment", data=df), repeat)
    report("NPS by segment, data=Polars DataFrame", f"n = {n:,}, {GROUPS:,} groups", ours,
           baseline, "df.group_by().agg()", 1.2)


def duckdb_part(path: Path, n: int) -> None:
    """Time ``data=duckdb.read_csv(path)`` against DuckDB's own SQL over the same file."""
    import duckdb

    import expectations as ex

    quoted = "'" + str(path).replace("'", "''") + "'"
    # the path is this script's own temporary file, quoted as an SQL string
    sql = (
        "SELECT segment, count(*) AS n, count_if(score >= 9) AS promoters, "  # noqa: S608
        "count_if(score <= 6) AS detractors, 100.0 * (promoters - detractors) / n AS nps "
        f"FROM read_csv({quoted}) GROUP BY segment")
    repeat = 3 if n <= 10**6 else 2
    if n <= 10**6:
        check_same(ex.nps("score", by="segment", data=duckdb.read_csv(str(path))),
                   duckdb.sql(sql).df(), "data=duckdb.read_csv")
    baseline = best_of(lambda: duckdb.sql(sql).fetchall(), repeat)
    ours = best_of(lambda: ex.nps("score", by="segment", data=duckdb.read_csv(str(path))),
                   repeat)
    report("NPS by segment, data=duckdb.read_csv(CSV)",
           f"n = {n:,} rows, {SEGMENTS} segments", ours, baseline,
           "DuckDB SQL GROUP BY over read_csv", 1.2)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--n", type=int, default=2 * 10**7, help="CSV rows (default 2*10^7)")
    p.add_argument("--n-memory", type=int, default=10**7,
                   help="rows of the in-memory Polars frame (default 10^7)")
    p.add_argument("--quick", action="store_true", help="10^5 rows, in process (smoke test)")
    p.add_argument("--only", choices=["csv", "polars", "duckdb"], action="append",
                   help="run only these parts (repeatable)")
    p.add_argument("--delete", action="store_true", help="delete the CSV file at the end")
    p.add_argument("--child", nargs=3, metavar=("WHAT", "PATH", "REPEAT"),
                   help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        what, path, repeat = args.child
        child_main(what, path, int(repeat))
        return
    n = 10**5 if args.quick else args.n
    n_memory = 10**5 if args.quick else args.n_memory
    parts = args.only or ["csv", "polars", "duckdb"]
    gap = library_gap()
    folder = Path(tempfile.gettempdir()) / "expectations-bench"
    folder.mkdir(exist_ok=True)
    path = folder / f"engines-{n}.csv"
    try:
        if ("csv" in parts or "duckdb" in parts) and not path.exists():
            if (reason := missing("pyarrow")) is not None:
                skip("engines over a CSV", f"{reason} (it writes the file)")
                parts = [part for part in parts if part == "polars"]
            else:
                start = time.perf_counter()
                generate(path, n)
                print(f"wrote {path} ({path.stat().st_size / 2**20:,.0f} MB) "
                      f"in {time.perf_counter() - start:.1f} s")
        runs = {"csv": (lambda: csv_part(path, n, args.quick), "polars"),
                "polars": (lambda: polars_part(n_memory), "polars"),
                "duckdb": (lambda: duckdb_part(path, n), "duckdb")}
        for part in parts:
            run, needs = runs[part]
            reason = gap or missing(needs)
            if reason is not None:
                skip(f"engines: {part}", reason)
                continue
            run()
    finally:
        if args.delete:
            path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
