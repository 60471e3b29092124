"""theme_impact: per-theme comparisons, checked against compare_nps/compare_proportions.

The per-theme statistics must equal the library's own two-sample functions
applied theme by theme (themselves checked against statsmodels in
tests/scoring), and the adjusted p-values must equal
``statsmodels.stats.multitest.multipletests`` (Seabold & Perktold 2010).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.multitest import multipletests

from expectations.errors import (
    InsufficientDataError,
    InvalidParameterError,
    InvalidScoreError,
    LengthMismatchError,
    SchemaError,
    SmallSampleWarning,
)
from expectations.scoring import NPSCounts, compare_nps, compare_proportions
from expectations.voice import THEME_IMPACT_COLUMNS, tag_themes, theme_impact

LEXICON = {"price": ["price", "fee"], "delivery": ["late", "courier"], "staff": ["rude", "polite"]}
RNG = np.random.default_rng(11)
N = 600
PHRASES = np.array(["late again", "fee too high", "polite staff", "rude and late",
                    "fine", "courier was polite", "price ok", "nothing to say"], dtype=object)
TEXTS = PHRASES[RNG.integers(0, PHRASES.size, N)]
NPS_SCORES = RNG.integers(0, 11, N)
CSAT_SCORES = RNG.integers(1, 6, N)


def _categories(scores: np.ndarray) -> np.ndarray:
    return (scores >= 7).astype(int) + (scores >= 9)


@pytest.mark.parametrize("theme", list(LEXICON))
def test_nps_impact_equals_compare_nps(theme: str) -> None:
    """Each theme's NPS difference, interval, z and p equal compare_nps(mention, rest)."""
    impact = theme_impact(TEXTS, NPS_SCORES, metric="nps", lexicon=LEXICON)
    tags = tag_themes(TEXTS, LEXICON).tags[theme].to_numpy()
    side = [np.bincount(_categories(NPS_SCORES[mask]), minlength=3) for mask in (tags, ~tags)]
    expected = compare_nps(*(NPSCounts(detractors=c[0], passives=c[1], promoters=c[2])
                             for c in side))
    row = impact.loc[theme]
    assert row["mentions"] == tags.sum()
    np.testing.assert_allclose(
        row[["score_mentioned", "score_not_mentioned", "difference", "std_error", "z",
             "p_value", "ci_low", "ci_high"]].to_numpy(dtype=float),
        [expected.score_a, expected.score_b, expected.difference, expected.std_error,
         expected.z, expected.p_value, expected.interval.low, expected.interval.high],
        rtol=1e-10)


@pytest.mark.parametrize("theme", list(LEXICON))
def test_csat_impact_equals_compare_proportions(theme: str) -> None:
    """Each theme's CSAT difference equals compare_proportions on top-2-box counts."""
    impact = theme_impact(TEXTS, CSAT_SCORES, metric="csat", lexicon=LEXICON)
    tags = tag_themes(TEXTS, LEXICON).tags[theme].to_numpy()
    top = CSAT_SCORES >= 4
    expected = compare_proportions((int(top[tags].sum()), int(tags.sum())),
                                   (int(top[~tags].sum()), int((~tags).sum())))
    row = impact.loc[theme]
    np.testing.assert_allclose(
        row[["score_mentioned", "score_not_mentioned", "difference", "std_error", "z",
             "p_value", "ci_low", "ci_high"]].to_numpy(dtype=float),
        [expected.score_a, expected.score_b, expected.difference, expected.std_error,
         expected.z, expected.p_value, expected.interval.low, expected.interval.high],
        rtol=1e-10)


@pytest.mark.parametrize(("correction", "statsmodels_method"), [("holm", "holm"),
                                                                ("bh", "fdr_bh")])
def test_adjusted_p_values_match_statsmodels(correction: str, statsmodels_method: str) -> None:
    """p_adjusted equals statsmodels multipletests over the themes' p-values."""
    impact = theme_impact(TEXTS, NPS_SCORES, metric="nps", lexicon=LEXICON,
                          correction=correction)
    expected = multipletests(impact["p_value"].to_numpy(), method=statsmodels_method)[1]
    np.testing.assert_allclose(impact["p_adjusted"].to_numpy(), expected, rtol=1e-12)


def test_output_schema_and_order() -> None:
    """Columns are fixed and rows sorted by difference, most negative first."""
    impact = theme_impact(TEXTS, NPS_SCORES, lexicon=LEXICON)
    assert impact.columns.tolist() == list(THEME_IMPACT_COLUMNS)
    assert impact.index.name == "theme"
    assert impact["difference"].is_monotonic_increasing
    assert impact.attrs == {"metric": "nps", "n": N, "n_dropped": 0, "test": "z"}


def test_tags_texts_and_boolean_frame_agree() -> None:
    """Texts, a ThemeTags result and its boolean table give the same impact."""
    tagged = tag_themes(TEXTS, LEXICON)
    a = theme_impact(TEXTS, NPS_SCORES, lexicon=LEXICON)
    pd.testing.assert_frame_equal(a, theme_impact(tagged, NPS_SCORES))
    pd.testing.assert_frame_equal(a, theme_impact(tagged.tags, NPS_SCORES))


@pytest.mark.filterwarnings("ignore::expectations.errors.SmallSampleWarning")
def test_rows_without_text_or_score_are_left_out() -> None:
    """Rows with a missing comment or score are dropped and counted; empty ones not scored."""
    texts = [*TEXTS[:50], None, "", "late"]
    scores = [*NPS_SCORES[:50].tolist(), 10, 10, None]
    impact = theme_impact(texts, scores, lexicon=LEXICON, missing="drop")
    assert impact.attrs["n"] == 50
    assert impact.attrs["n_dropped"] == 2
    pd.testing.assert_frame_equal(
        impact, theme_impact(TEXTS[:50], NPS_SCORES[:50], lexicon=LEXICON))


def test_theme_never_mentioned_has_nan_difference_last() -> None:
    """A theme nobody mentions has an undefined difference and sorts last."""
    with pytest.warns(SmallSampleWarning, match="theme_impact: a side rests on 2"):
        impact = theme_impact(["late", "fine", "late again", "ok"], [0, 10, 1, 9],
                              lexicon={"delivery": ["late"], "unused": ["zebra"]})
    assert impact.index[-1] == "unused"
    assert np.isnan(impact.loc["unused", "difference"])


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"scores": NPS_SCORES[:-1]}, LengthMismatchError),
    ({"scores": NPS_SCORES + 1}, InvalidScoreError),
    ({"scores": NPS_SCORES, "metric": "ltr"}, InvalidParameterError),
    ({"scores": NPS_SCORES, "correction": "bonferroni"}, InvalidParameterError),
    ({"scores": CSAT_SCORES + 1, "metric": "csat"}, InvalidScoreError),
])
def test_bad_input_raises(kwargs: dict[str, object], error: type[Exception]) -> None:
    """Mismatched lengths, off-scale scores and unknown options raise library errors."""
    with pytest.raises(error):
        theme_impact(TEXTS, lexicon=LEXICON, **kwargs)  # type: ignore[arg-type]


def test_lexicon_with_tags_and_non_boolean_tables_are_rejected() -> None:
    """A lexicon cannot re-tag tags, and a tag table must be boolean."""
    tagged = tag_themes(TEXTS, LEXICON)
    with pytest.raises(InvalidParameterError, match="lexicon must be None"):
        theme_impact(tagged, NPS_SCORES, lexicon=LEXICON)
    with pytest.raises(SchemaError, match="boolean theme columns"):
        theme_impact(tagged.tags.astype(int), NPS_SCORES)


def test_no_comment_with_text_raises() -> None:
    """Without a single comment that has text and a score there is nothing to compare."""
    with pytest.raises(InsufficientDataError, match="at least one comment"):
        theme_impact([None, "", "late"], [9, 10, None], missing="drop")


@pytest.mark.parametrize("gap", [None, np.nan])
def test_missing_comment_raises_by_default_naming_texts_or_tags(gap: object) -> None:
    """A missing comment with the default missing="raise" is an error naming texts_or_tags."""
    texts = [*TEXTS[:10], gap]
    with pytest.raises(InvalidScoreError, match=r"^texts_or_tags must be present.*position 10"):
        theme_impact(texts, NPS_SCORES[:11], lexicon=LEXICON)


@pytest.mark.parametrize("bad", [None, [True, False] * 5])
def test_comments_that_are_not_text_name_texts_or_tags(bad: object) -> None:
    """None, or booleans, as the comments raise an error naming texts_or_tags."""
    with pytest.raises(InvalidScoreError, match=r"^texts_or_tags must"):
        theme_impact(bad, NPS_SCORES[:10], lexicon=LEXICON)


def test_drop_counts_rows_with_missing_scores_and_equals_the_rest() -> None:
    """Scores dropped with missing="drop" are counted and give the result without those rows."""
    scores = NPS_SCORES.astype(float)
    scores[[3, 17]] = np.nan
    dropped = theme_impact(TEXTS, scores, lexicon=LEXICON, missing="drop")
    keep = np.setdiff1d(np.arange(N), [3, 17])
    assert dropped.attrs["n_dropped"] == 2
    pd.testing.assert_frame_equal(
        dropped, theme_impact(TEXTS[keep], NPS_SCORES[keep], lexicon=LEXICON))
