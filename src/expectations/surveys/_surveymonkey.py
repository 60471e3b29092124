"""SurveyMonkey CSV and Excel exports: two header rows, question then sub-answer.

The first row holds each question's text once, over its first column; the
second row the sub-answer of each column: ``Response`` (one answer),
``Open-Ended Response`` (text), or an option's text (one column per option of
a multiple-choice or matrix question). Column names join the two:
``"Which channels do you use? - App"``; a ``Response`` or
``Open-Ended Response`` column is named by its question alone. ``Respondent
ID`` identifies the respondent; ``Start Date`` and ``End Date`` are dates
(SurveyMonkey writes them as ``MM/DD/YYYY hh:mm:ss AM``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from expectations._reading import missing_cells
from expectations.surveys._codebook import Export
from expectations.surveys._text import Record, column_from_cells, read_records

__all__ = ["is_surveymonkey", "read_surveymonkey", "surveymonkey_export"]

_SINGLE = ("", "response", "open-ended response")
_DATES = ("Start Date", "End Date")
_DATE_FORMAT = "%m/%d/%Y %I:%M:%S %p"


def is_surveymonkey(first: Sequence[object], second: Sequence[object]) -> bool:
    """Whether two header rows have SurveyMonkey's shape (``Respondent ID``, sub-answers)."""
    names = [str(c).strip().casefold() for c in first if c is not None]
    subs = {str(c).strip().casefold() for c in second if c is not None}
    return "respondent id" in names and bool(subs & {"response", "open-ended response"})


def _names(first: Sequence[str], second: Sequence[str]) -> tuple[list[str], dict[str, str],
                                                                  set[str]]:
    names: list[str] = []
    questions: dict[str, str] = {}
    open_ended: set[str] = set()
    question = ""
    for top, sub in zip(first, second, strict=True):
        top, sub = top.strip(), sub.strip()
        if top:
            question = top
        name = question if sub.casefold() in _SINGLE else f"{question} - {sub}"
        base, k = name, 2
        while name in names:
            name = f"{base} ({k})"
            k += 1
        names.append(name)
        questions[name] = question if sub.casefold() in _SINGLE else f"{question} - {sub}"
        if sub.casefold() == "open-ended response":
            open_ended.add(name)
    return names, questions, open_ended


def surveymonkey_export(first: Sequence[str], second: Sequence[str], cells: pd.DataFrame,
                        source: str) -> Export:
    """Build the export from the two header rows and the data cells (any cell types)."""
    names, questions, open_ended = _names(first, second)
    cells = cells.set_axis(names, axis=1)
    columns: dict[str, pd.Series] = {}
    roles: dict[str, str] = {}
    for name in names:
        values = cells[name]
        if name in _DATES:
            parsed = pd.to_datetime(values.astype("string").str.strip(), format=_DATE_FORMAT,
                                    errors="coerce")
            typed = column_from_cells(values)
            if pd.api.types.is_datetime64_any_dtype(typed.dtype):
                parsed = typed
            present = ~missing_cells(values)
            if present.any() and bool(parsed[present].notna().all()):
                columns[name] = parsed.astype("datetime64[ns]")
                roles[name] = "date"
                continue
        columns[name] = column_from_cells(values)
        if name in open_ended and not pd.api.types.is_numeric_dtype(columns[name].dtype):
            roles[name] = "text"
    if "Respondent ID" in columns:
        roles["Respondent ID"] = "id"
    frame: pd.DataFrame = pd.DataFrame(columns)
    return Export(frame=frame, source=source, questions=questions, roles=roles)


def read_surveymonkey(path: Path, *, source: str, encoding: str, delimiter: str,
                      records: Sequence[Record] | None = None) -> Export:
    """Read a SurveyMonkey CSV export."""
    from expectations.surveys._text import records_frame

    if records is None:
        records = read_records(path, source=source, encoding=encoding, delimiter=delimiter)
    first = records[0][1]
    second = records[1][1] if len(records) > 1 else [""] * len(first)
    cells = records_frame(records[2:], [str(i) for i in range(len(first))], source)
    return surveymonkey_export(first, second, cells, source)
