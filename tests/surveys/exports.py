"""Write survey-tool exports for the tests, so that no binary fixture is committed.

SPSS and Stata files are written by pyreadstat (``write_sav``, ``write_dta``)
with variable labels (the question texts) and value labels. Qualtrics and
SurveyMonkey files follow their documented export shapes:

- Qualtrics ("Data & Analysis > Export & Import > Export data", CSV or TSV):
  row 1 the column ids, row 2 the question texts, row 3 a JSON object per
  column (``{"ImportId":"QID1"}``; dates carry a ``timeZone``). The CSV is
  UTF-8 with a byte-order mark; the TSV is UTF-16 LE with a byte-order mark.
- SurveyMonkey ("Analyze results > Save as > All individual responses",
  CSV or XLSX, "Expanded"): row 1 the questions (each over its first column),
  row 2 the sub-answer (``Response``, ``Open-Ended Response``, or an
  option's text), dates as ``MM/DD/YYYY hh:mm:ss AM``.

Run as a script to write them all into a folder::

    python -m tests.surveys.exports OUTDIR
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["N", "answers", "write_all", "write_dta", "write_qualtrics", "write_sav",
           "write_surveymonkey_csv", "write_surveymonkey_xlsx"]

N = 60
SEED = 15

QUESTIONS = {
    "ltr": "How likely is it that you would recommend us to a friend or colleague?",
    "sat": "Overall, how satisfied are you with our service?",
    "effort": "How easy was it to resolve your issue?",
    "region": "Where do you live?",
    "comment": "Why did you give that score?",
}
REGIONS = {1: "North", 2: "South", 3: "East", 4: "West"}


def answers(n: int = N, seed: int = SEED) -> pd.DataFrame:
    """Draw the answers every export holds: NPS 0-10, CSAT 1-5, CES 1-7, region code, comment."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({
        "id": np.arange(1, n + 1),
        "ltr": rng.integers(0, 11, n).astype(float),
        "sat": rng.integers(1, 6, n).astype(float),
        "effort": rng.integers(1, 8, n).astype(float),
        "region": rng.integers(1, 5, n).astype(float),
        "comment": rng.choice(["Great", "Slow delivery", "Friendly staff", "Too expensive",
                               "Fine", "App crashed", "Quick", "Rude courier"], n),
        "weight": np.round(rng.uniform(0.5, 2.0, n), 3),
    })
    frame.loc[3, "ltr"] = np.nan  # a skipped question
    frame.loc[5, "comment"] = ""
    return frame


def _stat_frame(n: int) -> tuple[pd.DataFrame, dict[str, str], dict[str, dict[float, str]]]:
    frame = answers(n)
    labels = {"id": "Respondent number", **QUESTIONS, "weight": "Design weight"}
    values = {"ltr": {0.0: "Not at all likely", 10.0: "Extremely likely"},
              "sat": {1.0: "Very dissatisfied", 2.0: "Dissatisfied", 3.0: "Neutral",
                      4.0: "Satisfied", 5.0: "Very satisfied"},
              "region": {float(k): v for k, v in REGIONS.items()}}
    return frame, labels, values


def write_sav(path: Path, n: int = N) -> Path:
    """Write an SPSS file with question texts (variable labels) and value labels."""
    import pyreadstat

    frame, labels, values = _stat_frame(n)
    pyreadstat.write_sav(frame, str(path), column_labels=labels, variable_value_labels=values)
    return path


def write_dta(path: Path, n: int = N) -> Path:
    """Write a Stata file with question texts (variable labels) and value labels."""
    import pyreadstat

    frame, labels, values = _stat_frame(n)
    # Stata value labels are for integer columns.
    for name in values:
        frame[name] = frame[name].astype("Int64").astype(float)
    pyreadstat.write_dta(frame, str(path), column_labels=labels, variable_value_labels={
        k: {int(v): t for v, t in d.items()} for k, d in values.items()})
    return path


def _qualtrics_rows(n: int, questions: dict[str, str] | None = None,
                    cells: Sequence[Sequence[str]] | None = None) -> list[list[str]]:
    frame = answers(n)
    questions = questions or QUESTIONS
    ids = list(questions)
    header = ["StartDate", "EndDate", "Status", "Progress", "Duration (in seconds)",
              "Finished", "RecordedDate", "ResponseId", *[f"Q{i}" for i in
                                                           range(1, len(ids) + 1)]]
    texts = ["Start Date", "End Date", "Response Type", "Progress", "Duration (in seconds)",
             "Finished", "Recorded Date", "Response ID", *questions.values()]
    imports = ['{"ImportId":"startDate","timeZone":"America/Denver"}',
               '{"ImportId":"endDate","timeZone":"America/Denver"}', '{"ImportId":"status"}',
               '{"ImportId":"progress"}', '{"ImportId":"duration"}', '{"ImportId":"finished"}',
               '{"ImportId":"recordedDate","timeZone":"America/Denver"}',
               '{"ImportId":"_recordId"}',
               *[f'{{"ImportId":"QID{i}"}}' for i in range(1, len(ids) + 1)]]
    rows = [header, texts, imports]
    if cells is not None:
        rows.extend([*row] for row in cells)
        return rows
    for i in range(n):
        day = f"2024-05-{1 + i % 28:02d}"
        answers_row = []
        for key in ids:
            value = frame.loc[i, key] if key in frame else ""
            if key == "region":
                value = REGIONS[int(frame.loc[i, key])]
            answers_row.append("" if pd.isna(value) else (
                str(int(value)) if isinstance(value, float) else str(value)))
        rows.append([f"{day} 09:{i % 60:02d}:00", f"{day} 09:{i % 60:02d}:45", "0", "100",
                     "45", "True", f"{day} 09:{i % 60:02d}:45", f"R_{i:015d}", *answers_row])
    return rows


def write_qualtrics(path: Path, n: int = N, *, tsv: bool = False,
                    questions: dict[str, str] | None = None,
                    cells: Sequence[Sequence[str]] | None = None) -> Path:
    """Write a Qualtrics export: CSV in UTF-8 with BOM, or TSV in UTF-16 LE with BOM."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter="\t" if tsv else ",", lineterminator="\r\n").writerows(
        _qualtrics_rows(n, questions, cells))
    text = buffer.getvalue()
    path.write_bytes(text.encode("utf-16") if tsv else ("\ufeff" + text).encode("utf-8"))
    return path


def _surveymonkey_rows(n: int) -> tuple[list[object], list[object], list[list[object]]]:
    frame = answers(n)
    first: list[object] = ["Respondent ID", "Collector ID", "Start Date", "End Date",
                           "IP Address", QUESTIONS["ltr"], QUESTIONS["sat"],
                           "Which channels do you use?", None, None, QUESTIONS["comment"]]
    second: list[object] = [None, None, None, None, None, "Response", "Response", "Web", "App",
                            "Store", "Open-Ended Response"]
    rows: list[list[object]] = []
    for i in range(n):
        ltr = frame.loc[i, "ltr"]
        rows.append([11_400_000_000 + i, 400_000_001, f"05/{1 + i % 28:02d}/2024 09:15:00 AM",
                     f"05/{1 + i % 28:02d}/2024 01:20:05 PM", "", "" if pd.isna(ltr) else
                     int(ltr), int(frame.loc[i, "sat"]), "Web" if i % 2 else "", "App" if i % 3
                     else "", "Store" if i % 5 == 0 else "", frame.loc[i, "comment"]])
    return first, second, rows


def write_surveymonkey_csv(path: Path, n: int = N) -> Path:
    """Write a SurveyMonkey CSV export (UTF-8), two header rows."""
    first, second, rows = _surveymonkey_rows(n)
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\r\n")
    out.writerow(["" if c is None else c for c in first])
    out.writerow(["" if c is None else c for c in second])
    out.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def write_surveymonkey_xlsx(path: Path, n: int = N) -> Path:
    """Write a SurveyMonkey Excel export (openpyxl), two header rows, numbers as numbers."""
    first, second, rows = _surveymonkey_rows(n)
    pd.DataFrame([first, second, *rows]).to_excel(path, header=False, index=False,
                                                  engine="openpyxl")
    return path


def write_all(folder: Path) -> list[Path]:
    """Write every export into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    return [write_sav(folder / "survey.sav"), write_dta(folder / "survey.dta"),
            write_qualtrics(folder / "qualtrics.csv"),
            write_qualtrics(folder / "qualtrics.tsv", tsv=True),
            write_surveymonkey_csv(folder / "surveymonkey.csv"),
            write_surveymonkey_xlsx(folder / "surveymonkey.xlsx")]


if __name__ == "__main__":
    for written in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(written)
