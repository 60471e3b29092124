"""consistency and adjust_p_values against scipy and statsmodels.

References
----------
- ``scipy.stats.chi2_contingency(table, correction=False)`` — Pearson's
  chi-square test of homogeneity (Virtanen et al. 2020, SciPy 1.0).
- ``statsmodels.stats.multitest.multipletests`` with ``"holm"`` and
  ``"fdr_bh"`` (Seabold & Perktold 2010).
- ``compare_nps`` / ``compare_proportions`` (checked against statsmodels in
  tests/scoring) for each group against the rest.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2_contingency
from statsmodels.stats.multitest import multipletests

from expectations.errors import InsufficientDataError, InvalidParameterError, LengthMismatchError
from expectations.scoring import NPSCounts, compare_nps, compare_proportions, csat, nps
from expectations.voice import CONSISTENCY_COLUMNS, adjust_p_values, consistency

RNG = np.random.default_rng(3)
N = 3000
TOUCHPOINT = RNG.choice(["app", "delivery", "phone", "store"], N)
# Delivery is worse on purpose.
NPS_SCORES = np.where(TOUCHPOINT == "delivery", RNG.integers(0, 9, N), RNG.integers(3, 11, N))
CSAT_SCORES = np.where(TOUCHPOINT == "delivery", RNG.integers(1, 5, N), RNG.integers(2, 6, N))


@pytest.mark.parametrize(("metric", "scores"), [("nps", NPS_SCORES), ("csat", CSAT_SCORES)])
def test_homogeneity_matches_scipy_chi2_contingency(metric: str, scores: np.ndarray) -> None:
    """The chi-square statistic, dof and p-value equal scipy's (no continuity correction)."""
    result = consistency(scores, TOUCHPOINT, metric=metric)
    groups = np.unique(TOUCHPOINT)
    if metric == "nps":
        category = (scores >= 7).astype(int) + (scores >= 9)
        table = np.array([np.bincount(category[g == TOUCHPOINT], minlength=3) for g in groups])
    else:
        top = scores >= 4
        table = np.array([[(~top[g == TOUCHPOINT]).sum(), top[g == TOUCHPOINT].sum()]
                          for g in groups])
    expected = chi2_contingency(table, correction=False)
    assert result.statistic == pytest.approx(expected.statistic, rel=1e-12)
    assert result.dof == expected.dof
    assert result.p_value == pytest.approx(expected.pvalue, rel=1e-9, abs=1e-300)


def test_empty_category_is_left_out_of_the_test() -> None:
    """A category nobody chose is dropped from the table, as scipy requires."""
    scores = np.where(TOUCHPOINT == "delivery", 0, 10)  # no passives anywhere
    result = consistency(scores, TOUCHPOINT, metric="nps")
    category = (scores >= 9).astype(int)
    table = np.array([np.bincount(category[g == TOUCHPOINT], minlength=2)
                      for g in np.unique(TOUCHPOINT)])
    expected = chi2_contingency(table, correction=False)
    assert (result.statistic, result.dof) == (pytest.approx(expected.statistic), expected.dof)


def test_per_group_scores_match_the_scoring_functions() -> None:
    """Each group's score and interval are those of nps(by=) / csat(by=)."""
    result = consistency(NPS_SCORES, TOUCHPOINT, metric="nps")
    by = nps(NPS_SCORES, by=TOUCHPOINT)
    np.testing.assert_allclose(result.groups[["score", "ci_low", "ci_high"]],
                               by[["score", "ci_low", "ci_high"]])
    result = consistency(CSAT_SCORES, TOUCHPOINT, metric="csat")
    by = csat(CSAT_SCORES, by=TOUCHPOINT)
    np.testing.assert_allclose(result.groups[["score", "ci_low", "ci_high"]],
                               by[["score", "ci_low", "ci_high"]])
    assert result.groups.columns.tolist() == list(CONSISTENCY_COLUMNS)


@pytest.mark.parametrize("group", ["app", "delivery", "phone", "store"])
def test_group_versus_rest_matches_compare_nps(group: str) -> None:
    """Each group's difference, z and p equal compare_nps(group, all others)."""
    result = consistency(NPS_SCORES, TOUCHPOINT, metric="nps").groups.loc[group]
    inside = group == TOUCHPOINT
    expected = compare_nps(NPSCounts.from_scores(NPS_SCORES[inside]),
                           NPSCounts.from_scores(NPS_SCORES[~inside]))
    np.testing.assert_allclose(
        result[["score_rest", "difference", "std_error", "z", "p_value"]].to_numpy(float),
        [expected.score_b, expected.difference, expected.std_error, expected.z,
         expected.p_value], rtol=1e-10)


@pytest.mark.parametrize("group", ["app", "delivery", "phone", "store"])
def test_group_versus_rest_matches_compare_proportions(group: str) -> None:
    """Each group's top-box difference, z and p equal compare_proportions(group, others)."""
    result = consistency(CSAT_SCORES, TOUCHPOINT, metric="csat").groups.loc[group]
    inside = group == TOUCHPOINT
    top = CSAT_SCORES >= 4
    expected = compare_proportions((int(top[inside].sum()), int(inside.sum())),
                                   (int(top[~inside].sum()), int((~inside).sum())))
    np.testing.assert_allclose(
        result[["score_rest", "difference", "std_error", "z", "p_value"]].to_numpy(float),
        [expected.score_b, expected.difference, expected.std_error, expected.z,
         expected.p_value], rtol=1e-10)


def test_spread_flags_and_holm_adjustment() -> None:
    """Range, std, overall score, below flags and Holm-adjusted p-values are consistent."""
    result = consistency(NPS_SCORES, TOUCHPOINT, metric="nps")
    scores = result.groups["score"].to_numpy()
    assert result.range == pytest.approx(scores.max() - scores.min())
    assert result.std == pytest.approx(np.std(scores, ddof=1))
    assert result.overall == pytest.approx(nps(NPS_SCORES).score)
    np.testing.assert_allclose(result.groups["p_adjusted"],
                               multipletests(result.groups["p_value"], method="holm")[1])
    assert result.groups["below"].tolist() == [False, True, False, False]
    assert result.to_frame().equals(result.groups)
    assert set(result.to_dict()) == {"metric", "overall", "n", "n_dropped", "statistic", "dof",
                                     "p_value", "range", "std", "correction", "note"}


def test_ces_metric_uses_answers_five_to_seven() -> None:
    """For CES the categories are 5-7 (easy) against 1-4."""
    scores = np.tile(np.arange(1, 8), 40)
    keys = np.repeat(["a", "b"], 140)
    result = consistency(scores, keys, metric="ces")
    assert result.groups["score"].tolist() == pytest.approx([300 / 7, 300 / 7])
    assert result.statistic == pytest.approx(0.0)


@pytest.mark.parametrize(("args", "kwargs", "error"), [
    ((NPS_SCORES, ["x"] * N), {"metric": "nps"}, InsufficientDataError),
    ((NPS_SCORES, TOUCHPOINT[:-1]), {"metric": "nps"}, LengthMismatchError),
    ((NPS_SCORES, TOUCHPOINT), {"metric": "kano"}, InvalidParameterError),
    ((NPS_SCORES, TOUCHPOINT), {"metric": "nps", "correction": "sidak"},
     InvalidParameterError),
])
def test_bad_input_raises(args: tuple[object, object], kwargs: dict[str, object],
                          error: type[Exception]) -> None:
    """One group, mismatched lengths and unknown options raise library errors."""
    with pytest.raises(error):
        consistency(*args, **kwargs)  # type: ignore[arg-type]


@settings(max_examples=60)
@given(st.lists(st.one_of(st.floats(0, 1), st.just(float("nan"))), min_size=1, max_size=30),
       st.sampled_from([("holm", "holm"), ("bh", "fdr_bh")]))
def test_adjust_p_values_match_statsmodels(p: list[float],
                                           methods: tuple[str, str]) -> None:
    """Holm and BH adjustments equal statsmodels multipletests; NaN stays NaN."""
    values = np.array(p)
    ours = adjust_p_values(values, methods[0])
    finite = np.isfinite(values)
    assert np.isnan(ours[~finite]).all()
    if finite.any():
        expected = multipletests(values[finite], method=methods[1])[1]
        np.testing.assert_allclose(ours[finite], expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("metric", ["nps", "csat"])
def test_drop_counts_missing_answers_and_keys(metric: str) -> None:
    """missing="drop" counts rows missing an answer or a key, and equals scoring the rest."""
    scores = (NPS_SCORES if metric == "nps" else CSAT_SCORES).astype(float)
    keys = TOUCHPOINT.astype(object)
    scores[[3, 17]] = np.nan
    keys[[5, 17]] = None  # row 17 misses both: dropped once
    result = consistency(scores, keys, metric=metric, missing="drop")
    keep = np.setdiff1d(np.arange(N), [3, 5, 17])
    alone = consistency(scores[keep], keys[keep], metric=metric)
    assert (result.n_dropped, alone.n_dropped) == (3, 0)
    assert (result.n, result.overall, result.statistic) == (alone.n, alone.overall,
                                                            alone.statistic)


@pytest.mark.parametrize(("metric", "answer", "category"), [
    ("nps", 10, "a promoter"), ("nps", 0, "a detractor"), ("csat", 5, "in the top two boxes"),
    ("ces", 2, "outside the top three boxes"),
])
def test_one_category_gives_p_one_and_says_why(metric: str, answer: int, category: str) -> None:
    """Every answer alike: nothing to test, so p = 1, dof = 0, and the note says why."""
    result = consistency([answer] * 60, ["web"] * 30 + ["store"] * 30, metric=metric)
    assert (result.p_value, result.statistic, result.dof) == (1.0, 0.0, 0)
    assert result.note is not None
    assert category in result.note
    assert "p_value is 1" in result.note
    assert result.to_dict()["note"] == result.note
    assert result.note in result._repr_html_()


def test_no_note_when_the_test_has_degrees_of_freedom() -> None:
    """An ordinary result has no note."""
    assert consistency([10, 0] * 30, ["web", "store"] * 30, metric="nps").note is None
