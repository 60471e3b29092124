"""Deprecated: the count-based scores of a dask DataFrame; use ``data=`` instead.

``expectations.dask.nps(ddf, "score", by="shop")`` is now
``expectations.nps("score", by="shop", data=ddf)``: every function here
warns (:class:`DeprecationWarning`) and calls its public namesake with
``data=``, which counts inside dask (one lazy group-by, a tree reduction over
the partitions) and returns the in-memory result of the same rows. The
aliases will be removed in 0.4. ``split_every`` is accepted and ignored
(dask chooses the shape of the reduction).

Examples
--------
>>> import warnings
>>> import dask.dataframe as dd
>>> import pandas as pd
>>> import expectations as ex
>>> import expectations.dask as exd
>>> df = pd.DataFrame({"score": [10, 9, 8, 3, 10, 6] * 10, "shop": ["a", "b"] * 30})
>>> ddf = dd.from_pandas(df, npartitions=4)
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     old = exd.nps(ddf, "score")
>>> caught[0].category.__name__, old.score == ex.nps("score", data=ddf).score
('DeprecationWarning', True)
"""

from __future__ import annotations

import warnings
from typing import Any

from expectations import _validation as v
from expectations._align import caller_stacklevel
from expectations.engine._frames import dask_notice_ignored
from expectations.errors import InsufficientDataError
from expectations.models.scale import Scale
from expectations.scoring.satisfaction import CES_SCALE, CSAT_SCALE, CESDirection

__all__ = ["ces", "csat", "fulfilment", "kano", "nps", "tolerance_zone", "top_box"]

By = str | list[str] | tuple[str, ...]


def _deprecated(name: str, call: str) -> None:
    warnings.warn(
        f"expectations.dask.{name} is deprecated and will be removed in 0.4; use "
        f"expectations.{name}({call}, data=frame)", DeprecationWarning,
        stacklevel=caller_stacklevel())


def nps(frame: Any, column: str, *, by: By | None = None, weights: str | None = None,
        ci: Any = "adjusted-wald", confidence: float = 0.95,
        missing: v.MissingPolicy = "raise", rng: Any = None, n_resamples: int = 10_000,
        split_every: int | None = None) -> Any:
    """Score NPS of a dask DataFrame (deprecated).

    Warns, and returns :func:`expectations.nps` with ``data=frame``.

    Parameters
    ----------
    frame : dask.dataframe.DataFrame
        The data (any frame ``data=`` accepts).
    column : str
        The column of 0-10 answers.
    by, weights : str or list of str, optional
        Column names, as ``by=`` and ``weights=`` of :func:`expectations.nps`.
    ci, confidence, missing, rng, n_resamples
        As for :func:`expectations.nps`.
    split_every : int, optional
        Accepted and ignored.

    Returns
    -------
    NPSResult or pandas.DataFrame
        ``expectations.nps(column, ..., data=frame)``.

    Examples
    --------
    >>> import warnings
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> df = pd.DataFrame({"score": [10, 9, 8, 3, 10, 6] * 10, "shop": ["a", "b"] * 30})
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", DeprecationWarning)
    ...     table = nps(dd.from_pandas(df, npartitions=3), "score", by="shop")
    >>> table[["score", "n"]].round(1)
          score   n
    shop
    a      66.7  30
    b     -33.3  30
    """
    from expectations.scoring.nps import nps as public

    _deprecated("nps", "column, ...")
    return public(column, by=by, weights=weights, ci=ci, confidence=confidence,
                  missing=missing, rng=rng, n_resamples=n_resamples, data=frame)


def top_box(frame: Any, column: str, *, scale: Scale, top: int = 2,
            weights: str | None = None, by: By | None = None, ci: str | None = "wilson",
            confidence: float = 0.95, missing: v.MissingPolicy = "raise",
            split_every: int | None = None) -> Any:
    """Score the top box of a dask DataFrame (deprecated).

    Warns, and returns :func:`expectations.top_box` with ``data=frame``.

    Parameters
    ----------
    frame : dask.dataframe.DataFrame
        The data (any frame ``data=`` accepts).
    column : str
        The column of answers on ``scale``.
    scale, top, weights, by, ci, confidence, missing
        As for :func:`expectations.top_box` (``weights`` and ``by`` column names).
    split_every : int, optional
        Accepted and ignored.

    Returns
    -------
    TopBoxResult or pandas.DataFrame
        ``expectations.top_box(column, ..., data=frame)``.

    Examples
    --------
    >>> import warnings
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> import expectations as ex
    >>> ddf = dd.from_pandas(pd.DataFrame({"a": [5, 4, 4, 3, 1] * 8}), npartitions=3)
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", DeprecationWarning)
    ...     top_box(ddf, "a", scale=ex.Scale(1, 5)).score
    60.0
    """
    from expectations.scoring.satisfaction import top_box as public

    _deprecated("top_box", "column, ...")
    return public(column, scale=scale, top=top, weights=weights, by=by, ci=ci,
                  confidence=confidence, missing=missing, data=frame)


def csat(frame: Any, column: str, *, scale: Scale = CSAT_SCALE, top: int = 2,
         weights: str | None = None, by: By | None = None, ci: str | None = "wilson",
         confidence: float = 0.95, missing: v.MissingPolicy = "raise",
         split_every: int | None = None) -> Any:
    """Score CSAT of a dask DataFrame (deprecated).

    Warns, and returns :func:`expectations.csat` with ``data=frame``.

    Parameters
    ----------
    frame : dask.dataframe.DataFrame
        The data (any frame ``data=`` accepts).
    column : str
        The column of answers.
    scale, top, weights, by, ci, confidence, missing
        As for :func:`expectations.csat` (``weights`` and ``by`` column names).
    split_every : int, optional
        Accepted and ignored.

    Returns
    -------
    TopBoxResult or pandas.DataFrame
        ``expectations.csat(column, ..., data=frame)``.

    Examples
    --------
    >>> import warnings
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> ddf = dd.from_pandas(pd.DataFrame({"c": [5, 4, 4, 3, 5, 2, 4, 5, 1, 4] * 6}),
    ...                      npartitions=4)
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", DeprecationWarning)
    ...     csat(ddf, "c").score
    70.0
    """
    from expectations.scoring.satisfaction import csat as public

    _deprecated("csat", "column, ...")
    return public(column, scale=scale, top=top, weights=weights, by=by, ci=ci,
                  confidence=confidence, missing=missing, data=frame)


def ces(frame: Any, column: str, *, scale: Scale = CES_SCALE, agree_from: int = 5,
        direction: CESDirection | None = None, weights: str | None = None,
        by: By | None = None, ci: str | None = "wilson", confidence: float = 0.95,
        missing: v.MissingPolicy = "raise", split_every: int | None = None) -> Any:
    """Score CES of a dask DataFrame (deprecated).

    Warns, and returns :func:`expectations.ces` with ``data=frame``.

    Parameters
    ----------
    frame : dask.dataframe.DataFrame
        The data (any frame ``data=`` accepts).
    column : str
        The column of answers.
    scale, agree_from, direction, weights, by, ci, confidence, missing
        As for :func:`expectations.ces` (``weights`` and ``by`` column names).
    split_every : int, optional
        Accepted and ignored.

    Returns
    -------
    TopBoxResult or pandas.DataFrame
        ``expectations.ces(column, ..., data=frame)``.

    Examples
    --------
    >>> import warnings
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> ddf = dd.from_pandas(pd.DataFrame({"e": [7, 6, 5, 5, 4, 3, 6, 7, 2, 5] * 4}),
    ...                      npartitions=2)
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", DeprecationWarning)
    ...     ces(ddf, "e").score
    70.0
    """
    from expectations.scoring.satisfaction import ces as public

    _deprecated("ces", "column, ...")
    return public(column, scale=scale, agree_from=agree_from, direction=direction,
                  weights=weights, by=by, ci=ci, confidence=confidence, missing=missing,
                  data=frame)


def kano(frame: Any, functional: str, dysfunctional: str, *, feature: By | None = None,
         missing: v.MissingPolicy = "raise", split_every: int | None = None) -> Any:
    """Evaluate Kano answers of a dask DataFrame (deprecated).

    Warns, and returns :func:`expectations.kano` with ``data=frame``.

    Parameters
    ----------
    frame : dask.dataframe.DataFrame
        The data (any frame ``data=`` accepts).
    functional, dysfunctional : str
        Columns of answers to the functional and dysfunctional questions.
    feature : str or list of str, optional
        Column(s) naming the feature each pair is about.
    missing : {"raise", "drop"}, default "raise"
        As for :func:`expectations.kano`.
    split_every : int, optional
        Accepted and ignored.

    Returns
    -------
    KanoResult or pandas.DataFrame
        ``expectations.kano(functional, dysfunctional, ..., data=frame)``.

    Examples
    --------
    >>> import warnings
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> df = pd.DataFrame({"f": ["like"] * 6 + ["must-be"] * 3 + ["neutral"],
    ...                    "d": ["dislike"] * 2 + ["neutral"] * 4 + ["dislike"] * 3 + ["neutral"]})
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", DeprecationWarning)
    ...     r = kano(dd.from_pandas(df, npartitions=3), "f", "d")
    >>> r.category, r.better, r.worse
    ('A', 0.6, -0.5)
    """
    from expectations.gaps.kano import kano as public

    _deprecated("kano", "functional, dysfunctional, ...")
    return public(functional, dysfunctional, feature=feature, missing=missing, data=frame)


def tolerance_zone(frame: Any, perceived: str, adequate: str, desired: str, *,
                   by: By | None = None, scale: Scale | None = None, confidence: float = 0.95,
                   missing: v.MissingPolicy = "raise", split_every: int | None = None) -> Any:
    """Summarise the zone of tolerance of a dask DataFrame (deprecated).

    Warns, and returns :func:`expectations.tolerance_zone` with ``data=frame``.

    Parameters
    ----------
    frame : dask.dataframe.DataFrame
        The data (any frame ``data=`` accepts).
    perceived, adequate, desired : str
        Columns of the perceived, adequate and desired levels.
    by : str or list of str, optional
        Column(s) of group keys.
    scale, confidence, missing
        As for :func:`expectations.tolerance_zone`.
    split_every : int, optional
        Accepted and ignored.

    Returns
    -------
    ToleranceResult or pandas.DataFrame
        ``expectations.tolerance_zone(perceived, adequate, desired, ..., data=frame)``.

    Examples
    --------
    >>> import warnings
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> df = pd.DataFrame({"p": [3, 5, 8, 6, 6], "a": [4, 4, 4, 5, 7], "d": [7, 7, 7, 7, 5]})
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", DeprecationWarning)
    ...     r = tolerance_zone(dd.from_pandas(df, npartitions=2), "p", "a", "d")
    >>> r.msa, r.satisfied, r.n_inverted
    (1.25, 50.0, 1)
    """
    from expectations.gaps.tolerance import tolerance_zone as public

    _deprecated("tolerance_zone", "perceived, adequate, desired, ...")
    return public(perceived, adequate, desired, by=by, scale=scale, confidence=confidence,
                  missing=missing, data=frame)


def fulfilment(commitment: Any, frame: Any, *, by: By | None = None,
               confidence: float = 0.95, missing: v.MissingPolicy = "raise",
               split_every: int | None = None) -> Any:
    """Measure fulfilment of a dask DataFrame (deprecated).

    Warns, and returns :func:`expectations.fulfilment` with ``data=frame``.

    Parameters
    ----------
    commitment : Commitment
        The promise.
    frame : dask.dataframe.DataFrame
        Outcomes with a ``value`` column; when it has a ``commitment`` column,
        only the rows equal to ``commitment.name`` count (selected lazily,
        before ``data=`` sees the frame).
    by : str or list of str, optional
        Column(s) of group keys.
    confidence, missing
        As for :func:`expectations.fulfilment`.
    split_every : int, optional
        Accepted and ignored.

    Returns
    -------
    FulfilmentResult or pandas.DataFrame
        ``expectations.fulfilment(commitment, "value", ..., data=frame)``.

    Examples
    --------
    >>> import warnings
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> from expectations.models import Commitment
    >>> c = Commitment(name="two-day delivery", metric="days", target=2, unit="days")
    >>> df = pd.DataFrame({"value": [1, 2, 1.5, 3, 2.5, 1, 4, 2, 1, 2]})
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", DeprecationWarning)
    ...     r = fulfilment(c, dd.from_pandas(df, npartitions=3))
    >>> r.kept_rate, r.broken, r.breach_mean
    (70.0, 3, 1.1666666666666667)
    """
    from expectations.commitments import _check_commitment
    from expectations.commitments import fulfilment as public

    _deprecated("fulfilment", "commitment, column, ...")
    c = _check_commitment(commitment)
    selected = _rows_of(frame, c.name)
    try:
        return public(c, "value", by=by, confidence=confidence, missing=missing,
                      data=selected)
    except InsufficientDataError:
        if selected is not frame and _empty(selected):
            raise InsufficientDataError(
                f"outcomes must have rows for the commitment {c.name!r} in its 'commitment' "
                "column; it has none.") from None
        raise


def _rows_of(frame: Any, name: str) -> Any:
    """Select, lazily, the rows about commitment ``name`` (all without that column)."""
    import narwhals.stable.v2 as nw

    with dask_notice_ignored():
        try:
            wrapped = nw.from_native(frame, allow_series=False)
        except TypeError:
            return frame  # not a frame: data= names the problem
        if "commitment" not in wrapped.columns:
            return frame
        return wrapped.filter(nw.col("commitment") == name).to_native()


def _empty(frame: Any) -> bool:
    """Whether a (lazy) frame has no rows; computed only on the way to an error."""
    import narwhals.stable.v2 as nw

    with dask_notice_ignored():
        wrapped = nw.from_native(frame, allow_series=False)
        counted = wrapped.lazy().select(nw.len()).collect()
    return int(counted.item()) == 0


