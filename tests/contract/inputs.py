"""The matrix's columns: classes of bad input, and how each is made from a valid value.

A public function's call is described by its valid keyword arguments and by
*slots*: the arguments (or DataFrame columns inside an argument) where bad
input can go. A slot's ``kind`` says which input classes apply to it; each
class turns the slot's valid value into a bad one, keeping the container the
caller used (list, numpy array, Series, DataFrame), or returns ``NA`` when it
does not apply.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import numpy as np
import pandas as pd

__all__ = [
    "INPUT_CLASSES",
    "KINDS",
    "NA",
    "Slot",
    "Source",
    "bad_value",
]


class _NotApplicable:
    def __repr__(self) -> str:
        return "NA"


NA: Any = _NotApplicable()

# The matrix's columns, with what each one feeds the function.
INPUT_CLASSES: dict[str, str] = {
    "nan": "a NaN (missing) value in the data, or NaN as an option",
    "inf": "+inf in the data or as an option",
    "-inf": "-inf in the data or as an option",
    "out_of_range": "a value outside the scale or the option's allowed range",
    "non_integer": "a fraction on an integer scale, or for an integer option",
    "string": "text where numbers (or a DataFrame) are expected",
    "boolean": "booleans where numbers or an option are expected",
    "none": "None for a required argument",
    "empty": "no rows at all",
    "mismatched_length": "arrays that must align row by row differ in length",
    "object_dtype": "an object-dtype array of numbers written as text",
    "datetime_dtype": "a datetime64 array where numbers are expected",
    "negative_weight": "a negative survey weight",
    "zero_weights": "weights that are all zero",
    "unknown_label": "a category label (answer, option value, key) the function does not know",
    "missing_column": "a DataFrame column the call names is absent",
    "duplicate_id": "a repeated identifier where identifiers must be unique",
}

_NUMBERS = ("nan", "inf", "-inf", "out_of_range", "non_integer", "string", "boolean",
            "none", "empty", "mismatched_length", "object_dtype", "datetime_dtype")

# Which classes can apply to each kind of slot (a slot's bounds and flags narrow it).
KINDS: dict[str, tuple[str, ...]] = {
    "numbers": _NUMBERS,
    "matrix": _NUMBERS,
    "weights": ("nan", "inf", "negative_weight", "zero_weights", "string", "boolean",
                "mismatched_length", "object_dtype", "datetime_dtype"),
    "labels": ("unknown_label", "nan", "none", "empty", "mismatched_length", "boolean"),
    "keys": ("mismatched_length",),
    "ids": ("duplicate_id",),
    "frame": ("none", "empty", "string"),
    "column": ("nan", "inf", "-inf", "out_of_range", "non_integer", "string", "boolean",
               "object_dtype", "datetime_dtype", "missing_column"),
    "id_column": ("duplicate_id", "missing_column", "none"),
    "date_column": ("nan", "string", "boolean", "missing_column"),
    "column_name": ("missing_column", "none", "boolean"),
    "column_names": ("missing_column", "empty", "none"),
    "probability": ("nan", "inf", "-inf", "out_of_range", "string", "boolean", "none"),
    "number": ("nan", "inf", "-inf", "out_of_range", "string", "boolean", "none"),
    "count": ("nan", "inf", "out_of_range", "non_integer", "string", "boolean", "none"),
    "choice": ("unknown_label", "boolean", "none"),
    "seed": ("string", "non_integer", "out_of_range", "boolean"),
    "object": ("string", "boolean", "none"),
    "mapping": ("string", "boolean", "none", "empty"),
}


@attrs.frozen(kw_only=True)
class Slot:
    """Where bad input can go in one call, and what kind of value lives there.

    ``arg`` is the parameter; for DataFrame columns ``column`` names the column
    inside ``arg``. ``low``/``high``/``integer`` describe the valid range;
    ``aligned`` marks row-aligned data (length mismatches and joint emptiness
    apply); ``nullable`` marks arguments for which None is valid. ``custom``
    maps an input class to a function making the bad value from the valid one
    (for classes whose meaning depends on the function, such as an unknown
    label); ``skip`` maps a class to the reason it does not apply here.
    ``given`` holds other arguments the slot needs to be used at all (such as
    ``ci="bootstrap"`` for ``n_resamples``).
    """

    arg: str
    kind: str
    column: str | None = None
    low: float | None = None
    high: float | None = None
    integer: bool = False
    aligned: bool = False
    nullable: bool = False
    names: tuple[str, ...] = ()
    given: Mapping[str, Any] = attrs.field(factory=dict)
    custom: Mapping[str, Callable[[Any], Any]] = attrs.field(factory=dict)
    skip: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def label(self) -> str:
        """The slot's name in test ids: ``arg`` or ``arg[column]``."""
        return f"{self.arg}[{self.column}]" if self.column else self.arg

    @property
    def mentions(self) -> tuple[str, ...]:
        """Words of which an error message about this slot must contain one."""
        return tuple(w for w in (self.arg, self.column, *self.names) if w)

    def classes(self) -> tuple[str, ...]:
        """Return the input classes tried on this slot."""
        out = []
        for name in (*KINDS[self.kind], *(c for c in self.custom if c not in KINDS[self.kind])):
            if name in self.skip:
                continue
            if name in self.custom:
                out.append(name)
                continue
            if name == "out_of_range" and self.kind in ("numbers", "matrix", "column",
                                                        "number") and \
                    self.low is None and self.high is None:
                continue
            if name == "non_integer" and self.kind in ("numbers", "matrix", "column") and \
                    not self.integer:
                continue
            if name == "mismatched_length" and not self.aligned:
                continue
            if name == "none" and self.nullable:
                continue
            out.append(name)
        return tuple(out)


# ----------------------------------------------------------------- containers
def _length(value: Any) -> int:
    return len(value)


def head(value: Any, k: int) -> Any:
    """Return the first ``k`` rows of a list, array, Series or DataFrame."""
    if isinstance(value, (pd.Series, pd.DataFrame)):
        return value.iloc[:k].copy()
    if isinstance(value, np.ndarray):
        return value[:k].copy()
    if isinstance(value, tuple):
        return value[:k]
    return list(value)[:k]


def _put(value: Any, new: object) -> Any:
    """Copy ``value``, replacing its middle row (first column) by ``new``."""
    pos = _length(value) // 2
    numeric = isinstance(new, (float, int)) and not isinstance(new, bool)
    if isinstance(value, pd.DataFrame):
        out = value.astype(float if numeric else object)
        out.iloc[pos, 0] = new
        return out
    if isinstance(value, pd.Series):
        s = value.astype(float if numeric else object)
        s.iloc[pos] = new
        return s
    if isinstance(value, np.ndarray):
        arr = value.astype(float if numeric else object)
        if arr.ndim == 2:
            arr[pos, 0] = new
        else:
            arr[pos] = new
        return arr
    items = list(value)
    if items and isinstance(items[pos], (list, tuple)):  # a list of rows
        row = list(items[pos])
        row[0] = new
        items[pos] = row
    else:
        items[pos] = new
    return items


def _like(value: Any, make: Callable[[tuple[int, ...]], np.ndarray[Any, Any]]) -> Any:
    """Make a container like ``value`` filled with ``make(shape)``."""
    if isinstance(value, pd.DataFrame):
        return pd.DataFrame(make(value.shape), index=value.index, columns=value.columns)
    if isinstance(value, pd.Series):
        return pd.Series(make((len(value),)), index=value.index, name=value.name)
    arr = np.asarray(value)
    filled = make(arr.shape)
    if isinstance(value, np.ndarray):
        return filled
    return filled.tolist()


def _booleans(shape: tuple[int, ...]) -> np.ndarray[Any, Any]:
    out: np.ndarray[Any, Any] = (np.arange(int(np.prod(shape))) % 2 == 0).reshape(shape)
    return out


def _text(value: Any) -> Any:
    if isinstance(value, pd.DataFrame):
        return value.astype(str).astype(object)
    if isinstance(value, pd.Series):
        return value.astype(str).astype(object)
    arr = np.asarray(value)
    return np.array([str(x) for x in arr.ravel()], dtype=object).reshape(arr.shape)


def _dates(shape: tuple[int, ...]) -> np.ndarray[Any, Any]:
    size = int(np.prod(shape))
    out: np.ndarray[Any, Any] = (np.datetime64("2024-01-01") + np.arange(size)).reshape(shape)
    return out


def _duplicate(value: Any) -> Any:
    if isinstance(value, pd.Series):
        s = value.copy()
        s.iloc[1] = s.iloc[0]
        return s
    if isinstance(value, np.ndarray):
        arr = value.copy()
        arr[1] = arr[0]
        return arr
    items = list(value)
    items[1] = items[0]
    return items


def _data_value(slot: Slot, cls: str, value: Any) -> Any:
    """Bad data for 1-D/2-D numeric slots and DataFrame columns."""
    low = slot.low if slot.low is not None else 0.0
    above = (slot.high + 1) if slot.high is not None else (low - 1)
    table: dict[str, Callable[[], Any]] = {
        "nan": lambda: _put(value, math.nan),
        "inf": lambda: _put(value, math.inf),
        "-inf": lambda: _put(value, -math.inf),
        "out_of_range": lambda: _put(value, float(above)),
        "non_integer": lambda: _put(value, low + 0.5),
        "string": lambda: _put(value, "five"),
        "boolean": lambda: _like(value, _booleans),
        "none": lambda: None,
        "empty": lambda: head(value, 0),
        "mismatched_length": lambda: head(value, _length(value) - 1),
        "object_dtype": lambda: _text(value),
        "datetime_dtype": lambda: _like(value, _dates),
        "negative_weight": lambda: _put(value, -1.0),
        "zero_weights": lambda: _like(value, lambda shape: np.zeros(shape)),
        "duplicate_id": lambda: _duplicate(value),
    }
    return table[cls]()


def _column_value(slot: Slot, cls: str, frame: pd.DataFrame) -> Any:
    column = slot.column
    assert column is not None
    if cls == "missing_column":
        return frame.drop(columns=[column])
    if cls == "none" and slot.kind == "id_column":
        out = frame.copy()
        out[column] = out[column].astype(object)
        out.loc[out.index[len(out) // 2], column] = None
        return out
    if slot.kind == "date_column" and cls in ("nan", "string"):
        out = frame.copy()
        col = out[column].astype(object)
        col.iloc[len(col) // 2] = None if cls == "nan" else "the day after tomorrow"
        out[column] = col
        return out
    out = frame.copy()
    out[column] = _data_value(slot, cls, frame[column])
    return out


_OPTION_VALUES: dict[str, dict[str, Any]] = {
    "nan": {"*": math.nan},
    "inf": {"*": math.inf},
    "-inf": {"*": -math.inf},
    "string": {"*": "0.5", "frame": "data.csv", "seed": "seed", "object": "text",
               "mapping": "text"},
    "boolean": {"*": True},
    "none": {"*": None},
    "unknown_label": {"*": "no-such-option"},
    "missing_column": {"*": "no_such_column"},
    "non_integer": {"*": 2.5, "seed": 1.5},
}


def bad_value(slot: Slot, cls: str, value: Any) -> Any:
    """Make the bad value of class ``cls`` for ``slot`` from its valid ``value``."""
    if cls in slot.custom:
        return slot.custom[cls](value)
    kind = slot.kind
    if kind in ("numbers", "matrix", "weights", "labels", "keys", "ids"):
        if kind == "labels" and cls == "unknown_label":
            return _put(value, "no-such-label")
        if kind == "labels" and cls == "boolean":
            return _like(value, _booleans)
        if kind == "labels" and cls == "nan":
            return _put(value, None)
        return _data_value(slot, cls, value)
    if kind in ("column", "id_column", "date_column"):
        return _column_value(slot, cls, value)
    if kind == "frame" and cls == "empty":
        return value.iloc[:0]
    if kind in ("mapping", "column_names") and cls == "empty":
        return {} if kind == "mapping" else []
    if kind == "column_names" and cls == "missing_column":
        return [*(value or []), "no_such_column"]
    if cls == "out_of_range":
        if kind == "probability":
            return 1.5
        if kind == "seed":
            return -1
        if slot.low is not None:
            return slot.low - 1
        assert slot.high is not None
        return slot.high + 1
    options = _OPTION_VALUES[cls]
    return options.get(kind, options["*"])


# ------------------------------------------------------------ valid-data source
@attrs.define
class Source:
    """Makes the valid data for a call: seeded, in a chosen container.

    ``container`` is how 1-D data reaches the function: ``"list"``,
    ``"ndarray"``, ``"series"`` (with a shuffled, non-default index) or
    ``"nullable"`` (a Series of pandas' nullable dtype).
    """

    seed: int = 0
    container: str = "ndarray"
    n: int = 100
    rng: np.random.Generator = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        self.rng = np.random.default_rng(self.seed)

    def _index(self, n: int) -> pd.Index:
        return pd.Index(self.rng.permutation(n) + 100)

    def wrap(self, arr: np.ndarray[Any, Any]) -> Any:
        """Put a 1-D array in this source's container."""
        if self.container == "list":
            return arr.tolist()
        if self.container == "series":
            return pd.Series(arr, index=self._index(arr.size))
        if self.container == "nullable":
            dtype = {"i": "Int64", "u": "Int64", "f": "Float64", "b": "boolean"}.get(
                arr.dtype.kind, "string")
            return pd.Series(pd.array(arr.tolist(), dtype=dtype), index=self._index(arr.size))
        return arr

    def ints(self, low: int, high: int, n: int | None = None) -> Any:
        """Integers in ``low..high`` with every point present when ``n`` allows."""
        n = self.n if n is None else n
        arr = self.rng.integers(low, high + 1, size=n)
        arr[: min(n, high - low + 1)] = np.arange(low, low + min(n, high - low + 1))
        return self.wrap(self.rng.permutation(arr))

    def floats(self, low: float, high: float, n: int | None = None) -> Any:
        """Uniform floats in ``[low, high]``."""
        n = self.n if n is None else n
        return self.wrap(self.rng.uniform(low, high, size=n))

    def choice(self, options: list[Any], n: int | None = None) -> Any:
        """Labels drawn from ``options``, each present when ``n`` allows."""
        n = self.n if n is None else n
        picks = self.rng.integers(0, len(options), size=n)
        picks[: min(n, len(options))] = np.arange(min(n, len(options)))
        arr = np.array(options, dtype=object)[self.rng.permutation(picks)]
        if self.container == "ndarray":
            return arr
        return self.wrap(np.array(arr.tolist()))
