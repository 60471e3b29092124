"""Tests for expectations.gaps.kano: the evaluation table, coefficients and Fong's test."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from expectations.errors import (
    InsufficientDataError,
    InvalidScoreError,
    LengthMismatchError,
)
from expectations.gaps.kano import KANO_COLUMNS, KanoResult, kano, kano_category

ANSWERS = ["like", "must-be", "neutral", "live-with", "dislike"]

# The evaluation table exactly as written in Berger et al. (1993), Table 1 (and
# /work/shared/REFERENCES.md): rows functional, columns dysfunctional, both in
# the order like, must-be, neutral, live-with, dislike.
EVALUATION_TABLE = """
like:      Q A A A O
must-be:   R I I I M
neutral:   R I I I M
live-with: R I I I M
dislike:   R R R R Q
"""
TABLE_CASES = [
    (row.split(":")[0], ANSWERS[j], letter)
    for row in EVALUATION_TABLE.strip().splitlines()
    for j, letter in enumerate(row.split(":")[1].split())
]

# One answer pair per category, read off the table above.
PAIR_OF = {
    "A": ("like", "neutral"),
    "O": ("like", "dislike"),
    "M": ("neutral", "dislike"),
    "I": ("neutral", "neutral"),
    "R": ("dislike", "like"),
    "Q": ("like", "like"),
}


def answers_from_counts(counts: dict[str, int]) -> tuple[list[str], list[str]]:
    """Answer pairs that evaluate to the given category counts."""
    functional: list[str] = []
    dysfunctional: list[str] = []
    for letter, count in counts.items():
        f, d = PAIR_OF[letter]
        functional += [f] * count
        dysfunctional += [d] * count
    return functional, dysfunctional


def test_table_has_25_cases() -> None:
    """The parsed evaluation table covers all 25 answer pairs."""
    assert len(TABLE_CASES) == 25
    assert len(set(TABLE_CASES)) == 25


@pytest.mark.parametrize(("functional", "dysfunctional", "expected"), TABLE_CASES)
def test_every_answer_pair_follows_the_evaluation_table(
    functional: str, dysfunctional: str, expected: str
) -> None:
    """Each of the 25 label pairs gets the category of Berger et al.'s table."""
    assert list(kano_category([functional], [dysfunctional])) == [expected]


@pytest.mark.parametrize(("functional", "dysfunctional", "expected"), TABLE_CASES)
def test_every_code_pair_follows_the_evaluation_table(
    functional: str, dysfunctional: str, expected: str
) -> None:
    """Codes 1-5 (1 like ... 5 dislike) classify like the labels they stand for."""
    f_code = ANSWERS.index(functional) + 1
    d_code = ANSWERS.index(dysfunctional) + 1
    assert list(kano_category(np.array([f_code]), [float(d_code)])) == [expected]


@pytest.mark.parametrize(("functional", "dysfunctional", "expected"), TABLE_CASES)
def test_two_single_answers_give_one_letter(
    functional: str, dysfunctional: str, expected: str
) -> None:
    """Scalar in, scalar out (like numpy): two answers give the category as a str."""
    result = kano_category(functional, dysfunctional)
    assert isinstance(result, str)
    assert result == expected
    f_code, d_code = ANSWERS.index(functional) + 1, ANSWERS.index(dysfunctional) + 1
    assert kano_category(f_code, np.float64(d_code)) == expected


def test_single_answer_errors_name_the_argument() -> None:
    """An unknown or missing single answer raises like the array form does."""
    with pytest.raises(InvalidScoreError, match=r"functional must be Kano answers.*'love it'"):
        kano_category("love it", "dislike")
    with pytest.raises(InvalidScoreError, match="dysfunctional must be answered"):
        kano_category("like", float("nan"))


def test_all_25_pairs_in_one_vectorised_call() -> None:
    """One call over all 25 pairs returns the table row by row."""
    functional = [f for f, _, _ in TABLE_CASES]
    dysfunctional = [d for _, d, _ in TABLE_CASES]
    result = kano_category(functional, dysfunctional)
    assert isinstance(result, pd.Categorical)
    assert list(result) == [e for _, _, e in TABLE_CASES]
    assert list(result.categories) == ["A", "O", "M", "I", "R", "Q"]


SYNONYMS = [
    ("I like it", "like"), ("I LIKE IT THAT WAY", "like"), ("like it", "like"),
    ("must be", "must-be"), ("Must_Be", "must-be"), ("expect it", "must-be"),
    ("I expect it", "must-be"), ("It must be that way", "must-be"),
    ("I am neutral", "neutral"), ("I'm neutral", "neutral"), ("Neutral", "neutral"),
    ("I don't care", "neutral"),
    ("I can live with it", "live-with"), ("live with", "live-with"),
    ("tolerate", "live-with"), ("I can tolerate it", "live-with"),
    ("I dislike it", "dislike"), ("  dislike  ", "dislike"),
    ("I dislike it that way", "dislike"),
]


@pytest.mark.parametrize(("wording", "answer"), SYNONYMS)
def test_documented_wordings_are_accepted(wording: str, answer: str) -> None:
    """Each documented wording (any case or spacing) means its canonical answer."""
    for other in ANSWERS:
        assert list(kano_category([wording], [other])) == list(kano_category([answer], [other]))
        assert list(kano_category([other], [wording])) == list(kano_category([other], [answer]))


def test_categorical_and_string_dtype_input() -> None:
    """Categorical and pandas string Series (as in the demo data) are read by value."""
    f = pd.Series(["like", "neutral", "like"], dtype="category")
    d = pd.Series(["dislike", "dislike", "neutral"], dtype="string")
    assert list(kano_category(f, d)) == ["O", "M", "A"]


# ---------------------------------------------------------------- published table
# stp25kano (Wolfgang Peter, R package, github.com/stp4/stp25kano, README of
# 2024-05-11): a table of five attributes with counts M, O, A, I, R, Q, the max
# category, total strength, category strength, CS+ (Better), CS- (Worse) and
# Fong's test as "|a-b| < threshold sig./ns", all printed rounded.
PUBLISHED = [
    # name, counts, max category, total %, category %, better, worse, fong |a-b|,
    # fong threshold, significant
    ("Service app", {"M": 95, "O": 123, "A": 45, "I": 33, "R": 0, "Q": 0},
     "O", 89, 9, 0.568, -0.736, 28, 19.4, True),
    ("Excellent service", {"M": 101, "O": 54, "A": 54, "I": 81, "R": 3, "Q": 3},
     "M", 71, 7, 0.372, -0.534, 20, 18.5, True),
    ("Hotline", {"M": 15, "O": 24, "A": 121, "I": 124, "R": 6, "Q": 6},
     "I", 54, 1, 0.511, -0.137, 3, 19.8, False),
    ("Loan machine", {"M": 65, "O": 87, "A": 93, "I": 51, "R": 0, "Q": 0},
     "A", 83, 2, 0.608, -0.514, 6, 18.5, False),
    ("Ready-to-use return", {"M": 9, "O": 18, "A": 83, "I": 177, "R": 6, "Q": 3},
     "I", 37, 32, 0.352, -0.094, 94, 19.9, True),
]


@pytest.fixture(scope="module")
def published_table() -> pd.DataFrame:
    features: list[str] = []
    functional: list[str] = []
    dysfunctional: list[str] = []
    for name, counts, *_ in PUBLISHED:
        f, d = answers_from_counts(counts)
        functional += f
        dysfunctional += d
        features += [name] * len(f)
    order = np.random.default_rng(3).permutation(len(features))  # rows in any order
    return kano(np.array(functional)[order], np.array(dysfunctional)[order],
                feature=pd.Series(np.array(features)[order], name="feature"))


@pytest.mark.parametrize("row", PUBLISHED, ids=[p[0] for p in PUBLISHED])
def test_published_kano_table(published_table: pd.DataFrame, row: tuple[object, ...]) -> None:
    """Counts, category, strengths, Better/Worse and Fong match the stp25kano table."""
    (name, counts, category, total, strength, better, worse,
     fong, threshold, significant) = row
    got = published_table.loc[name]
    assert isinstance(counts, dict)
    assert got["n"] == 296
    assert got["must_be"] == counts["M"]
    assert got["one_dimensional"] == counts["O"]
    assert got["attractive"] == counts["A"]
    assert got["indifferent"] == counts["I"]
    assert got["reverse"] == counts["R"]
    assert got["questionable"] == counts["Q"]
    assert got["category"] == category
    assert round(got["total_strength"]) == total
    assert round(got["category_strength"]) == strength
    assert got["better"] == pytest.approx(better, abs=5e-4)
    assert got["worse"] == pytest.approx(worse, abs=5e-4)
    assert got["fong_statistic"] == fong
    assert got["fong_threshold"] == pytest.approx(threshold, abs=0.05)
    assert bool(got["fong_significant"]) is significant


def test_grouped_frame_schema(published_table: pd.DataFrame) -> None:
    """With feature=, columns are exactly KANO_COLUMNS and rows are sorted features."""
    assert tuple(published_table.columns) == KANO_COLUMNS
    assert list(published_table.index) == sorted(p[0] for p in PUBLISHED)
    assert published_table.index.name == "feature"


def test_fong_formula_by_hand() -> None:
    """Fong (1996): threshold 1.65*sqrt((a+b)(2n-a-b)/(2n)) with a, b the top two counts."""
    # a = 30 (A), b = 20 (O), n = 60: 1.65 * sqrt(50 * 70 / 120) = 8.9110...
    result = kano(*answers_from_counts({"A": 30, "O": 20, "I": 10}))
    assert (result.category, result.runner_up) == ("A", "O")
    assert result.fong_statistic == 10
    assert result.fong_threshold == pytest.approx(1.65 * np.sqrt(50 * 70 / 120), rel=1e-12)
    assert result.fong_significant  # 10 >= 8.91


def test_dumouchel_continuous_means_by_hand() -> None:
    """Berger et al. (1993) IVb: functional 4/2/0/-1/-2, dysfunctional -2/-1/0/2/4."""
    functional = ["like", "neutral", "live-with", "must-be"]  # 4 + 0 - 1 + 2 = 5
    dysfunctional = ["dislike", "must-be", "neutral", "like"]  # 4 - 1 + 0 - 2 = 1
    result = kano(functional, dysfunctional)
    assert result.functional_mean == pytest.approx(5 / 4)
    assert result.dysfunctional_mean == pytest.approx(1 / 4)


@pytest.mark.parametrize(
    ("counts", "category", "runner_up"),
    [
        ({"O": 5, "M": 5}, "M", "O"),
        ({"A": 5, "O": 5}, "O", "A"),
        ({"A": 5, "I": 5}, "A", "I"),
        ({"I": 5, "R": 5}, "I", "R"),
        ({"R": 5, "Q": 5}, "R", "Q"),
        ({"M": 4, "O": 4, "A": 4, "I": 4}, "M", "O"),
    ],
)
def test_ties_follow_m_o_a_i(counts: dict[str, int], category: str, runner_up: str) -> None:
    """Ties are broken by M > O > A > I (Matzler et al. 1996), then R, then Q."""
    result = kano(*answers_from_counts(counts))
    assert (result.category, result.runner_up) == (category, runner_up)
    assert result.category_strength == 0.0
    assert result.fong_statistic == 0.0
    assert not result.fong_significant


def test_all_reverse_gives_nan_coefficients() -> None:
    """Better and Worse are undefined (NaN) when no answer is A, O, M or I."""
    result = kano(*answers_from_counts({"R": 3, "Q": 1}))
    assert np.isnan(result.better)
    assert np.isnan(result.worse)
    assert result.total_strength == 0.0


def test_single_result_matches_to_frame_schema() -> None:
    """A KanoResult converts to a one-row frame with the grouped columns."""
    result = kano(*answers_from_counts({"A": 2, "M": 1}))
    assert isinstance(result, KanoResult)
    assert tuple(result.to_frame().columns) == KANO_COLUMNS
    assert isinstance(result.n, int)
    assert isinstance(result.better, float)
    assert isinstance(result.fong_significant, bool)
    assert repr(result) == "KanoResult(category=A, better=0.6667, worse=-0.3333, n=3)"


def test_inputs_are_not_mutated() -> None:
    """The caller's arrays are left untouched."""
    f = pd.Series(["like", None, "neutral"])
    d = np.array(["dislike", "dislike", "neutral"], dtype=object)
    f_copy, d_copy = f.copy(), d.copy()
    kano(f, d, missing="drop")
    pd.testing.assert_series_equal(f, f_copy)
    np.testing.assert_array_equal(d, d_copy)


def test_missing_answers_are_dropped_and_counted() -> None:
    """With missing="drop", incomplete pairs leave the counts and are reported per feature."""
    f = ["like", None, "neutral", "like", np.nan]
    d = ["dislike", "dislike", pd.NA, "neutral", "neutral"]
    table = kano(f, d, feature=["x", "x", "y", "y", "y"], missing="drop")
    assert table["n"].tolist() == [1, 1]
    assert table["n_dropped"].tolist() == [1, 2]
    assert kano(f, d, missing="drop").n_dropped == 3


# ---------------------------------------------------------------- bad input
def test_unknown_label_names_value_and_position() -> None:
    """An unknown answer is an InvalidScoreError naming it and its position."""
    with pytest.raises(InvalidScoreError) as info:
        kano_category(["like", "like", "love it", "love it"], ["dislike"] * 4)
    assert str(info.value) == (
        "functional must be Kano answers: like, must-be, neutral, live-with, dislike "
        "(or codes 1-5); 2 values are not (first: 'love it' at position 2). Recode them; "
        "kano_category's documentation lists the accepted wordings."
    )


@pytest.mark.parametrize("bad", [0, 6, 2.5, True, "6", "yes"])
def test_bad_codes_and_labels_are_rejected(bad: object) -> None:
    """Codes outside 1-5, non-integers, booleans and other text are rejected."""
    with pytest.raises(InvalidScoreError, match=r"dysfunctional must be Kano answers.*position 1"):
        kano(["like", "like"], ["dislike", bad])


def test_mismatched_lengths() -> None:
    """Functional and dysfunctional answers of different lengths are an error."""
    with pytest.raises(LengthMismatchError, match="dysfunctional must be the same length"):
        kano_category(["like", "like"], ["dislike"])


def test_feature_of_wrong_length() -> None:
    """A feature key of the wrong length is an error."""
    with pytest.raises(LengthMismatchError, match="feature must be the same length"):
        kano(["like", "like"], ["dislike", "dislike"], feature=["a"])


def test_missing_answer_raises_by_default() -> None:
    """A missing answer is an error unless missing="drop"."""
    with pytest.raises(InvalidScoreError, match=r"dysfunctional must be answered.*position 1"):
        kano(["like", "like"], ["dislike", None])


def test_no_answers_left() -> None:
    """Nothing to evaluate is an InsufficientDataError."""
    with pytest.raises(InsufficientDataError):
        kano([None], ["like"], missing="drop")
    with pytest.raises(InsufficientDataError):
        kano([], [])


def test_two_dimensional_input_is_rejected() -> None:
    """A DataFrame or 2-D array of answers is an error, not silently flattened."""
    with pytest.raises(InvalidScoreError, match="one-dimensional"):
        kano_category(pd.DataFrame({"a": ["like"]}), ["like"])
    with pytest.raises(InvalidScoreError, match="one-dimensional"):
        kano_category(np.array([["like"]]), ["like"])


# ---------------------------------------------------------------- properties
answer_codes = st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5), st.sampled_from("xyz")),
                        min_size=1, max_size=60)


@settings(max_examples=50)
@given(answer_codes)
def test_grouped_rows_equal_single_feature_results(rows: list[tuple[int, int, str]]) -> None:
    """Each row of the grouped frame equals kano() on that feature's answers alone."""
    f = np.array([r[0] for r in rows])
    d = np.array([r[1] for r in rows])
    key = np.array([r[2] for r in rows])
    table = kano(f, d, feature=key)
    for name in table.index:
        alone = kano(f[key == name], d[key == name]).to_frame().iloc[0]
        pd.testing.assert_series_equal(table.loc[name], alone, check_names=False,
                                       check_dtype=False)


@settings(max_examples=50)
@given(answer_codes)
def test_counts_and_coefficient_ranges(rows: list[tuple[int, int, str]]) -> None:
    """Counts add to n; Better is in [0, 1], Worse in [-1, 0], strengths in [0, 100]."""
    result = kano([r[0] for r in rows], [r[1] for r in rows])
    counts = (result.attractive, result.one_dimensional, result.must_be, result.indifferent,
              result.reverse, result.questionable)
    assert sum(counts) == result.n == len(rows)
    assert np.isnan(result.better) or 0 <= result.better <= 1
    assert np.isnan(result.worse) or -1 <= result.worse <= 0
    assert 0 <= result.total_strength <= 100
    assert 0 <= result.category_strength <= 100


def test_missing_feature_key() -> None:
    """A missing feature key is an error, or dropped and counted with missing="drop"."""
    f, d, key = ["like", "like"], ["dislike", "neutral"], ["x", None]
    with pytest.raises(InvalidScoreError, match="feature must be present"):
        kano(f, d, feature=key)
    table = kano(f, d, feature=key, missing="drop")
    assert table["n"].tolist() == [1]
    assert table.attrs["n_dropped_keys"] == 1


def test_feature_with_every_answer_dropped_has_no_category() -> None:
    """A feature left with no answers after missing="drop" gets no modal category."""
    out = kano(["like", None], ["dislike", "dislike"], feature=["x", "y"], missing="drop")
    assert out.loc["x", "category"] == "O"
    assert out.loc["y", "n"] == 0
    assert pd.isna(out.loc["y", "category"])
    assert pd.isna(out.loc["y", "runner_up"])
