"""Input tables for the report: roles, the column mapping, and reading files.

Each input table has *roles* (``nps``, ``segment``, ``value`` ...). By default a
role is read from the column of the same name; a mapping renames them::

    {"responses": {"nps": "likely_to_recommend"}, "drivers": {"outcome": "overall"}}

or, flat, ``{"nps": "likely_to_recommend", "drivers.outcome": "overall"}``.

Files are read here, not by pandas' CSV parser, so that every bad value is
reported with its file, line and column, and a short last line is an error
rather than a row of blanks.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs
import numpy as np
import pandas as pd

from expectations import _reading as reading
from expectations import _validation as v
from expectations._structured import load_structured
from expectations.errors import (
    InvalidParameterError,
    InvalidScoreError,
    SchemaError,
    format_message,
)

__all__ = ["TABLES", "RawTable", "Role", "check_scores", "load_config", "normalise_columns",
           "prepare", "read_table", "select"]

Kind = Literal["number", "text", "date", "boolean", "prefix", "columns"]


@attrs.frozen(kw_only=True)
class Role:
    """A column the report needs from a table, and what its values must be."""

    name: str
    kind: Kind
    required: bool = True
    low: float | None = None
    high: float | None = None
    integer: bool = False


def _score(name: str, low: int, high: int) -> Role:
    return Role(name=name, kind="number", required=False, low=low, high=high, integer=True)


TABLES: dict[str, tuple[Role, ...]] = {
    "responses": (_score("nps", 0, 10), _score("csat", 1, 5), _score("ces", 1, 7),
                  Role(name="segment", kind="text", required=False),
                  Role(name="touchpoint", kind="text", required=False),
                  Role(name="date", kind="date", required=False),
                  Role(name="comment", kind="text", required=False)),
    "servqual": (Role(name="expected", kind="prefix", low=1, high=7, integer=True),
                 Role(name="perceived", kind="prefix", low=1, high=7, integer=True)),
    "tolerance": (Role(name="dimension", kind="text", required=False),
                  Role(name="adequate", kind="number"), Role(name="desired", kind="number"),
                  Role(name="perceived", kind="number")),
    "kano": (Role(name="feature", kind="text"), Role(name="functional", kind="text"),
             Role(name="dysfunctional", kind="text")),
    "outcomes": (Role(name="commitment", kind="text"), Role(name="value", kind="number")),
    "commitments": (Role(name="name", kind="text"), Role(name="target", kind="number"),
                    Role(name="metric", kind="text"), Role(name="unit", kind="text"),
                    Role(name="direction", kind="text", required=False),
                    Role(name="touchpoint", kind="text", required=False),
                    Role(name="explicit", kind="boolean", required=False)),
    "transactions": (Role(name="customer", kind="text"), Role(name="date", kind="date"),
                     Role(name="amount", kind="number")),
    "drivers": (Role(name="outcome", kind="number"), Role(name="drivers", kind="columns")),
}
"""Every input table and its roles, in the order the report reads them."""

_DEFAULTS: dict[tuple[str, str], str | list[str]] = {
    ("servqual", "expected"): "e", ("servqual", "perceived"): "p",
    ("transactions", "customer"): "customer_id", ("drivers", "outcome"): "overall",
}
"""Default columns that differ from the role's name (the bundled demo's names)."""

Mapping_ = dict[str, dict[str, str | list[str]]]


def normalise_columns(columns: Mapping[str, Any] | None) -> Mapping_:
    """Turn a nested or flat column mapping into ``{table: {role: column}}``.

    Examples
    --------
    >>> normalise_columns({"nps": "ltr", "drivers.outcome": "overall"})
    {'responses': {'nps': 'ltr'}, 'drivers': {'outcome': 'overall'}}
    """
    out: Mapping_ = {}
    for key, value in (columns or {}).items():
        if key in TABLES and isinstance(value, Mapping):
            for role, column in value.items():
                _put(out, key, str(role), column)
            continue
        table, _, role = str(key).rpartition(".")
        if not table:
            owners = [t for t, roles in TABLES.items() if any(r.name == role for r in roles)]
            if len(owners) > 1:
                raise InvalidParameterError(
                    f"columns: role {role!r} is in several tables ({', '.join(owners)}); "
                    f"qualify it, for example {owners[0]}.{role}=COLUMN.")
            table = owners[0] if owners else ""
        _put(out, table, role, value)
    return out


def _put(out: Mapping_, table: str, role: str, column: object) -> None:
    if table not in TABLES or not any(r.name == role for r in TABLES[table]):
        known = sorted({f"{t}.{r.name}" for t, roles in TABLES.items() for r in roles})
        raise InvalidParameterError(
            f"columns: {(table + '.') if table else ''}{role!r} is not a role the report "
            f"reads; the roles are: {', '.join(known)}.")
    if isinstance(column, str):
        value: str | list[str] = column.split(",") if table == "drivers" and role == "drivers" \
            else column
    elif isinstance(column, Sequence):
        value = [str(c) for c in column]
    else:
        raise InvalidParameterError(
            f"columns: {table}.{role} must be a column name; got {column!r}.")
    out.setdefault(table, {})[role] = value


def load_config(path: str | Path) -> dict[str, Any]:
    """Read a TOML or JSON column-mapping file (``*.toml`` or ``*.json``).

    The file holds one table per input (``[responses]`` with ``nps =
    "likely_to_recommend"`` ...) and optionally ``[files]`` naming input files,
    relative to the config file.
    """
    path = Path(path)
    # One safe reader for every structured file: missing paths, encodings, syntax
    # (line and column), deep nesting and huge integers give one-line errors.
    data = load_structured(path, argument="--config")
    if not isinstance(data, dict):
        raise InvalidParameterError(f"{path}: the config must be a table/object of tables.")
    return data


def _default(table: str, role: Role) -> str | list[str] | None:
    if role.kind == "columns":
        return None
    return _DEFAULTS.get((table, role.name), role.name)


def _missing_column(table: str, role: str, column: str, columns: Sequence[str],
                    source: str) -> SchemaError:
    close = difflib.get_close_matches(column, [str(c) for c in columns], n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    shown = ", ".join(repr(str(c)) for c in list(columns)[:12])
    return SchemaError(
        f"{source}, line 1 (the header): column {column!r} (the {table} table's {role!r}) is "
        "missing; the columns "
        f"are {shown}.{hint} Map it with --column {table}.{role}=NAME or in the config file.")


def select(table: str, frame: pd.DataFrame, mapping: Mapping[str, str | list[str]] | None, *,
           source: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """Return a new frame holding the role columns under their role names.

    Returns the frame and, for each kept role column, the caller's column name.
    A role mapped explicitly, or required, must exist; an optional role with
    no column is left out.
    """
    mapping = mapping or {}
    columns = [str(c) for c in frame.columns]
    picked: dict[str, str] = {}
    for role in TABLES[table]:
        given = mapping.get(role.name)
        wanted = given if given is not None else _default(table, role)
        if role.kind == "prefix":
            for i in range(1, 23):
                name = f"{wanted}{i:02d}"
                if name not in columns:
                    raise _missing_column(table, role.name, name, columns, source)
                picked[f"{'e' if role.name == 'expected' else 'p'}{i:02d}"] = name
        elif role.kind == "columns":
            names = list(wanted) if isinstance(wanted, list) else [
                c for c in columns if c not in picked.values()
                and not (c == "id" or c.endswith("_id"))]
            for name in names:
                if name not in columns:
                    raise _missing_column(table, role.name, name, columns, source)
                picked[name] = name
        elif isinstance(wanted, str) and wanted in columns:
            picked[role.name] = wanted
        elif given is not None or role.required:
            raise _missing_column(table, role.name, str(wanted), columns, source)
    if table == "responses" and not {"nps", "csat", "ces"} & set(picked):
        raise SchemaError(
            f"{source}, line 1 (the header): none of the score columns 'nps', 'csat', 'ces' "
            f"is present; the columns are {', '.join(repr(c) for c in columns[:12])}. Map "
            "yours with --column nps=NAME (or csat=, ces=) or in the config file.")
    out = pd.DataFrame({new: frame[old] for new, old in picked.items()}, index=frame.index)
    return out, picked


def check_scores(frame: pd.DataFrame, picked: Mapping[str, str]) -> None:
    """Check the score columns of a responses table given as a DataFrame.

    ``frame`` holds the columns under their role names and ``picked`` maps each
    role to the caller's column name, which the error names (``responses['ltr']``),
    so that a bad value is traced to the table and column the caller passed
    rather than to the ``scores`` argument of the function a section calls.
    Missing answers are allowed: each section skips and counts them.

    Examples
    --------
    >>> check_scores(pd.DataFrame({"nps": [10, 11]}), {"nps": "ltr"})
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidScoreError: responses['ltr'] must be integers in 0..10 for NPS;
    1 value is not (first: 11.0 at position 1). Correct or empty those cells.
    """
    for role in TABLES["responses"]:
        if role.kind != "number" or role.name not in frame.columns:
            continue
        name = f"responses[{picked.get(role.name, role.name)!r}]"
        values = v.to_float_array(frame[role.name], name)
        low, high = float(role.low or 0), float(role.high or 0)
        with np.errstate(invalid="ignore"):
            bad = ~np.isnan(values) & ~((values >= low) & (values <= high)
                                        & (np.floor(values) == values))
        if bad.any():
            positions = np.flatnonzero(bad)
            raise InvalidScoreError(format_message(
                name, f"integers in {low:g}..{high:g} for {role.name.upper()}",
                count=int(positions.size), first=float(values[positions[0]]),
                position=int(positions[0]), fix="Correct or empty those cells."))


@attrs.frozen(kw_only=True)
class RawTable:
    """A table read from a file: its values, and where each row came from."""

    frame: pd.DataFrame
    lines: np.ndarray[Any, np.dtype[np.int64]]
    source: str
    row_word: str  # "line" for text files, "row" for Parquet

    def where(self, position: int, column: str) -> str:
        """``file, line L, column C ('name')`` for a row position and column name."""
        number = list(self.frame.columns).index(column) + 1
        return (f"{self.source}, {self.row_word} {int(self.lines[position])}, "
                f"column {number} ({column!r})")


def read_table(path: str | Path, *, delimiter: str = ",",
               encoding: str = "utf-8") -> RawTable:
    """Read a CSV or Parquet file under the reading rules, checking its shape line by line.

    Every cell of a CSV file is kept as text; :func:`prepare` converts the
    columns a table needs by the rules of :mod:`expectations._reading`
    (missing tokens, numbers, dates), so that the file reads as it does on
    every other path.

    Parameters
    ----------
    path : str or pathlib.Path
        A CSV file (``*.csv``, optionally ``.gz``) or a Parquet file.
    delimiter : str, default ","
        The CSV column delimiter.
    encoding : str, default "utf-8"
        The CSV file's text encoding (a UTF-8 byte-order mark is dropped).

    Returns
    -------
    RawTable

    Raises
    ------
    InvalidScoreError
        For bytes that are not text in ``encoding``, an open quote or a line
        with too few or too many values, naming the file and line.
    InsufficientDataError
        For an empty file, or a header without data rows.
    InvalidParameterError
        If the file does not exist, or ``delimiter`` or ``encoding`` is invalid.

    Examples
    --------
    >>> read_table("responses.csv", delimiter="")
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: delimiter must be one character other than a
    quote or a line break, such as ',', ';', '|' or a tab; got ''.
    """
    _check_delimiter(delimiter)
    reading.check_encoding(encoding)
    path = Path(path)
    source = str(path)
    if not path.is_file():
        raise InvalidParameterError(f"{source}: no such file.")
    if path.suffix.lower() in (".parquet", ".pq"):
        return _read_parquet(path)
    try:
        text = reading.CsvText(path, source=source, encoding=encoding, delimiter=delimiter)
    except OSError as exc:
        raise InvalidParameterError(f"{source}: cannot be read ({exc.strerror}).") from None
    with text:
        rows: list[list[str]] = []
        lines: list[int] = []
        for line, record in text:
            rows.append(record)
            lines.append(line)
    if not rows:
        raise reading.no_rows_error(source)
    frame = pd.DataFrame(rows, columns=text.header, dtype=object)
    return RawTable(frame=frame, lines=np.asarray(lines, dtype=np.int64), source=source,
                    row_word="line")


def _check_delimiter(delimiter: object) -> None:
    """Reject what the csv module would refuse with a bare TypeError or ValueError."""
    if not (isinstance(delimiter, str) and len(delimiter) == 1 and delimiter not in '"\r\n'):
        raise InvalidParameterError(
            "delimiter must be one character other than a quote or a line break, such as "
            f"',', ';', '|' or a tab; got {delimiter!r}.")


def _read_parquet(path: Path) -> RawTable:
    if importlib.util.find_spec("pyarrow") is None:
        raise InvalidParameterError(
            f"{path}: reading Parquet needs the pyarrow package; install it with "
            "`pip install pyarrow` (or `pip install \"customer-expectations[parquet]\"`), or "
            "convert the file to CSV.")
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises its own error types for corrupt files
        raise InvalidScoreError(f"{path}: not a readable Parquet file ({exc}).") from None
    if frame.empty:
        raise reading.no_rows_error(str(path), parquet=True)
    frame.columns = [str(c) for c in frame.columns]
    return RawTable(frame=frame, lines=np.arange(1, len(frame) + 1, dtype=np.int64),
                    source=str(path), row_word="row")


def prepare(table: str, raw: RawTable,
            mapping: Mapping[str, str | list[str]] | None) -> pd.DataFrame:
    """Select the role columns of a file and check and convert their values.

    Raises an error naming the file, line and column of the first bad value.
    """
    frame, picked = select(table, raw.frame, mapping, source=raw.source)
    roles = {r.name: r for r in TABLES[table]}
    out: dict[str, pd.Series] = {}
    for new, old in picked.items():
        role = roles.get(new) or (roles["expected"] if new[0] == "e" and table == "servqual"
                                  else roles["perceived"] if table == "servqual"
                                  else Role(name=new, kind="number"))
        out[new] = _convert(frame[new], role, raw, old)
    prepared: pd.DataFrame = pd.DataFrame(out, index=frame.index)
    return prepared


def _convert(values: pd.Series, role: Role, raw: RawTable, column: str) -> pd.Series:
    """Convert one column by the reading rules, raising at its first bad cell."""
    if role.kind in ("number", "prefix", "columns", "date"):
        kind = "date" if role.kind == "date" else "number"
        why = reading.column_refusal(values, kind)
        if why is not None:
            number = list(raw.frame.columns).index(column) + 1
            raise reading.refused_column_error(
                raw.source, column, number, "a date" if kind == "date" else "a number", why)
    if role.kind in ("number", "prefix", "columns"):
        x, bad = reading.number_cells(values)
        rule = reading.number_rule()
        if not bad.any() and role.low is not None and role.high is not None:
            # The roles with a scale are whole-number answers (see TABLES).
            bad = reading.off_scale(x, role.low, role.high)
            rule = reading.number_rule(role.low, role.high)
        _raise_first(values, bad, rule, raw, column)
        numbers: pd.Series = pd.Series(x, index=values.index)
        return numbers
    if role.kind == "date":
        dates, bad = reading.date_cells(values)
        _raise_first(values, bad, reading.DATE_RULE, raw, column)
        return dates
    if role.kind == "boolean":
        blank = reading.missing_cells(values)
        lowered = values.astype("string").str.strip().str.lower()
        truth = lowered.isin(reading.TRUE_TOKENS).to_numpy(dtype=bool, na_value=False)
        false = lowered.isin(reading.FALSE_TOKENS).to_numpy(dtype=bool, na_value=False)
        _raise_first(values, ~(truth | false | blank), "true or false", raw, column)
        return pd.Series(np.where(blank, True, truth), index=values.index)
    return reading.text_cells(values)


def _raise_first(values: pd.Series, bad: np.ndarray[Any, np.dtype[np.bool_]], rule: str,
                 raw: RawTable, column: str) -> None:
    positions = np.flatnonzero(bad)
    if positions.size == 0:
        return
    first = int(positions[0])
    raise reading.bad_values_error(raw.where(first, column), rule, int(positions.size),
                                   values.iloc[first])
