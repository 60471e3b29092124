"""Read CSV and Parquet files as a sequence of small pandas DataFrames.

pyarrow's streaming readers are used when pyarrow is installed
(:func:`pyarrow.csv.open_csv`, :meth:`pyarrow.parquet.ParquetFile.iter_batches`);
otherwise, and for whatever pyarrow cannot read, CSV files are read by the
reading rules' own reader (:class:`expectations._reading.CsvText`, Python's
:mod:`csv` module). Only the columns a score needs are converted, by the
rules of :mod:`expectations._reading`, exactly as the report's in-memory
reader converts them. Each chunk comes with the number of data rows before
it, so that an error can name the row (and the CSV line) where it happened.

pyarrow sees the file through :func:`expectations._reading.utf8_stream`,
which checks (or transcodes) the text block by block, so that every path
refuses the same bytes with the same message. Answers are read as
dictionary-encoded text and converted once per distinct cell (pyarrow's own
number parsers accept ``0x9`` and ``inf``, which the rules refuse).
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from expectations import _reading as reading
from expectations.errors import (
    ExpectationsError,
    InvalidParameterError,
    InvalidScoreError,
    SchemaError,
    format_message,
)
from expectations.streaming._cells import Batch, Coded, Wanted, small_scale

__all__ = ["ENGINES", "FORMATS", "Chunk", "read_chunks", "relocate"]

ENGINES: tuple[str, ...] = ("auto", "pyarrow", "pandas")
FORMATS: tuple[str, ...] = ("csv", "parquet")

_POSITION = re.compile(r"at position (\d+)\)")
# Bytes sampled from the start of a CSV file to estimate the bytes per row.
_SAMPLE = 1 << 16
# pyarrow's block size is a 32-bit int; past a few hundred MB a block only costs memory.
_MAX_BLOCK = 1 << 28
_MIN_BLOCK = 256


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
    """Bytes per pyarrow block: about ``chunk_rows`` rows, at most ``_MAX_BLOCK``.

    A block must hold whole rows, so it is never smaller than four times the
    longest sampled line (a field longer than a block is read by the rules'
    own reader instead). The bound keeps within pyarrow's 32-bit block size
    however long the lines at the start of the file, or however large
    ``chunk_rows``.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "long.csv").write_text("a" + chr(10) + "x" * 100_000)
    >>> _block_size(folder / "long.csv", 10**9) == _MAX_BLOCK
    True
    """
    compressed = path.suffix.lower() in (".gz", ".bz2", ".zst", ".lz4")
    if compressed:
        return min(max(chunk_rows * 32, 1 << 16), _MAX_BLOCK)
    average, longest = _bytes_per_row(path)
    # A block must hold whole rows; keep room for rows longer than the sampled ones.
    wanted = min(int(chunk_rows * average), _MAX_BLOCK)
    return max(wanted, min(4 * longest, _MAX_BLOCK), longest, _MIN_BLOCK)


def read_chunks(path: Path, *, numeric: Sequence[str], keys: Sequence[str], fmt: str,
                chunk_rows: int, engine: str, text_keys: Sequence[str] = (),
                encoding: str = reading.DEFAULT_ENCODING,
                scales: Mapping[str, tuple[int, int]] | None = None,
                dates: Sequence[str] = ()) -> Iterator[Chunk]:
    """Yield the file's ``numeric`` and ``keys`` columns, ``chunk_rows`` rows at a time.

    Cells are read by the rules of :mod:`expectations._reading`, as the
    report's in-memory reader reads them: ``numeric`` columns come as float64
    (NaN where missing), key columns named in ``text_keys`` as stripped text
    (a blank cell missing, ``NA`` the text ``"NA"``), other key columns as
    the first block types them (whole numbers, or text). A numeric column
    named in ``scales`` must hold whole numbers in its ``(low, high)``; a key
    column named in ``dates`` must hold dates, and comes as stripped text
    read as a date column (a blank cell or a missing token such as ``NA``
    missing), unless it is named in ``text_keys`` too (then ``NA`` stays
    text, as for the other text keys). A cell that breaks a rule is
    the in-memory reader's error, word for word: the file is read again
    (only then) to count such cells and name the first one's line.

    ``chunk_rows`` is exact for Parquet and the pandas engine and approximate
    for pyarrow's CSV reader, which splits the file into blocks of bytes.
    Whatever pyarrow cannot read (a field longer than a block, a malformed
    line) is read from there on by the rules' own reader, which then either
    reads it or raises the library's error naming the line.
    """
    reading.check_encoding(encoding)
    source = str(path)
    use_arrow = engine == "pyarrow" or (engine == "auto" and _has_pyarrow())
    wanted = Wanted(path, source, encoding, numeric, keys, text_keys, dates)
    wanted.scales = dict(scales or {})
    rows = 0
    if fmt == "parquet":
        if not _has_pyarrow():
            raise ImportError(
                "Reading Parquet needs pyarrow: pip install 'customer-expectations[stream]'."
            )
        chunks: Iterator[Chunk] = _parquet_chunks(path, wanted, chunk_rows)
    elif use_arrow:
        chunks = _arrow_csv_chunks(path, wanted, chunk_rows)
    else:
        chunks = _python_csv_chunks(path, wanted, chunk_rows, 0, {})
    for chunk in chunks:
        rows = chunk.offset + len(chunk.frame)
        yield chunk
    if rows == 0:
        raise reading.no_rows_error(source, parquet=fmt == "parquet")


def _check_present(path: Path, available: Sequence[str], wanted: Sequence[str]) -> None:
    missing = [c for c in dict.fromkeys(wanted) if c not in available]
    if missing:
        raise SchemaError(
            format_message("columns", f"present in {path.name}", count=len(missing),
                           first=missing[0],
                           fix=f"The file has {', '.join(map(repr, available[:20]))}.")
        )


def csv_header(path: Path, encoding: str = reading.DEFAULT_ENCODING) -> list[str]:
    """Return the column names on the first line of a CSV file, by the reading rules."""
    with reading.CsvText(path, source=str(path), encoding=encoding) as text:
        return list(text.header)


def _parquet_chunks(path: Path, wanted: Wanted, chunk_rows: int) -> Iterator[Chunk]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    offset = 0
    try:
        source = pq.ParquetFile(path)
        wanted.parquet = True
        wanted.header = [str(n) for n in source.schema_arrow.names]
        _check_present(path, wanted.header, wanted.columns)
        batches = source.iter_batches(batch_size=chunk_rows, columns=wanted.columns)
        for batch in batches:
            frame = wanted.convert(batch.to_pandas())
            yield Chunk(frame, offset)
            offset += len(frame)
    except (pa.ArrowException, OSError) as exc:
        # A truncated or corrupt file: Parquet has no lines, so name the rows read.
        raise InvalidScoreError(
            f"{path.name}: not a readable Parquet file after {offset} rows ({exc}). "
            "Write the file again; it may be truncated.") from None


def _python_csv_chunks(path: Path, wanted: Wanted, chunk_rows: int, skip: int,
                       kinds: dict[str, bool]) -> Iterator[Chunk]:
    """Read with the rules' own reader (Python's csv module), from data row ``skip`` on."""
    with reading.CsvText(path, source=wanted.source, encoding=wanted.encoding) as text:
        wanted.header = list(text.header)
        _check_present(path, wanted.header, wanted.columns)
        positions = [wanted.header.index(c) for c in wanted.columns]
        offset = 0
        for block in text.blocks(chunk_rows):
            if offset + len(block) <= skip:
                offset += len(block)
                continue
            if offset < skip:
                block = block[skip - offset:]
                offset = skip
            yield _python_chunk(wanted, block, positions, offset, kinds)
            offset += len(block)


def _python_chunk(wanted: Wanted, block: list[list[str]], positions: list[int],
                  offset: int, kinds: dict[str, bool]) -> Chunk:
    frame = pd.DataFrame({name: np.array(list(map(itemgetter(j), block)), dtype=object)
                          for name, j in zip(wanted.columns, positions, strict=True)})
    for name in wanted.typed:
        frame[name] = _typed_key(wanted, frame[name], kinds, offset, name)
    return Chunk(wanted.convert(frame), offset)


_WHOLE = re.compile(r"[+-]?[0-9]+")


def _typed_key(wanted: Wanted, values: pd.Series, kinds: dict[str, bool], offset: int,
               name: str) -> pd.Series:
    """Type a key column as the first block types it: whole numbers, or text.

    A column of whole numbers at the start that later holds text is an error,
    as with pyarrow: reading the whole file would have made ``1`` and ``"1"``
    different groups.
    """
    text = reading.text_cells(values)
    present = text.notna().to_numpy()
    # Up to 18 digits always fit int64: a longer whole number is a text key.
    whole = (text.str.fullmatch(_WHOLE.pattern) & (text.str.len() <= 18)).to_numpy(
        dtype=bool, na_value=False)
    if present.any():
        kinds.setdefault(name, bool(whole[present].all()))
    if kinds.get(name, False):
        odd = present & ~whole
        if odd.any():
            at = int(np.flatnonzero(odd)[0])
            raise SchemaError(
                f"{wanted.source}, line {_line_of(wanted, offset + at)}, column "
                f"{wanted.header.index(name) + 1} ({name!r}): the group key column holds "
                f"whole numbers in the first rows, then {values.iloc[at]!r}. Keys are typed "
                "from the start of the file; make the column all numbers or all text (for "
                "example 'store-1' rather than 1).")
        numbers = pd.array(pd.to_numeric(text.where(present, None)), dtype="Int64")
        typed: pd.Series = pd.Series(numbers, index=values.index)
        return typed
    return values


def _line_of(wanted: Wanted, row: int) -> int:
    """Return the line a data row starts on, read again from the start (errors only)."""
    with reading.CsvText(wanted.path, source=wanted.source, encoding=wanted.encoding) as text:
        for number, (line, _) in enumerate(text):
            if number == row:
                return line
    return 0  # pragma: no cover - the row was read before


def _arrow_csv_chunks(path: Path, wanted: Wanted, chunk_rows: int) -> Iterator[Chunk]:
    """Read with pyarrow; what it cannot read, the rules' own reader reads from there on.

    UTF-8 text is checked first (every byte, so that the whole file is text,
    and its quotes, so that an open quote is found). Answers on a scale are
    then parsed by pyarrow as 16-bit integers — the fast path, taken only
    when the text holds no ``0x`` (pyarrow reads ``0x9`` as 9): any other cell
    pyarrow's integer parser accepts is a decimal integer under the rules
    too. A cell it refuses (``NA``, ``7.0``, ``+3``) resumes reading at that
    block with the answers as text, converted by the rules.
    """
    import pyarrow as pa

    wanted.header = csv_header(path, wanted.encoding)
    _check_present(path, wanted.header, wanted.columns)
    key_types = _arrow_key_types(path, wanted, chunk_rows)
    offset = 0
    with reading.utf8_stream(path, wanted.source, wanted.encoding) as stream:
        direct = stream.utf8
        if direct:
            stream.check()
        as_text = not direct or stream.hex
        while not (direct and stream.quotes % 2):
            try:
                frames = _arrow_csv_frames(path, wanted, key_types, chunk_rows, offset,
                                           as_text=as_text, stream=None if direct else stream)
                for frame in frames:
                    if frame is None:
                        raise pa.ArrowInvalid("a quote is left open")
                    chunk = Chunk(wanted.convert(frame), offset)
                    yield chunk
                    offset += len(chunk.frame)
                return
            except pa.ArrowInvalid:  # noqa: PERF203 (at most two passes)
                if as_text or not direct:
                    break
                as_text = True  # an answer pyarrow's integers refuse: go on as text
    # A malformed line, a field longer than a block, a key that changes type, a quote
    # left open: the rules' own reader goes on from there and reads it or names the line.
    kinds = {k: not _is_text_like(t) for k, t in key_types.items() if k in wanted.typed}
    yield from _python_csv_chunks(path, wanted, chunk_rows, offset, kinds)


def _arrow_key_types(path: Path, wanted: Wanted, chunk_rows: int) -> dict[str, Any]:
    """Fix each key column's type: text keys as text, others from the file's first block.

    Keys are compared by value: text (dates stay text) is dictionary-encoded
    so that each chunk's keys are factorised already; whole numbers keep the
    type inferred at the start, and a later value that does not fit it is an
    error rather than a silently different group.
    """
    import pyarrow as pa
    import pyarrow.csv as pcsv

    text = pa.dictionary(pa.int32(), pa.string())
    types: dict[str, Any] = dict.fromkeys(wanted.text, text)
    if not wanted.typed:
        return types
    convert = pcsv.ConvertOptions(include_columns=wanted.typed, null_values=[""],
                                  strings_can_be_null=False, quoted_strings_can_be_null=False)
    try:
        with reading.utf8_stream(path, wanted.source, wanted.encoding) as stream:
            reader = pcsv.open_csv(stream, read_options=_read_options(path, wanted, chunk_rows,
                                                                      0),
                                   parse_options=pcsv.ParseOptions(newlines_in_values=True),
                                   convert_options=convert)
            schema = reader.schema
            reader.close()
    except pa.ArrowInvalid:
        return {**types, **dict.fromkeys(wanted.typed, text)}
    for name in wanted.typed:
        found = schema.field(name).type
        types[name] = found if pa.types.is_integer(found) else text
    return types


def _read_options(path: Path, wanted: Wanted, chunk_rows: int, skip: int) -> Any:
    import pyarrow.csv as pcsv

    return pcsv.ReadOptions(block_size=_block_size(path, chunk_rows),
                            column_names=wanted.header, skip_rows=1,
                            skip_rows_after_names=skip)


def _arrow_csv_frames(path: Path, wanted: Wanted, key_types: dict[str, Any],
                      chunk_rows: int, skip: int, *, as_text: bool,
                      stream: Any) -> Iterator[Batch | None]:
    """Yield pyarrow's frames from data row ``skip`` on.

    ``stream`` is the transcoding stream pyarrow reads (another encoding than
    UTF-8), None when pyarrow reads the file itself; after a transcoded file,
    None is yielded if its text left a quote open (pyarrow reads on).
    """
    import pyarrow as pa
    import pyarrow.csv as pcsv

    # Numbers as text are converted by the rules (pyarrow's own parsers accept 0x9 as 9
    # and inf as a number); a column of answers has few distinct cells, so
    # dictionary-encoded text costs one conversion per distinct cell.
    text = pa.dictionary(pa.int32(), pa.string())
    types = {name: pa.int16() if not as_text and small_scale(wanted.scales.get(name))
             else text for name in wanted.numeric}
    types.update(key_types)
    convert = pcsv.ConvertOptions(include_columns=wanted.columns, column_types=types,
                                  null_values=[""], strings_can_be_null=False,
                                  quoted_strings_can_be_null=False)
    options = _read_options(path, wanted, chunk_rows, skip)
    # Quoted fields may hold line breaks (pyarrow's default would split them).
    parse = pcsv.ParseOptions(newlines_in_values=True)
    reader = pcsv.open_csv(str(path) if stream is None else stream, read_options=options,
                           parse_options=parse, convert_options=convert)
    try:
        for batch in reader:
            yield _batch_frame(batch)
    finally:
        reader.close()
    if stream is not None:
        stream.check()
        if stream.quotes % 2:
            yield None


def _batch_frame(batch: Any) -> Batch:
    """Return a record batch's columns, dictionary ones as codes into their distinct cells.

    Cheaper than ``batch.to_pandas()``, which builds pandas string arrays for
    the categories; the reading rules look at each distinct cell once anyway.
    """
    import pyarrow as pa

    columns: Batch = {}
    for name, array in zip(batch.schema.names, batch.columns, strict=True):
        if pa.types.is_dictionary(array.type):
            codes = array.indices.fill_null(-1).to_numpy(zero_copy_only=False)
            columns[name] = Coded(codes.astype(np.intp, copy=False),
                                   array.dictionary.to_pylist())
        else:
            columns[name] = array.to_pandas()
    return columns


def _is_text_like(arrow_type: Any) -> bool:
    import pyarrow as pa

    return bool(pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type)
                or pa.types.is_dictionary(arrow_type) or pa.types.is_temporal(arrow_type)
                or pa.types.is_null(arrow_type))


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
