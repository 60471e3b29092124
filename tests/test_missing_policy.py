"""One missing-data policy everywhere: raise by default, count what ``missing="drop"`` drops.

- Default: a missing answer raises (the contract's ``nan`` column checks this for
  every function; here, that each function's default *is* ``"raise"``).
- ``missing="drop"``: the result reports ``n_dropped`` and equals the result on
  the data with those rows removed — so a missing answer is never scored as 0
  (or as anything else).
"""

from __future__ import annotations

import inspect
import warnings
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pytest
from tests.contract.inputs import Slot, Source, bad_value
from tests.contract.registry import AVAILABLE, Spec, call, resolve
from tests.test_invariance import close

# Functions that score each row on its own: dropping shortens their output instead.
ELEMENTWISE = {"classify_nps", "tolerance_level"}
# Inputs without row-aligned answers to blank out: per-attribute summaries
# (importance_performance), nested mappings (pain_points), or transaction
# tables whose only numbers are dates (the KPI rates).
NOT_ROWS = {"importance_performance", "pain_points", "retention_rate", "churn_rate",
            "repeat_rate"}
# Other spellings of "drop" where the method gives dropping a specific meaning.
DROP = {"cronbach_alpha": "listwise"}
DROPPED_ROWS = [3, 17]


def _has_missing(spec: Spec) -> bool:
    return "missing" in inspect.signature(resolve(spec)).parameters


MISSING_SPECS = [s for s in AVAILABLE if _has_missing(s)]
DROPPABLE_SPECS = [s for s in MISSING_SPECS if s.name not in ELEMENTWISE | NOT_ROWS]
WITH_MISSING = [pytest.param(s, id=s.name) for s in MISSING_SPECS]
DROPPABLE = [pytest.param(s, id=s.name) for s in DROPPABLE_SPECS]


@pytest.mark.parametrize("spec", WITH_MISSING)
def test_default_missing_policy_is_raise(spec: Spec) -> None:
    """Every function taking ``missing=`` defaults to ``"raise"``."""
    assert inspect.signature(resolve(spec)).parameters["missing"].default == "raise"


def _target(spec: Spec) -> Slot:
    """Return the data slot that gets the missing values: the first row-holding one."""
    for slot in spec.slots:
        if slot.kind in ("numbers", "matrix", "labels", "column") and "nan" in slot.classes():
            return slot
    raise AssertionError(f"{spec.name} has no data slot for missing values")


def _without(value: Any, rows: list[int]) -> Any:
    keep = np.setdiff1d(np.arange(len(value)), rows)
    if isinstance(value, (pd.Series, pd.DataFrame)):
        return value.iloc[keep]
    if isinstance(value, np.ndarray):
        return value[keep]
    return [value[i] for i in keep]


def _with_nan(slot: Slot, value: Any, rows: list[int]) -> Any:
    missing = None if slot.kind == "labels" else np.nan
    if isinstance(value, pd.DataFrame):
        out = value.copy()
        column = slot.column or out.columns[0]
        out[column] = out[column].astype(float if missing is not None else object)
        out.loc[out.index[rows], column] = missing
        return out
    arr = np.array(value, dtype=float if missing is not None else object)
    arr[rows] = missing
    return arr if not isinstance(value, list) else arr.tolist()


@pytest.mark.parametrize("spec", DROPPABLE)
def test_drop_counts_n_dropped_and_equals_scoring_without_those_rows(spec: Spec) -> None:
    """missing="drop" reports n_dropped and gives the result of the data without those rows."""
    kwargs = spec.valid(Source(seed=4))
    parameters = inspect.signature(resolve(spec)).parameters
    for slot in spec.slots:  # group keys would turn the result into a table
        if slot.kind == "keys" and parameters[slot.arg].default is None:
            kwargs.pop(slot.arg, None)
    slot = _target(spec)
    rows_args = {s.arg for s in spec.slots if (s.aligned or s.kind in ("frame", "matrix"))
                 and s.column is None and kwargs.get(s.arg) is not None
                 and not isinstance(kwargs[s.arg], (str, dict))} | {slot.arg}
    if spec.name in ("compare_nps", "compare_proportions"):
        rows_args = {"a", "weights_a"}
    rows_args = {a for a in rows_args if a in kwargs and kwargs[a] is not None}
    gappy = {**kwargs, slot.arg: _with_nan(slot, kwargs[slot.arg], DROPPED_ROWS),
             "missing": DROP.get(spec.name, "drop")}
    reference = {**kwargs, **{a: _without(kwargs[a], DROPPED_ROWS) for a in rows_args}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dropped, expected = call(spec, gappy), call(spec, reference)
    counted = _n_dropped(dropped)
    assert counted is not None, f"{type(dropped).__name__} does not report n_dropped"
    assert counted == len(DROPPED_ROWS)
    assert not close(_strip(dropped), _strip(expected))


def _n_dropped(result: Any) -> int | None:
    for name in ("n_dropped", "n_dropped_a"):
        if hasattr(result, name):
            return int(getattr(result, name))
    if isinstance(result, pd.DataFrame) and "n_dropped" in result.columns:
        return int(result["n_dropped"].sum())
    if isinstance(result, (pd.DataFrame, pd.Series)) and "n_dropped" in result.attrs:
        return int(result.attrs["n_dropped"])
    return None


def _strip(result: Any) -> Any:
    """Return the result's fields except the drop bookkeeping."""
    if isinstance(result, pd.DataFrame):
        return result.drop(columns=[c for c in result.columns if c.startswith("n_dropped")])
    if attrs.has(type(result)):
        return {f.name: getattr(result, f.name) for f in attrs.fields(type(result))
                if not f.name.startswith("n_dropped") and f.name != "missing"}
    return result


def test_nan_in_the_contract_matrix_for_every_data_slot() -> None:
    """Every function with missing= has a data slot whose NaN case checks the default raise."""
    for spec in DROPPABLE_SPECS:
        assert "nan" in _target(spec).classes()


def test_bad_value_helper_makes_nan() -> None:
    """The contract's NaN class really puts a NaN in the data."""
    slot = Slot(arg="scores", kind="numbers")
    assert np.isnan(bad_value(slot, "nan", np.arange(5.0))).sum() == 1
