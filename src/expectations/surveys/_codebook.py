"""From what a reader found (cells, question texts, value labels) to responses and codebook."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np
import pandas as pd

from expectations import _reading as reading
from expectations.errors import InvalidParameterError, InvalidScoreError, SchemaError
from expectations.models import Scale
from expectations.surveys._roles import ROLES, infer_role, scale_for

__all__ = ["CODEBOOK_COLUMNS", "Export", "assemble", "check_roles"]

#: The codebook's columns, in order (its index is the response column's name).
CODEBOOK_COLUMNS = ("question", "role", "scale", "labels")

_SCORES = ("nps", "csat", "ces", "rating")


@attrs.frozen(kw_only=True)
class Export:
    """What a format's reader gives: typed columns, question texts, labels and fixed roles."""

    frame: pd.DataFrame
    source: str
    questions: Mapping[str, str] = attrs.field(factory=dict)
    labels: Mapping[str, Mapping[Any, str]] = attrs.field(factory=dict)
    roles: Mapping[str, str] = attrs.field(factory=dict)


def check_roles(roles: object, columns: pd.Index) -> dict[str, str]:
    """Validate ``roles=``: a mapping of existing column names to known roles."""
    if roles is None:
        return {}
    if not isinstance(roles, Mapping):
        raise InvalidParameterError(
            f"roles must be a mapping of column name to role, such as {{'Q7': 'nps'}}, or "
            f"None; got {type(roles).__name__} {roles!r}.")
    known = set(map(str, columns))
    out: dict[str, str] = {}
    for column, role in roles.items():
        if not isinstance(column, str) or column not in known:
            shown = ", ".join(repr(c) for c in list(columns)[:8])
            raise SchemaError(
                f"roles names column {column!r}, which the export does not have; its columns "
                f"are {shown}{', ...' if len(columns) > 8 else ''}. Correct the name.")
        if role not in ROLES:
            raise InvalidParameterError(
                f"roles[{column!r}] must be one of {', '.join(map(repr, ROLES))}; got "
                f"{role!r}.")
        out[column] = role
    return out


def _as_numbers(values: pd.Series, where: str) -> pd.Series:
    """Read a column given a score role by override as numbers (or the reading rules' error)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype(object)
    numbers, bad = reading.number_cells(values)
    if bad.any():
        first = values.to_numpy()[np.flatnonzero(bad)[0]]
        raise reading.bad_values_error(where, "a number", int(bad.sum()), first)
    return pd.Series(numbers, index=values.index)


def _categorical(values: pd.Series, labels: Mapping[Any, str]) -> pd.Series:
    """Labelled codes as a Categorical of their labels (codes without a label stay as text)."""
    keys = list(labels)
    names = [str(labels[k]) for k in keys]
    categories = list(dict.fromkeys(names))
    lookup = {k: categories.index(n) for k, n in zip(keys, names, strict=True)}
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    unlabelled = [u for u in uniques if u not in lookup]
    for value in unlabelled:
        shown = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
        if shown not in categories:
            categories.append(shown)
        lookup[value] = categories.index(shown)
    mapped = np.array([lookup[u] for u in uniques] + [-1], dtype=np.int64)
    out: pd.Series = pd.Series(pd.Categorical.from_codes(mapped[codes],
                                                         dtype=pd.CategoricalDtype(categories)),
                               index=values.index)
    return out


def _scale_with_labels(scale: Scale, labels: Mapping[Any, str] | None) -> Scale:
    if not labels:
        return scale
    try:
        return Scale(scale.low, scale.high, labels={float(k): v for k, v in labels.items()})
    except (InvalidParameterError, TypeError, ValueError):
        return scale


def assemble(export: Export, roles: object = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Give each column its role and type; return ``(responses, codebook)``."""
    frame = export.frame
    overrides = check_roles(roles, frame.columns)
    columns: dict[str, pd.Series] = {}
    rows: list[tuple[object, ...]] = []
    for number, name in enumerate(frame.columns, start=1):
        values = frame[name]
        question = export.questions.get(name, "")
        labels = export.labels.get(name) or None
        role = overrides.get(name) or export.roles.get(name) or infer_role(
            name, question, values, labels)
        where = f"{export.source}, column {number} ({name!r})"
        scale = None
        if role in _SCORES:
            if not pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(
                    values.dtype):
                values = _as_numbers(values, where)
            scale = scale_for(role, values, labels)
            if scale is None and role != "rating":
                raise InvalidScoreError(
                    f"{where}: must be whole numbers on a {role.upper()} scale to have the "
                    f"role {role!r}; its answers are not. Give it another role in roles=.")
            if scale is not None:
                scale = _scale_with_labels(scale, labels)
        elif role == "category" and labels:
            values = _categorical(values, labels)
        columns[name] = values
        rows.append((question, role, scale, dict(labels) if labels else None))
    responses: pd.DataFrame = pd.DataFrame(columns, index=frame.index, copy=False)
    codebook: pd.DataFrame = pd.DataFrame(rows, columns=list(CODEBOOK_COLUMNS),
                                          index=pd.Index(list(frame.columns), name="column"),
                                          dtype=object)
    return responses, codebook
