"""No public function changes the caller's data: values, dtypes, index, column order.

Every callable in the contract registry is called on generated inputs in each
container a caller may use (list, numpy array, Series with a shuffled index,
nullable pandas dtypes), with and without missing values, and every argument
is compared bit for bit with a deep copy taken before the call.
"""

from __future__ import annotations

import contextlib
import copy
import inspect
import warnings
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.contract.compare import differences
from tests.contract.inputs import Source, bad_value
from tests.contract.registry import AVAILABLE, Spec, call, resolve

from expectations.errors import ExpectationsError

CONTAINERS = ["list", "ndarray", "series", "nullable"]


def _with_missing(spec: Spec, kwargs: dict[str, Any]) -> dict[str, Any]:
    """Put a NaN in the first data slot and ask the function to drop it."""
    out = dict(kwargs)
    for slot in spec.slots:
        if slot.kind in ("numbers", "matrix", "column") and slot.arg in out:
            out[slot.arg] = bad_value(slot, "nan", out[slot.arg])
            break
    if "missing" in inspect.signature(resolve(spec)).parameters:
        out["missing"] = "drop"
    return out


@pytest.mark.parametrize("spec", [pytest.param(s, id=s.name) for s in AVAILABLE])
@settings(max_examples=8)
@given(seed=st.integers(0, 2**16), container=st.sampled_from(CONTAINERS),
       n=st.integers(30, 80), missing=st.booleans())
def test_arguments_are_unchanged_by_the_call(spec: Spec, seed: int, container: str, n: int,
                                             missing: bool) -> None:
    """Every argument is bit-identical (values, dtype, index, columns) after the call."""
    kwargs = spec.valid(Source(seed=seed, container=container, n=n))
    if missing:
        kwargs = _with_missing(spec, kwargs)
    before = copy.deepcopy(kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # generated data may be small or degenerate
        with contextlib.suppress(ExpectationsError):  # rejecting data is fine; changing it is not
            call(spec, kwargs)
    changed = [d for name in before for d in differences(kwargs[name], before[name], name)]
    assert not changed, changed
