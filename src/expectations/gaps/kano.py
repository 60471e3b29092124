"""Kano's model: which features delight, which are expected, which nobody misses.

Each feature is asked twice, as a functional question ("how do you feel if the
feature is present?") and a dysfunctional one ("... if it is absent?"), both
answered on like / must-be / neutral / live-with / dislike. The evaluation
table (Kano et al. 1984; Berger et al. 1993) turns each answer pair into one of
six categories: A attractive, O one-dimensional, M must-be, I indifferent,
R reverse, Q questionable. Per feature the categories are counted with the
grouping engine and summarised by Berger et al.'s coefficients and Fong's test.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Final, overload

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _grouping as grouping
from expectations import _validation as v
from expectations._align import aligned
from expectations.errors import InvalidScoreError, format_message
from expectations.results import Result

__all__ = [
    "KANO_ANSWERS",
    "KANO_CATEGORIES",
    "KANO_COLUMNS",
    "KanoResult",
    "kano",
    "kano_category",
]

KANO_ANSWERS: Final[tuple[str, ...]] = ("like", "must-be", "neutral", "live-with", "dislike")
"""The five answers, in the order of the evaluation table and of the codes 1-5."""

KANO_CATEGORIES: Final[tuple[str, ...]] = ("A", "O", "M", "I", "R", "Q")
"""Attractive, one-dimensional, must-be, indifferent, reverse, questionable."""

# Rows: functional answer, columns: dysfunctional answer, both in KANO_ANSWERS
# order; entries index KANO_CATEGORIES (Berger et al. 1993, Table 1).
_A, _O, _M, _I, _R, _Q = range(6)
_EVALUATION: Final[npt.NDArray[np.intp]] = np.array(
    [
        [_Q, _A, _A, _A, _O],
        [_R, _I, _I, _I, _M],
        [_R, _I, _I, _I, _M],
        [_R, _I, _I, _I, _M],
        [_R, _R, _R, _R, _Q],
    ],
    dtype=np.intp,
)
_EVALUATION.flags.writeable = False

# DuMouchel's scores (Berger et al. 1993, section IVb), indexed by answer code.
_FUNCTIONAL_SCORE: Final = np.array([4.0, 2.0, 0.0, -1.0, -2.0])
_DYSFUNCTIONAL_SCORE: Final = np.array([-2.0, -1.0, 0.0, 2.0, 4.0])

# The 25 (functional, dysfunctional) answer pairs, code ``5 * f + d``: per
# feature, the category counts and DuMouchel's sums are linear in the pair
# counts, so rows are only ever counted, never classified one by one.
_N_ANSWERS: Final = 5
_PAIRS: Final = _N_ANSWERS * _N_ANSWERS
_PAIR_TO_CATEGORY: Final = np.zeros((_PAIRS, 6))
_PAIR_TO_CATEGORY[np.arange(_PAIRS), _EVALUATION.ravel()] = 1.0
_PAIR_TO_CATEGORY.flags.writeable = False
_PAIR_FUNCTIONAL_SCORE: Final = np.repeat(_FUNCTIONAL_SCORE, _N_ANSWERS)
_PAIR_DYSFUNCTIONAL_SCORE: Final = np.tile(_DYSFUNCTIONAL_SCORE, _N_ANSWERS)

# Tie precedence for the modal category: M > O > A > I (Matzler et al. 1996),
# then R and Q, which carry no design decision. Lower rank wins a tie.
_PRECEDENCE: Final = np.array([2, 1, 0, 3, 4, 5])  # rank of A, O, M, I, R, Q

# Normalised spelling (lower case, letters and digits only) -> answer code.
_SYNONYMS: Final[dict[str, int]] = {
    **dict.fromkeys(
        ("like", "likeit", "ilikeit", "ilikeitthatway", "iwouldlikeit", "delighted"), 0
    ),
    **dict.fromkeys(
        ("mustbe", "itmustbe", "itmustbethatway", "expect", "expectit", "iexpectit",
         "iexpectitthatway", "expected"), 1
    ),
    **dict.fromkeys(
        ("neutral", "iamneutral", "imneutral", "ifeelneutral", "dontcare", "idontcare"), 2
    ),
    **dict.fromkeys(
        ("livewith", "livewithit", "icanlivewithit", "icanlivewithitthatway", "tolerate",
         "tolerateit", "icantolerateit"), 3
    ),
    **dict.fromkeys(("dislike", "dislikeit", "idislikeit", "idislikeitthatway"), 4),
}
_NON_ALNUM = re.compile(r"[^a-z0-9]")

KANO_COLUMNS: Final[tuple[str, ...]] = (
    "n",
    "attractive",
    "one_dimensional",
    "must_be",
    "indifferent",
    "reverse",
    "questionable",
    "category",
    "runner_up",
    "better",
    "worse",
    "total_strength",
    "category_strength",
    "fong_statistic",
    "fong_threshold",
    "fong_significant",
    "functional_mean",
    "dysfunctional_mean",
    "n_dropped",
)
"""Columns of :func:`kano` with ``feature=``, in order (the fields of :class:`KanoResult`)."""

_FONG_Z: Final = 1.65  # Fong (1996): one-sided 5% normal quantile, as published


@attrs.frozen(kw_only=True, repr=False)
class KanoResult(Result):
    """Kano evaluation of one feature.

    Attributes
    ----------
    n : int
        Answer pairs evaluated (all six categories).
    attractive, one_dimensional, must_be, indifferent, reverse, questionable : int
        How many answer pairs fall in each category (A, O, M, I, R, Q).
    category : str
        The modal category (``"A"``, ``"O"``, ``"M"``, ``"I"``, ``"R"`` or
        ``"Q"``); ties are broken by M > O > A > I > R > Q.
    runner_up : str
        The second category under the same ordering.
    better : float
        Berger et al.'s satisfaction coefficient ``(A + O) / (A + O + M + I)``,
        in 0..1 (NaN when ``A + O + M + I`` is 0).
    worse : float
        The dissatisfaction coefficient ``-(O + M) / (A + O + M + I)``, in -1..0.
    total_strength : float
        ``%A + %O + %M`` of all answers, in percent.
    category_strength : float
        Percent in the modal category minus percent in the runner-up.
    fong_statistic : float
        ``|a - b|``, the difference between the counts of the top two categories.
    fong_threshold : float
        ``1.65 * sqrt((a + b) * (2n - a - b) / (2n))``.
    fong_significant : bool
        Whether the statistic reaches the threshold (the modal category is
        then significantly more frequent than the runner-up).
    functional_mean, dysfunctional_mean : float
        DuMouchel's continuous scores, averaged over all answers.
    n_dropped : int
        Answer pairs dropped because an answer was missing.

    Examples
    --------
    >>> result = kano(["like", "like", "like", "neutral"],
    ...               ["neutral", "dislike", "dislike", "dislike"])
    >>> result
    KanoResult(category=O, better=0.75, worse=-0.75, n=4)
    >>> result.to_dict()["must_be"]
    1
    """

    _headline: ClassVar[tuple[str, ...]] = ("category", "better", "worse", "n")

    def plot(self, *, ax: Any = None) -> Any:
        """Draw this result with :func:`~expectations.plotting.plot_kano`.

        Needs the ``plot`` extra.
        """
        from expectations.plotting import plot_kano

        return plot_kano(self, ax=ax)

    n: int
    attractive: int
    one_dimensional: int
    must_be: int
    indifferent: int
    reverse: int
    questionable: int
    category: str
    runner_up: str
    better: float
    worse: float
    total_strength: float
    category_strength: float
    fong_statistic: float
    fong_threshold: float
    fong_significant: bool
    functional_mean: float
    dysfunctional_mean: float
    n_dropped: int = 0


def _answer_code(value: object) -> int | None:
    """Return the answer code 0..4 of one distinct raw answer, or None if unknown."""
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        if number.is_integer() and 1 <= number <= 5:
            return int(number) - 1
        return None
    if isinstance(value, str):
        return _SYNONYMS.get(_NON_ALNUM.sub("", value.lower()))
    return None


def _answer_codes(values: object, name: str) -> npt.NDArray[np.int8]:
    """Map answers to codes 0..4, missing to -1; raise on anything else.

    Each distinct answer is looked up once (``pd.factorize``), so the cost per
    row is one integer take, however long the answer texts are.
    """
    if isinstance(values, pd.DataFrame) or values is None or isinstance(values, (str, bytes)):
        raise InvalidScoreError(
            format_message(name, "a one-dimensional array-like of Kano answers",
                           fix=f"Got {type(values).__name__}.")
        )
    raw: Any = values if isinstance(values, (pd.Series, pd.Index, pd.Categorical)) else (
        np.asarray(values, dtype=object) if not isinstance(values, np.ndarray) else values
    )
    if getattr(raw, "ndim", 1) != 1:
        raise InvalidScoreError(
            format_message(name, "one-dimensional",
                           fix=f"Got an array of shape {np.shape(raw)}; pass one column.")
        )
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    lookup = np.array([_answer_code(u) if u is not None else -1 for u in uniques] + [-1],
                      dtype=object)
    unknown = np.array([c is None for c in lookup], dtype=bool)
    if unknown.any():
        bad_rows = unknown[codes]
        positions = np.flatnonzero(bad_rows)
        first = uniques[codes[positions[0]]]
        if isinstance(first, np.generic):
            first = first.item()
        raise InvalidScoreError(
            format_message(
                name,
                "Kano answers: like, must-be, neutral, live-with, dislike (or codes 1-5)",
                count=int(positions.size), first=first, position=int(positions[0]),
                fix="Recode them; kano_category's documentation lists the accepted wordings.",
            )
        )
    # int8 codes: the per-row arrays that follow are an eighth of intp's size.
    table = np.where(unknown, -1, lookup).astype(np.int8)
    # codes == -1 (missing) picks the trailing sentinel entry -1.
    result: npt.NDArray[np.int8] = table[np.asarray(codes, dtype=np.intp)]
    return result


def _paired_codes(
    functional: object, dysfunctional: object, missing: str
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int8], npt.NDArray[np.bool_]]:
    """Codes of both answers and the mask of complete pairs; missing pairs per policy."""
    v.check_option(missing, "missing", ("raise", "drop"))
    f = _answer_codes(functional, "functional")
    d = _answer_codes(dysfunctional, "dysfunctional")
    v.check_same_length(functional=f, dysfunctional=d)
    complete = (f >= 0) & (d >= 0)
    if missing == "raise" and not complete.all():
        for name, codes in (("functional", f), ("dysfunctional", d)):
            gaps = codes < 0
            if gaps.any():
                raise InvalidScoreError(
                    format_message(
                        name, "answered (not missing)", count=int(gaps.sum()), first=None,
                        position=int(np.flatnonzero(gaps)[0]),
                        fix='Drop those rows, or pass missing="drop" to drop and count them.',
                    )
                )
    return f, d, complete


def _is_answer_scalar(value: object) -> bool:
    """Whether ``value`` is one answer (a label or a code), not an array of them."""
    return isinstance(value, (str, int, float, np.str_, np.integer, np.floating)) and not (
        isinstance(value, (bool, np.bool_))
    )


@overload
def kano_category(  # type: ignore[overload-overlap]  # a str is also an object
    functional: str | float, dysfunctional: str | float, *, data: None = ...) -> str: ...


@overload
def kano_category(functional: object, dysfunctional: object, *,
                  data: object = ...) -> pd.Categorical: ...


@aligned("functional", "dysfunctional")
def kano_category(functional: object, dysfunctional: object, *,
                  data: object = None) -> str | pd.Categorical:
    """Classify each pair of Kano answers as A, O, M, I, R or Q.

    Like a numpy ufunc: two single answers give one category (a ``str``),
    arrays give a :class:`pandas.Categorical`.

    Parameters
    ----------
    functional, dysfunctional : answer or array-like
        Answers to the functional ("feature present") and dysfunctional
        ("feature absent") questions, row-aligned. Each answer is a label or a
        code 1-5: 1 like, 2 must-be, 3 neutral, 4 live-with, 5 dislike. Labels
        are matched ignoring case, spaces, hyphens and punctuation, and these
        wordings are accepted:

        - like: "like", "like it", "I like it", "I like it that way",
          "I would like it", "delighted";
        - must-be: "must-be", "must be", "it must be that way", "expect",
          "expect it", "I expect it", "I expect it that way", "expected";
        - neutral: "neutral", "I am neutral", "I'm neutral", "I feel neutral",
          "don't care", "I don't care";
        - live-with: "live-with", "live with it", "I can live with it",
          "I can live with it that way", "tolerate", "tolerate it",
          "I can tolerate it";
        - dislike: "dislike", "dislike it", "I dislike it",
          "I dislike it that way".
    data : data frame, optional
        A frame holding the columns: ``functional`` and ``dysfunctional`` are then column
        names. Any frame narwhals accepts (pandas, Polars eager or lazy,
        PyArrow, DuckDB, Dask, PySpark) or :func:`~expectations.scan` of
        files; the columns are read from it (see the guide page "Scale").

    Returns
    -------
    str or pandas.Categorical
        For two single answers, the category letter. Otherwise one category
        per pair, with categories ``["A", "O", "M", "I", "R", "Q"]``.

    Raises
    ------
    InvalidScoreError
        On an answer that is none of the above (the message names the value
        and its position), or on a missing answer.
    LengthMismatchError
        If the two arrays differ in length.

    Notes
    -----
    The evaluation table (Kano et al. 1984; Berger et al. 1993), rows
    functional and columns dysfunctional, both in the order like, must-be,
    neutral, live-with, dislike::

        like       Q A A A O
        must-be    R I I I M
        neutral    R I I I M
        live-with  R I I I M
        dislike    R R R R Q

    References
    ----------
    .. [1] Berger, C. et al. (1993). Kano's methods for understanding
       customer-defined quality. *Center for Quality of Management Journal*
       2(4), 3-36.

    Examples
    --------
    >>> kano_category("like", "dislike")
    'O'
    >>> categories = kano_category(["like", "I expect it", 1],
    ...                            ["dislike", "dislike", "live with it"])
    >>> list(categories), list(categories.categories)
    (['O', 'M', 'A'], ['A', 'O', 'M', 'I', 'R', 'Q'])
    >>> kano_category(["love it"], ["dislike"])
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidScoreError: functional must be Kano answers: ...; 1 value is
    not (first: 'love it' at position 0). Recode them; ...
    """
    if _is_answer_scalar(functional) and _is_answer_scalar(dysfunctional):
        f, d, _ = _paired_codes([functional], [dysfunctional], "raise")
        return KANO_CATEGORIES[int(_EVALUATION[f[0], d[0]])]
    return _categories(functional, dysfunctional)


def _categories(functional: object, dysfunctional: object) -> pd.Categorical:
    """:func:`kano_category` of two arrays (already paired by label)."""
    f, d, _ = _paired_codes(functional, dysfunctional, "raise")
    categories: pd.Categorical = pd.Categorical.from_codes(
        _EVALUATION[f, d], categories=pd.Index(list(KANO_CATEGORIES))
    )
    return categories


def _divide(numerator: npt.NDArray[np.float64],
            denominator: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Elementwise ratio, NaN where the denominator is 0 (without a warning)."""
    out = np.full(numerator.shape, np.nan)
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    return out


def _summarise(counts: npt.NDArray[np.float64], functional_sum: npt.NDArray[np.float64],
               dysfunctional_sum: npt.NDArray[np.float64]) -> dict[str, Any]:
    """Every statistic of :data:`KANO_COLUMNS` (but ``n_dropped``), one entry per group."""
    a, o, m, i = counts[:, _A], counts[:, _O], counts[:, _M], counts[:, _I]
    n = counts.sum(axis=1)
    core = a + o + m + i
    # Sort categories by count, then by precedence: counts are whole numbers and
    # precedence ranks are below 8, so one integer key orders both.
    key = counts * 8 + (7 - _PRECEDENCE)
    order = np.argsort(-key, axis=1, kind="stable")
    rows = np.arange(counts.shape[0])
    top, second = counts[rows, order[:, 0]], counts[rows, order[:, 1]]
    statistic = np.abs(top - second)
    threshold = _FONG_Z * np.sqrt(
        _divide((top + second) * (2 * n - top - second), 2 * n)
    )
    letters = np.array(KANO_CATEGORIES, dtype=object)
    no_category = np.array(None, dtype=object)
    return {
        "n": n.astype(np.int64),
        "attractive": a.astype(np.int64),
        "one_dimensional": o.astype(np.int64),
        "must_be": m.astype(np.int64),
        "indifferent": i.astype(np.int64),
        "reverse": counts[:, _R].astype(np.int64),
        "questionable": counts[:, _Q].astype(np.int64),
        # A feature whose answers were all dropped has no category.
        "category": np.where(n > 0, letters[order[:, 0]], no_category),
        "runner_up": np.where(n > 0, letters[order[:, 1]], no_category),
        "better": _divide(a + o, core),
        "worse": -_divide(o + m, core),
        "total_strength": 100.0 * _divide(a + o + m, n),
        "category_strength": 100.0 * _divide(top - second, n),
        "fong_statistic": statistic,
        "fong_threshold": threshold,
        "fong_significant": statistic >= threshold,
        "functional_mean": _divide(functional_sum, n),
        "dysfunctional_mean": _divide(dysfunctional_sum, n),
    }


def _summarise_pairs(pairs: npt.NDArray[np.float64]) -> dict[str, Any]:
    """:func:`_summarise` from counts of the 25 answer pairs, shape ``(n_groups, 25)``."""
    # Counts are whole numbers and the scores small integers: these sums are exact.
    return _summarise(pairs @ _PAIR_TO_CATEGORY, pairs @ _PAIR_FUNCTIONAL_SCORE,
                      pairs @ _PAIR_DYSFUNCTIONAL_SCORE)


@overload
def kano(functional: object, dysfunctional: object, *, feature: None = None,
         missing: v.MissingPolicy = "raise", data: object = None) -> KanoResult: ...


@overload
def kano(functional: object, dysfunctional: object, *, feature: object,
         missing: v.MissingPolicy = "raise", data: object = None) -> pd.DataFrame: ...


@aligned("functional", "dysfunctional", "feature")
def kano(functional: object, dysfunctional: object, *, feature: object = None,
         missing: v.MissingPolicy = "raise", data: object = None) -> KanoResult | pd.DataFrame:
    """Evaluate Kano answers: category counts, coefficients and Fong's test.

    Parameters
    ----------
    functional, dysfunctional : array-like
        Row-aligned answers to the functional and dysfunctional questions, as
        labels or codes 1-5 (see :func:`kano_category` for the accepted
        wordings).
    feature : array-like, list of array-likes, or DataFrame, optional
        The feature each answer pair is about. Without it, all pairs are
        evaluated together.
    missing : {"raise", "drop"}, default "raise"
        What to do with a pair where either answer is missing. Dropped pairs
        are counted in ``n_dropped``. With ``feature``, rows whose feature is
        missing are dropped too, and counted in the frame's
        ``attrs["n_dropped_keys"]``.
    data : data frame, optional
        A frame holding the columns: ``functional``, ``dysfunctional`` and
        ``feature`` are then column names. Any frame narwhals accepts (pandas,
        Polars eager or lazy, PyArrow, DuckDB, Dask, PySpark) or
        :func:`~expectations.scan` of files; the counts are made inside the
        engine, and a ``feature=`` table comes back in the caller's library
        (see the guide page "Scale").

    Returns
    -------
    KanoResult or pandas.DataFrame
        Without ``feature``, a :class:`KanoResult`. With it, a DataFrame with
        one row per feature and the columns :data:`KANO_COLUMNS`.

    Raises
    ------
    InvalidScoreError
        On an unknown answer, a missing answer with ``missing="raise"``, or a
        missing feature key.
    LengthMismatchError
        If the answers and features are not all the same length.
    InsufficientDataError
        If no answer pairs remain.

    Notes
    -----
    With counts A, O, M, I, R, Q and n = A + O + M + I + R + Q for a feature
    (Berger et al. 1993):

    - Better = (A + O) / (A + O + M + I), Worse = -(O + M) / (A + O + M + I);
    - total strength = 100 (A + O + M) / n;
    - category strength = 100 (a - b) / n, with a and b the counts of the
      modal and the runner-up category.

    The modal category is the most frequent of all six; ties follow Matzler et
    al.'s (1996) rule M > O > A > I, then R, then Q. Fong's (1996) test calls
    the difference between the top two categories significant unless
    ``|a - b| < 1.65 sqrt((a + b)(2n - a - b) / (2n))``. DuMouchel's continuous
    means score functional answers like 4, must-be 2, neutral 0, live-with
    -1, dislike -2, and dysfunctional answers -2, -1, 0, 2, 4, averaged over
    every answer pair of the feature (R and Q pairs included).

    References
    ----------
    .. [1] Berger, C. et al. (1993). Kano's methods for understanding
       customer-defined quality. *Center for Quality of Management Journal*
       2(4), 3-36.
    .. [2] Fong, D. (1996). Using the self-stated importance questionnaire to
       interpret Kano questionnaire results. *Center for Quality of
       Management Journal* 5(3), 21-23.
    .. [3] Matzler, K., Hinterhuber, H. H., Bailom, F. and Sauerwein, E.
       (1996). How to delight your customers. *Journal of Product & Brand
       Management* 5(2), 6-18.

    Examples
    --------
    >>> functional = ["like"] * 6 + ["must-be"] * 3 + ["neutral"]
    >>> dysfunctional = ["dislike"] * 2 + ["neutral"] * 4 + ["dislike"] * 3 + ["neutral"]
    >>> result = kano(functional, dysfunctional)
    >>> result.category, result.attractive, result.one_dimensional, result.must_be
    ('A', 4, 2, 3)
    >>> result.better, result.worse
    (0.6, -0.5)
    >>> table = kano(functional, dysfunctional, feature=["chat"] * 5 + ["gift wrap"] * 5)
    >>> table[["category", "better", "worse"]]
              category  better  worse
    chat             A     1.0   -0.4
    gift wrap        M     0.2   -0.6
    """
    f, d, complete = _paired_codes(functional, dysfunctional, missing)
    n_rows = f.size
    if feature is None:
        groups = grouping.Groups(codes=np.zeros(n_rows, dtype=np.intp), index=pd.RangeIndex(1))
    else:
        groups = grouping.factorize(feature, n_rows, name="feature", missing=missing)
    v.check_not_empty(int(np.count_nonzero(complete)), "functional")
    # One small code per row — the answer pair, or _PAIRS for an incomplete
    # pair — and one bincount per feature x code give every statistic.
    pair = np.where(complete, f * _N_ANSWERS + d, _PAIRS).astype(np.int8, copy=False)
    cells = grouping.count_categories(groups, pair, _PAIRS + 1)
    return _kano_result(cells, groups if feature is not None else None)


def _kano_result(cells: npt.NDArray[np.float64],
                 groups: grouping.Groups | None) -> KanoResult | pd.DataFrame:
    """Build the result from per-group counts of the 25 answer pairs and incomplete pairs.

    ``cells`` has shape ``(n_groups, 26)``; with ``groups`` the result is the
    ``feature=`` table. The in-memory :func:`kano` and the engines' counter
    both finish here.
    """
    data = _summarise_pairs(cells[:, :_PAIRS])
    data["n_dropped"] = cells[:, _PAIRS].astype(np.int64)
    if groups is not None:
        return grouping.frame(groups, KANO_COLUMNS, data)
    row = {name: values[0] for name, values in data.items()}
    return KanoResult(**{name: _python(value) for name, value in row.items()})


def _python(value: object) -> Any:
    """Turn a numpy scalar into the Python scalar a result holds."""
    return value.item() if isinstance(value, np.generic) else value
