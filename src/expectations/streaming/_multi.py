"""Several scores under several groupings, counted in one pass over a file.

A report needs NPS, CSAT and CES overall, by segment and by touchpoint, and
NPS by calendar month. Reading the file once per score and grouping would
multiply the time by the number of tables; :func:`accumulate_answers` reads
it once. Each chunk's answers are validated once per score
(:func:`~expectations.scoring._input.integer_scores`, as the in-memory
functions do) and each key column is factorised once; every (score,
grouping) pair then adds a histogram of answers per group to its own
:class:`~expectations.streaming._accumulate.Accumulator`. The accumulators
finish with :func:`~expectations.streaming._histograms.nps_result` and
:func:`~expectations.streaming._histograms.box_result`, exactly as
:func:`~expectations.streaming.stream_nps` does.

Group keys are compared as text, stripped of surrounding blanks, a blank key
being missing, which is how the report reads its input files. Dates are
counted by calendar month (their period ordinal).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _grouping
from expectations import _reading as reading
from expectations.errors import ExpectationsError, InvalidScoreError, format_message
from expectations.scoring._input import count_points, integer_scores
from expectations.streaming import _chunks
from expectations.streaming._accumulate import Accumulator, Part
from expectations.streaming._cells import text_categories
from expectations.streaming._histograms import Histogram

__all__ = ["MONTH", "Answers", "Tallies", "accumulate_answers", "count_answers", "keys_seen",
           "month_keys", "tally_answers"]

IntArray = npt.NDArray[np.intp]

#: The grouping name under which answers are counted per calendar month.
MONTH = "month"


@attrs.frozen(kw_only=True)
class Answers:
    """What to count in a file of answers.

    Attributes
    ----------
    scores : mapping of str to (column, low, high)
        Each score's name (``"nps"``), its column and its integer scale.
    keys : mapping of str to str
        Each grouping's name (``"segment"``) and its key column.
    date : str or None
        A column of dates; the scores named in ``by_month`` are also counted
        per calendar month of it (grouping :data:`MONTH`).
    by_month : tuple of str
        The scores counted per month.
    """

    scores: Mapping[str, tuple[str, int, int]]
    keys: Mapping[str, str] = attrs.field(factory=dict)
    date: str | None = None
    by_month: tuple[str, ...] = ()

    @property
    def numeric(self) -> list[str]:
        """The answer columns."""
        return list(dict.fromkeys(column for column, _, _ in self.scores.values()))

    @property
    def scales(self) -> dict[str, tuple[int, int]]:
        """Each answer column's scale, checked as the file is read."""
        found: dict[str, tuple[int, int]] = {}
        for column, low, high in self.scores.values():
            found.setdefault(column, (low, high))
        return found

    @property
    def text(self) -> list[str]:
        """The key columns (and the date column), read as text."""
        return list(dict.fromkeys([*self.keys.values(), *([self.date] if self.date else [])]))

    def groupings(self, score: str) -> tuple[str | None, ...]:
        """Every grouping of ``score``: None (overall), the keys, and the month."""
        return (None, *self.keys, *((MONTH,) if self.date and score in self.by_month else ()))

    def histogram(self, score: str, grouping: str | None) -> Histogram:
        """Return the :class:`Histogram` describing one (score, grouping) pair's counts."""
        column, low, high = self.scores[score]
        return Histogram(column, low=low, high=high, by=None if grouping is None else (grouping,),
                         weights=None, missing="drop", what=f"for {score.upper()}")


def _key_codes(values: pd.Series, *, tokens: bool = False) -> tuple[IntArray, pd.Index]:
    """Codes (``-1`` for missing) and labels of a key column, by :func:`text_categories`.

    Key columns come from the reader as such categoricals already, so this
    costs no factorisation.

    Examples
    --------
    >>> codes, labels = _key_codes(pd.Series(["b ", "a", None, "b", " "]))
    >>> codes.tolist(), list(labels)
    ([0, 1, -1, 0, -1], ['b', 'a'])
    """
    keys = text_categories(values, tokens=tokens)
    return np.asarray(keys.codes, dtype=np.intp), pd.Index(keys.categories, dtype="string")


def month_keys(values: pd.Series, name: str) -> tuple[IntArray, pd.Index]:
    """Codes and calendar-month ordinals of a date column, read as the report reads dates.

    Dates are read by the reading rules (:func:`expectations._reading.date_cells`):
    ISO 8601 (``YYYY-MM-DD``, with an optional time; a UTC offset is
    dropped, the date is read as written), a missing token (``NA``) is a
    missing date; a value that is not a date raises :class:`InvalidScoreError` naming its
    position in ``values``.

    Examples
    --------
    >>> codes, months = month_keys(pd.Series(["2024-01-31", None, "2024-03-01"]), "date")
    >>> codes.tolist(), [str(pd.Period(ordinal=m, freq="M")) for m in months]
    ([0, -1, 1], ['2024-01', '2024-03'])
    """
    from expectations._reading import date_cells
    from expectations.kpis._transactions import day_numbers, period_codes

    # Read as a date column: a missing token ("NA") is a missing date, as in memory.
    codes, labels = _key_codes(values, tokens=True)
    labels_text = pd.Series(labels, dtype=object)
    parsed, bad = date_cells(labels_text)
    if bad.any():
        rows = np.flatnonzero(np.append(bad, False)[codes])
        raise InvalidScoreError(format_message(
            name, "dates (YYYY-MM-DD)", count=int(rows.size), first=str(labels[codes[rows[0]]]),
            position=int(rows[0]), fix="Correct or empty those cells."))
    if len(labels) == 0:
        return codes, pd.Index(np.zeros(0, dtype=np.int64))
    in_days, month_index = period_codes(day_numbers(parsed, name), "M")
    ordinals = np.asarray(in_days + month_index[0].ordinal, dtype=np.int64)
    # Several dates fall in one month: number the months, not the dates.
    month_codes, months = pd.factorize(pd.Index(ordinals))
    lookup = np.append(np.asarray(month_codes, dtype=np.intp), -1)
    rows_out: IntArray = lookup[codes]
    return rows_out, pd.Index(months)


def _grouped_part(codes: IntArray, labels: pd.Index, points: IntArray, k: int) -> Part:
    """Histograms of answers per group for the rows whose key is present."""
    present = codes >= 0
    n_missing = int(present.size - np.count_nonzero(present))
    groups = _grouping.Groups(codes=codes, index=labels, n_dropped=n_missing)
    hist = _grouping.count_categories(groups, points, k).astype(np.int64)
    # Only groups with an answer form groups, as in the report's in-memory tables.
    used = hist.sum(axis=1) > 0
    n_kept = int(present.size) - n_missing
    return Part(keys=(labels[used],), arrays={"hist_n": hist[used],
                                              "dropped": np.zeros(int(used.sum()), np.int64)},
                totals={"rows": n_kept, "kept": n_kept, "positive_weights": 0},
                n_dropped_keys=n_missing)


def _seen_part(codes: IntArray, labels: pd.Index) -> Part:
    """Rows per key value, answered or not (the groups a segment comparison forms)."""
    rows = np.bincount(codes[codes >= 0], minlength=len(labels)).astype(np.int64)
    used = rows > 0
    return Part(keys=(labels[used],), arrays={"rows": rows[used]})


Key = tuple[str, str | None]


def tally_answers(frame: pd.DataFrame, answers: Answers) -> dict[Key, Part]:
    """Count one chunk: one :class:`Part` per (score, grouping), and the keys seen.

    The keys seen are under ``("", grouping)``: rows per key value whether or
    not a score was answered.
    """
    n = len(frame)
    keys = {name: _key_codes(frame[column]) for name, column in answers.keys.items()}
    if answers.date is not None:
        keys[MONTH] = month_keys(frame[answers.date], f"responses[{answers.date!r}]")
    parts: dict[Key, Part] = {("", name): _seen_part(*keys[name]) for name in answers.keys}
    for score, (column, low, high) in answers.scores.items():
        k = high - low + 1
        read = integer_scores(frame[column], f"responses[{column!r}]", low, high,
                              missing="drop", what=f"for {score.upper()}")
        points = np.asarray(read.codes, dtype=np.intp)
        parts[score, None] = Part(
            keys=None, arrays={"hist_n": count_points(read.codes, k)[None, :],
                               "dropped": np.array([read.n_dropped], dtype=np.int64)},
            totals={"rows": n, "kept": int(points.size), "positive_weights": 0})
        for grouping in answers.groupings(score):
            if grouping is None:
                continue
            codes, labels = keys[grouping]
            kept = codes if read.keep is None else codes[read.keep]
            parts[score, grouping] = _grouped_part(kept, labels, points, k)
    return parts


@attrs.frozen(kw_only=True)
class Tallies:
    """The accumulated counts of a file: one accumulator per (score, grouping)."""

    answers: Answers
    accumulators: Mapping[Key, Accumulator]
    rows: int


def accumulate_answers(path: Path, answers: Answers, *, fmt: str, chunk_rows: int,
                       engine: str, progress: Callable[[int], None] | None = None,
                       encoding: str = "utf-8") -> Tallies:
    """Read ``path`` once, chunk by chunk, and add up every (score, grouping)'s counts.

    Errors name the file and the row (and the CSV line) of the first bad value.
    """
    from expectations.streaming._scores import _note

    accumulators: dict[Key, Accumulator] = {
        ("", name): Accumulator((name,)) for name in answers.keys}
    for score in answers.scores:
        for grouping in answers.groupings(score):
            accumulators[score, grouping] = Accumulator(None if grouping is None
                                                        else (grouping,))
    rows = 0
    for chunk in _chunks.read_chunks(path, numeric=answers.numeric, keys=answers.text,
                                     fmt=fmt, chunk_rows=chunk_rows, engine=engine,
                                     text_keys=list(answers.keys.values()),
                                     encoding=encoding,
                                     scales=answers.scales,
                                     dates=[answers.date] if answers.date else []):
        try:
            parts = tally_answers(chunk.frame, answers)
        except ExpectationsError as exc:
            note = _note(path, fmt, chunk.offset, len(chunk.frame))
            raise _chunks.relocate(exc, chunk.offset, note) from exc
        for key, part in parts.items():
            accumulators[key].add(part)
        rows = chunk.offset + len(chunk.frame)
        if progress is not None:
            progress(rows)
    return Tallies(answers=answers, accumulators=accumulators, rows=rows)


def count_answers(source: Any, answers: Answers) -> Tallies | None:
    """Count every (score, grouping) inside a scan's lazy engine (Polars or DuckDB).

    Two engine queries (:func:`expectations.engine._counts.count_table`)
    count the rows of each distinct combination of cells: one of the key
    columns and every answer column, one of the date column and the answers
    counted by month. (One query per grouping measured twice as slow with
    Polars: each is a pass over the file.) The few distinct cells are then
    read by the reading rules, and each (score, grouping) histogram is added
    up from those counts, as :func:`tally_answers` adds up a chunk's rows.
    Returns None when anything is not as the rules want it (an answer off
    its scale or not a number, a date that is not a date, an engine error):
    the chunk reader (:func:`accumulate_answers`) then reads the file and
    reports the first bad cell with its file and line, word for word.
    """
    from expectations.engine._counts import N, count_table, read_values
    from expectations.engine._frames import NeedRows, wrap

    columns = answers.numeric
    keys = list(dict.fromkeys(answers.keys.values()))
    monthly = list(dict.fromkeys(answers.scores[s][0] for s in answers.by_month
                                 if s in answers.scores))
    if not columns or set(keys) & set(columns) or answers.date in columns:
        return None  # nothing to count, or a column counted both ways: the chunk reader
    d = wrap(source)
    try:
        table = count_table(d, keys, columns)
        by_month = (count_table(d, [answers.date], monthly)
                    if answers.date is not None and monthly else None)
    except (NeedRows, ExpectationsError):
        return None
    numbers: dict[str, npt.NDArray[np.float64]] = {}
    for column, (low, high) in answers.scales.items():
        values, not_numbers = read_values(d, table[column])
        if not_numbers or reading.off_scale(values, low, high).any():
            return None
        numbers[column] = values
    coded: dict[str, tuple[IntArray, pd.Index]] = {}
    try:
        for name, column in answers.keys.items():
            coded[name] = _key_codes(table[column])
        if by_month is not None:
            coded[MONTH] = month_keys(by_month[answers.date], f"responses[{answers.date!r}]")
    except ExpectationsError:
        return None
    n = table[N].to_numpy(np.int64)
    accumulators: dict[Key, Accumulator] = {
        ("", name): Accumulator((name,)).add_all([_seen_counts(*coded[name], n)])
        for name in answers.keys}
    for score, (column, low, high) in answers.scores.items():
        k = high - low + 1
        for grouping in answers.groupings(score):
            if grouping is None:
                part = _overall_counts(numbers[column], n, low, k)
            elif grouping == MONTH and by_month is not None:
                values = read_values(d, by_month[column])[0]
                part = _grouped_counts(*coded[MONTH], values,
                                       by_month[N].to_numpy(np.int64), low, k)
            else:
                part = _grouped_counts(*coded[grouping], numbers[column], n, low, k)
            accumulators[score, grouping] = Accumulator(
                None if grouping is None else (grouping,)).add_all([part])
    return Tallies(answers=answers, accumulators=accumulators, rows=int(n.sum()))


def _overall_counts(values: npt.NDArray[np.float64], n: npt.NDArray[np.int64], low: int,
                    k: int) -> Part:
    """One score's histogram over every row of a count table (``n`` rows per table row)."""
    answered = ~np.isnan(values)
    points = np.where(answered, values, low).astype(np.intp) - low
    hist = np.zeros(k, dtype=np.int64)
    np.add.at(hist, points[answered], n[answered])
    return Part(keys=None, arrays={"hist_n": hist[None, :],
                                   "dropped": np.array([n[~answered].sum()], dtype=np.int64)},
                totals={"rows": int(n.sum()), "kept": int(n[answered].sum()),
                        "positive_weights": 0})


def _grouped_counts(codes: IntArray, labels: pd.Index, values: npt.NDArray[np.float64],
                    n: npt.NDArray[np.int64], low: int, k: int) -> Part:
    """One score's histograms per key, as :func:`_grouped_part` counts a chunk's rows."""
    answered = ~np.isnan(values)
    present = codes >= 0
    counted = answered & present
    points = np.where(answered, values, low).astype(np.intp) - low
    hist = np.zeros((len(labels), k), dtype=np.int64)
    np.add.at(hist, (codes[counted], points[counted]), n[counted])
    # Only groups with an answer form groups, as in the report's in-memory tables.
    used = hist.sum(axis=1) > 0
    n_kept = int(n[counted].sum())
    return Part(keys=(labels[used],), arrays={"hist_n": hist[used],
                                              "dropped": np.zeros(int(used.sum()), np.int64)},
                totals={"rows": n_kept, "kept": n_kept, "positive_weights": 0},
                n_dropped_keys=int(n[answered & ~present].sum()))


def _seen_counts(codes: IntArray, labels: pd.Index, n: npt.NDArray[np.int64]) -> Part:
    """Rows per key value, answered or not, from a count table (as :func:`_seen_part`)."""
    rows = np.zeros(len(labels), dtype=np.int64)
    np.add.at(rows, codes[codes >= 0], n[codes >= 0])
    used = rows > 0
    return Part(keys=(labels[used],), arrays={"rows": rows[used]})


def keys_seen(acc: Accumulator) -> pd.Index:
    """Return the key values a keys-seen accumulator met, in the in-memory (sorted) order."""
    groups, _, _ = acc.finish()
    return pd.Index([]) if groups is None else groups.index
