"""Read CSV and Parquet files as a sequence of small pandas DataFrames.

pyarrow's streaming readers are used when pyarrow is installed
(:func:`pyarrow.csv.open_csv`, :meth:`pyarrow.parquet.ParquetFile.iter_batches`);
otherwise CSV files are read with ``pandas.read_csv(chunksize=...)``. Only the
columns a score needs are converted. Each chunk comes with the number of data
rows before it, so that an error can name the row (and the CSV line) where it
happened.

Columns are typed so that a chunk looks like ``pandas.read_csv`` of the whole
file would: answers are read as 16-bit integers (the fast path), group keys
that are text or dates as text, empty fields as missing. When an answer does
not fit the integer type (``10.5``, ``abc``), reading resumes at the failing
block with the answer column as text, which is then converted like pandas
does, so that the library's own validation reports the offending value.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from expectations.errors import (
    ExpectationsError,
    InvalidParameterError,
    SchemaError,
    format_message,
)

__all__ = ["ENGINES", "FORMATS", "Chunk", "read_chunks", "relocate"]

ENGINES: tuple[str, ...] = ("auto", "pyarrow", "pandas")
FORMATS: tuple[str, ...] = ("csv", "parquet")

_POSITION = re.compile(r"at position (\d+)\)")
# Bytes sampled from the start of a CSV file to estimate the bytes per row.
_SAMPLE = 1 << 16


class Chunk:
    """Some consecutive rows of a file and how many data rows come before them."""

    __slots__ = ("frame", "offset")

    def __init__(self, frame: pd.DataFrame, offset: int) -> None:
        self.frame = frame
        self.offset = offset


def _has_pyarrow() -> bool:
    return importlib.util.find_spec("pyarrow") is not None


def file_format(path: Path, fmt: str | None) -> str:
    """Return ``"csv"`` or ``"parquet"``: ``fmt`` if given, else from the file name."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise InvalidParameterError(
                f"format must be one of 'csv', 'parquet' or None; got {fmt!r}.")
        return fmt
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in (".parquet", ".pq"):
        return "parquet"
    if ".csv" in suffixes or ".txt" in suffixes or ".tsv" in suffixes:
        return "csv"
    raise InvalidParameterError(
        f"format must be given for a file not named *.csv or *.parquet; got None for {path}."
    )


def _bytes_per_row(path: Path) -> tuple[float, int]:
    """Average and longest row length in bytes, from the start of an uncompressed file."""
    with path.open("rb") as handle:
        sample = handle.read(_SAMPLE)
    lines = sample.split(b"\n")[1:-1] or [sample]
    lengths = [len(line) + 1 for line in lines]
    return sum(lengths) / len(lengths), max(lengths)


def _block_size(path: Path, chunk_rows: int) -> int:
    compressed = path.suffix.lower() in (".gz", ".bz2", ".zst", ".lz4")
    if compressed:
        return max(chunk_rows * 32, 1 << 16)
    average, longest = _bytes_per_row(path)
    # A block must hold whole rows; keep room for rows longer than the sampled ones.
    return max(int(chunk_rows * average), 4 * longest, 256)


def read_chunks(path: Path, *, numeric: Sequence[str], keys: Sequence[str], fmt: str,
                chunk_rows: int, engine: str) -> Iterator[Chunk]:
    """Yield the file's ``numeric`` and ``keys`` columns, ``chunk_rows`` rows at a time.

    ``chunk_rows`` is exact for Parquet and the pandas engine and approximate
    for pyarrow's CSV reader, which splits the file into blocks of bytes.
    """
    use_arrow = engine == "pyarrow" or (engine == "auto" and _has_pyarrow())
    if fmt == "parquet":
        if not _has_pyarrow():
            raise ImportError(
                "Reading Parquet needs pyarrow: pip install 'customer-expectations[stream]'."
            )
        yield from _parquet_chunks(path, [*numeric, *keys], chunk_rows)
    elif use_arrow:
        yield from _arrow_csv_chunks(path, numeric, keys, chunk_rows)
    else:
        yield from _pandas_csv_chunks(path, numeric, keys, chunk_rows)


def _check_present(path: Path, available: Sequence[str], wanted: Sequence[str]) -> None:
    missing = [c for c in dict.fromkeys(wanted) if c not in available]
    if missing:
        raise SchemaError(
            format_message("columns", f"present in {path.name}", count=len(missing),
                           first=missing[0],
                           fix=f"The file has {', '.join(map(repr, available[:20]))}.")
        )


def _parquet_chunks(path: Path, columns: list[str], chunk_rows: int) -> Iterator[Chunk]:
    import pyarrow.parquet as pq

    source = pq.ParquetFile(path)
    _check_present(path, source.schema_arrow.names, columns)
    offset = 0
    for batch in source.iter_batches(batch_size=chunk_rows, columns=list(dict.fromkeys(columns))):
        frame = batch.to_pandas()
        yield Chunk(frame, offset)
        offset += len(frame)


def _pandas_csv_chunks(path: Path, numeric: Sequence[str], keys: Sequence[str],
                       chunk_rows: int) -> Iterator[Chunk]:
    columns = [*numeric, *keys]
    header = pd.read_csv(path, nrows=0).columns.tolist()
    _check_present(path, header, columns)
    offset = 0
    with pd.read_csv(path, usecols=list(dict.fromkeys(columns)), chunksize=chunk_rows) as reader:
        for frame in reader:
            # A chunk holding text reads its answers as text: convert the numbers back.
            text = [c for c in numeric if not pd.api.types.is_numeric_dtype(frame[c].dtype)]
            yield Chunk(_numbers_like_pandas(frame, text) if text else frame, offset)
            offset += len(frame)


def _arrow_csv_chunks(path: Path, numeric: Sequence[str], keys: Sequence[str],
                      chunk_rows: int) -> Iterator[Chunk]:
    import pyarrow as pa

    offset = 0
    try:
        for frame in _arrow_csv_frames(path, numeric, keys, chunk_rows, 0, as_text=False):
            yield Chunk(frame, offset)
            offset += len(frame)
    except pa.ArrowInvalid as exc:
        if "conversion error" not in str(exc):
            raise
        # An answer did not fit the fast integer type: resume at the failing block
        # with the answers as text, converted as pandas would convert them.
        for frame in _arrow_csv_frames(path, numeric, keys, chunk_rows, offset, as_text=True):
            yield Chunk(_numbers_like_pandas(frame, numeric), offset)
            offset += len(frame)


def _arrow_csv_frames(path: Path, numeric: Sequence[str], keys: Sequence[str],
                      chunk_rows: int, skip: int, *, as_text: bool) -> Iterator[pd.DataFrame]:
    import pyarrow as pa
    import pyarrow.csv as pcsv

    read = pcsv.ReadOptions(block_size=_block_size(path, chunk_rows),
                            skip_rows_after_names=skip)
    columns = list(dict.fromkeys([*numeric, *keys]))
    types: dict[str, Any] = {c: pa.string() if as_text else pa.int16() for c in numeric[:1]}
    types.update({c: pa.string() if as_text else pa.float64() for c in numeric[1:]})
    convert = pcsv.ConvertOptions(include_columns=columns, column_types=types,
                                  strings_can_be_null=True)
    _check_present(path, pd.read_csv(path, nrows=0).columns.tolist(), columns)
    reader = pcsv.open_csv(path, read_options=read, convert_options=convert)
    text = pa.dictionary(pa.int32(), pa.string())
    retype = {name: text for name in keys
              if name not in numeric and _is_text_like(reader.schema.field(name).type)}
    if retype:
        # Keys are compared by value, as pandas reads them: text (dates stay text),
        # dictionary-encoded so that each chunk's keys are factorised already.
        reader.close()
        convert = pcsv.ConvertOptions(include_columns=columns, column_types={**types, **retype},
                                      strings_can_be_null=True)
        reader = pcsv.open_csv(path, read_options=read, convert_options=convert)
    try:
        for batch in reader:
            yield batch.to_pandas()
    finally:
        reader.close()


def _is_text_like(arrow_type: Any) -> bool:
    import pyarrow as pa

    return bool(pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type)
                or pa.types.is_dictionary(arrow_type) or pa.types.is_temporal(arrow_type)
                or pa.types.is_null(arrow_type))


def _numbers_like_pandas(frame: pd.DataFrame, numeric: Sequence[str]) -> pd.DataFrame:
    """Convert text answer columns to numbers, keeping any unconvertible text as is."""
    out: pd.DataFrame = frame.copy()
    for name in dict.fromkeys(numeric):
        text = frame[name]
        numbers = pd.to_numeric(text, errors="coerce")
        unconverted = numbers.isna() & text.notna()
        if unconverted.any():
            values = np.asarray(numbers, dtype=object)
            values[unconverted.to_numpy()] = text[unconverted].to_numpy(dtype=object)
            out[name] = pd.Series(values, index=frame.index, dtype=object)
        else:
            out[name] = numbers
    return out


def relocate(error: ExpectationsError, offset: int,
             note: Callable[[int | None], str]) -> ExpectationsError:
    """Return the same error, its position counted from the data's start, with a note.

    ``note`` receives the global position (None when the message names none).

    Examples
    --------
    >>> from expectations.errors import InvalidScoreError
    >>> err = InvalidScoreError("scores must be x; 1 value is not (first: 11 at position 2).")
    >>> str(relocate(err, 100, lambda row: f"Row {row} of f.csv."))
    'scores must be x; 1 value is not (first: 11 at position 102). Row 102 of f.csv.'
    """
    message = str(error)
    found = _POSITION.search(message)
    row = None
    if found:
        row = offset + int(found.group(1))
        message = message[:found.start(1)] + str(row) + message[found.end(1):]
    return type(error)(f"{message} {note(row)}")
