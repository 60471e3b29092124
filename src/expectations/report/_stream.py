"""The expectations report over files too large for memory, keeping only counts.

:func:`stream_report` counts the responses file (several scores, several
groupings: :mod:`expectations.streaming._multi`) inside Polars or DuckDB when
one is installed (:func:`~expectations.streaming._multi.count_answers`, two
engine queries), else in one pass of the chunk reader; and the outcomes file
in one pass of the chunk reader. It builds the sections that are functions
of counts with the same code as :func:`~expectations.report.report`.
Sections that need every row at once are listed as not available, never
approximated.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from expectations import _reading as reading
from expectations import _validation as v
from expectations.errors import (
    ExpectationsError,
    InsufficientDataError,
    InvalidParameterError,
    InvalidScoreError,
    format_message,
)
from expectations.models import Commitment
from expectations.report import _sections as build
from expectations.report._from_counts import nps_trend_from_counts
from expectations.report._inputs import normalise_columns, select
from expectations.report._model import Cell, InputSummary, Report, Section, Unavailable
from expectations.segmentation.compare import nps_segments_from_counts

if TYPE_CHECKING:
    from expectations.streaming._multi import Tallies

# The streaming readers (and pyarrow) are imported when a file is read, so that
# `import expectations` stays fast.

__all__ = ["NEEDS_WHOLE_TABLE", "stream_report"]

PathLike = str | os.PathLike[str]
#: Called after each chunk with the table's name and the rows read so far.
StreamProgress = Callable[[str, int], None]

#: Why a section is listed as not available in a streamed report.
NEEDS_WHOLE_TABLE = "needs the whole table; run without --stream"

# The sections of the tables a streamed report does not read, as report() names them.
_WHOLE_TABLE_SECTIONS = {
    "servqual": ("servqual", "SERVQUAL gaps by dimension"),
    "tolerance": ("tolerance", "Zone of tolerance"),
    "kano": ("kano", "Kano categories"),
    "drivers": ("drivers", "Drivers and priorities"),
    "transactions": ("customers", "Customers (RFM)"),
}
_SCALES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}
#: What may read the files (``"pandas"``: the former name of ``"python"``).
_ENGINES = ("auto", "polars", "duckdb", "pyarrow", "python", "pandas")


def stream_report(*, responses: PathLike | None = None, outcomes: PathLike | None = None,
                  commitments: Sequence[Commitment] | pd.DataFrame | None = None,
                  servqual: PathLike | None = None, tolerance: PathLike | None = None,
                  kano: PathLike | None = None, transactions: PathLike | None = None,
                  drivers: PathLike | None = None, columns: Mapping[str, Any] | None = None,
                  confidence: float = 0.95, reliability: float = 0.95,
                  chunk_rows: int | None = None, engine: str = "auto",
                  encoding: str = "utf-8",
                  progress: StreamProgress | None = None) -> Report:
    """Build the expectations report from CSV or Parquet files, keeping only counts.

    The responses are counted inside Polars or DuckDB when one is installed
    (see ``engine``), else each file is read once, a chunk at a time: memory
    is bounded by the number of groups (segments, touchpoints, months,
    commitments) and, for the chunk reader, one chunk, not by the number of
    rows. The sections built are
    those that are functions of counts, and their numbers are those
    :func:`report` gives on the same files read whole:

    - NPS, CSAT and CES overall, by segment and by touchpoint;
    - the segment comparison (NPS, Holm-adjusted);
    - the monthly NPS trend;
    - commitments kept (kept and broken rates with their intervals), without
      the realistic target, which is a quantile of every outcome value.

    The themes in comments and the sections of the other tables (SERVQUAL,
    zone of tolerance, Kano, drivers, RFM) need whole tables; when their
    input is given they are listed in :attr:`Report.unavailable` with the
    reason :data:`NEEDS_WHOLE_TABLE`.

    Parameters
    ----------
    responses : str or os.PathLike, optional
        The survey responses, a CSV (comma-separated, with a header line) or
        Parquet file, with the columns of :func:`report`'s ``responses``.
    outcomes : str or os.PathLike, optional
        Outcomes against commitments (``commitment``, ``value``); needs
        ``commitments``.
    commitments : sequence of Commitment, or DataFrame, optional
        The promises (a small table, held in memory).
    servqual, tolerance, kano, transactions, drivers : str or os.PathLike, optional
        Tables whose sections need the whole table: not read, listed as not
        available.
    columns : mapping, optional
        Your column names for the roles, as for :func:`report`.
    confidence, reliability : float, default 0.95
        As for :func:`report` (``reliability`` only names the realistic
        target that is not computed).
    chunk_rows : int, optional
        Rows per chunk (default :data:`expectations.streaming.DEFAULT_CHUNK_ROWS`,
        32768); memory grows with it, the result does not change.
    engine : {"auto", "polars", "duckdb", "pyarrow", "python"}, default "auto"
        What reads the files: by default the fastest installed
        (:func:`expectations.scan`'s order). Polars and DuckDB count the
        responses inside the engine (``chunk_rows`` does not apply, and
        ``progress`` is called once, at the end); pyarrow and ``"python"``
        (Python's :mod:`csv` module; ``"pandas"`` is its former name) read
        in chunks. A file that an engine cannot read by the reading rules,
        or that holds a cell the rules refuse, is read in chunks, which name
        the cell's file and line.
    encoding : str, default "utf-8"
        The CSV files' text encoding (a UTF-8 byte-order mark is dropped),
        such as ``"latin-1"``.
    progress : callable, optional
        Called after each chunk with the table's name and the rows read so far.

    Returns
    -------
    Report

    Raises
    ------
    SchemaError
        If a mapped or required column is missing (naming the file and its header).
    InvalidScoreError
        If a file holds a bad value or a malformed row; the message names the
        file and the row (and the CSV line). Nothing is returned then.
    InsufficientDataError
        If a file has a header but no rows.
    InvalidParameterError
        If a file does not exist, ``outcomes`` is given without
        ``commitments``, or an option is invalid.

    Notes
    -----
    Cells are read by the same reading rules as the in-memory report's file
    reader (see the guide page "The report", section "Reading files"): group
    keys as stripped text (``NA`` is the segment ``"NA"``), a blank key
    missing and counted in the section's ``n_dropped``.
    Exactness: every count equals the in-memory one, and every score is
    computed from those counts by the same functions, so that the streamed
    and in-memory reports agree to the last bit or, at worst, to rounding.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> pd.DataFrame({"nps": [10, 9, 7, 3, 10, 8] * 10,
    ...               "segment": ["a", "b", "a"] * 20}).to_csv(folder / "r.csv", index=False)
    >>> r = stream_report(responses=folder / "r.csv", chunk_rows=16)
    >>> r.keys()
    ('headline', 'nps', 'segments', 'glossary')
    >>> r["nps"].n, round(r["nps"].table("overall").records()[0]["score"], 2)
    (60, 33.33)
    """
    from expectations.report import _frame
    from expectations.streaming._scores import DEFAULT_CHUNK_ROWS, _check_reading, chunk_engine

    if chunk_rows is None:
        chunk_rows = DEFAULT_CHUNK_ROWS
    v.check_confidence(confidence)
    v.check_confidence(reliability, "reliability")
    v.check_option(engine, "engine", _ENGINES)
    scan_engine = {"auto": None, "pandas": "python"}.get(engine, engine)
    chunked = chunk_engine(scan_engine)
    _check_reading(chunked, chunk_rows, None, progress)
    reading.check_encoding(encoding)
    if columns is not None and not isinstance(columns, Mapping):
        raise InvalidParameterError(
            f"columns must be a mapping of role to column name, such as {{'nps': 'ltr'}}, "
            f"or None; got {type(columns).__name__} {columns!r}.")
    if outcomes is not None and commitments is None:
        raise InvalidParameterError(
            "outcomes need commitments: pass commitments= (the promises whose names the "
            "outcomes' commitment column uses).")
    mapping = normalise_columns(columns)
    paths = {name: _existing(name, value) for name, value in (
        ("responses", responses), ("outcomes", outcomes), ("servqual", servqual),
        ("tolerance", tolerance), ("kano", kano), ("transactions", transactions),
        ("drivers", drivers)) if value is not None}
    promises: list[Commitment] = []
    if commitments is not None:
        if isinstance(commitments, (pd.DataFrame, Mapping)):
            table, _ = select("commitments", _frame(commitments, "commitments"),
                              mapping.get("commitments"), source="commitments (DataFrame)")
            promises = build.as_commitments(table)
        else:
            promises = build.as_commitments(commitments)
    sections: list[Section] = []
    unavailable: list[Unavailable] = []
    inputs: list[InputSummary] = []
    try:
        if "responses" in paths:
            tallies, picked = _read_responses(paths["responses"], mapping.get("responses"),
                                              chunk_rows=int(chunk_rows), engine=scan_engine,
                                              progress=progress, encoding=encoding)
            inputs.append(InputSummary(name="responses", source=str(paths["responses"]),
                                       rows=tallies.rows))
            _response_sections(tallies, confidence, sections, unavailable)
            if "nps" in picked and "comment" in picked:
                unavailable.append(Unavailable(key="themes", title="Themes in comments",
                                               reason=NEEDS_WHOLE_TABLE))
        for name in ("servqual", "tolerance", "kano"):
            if name in paths:
                key, title = _WHOLE_TABLE_SECTIONS[name]
                unavailable.append(Unavailable(key=key, title=title, reason=NEEDS_WHOLE_TABLE))
        if "outcomes" in paths:
            section, rows = _commitments(paths["outcomes"], mapping.get("outcomes"), promises,
                                         confidence, reliability, chunk_rows=int(chunk_rows),
                                         engine=chunked, progress=progress,
                                         encoding=encoding)
            inputs.append(InputSummary(name="outcomes", source=str(paths["outcomes"]),
                                       rows=rows))
            sections.append(section)
    except ImportError as exc:  # Parquet without pyarrow
        raise InvalidParameterError(str(exc)) from None
    for name in ("drivers", "transactions"):
        if name in paths:
            key, title = _WHOLE_TABLE_SECTIONS[name]
            unavailable.append(Unavailable(key=key, title=title, reason=NEEDS_WHOLE_TABLE))
    from expectations.report._glossary import with_glossary
    from expectations.report._headline import with_headline

    # The headline comes first and is built from the sections below it, never from raw data.
    ordered = with_headline(sections, confidence=confidence, reliability=reliability)
    return Report(sections=with_glossary(ordered, confidence), unavailable=tuple(unavailable),
                  inputs=tuple(inputs), confidence=confidence)


def _existing(name: str, value: object) -> Path:
    if not isinstance(value, (str, os.PathLike)):
        raise InvalidParameterError(
            f"{name} must be the path of a CSV or Parquet file; got {type(value).__name__}."
        )
    path = Path(value)
    if not path.is_file():
        raise InvalidParameterError(f"{name} must be an existing CSV or Parquet file; got "
                                    f"{str(path)!r}, which is not a file.")
    return path


def _header(path: Path, fmt: str, encoding: str) -> list[str]:
    """Return the file's column names (a CSV file's first line, a Parquet file's schema)."""
    from expectations.streaming import _chunks

    if fmt == "csv":
        return _chunks.csv_header(path, encoding)
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return [str(name) for name in pq.ParquetFile(path).schema_arrow.names]
    except (pa.ArrowException, OSError) as exc:
        raise InvalidScoreError(f"{path.name}: not a readable Parquet file ({exc}).") from None


def _roles(table: str, path: Path, fmt: str,
           mapping: Mapping[str, str | list[str]] | None, encoding: str) -> dict[str, str]:
    """Each role's column in the file, checked as :func:`report` checks a table."""
    header = _header(path, fmt, encoding)
    _, picked = select(table, pd.DataFrame(columns=header), mapping, source=str(path))
    return picked


def _no_rows(path: Path, fmt: str) -> InsufficientDataError:
    return reading.no_rows_error(str(path), parquet=fmt == "parquet")


def _read_responses(path: Path, mapping: Mapping[str, str | list[str]] | None, *,
                    chunk_rows: int, engine: str | None, progress: StreamProgress | None,
                    encoding: str) -> tuple[Tallies, dict[str, str]]:
    """Count the responses file; return the counts and each role's column.

    Polars or DuckDB, when installed and the file is theirs to read by the
    rules, count every (score, grouping) in the engine; otherwise, or when
    a cell breaks a rule (the chunk reader then names its line), the file
    is read in chunks.
    """
    from expectations.streaming import _chunks
    from expectations.streaming._multi import Answers, accumulate_answers, count_answers
    from expectations.streaming._scores import chunk_engine, open_scan

    fmt = _chunks.file_format(path, None)
    picked = _roles("responses", path, fmt, mapping, encoding)
    scores: dict[str, tuple[str, int, int]] = {
        m: (picked[m], *_SCALES[m]) for m in ("nps", "csat", "ces") if m in picked}
    answers = Answers(scores=scores,
                      keys={k: picked[k] for k in ("segment", "touchpoint") if k in picked},
                      date=picked.get("date"), by_month=("nps",))
    source = open_scan(path, fmt=fmt, engine=engine, encoding=encoding)
    tallies = None if source is None else count_answers(source, answers)
    if tallies is not None:
        if progress is not None:
            progress("responses", tallies.rows)
    else:
        rows = None if progress is None else (lambda n: progress("responses", n))
        tallies = accumulate_answers(path, answers, fmt=fmt, chunk_rows=chunk_rows,
                                     engine=chunk_engine(engine), progress=rows,
                                     encoding=encoding)
    if tallies.rows == 0:
        raise _no_rows(path, fmt)
    return tallies, picked


def _response_sections(tallies: Tallies, confidence: float, sections: list[Section],
                       unavailable: list[Unavailable]) -> None:
    """Add the responses' sections (or why not) in :func:`report`'s order."""
    from expectations.report import _with_scale_notes, _with_warnings_as_notes

    answers = tallies.answers
    scale: list[str] = []  # ScaleWarnings: notes of the NPS section, once
    for metric in ("nps", "csat", "ces"):
        title = build._SCORE_DEFS[metric][0]
        if metric not in answers.scores:
            why = (f"the responses have no {metric!r} column (map one with "
                   f"--column {metric}=NAME)")
        elif not tallies.accumulators[metric, None].part().totals.get("kept", 0):
            why = f"the responses' {metric!r} column has no answers"
        else:
            sections.extend(_with_warnings_as_notes(_score_step(tallies, metric, confidence),
                                                    scale))
            continue
        unavailable.append(Unavailable(key=metric, title=title, reason=why))
    if "nps" in answers.scores and "segment" in answers.keys:
        sections.extend(_with_warnings_as_notes(lambda: _segments_section(tallies, confidence),
                                                scale))
    if "nps" in answers.scores:
        many = _many_groups_section(tallies, confidence)
        if many is not None:
            sections.append(many)
    if "nps" in answers.scores and answers.date is not None:
        sections.extend(_with_warnings_as_notes(lambda: _trend_section(tallies, confidence),
                                                scale))
    _with_scale_notes(sections, scale)


def _score_step(tallies: Tallies, metric: str, confidence: float) -> Callable[[], Section]:
    return lambda: _score_section(tallies, metric, confidence)


def _score_result(tallies: Tallies, metric: str, grouping: str | None,
                  confidence: float) -> Any:
    """Return what nps/csat/ces(..., missing="drop") return, from accumulated histograms."""
    from expectations.scoring.satisfaction import CES_SCALE, _ces_box
    from expectations.streaming._histograms import box_result, nps_result

    acc = tallies.accumulators[metric, grouping]
    spec = tallies.answers.histogram(metric, grouping)
    if metric == "nps":
        return nps_result(acc, spec, ci="adjusted-wald", confidence=confidence, rng=None,
                          n_resamples=10_000, stacklevel=3)
    box_low, box_high = (4, 5) if metric == "csat" else _ces_box(CES_SCALE, 5, None)
    return box_result(acc, spec, box_low=box_low, box_high=box_high, ci="wilson",
                      confidence=confidence, what=metric, stacklevel=3)


def _score_section(tallies: Tallies, metric: str, confidence: float) -> Section:
    overall = _score_result(tallies, metric, None, confidence)
    by = {key: _score_result(tallies, metric, key, confidence)
          for key in tallies.answers.keys if tallies.accumulators[metric, key].n_groups}
    return build.score_section_from(metric, overall, by)


def _segments_section(tallies: Tallies, confidence: float) -> Section:
    from expectations.scoring.nps import _categories_from_points
    from expectations.streaming._multi import keys_seen

    # compare_segments forms a group of every segment on a row, answered or not.
    seen = keys_seen(tallies.accumulators["", "segment"])
    groups, arrays, _ = tallies.accumulators["nps", "segment"].finish()
    counts = np.zeros((len(seen), 3))
    if groups is not None and len(groups.index):
        found = _categories_from_points(arrays["hist_n"].astype(np.float64))
        counts[seen.get_indexer(groups.index)] = found
    frame = nps_segments_from_counts(seen, counts, confidence=confidence)
    return build.segments_section_from(frame, confidence=confidence, rows=tallies.rows)


def _many_groups_section(tallies: Tallies, confidence: float) -> Section | None:
    """Funnel and league table per key with many groups, from the NPS counts per key."""
    from expectations.report._many_groups import KEYS, many_groups_section_from_counts
    from expectations.scoring.nps import _categories_from_points

    counts = {}
    for key in KEYS:
        if key in tallies.answers.keys:
            groups, arrays, _ = tallies.accumulators["nps", key].finish()
            if groups is not None:
                counts[key] = (groups.index, _categories_from_points(
                    arrays["hist_n"].astype(np.float64)))
    return many_groups_section_from_counts(counts, confidence=confidence, rows=tallies.rows)


def _trend_section(tallies: Tallies, confidence: float) -> Section:
    from expectations.streaming._multi import MONTH

    groups, arrays, _ = tallies.accumulators["nps", MONTH].finish()
    months = np.zeros(0, np.int64) if groups is None else groups.index.to_numpy(np.int64)
    frame = nps_trend_from_counts(months, arrays.get("hist_n", np.zeros((0, 11))).astype(
        np.float64), confidence=confidence)
    return build.trend_section_from(frame, confidence=confidence, rows=tallies.rows)


def _outcome_values(values: pd.Series, name: str) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Outcome values as floats (NaN for blanks); text or infinities are errors."""
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=np.float64,
                                                              na_value=np.nan)
    text = np.isnan(numbers) & values.notna().to_numpy()
    if text.any():
        as_text = values.astype("string").str.strip()
        text &= (as_text != "").to_numpy(dtype=bool, na_value=False)
    bad = text | np.isinf(numbers)
    if bad.any():
        rows = np.flatnonzero(bad)
        raise InvalidScoreError(format_message(
            name, "finite numbers", count=int(rows.size), first=values.iloc[rows[0]],
            position=int(rows[0]), fix="Correct or empty those cells."))
    return numbers


def _commitments(path: Path, mapping: Mapping[str, str | list[str]] | None,
                 promises: list[Commitment], confidence: float, reliability: float, *,
                 chunk_rows: int, engine: str, progress: StreamProgress | None,
                 encoding: str) -> tuple[Section, int]:
    """Count outcomes and broken promises per commitment in one pass; build the section."""
    from expectations.commitments import _fulfilment_from_counts, _fulfilment_result
    from expectations.streaming import _chunks
    from expectations.streaming._cells import text_categories
    from expectations.streaming._scores import _note

    fmt = _chunks.file_format(path, None)
    picked = _roles("outcomes", path, fmt, mapping, encoding)
    names = pd.Index(list(dict.fromkeys(c.name for c in promises)), dtype="string")
    targets = np.array([next(c.target for c in promises if c.name == name) for name in names])
    at_most = np.array([next(c.direction for c in promises if c.name == name) == "at_most"
                        for name in names], dtype=bool)
    counts = np.zeros((3, len(names)), dtype=np.int64)  # outcomes, broken, blank
    rows = 0
    for chunk in _chunks.read_chunks(path, numeric=[picked["value"]],
                                     keys=[picked["commitment"]], fmt=fmt,
                                     chunk_rows=chunk_rows, engine=engine,
                                     text_keys=[picked["commitment"]], encoding=encoding):
        try:
            keys = text_categories(chunk.frame[picked["commitment"]])
            values = _outcome_values(chunk.frame[picked["value"]],
                                     f"outcomes[{picked['value']!r}]")
        except ExpectationsError as exc:
            raise _chunks.relocate(exc, chunk.offset,
                                   _note(path, fmt, chunk.offset, len(chunk.frame))) from exc
        which = np.append(names.get_indexer(keys.categories), -1)[keys.codes]
        known = which >= 0
        answered = known & ~np.isnan(values)
        safe = np.where(known, which, 0)
        past = np.where(at_most[safe], values - targets[safe], targets[safe] - values)
        with np.errstate(invalid="ignore"):
            broken = answered & (past > 0)
        for row, mask in enumerate((answered, broken, known & ~answered)):
            counts[row] += np.bincount(which[mask], minlength=len(names))
        rows = chunk.offset + len(chunk.frame)
        if progress is not None:
            progress("outcomes", rows)
    if rows == 0:
        raise _no_rows(path, fmt)
    table: list[tuple[Cell, ...]] = []
    notes: list[str] = []
    n = n_dropped = 0
    empty = np.zeros(0)
    for promise in promises:
        j = names.get_loc(promise.name)
        if not counts[0, j]:
            notes.append(f"no outcomes for {promise.name!r}.")
            continue
        stats = _fulfilment_from_counts(counts[0, j:j + 1], counts[1, j:j + 1],
                                        empty.astype(np.intp), empty, target=promise.target,
                                        direction=promise.direction, confidence=confidence)
        kept = _fulfilment_result(stats, int(counts[2, j]))
        n += kept.n
        n_dropped += kept.n_dropped
        table.append(build.commitment_row(promise, kept, None))
    notes.append("Read in chunks: the realistic target, a quantile of every outcome value, is "
                 "not computed; run without --stream for it.")
    section = build.commitments_section_from(table, n=n, n_dropped=n_dropped, notes=notes,
                                             confidence=confidence, reliability=reliability,
                                             realistic=False, given=rows)
    return section, rows

