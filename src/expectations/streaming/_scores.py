"""NPS and top-box scores of a CSV or Parquet file: counted by a scan's engine, or in chunks.

:func:`score_file` is what ``expectations score`` and the deprecated
``stream_*`` functions run. A file that Polars or DuckDB reads by the reading
rules (:func:`expectations.engine._scan.scan`) is counted inside that engine
by the public function (``expectations.nps(column, ..., data=scan)``); any
other file, or any file holding something the rules refuse, is read by the
chunk reader (:func:`_accumulate`, the scan's pyarrow and pure-Python
engine), which names the first bad cell's file and line exactly as it
always has.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, overload

import numpy as np
import pandas as pd

from expectations import _validation as v
from expectations._align import caller_stacklevel
from expectations.errors import ExpectationsError, InvalidParameterError
from expectations.models.scale import Scale
from expectations.scoring.nps import (
    IntervalMethod,
    NPSResult,
    RandomState,
)
from expectations.scoring.satisfaction import (
    CES_SCALE,
    CSAT_SCALE,
    CESDirection,
    TopBoxResult,
)
from expectations.streaming import _chunks
from expectations.streaming._accumulate import Accumulator
from expectations.streaming._histograms import (
    Histogram,
    tally,
)

__all__ = ["DEFAULT_CHUNK_ROWS", "LAZY_ENGINES", "chunk_engine", "open_scan", "score_file",
           "stream_ces", "stream_csat", "stream_nps", "stream_top_box"]

#: Rows per chunk unless told otherwise: a few MB of CSV, so that memory stays
#: small while the per-chunk overhead is negligible.
DEFAULT_CHUNK_ROWS = 32_768
#: The most rows per chunk: more would only cost memory (pyarrow reads blocks of
#: bytes anyway, at most 256 MiB each).
MAX_CHUNK_ROWS = 10_000_000

PathLike = str | os.PathLike[str]
#: Called after each chunk with the number of data rows read so far.
Progress = Callable[[int], None]


def check_chunk_rows(chunk_rows: object, name: str = "chunk_rows") -> int:
    """Check rows per chunk: a whole number in ``1..MAX_CHUNK_ROWS``, and return it.

    Examples
    --------
    >>> check_chunk_rows(10**12)
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: chunk_rows must be a whole number in
    1..10000000; got 1000000000000.
    """
    if (isinstance(chunk_rows, (bool, np.bool_))
            or not isinstance(chunk_rows, (int, np.integer))
            or not 1 <= chunk_rows <= MAX_CHUNK_ROWS):
        raise InvalidParameterError(
            f"{name} must be a whole number in 1..{MAX_CHUNK_ROWS}; got {chunk_rows!r}.")
    return int(chunk_rows)


def _check_reading(engine: object, chunk_rows: object, weights: object,
                   progress: object = None) -> None:
    v.check_option(engine, "engine", _chunks.ENGINES)
    if progress is not None and not callable(progress):
        raise InvalidParameterError(
            f"progress must be a callable or None; got {type(progress).__name__}.")
    check_chunk_rows(chunk_rows)
    if weights is not None and not isinstance(weights, str):
        raise InvalidParameterError(
            f"weights must be a column name or None; got {type(weights).__name__}.")


def _note(path: Path, fmt: str, offset: int, n: int) -> Any:
    """How an error names its place in the file: the row, and the CSV line when known."""
    def note(row: int | None) -> str:
        if row is None:
            return f"In {path.name}, data rows {offset}..{offset + n - 1}."
        if fmt == "csv":
            # Line 1 is the header; blank lines and quoted line breaks would shift this.
            return (f"In {path.name}, that is data row {row}: line {row + 2} of the file "
                    "unless a blank line or a quoted line break comes before it.")
        return f"In {path.name}, that is row {row}."
    return note


def _accumulate(path: PathLike, spec: Histogram, *, fmt: str | None, chunk_rows: int,
                engine: str, progress: Progress | None,
                encoding: str = "utf-8") -> Accumulator:
    """Read the file chunk by chunk and add up each chunk's histograms."""
    source = Path(path)
    kind = _chunks.file_format(source, fmt)
    numeric = [spec.column, *([spec.weights] if spec.weights else [])]
    acc = spec.accumulator()
    for chunk in _chunks.read_chunks(source, numeric=numeric, keys=list(spec.by or ()),
                                     fmt=kind, chunk_rows=int(chunk_rows), engine=engine,
                                     encoding=encoding,
                                     scales={spec.column: (spec.low, spec.high)}):
        try:
            part = tally(chunk.frame, spec)
        except ExpectationsError as exc:
            note = _note(source, kind, chunk.offset, len(chunk.frame))
            raise _chunks.relocate(exc, chunk.offset, note) from exc
        acc.add(part)
        if progress is not None:
            progress(chunk.offset + len(chunk.frame))
    return acc


#: The scan engines that count inside the engine (the others are the chunk reader).
LAZY_ENGINES: tuple[str, ...] = ("polars", "duckdb")
#: The scan engine each ``engine=`` of the streaming functions stands for.
SCAN_ENGINES: dict[str, str | None] = {"auto": None, "pyarrow": "pyarrow", "pandas": "python"}


def chunk_engine(engine: str | None) -> str:
    """Return the chunk reader's ``engine=`` for a scan engine (None: the fastest installed)."""
    return {"python": "pandas", "pyarrow": "pyarrow"}.get(engine or "", "auto")


def open_scan(path: PathLike, *, fmt: str | None, engine: str | None,
              encoding: str) -> Any:
    """Open one file for a lazy engine (Polars, DuckDB); None when the chunk reader reads it.

    None also when the scan refuses the file (empty, unreadable, an unknown
    encoding, ...): the chunk reader then reports it, with its own words.
    An engine asked for by name must be installed.
    """
    from expectations.engine._scan import _installed, scan
    from expectations.streaming._chunks import file_format

    if engine is not None and engine in LAZY_ENGINES and not _installed(engine):
        scan(path, engine=engine)  # raises: the engine is not installed
    source = Path(path)
    if not source.is_file():
        return None
    try:
        if fmt is not None and file_format(source, None) != fmt:
            return None  # a format the name does not say: only the chunk reader takes one
        opened = scan(source, encoding=encoding, engine=engine)
    except ExpectationsError:
        return None
    return opened if opened.engine in LAZY_ENGINES else None


# Keys that are whole numbers: the chunk reader reads such a CSV key column as
# integers (as pandas.read_csv would). Canonical ones ("12", not "012" or "+12")
# convert back to the same text, so the groups are the same either way.
_WHOLE = re.compile(r"[+-]?[0-9]+")
_CANONICAL = re.compile(r"0|-?[1-9][0-9]*")


def _typed_keys(result: Any, *, csv: bool) -> Any:
    """Type whole-number key columns of a by= table as integers, as the chunk reader does.

    Returns None when only the chunk reader can tell (keys such as ``"012"``,
    or a column of whole numbers and text, which it types by its first rows).
    Text keys come in the dtype pandas gives text; a Parquet file's keys keep
    their stored type (``csv=False``).
    """
    if not isinstance(result, pd.DataFrame):
        return result
    index = result.index
    levels = [index.get_level_values(i) for i in range(index.nlevels)]
    typed = []
    for level in levels:
        if pd.api.types.is_numeric_dtype(level.dtype) or len(level) == 0:
            typed.append(level)
            continue
        text = pd.Series(level.astype(object), dtype=object).astype(str)
        whole = text.str.fullmatch(_WHOLE.pattern)
        if not csv or not whole.any():
            # Text keys in the dtype pandas gives text (str on pandas 3), as the chunk reader.
            typed.append(level if level.dtype == text.dtype else level.astype(text.dtype))
        elif whole.all() and text.str.fullmatch(_CANONICAL.pattern).all():
            typed.append(pd.Index(text.astype(np.int64).to_numpy(), name=level.name))
        else:
            return None
    if all(a is b for a, b in zip(typed, levels, strict=True)):
        return result
    out = result.copy()
    out.index = typed[0] if len(typed) == 1 else pd.MultiIndex.from_arrays(typed)
    if any(pd.api.types.is_integer_dtype(a.dtype) and not pd.api.types.is_integer_dtype(b.dtype)
           for a, b in zip(typed, levels, strict=True)):
        out = out.sort_index()  # numbers sort as numbers
    out.attrs = dict(result.attrs)
    return out


def _rows(result: Any) -> int:
    """Count the rows a result accounts for: answered, dropped, dropped for a missing key."""
    if isinstance(result, pd.DataFrame):
        return int(result["n"].sum() + result["n_dropped"].sum()
                   + result.attrs.get("n_dropped_keys", 0))
    return int(result.n + result.n_dropped)


def _held(call: Callable[[], Any]) -> tuple[Any, list[tuple[type[Warning], str]]]:
    """Run ``call`` holding back its warnings; return its result and them, distinct."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = call()
    return result, list(dict.fromkeys((w.category, str(w.message)) for w in caught))


def _give(held: list[tuple[type[Warning], str]]) -> None:
    """Give held-back warnings again, at the line of the caller outside the library."""
    for category, message in held:
        warnings.warn(message, category, stacklevel=caller_stacklevel())


def _in_engine(public: Callable[..., Any], column: str, options: dict[str, Any],
               source: Any) -> Any:
    """Run the public function on the scan, in its engine; None if the chunk reader must read.

    Warnings are held back until the result stands (the chunk reader would
    give them again), then given at the caller's line.
    """
    try:
        result, held = _held(lambda: public(column, **options, data=source))
    except ExpectationsError:
        # A cell the rules refuse, a missing answer, a missing column: the chunk
        # reader reads the file again and names the first such cell's line.
        return None
    result = _typed_keys(result, csv=source.format == "csv")
    if result is None:
        return None
    _give(held)
    return result


def score_file(metric: str, path: PathLike, column: str, *, file_format: str | None = None,
               chunk_rows: int = DEFAULT_CHUNK_ROWS, engine: str | None = None,
               encoding: str = "utf-8", progress: Progress | None = None,
               **options: Any) -> Any:
    r"""Score one column of a file with the public function of ``metric``, as its result.

    ``metric`` is ``"nps"``, ``"top_box"``, ``"csat"`` or ``"ces"``;
    ``options`` are that function's keyword arguments (``by`` and
    ``weights`` naming columns). ``engine`` is a scan engine (``"polars"``,
    ``"duckdb"``, ``"pyarrow"``, ``"python"``, None for the fastest). With
    Polars or DuckDB the counts are made in the engine and ``progress`` is
    called once, at the end; the chunk reader honours ``chunk_rows`` and
    calls ``progress`` after each chunk.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "r.csv"
    >>> _ = path.write_text("score\n" + "10\n9\n3\n" * 12)
    >>> round(score_file("nps", path, "score").score, 2)
    33.33
    """
    import expectations as ex

    spec, build = _recipe(metric, column, options, engine=chunk_engine(engine),
                          chunk_rows=chunk_rows, progress=progress)
    source = open_scan(path, fmt=file_format, engine=engine, encoding=encoding)
    if source is not None:
        publics: dict[str, Callable[..., Any]] = {
            "nps": ex.nps, "top_box": ex.top_box, "csat": ex.csat, "ces": ex.ces}
        public = publics[metric]
        given = {name: value for name, value in options.items()
                 if not (name == "by" and value is None)}
        if isinstance(given.get("by"), tuple):
            given["by"] = list(given["by"])
        result = _in_engine(public, column, given, source)
        if result is not None:
            if progress is not None:
                progress(_rows(result))
            return result
    acc = _accumulate(path, spec, fmt=file_format, chunk_rows=chunk_rows,
                      engine=chunk_engine(engine), progress=progress, encoding=encoding)
    result, held = _held(lambda: build(acc))
    _give(held)
    return result


def _recipe(metric: str, column: str, options: dict[str, Any], *, engine: str,
            chunk_rows: object, progress: object) -> tuple[Histogram, Callable[..., Any]]:
    """Check the options as the public function does; what to count, and how to finish."""
    import inspect

    import expectations as ex
    from expectations.engine._scores import recipe

    publics: dict[str, Callable[..., Any]] = {
        "nps": ex.nps, "top_box": ex.top_box, "csat": ex.csat, "ces": ex.ces}
    public = publics[metric]
    # Every argument of the public function, its defaults applied: the one recipe
    # that the engine's counters use then checks and finishes as they do.
    bound = inspect.signature(public).bind_partial(column, **options)
    bound.apply_defaults()
    made = recipe(metric, dict(bound.arguments))
    _check_reading(engine, chunk_rows, options.get("weights"), progress)
    return made


def _deprecated(name: str, public: str) -> None:
    warnings.warn(
        f"{name} is deprecated and will be removed in 0.4; use expectations.{public}(column, "
        "..., data=expectations.scan(path))", DeprecationWarning,
        stacklevel=caller_stacklevel())


def _streamed(metric: str, path: PathLike, column: str, *, file_format: str | None,
              chunk_rows: int, engine: str, encoding: str, progress: Progress | None,
              **options: Any) -> Any:
    """Run :func:`score_file` for a streaming function (its engine= names the chunk reader)."""
    v.check_option(engine, "engine", _chunks.ENGINES)
    return score_file(metric, path, column, file_format=file_format, chunk_rows=chunk_rows,
                      engine=SCAN_ENGINES[engine], encoding=encoding, progress=progress,
                      **options)


@overload
def stream_nps(path: PathLike, column: str, *, by: None = ..., weights: str | None = ...,
               ci: IntervalMethod | None = ..., confidence: float = ...,
               missing: v.MissingPolicy = ...,
               rng: RandomState = ..., n_resamples: int = ..., file_format: str | None = ...,
               chunk_rows: int = ..., engine: str = ..., encoding: str = ...,
               progress: Progress | None = ...) -> NPSResult: ...
@overload
def stream_nps(path: PathLike, column: str, *, by: str | list[str] | tuple[str, ...],
               weights: str | None = ..., ci: IntervalMethod | None = ...,
               confidence: float = ..., missing: v.MissingPolicy = ..., rng: RandomState = ...,
               n_resamples: int = ..., file_format: str | None = ..., chunk_rows: int = ...,
               engine: str = ..., encoding: str = ...,
               progress: Progress | None = ...) -> pd.DataFrame: ...
def stream_nps(path: PathLike, column: str, *,
               by: str | list[str] | tuple[str, ...] | None = None,
               weights: str | None = None, ci: IntervalMethod | None = "adjusted-wald",
               confidence: float = 0.95, missing: v.MissingPolicy = "raise",
               rng: RandomState = None,
               n_resamples: int = 10_000, file_format: str | None = None,
               chunk_rows: int = DEFAULT_CHUNK_ROWS,
               engine: str = "auto", encoding: str = "utf-8",
               progress: Progress | None = None) -> NPSResult | pd.DataFrame:
    """Score NPS in a CSV or Parquet file (deprecated: use ``nps(..., data=scan(path))``).

    .. deprecated:: 0.2
        Use ``expectations.nps(column, ..., data=expectations.scan(path))``;
        ``stream_nps`` warns and will be removed in 0.4.

    Gives exactly what :func:`expectations.nps` gives on the whole column
    (``nps(df[column], by=df[by], weights=df[weights])``, the file read whole
    by the same reading rules), while holding only one chunk and the
    per-group counts in memory. Cells are read by the library's reading
    rules (see the guide page "Scale"): empty, blank and ``NA``-like cells
    of the answers are missing, ``0x9`` or ``inf`` is not a number.

    Parameters
    ----------
    path : str or os.PathLike
        A CSV file (optionally ``.gz``/``.bz2`` compressed, with a header
        line) or a Parquet file.
    column : str
        The column of 0-10 answers.
    by : str or list of str, optional
        Column(s) holding the group keys. With ``by``, the result is a
        DataFrame as :func:`expectations.nps` returns with ``by=``.
    weights : str, optional
        Column of survey weights.
    ci, confidence, missing, rng, n_resamples
        As for :func:`expectations.nps`.
    file_format : {"csv", "parquet"}, optional
        The file's format; by default from its name (``*.csv``, ``*.csv.gz``,
        ``*.parquet``, ``*.pq``).
    chunk_rows : int, default 32768
        Rows per chunk when the file is read in chunks (approximate for
        pyarrow's CSV reader, which reads blocks of bytes). Memory grows
        with it; the result does not change. Polars and DuckDB do not read
        in chunks and ignore it.
    engine : {"auto", "pyarrow", "pandas"}, default "auto"
        What reads the file. ``"auto"``: the fastest installed
        (:func:`expectations.scan`'s order: Polars, else DuckDB, which count
        inside the engine; else pyarrow's streaming reader, else the reading
        rules' own reader). ``"pyarrow"`` and ``"pandas"`` (Python's
        :mod:`csv` module, into pandas frames) read in chunks. All read cells
        by the same rules. Parquet always needs pyarrow.
    encoding : str, default "utf-8"
        The CSV file's text encoding (a UTF-8 byte-order mark is dropped),
        such as ``"latin-1"``.
    progress : callable, optional
        Called after each chunk with the number of data rows read so far
        (for a progress display; the library itself never prints). Polars
        and DuckDB count the file in one go: it is called once, at the end.

    Returns
    -------
    NPSResult or pandas.DataFrame
        As :func:`expectations.nps`.

    Raises
    ------
    InvalidScoreError
        As :func:`expectations.nps`, for the first chunk holding a bad value;
        the position counts data rows from the start of the file, and the
        message names the file and (for CSV) the line. Also for a malformed
        CSV row (too few or too many values, an open quote) or an unreadable
        Parquet file, naming the file and line.
    SchemaError
        If a column is not in the file, the file is empty, or a group key
        column typed as numbers at the start of the file later holds text.
    InvalidParameterError
        On an invalid option.
    InsufficientDataError
        If the file has no answers.

    Warns
    -----
    DeprecationWarning
        Always: use ``expectations.nps(column, ..., data=expectations.scan(path))``.

    Notes
    -----
    With Polars or DuckDB the answers are counted inside the engine, as
    :func:`expectations.nps` counts a scan; if the file holds a cell the
    rules refuse, it is read again in chunks, which raise the error below.
    Each chunk is validated and counted by the in-memory code; the counts of
    the 11 answers per group add up exactly across chunks, and the result is
    built from them by the function :func:`expectations.nps` itself uses.
    Memory is bounded by the chunk plus the number of groups. Keys are read
    as text (stripped; a blank key is missing, ``NA`` is the key ``"NA"``),
    or as whole numbers when the start of the file holds only whole
    numbers. A cell that is not a number is reported as the report's reader
    reports it (file, line, column, and how many such cells the column
    holds); an answer off the scale in chunk *k* is raised before later
    chunks are read, so the count it reports is that chunk's. A row with too
    few or too many values is an error on every engine.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> df = pd.DataFrame({"score": [10, 9, 7, 3, 10, 6] * 15,
    ...                    "shop": ["north", "south", "north"] * 30})
    >>> df.to_csv(folder / "answers.csv", index=False)
    >>> import expectations as ex
    >>> ex.nps("score", data=ex.scan(folder / "answers.csv")).score  # instead
    16.66...
    >>> import warnings
    >>> warnings.simplefilter("ignore", DeprecationWarning)  # for the examples only
    >>> stream_nps(folder / "answers.csv", "score", chunk_rows=16).score
    16.66...
    >>> stream_nps(folder / "answers.csv", "score", by="shop")[["score", "n"]]
           score   n
    shop
    north  -25.0  60
    south  100.0  30
    """
    _deprecated("stream_nps", "nps")
    result: NPSResult | pd.DataFrame = _streamed(
        "nps", path, column, by=by, weights=weights, ci=ci, confidence=confidence, missing=missing,
        rng=rng, n_resamples=n_resamples, file_format=file_format, chunk_rows=chunk_rows,
        engine=engine, encoding=encoding, progress=progress)
    return result


_BoxBy = str | list[str] | tuple[str, ...]


@overload
def stream_top_box(path: PathLike, column: str, *, scale: Scale, top: int = ...,
                   weights: str | None = ..., by: None = ..., ci: str | None = ...,
                   confidence: float = ..., missing: v.MissingPolicy = ...,
                   file_format: str | None = ...,
                   chunk_rows: int = ..., engine: str = ..., encoding: str = ...,
               progress: Progress | None = ...) -> TopBoxResult: ...
@overload
def stream_top_box(path: PathLike, column: str, *, scale: Scale, top: int = ...,
                   weights: str | None = ..., by: _BoxBy, ci: str | None = ...,
                   confidence: float = ..., missing: v.MissingPolicy = ...,
                   file_format: str | None = ...,
                   chunk_rows: int = ..., engine: str = ..., encoding: str = ...,
               progress: Progress | None = ...) -> pd.DataFrame: ...
def stream_top_box(path: PathLike, column: str, *, scale: Scale, top: int = 2,
                   weights: str | None = None, by: _BoxBy | None = None,
                   ci: str | None = "wilson", confidence: float = 0.95,
                   missing: v.MissingPolicy = "raise", file_format: str | None = None,
                   chunk_rows: int = DEFAULT_CHUNK_ROWS,
                   engine: str = "auto", encoding: str = "utf-8",
                   progress: Progress | None = None) -> TopBoxResult | pd.DataFrame:
    """Score the top-box share and mean answer in a file (deprecated: use ``top_box(data=)``).

    .. deprecated:: 0.2
        Use ``expectations.top_box(column, ..., data=expectations.scan(path))``;
        ``stream_top_box`` warns and will be removed in 0.4.

    Gives exactly what :func:`expectations.top_box` gives on the whole
    column; the reading options are those of :func:`stream_nps`.

    Parameters
    ----------
    path : str or os.PathLike
        A CSV or Parquet file.
    column : str
        The column of answers on ``scale``.
    scale, top, ci, confidence, missing
        As for :func:`expectations.top_box`.
    weights : str, optional
        Column of survey weights.
    by : str or list of str, optional
        Column(s) holding the group keys.
    file_format, chunk_rows, engine, encoding, progress
        As for :func:`stream_nps`.

    Returns
    -------
    TopBoxResult or pandas.DataFrame
        As :func:`expectations.top_box`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> import expectations as ex
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "csat.csv"
    >>> pd.DataFrame({"answer": [5, 4, 4, 3, 1] * 8}).to_csv(path, index=False)
    >>> ex.top_box("answer", scale=ex.Scale(1, 5), data=ex.scan(path)).score  # instead
    60.0
    >>> import warnings
    >>> warnings.simplefilter("ignore", DeprecationWarning)  # for the examples only
    >>> r = stream_top_box(path, "answer", scale=ex.Scale(1, 5), chunk_rows=7)
    >>> r.score, r.n, r.mean
    (60.0, 40, 3.4)
    """
    _deprecated("stream_top_box", "top_box")
    result: TopBoxResult | pd.DataFrame = _streamed(
        "top_box", path, column, scale=scale, top=top, weights=weights, by=by, ci=ci,
        confidence=confidence, missing=missing, file_format=file_format,
        chunk_rows=chunk_rows, engine=engine, encoding=encoding, progress=progress)
    return result


@overload
def stream_csat(path: PathLike, column: str, *, scale: Scale = ..., top: int = ...,
                weights: str | None = ..., by: None = ..., ci: str | None = ...,
                confidence: float = ..., missing: v.MissingPolicy = ...,
                file_format: str | None = ...,
                chunk_rows: int = ..., engine: str = ..., encoding: str = ...,
               progress: Progress | None = ...) -> TopBoxResult: ...
@overload
def stream_csat(path: PathLike, column: str, *, scale: Scale = ..., top: int = ...,
                weights: str | None = ..., by: _BoxBy, ci: str | None = ...,
                confidence: float = ..., missing: v.MissingPolicy = ...,
                file_format: str | None = ...,
                chunk_rows: int = ..., engine: str = ..., encoding: str = ...,
               progress: Progress | None = ...) -> pd.DataFrame: ...
def stream_csat(path: PathLike, column: str, *, scale: Scale = CSAT_SCALE, top: int = 2,
                weights: str | None = None, by: _BoxBy | None = None,
                ci: str | None = "wilson", confidence: float = 0.95,
                missing: v.MissingPolicy = "raise",
                file_format: str | None = None, chunk_rows: int = DEFAULT_CHUNK_ROWS,
                engine: str = "auto", encoding: str = "utf-8",
                progress: Progress | None = None) -> TopBoxResult | pd.DataFrame:
    """Score CSAT (top-2-box share on 1-5, and the mean) in a file (deprecated).

    .. deprecated:: 0.2
        Use ``expectations.csat(column, ..., data=expectations.scan(path))``;
        ``stream_csat`` warns and will be removed in 0.4.

    :func:`stream_top_box` with the defaults of :func:`expectations.csat`.

    Parameters
    ----------
    path : str or os.PathLike
        A CSV or Parquet file.
    column : str
        The column of answers.
    scale, top, weights, by, ci, confidence, missing, file_format, chunk_rows, engine,
    encoding, progress
        As for :func:`stream_top_box`.

    Returns
    -------
    TopBoxResult or pandas.DataFrame
        As :func:`expectations.csat`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "csat.csv"
    >>> pd.DataFrame({"csat": [5, 4, 4, 3, 5, 2, 4, 5, 1, 4] * 6}).to_csv(path, index=False)
    >>> import expectations as ex
    >>> ex.csat("csat", data=ex.scan(path)).score  # instead
    70.0
    >>> import warnings
    >>> warnings.simplefilter("ignore", DeprecationWarning)  # for the examples only
    >>> stream_csat(path, "csat").score
    70.0
    """
    _deprecated("stream_csat", "csat")
    result: TopBoxResult | pd.DataFrame = _streamed(
        "csat", path, column, scale=scale, top=top, weights=weights, by=by, ci=ci,
        confidence=confidence, missing=missing, file_format=file_format,
        chunk_rows=chunk_rows, engine=engine, encoding=encoding, progress=progress)
    return result


@overload
def stream_ces(path: PathLike, column: str, *, scale: Scale = ..., agree_from: int = ...,
               direction: CESDirection | None = ..., weights: str | None = ...,
               by: None = ..., ci: str | None = ..., confidence: float = ...,
               missing: v.MissingPolicy = ..., file_format: str | None = ..., chunk_rows: int = ...,
               engine: str = ..., encoding: str = ...,
               progress: Progress | None = ...) -> TopBoxResult: ...
@overload
def stream_ces(path: PathLike, column: str, *, scale: Scale = ..., agree_from: int = ...,
               direction: CESDirection | None = ..., weights: str | None = ...,
               by: _BoxBy, ci: str | None = ..., confidence: float = ...,
               missing: v.MissingPolicy = ..., file_format: str | None = ..., chunk_rows: int = ...,
               engine: str = ..., encoding: str = ...,
               progress: Progress | None = ...) -> pd.DataFrame: ...
def stream_ces(path: PathLike, column: str, *, scale: Scale = CES_SCALE, agree_from: int = 5,
               direction: CESDirection | None = None, weights: str | None = None,
               by: _BoxBy | None = None, ci: str | None = "wilson",
               confidence: float = 0.95, missing: v.MissingPolicy = "raise",
               file_format: str | None = None, chunk_rows: int = DEFAULT_CHUNK_ROWS,
               engine: str = "auto", encoding: str = "utf-8",
               progress: Progress | None = None) -> TopBoxResult | pd.DataFrame:
    """Score customer effort (CES) in a file (deprecated: use ``ces(..., data=scan(path))``).

    .. deprecated:: 0.2
        Use ``expectations.ces(column, ..., data=expectations.scan(path))``;
        ``stream_ces`` warns and will be removed in 0.4.

    :func:`stream_top_box` with the answers :func:`expectations.ces` counts
    as "easy".

    Parameters
    ----------
    path : str or os.PathLike
        A CSV or Parquet file.
    column : str
        The column of answers.
    scale, agree_from, direction
        As for :func:`expectations.ces`.
    weights, by, ci, confidence, missing, file_format, chunk_rows, engine, encoding, progress
        As for :func:`stream_top_box`.

    Returns
    -------
    TopBoxResult or pandas.DataFrame
        As :func:`expectations.ces`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ces.csv"
    >>> pd.DataFrame({"ces": [7, 6, 5, 5, 4, 3, 6, 7, 2, 5] * 4}).to_csv(path, index=False)
    >>> import expectations as ex
    >>> ex.ces("ces", data=ex.scan(path)).score  # instead
    70.0
    >>> import warnings
    >>> warnings.simplefilter("ignore", DeprecationWarning)  # for the examples only
    >>> r = stream_ces(path, "ces")
    >>> r.score, r.mean, (r.box_low, r.box_high)
    (70.0, 5.0, (5, 7))
    """
    _deprecated("stream_ces", "ces")
    result: TopBoxResult | pd.DataFrame = _streamed(
        "ces", path, column, scale=scale, agree_from=agree_from, direction=direction,
        weights=weights, by=by, ci=ci, confidence=confidence, missing=missing,
        file_format=file_format, chunk_rows=chunk_rows, engine=engine, encoding=encoding,
        progress=progress)
    return result
