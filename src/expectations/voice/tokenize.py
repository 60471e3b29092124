r"""The tokenizer behind every voice-of-the-customer function.

One definition of a *word* serves theme tagging, distinctive terms and the
lexicon, so that a term written in a lexicon matches the same words in the
comments.

Normalisation (:func:`normalize`), in this order:

1. ``str.casefold`` — case-insensitive, including ``ß`` → ``ss``;
2. Unicode NFKD decomposition — ``é`` becomes ``e`` plus a combining accent,
   ligatures such as ``ﬁ`` become ``fi``, full-width letters become ASCII;
3. every combining mark (``unicodedata.combining(ch) != 0``) is removed, so
   ``é``, ``è``, ``ê`` and ``e`` all read as ``e`` and ``ü`` as ``u``.

Pure-ASCII text takes a fast path (``str.lower``, which equals ``casefold``
there). The folding is designed for scripts written with letters and
diacritics (Latin, Greek, Cyrillic); it removes every combining mark, which in
some other scripts changes a word's meaning — but the lexicon is folded the
same way, so matching stays consistent.

Words (:func:`split_words`): maximal runs of Unicode letters and digits in the
normalised text — Python's ``[^\W_]+`` (``\w`` without the underscore).
Everything else separates words: spaces, punctuation, underscores and
apostrophes, so ``l'application`` gives ``l`` and ``application`` (the
default stopwords drop such one-letter fragments) — except that an apostrophe
(``'``, or the right single quotation mark U+2019) between a letter and an
English contraction ending (``s``, ``t``, ``d``, ``m``, ``re``, ``ve``, ``ll``)
is removed, so ``won't`` gives ``wont`` and ``customer's`` gives ``customers``.
Numbers are kept as words (``"2 days"`` can be a lexicon phrase);
:func:`~expectations.voice.terms.distinctive_terms` leaves out words made only
of digits.

Comments are tokenised in bulk: split on whitespace in C (pyarrow when it is
installed, pandas ``str.split`` + ``explode`` otherwise), then each *distinct*
whitespace-separated chunk is normalised once, so the Python-level work grows
with the vocabulary, not with the number of comments.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations._validation import text_conversion
from expectations.errors import InvalidScoreError, format_message

__all__ = ["DEFAULT_STOPWORDS", "TokenStream", "normalize", "split_words", "token_stream"]

IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]

_WORD = re.compile(r"[^\W_]+")
# An apostrophe between a letter and an English contraction ending joins the
# two, so that "won't" reads "wont" and keeps its negation.
_CONTRACTION = re.compile(r"(?<=[^\W\d_])['\u2019](?=(?:s|t|d|m|re|ve|ll)\b)")

#: A small stopword list — English plus the commonest French, Spanish and German
#: function words, already normalised (no accents), and the one-letter
#: fragments left by apostrophes. Negations ("not", "no", "never", "nicht",
#: "pas", "nunca") are deliberately *not* stopwords: they carry the complaint.
DEFAULT_STOPWORDS: frozenset[str] = frozenset(
    """
    a an the and or but if of to in on at by for from with as is are was were be been
    being am it its this that these those i me my we our you your he she they them their
    his her him do does did so than then there here what which who whom will would can
    could should have has had just also very too s t d l m re ve ll when where while
    about into out up le la les un une des du de et ou est en au aux je tu il elle nous
    vous ils ce qui que a y el los las una unos unas del al es y o que lo se por con
    para su mi der die das den dem des ein eine einen und oder ist war zu mit fur von
    ich es sie wir auf im
    """.split()  # noqa: SIM905 - a word list reads better as text
)


def normalize(text: str) -> str:
    """Fold case and accents: casefold, NFKD, then drop combining marks.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The normalised text (see the module notes). Idempotent.

    Examples
    --------
    >>> normalize("Livraison très en RETARD, déçu")
    'livraison tres en retard, decu'
    >>> normalize("Straße"), normalize("ﬁne")
    ('strasse', 'fine')
    """
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def split_words(text: str) -> list[str]:
    """Split one text into normalised words (letters and digits).

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    list of str
        The words, in order; apostrophes, punctuation and underscores separate
        words.

    Examples
    --------
    >>> split_words("L'application a planté 2 fois… Won\u2019t order_again!")
    ['l', 'application', 'a', 'plante', '2', 'fois', 'wont', 'order', 'again']
    """
    return _WORD.findall(_CONTRACTION.sub("", normalize(text)))


@attrs.frozen(kw_only=True)
class TokenStream:
    """Every word of every comment, as integer codes in reading order.

    Attributes
    ----------
    vocabulary : numpy.ndarray of object
        The distinct normalised words; ``codes`` index into it.
    codes : numpy.ndarray of intp
        The word code of each token, comment after comment, in reading order.
    rows : numpy.ndarray of intp
        The comment (row position) of each token; non-decreasing.
    missing : numpy.ndarray of bool
        Rows whose comment is missing (None, NaN, ``pd.NA``).
    empty : numpy.ndarray of bool
        Rows whose comment is present but holds no word (``""``, ``"  "``, ``"!!"``).
    """

    vocabulary: npt.NDArray[np.object_] = attrs.field(eq=False, repr=False)
    codes: IntArray = attrs.field(eq=False, repr=False)
    rows: IntArray = attrs.field(eq=False, repr=False)
    missing: BoolArray = attrs.field(eq=False, repr=False)
    empty: BoolArray = attrs.field(eq=False, repr=False)

    @property
    def n_rows(self) -> int:
        """How many comments (rows) there are, missing ones included."""
        return int(self.missing.size)

    @property
    def has_text(self) -> BoolArray:
        """Rows with at least one word."""
        return ~(self.missing | self.empty)


def text_values(texts: object, name: str) -> npt.NDArray[np.object_]:
    """Check ``texts`` is a 1-D array-like of strings or missing values.

    Returns an object array (a new one; the caller's data is not touched)
    whose items are ``str`` or missing (None, NaN, ``pd.NA``).

    Raises
    ------
    InvalidScoreError
        If an item is neither text nor missing (numbers, bytes, booleans), naming
        the first one and its position, or if ``texts`` is not one-dimensional.

    Examples
    --------
    >>> text_values(["ok", None], "texts").tolist()
    ['ok', None]
    >>> text_values(["ok", 3], "texts")
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidScoreError: texts must be text (str) or missing; 1 value is not
    (first: 3 at position 1). Convert them with .astype(str), or set them to missing.
    """
    if texts is None or isinstance(texts, (str, bytes, dict, pd.DataFrame)):
        raise InvalidScoreError(
            format_message(name, "a one-dimensional array-like of text",
                           fix=f"Got {type(texts).__name__}; pass a list or a Series.")
        )
    if isinstance(texts, (pd.Series, pd.Index)):
        values: npt.NDArray[np.object_] = np.array(texts.astype(object), dtype=np.object_)
    else:
        try:
            items = texts if isinstance(texts, np.ndarray) else list(texts)  # type: ignore[call-overload]
            values = np.array(items, dtype=object)
        except (TypeError, ValueError) as exc:
            raise InvalidScoreError(
                format_message(name, "a one-dimensional array-like of text",
                               fix=f"It could not be read as an array ({exc}).")
            ) from exc
    if values.ndim != 1:
        raise InvalidScoreError(
            format_message(name, "one-dimensional",
                           fix=f"Got an array of shape {values.shape}; pass one column.")
        )
    if pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
        # Only on the error path: find the first item that is neither text nor missing.
        bad = np.fromiter(
            (not (isinstance(x, str) or _is_missing(x)) for x in values),
            dtype=bool, count=values.size)
        positions = np.flatnonzero(bad)
        first = values[positions[0]]
        raise InvalidScoreError(
            format_message(name, "text (str) or missing", count=int(positions.size),
                           first=first.item() if isinstance(first, np.generic) else first,
                           position=int(positions[0]),
                           fix="Convert them with .astype(str), or set them to missing.")
        )
    return values


def _is_missing(x: object) -> bool:
    if x is None or x is pd.NA:
        return True
    return isinstance(x, float) and x != x


def _split_whitespace(values: Any) -> tuple[IntArray, IntArray, list[str]]:
    """Split every comment on whitespace: chunk codes, their rows, distinct chunks."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:  # pragma: no cover - pyarrow is optional
        return _split_whitespace_pandas(values)
    array = pa.array(values, from_pandas=True)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        array = array.cast(pa.large_string())
    lists = pc.utf8_split_whitespace(array)
    rows = np.asarray(pc.list_parent_indices(lists), dtype=np.intp)
    encoded = pc.dictionary_encode(pc.list_flatten(lists))
    codes = np.asarray(encoded.indices, dtype=np.intp)
    return codes, rows, encoded.dictionary.to_pylist()


def _split_whitespace_pandas(values: npt.NDArray[np.object_],
                             ) -> tuple[IntArray, IntArray, list[str]]:
    """Do what :func:`_split_whitespace` does with pandas only (no pyarrow)."""
    series = pd.Series(values, dtype=object)
    has = series.notna().to_numpy()
    chunks = series[has].str.split().explode()
    chunks = chunks[chunks.notna()]
    rows = np.asarray(chunks.index, dtype=np.intp)
    codes, uniques = pd.factorize(chunks.to_numpy(dtype=object))
    return np.asarray(codes, dtype=np.intp), rows, [str(u) for u in uniques]


def token_stream(texts: object, name: str = "texts", *,
                 missing: str | None = None) -> TokenStream:
    """Tokenise many comments at once into a :class:`TokenStream`.

    Parameters
    ----------
    texts : array-like of str
        Comments; missing values (None, NaN, ``pd.NA``) are marked in
        :attr:`TokenStream.missing`.
    name : str
        The argument's name, for error messages.
    missing : {"raise", "drop"} or None, default None
        The caller's missing-data policy: ``"raise"`` raises on the first
        missing comment; ``"drop"`` and None only mark them (the caller drops
        and counts them).

    Returns
    -------
    TokenStream

    Raises
    ------
    InvalidScoreError
        An item that is neither text nor missing, or, with ``missing="raise"``,
        a missing comment.

    Examples
    --------
    >>> ts = token_stream(["Late delivery!", None, "", "Très bien"])
    >>> ts.vocabulary[ts.codes].tolist(), ts.rows.tolist()
    (['late', 'delivery', 'tres', 'bien'], [0, 0, 3, 3])
    >>> ts.missing.tolist(), ts.empty.tolist()
    ([False, True, False, False], [False, False, True, False])
    >>> token_stream(["ok", None], missing="raise")
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidScoreError: texts must be present (not None, NaN or missing);
    1 value is not (first: None at position 1). Drop them, fill them with "" to keep them
    as empty comments, or pass missing="drop" to drop and count them.
    """
    if (isinstance(texts, pd.Series) and isinstance(texts.dtype, pd.StringDtype)
            and texts.dtype.storage == "pyarrow"):
        # Already Arrow strings: hand them to pyarrow as they are, without
        # building a Python object per comment. The dtype guarantees text or NA.
        absent: BoolArray = np.asarray(texts.isna(), dtype=bool)
        if missing == "raise":
            _raise_on_missing(absent, np.asarray(texts.iloc[:0]), name)
        return _stream(texts.array, absent)
    values = text_values(texts, name)
    absent = np.asarray(pd.isna(values), dtype=bool)
    if missing == "raise":
        _raise_on_missing(absent, values, name)
    # pyarrow refuses a lone surrogate; the error names the comment holding it.
    with text_conversion(values, name):
        return _stream(values, absent)


def _raise_on_missing(absent: BoolArray, values: npt.NDArray[Any], name: str) -> None:
    """Raise the missing-data error for the first missing comment, if any."""
    positions = np.flatnonzero(absent)
    if positions.size == 0:
        return
    # Arrow-backed strings are not materialised: their missing value is always pd.NA.
    first = values[positions[0]] if values.size else pd.NA
    raise InvalidScoreError(
        format_message(name, "present (not None, NaN or missing)", count=int(positions.size),
                       first=first, position=int(positions[0]),
                       fix='Drop them, fill them with "" to keep them as empty comments, '
                           'or pass missing="drop" to drop and count them.')
    )


def _stream(values: Any, missing: BoolArray, splitter: Any = None) -> TokenStream:
    chunk_codes, chunk_rows, chunks = (splitter or _split_whitespace)(values)
    # Normalise each distinct chunk once; a chunk may hold several words
    # ("late,damaged", "l'app") or none ("--").
    words_of_chunk = [split_words(chunk) for chunk in chunks]
    n_words = np.fromiter((len(w) for w in words_of_chunk), dtype=np.intp,
                          count=len(words_of_chunk))
    flat = [word for words in words_of_chunk for word in words]
    flat_codes_raw, vocabulary = pd.factorize(np.array(flat, dtype=object))
    flat_codes = np.asarray(flat_codes_raw, dtype=np.intp)
    starts = np.cumsum(n_words) - n_words
    if n_words.size and (n_words == 1).all():
        codes = flat_codes[chunk_codes]
        rows = chunk_rows
    else:
        per_token = n_words[chunk_codes]
        rows = np.repeat(chunk_rows, per_token)
        offsets = np.cumsum(per_token) - per_token
        within = np.arange(int(per_token.sum()), dtype=np.intp) - np.repeat(offsets, per_token)
        codes = flat_codes[np.repeat(starts[chunk_codes], per_token) + within]
    n = missing.size
    words_per_row = np.bincount(rows, minlength=n)
    empty = (words_per_row == 0) & ~missing
    vocab: npt.NDArray[np.object_] = np.asarray(vocabulary, dtype=object)
    return TokenStream(vocabulary=vocab, codes=codes, rows=rows, missing=missing, empty=empty)
