"""Deprecated: scores of files too large for memory. Use ``data=expectations.scan(path)``.

``stream_nps``, ``stream_top_box``, ``stream_csat`` and ``stream_ces`` are
deprecated aliases, removed in 0.4: ``stream_nps(path, "score", by="shop")``
is ``expectations.nps("score", by="shop", data=expectations.scan(path))``,
which counts inside Polars or DuckDB when one is installed. Each warns
(:class:`DeprecationWarning`) and returns exactly what it always returned.

The chunk reader here (``_chunks``, ``_cells``, ``_accumulate``,
``_histograms``, ``_multi``) stays: it is the pyarrow and pure-Python engine
of :func:`expectations.scan`, and the reader that names a bad cell's file and
line. See the guide page "Scale".
"""

from __future__ import annotations

from expectations.streaming._scores import (
    DEFAULT_CHUNK_ROWS,
    stream_ces,
    stream_csat,
    stream_nps,
    stream_top_box,
)

__all__ = ["DEFAULT_CHUNK_ROWS", "stream_ces", "stream_csat", "stream_nps", "stream_top_box"]
