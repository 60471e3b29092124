r"""Files through the engine: :func:`scan` opens CSV or Parquet files as a lazy frame.

A :class:`Scan` names the files, their columns and the engine that reads
them: Polars, else DuckDB, else pyarrow, else the reading rules' own reader
(the core install). Polars and DuckDB give a lazy frame (:meth:`Scan.lazy`)
whose CSV cells are the raw text of the file, so that the counting layer
applies the reading rules (:mod:`expectations._reading`) once, to the few
distinct cells of each column it counts. Every path that needs the rows, or
an error naming the file and line, reads them with the rules' own chunk
reader (:meth:`Scan.read`), exactly as ``expectations report`` reads them.

How the engines' CSV readers are held to the rules:

* **Encoding.** Polars reads UTF-8 only; DuckDB UTF-8 and latin-1; any
  other encoding is read by pyarrow (through the rules' transcoding stream)
  or the rules' own reader. A UTF-8 byte-order mark is dropped by all.
* **Empty cells** are null in both lazy engines, and a quoted empty cell
  (``""``) the empty text, as Polars reads them by default (making ``""``
  null too would cost Polars 5% more time); the rules read both as
  missing. Blank cells (``"  "``) and missing tokens (``NA``) stay text for
  the rules.
* **Line ends and blank lines.** DuckDB reads ``\n``, ``\r\n`` and ``\r``
  and skips blank lines. Polars reads ``\r`` alone as part of a cell and a
  blank line as a row of nulls, so a file whose sniffed start or end shows
  either goes to the next engine. A file of up to 1 MiB is checked whole.
  Scanning a large file for blank lines would cost about half of Polars'
  own group-by (measured on 10^7 rows: 0.35 s against 0.8 s), and a lazy
  filter of all-null rows 35-60% more time, so neither is done: a blank
  line in the middle of a large file (past the first MiB and before the
  last 64 KiB) reaches Polars' lazy frame as a row whose cells are all
  null (:meth:`Scan.fallback` gives an exact engine). A one-column file is
  the exception, filtered lazily (one column, and there a blank line and
  an empty cell are the same).
* **Quotes.** A quote after blanks at the start of a field (``1, "x"``) is
  text to the rules (and Polars) but opens a quoted field to DuckDB: a
  file whose sniff shows one is not read by DuckDB.
* **Compressed files.** ``.gz`` is read by DuckDB in a stream; Polars
  would decompress the whole file into memory, so it reads ``.gz`` only
  when DuckDB is not installed. Other compressions go to pyarrow.
* **Short lines.** The rules refuse a line with fewer values than the
  header (a truncated file). DuckDB and pyarrow refuse it too; Polars fills
  the missing cells with nulls, so the last line of each file is checked
  (a truncated last line sends the file to the next engine). A short line
  in the middle of a large file is not seen by Polars.

The engines' own errors (bytes that are not text, a malformed line) are
turned into the rules' errors, naming the file and line, by :meth:`Scan.guard`.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import glob
import gzip
import importlib.util
import io
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd

from expectations import _reading as reading
from expectations.errors import ExpectationsError, InvalidParameterError, SchemaError

if TYPE_CHECKING:
    import narwhals as nw

    from expectations.streaming._accumulate import Accumulator
    from expectations.streaming._histograms import Histogram

__all__ = ["ENGINES", "ROLES", "Scan", "scan"]

#: The engines, fastest first.
ENGINES: tuple[str, ...] = ("polars", "duckdb", "pyarrow", "python")
#: How :meth:`Scan.read` reads a column.
ROLES: tuple[str, ...] = ("number", "text", "date")

_EXTRA = {"polars": "polars", "duckdb": "duckdb", "pyarrow": "stream"}
_MODULE = {"polars": "polars", "duckdb": "duckdb", "pyarrow": "pyarrow"}
# The codecs (as reading.check_encoding names them) each lazy engine decodes itself.
_DUCKDB_CODECS = {"utf-8-sig": "utf-8", "iso8859-1": "latin-1"}
# Bytes sniffed at the start and the end of each CSV file.
_HEAD = 1 << 20
_TAIL = 1 << 16
# The longest line DuckDB reads (its default is 2 MB; the rules have no limit, and DuckDB
# allocates a buffer of this size for a compressed file).
_MAX_LINE = 1 << 28
# Rows per chunk when Scan.read reads a file: large, since only the named columns are kept.
_READ_ROWS = 1 << 20
_LONE_CR = re.compile(rb"\r(?!\n)")


def _installed(engine: str) -> bool:
    if engine == "python":
        return True
    return importlib.util.find_spec(_MODULE[engine]) is not None


#: How a typed CSV column of :meth:`Scan.lazy` is parsed by Polars.
_POLARS_TYPES: dict[str, Any] = {"float": lambda pl: pl.Float64, "integer": lambda pl: pl.Int64,
                                 "small": lambda pl: pl.UInt8}


# ------------------------------------------------------------------ the Scan
@attrs.frozen(kw_only=True, repr=False)
class Scan:
    r"""CSV or Parquet files opened for the counting layer: pass one as ``data=``.

    Made by :func:`expectations.scan`. Reading happens when a function runs:
    counts are computed by :attr:`engine` where the files are, and only the
    columns a function needs are read.

    Attributes
    ----------
    paths : tuple of pathlib.Path
        The files, in the order they are read (a folder's files sorted by name).
    format : {"csv", "parquet"}
        Their format (all files have the same).
    engine : {"polars", "duckdb", "pyarrow", "python"}
        The engine that reads them: the fastest installed that reads every
        file by the reading rules (``"python"``: the core install's own
        reader, Python's :mod:`csv` module into pandas).
    encoding : str
        The CSV text encoding, as given.
    delimiter : str
        The CSV column delimiter.
    columns : tuple of str
        The column names (CSV header names stripped of surrounding blanks).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "responses.csv").write_text("score,shop\n10,a\n7,b\n")
    >>> s = scan(folder / "responses.csv", engine="python")
    >>> s
    Scan('responses.csv', format='csv', engine='python', columns=('score', 'shop'))
    >>> s.read({"score": "number", "shop": "text"})
       score shop
    0   10.0    a
    1    7.0    b
    """

    paths: tuple[Path, ...]
    format: str
    engine: str
    encoding: str
    delimiter: str
    columns: tuple[str, ...]

    def __repr__(self) -> str:
        shown = repr(self.paths[0].name) if len(self.paths) == 1 else \
            f"{len(self.paths)} files in {str(self.paths[0].parent)!r}"
        return (f"Scan({shown}, format={self.format!r}, engine={self.engine!r}, "
                f"columns={self.columns!r})")

    # -------------------------------------------------------------- engines
    def lazy(self, numbers: Sequence[str] = (), integers: Sequence[str] = (),
             small: Sequence[str] = ()) -> nw.LazyFrame[Any] | None:
        r"""Return a narwhals LazyFrame over the files (Polars or DuckDB), else None.

        CSV columns are the raw text of the cells, all strings: an empty
        cell is null (a quoted ``""`` the empty text), anything else the text
        as written (``" 7 "``, ``"NA"``), for the counting layer to read by
        the rules. Parquet columns keep their stored types. Building it reads
        nothing.

        ``numbers`` names CSV columns to parse as floats in the engine, and
        ``integers`` columns to parse as whole numbers, ``small`` as whole
        numbers in 0..255 (answers on a rating scale: parsed and grouped
        fastest), the counting layer's fast path:
        a cell the engine's parser refuses (a missing token such as ``NA``, a
        blank, ``0x9``) makes the query fail,
        and the layer counts the raw text instead. What the parsers accept
        beyond the rules' decimals (``inf``, ``nan``) is not a whole answer
        nor a finite weight, and sends the layer to the rules' reader too.

        With Polars, a blank line past the sniffed start (1 MiB) and end
        (64 KiB) of a file is a row whose cells are all null, where the rules
        skip it: a count whose rows with every counted column null are not
        none can be made again on :meth:`fallback` to be exact.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "a.csv").write_text("score,shop\n NA ,x\n,y\n")
        >>> s = scan(folder / "a.csv", engine="polars")
        >>> s.lazy().collect().rows()
        [(' NA ', 'x'), (None, 'y')]
        """
        import narwhals as nw

        if self.engine not in ("polars", "duckdb"):
            return None
        types = {} if self.format == "parquet" else {
            **dict.fromkeys((c for c in numbers if c in self.columns), "float"),
            **dict.fromkeys((c for c in integers if c in self.columns), "integer"),
            **dict.fromkeys((c for c in small if c in self.columns), "small")}
        native = self._polars(types) if self.engine == "polars" else self._duckdb(types)
        frame: nw.LazyFrame[Any] = nw.from_native(native)
        return frame

    def to_native(self) -> Any:
        """Return the engine's own lazy object (Polars LazyFrame, DuckDB relation, Arrow dataset).

        Raises
        ------
        InvalidParameterError
            For the ``"python"`` engine, which has no lazy object.
        """
        if self.engine == "polars":
            return self._polars()
        if self.engine == "duckdb":
            return self._duckdb()
        if self.engine == "pyarrow":
            return self._arrow()
        raise InvalidParameterError(
            "to_native needs a lazy engine; this scan is read by the core install's own "
            "reader. Install one: pip install 'customer-expectations[polars]' (or [duckdb]).")

    def _polars(self, types: Mapping[str, str] | None = None) -> Any:
        import polars as pl

        files = [str(p) for p in self.paths]
        if self.format == "parquet":
            return pl.scan_parquet(files, glob=False)
        frame = pl.scan_csv(files, separator=self.delimiter, quote_char='"', has_header=True,
                            infer_schema=False, encoding="utf8",
                            with_column_names=lambda names: [n.strip() for n in names],
                            raise_if_empty=True, truncate_ragged_lines=False, glob=False,
                            schema_overrides={c: _POLARS_TYPES[kind](pl)
                                              for c, kind in (types or {}).items()} or None)
        if len(self.columns) == 1:
            frame = frame.filter(pl.col(self.columns[0]).is_not_null())
        return frame

    def _duckdb(self, types: Mapping[str, str] | None = None) -> Any:
        import duckdb

        files = "[" + ", ".join(_sql_text(str(p)) for p in self.paths) + "]"
        if self.format == "parquet":
            query = f"SELECT * FROM read_parquet({files})"  # noqa: S608 - quoted by _sql_text
        else:
            # The header is read by the rules (stripped names); DuckDB's sniffer is off so
            # that it reads what the rules read, strictly (a short line is an error).
            sql_types = {"float": "DOUBLE", "integer": "BIGINT", "small": "UTINYINT"}
            names = ", ".join(
                f"{_sql_text(c)}: '{sql_types.get((types or {}).get(c, ''), 'VARCHAR')}'"
                for c in self.columns)
            codec = _DUCKDB_CODECS[reading.check_encoding(self.encoding)]
            query = (f"SELECT * FROM read_csv({files}, auto_detect=false, header=true, "  # noqa: S608
                     f"delim={_sql_text(self.delimiter)}, quote='\"', escape='\"', "
                     f"columns={{{names}}}, strict_mode=true, null_padding=false, "
                     "allow_quoted_nulls=false, "
                     f"max_line_size={_MAX_LINE}, encoding={_sql_text(codec)})")
            if len(self.columns) == 1:
                query += f" WHERE {_sql_name(self.columns[0])} IS NOT NULL"
        # The relation keeps its connection alive; a fresh one shares no state with the caller.
        return duckdb.connect().sql(query)

    def _arrow(self) -> Any:
        import pyarrow as pa
        import pyarrow.csv as pcsv
        import pyarrow.dataset as ds

        files = [str(p) for p in self.paths]
        if self.format == "parquet":
            return ds.dataset(files, format="parquet")
        fmt = ds.CsvFileFormat(
            parse_options=pcsv.ParseOptions(delimiter=self.delimiter, newlines_in_values=True),
            read_options=pcsv.ReadOptions(column_names=list(self.columns), skip_rows=1,
                                          encoding=_arrow_codec(self.encoding)),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(self.columns, pa.string()), null_values=[""],
                strings_can_be_null=True, quoted_strings_can_be_null=False))
        return ds.dataset(files, format=fmt)

    @contextlib.contextmanager
    def guard(self, roles: Mapping[str, str]) -> Iterator[None]:
        """Turn an engine's own error into the reading rules' error for the same files.

        Run the engine's query inside ``with scan.guard(roles):``. If the
        engine raises (bytes that are not text, a malformed line), the
        columns in ``roles`` are read by the rules (:meth:`read`), whose error
        names the file and line. If the rules read them, the engine's error
        is raised again: a file the engine should not have been given.
        """
        try:
            yield
        except ExpectationsError:
            raise
        except Exception:
            self.read(roles)
            raise

    def fallback(self) -> Scan:
        r"""Return the same files read by the next engine that reads them by the rules.

        For the counting layer, when a Polars count may hold blank lines: a
        blank line past the sniffed start and end of a large file is a row
        of nulls to Polars (see the module's notes), while DuckDB and the
        other engines skip it as the rules do. A count whose group of rows
        with every counted column null is not empty can be made again on
        ``scan.fallback()`` to be exact. The last engine returns itself.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "r.csv").write_text("score,shop\n10,a\n")
        >>> scan(folder / "r.csv", engine="pyarrow").fallback().engine
        'python'
        """
        later = ENGINES[ENGINES.index(self.engine) + 1:]
        if not later or (self.format == "parquet" and self.engine == "pyarrow"):
            return self
        return _open(self.paths, self.format, encoding=self.encoding,
                     delimiter=self.delimiter, order=later)

    # -------------------------------------------------------------- rows
    def read(self, roles: Mapping[str, str], *,
             scales: Mapping[str, tuple[int, int]] | None = None) -> pd.DataFrame:
        r"""Read the named columns of every file into pandas, typed by the reading rules.

        The reference reader: numbers as float64 (NaN where missing), text
        as stripped text (a blank cell missing, ``NA`` the text ``"NA"``),
        dates as ``datetime64[ns]``, exactly as ``expectations report``
        reads the file, and with its errors (file, line, column and the
        first bad value). Files are read one after another, in chunks, and
        only these columns are kept.

        Parameters
        ----------
        roles : mapping of str to {"number", "text", "date"}
            Each column to read, and how.
        scales : mapping of str to (int, int), optional
            Number columns of answers on a scale ``(low, high)``: a cell
            that is not a whole number in it is an error naming its line,
            as the report's reader says for its score columns.

        Returns
        -------
        pandas.DataFrame
            The columns in the order of ``roles``, the rows of all files in
            order (index 0..n-1).

        Raises
        ------
        SchemaError
            If a column is not in the files (the message names those there are).
        InvalidScoreError
            For a cell that breaks the rules, or malformed text, naming the
            file and line (Parquet: row).

        Examples
        --------
        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "r.csv").write_text("score,when\n9,2024-03-01\nten,NA\n")
        >>> scan(folder / "r.csv").read({"when": "date"})["when"].tolist()
        [Timestamp('2024-03-01 00:00:00'), NaT]
        >>> scan(folder / "r.csv").read({"score": "number"})
        Traceback (most recent call last):
        ...
        expectations.errors.InvalidScoreError: ...r.csv, line 3, column 1 ('score'): must be a
        number; 1 value is not (first: 'ten'). Correct or empty those cells.
        """
        wanted = _check_roles(roles)
        ranges = {name: (int(low), int(high)) for name, (low, high) in (scales or {}).items()
                  if wanted.get(name) == "number"}
        frames = [self._read_file(path, wanted, ranges) for path in self.paths]
        if len(frames) == 1:
            return frames[0]
        out: pd.DataFrame = pd.concat(frames, ignore_index=True)
        return out

    def _read_file(self, path: Path, roles: dict[str, str],
                   scales: dict[str, tuple[int, int]]) -> pd.DataFrame:
        from expectations.report._inputs import _convert, read_table
        from expectations.streaming import _chunks

        _chunks._check_present(path, list(self.columns), list(roles))
        if self.format == "csv" and self.delimiter != ",":
            # The chunk reader reads commas only: read the file whole, as the report does.
            raw = read_table(path, delimiter=self.delimiter, encoding=self.encoding)
            whole: pd.DataFrame = pd.DataFrame({
                name: _convert(raw.frame[name], _role(name, kind, scales.get(name)), raw, name)
                for name, kind in roles.items()})
            return whole
        numbers = [n for n, kind in roles.items() if kind == "number"]
        texts = [n for n, kind in roles.items() if kind == "text"]
        dates = [n for n, kind in roles.items() if kind == "date"]
        chunks = _chunks.read_chunks(
            path, numeric=numbers, keys=[*texts, *dates], text_keys=texts, dates=dates,
            fmt=self.format, chunk_rows=_READ_ROWS, encoding=self.encoding, scales=scales,
            engine="pandas" if self.engine == "python" else "auto")
        parts = [chunk.frame for chunk in chunks]
        frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        out: dict[str, Any] = {}
        for name in roles:
            values = frame[name]
            if name in texts:
                values = reading.text_cells(values.astype(object))
            elif name in dates:
                values = _dates(values)
            else:  # answers on a scale come as integers when none is missing
                values = values.astype("float64")
            out[name] = values.reset_index(drop=True)
        typed: pd.DataFrame = pd.DataFrame(out)
        return typed

    def histograms(self, spec: Histogram) -> Accumulator:
        """Count answers per group with the chunk reader, summed over the files.

        For a scan without a lazy engine (``"pyarrow"``, ``"python"``): what
        the streaming scores count, one file after another.
        """
        from expectations.streaming._cells import text_categories
        from expectations.streaming._histograms import tally
        from expectations.streaming._scores import DEFAULT_CHUNK_ROWS, _accumulate

        acc = spec.accumulator()
        for path in self.paths:
            if self.format == "csv" and self.delimiter != ",":
                roles = dict.fromkeys([spec.column, *([spec.weights] if spec.weights else [])],
                                      "number")
                roles.update(dict.fromkeys(spec.by or (), "text"))
                one = Scan(paths=(path,), format=self.format, engine=self.engine,
                           encoding=self.encoding, delimiter=self.delimiter,
                           columns=self.columns)
                frame = one.read(roles)
                for key in spec.by or ():
                    # As the chunk reader gives keys: categorical text.
                    frame[key] = pd.Series(text_categories(frame[key]), index=frame.index)
                acc.add(tally(frame, spec))
                continue
            part = _accumulate(path, spec, fmt=self.format, chunk_rows=DEFAULT_CHUNK_ROWS,
                               engine="pandas" if self.engine == "python" else "auto",
                               progress=None, encoding=self.encoding).part()
            acc.add(part)
        return acc


def _role(name: str, kind: str, scale: tuple[int, int] | None) -> Any:
    """Return the report's role for a column read as ``kind``, with its scale if any."""
    from expectations.report._inputs import Role

    if scale is None:
        return Role(name=name, kind=kind)  # type: ignore[arg-type]
    return Role(name=name, kind="number", low=scale[0], high=scale[1], integer=True)


def _dates(values: pd.Series) -> pd.Series:
    """Key cells read as a date column (text categories, or stored dates) as datetime64."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        parsed, _ = reading.date_cells(pd.Series(values.cat.categories, dtype=object))
        # Code -1 (a missing date) picks the NaT appended last.
        stamps = np.append(parsed.to_numpy(dtype="datetime64[ns]"), np.datetime64("NaT", "ns"))
        dates: pd.Series = pd.Series(stamps[values.cat.codes.to_numpy()], dtype="datetime64[ns]")
        return dates
    stored, _ = reading.date_cells(values)
    return stored


def _check_roles(roles: object) -> dict[str, str]:
    if not isinstance(roles, Mapping):
        raise InvalidParameterError(
            f"roles must be a mapping of column names to 'number', 'text' or 'date'; got "
            f"{type(roles).__name__}.")
    bad = [(name, kind) for name, kind in roles.items() if kind not in ROLES]
    if bad:
        raise InvalidParameterError(
            f"roles must map each column to 'number', 'text' or 'date'; got {bad[0][1]!r} "
            f"for {bad[0][0]!r}.")
    if not roles:
        raise InvalidParameterError("roles must name at least one column to read; got none.")
    return {str(name): str(kind) for name, kind in roles.items()}


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _sql_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _arrow_codec(encoding: str) -> str:
    codec = reading.check_encoding(encoding)
    return "utf8" if codec == "utf-8-sig" else codec


# ------------------------------------------------------------------ opening
def scan(path: str | os.PathLike[str], *, encoding: str = "utf-8", engine: str | None = None,
         delimiter: str = ",") -> Scan:
    r"""Open a CSV or Parquet file (or a folder or glob of them) for ``data=``.

    ``ex.nps("score", by="segment", data=ex.scan("big.csv"))`` scores a file
    larger than memory: the counts are computed by the fastest engine
    installed (Polars, else DuckDB, else pyarrow, else the core install's own
    reader) and only they come back. Cells are read by the library's reading
    rules, as ``expectations report`` reads the file: the same numbers, or
    the same error naming the file and line.

    Parameters
    ----------
    path : str or os.PathLike
        A CSV file (``*.csv``, also ``*.csv.gz``), a Parquet file
        (``*.parquet``), a folder (every ``*.csv``, ``*.csv.gz`` and
        ``*.parquet`` in it, sorted by name), or a glob pattern
        (``"exports/2024-*.csv"``). All files must have the same format and
        the same columns.
    encoding : str, default "utf-8"
        The CSV text encoding (a UTF-8 byte-order mark is dropped), such as
        ``"latin-1"``.
    engine : {"polars", "duckdb", "pyarrow", "python"}, optional
        Force an engine (it must be installed). A file that the engine
        cannot read by the rules (Polars reads UTF-8 only, for example) is
        read by the next one that can; :attr:`Scan.engine` says which.
    delimiter : str, default ","
        The CSV column delimiter.

    Returns
    -------
    Scan

    Raises
    ------
    InvalidParameterError
        If no file matches ``path``, the files mix CSV and Parquet, the
        engine is unknown or not installed, or an option is invalid.
    SchemaError
        If the files' columns differ, or a header names a column twice.
    InsufficientDataError
        For an empty file, or one without data rows.
    InvalidScoreError
        For malformed text at the start of a file (naming the file and line).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> for month in ("01", "02"):
    ...     _ = (folder / f"2024-{month}.csv").write_text("score,shop\n10,a\n6,b\n")
    >>> s = scan(folder / "2024-*.csv", engine="python")
    >>> [p.name for p in s.paths], s.format, s.columns
    (['2024-01.csv', '2024-02.csv'], 'csv', ('score', 'shop'))
    >>> len(s.read({"score": "number"}))
    4
    >>> scan(folder / "missing.csv")
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: path must name files to read; ...missing.csv:
    no such file.
    """
    from expectations.report._inputs import _check_delimiter

    _check_delimiter(delimiter)
    reading.check_encoding(encoding)
    if engine is not None and engine not in ENGINES:
        raise InvalidParameterError(
            f"engine must be one of 'polars', 'duckdb', 'pyarrow', 'python' or None; got "
            f"{engine!r}.")
    if engine is not None and not _installed(engine):
        raise InvalidParameterError(
            f"engine {engine!r} is not installed; install it with pip install "
            f"'customer-expectations[{_EXTRA[engine]}]', or leave engine=None.")
    paths = _files(path)
    return _open(paths, _format(paths), encoding=encoding, delimiter=delimiter,
                 order=ENGINES[ENGINES.index(engine):] if engine is not None else ENGINES)


def _open(paths: Sequence[Path], fmt: str, *, encoding: str, delimiter: str,
          order: Sequence[str]) -> Scan:
    """Read the files' columns and pick the first engine of ``order`` that reads them all."""
    if fmt == "parquet":
        # The core install reads Parquet with pyarrow, its only reader of Parquet.
        order = list(dict.fromkeys("pyarrow" if e == "python" else e for e in order))
    candidates = [e for e in order if _installed(e)]
    if fmt == "parquet":
        columns = _parquet_columns(paths)
        if not candidates:
            raise InvalidParameterError(
                f"{paths[0]}: reading Parquet needs the pyarrow package; install it with "
                "`pip install pyarrow` (or `pip install \"customer-expectations[parquet]\"`), "
                "or convert the file to CSV.")
    else:
        columns = _csv_columns(paths, encoding, delimiter)
        codec = reading.check_encoding(encoding)
        sniffs = [_Sniff(one, codec, delimiter, len(columns)) for one in paths]

        def reads_all(engine: str) -> bool:
            return all(sniffed.readable_by(engine) for sniffed in sniffs)

        # The first engine, in order, that reads every file: each is asked only when
        # the ones before it cannot, since asking costs a look at the files.
        gz = any(one.suffix.lower() == ".gz" for one in paths)
        candidates = _first(candidates, reads_all, gz)
    return Scan(paths=tuple(paths), format=fmt, engine=candidates[0], encoding=encoding,
                delimiter=delimiter, columns=tuple(columns))


def _first(candidates: Sequence[str], reads_all: Any, gz: bool) -> list[str]:
    """Return the first of ``candidates`` that reads every file (asked lazily), as a list."""
    for engine in candidates:
        if not reads_all(engine):
            continue
        if engine == "polars" and gz and "duckdb" in candidates and reads_all("duckdb"):
            continue  # Polars would decompress a whole .gz file into memory; DuckDB streams it
        return [engine]
    return list(candidates[-1:])


_SUFFIXES = (".csv", ".csv.gz", ".parquet")


def _files(path: object) -> list[Path]:
    if not isinstance(path, (str, os.PathLike)):
        raise InvalidParameterError(
            f"path must be a file, folder or glob pattern (str or os.PathLike); got "
            f"{type(path).__name__}.")
    text = os.fspath(path)
    given = Path(text)
    if given.is_file():
        return [given]
    if given.is_dir():
        found = sorted(p for p in given.iterdir()
                       if p.is_file() and p.name.lower().endswith(_SUFFIXES))
        if not found:
            raise InvalidParameterError(
                f"path must name files to read; {text}: the folder holds no *.csv, "
                "*.csv.gz or *.parquet files.")
        return found
    if glob.has_magic(str(text)):
        matched = sorted(Path(p) for p in glob.glob(str(text)) if Path(p).is_file())
        if not matched:
            raise InvalidParameterError(
                f"path must name files to read; {text}: no file matches the pattern.")
        return matched
    raise InvalidParameterError(f"path must name files to read; {text}: no such file.")


def _format(paths: Sequence[Path]) -> str:
    from expectations.streaming._chunks import file_format

    formats = {p: file_format(p, None) for p in paths}
    if len(set(formats.values())) > 1:
        first = next(p for p in paths if formats[p] != formats[paths[0]])
        raise InvalidParameterError(
            f"path must name files of one format; {paths[0].name} is "
            f"{formats[paths[0]]} but {first.name} is {formats[first]}. Scan them separately.")
    return formats[paths[0]]


def _same_columns(found: dict[Path, list[str]]) -> list[str]:
    paths = list(found)
    first = found[paths[0]]
    for other in paths[1:]:
        if found[other] != first:
            missing = [c for c in first if c not in found[other]]
            extra = [c for c in found[other] if c not in first]
            what = (f"lacks {', '.join(map(repr, missing))}" if missing else
                    f"adds {', '.join(map(repr, extra))}" if extra else "orders them differently")
            raise SchemaError(
                f"{other}: the files must have the same columns; {paths[0].name} has "
                f"{', '.join(map(repr, first[:20]))}, and {other.name} {what}. Scan them "
                "separately, or make the headers agree.")
    return first


def _csv_columns(paths: Sequence[Path], encoding: str, delimiter: str) -> list[str]:
    """Each file's header by the rules, checking that a data row follows it."""
    found: dict[Path, list[str]] = {}
    for path in paths:
        source = str(path)
        try:
            text = reading.CsvText(path, source=source, encoding=encoding, delimiter=delimiter)
        except OSError as exc:
            raise InvalidParameterError(f"{source}: cannot be read ({exc.strerror}).") from None
        with text:
            found[path] = list(text.header)
            if next(iter(text), None) is None:
                raise reading.no_rows_error(source)
    return _same_columns(found)


def _parquet_columns(paths: Sequence[Path]) -> list[str]:
    from expectations.errors import InvalidScoreError

    found: dict[Path, list[str]] = {}
    for path in paths:
        try:
            names, rows = _parquet_meta(path)
        except ExpectationsError:
            raise
        except Exception as exc:  # each engine raises its own error types for corrupt files
            raise InvalidScoreError(f"{path}: not a readable Parquet file ({exc}).") from None
        if rows == 0:
            raise reading.no_rows_error(str(path), parquet=True)
        found[path] = names
    return _same_columns(found)


def _parquet_meta(path: Path) -> tuple[list[str], int]:
    if _installed("pyarrow"):
        import pyarrow.parquet as pq

        meta = pq.ParquetFile(path).metadata
        return [str(n) for n in meta.schema.to_arrow_schema().names], int(meta.num_rows)
    if _installed("polars"):
        import polars as pl

        frame = pl.scan_parquet(path)
        rows = frame.select(pl.len()).collect().item()
        return list(frame.collect_schema().names()), int(rows)
    raise InvalidParameterError(
        f"{path}: reading Parquet needs the pyarrow package; install it with "
        "`pip install pyarrow` (or `pip install \"customer-expectations[parquet]\"`), or "
        "convert the file to CSV.")


class _Sniff:
    """What the start and the end of a CSV file show about which engines read it."""

    def __init__(self, path: Path, codec: str, delimiter: str, width: int) -> None:
        suffix = path.suffix.lower()
        self.compression = "gzip" if suffix == ".gz" else None if suffix in (
            ".csv", ".txt", ".tsv") else suffix
        self.codec, self.delimiter, self.width = codec, delimiter, width
        self.head, self.tail, self.whole = self._read(path)

    def _read(self, path: Path) -> tuple[bytes, bytes, bool]:
        if self.compression == "gzip":
            with gzip.open(path, "rb") as handle:
                head = handle.read(_HEAD + 1)
            return head[:_HEAD], b"", len(head) <= _HEAD
        if self.compression is not None:
            return b"", b"", False
        with path.open("rb") as handle:
            head = handle.read(_HEAD + 1)
            whole = len(head) <= _HEAD
            if whole:
                return head, head, True
            handle.seek(-_TAIL, io.SEEK_END)
            return head[:_HEAD], handle.read(), False

    def readable_by(self, engine: str) -> bool:
        """Whether ``engine`` reads this file as the rules do."""
        if engine in ("pyarrow", "python"):
            return True
        if engine == "polars":
            return self._polars()
        return self._duckdb()

    def _blank_line(self) -> bool:
        # Blank lines before the header are skipped by every engine; one line break at
        # the end is every file's, a second one a blank line.
        return any(b"\n\n" in part or b"\n\r\n" in part
                   for part in (self.head.lstrip(b"\r\n"), self.tail))

    def _polars(self) -> bool:
        if self.codec != "utf-8-sig" or self.compression not in (None, "gzip"):
            return False
        if _LONE_CR.search(self.head) or _LONE_CR.search(self.tail):
            return False
        if self.width == 1:
            return True  # blank lines are filtered (one column: a blank line is an empty cell)
        if self._blank_line():
            return False
        if self.whole:
            return not self._short_line(self.head)
        return not self._short_last_line()

    def _short_line(self, text: bytes) -> bool:
        """Whether a record of a small file has fewer values than the header."""
        try:
            rows = csv.reader(io.StringIO(text.decode("utf-8-sig"), newline=""),
                              delimiter=self.delimiter, strict=True)
            return any(0 < len(record) < self.width for record in rows)
        except (csv.Error, UnicodeDecodeError):
            return True  # the rules' reader (another engine) names the line

    def _short_last_line(self) -> bool:
        """Whether the file's last line has fewer values than the header (a cut-off file)."""
        if not self.tail:
            return False
        body = self.tail.rstrip(b"\r\n")
        start = body.rfind(b"\n") + 1
        if start == 0 and not self.whole:
            return True  # a last line longer than the sniff: let another engine check it
        line = body[start:].decode("utf-8", "replace")
        try:
            record = next(csv.reader([line], delimiter=self.delimiter, strict=True), [])
        except csv.Error:
            return True
        # Inside a quoted field that spans lines the count means nothing: be safe.
        return len(record) < self.width

    def _duckdb(self) -> bool:
        # A quote after blanks at the start of a field is literal text by the rules (as
        # Python's csv module reads it), the start of a quoted field for DuckDB.
        if self.codec not in _DUCKDB_CODECS or self.compression not in (None, "gzip"):
            return False
        if self.head.lstrip(codecs.BOM_UTF8)[:1] in (b"\n", b"\r"):
            return False  # a blank line before the header: DuckDB would read it as the header
        late = re.compile(rb'(?:^|\n|' + re.escape(self.delimiter.encode()) + rb')[ \t]+"')
        return not (late.search(self.head) or late.search(self.tail))
