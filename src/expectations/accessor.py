"""The ``df.cx`` pandas accessor: the scoring functions over a DataFrame's columns.

Importing :mod:`expectations` registers it, so that in a notebook::

    df.cx.nps("likely_to_recommend", by="segment")

is ``ex.nps("likely_to_recommend", by="segment", data=df)``: each method is a
thin layer over its function's ``data=``, which reads the names. Every
argument that names data (the scores, ``by=``, ``weights=``, ``feature=``,
...) takes a column name, or an array with one value per row; every other
option is passed to the function unchanged, so the accessor returns exactly
what the function returns, and a missing column is the same
:class:`~expectations.errors.SchemaError`, naming the columns the frame has.

Columns reach the function as Series carrying the frame's index, so the
library's alignment rule applies: a Series passed instead of a name (say
``df["segment"].sort_values()``) is paired with the frame's rows by label, and
one whose labels differ from the frame's is an error naming both arguments;
a list or numpy array pairs with the rows by position.

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

from collections.abc import Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, overload

import pandas as pd

from expectations import _validation as v
from expectations.scoring.nps import NPSResult, nps
from expectations.scoring.satisfaction import TopBoxResult, ces, csat, top_box

# This module loads with the package (to register ``DataFrame.cx``); the areas
# beyond the core scores are imported inside the methods that use them.
if TYPE_CHECKING:
    from expectations.commitments import FulfilmentResult, RealisticTarget
    from expectations.gaps.disconfirmation import DisconfirmationResult
    from expectations.gaps.kano import KanoResult
    from expectations.gaps.servqual import ServperfResult, ServqualResult
    from expectations.gaps.tolerance import ToleranceResult
    from expectations.kpis.events import RateResult
    from expectations.measurement.drivers import RelativeWeightsResult
    from expectations.measurement.reliability import AlphaResult
    from expectations.models import Commitment, Persona
    from expectations.segmentation.cluster import ClusterResult
    from expectations.segmentation.personas import PersonaAssignment
    from expectations.segmentation.rfm import RFMResult
    from expectations.voice.consistency import ConsistencyResult
    from expectations.voice.themes import ThemeTags

__all__ = ["ACCESSOR_NAME", "CXAccessor"]

#: The attribute under which the accessor is registered: ``df.cx``.
ACCESSOR_NAME = "cx"


def _names(names: object) -> object:
    """Return item columns as a list of names (from a pandas Index, say); one name as it is."""
    if isinstance(names, str) or not isinstance(names, Iterable):
        return names
    return list(names)


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
    def _columns(self, names: Sequence[Hashable]) -> pd.DataFrame:
        """Return the columns ``names`` lists, in that order, as a DataFrame.

        Only for :func:`~expectations.cronbach_alpha`, whose argument is a frame of
        items rather than column names (every other method passes ``data=``).
        """
        columns = list(names)
        v.check_columns(self._df, columns, "data")  # type: ignore[arg-type]
        table: pd.DataFrame = self._df[columns]
        return table

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
        return nps(scores, by=by, weights=weights, data=self._df, **options)

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
        return csat(scores, by=by, weights=weights, data=self._df, **options)

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
        return ces(scores, by=by, weights=weights, data=self._df, **options)

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
        return top_box(scores, by=by, weights=weights, data=self._df, **options)

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

        return kano(functional, dysfunctional, feature=feature, data=self._df, **options)

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

        return tolerance_zone(perceived, adequate, desired, by=by, data=self._df, **options)

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

        return compare_segments(scores, by, data=self._df, **options)

    def funnel(self, scores: Hashable, by: object, **options: Any) -> pd.DataFrame:
        """Funnel-plot limits per group: :func:`~expectations.funnel` over names.

        Parameters
        ----------
        scores : column name or array-like
            One answer per row.
        by : column name, list of column names and/or arrays, or array-like
            The group of each row.
        **options
            Passed to :func:`~expectations.funnel` (``metric``, ``target``,
            ``weights``, ``missing``, ...).

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
        >>> r.cx.funnel("nps", "touchpoint", missing="drop").loc["delivery", "band"]
        'below 99.8%'
        """
        from expectations.groups import funnel

        return funnel(scores, by=by, data=self._df, **options)

    def league_table(self, scores: Hashable, by: object, **options: Any) -> pd.DataFrame:
        """Shrunk scores and rank intervals: :func:`~expectations.league_table` over names.

        Parameters
        ----------
        scores : column name or array-like
            One answer per row.
        by : column name, list of column names and/or arrays, or array-like
            The group of each row.
        **options
            Passed to :func:`~expectations.league_table` (``metric``, ``rng``,
            ``n_resamples``, ``missing``, ...).

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
        >>> r.cx.league_table("nps", "touchpoint", missing="drop", rng=0).index[-1]
        'delivery'
        """
        from expectations.groups import league_table

        return league_table(scores, by=by, data=self._df, **options)

    def trend(self, scores: Hashable, dates: Hashable, *, by: object = None,
              **options: Any) -> pd.DataFrame:
        """Score per period: :func:`~expectations.trend` over names.

        Parameters
        ----------
        scores : column name or array-like
            The answers.
        dates : column name or array-like
            When each answer was given.
        by : column name, list of column names and/or arrays, or array-like, optional
            Segment key(s): one series per segment, in one call.
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
        >>> list(r.cx.trend("nps", "date", by="channel", freq="Y", missing="drop").index.names)
        ['channel', 'period']
        """
        from expectations.kpis.trend import trend

        return trend(scores, dates, by=by, data=self._df, **options)

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

    # ------------------------------------------------------------ more columns
    def classify_nps(self, scores: Hashable, **options: Any) -> pd.Categorical:
        """Promoter, passive or detractor per row: :func:`~expectations.classify_nps`.

        Parameters
        ----------
        scores : column name or array-like
            0-10 answers, one per row.
        **options
            Passed to :func:`~expectations.classify_nps` (``missing``).

        Returns
        -------
        pandas.Categorical

        Examples
        --------
        >>> import pandas as pd
        >>> pd.DataFrame({"ltr": [0, 7, 10]}).cx.classify_nps("ltr").tolist()
        ['detractor', 'passive', 'promoter']
        """
        from expectations.scoring.nps import classify_nps

        return classify_nps(scores, data=self._df, **options)

    def kano_category(self, functional: Hashable, dysfunctional: Hashable) -> pd.Categorical:
        """Kano category per row: :func:`~expectations.kano_category` over names.

        Parameters
        ----------
        functional, dysfunctional : column name or array-like
            The answers to the functional and dysfunctional questions.

        Returns
        -------
        pandas.Categorical

        Examples
        --------
        >>> import expectations as ex
        >>> answers = ex.datasets.load_retail().kano
        >>> answers.cx.kano_category("functional", "dysfunctional").value_counts().idxmax()
        'I'
        """
        from expectations.gaps.kano import kano_category

        categories: pd.Categorical = kano_category(functional, dysfunctional, data=self._df)
        return categories

    def disconfirmation(self, expected: Hashable, perceived: Hashable, *, by: object = None,
                        **options: Any) -> DisconfirmationResult | pd.DataFrame:
        """Perceived against expected: :func:`~expectations.disconfirmation` over names.

        Parameters
        ----------
        expected, perceived : column name or array-like
            The expectation and the experience, one per row.
        by : column name, list of column names and/or arrays, or array-like, optional
            Group key(s); with ``by``, a DataFrame.
        **options
            Passed to :func:`~expectations.disconfirmation`.

        Returns
        -------
        DisconfirmationResult or pandas.DataFrame

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"expected": [4, 4, 4, 4], "perceived": [5, 4, 3, 4]})
        >>> res = df.cx.disconfirmation("expected", "perceived")
        >>> res.positive, res.confirmed, res.negative
        (25.0, 50.0, 25.0)
        """
        from expectations.gaps.disconfirmation import disconfirmation

        return disconfirmation(expected, perceived, by=by, data=self._df, **options)

    def tolerance_level(self, perceived: Hashable, adequate: Hashable,
                        desired: Hashable | None = None, **options: Any) -> pd.Categorical:
        """Below, within or above the zone per row: :func:`~expectations.tolerance_level`.

        Parameters
        ----------
        perceived, adequate, desired : column name or array-like
            The perceived, minimum acceptable and desired levels, one per row.
        **options
            Passed to :func:`~expectations.tolerance_level`.

        Returns
        -------
        pandas.Categorical

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"perceived": [3, 5, 8], "adequate": [4, 4, 4], "desired": [7, 7, 7]})
        >>> df.cx.tolerance_level("perceived", "adequate", "desired").tolist()
        ['dissatisfied', 'satisfied', 'delighted']
        """
        from expectations.gaps.tolerance import tolerance_level

        return tolerance_level(perceived, adequate, desired, data=self._df, **options)

    def servqual(self, expected: Sequence[Hashable], perceived: Sequence[Hashable], *,
                 by: object = None, **options: Any) -> ServqualResult | pd.DataFrame:
        """SERVQUAL gaps of item columns: :func:`~expectations.servqual` over names.

        Parameters
        ----------
        expected, perceived : sequence of column names
            The expectation and perception items, in questionnaire order.
        by : column name, list of column names and/or arrays, or array-like, optional
            Group key(s); with ``by``, a DataFrame.
        **options
            Passed to :func:`~expectations.servqual` (``dimensions``, ...).

        Returns
        -------
        ServqualResult or pandas.DataFrame

        Examples
        --------
        >>> import expectations as ex
        >>> s = ex.datasets.load_retail().servqual
        >>> e = [f"e{i:02d}" for i in range(1, 23)]
        >>> p = [f"p{i:02d}" for i in range(1, 23)]
        >>> s.cx.servqual(e, p, missing="drop").n > 0
        True
        """
        from expectations.gaps.servqual import servqual

        return servqual(_names(expected), _names(perceived), by=by, data=self._df, **options)

    def servperf(self, perceived: Sequence[Hashable], *, by: object = None,
                 **options: Any) -> ServperfResult | pd.DataFrame:
        """SERVPERF scores of item columns: :func:`~expectations.servperf` over names.

        Parameters
        ----------
        perceived : sequence of column names
            The perception items, in questionnaire order.
        by : column name, list of column names and/or arrays, or array-like, optional
            Group key(s); with ``by``, a DataFrame.
        **options
            Passed to :func:`~expectations.servperf`.

        Returns
        -------
        ServperfResult or pandas.DataFrame

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"p1": [5, 6, 5], "p2": [6, 6, 4], "p3": [5, 4, 6]})
        >>> res = df.cx.servperf(["p1", "p2", "p3"],
        ...                      dimensions={"reliability": (1, 2), "empathy": (3,)})
        >>> round(res.overall.perceived, 3)
        5.167
        """
        from expectations.gaps.servqual import servperf

        return servperf(_names(perceived), by=by, data=self._df, **options)

    def cronbach_alpha(self, items: Sequence[Hashable], **options: Any) -> AlphaResult:
        """Reliability of item columns: :func:`~expectations.cronbach_alpha` over names.

        Parameters
        ----------
        items : sequence of column names
            The items of one scale.
        **options
            Passed to :func:`~expectations.cronbach_alpha`.

        Returns
        -------
        AlphaResult

        Examples
        --------
        >>> import pandas as pd
        >>> items = pd.DataFrame({"q1": [1, 2, 3, 4], "q2": [2, 2, 4, 4], "q3": [1, 3, 3, 5]})
        >>> round(items.cx.cronbach_alpha(["q1", "q2", "q3"]).alpha, 4)
        0.9333
        """
        from expectations.measurement.reliability import cronbach_alpha

        return cronbach_alpha(self._columns(items), **options)

    def fulfilment(self, commitment: Commitment, value: Hashable = "value", *,
                   by: object = None, **options: Any) -> FulfilmentResult | pd.DataFrame:
        """How often a commitment was kept: :func:`~expectations.fulfilment` over names.

        Parameters
        ----------
        commitment : Commitment
            The promise.
        value : column name, default "value"
            The outcome column. When the frame has a ``commitment`` column, only
            the rows of this commitment count.
        by : column name, list of column names and/or arrays, or array-like, optional
            Group key(s); with ``by``, a DataFrame.
        **options
            Passed to :func:`~expectations.fulfilment`.

        Returns
        -------
        FulfilmentResult or pandas.DataFrame

        Examples
        --------
        >>> import expectations as ex
        >>> data = ex.datasets.load_retail()
        >>> result = data.outcomes.cx.fulfilment(data.commitments[0])
        >>> 0 <= result.kept_rate <= 100
        True
        """
        from expectations.commitments import fulfilment

        # fulfilment reads column names itself, keeping only this commitment's rows.
        return fulfilment(commitment, self._df, value=value, by=by, **options)

    def realistic_target(self, value: Hashable = "value",
                         **options: Any) -> RealisticTarget:
        """Find the promise past outcomes keep: :func:`~expectations.realistic_target`.

        Parameters
        ----------
        value : column name or array-like, default "value"
            The past outcomes. (To pick one commitment's rows, filter the frame
            first.)
        **options
            Passed to :func:`~expectations.realistic_target`.

        Returns
        -------
        RealisticTarget

        Examples
        --------
        >>> import pandas as pd
        >>> days = pd.DataFrame({"value": [1, 2, 2, 3, 3, 3, 4, 4, 5, 6] * 10})
        >>> result = days.cx.realistic_target(reliability=0.9)
        >>> result.target, result.achieved
        (5.0, 90.0)
        """
        from expectations.commitments import realistic_target

        return realistic_target(value, data=self._df, **options)

    def rfm(self, *, customer: str, date: str, amount: str, **options: Any) -> RFMResult:
        """RFM scores of a transactions frame: :func:`~expectations.rfm`.

        Parameters
        ----------
        customer, date, amount : str
            The customer id, date and amount columns.
        **options
            Passed to :func:`~expectations.rfm`.

        Returns
        -------
        RFMResult

        Examples
        --------
        >>> import pandas as pd
        >>> t = pd.DataFrame({"customer": [1, 1, 2, 3, 3, 3],
        ...                   "date": pd.to_datetime(["2024-01-05", "2024-03-01", "2024-02-10",
        ...                                           "2024-01-20", "2024-02-20", "2024-03-20"]),
        ...                   "amount": [20.0, 35.0, 10.0, 50.0, 40.0, 60.0]})
        >>> result = t.cx.rfm(customer="customer", date="date", amount="amount", now="2024-04-01")
        >>> result.customers["frequency"].to_dict()
        {1: 2, 2: 1, 3: 3}
        """
        from expectations.segmentation.rfm import rfm

        return rfm(self._df, customer=customer, date=date, amount=amount, **options)

    def retention_rate(self, *, customer: str, date: str, **options: Any) -> pd.DataFrame:
        """Retention per period of a transactions frame: :func:`~expectations.retention_rate`.

        Parameters
        ----------
        customer, date : str
            The customer id and date columns.
        **options
            Passed to :func:`~expectations.retention_rate`.

        Returns
        -------
        pandas.DataFrame

        Examples
        --------
        >>> import pandas as pd
        >>> t = pd.DataFrame({"customer": [1, 1, 2, 3, 3, 3],
        ...                   "date": pd.to_datetime(["2024-01-05", "2024-03-01", "2024-02-10",
        ...                                           "2024-01-20", "2024-02-20", "2024-03-20"]),
        ...                   "amount": [20.0, 35.0, 10.0, 50.0, 40.0, 60.0]})
        >>> t.cx.retention_rate(customer="customer", date="date")["rate"].tolist()
        [50.0, 50.0]
        """
        from expectations.kpis.retention import retention_rate

        return retention_rate(self._df, customer=customer, date=date, **options)

    def churn_rate(self, *, customer: str, date: str, **options: Any) -> pd.DataFrame:
        """Churn per period of a transactions frame: :func:`~expectations.churn_rate`.

        Parameters
        ----------
        customer, date : str
            The customer id and date columns.
        **options
            Passed to :func:`~expectations.churn_rate`.

        Returns
        -------
        pandas.DataFrame

        Examples
        --------
        >>> import pandas as pd
        >>> t = pd.DataFrame({"customer": [1, 1, 2, 3, 3, 3],
        ...                   "date": pd.to_datetime(["2024-01-05", "2024-03-01", "2024-02-10",
        ...                                           "2024-01-20", "2024-02-20", "2024-03-20"]),
        ...                   "amount": [20.0, 35.0, 10.0, 50.0, 40.0, 60.0]})
        >>> t.cx.churn_rate(customer="customer", date="date")["churned"].tolist()
        [1, 1]
        """
        from expectations.kpis.retention import churn_rate

        return churn_rate(self._df, customer=customer, date=date, **options)

    def repeat_rate(self, *, customer: str, date: str, **options: Any) -> RateResult:
        """Share of customers who bought again: :func:`~expectations.repeat_rate`.

        Parameters
        ----------
        customer, date : str
            The customer id and date columns.
        **options
            Passed to :func:`~expectations.repeat_rate`.

        Returns
        -------
        RateResult

        Examples
        --------
        >>> import pandas as pd
        >>> t = pd.DataFrame({"customer": [1, 1, 2, 3, 3, 3],
        ...                   "date": pd.to_datetime(["2024-01-05", "2024-03-01", "2024-02-10",
        ...                                           "2024-01-20", "2024-02-20", "2024-03-20"]),
        ...                   "amount": [20.0, 35.0, 10.0, 50.0, 40.0, 60.0]})
        >>> t.cx.repeat_rate(customer="customer", date="date")
        RateResult(rate=66.67, events=2, exposure=3, 95% CI [20.77, 93.85] (wilson))
        """
        from expectations.kpis.retention import repeat_rate

        return repeat_rate(self._df, customer=customer, date=date, **options)

    def historical_clv(self, *, customer: str, date: str, amount: str,
                       **options: Any) -> pd.Series:
        """Value to date per customer: :func:`~expectations.historical_clv`.

        Parameters
        ----------
        customer, date, amount : str
            The customer id, date and amount columns.
        **options
            Passed to :func:`~expectations.historical_clv`.

        Returns
        -------
        pandas.Series

        Examples
        --------
        >>> import pandas as pd
        >>> t = pd.DataFrame({"customer": [1, 1, 2, 3, 3, 3],
        ...                   "date": pd.to_datetime(["2024-01-05", "2024-03-01", "2024-02-10",
        ...                                           "2024-01-20", "2024-02-20", "2024-03-20"]),
        ...                   "amount": [20.0, 35.0, 10.0, 50.0, 40.0, 60.0]})
        >>> t.cx.historical_clv(customer="customer", date="date", amount="amount").tolist()
        [55.0, 10.0, 150.0]
        """
        from expectations.kpis.value import historical_clv

        return historical_clv(self._df, customer=customer, date=date, amount=amount, **options)

    def complaint_rate(self, complaints: Hashable, orders: Hashable, *, by: object = None,
                       **options: Any) -> RateResult | pd.DataFrame:
        """Complaints per orders: :func:`~expectations.complaint_rate` over names.

        Parameters
        ----------
        complaints, orders : column name or array-like
            Counts per row.
        by : column name, list of column names and/or arrays, or array-like, optional
            Group key(s); with ``by``, a DataFrame.
        **options
            Passed to :func:`~expectations.complaint_rate`.

        Returns
        -------
        RateResult or pandas.DataFrame

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"complaints": [3, 5, 4], "orders": [100, 80, 50]})
        >>> df.cx.complaint_rate("complaints", "orders")
        RateResult(rate=5.217, events=12, exposure=230, 95% CI [2.696, 9.114] (exact-poisson))
        """
        from expectations.kpis.events import complaint_rate

        return complaint_rate(complaints, orders, by=by, data=self._df, **options)

    def return_rate(self, returns: Hashable, orders: Hashable, *, by: object = None,
                    **options: Any) -> RateResult | pd.DataFrame:
        """Compute returns per orders: :func:`~expectations.return_rate` over names.

        Parameters
        ----------
        returns, orders : column name or array-like
            Counts per row.
        by : column name, list of column names and/or arrays, or array-like, optional
            Group key(s); with ``by``, a DataFrame.
        **options
            Passed to :func:`~expectations.return_rate`.

        Returns
        -------
        RateResult or pandas.DataFrame

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"returns": [3, 5, 1], "orders": [100, 80, 50],
        ...                    "channel": ["web", "store", "web"]})
        >>> df.cx.return_rate("returns", "orders", by="channel")["rate"].round(2).to_dict()
        {'store': 6.25, 'web': 2.67}
        """
        from expectations.kpis.events import return_rate

        return return_rate(returns, orders, by=by, data=self._df, **options)

    def segment(self, rules: object, **options: Any) -> pd.Series:
        """First-match rule segments of the rows: :func:`~expectations.segment`.

        Parameters
        ----------
        rules : mapping or sequence of rules
            As :func:`~expectations.segment` takes them.
        **options
            Passed to :func:`~expectations.segment` (``default``).

        Returns
        -------
        pandas.Series

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"orders": [12, 3, 0]})
        >>> df.cx.segment([{"name": "loyal", "when": {"orders": {">=": 10}}},
        ...                {"name": "active", "when": {"orders": {"between": [1, 9]}}}]).tolist()
        ['loyal', 'active', 'other']
        """
        from expectations.segmentation.rules import segment

        return segment(self._df, rules, **options)

    def assign_personas(self, personas: Sequence[Persona], **options: Any) -> PersonaAssignment:
        """Assign each row a persona: :func:`~expectations.assign_personas`.

        Parameters
        ----------
        personas : sequence of Persona
            The personas to choose from.
        **options
            Passed to :func:`~expectations.assign_personas`.

        Returns
        -------
        PersonaAssignment

        Examples
        --------
        >>> import pandas as pd
        >>> import expectations as ex
        >>> young = ex.Persona(name="young", description="", traits={"age": (18, 34)})
        >>> older = ex.Persona(name="older", description="", traits={"age": (35, 80)})
        >>> pd.DataFrame({"age": [22, 50]}).cx.assign_personas([young, older]).labels.tolist()
        ['young', 'older']
        """
        from expectations.segmentation.personas import assign_personas

        return assign_personas(self._df, personas, **options)

    def cluster(self, k: int, *, columns: Sequence[str], **options: Any) -> ClusterResult:
        """k-means segments of numeric columns: :func:`~expectations.cluster`.

        Parameters
        ----------
        k : int
            How many clusters.
        columns : sequence of str
            The columns to cluster on.
        **options
            Passed to :func:`~expectations.cluster`.

        Returns
        -------
        ClusterResult

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"visits": [1, 2, 1, 20, 22, 21],
        ...                    "spend": [10.0, 12.0, 11.0, 300.0, 320.0, 310.0]})
        >>> df.cx.cluster(2, columns=["visits", "spend"], rng=0).labels.tolist()
        [0, 0, 0, 1, 1, 1]
        """
        from expectations.segmentation.cluster import cluster

        return cluster(self._df, k, columns=columns, **options)

    # ------------------------------------------------------------ voice of the customer
    def tag_themes(self, texts: Hashable, lexicon: object = None, *, by: object = None,
                   **options: Any) -> ThemeTags | pd.DataFrame:
        """Themes in a text column: :func:`~expectations.tag_themes` over names.

        Parameters
        ----------
        texts : column name or array-like
            One comment per row.
        lexicon : mapping, optional
            Theme name to keywords; the built-in lexicon by default.
        by : column name, list of column names and/or arrays, or array-like, optional
            Group key(s); with ``by``, a DataFrame.
        **options
            Passed to :func:`~expectations.tag_themes`.

        Returns
        -------
        ThemeTags or pandas.DataFrame

        Examples
        --------
        >>> import expectations as ex
        >>> r = ex.datasets.load_retail().responses
        >>> tags = r.cx.tag_themes("comment", missing="drop")
        >>> tags.n_dropped > 0
        True
        """
        from expectations.voice.themes import tag_themes

        return tag_themes(texts, lexicon, by=by, data=self._df, **options)

    def theme_impact(self, texts: Hashable, scores: Hashable, **options: Any) -> pd.DataFrame:
        """Score gap of each theme: :func:`~expectations.theme_impact` over names.

        Parameters
        ----------
        texts : column name or array-like
            One comment per row.
        scores : column name or array-like
            One answer per row.
        **options
            Passed to :func:`~expectations.theme_impact`.

        Returns
        -------
        pandas.DataFrame

        Examples
        --------
        >>> import expectations as ex
        >>> r = ex.datasets.load_retail().responses
        >>> r.cx.theme_impact("comment", "nps", missing="drop").index[0]
        'reliability_of_promises'
        """
        from expectations.voice.themes import theme_impact

        return theme_impact(texts, scores, data=self._df, **options)

    def distinctive_terms(self, texts: Hashable, groups: Hashable,
                          **options: Any) -> pd.DataFrame:
        """Words that set each group apart: :func:`~expectations.distinctive_terms`.

        Parameters
        ----------
        texts : column name or array-like
            One comment per row.
        groups : column name or array-like
            The group of each row.
        **options
            Passed to :func:`~expectations.distinctive_terms`.

        Returns
        -------
        pandas.DataFrame

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"comment": ["late parcel again", "parcel late", "great price",
        ...                                "great staff", "late again"] * 4,
        ...                    "kind": ["detractor", "detractor", "promoter", "promoter",
        ...                             "detractor"] * 4})
        >>> df.cx.distinctive_terms("comment", "kind", target="detractor", top=1).index.tolist()
        ['late', 'great']
        """
        from expectations.voice.terms import distinctive_terms

        return distinctive_terms(texts, groups, data=self._df, **options)

    def consistency(self, scores: Hashable, by: object, **options: Any) -> ConsistencyResult:
        """Whether groups score alike: :func:`~expectations.consistency` over names.

        Parameters
        ----------
        scores : column name or array-like
            One answer per row.
        by : column name, list of column names and/or arrays, or array-like
            The group (touchpoint, channel, ...) of each row.
        **options
            Passed to :func:`~expectations.consistency`.

        Returns
        -------
        ConsistencyResult

        Examples
        --------
        >>> import expectations as ex
        >>> r = ex.datasets.load_retail().responses
        >>> r.cx.consistency("csat", "touchpoint", missing="drop").groups.index.tolist()[:2]
        ['social ads', 'website browse']
        """
        from expectations.voice.consistency import consistency

        return consistency(scores, by, data=self._df, **options)

    def follow_up(self, scores: Hashable, *, customers: Hashable, value: object = None,
                  dates: object = None, texts: object = None,
                  **options: Any) -> pd.DataFrame:
        """List the customers to contact, in order: :func:`~expectations.follow_up` over names.

        Parameters
        ----------
        scores : column name or array-like
            The 0-10 answers, one per response.
        customers : column name or array-like
            The customer id of each response.
        value, dates, texts : column name or array-like, optional
            Value at risk, answer dates and comments, one per response (a
            value per customer can be mapped first:
            ``df["customer_id"].map(clv)``).
        **options
            Passed to :func:`~expectations.follow_up` (``lexicon``, ``limit``,
            ``missing``).

        Returns
        -------
        pandas.DataFrame

        Examples
        --------
        >>> import expectations as ex
        >>> r = ex.datasets.load_retail().responses
        >>> calls = r.cx.follow_up("nps", customers="customer_id", dates="date",
        ...                        texts="comment", missing="drop", limit=3)
        >>> calls["priority"].tolist(), calls.attrs["n_to_contact"]
        ([1, 2, 3], 1406)
        """
        from expectations.followup import follow_up

        return follow_up(scores, customers=customers, value=value, dates=dates, texts=texts,
                         data=self._df, **options)


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
