"""Delimited text exports read by the library's reading rules, and cells into typed columns.

The records come through :func:`expectations._reading.utf8_stream` (the one
decoder every path uses: UTF-8 with or without a byte-order mark by default,
another encoding when named, an undecodable byte an error naming the line).
A UTF-16 file (what Qualtrics writes for its TSV exports) is recognised by
its byte-order mark when no encoding is named. Cells become columns by the
reading rules of :mod:`expectations._reading`: missing tokens, blanks,
decimal numbers, ISO dates.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Generator, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _reading as reading
from expectations._csv_rows import ragged_row_error
from expectations.errors import InsufficientDataError

__all__ = ["column_from_cells", "detect_encoding", "guess_delimiter", "iter_records",
           "read_records"]

Record = tuple[int, list[str]]


def detect_encoding(path: Path, encoding: str | None) -> str:
    """Return the encoding of ``path``: the one named, else UTF-16 by its BOM, else UTF-8."""
    if encoding is not None:
        return reading.check_encoding(encoding)
    with path.open("rb") as handle:
        start = handle.read(4)
    if start[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    return reading.DEFAULT_ENCODING


def guess_delimiter(path: Path, encoding: str) -> str:
    """Guess the delimiter: a tab for ``.tsv`` files or tab-separated first lines, else a comma."""
    if path.suffix.lower() == ".tsv":
        return "\t"
    with reading.utf8_stream(path, str(path), encoding) as raw:
        first = raw.read(1 << 16).split(b"\n", 1)[0]
    return "\t" if b"\t" in first and b"," not in first else ","


def iter_records(path: Path, *, source: str, encoding: str,
                 delimiter: str) -> Generator[Record, None, None]:
    """Yield each non-blank record of the file with the line it starts on, as it is read.

    Close the iterator (``contextlib.closing``) when stopping early, so the
    file is closed and the field size limit restored. Record widths are not
    checked here; :func:`read_records` checks them.
    """
    stream = io.TextIOWrapper(io.BufferedReader(reading.utf8_stream(path, source, encoding)),
                              encoding="utf-8", newline="")
    limit = csv.field_size_limit(sys.maxsize)
    try:
        reader = csv.reader(stream, delimiter=delimiter, strict=True)
        start = 1
        for record in reader:
            if any(cell.strip() for cell in record):
                yield start, record
            start = reader.line_num + 1
    except csv.Error as exc:
        raise reading.malformed_csv_error(source, reader.line_num, exc) from None
    finally:
        csv.field_size_limit(limit)
        stream.close()


def read_records(path: Path, *, source: str, encoding: str, delimiter: str) -> list[Record]:
    """Every non-blank record of the file with the line it starts on.

    Header rows are records too; the caller decides which are headers. A
    record of another width than the first is an error naming its line.
    """
    out = list(iter_records(path, source=source, encoding=encoding, delimiter=delimiter))
    if not out:
        raise reading.empty_file_error(source)
    header = out[0][1]
    for line, record in out[1:]:
        if len(record) != len(header):
            raise ragged_row_error(source, line, [h.strip() for h in header], record)
    return out


def records_frame(records: Sequence[Record], columns: Sequence[str],
                  source: str) -> pd.DataFrame:
    """Return the data records as a frame of text cells (object dtype)."""
    if not records:
        raise InsufficientDataError(f"{source}: the export has its header rows but no "
                                    "responses.")
    frame: pd.DataFrame = pd.DataFrame([r for _, r in records], columns=list(columns),
                                       dtype=object)
    return frame


def column_from_cells(values: pd.Series) -> pd.Series:
    """Type one column of text cells by the reading rules.

    All present cells numbers: numbers (``Int64`` when all whole, else
    ``float64``); all ISO dates: ``datetime64[ns]``; otherwise stripped text
    (a missing token such as ``NA`` is text in a text column).

    Examples
    --------
    >>> column_from_cells(pd.Series([" 9", "NA", "", "10"])).tolist()
    [9, <NA>, <NA>, 10]
    >>> column_from_cells(pd.Series(["north", "NA", " "])).tolist()
    ['north', 'NA', <NA>]
    >>> str(column_from_cells(pd.Series(["2024-05-01 10:00:00", ""])).dtype)
    'datetime64[ns]'
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        dates, _ = reading.date_cells(values)
        return dates
    missing = reading.missing_cells(values)
    if missing.all():
        empty: pd.Series = pd.Series(np.full(len(values), np.nan), index=values.index)
        return empty
    numbers, bad = reading.number_cells(values)
    if not bad.any():
        return _numbers(numbers, values.index)
    dates, not_dates = reading.date_cells(values)
    if not not_dates.any():
        return dates
    return reading.text_cells(values).astype(object)


def _numbers(numbers: npt.NDArray[np.float64], index: pd.Index) -> pd.Series:
    present = ~np.isnan(numbers)
    whole = bool(np.all(numbers[present] == np.round(numbers[present]))) and bool(
        np.all(np.abs(numbers[present]) < 2**53))
    if whole:
        out: pd.Series = pd.Series(pd.array(numbers, dtype="Float64"), index=index).astype(
            "Int64")
        return out
    floats: pd.Series = pd.Series(numbers, index=index)
    return floats
