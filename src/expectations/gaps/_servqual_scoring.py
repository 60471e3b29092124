"""The SERVQUAL engine: item matrices to grouped moments, and moments to results.

After checking the answers (on the scale, present or dropped) and the
allocations (summing to 100), one pass computes, for every group, the mean and
t-interval of each item, dimension and overall score (gaps, expectations and
perceptions side by side); :func:`servqual_result`, :func:`servperf_result`
and :func:`by_frame` lay those moments out as the public results.
"""

from __future__ import annotations

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _grouping
from expectations import _validation as v
from expectations.errors import InvalidParameterError, InvalidScoreError, format_message
from expectations.gaps._input import check_on_scale, groups_for
from expectations.gaps._servqual_input import (
    Layout,
    allocations,
    is_long,
    long_matrices,
    wide_matrices,
)
from expectations.gaps._servqual_results import (
    OVERALL,
    WEIGHTED,
    DimensionGap,
    DimensionScore,
    ItemGap,
    ItemScore,
    ServperfResult,
    ServqualResult,
)
from expectations.gaps._summaries import Moments, group_moments, interval
from expectations.models.scale import Scale
from expectations.results import Interval

__all__ = ["Scored", "by_frame", "score", "servperf_result", "servqual_result"]

FloatArray = npt.NDArray[np.float64]

# Allocations may differ from 100 by rounding error only.
_SUM_TOLERANCE = 1e-6


# ----------------------------------------------------------------- the engine
@attrs.frozen
class Scored:
    moments: Moments
    layout: Layout
    groups: _grouping.Groups
    weighted: bool
    n_dropped: FloatArray  # per group
    paired: bool


def score(expected: object | None, perceived: object, *, dimensions: object,
           weights: object, by: object, item: object, respondent: object, scale: object,
           confidence: float, missing: str) -> Scored:
    v.check_option(missing, "missing", ("raise", "drop"))
    c = v.check_confidence(confidence)
    if not isinstance(scale, Scale):
        raise InvalidParameterError(
            f"scale must be a Scale, such as Scale(1, 7); got {scale!r}.")
    if is_long(perceived):
        e, p, layout, row_resp = long_matrices(expected, perceived, dimensions, item, respondent)
        n = p.shape[0]
        if by is None:
            groups = groups_for(None, n, missing)
        else:
            row_groups = _grouping.factorize(by, row_resp.size, missing=missing)
            order = np.argsort(row_resp, kind="stable")
            starts = np.searchsorted(row_resp[order], np.arange(n))
            first = order[starts]
            codes = row_groups.codes[first]
            differs = row_groups.codes != codes[row_resp]
            if differs.any():
                i = int(np.flatnonzero(differs)[0])
                raise InvalidScoreError(format_message(
                    "by", "the same for every row of a respondent", count=int(differs.sum()),
                    position=i, first=None,
                    fix="Group keys describe respondents, so they must not vary by item."))
            groups = _grouping.Groups(codes=codes, index=row_groups.index,
                                      n_dropped=int((codes < 0).sum()))
    else:
        if item is not None or respondent is not None:
            raise InvalidParameterError(format_message(
                "item and respondent", "None with wide (two-dimensional) data",
                fix="They describe long data; drop them or pass one-dimensional columns."))
        e, p, layout = wide_matrices(expected, perceived, dimensions)
        n = p.shape[0]
        groups = groups_for(by, n, missing)
    alloc = None if weights is None else allocations(weights, n, layout.dimensions)

    # Missing answers drop the whole respondent: a dimension mean over fewer
    # items would not be comparable with the others.
    nan_rows = np.isnan(p).any(axis=1)
    if e is not None:
        nan_rows |= np.isnan(e).any(axis=1)
    if alloc is not None:
        nan_rows |= np.isnan(alloc).any(axis=1)
    if nan_rows.any() and missing == "raise":
        _raise_missing(e, p, alloc, layout)
    keep = ~nan_rows & groups.keep
    dropped = np.bincount(groups.codes[nan_rows & groups.keep], minlength=groups.n_groups)
    p = p[keep]
    e = None if e is None else e[keep]
    alloc = None if alloc is None else alloc[keep]
    codes = groups.codes[keep]
    v.check_not_empty(p.shape[0], "perceived")

    _validate_scale(p, "perceived", scale, layout)
    if e is not None:
        _validate_scale(e, "expected", scale, layout)
    if alloc is not None:
        _check_allocations(alloc)

    d = len(layout.dimensions)
    # Averaging matrix: item scores (n, k) @ avg (k, d) = per-respondent dimension means.
    avg = np.zeros((layout.item_dimension.size, d))
    avg[np.arange(layout.item_dimension.size), layout.item_dimension] = 1.0
    avg /= avg.sum(axis=0, keepdims=True)

    blocks = [p] if e is None else [p - e, e, p]
    columns: list[FloatArray] = []
    for block in blocks:
        dim = block @ avg
        extra = [dim, dim.mean(axis=1, keepdims=True)]
        if alloc is not None:
            extra.append((dim * alloc / 100.0).sum(axis=1, keepdims=True))
        columns.extend([block, *extra])
    values = np.hstack(columns)
    groups_kept = _grouping.Groups(codes=codes, index=groups.index, n_dropped=groups.n_dropped)
    moments = group_moments(codes, groups.n_groups, values, c)
    return Scored(moments, layout, groups_kept, alloc is not None,
                   dropped.astype(np.float64), e is not None)



def _blocks(scored: Scored) -> dict[str, tuple[int, int]]:
    """Column ranges of each score within the moments matrix."""
    k = scored.layout.item_dimension.size
    d = len(scored.layout.dimensions)
    per_block = k + d + 1 + (1 if scored.weighted else 0)
    names = ("gap", "expected", "perceived") if scored.paired else ("perceived",)
    return {name: (b * per_block, per_block) for b, name in enumerate(names)}


# ----------------------------------------------------------------- checks
def _check_allocations(alloc: FloatArray) -> None:
    flat = alloc.ravel()
    bad = ~(np.isfinite(flat) & (flat >= 0))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InvalidScoreError(format_message(
            "weights", "finite, non-negative points", count=int(bad.sum()),
            first=float(flat[i]), position=f"row {i // alloc.shape[1]}",
            fix="Fix or drop those respondents."))
    totals = alloc.sum(axis=1)
    off = np.abs(totals - 100.0) > _SUM_TOLERANCE
    if off.any():
        row = int(np.flatnonzero(off)[0])
        raise InvalidScoreError(format_message(
            "weights", "100-point allocations (each respondent's points summing to 100)",
            count=int(off.sum()), first=float(totals[row]), position=f"row {row}",
            fix="Allocations are not rescaled silently: correct those rows, or rescale them "
                "yourself (points / total * 100)."))



def _validate_scale(values: FloatArray, name: str, scale: Scale, layout: Layout) -> None:
    flat = values.ravel()
    ok = (flat >= scale.low) & (flat <= scale.high)
    if scale.integer:
        ok &= np.floor(flat) == flat
    if ok.all():
        return
    i = int(np.flatnonzero(~ok)[0])
    row, col = divmod(i, values.shape[1])
    check_on_scale(flat[i:i + 1], name, scale,
                   [f"row {row}, item {layout.labels_of(name)[col]}"])


def _raise_missing(e: FloatArray | None, p: FloatArray, alloc: FloatArray | None,
                   layout: Layout) -> None:
    for name, matrix, labels, what in (
            ("expected", e, layout.labels, "item"),
            ("perceived", p, layout.labels_of("perceived"), "item"),
            ("weights", alloc, layout.dimensions, "dimension")):
        if matrix is None:
            continue
        nan = np.isnan(matrix)
        if nan.any():
            row, col = (int(x[0]) for x in np.nonzero(nan))
            raise InvalidScoreError(format_message(
                name, "present (not NaN or missing)", count=int(nan.sum()),
                first=float("nan"), position=f"row {row}, {what} {labels[col]}",
                fix='Drop those respondents, or pass missing="drop" to drop and count them.'))


# ----------------------------------------------------------------- assembling
def servqual_result(scored: Scored, c: float) -> ServqualResult:
    m, layout = scored.moments, scored.layout
    k, d = layout.item_dimension.size, len(layout.dimensions)
    starts = {name: start for name, (start, _) in _blocks(scored).items()}
    n = int(m.n[0])

    def cell(block: str, j: int) -> float:
        return float(m.mean[0, starts[block] + j])

    def gap_interval(j: int) -> Interval:
        g = starts["gap"] + j
        return interval(m.low[0, g], m.high[0, g], c, "t")

    items = tuple(
        ItemGap(item=layout.labels[j], dimension=layout.dimensions[layout.item_dimension[j]],
                expected=cell("expected", j), perceived=cell("perceived", j),
                gap=cell("gap", j), interval=gap_interval(j), n=n)
        for j in range(k))
    names = [*layout.dimensions, OVERALL] + ([WEIGHTED] if scored.weighted else [])
    rows = [
        DimensionGap(dimension=name, expected=cell("expected", k + i),
                     perceived=cell("perceived", k + i), gap=cell("gap", k + i),
                     interval=gap_interval(k + i), n=n)
        for i, name in enumerate(names)]
    return ServqualResult(overall=rows[d], weighted=rows[d + 1] if scored.weighted else None,
                          dimensions=tuple(rows[:d]), items=items, n=n,
                          n_dropped=int(scored.n_dropped[0]))


def servperf_result(scored: Scored, c: float) -> ServperfResult:
    m, layout = scored.moments, scored.layout
    k, d = layout.item_dimension.size, len(layout.dimensions)
    n = int(m.n[0])

    def row(j: int) -> tuple[float, Interval]:
        return float(m.mean[0, j]), interval(m.low[0, j], m.high[0, j], c, "t")

    items = tuple(
        ItemScore(item=layout.labels[j], dimension=layout.dimensions[layout.item_dimension[j]],
                  perceived=row(j)[0], interval=row(j)[1], n=n)
        for j in range(k))
    names = [*layout.dimensions, OVERALL] + ([WEIGHTED] if scored.weighted else [])
    rows = [DimensionScore(dimension=name, perceived=row(k + i)[0], interval=row(k + i)[1], n=n)
            for i, name in enumerate(names)]
    return ServperfResult(overall=rows[d], weighted=rows[d + 1] if scored.weighted else None,
                          dimensions=tuple(rows[:d]), items=items, n=n,
                          n_dropped=int(scored.n_dropped[0]))


def by_frame(scored: Scored, c: float, columns: tuple[str, ...]) -> pd.DataFrame:
    """One row per group and dimension (then overall rows), with ``columns``."""
    m, layout, groups = scored.moments, scored.layout, scored.groups
    k, d = layout.item_dimension.size, len(layout.dimensions)
    r = d + 1 + (1 if scored.weighted else 0)
    names = [*layout.dimensions, OVERALL] + ([WEIGHTED] if scored.weighted else [])
    blocks = _blocks(scored)
    g = groups.n_groups
    main = "gap" if scored.paired else "perceived"
    start = blocks[main][0] + k
    data: dict[str, object] = {}
    for name in ("expected", "perceived", "gap"):
        if name in columns:
            s = blocks[name][0] + k
            data[name] = m.mean[:, s:s + r].ravel()
    data["ci_low"] = m.low[:, start:start + r].ravel()
    data["ci_high"] = m.high[:, start:start + r].ravel()
    data["ci_method"] = np.full(g * r, "t", dtype=object)
    data["confidence"] = np.full(g * r, c)
    data["n"] = np.repeat(m.n.astype(np.int64), r)
    index = groups.index
    if isinstance(index, pd.MultiIndex):
        arrays = [index.get_level_values(i).repeat(r) for i in range(index.nlevels)]
    else:
        arrays = [index.repeat(r)]
    full = pd.MultiIndex.from_arrays([*arrays, np.tile(np.asarray(names, dtype=object), g)],
                                     names=[*index.names, "dimension"])
    out: pd.DataFrame = pd.DataFrame({col: data[col] for col in columns}, index=full)
    out.attrs["n_dropped"] = int(scored.n_dropped.sum())
    out.attrs["n_dropped_keys"] = groups.n_dropped
    return out

