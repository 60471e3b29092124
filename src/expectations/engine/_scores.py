"""Counters of the survey scores: NPS, top-box, CSAT and CES counted inside the engine.

Each counter checks the options as its in-memory namesake does, counts
answers per group and scale point in the engine
(:func:`~expectations.engine._counts.histogram_accumulator`), and builds the
result with the functions the in-memory score uses; so the result is the
in-memory result of the same rows.
"""

from __future__ import annotations

from typing import Any

from expectations import _validation as v
from expectations._align import caller_stacklevel
from expectations.engine._counts import histogram_accumulator
from expectations.engine._frames import Data
from expectations.models.scale import Scale
from expectations.scoring.nps import _check_bootstrap_options, _check_options
from expectations.scoring.proportions import PROPORTION_METHODS
from expectations.scoring.satisfaction import _ces_box, _top_box_bounds
from expectations.streaming._histograms import Histogram, box_result, key_names, nps_result

__all__ = ["COUNTS", "ces", "csat", "nps", "top_box"]


def _key_names(by: object) -> tuple[str, ...] | None:
    if by is None:
        return None
    return key_names(list(by) if isinstance(by, (list, tuple)) else by)


def nps(d: Data, a: dict[str, Any]) -> Any:
    """:func:`expectations.nps` of ``d``'s columns, counted in the engine."""
    confidence = _check_options(a["ci"], a["confidence"])
    v.check_option(a["missing"], "missing", ("raise", "drop"))
    if a["ci"] == "bootstrap":
        _check_bootstrap_options(a["rng"], a["n_resamples"])
    spec = Histogram(a["scores"], low=0, high=10, by=_key_names(a["by"]),
                     weights=a["weights"], missing=a["missing"], what="for NPS")
    acc = histogram_accumulator(d, spec)
    return nps_result(acc, spec, ci=a["ci"], confidence=confidence, rng=a["rng"],
                      n_resamples=a["n_resamples"], stacklevel=caller_stacklevel() + 1)


def _box(d: Data, a: dict[str, Any], box: tuple[int, int], what: str) -> Any:
    v.check_option(a["ci"], "ci", (*PROPORTION_METHODS, None))
    c = v.check_confidence(a["confidence"])
    v.check_option(a["missing"], "missing", ("raise", "drop"))
    scale: Scale = a["scale"]
    spec = Histogram(a["scores"], low=int(scale.low), high=int(scale.high),
                     by=_key_names(a["by"]), weights=a["weights"], missing=a["missing"],
                     what="")
    acc = histogram_accumulator(d, spec)
    return box_result(acc, spec, box_low=box[0], box_high=box[1], ci=a["ci"], confidence=c,
                      what=what, stacklevel=caller_stacklevel() + 1)


def top_box(d: Data, a: dict[str, Any]) -> Any:
    """:func:`expectations.top_box` of ``d``'s columns, counted in the engine."""
    return _box(d, a, _top_box_bounds(a["scale"], a["top"]), "top_box")


def csat(d: Data, a: dict[str, Any]) -> Any:
    """:func:`expectations.csat` of ``d``'s columns, counted in the engine."""
    return _box(d, a, _top_box_bounds(a["scale"], a["top"]), "csat")


def ces(d: Data, a: dict[str, Any]) -> Any:
    """:func:`expectations.ces` of ``d``'s columns, counted in the engine."""
    return _box(d, a, _ces_box(a["scale"], a["agree_from"], a["direction"]), "ces")


COUNTS = {
    "expectations.scoring.nps:nps": nps,
    "expectations.scoring.satisfaction:top_box": top_box,
    "expectations.scoring.satisfaction:csat": csat,
    "expectations.scoring.satisfaction:ces": ces,
}
