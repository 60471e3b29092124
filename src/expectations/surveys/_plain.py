"""Plain tables: a CSV/TSV file with one header row, a Parquet file, an Excel sheet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from expectations.errors import InvalidScoreError
from expectations.surveys._codebook import Export
from expectations.surveys._text import column_from_cells

__all__ = ["read_excel_rows", "read_plain", "typed"]


def typed(cells: pd.DataFrame) -> pd.DataFrame:
    """Every column typed by the reading rules (numbers, dates, text)."""
    frame: pd.DataFrame = pd.DataFrame({name: column_from_cells(cells[name])
                                        for name in cells.columns}, index=cells.index)
    return frame


def read_plain(path: Path, *, source: str, encoding: str, delimiter: str) -> Export:
    """Read a CSV/TSV or Parquet table with the report's reader (one header row)."""
    from expectations.report._inputs import read_table

    raw = read_table(path, encoding=encoding, delimiter=delimiter)
    frame = raw.frame.reset_index(drop=True)
    return Export(frame=typed(frame), source=source)


def read_excel_rows(path: Path, source: str) -> pd.DataFrame:
    """Read the first sheet's cells, without a header (``openpyxl``, the ``surveys`` extra)."""
    try:
        import openpyxl  # noqa: F401 - pandas reads .xlsx through it
    except ImportError as exc:
        raise ModuleNotFoundError(
            f"openpyxl must be installed to read Excel files; it could not be imported "
            f"({exc}). Install the surveys extra: "
            'pip install "customer-expectations[surveys]"', name="openpyxl") from exc
    try:
        sheet: pd.DataFrame = pd.read_excel(path, header=None, dtype=object,
                                            engine="openpyxl")
    except (ValueError, OSError, KeyError) as exc:
        raise InvalidScoreError(
            f"{source}: cannot be read as an Excel workbook ({exc}). Check that the file is "
            "complete and is what its extension says, or pass format=.") from None
    sheet = sheet.dropna(how="all").astype(object)
    cells: pd.DataFrame = sheet.where(sheet.notna(), None)
    return cells


def excel_export(sheet: pd.DataFrame, source: str) -> Export:
    """Read a plain sheet: its first row names the columns."""
    from expectations import _reading as reading
    from expectations.errors import InsufficientDataError

    if sheet.empty:
        raise reading.empty_file_error(source)
    header = ["" if c is None else str(c).strip() for c in sheet.iloc[0]]
    reading.check_header(header, source, ",")
    if len(sheet) < 2:
        raise InsufficientDataError(f"{source}: the sheet has a header row but no responses.")
    cells = sheet.iloc[1:].set_axis(header, axis=1).reset_index(drop=True)
    return Export(frame=typed(cells), source=source)
