"""The ``data=`` class: every function that takes columns takes them from any frame.

Two ways a public callable reads a frame, both built from the registry:

- **columns** (``ex.nps("score", by="seg", data=frame)``): a function whose
  row-aligned arguments (its ``@aligned`` names) become column names when
  ``data=`` is given. Its registry call is rewritten with those arrays as the
  columns of one frame (a 2-D argument as ``arg1``, ``arg2``, ...; passed
  as the list of those names);
- **frame** (``rfm(transactions, ...)``, ``cluster(data, ...)``): a function
  whose first argument is itself a table; the same table is given as Polars.

For either, the result must equal the array form's (pandas), and every bad
input the contract already tries for that callable must give the same error
class and message through a Polars frame. A case whose bad value no frame can
hold (columns of different lengths, text in a number column for Polars, one
string where a column should be) is listed with the reason, not run.

:data:`EXEMPT` lists the callables that take no columns, with the reason; a
callable that takes row-aligned arguments (``@aligned``) but has no ``data``
parameter and is not exempt fails ``test_contract_data.py``, so "every
function takes data=" stays true as functions are added.
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import numpy as np
import pandas as pd
from tests.contract.inputs import Slot, Source, bad_value
from tests.contract.registry import AVAILABLE, Spec, call, empty_rows, resolve

from expectations.errors import ExpectationsError, SmallSampleWarning

__all__ = ["BAD", "EXEMPT", "Bad", "Outcome", "aligned_arguments", "frame_argument", "kind_of",
           "outcome", "valid_columns_call"]

Kwargs = dict[str, Any]

_MODEL = "a model built from scalar fields, not columns"

#: Callables that take no columns, and why.
EXEMPT: dict[str, str] = {
    "importance_performance": "takes one importance and one performance value per attribute "
                              "(Series keyed by attribute name), not rows of a table",
    "pain_points": "perceptions are a mapping of touchpoint to dimension to answers, not "
                   "the columns of one table",
    "load_rules": "reads rules text, not data",
    "Lexicon": "builds a lexicon from a mapping of terms, not data",
    "report": "takes several tables at once (responses, transactions, ...); files go through "
              "report --stream and expectations.scan",
    "report_demo": "takes no data",
    "stream_report": "reads a file by path, not a frame",
    "read_survey": "reads a file by path, not a frame",
    "scan": "opens files by path; what it returns is a frame every function takes",
    **dict.fromkeys(("Scale", "Commitment", "Expectation", "Touchpoint", "Trait", "Persona",
                     "Customer", "Journey", "Channel", "Stage", "NPSCounts"), _MODEL),
}


def aligned_arguments(func: Callable[..., Any]) -> tuple[str, ...] | None:
    """Return the row-aligned argument names of an ``@aligned`` function; None if it is not one.

    Read from the decorator's wrapper, so that the contract follows the code
    rather than a list kept by hand.
    """
    code = getattr(func, "__code__", None)
    if code is None or not code.co_filename.endswith("_align.py"):
        return None
    cells = dict(zip(code.co_freevars, (c.cell_contents for c in func.__closure__ or ()),
                     strict=True))
    return tuple(cells.get("columns", ()))


def frame_argument(spec: Spec) -> str | None:
    """Return the first parameter, when the registry says it is a whole table (a "frame" slot)."""
    parameters = list(inspect.signature(resolve(spec)).parameters)
    first = parameters[0] if parameters else None
    if any(slot.kind == "frame" and slot.arg == first for slot in spec.slots):
        return first
    return None


def kind_of(spec: Spec) -> str:
    """``"frame"``, ``"columns"`` or ``"none"``: how the callable reads a frame."""
    if spec.name in EXEMPT:
        return "none"
    if frame_argument(spec) is not None:
        return "frame"
    func = resolve(spec)
    names = aligned_arguments(func)
    parameters = inspect.signature(func).parameters
    if names is not None and "data" in parameters and "data" not in names:
        return "columns"
    return "none"


# ------------------------------------------------------------- building calls
def _is_column(value: object) -> bool:
    return isinstance(value, (np.ndarray, pd.Series, pd.DataFrame)) or (
        isinstance(value, list) and not any(isinstance(x, (list, tuple, dict)) for x in value))


def _columns_of(arg: str, value: Any) -> dict[str, Any] | None:
    """Return the frame columns holding one argument's values; None when it cannot be columns."""
    # Items of a 2-D argument are numbered from 1 at the end of their names
    # ("perceived1"), so that item numbers (servqual's dimensions) still find them.
    if isinstance(value, pd.DataFrame):
        return {f"{arg}{j + 1}": value.iloc[:, j].reset_index(drop=True)
                for j in range(value.shape[1])}
    if isinstance(value, np.ndarray) and value.ndim == 2:
        return {f"{arg}{j + 1}": value[:, j] for j in range(value.shape[1])}
    if isinstance(value, pd.Series):
        return {arg: value.reset_index(drop=True)}
    if isinstance(value, np.ndarray) and value.ndim == 1:
        return {arg: value}
    if isinstance(value, list) and _is_column(value):
        return {arg: pd.Series(value, dtype=object if not value else None)}
    return None


def as_columns(spec: Spec, kwargs: Kwargs) -> tuple[pd.DataFrame, Kwargs] | str:
    """Return the call with its row-aligned arrays moved into one pandas frame, by name.

    Returns the frame and the arguments naming its columns (``data`` not yet
    set), or the reason the values cannot be columns of one frame.
    """
    names = aligned_arguments(resolve(spec)) or ()
    columns: dict[str, Any] = {}
    out = dict(kwargs)
    for arg in names:
        value = kwargs.get(arg)
        if value is None:
            continue
        parts = _columns_of(arg, value)
        if parts is None:
            return "a value that is not one column (a single string or scalar)"
        columns.update(parts)
        out[arg] = list(parts) if len(parts) > 1 or (
            isinstance(value, (pd.DataFrame, np.ndarray)) and np.ndim(value) == 2) else arg
    lengths = {len(c) for c in columns.values()}
    if len(lengths) > 1:
        return "columns of one frame have one length"
    if not columns:
        return "no row-aligned argument holds values"
    frame = pd.DataFrame(columns)
    return frame, out


def array_form(kwargs: Kwargs, frame: pd.DataFrame) -> Kwargs:
    """Return the same call in array form: each name replaced by the frame's column(s)."""
    out = dict(kwargs)
    for arg, value in kwargs.items():
        one = isinstance(value, str) and value in frame.columns and arg != "data"
        several = isinstance(value, list) and bool(value) and all(
            isinstance(v, str) and v in frame.columns for v in value)
        if one or several:
            out[arg] = frame[value]
    return out


def valid_columns_call(spec: Spec) -> tuple[pd.DataFrame, Kwargs]:
    """Return the registry's valid call as a frame and column names (a ``columns`` callable)."""
    built = as_columns(spec, spec.valid(Source()))
    assert not isinstance(built, str), f"{spec.name}: {built}"
    return built


def to_polars(value: Any) -> Any:
    """Return a pandas frame as Polars (as a user builds one), or why it cannot be one."""
    import polars as pl

    try:
        return pl.from_pandas(value)
    except Exception as exc:  # Polars/Arrow refuse in many ways; all mean "no"
        return _Refused(f"Polars cannot hold it ({type(exc).__name__})")


@attrs.frozen
class _Refused:
    reason: str


# ------------------------------------------------------------------ outcomes
@attrs.frozen
class Outcome:
    """What a call gave: a result, or an error's class and message."""

    result: Any = None
    error: str | None = None
    message: str | None = None
    foreign: bool = False  # an exception that is not the library's


def outcome(func: Callable[[], Any]) -> Outcome:
    """Run ``func`` and record its result or error."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        try:
            return Outcome(result=func())
        except ExpectationsError as exc:
            return Outcome(error=type(exc).__name__, message=str(exc))
        except Exception as exc:  # a foreign error is what the test reports
            return Outcome(error=type(exc).__name__, message=str(exc), foreign=True)


def _default(spec: Spec, slot: Slot) -> Any:
    parameter = inspect.signature(resolve(spec)).parameters[slot.arg]
    return None if parameter.default is inspect.Parameter.empty else parameter.default


def bad_kwargs(spec: Spec, slot: Slot, cls: str) -> Kwargs:
    """Return the contract's bad call (as ``tests/test_contract.py`` builds it)."""
    kwargs = {**spec.valid(Source()), **slot.given}
    if cls == "empty" and slot.aligned:
        return empty_rows(spec, kwargs)
    kwargs[slot.arg] = bad_value(slot, cls, kwargs.get(slot.arg, _default(spec, slot)))
    return kwargs


@attrs.frozen
class Bad:
    """One bad-input case of the class: the call through arrays and through a Polars frame."""

    spec: Spec
    slot: Slot
    cls: str
    kind: str
    #: Why the case cannot be run through a frame ("" when it runs).
    unrepresentable: str = ""

    @property
    def id(self) -> str:
        """The case's test id."""
        return f"{self.spec.name}-{self.slot.label}-{self.cls}"

    def arrays(self) -> Outcome:
        """Run the contract's call as the suite makes it (arrays, or a pandas table)."""
        kwargs = bad_kwargs(self.spec, self.slot, self.cls)
        return outcome(lambda: call(self.spec, kwargs))

    def polars_call(self) -> Kwargs | str:
        """Return the same bad call through a Polars frame, or why there is none."""
        kwargs = bad_kwargs(self.spec, self.slot, self.cls)
        if self.kind == "frame":
            arg = frame_argument(self.spec)
            assert arg is not None
            table = kwargs.get(arg)
            if isinstance(table, pd.DataFrame):
                converted = to_polars(table)
                if isinstance(converted, _Refused):
                    return converted.reason
                kwargs[arg] = converted
            return kwargs
        built = as_columns(self.spec, kwargs)
        if isinstance(built, str):
            return built
        frame, named = built
        converted = to_polars(frame)
        if isinstance(converted, _Refused):
            return converted.reason
        return {**named, "data": converted}

    def through_polars(self) -> Outcome:
        """Run the bad call through a Polars frame."""
        kwargs = self.polars_call()
        assert not isinstance(kwargs, str), kwargs
        return outcome(lambda: call(self.spec, kwargs))

    def as_stored(self) -> Outcome:
        """Run the array form on the values as the Polars frame stores them (read back).

        A Polars column has one type: a list of booleans, a ``datetime64[D]``
        array or ``None`` among text come back as a bool column, ``datetime64[ms]``
        and a missing string. Where the array form's message names such a
        detail, this is the message the engine must give.
        """
        kwargs = self.polars_call()
        assert not isinstance(kwargs, str), kwargs
        if self.kind == "frame":
            arg = frame_argument(self.spec)
            assert arg is not None
            if not isinstance(kwargs.get(arg), (pd.DataFrame, type(None), str)):
                kwargs[arg] = kwargs[arg].to_pandas()
            return outcome(lambda: call(self.spec, kwargs))
        stored = kwargs.pop("data").to_pandas()
        return outcome(lambda: call(self.spec, array_form(kwargs, stored)))


def _bad_cases() -> list[Bad]:
    out = []
    for spec in AVAILABLE:
        kind = kind_of(spec)
        if kind == "none":
            continue
        for slot in spec.slots:
            for cls in slot.classes():
                case = Bad(spec, slot, cls, kind)
                prepared = case.polars_call()
                reason = prepared if isinstance(prepared, str) else ""
                out.append(attrs.evolve(case, unrepresentable=reason))
    return out


BAD: list[Bad] = _bad_cases()


def figures() -> Mapping[str, int]:
    """Callables and cases of the class, for docs/reliability.rst."""
    kinds = [kind_of(spec) for spec in AVAILABLE]
    run = [case for case in BAD if not case.unrepresentable]
    return {"columns_callables": kinds.count("columns"), "frame_callables": kinds.count("frame"),
            "exempt": kinds.count("none"), "bad_cases_run": len(run),
            "bad_cases_unrepresentable": len(BAD) - len(run)}
