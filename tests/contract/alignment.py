"""The alignment class: labelled arguments pair by label, on every public function.

For every registry spec whose valid call passes two or more row-aligned
array arguments (lists, numpy arrays, Series, DataFrames of the same length),
the arguments are turned into Series/DataFrames sharing one index; then

- one argument at a time is shuffled (the same label-value pairs in another
  order): the result must be identical to that of the aligned call;
- one label of that argument is replaced by a label the others lack: the call
  must raise an :class:`~expectations.errors.ExpectationsError` whose message
  names both that argument and the one that sets the order.

A spec with fewer than two such arguments must be listed in :data:`EXEMPT`
with the reason, so a new public function cannot skip the class silently.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import numpy as np
import pandas as pd
from tests.contract.inputs import Source
from tests.contract.registry import AVAILABLE, Spec, resolve

__all__ = ["CASES", "EXEMPT", "EXTRA_CALLS", "GROUPS", "Case", "array_groups", "covered",
           "labelled", "relabelled", "shuffled", "valid_call"]

Kwargs = dict[str, Any]

_DATA_ONLY = "takes one data argument (a frame or an array): nothing to align"
_COLUMNS = "reads every row-aligned column from one frame: columns match by name"

#: Specs without two row-aligned array arguments, and why.
EXEMPT: dict[str, str] = {
    "classify_nps": _DATA_ONLY,
    "realistic_target": _DATA_ONLY,
    "cronbach_alpha": _DATA_ONLY,
    "rfm": _COLUMNS,
    "segment": _COLUMNS,
    "assign_personas": _COLUMNS,
    "cluster": _COLUMNS,
    "retention_rate": _COLUMNS,
    "churn_rate": _COLUMNS,
    "repeat_rate": _COLUMNS,
    "historical_clv": _COLUMNS,
    "load_rules": "reads rules text, not data",
    "Lexicon": "builds a lexicon from a mapping of terms, not data",
    "pain_points": "perceptions are a mapping of touchpoint to dimension to answers; "
                   "each list is scored on its own, nothing pairs across them",
    "report": "takes frames whose columns match by name; tests/report checks the sections",
    "report_demo": "takes no data",
    "stream_report": "reads files, not in-memory arrays",
    "read_survey": "reads a file, not in-memory arrays",
    "scan": "opens files, not in-memory arrays",
    **dict.fromkeys(("Scale", "Commitment", "Expectation", "Touchpoint", "Trait", "Persona",
                     "Customer", "Journey", "Channel", "Stage", "NPSCounts"),
                    "a model built from scalar fields"),
}

#: Valid calls that add an optional array argument the registry's call leaves out.
EXTRA_CALLS: dict[str, Callable[[Source], Kwargs]] = {
    "relative_weights": lambda s: {"weights": s.floats(0.5, 2.0, 80)},
}

#: Arguments aligned in separate groups (default: all array arguments, one group).
GROUPS: dict[str, tuple[tuple[str, ...], ...]] = {
    "compare_nps": (("a", "weights_a"), ("b", "weights_b")),
    "compare_proportions": (("a", "weights_a"), ("b", "weights_b")),
}


def _is_array(value: object) -> bool:
    if isinstance(value, (np.ndarray, pd.Series, pd.DataFrame)):
        return True
    return isinstance(value, list) and len(value) > 1 and all(
        isinstance(x, (str, int, float, np.generic)) or x is None for x in value)


def valid_call(spec: Spec) -> Kwargs:
    """Build the registry's valid call, with any extra array argument of :data:`EXTRA_CALLS`."""
    source = Source()
    kwargs = spec.valid(source)
    if spec.name in EXTRA_CALLS:
        kwargs.update(EXTRA_CALLS[spec.name](source))
    return kwargs


def array_groups(spec: Spec, kwargs: Kwargs) -> tuple[tuple[str, ...], ...]:
    """Find the groups of row-aligned array arguments of a call (groups of two or more)."""
    if spec.name in GROUPS:
        return GROUPS[spec.name]
    # In the function's parameter order: the first labelled argument sets the order.
    parameters = inspect.signature(resolve(spec)).parameters
    arrays = [name for name in parameters if _is_array(kwargs.get(name))]
    if not arrays:
        return ()
    n = len(kwargs[arrays[0]])
    group = tuple(name for name in arrays if len(kwargs[name]) == n)
    return (group,) if len(group) >= 2 else ()


def labelled(value: Any, index: pd.Index) -> Any:
    """Return ``value`` as a Series (1-D) or DataFrame (2-D) carrying ``index``."""
    if isinstance(value, pd.DataFrame):
        return value.set_axis(index, axis=0)
    if isinstance(value, pd.Series):
        return value.set_axis(index)
    arr = np.asarray(value, dtype=object) if isinstance(value, list) else value
    if arr.ndim == 2:
        return pd.DataFrame(arr, index=index)
    out = pd.Series(arr, index=index)
    if isinstance(value, list):
        out = out.infer_objects()
    return out


def shuffled(value: Any, seed: int = 7) -> Any:
    """Return the same label-value pairs in another order."""
    order = np.random.default_rng(seed).permutation(len(value))
    if np.array_equal(order, np.arange(len(value))):
        order = order[::-1]
    return value.iloc[order]


def relabelled(value: Any, label: object) -> Any:
    """Return ``value`` with its middle row's label replaced by ``label``."""
    labels = list(value.index)
    labels[len(labels) // 2] = label
    return value.set_axis(pd.Index(labels), axis=0)


@attrs.frozen
class Case:
    """One alignment check: a spec, the group, and the argument that is shuffled."""

    spec: Spec
    group: tuple[str, ...]
    target: str

    @property
    def id(self) -> str:
        """The case's test id: the function and the shuffled argument."""
        return f"{self.spec.name}-{self.target}"

    def kwargs(self) -> Kwargs:
        """Build the valid call with the group's arguments labelled by one shared index."""
        kwargs = valid_call(self.spec)
        n = len(kwargs[self.group[0]])
        index = pd.Index(np.random.default_rng(3).permutation(n) + 1000)
        for name in self.group:
            if kwargs.get(name) is not None:
                kwargs[name] = labelled(kwargs[name], index)
        return kwargs


def _cases() -> list[Case]:
    out = []
    for spec in AVAILABLE:
        kwargs = valid_call(spec)
        for group in array_groups(spec, kwargs):
            present = [name for name in group if kwargs.get(name) is not None]
            out.extend(Case(spec, group, name) for name in present[1:])
    return out


CASES: list[Case] = _cases()


def covered(spec: Spec) -> bool:
    """Tell whether the alignment class checks this spec."""
    return bool(array_groups(spec, valid_call(spec)))


def exempt_reasons() -> Mapping[str, str]:
    """Return :data:`EXEMPT`, for the completeness test."""
    return EXEMPT
