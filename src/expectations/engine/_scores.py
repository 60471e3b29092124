"""Counters of the survey scores: NPS, top-box, CSAT and CES counted inside the engine.

Each counter checks the options as its in-memory namesake does, counts
answers per group and scale point in the engine
(:func:`~expectations.engine._counts.histogram_accumulator`), and builds the
result with the functions the in-memory score uses; so the result is the
in-memory result of the same rows. :func:`recipe` (what to count, and how
to finish) also serves the chunk reader of ``expectations score``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from expectations import _validation as v
from expectations._align import caller_stacklevel
from expectations.engine._counts import histogram_accumulator, key_list
from expectations.engine._frames import Data
from expectations.models.scale import Scale
from expectations.scoring.nps import _check_bootstrap_options, _check_options
from expectations.scoring.proportions import PROPORTION_METHODS
from expectations.scoring.satisfaction import _ces_box, _top_box_bounds
from expectations.streaming._histograms import (
    Finished,
    Histogram,
    box_result,
    nps_result,
)

__all__ = ["COUNTS", "ces", "csat", "nps", "recipe", "top_box"]

#: What to count, and how to build the result from the counts.
Recipe = tuple[Histogram, Callable[[Finished], Any]]


def _key_names(by: object) -> tuple[str, ...] | None:
    return tuple(key_list(by)) or None


def recipe(metric: str, a: dict[str, Any]) -> Recipe:
    """Check the options of ``metric``'s public function; return what to count and the finish.

    ``metric`` is ``"nps"``, ``"top_box"``, ``"csat"`` or ``"ces"``; ``a``
    holds every argument of the public function (defaults applied, column
    arguments as names). The finish warns at the first frame outside the
    library, whoever calls it.
    """
    if metric == "nps":
        confidence = _check_options(a["ci"], a["confidence"])
        v.check_option(a["missing"], "missing", ("raise", "drop"))
        if a["ci"] == "bootstrap":
            _check_bootstrap_options(a["rng"], a["n_resamples"])
        spec = Histogram(a["scores"], low=0, high=10, by=_key_names(a["by"]),
                         weights=a["weights"], missing=a["missing"], what="for NPS")
        return spec, lambda acc: nps_result(
            acc, spec, ci=a["ci"], confidence=confidence, rng=a["rng"],
            n_resamples=a["n_resamples"], stacklevel=caller_stacklevel() + 1)
    low_high = (_ces_box(a["scale"], a["agree_from"], a["direction"]) if metric == "ces"
                else _top_box_bounds(a["scale"], a["top"]))
    v.check_option(a["ci"], "ci", (*PROPORTION_METHODS, None))
    c = v.check_confidence(a["confidence"])
    v.check_option(a["missing"], "missing", ("raise", "drop"))
    scale: Scale = a["scale"]
    spec = Histogram(a["scores"], low=int(scale.low), high=int(scale.high),
                     by=_key_names(a["by"]), weights=a["weights"], missing=a["missing"],
                     what="")
    return spec, lambda acc: box_result(
        acc, spec, box_low=low_high[0], box_high=low_high[1], ci=a["ci"], confidence=c,
        what=metric, stacklevel=caller_stacklevel() + 1)


def _counter(metric: str) -> Callable[[Data, dict[str, Any]], Any]:
    def count(d: Data, a: dict[str, Any]) -> Any:
        spec, finish = recipe(metric, a)
        return finish(histogram_accumulator(d, spec))

    count.__name__ = count.__qualname__ = metric
    count.__doc__ = f":func:`expectations.{metric}` of ``d``'s columns, counted in the engine."
    return count


nps = _counter("nps")
top_box = _counter("top_box")
csat = _counter("csat")
ces = _counter("ces")

COUNTS = {
    "expectations.scoring.nps:nps": nps,
    "expectations.scoring.satisfaction:top_box": top_box,
    "expectations.scoring.satisfaction:csat": csat,
    "expectations.scoring.satisfaction:ces": ces,
}
