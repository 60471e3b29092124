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
    InvalidScoreError,
    SchemaError,
    format_message,
)
from expectations.streaming._diagnose import unreadable

__all__ = ["ENGINES", "FORMATS", "Chunk", "read_chunks", "relocate"]

ENGINES: tuple[str, ...] = ("auto", "pyarrow", "pandas")
FORMATS: tuple[str, ...] = ("csv", "parquet")

_POSITION = re.compile(r"at position (\d+)\)")
_ARROW_COLUMN = re.compile(r"In CSV column #(\d+)")
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
                chunk_rows: int, engine: str, text_keys: Sequence[str] = ()) -> Iterator[Chunk]:
    """Yield the file's ``numeric`` and ``keys`` columns, ``chunk_rows`` rows at a time.

    ``chunk_rows`` is exact for Parquet and the pandas engine and approximate
    for pyarrow's CSV reader, which splits the file into blocks of bytes.
    Key columns named in ``text_keys`` are read from a CSV file as text
    whatever they hold (``01`` stays ``"01"``), as the report's in-memory
    reader reads every column; Parquet columns keep their stored types.
    """
    use_arrow = engine == "pyarrow" or (engine == "auto" and _has_pyarrow())
    if fmt == "parquet":
        if not _has_pyarrow():
            raise ImportError(
                "Reading Parquet needs pyarrow: pip install 'customer-expectations[stream]'."
            )
        yield from _parquet_chunks(path, [*numeric, *keys], chunk_rows)
    elif use_arrow:
        yield from _arrow_csv_chunks(path, numeric, keys, chunk_rows, text_keys)
    else:
        yield from _pandas_csv_chunks(path, numeric, keys, chunk_rows, text_keys)


def _check_present(path: Path, available: Sequence[str], wanted: Sequence[str]) -> None:
    missing = [c for c in dict.fromkeys(wanted) if c not in available]
    if missing:
        raise SchemaError(
            format_message("columns", f"present in {path.name}", count=len(missing),
                           first=missing[0],
                           fix=f"The file has {', '.join(map(repr, available[:20]))}.")
        )


def _csv_header(path: Path) -> list[str]:
    """Return the column names on the first line of a CSV file (compressed or not)."""
    try:
        names: list[str] = pd.read_csv(path, nrows=0).columns.tolist()
    except pd.errors.EmptyDataError:
        raise SchemaError(
            f"{path.name}, line 1: the file is empty; expected a header line naming the "
            "columns, then one line per row.") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InvalidScoreError(
            f"{path.name}, line 1: the header line could not be read ({exc}).") from None
    return names


def _parquet_chunks(path: Path, columns: list[str], chunk_rows: int) -> Iterator[Chunk]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    offset = 0
    try:
        source = pq.ParquetFile(path)
        _check_present(path, source.schema_arrow.names, columns)
        for batch in source.iter_batches(batch_size=chunk_rows,
                                         columns=list(dict.fromkeys(columns))):
            frame = batch.to_pandas()
            yield Chunk(frame, offset)
            offset += len(frame)
    except (pa.ArrowException, OSError) as exc:
        # A truncated or corrupt file: Parquet has no lines, so name the rows read.
        raise InvalidScoreError(
            f"{path.name}: not a readable Parquet file after {offset} rows ({exc}). "
            "Write the file again; it may be truncated.") from None


def _pandas_csv_chunks(path: Path, numeric: Sequence[str], keys: Sequence[str],
                       chunk_rows: int, text_keys: Sequence[str] = ()) -> Iterator[Chunk]:
    columns = [*numeric, *keys]
    _check_present(path, _csv_header(path), columns)
    offset = 0
    kinds: dict[str, bool] = {}
    as_str = {name: str for name in text_keys if name not in numeric}
    with pd.read_csv(path, usecols=list(dict.fromkeys(columns)), chunksize=chunk_rows,
                     dtype=as_str or None) as reader:
        while True:
            try:
                frame = next(reader)
            except StopIteration:
                return
            except (pd.errors.ParserError, UnicodeDecodeError) as exc:
                raise InvalidScoreError(
                    f"{path.name}: a data row after row {offset} could not be read ({exc}). "
                    "Complete, quote or remove it.") from None
            _check_key_kinds(path, frame, [k for k in keys if k not in numeric and k not in as_str],
                             kinds, offset)
            # A chunk holding text reads its answers as text: convert the numbers back.
            text = [c for c in numeric if not pd.api.types.is_numeric_dtype(frame[c].dtype)]
            yield Chunk(_numbers_like_pandas(frame, text) if text else frame, offset)
            offset += len(frame)


def _check_key_kinds(path: Path, frame: pd.DataFrame, keys: Sequence[str],
                     kinds: dict[str, bool], offset: int) -> None:
    """Stop when a key column turns from numbers to text or back between chunks.

    pandas types each chunk on its own, so ``1`` in one chunk and ``"1"`` in
    another would be two groups; reading the whole file would have made both text.
    """
    for name in dict.fromkeys(keys):
        column = frame[name]
        present = column.notna().to_numpy()
        if not present.any():
            continue
        numeric = bool(pd.api.types.is_numeric_dtype(column.dtype))
        before = kinds.setdefault(name, numeric)
        if before != numeric:
            # Name the first value that is text (pandas made the whole chunk text).
            culprit = present if numeric else (
                present & pd.to_numeric(column, errors="coerce").isna().to_numpy())
            if not culprit.any():
                culprit = present
            position = int(np.flatnonzero(culprit)[0])
            row = offset + position
            value = column.iloc[position]
            shown = value.item() if isinstance(value, np.generic) else value
            raise SchemaError(
                f"{path.name}, line {row + 2} (data row {row}), column {name!r}: the group key "
                f"column holds {'numbers' if before else 'text'} in earlier rows, then "
                f"{shown!r}. Make the column all numbers or all text (for "
                "example 'store-1' rather than 1).")


def _arrow_csv_chunks(path: Path, numeric: Sequence[str], keys: Sequence[str],
                      chunk_rows: int, text_keys: Sequence[str] = ()) -> Iterator[Chunk]:
    import pyarrow as pa

    header = _csv_header(path)
    columns = list(dict.fromkeys([*numeric, *keys]))
    _check_present(path, header, columns)
    text = [k for k in keys if k in text_keys and k not in numeric]
    key_types = _arrow_key_types(path, [k for k in keys if k not in numeric and k not in text],
                                 chunk_rows)
    key_types.update(dict.fromkeys(text, pa.dictionary(pa.int32(), pa.string())))
    offset = 0
    as_text = False
    while True:
        try:
            for frame in _arrow_csv_frames(path, numeric, columns, key_types, chunk_rows,
                                           offset, as_text=as_text):
                yield Chunk(_numbers_like_pandas(frame, numeric) if as_text else frame, offset)
                offset += len(frame)
            return
        except pa.ArrowInvalid as exc:  # noqa: PERF203 (at most two passes)
            failed = _failed_column(exc, header)
            if as_text or failed not in numeric:
                typed = {k: t for k, t in key_types.items() if not _is_text_like(t)}
                raise unreadable(path, header, offset, typed, exc) from None
            # An answer did not fit the fast integer type: resume at the failing block
            # with the answers as text, converted as pandas would convert them.
            as_text = True


def _failed_column(error: Exception, header: Sequence[str]) -> str | None:
    """Return the column a pyarrow conversion error names (``In CSV column #k``), if any."""
    found = _ARROW_COLUMN.search(str(error))
    if found is None or int(found.group(1)) >= len(header):
        return None
    return header[int(found.group(1))]


def _arrow_key_types(path: Path, keys: Sequence[str], chunk_rows: int) -> dict[str, Any]:
    """Fix each key column's type from the file's first block, for every later reader.

    Keys are compared by value, as pandas reads them: text (dates stay text)
    is dictionary-encoded so that each chunk's keys are factorised already;
    numbers keep the type inferred at the start, and a later value that does
    not fit it is an error rather than a silently different group.
    """
    import pyarrow as pa
    import pyarrow.csv as pcsv

    if not keys:
        return {}
    read = pcsv.ReadOptions(block_size=_block_size(path, chunk_rows))
    convert = pcsv.ConvertOptions(include_columns=list(dict.fromkeys(keys)),
                                  strings_can_be_null=True)
    try:
        reader = pcsv.open_csv(path, read_options=read, convert_options=convert)
    except pa.ArrowInvalid as exc:
        raise unreadable(path, _csv_header(path), 0, {}, exc) from None
    try:
        schema = reader.schema
    finally:
        reader.close()
    text = pa.dictionary(pa.int32(), pa.string())
    return {name: text if _is_text_like(schema.field(name).type) else schema.field(name).type
            for name in dict.fromkeys(keys)}


def _arrow_csv_frames(path: Path, numeric: Sequence[str], columns: list[str],
                      key_types: dict[str, Any], chunk_rows: int, skip: int, *,
                      as_text: bool) -> Iterator[pd.DataFrame]:
    import pyarrow as pa
    import pyarrow.csv as pcsv

    read = pcsv.ReadOptions(block_size=_block_size(path, chunk_rows),
                            skip_rows_after_names=skip)
    types: dict[str, Any] = {c: pa.string() if as_text else pa.int16() for c in numeric[:1]}
    types.update({c: pa.string() if as_text else pa.float64() for c in numeric[1:]})
    convert = pcsv.ConvertOptions(include_columns=columns, column_types={**types, **key_types},
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
