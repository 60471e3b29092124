r"""The reading rules: how every path turns the cells of a CSV or Parquet file into values.

One set of rules, used by the report's in-memory reader
(:func:`expectations.report._inputs.read_table`), by :func:`expectations.scan`
(the counting layer reads a scan's text cells by them, and its reference
reader is the chunk reader), ``stream_report``, and by the command line
(``report``, ``report --stream``, ``check``, ``check --stream``, ``score``),
so that one file gives one result, or one error, everywhere.

**Text.** A CSV file is UTF-8 text by default; a byte-order mark at its start
is accepted and dropped. Another encoding is read when named (``encoding=``
in Python, ``--encoding`` on the command line, e.g. ``latin-1``). Bytes that
are not text in the encoding are an :class:`~expectations.errors.InvalidScoreError`
naming the file and the line. Line ends may be ``\n``, ``\r\n`` or ``\r``;
quoted fields may hold line breaks and the delimiter; a field may be of any
length. Blank lines are skipped. Header names are stripped of surrounding
blanks.

**Missing.** In every column, an empty cell, or one holding only blanks
(spaces, tabs), is missing. In a column read as numbers or dates, the tokens
:data:`MISSING_TOKENS` (``NA``, ``N/A``, ``NaN``, ``NULL``, ``None``,
``#N/A``, ``<NA>``, in any letter case, with surrounding blanks) are missing
too. In a text column (a segment, a touchpoint, a commitment's name) these
tokens are ordinary text: a segment named ``NA`` is the segment ``"NA"``
on every path.

**Numbers.** After stripping, a number is written in decimal: an optional
sign, digits with an optional decimal point, and an optional exponent
(``7``, ``+3``, ``-0.5``, ``.5``, ``1e1``). Anything else is not a number:
``0x9``, ``1,000``, ``1_000``, ``inf``, ``ten``, ``true``. A true/false
(boolean) column, or a date column, is never read as numbers. Parquet
columns stored as numbers are numbers; a text Parquet column read as
numbers follows the rules above.

**Dates.** ISO 8601 (``2024-03-31``, with an optional time). A UTC offset
(``+01:00``, ``Z``) is dropped: a date is the calendar day and time as
written, so that a summer offset does not move a response to another day.
A time-zone-aware Parquet column is read at its local (wall-clock) time.

**Booleans** (a commitment's ``explicit``): ``true``, ``yes``, ``y``,
``t``, ``1`` and ``false``, ``no``, ``n``, ``f``, ``0``, in any letter case.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

# The text side of the rules (encodings, records, lines) lives with the CSV records.
from expectations._csv_rows import (
    DEFAULT_ENCODING,
    CsvText,
    check_encoding,
    check_header,
    empty_file_error,
    encoding_error,
    malformed_csv_error,
    no_rows_error,
    utf8_stream,
)
from expectations.errors import InvalidScoreError

__all__ = ["DATE_RULE", "DEFAULT_ENCODING", "FALSE_TOKENS", "MISSING_TOKENS", "NUMBER",
           "TRUE_TOKENS", "CsvText", "bad_values_error", "cell_codes", "check_encoding",
           "check_header", "coded_numbers", "column_refusal", "date_cells", "empty_file_error",
           "encoding_error", "malformed_csv_error", "missing_cells", "no_rows_error",
           "number_cells", "number_rule", "off_scale", "refused_column_error", "text_cells",
           "utf8_stream"]

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]

#: Cells that mean "missing" in a column read as numbers or dates (any letter case).
MISSING_TOKENS: tuple[str, ...] = ("NA", "N/A", "NaN", "NULL", "None", "#N/A", "<NA>")

#: What a number looks like once stripped: decimal, optional sign and exponent.
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")

#: The words read as true and as false in a true/false column (any letter case).
TRUE_TOKENS: tuple[str, ...] = ("true", "yes", "y", "t", "1")
FALSE_TOKENS: tuple[str, ...] = ("false", "no", "n", "f", "0")

_MISSING = frozenset(token.casefold() for token in MISSING_TOKENS)
# A UTC offset after a whole date (``2024-05-03+02:00``, ``...T10:00Z``); the prefix of at
# least ten characters keeps the day of a plain ``2024-05-03`` from being read as "-03".
_OFFSET = re.compile(r"^(.{10,}?)(?:[+-][0-9]{2}(?::?[0-9]{2})?|Z)$")


# ------------------------------------------------------------------ cells
def column_refusal(values: pd.Series, kind: str) -> str | None:
    """Why a whole column cannot be read as ``kind`` ("number" or "date"), or None.

    A true/false column is never numbers; a date column is never numbers; a
    dtype is described as it really is (``datetime64[ns, UTC]``).
    """
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        dtype = dtype.categories.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return f"the column holds true/false values ({dtype})"
    if kind == "number" and (pd.api.types.is_datetime64_any_dtype(dtype)
                             or isinstance(dtype, pd.PeriodDtype)
                             or pd.api.types.is_timedelta64_dtype(dtype)):
        return f"the column holds dates ({dtype})"
    if kind == "date" and (pd.api.types.is_numeric_dtype(dtype)):
        return f"the column holds numbers ({dtype})"
    return None


def _as_text(values: pd.Series) -> pd.Series:
    """Return the cells as stripped text (``<NA>`` where the cell is null)."""
    out: pd.Series = values.astype("string").str.strip()
    return out


def _tokens(stripped: pd.Series) -> BoolArray:
    lowered = stripped.str.lower()
    found: BoolArray = (lowered.isna() | (lowered == "") | lowered.isin(_MISSING)).to_numpy(
        dtype=bool, na_value=True)
    return found


def missing_cells(values: pd.Series, *, tokens: bool = True) -> BoolArray:
    """Which cells are missing: null, empty or blank, and (``tokens``) a missing token.

    Examples
    --------
    >>> missing_cells(pd.Series(["1", " ", "NA", "n/a", None, "x"])).tolist()
    [False, True, True, True, True, False]
    >>> missing_cells(pd.Series(["NA", " "]), tokens=False).tolist()
    [False, True]
    """
    if not (pd.api.types.is_object_dtype(values.dtype)
            or pd.api.types.is_string_dtype(values.dtype)
            or isinstance(values.dtype, pd.CategoricalDtype)):
        nulls: BoolArray = values.isna().to_numpy(dtype=bool)
        return nulls
    stripped = _as_text(values)
    if tokens:
        return _tokens(stripped)
    blank: BoolArray = (stripped.isna() | (stripped == "")).to_numpy(dtype=bool, na_value=True)
    return blank


def _number_of(cell: object) -> tuple[float, bool]:
    """One distinct cell as a number: ``(value, not_a_number)``; NaN when missing."""
    if isinstance(cell, str):
        stripped = cell.strip()
        if not stripped or stripped.casefold() in _MISSING:
            return np.nan, False
        if NUMBER.fullmatch(stripped):
            return float(stripped), False
        return np.nan, True
    if cell is None or cell is pd.NA or cell is pd.NaT:
        return np.nan, False
    if isinstance(cell, (bool, np.bool_)):
        return np.nan, True
    if isinstance(cell, (int, float, np.integer, np.floating)):
        return float(cell), False
    return np.nan, True


def cell_codes(values: pd.Series) -> tuple[npt.NDArray[np.intp], list[object]]:
    """Codes (``-1`` for null) and the distinct cells, from a categorical's own codes if any."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = np.asarray(values.cat.codes.to_numpy(), dtype=np.intp)
        return codes, list(values.cat.categories)
    found, uniques = pd.factorize(values, use_na_sentinel=True)
    return np.asarray(found, dtype=np.intp), list(np.asarray(uniques, dtype=object))


def number_cells(values: pd.Series) -> tuple[FloatArray, BoolArray]:
    """Read cells as numbers: the values (NaN where missing) and which cells are not numbers.

    Only the distinct cells are examined, so a column of answers costs one
    pass over a few distinct strings.

    Examples
    --------
    >>> x, bad = number_cells(pd.Series([" 7", "+3", "1e1", "NA", "", "0x9", "inf"]))
    >>> x.tolist()[:5], bad.tolist()
    ([7.0, 3.0, 10.0, nan, nan], [False, False, False, False, False, True, True])
    """
    dtype = values.dtype
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        numbers = values.to_numpy(dtype=np.float64, na_value=np.nan)
        return numbers, np.zeros(len(values), dtype=bool)
    return coded_numbers(*cell_codes(values))


def coded_numbers(codes: npt.NDArray[np.intp],
                  labels: Sequence[object]) -> tuple[FloatArray, BoolArray]:
    """:func:`number_cells` of a dictionary-encoded column: codes (``-1``: null) into labels."""
    read = [_number_of(label) for label in labels]
    lookup_x = np.array([x for x, _ in read] + [np.nan], dtype=np.float64)
    lookup_bad = np.array([bad for _, bad in read] + [False], dtype=bool)
    return lookup_x[codes], lookup_bad[codes]


def number_rule(low: float | None = None, high: float | None = None) -> str:
    """Describe what a number column must hold: ``a number`` or ``a whole number in 0..10``."""
    if low is None or high is None:
        return "a number"
    return f"a whole number in {low:g}..{high:g}"


def off_scale(numbers: FloatArray, low: float, high: float) -> BoolArray:
    """Which numbers (NaN: missing, never off) are not whole numbers in ``low..high``."""
    with np.errstate(invalid="ignore"):
        off: BoolArray = ~np.isnan(numbers) & ((numbers < low) | (numbers > high)
                                               | (numbers != np.round(numbers)))
    return off


#: What a date column must hold.
DATE_RULE = "a date (YYYY-MM-DD)"


def text_cells(values: pd.Series) -> pd.Series:
    """Read cells as text: stripped, an empty or blank cell missing (``NA`` stays ``"NA"``).

    Examples
    --------
    >>> text_cells(pd.Series([" north ", "NA", "  ", None])).tolist()
    ['north', 'NA', <NA>, <NA>]
    """
    stripped = _as_text(values)
    out: pd.Series = stripped.where(stripped != "", pd.NA)
    return out


def date_cells(values: pd.Series) -> tuple[pd.Series, BoolArray]:
    """Read cells as dates (``datetime64[ns]``, wall-clock): the dates and which are not dates.

    Examples
    --------
    >>> d, bad = date_cells(pd.Series(["2024-03-30T23:00:00+01:00", "2024-04-02+02:00",
    ...                                "NA", "soon"]))
    >>> [str(x) for x in d], bad.tolist()
    (['2024-03-30 23:00:00', '2024-04-02 00:00:00', 'NaT', 'NaT'], [False, False, False, True])
    """
    dtype = values.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        local = values.dt.tz_localize(None)
        return local, np.zeros(len(values), dtype=bool)
    if pd.api.types.is_datetime64_dtype(dtype):
        return values.astype("datetime64[ns]"), np.zeros(len(values), dtype=bool)
    missing = missing_cells(values)
    codes, uniques = pd.factorize(values.where(~missing), use_na_sentinel=True)
    labels = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
    as_text = labels.map(lambda x: _OFFSET.sub(r"\1", str(x).strip()))
    parsed = pd.to_datetime(as_text, errors="coerce", format="ISO8601")
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):  # pragma: no cover - offsets are dropped
        parsed = parsed.dt.tz_localize(None)
    bad_label = np.append(parsed.isna().to_numpy(dtype=bool), False)
    stamps = np.append(parsed.to_numpy(dtype="datetime64[ns]"), np.datetime64("NaT", "ns"))
    safe = np.where(codes >= 0, codes, -1)
    dates = pd.Series(stamps[safe], index=values.index)
    return dates, bad_label[safe]


def bad_values_error(where: str, rule: str, count: int, first: object) -> InvalidScoreError:
    """Return the error for cells that break a reading rule, naming the first one's place.

    ``where`` is ``"file, line L, column C ('name')"`` (``row R`` for Parquet).

    Examples
    --------
    >>> print(bad_values_error("r.csv, line 3, column 1 ('nps')", "a number", 1, "0x9"))
    r.csv, line 3, column 1 ('nps'): must be a number; 1 value is not (first: '0x9'). Correct or empty those cells.
    """  # noqa: E501
    counted = "1 value is" if count == 1 else f"{count:,} values are"
    if isinstance(first, np.generic):
        first = first.item()
    return InvalidScoreError(f"{where}: must be {rule}; {counted} not (first: {first!r}). "
                             "Correct or empty those cells.")


def refused_column_error(source: str, column: str, number: int, rule: str,
                         why: str) -> InvalidScoreError:
    """Return the error for a whole column that cannot be read as ``rule``.

    Examples
    --------
    >>> print(refused_column_error("r.parquet", "nps", 1, "a number",
    ...                            "the column holds true/false values (bool)"))
    r.parquet, column 1 ('nps'): must be a number; the column holds true/false values (bool). Store the values as such, or map another column.
    """  # noqa: E501
    return InvalidScoreError(
        f"{source}, column {number} ({column!r}): must be {rule}; {why}. Store the values "
        "as such, or map another column.")
