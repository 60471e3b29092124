"""distinctive_terms: the Fightin' Words log-odds against the published formula.

Reference: Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words:
lexical feature selection and evaluation for identifying the content of
political conflict. *Political Analysis* 16(4), 372-403 — eq. 22 for the
log-odds-ratio with a Dirichlet prior, and its approximate variance
``1/(y_a + alpha_w) + 1/(y_b + alpha_w)``. The reference below is written from the paper,
term by term, with plain Python counting (collections.Counter) and math.log.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from expectations.errors import (
    InsufficientDataError,
    InvalidParameterError,
    InvalidScoreError,
    LengthMismatchError,
)
from expectations.voice import DISTINCTIVE_TERMS_COLUMNS, distinctive_terms, split_words

RNG = np.random.default_rng(5)
NEG = ["late again", "refund took ages", "rude agent", "late and rude", "hidden fees",
       "parcel late", "never again", "fees too high", "ok"]
POS = ["fast delivery", "polite agent", "quick refund", "great price", "fast and polite",
       "ok", "love it", "great staff"]
TEXTS = [*RNG.choice(NEG, 80).tolist(), *RNG.choice(POS, 90).tolist()]
GROUPS = ["detractor"] * 80 + ["promoter"] * 90


def _reference(texts: list[str], groups: list[str], target: str, prior: float | None,
               max_n: int) -> dict[str, tuple[float, float]]:
    """Monroe et al. (2008) eq. 22 and its variance, computed term by term."""
    counts = {"a": Counter(), "b": Counter()}
    for text, group in zip(texts, groups, strict=True):
        words = split_words(text)
        side = counts["a" if group == target else "b"]
        for n in range(1, max_n + 1):
            for i in range(len(words) - n + 1):
                side[" ".join(words[i:i + n])] += 1
    vocabulary = set(counts["a"]) | set(counts["b"])
    alpha = {w: (counts["a"][w] + counts["b"][w]) if prior is None else prior
             for w in vocabulary}
    alpha_0 = sum(alpha.values())
    n_a, n_b = sum(counts["a"].values()), sum(counts["b"].values())
    out = {}
    for w in vocabulary:
        y_a, y_b, a_w = counts["a"][w], counts["b"][w], alpha[w]
        delta = (math.log((y_a + a_w) / (n_a + alpha_0 - y_a - a_w))
                 - math.log((y_b + a_w) / (n_b + alpha_0 - y_b - a_w)))
        var = 1 / (y_a + a_w) + 1 / (y_b + a_w)
        out[w] = (delta, delta / math.sqrt(var))
    return out


@pytest.mark.parametrize("prior", [None, 0.01, 0.5])
@pytest.mark.parametrize("max_n", [1, 2])
def test_log_odds_and_z_match_the_published_formula(prior: float | None, max_n: int) -> None:
    """log_odds and z equal Monroe et al. (2008) eq. 22 for every returned term."""
    result = distinctive_terms(TEXTS, GROUPS, top=1000, prior="corpus" if prior is None
                               else prior, ngram=(1, max_n), stopwords=None)
    reference = _reference(TEXTS, GROUPS, "detractor", prior, max_n)
    got = {term: (row.log_odds, row.z) for term, row in result.iterrows()}
    nonzero = {w for w, (_, z) in reference.items() if z != 0}
    assert set(got) == nonzero
    for term, (delta, z) in got.items():
        assert delta == pytest.approx(reference[term][0], rel=1e-12)
        assert z == pytest.approx(reference[term][1], rel=1e-12)


def test_ranking_and_schema() -> None:
    """Target terms come first by decreasing z, then reference terms by increasing z."""
    result = distinctive_terms(TEXTS, GROUPS, top=5)
    assert result.columns.tolist() == list(DISTINCTIVE_TERMS_COLUMNS)
    assert result.index.name == "term"
    target = result[result["favours"] == "target"]
    reference = result[result["favours"] == "reference"]
    assert len(target) == len(reference) == 5
    assert target["z"].is_monotonic_decreasing
    assert (target["z"] > 0).all()
    assert reference["z"].is_monotonic_increasing
    assert (reference["z"] < 0).all()
    assert "late" in target.index
    assert "polite" in reference.index
    assert (result.attrs["target"], result.attrs["reference"]) == ("detractor", "promoter")


def test_target_against_the_rest() -> None:
    """target= compares one label with every other label pooled."""
    three = ["passive" if i % 7 == 0 else g for i, g in enumerate(GROUPS)]
    pooled = ["detractor" if g == "detractor" else "other" for g in three]
    a = distinctive_terms(TEXTS, three, target="detractor")
    b = distinctive_terms(TEXTS, pooled, target="detractor")
    pd.testing.assert_frame_equal(a, b)
    assert a.attrs["reference"] == "rest"


def test_stopwords_and_numbers_are_left_out() -> None:
    """Stopwords, digit-only words and phrases starting or ending with them are not counted."""
    texts = ["the 2 parcels late", "on time and 2 days", "fine"] * 5
    groups = ["a", "a", "b"] * 5
    result = distinctive_terms(texts, groups, top=50)
    for term in result.index:
        words = term.split()
        assert words[0] not in {"the", "on", "and", "2"}
        assert words[-1] not in {"the", "on", "and", "2"}
    assert "parcels late" in result.index


def test_accents_and_case_are_folded() -> None:
    """Accented and capitalised spellings count as one term."""
    result = distinctive_terms(["Déçu", "décu", "DECU", "ravi"], ["a", "a", "a", "b"],
                               prior=0.01)
    assert result.loc["decu", "count_target"] == 3


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"groups": ["a"] * 170}, InvalidParameterError, "exactly two labels"),
    ({"groups": ["a", "b", "c"] * 56 + ["a", "b"]}, InvalidParameterError, "exactly two"),
    ({"target": "nobody"}, InvalidParameterError, "target must be one of"),
    ({"top": 0}, InvalidParameterError, "top must be"),
    ({"prior": -1.0}, InvalidParameterError, "prior must be"),
    ({"prior": "flat"}, InvalidParameterError, "prior must be"),
    ({"ngram": (2, 1)}, InvalidParameterError, "ngram must be"),
    ({"ngram": (1, 4)}, InvalidParameterError, "ngram must be"),
    ({"groups": GROUPS[:-1]}, LengthMismatchError, "same length"),
])
def test_bad_options_raise(kwargs: dict[str, object], error: type[Exception],
                           match: str) -> None:
    """Wrong group counts, unknown targets and invalid options raise library errors."""
    arguments: dict[str, object] = {"groups": GROUPS, **kwargs}
    with pytest.raises(error, match=match):
        distinctive_terms(TEXTS, **arguments)  # type: ignore[arg-type]


def test_non_text_and_empty_sides_raise() -> None:
    """Numbers among comments, and a side with nothing to count, raise clear errors."""
    with pytest.raises(InvalidScoreError, match="position 1"):
        distinctive_terms(["late", 3], ["a", "b"])
    with pytest.raises(InsufficientDataError, match="both groups"):
        distinctive_terms(["late", "the"], ["a", "b"])


def test_missing_groups_dropped_and_counted() -> None:
    """With missing="drop", comments without a group are skipped and counted."""
    result = distinctive_terms([*TEXTS, "zebra"], [*GROUPS, None], missing="drop")
    assert result.attrs["n_dropped"] == 1
    assert "zebra" not in result.index


def test_missing_comment_raises_by_default_naming_texts() -> None:
    """A missing comment with the default missing="raise" is an error naming texts."""
    with pytest.raises(InvalidScoreError, match=r"^texts must be present"):
        distinctive_terms([*TEXTS, None], [*GROUPS, GROUPS[0]])


def test_missing_comments_dropped_and_counted_once_per_row() -> None:
    """missing="drop" counts rows missing a comment or a label (once) and changes no term."""
    result = distinctive_terms([*TEXTS, None, None], [*GROUPS, GROUPS[0], None],
                               missing="drop")
    assert result.attrs["n_dropped"] == 2
    pd.testing.assert_frame_equal(result, distinctive_terms(TEXTS, GROUPS))
