"""The columns a streamed file is read for, and the reading rules applied to each chunk.

:class:`Wanted` names the columns (answers, keys, dates) and applies the rules
of :mod:`expectations._reading` to each chunk, whichever reader produced it
(pyarrow, the rules' own CSV reader, Parquet). A cell that breaks a rule is
reported as the report's in-memory reader reports it: the column is read
again from the start to count every such cell and to name the first one's
line (or Parquet row).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from expectations import _reading as reading
from expectations.errors import ExpectationsError, InvalidScoreError

__all__ = ["Batch", "Coded", "KeyCache", "Wanted", "text_categories"]


class Wanted:
    """The columns to read and how, and the file they come from (for error messages)."""

    def __init__(self, path: Path, source: str, encoding: str, numeric: Sequence[str],
                 keys: Sequence[str], text_keys: Sequence[str],
                 dates: Sequence[str] = ()) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        self.numeric = list(dict.fromkeys(numeric))
        # A date key is read as text too (dictionary-encoded), but as a date column: the
        # missing tokens (NA) are missing in it, unless it is also a text key.
        self.text = [k for k in dict.fromkeys(keys)
                     if (k in text_keys or k in dates) and k not in numeric]
        self.typed = [k for k in dict.fromkeys(keys)
                      if k not in numeric and k not in text_keys and k not in dates]
        self.columns = list(dict.fromkeys([*numeric, *keys]))
        self.header: list[str] = []
        self.scales: dict[str, tuple[int, int]] = {}
        self.dates = list(dates)
        self._date_only = {k for k in dates if k not in text_keys}
        self.parquet = False
        self._typed_ok: set[str] = set()
        self._keys: KeyCache = {}

    def convert(self, frame: pd.DataFrame | Batch) -> pd.DataFrame:
        """Apply the reading rules to one chunk's columns; raise at a bad cell."""
        out: dict[str, Any] = {}
        for name in self.columns:
            values = frame[name]
            coded = isinstance(values, Coded)
            if (name in self.numeric or name in self.dates) and not coded \
                    and name not in self._typed_ok:
                kind = "number" if name in self.numeric else "date"
                why = reading.column_refusal(values, kind)
                if why is not None:
                    raise reading.refused_column_error(
                        self.source, name, self.header.index(name) + 1,
                        reading.number_rule() if kind == "number" else reading.DATE_RULE, why)
                if not isinstance(values.dtype, (pd.CategoricalDtype, np.dtypes.ObjectDType)):
                    # A typed (Parquet) column keeps its type in every chunk: check it once.
                    self._typed_ok.add(name)
            if name in self.numeric:
                numbers, bad = (reading.coded_numbers(values.codes, values.labels) if coded
                                else reading.number_cells(values))
                if name in self.scales and not bad.any():
                    bad = reading.off_scale(numbers, *self.scales[name])
                if bad.any():
                    raise self.bad_cells(name)
                if name in self.scales and not np.isnan(numbers).any():
                    # Whole answers on their scale: integers validate and count fastest.
                    small = small_scale(self.scales[name])
                    out[name] = numbers.astype(np.int16 if small else np.int64)
                else:
                    out[name] = numbers
                continue
            if name in self.dates:
                cells = pd.Series(values.labels, dtype=object) if coded else values
                if reading.date_cells(cells)[1].any():
                    raise self.bad_cells(name)
            if coded or name in self.text or not pd.api.types.is_numeric_dtype(values.dtype):
                out[name] = text_categories(values, self._keys, tokens=name in self._date_only)
            else:
                out[name] = values
        converted: pd.DataFrame = pd.DataFrame(out, copy=False)
        return converted

    def _cells(self, name: str) -> Iterator[tuple[list[int], pd.Series]]:
        """Yield the column's cells in batches, each with its lines (CSV) or rows (Parquet)."""
        if self.parquet:
            import pyarrow.parquet as pq

            offset = 0
            for batch in pq.ParquetFile(self.path).iter_batches(columns=[name]):
                values = batch.to_pandas()[name]
                yield list(range(offset + 1, offset + len(values) + 1)), values
                offset += len(values)
            return
        with reading.CsvText(self.path, source=self.source, encoding=self.encoding) as text:
            j = text.header.index(name)
            lines: list[int] = []
            cells: list[str] = []
            for line, record in text:
                lines.append(line)
                cells.append(record[j])
                if len(cells) >= _RESCAN:
                    yield lines, pd.Series(cells, dtype=object)
                    lines, cells = [], []
            if cells:
                yield lines, pd.Series(cells, dtype=object)

    def bad_cells(self, name: str) -> ExpectationsError:
        """Return the in-memory reader's error for the cells of ``name`` that break a rule.

        The column is read again from the start (only on the way to the
        error) to count every such cell and to name the first one's line, as
        the in-memory reader does: cells that are not numbers come first,
        then numbers off the scale.
        """
        checks: list[tuple[str, Callable[[pd.Series], np.ndarray[Any, Any]]]]
        if name in self.dates:
            checks = [(reading.DATE_RULE, lambda v: reading.date_cells(v)[1])]
        else:
            checks = [(reading.number_rule(), lambda v: reading.number_cells(v)[1])]
            if name in self.scales:
                low, high = self.scales[name]
                checks.append((reading.number_rule(low, high), lambda v: reading.off_scale(
                    reading.number_cells(v)[0], low, high)))
        number = self.header.index(name) + 1
        word = "row" if self.parquet else "line"
        for rule, broken in checks:
            count, first, at = 0, None, 0
            for lines, values in self._cells(name):
                bad = broken(values)
                if bad.any() and not count:
                    position = int(np.flatnonzero(bad)[0])
                    first, at = values.iloc[position], lines[position]
                count += int(np.count_nonzero(bad))
            if count:
                return reading.bad_values_error(
                    f"{self.source}, {word} {at}, column {number} ({name!r})", rule, count,
                    first)
        return InvalidScoreError(  # pragma: no cover - the chunk said otherwise
            f"{self.source}, column {number} ({name!r}): a cell breaks the reading rules.")


_RESCAN = 1 << 16


class Coded:
    """A dictionary-encoded column: codes (``-1`` for null) into distinct cells."""

    __slots__ = ("codes", "labels")

    def __init__(self, codes: np.ndarray[Any, Any], labels: list[Any]) -> None:
        self.codes = codes
        self.labels = labels


Batch = dict[str, Any]
KeyCache = dict[tuple[object, ...], tuple[np.ndarray[Any, Any], pd.CategoricalDtype]]


def small_scale(scale: tuple[int, int] | None) -> bool:
    """Whether a scale's whole answers fit 16-bit integers (and there is a scale)."""
    return scale is not None and scale[0] >= -(2 ** 15) and scale[1] < 2 ** 15


# The dtype pandas gives text read from a file (str on pandas 3, object before).
_TEXT = pd.Index([], dtype=object).astype(str).dtype


def text_categories(values: pd.Series | Coded, seen: KeyCache | None = None, *,
                    tokens: bool = False) -> pd.Categorical:
    """Key cells as stripped text (blank missing), categorical: one label per distinct key.

    ``values`` is a column of a chunk, or its dictionary-encoded cells. Two
    cells that strip to the same text (``" a"`` and ``"a"``) are one key. With
    ``tokens``, the column is read as a date column: the missing tokens
    (``NA``, ...) are missing too (:func:`expectations._reading.missing_cells`).
    Only the distinct cells are converted, and a categorical read so already
    (as :meth:`Wanted.convert` returns key columns) is returned as it is.
    ``seen`` caches the conversion of a chunk's distinct cells for the next
    chunks, which usually hold the same keys.

    Examples
    --------
    >>> keys = text_categories(pd.Series(["b ", "a", None, "b", " ", "NA"]))
    >>> keys.codes.tolist(), list(keys.categories)
    ([0, 1, -1, 0, -1, 2], ['b', 'a', 'NA'])
    >>> text_categories(pd.Series(keys), tokens=True).codes.tolist()
    [0, 1, -1, 0, -1, -1]
    """
    if isinstance(values, Coded):
        codes, uniques = values.codes, values.labels
    elif _read_already(values, tokens):
        read: pd.Categorical = values.array
        return read
    else:
        codes, uniques = reading.cell_codes(values)
    key = (tokens, *uniques)
    cache: KeyCache = {} if seen is None else seen
    if key not in cache:
        labels = [None if cell is None or cell is pd.NA or cell is pd.NaT
                  or (isinstance(cell, float) and np.isnan(cell)) else str(cell).strip() or None
                  for cell in uniques]
        if tokens:
            missing = reading.missing_cells(pd.Series(labels, dtype=object))
            labels = [None if gone else label for label, gone in zip(labels, missing, strict=True)]
        merged, distinct = pd.factorize(pd.Index(labels, dtype=object), use_na_sentinel=True)
        categories = pd.Index(np.asarray(distinct, dtype=object), dtype=object).astype(str)
        cache[key] = (np.append(np.asarray(merged, dtype=np.intp), -1),
                      pd.CategoricalDtype(categories))
        if len(cache) > 64:  # keys that change from chunk to chunk: do not grow
            cache.pop(next(iter(cache)))
    lookup, dtype = cache[key]
    return pd.Categorical.from_codes(lookup[codes], dtype=dtype)


def _read_already(values: pd.Series, tokens: bool) -> bool:
    """Whether ``values`` is a categorical as :func:`text_categories` returns it.

    Its categories are text, stripped, none missing (nor, with ``tokens``, a
    missing token): converting its distinct cells again would change nothing.
    """
    dtype = values.dtype
    if not isinstance(dtype, pd.CategoricalDtype) or dtype.ordered \
            or dtype.categories.dtype != _TEXT or dtype.categories.inferred_type != "string":
        return False
    categories = pd.Series(dtype.categories, dtype=_TEXT)
    return bool((categories.str.strip() == categories).all()
                and not reading.missing_cells(categories, tokens=tokens).any())
