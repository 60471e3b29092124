"""The contract's data= class: every function that takes columns takes them from any frame.

Built in ``tests/contract/data.py`` from the registry. For each callable that
takes columns (``data=`` plus column names) or a whole table (``rfm``,
``cluster``, ...): the valid call gives the array form's result through a
pandas and a Polars frame (tables compared with their keys as columns), every
bad input the contract already tries gives the same error class and message
through a Polars frame as through arrays, and a missing column is a
SchemaError naming the columns there are. The reference is the array form:
the contract's own calls, checked against published values in each
function's tests.
"""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pandas as pd
import pytest
from tests.contract.data import (
    BAD,
    EXEMPT,
    Bad,
    aligned_arguments,
    array_form,
    figures,
    frame_argument,
    kind_of,
    outcome,
    to_polars,
    valid_columns_call,
)
from tests.contract.inputs import Source
from tests.contract.registry import AVAILABLE, Spec, call, resolve
from tests.engines._frames import as_pandas, assert_same

from expectations.errors import SchemaError, SmallSampleWarning

COLUMNS = [pytest.param(s, id=s.name) for s in AVAILABLE if kind_of(s) == "columns"]
FRAMES = [pytest.param(s, id=s.name) for s in AVAILABLE if kind_of(s) == "frame"]
#: Arguments that group rows: a table from a call given one comes back as a Polars table
#: (other tables, such as a trend by period, come back as the pandas function returns them).
GROUPINGS = ("by", "feature", "groups")

RUN = [pytest.param(c, id=c.id) for c in BAD if not c.unrepresentable]

#: Why a bad input may have no frame form; a new reason fails the completeness test.
UNREPRESENTABLE = {
    "columns of one frame have one length": "mismatched lengths cannot share a frame",
    "a value that is not one column (a single string or scalar)":
        "one string or number where a column goes is refused before any frame is read",
    "Polars cannot hold it (ArrowInvalid)": "Polars columns have one type: text among numbers "
                                            "(or numbers among text) cannot be a Polars column",
    "Polars cannot hold it (ArrowTypeError)": "as above: a column of mixed Python types",
    "no row-aligned argument holds values": "every column argument is None: nothing to put in "
                                            "a frame (the None case itself is tried on arrays)",
}

def _call(spec: Spec, kwargs: dict[str, object]) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        return call(spec, kwargs)


def _back_to_pandas(got: object, want: object) -> object:
    """Return a Polars table in the pandas result's shape (its index as the first columns)."""
    if not isinstance(want, pd.DataFrame) or isinstance(got, pd.DataFrame):
        return got
    keyed = not (isinstance(want.index, pd.RangeIndex) and want.index.name is None)
    return as_pandas(got, [str(n) for n in want.index.names] if keyed else [])


def _period_labels(result: object) -> object:
    """Return a table with its period keys as labels ("2024Q3"): Polars has no periods.

    Applied to both sides, so that a table whose Polars form keeps pandas
    periods as an extension column and one that gives their labels both pass.
    """
    if isinstance(result, pd.DataFrame) and isinstance(result.index, pd.PeriodIndex):
        return result.set_axis(pd.Index(result.index.astype(str), name=result.index.name))
    return result


def _assert_same(got: object, want: object, where: str) -> None:
    """Equal results: counts exactly, floats to 1e-12 (elementwise arrays as they are)."""
    if isinstance(want, (pd.Categorical, pd.api.extensions.ExtensionArray)):
        assert isinstance(got, type(want)), f"{where}: {type(got).__name__}"
        pd.testing.assert_extension_array_equal(got, want)
        return
    assert_same(got, want, where)


# ----------------------------------------------------------------- completeness
@pytest.mark.parametrize("spec", [pytest.param(s, id=s.name) for s in AVAILABLE])
def test_every_callable_reads_frames_or_is_exempt(spec: Spec) -> None:
    """A callable taking columns or a table is checked; any other states why not."""
    func = resolve(spec)
    kind = kind_of(spec)
    names = aligned_arguments(func)
    takes_data = "data" in inspect.signature(func).parameters and "data" not in (names or ())
    if spec.name in EXEMPT:
        assert not (names is not None and takes_data), (
            f"{spec.name} takes data= now: drop its EXEMPT entry in tests/contract/data.py")
        return
    assert kind != "none", (
        f"{spec.name} takes row-aligned arguments {names} but has no data= "
        "parameter: add `data: object = None` (see scoring/nps.py), or give the reason in "
        "EXEMPT in tests/contract/data.py")


def test_unrepresentable_cases_have_known_reasons() -> None:
    """Every bad input left out of the class is left out for a stated reason."""
    reasons = {case.unrepresentable for case in BAD if case.unrepresentable}
    assert reasons <= set(UNREPRESENTABLE), sorted(reasons - set(UNREPRESENTABLE))


def test_class_covers_the_functions_that_take_columns() -> None:
    """Most registered callables read frames; the figures add up to the registry."""
    counts = figures()
    assert counts["columns_callables"] + counts["frame_callables"] + counts["exempt"] == len(
        AVAILABLE)
    assert counts["columns_callables"] >= 20
    assert counts["bad_cases_run"] >= 10 * counts["columns_callables"]


# ------------------------------------------------------------- valid calls
@pytest.mark.parametrize("spec", COLUMNS)
def test_data_pandas_gives_the_array_result(spec: Spec) -> None:
    """Column names with data= a pandas frame give the result of the columns as arrays."""
    frame, named = valid_columns_call(spec)
    want = _call(spec, array_form(named, frame))
    got = _call(spec, {**named, "data": frame})
    _assert_same(got, want, spec.name)


@pytest.mark.parametrize("spec", COLUMNS)
def test_data_polars_gives_the_array_result(spec: Spec) -> None:
    """Column names with data= a Polars frame give the array result (by= tables as Polars)."""
    frame, named = valid_columns_call(spec)
    want = _call(spec, array_form(named, frame))
    got = _call(spec, {**named, "data": to_polars(frame)})
    if isinstance(want, pd.DataFrame) and any(named.get(a) is not None for a in GROUPINGS):
        assert type(got).__module__.startswith("polars"), type(got)
    _assert_same(_period_labels(_back_to_pandas(got, want)), _period_labels(want), spec.name)


@pytest.mark.parametrize("spec", FRAMES)
def test_a_polars_table_gives_the_pandas_result(spec: Spec) -> None:
    """A whole-table function given the same table as Polars gives the pandas result."""
    kwargs = spec.valid(Source())
    arg = frame_argument(spec)
    assert arg is not None
    want = _call(spec, kwargs)
    got = _call(spec, {**kwargs, arg: to_polars(kwargs[arg])})
    _assert_same(_period_labels(_back_to_pandas(got, want)), _period_labels(want), spec.name)


# -------------------------------------------------------------- bad input
@pytest.mark.parametrize("case", RUN)
def test_bad_input_through_polars_gives_the_array_error(case: Bad) -> None:
    """The same bad value in a Polars frame raises the array form's error and message.

    Where a Polars column cannot store the value as the array held it (a
    list of booleans, ``datetime64[D]``, ``None`` among text), the message
    must be the one the array form gives for the values as stored.
    """
    arrays = case.arrays()
    polars = case.through_polars()
    assert not polars.foreign, f"{polars.error}: {polars.message}"
    assert arrays.error is not None, "the contract's bad call must fail"
    assert polars.error == arrays.error, (polars.error, polars.message, arrays.message)
    if polars.message == arrays.message:
        return
    stored = case.as_stored()
    assert (stored.error, stored.message) == (polars.error, polars.message), (
        f"through Polars: {polars.message!r}; arrays: {arrays.message!r}; "
        f"arrays as Polars stores them: {stored.message!r}")


# ---------------------------------------------------------- missing columns
@pytest.mark.parametrize("library", ["pandas", "polars"])
@pytest.mark.parametrize("spec", COLUMNS)
def test_a_missing_column_names_the_columns_there_are(spec: Spec, library: str) -> None:
    """A name with no column behind it is a SchemaError naming it and every column."""
    frame, named = valid_columns_call(spec)
    first = next(a for a in aligned_arguments(resolve(spec)) or () if named.get(a) is not None)
    data = frame if library == "pandas" else to_polars(frame)
    result = outcome(lambda: call(spec, {**named, first: "no_such_column", "data": data}))
    assert result.error == SchemaError.__name__, (result.error, result.message)
    assert result.message is not None
    assert "'no_such_column'" in result.message
    assert all(repr(column) in result.message for column in frame.columns[:10]), result.message


def test_positions_in_messages_are_row_numbers() -> None:
    """A bad value's position through a frame is its row number (the array position)."""
    scores = np.arange(11)
    scores[7] = 11
    frame = pd.DataFrame({"score": scores})
    import expectations as ex

    arrays = outcome(lambda: ex.nps(scores))
    polars = outcome(lambda: ex.nps("score", data=to_polars(frame)))
    assert arrays.message == polars.message
    assert arrays.message is not None
    assert "position 7" in arrays.message


def matrix_figures() -> dict[str, int]:
    """Return the figures docs/reliability.rst quotes for the data= class."""
    counts = dict(figures())
    counts["checks"] = (2 * len(COLUMNS) + len(FRAMES) + len(RUN) + 2 * len(COLUMNS))
    return counts
