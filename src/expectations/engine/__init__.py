"""The engine layer: any data frame, any engine, through one counting layer.

Every public function that takes columns accepts ``data=``: a pandas,
Polars (eager or lazy), PyArrow, DuckDB, Dask or PySpark frame, anything
narwhals accepts, or a :func:`scan` of CSV or Parquet files. Count-based
scores are counted inside the engine (one lazy group-by; only the counts
come back), so they run where the data lives; the other functions collect
the columns they need. Results are those of the in-memory functions on the
same rows; ``by=`` tables come back in the caller's library.

``import expectations`` imports no engine: narwhals and the engine a frame
belongs to are imported when a frame is first given.
"""

from __future__ import annotations

__all__: list[str] = []
