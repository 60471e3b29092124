"""The report's data: tables of plain values grouped into sections.

A section holds only Python scalars (str, int, float, bool, None), so the
same object renders as text, Markdown, HTML and the JSON document without
any renderer recomputing a number.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any, Literal

import attrs
import pandas as pd

from expectations.errors import InvalidParameterError, format_message

__all__ = ["SCHEMA_VERSION", "Cell", "Column", "InputSummary", "Report", "Section", "Table",
           "Unavailable"]

SCHEMA_VERSION = "1.1"
"""Version of the JSON document; bumped on any change a pipeline could notice."""

Cell = str | int | float | bool | None
ColumnType = Literal["string", "integer", "number", "boolean"]


def _cell(value: Any) -> Cell:
    """Turn a numpy/pandas scalar into a plain Python one (missing as None)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _rows(rows: Iterable[Iterable[Any]]) -> tuple[tuple[Cell, ...], ...]:
    return tuple(tuple(_cell(v) for v in row) for row in rows)


@attrs.frozen(kw_only=True)
class Column:
    """A table column: its name, JSON type and how many decimals to show.

    Examples
    --------
    >>> Column(name="score", type="number", digits=1)
    Column(name='score', type='number', digits=1)
    """

    name: str
    type: ColumnType
    digits: int = 2


@attrs.frozen(kw_only=True)
class Table:
    """A small table of plain values, one tuple per row.

    Examples
    --------
    >>> t = Table(name="overall", columns=(Column(name="score", type="number"),),
    ...           rows=((37.5,),))
    >>> t.records()
    [{'score': 37.5}]
    """

    name: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...] = attrs.field(converter=_rows)

    def __attrs_post_init__(self) -> None:
        width = len(self.columns)
        bad = [i for i, row in enumerate(self.rows) if len(row) != width]
        if bad:
            raise InvalidParameterError(format_message(
                "rows", f"tuples of {width} values, one per column", count=len(bad),
                first=self.rows[bad[0]], position=bad[0]))

    @property
    def column_names(self) -> tuple[str, ...]:
        """The column names, in order."""
        return tuple(c.name for c in self.columns)

    def records(self) -> list[dict[str, Cell]]:
        """Return the rows as dicts keyed by column name."""
        names = self.column_names
        return [dict(zip(names, row, strict=True)) for row in self.rows]

    def column(self, name: str) -> list[Cell]:
        """Return one column's values."""
        position = self.column_names.index(name)
        return [row[position] for row in self.rows]

    def to_frame(self) -> pd.DataFrame:
        """Return the table as a DataFrame (missing values as NaN/None)."""
        frame: pd.DataFrame = pd.DataFrame(list(self.rows), columns=list(self.column_names))
        return frame


@attrs.frozen(kw_only=True)
class Section:
    """One part of the report: what was computed, on how many, and how.

    Attributes
    ----------
    key : str
        Stable identifier (``"nps"``, ``"servqual"``, ...), used in the JSON
        document and as the HTML anchor.
    title : str
        Heading for people.
    n : int
        The number of observations the section rests on.
    method : str
        How the numbers were computed (estimator, interval, correction).
    tables : tuple of Table
        The numbers.
    notes : tuple of str
        Reading notes (units, dropped values, caveats).
    n_dropped : int
        Observations left out because they were missing.
    """

    key: str
    title: str
    n: int
    method: str
    tables: tuple[Table, ...]
    notes: tuple[str, ...] = ()
    n_dropped: int = 0

    def table(self, name: str) -> Table:
        """Return the table called ``name``."""
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)


@attrs.frozen(kw_only=True)
class Unavailable:
    """A section that was asked for (its table was given) but could not be built."""

    key: str
    title: str
    reason: str


@attrs.frozen(kw_only=True)
class InputSummary:
    """Where one input table came from and how many rows it had."""

    name: str
    source: str
    rows: int


@attrs.frozen(kw_only=True)
class Report:
    """The expectations report: ordered sections plus what could not be built.

    Build it with :func:`expectations.report.report`; render it with
    :meth:`to_text`, :meth:`to_markdown`, :meth:`to_html` or :meth:`to_dict`
    (the JSON document described by ``schema.json``).

    Examples
    --------
    >>> from expectations.report import report
    >>> r = report(responses={"nps": [10, 9, 7, 3, 10, 8]})
    >>> r.keys()
    ('headline', 'nps', 'glossary')
    >>> r["nps"].n, r["nps"].table("overall").records()[0]["score"]
    (6, 33.33...)
    """

    sections: tuple[Section, ...]
    unavailable: tuple[Unavailable, ...] = ()
    inputs: tuple[InputSummary, ...] = ()
    confidence: float = 0.95
    title: str = "Customer expectations report"

    def __attrs_post_init__(self) -> None:
        keys = [s.key for s in self.sections]
        if len(set(keys)) != len(keys):
            raise InvalidParameterError(format_message("sections", "uniquely keyed"))

    def keys(self) -> tuple[str, ...]:
        """Return the section keys, in report order."""
        return tuple(s.key for s in self.sections)

    def __getitem__(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return key in self.keys()

    def __iter__(self) -> Iterator[Section]:
        return iter(self.sections)

    def __repr__(self) -> str:
        missing = f", unavailable={[u.key for u in self.unavailable]}" if self.unavailable else ""
        return f"Report(sections={list(self.keys())}{missing})"

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON document (see ``schema.json``; ``schema_version`` first)."""
        from expectations.report._render_json import document

        return document(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        """Return the JSON document as a string (strict JSON: no NaN)."""
        from expectations.report._render_json import dumps

        return dumps(self, indent=indent)

    def to_text(self) -> str:
        """Return the terminal rendering: aligned tables, intervals, n and method."""
        from expectations.report._render_text import render

        return render(self)

    def to_markdown(self) -> str:
        """Return the report as GitHub-flavoured Markdown."""
        from expectations.report._render_markdown import render

        return render(self)

    def to_html(self, *, charts: bool = True) -> str:
        """Return a single self-contained HTML page.

        Parameters
        ----------
        charts : bool, default True
            Embed one chart per section as a base64 PNG. Needs matplotlib (the
            ``plot`` extra); without it the page says so in each section.
        """
        from expectations.report._render_html import render

        return render(self, charts=charts)

    def _repr_html_(self) -> str:
        return self.to_html(charts=False)
