"""Permutation tests and small-sample behaviour of every two-sample comparison.

Independent references:

- The permutation distribution of a difference of scores that depend only on
  category counts is the (multivariate) hypergeometric law of one sample's
  counts given the pooled counts (Fisher 1935; Agresti 2013, section 3.5). It is
  recomputed here by explicit enumeration with
  ``scipy.stats.multivariate_hypergeom`` and ``scipy.stats.hypergeom``.
- ``scipy.stats.fisher_exact`` (two-sided) for two shares of equal-sized
  samples, where the hypergeometric law is symmetric and Fisher's "as or less
  likely" rule and the "|difference| at least as large" rule used here agree.
- Issue 13's example: four comments, all from detractors, among 300 answers of
  which 78 are detractors; the exact p-value is C(78, 4)/C(300, 4) = 0.0043
  (no other split of the pooled answers gives a difference as large).
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import pytest
from scipy import stats

import expectations.scoring._difference as difference_module
from expectations.errors import InvalidParameterError, SmallSampleWarning
from expectations.models.scale import Scale
from expectations.scoring.compare import compare_nps
from expectations.scoring.nps import NPSCounts
from expectations.scoring.proportions import compare_proportions
from expectations.scoring.satisfaction import csat
from expectations.segmentation import compare_segments
from expectations.voice import theme_impact

T = TypeVar("T")
SHUFFLE = np.random.default_rng(2000)
#: 296 typical answers: 74 detractors, 80 passives, 142 promoters (NPS +22.97).
TYPICAL = SHUFFLE.permutation(np.repeat([3, 7, 10], [74, 80, 142]))
FOUR_DETRACTORS = np.array([0, 2, 4, 6])


def _quietly(function: Callable[..., T], *args: object, **kwargs: object) -> T:
    """Call ``function`` with small-sample warnings silenced (they are tested elsewhere)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        return function(*args, **kwargs)


def _categories(scores: np.ndarray) -> np.ndarray:
    return (scores >= 7).astype(int) + (scores >= 9)


def _exact_nps_p(a: np.ndarray, b: np.ndarray) -> float:
    """Two-sided permutation p of NPS_a - NPS_b by explicit multivariate enumeration."""
    ca, cb = np.bincount(_categories(a), minlength=3), np.bincount(_categories(b), minlength=3)
    total, n_a, n_b = ca + cb, int(ca.sum()), int(cb.sum())
    law = stats.multivariate_hypergeom(m=total, n=n_a)

    def diff(x: np.ndarray) -> float:
        y = total - x
        return float((x[2] - x[0]) / n_a - (y[2] - y[0]) / n_b)

    observed = abs(diff(ca))
    p = 0.0
    for d, q in itertools.product(range(n_a + 1), repeat=2):
        x = np.array([d, q, n_a - d - q])
        if x[2] < 0 or np.any(x > total):
            continue
        if abs(diff(x)) >= observed - 1e-12:
            p += float(law.pmf(x))
    return p


def test_theme_with_four_detractor_comments_has_permutation_p_near_0004() -> None:
    """Issue 13: 4 detractor comments of 300 give p = C(78,4)/C(300,4) = 0.0043, not 5e-157."""
    texts = ["fine"] * 296 + ["the refund never came"] * 4
    scores = np.r_[TYPICAL, FOUR_DETRACTORS]
    lexicon = {"refunds": ["refund"]}
    with pytest.warns(SmallSampleWarning, match="theme_impact: a side rests on 4"):
        exact = theme_impact(texts, scores, lexicon=lexicon, test="permutation")
    expected = math.comb(78, 4) / math.comb(300, 4)
    assert exact.loc["refunds", "p_value"] == pytest.approx(expected, rel=1e-9)
    assert exact.loc["refunds", "p_value"] == pytest.approx(
        _exact_nps_p(FOUR_DETRACTORS, TYPICAL), rel=1e-9)
    assert exact.loc["refunds", "p_value"] == pytest.approx(0.0043, abs=5e-5)
    assert exact.attrs["test"] == "permutation"
    default = _quietly(theme_impact, texts, scores, lexicon=lexicon)
    wald = _quietly(theme_impact, texts, scores, lexicon=lexicon, ci="wald")
    # The plain Wald z was absurd; the default z is rough but not absurd.
    assert wald.loc["refunds", "p_value"] < 1e-100
    assert default.loc["refunds", "p_value"] > 1e-6
    assert default.loc["refunds", "ci_method"] == "adjusted-wald"


def test_compare_nps_small_sample_example_of_issue_13() -> None:
    """compare_nps([2, 3, 1, 5], b): a wide interval, a sane p, the exact permutation p."""
    with pytest.warns(SmallSampleWarning, match="compare_nps: a side rests on 4"):
        default = compare_nps(FOUR_DETRACTORS, TYPICAL)
    wald = _quietly(compare_nps, FOUR_DETRACTORS, TYPICAL, ci="wald")
    exact = _quietly(compare_nps, FOUR_DETRACTORS, TYPICAL, test="permutation")
    assert wald.p_value < 1e-100
    assert wald.interval.high - wald.interval.low < 20
    assert default.p_value > 1e-6
    assert default.interval.high - default.interval.low > 90
    assert exact.p_value == pytest.approx(_exact_nps_p(FOUR_DETRACTORS, TYPICAL), rel=1e-9)
    assert (exact.test, default.test) == ("permutation", "z")
    assert exact.interval == default.interval


@pytest.mark.parametrize(("a", "b"), [
    ([10], [0]), ([9, 10, 3], [0, 7, 8, 2]), ([10, 10, 9, 8, 0, 1], [5, 6, 7, 8, 9, 10, 3]),
])
def test_compare_nps_permutation_equals_explicit_enumeration(a: list[int], b: list[int]) -> None:
    """The exact permutation p equals an explicit multivariate-hypergeometric sum."""
    with pytest.warns(SmallSampleWarning):
        result = compare_nps(a, b, test="permutation")
    assert result.p_value == pytest.approx(_exact_nps_p(np.array(a), np.array(b)), rel=1e-9)


def test_one_answer_against_one_is_not_significant() -> None:
    """[10] against [0]: a finite p (z) and p = 1 (permutation), an interval of width > 0."""
    z = _quietly(compare_nps, [10], [0])
    perm = _quietly(compare_nps, [10], [0], test="permutation")
    assert 0.05 < z.p_value < 1.0
    assert perm.p_value == 1.0
    assert z.interval.high - z.interval.low > 100


@pytest.mark.parametrize(("a", "b"), [((3, 12), (9, 12)), ((160, 200), (130, 200)),
                                      ((0, 10), (10, 10)), ((7, 25), (7, 25))])
def test_proportions_permutation_equals_fisher_exact_for_equal_sizes(
        a: tuple[int, int], b: tuple[int, int]) -> None:
    """For equal sizes the permutation p is scipy's two-sided Fisher exact p."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        result = compare_proportions(a, b, test="permutation")
    table = [[a[0], a[1] - a[0]], [b[0], b[1] - b[0]]]
    assert result.p_value == pytest.approx(stats.fisher_exact(table).pvalue, rel=1e-9)


def test_proportions_permutation_equals_hypergeometric_sum() -> None:
    """Unequal sizes: the p-value is P(|difference| >= observed) under the hypergeometric law."""
    (xa, na), (xb, nb) = (2, 9), (30, 60)
    with pytest.warns(SmallSampleWarning):
        result = compare_proportions((xa, na), (xb, nb), test="permutation")
    law = stats.hypergeom(na + nb, xa + xb, na)
    k = np.arange(0, min(na, xa + xb) + 1)
    diffs = k / na - (xa + xb - k) / nb
    expected = law.pmf(k)[np.abs(diffs) >= abs(xa / na - xb / nb) - 1e-12].sum()
    assert result.p_value == pytest.approx(expected, rel=1e-9)


def test_sampled_permutation_is_seeded_and_close_to_exact(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the enumeration limit the p-value is sampled: reproducible by seed, near exact."""
    a = np.r_[TYPICAL[:40], FOUR_DETRACTORS]
    exact = compare_nps(a, TYPICAL, test="permutation").p_value
    monkeypatch.setattr(difference_module, "EXACT_OUTCOMES", 0)
    first = compare_nps(a, TYPICAL, test="permutation", rng=7, n_resamples=20_000)
    again = compare_nps(a, TYPICAL, test="permutation", rng=7, n_resamples=20_000)
    assert first.p_value == again.p_value
    assert first.p_value == pytest.approx(exact, abs=4 * math.sqrt(exact / 20_000) + 1e-4)
    generator = np.random.default_rng(3)
    assert compare_nps(a, TYPICAL, test="permutation", rng=generator).p_value > 0


def test_permutation_of_weighted_answers_raises() -> None:
    """Weighted samples have no permutation law of counts: the error says to use test="z"."""
    w = np.linspace(0.5, 2.0, TYPICAL.size)
    with pytest.raises(InvalidParameterError, match=r"test='permutation' needs unweighted.*a"):
        compare_nps(TYPICAL, TYPICAL, weights_a=w, test="permutation")
    with pytest.raises(InvalidParameterError, match="needs unweighted"):
        compare_nps(NPSCounts(promoters=2.0, passives=1.0, detractors=1.0, sum_weights_sq=2.5),
                    TYPICAL, test="permutation")
    five = Scale(1, 5)
    scores = np.tile([1, 2, 3, 4, 5], 20)
    with pytest.raises(InvalidParameterError, match="needs unweighted"):
        compare_proportions(csat(scores, weights=np.linspace(1, 2, 100)), csat(scores),
                            test="permutation")
    with pytest.raises(InvalidParameterError, match="needs unweighted"):
        compare_proportions(scores, scores, scale=five, weights_b=np.ones(100),
                            test="permutation")


@pytest.mark.parametrize(("function", "args"), [
    (compare_nps, (TYPICAL, TYPICAL)),
    (compare_proportions, ((40, 60), (30, 60))),
])
@pytest.mark.parametrize(("option", "value"), [("test", "fisher"), ("rng", "seed"),
                                               ("rng", -3), ("n_resamples", 0),
                                               ("n_resamples", True)])
def test_bad_test_options_raise(function: object, args: tuple[object, ...], option: str,
                                value: object) -> None:
    """An unknown test, a bad rng or n_resamples raise InvalidParameterError naming it."""
    with pytest.raises(InvalidParameterError, match=option):
        function(*args, **{option: value})  # type: ignore[operator]


def test_compare_segments_permutation_is_compare_nps_per_segment() -> None:
    """Each segment's permutation p is compare_nps(segment, rest, test="permutation")'s."""
    scores = np.r_[TYPICAL, FOUR_DETRACTORS, [10, 9, 10, 8, 10, 9]]
    segments = np.array(["web"] * 296 + ["phone"] * 4 + ["store"] * 6)
    with pytest.warns(SmallSampleWarning, match="compare_segments: 3 of 3 comparisons"):
        table = compare_segments(scores, segments, test="permutation")
    assert table.attrs["test"] == "permutation"
    for name in ("phone", "store", "web"):
        inside = segments == name
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SmallSampleWarning)
            reference = compare_nps(scores[inside], scores[~inside], test="permutation")
        assert table.loc[name, "p_value"] == pytest.approx(reference.p_value, rel=1e-9)


def test_compare_segments_top_box_permutation_and_small_segment_warning() -> None:
    """CSAT segments: the permutation p is compare_proportions'; a tiny segment warns."""
    scores = np.r_[np.tile([1, 2, 3, 4, 5], 40), [5, 5, 4]]
    segments = np.array(["a"] * 100 + ["b"] * 100 + ["c"] * 3)
    with pytest.warns(SmallSampleWarning, match="compare_segments: 1 of 3"):
        table = compare_segments(scores, segments, metric="csat", test="permutation")
    inside = segments == "c"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        reference = compare_proportions(scores[inside], scores[~inside], scale=Scale(1, 5),
                                        test="permutation")
    assert table.loc["c", "p_value"] == pytest.approx(reference.p_value, rel=1e-9)


def test_compare_segments_permutation_of_means_is_refused() -> None:
    """The permutation test is for count scores; the mean keeps Welch's t."""
    with pytest.raises(InvalidParameterError, match="metric='mean'"):
        compare_segments(np.arange(60.0), ["a", "b"] * 30, metric="mean", test="permutation")


def test_theme_impact_csat_permutation_equals_compare_proportions() -> None:
    """CSAT themes: the permutation p of a theme is compare_proportions' on its split."""
    texts = ["late"] * 12 + ["fine"] * 88
    scores = np.r_[[1, 2, 1, 3, 5, 2, 1, 1, 4, 2, 2, 1], np.tile([1, 2, 3, 4, 5, 4, 5, 5], 11)]
    with pytest.warns(SmallSampleWarning, match="theme_impact: a side rests on 12"):
        impact = theme_impact(texts, scores, metric="csat", lexicon={"delivery": ["late"]},
                              test="permutation", ci="newcombe")
    reference = _quietly(compare_proportions, scores[:12], scores[12:], scale=Scale(1, 5),
                         test="permutation", ci="newcombe")
    row = impact.loc["delivery"]
    assert row["p_value"] == pytest.approx(reference.p_value, rel=1e-9)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(
        (reference.interval.low, reference.interval.high), rel=1e-12)
    assert row["ci_method"] == "newcombe"


def test_theme_impact_rejects_an_interval_of_the_other_metric() -> None:
    """ci="agresti-caffo" is for shares; with metric="nps" it is an error."""
    with pytest.raises(InvalidParameterError, match="ci must be one of"):
        theme_impact(["late"] * 40, [5] * 40, ci="agresti-caffo")
