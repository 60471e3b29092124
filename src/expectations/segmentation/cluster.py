"""k-means segmentation on standardised columns, in numpy, with a stable labelling.

Lloyd's algorithm with k-means++ seeding (Arthur & Vassilvitskii 2007),
restarted ``n_init`` times from one seeded generator; the run with the
smallest within-cluster sum of squares wins. Clusters are then numbered by
size (largest first), ties broken by the centroid, so that the same partition
always gets the same labels, whatever the order of the rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, cast

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _validation as v
from expectations.engine._whole_frame import column_kinds, whole_frame
from expectations.errors import (
    InvalidParameterError,
    InvalidScoreError,
    SchemaError,
    format_message,
)

__all__ = ["ClusterResult", "cluster"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


@attrs.frozen(kw_only=True)
class ClusterResult:
    """A k-means partition: labels, centroids in the data's units, sizes and fit.

    Attributes
    ----------
    labels : pandas.Series
        Cluster number ``0..k - 1`` of each row, aligned with the data's index;
        0 is the largest cluster.
    centroids : pandas.DataFrame
        One row per cluster (indexed ``0..k - 1``), one column per input
        column, in the data's own units.
    sizes : tuple of int
        Rows per cluster, non-increasing.
    inertia : float
        Within-cluster sum of squared distances, in standardised units.
    n_iter : int
        Lloyd iterations of the winning run.
    columns : tuple of str
        The columns clustered.

    Examples
    --------
    >>> d = pd.DataFrame({"x": [0.0, 0.1, 0.2, 5.0, 5.1, 5.2],
    ...                   "y": [0.0, 0.1, 0.0, 5.0, 5.2, 5.1]})
    >>> c = cluster(d, 2, columns=["x", "y"], rng=0)
    >>> c.labels.tolist(), c.sizes
    ([0, 0, 0, 1, 1, 1], (3, 3))
    """

    _headline: ClassVar[tuple[str, ...]] = ("sizes", "inertia")

    labels: pd.Series = attrs.field(eq=False)
    centroids: pd.DataFrame = attrs.field(eq=False)
    sizes: tuple[int, ...]
    inertia: float
    n_iter: int
    columns: tuple[str, ...]

    def __repr__(self) -> str:
        return (f"ClusterResult(k={len(self.sizes)}, sizes={list(self.sizes)}, "
                f"inertia={self.inertia:.4g})")


def _matrix(data: object, columns: Sequence[str]) -> tuple[pd.DataFrame, FloatArray]:
    if isinstance(columns, str) or not isinstance(columns, (list, tuple)) or not columns:
        raise InvalidParameterError(
            format_message("columns", "a non-empty list of column names", fix=f"Got {columns!r}.")
        )
    frame = v.check_columns(data, columns, name="data")
    parts = []
    for column in columns:
        dtype = frame[column].dtype
        if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype) or \
                isinstance(dtype, pd.CategoricalDtype):
            raise SchemaError(f"data[{column!r}] must be numeric to cluster; got dtype {dtype}.")
        x = frame[column].to_numpy(dtype=np.float64, na_value=np.nan)
        bad = ~np.isfinite(x)
        if bad.any():
            first = int(np.flatnonzero(bad)[0])
            raise InvalidScoreError(
                format_message(f"data[{column!r}]", "finite numbers (no missing values)",
                               count=int(bad.sum()), first=float(x[first]), position=first,
                               fix="Drop or fill those rows before clustering.")
            )
        parts.append(x)
    return frame, np.column_stack(parts)


def _squared_distances(x: FloatArray, x_sq: FloatArray, centres: FloatArray) -> FloatArray:
    """Squared Euclidean distances of every row to every centre, shape ``(n, k)``."""
    d = x_sq[:, None] - 2.0 * (x @ centres.T) + (centres * centres).sum(axis=1)[None, :]
    out: FloatArray = np.maximum(d, 0.0)
    return out


def _plus_plus(x: FloatArray, x_sq: FloatArray, k: int, rng: np.random.Generator) -> FloatArray:
    """k-means++ seeding: each next centre drawn with probability proportional to D²."""
    n = x.shape[0]
    centres = np.empty((k, x.shape[1]))
    centres[0] = x[rng.integers(n)]
    closest = _squared_distances(x, x_sq, centres[:1])[:, 0]
    for j in range(1, k):
        total = closest.sum()
        if total > 0:
            pick = int(np.searchsorted(np.cumsum(closest), rng.random() * total, side="right"))
            pick = min(pick, n - 1)
        else:  # every row sits on a centre already: any row will do
            pick = int(rng.integers(n))
        centres[j] = x[pick]
        closest = np.minimum(closest, _squared_distances(x, x_sq, centres[j:j + 1])[:, 0])
    return centres


def _lloyd(x: FloatArray, x_sq: FloatArray, centres: FloatArray,
           max_iter: int) -> tuple[IntArray, FloatArray, float, int]:
    """Lloyd iterations until the assignment stops changing."""
    k = centres.shape[0]
    labels = np.full(x.shape[0], -1, dtype=np.intp)
    n_iter = 0
    while n_iter < max_iter:
        n_iter += 1
        d = _squared_distances(x, x_sq, centres)
        new = np.argmin(d, axis=1)
        counts = np.bincount(new, minlength=k)
        empty = np.flatnonzero(counts == 0)
        if empty.size:
            # Reseat an empty cluster on the rows farthest from their centre.
            far = np.argsort(-d[np.arange(x.shape[0]), new], kind="stable")[:empty.size]
            new[far] = empty
            counts = np.bincount(new, minlength=k)
        if np.array_equal(new, labels):
            break
        labels = new
        sums = np.stack([np.bincount(labels, weights=x[:, j], minlength=k)
                         for j in range(x.shape[1])], axis=1)
        centres = sums / counts[:, None]
    d = _squared_distances(x, x_sq, centres)
    inertia = float(d[np.arange(x.shape[0]), labels].sum())
    return labels, centres, inertia, n_iter


def _check_int(value: object, name: str, low: int, high: int | None = None) -> int:
    ok = isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))
    if ok and int(cast(int, value)) >= low and (high is None or int(cast(int, value)) <= high):
        return int(cast(int, value))
    bounds = f"{low}..{high}" if high is not None else f">= {low}"
    raise InvalidParameterError(
        format_message(name, f"an integer {bounds}", fix=f"Got {value!r}.")
    )


def cluster(data: object, k: int, *, columns: Sequence[str],
            rng: int | np.random.Generator | None = None, n_init: int = 10,
            max_iter: int = 300) -> ClusterResult:
    """Segment rows by k-means on standardised columns, with a stable labelling.

    Parameters
    ----------
    data : data frame
        One row per customer: a pandas DataFrame, any frame narwhals accepts
        (Polars eager or lazy, PyArrow, DuckDB, Dask, PySpark), or
        :func:`~expectations.scan` of files. Only ``columns``
        are collected from a frame that is not pandas.
    k : int
        Number of clusters, ``1 <= k <= len(data)``.
    columns : sequence of str
        Numeric columns to cluster on; each is standardised (mean 0, standard
        deviation 1, population form) so that units do not weigh. Any finite
        values work, up to the float maximum: columns are divided by their
        largest magnitude before the mean and spread are taken.
    rng : int, numpy.random.Generator or None
        Seed or generator for the k-means++ seeding. A fixed seed makes the
        result reproducible; None draws fresh entropy.
    n_init : int, default 10
        Independent restarts; the one with the smallest inertia is kept.
    max_iter : int, default 300
        Lloyd iterations per restart at most.

    Returns
    -------
    ClusterResult

    Raises
    ------
    SchemaError
        If ``data`` is not a DataFrame, lacks a column, or a column is not numeric.
    InvalidScoreError
        If a value is missing or infinite.
    InsufficientDataError
        If ``data`` has no rows.
    InvalidParameterError
        If ``k``, ``n_init``, ``max_iter``, ``columns`` or ``rng`` is not valid.

    Notes
    -----
    Labels are renumbered after fitting: by cluster size, largest first, ties
    broken by the centroid's standardised coordinates in lexicographic order.
    Two runs that find the same partition therefore report the same labels,
    even when the rows were shuffled. k-means finds a local optimum; the
    restarts make a good one likely, not certain.

    References
    ----------
    Lloyd, S. P. (1982). Least squares quantization in PCM. *IEEE Transactions
    on Information Theory* 28, 129-137.
    Arthur, D. & Vassilvitskii, S. (2007). k-means++: the advantages of careful
    seeding. *Proc. SODA 2007*, 1027-1035.

    Examples
    --------
    >>> df = pd.DataFrame({"visits": [1, 2, 1, 20, 22, 21, 2],
    ...                    "spend": [10.0, 12.0, 11.0, 300.0, 320.0, 310.0, 9.0]})
    >>> result = cluster(df, 2, columns=["visits", "spend"], rng=0)
    >>> result
    ClusterResult(k=2, sizes=[4, 3], inertia=0.04139)
    >>> result.labels.tolist()
    [0, 0, 0, 1, 1, 1, 0]
    >>> result.centroids.round(1)
             visits  spend
    cluster
    0           1.5   10.5
    1          21.0  310.0
    """
    data, _ = whole_frame(data, column_kinds(columns, "number"))
    frame, x_raw = _matrix(data, columns)
    n = x_raw.shape[0]
    v.check_not_empty(n, "data")
    k = _check_int(k, "k", 1, n)
    n_init = _check_int(n_init, "n_init", 1)
    max_iter = _check_int(max_iter, "max_iter", 1)
    generator = v.check_rng(rng)
    # Divide by each column's largest magnitude first: standardising is unchanged
    # by that, and sums of values near 1e308 (or squares near 1e155) no longer
    # overflow.
    magnitude = np.abs(x_raw).max(axis=0)
    magnitude = np.where(magnitude > 0, magnitude, 1.0)
    unit = x_raw / magnitude
    centre = unit.mean(axis=0)
    spread = unit.std(axis=0)
    spread = np.where(spread > 0, spread, 1.0)
    x = (unit - centre) / spread
    x_sq = (x * x).sum(axis=1)
    best: tuple[IntArray, FloatArray, float, int] | None = None
    for _ in range(n_init):
        run = _lloyd(x, x_sq, _plus_plus(x, x_sq, k, generator), max_iter)
        if best is None or run[2] < best[2]:
            best = run
    labels, centres, inertia, n_iter = cast(tuple[IntArray, FloatArray, float, int], best)
    sizes = np.bincount(labels, minlength=k)
    # Order: size descending, then centroid coordinates ascending (lexsort's last key first).
    keys = [centres[:, j] for j in range(centres.shape[1] - 1, -1, -1)]
    order = np.lexsort((*keys, -sizes))
    rank = np.empty(k, dtype=np.intp)
    rank[order] = np.arange(k)
    names = tuple(str(c) for c in columns)
    centroids = pd.DataFrame((centres[order] * spread + centre) * magnitude,
                             columns=list(names),
                             index=pd.RangeIndex(k, name="cluster"))
    return ClusterResult(
        labels=pd.Series(rank[labels], index=frame.index, name="cluster"),
        centroids=centroids, sizes=tuple(int(s) for s in sizes[order]), inertia=inertia,
        n_iter=n_iter, columns=names,
    )
