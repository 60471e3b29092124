"""Find the line of a CSV file that a streaming reader could not read.

pyarrow's streaming CSV reader reports a malformed row or a value that does
not fit its column's type without saying where it is. When that happens,
the file is scanned again with Python's :mod:`csv` module from the start
(this costs time only on the way to an error) to find the first such row at
or after the given data row, and the library's error is raised naming the
file, the line and the column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from expectations._csv_rows import ragged_row_error
from expectations.errors import ExpectationsError, InvalidScoreError, SchemaError

__all__ = ["unreadable"]


def _records(path: Path) -> Iterator[tuple[int, list[str]]]:
    """Yield the non-blank records of a (possibly compressed) CSV file with their first line."""
    import pyarrow as pa

    with pa.input_stream(str(path), compression="detect") as raw, \
            io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as text:
        reader = csv.reader(text, strict=True)
        start = 1
        for record in reader:
            # pyarrow and pandas skip blank lines; so does the row count here.
            if record:
                yield start, record
            start = reader.line_num + 1


def _fits(value: str, arrow_type: Any, nulls: frozenset[str]) -> bool:
    import pyarrow as pa

    if value in nulls:
        return True
    try:
        pa.array([value], pa.string()).cast(arrow_type)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return False
    return True


def _kind(arrow_type: Any) -> str:
    import pyarrow as pa

    if pa.types.is_integer(arrow_type):
        return "whole numbers"
    if pa.types.is_floating(arrow_type):
        return "numbers"
    if pa.types.is_boolean(arrow_type):
        return "true/false values"
    return f"values of type {arrow_type}"


def unreadable(path: Path, header: list[str], first_row: int, typed: Mapping[str, Any],
               cause: Exception) -> ExpectationsError:
    r"""Return the library's error for the first unreadable row at or after ``first_row``.

    Parameters
    ----------
    path : pathlib.Path
        The CSV file.
    header : list of str
        Its column names.
    first_row : int
        Data rows (0-based) before the block that failed; the scan reports
        the first problem at or after it.
    typed : mapping of str to pyarrow.DataType
        Key columns whose type was inferred from the start of the file; a
        later value that does not fit is the error.
    cause : Exception
        pyarrow's error, quoted when the scan finds nothing more precise.

    Returns
    -------
    InvalidScoreError or SchemaError
        :class:`InvalidScoreError` for a malformed row (too few or too many
        values, an unclosed quote, bytes that are not UTF-8);
        :class:`SchemaError` for a key column whose values change type.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "short.csv"
    >>> _ = path.write_text("score,shop\n9,north\n7\n")
    >>> str(unreadable(path, ["score", "shop"], 0, {}, ValueError("parse error")))
    "short.csv, line 3, column 2 ('shop'): the line has 1 of the header's 2 values; ..."
    """
    import pyarrow.csv as pcsv

    nulls = frozenset(pcsv.ConvertOptions().null_values)
    positions = {name: header.index(name) for name in typed if name in header}
    row = -1
    line = 1
    try:
        records = _records(path)
        next(records, None)  # the header
        for line, record in records:
            row += 1
            if row < first_row:
                continue
            if len(record) != len(header):
                return ragged_row_error(path.name, line, header, record)
            for name, j in positions.items():
                if not _fits(record[j], typed[name], nulls):
                    return SchemaError(
                        f"{path.name}, line {line}, column {j + 1} ({name!r}): the group key "
                        f"column holds {_kind(typed[name])} in the first rows, then "
                        f"{record[j]!r} (data row {row}). Keys are typed from the start of "
                        "the file; make the column all numbers or all text (for example "
                        "'store-1' rather than 1).")
    except csv.Error as exc:
        return InvalidScoreError(
            f"{path.name}, line {line + 1}: {exc}; the file may be truncated or a quote left "
            "open. Close the quote or remove the partial line.")
    except UnicodeDecodeError as exc:
        return InvalidScoreError(
            f"{path.name}, after line {line}: the file is not UTF-8 text ({exc.reason} at "
            f"byte {exc.start} of a block). Re-save it as UTF-8.")
    return InvalidScoreError(
        f"{path.name}: the data rows from row {first_row} on could not be read ({cause}). "
        "Check the file is a comma-separated text file with a header line.")

