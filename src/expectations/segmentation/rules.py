"""First-match rule segmentation: rules are data, evaluated column-wise with numpy.

A rule table is an ordered list of rules, each a name and conditions on
columns; a row belongs to the first rule all of whose conditions it meets,
or to the default segment. Rules are plain data (dicts, or JSON read with the
:mod:`json` module), never code: nothing is evaluated with ``eval`` or
``DataFrame.query``, so a rule file from a colleague cannot run anything.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from typing import Any, cast

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations._structured import load_structured, parse_structured
from expectations._validation import check_columns
from expectations.engine._whole_frame import whole_frame
from expectations.errors import (
    ExpectationsError,
    InvalidParameterError,
    SchemaError,
    format_message,
)
from expectations.models._checks import check_unicode

__all__ = ["OPERATORS", "Condition", "Rule", "load_rules", "segment"]

BoolArray = npt.NDArray[np.bool_]

#: The operators a condition may use, with what each means.
OPERATORS: Mapping[str, str] = {
    "==": "equals the value",
    "!=": "is present and differs from the value",
    "in": "is one of the listed values",
    "not_in": "is present and none of the listed values",
    "between": "lies in [low, high], both inclusive",
    ">": "is greater than the value",
    ">=": "is at least the value",
    "<": "is less than the value",
    "<=": "is at most the value",
    "missing": "is missing (true) or present (false)",
}
_ORDERING = (">", ">=", "<", "<=", "between")
_SCALARS = (str, int, float, bool, np.integer, np.floating, np.bool_)


def _is_scalar(value: object) -> bool:
    if isinstance(value, (float, np.floating)) and math.isnan(value):
        return False
    return isinstance(value, _SCALARS)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_)) and math.isfinite(value)


@attrs.frozen(kw_only=True)
class Condition:
    """One test on one column: ``column operator value``.

    Parameters
    ----------
    column : str
        The column of the data tested.
    operator : str
        One of :data:`OPERATORS`.
    value : object
        A scalar for ``==``, ``!=`` and the comparisons; a tuple of scalars for
        ``in`` and ``not_in``; a ``(low, high)`` tuple for ``between``; a bool
        for ``missing``.

    Examples
    --------
    >>> Condition(column="age", operator="between", value=(18, 34))
    Condition(column='age', operator='between', value=(18, 34))
    """

    column: str
    operator: str
    value: Any


@attrs.frozen(kw_only=True)
class Rule:
    """A named segment and the conditions (all must hold) that put a row in it.

    A rule with no conditions matches every row: put it last as a catch-all.

    Examples
    --------
    >>> rule = load_rules([{"name": "young", "when": {"age": {"<": 35}}}])[0]
    >>> rule.name, rule.conditions
    ('young', (Condition(column='age', operator='<', value=35),))
    >>> rule.to_dict()
    {'name': 'young', 'when': {'age': {'<': 35}}}
    """

    name: str
    conditions: tuple[Condition, ...]
    description: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return the rule in the dict form :func:`load_rules` reads."""
        when: dict[str, dict[str, Any]] = {}
        for c in self.conditions:
            value = list(c.value) if isinstance(c.value, tuple) else c.value
            when.setdefault(c.column, {})[c.operator] = value
        out: dict[str, Any] = {"name": self.name, "when": when}
        if self.description:
            out["description"] = self.description
        return out


# ---------------------------------------------------------------- reading rules

def _bad(where: str, rule: str, got: object, fix: str = "") -> InvalidParameterError:
    message = format_message(where, rule, fix=f"Got {got!r}." + (f" {fix}" if fix else ""))
    return InvalidParameterError(message)


def _condition(where: str, column: str, operator: str, value: object) -> Condition:
    if operator not in OPERATORS:
        known = ", ".join(repr(o) for o in OPERATORS)
        raise InvalidParameterError(
            format_message(where, f"a condition using the operators {known}",
                           fix=f"Got the unknown operator {operator!r}.")
        )
    if operator in ("==", "!="):
        if not _is_scalar(value):
            raise _bad(where, f"a single value (text, number or bool) for {operator!r}", value,
                       "Use {'missing': true} to test for missing values.")
        return Condition(column=column, operator=operator, value=value)
    if operator in ("in", "not_in"):
        if not isinstance(value, (list, tuple)) or not value or not all(map(_is_scalar, value)):
            raise _bad(where, f"a non-empty list of values for {operator!r}", value)
        return Condition(column=column, operator=operator, value=tuple(value))
    if operator == "between":
        if not (isinstance(value, (list, tuple)) and len(value) == 2
                and all(_is_number(x) or isinstance(x, str) for x in value)):
            raise _bad(where, "a [low, high] pair of numbers (or dates) for 'between'", value)
        low, high = value
        if type(low) is type(high) and high < low:
            raise _bad(where, "a [low, high] pair with low <= high for 'between'", value)
        return Condition(column=column, operator=operator, value=(low, high))
    if operator == "missing":
        if not isinstance(value, bool):
            raise _bad(where, "true or false for 'missing'", value)
        return Condition(column=column, operator=operator, value=value)
    if not (_is_number(value) or isinstance(value, str)):
        raise _bad(where, f"a number (or a date) for {operator!r}", value)
    return Condition(column=column, operator=operator, value=value)


def _conditions(where: str, when: object) -> tuple[Condition, ...]:
    if not isinstance(when, Mapping):
        raise _bad(where, "a mapping from column names to conditions", when)
    out: list[Condition] = []
    for column, spec in when.items():
        at = f"{where}[{column!r}]"
        if not isinstance(column, str) or not column:
            raise _bad(where, "a mapping whose keys are column names", column)
        if isinstance(spec, Mapping):
            if not spec:
                raise _bad(at, "a non-empty condition", spec)
            out.extend(_condition(at, column, str(op), value) for op, value in spec.items())
        elif isinstance(spec, (list, tuple)):
            out.append(_condition(at, column, "in", spec))
        else:
            out.append(_condition(at, column, "==", spec))
    return tuple(out)


def _rule(i: int, item: object) -> Rule:
    where = f"rules[{i}]"
    if isinstance(item, Rule):
        return item
    if not isinstance(item, Mapping):
        raise _bad(where, 'a mapping {"name": ..., "when": {...}}', item)
    unknown = sorted(set(item) - {"name", "when", "description"})
    if unknown:
        raise _bad(where, "a mapping with the keys 'name', 'when' and optionally "
                   "'description'", unknown[0], "Remove or rename that key.")
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _bad(f"{where}['name']", "a non-empty string", name)
    description = item.get("description", "")
    if not isinstance(description, str):
        raise _bad(f"{where}['description']", "a string", description)
    # A label UTF-8 cannot encode would crash every report writer later.
    check_unicode(name, f"{where}['name']")
    check_unicode(description, f"{where}['description']")
    return Rule(name=name, conditions=_conditions(f"{where}['when']", item.get("when", {})),
                description=description)


def load_rules(source: object, *, encoding: str = "utf-8") -> tuple[Rule, ...]:
    """Read and check a rule table from Python data, JSON text or a JSON or TOML file.

    Parameters
    ----------
    source : list of dict, dict, str, or path
        - a list of rules, each ``{"name": str, "when": {column: condition}}``
          with an optional ``"description"``; or :class:`Rule` objects;
        - a dict ``{"rules": [...]}``;
        - a string of JSON text holding either form;
        - a :class:`pathlib.Path` (or other ``os.PathLike``) to a JSON file,
          or to a ``.toml`` file (Python 3.11+) holding ``[[rules]]`` tables.
          Files are read by the library's one safe reader: a missing file,
          bytes that are not valid in ``encoding``, invalid syntax (with its
          line and column), nesting deeper than 100 levels, an integer of
          thousands of digits or a repeated JSON key each raise
          :class:`~expectations.errors.InvalidParameterError`.

        A condition is a single value (equals), a list (one of), or a dict of
        operators, all of which must hold, for example
        ``{">=": 18, "<": 35}``; see :data:`OPERATORS`. Several columns in
        one ``when`` must all hold. An empty ``when`` matches every row.
        Compare a date column with a date written as an ISO string
        (``{"signup": {">=": "2023-01-01"}}``), not with a number.
    encoding : str, default "utf-8"
        The text encoding of a rule file.

    Returns
    -------
    tuple of Rule
        In the order given, which is the order of precedence.

    Raises
    ------
    InvalidParameterError
        If the source is not one of these forms, cannot be read or parsed, two rules
        share a name, a rule is malformed, or a condition uses an unknown
        operator or an unsuitable value; the message names where
        (``rules[2]['when']['age']``).

    Examples
    --------
    >>> rules = load_rules('[{"name": "vip", "when": {"spend": {">=": 1000}}},'
    ...                    ' {"name": "north", "when": {"region": ["north", "n"]}}]')
    >>> [r.name for r in rules]
    ['vip', 'north']
    >>> rules[1].conditions[0]
    Condition(column='region', operator='in', value=('north', 'n'))
    >>> load_rules([{"name": "x", "when": {"age": {"=>": 3}}}])
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: rules[0]['when']['age'] must be ... Got the
    unknown operator '=>'.
    """
    data: object = source
    if isinstance(source, os.PathLike):
        data = load_structured(source, argument="rules", encoding=encoding,
                               encoding_option=True)
    elif isinstance(source, str):
        data = _parse_json(source)
    if isinstance(data, Mapping):
        if set(data) != {"rules"}:
            raise _bad("rules", 'a list of rules or a mapping {"rules": [...]}',
                       sorted(data)[:5])
        data = data["rules"]
    if not isinstance(data, (list, tuple)):
        raise _bad("rules", "a list of rules, a mapping {\"rules\": [...]}, JSON text or a "
                   "path to a JSON file", type(data).__name__)
    table = tuple(_rule(i, item) for i, item in enumerate(data))
    seen: dict[str, int] = {}
    for i, rule in enumerate(table):
        if rule.name in seen:
            raise InvalidParameterError(
                format_message(f"rules[{i}]['name']", "unique among the rules",
                               fix=f"{rule.name!r} already names rules[{seen[rule.name]}]; "
                               "a row can only be in one segment, so give each rule its own "
                               "name (use 'in' or 'between' to widen one rule).")
            )
        seen[rule.name] = i
    return table


def _parse_json(text: str) -> object:
    try:
        return parse_structured(text, "json", argument="rules")
    except InvalidParameterError as exc:
        if "valid JSON" not in str(exc):
            raise
        raise InvalidParameterError(f"{exc} To read a file, pass a pathlib.Path.") from None


# ---------------------------------------------------------------- evaluating rules

class _Column:
    """One data column, prepared once for every condition that tests it."""

    def __init__(self, series: pd.Series, name: str) -> None:
        self.name = name
        self.series = series
        dtype = series.dtype
        self.categorical = isinstance(dtype, pd.CategoricalDtype)
        self.boolean = pd.api.types.is_bool_dtype(dtype)
        self.datetime = pd.api.types.is_datetime64_any_dtype(dtype)
        self.numeric = (pd.api.types.is_numeric_dtype(dtype) and not self.boolean
                        and not self.categorical)
        self.array: np.ndarray[Any, Any] | None = None
        self.tz: Any = None
        if self.numeric:
            if isinstance(dtype, np.dtype):
                self.array = series.to_numpy()
            else:  # nullable: missing values become NaN, which no comparison matches
                self.array = series.to_numpy(dtype=np.float64, na_value=np.nan)
        elif self.datetime:
            # A zoned column compares in UTC; rule dates without a zone are read in
            # the column's zone (see _value).
            self.tz = getattr(dtype, "tz", None)
            self.array = (series.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()
                          if self.tz is not None else series.to_numpy())

    def missing(self) -> BoolArray:
        if self.array is not None:
            return np.isnat(self.array) if self.datetime else _isnan(self.array)
        out: BoolArray = self.series.isna().to_numpy(dtype=bool)
        return out

    def mask(self, condition: Condition, where: str) -> BoolArray:
        if condition.operator == "missing":
            m = self.missing()
            return m if condition.value else ~m
        if self.categorical:
            return self._categorical(condition, where)
        if self.array is not None:
            return self._array(condition, where)
        return self._series(condition, where)

    def _categorical(self, condition: Condition, where: str) -> BoolArray:
        # Test the few categories, then broadcast to the rows through the codes.
        cat = cast(pd.Categorical, self.series.array)
        categories = pd.Series(cat.categories)
        on_categories = _Column(categories, self.name).mask(condition, where)
        lookup = np.append(on_categories, False)  # code -1 (missing) never matches
        codes = np.asarray(cat.codes)
        out: BoolArray = lookup[codes]
        return out

    def _value(self, value: object, where: str, operator: str) -> Any:
        """Convert a rule value to something comparable with this column, or fail."""
        if self.datetime:
            rule = f"a date for {operator!r} on the date column {self.name!r}"
            if not isinstance(value, str):
                # pandas would read a number as nanoseconds since 1970, so
                # {">=": 2023} would match every row.
                raise _bad(where, rule, value,
                           f"Write the date as an ISO string, for example "
                           f"{{{operator!r}: '2023-01-01'}}.")
            try:
                stamp = pd.Timestamp(value)
            except (TypeError, ValueError, OverflowError) as exc:
                raise _bad(where, rule, value,
                           "Write the date as an ISO string, for example '2023-01-01'.") from exc
            if stamp is pd.NaT:
                raise _bad(where, rule, value, "Use {'missing': true} to test for missing dates.")
            if self.tz is not None:
                stamp = (stamp.tz_localize(self.tz) if stamp.tzinfo is None else stamp)
                stamp = stamp.tz_convert("UTC").tz_localize(None)
            elif stamp.tzinfo is not None:
                raise _bad(where, f"a date without a time zone on the column {self.name!r}, "
                           "which has none", value,
                           "Drop the offset, or give the column a time zone first.")
            return stamp.to_datetime64()
        if not _is_number(value) and not (
                isinstance(value, (float, np.floating)) and math.isinf(value)):
            raise _bad(where, f"a number for {operator!r} on the numeric column {self.name!r}",
                       value)
        return value

    def _array(self, condition: Condition, where: str) -> BoolArray:
        x = cast(np.ndarray, self.array)
        op, value = condition.operator, condition.value
        if op in ("in", "not_in"):
            items = np.array([self._value(item, where, op) for item in value])
            found: BoolArray = np.isin(x, items)
            return found if op == "in" else ~found & ~self.missing()
        if op == "between":
            low, high = (self._value(item, where, op) for item in value)
            out: BoolArray = (x >= low) & (x <= high)
            return out
        value = self._value(value, where, op)
        if op == "==":
            return np.asarray(x == value)
        if op == "!=":
            return np.asarray(x != value) & ~self.missing()
        if op == ">":
            return np.asarray(x > value)
        if op == ">=":
            return np.asarray(x >= value)
        if op == "<":
            return np.asarray(x < value)
        return np.asarray(x <= value)

    def _series(self, condition: Condition, where: str) -> BoolArray:
        op, value = condition.operator, condition.value
        if op in _ORDERING:
            raise SchemaError(
                f"data[{self.name!r}] must be numeric or dates for the operator {op!r} "
                f"in {where}; got dtype {self.series.dtype}. Use '==' or 'in' for text."
            )
        if self.boolean and not all(isinstance(x, (bool, np.bool_))
                                    for x in (value if op in ("in", "not_in") else (value,))):
            raise _bad(where, f"true or false for the boolean column {self.name!r}", value)
        present = ~self.missing()
        if op in ("in", "not_in"):
            found = self.series.isin(list(value)).to_numpy(dtype=bool)
            return found & present if op == "in" else ~found & present
        equal = self.series.eq(value).to_numpy(dtype=bool, na_value=False)
        return equal if op == "==" else ~equal & present


def _isnan(x: np.ndarray[Any, Any]) -> BoolArray:
    if x.dtype.kind == "f":
        nan: BoolArray = np.isnan(x)
        return nan
    return np.zeros(x.shape, dtype=bool)


def segment(data: object, rules: object, *, default: str = "other") -> pd.Series:
    """Label every row with the first rule it matches, or with ``default``.

    Parameters
    ----------
    data : data frame
        One row per customer (or per anything to segment): a pandas
        DataFrame, any frame narwhals accepts (Polars eager or lazy, PyArrow,
        DuckDB, Dask, PySpark), or :func:`~expectations.scan` of files. Only
        the columns the rules test are collected from a frame that is not
        pandas.
    rules : list of dict, dict, str, path, or sequence of Rule
        The ordered rule table, in any form :func:`load_rules` reads.
    default : str, default "other"
        The label of rows that match no rule; it must differ from every rule's
        name.

    Returns
    -------
    pandas.Series
        Categorical, aligned with ``data``'s index (row numbers for a frame
        that is not pandas), named ``"segment"``. Its
        categories are the rule names in rule order, then ``default``. No row
        is left without a label.

    Raises
    ------
    SchemaError
        If ``data`` is not a DataFrame, lacks a column a rule tests (the message
        names the column and the rule), has several columns of that name, or a
        comparison is applied to a column that is neither numeric nor dates.
    InvalidParameterError
        If the rules are malformed (see :func:`load_rules`), a value cannot be
        compared with its column (a date column is compared with dates written
        as ISO strings, never with numbers), or ``default`` is not a non-empty string or
        equals a rule's name.

    Notes
    -----
    A row matches a rule when it meets every condition of the rule. Missing
    values never meet a condition except ``{"missing": true}``; in particular
    ``!=`` and ``not_in`` do not match them. Conditions on a categorical column
    are tested on its categories and broadcast to the rows through the codes.
    On a date column with a time zone, a rule date without an offset is read
    in the column's zone; one with an offset is compared as the same instant.
    Each rule costs a few vectorised passes over its columns; rules are
    applied from last to first, so that earlier rules overwrite later ones and
    the first match wins, without a loop over rows.

    Examples
    --------
    >>> df = pd.DataFrame({"orders": [12, 3, 1, 0], "region": ["north", "south", "north", None]})
    >>> rules = [
    ...     {"name": "loyal", "when": {"orders": {">=": 10}}},
    ...     {"name": "northern", "when": {"region": "north"}},
    ...     {"name": "active", "when": {"orders": {"between": [1, 9]}}},
    ... ]
    >>> labels = segment(df, rules)
    >>> labels.tolist()
    ['loyal', 'active', 'northern', 'other']
    >>> list(labels.cat.categories)
    ['loyal', 'northern', 'active', 'other']
    >>> segment(df, [{"name": "x", "when": {"spend": {">": 1}}}])
    Traceback (most recent call last):
    ...
    expectations.errors.SchemaError: data must have the column 'spend' used by rules[0] ('x');
    it has 'orders', 'region'.
    """
    data, _ = whole_frame(data, _rule_columns(rules))
    data = check_columns(data, [], name="data")
    if not isinstance(cast(object, default), str) or not default.strip():
        raise InvalidParameterError(
            format_message("default", "a non-empty string", fix=f"Got {default!r}."))
    table = load_rules(rules)
    if any(r.name == default for r in table):
        raise InvalidParameterError(
            format_message("default", "different from every rule's name",
                           fix=f"Got {default!r}, which names a rule; rename one of them.")
        )
    _check_rule_columns(data, table)
    names = [r.name for r in table] + [default]
    code_of = {name: i for i, name in enumerate(names)}
    dtype = np.int8 if len(names) < 127 else np.int32
    codes = np.full(len(data), code_of[default], dtype=dtype)
    columns: dict[str, _Column] = {}
    for i in range(len(table) - 1, -1, -1):
        rule = table[i]
        code = code_of[rule.name]
        mask = _rule_mask(data, rule, i, columns)
        if mask is None:
            codes.fill(code)
        else:
            np.copyto(codes, dtype(code), where=mask)
    categorical = pd.Categorical.from_codes(codes, categories=pd.Index(names, dtype=object))
    labels: pd.Series = pd.Series(categorical, index=data.index, name="segment")
    return labels


def _rule_columns(rules: object) -> list[tuple[object, str]]:
    """Return the columns the rules test, with how a scan reads each (none if rules are bad).

    Text compared by order (``>``, ``between``) is an ISO date, so that column
    holds dates; text tested for equality is a label; anything else a number.
    Malformed rules give no columns: ``segment`` then reports them itself.
    """
    try:
        table = load_rules(rules)
    except ExpectationsError:
        return []
    out: list[tuple[object, str]] = []
    for rule in table:
        for condition in rule.conditions:
            value = condition.value
            values = value if isinstance(value, tuple) else (value,)
            if not any(isinstance(x, str) for x in values):
                kind = "number" if condition.operator != "missing" else "text"
            else:
                kind = "date" if condition.operator in _ORDERING else "text"
            out.append((condition.column, kind))
    return out


def _check_rule_columns(data: pd.DataFrame, table: Sequence[Rule]) -> None:
    duplicated = set(data.columns[data.columns.duplicated()])
    for i, rule in enumerate(table):
        for condition in rule.conditions:
            if condition.column in duplicated:
                raise SchemaError(
                    f"data must have one column named {condition.column!r} (used by "
                    f"rules[{i}], {rule.name!r}); it has "
                    f"{int((data.columns == condition.column).sum())}. Rename or drop the "
                    "copies first.")
            if condition.column not in data.columns:
                present = list(data.columns)
                have = ", ".join(repr(c) for c in present[:10])
                more = f" and {len(present) - 10} more" if len(present) > 10 else ""
                raise SchemaError(
                    f"data must have the column {condition.column!r} used by rules[{i}] "
                    f"({rule.name!r}); it has {have or 'no columns'}{more}."
                )


def _rule_mask(data: pd.DataFrame, rule: Rule, i: int,
               columns: dict[str, _Column]) -> BoolArray | None:
    """Rows meeting every condition of ``rule``; None when it has none (all rows)."""
    mask: BoolArray | None = None
    for condition in rule.conditions:
        column = columns.get(condition.column)
        if column is None:
            column = columns[condition.column] = _Column(data[condition.column],
                                                         condition.column)
        where = f"rules[{i}]['when'][{condition.column!r}]"
        m = column.mask(condition, where)
        if mask is None:
            # pandas may hand back read-only views; the running mask is written in place.
            mask = m if m.flags.writeable else m.copy()
        else:
            np.logical_and(mask, m, out=mask)
    return mask
