"""Assign customers to personas: by the personas' traits, or to the nearest profile."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import cast

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _validation as v
from expectations.engine._whole_frame import column_kinds, whole_frame
from expectations.errors import (
    InvalidParameterError,
    InvalidScoreError,
    SchemaError,
    format_message,
)
from expectations.models.persona import Persona

__all__ = ["UNASSIGNED", "PersonaAssignment", "assign_personas", "persona_profiles"]

FloatArray = npt.NDArray[np.float64]

#: The label of rows that match no persona.
UNASSIGNED = "unassigned"


@attrs.frozen(kw_only=True)
class PersonaAssignment:
    """Which persona each row belongs to, and how many rows fit none.

    Attributes
    ----------
    labels : pandas.Series
        Categorical, aligned with the data's index: the persona names in the
        order given, then :data:`UNASSIGNED`.
    counts : pandas.Series
        Rows per label, in the categories' order (unassigned last).
    n_unassigned : int
        Rows that match no persona (``"rules"``) or lack a value in a profile
        column (``"nearest"``).
    n_overlapping : int
        With ``"rules"``: rows that match more than one persona (they get the
        first). With ``"nearest"``: 0.
    method : str
        ``"rules"`` or ``"nearest"``.
    distance : pandas.Series or None
        With ``"nearest"``: each row's distance to its persona's profile, in
        standard deviations (NaN when unassigned). None with ``"rules"``.
    profiles : pandas.DataFrame or None
        With ``"nearest"``: the profiles used, one row per persona, in the
        data's units.

    Examples
    --------
    >>> from expectations.models import Persona
    >>> people = pd.DataFrame({"age": [25, 67, 40]})
    >>> personas = [Persona(name="young", description="Under 35", traits={"age": (18, 34)}),
    ...             Persona(name="senior", description="65+", traits={"age": (65, None)})]
    >>> a = assign_personas(people, personas)
    >>> a.labels.tolist(), a.n_unassigned
    (['young', 'senior', 'unassigned'], 1)
    """

    labels: pd.Series = attrs.field(eq=False)
    counts: pd.Series = attrs.field(eq=False)
    n_unassigned: int
    n_overlapping: int
    method: str
    distance: pd.Series | None = attrs.field(default=None, eq=False)
    profiles: pd.DataFrame | None = attrs.field(default=None, eq=False)

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={int(c)}" for k, c in self.counts.items())
        return f"PersonaAssignment(method={self.method!r}, {counts})"


def _check_personas(personas: object) -> tuple[Persona, ...]:
    items = tuple(personas) if isinstance(personas, (list, tuple)) else None
    if not items or not all(isinstance(p, Persona) for p in items):
        raise InvalidParameterError(
            format_message("personas", "a non-empty list of expectations.Persona",
                           fix=f"Got {personas!r}." if items is None else
                           "Build them with Persona(...) or Persona.from_dict(...).")
        )
    names = [p.name for p in items]
    duplicate = next((n for i, n in enumerate(names) if n in names[:i]), None)
    if duplicate is not None or UNASSIGNED in names:
        raise InvalidParameterError(
            format_message("personas", f"uniquely named, none named {UNASSIGNED!r}",
                           fix=f"Got the name {duplicate or UNASSIGNED!r} twice or reserved.")
        )
    return items


def _labels(codes: npt.NDArray[np.intp], names: list[str], index: pd.Index) -> pd.Series:
    categories = pd.Index([*names, UNASSIGNED], dtype=object)
    labels: pd.Series = pd.Series(pd.Categorical.from_codes(codes, categories=categories),
                                  index=index, name="persona")
    return labels


def _counts(codes: npt.NDArray[np.intp], names: list[str]) -> pd.Series:
    counts: pd.Series = pd.Series(np.bincount(codes, minlength=len(names) + 1),
                                  index=pd.Index([*names, UNASSIGNED], dtype=object),
                                  name="count")
    return counts


def persona_profiles(personas: Sequence[Persona], columns: Sequence[str],
                     profiles: Mapping[str, Mapping[str, float]] | None = None) -> pd.DataFrame:
    """Each persona's numeric profile: given, or the midpoint of its range traits.

    Parameters
    ----------
    personas : sequence of Persona
        The personas.
    columns : sequence of str
        The numeric attributes of the profile.
    profiles : mapping, optional
        ``{persona name: {column: value}}``; overrides the midpoints.

    Returns
    -------
    pandas.DataFrame
        One row per persona (indexed by name), one column per attribute.

    Raises
    ------
    InvalidParameterError
        If a persona has neither a given value nor a closed ``(low, high)``
        range trait for a column.

    Examples
    --------
    >>> young = Persona(name="young", description="", traits={"age": (18, 34)})
    >>> older = Persona(name="older", description="", traits={"age": (35, 80)})
    >>> persona_profiles([young, older], ["age"])
         age
    young  26.0
    older  57.5
    """
    given = dict(profiles or {})
    unknown = sorted(set(given) - {p.name for p in personas})
    if unknown:
        raise InvalidParameterError(
            format_message("profiles", "keyed by the names of the personas",
                           fix=f"Got {unknown[0]!r}, which is not a persona.")
        )
    rows = []
    for persona in personas:
        traits = dict(persona.traits)
        own = given.get(persona.name, {})
        row = []
        for column in columns:
            if column in own:
                row.append(float(own[column]))
                continue
            trait = traits.get(column)
            if trait is None or trait.low is None or trait.high is None:
                raise InvalidParameterError(
                    format_message(
                        f"profiles[{persona.name!r}][{column!r}]",
                        "given, or implied by a (low, high) range trait of the persona",
                        fix=f"Persona {persona.name!r} has no closed range for {column!r}; "
                        "pass profiles={name: {column: value}}.")
                )
            row.append((trait.low + trait.high) / 2.0)
        rows.append(row)
    out: pd.DataFrame = pd.DataFrame(rows, index=pd.Index([p.name for p in personas]),
                                     columns=list(columns), dtype=np.float64)
    return out


def _numeric(data: pd.DataFrame, column: str) -> FloatArray:
    series = data[column]
    dtype = series.dtype
    if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype) or \
            isinstance(dtype, pd.CategoricalDtype):
        raise SchemaError(
            f"data[{column!r}] must be numeric for method='nearest'; got dtype {dtype}."
        )
    x: FloatArray = series.to_numpy(dtype=np.float64, na_value=np.nan)
    bad = np.isinf(x)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise InvalidScoreError(
            format_message(f"data[{column!r}]", "finite or missing", count=int(bad.sum()),
                           first=float(x[first]), position=first,
                           fix="Replace infinite values.")
        )
    return x


def assign_personas(data: object, personas: Sequence[Persona], *,
                    method: str = "rules", columns: Sequence[str] | None = None,
                    profiles: Mapping[str, Mapping[str, float]] | None = None,
                    ) -> PersonaAssignment:
    """Assign each row of ``data`` to a persona, reporting the rows that fit none.

    Parameters
    ----------
    data : data frame
        One row per customer, with the columns the personas' traits (or
        profiles) use: a pandas DataFrame, any frame narwhals accepts (Polars
        eager or lazy, PyArrow, DuckDB, Dask, PySpark), or
        :func:`~expectations.scan` of files. Only the columns the traits and
        ``columns`` name are collected from a frame that is not pandas; the
        labels are then indexed by row number.
    personas : sequence of Persona
        The personas, in order of precedence for ``"rules"``.
    method : {"rules", "nearest"}, default "rules"
        ``"rules"``: the first persona whose every trait the row has
        (:meth:`Persona.matches`); rows matching none are unassigned.
        ``"nearest"``: the persona whose profile is nearest in Euclidean
        distance on standardised ``columns``; rows missing a value there are
        unassigned.
    columns : sequence of str, optional
        For ``"nearest"``: the numeric attributes compared. Default: every
        column on which some persona has a range trait.
    profiles : mapping, optional
        For ``"nearest"``: ``{persona name: {column: value}}``, overriding the
        midpoints of the range traits (see :func:`persona_profiles`).

    Returns
    -------
    PersonaAssignment

    Raises
    ------
    SchemaError
        If ``data`` is not a DataFrame, lacks a column, or a ``"nearest"``
        column is not numeric.
    InvalidParameterError
        If ``personas`` is not a non-empty list of uniquely named personas,
        ``method`` is unknown, ``columns``/``profiles`` are given with
        ``"rules"``, or a profile cannot be formed.
    InvalidScoreError
        If a ``"nearest"`` column, or a column a range trait tests, holds
        infinite values.

    Notes
    -----
    For ``"nearest"`` each column is standardised by the data's mean and
    standard deviation (population form; a constant column is left
    unscaled), so that a column in euros does not outweigh one in visits.
    Profiles are standardised with the same mean and deviation. Ties go to
    the persona listed first.

    Examples
    --------
    >>> young = Persona(name="young", description="", traits={"age": (18, 34)})
    >>> older = Persona(name="older", description="", traits={"age": (35, 80)})
    >>> df = pd.DataFrame({"age": [22, 50, 90, None]})
    >>> assign_personas(df, [young, older])
    PersonaAssignment(method='rules', young=1, older=1, unassigned=2)
    >>> assign_personas(df, [young, older], method="nearest").labels.tolist()
    ['young', 'older', 'older', 'unassigned']
    """
    # columns= is read only by "nearest" (with "rules" it is an error reported below).
    compared = column_kinds(columns, "number") if method == "nearest" else []
    data, _ = whole_frame(data, [*_trait_columns(personas), *compared])
    frame = v.check_columns(data, [], name="data")
    items = _check_personas(personas)
    v.check_option(method, "method", ("rules", "nearest"))
    names = [p.name for p in items]
    if method == "rules":
        if columns is not None or profiles is not None:
            raise InvalidParameterError(
                "columns and profiles must be None with method='rules'; they are used only "
                "by method='nearest'."
            )
        return _by_rules(frame, items, names)
    if columns is None:
        columns = sorted({c for p in items for c, t in p.traits if t.low is not None
                          or t.high is not None})
        if not columns:
            raise InvalidParameterError(
                "columns must be given for method='nearest' when no persona has a numeric "
                "range trait; got None."
            )
    columns = list(columns)
    if not columns or not all(isinstance(c, str) for c in cast(list[object], columns)):
        raise InvalidParameterError(
            format_message("columns", "a non-empty list of column names", fix=f"Got {columns!r}.")
        )
    v.check_columns(frame, columns, name="data")
    table = persona_profiles(items, columns, profiles)
    return _nearest(frame, table, names, columns)


def _trait_columns(personas: object) -> list[tuple[object, str]]:
    """Return the columns the personas' traits test: ranges are numbers, allowed values labels."""
    if not isinstance(personas, (list, tuple)):
        return []  # assign_personas reports it
    out: list[tuple[object, str]] = []
    for persona in personas:
        if isinstance(persona, Persona):
            for column, trait in persona.traits:
                allowed = list(trait.allowed or ())
                numeric = trait.low is not None or trait.high is not None or (
                    bool(allowed) and all(isinstance(x, (int, float))
                                          and not isinstance(x, bool) for x in allowed))
                out.append((column, "number" if numeric else "text"))
    return out


def _by_rules(frame: pd.DataFrame, items: tuple[Persona, ...],
              names: list[str]) -> PersonaAssignment:
    ranged = sorted({c for p in items for c, t in p.traits
                     if (t.low is not None or t.high is not None) and c in frame.columns})
    for column in ranged:
        # An infinite age or spend is a data error, not a customer outside every range.
        if pd.api.types.is_float_dtype(frame[column].dtype):
            _numeric(frame, column)
    n = len(frame)
    codes = np.full(n, len(items), dtype=np.intp)
    matched = np.zeros(n, dtype=np.int64)
    for i in range(len(items) - 1, -1, -1):  # last to first: the first match wins
        mask = items[i].matches(frame)
        codes[mask] = i
        matched += mask
    labels = _labels(codes, names, frame.index)
    counts = _counts(codes, names)
    return PersonaAssignment(labels=labels, counts=counts, n_unassigned=int(counts.iloc[-1]),
                             n_overlapping=int(np.count_nonzero(matched > 1)), method="rules")


def _nearest(frame: pd.DataFrame, table: pd.DataFrame, names: list[str],
             columns: list[str]) -> PersonaAssignment:
    x = np.column_stack([_numeric(frame, c) for c in columns]) if len(frame) else \
        np.empty((0, len(columns)))
    complete = ~np.isnan(x).any(axis=1)
    with np.errstate(invalid="ignore"):
        centre = np.nanmean(x, axis=0) if complete.any() else np.zeros(len(columns))
        spread = np.nanstd(x, axis=0) if complete.any() else np.ones(len(columns))
    spread = np.where(spread > 0, spread, 1.0)
    z = (x[complete] - centre) / spread
    p = (table.to_numpy(dtype=np.float64) - centre) / spread
    squared = ((z[:, None, :] - p[None, :, :]) ** 2).sum(axis=2)
    nearest = np.argmin(squared, axis=1) if z.shape[0] else np.empty(0, dtype=np.intp)
    codes = np.full(len(frame), len(names), dtype=np.intp)
    codes[complete] = nearest
    distance = np.full(len(frame), np.nan)
    distance[complete] = np.sqrt(squared[np.arange(z.shape[0]), nearest])
    counts = _counts(codes, names)
    return PersonaAssignment(
        labels=_labels(codes, names, frame.index), counts=counts,
        n_unassigned=int(counts.iloc[-1]), n_overlapping=0, method="nearest",
        distance=pd.Series(distance, index=frame.index, name="distance"), profiles=table,
    )

