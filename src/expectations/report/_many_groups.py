"""The report's "Comparing many groups" section: a funnel and a league table per key.

With more than :data:`MANY_GROUPS` segments or touchpoints, a list of raw
scores invites ranking them, and the ends of that ranking are mostly the
smallest groups' luck. This section holds each group against the pooled NPS
with control limits for its size (:func:`~expectations.funnel`) and ranks the
shrunk scores with an interval for each rank (:func:`~expectations.league_table`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations.report._model import Cell, Column, ColumnType, Section, Table

__all__ = ["KEYS", "MANY_GROUPS", "RESAMPLES", "SEED", "TITLE", "keys_with_many_groups",
           "many_groups_section", "many_groups_section_from", "many_groups_section_from_counts",
           "many_groups_table"]

#: A key gets a funnel and a league table when it has more groups than this.
MANY_GROUPS = 5
#: The grouping roles of the responses table that are compared, in order.
KEYS: tuple[str, ...] = ("segment", "touchpoint")
#: The section's title.
TITLE = "Comparing many groups"
#: Simulated league tables behind the rank intervals, and their fixed seed: a
#: report is a document, so the same data always gives the same numbers.
RESAMPLES = 500
SEED = 0

_COLUMNS: tuple[tuple[str, ColumnType, int], ...] = (
    ("score", "number", 1), ("n", "integer", 0), ("target", "number", 1),
    ("low_95", "number", 1), ("high_95", "number", 1), ("low_998", "number", 1),
    ("high_998", "number", 1), ("band", "string", 0), ("shrunk", "number", 1),
    ("rank", "integer", 0), ("rank_low", "integer", 0), ("rank_high", "integer", 0),
)


def _answered(responses: pd.DataFrame, key: str) -> tuple[pd.Series, pd.Series]:
    """NPS answers with a known key, and the keys (unused categories removed)."""
    keep = (responses["nps"].notna() & responses[key].notna()).to_numpy()
    keys = responses[key][keep]
    if isinstance(keys.dtype, pd.CategoricalDtype):
        keys = keys.cat.remove_unused_categories()
    return responses["nps"][keep], keys.rename(key)


def keys_with_many_groups(responses: pd.DataFrame) -> list[str]:
    """Return the keys whose answered rows fall in more than :data:`MANY_GROUPS` groups.

    Examples
    --------
    >>> frame = pd.DataFrame({"nps": [9, 7, None, 3, 10, 8, 6],
    ...                       "touchpoint": list("abcdefg"), "segment": list("xxyyxxy")})
    >>> keys_with_many_groups(frame)
    ['touchpoint']
    """
    if "nps" not in responses.columns:
        return []
    found = []
    for key in KEYS:
        if key in responses.columns:
            _, keys = _answered(responses, key)
            if keys.nunique() > MANY_GROUPS:
                found.append(key)
    return found


def many_groups_table(funnel: pd.DataFrame, league: pd.DataFrame) -> pd.DataFrame:
    """Join a funnel table and a league table of the same groups, in rank order."""
    joined = funnel.join(league[["shrunk", "rank", "rank_low", "rank_high"]])
    ordered: pd.DataFrame = joined.sort_values("rank", kind="stable")
    return ordered


def many_groups_section(responses: pd.DataFrame, *, confidence: float) -> Section:
    """Funnel and league table of NPS for each key with many groups.

    Examples
    --------
    >>> frame = pd.DataFrame({"nps": [10, 9, 8, 7, 6, 3, 0] * 30,
    ...                       "touchpoint": list("abcdefg") * 30})
    >>> section = many_groups_section(frame, confidence=0.95)
    >>> section.table("by_touchpoint").column("rank")
    [1, 2, 3, 4, 5, 6, 7]
    """
    from expectations.groups import funnel, league_table

    frames: dict[str, pd.DataFrame] = {}
    for key in keys_with_many_groups(responses):
        values, keys = _answered(responses, key)
        frames[key] = many_groups_table(
            funnel(values, by=keys),
            league_table(values, by=keys, confidence=confidence, n_resamples=RESAMPLES,
                         rng=SEED))
    return many_groups_section_from(frames, confidence=confidence, rows=len(responses))


def many_groups_section_from_counts(counts: Mapping[str, tuple[pd.Index, npt.NDArray[Any]]], *,
                                    confidence: float, rows: int) -> Section | None:
    """Build the section from NPS counts per group (detractor, passive, promoter columns).

    For the streamed report: the same tables as :func:`many_groups_section`
    on the same answers, or None when no key has more than :data:`MANY_GROUPS`
    answered groups.
    """
    from expectations.groups._tallies import tallies_from_counts
    from expectations.groups.funnel import funnel_frame
    from expectations.groups.league import league_frame

    frames: dict[str, pd.DataFrame] = {}
    for key, (index, table) in counts.items():
        answered = table.sum(axis=1) > 0
        if np.count_nonzero(answered) <= MANY_GROUPS:
            continue
        tallies = tallies_from_counts(index[answered].rename(key),
                                      np.asarray(table, dtype=np.float64)[answered])
        frames[key] = many_groups_table(
            funnel_frame(tallies),
            league_frame(tallies, confidence=confidence, n_resamples=RESAMPLES,
                         rng=np.random.default_rng(SEED)))
    if not frames:
        return None
    return many_groups_section_from(frames, confidence=confidence, rows=rows)


def many_groups_section_from(frames: Mapping[str, pd.DataFrame], *, confidence: float,
                             rows: int) -> Section:
    """Build the section from one joined table per key (shared with the streamed report)."""
    tables = []
    notes = []
    for key, frame in frames.items():
        columns = [Column(name=key, type="string"),
                   *(Column(name=c, type=t, digits=d) for c, t, d in _COLUMNS)]
        data = [np.asarray([str(k) for k in frame.index], dtype=object),
                *(frame[c].to_numpy(dtype=object) for c, _, _ in _COLUMNS)]
        body: list[tuple[Cell, ...]] = list(zip(*data, strict=True))
        tables.append(Table(name=f"by_{key}", columns=tuple(columns), rows=tuple(body)))
        notes.append(_outliers(key, frame))
    n = int(next(iter(frames.values()))["n"].sum()) if frames else 0
    return Section(
        key="many_groups", title=TITLE, n=n, n_dropped=max(rows - n, 0),
        method=("funnel plot (Spiegelhalter 2005): each group's NPS against the pooled NPS, "
                "with 95% and 99.8% control limits for its number of answers (trinomial "
                "variance at the pooled shares); league table of empirical-Bayes shrunk NPS "
                "(normal-normal model, DerSimonian-Laird between-group variance; Efron & "
                f"Morris 1975) with {confidence:.0%} rank intervals from {RESAMPLES} "
                f"simulated league tables, seed {SEED} (Goldstein & Spiegelhalter 1996)"),
        tables=tuple(tables), notes=tuple(notes))


def _outliers(key: str, frame: pd.DataFrame) -> str:
    """Name the groups beyond the limits, the honest version of "the best and the worst"."""
    band = frame["band"].astype("string").fillna("")
    parts = []
    for side in ("above", "below"):
        for level in ("99.8%", "95%"):
            names = [str(k) for k in frame.index[(band == f"{side} {level}").to_numpy()]]
            if names:
                parts.append(f"{side} the {level} limit: {', '.join(names)}")
    if not parts:
        return (f"By {key}: every group is within the 95% limits for its size; their "
                "differences are consistent with chance.")
    return f"By {key}: " + "; ".join(parts) + "."
