"""tag_themes: a hand-labelled set, invariants, by=, and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from expectations.errors import (
    InsufficientDataError,
    InvalidParameterError,
    InvalidScoreError,
    LengthMismatchError,
)
from expectations.voice import THEME_COLUMNS, Lexicon, tag_themes

LEXICON = {
    "price": ["price", "hidden fee", "too expensive", "cheap*"],
    "delivery": ["delivery", "courier", "livraison", "lieferung", "on time"],
    "refund": ["refund*", "money back", "reembolso"],
    "staff": ["staff", "polite", "rude", "freundlich*"],
}

# Hand-labelled: each comment with the themes a careful reader (applying the
# documented rules: whole words, phrases, -s/-es/-ies plurals, prefix*) assigns.
LABELLED: list[tuple[object, set[str]]] = [
    ("The price was fair", {"price"}),
    ("PRICES went up again", {"price"}),                 # plural, case
    ("Priceless experience", set()),                     # whole words only
    ("Pricey for what it is", set()),                    # no stemming beyond plurals
    ("Hidden fees everywhere", {"price"}),               # phrase, plural last word
    ("hidden, fee?", {"price"}),                         # punctuation inside a phrase
    ("The fee was hidden", set()),                       # phrase words in order only
    ("Way too expensive!", {"price"}),
    ("cheaper elsewhere", {"price"}),                    # prefix
    ("Cheap", {"price"}),
    ("deliveries were late", {"delivery"}),              # y -> ies
    ("Délivery was fine", {"delivery"}),                 # accent in the comment
    ("LIVRAISON très rapide", {"delivery"}),
    ("Lieferung kam zu spät", {"delivery"}),
    ("the courier's van", {"delivery"}),                 # possessive reads as plural
    ("arrived on time", {"delivery"}),                   # two-word phrase
    ("on\ttime, again", {"delivery"}),                   # any whitespace
    ("time on my hands", set()),
    ("Refunded quickly", {"refund"}),                    # prefix
    ("I want my money back", {"refund"}),
    ("El reembolso tardó", {"refund"}),
    ("Staff were polite", {"staff"}),
    ("rude!!!", {"staff"}),
    ("Sehr freundliches Personal", {"staff"}),           # prefix, German
    ("staffing problems", set()),
    ("Polite staff, fair price, fast delivery, refund ok", {"staff", "price", "delivery",
                                                           "refund"}),
    ("", set()),
    ("   ", set()),
    ("!!!", set()),
    (None, set()),
    (np.nan, set()),
]
TEXTS = [text for text, _ in LABELLED]
# The comments that are not missing, with their labels: what missing="drop" keeps.
PRESENT = [(text, themes) for text, themes in LABELLED if isinstance(text, str)]
PRESENT_TEXTS = [text for text, _ in PRESENT]


def test_hand_labelled_comments_are_tagged_as_labelled() -> None:
    """Every hand-labelled comment gets exactly the themes a reader assigns."""
    result = tag_themes(TEXTS, LEXICON, missing="drop")
    got = [set(result.tags.columns[row]) for row in result.tags.to_numpy()]
    assert got == [themes for _, themes in PRESENT]


def test_missing_are_dropped_and_counted_and_empty_are_counted_not_tagged() -> None:
    """With missing="drop", missing comments are dropped and counted; word-less ones counted."""
    result = tag_themes(TEXTS, LEXICON, missing="drop")
    assert (result.n, result.n_dropped, result.n_empty) == (len(TEXTS) - 2, 2, 3)
    assert result.n_comments == len(TEXTS) - 5
    expected = {theme: sum(theme in labels for _, labels in LABELLED) for theme in LEXICON}
    assert result.counts["mentions"].to_dict() == expected
    assert result.counts.columns.tolist() == list(THEME_COLUMNS)
    np.testing.assert_allclose(result.counts["share"],
                               [100 * expected[t] / result.n_comments for t in LEXICON])


@pytest.mark.parametrize(("comment", "themes"), [
    ("Hidden fees at checkout.", {"price_and_fees", "website_and_app"}),
    ("Livraison très en retard, déçu.", {"delivery", "reliability_of_promises"}),
    ("El reembolso tardó demasiado.", {"returns_and_refunds", "wait_time"}),
    ("Die App stürzt beim Bezahlen ab.", {"website_and_app"}),
    ("Staff at the counter were rude.", {"staff_and_courtesy"}),
    ("It was fine.", set()),
])
def test_default_lexicon_tags_demo_comments(comment: str, themes: set[str]) -> None:
    """The default lexicon tags typical comments, including French, Spanish and German."""
    tags = tag_themes([comment]).tags
    assert set(tags.columns[tags.iloc[0].to_numpy()]) == themes


def test_series_index_is_kept() -> None:
    """The tags keep the index of a Series of comments."""
    texts = pd.Series(["cheap", "rude"], index=[10, 20])
    assert tag_themes(texts, LEXICON).tags.index.tolist() == [10, 20]


def test_by_counts_per_group_match_subsets() -> None:
    """With by=, each group's rows equal tag_themes on that group's comments alone."""
    groups = np.array(["web", "app", "store"] * 11)[: len(TEXTS)]
    table = tag_themes(TEXTS, LEXICON, by=groups, missing="drop")
    assert table.columns.tolist() == list(THEME_COLUMNS)
    assert table.index.names == [None, "theme"]
    for group in ("app", "store", "web"):
        alone = tag_themes([t for t, g in zip(TEXTS, groups, strict=True) if g == group],
                           LEXICON, missing="drop").counts
        pd.testing.assert_frame_equal(table.loc[group], alone, check_names=False)


def test_by_with_several_keys_and_dropped_keys() -> None:
    """Several keys give a (key1, key2, theme) index; missing keys are dropped and counted."""
    texts = ["cheap", "rude", "refund", "late delivery"]
    table = tag_themes(texts, LEXICON, by=[["a", "a", "b", None], [1, 2, 1, 1]],
                       missing="drop")
    assert table.index.nlevels == 3
    assert table.attrs["n_dropped_keys"] == 1
    assert int(table["mentions"].sum()) == 3


@st.composite
def _comment_and_variant(draw: st.DrawFn) -> tuple[str, str]:
    """Draw a comment, and the same comment with random case and accents."""
    pool = ["price", "hidden", "fee", "fees", "on", "time", "courier", "refund", "refunded",
            "staff", "polite", "cheaper", "money", "back", "the", "was", "and", "late"]
    words = draw(st.lists(st.sampled_from(pool), max_size=10))
    accents = str.maketrans({"e": "é", "a": "à", "o": "ô", "u": "ü", "i": "î", "c": "ç"})
    variant = []
    for word in words:
        if draw(st.booleans()):
            word = word.translate(accents)
        variant.append(draw(st.sampled_from([word, word.upper(), word.title()])))
    sep = draw(st.sampled_from([" ", ", ", "  ", " - "]))
    return " ".join(words), sep.join(variant)


@settings(max_examples=60)
@given(st.lists(_comment_and_variant(), min_size=1, max_size=8))
def test_tagging_ignores_case_and_accents(pairs: list[tuple[str, str]]) -> None:
    """Changing case, accents and separators between words never changes the tags."""
    plain = tag_themes([p for p, _ in pairs], LEXICON).tags.to_numpy()
    varied = tag_themes([q for _, q in pairs], LEXICON).tags.to_numpy()
    np.testing.assert_array_equal(plain, varied)


@settings(max_examples=40)
@given(st.permutations(range(len(PRESENT_TEXTS))))
def test_tagging_is_permutation_invariant(order: list[int]) -> None:
    """Shuffling comments shuffles their tags and leaves the counts unchanged."""
    base = tag_themes(PRESENT_TEXTS, LEXICON)
    shuffled = tag_themes([PRESENT_TEXTS[i] for i in order], LEXICON)
    np.testing.assert_array_equal(shuffled.tags.to_numpy(), base.tags.to_numpy()[order])
    pd.testing.assert_frame_equal(shuffled.counts, base.counts)


@settings(max_examples=40)
@given(st.lists(st.one_of(st.none(), st.text(max_size=30),
                          st.sampled_from([t for t in TEXTS if isinstance(t, str)])),
                max_size=20).filter(lambda texts: any(t is not None for t in texts)),
       st.lists(st.sampled_from(["a", "b", "c"]), min_size=20, max_size=20))
def test_shares_are_percentages(texts: list[str | None], keys: list[str]) -> None:
    """Shares and their interval bounds lie in [0, 100] (NaN only without comments)."""
    for table in (tag_themes(texts, LEXICON, missing="drop").counts,
                  tag_themes(texts, LEXICON, by=keys[: len(texts)], missing="drop")):
        values = table[["share", "ci_low", "ci_high"]].to_numpy(dtype=float)
        with_text = table["n_comments"].to_numpy() > 0
        assert ((values[with_text] >= 0) & (values[with_text] <= 100)).all()
        assert np.isnan(values[~with_text]).all()


def test_lexicon_object_and_dict_agree() -> None:
    """Passing a Lexicon or the same dict gives the same tags."""
    a = tag_themes(TEXTS, LEXICON, missing="drop").tags
    b = tag_themes(TEXTS, Lexicon(themes=LEXICON), missing="drop").tags
    pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize(("lexicon", "error", "match"), [
    ({}, InvalidParameterError, "at least one theme"),
    ({"price": []}, InvalidParameterError, "at least one term"),
    ({"price": ["fee", None]}, InvalidParameterError, "a list of strings"),
])
def test_bad_lexicons_raise(lexicon: object, error: type[Exception], match: str) -> None:
    """Empty lexicons, themes with no terms and non-string terms raise clear errors."""
    with pytest.raises(error, match=match):
        tag_themes(["cheap"], lexicon)


def test_non_string_comment_names_position() -> None:
    """A number among the comments raises InvalidScoreError naming its position."""
    with pytest.raises(InvalidScoreError, match=r"first: 42 at position 2"):
        tag_themes(["ok", None, 42], LEXICON)


@pytest.mark.parametrize("gap", [None, np.nan, pd.NA])
def test_missing_comment_raises_by_default_naming_texts_and_position(gap: object) -> None:
    """A missing comment with the default missing="raise" is an error naming texts and where."""
    with pytest.raises(InvalidScoreError, match=r"^texts must be present.*at position 1\)"):
        tag_themes(["cheap", gap, "rude"], LEXICON)


def test_missing_comment_in_arrow_strings_raises_by_default() -> None:
    """Arrow-backed string Series take the same missing-data policy."""
    texts = pd.Series(["cheap", None, "rude"], dtype="string[pyarrow]")
    with pytest.raises(InvalidScoreError, match=r"texts must be present.*position 1\)"):
        tag_themes(texts, LEXICON)
    assert tag_themes(texts, LEXICON, missing="drop").n_dropped == 1


def test_drop_equals_tagging_without_the_missing_comments() -> None:
    """missing="drop" gives the result on the other comments, with n_dropped counted."""
    dropped = tag_themes(["cheap", None, "rude", np.nan, ""], LEXICON, missing="drop")
    alone = tag_themes(["cheap", "rude", ""], LEXICON)
    pd.testing.assert_frame_equal(dropped.tags, alone.tags)
    pd.testing.assert_frame_equal(dropped.counts, alone.counts)
    assert (dropped.n, dropped.n_dropped, alone.n_dropped) == (3, 2, 0)


def test_drop_keeps_the_series_labels_of_the_kept_comments() -> None:
    """A Series' tags keep the labels of the comments that were not dropped."""
    texts = pd.Series(["cheap", None, "rude"], index=[10, 20, 30])
    assert tag_themes(texts, LEXICON, missing="drop").tags.index.tolist() == [10, 30]


def test_by_counts_dropped_comments_and_keys_apart() -> None:
    """With by=, attrs count missing comments (n_dropped) and missing keys apart."""
    table = tag_themes(["cheap", None, None, "rude", None], LEXICON,
                       by=["a", "a", "b", "b", None], missing="drop")
    assert (table.attrs["n_dropped"], table.attrs["n_dropped_keys"]) == (2, 1)
    assert table["n_comments"].groupby(level=0).first().to_dict() == {"a": 1, "b": 1}


@pytest.mark.parametrize(("texts", "missing"), [([], "raise"), ([None, np.nan], "drop")])
def test_no_comments_raise_insufficient_data(texts: list[object], missing: str) -> None:
    """No comments at all, or none left after dropping, is InsufficientDataError."""
    with pytest.raises(InsufficientDataError, match=r"^texts must"):
        tag_themes(texts, LEXICON, missing=missing)


def test_by_of_wrong_length_raises() -> None:
    """A by= key not as long as the comments raises LengthMismatchError."""
    with pytest.raises(LengthMismatchError):
        tag_themes(["a", "b"], LEXICON, by=["x"])
