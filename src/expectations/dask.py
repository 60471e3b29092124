"""The count-based scores over dask DataFrames: NPS, top-box, Kano, tolerance zone, fulfilment.

Each function takes a dask DataFrame and column names, and returns exactly
what its in-memory namesake returns for the same data (a result object, or a
pandas DataFrame with ``by=``). The work goes through dask's own tree
reduction (:meth:`dask.dataframe.DataFrame.reduction`): every partition is
validated and counted by the in-memory code (chunk), the per-group counts of
partitions are added up (combine, ``split_every`` at a time) and the result
is built from the total by the function the in-memory score uses (finalise).
Counts add exactly, so results do not depend on the partitioning.

Group keys keep their Python type across partitions, as in pandas: the key
``1`` in one partition and ``"1"`` in another are two groups. Note that dask
itself, by default (its ``dataframe.convert-string`` setting), turns object
columns into text when a frame is made, for example by
:func:`dask.dataframe.from_pandas`; ``1`` and ``"1"`` are then both ``"1"``
before any of this code runs, and the result equals the in-memory score of
what the dask DataFrame computes to. To keep mixed-type keys apart, create
the frame under ``dask.config.set({"dataframe.convert-string": False})``.

This module imports dask; ``import expectations`` does not. Install the
``dask`` extra (``pip install 'customer-expectations[dask]'``).

Examples
--------
>>> import dask.dataframe as dd
>>> import pandas as pd
>>> import expectations as ex
>>> import expectations.dask as exd
>>> df = pd.DataFrame({"score": [10, 9, 8, 3, 10, 6] * 10, "shop": ["a", "b"] * 30})
>>> ddf = dd.from_pandas(df, npartitions=4)
>>> exd.nps(ddf, "score").score == ex.nps(df["score"]).score
True
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, overload

import attrs
import dask.dataframe as dd
import numpy as np
import numpy.typing as npt
import pandas as pd
from dask.base import compute

from expectations import _grouping
from expectations import _validation as v
from expectations.commitments import (
    FULFILMENT_COLUMNS,
    FulfilmentResult,
    _breach,
    _check_commitment,
    _check_finite,
    _fulfilment_from_counts,
    _fulfilment_result,
)
from expectations.errors import (
    ExpectationsError,
    InsufficientDataError,
    InvalidParameterError,
    SchemaError,
    format_message,
)
from expectations.gaps import tolerance as tolerance_module
from expectations.gaps._input import groups_for
from expectations.gaps._summaries import Moments
from expectations.gaps.kano import (
    _N_ANSWERS,
    _PAIRS,
    KANO_COLUMNS,
    KanoResult,
    _paired_codes,
    _python,
    _summarise_pairs,
)
from expectations.gaps.tolerance import ToleranceResult
from expectations.models.commitment import Commitment
from expectations.models.scale import Scale
from expectations.scoring.nps import (
    IntervalMethod,
    NPSResult,
    RandomState,
    _check_bootstrap_options,
    _check_options,
)
from expectations.scoring.proportions import (
    PROPORTION_METHODS,
    t_interval,
)
from expectations.scoring.satisfaction import (
    CES_SCALE,
    CSAT_SCALE,
    CESDirection,
    TopBoxResult,
    _ces_box,
    _top_box_bounds,
)
from expectations.streaming._accumulate import Accumulator, Part, key_columns
from expectations.streaming._chunks import relocate
from expectations.streaming._histograms import Histogram, box_result, key_names, nps_result, tally

__all__ = ["ces", "csat", "fulfilment", "kano", "nps", "tolerance_zone", "top_box"]

FloatArray = npt.NDArray[np.float64]
By = str | list[str] | tuple[str, ...]
Counter = Callable[[pd.DataFrame], Part]


# ---------------------------------------------------------------- the reduction

def _note(frame: pd.DataFrame) -> Callable[[int | None], str]:
    first = frame.index[0] if len(frame) else None

    def note(row: int | None) -> str:
        del row
        return (f"(In one partition of the dask DataFrame, whose first index label is "
                f"{first!r}; the position counts rows within that partition.)")
    return note


def _chunk(frame: pd.DataFrame, count: Counter) -> pd.DataFrame:
    try:
        part = count(frame)
    except ExpectationsError as exc:
        raise relocate(exc, 0, _note(frame)) from exc
    return _holding(part)


def _merge(frame: pd.DataFrame, names: tuple[Hashable, ...] | None) -> Part:
    return Accumulator(names).add_all(frame["part"]).part()


def _combine(frame: pd.DataFrame, names: tuple[Hashable, ...] | None) -> pd.DataFrame:
    return _holding(_merge(frame, names))


def _holding(part: Part) -> pd.DataFrame:
    """Wrap a :class:`Part` in a one-cell frame, which dask concatenates between steps."""
    out: pd.DataFrame = pd.DataFrame({"part": pd.Series([part], dtype=object)})
    return out


def _aggregate(frame: pd.DataFrame, names: tuple[Hashable, ...] | None) -> pd.Series:
    return pd.Series([_merge(frame, names)], dtype=object)


def _check_frame(frame: object, columns: Sequence[str]) -> dd.DataFrame:
    if not isinstance(frame, dd.DataFrame):
        raise InvalidParameterError(
            f"frame must be a dask DataFrame; got {type(frame).__name__}. For pandas data "
            "use the functions of the expectations package itself.")
    absent = [c for c in dict.fromkeys(columns) if c not in frame.columns]
    if absent:
        raise SchemaError(format_message(
            "frame", "a dask DataFrame with the named columns", count=len(absent),
            first=absent[0], fix=f"It has {', '.join(map(repr, list(frame.columns)[:20]))}."))
    return frame


def _reduce(frame: dd.DataFrame, columns: Sequence[str], count: Counter,
            names: tuple[Hashable, ...] | None, split_every: int | None,
            extra: Any = None) -> tuple[Accumulator, Any]:
    """Count every partition, add the counts up the tree, return them (and ``extra``)."""
    reduced = frame[list(dict.fromkeys(columns))].reduction(
        chunk=_chunk, combine=_combine, aggregate=_aggregate,
        chunk_kwargs={"count": count}, combine_kwargs={"names": names},
        aggregate_kwargs={"names": names}, meta=pd.Series(dtype=object),
        split_every=split_every, token="expectations-counts")  # noqa: S106 (a task name)
    if extra is None:
        (series,) = compute(reduced)  # type: ignore[no-untyped-call]
        computed = None
    else:
        series, computed = compute(reduced, extra)  # type: ignore[no-untyped-call]
    acc = Accumulator(names)
    acc.add(series.iloc[0])
    return acc, computed


def _check_split_every(split_every: object) -> None:
    if split_every is not None and (
            isinstance(split_every, bool) or not isinstance(split_every, (int, np.integer))
            or split_every < 2):
        raise InvalidParameterError(
            f"split_every must be None or an integer of at least 2; got {split_every!r}.")


class _Tally:
    """A picklable ``frame -> Part`` for score histograms."""

    __slots__ = ("spec",)

    def __init__(self, spec: Histogram) -> None:
        self.spec = spec

    def __call__(self, frame: pd.DataFrame) -> Part:
        return tally(frame, self.spec)


# ---------------------------------------------------------------- NPS and top-box

@overload
def nps(frame: dd.DataFrame, column: str, *, by: None = ..., weights: str | None = ...,
        ci: IntervalMethod | None = ..., confidence: float = ..., missing: v.MissingPolicy = ...,
        rng: RandomState = ..., n_resamples: int = ...,
        split_every: int | None = ...) -> NPSResult: ...
@overload
def nps(frame: dd.DataFrame, column: str, *, by: By, weights: str | None = ...,
        ci: IntervalMethod | None = ..., confidence: float = ..., missing: v.MissingPolicy = ...,
        rng: RandomState = ..., n_resamples: int = ...,
        split_every: int | None = ...) -> pd.DataFrame: ...
def nps(frame: dd.DataFrame, column: str, *, by: By | None = None, weights: str | None = None,
        ci: IntervalMethod | None = "adjusted-wald", confidence: float = 0.95,
        missing: v.MissingPolicy = "raise", rng: RandomState = None, n_resamples: int = 10_000,
        split_every: int | None = None) -> NPSResult | pd.DataFrame:
    """Net Promoter Score of a dask DataFrame column, optionally by group.

    Parameters
    ----------
    frame : dask.dataframe.DataFrame
        The data.
    column : str
        The column of 0-10 answers.
    by : str or list of str, optional
        Column(s) of group keys; the result is then a DataFrame.
    weights : str, optional
        Column of survey weights.
    ci, confidence, missing, rng, n_resamples
        As for :func:`expectations.nps`.
    split_every : int, optional
        How many partitions' counts each combine step adds (dask's default when None).

    Returns
    -------
    NPSResult or pandas.DataFrame
        Exactly :func:`expectations.nps` of the computed columns.

    Raises
    ------
    InvalidScoreError
        As :func:`expectations.nps`; the position counts rows within the
        offending partition, whose first index label the message names.
    SchemaError
        If a column is not in ``frame``.

    Examples
    --------
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> df = pd.DataFrame({"score": [10, 9, 8, 3, 10, 6] * 10, "shop": ["a", "b"] * 30})
    >>> nps(dd.from_pandas(df, npartitions=3), "score", by="shop")[["score", "n"]].round(1)
          score   n
    shop
    a      66.7  30
    b     -33.3  30
    """
    confidence = _check_options(ci, confidence)
    v.check_option(missing, "missing", ("raise", "drop"))
    _check_split_every(split_every)
    if ci == "bootstrap":
        _check_bootstrap_options(rng, n_resamples)
    spec = Histogram(column, low=0, high=10, by=key_names(by), weights=_weights(weights),
                     missing=missing, what="for NPS")
    ddf = _check_frame(frame, spec.columns)
    acc, _ = _reduce(ddf, spec.columns, _Tally(spec), spec.by, split_every)
    return nps_result(acc, spec, ci=ci, confidence=confidence, rng=rng,
                      n_resamples=n_resamples, stacklevel=3)


def _weights(weights: object) -> str | None:
    if weights is not None and not isinstance(weights, str):
        raise InvalidParameterError(
            f"weights must be a column name or None; got {type(weights).__name__}.")
    return weights


def _box(frame: dd.DataFrame, column: str, *, scale: Scale, box_low: int, box_high: int,
         weights: str | None, by: By | None, ci: str | None, confidence: float, missing: str,
         split_every: int | None, what: str) -> TopBoxResult | pd.DataFrame:
    v.check_option(ci, "ci", (*PROPORTION_METHODS, None))
    c = v.check_confidence(confidence)
    v.check_option(missing, "missing", ("raise", "drop"))
    _check_split_every(split_every)
    spec = Histogram(column, low=int(scale.low), high=int(scale.high), by=key_names(by),
                     weights=_weights(weights), missing=missing, what="")
    ddf = _check_frame(frame, spec.columns)
    acc, _ = _reduce(ddf, spec.columns, _Tally(spec), spec.by, split_every)
    return box_result(acc, spec, box_low=box_low, box_high=box_high, ci=ci, confidence=c,
                      what=what, stacklevel=4)


@overload
def top_box(frame: dd.DataFrame, column: str, *, scale: Scale, top: int = ...,
            weights: str | None = ..., by: None = ..., ci: str | None = ...,
            confidence: float = ..., missing: v.MissingPolicy = ...,
            split_every: int | None = ...) -> TopBoxResult: ...
@overload
def top_box(frame: dd.DataFrame, column: str, *, scale: Scale, top: int = ...,
            weights: str | None = ..., by: By, ci: str | None = ...,
            confidence: float = ..., missing: v.MissingPolicy = ...,
            split_every: int | None = ...) -> pd.DataFrame: ...
def top_box(frame: dd.DataFrame, column: str, *, scale: Scale, top: int = 2,
            weights: str | None = None, by: By | None = None, ci: str | None = "wilson",
            confidence: float = 0.95, missing: v.MissingPolicy = "raise",
            split_every: int | None = None) -> TopBoxResult | pd.DataFrame:
    """Top-box share and mean answer of a dask DataFrame column.

    Parameters
    ----------
    frame : dask.dataframe.DataFrame
        The data.
    column : str
        The column of answers on ``scale``.
    scale, top, ci, confidence, missing
        As for :func:`expectations.top_box`.
    weights : str, optional
        Column of survey weights.
    by : str or list of str, optional
        Column(s) of group keys.
    split_every : int, optional
        Partitions per combine step.

    Returns
    -------
    TopBoxResult or pandas.DataFrame
        Exactly :func:`expectations.top_box` of the computed columns.

    Examples
    --------
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> import expectations as ex
    >>> ddf = dd.from_pandas(pd.DataFrame({"a": [5, 4, 4, 3, 1] * 8}), npartitions=3)
    >>> top_box(ddf, "a", scale=ex.Scale(1, 5)).score
    60.0
    """
    box_low, box_high = _top_box_bounds(scale, top)
    return _box(frame, column, scale=scale, box_low=box_low, box_high=box_high,
                weights=weights, by=by, ci=ci, confidence=confidence, missing=missing,
                split_every=split_every, what="top_box")


@overload
def csat(frame: dd.DataFrame, column: str, *, scale: Scale = ..., top: int = ...,
         weights: str | None = ..., by: None = ..., ci: str | None = ...,
         confidence: float = ..., missing: v.MissingPolicy = ...,
         split_every: int | None = ...) -> TopBoxResult: ...
@overload
def csat(frame: dd.DataFrame, column: str, *, scale: Scale = ..., top: int = ...,
         weights: str | None = ..., by: By, ci: str | None = ...,
         confidence: float = ..., missing: v.MissingPolicy = ...,
         split_every: int | None = ...) -> pd.DataFrame: ...
def csat(frame: dd.DataFrame, column: str, *, scale: Scale = CSAT_SCALE, top: int = 2,
         weights: str | None = None, by: By | None = None, ci: str | None = "wilson",
         confidence: float = 0.95, missing: v.MissingPolicy = "raise",
         split_every: int | None = None) -> TopBoxResult | pd.DataFrame:
    """CSAT of a dask DataFrame column: :func:`top_box` with the CSAT defaults.

    Parameters
    ----------
    frame : dask.dataframe.DataFrame
        The data.
    column : str
        The column of answers.
    scale, top, weights, by, ci, confidence, missing, split_every
        As for :func:`top_box` (defaults of :func:`expectations.csat`).

    Returns
    -------
    TopBoxResult or pandas.DataFrame
        Exactly :func:`expectations.csat` of the computed columns.

    Examples
    --------
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> ddf = dd.from_pandas(pd.DataFrame({"c": [5, 4, 4, 3, 5, 2, 4, 5, 1, 4] * 6}),
    ...                      npartitions=4)
    >>> csat(ddf, "c").score
    70.0
    """
    box_low, box_high = _top_box_bounds(scale, top)
    return _box(frame, column, scale=scale, box_low=box_low, box_high=box_high,
                weights=weights, by=by, ci=ci, confidence=confidence, missing=missing,
                split_every=split_every, what="csat")


@overload
def ces(frame: dd.DataFrame, column: str, *, scale: Scale = ..., agree_from: int = ...,
        direction: CESDirection | None = ..., weights: str | None = ..., by: None = ...,
        ci: str | None = ..., confidence: float = ..., missing: v.MissingPolicy = ...,
        split_every: int | None = ...) -> TopBoxResult: ...
@overload
def ces(frame: dd.DataFrame, column: str, *, scale: Scale = ..., agree_from: int = ...,
        direction: CESDirection | None = ..., weights: str | None = ..., by: By,
        ci: str | None = ..., confidence: float = ..., missing: v.MissingPolicy = ...,
        split_every: int | None = ...) -> pd.DataFrame: ...
def ces(frame: dd.DataFrame, column: str, *, scale: Scale = CES_SCALE, agree_from: int = 5,
        direction: CESDirection | None = None, weights: str | None = None,
        by: By | None = None, ci: str | None = "wilson", confidence: float = 0.95,
        missing: v.MissingPolicy = "raise",
        split_every: int | None = None) -> TopBoxResult | pd.DataFrame:
    """Score customer effort (CES) in a dask DataFrame column.

    Parameters
    ----------
    frame : dask.dataframe.DataFrame
        The data.
    column : str
        The column of answers.
    scale, agree_from, direction
        As for :func:`expectations.ces`.
    weights, by, ci, confidence, missing, split_every
        As for :func:`top_box`.

    Returns
    -------
    TopBoxResult or pandas.DataFrame
        Exactly :func:`expectations.ces` of the computed columns.

    Examples
    --------
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> ddf = dd.from_pandas(pd.DataFrame({"e": [7, 6, 5, 5, 4, 3, 6, 7, 2, 5] * 4}),
    ...                      npartitions=2)
    >>> ces(ddf, "e").score
    70.0
    """
    box_low, box_high = _ces_box(scale, agree_from, direction)
    return _box(frame, column, scale=scale, box_low=box_low, box_high=box_high,
                weights=weights, by=by, ci=ci, confidence=confidence, missing=missing,
                split_every=split_every, what="ces")


# ---------------------------------------------------------------- Kano


class _KanoTally:
    """Count (functional, dysfunctional) answer pairs per feature in one partition."""

    __slots__ = ("dysfunctional", "feature", "functional", "missing")

    def __init__(self, functional: str, dysfunctional: str, feature: tuple[str, ...] | None,
                 missing: str) -> None:
        self.functional = functional
        self.dysfunctional = dysfunctional
        self.feature = feature
        self.missing = missing

    def __call__(self, frame: pd.DataFrame) -> Part:
        f, d, complete = _paired_codes(frame[self.functional],
                                                   frame[self.dysfunctional], self.missing)
        n_rows = f.size
        if self.feature is None:
            groups = _grouping.Groups(codes=np.zeros(n_rows, dtype=np.intp),
                                      index=pd.RangeIndex(1))
        else:
            keys = frame[self.feature[0]] if len(self.feature) == 1 else frame[list(self.feature)]
            groups = _grouping.factorize(keys, n_rows, name="feature", missing=self.missing)
        incomplete = int((~complete).sum())
        dropped = _grouping.sum_by_group(groups, (~complete).astype(np.float64))
        kept = attrs.evolve(groups, codes=np.where(complete, groups.codes, -1),
                            n_dropped=groups.n_dropped + incomplete)
        pair = np.where(complete, np.maximum(f, 0) * _N_ANSWERS + np.maximum(d, 0), 0)
        arrays = {"pairs": _grouping.count_categories(kept, pair, _PAIRS).astype(np.int64),
                  "dropped": dropped.astype(np.int64)}
        keys_out = None if self.feature is None else key_columns(groups.index)
        return Part(keys=keys_out, arrays=arrays,
                    totals={"rows": n_rows, "incomplete": incomplete},
                    n_dropped_keys=groups.n_dropped)


@overload
def kano(frame: dd.DataFrame, functional: str, dysfunctional: str, *, feature: None = ...,
         missing: v.MissingPolicy = ..., split_every: int | None = ...) -> KanoResult: ...
@overload
def kano(frame: dd.DataFrame, functional: str, dysfunctional: str, *, feature: By,
         missing: v.MissingPolicy = ..., split_every: int | None = ...) -> pd.DataFrame: ...
def kano(frame: dd.DataFrame, functional: str, dysfunctional: str, *,
         feature: By | None = None, missing: v.MissingPolicy = "raise",
         split_every: int | None = None) -> KanoResult | pd.DataFrame:
    """Kano evaluation of answer pairs in a dask DataFrame, optionally per feature.

    Parameters
    ----------
    frame : dask.dataframe.DataFrame
        The data.
    functional, dysfunctional : str
        Columns of answers to the functional and dysfunctional questions.
    feature : str or list of str, optional
        Column(s) naming the feature each pair is about.
    missing : {"raise", "drop"}, default "raise"
        As for :func:`expectations.kano`.
    split_every : int, optional
        Partitions per combine step.

    Returns
    -------
    KanoResult or pandas.DataFrame
        Exactly :func:`expectations.kano` of the computed columns.

    Notes
    -----
    Each partition counts the 25 possible answer pairs per feature; the six
    category counts and DuMouchel's means follow from those counts exactly.

    Examples
    --------
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> df = pd.DataFrame({"f": ["like"] * 6 + ["must-be"] * 3 + ["neutral"],
    ...                    "d": ["dislike"] * 2 + ["neutral"] * 4 + ["dislike"] * 3 + ["neutral"]})
    >>> r = kano(dd.from_pandas(df, npartitions=3), "f", "d")
    >>> r.category, r.better, r.worse
    ('A', 0.6, -0.5)
    """
    v.check_option(missing, "missing", ("raise", "drop"))
    _check_split_every(split_every)
    names = key_names(feature)
    columns = [functional, dysfunctional, *(names or ())]
    ddf = _check_frame(frame, columns)
    acc, _ = _reduce(ddf, columns, _KanoTally(functional, dysfunctional, names, missing),
                     names, split_every)
    groups, arrays, totals = acc.finish()
    v.check_not_empty(int(totals.get("rows", 0) - totals.get("incomplete", 0)), "functional")
    data = _summarise_pairs(arrays["pairs"].astype(np.float64))
    data["n_dropped"] = arrays["dropped"]
    if groups is not None:
        return _grouping.frame(groups, KANO_COLUMNS, data)
    row = {name: values[0] for name, values in data.items()}
    return KanoResult(**{name: _python(value) for name, value in row.items()})


# ---------------------------------------------------------------- zone of tolerance

class _ToleranceTally:
    """Per-group moments of the three gaps, and level counts, in one partition."""

    __slots__ = ("adequate", "by", "desired", "missing", "perceived", "scale")

    def __init__(self, perceived: str, adequate: str, desired: str,
                 by: tuple[str, ...] | None, scale: Scale | None, missing: str) -> None:
        self.perceived = perceived
        self.adequate = adequate
        self.desired = desired
        self.by = by
        self.scale = scale
        self.missing = missing

    def __call__(self, frame: pd.DataFrame) -> Part:
        p, a, d, keep, _ = tolerance_module._read(frame[self.perceived], frame[self.adequate],
                                                  frame[self.desired], self.scale, self.missing)
        by = None if self.by is None else (
            frame[self.by[0]] if len(self.by) == 1 else frame[list(self.by)])
        groups = groups_for(by, p.size, self.missing)
        g = groups.n_groups
        inverted = keep & (d < a)
        valid = keep & ~inverted & groups.keep
        codes = groups.codes[valid]
        pv, av, dv = p[valid], a[valid], d[valid]
        gaps = np.column_stack([pv - av, pv - dv, dv - av])
        flat = (codes[:, None] * 3 + np.arange(3)).ravel()
        level = (pv >= av).astype(np.intp) + (pv > dv)
        kept = _grouping.Groups(codes=codes, index=groups.index)
        arrays = {
            "n": np.bincount(codes, minlength=g).astype(np.int64),
            "sum": np.bincount(flat, weights=gaps.ravel(), minlength=3 * g).reshape(g, 3),
            "sum_sq": np.bincount(flat, weights=(gaps * gaps).ravel(),
                                  minlength=3 * g).reshape(g, 3),
            "levels": _grouping.count_categories(kept, level, 3).astype(np.int64),
            "n_dropped": np.bincount(groups.codes[~keep & groups.keep],
                                     minlength=g).astype(np.int64),
            "n_inverted": np.bincount(groups.codes[inverted & groups.keep],
                                      minlength=g).astype(np.int64),
        }
        return Part(keys=None if self.by is None else key_columns(groups.index), arrays=arrays,
                    totals={"valid": int(valid.sum())}, n_dropped_keys=groups.n_dropped)


@overload
def tolerance_zone(frame: dd.DataFrame, perceived: str, adequate: str, desired: str, *,
                   by: None = ..., scale: Scale | None = ..., confidence: float = ...,
                   missing: v.MissingPolicy = ...,
                   split_every: int | None = ...) -> ToleranceResult: ...
@overload
def tolerance_zone(frame: dd.DataFrame, perceived: str, adequate: str, desired: str, *,
                   by: By, scale: Scale | None = ..., confidence: float = ...,
                   missing: v.MissingPolicy = ...,
                   split_every: int | None = ...) -> pd.DataFrame: ...
def tolerance_zone(frame: dd.DataFrame, perceived: str, adequate: str, desired: str, *,
                   by: By | None = None, scale: Scale | None = None, confidence: float = 0.95,
                   missing: v.MissingPolicy = "raise",
                   split_every: int | None = None) -> ToleranceResult | pd.DataFrame:
    """Zone-of-tolerance summary (gaps and the three levels) of a dask DataFrame.

    Parameters
    ----------
    frame : dask.dataframe.DataFrame
        The data.
    perceived, adequate, desired : str
        Columns of the perceived, adequate and desired levels.
    by : str or list of str, optional
        Column(s) of group keys.
    scale, confidence, missing
        As for :func:`expectations.tolerance_zone`.
    split_every : int, optional
        Partitions per combine step.

    Returns
    -------
    ToleranceResult or pandas.DataFrame
        :func:`expectations.tolerance_zone` of the computed columns: level
        counts exactly, means and intervals to rounding error.

    Notes
    -----
    The level shares come from exact counts. The gap means and standard
    deviations come from per-group sums and sums of squares, which add across
    partitions; for answers on a rating scale (integers or halves) these sums
    are exact, and otherwise agree with the in-memory two-pass values to
    about 1e-13.

    Examples
    --------
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> df = pd.DataFrame({"p": [3, 5, 8, 6, 6], "a": [4, 4, 4, 5, 7], "d": [7, 7, 7, 7, 5]})
    >>> r = tolerance_zone(dd.from_pandas(df, npartitions=2), "p", "a", "d")
    >>> r.msa, r.satisfied, r.n_inverted
    (1.25, 50.0, 1)
    """
    c = v.check_confidence(confidence)
    v.check_option(missing, "missing", ("raise", "drop"))
    _check_split_every(split_every)
    if scale is not None and not isinstance(scale, Scale):
        raise InvalidParameterError(f"scale must be a Scale or None; got {scale!r}.")
    names = key_names(by)
    columns = [perceived, adequate, desired, *(names or ())]
    ddf = _check_frame(frame, columns)
    acc, _ = _reduce(ddf, columns, _ToleranceTally(perceived, adequate, desired, names, scale,
                                                   missing), names, split_every)
    groups, arrays, totals = acc.finish()
    v.check_not_empty(int(totals.get("valid", 0)), "perceived (valid, non-inverted responses)")
    n = arrays["n"].astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = arrays["sum"] / n[:, None]
        ss = np.maximum(arrays["sum_sq"] - arrays["sum"] * mean, 0.0)
        sd = np.sqrt(ss / (n[:, None] - 1.0))
        se = np.where(n[:, None] > 1, sd / np.sqrt(n[:, None]), np.nan)
    low, high = t_interval(mean, se, np.broadcast_to(n[:, None], mean.shape), confidence=c)
    moments = Moments(mean, low.reshape(mean.shape), high.reshape(mean.shape), n)
    return tolerance_module._summary(groups, moments, arrays["levels"].astype(np.float64),
                                     arrays["n_inverted"], arrays["n_dropped"], c)


# ---------------------------------------------------------------- commitment fulfilment

class _FulfilmentTally:
    """Outcomes, broken promises and dropped rows per group in one partition."""

    __slots__ = ("by", "commitment", "missing")

    def __init__(self, commitment: Commitment, by: tuple[str, ...] | None,
                 missing: str) -> None:
        self.commitment = commitment
        self.by = by
        self.missing = missing

    def rows(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Return the rows about this commitment (all rows without a ``commitment`` column)."""
        if "commitment" not in frame.columns:
            return frame
        mask = frame["commitment"].eq(self.commitment.name).to_numpy(dtype=bool, na_value=False)
        selected: pd.DataFrame = frame.loc[mask]
        return selected

    def read(self, frame: pd.DataFrame) -> tuple[FloatArray, npt.NDArray[np.bool_],
                                                  _grouping.Groups]:
        """Return validated outcomes, the kept-row mask and the groups, as in memory."""
        rows = self.rows(frame)
        values = v.to_float_array(rows["value"], "outcomes['value']")
        keep, _ = v.handle_missing(values, "outcomes", self.missing)
        _check_finite(values[keep], "outcomes")
        by = None if self.by is None else (
            rows[self.by[0]] if len(self.by) == 1 else rows[list(self.by)])
        groups = groups_for(by, values.size, self.missing)
        return values, keep, groups

    def __call__(self, frame: pd.DataFrame) -> Part:
        values, keep, groups = self.read(frame)
        g = groups.n_groups
        rows = keep & groups.keep
        breach = _breach(values[rows], self.commitment.target, self.commitment.direction)
        codes = groups.codes[rows]
        lost = groups.codes[~keep]
        arrays = {
            "n": np.bincount(codes, minlength=g).astype(np.int64),
            "broken": np.bincount(codes[breach > 0], minlength=g).astype(np.int64),
            "n_dropped": np.bincount(lost[lost >= 0], minlength=g).astype(np.int64),
        }
        return Part(keys=None if self.by is None else key_columns(groups.index), arrays=arrays,
                    totals={"rows": int(rows.sum()), "selected": values.size},
                    n_dropped_keys=groups.n_dropped)


def _broken_rows(frame: pd.DataFrame, count: _FulfilmentTally) -> pd.DataFrame:
    """Return the breach of every broken promise in a partition, with its group keys."""
    values, keep, groups = count.read(frame)
    rows = keep & groups.keep
    breach = _breach(values[rows], count.commitment.target, count.commitment.direction)
    broken = breach > 0
    out = {"breach": breach[broken]}
    if count.by is not None:
        selected = count.rows(frame)
        for name in count.by:
            out[name] = selected[name].to_numpy()[rows][broken]
    table: pd.DataFrame = pd.DataFrame(out)
    return table


@overload
def fulfilment(commitment: Commitment, frame: dd.DataFrame, *, by: None = ...,
               confidence: float = ..., missing: v.MissingPolicy = ...,
               split_every: int | None = ...) -> FulfilmentResult: ...
@overload
def fulfilment(commitment: Commitment, frame: dd.DataFrame, *, by: By,
               confidence: float = ..., missing: v.MissingPolicy = ...,
               split_every: int | None = ...) -> pd.DataFrame: ...
def fulfilment(commitment: Commitment, frame: dd.DataFrame, *, by: By | None = None,
               confidence: float = 0.95, missing: v.MissingPolicy = "raise",
               split_every: int | None = None) -> FulfilmentResult | pd.DataFrame:
    """How often the outcomes in a dask DataFrame kept a commitment.

    Parameters
    ----------
    commitment : Commitment
        The promise.
    frame : dask.dataframe.DataFrame
        Outcomes with a ``value`` column; when it has a ``commitment`` column,
        only the rows equal to ``commitment.name`` count (as in
        :func:`expectations.fulfilment`).
    by : str or list of str, optional
        Column(s) of group keys.
    confidence, missing
        As for :func:`expectations.fulfilment`.
    split_every : int, optional
        Partitions per combine step.

    Returns
    -------
    FulfilmentResult or pandas.DataFrame
        Exactly :func:`expectations.fulfilment` of the computed rows.

    Notes
    -----
    Kept and broken counts go through the tree reduction. The breach
    median and 90th percentile need the breaches themselves, so the broken
    outcomes alone (one float and the keys per broken promise) are
    collected in the same pass; memory grows with the number of broken
    promises, not of outcomes.

    Examples
    --------
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> from expectations.models import Commitment
    >>> c = Commitment(name="two-day delivery", metric="days", target=2, unit="days")
    >>> df = pd.DataFrame({"value": [1, 2, 1.5, 3, 2.5, 1, 4, 2, 1, 2]})
    >>> r = fulfilment(c, dd.from_pandas(df, npartitions=3))
    >>> r.kept_rate, r.broken, r.breach_mean
    (70.0, 3, 1.1666666666666667)
    """
    c = _check_commitment(commitment)
    conf = v.check_confidence(confidence)
    v.check_option(missing, "missing", ("raise", "drop"))
    _check_split_every(split_every)
    names = key_names(by)
    columns = ["value", *(names or ())]
    ddf = _check_frame(frame, columns)
    if "commitment" in ddf.columns:
        columns.append("commitment")
    count = _FulfilmentTally(c, names, missing)
    meta = pd.DataFrame({"breach": pd.Series(dtype=np.float64),
                         **{name: ddf[name]._meta for name in names or ()}})
    broken = ddf[list(dict.fromkeys(columns))].map_partitions(_broken_rows, count, meta=meta)
    acc, breaches = _reduce(ddf, columns, count, names, split_every, extra=broken)
    groups, arrays, totals = acc.finish()
    if "commitment" in ddf.columns and not totals.get("selected", 0):
        raise InsufficientDataError(
            f"outcomes must have rows for the commitment {c.name!r} in its 'commitment' "
            "column; it has none.")
    v.check_not_empty(int(totals.get("rows", 0)), "outcomes")
    if groups is None:
        code = np.zeros(len(breaches), dtype=np.intp)
    else:
        by_keys = [breaches[name] for name in names or ()]
        code = _locate(groups.index, by_keys)
    data = _fulfilment_from_counts(arrays["n"], arrays["broken"], code,
                                   breaches["breach"].to_numpy(dtype=np.float64),
                                   target=c.target, direction=c.direction, confidence=conf)
    if groups is None:
        return _fulfilment_result(data, int(arrays["n_dropped"][0]))
    data["n_dropped"] = arrays["n_dropped"]
    return _grouping.frame(groups, FULFILMENT_COLUMNS, data)


def _locate(index: pd.Index, keys: list[pd.Series]) -> npt.NDArray[np.intp]:
    """Row of ``index`` holding each key (tuple); the keys all occur in it."""
    if isinstance(index, pd.MultiIndex):
        lookup = pd.MultiIndex.from_arrays([k.to_numpy() for k in keys])
    else:
        lookup = pd.Index(keys[0].to_numpy())
    return np.asarray(index.get_indexer(lookup), dtype=np.intp)
