"""SPSS, Stata and SAS files through pyreadstat (the ``surveys`` extra)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd

from expectations.errors import InvalidScoreError
from expectations.surveys._codebook import Export

__all__ = ["INSTALL_HINT", "STAT_FORMATS", "pyreadstat", "read_stat"]

INSTALL_HINT = 'pip install "customer-expectations[surveys]"'

#: Format name → pyreadstat's reader.
STAT_FORMATS: dict[str, str] = {"spss": "read_sav", "spss-portable": "read_por",
                                "stata": "read_dta", "sas": "read_sas7bdat",
                                "xport": "read_xport"}


def pyreadstat() -> ModuleType:
    """Import pyreadstat, or raise naming the ``surveys`` extra."""
    try:
        import pyreadstat as module  # lazy: statistics-package files are an optional extra
    except ImportError as exc:
        raise ModuleNotFoundError(
            f"pyreadstat must be installed to read SPSS, Stata and SAS files; it could not be "
            f"imported ({exc}). Install the surveys extra: {INSTALL_HINT}",
            name="pyreadstat") from exc
    return module


def read_stat(path: Path, *, format: str, source: str, encoding: str | None) -> Export:
    """Read a statistics-package file: data, variable labels (questions) and value labels."""
    reader = getattr(pyreadstat(), STAT_FORMATS[format])
    options: dict[str, Any] = {"dates_as_pandas_datetime": True}
    if encoding is not None:
        options["encoding"] = encoding
    if format == "sas":
        options.pop("dates_as_pandas_datetime")
    try:
        frame, meta = reader(str(path), **options)
    except Exception as exc:  # pyreadstat raises its own ReadstatError and PyreadstatError
        if isinstance(exc, (MemoryError, KeyboardInterrupt)):  # pragma: no cover
            raise
        raise InvalidScoreError(
            f"{source}: cannot be read as a {format.upper()} file ({exc}). Check that the "
            "file is complete and is what its extension says, or pass format=.") from None
    questions = {name: label for name, label in zip(meta.column_names,
                                                    meta.column_labels or [], strict=False)
                 if label}
    labels = {name: dict(values) for name, values in
              (meta.variable_value_labels or {}).items() if values}
    frame = _plain_columns(frame)
    return Export(frame=frame, source=source, questions=questions, labels=labels)


def _plain_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Empty strings (how these files store a missing text answer) become missing."""
    text = [c for c in frame.columns
            if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c].dtype)]
    if not text:
        return frame
    cleaned = {c: frame[c].where(frame[c].astype("string").str.strip() != "", None)
               for c in text}
    out: pd.DataFrame = frame.assign(**cleaned)
    return out
