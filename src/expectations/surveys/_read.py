"""``read_survey``: one call from a survey tool's export to a :class:`Survey`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from contextlib import closing
from itertools import islice
from pathlib import Path
from typing import Final

from expectations import _reading as reading
from expectations.errors import InvalidParameterError
from expectations.surveys._codebook import Export, assemble
from expectations.surveys._survey import Survey

__all__ = ["FORMATS", "read_survey"]

#: The formats ``read_survey`` reads, by the name ``format=`` takes.
FORMATS: Final = ("qualtrics", "surveymonkey", "spss", "spss-portable", "stata", "sas", "xport",
                  "csv", "parquet", "excel")

_BY_SUFFIX: Final = {".sav": "spss", ".zsav": "spss", ".por": "spss-portable", ".dta": "stata",
                     ".sas7bdat": "sas", ".xpt": "xport", ".parquet": "parquet",
                     ".pq": "parquet", ".xlsx": "excel", ".xlsm": "excel"}


def _sniff(path: Path) -> str:
    """Return the format a file's extension (or, for an unknown one, its first bytes) says."""
    suffix = path.suffix.lower()
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    with path.open("rb") as handle:
        start = handle.read(16)
    if start.startswith((b"$FL2", b"$FL3")):
        return "spss"
    if start.startswith(b"<stata_dta>"):
        return "stata"
    if start.startswith(b"PK\x03\x04"):
        return "excel"
    if start.startswith(b"PAR1"):
        return "parquet"
    return "text"


def _check_path(path: object) -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise InvalidParameterError(
            f"path must be the path of a survey export (str or pathlib.Path); got "
            f"{type(path).__name__} {path!r}.")
    out = Path(path)
    if not out.is_file():
        raise InvalidParameterError(f"path {str(out)!r}: no such file.")
    return out


def _check_format(format: object) -> str | None:
    if format is None:
        return None
    if format not in FORMATS:
        raise InvalidParameterError(
            f"format must be one of {', '.join(map(repr, FORMATS))}, or None to tell it from "
            f"the file; got {format!r}.")
    return str(format)


def _check_delimiter(delimiter: object) -> str | None:
    if delimiter is None:
        return None
    if not (isinstance(delimiter, str) and len(delimiter) == 1 and delimiter not in '"\r\n'):
        raise InvalidParameterError(
            "delimiter must be one character other than a quote or a line break, such as "
            f"',', ';' or a tab, or None to tell it from the file; got {delimiter!r}.")
    return delimiter


def _read_text(path: Path, format: str | None, source: str, encoding: str | None,
               delimiter: str | None) -> tuple[Export, str]:
    from expectations.surveys._plain import read_plain
    from expectations.surveys._qualtrics import is_qualtrics, read_qualtrics
    from expectations.surveys._surveymonkey import is_surveymonkey, read_surveymonkey
    from expectations.surveys._text import (
        detect_encoding,
        guess_delimiter,
        iter_records,
        read_records,
    )

    codec = detect_encoding(path, encoding)
    sep = delimiter or guess_delimiter(path, codec)
    if format == "csv":
        return read_plain(path, source=source, encoding=codec, delimiter=sep), "csv"
    # Tell the format from the first three records only, so that a plain CSV is read once
    # (by read_plain) rather than once here and again there.
    with closing(iter_records(path, source=source, encoding=codec, delimiter=sep)) as rows:
        head = list(islice(rows, 3))
    if not head:
        raise reading.empty_file_error(source)
    qualtrics = is_qualtrics(head)
    monkey = is_surveymonkey(head[0][1], head[1][1] if len(head) > 1 else [])
    if format == "qualtrics" or (format is None and qualtrics):
        if not qualtrics:
            raise InvalidParameterError(
                f"{source}: format='qualtrics' but the file does not have a Qualtrics "
                "export's three header rows (ids, question texts, {\"ImportId\": ...}). "
                "Export it again from Qualtrics, or pass format='csv'.")
        records = read_records(path, source=source, encoding=codec, delimiter=sep)
        return read_qualtrics(path, source=source, encoding=codec, delimiter=sep,
                              records=records), "qualtrics"
    if format == "surveymonkey" or (format is None and monkey):
        if not monkey:
            raise InvalidParameterError(
                f"{source}: format='surveymonkey' but the file does not have a SurveyMonkey "
                "export's two header rows ('Respondent ID' ..., then 'Response' ...). "
                "Export it again from SurveyMonkey, or pass format='csv'.")
        records = read_records(path, source=source, encoding=codec, delimiter=sep)
        return read_surveymonkey(path, source=source, encoding=codec, delimiter=sep,
                                 records=records), "surveymonkey"
    return read_plain(path, source=source, encoding=codec, delimiter=sep), "csv"


def _read_excel(path: Path, format: str | None, source: str) -> tuple[Export, str]:
    from expectations.surveys._plain import excel_export, read_excel_rows
    from expectations.surveys._surveymonkey import is_surveymonkey, surveymonkey_export

    sheet = read_excel_rows(path, source)
    rows = [list(sheet.iloc[i]) for i in range(min(2, len(sheet)))]
    monkey = len(rows) == 2 and is_surveymonkey(rows[0], rows[1])
    if format == "surveymonkey" and not monkey:
        raise InvalidParameterError(
            f"{source}: format='surveymonkey' but the workbook does not have a SurveyMonkey "
            "export's two header rows. Export it again, or pass format='excel'.")
    if monkey and format != "excel":
        first = ["" if c is None else str(c) for c in rows[0]]
        second = ["" if c is None else str(c) for c in rows[1]]
        cells = sheet.iloc[2:].reset_index(drop=True)
        return surveymonkey_export(first, second, cells, source), "surveymonkey"
    return excel_export(sheet, source), "excel"


def read_survey(path: str | os.PathLike[str], *, format: str | None = None,
                roles: Mapping[str, str] | None = None, encoding: str | None = None,
                delimiter: str | None = None) -> Survey:
    """Read a survey tool's export into responses and a codebook of questions and roles.

    Parameters
    ----------
    path : str or Path
        The export: SPSS ``.sav``/``.zsav``/``.por``, Stata ``.dta``, SAS
        ``.sas7bdat``/``.xpt`` (these need the ``surveys`` extra,
        pyreadstat); a Qualtrics CSV/TSV export (three header rows); a
        SurveyMonkey CSV/XLSX export (two header rows); or a plain CSV, TSV,
        Parquet or Excel table (one header row).
    format : str, optional
        One of :data:`FORMATS`; by default told from the extension and the
        content (Qualtrics' ``{"ImportId": ...}`` row, SurveyMonkey's
        ``Respondent ID`` and ``Response`` header rows).
    roles : mapping of str to str, optional
        Roles that override the inferred ones, as ``{"Q7": "nps"}`` (see
        :mod:`expectations.surveys` for the roles and the inference rules).
    encoding : str, optional
        The text encoding of a CSV/TSV export (default UTF-8, or UTF-16 when
        the file starts with its byte-order mark, as Qualtrics' TSV exports
        do), or of a statistics-package file's text.
    delimiter : str, optional
        The column delimiter of a text export (default: a tab for ``.tsv``
        files and tab-separated first lines, else a comma).

    Returns
    -------
    Survey
        ``responses`` (one row per respondent) and ``codebook`` (question,
        role, scale and value labels per column).

    Raises
    ------
    InvalidParameterError
        If the file does not exist, or ``format``, ``encoding``,
        ``delimiter`` or a role is not one the library knows.
    SchemaError
        If ``roles`` names a column the export does not have.
    InvalidScoreError
        If the file breaks the reading rules (bytes that are not text in the
        encoding, a ragged row, an open quote), or a column given a score
        role holds answers that are not whole numbers on its scale.
    ModuleNotFoundError
        If an SPSS, Stata or SAS file is read without pyreadstat (the
        message names the ``surveys`` extra).

    Notes
    -----
    Cells of text exports are read by the library's reading rules
    (:mod:`expectations._reading`): in a numeric column ``NA``, ``N/A``,
    ``NULL`` (and kin), empty and blank cells are missing; in a text column
    only empty and blank cells are. Value-labelled categories become pandas
    Categoricals of their labels, except in NPS, CSAT, CES and rating
    questions, which stay numeric (their labels are in the codebook and the
    scale). The caller's file is only read.

    Examples
    --------
    >>> import expectations as ex
    >>> survey = ex.read_survey(ex.datasets.qualtrics_export_path())
    >>> survey.codebook.loc["Q1", "question"]
    'How likely is it that you would recommend us to a friend or colleague?'
    >>> survey.columns("date")
    ['StartDate', 'EndDate', 'RecordedDate']
    >>> survey = ex.read_survey(ex.datasets.qualtrics_export_path(), roles={"Q4": "category"})
    >>> survey.codebook.loc["Q4", "role"]
    'category'
    """
    file = _check_path(path)
    chosen = _check_format(format)
    if encoding is not None:
        reading.check_encoding(encoding)
    sep = _check_delimiter(delimiter)
    given: object = roles
    if given is not None and not isinstance(given, Mapping):
        raise InvalidParameterError(
            f"roles must be a mapping of column name to role, such as {{'Q7': 'nps'}}, or "
            f"None; got {type(given).__name__} {given!r}.")
    source = str(file)
    sniffed = _sniff(file)
    kind = chosen or sniffed
    if kind == "surveymonkey" and sniffed == "excel":
        kind = "excel"
    if kind in ("spss", "spss-portable", "stata", "sas", "xport"):
        from expectations.surveys._spss import read_stat

        export, name = read_stat(file, format=kind, source=source, encoding=encoding), kind
    elif kind == "excel":
        export, name = _read_excel(file, chosen, source)
    elif kind == "parquet":
        from expectations.surveys._plain import read_plain

        export = read_plain(file, source=source, encoding=reading.DEFAULT_ENCODING,
                            delimiter=",")
        name = "parquet"
    else:
        export, name = _read_text(file, chosen, source, encoding, sep)
    responses, codebook = assemble(export, roles)
    return Survey(responses=responses, codebook=codebook, source=source, format=name)
