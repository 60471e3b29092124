"""Which public functions have their counts computed inside the engine, and by what.

Each counter module (``_scores``, ``_groups``, ``_gaps``: one per family of
scores) holds a dict ``COUNTS`` mapping
``"module:qualname"`` of a public function to its counter; the modules are
imported when a non-pandas frame is first given (``import expectations``
imports no engine). A counter is called as ``counter(data, arguments)``
with the wrapped :class:`~expectations.engine._frames.Data` and the
function's arguments (defaults applied, column arguments as names); it
returns what the function returns, or raises
:class:`~expectations.engine._frames.NeedRows`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

__all__ = ["counters"]

Counter = Callable[..., Any]


@cache
def counters() -> dict[str, Counter]:
    """Every registered counter, by the public function it stands for."""
    # Imported here, on first use: the counters import the scoring modules.
    from expectations.engine import _gaps, _groups, _scores

    found: dict[str, Counter] = {}
    for module in (_scores, _groups, _gaps):
        found.update(module.COUNTS)
    return found
