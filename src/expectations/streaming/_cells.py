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
                 keys: Sequence[str], text_keys: Sequence[str]) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        self.numeric = list(dict.fromkeys(numeric))
        self.text = [k for k in dict.fromkeys(keys) if k in text_keys and k not in numeric]
        self.typed = [k for k in dict.fromkeys(keys) if k not in numeric and k not in text_keys]
        self.columns = list(dict.fromkeys([*numeric, *keys]))
        self.header: list[str] = []
        self.scales: dict[str, tuple[int, int]] = {}
        self.dates: list[str] = []
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
                    low, high = self.scales[name]
                    small = low >= -(2 ** 15) and high < 2 ** 15
                    out[name] = numbers.astype(np.int16 if small else np.int64)
                else:
                    out[name] = numbers
                continue
            if name in self.dates:
                cells = pd.Series(values.labels, dtype=object) if coded else values
                if reading.date_cells(cells)[1].any():
                    raise self.bad_cells(name)
            if coded:
                out[name] = text_categories(values.codes, values.labels, self._keys)
            elif name in self.text or not pd.api.types.is_numeric_dtype(values.dtype):
                out[name] = text_categories(*reading._codes(values), self._keys)
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


def text_categories(codes: np.ndarray[Any, Any], uniques: list[Any],
                     seen: KeyCache) -> pd.Categorical:
    """Key cells as stripped text (blank missing), categorical: one label per distinct key.

    ``seen`` caches the conversion of a chunk's distinct cells for the next
    chunks, which usually hold the same keys.
    """
    key = tuple(uniques)
    if key not in seen:
        labels = [None if cell is None or cell is pd.NA or cell is pd.NaT
                  or (isinstance(cell, float) and np.isnan(cell)) else str(cell).strip()
                  for cell in uniques]
        merged, distinct = pd.factorize(pd.Index([label or None for label in labels],
                                                 dtype=object), use_na_sentinel=True)
        # The dtype pandas gives text read from a file (str on pandas 3, object before).
        categories = pd.Index(np.asarray(distinct, dtype=object), dtype=object).astype(str)
        seen[key] = (np.append(np.asarray(merged, dtype=np.intp), -1),
                     pd.CategoricalDtype(categories))
        if len(seen) > 64:  # keys that change from chunk to chunk: do not grow
            seen.pop(next(iter(seen)))
    lookup, dtype = seen[key]
    return pd.Categorical.from_codes(lookup[codes], dtype=dtype)
