"""Recurring themes in free-text feedback, and which themes move the score.

:func:`tag_themes` marks every comment with the themes of a
:class:`~expectations.voice.lexicon.Lexicon` whose terms it contains;
:func:`theme_impact` compares the score of comments that mention each theme
with the score of those that do not.

How tagging scales: comments are tokenised once (see
:mod:`expectations.voice.tokenize`) into integer word codes; the lexicon is
resolved against the *vocabulary* (distinct words), not the comments; then
every term occurrence is found with array lookups — single words by a boolean
table indexed by word code, phrases by joining consecutive word codes of the
same comment against the phrase table. No regular expression runs per theme
and no Python loop runs per comment.
"""

from __future__ import annotations

import bisect
import html
from collections.abc import Sequence
from typing import Any, ClassVar, overload

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _grouping
from expectations import _validation as v
from expectations._align import aligned
from expectations.errors import (
    InsufficientDataError,
    InvalidParameterError,
    LengthMismatchError,
    SchemaError,
    format_message,
)
from expectations.scoring._difference import (
    NPS_DIFFERENCE_METHODS,
    SHARE_DIFFERENCE_METHODS,
    TESTS,
    check_resamples,
    nps_difference,
    permutation_p_values,
    share_difference,
    warn_small_sides,
)
from expectations.scoring._input import integer_scores
from expectations.scoring.proportions import proportion_interval
from expectations.scoring.satisfaction import CES_SCALE, CSAT_SCALE
from expectations.voice.consistency import CORRECTIONS, METRICS, adjust_p_values
from expectations.voice.lexicon import Lexicon, as_lexicon
from expectations.voice.tokenize import TokenStream, token_stream

__all__ = [
    "THEME_COLUMNS",
    "THEME_IMPACT_COLUMNS",
    "ThemeTags",
    "tag_themes",
    "theme_impact",
]

IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]

#: Columns of the theme counts (:attr:`ThemeTags.counts`, and :func:`tag_themes`
#: with ``by=``), in order.
THEME_COLUMNS: tuple[str, ...] = (
    "mentions", "share", "ci_low", "ci_high", "ci_method", "confidence",
    "n_comments", "n_empty",
)

#: Columns of :func:`theme_impact`, in order.
THEME_IMPACT_COLUMNS: tuple[str, ...] = (
    "mentions", "share", "n_not_mentioned", "score_mentioned", "score_not_mentioned",
    "difference", "std_error", "ci_low", "ci_high", "ci_method", "confidence",
    "z", "p_value", "p_adjusted", "correction",
)


# ------------------------------------------------------------------ matching


def _expand(starts: IntArray, counts: IntArray) -> IntArray:
    """``concatenate([arange(s, s + c) for s, c in zip(starts, counts)])``, vectorised."""
    offsets = np.cumsum(counts) - counts
    within = np.arange(int(counts.sum()), dtype=np.intp) - np.repeat(offsets, counts)
    return np.repeat(starts, counts) + within


def _term_table(lexicon: Lexicon, vocabulary: npt.NDArray[np.object_],
                ) -> dict[int, npt.NDArray[np.intp]]:
    """Resolve every term against the vocabulary.

    Returns, per term length ``L``, an array of shape ``(m, L + 1)``: the word
    codes of one way the term can occur, then its theme.
    """
    index = pd.Index(vocabulary)
    parsed = lexicon.parsed()
    # Sorting the vocabulary is needed only to find the words a prefix starts.
    order: IntArray = np.zeros(0, dtype=np.intp)
    sorted_words: list[str] = []
    if any(term.prefix for _, term in parsed):
        order = np.argsort(vocabulary.astype(str), kind="stable").astype(np.intp)
        sorted_words = vocabulary[order].tolist()
    rows: dict[int, list[tuple[int, ...]]] = {}
    for theme, term in parsed:
        head: IntArray = np.asarray(index.get_indexer(pd.Index(term.words[:-1])),
                                    dtype=np.intp)
        if (head < 0).any():
            continue
        if term.prefix:
            prefix = term.words[-1]
            lo = bisect.bisect_left(sorted_words, prefix)
            hi = bisect.bisect_left(sorted_words, prefix + "\U0010ffff")
            last = order[lo:hi]
        else:
            found = np.asarray(index.get_indexer(pd.Index(term.last_word_forms())),
                               dtype=np.intp)
            last = found[found >= 0]
        rows.setdefault(len(term.words), []).extend(
            (*map(int, head), int(code), theme) for code in last)
    return {length: np.unique(np.array(r, dtype=np.intp).reshape(-1, length + 1), axis=0)
            for length, r in rows.items() if r}


def _match(stream: TokenStream, lexicon: Lexicon) -> BoolArray:
    """Return the rows-by-themes tag matrix."""
    k = len(lexicon.names)
    tags = np.zeros((stream.n_rows, k), dtype=bool)
    codes, rows = stream.codes, stream.rows
    n_words = stream.vocabulary.size
    for length, table in _term_table(lexicon, stream.vocabulary).items():
        first = np.zeros(n_words, dtype=bool)
        first[table[:, 0]] = True
        candidates = np.flatnonzero(first[codes])
        if length == 1:
            # Each word code may belong to several themes: expand by a CSR lookup.
            per_word = np.bincount(table[:, 0], minlength=n_words)
            starts = np.cumsum(per_word) - per_word
            hit_codes = codes[candidates]
            picks = _expand(starts[hit_codes], per_word[hit_codes])
            tags[np.repeat(rows[candidates], per_word[hit_codes]), table[picks, 1]] = True
            continue
        candidates = candidates[candidates + length - 1 < codes.size]
        ends = candidates + length - 1
        candidates = candidates[rows[ends] == rows[candidates]]
        left_columns: dict[object, IntArray] = {j: codes[candidates + j] for j in range(length)}
        left = pd.DataFrame({**left_columns, "position": candidates})
        right_columns: dict[object, IntArray] = {j: table[:, j] for j in range(length)}
        right = pd.DataFrame({**right_columns, "theme": table[:, -1]})
        hits = left.merge(right, on=list(range(length)), how="inner")
        tags[rows[hits["position"].to_numpy()], hits["theme"].to_numpy()] = True
    return tags


# ------------------------------------------------------------------ results


@attrs.frozen(kw_only=True, repr=False)
class ThemeTags:
    """Which comments mention which themes, and how often each theme comes up.

    Attributes
    ----------
    tags : pandas.DataFrame
        Boolean, one row per comment (the input's index for a Series, else
        ``0..n-1`` after dropping) and one column per theme, in lexicon order.
        Empty comments are all False; missing comments dropped with
        ``missing="drop"`` have no row.
    counts : pandas.DataFrame
        One row per theme (index ``theme``) with the columns
        :data:`THEME_COLUMNS`: ``mentions`` (comments tagged), ``share``
        (percent of the comments with text), its Wilson interval, and
        ``n_comments``, ``n_empty``.
    n : int
        Rows kept: comments with text and empty ones (not the dropped ones).
    n_comments : int
        Comments with at least one word — the denominator of ``share``.
    n_empty : int
        Comments present but without any word (``""``, ``"  "``, ``"?!"``).
    n_dropped : int
        Missing comments (None, NaN, ``pd.NA``) dropped with ``missing="drop"``.
    has_text : numpy.ndarray of bool
        Which (kept) rows are comments with text.
    lexicon : Lexicon
        The lexicon used.

    Examples
    --------
    >>> t = tag_themes(["Parcel arrived late", "Great staff, very polite", None, ""],
    ...                missing="drop")
    >>> t.n, t.n_comments, t.n_empty, t.n_dropped
    (3, 2, 1, 1)
    >>> bool(t.tags.loc[0, "delivery"])
    True
    """

    _headline: ClassVar[tuple[str, ...]] = ("n", "n_comments")

    tags: pd.DataFrame = attrs.field(eq=False)
    counts: pd.DataFrame = attrs.field(eq=False)
    n: int
    n_comments: int
    n_empty: int
    n_dropped: int
    has_text: BoolArray = attrs.field(eq=False)
    lexicon: Lexicon

    def to_frame(self) -> pd.DataFrame:
        """Return the per-theme counts (a copy)."""
        out: pd.DataFrame = self.counts.copy()
        return out

    def __repr__(self) -> str:
        top = self.counts["mentions"].sort_values(ascending=False).head(3)
        shown = ", ".join(f"{name}={int(count)}" for name, count in top.items())
        return (f"ThemeTags(n={self.n}, n_comments={self.n_comments}, n_empty={self.n_empty}, "
                f"n_dropped={self.n_dropped}, themes={len(self.counts)}; top: {shown})")

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(repr(self))}</p>{self.counts.to_html()}"


def _counts_frame(mentions: npt.NDArray[Any], n_comments: npt.NDArray[Any],
                  n_empty: npt.NDArray[Any],
                  confidence: float, index: pd.Index) -> pd.DataFrame:
    """Assemble the :data:`THEME_COLUMNS` table; count arrays are aligned with ``index``."""
    mentions = mentions.astype(np.float64)
    n_comments = n_comments.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = 100.0 * mentions / n_comments
    low, high = proportion_interval(mentions, n_comments, confidence=confidence)
    out: pd.DataFrame = pd.DataFrame({
        "mentions": mentions.astype(np.int64),
        "share": share,
        "ci_low": 100.0 * low,
        "ci_high": 100.0 * high,
        "ci_method": "wilson",
        "confidence": confidence,
        "n_comments": n_comments.astype(np.int64),
        "n_empty": n_empty.astype(np.int64),
    }, index=index)
    return out


def _long_index(groups: _grouping.Groups, themes: Sequence[str]) -> pd.MultiIndex:
    """Build the (group key(s)..., theme) index of a ``by=`` result."""
    k = len(themes)
    keys = groups.index
    levels = ([keys.get_level_values(i) for i in range(keys.nlevels)]
              if isinstance(keys, pd.MultiIndex) else [keys])
    arrays = [level.repeat(k) for level in levels]
    arrays.append(pd.Index(np.tile(np.array(themes, dtype=object), len(keys))))
    out: pd.MultiIndex = pd.MultiIndex.from_arrays(arrays, names=[*keys.names, "theme"])
    return out


@overload
def tag_themes(texts: object, lexicon: object = ..., *, by: None = ...,
               confidence: float = ..., missing: v.MissingPolicy = ...,
               data: object = ...) -> ThemeTags: ...
@overload
def tag_themes(texts: object, lexicon: object = ..., *, by: object,
               confidence: float = ..., missing: v.MissingPolicy = ...,
               data: object = ...) -> pd.DataFrame: ...
@aligned("texts", "by")
def tag_themes(texts: object, lexicon: object = None, *, by: object = None,
               confidence: float = 0.95,
               missing: v.MissingPolicy = "raise",
               data: object = None) -> ThemeTags | pd.DataFrame:
    """Tag each comment with the themes whose terms it contains.

    Parameters
    ----------
    texts : array-like of str
        Comments (list, numpy array, pandas Series of ``str``/``string``
        dtype). Missing comments (None, NaN, ``pd.NA``) follow ``missing``; an
        empty string is a comment without words (counted in ``n_empty``).
    lexicon : Lexicon, mapping of str to list of str, or None
        Theme -> terms; None uses :meth:`Lexicon.default`. See
        :mod:`expectations.voice.lexicon` for the matching rules (whole words,
        phrases, simple plurals, ``prefix*``).
    by : array-like, list of array-likes, or DataFrame, optional
        Group key(s), one per comment: the result is then a DataFrame of theme
        counts and shares per group.
    confidence : float, default 0.95
        Coverage of the Wilson interval of each share.
    missing : {"raise", "drop"}, default "raise"
        Missing comments, and rows whose ``by`` key is missing: raise, or drop
        them. Dropped comments are counted in :attr:`ThemeTags.n_dropped` (with
        ``by``, in ``DataFrame.attrs["n_dropped"]``); rows dropped for a
        missing key in ``DataFrame.attrs["n_dropped_keys"]``. Free-text surveys often leave
        most comments blank: pass ``missing="drop"``, or fill them with ``""``
        to count them as empty comments.
    data : data frame, optional
        A frame holding the columns: ``texts`` and ``by`` are then column
        names. Any frame narwhals accepts (pandas, Polars eager or lazy,
        PyArrow, DuckDB, Dask, PySpark) or :func:`~expectations.scan` of
        files; the columns are read from it, and a ``by=`` table comes back in
        the caller's library (see the guide page "Scale").

    Returns
    -------
    ThemeTags or pandas.DataFrame
        Without ``by``: a :class:`ThemeTags` with the boolean ``tags`` table and
        the per-theme ``counts``. With ``by``: one row per (group, theme),
        indexed by the key(s) and ``theme``, with the columns
        :data:`THEME_COLUMNS` (``.share.unstack()`` gives a groups by themes table).

    Raises
    ------
    InvalidScoreError
        A comment that is neither text nor missing (a number, bytes), or a
        missing comment with ``missing="raise"``, naming its position.
    InsufficientDataError
        No comments, or none left after dropping the missing ones.
    InvalidParameterError
        An invalid lexicon: no themes, a theme without terms, a term that is
        not a string.
    LengthMismatchError
        ``by`` not as long as ``texts``.

    Notes
    -----
    Case and accents are ignored (casefold, NFKD, combining marks removed),
    on both the comments and the terms. ``share`` is the percentage of comments
    *with text* that mention the theme; a comment can mention several themes,
    so shares need not add up to 100.

    Examples
    --------
    >>> result = tag_themes(["Late delivery, and the refund took ages!",
    ...                      "Livraison très en retard", None, "",
    ...                      "Lovely staff"], missing="drop")
    >>> result.tags[["delivery", "returns_and_refunds", "staff_and_courtesy"]]
    theme  delivery  returns_and_refunds  staff_and_courtesy
    0          True                 True               False
    1          True                False               False
    2         False                False               False
    3         False                False                True
    >>> result.n_comments, result.n_empty, result.n_dropped
    (3, 1, 1)
    >>> delivery = result.counts.loc["delivery"]
    >>> int(delivery["mentions"]), round(float(delivery["share"]), 1)
    (2, 66.7)

    Your own lexicon, and counts per group:

    >>> lexicon = {"price": ["price", "too expensive"], "speed": ["slow*", "late"]}
    >>> table = tag_themes(["Prices too high", "Too expensive and slow", "Slowly late"],
    ...                    lexicon, by=["web", "web", "app"])
    >>> table["mentions"].unstack()
    theme  price  speed
    app        0      1
    web        2      1
    """
    lex = as_lexicon(lexicon)
    confidence = v.check_confidence(confidence)
    v.check_option(missing, "missing", ("raise", "drop"))
    stream = token_stream(texts, "texts", missing=missing)
    if stream.n_rows == 0:
        raise InsufficientDataError(
            format_message("texts", "non-empty", fix="Got no comments to tag.")
        )
    tags = _match(stream, lex)
    present = ~stream.missing
    themes = pd.Index(list(lex.names), name="theme")
    k = len(themes)
    if by is None:
        n_dropped = int(stream.missing.sum())
        if n_dropped == stream.n_rows:
            raise InsufficientDataError(
                format_message("texts", "at least one comment that is not missing",
                               fix=f"All {n_dropped} comments are missing.")
            )
        # A Series keeps its labels; other inputs are numbered as if the missing
        # comments had not been passed.
        index = (texts.index[present] if isinstance(texts, pd.Series)
                 else pd.RangeIndex(stream.n_rows - n_dropped))
        kept_tags = tags[present]
        has_text = stream.has_text[present]
        n_comments = int(has_text.sum())
        n_empty = int(stream.empty.sum())
        counts = _counts_frame(
            kept_tags.sum(axis=0), np.full(k, n_comments), np.full(k, n_empty),
            confidence, themes)
        return ThemeTags(tags=pd.DataFrame(kept_tags, index=index, columns=themes),
                         counts=counts, n=int(has_text.size), n_comments=n_comments,
                         n_empty=n_empty, n_dropped=n_dropped, has_text=has_text, lexicon=lex)
    groups = _grouping.factorize(by, stream.n_rows, missing=missing)
    g = groups.n_groups
    keyed = groups.keep
    codes = groups.codes
    per_group = {
        name: np.bincount(codes[keyed & mask], minlength=g)
        for name, mask in (("n_comments", stream.has_text), ("n_empty", stream.empty))
    }
    tagged_rows, tagged_themes = np.nonzero(tags & (keyed & present)[:, None])
    mentions = np.bincount(codes[tagged_rows] * k + tagged_themes, minlength=g * k)
    out = _counts_frame(mentions, np.repeat(per_group["n_comments"], k),
                        np.repeat(per_group["n_empty"], k),
                        confidence, _long_index(groups, list(themes)))
    out.attrs["n_dropped"] = int(np.count_nonzero(keyed & stream.missing))
    out.attrs["n_dropped_keys"] = groups.n_dropped
    return out


# ------------------------------------------------------------------ impact


def _tags_and_mask(texts_or_tags: object, lexicon: object, missing: str,
                   ) -> tuple[BoolArray, BoolArray, BoolArray, pd.Index]:
    """Return the tag matrix, which rows have text, which are missing, and the themes."""
    if isinstance(texts_or_tags, (ThemeTags, pd.DataFrame)) and lexicon is not None:
        raise InvalidParameterError(
            format_message("lexicon", "None when tags are given",
                           fix="The lexicon only applies to raw comments; tag them "
                               "with tag_themes(texts, lexicon) or pass the texts.")
        )
    if isinstance(texts_or_tags, ThemeTags):
        n = len(texts_or_tags.tags)
        return (texts_or_tags.tags.to_numpy(dtype=bool), texts_or_tags.has_text,
                np.zeros(n, dtype=bool), pd.Index(texts_or_tags.tags.columns, name="theme"))
    if isinstance(texts_or_tags, pd.DataFrame):
        not_bool = [c for c in texts_or_tags.columns
                    if not pd.api.types.is_bool_dtype(texts_or_tags[c].dtype)
                    or texts_or_tags[c].isna().any()]
        if not_bool or texts_or_tags.shape[1] == 0:
            raise SchemaError(
                format_message("texts_or_tags", "a DataFrame of boolean theme columns "
                               "(no missing values)", count=len(not_bool),
                               first=not_bool[0] if not_bool else None,
                               fix="Pass tag_themes(...).tags, or the comments themselves.")
            )
        frame = texts_or_tags
        return (frame.to_numpy(dtype=bool), np.ones(len(frame), dtype=bool),
                np.zeros(len(frame), dtype=bool),
                pd.Index([str(c) for c in frame.columns], name="theme"))
    lex = as_lexicon(lexicon)
    stream = token_stream(texts_or_tags, "texts_or_tags", missing=missing)
    return (_match(stream, lex), stream.has_text, stream.missing,
            pd.Index(list(lex.names), name="theme"))


@aligned("texts_or_tags", "scores")
def theme_impact(texts_or_tags: object, scores: object, *, metric: str = "nps",
                 lexicon: object = None, correction: str | None = "holm",
                 ci: str | None = None, confidence: float = 0.95,
                 missing: v.MissingPolicy = "raise",
                 test: str = "z", rng: object = None,
                 n_resamples: int = 10_000, data: object = None) -> pd.DataFrame:
    """Which themes drag the score down and which lift it.

    For each theme, the comments that mention it are compared with the
    comments that do not: their scores, the difference with its interval, a
    z-test, and the p-value adjusted for the number of themes.

    Parameters
    ----------
    texts_or_tags : array-like of str, ThemeTags, or DataFrame of bool
        The comments (tagged here with ``lexicon``; missing ones follow
        ``missing``), the result of :func:`tag_themes`, or a boolean rows by
        themes table. Tags must have one row per score: a :class:`ThemeTags`
        built with ``missing="drop"`` has no rows for the dropped comments, so
        pass the comments themselves to drop rows here.
    scores : array-like of int
        One answer per row: 0-10 for ``"nps"``, 1-5 for ``"csat"`` (top-2-box),
        1-7 for ``"ces"`` (CES 2.0, 5-7 = easy).
    metric : {"nps", "csat", "ces"}, default "nps"
        The score compared.
    lexicon : Lexicon, mapping, or None
        Used only when ``texts_or_tags`` holds comments; None for the default.
    correction : {"holm", "bh"} or None, default "holm"
        p-value adjustment across themes (see :func:`adjust_p_values`).
    ci : str or None, default None
        Interval of each difference: for NPS ``"adjusted-wald"`` (the default)
        or ``"wald"``, as in :func:`~expectations.compare_nps`; for CSAT and
        CES ``"agresti-caffo"`` (the default), ``"newcombe"`` or ``"wald"``, as
        in :func:`~expectations.compare_proportions`.
    confidence : float, default 0.95
        Coverage of the interval of each difference.
    missing : {"raise", "drop"}, default "raise"
        Missing scores or comments: raise, or drop those rows (counted in
        ``DataFrame.attrs["n_dropped"]``).
    test : {"z", "permutation"}, default "z"
        The test of each theme: the z-test of the comparison functions, or a
        permutation test of the difference (exact when small).
    rng : int, numpy.random.Generator or None
        Seed or generator for sampled permutation tests; unused otherwise.
    n_resamples : int, default 10000
        Draws of a sampled permutation test.
    data : data frame, optional
        A frame holding the columns: ``texts_or_tags`` and ``scores`` are then
        column names (``texts_or_tags`` of the comments). Any frame narwhals
        accepts (pandas, Polars eager or lazy, PyArrow, DuckDB, Dask, PySpark)
        or :func:`~expectations.scan` of files; the columns are read from it
        (see the guide page "Scale").

    Returns
    -------
    pandas.DataFrame
        One row per theme (index ``theme``) with the columns
        :data:`THEME_IMPACT_COLUMNS`, sorted by ``difference`` (most negative —
        the themes that drag the score down — first; themes never or always
        mentioned, whose difference is undefined, last). ``mentions`` and
        ``share`` count the scored comments that mention the theme;
        ``difference = score_mentioned - score_not_mentioned``, in NPS points or
        percentage points. ``attrs`` holds ``metric``, ``n`` (comments
        compared), ``n_dropped`` (rows dropped for a missing score or
        comment; empty comments are not dropped, only left out of ``n``) and
        ``test``.

    Raises
    ------
    InvalidScoreError
        Scores off the metric's scale; comments that are not text; a missing
        score or comment with ``missing="raise"``.
    LengthMismatchError
        ``scores`` not as long as the comments.
    InsufficientDataError
        No comment with text and a score.
    InvalidParameterError
        Unknown ``metric``, ``correction``, ``ci`` or ``test``; a bad ``rng``
        or ``n_resamples``; a lexicon together with tags.
    SchemaError
        A tag table with non-boolean columns.

    Warns
    -----
    SmallSampleWarning
        If a theme is mentioned in (or missing from) fewer than 30 comments,
        some but not all.

    Notes
    -----
    Only rows with a comment with text take part. For NPS the comparison is
    that of :func:`~expectations.compare_nps` (by default the adjusted Wald
    interval, pseudo-counts 3/8, 3/4, 3/8 per side, and its z); for CSAT and
    CES that of :func:`~expectations.compare_proportions` (by default the
    Agresti-Caffo interval, and the pooled z). Both are computed for all
    themes at once. A theme mentioned by a handful of comments is not declared
    different on noise: four comments, all from detractors, among 300 give
    p = 0.004 with the permutation test, about 1e-4 with the z-test, and about
    1e-145 with the plain Wald z (``ci="wald"``). A theme is an observational
    grouping: a negative difference says the theme goes with lower scores, not
    that it causes them.

    Examples
    --------
    >>> import expectations.datasets as data
    >>> r = data.load_retail().responses
    >>> impact = theme_impact(r["comment"], r["nps"], metric="nps", missing="drop")
    >>> impact[["mentions", "difference", "p_adjusted"]].round(1).head(3)
                             mentions  difference  p_adjusted
    theme
    reliability_of_promises      1179       -84.8         0.0
    delivery                     1622       -52.2         0.0
    price_and_fees                852       -44.4         0.0
    >>> impact.columns.tolist() == list(THEME_IMPACT_COLUMNS)
    True
    >>> same = theme_impact("comment", "nps", metric="nps", missing="drop", data=r)
    >>> same.equals(impact)
    True
    """
    v.check_option(metric, "metric", METRICS)
    v.check_option(correction, "correction", (*CORRECTIONS, None))
    methods = NPS_DIFFERENCE_METHODS if metric == "nps" else SHARE_DIFFERENCE_METHODS
    v.check_option(ci, "ci", (*methods, None))
    method = methods[0] if ci is None else ci
    confidence = v.check_confidence(confidence)
    v.check_option(missing, "missing", ("raise", "drop"))
    v.check_option(test, "test", TESTS)
    generator = v.check_rng(rng)
    resamples = check_resamples(n_resamples)
    tags, has_text, text_missing, themes = _tags_and_mask(texts_or_tags, lexicon, missing)
    n_rows = tags.shape[0]
    if metric == "nps":
        low, high, what = 0, 10, "for NPS"
    else:
        scale = CSAT_SCALE if metric == "csat" else CES_SCALE
        low, high, what = int(scale.low), int(scale.high), f"for {metric.upper()}"
    read = integer_scores(scores, "scores", low, high, missing=missing, what=what)
    n_scores = int(read.codes.size) + read.n_dropped
    if n_scores != n_rows:
        raise LengthMismatchError(
            f"scores must be the same length as the comments ({n_rows}); got {n_scores}."
        )
    keep = np.ones(n_rows, dtype=bool) if read.keep is None else read.keep
    answers = np.full(n_rows, -1, dtype=np.intp)
    answers[keep] = np.asarray(read.codes, dtype=np.intp)
    rows = keep & ~text_missing
    used = rows & has_text
    n_dropped = int(np.count_nonzero(~rows))
    if not used.any():
        raise InsufficientDataError(
            "texts_or_tags must hold at least one comment with text and a score; got none."
        )
    mentioned = tags[used].astype(np.float64)
    answers = answers[used]
    if metric == "nps":
        categories = (answers >= 7).astype(np.intp) + (answers >= 9)
        onehot = np.eye(3)[categories]
        with_theme = mentioned.T @ onehot
        without = onehot.sum(axis=0) - with_theme
        compared = nps_difference(with_theme, without, method=method, confidence=confidence)
        values = np.array([-1.0, 0.0, 1.0])
    else:
        box_from = 4 if metric == "csat" else 5
        success = (answers + low >= box_from).astype(np.float64)
        n_theme = mentioned.sum(axis=0)
        x_with = mentioned.T @ success
        x_without, n_without = success.sum() - x_with, float(success.size) - n_theme
        compared = share_difference(x_with, n_theme, x_without, n_without, method=method,
                                    confidence=confidence)
        with_theme = np.stack([n_theme - x_with, x_with], axis=1)
        without = np.stack([n_without - x_without, x_without], axis=1)
        values = np.array([0.0, 1.0])
    n_with = with_theme.sum(axis=1)
    smaller = np.minimum(n_with, without.sum(axis=1))
    warn_small_sides(smaller[smaller > 0], "theme_impact", stacklevel=3)
    p_value = compared["p_value"]
    if test == "permutation":
        p_value = permutation_p_values(with_theme, without, values, rng=generator,
                                       n_resamples=resamples)
    n_used = int(np.count_nonzero(used))
    with np.errstate(divide="ignore", invalid="ignore"):
        share = 100.0 * n_with / n_used
    table = pd.DataFrame({
        "mentions": n_with.astype(np.int64),
        "share": share,
        "n_not_mentioned": (n_used - n_with).astype(np.int64),
        "score_mentioned": compared["score_a"],
        "score_not_mentioned": compared["score_b"],
        "difference": compared["difference"],
        "std_error": compared["std_error"],
        "ci_low": compared["ci_low"],
        "ci_high": compared["ci_high"],
        "ci_method": method,
        "confidence": confidence,
        "z": compared["z"],
        "p_value": p_value,
        "p_adjusted": adjust_p_values(p_value, correction),
        "correction": correction,
    }, index=themes)
    out: pd.DataFrame = table.sort_values("difference", kind="stable", na_position="last")
    out.attrs.update({"metric": metric, "n": n_used, "n_dropped": n_dropped, "test": test})
    return out
