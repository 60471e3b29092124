"""The ``df.cx`` pandas accessor: the scoring functions over a DataFrame's columns.

Importing :mod:`expectations` registers it, so that in a notebook::

    df.cx.nps("likely_to_recommend", by="segment")

is :func:`~expectations.nps` applied to ``df["likely_to_recommend"]`` grouped
by ``df["segment"]``. Every argument that names data (the scores, ``by=``,
``weights=``, ``feature=``, ...) takes a column name, or an array with one
value per row; every other option is passed to the function unchanged, so
the accessor returns exactly what the function returns.

Type checkers cannot see attributes pandas adds at run time; for typed code,
wrap the frame yourself: ``CXAccessor(df).nps(...)`` has the same methods,
with their return types.

Examples
--------
>>> import expectations as ex
>>> responses = ex.datasets.load_retail().responses
>>> table = responses.cx.nps("nps", by="segment", missing="drop")
>>> table[["score", "n"]].round(1)
         score      n
segment
new       -9.8   1809
regular    9.8   4227
loyal     58.6  10206
bargain  -27.0   3004
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Any, overload

import pandas as pd

from expectations import _validation as v
from expectations.scoring.nps import NPSResult, nps
from expectations.scoring.satisfaction import TopBoxResult, ces, csat, top_box

# This module loads with the package (to register ``DataFrame.cx``); the areas
# beyond the core scores are imported inside the methods that use them.
if TYPE_CHECKING:
    from expectations.gaps.kano import KanoResult
    from expectations.gaps.tolerance import ToleranceResult
    from expectations.measurement.drivers import RelativeWeightsResult

__all__ = ["ACCESSOR_NAME", "CXAccessor"]

#: The attribute under which the accessor is registered: ``df.cx``.
ACCESSOR_NAME = "cx"

# Arrays pass through as one value per row; anything else names a column.
_ARRAYS = (pd.Series, pd.Index, pd.api.extensions.ExtensionArray)


def _is_array(value: object) -> bool:
    return isinstance(value, _ARRAYS) or hasattr(value, "__array__")


class CXAccessor:
    """Customer-expectation scores over a DataFrame's columns, as ``df.cx``.

    Parameters
    ----------
    df : pandas.DataFrame
        The frame whose columns the methods read. It is never modified.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"ltr": [10, 9, 7, 3] * 20, "channel": ["web", "app"] * 40})
    >>> df.cx.nps("ltr").score
    25.0
    >>> CXAccessor(df).nps("ltr", by="channel", ci=None)["score"].tolist()
    [0.0, 50.0]
    """

    def __init__(self, df: pd.DataFrame) -> None:
        self._df = df

    # ------------------------------------------------------------ resolving names
    def _column(self, key: object) -> object:
        """Return the column ``key`` names, or ``key`` itself when it is an array."""
        if key is None or _is_array(key):
            return key
        v.check_columns(self._df, [key], "DataFrame")  # type: ignore[list-item]
        return self._df[key]

    def _keys(self, by: object) -> object:
        """Resolve ``by=``: a column name, a list of names and/or arrays, or an array."""
        if by is None or _is_array(by):
            return by
        if isinstance(by, (list, tuple)) and not (isinstance(by, tuple) and by in self._df):
            parts = list(by)
            if all(not _is_array(part) for part in parts):
                v.check_columns(self._df, parts, "DataFrame")
                return self._df[parts]
            return [self._column(part) for part in parts]
        return self._column(by)

    # ------------------------------------------------------------ survey scores
    @overload
    def nps(self, scores: Hashable, *, by: None = ..., weights: object = ...,
            **options: Any) -> NPSResult: ...
    @overload
    def nps(self, scores: Hashable, *, by: object, weights: object = ...,
            **options: Any) -> pd.DataFrame: ...
    def nps(self, scores: Hashable, *, by: object = None, weights: object = None,
            **options: Any) -> NPSResult | pd.DataFrame:
        """Net Promoter Score of a column: :func:`~expectations.nps` over names.

        Parameters
        ----------
        scores : column name or array-like
            The 0-10 answers.
        by : column name, list of column names and/or arrays, or array-like, optional
            Group key(s); with ``by`` the result is a DataFrame.
        weights : column name or array-like, optional
            Survey weights.
        **options
            Passed to :func:`~expectations.nps` (``ci``, ``confidence``,
            ``missing``, ...).

        Returns
        -------
        NPSResult or pandas.DataFrame
            Exactly what :func:`~expectations.nps` returns.

        Raises
        ------
        SchemaError
            If a named column is missing (the message names it).

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"ltr": [10, 9, 7, 3] * 10})
        >>> df.cx.nps("ltr", ci="wald").interval.method
        'wald'
        """
        return nps(self._column(scores), by=self._keys(by), weights=self._column(weights),
                   **options)

    @overload
    def csat(self, scores: Hashable, *, by: None = ..., weights: object = ...,
             **options: Any) -> TopBoxResult: ...
    @overload
    def csat(self, scores: Hashable, *, by: object, weights: object = ...,
             **options: Any) -> pd.DataFrame: ...
    def csat(self, scores: Hashable, *, by: object = None, weights: object = None,
             **options: Any) -> TopBoxResult | pd.DataFrame:
        """CSAT (top-two-box share of a 1-5 column): :func:`~expectations.csat` over names.

        Parameters
        ----------
        scores : column name or array-like
            The answers.
        by : column name, list of column names and/or arrays, or array-like, optional
            Group key(s); with ``by`` the result is a DataFrame.
        weights : column name or array-like, optional
            Survey weights.
        **options
            Passed to :func:`~expectations.csat`.

        Returns
        -------
        TopBoxResult or pandas.DataFrame

        Raises
        ------
        SchemaError
            If a named column is missing.

        Examples
        --------
        >>> import pandas as pd
        >>> pd.DataFrame({"sat": [5, 4, 3, 2] * 10}).cx.csat("sat").score
        50.0
        """
        return csat(self._column(scores), by=self._keys(by), weights=self._column(weights),
                    **options)

    @overload
    def ces(self, scores: Hashable, *, by: None = ..., weights: object = ...,
            **options: Any) -> TopBoxResult: ...
    @overload
    def ces(self, scores: Hashable, *, by: object, weights: object = ...,
            **options: Any) -> pd.DataFrame: ...
    def ces(self, scores: Hashable, *, by: object = None, weights: object = None,
            **options: Any) -> TopBoxResult | pd.DataFrame:
        """Score customer effort in a column: :func:`~expectations.ces` over names.

        Parameters
        ----------
        scores : column name or array-like
            The answers (CES 2.0: 1-7, higher is easier, by default).
        by : column name, list of column names and/or arrays, or array-like, optional
            Group key(s); with ``by`` the result is a DataFrame.
        weights : column name or array-like, optional
            Survey weights.
        **options
            Passed to :func:`~expectations.ces`.

        Returns
        -------
        TopBoxResult or pandas.DataFrame

        Raises
        ------
        SchemaError
            If a named column is missing.

        Examples
        --------
        >>> import pandas as pd
        >>> pd.DataFrame({"effort": [7, 6, 5, 2] * 10}).cx.ces("effort").score
        75.0
        """
        return ces(self._column(scores), by=self._keys(by), weights=self._column(weights),
                   **options)

    @overload
    def top_box(self, scores: Hashable, *, by: None = ..., weights: object = ...,
                **options: Any) -> TopBoxResult: ...
    @overload
    def top_box(self, scores: Hashable, *, by: object, weights: object = ...,
                **options: Any) -> pd.DataFrame: ...
    def top_box(self, scores: Hashable, *, by: object = None, weights: object = None,
                **options: Any) -> TopBoxResult | pd.DataFrame:
        """Top-box share of a column on any scale: :func:`~expectations.top_box` over names.

        Parameters
        ----------
        scores : column name or array-like
            The answers.
        by : column name, list of column names and/or arrays, or array-like, optional
            Group key(s); with ``by`` the result is a DataFrame.
        weights : column name or array-like, optional
            Survey weights.
        **options
            Passed to :func:`~expectations.top_box`; ``scale=`` is required.

        Returns
        -------
        TopBoxResult or pandas.DataFrame

        Raises
        ------
        SchemaError
            If a named column is missing.

        Examples
        --------
        >>> import pandas as pd
        >>> import expectations as ex
        >>> df = pd.DataFrame({"q": [10, 9, 8, 2] * 10})
        >>> df.cx.top_box("q", scale=ex.Scale(1, 10), top=3).score
        75.0
        """
        return top_box(self._column(scores), by=self._keys(by), weights=self._column(weights),
                       **options)

    # ------------------------------------------------------------ expectation gaps
    @overload
    def kano(self, functional: Hashable, dysfunctional: Hashable, *, feature: None = ...,
             **options: Any) -> KanoResult: ...
    @overload
    def kano(self, functional: Hashable, dysfunctional: Hashable, *, feature: object,
             **options: Any) -> pd.DataFrame: ...
    def kano(self, functional: Hashable, dysfunctional: Hashable, *, feature: object = None,
             **options: Any) -> KanoResult | pd.DataFrame:
        """Kano evaluation of two answer columns: :func:`~expectations.kano` over names.

        Parameters
        ----------
        functional, dysfunctional : column name or array-like
            The answers to the functional and dysfunctional questions.
        feature : column name, list of them, or array-like, optional
            The feature each answer pair is about; with it, a DataFrame.
        **options
            Passed to :func:`~expectations.kano`.

        Returns
        -------
        KanoResult or pandas.DataFrame

        Raises
        ------
        SchemaError
            If a named column is missing.

        Examples
        --------
        >>> import expectations as ex
        >>> answers = ex.datasets.load_retail().kano
        >>> table = answers.cx.kano("functional", "dysfunctional", feature="feature")
        >>> table.loc["free returns", "category"], table.loc["live chat", "category"]
        ('M', 'O')
        """
        from expectations.gaps.kano import kano

        return kano(self._column(functional), self._column(dysfunctional),
                    feature=self._keys(feature), **options)

    @overload
    def tolerance_zone(self, perceived: Hashable, adequate: Hashable, desired: Hashable, *,
                       by: None = ..., **options: Any) -> ToleranceResult: ...
    @overload
    def tolerance_zone(self, perceived: Hashable, adequate: Hashable, desired: Hashable, *,
                       by: object, **options: Any) -> pd.DataFrame: ...
    def tolerance_zone(self, perceived: Hashable, adequate: Hashable, desired: Hashable, *,
                       by: object = None, **options: Any) -> ToleranceResult | pd.DataFrame:
        """Zone of tolerance of three columns: :func:`~expectations.tolerance_zone` over names.

        Parameters
        ----------
        perceived, adequate, desired : column name or array-like
            The perceived, minimum acceptable and desired levels, one per row.
        by : column name, list of column names and/or arrays, or array-like, optional
            Group key(s), usually the dimension; with ``by``, a DataFrame.
        **options
            Passed to :func:`~expectations.tolerance_zone`.

        Returns
        -------
        ToleranceResult or pandas.DataFrame

        Raises
        ------
        SchemaError
            If a named column is missing.

        Examples
        --------
        >>> import expectations as ex
        >>> t = ex.datasets.load_retail().tolerance
        >>> zones = t.cx.tolerance_zone("perceived", "adequate", "desired", by="dimension")
        >>> round(float(zones.loc["reliability", "dissatisfied"]), 1)
        54.9
        """
        from expectations.gaps.tolerance import tolerance_zone

        return tolerance_zone(self._column(perceived), self._column(adequate),
                              self._column(desired), by=self._keys(by), **options)

    # ------------------------------------------------------------ segments, time, drivers
    def compare_segments(self, scores: Hashable, by: object, **options: Any) -> pd.DataFrame:
        """Each segment against the rest: :func:`~expectations.compare_segments` over names.

        Parameters
        ----------
        scores : column name or array-like
            One answer per row.
        by : column name, list of column names and/or arrays, or array-like
            The segment of each row.
        **options
            Passed to :func:`~expectations.compare_segments` (``metric``,
            ``correction``, ...).

        Returns
        -------
        pandas.DataFrame

        Raises
        ------
        SchemaError
            If a named column is missing.

        Examples
        --------
        >>> import expectations as ex
        >>> r = ex.datasets.load_retail().responses
        >>> bool(r.cx.compare_segments("nps", "segment", missing="drop")["significant"].all())
        True
        """
        from expectations.segmentation.compare import compare_segments

        return compare_segments(self._column(scores), self._keys(by), **options)

    def trend(self, scores: Hashable, dates: Hashable, **options: Any) -> pd.DataFrame:
        """Score per period: :func:`~expectations.trend` over names.

        Parameters
        ----------
        scores : column name or array-like
            The answers.
        dates : column name or array-like
            When each answer was given.
        **options
            Passed to :func:`~expectations.trend` (``metric``, ``freq``, ...);
            ``respondents=`` may name a column too.

        Returns
        -------
        pandas.DataFrame

        Raises
        ------
        SchemaError
            If a named column is missing.

        Examples
        --------
        >>> import expectations as ex
        >>> r = ex.datasets.load_retail().responses
        >>> r.cx.trend("nps", "date", freq="Y", missing="drop")["n"].tolist()
        [11787, 7459]
        """
        if "respondents" in options:
            options["respondents"] = self._column(options["respondents"])
        from expectations.kpis.trend import trend

        return trend(self._column(scores), self._column(dates), **options)

    def relative_weights(self, outcome: str, drivers: Sequence[str],
                         **options: Any) -> RelativeWeightsResult:
        """Johnson's relative weights of driver columns: :func:`~expectations.relative_weights`.

        Parameters
        ----------
        outcome : str
            The outcome column (for example overall satisfaction).
        drivers : sequence of str
            The driver columns.
        **options
            Passed to :func:`~expectations.relative_weights`.

        Returns
        -------
        RelativeWeightsResult

        Raises
        ------
        SchemaError
            If a named column is missing.

        Examples
        --------
        >>> import expectations as ex
        >>> d = ex.datasets.load_retail().drivers
        >>> result = d.cx.relative_weights("overall", ["price", "delivery"], missing="drop")
        >>> result.drivers
        ('price', 'delivery')
        """
        from expectations.measurement.drivers import relative_weights

        return relative_weights(self._df, outcome, drivers, **options)


def _register() -> None:
    """Register :class:`CXAccessor` as ``DataFrame.cx``, once per process.

    pandas warns when an accessor replaces an attribute; re-importing this
    module (``importlib.reload``, some test runners) must not, so an accessor
    of this name that is already ours is left in place.
    """
    existing = getattr(pd.DataFrame, ACCESSOR_NAME, None)
    if existing is None or getattr(existing, "__qualname__", None) != CXAccessor.__qualname__:
        pd.api.extensions.register_dataframe_accessor(ACCESSOR_NAME)(CXAccessor)


_register()
