"""Scores of files too large for memory, read in chunks.

``stream_nps``, ``stream_top_box``, ``stream_csat`` and ``stream_ces`` read a
CSV or Parquet file a chunk at a time (pyarrow's streaming readers, or pandas
when pyarrow is missing), count each chunk with the in-memory code and add
the counts up, so that memory is bounded by one chunk plus the number of
groups, not by the number of rows. They return exactly what
:func:`expectations.nps`, :func:`~expectations.top_box`,
:func:`~expectations.csat` and :func:`~expectations.ces` return for the whole
file. See the guide page "Scale" for when to use them.
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
