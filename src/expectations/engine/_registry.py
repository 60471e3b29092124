"""Which public functions have their counts computed inside the engine, and by what.

Each module in :data:`COUNTER_MODULES` holds a dict ``COUNTS`` mapping
``"module:qualname"`` of a public function to its counter; the modules are
imported when a non-pandas frame is first given (``import expectations``
imports no engine). A counter is called as ``counter(data, arguments)``
with the wrapped :class:`~expectations.engine._frames.Data` and the
function's arguments (defaults applied, column arguments as names); it
returns what the function returns, or raises
:class:`~expectations.engine._frames.NeedRows`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from typing import Any

__all__ = ["COUNTER_MODULES", "counters"]

#: The modules of counters, one per family of scores.
COUNTER_MODULES: tuple[str, ...] = (
    "expectations.engine._scores",
    "expectations.engine._groups",
    "expectations.engine._gaps",
)

Counter = Callable[..., Any]


@cache
def counters() -> dict[str, Counter]:
    """Every registered counter, by the public function it stands for."""
    found: dict[str, Counter] = {}
    for name in COUNTER_MODULES:
        found.update(importlib.import_module(name).COUNTS)
    return found
