"""Tests for expectations.measurement.reliability: Cronbach's alpha against pingouin."""

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
)
from expectations.measurement.reliability import ITEM_COLUMNS, AlphaResult, cronbach_alpha
from expectations.models.scale import Scale

# Questionnaire ratings (1-7) of 15 respondents on 10 items: the "cronbach_alpha"
# dataset shipped with pingouin, taken from www.real-statistics.com's Cronbach's
# alpha example; pivoted to wide form, items in Q1..Q10 order.
QUESTIONNAIRE = pd.DataFrame(
    [
        [3, 2, 4, 1, 4, 5, 1, 4, 3, 2],
        [5, 4, 6, 3, 5, 1, 2, 5, 5, 5],
        [7, 3, 5, 5, 6, 4, 3, 3, 6, 5],
        [2, 4, 3, 3, 2, 2, 2, 6, 6, 3],
        [6, 5, 6, 5, 4, 4, 4, 6, 7, 5],
        [1, 2, 3, 4, 2, 5, 2, 3, 5, 2],
        [4, 3, 5, 3, 5, 2, 1, 2, 4, 3],
        [2, 4, 4, 3, 7, 2, 2, 4, 6, 5],
        [6, 5, 5, 5, 1, 6, 5, 2, 3, 2],
        [5, 4, 6, 4, 3, 5, 3, 1, 7, 2],
        [4, 3, 5, 2, 5, 3, 2, 3, 4, 1],
        [4, 2, 3, 2, 5, 3, 4, 2, 3, 4],
        [5, 5, 6, 2, 3, 3, 2, 4, 4, 5],
        [6, 5, 5, 4, 2, 2, 1, 4, 6, 5],
        [4, 3, 5, 5, 3, 1, 3, 2, 3, 4],
    ],
    columns=[f"Q{i}" for i in range(1, 11)],
)

# Binary answers of 12 respondents to 11 items with missing values: pingouin's
# "cronbach_wide_missing" dataset (also from www.real-statistics.com).
nan = np.nan
BINARY_MISSING = pd.DataFrame(
    [
        [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
        [1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0],
        [nan, 0, 1, 1, nan, 1, 1, 1, 1, 0, 0],
        [1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 0],
        [1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0],
        [0, 1, nan, 0, 1, 1, 1, 1, 0, 0, 0],
        [1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
        [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0],
        [0, 1, 0, 1, 1, 0, 0, 0, 0, 1, 0],
        [1, 0, 0, 1, 0, 1, 0, 0, nan, 0, 0],
        [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0],
        [1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
    ],
    columns=[f"Q{i}" for i in range(1, 12)],
)


def test_alpha_and_feldt_interval_match_pingouin() -> None:
    """Raw alpha and 95% Feldt CI match pingouin 0.7.0 cronbach_alpha on QUESTIONNAIRE."""
    # pingouin 0.7.0: pg.cronbach_alpha(wide) -> (0.5917188485995825, [0.195, 0.84]);
    # its interval is rounded to 3 decimals.
    result = cronbach_alpha(QUESTIONNAIRE)
    assert result.alpha == pytest.approx(0.5917188485995825, abs=1e-12)
    assert result.interval.low == pytest.approx(0.195, abs=5e-4)
    assert result.interval.high == pytest.approx(0.84, abs=5e-4)
    assert (result.interval.method, result.interval.confidence) == ("feldt", 0.95)
    assert (result.n, result.n_items, result.n_dropped) == (15, 10, 0)


def test_feldt_interval_at_90_percent_matches_pingouin() -> None:
    """The 90% interval matches pingouin 0.7.0 cronbach_alpha(ci=0.90): [0.277, 0.812]."""
    result = cronbach_alpha(QUESTIONNAIRE, confidence=0.90)
    assert result.interval.low == pytest.approx(0.277, abs=5e-4)
    assert result.interval.high == pytest.approx(0.812, abs=5e-4)


# pingouin 0.7.0: pg.cronbach_alpha(wide.drop(columns=item))[0] for each item.
ALPHA_IF_DELETED = {
    "Q1": 0.468690324633991, "Q2": 0.5072805578342904, "Q3": 0.5183498526654164,
    "Q4": 0.531829170024174, "Q5": 0.6684890656063617, "Q6": 0.6711414790996786,
    "Q7": 0.5685063322572634, "Q8": 0.6101190476190477, "Q9": 0.5194256756756757,
    "Q10": 0.5225907821229049,
}


def test_alpha_if_deleted_matches_pingouin() -> None:
    """Alpha-if-item-deleted equals pingouin's alpha of the other nine items."""
    table = cronbach_alpha(QUESTIONNAIRE).item_statistics()
    assert tuple(table.columns) == ITEM_COLUMNS
    for item, expected in ALPHA_IF_DELETED.items():
        assert table.loc[item, "alpha_if_deleted"] == pytest.approx(expected, abs=1e-12)


def test_corrected_item_total_correlation_matches_numpy() -> None:
    """Each item's correlation with the sum of the other items equals np.corrcoef."""
    result = cronbach_alpha(QUESTIONNAIRE)
    values = QUESTIONNAIRE.to_numpy(dtype=float)
    expected = [
        np.corrcoef(values[:, j], values.sum(axis=1) - values[:, j])[0, 1]
        for j in range(values.shape[1])
    ]
    np.testing.assert_allclose(result.item_total_correlations, expected, rtol=1e-12)


def test_standardized_alpha_matches_direct_numpy() -> None:
    """Standardized alpha is k*rbar/(1+(k-1)*rbar) with rbar from np.corrcoef."""
    corr = np.corrcoef(QUESTIONNAIRE.to_numpy(dtype=float), rowvar=False)
    k = corr.shape[0]
    rbar = corr[~np.eye(k, dtype=bool)].mean()
    result = cronbach_alpha(QUESTIONNAIRE)
    assert result.mean_correlation == pytest.approx(rbar, rel=1e-12)
    assert result.standardized_alpha == pytest.approx(k * rbar / (1 + (k - 1) * rbar), rel=1e-12)


def test_pairwise_missing_matches_pingouin_and_psych() -> None:
    """Pairwise: pingouin 0.7.0 gives 0.732660835214447, [0.435, 0.909] (psych pairwise)."""
    result = cronbach_alpha(BINARY_MISSING, missing="pairwise")
    assert result.alpha == pytest.approx(0.732660835214447, abs=1e-12)
    assert result.interval.low == pytest.approx(0.435, abs=5e-4)
    assert result.interval.high == pytest.approx(0.909, abs=5e-4)
    assert (result.n, result.n_dropped, result.missing) == (12, 0, "pairwise")


def test_listwise_missing_matches_pingouin_and_psych() -> None:
    """Listwise: alpha matches pingouin 0.7.0 (0.8016949152542373, = psych complete.obs)."""
    result = cronbach_alpha(BINARY_MISSING, missing="listwise")
    assert result.alpha == pytest.approx(0.8016949152542373, abs=1e-12)
    assert (result.n, result.n_dropped) == (9, 3)


def feldt(alpha: float, n: int, k: int, confidence: float) -> tuple[float, float]:
    """Feldt et al. (1987) interval written out with scipy's F distribution."""
    from scipy.stats import f

    tail = (1 - confidence) / 2
    return (1 - (1 - alpha) * f.ppf(1 - tail, n - 1, (n - 1) * (k - 1)),
            1 - (1 - alpha) * f.ppf(tail, n - 1, (n - 1) * (k - 1)))


def test_listwise_interval_uses_the_complete_rows() -> None:
    """The listwise Feldt interval uses the 9 complete rows, where pingouin uses all 12.

    pingouin 0.7.0 takes n from the data before dropping incomplete rows and
    reports [0.581, 0.933]; Feldt's degrees of freedom count the respondents
    alpha was computed from, so here n = 9. Both numbers are reproduced below.
    """
    result = cronbach_alpha(BINARY_MISSING, missing="listwise")
    low, high = feldt(result.alpha, 9, 11, 0.95)
    assert (result.interval.low, result.interval.high) == pytest.approx((low, high), rel=1e-12)
    assert feldt(result.alpha, 12, 11, 0.95) == pytest.approx((0.581, 0.933), abs=5e-4)


def test_pairwise_equals_listwise_without_missing_values() -> None:
    """Without missing answers the two policies agree."""
    a = cronbach_alpha(QUESTIONNAIRE, missing="pairwise")
    b = cronbach_alpha(QUESTIONNAIRE, missing="listwise")
    assert a.alpha == pytest.approx(b.alpha, rel=1e-12)
    np.testing.assert_allclose(a.alpha_if_deleted, b.alpha_if_deleted, rtol=1e-12)


def test_array_input_equals_frame_input() -> None:
    """A 2-D numpy array gives the same result, with items named by position."""
    from_array = cronbach_alpha(QUESTIONNAIRE.to_numpy())
    assert from_array.alpha == pytest.approx(cronbach_alpha(QUESTIONNAIRE).alpha, rel=1e-14)
    assert from_array.items == tuple(str(i) for i in range(10))


def test_nullable_dtypes_are_read() -> None:
    """Nullable Int64 columns with pd.NA are read as missing answers."""
    frame = BINARY_MISSING.astype("Int64")
    result = cronbach_alpha(frame, missing="listwise")
    assert result.alpha == pytest.approx(0.8016949152542373, abs=1e-12)


def test_reverse_keying_restores_alpha() -> None:
    """Reverse-keying a flipped item (x -> 1 + 7 - x) restores the original alpha."""
    flipped = QUESTIONNAIRE.assign(Q3=8 - QUESTIONNAIRE["Q3"], Q7=8 - QUESTIONNAIRE["Q7"])
    result = cronbach_alpha(flipped, reverse=["Q3", "Q7"], scale=Scale(1, 7))
    assert result.alpha == pytest.approx(0.5917188485995825, abs=1e-12)
    assert cronbach_alpha(flipped).alpha < result.alpha


def test_reverse_by_position_for_arrays() -> None:
    """With an array, reverse= takes column positions."""
    values = QUESTIONNAIRE.to_numpy().copy()
    values[:, 2] = 8 - values[:, 2]
    result = cronbach_alpha(values, reverse=[2], scale=Scale(1, 7))
    assert result.alpha == pytest.approx(0.5917188485995825, abs=1e-12)


def test_input_is_not_mutated() -> None:
    """Reverse-keying works on a copy: the caller's frame is unchanged."""
    frame = QUESTIONNAIRE.copy()
    cronbach_alpha(frame, reverse=["Q1"], scale=Scale(1, 7))
    pd.testing.assert_frame_equal(frame, QUESTIONNAIRE)


def test_result_shape() -> None:
    """The result is frozen with Python scalars and a flat dict with ci_low/ci_high."""
    result = cronbach_alpha(QUESTIONNAIRE)
    assert isinstance(result, AlphaResult)
    assert isinstance(result.alpha, float)
    assert isinstance(result.n, int)
    flat = result.to_dict()
    assert {"alpha", "ci_low", "ci_high", "ci_method", "confidence"} <= set(flat)
    with pytest.raises(AttributeError):
        result.alpha = 0.0  # type: ignore[misc]


def test_two_items_have_no_alpha_if_deleted() -> None:
    """With two items, leaving one out leaves no scale: alpha-if-deleted is NaN."""
    result = cronbach_alpha(QUESTIONNAIRE[["Q1", "Q2"]])
    assert np.isnan(result.alpha_if_deleted).all()


# ---------------------------------------------------------------- bad input
def test_one_item_is_an_error() -> None:
    """Alpha needs at least two items."""
    with pytest.raises(InsufficientDataError,
                       match=r"items must hold at least 2 items \(columns\).*got 1"):
        cronbach_alpha(QUESTIONNAIRE[["Q1"]])


def test_one_respondent_is_an_error() -> None:
    """Alpha needs at least two respondents."""
    with pytest.raises(InsufficientDataError, match="at least 2 respondents"):
        cronbach_alpha(QUESTIONNAIRE.iloc[:1])


def test_constant_item_is_named() -> None:
    """An item with no variance is an InvalidScoreError naming it."""
    frame = QUESTIONNAIRE.assign(Q4=3)
    with pytest.raises(InvalidScoreError) as info:
        cronbach_alpha(frame)
    assert str(info.value) == (
        "items must be items that vary across respondents; 1 value is not (first: 'Q4' at "
        "position 3). Drop the constant item(s): they carry no information."
    )


def test_zero_variance_total_is_an_error() -> None:
    """Items that cancel out (total constant) are an error suggesting reverse-keying."""
    frame = pd.DataFrame({"a": [1, 2, 3, 4], "b": [4, 3, 2, 1]})
    with pytest.raises(InvalidScoreError, match=r"total score varies.*reverse-keying"):
        cronbach_alpha(frame)


def test_answers_off_the_scale() -> None:
    """With scale=, an answer off the scale is an error naming it and its position."""
    frame = QUESTIONNAIRE.assign(Q2=QUESTIONNAIRE["Q2"].replace({5: 9}))
    with pytest.raises(InvalidScoreError, match=r"items\['Q2'\] must be integers in 1\.\.7"):
        cronbach_alpha(frame, scale=Scale(1, 7))


def test_text_answers() -> None:
    """Non-numeric answers are an InvalidScoreError naming the column."""
    frame = QUESTIONNAIRE.astype(object)
    frame.loc[4, "Q5"] = "agree"
    with pytest.raises(InvalidScoreError, match=r"items\['Q5'\] must be numbers.*'agree'"):
        cronbach_alpha(frame)


def test_infinite_answers() -> None:
    """An infinite answer is an error, not silently used."""
    frame = QUESTIONNAIRE.astype(float)
    frame.loc[2, "Q1"] = np.inf
    with pytest.raises(InvalidScoreError, match=r"items\['Q1'\] must be finite.*position 2"):
        cronbach_alpha(frame)


def test_one_dimensional_input() -> None:
    """A 1-D array is not a set of items."""
    with pytest.raises(InvalidScoreError, match="two-dimensional"):
        cronbach_alpha(np.arange(5))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"missing": "drop"}, "missing must be one of 'listwise', 'pairwise'"),
        ({"reverse": ["Q1"]}, "scale must be given to reverse-key"),
        ({"reverse": ["Q99"], "scale": Scale(1, 7)}, "reverse must name columns"),
        ({"reverse": "Q1", "scale": Scale(1, 7)}, "reverse must be a list"),
        ({"scale": (1, 7)}, "scale must be a Scale"),
        ({"confidence": 95}, "confidence must be"),
    ],
)
def test_bad_options(kwargs: dict[str, object], message: str) -> None:
    """Bad options are InvalidParameterErrors that say what is accepted."""
    with pytest.raises(InvalidParameterError, match=message):
        cronbach_alpha(QUESTIONNAIRE, **kwargs)  # type: ignore[arg-type]


# ---------------------------------------------------------------- properties
item_matrices = st.integers(0, 2**32 - 1).map(
    lambda seed: np.random.default_rng(seed).integers(1, 6, size=(30, 4))
    + np.random.default_rng(seed + 1).integers(0, 3, size=(30, 1))
)


@settings(max_examples=40)
@given(item_matrices, st.permutations(range(4)))
def test_alpha_invariant_to_item_order(values: np.ndarray, order: list[int]) -> None:
    """Reordering the items changes neither alpha nor any item's statistics."""
    base = cronbach_alpha(values)
    shuffled = cronbach_alpha(values[:, order])
    assert shuffled.alpha == pytest.approx(base.alpha, rel=1e-9, abs=1e-12)
    np.testing.assert_allclose(shuffled.alpha_if_deleted, np.asarray(base.alpha_if_deleted)[order],
                               rtol=1e-9, atol=1e-12)


@settings(max_examples=40)
@given(item_matrices)
def test_standardized_alpha_is_alpha_of_z_scores(values: np.ndarray) -> None:
    """Standardized alpha equals raw alpha of z-scored items, and alpha is at most 1."""
    z = (values - values.mean(axis=0)) / values.std(axis=0, ddof=1)
    result = cronbach_alpha(values)
    assert result.standardized_alpha == pytest.approx(cronbach_alpha(z).alpha, rel=1e-9,
                                                      abs=1e-12)
    assert result.alpha <= 1.0
    assert result.interval.low <= result.alpha <= result.interval.high
