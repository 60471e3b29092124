r"""Words and phrases that distinguish one group's comments from another's.

:func:`distinctive_terms` ranks words and short phrases by the log-odds ratio
with an informative Dirichlet prior of Monroe, Colaresi & Quinn (2008) — the
"Fightin' Words" statistic — a way to discover what detractors talk about that
promoters do not, including themes no lexicon holds yet.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _grouping
from expectations import _validation as v
from expectations._align import aligned
from expectations.errors import InsufficientDataError, InvalidParameterError, format_message
from expectations.voice.tokenize import DEFAULT_STOPWORDS, normalize, token_stream

__all__ = ["DISTINCTIVE_TERMS_COLUMNS", "distinctive_terms"]

IntArray = npt.NDArray[np.intp]
FloatArray = npt.NDArray[np.float64]

#: Columns of :func:`distinctive_terms`, in order.
DISTINCTIVE_TERMS_COLUMNS: tuple[str, ...] = (
    "favours", "n_words", "count_target", "count_reference", "log_odds", "std_error", "z",
)

_MAX_NGRAM = 3


def _check_ngram(ngram: object) -> tuple[int, int]:
    pair: tuple[Any, ...] = ngram if isinstance(ngram, tuple) else ()
    ok = (len(pair) == 2
          and all(isinstance(x, int) and not isinstance(x, bool) for x in pair)
          and 1 <= pair[0] <= pair[1] <= _MAX_NGRAM)
    if not ok:
        raise InvalidParameterError(
            format_message("ngram", f"a (min, max) pair of integers with 1 <= min <= max <= "
                                    f"{_MAX_NGRAM}", fix=f"Got {ngram!r}; (1, 2) counts words "
                                                         "and two-word phrases.")
        )
    return int(pair[0]), int(pair[1])


def _check_prior(prior: object) -> float | None:
    """Return the constant prior, or None for the corpus prior."""
    if prior == "corpus" and isinstance(prior, str):
        return None
    if (isinstance(prior, (int, float)) and not isinstance(prior, bool)
            and np.isfinite(prior) and prior > 0):
        return float(prior)
    raise InvalidParameterError(
        format_message("prior", "'corpus' or a positive number",
                       fix=f"Got {prior!r}; 0.01 is a common uninformative value.")
    )


def _check_top(top: object) -> int:
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise InvalidParameterError(
            format_message("top", "a positive integer", fix=f"Got {top!r}.")
        )
    return int(top)


def _ngrams(codes: IntArray, rows: IntArray, vocab_size: int, length: int,
            ) -> tuple[IntArray, IntArray, list[tuple[int, ...]]]:
    """Every run of ``length`` consecutive words within one comment.

    Returns the start position of each run, an id per distinct run, and the
    word codes of each distinct run.
    """
    starts = np.arange(codes.size - length + 1, dtype=np.intp)
    starts = starts[rows[starts + length - 1] == rows[starts]]
    key = codes[starts].astype(np.int64)
    keys: list[IntArray] = [codes[starts]]
    for j in range(1, length):
        # Factorise after each step so that the combined key never overflows.
        key, _ = pd.factorize(key * vocab_size + codes[starts + j])
        key = key.astype(np.int64)
        keys.append(codes[starts + j])
    ids, uniques = pd.factorize(key)
    first = np.zeros(len(uniques), dtype=np.intp)
    first[ids] = np.arange(ids.size, dtype=np.intp)  # any occurrence: all spell the same
    words = list(zip(*(k[first].tolist() for k in keys), strict=True))
    return starts, np.asarray(ids, dtype=np.intp), words


@aligned("texts", "groups")
def distinctive_terms(texts: object, groups: object, *, target: object = None,
                      top: int = 20, prior: float | str = "corpus",
                      ngram: tuple[int, int] = (1, 2),
                      stopwords: Collection[str] | None = DEFAULT_STOPWORDS,
                      missing: v.MissingPolicy = "raise", data: object = None) -> pd.DataFrame:
    r"""Find the words and phrases most distinctive of one group's comments against another's.

    Parameters
    ----------
    texts : array-like of str
        Comments; empty ones add no terms, missing ones follow ``missing``.
    groups : array-like
        One label per comment, for example ``classify_nps(scores)``.
    target : label, optional
        Compare this group with all the others pooled (the *reference*).
        Without it, ``groups`` must hold exactly two labels: the first in
        sorted (or categorical) order is the target, the second the reference.
    top : int, default 20
        How many terms to return for each side.
    prior : "corpus" or float, default "corpus"
        The Dirichlet prior ``alpha_w``. ``"corpus"``: informative, ``alpha_w`` = the
        term's count in both groups together, which shrinks rare terms
        strongly towards "no difference". A number: the same ``alpha_w`` for every
        term (0.01 is a common uninformative choice).
    ngram : (int, int), default (1, 2)
        Shortest and longest phrases counted, in words (at most 3).
    stopwords : collection of str or None, default DEFAULT_STOPWORDS
        Words left out (normalised like the comments before use). A phrase is
        left out when it starts or ends with a stopword, so ``"value for
        money"`` is kept and ``"on time"`` is not (add ``"on time"`` to a
        lexicon instead). None keeps everything.
    missing : {"raise", "drop"}, default "raise"
        Missing comments or group labels: raise, or drop those comments
        (counted in ``attrs["n_dropped"]``).
    data : data frame, optional
        A frame holding the columns: ``texts`` and ``groups`` are then column
        names. Any frame narwhals accepts (pandas, Polars eager or lazy,
        PyArrow, DuckDB, Dask, PySpark) or :func:`~expectations.scan` of
        files; the columns are read from it (see the guide page "Scale").

    Returns
    -------
    pandas.DataFrame
        Indexed by ``term``, with the columns :data:`DISTINCTIVE_TERMS_COLUMNS`:
        first the (up to) ``top`` terms most distinctive of the target, by
        decreasing ``z``, then those most distinctive of the reference, by
        increasing ``z``. ``favours`` is ``"target"`` or ``"reference"``,
        ``n_words`` the phrase length, ``count_*`` the term's occurrences in
        each group, ``log_odds`` the estimate ``delta`` (target minus reference),
        ``std_error`` its ``sqrt(var)`` and ``z = delta / sqrt(var)``. ``attrs`` records the
        ``target`` and ``reference`` labels, ``n_target`` and
        ``n_reference`` (term occurrences), and ``n_dropped``.

    Raises
    ------
    InvalidScoreError
        Comments that are neither text nor missing, or a missing comment with
        ``missing="raise"``.
    LengthMismatchError
        ``groups`` not as long as ``texts``.
    InvalidParameterError
        Not exactly two groups without ``target``, a ``target`` that is not a
        group, or invalid ``top``, ``prior`` or ``ngram``.
    InsufficientDataError
        A side with no terms left to count.

    Notes
    -----
    With ``y_w^a`` and ``y_w^b`` the counts of term ``w`` in the target and
    reference comments, ``n^a`` and ``n^b`` the total counts of all terms
    (words and phrases counted together), prior ``alpha_w`` and
    ``alpha_0 = sum_w alpha_w``,
    Monroe et al. (2008, eqs. 16, 18-20, 22) give

    .. math::

        \hat\delta_w = \log\frac{y_w^a + \alpha_w}{n^a + \alpha_0 - y_w^a - \alpha_w}
                     - \log\frac{y_w^b + \alpha_w}{n^b + \alpha_0 - y_w^b - \alpha_w},
        \qquad
        \sigma^2(\hat\delta_w) \approx \frac{1}{y_w^a + \alpha_w} + \frac{1}{y_w^b + \alpha_w},

    and terms are ranked by ``z = delta / sigma``. Words made only of digits are not
    counted. Tokens follow :mod:`expectations.voice.tokenize`.

    References
    ----------
    Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words:
    lexical feature selection and evaluation for identifying the content of
    political conflict. *Political Analysis* 16(4), 372-403.

    Examples
    --------
    >>> import expectations.datasets as data
    >>> from expectations.scoring import classify_nps
    >>> r = data.load_retail().responses.dropna(subset=["nps"])
    >>> kind = classify_nps(r["nps"].astype(int))
    >>> terms = distinctive_terms(r["comment"], kind, target="detractor", top=5,
    ...                           missing="drop")
    >>> terms.columns.tolist() == list(DISTINCTIVE_TERMS_COLUMNS)
    True
    >>> terms[terms["favours"] == "target"].index.tolist()
    ['late', 'again', 'parcel', 'wont', 'wont order']
    """
    v.check_option(missing, "missing", ("raise", "drop"))
    top = _check_top(top)
    alpha = _check_prior(prior)
    low_n, high_n = _check_ngram(ngram)
    stream = token_stream(texts, "texts", missing=missing)
    grouping = _grouping.factorize(groups, stream.n_rows, name="groups", missing=missing)
    # Missing comments hold no words, so dropping them changes no count; a row
    # missing both its comment and its label is counted once.
    n_dropped = int(np.count_nonzero(stream.missing | ~grouping.keep))
    labels = list(grouping.index)
    if target is None:
        if len(labels) != 2:
            raise InvalidParameterError(
                format_message("groups", "exactly two labels when target is None",
                               fix=f"Got {len(labels)} ({labels[:5]!r}); pass target= to "
                                   "compare one group with all the others.")
            )
        target_code, target_label, reference_label = 0, labels[0], labels[1]
    else:
        matches = [i for i, label in enumerate(labels) if label == target]
        if not matches:
            raise InvalidParameterError(
                format_message("target", f"one of the groups {labels[:10]!r}",
                               fix=f"Got {target!r}.")
            )
        target_code, target_label = matches[0], labels[matches[0]]
        reference_label = "rest"
    row_side = np.where(grouping.codes == target_code, 0, 1)
    row_side[grouping.codes < 0] = -1
    vocab = stream.vocabulary
    stop = {normalize(s) for s in (stopwords or ())}
    excluded = np.fromiter((w in stop or w.isdigit() for w in vocab), dtype=bool,
                           count=vocab.size)
    counted = row_side[stream.rows] >= 0
    codes, rows = stream.codes[counted], stream.rows[counted]
    blocks: list[tuple[IntArray, IntArray, list[str], int]] = []
    for length in range(low_n, high_n + 1):
        if length == 1:
            keep = ~excluded[codes]
            present = np.unique(codes[keep])
            remap = np.full(vocab.size, -1, dtype=np.intp)
            remap[present] = np.arange(present.size)
            blocks.append((rows[keep], remap[codes[keep]], vocab[present].tolist(), 1))
            continue
        starts, ids, words = _ngrams(codes, rows, vocab.size, length)
        first_last = np.array([(w[0], w[-1]) for w in words], dtype=np.intp).reshape(-1, 2)
        usable = ~(excluded[first_last[:, 0]] | excluded[first_last[:, 1]])
        keep = usable[ids]
        present = np.flatnonzero(usable)
        remap = np.full(len(words), -1, dtype=np.intp)
        remap[present] = np.arange(present.size)
        names = [" ".join(vocab[list(words[i])]) for i in present]
        blocks.append((rows[starts[keep]], remap[ids[keep]], names, length))
    counts: list[FloatArray] = []
    terms: list[str] = []
    lengths: list[IntArray] = []
    for block_rows, block_ids, names, length in blocks:
        side = row_side[block_rows]
        table = np.bincount(block_ids * 2 + side, minlength=2 * len(names))
        counts.append(table.reshape(-1, 2).astype(np.float64))
        terms.extend(names)
        lengths.append(np.full(len(names), length, dtype=np.intp))
    y = np.concatenate(counts) if counts else np.zeros((0, 2))
    n_side = y.sum(axis=0)
    if not (n_side > 0).all():
        raise InsufficientDataError(
            format_message("texts", "non-empty in both groups after removing stopwords",
                           fix=f"Got {int(n_side[0])} terms in the target and "
                               f"{int(n_side[1])} in the reference.")
        )
    scored = _log_odds(y[:, 0], y[:, 1], alpha)
    out = pd.DataFrame({
        "favours": np.where(scored["z"] >= 0, "target", "reference"),
        "n_words": np.concatenate(lengths),
        "count_target": y[:, 0].astype(np.int64),
        "count_reference": y[:, 1].astype(np.int64),
        "log_odds": scored["delta"],
        "std_error": scored["std_error"],
        "z": scored["z"],
    }, index=pd.Index(terms, name="term"))
    up = out[out["z"] > 0].sort_values(["z", "count_target"], ascending=False,
                                       kind="stable").head(top)
    down = out[out["z"] < 0].sort_values(["z", "count_reference"], ascending=[True, False],
                                         kind="stable").head(top)
    result: pd.DataFrame = pd.concat([up, down])
    result.attrs.update({
        "target": target_label, "reference": reference_label,
        "n_target": int(n_side[0]), "n_reference": int(n_side[1]),
        "n_dropped": n_dropped,
    })
    return result


def _log_odds(y_a: FloatArray, y_b: FloatArray, alpha: float | None) -> dict[str, Any]:
    """Monroe et al. (2008) eq. 22 and its variance, for every term at once."""
    a_w = y_a + y_b if alpha is None else np.full(y_a.shape, alpha)
    a_0 = float(a_w.sum())
    n_a, n_b = float(y_a.sum()), float(y_b.sum())
    delta = (np.log((y_a + a_w) / (n_a + a_0 - y_a - a_w))
             - np.log((y_b + a_w) / (n_b + a_0 - y_b - a_w)))
    std_error = np.sqrt(1.0 / (y_a + a_w) + 1.0 / (y_b + a_w))
    return {"delta": delta, "std_error": std_error, "z": delta / std_error}
