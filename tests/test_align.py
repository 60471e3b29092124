"""The alignment rule and the input fixes of issue 12, with hostile inputs.

Labelled arguments pair by label (any order) or raise an error naming both;
masked entries are missing; a list of tuples is rows of keys; many large keys
do not overflow; huge weights give the same result as small ones.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

import expectations as ex
from expectations._align import align, aligned, unmask
from expectations._grouping import factorize
from expectations.errors import InvalidScoreError, LengthMismatchError, SmallSampleWarning

RNG = np.random.default_rng(12)
N = 120


def _survey(n: int = N) -> tuple[pd.Series, pd.Series, pd.Series]:
    index = pd.Index(RNG.permutation(n) + 500)
    scores = pd.Series(RNG.integers(0, 11, n), index=index, name="ltr")
    weights = pd.Series(RNG.uniform(0.2, 3.0, n), index=index)
    groups = pd.Series(RNG.choice(["north", "south", "east"], n), index=index)
    return scores, weights, groups


@pytest.fixture(autouse=True)
def _quiet() -> None:
    warnings.simplefilter("ignore", SmallSampleWarning)


# ------------------------------------------------------------------ the rule
def test_shuffled_weights_pair_by_label() -> None:
    """Scoring NPS with weights whose index is the same labels shuffled pairs them by label."""
    scores, weights, _ = _survey()
    shuffled = weights.sample(frac=1, random_state=1)
    assert ex.nps(scores, weights=shuffled) == ex.nps(scores, weights=weights)
    assert ex.nps(scores, weights=shuffled).score != ex.nps(
        scores, weights=shuffled.to_numpy()).score


def test_numpy_weights_pair_by_position() -> None:
    """Unlabelled arguments keep pairing by position with a labelled one."""
    scores, weights, _ = _survey()
    assert ex.nps(scores, weights=weights.to_numpy()) == ex.nps(scores, weights=weights)
    assert ex.nps(scores.to_numpy(), weights=weights) == ex.nps(scores, weights=weights)


def test_shuffled_by_pairs_by_label() -> None:
    """A shuffled (sorted) by= Series gives the same groups as the aligned one."""
    scores, _, groups = _survey()
    expected = ex.nps(scores, by=groups)
    pd.testing.assert_frame_equal(ex.nps(scores, by=groups.sort_values()), expected)
    pd.testing.assert_frame_equal(ex.csat(scores % 5 + 1, by=groups.sort_values()),
                                  ex.csat(scores % 5 + 1, by=groups))


def test_partly_overlapping_by_raises_naming_both() -> None:
    """by= whose labels only partly overlap the scores' is an error naming both and a label."""
    scores, _, groups = _survey()
    partial = groups.rename(index={groups.index[3]: -1})
    with pytest.raises(LengthMismatchError, match=r"^by must be indexed by the same labels as "
                       r"scores; label \d+ of scores is missing from by\. Reindex"):
        ex.nps(scores, by=partial)


def test_shorter_labelled_weights_name_the_first_missing_label() -> None:
    """A shorter labelled argument names the first label of the data it lacks, and how many."""
    scores, weights, _ = _survey()
    with pytest.raises(LengthMismatchError, match=rf"label {scores.index[-20]} of scores is "
                       r"missing from weights \(20 labels in all\)"):
        ex.nps(scores, weights=weights.iloc[:-20])


def test_extra_label_in_the_other_argument_is_named() -> None:
    """A longer labelled argument names its first label the data lacks."""
    scores, weights, _ = _survey()
    longer = pd.concat([weights, pd.Series([1.0], index=[-5])])
    with pytest.raises(LengthMismatchError, match=r"label -5 of weights is missing from scores"):
        ex.nps(scores, weights=longer)


def test_duplicate_labels_pair_by_position_when_identical() -> None:
    """Identical indexes with duplicates pair by position; different ones are ambiguous."""
    scores = pd.Series([10, 0, 9, 9], index=[1, 1, 2, 3])
    weights = pd.Series([1.0, 3.0, 1.0, 1.0], index=[1, 1, 2, 3])
    assert ex.nps(scores, weights=weights) == ex.nps(scores.to_numpy(),
                                                     weights=weights.to_numpy())
    with pytest.raises(LengthMismatchError, match=r"duplicate labels \(first: 1\).*ambiguous"):
        ex.nps(scores, weights=weights.iloc[::-1])


def test_by_as_a_list_of_series_and_a_frame_aligns() -> None:
    """by= given as a list of Series or as a DataFrame is aligned like one Series."""
    scores, _, groups = _survey()
    second = pd.Series(RNG.choice(["web", "app"], N), index=scores.index)
    expected = ex.nps(scores, by=[groups, second])
    shuffled = [groups.sample(frac=1, random_state=2), second.sample(frac=1, random_state=3)]
    pd.testing.assert_frame_equal(ex.nps(scores, by=shuffled), expected)
    frame = pd.DataFrame({"region": groups, "channel": second}).sample(frac=1, random_state=4)
    got = ex.nps(scores, by=frame)
    np.testing.assert_array_equal(got["score"].to_numpy(), expected["score"].to_numpy())
    with pytest.raises(LengthMismatchError, match=r"by must be indexed"):
        ex.nps(scores, by=[groups, second.rename(index={second.index[0]: -1})])


def test_accessor_aligns_a_sorted_series_from_the_frame() -> None:
    """df.cx.nps with by= a sorted Series from the same frame does not swap groups."""
    scores, weights, groups = _survey()
    df = pd.DataFrame({"nps": scores, "w": weights, "segment": groups})
    expected = df.cx.nps("nps", by="segment")
    pd.testing.assert_frame_equal(df.cx.nps("nps", by=df["segment"].sort_values()), expected)
    assert df.cx.nps("nps", weights=df["w"].sort_values()) == df.cx.nps("nps", weights="w")


def test_alignment_never_mutates_or_copies_aligned_input() -> None:
    """Arguments already aligned are passed through as the same objects; none is modified."""
    scores, weights, groups = _survey()
    before = (scores.copy(), weights.copy(), groups.copy())
    out = align(scores=scores, weights=weights, by=groups)
    assert out["weights"] is weights
    assert out["by"] is groups
    array = np.arange(N)
    assert align(scores=scores, weights=array)["weights"] is array
    align(scores=scores, weights=weights.iloc[::-1])
    pd.testing.assert_series_equal(scores, before[0])
    pd.testing.assert_series_equal(weights, before[1])
    pd.testing.assert_series_equal(groups, before[2])


def test_pd_index_pairs_by_position() -> None:
    """A bare pandas Index is a sequence of values, not labels: it pairs by position."""
    scores = pd.Series([10, 0], index=["b", "a"])
    assert align(scores=scores, by=pd.Index(["x", "y"]))["by"].tolist() == ["x", "y"]


def test_aligned_decorator_checks_its_names() -> None:
    """The decorator refuses names the function does not take (a typo is caught at import)."""
    with pytest.raises(TypeError, match=r"no parameters"):
        aligned("scores", "wieghts")(lambda scores, weights: None)


def test_compare_nps_aligns_each_side_with_its_weights() -> None:
    """compare_nps aligns weights_a with a and weights_b with b, naming them in errors."""
    scores, weights, _ = _survey()
    other, other_w, _ = _survey(80)
    expected = ex.compare_nps(scores, other, weights_a=weights, weights_b=other_w)
    got = ex.compare_nps(scores, other, weights_a=weights.iloc[::-1],
                         weights_b=other_w.sample(frac=1, random_state=5))
    assert got == expected
    with pytest.raises(LengthMismatchError, match=r"^weights_b must be indexed by the same "
                       r"labels as b"):
        ex.compare_nps(scores, other, weights_b=other_w.iloc[1:])


def test_gap_and_kpi_functions_align() -> None:
    """tolerance_zone, kano and complaint_rate pair shuffled Series by label."""
    n = 90
    index = pd.Index(RNG.permutation(n))
    adequate = pd.Series(RNG.integers(2, 5, n), index=index)
    desired = adequate + pd.Series(RNG.integers(0, 4, n), index=index)
    perceived = pd.Series(RNG.integers(1, 10, n), index=index)
    scale = ex.Scale(1, 9)
    expected = ex.tolerance_zone(perceived, adequate, desired, scale=scale)
    assert ex.tolerance_zone(perceived, adequate.iloc[::-1], desired.sort_values(),
                             scale=scale) == expected
    answers = ["like", "must-be", "neutral", "live-with", "dislike"]
    functional = pd.Series(RNG.choice(answers, n), index=index)
    dysfunctional = pd.Series(RNG.choice(answers, n), index=index)
    assert ex.kano(functional, dysfunctional.iloc[::-1]) == ex.kano(functional, dysfunctional)
    complaints = pd.Series(RNG.integers(0, 5, n), index=index)
    orders = pd.Series(RNG.integers(50, 100, n), index=index)
    assert ex.complaint_rate(complaints, orders.iloc[::-1]) == ex.complaint_rate(complaints,
                                                                                 orders)


# ------------------------------------------------------------- masked arrays
def test_masked_zero_is_missing_not_a_detractor() -> None:
    """A masked 0 is a missing answer: dropped and counted, never scored as a detractor."""
    data = np.array([0, 10, 9, 10] * 10)
    masked = np.ma.masked_array(data, mask=[True, False, False, False] * 10)
    result = ex.nps(masked, missing="drop")
    assert result.score == 100.0
    assert result.n == 30
    assert result.n_dropped == 10
    with pytest.raises(InvalidScoreError, match=r"present.*10 values are not"):
        ex.nps(masked)


@pytest.mark.parametrize("dtype", [np.int8, np.int64, np.float64])
def test_masked_arrays_everywhere(dtype: type) -> None:
    """Masked entries are missing for CSAT, weights and group keys too, in any dtype."""
    data = np.array([1, 5, 4, 5] * 10, dtype=dtype)
    mask = [True, False, False, False] * 10
    assert ex.csat(np.ma.masked_array(data, mask=mask), missing="drop").n_dropped == 10
    assert ex.classify_nps(np.ma.masked_array(data, mask=mask), missing="drop").size == 30
    keys = np.ma.masked_array(np.arange(40) % 2, mask=mask)
    table = ex.nps(np.arange(40) % 11, by=keys, missing="drop")
    assert table.attrs["n_dropped_keys"] == 10
    with pytest.raises(InvalidScoreError, match=r"missing"):
        ex.nps(np.arange(40) % 11, by=keys)


def test_masked_weights_are_missing() -> None:
    """A masked weight is missing: an error naming weights, not a silently used value."""
    weights = np.ma.masked_array(np.ones(40), mask=[True] + [False] * 39)
    with pytest.raises(InvalidScoreError, match=r"^weights must be finite"):
        ex.nps(np.arange(40) % 11, weights=weights)


def test_unmask_leaves_an_unmasked_array_uncopied() -> None:
    """A masked array with nothing masked gives its own data back, no copy."""
    data = np.arange(5)
    assert np.shares_memory(unmask(np.ma.masked_array(data)), data)


# --------------------------------------------------------- by= as row tuples
def test_list_of_tuples_is_rows_even_when_as_long_as_the_data() -> None:
    """by=[(region, channel), ...] is one tuple per row, even with two rows of two keys."""
    table = ex.nps([10, 0], by=[("north", "web"), ("south", "app")], ci=None)
    assert list(table.index) == [("north", "web"), ("south", "app")]
    assert table["score"].tolist() == [100.0, -100.0]
    table = ex.nps([10, 0, 9], by=[("n", "web"), ("s", "app"), ("n", "web")], ci=None)
    assert table.loc[("n", "web"), "n"] == 2


def test_list_of_tuples_of_other_length_is_an_error() -> None:
    """Rows of keys must have one tuple per answer, of one length."""
    with pytest.raises(LengthMismatchError, match=r"one tuple per row"):
        ex.nps([10, 0, 9], by=[("n", "web"), ("s", "app")])
    with pytest.raises(ex.errors.InvalidParameterError, match=r"same length"):
        ex.nps([10, 0], by=[("n", "web"), ("s",)])


def test_list_of_lists_stays_key_columns() -> None:
    """A list of lists (or arrays) is still one key column each."""
    g = factorize([["x", "x", "y"], [1, 2, 1]], 3)
    assert list(g.index) == [("x", 1), ("x", 2), ("y", 1)]


# ------------------------------------------------- many keys, no overflow
def test_five_keys_of_ten_thousand_values_do_not_overflow() -> None:
    """Five keys with 10,000 values each (10**20 combinations) group correctly."""
    n = 10_000
    rng = np.random.default_rng(5)
    keys = [rng.integers(0, 3, n)] + [rng.permutation(n) % 5000 for _ in range(4)]
    keys[1][:50] = keys[1][50:100]  # some repeated combinations
    keys[2][:50] = keys[2][50:100]
    keys[3][:50] = keys[3][50:100]
    keys[4][:50] = keys[4][50:100]
    keys[0][:50] = keys[0][50:100]
    scores = rng.integers(0, 11, n)
    table = ex.nps(scores, by=keys, ci=None)
    frame = pd.DataFrame({f"k{i}": k for i, k in enumerate(keys)}).assign(s=scores)
    reference = frame.groupby([f"k{i}" for i in range(5)])["s"].agg(
        lambda s: 100 * ((s >= 9).mean() - (s <= 6).mean()))
    assert table.index.equals(reference.index)
    np.testing.assert_allclose(table["score"].to_numpy(), reference.to_numpy())
    assert table["n"].sum() == n


def test_many_keys_with_missing_keys_drop_and_count() -> None:
    """The hashing path drops and counts rows with a missing key like the dense path."""
    n = 10_000
    rng = np.random.default_rng(6)
    keys = [rng.permutation(n).astype(float) for _ in range(5)]
    keys[2][:7] = np.nan
    table = ex.nps(rng.integers(0, 11, n), by=keys, ci=None, missing="drop")
    assert table.attrs["n_dropped_keys"] == 7
    assert len(table) == n - 7


# ----------------------------------------------------------------- weights
@pytest.mark.parametrize("factor", [1e200, 1e-200, 1e155])
def test_huge_or_tiny_weights_give_the_result_of_weights_near_one(factor: float) -> None:
    """Weights of 1e200 (or 1e-200) give the same scores, errors and n_eff as weights of 1."""
    scores, weights, groups = _survey()
    plain = ex.nps(scores, weights=weights)
    scaled = ex.nps(scores, weights=weights * factor)
    for field in ("score", "std_error", "n_effective", "promoter_share"):
        assert getattr(scaled, field) == pytest.approx(getattr(plain, field), rel=1e-12)
    assert scaled.n == plain.n
    assert scaled.interval is not None
    assert np.isfinite([scaled.interval.low, scaled.interval.high]).all()
    total = scaled.promoters + scaled.passives + scaled.detractors
    assert total == pytest.approx(N)  # rescaled to average 1: weight sums add up to n
    table = ex.nps(scores, weights=weights * factor, by=groups)
    np.testing.assert_allclose(table["std_error"], ex.nps(scores, weights=weights,
                                                          by=groups)["std_error"], rtol=1e-12)
    csat = ex.csat(scores % 5 + 1, weights=weights * factor)
    assert csat.std_error == pytest.approx(ex.csat(scores % 5 + 1, weights=weights).std_error)


def test_huge_weights_in_compare_functions() -> None:
    """compare_nps and compare_proportions stay finite with weights of 1e200."""
    scores, weights, _ = _survey()
    plain = ex.compare_nps(scores, scores[::2], weights_a=weights)
    huge = ex.compare_nps(scores, scores[::2], weights_a=weights * 1e200)
    assert huge.p_value == pytest.approx(plain.p_value)
    a, b = scores % 5 + 1, scores[::2] % 5 + 1
    plain_p = ex.compare_proportions(a, b, scale=ex.Scale(1, 5), weights_a=weights)
    huge_p = ex.compare_proportions(a, b, scale=ex.Scale(1, 5), weights_a=weights * 1e200)
    assert huge_p.p_value == pytest.approx(plain_p.p_value)


# ----------------------------------------------------------------- messages
def test_all_text_scores_count_every_value() -> None:
    """Text scores are all counted in the message, not just the first."""
    with pytest.raises(InvalidScoreError, match=r"3 values are not"):
        ex.nps(["ten", "nine", "zero"])
    with pytest.raises(InvalidScoreError, match=r"2 values are not .first: 'x' at position 1"):
        ex.nps([10, "x", 9, "y"])


def test_compare_nps_names_weights_a() -> None:
    """compare_nps's weight errors name weights_a or weights_b, not 'weights'."""
    with pytest.raises(InvalidScoreError, match=r"^weights_a must be finite"):
        ex.compare_nps([10, 9, 0], [1, 2], weights_a=[1.0, -1.0, 1.0])
    with pytest.raises(LengthMismatchError, match=r"^weights_b must be the same length"):
        ex.compare_nps([10, 9, 0], [1, 2], weights_b=[1.0])


@pytest.mark.parametrize("call", [
    lambda: ex.nps([10, 9, 0]),
    lambda: ex.nps([10, 9, 0], by=pd.Series(["a", "b", "a"])),
    lambda: ex.csat(pd.Series([5, 4, 1]), weights=pd.Series([1.0, 2.0, 1.0])),
    lambda: ex.compare_nps([10, 9, 0], [1, 2]),
], ids=["nps", "nps-by", "csat", "compare_nps"])
def test_small_sample_warnings_point_at_the_caller(call: Callable[[], object]) -> None:
    """The alignment wrapper adds a frame, yet warnings still name the caller's line."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    small = [w for w in caught if issubclass(w.category, SmallSampleWarning)]
    assert small
    assert all(w.filename == __file__ for w in small), [w.filename for w in small]
