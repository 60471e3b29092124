"""The caller's frame, seen through narwhals: which engine holds it, its columns, its results.

Any frame narwhals accepts (pandas, Polars eager or lazy, PyArrow, DuckDB,
Dask, PySpark, ...) or a :class:`~expectations.engine.Scan` of files is
wrapped once into a :class:`Data`. The counting layer builds lazy queries on
``Data.frame`` (a narwhals LazyFrame) that the engine runs where the data
lives; functions that need the rows themselves take them from
:func:`collect`; tables come back in the caller's library by :func:`to_caller`.
"""

from __future__ import annotations

import contextlib
import sys
import warnings
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import narwhals.stable.v2 as nw
import pandas as pd

from expectations import _validation as v
from expectations.errors import InvalidParameterError, SchemaError

__all__ = ["Data", "NeedRows", "check_columns", "collect", "dask_notice_ignored", "engine_error",
           "to_caller", "wrap"]

#: Engines whose tables come back as they are: a by= table of an eager Polars
#: frame is a Polars DataFrame, of a PyArrow table a PyArrow table. A lazy
#: Polars frame comes back eager (Polars); every other engine's lazy frame
#: comes back as pandas, where the in-memory scores live.
_EAGER_RESULTS = ("polars", "pyarrow")


class NeedRows(Exception):  # noqa: N818 - a signal between two modules, never seen by users
    """Raised by a counter that cannot give the result from counts: collect the rows instead."""


@attrs.frozen(kw_only=True)
class Data:
    """A caller's frame wrapped for the counting layer.

    Attributes
    ----------
    native : object
        What the caller passed as ``data=``.
    frame : narwhals.LazyFrame or None
        A lazy view of it; ``None`` for a scan read by the chunk reader
        (``Scan.engine`` ``"pyarrow"`` or ``"python"``).
    kind : str
        The engine: ``"pandas"``, ``"polars"``, ``"pyarrow"``, ``"duckdb"``,
        ``"dask"``, ``"pyspark"``, ... (narwhals' name for it).
    eager : bool
        Whether the caller's frame holds its rows in memory.
    columns : tuple of str
        The frame's column names.
    source : Scan or None
        The scan, when ``data=`` is one: its reading rules apply to text cells.
    """

    native: object = attrs.field(repr=False)
    frame: Any = attrs.field(repr=False)
    kind: str
    eager: bool
    columns: tuple[str, ...]
    source: Any = None

    @property
    def is_pandas(self) -> bool:
        """Whether the data is a pandas DataFrame (the in-memory numpy path applies)."""
        return isinstance(self.native, pd.DataFrame)


@contextlib.contextmanager
def dask_notice_ignored() -> Iterator[None]:
    """Ignore narwhals' notice that its Dask support will move to a plugin package.

    The package is not yet released; the notice is for narwhals' own callers,
    not for ours, who never call narwhals.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Dask support is moving out of Narwhals",
                                FutureWarning)
        yield


def wrap(data: object) -> Data:
    """Wrap ``data=`` (any frame narwhals accepts, or a Scan) for the counting layer.

    Raises
    ------
    InvalidParameterError
        If ``data`` is not a data frame.

    Examples
    --------
    >>> d = wrap(pd.DataFrame({"score": [10, 9], "shop": ["a", "b"]}))
    >>> d.kind, d.eager, d.columns
    ('pandas', True, ('score', 'shop'))
    >>> wrap([1, 2])
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: data must be a data frame (pandas, Polars,
    PyArrow, DuckDB, Dask, PySpark, or expectations.scan of a file); got list.
    """
    # A Scan exists only once its module is imported: no import needed to rule one out.
    scans = sys.modules.get("expectations.engine._scan")
    if scans is not None and isinstance(data, scans.Scan):
        lazy = data.lazy()
        return Data(native=data, frame=lazy, kind=f"scan:{data.engine}", eager=False,
                    columns=tuple(data.columns), source=data)
    try:
        with dask_notice_ignored():
            frame = nw.from_native(data, allow_series=False)  # type: ignore[call-overload]
    except TypeError:
        raise InvalidParameterError(
            "data must be a data frame (pandas, Polars, PyArrow, DuckDB, Dask, PySpark, or "
            f"expectations.scan of a file); got {type(data).__name__}.") from None
    eager = isinstance(frame, nw.DataFrame)
    kind = str(frame.implementation).rsplit(".", 1)[-1].lower()
    try:
        columns = tuple(frame.columns)
    except Exception as exc:  # a lazy frame whose source fails (a file deleted since)
        raise engine_error(kind, exc) from exc
    if len(set(columns)) != len(columns):
        first = next(c for i, c in enumerate(columns) if c in columns[:i])
        raise SchemaError(f"data must have distinct column names; {first!r} is there twice. "
                          "Rename one of them.")
    return Data(native=data, frame=frame.lazy() if eager else frame, kind=kind, eager=eager,
                columns=columns)


def engine_error(kind: str, exc: Exception) -> InvalidParameterError:
    """Return the library's error for a frame its own engine cannot compute.

    Raised when the engine fails for a reason of its own (a file behind a lazy
    frame deleted, a user function that raises, a cast the engine refuses),
    after the rows were asked for: the engine's message is kept, its
    exception type named, so that no engine exception reaches the caller.
    """
    said = str(exc).strip().splitlines()
    return InvalidParameterError(
        f"data must be a frame its engine ({kind}) can compute; computing the columns "
        f"failed with {type(exc).__name__}: {said[0].rstrip('.') if said else 'no message'}.")


def _names(value: object) -> list[object]:
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def check_columns(d: Data, wanted: Mapping[str, object]) -> None:
    """Check that every column an argument names is in ``d``; name the existing ones if not.

    ``wanted`` maps argument names to a column name or a list of them.

    Examples
    --------
    >>> d = wrap(pd.DataFrame({"score": [10], "shop": ["a"]}))
    >>> check_columns(d, {"scores": "score", "by": ["shop"]})
    >>> check_columns(d, {"scores": "nps"})
    Traceback (most recent call last):
    ...
    expectations.errors.SchemaError: data must have the column 'nps'; it has 'score', 'shop'.
    """
    have = set(d.columns)
    for value in wanted.values():
        for name in _names(value):
            if name not in have:
                raise v.missing_column("data", name, d.columns)


def collect(d: Data, roles: Mapping[str, str]) -> pd.DataFrame:
    """Return the named columns as a pandas DataFrame, for functions that need the rows.

    ``roles`` maps each column to ``"number"``, ``"text"`` or ``"date"``: a
    scan's text cells are read by those rules (:meth:`Scan.read`); any other
    frame's columns come as they are stored. A pandas frame keeps its index.
    """
    names = list(dict.fromkeys(roles))
    if d.source is not None:
        out: pd.DataFrame = d.source.read(roles)
        return out
    if isinstance(d.native, pd.DataFrame):
        subset: pd.DataFrame = d.native[names]
        return subset
    try:
        collected = d.frame.select(names).collect(backend="pandas").to_native()
    except Exception as exc:  # the engine's own failure, said in the library's words
        raise engine_error(d.kind, exc) from exc
    frame: pd.DataFrame = collected
    return frame


def to_caller(result: object, d: Data) -> object:
    """Return a by= table in the caller's library (other results pass through).

    A table from an eager Polars frame, or a lazy one, is a Polars DataFrame;
    from a PyArrow table a PyArrow table: the group keys become the first
    columns (neither library has an index). Every other engine gets the
    pandas DataFrame the in-memory function returns.
    """
    if not isinstance(result, pd.DataFrame):
        return result
    base = d.kind.removeprefix("scan:")
    if base not in _EAGER_RESULTS or d.source is not None:
        return result
    if _has_keys(result.index):
        clash = [n for n in result.index.names if n in result.columns]
        if clash or len(set(result.index.names)) != result.index.nlevels:
            name = clash[0] if clash else result.index.names[0]
            raise SchemaError(
                f"by must name key columns distinct from the result's columns; {name!r} "
                f"is a result column (or named twice), and a {base} table has no index to "
                "keep it apart. Rename the key column.")
    flat = result.reset_index() if _has_keys(result.index) else result.reset_index(drop=True)
    flat.columns = [str(c) for c in flat.columns]
    table = nw.from_native(flat, eager_only=True)
    if base == "pyarrow":
        return table.to_arrow()
    # An ordered categorical (a funnel's bands) keeps its categories and their
    # order as a Polars Enum; other categoricals (keys) stay Categorical.
    fixed = [nw.col(str(c)).cast(nw.Enum([str(x) for x in flat[c].cat.categories]))
             for c in flat.columns
             if isinstance(flat[c].dtype, pd.CategoricalDtype) and flat[c].dtype.ordered]
    polars_table = nw.from_native(table.to_polars(), eager_only=True)
    return (polars_table.with_columns(*fixed) if fixed else polars_table).to_native()


def _has_keys(index: pd.Index) -> bool:
    return not (isinstance(index, pd.RangeIndex) and index.name is None)

