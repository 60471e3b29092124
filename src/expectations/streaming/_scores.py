"""NPS and top-box scores of a CSV or Parquet file, read chunk by chunk."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, overload

import numpy as np
import pandas as pd

from expectations import _validation as v
from expectations.errors import ExpectationsError, InvalidParameterError
from expectations.models.scale import Scale
from expectations.scoring.nps import (
    IntervalMethod,
    NPSResult,
    RandomState,
    _check_bootstrap_options,
    _check_options,
)
from expectations.scoring.proportions import PROPORTION_METHODS
from expectations.scoring.satisfaction import (
    CES_SCALE,
    CSAT_SCALE,
    CESDirection,
    TopBoxResult,
    _ces_box,
    _top_box_bounds,
)
from expectations.streaming import _chunks
from expectations.streaming._accumulate import Accumulator
from expectations.streaming._histograms import (
    Histogram,
    box_result,
    key_names,
    nps_result,
    tally,
)

__all__ = ["DEFAULT_CHUNK_ROWS", "stream_ces", "stream_csat", "stream_nps", "stream_top_box"]

#: Rows per chunk unless told otherwise: a few MB of CSV, so that memory stays
#: small while the per-chunk overhead is negligible.
DEFAULT_CHUNK_ROWS = 32_768
#: The most rows per chunk: more would only cost memory (pyarrow reads blocks of
#: bytes anyway, at most 256 MiB each).
MAX_CHUNK_ROWS = 10_000_000

PathLike = str | os.PathLike[str]
#: Called after each chunk with the number of data rows read so far.
Progress = Callable[[int], None]


def check_chunk_rows(chunk_rows: object, name: str = "chunk_rows") -> int:
    """Check rows per chunk: a whole number in ``1..MAX_CHUNK_ROWS``, and return it.

    Examples
    --------
    >>> check_chunk_rows(10**12)
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: chunk_rows must be a whole number in
    1..10000000; got 1000000000000.
    """
    if (isinstance(chunk_rows, (bool, np.bool_))
            or not isinstance(chunk_rows, (int, np.integer))
            or not 1 <= chunk_rows <= MAX_CHUNK_ROWS):
        raise InvalidParameterError(
            f"{name} must be a whole number in 1..{MAX_CHUNK_ROWS}; got {chunk_rows!r}.")
    return int(chunk_rows)


def _check_reading(engine: object, chunk_rows: object, weights: object,
                   progress: object = None) -> None:
    v.check_option(engine, "engine", _chunks.ENGINES)
    if progress is not None and not callable(progress):
        raise InvalidParameterError(
            f"progress must be a callable or None; got {type(progress).__name__}.")
    check_chunk_rows(chunk_rows)
    if weights is not None and not isinstance(weights, str):
        raise InvalidParameterError(
            f"weights must be a column name or None; got {type(weights).__name__}.")


def _note(path: Path, fmt: str, offset: int, n: int) -> Any:
    """How an error names its place in the file: the row, and the CSV line when known."""
    def note(row: int | None) -> str:
        if row is None:
            return f"In {path.name}, data rows {offset}..{offset + n - 1}."
        if fmt == "csv":
            # Line 1 is the header; blank lines and quoted line breaks would shift this.
            return (f"In {path.name}, that is data row {row}: line {row + 2} of the file "
                    "unless a blank line or a quoted line break comes before it.")
        return f"In {path.name}, that is row {row}."
    return note


def _accumulate(path: PathLike, spec: Histogram, *, fmt: str | None, chunk_rows: int,
                engine: str, progress: Progress | None,
                encoding: str = "utf-8") -> Accumulator:
    """Read the file chunk by chunk and add up each chunk's histograms."""
    source = Path(path)
    kind = _chunks.file_format(source, fmt)
    numeric = [spec.column, *([spec.weights] if spec.weights else [])]
    acc = spec.accumulator()
    for chunk in _chunks.read_chunks(source, numeric=numeric, keys=list(spec.by or ()),
                                     fmt=kind, chunk_rows=int(chunk_rows), engine=engine,
                                     encoding=encoding,
                                     scales={spec.column: (spec.low, spec.high)}):
        try:
            part = tally(chunk.frame, spec)
        except ExpectationsError as exc:
            note = _note(source, kind, chunk.offset, len(chunk.frame))
            raise _chunks.relocate(exc, chunk.offset, note) from exc
        acc.add(part)
        if progress is not None:
            progress(chunk.offset + len(chunk.frame))
    return acc


@overload
def stream_nps(path: PathLike, column: str, *, by: None = ..., weights: str | None = ...,
               ci: IntervalMethod | None = ..., confidence: float = ...,
               missing: v.MissingPolicy = ...,
               rng: RandomState = ..., n_resamples: int = ..., file_format: str | None = ...,
               chunk_rows: int = ..., engine: str = ..., encoding: str = ...,
               progress: Progress | None = ...) -> NPSResult: ...
@overload
def stream_nps(path: PathLike, column: str, *, by: str | list[str] | tuple[str, ...],
               weights: str | None = ..., ci: IntervalMethod | None = ...,
               confidence: float = ..., missing: v.MissingPolicy = ..., rng: RandomState = ...,
               n_resamples: int = ..., file_format: str | None = ..., chunk_rows: int = ...,
               engine: str = ..., encoding: str = ...,
               progress: Progress | None = ...) -> pd.DataFrame: ...
def stream_nps(path: PathLike, column: str, *,
               by: str | list[str] | tuple[str, ...] | None = None,
               weights: str | None = None, ci: IntervalMethod | None = "adjusted-wald",
               confidence: float = 0.95, missing: v.MissingPolicy = "raise",
               rng: RandomState = None,
               n_resamples: int = 10_000, file_format: str | None = None,
               chunk_rows: int = DEFAULT_CHUNK_ROWS,
               engine: str = "auto", encoding: str = "utf-8",
               progress: Progress | None = None) -> NPSResult | pd.DataFrame:
    """Score NPS in a CSV or Parquet file, read in chunks.

    Gives exactly what :func:`expectations.nps` gives on the whole column
    (``nps(df[column], by=df[by], weights=df[weights])``, the file read whole
    by the same reading rules), while holding only one chunk and the
    per-group counts in memory. Cells are read by the library's reading
    rules (see the guide page "Scale"): empty, blank and ``NA``-like cells
    of the answers are missing, ``0x9`` or ``inf`` is not a number.

    Parameters
    ----------
    path : str or os.PathLike
        A CSV file (optionally ``.gz``/``.bz2`` compressed, with a header
        line) or a Parquet file.
    column : str
        The column of 0-10 answers.
    by : str or list of str, optional
        Column(s) holding the group keys. With ``by``, the result is a
        DataFrame as :func:`expectations.nps` returns with ``by=``.
    weights : str, optional
        Column of survey weights.
    ci, confidence, missing, rng, n_resamples
        As for :func:`expectations.nps`.
    file_format : {"csv", "parquet"}, optional
        The file's format; by default from its name (``*.csv``, ``*.csv.gz``,
        ``*.parquet``, ``*.pq``).
    chunk_rows : int, default 32768
        Rows per chunk (approximate for pyarrow's CSV reader, which reads
        blocks of bytes). Memory grows with it; the result does not change.
    engine : {"auto", "pyarrow", "pandas"}, default "auto"
        The CSV reader: pyarrow's streaming reader when pyarrow is installed,
        else the reading rules' own reader (Python's :mod:`csv` module, into
        pandas frames). Both read cells by the same rules. Parquet always
        needs pyarrow.
    encoding : str, default "utf-8"
        The CSV file's text encoding (a UTF-8 byte-order mark is dropped),
        such as ``"latin-1"``.
    progress : callable, optional
        Called after each chunk with the number of data rows read so far
        (for a progress display; the library itself never prints).

    Returns
    -------
    NPSResult or pandas.DataFrame
        As :func:`expectations.nps`.

    Raises
    ------
    InvalidScoreError
        As :func:`expectations.nps`, for the first chunk holding a bad value;
        the position counts data rows from the start of the file, and the
        message names the file and (for CSV) the line. Also for a malformed
        CSV row (too few or too many values, an open quote) or an unreadable
        Parquet file, naming the file and line.
    SchemaError
        If a column is not in the file, the file is empty, or a group key
        column typed as numbers at the start of the file later holds text.
    InvalidParameterError
        On an invalid option.
    InsufficientDataError
        If the file has no answers.

    Notes
    -----
    Each chunk is validated and counted by the in-memory code; the counts of
    the 11 answers per group add up exactly across chunks, and the result is
    built from them by the function :func:`expectations.nps` itself uses.
    Memory is bounded by the chunk plus the number of groups. Keys are read
    as text (stripped; a blank key is missing, ``NA`` is the key ``"NA"``),
    or as whole numbers when the start of the file holds only whole
    numbers. A cell that is not a number is reported as the report's reader
    reports it (file, line, column, and how many such cells the column
    holds); an answer off the scale in chunk *k* is raised before later
    chunks are read, so the count it reports is that chunk's. A row with too
    few or too many values is an error on every engine.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> df = pd.DataFrame({"score": [10, 9, 7, 3, 10, 6] * 15,
    ...                    "shop": ["north", "south", "north"] * 30})
    >>> df.to_csv(folder / "answers.csv", index=False)
    >>> stream_nps(folder / "answers.csv", "score", chunk_rows=16).score
    16.66...
    >>> stream_nps(folder / "answers.csv", "score", by="shop")[["score", "n"]]
           score   n
    shop
    north  -25.0  60
    south  100.0  30
    """
    confidence = _check_options(ci, confidence)
    v.check_option(missing, "missing", ("raise", "drop"))
    _check_reading(engine, chunk_rows, weights, progress)
    if ci == "bootstrap":
        _check_bootstrap_options(rng, n_resamples)
    spec = Histogram(column, low=0, high=10, by=key_names(by), weights=weights,
                     missing=missing, what="for NPS")
    acc = _accumulate(path, spec, fmt=file_format, chunk_rows=chunk_rows, engine=engine,
                      progress=progress, encoding=encoding)
    return nps_result(acc, spec, ci=ci, confidence=confidence, rng=rng,
                      n_resamples=n_resamples, stacklevel=3)


def _box(path: PathLike, column: str, *, scale: Scale, box_low: int, box_high: int,
         weights: str | None, by: object, ci: str | None, confidence: float, missing: str,
         file_format: str | None, chunk_rows: int, engine: str, progress: Progress | None,
         what: str, encoding: str) -> TopBoxResult | pd.DataFrame:
    v.check_option(ci, "ci", (*PROPORTION_METHODS, None))
    c = v.check_confidence(confidence)
    v.check_option(missing, "missing", ("raise", "drop"))
    _check_reading(engine, chunk_rows, weights, progress)
    spec = Histogram(column, low=int(scale.low), high=int(scale.high), by=key_names(by),
                     weights=weights, missing=missing, what="")
    acc = _accumulate(path, spec, fmt=file_format, chunk_rows=chunk_rows, engine=engine,
                      progress=progress, encoding=encoding)
    return box_result(acc, spec, box_low=box_low, box_high=box_high, ci=ci, confidence=c,
                      what=what, stacklevel=4)


_BoxBy = str | list[str] | tuple[str, ...]


@overload
def stream_top_box(path: PathLike, column: str, *, scale: Scale, top: int = ...,
                   weights: str | None = ..., by: None = ..., ci: str | None = ...,
                   confidence: float = ..., missing: v.MissingPolicy = ...,
                   file_format: str | None = ...,
                   chunk_rows: int = ..., engine: str = ..., encoding: str = ...,
               progress: Progress | None = ...) -> TopBoxResult: ...
@overload
def stream_top_box(path: PathLike, column: str, *, scale: Scale, top: int = ...,
                   weights: str | None = ..., by: _BoxBy, ci: str | None = ...,
                   confidence: float = ..., missing: v.MissingPolicy = ...,
                   file_format: str | None = ...,
                   chunk_rows: int = ..., engine: str = ..., encoding: str = ...,
               progress: Progress | None = ...) -> pd.DataFrame: ...
def stream_top_box(path: PathLike, column: str, *, scale: Scale, top: int = 2,
                   weights: str | None = None, by: _BoxBy | None = None,
                   ci: str | None = "wilson", confidence: float = 0.95,
                   missing: v.MissingPolicy = "raise", file_format: str | None = None,
                   chunk_rows: int = DEFAULT_CHUNK_ROWS,
                   engine: str = "auto", encoding: str = "utf-8",
                   progress: Progress | None = None) -> TopBoxResult | pd.DataFrame:
    """Score the top-box share and mean answer in a CSV or Parquet file, read in chunks.

    Gives exactly what :func:`expectations.top_box` gives on the whole
    column; the reading options are those of :func:`stream_nps`.

    Parameters
    ----------
    path : str or os.PathLike
        A CSV or Parquet file.
    column : str
        The column of answers on ``scale``.
    scale, top, ci, confidence, missing
        As for :func:`expectations.top_box`.
    weights : str, optional
        Column of survey weights.
    by : str or list of str, optional
        Column(s) holding the group keys.
    file_format, chunk_rows, engine, encoding, progress
        As for :func:`stream_nps`.

    Returns
    -------
    TopBoxResult or pandas.DataFrame
        As :func:`expectations.top_box`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> import expectations as ex
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "csat.csv"
    >>> pd.DataFrame({"answer": [5, 4, 4, 3, 1] * 8}).to_csv(path, index=False)
    >>> r = stream_top_box(path, "answer", scale=ex.Scale(1, 5), chunk_rows=7)
    >>> r.score, r.n, r.mean
    (60.0, 40, 3.4)
    """
    box_low, box_high = _top_box_bounds(scale, top)
    return _box(path, column, scale=scale, box_low=box_low, box_high=box_high,
                weights=weights, by=by, ci=ci, confidence=confidence, missing=missing,
                file_format=file_format, chunk_rows=chunk_rows, engine=engine,
                progress=progress, what="top_box", encoding=encoding)


@overload
def stream_csat(path: PathLike, column: str, *, scale: Scale = ..., top: int = ...,
                weights: str | None = ..., by: None = ..., ci: str | None = ...,
                confidence: float = ..., missing: v.MissingPolicy = ...,
                file_format: str | None = ...,
                chunk_rows: int = ..., engine: str = ..., encoding: str = ...,
               progress: Progress | None = ...) -> TopBoxResult: ...
@overload
def stream_csat(path: PathLike, column: str, *, scale: Scale = ..., top: int = ...,
                weights: str | None = ..., by: _BoxBy, ci: str | None = ...,
                confidence: float = ..., missing: v.MissingPolicy = ...,
                file_format: str | None = ...,
                chunk_rows: int = ..., engine: str = ..., encoding: str = ...,
               progress: Progress | None = ...) -> pd.DataFrame: ...
def stream_csat(path: PathLike, column: str, *, scale: Scale = CSAT_SCALE, top: int = 2,
                weights: str | None = None, by: _BoxBy | None = None,
                ci: str | None = "wilson", confidence: float = 0.95,
                missing: v.MissingPolicy = "raise",
                file_format: str | None = None, chunk_rows: int = DEFAULT_CHUNK_ROWS,
                engine: str = "auto", encoding: str = "utf-8",
                progress: Progress | None = None) -> TopBoxResult | pd.DataFrame:
    """Score CSAT (top-2-box share on 1-5, and the mean) in a file, read in chunks.

    :func:`stream_top_box` with the defaults of :func:`expectations.csat`.

    Parameters
    ----------
    path : str or os.PathLike
        A CSV or Parquet file.
    column : str
        The column of answers.
    scale, top, weights, by, ci, confidence, missing, file_format, chunk_rows, engine,
    encoding, progress
        As for :func:`stream_top_box`.

    Returns
    -------
    TopBoxResult or pandas.DataFrame
        As :func:`expectations.csat`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "csat.csv"
    >>> pd.DataFrame({"csat": [5, 4, 4, 3, 5, 2, 4, 5, 1, 4] * 6}).to_csv(path, index=False)
    >>> stream_csat(path, "csat").score
    70.0
    """
    box_low, box_high = _top_box_bounds(scale, top)
    return _box(path, column, scale=scale, box_low=box_low, box_high=box_high,
                weights=weights, by=by, ci=ci, confidence=confidence, missing=missing,
                file_format=file_format, chunk_rows=chunk_rows, engine=engine,
                progress=progress, what="csat", encoding=encoding)


@overload
def stream_ces(path: PathLike, column: str, *, scale: Scale = ..., agree_from: int = ...,
               direction: CESDirection | None = ..., weights: str | None = ...,
               by: None = ..., ci: str | None = ..., confidence: float = ...,
               missing: v.MissingPolicy = ..., file_format: str | None = ..., chunk_rows: int = ...,
               engine: str = ..., encoding: str = ...,
               progress: Progress | None = ...) -> TopBoxResult: ...
@overload
def stream_ces(path: PathLike, column: str, *, scale: Scale = ..., agree_from: int = ...,
               direction: CESDirection | None = ..., weights: str | None = ...,
               by: _BoxBy, ci: str | None = ..., confidence: float = ...,
               missing: v.MissingPolicy = ..., file_format: str | None = ..., chunk_rows: int = ...,
               engine: str = ..., encoding: str = ...,
               progress: Progress | None = ...) -> pd.DataFrame: ...
def stream_ces(path: PathLike, column: str, *, scale: Scale = CES_SCALE, agree_from: int = 5,
               direction: CESDirection | None = None, weights: str | None = None,
               by: _BoxBy | None = None, ci: str | None = "wilson",
               confidence: float = 0.95, missing: v.MissingPolicy = "raise",
               file_format: str | None = None, chunk_rows: int = DEFAULT_CHUNK_ROWS,
               engine: str = "auto", encoding: str = "utf-8",
               progress: Progress | None = None) -> TopBoxResult | pd.DataFrame:
    """Score customer effort (CES) in a file, read in chunks.

    :func:`stream_top_box` with the answers :func:`expectations.ces` counts
    as "easy".

    Parameters
    ----------
    path : str or os.PathLike
        A CSV or Parquet file.
    column : str
        The column of answers.
    scale, agree_from, direction
        As for :func:`expectations.ces`.
    weights, by, ci, confidence, missing, file_format, chunk_rows, engine, encoding, progress
        As for :func:`stream_top_box`.

    Returns
    -------
    TopBoxResult or pandas.DataFrame
        As :func:`expectations.ces`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ces.csv"
    >>> pd.DataFrame({"ces": [7, 6, 5, 5, 4, 3, 6, 7, 2, 5] * 4}).to_csv(path, index=False)
    >>> r = stream_ces(path, "ces")
    >>> r.score, r.mean, (r.box_low, r.box_high)
    (70.0, 5.0, (5, 7))
    """
    box_low, box_high = _ces_box(scale, agree_from, direction)
    return _box(path, column, scale=scale, box_low=box_low, box_high=box_high,
                weights=weights, by=by, ci=ci, confidence=confidence, missing=missing,
                file_format=file_format, chunk_rows=chunk_rows, engine=engine,
                progress=progress, what="ces", encoding=encoding)
