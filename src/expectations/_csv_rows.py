"""CSV text under the reading rules: encodings, records and the lines they start on.

The text side of :mod:`expectations._reading` (which re-exports these names):
every path that reads a CSV file gets its bytes through :func:`utf8_stream`
(checked, or transcoded from another encoding, block by block) and its records
through :class:`CsvText` (Python's :mod:`csv` module, strict), so that bytes
that are not text, an open quote or a ragged line read the same, with the
same message, wherever they are found.
"""

from __future__ import annotations

import bz2
import codecs
import csv
import gzip
import io
import lzma
import sys
from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

from expectations.errors import InsufficientDataError, InvalidParameterError, InvalidScoreError

__all__ = ["DEFAULT_ENCODING", "CsvText", "check_encoding", "check_header", "empty_file_error",
           "encoding_error", "malformed_csv_error", "no_rows_error", "ragged_row_error",
           "utf8_stream"]

#: The encoding of CSV files unless told otherwise (a leading byte-order mark is dropped).
DEFAULT_ENCODING = "utf-8"

# Rows parsed per batch while the csv module's field limit is lifted (see CsvText).
_BATCH = 2048
_BLOCK = 1 << 20


def ragged_row_error(source: str, line: int, header: Sequence[str],
                     record: Sequence[str]) -> InvalidScoreError:
    """Describe a line with too few or too many values, naming file, line and column.

    Examples
    --------
    >>> print(ragged_row_error("a.csv", 7, ["nps", "segment"], ["9"]))
    a.csv, line 7, column 2 ('segment'): the line has 1 of the header's 2 values;
    it is incomplete (a truncated last line?). Complete or remove it.
    """
    if len(record) < len(header):
        missing = header[len(record)]
        return InvalidScoreError(
            f"{source}, line {line}, column {len(record) + 1} ({missing!r}): the line has "
            f"{len(record)} of the header's {len(header)} values; it is incomplete (a "
            "truncated last line?). Complete or remove it.")
    return InvalidScoreError(
        f"{source}, line {line}, column {len(header) + 1}: the line has {len(record)} "
        f"values but the header names {len(header)} columns. Quote values that contain "
        "the delimiter, or remove the extra values.")


def malformed_csv_error(source: str, line: int, exc: csv.Error) -> InvalidScoreError:
    """Describe text the csv module cannot parse (an open quote, a cut-off line).

    Examples
    --------
    >>> print(malformed_csv_error("a.csv", 3, csv.Error("unexpected end of data")))
    a.csv, line 3: unexpected end of data; the file may be truncated or a quote left open.
    Close the quote or remove the partial line.
    """
    return InvalidScoreError(
        f"{source}, line {line}: {exc}; the file may be truncated or a quote left open. "
        "Close the quote or remove the partial line.")


# ------------------------------------------------------------------ encoding
def check_encoding(encoding: object) -> str:
    """Return the codec name to decode with, or raise naming ``encoding``.

    UTF-8 is decoded as ``utf-8-sig`` so that a byte-order mark is dropped.

    Examples
    --------
    >>> check_encoding("latin-1"), check_encoding("UTF8")
    ('iso8859-1', 'utf-8-sig')
    """
    if not isinstance(encoding, str):
        raise InvalidParameterError(
            f"encoding must be the name of a text encoding such as 'utf-8' or 'latin-1'; got "
            f"{type(encoding).__name__} {encoding!r}.")
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise InvalidParameterError(
            f"encoding must be the name of a text encoding such as 'utf-8' or 'latin-1'; got "
            f"{encoding!r}, which Python does not know.") from None
    try:
        codecs.getincrementaldecoder(name)
    except LookupError:  # pragma: no cover - a codec without a decoder (rot13 and kin)
        raise InvalidParameterError(
            f"encoding must be a text encoding; got {encoding!r}.") from None
    return "utf-8-sig" if name in ("utf-8", "utf-8-sig") else name


def _open_binary(path: Path) -> io.BufferedIOBase:
    suffix = path.suffix.lower()
    opened: io.BufferedIOBase
    if suffix == ".gz":
        opened = gzip.open(path, "rb")  # noqa: SIM115 - the caller closes it
        return opened
    if suffix == ".bz2":
        opened = bz2.open(path, "rb")  # noqa: SIM115 - the caller closes it
        return opened
    if suffix == ".xz":
        opened = lzma.open(path, "rb")  # noqa: SIM115 - the caller closes it
        return opened
    if suffix in (".zst", ".lz4"):
        import pyarrow as pa

        stream: io.BufferedIOBase = pa.input_stream(str(path), compression="detect")
        return stream
    return path.open("rb")


def encoding_error(path: Path, source: str, codec: str) -> InvalidScoreError:
    """Return the error for a file whose bytes are not ``codec`` text, naming its line.

    Scans the file line by line from the start (only on the way to this error).
    """
    shown = "UTF-8" if codec == "utf-8-sig" else codec
    with _open_binary(path) as handle:
        for number, line in enumerate(handle, start=1):
            exc = _decode_failure(line, codec)
            if exc is not None:
                byte = line[exc.start]
                return InvalidScoreError(
                    f"{source}, line {number}: byte 0x{byte:02x} (the line's byte "
                    f"{exc.start + 1}) is not {shown} text. Save the file as "
                    "UTF-8, or name its encoding (encoding='latin-1' in Python, --encoding "
                    "latin-1 on the command line).")
    return InvalidScoreError(  # pragma: no cover - only multi-byte line ends get here
        f"{source}: the file is not {shown} text. Save it as UTF-8, or name its encoding.")


def _decode_failure(line: bytes, codec: str) -> UnicodeDecodeError | None:
    try:
        line.decode(codec)
    except UnicodeDecodeError as exc:
        return exc
    return None


class _Utf8Reader(io.RawIOBase):
    """A binary stream giving a text file's bytes as UTF-8, checked block by block.

    UTF-8 input is only checked (and its byte-order mark dropped); another
    encoding is transcoded. A byte that is not text raises the library's error
    naming the file's line, so that pyarrow, pandas and the csv module all see
    the same text and fail the same way.
    """

    def __init__(self, path: Path, source: str, codec: str) -> None:
        super().__init__()
        self._path, self._source, self._codec = path, source, codec
        self._raw = _open_binary(path)
        self._decoder = codecs.getincrementaldecoder(codec)("strict")
        #: Whether the text is UTF-8 already (then only checked, never transcoded).
        self.utf8 = codec == "utf-8-sig"
        self._buffer = bytearray()
        self._pos = 0
        #: How many quote characters the text held so far: odd at the end means a
        #: quote left open, which pyarrow reads as a field running to the end.
        self.quotes = 0
        #: Whether the text holds ``0x`` anywhere (pyarrow's integers read ``0x9`` as 9).
        self.hex = False
        self._last = b""
        self._first = True
        self._done = False

    def readable(self) -> bool:
        return True

    def _next(self) -> bytes:
        """Read, check and convert the next block; ``b""`` at the end of the file."""
        block = self._raw.read(_BLOCK)
        final = not block
        text = ""
        # ASCII is UTF-8 (and text in every ASCII-compatible codec): skip decoding it
        # unless the decoder holds the start of a character from the block before.
        if not (self.utf8 and block.isascii() and not self._decoder.getstate()[0]):
            try:
                text = self._decoder.decode(block, final=final)
            except UnicodeDecodeError:
                raise encoding_error(self._path, self._source, self._codec) from None
        if self.utf8:
            out = block
            if self._first and out.startswith(codecs.BOM_UTF8):
                out = out[len(codecs.BOM_UTF8):]
        else:
            out = text.encode("utf-8")
        self._first = self._first and not block
        # Single bytes are found by memchr: search the pairs only where they may be.
        if out.find(b'"') >= 0:
            self.quotes += out.count(b'"')
        if not self.hex and (out.find(b"x") >= 0 or out.find(b"X") >= 0):
            self.hex = b"0x" in out or b"0X" in out or (
                self._last == b"0" and out[:1] in (b"x", b"X"))
        self._last = out[-1:] or self._last
        self._done = final
        return out

    def _fill(self) -> None:
        out = self._next()
        if self._pos and self._pos * 2 >= len(self._buffer):
            # Drop what was read once it is most of the buffer: each byte moves O(1) times.
            del self._buffer[:self._pos]
            self._pos = 0
        self._buffer += out

    def check(self, size: int | None = None) -> None:
        """Check the next ``size`` bytes (all that is left when None) without keeping them.

        For a reader that opens the file itself (pyarrow) while this stream
        checks the same text alongside, block by block.
        """
        seen = 0
        while not self._done and (size is None or seen < size):
            seen += max(len(self._next()), 1)

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            while not self._done:
                self._fill()
            size = len(self._buffer) - self._pos
        while len(self._buffer) - self._pos < size and not self._done:
            self._fill()
        end = min(self._pos + size, len(self._buffer))
        with memoryview(self._buffer) as view:
            out = bytes(view[self._pos:end])
        self._pos = end
        return out

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()


def utf8_stream(path: Path, source: str, encoding: str) -> _Utf8Reader:
    """Open ``path`` as a binary stream of UTF-8 bytes, decoded from ``encoding``."""
    return _Utf8Reader(path, source, check_encoding(encoding))


# ------------------------------------------------------------------ CSV text
def empty_file_error(source: str) -> InsufficientDataError:
    """Return the error for a file without even a header line."""
    return InsufficientDataError(
        f"{source}, line 1: the file is empty; expected a header line naming the columns, "
        "then one line per row.")


def no_rows_error(source: str, *, parquet: bool = False) -> InsufficientDataError:
    """Return the error for a file with a header line (or a schema) and no data rows."""
    if parquet:
        return InsufficientDataError(f"{source}: the file has no rows.")
    return InsufficientDataError(f"{source}, line 2: the file has a header but no data rows.")


def check_header(header: list[str], source: str, delimiter: str) -> None:
    """Refuse a header that names a column twice, or one column that hides another delimiter."""
    from expectations.errors import SchemaError

    if len(header) == 1:
        for other in (";", "\t", "|", ","):
            if other != delimiter and other in header[0]:
                shown = "tab" if other == "\t" else repr(other)
                raise SchemaError(
                    f"{source}, line 1, column 1: the header is a single column "
                    f"{header[0][:60]!r} that contains {shown}; the file looks "
                    f"{shown}-separated but {delimiter!r} was expected. Pass --delimiter "
                    f"{other!r}, or save the file with {delimiter!r} between columns.")
    seen: dict[str, int] = {}
    for number, name in enumerate(header, start=1):
        if name in seen:
            raise SchemaError(f"{source}, line 1, column {number}: column {name!r} appears "
                              f"twice (also column {seen[name]}); rename one.")
        seen[name] = number


class CsvText:
    """The records of a CSV file under the reading rules, with the line each starts on.

    Opening reads and checks the header (:attr:`header`, stripped names);
    iterating yields ``(line, record)`` for every non-blank data record.
    Malformed text is the library's error naming the file and the line: bytes
    that are not text in the encoding, an open quote, a record with too few
    or too many values.

    Notes
    -----
    Python's :mod:`csv` module refuses fields over a process-wide limit
    (128 KiB by default). The limit is lifted only while a batch of records
    is parsed, and restored before any record is handed back, so that no
    caller's code ever runs with the limit changed.
    """

    def __init__(self, path: Path, *, source: str, encoding: str = DEFAULT_ENCODING,
                 delimiter: str = ",") -> None:
        self.path, self.source = path, source
        self._encoding, self._delimiter = encoding, delimiter
        self._codec = check_encoding(encoding)
        self._stream = io.TextIOWrapper(io.BufferedReader(_Utf8Reader(path, source,
                                                                      self._codec)),
                                        encoding="utf-8", newline="")
        self._reader = csv.reader(self._stream, delimiter=delimiter, strict=True)
        first = self._batch(1)
        if not first or not any(h.strip() for h in first[0][1]):
            self.close()
            raise empty_file_error(source)
        self.header = [h.strip() for h in first[0][1]]
        check_header(self.header, source, delimiter)

    def _batch(self, size: int) -> list[tuple[int, list[str]]]:
        out: list[tuple[int, list[str]]] = []
        reader = self._reader
        limit = csv.field_size_limit(sys.maxsize)
        try:
            start = reader.line_num + 1
            for record in reader:
                if record:
                    out.append((start, record))
                    if len(out) >= size:
                        break
                start = reader.line_num + 1
        except csv.Error as exc:
            raise malformed_csv_error(self.source, reader.line_num, exc) from None
        finally:
            csv.field_size_limit(limit)
        return out

    def blocks(self, size: int) -> Iterator[list[list[str]]]:
        """Yield the data records in lists of up to ``size``, without their lines.

        Faster than iterating (the csv module runs without a Python step per
        record); a record with too few or too many values is found here and
        its error, which names the line, is raised by reading the file again.
        """
        width = len(self.header)
        reader = self._reader
        try:
            while True:
                limit = csv.field_size_limit(sys.maxsize)
                try:
                    records = list(islice(reader, size))
                except csv.Error as exc:
                    raise malformed_csv_error(self.source, reader.line_num, exc) from None
                finally:
                    csv.field_size_limit(limit)
                if not records:
                    return
                kept = [record for record in records if record]
                if set(map(len, kept)) - {width}:
                    self._raise_ragged()
                yield kept
        finally:
            self.close()

    def _raise_ragged(self) -> None:
        """Raise the error of the first ragged record, found with its line."""
        with CsvText(self.path, source=self.source, encoding=self._encoding,
                     delimiter=self._delimiter) as again:
            for _ in again:
                pass
        raise InvalidScoreError(  # pragma: no cover - the second reading finds it
            f"{self.source}: a line has too few or too many values.")

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        width = len(self.header)
        try:
            while True:
                batch = self._batch(_BATCH)
                if not batch:
                    return
                for line, record in batch:
                    if len(record) != width:
                        raise ragged_row_error(self.source, line, self.header, record)
                yield from batch
        finally:
            self.close()

    def close(self) -> None:
        """Close the file."""
        self._stream.close()

    def __enter__(self) -> CsvText:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
