"""Tokenizer: normalisation, words, and the bulk token stream."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import expectations.voice.tokenize as tk
from expectations.errors import InvalidScoreError

LATIN = st.text(st.sampled_from(list("abcdeéèêëiïoôuüçñßAÉZ '\u2019-.,!0123456789")), max_size=40)


@pytest.mark.parametrize(("text", "expected"), [
    ("Déçu", "decu"),
    ("STRASSE", "strasse"),
    ("Straße", "strasse"),
    ("ﬁne", "fine"),
    ("\uff26\uff55\uff4c\uff4c", "full"),
    ("Rückerstattung", "ruckerstattung"),
    ("plain ascii", "plain ascii"),
])
def test_normalize_folds_case_accents_and_compatibility_forms(text: str, expected: str) -> None:
    """Normalize casefolds, decomposes (NFKD) and drops combining marks."""
    assert tk.normalize(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Late delivery!!", ["late", "delivery"]),
    ("l'application", ["l", "application"]),
    ("won't", ["wont"]),
    ("customer\u2019s order", ["customers", "order"]),
    ("on_hold", ["on", "hold"]),
    ("2 days", ["2", "days"]),
    ("¡Gracias!", ["gracias"]),
    ("", []),
])
def test_tokenize_splits_on_non_letters_and_joins_contractions(text: str,
                                                                expected: list[str]) -> None:
    """Words are runs of letters and digits; apostrophes split except in contractions."""
    assert tk.split_words(text) == expected


@settings(max_examples=50)
@given(LATIN)
def test_normalize_is_idempotent(text: str) -> None:
    """Normalising twice changes nothing."""
    once = tk.normalize(text)
    assert tk.normalize(once) == once


@settings(max_examples=50)
@given(LATIN)
def test_tokenize_ignores_case(text: str) -> None:
    """Upper-casing a text does not change its words."""
    assert tk.split_words(text.upper()) == tk.split_words(text)


def _words_by_row(stream: tk.TokenStream) -> list[list[str]]:
    out: list[list[str]] = [[] for _ in range(stream.n_rows)]
    for row, word in zip(stream.rows.tolist(), stream.vocabulary[stream.codes].tolist(),
                         strict=True):
        out[row].append(word)
    return out


@settings(max_examples=40)
@given(st.lists(st.one_of(st.none(), LATIN), max_size=12))
def test_token_stream_matches_tokenize_row_by_row(texts: list[str | None]) -> None:
    """The bulk stream holds exactly split_words(text) for each comment, in order."""
    stream = tk.token_stream(texts)
    expected = [tk.split_words(t) if t is not None else [] for t in texts]
    assert _words_by_row(stream) == expected
    assert stream.missing.tolist() == [t is None for t in texts]
    assert stream.empty.tolist() == [t is not None and not w for t, w in zip(texts, expected,
                                                                             strict=True)]


@settings(max_examples=40)
@given(st.lists(st.one_of(st.none(), LATIN), max_size=12))
def test_pandas_fallback_gives_the_same_stream(texts: list[str | None]) -> None:
    """Without pyarrow, the pandas split/explode path yields the same words."""
    values = tk.text_values(texts, "texts")
    missing = np.asarray(pd.isna(values), dtype=bool)
    fast = tk._stream(values, missing)
    slow = tk._stream(values, missing, splitter=tk._split_whitespace_pandas)
    assert _words_by_row(fast) == _words_by_row(slow)
    assert fast.empty.tolist() == slow.empty.tolist()


@pytest.mark.parametrize("texts", [
    pd.Series(["a", None, "b"], dtype="string"),
    pd.Series(["a", np.nan, "b"], dtype=object),
    np.array(["a", None, "b"], dtype=object),
    ["a", pd.NA, "b"],
    pd.Series(["a", None, "b"], dtype="category"),
])
def test_text_values_accepts_text_with_missing(texts: object) -> None:
    """Lists, arrays and Series (string, object, categorical) with missing values are read."""
    stream = tk.token_stream(texts)
    assert stream.missing.tolist() == [False, True, False]


@pytest.mark.parametrize(("texts", "first", "position"), [
    (["ok", 3, "fine"], "3", "1"),
    (["ok", "fine", b"bytes"], "b'bytes'", "2"),
    (pd.Series([1.5, 2.0]), "1.5", "0"),
    (["ok", True], "True", "1"),
])
def test_non_text_comments_name_value_and_position(texts: object, first: str,
                                                   position: str) -> None:
    """A comment that is not text raises InvalidScoreError naming it and its position."""
    with pytest.raises(InvalidScoreError, match=rf"first: {first} at position {position}"):
        tk.token_stream(texts)


@pytest.mark.parametrize("texts", ["one string", None, 5, pd.DataFrame({"a": ["x"]}),
                                   [["nested"], ["lists"]]])
def test_not_one_dimensional_text_is_rejected(texts: object) -> None:
    """A bare string, None, a number, a DataFrame or a 2-D list is not a column of comments."""
    with pytest.raises(InvalidScoreError):
        tk.token_stream(texts)


def test_caller_data_is_not_modified() -> None:
    """Tokenising leaves the caller's Series untouched."""
    texts = pd.Series(["Late!", None])
    before = texts.copy()
    tk.token_stream(texts)
    pd.testing.assert_series_equal(texts, before)


@settings(max_examples=40)
@given(st.lists(st.one_of(st.none(), LATIN), max_size=12))
def test_arrow_string_series_gives_the_same_stream(texts: list[str | None]) -> None:
    """An Arrow-backed string Series is tokenised exactly like the same list."""
    as_list = tk.token_stream(texts)
    as_arrow = tk.token_stream(pd.Series(texts, dtype=pd.StringDtype("pyarrow")))
    as_python = tk.token_stream(pd.Series(texts, dtype=pd.StringDtype("python")))
    for other in (as_arrow, as_python):
        assert _words_by_row(other) == _words_by_row(as_list)
        assert other.missing.tolist() == as_list.missing.tolist()
        assert other.empty.tolist() == as_list.empty.tolist()
