"""Qualtrics CSV and TSV exports: three header rows, question ids, texts and import ids.

A Qualtrics export's first row holds the question ids (``StartDate``,
``ResponseId``, ``Q1``, ``Q2_1``, ...), its second row the question texts,
and its third row a JSON object per column (``{"ImportId":"QID1"}``). The
second and third rows are dropped from the responses; the texts go to the
codebook. ``StartDate``, ``EndDate`` and ``RecordedDate`` are dates and
``ResponseId`` identifies the respondent. Qualtrics writes its TSV exports
in UTF-16 (with a byte-order mark), which is recognised without being named.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from expectations import _reading as reading
from expectations.surveys._codebook import Export
from expectations.surveys._text import Record, column_from_cells, read_records, records_frame

__all__ = ["DATE_COLUMNS", "ID_COLUMNS", "is_qualtrics", "read_qualtrics"]

#: The columns Qualtrics stamps with a date and time.
DATE_COLUMNS = ("StartDate", "EndDate", "RecordedDate")
#: The respondent's identifier (``ResponseID`` in older exports).
ID_COLUMNS = ("ResponseId", "ResponseID")


def is_qualtrics(records: Sequence[Record]) -> bool:
    """Whether the third record is Qualtrics' row of ``{"ImportId": ...}`` objects."""
    if len(records) < 3:
        return False
    third = [cell.strip().replace(" ", "") for cell in records[2][1]]
    return any(cell.startswith('{"ImportId"') for cell in third)


def read_qualtrics(path: Path, *, source: str, encoding: str, delimiter: str,
                   records: Sequence[Record] | None = None) -> Export:
    """Read a Qualtrics export: responses typed by the reading rules, texts kept."""
    if records is None:
        records = read_records(path, source=source, encoding=encoding, delimiter=delimiter)
    header = [cell.strip() for cell in records[0][1]]
    reading.check_header(header, source, delimiter)
    texts = records[1][1] if len(records) > 1 else [""] * len(header)
    cells = records_frame(records[3:], header, source)
    columns = {}
    for name in header:
        if name in DATE_COLUMNS:
            dates, bad = reading.date_cells(cells[name])
            columns[name] = dates if not bad.any() else column_from_cells(cells[name])
        else:
            columns[name] = column_from_cells(cells[name])
    frame: pd.DataFrame = pd.DataFrame(columns)
    questions = {name: text.strip() for name, text in zip(header, texts, strict=True)
                 if text.strip()}
    roles = {name: "date" for name in DATE_COLUMNS
             if name in frame and pd.api.types.is_datetime64_any_dtype(frame[name].dtype)}
    roles.update({name: "id" for name in ID_COLUMNS if name in frame})
    return Export(frame=frame, source=source, questions=questions, roles=roles)
