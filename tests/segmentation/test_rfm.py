"""Tests for expectations.segmentation.rfm: RFM values, tie-aware scores, segments."""

from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import expectations.datasets
from expectations.errors import (
    InsufficientDataError,
    InvalidParameterError,
    InvalidScoreError,
    SchemaError,
)
from expectations.segmentation.rfm import (
    RFM_COLUMNS,
    RFM_SEGMENTS,
    quantile_scores,
    rfm,
)

KEYS = {"customer": "customer_id", "date": "date", "amount": "amount"}


def _table(customers: list[object], dates: list[str], amounts: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"customer_id": customers, "date": pd.to_datetime(dates, format="mixed"),
                         "amount": amounts})


@pytest.fixture(scope="module")
def lifetimes_utils():  # type: ignore[no-untyped-def]
    """``lifetimes.utils``; its import sets a pandas option pandas 3 deprecates."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pytest.importorskip("lifetimes.utils")


@pytest.fixture(scope="module")
def cdnow(lifetimes_utils) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """CDNOW master transactions (Fader & Hardie), as shipped inside the lifetimes wheel.

    69,659 purchases by 23,570 customers who first bought from the online music
    store CDNOW in the first quarter of 1997, followed to June 1998.
    """
    spec = importlib.util.find_spec("lifetimes")
    assert spec is not None
    assert spec.submodule_search_locations
    path = Path(next(iter(spec.submodule_search_locations))) / "datasets" / "CDNOW_master.txt"
    raw = pd.read_csv(path, sep=r"\s+", header=0,
                      names=["customer_id", "date", "cds", "amount"])
    raw["date"] = pd.to_datetime(raw["date"].astype(str), format="%Y%m%d")
    return raw


# ---------------------------------------------------------------- against lifetimes

def test_matches_lifetimes_summary_on_cdnow(cdnow: pd.DataFrame, lifetimes_utils) -> None:  # type: ignore[no-untyped-def]
    """Frequency, recency, tenure and mean spend agree with lifetimes' summary on CDNOW.

    Reference: ``lifetimes.utils.summary_data_from_transaction_data`` (lifetimes
    0.11.3). lifetimes merges same-day purchases, so both get one row per
    customer and day; then frequency = lifetimes' frequency + 1, recency =
    T - recency, tenure = T, and mean spend = monetary_value with the first
    purchase included (see the rfm docstring).
    """
    daily = cdnow.groupby(["customer_id", "date"], as_index=False)["amount"].sum()
    end = daily["date"].max()
    ours = rfm(daily, **KEYS, now=end, monetary="mean").customers
    repeat = lifetimes_utils.summary_data_from_transaction_data(
        daily, "customer_id", "date", monetary_value_col="amount", observation_period_end=end)
    first_in = lifetimes_utils.summary_data_from_transaction_data(
        daily, "customer_id", "date", monetary_value_col="amount", observation_period_end=end,
        include_first_transaction=True)
    repeat = repeat.loc[ours.index]
    first_in = first_in.loc[ours.index]
    assert len(ours) == 23570
    np.testing.assert_array_equal(ours["frequency"], repeat["frequency"] + 1)
    np.testing.assert_array_equal(ours["recency"], repeat["T"] - repeat["recency"])
    np.testing.assert_array_equal(ours["tenure"], repeat["T"])
    np.testing.assert_allclose(ours["monetary"], first_in["monetary_value"], atol=1e-6)


def test_cdnow_one_time_buyers_all_score_one(cdnow: pd.DataFrame) -> None:
    """On real CDNOW rows (most customers buy once) every one-time buyer gets f_score 1."""
    result = rfm(cdnow, **KEYS)
    table = result.customers
    once = table["frequency"] == 1
    assert once.mean() > 0.45
    assert (table.loc[once, "f_score"] == 1).all()
    assert (table.loc[~once, "f_score"] > 1).all()
    levels = result.levels.loc["f_score"]
    # A level holding nobody is reported empty, with no value range.
    empty = levels["customers"] == 0
    assert levels.loc[empty, "value_min"].isna().all()
    assert levels["customers"].sum() == len(table)
    assert result.segments["customers"].sum() == len(table)


# ---------------------------------------------------------------- quantile scores

def test_quantile_scores_equal_min_rank_formula() -> None:
    """Scores equal 1 + bins*(rank_min - 1)//n computed with pandas' rank (ties: min)."""
    rng = np.random.default_rng(3)
    x = rng.poisson(2.0, size=997).astype(float)
    rank = pd.Series(x).rank(method="min").to_numpy().astype(np.int64)
    expected = 1 + (5 * (rank - 1)) // x.size
    np.testing.assert_array_equal(quantile_scores(x, bins=5), expected)


def test_quantile_scores_without_ties_equal_qcut() -> None:
    """Without ties the scores are pandas' qcut quintiles (equal-count bins)."""
    x = np.random.default_rng(4).permutation(1000).astype(float)
    expected = pd.qcut(x, 5, labels=False) + 1
    np.testing.assert_array_equal(quantile_scores(x, bins=5), expected)


def test_quantile_scores_lower_is_better_reverses() -> None:
    """With higher_is_better=False the smallest value scores best."""
    assert quantile_scores([1, 2, 3, 4], bins=4, higher_is_better=False).tolist() == [4, 3, 2, 1]


@given(st.lists(st.integers(0, 6), min_size=1, max_size=200), st.integers(2, 10),
       st.booleans())
def test_quantile_scores_properties(values: list[int], bins: int, higher: bool) -> None:
    """Scores lie in 1..bins, the worst value scores 1, equal values tie, order is kept."""
    x = np.array(values, dtype=float)
    s = quantile_scores(x, bins=bins, higher_is_better=higher)
    assert s.min() >= 1
    assert s.max() <= bins
    key = x if higher else -x
    assert (s[key == key.min()] == 1).all()
    order = np.argsort(key, kind="stable")
    assert (np.diff(s[order]) >= 0).all()
    for value in np.unique(x):
        assert np.unique(s[x == value]).size == 1
    # Score s is reached only by beating at least (s - 1)/bins of the values.
    worse = (key[None, :] < key[:, None]).sum(axis=1)
    assert (worse * bins >= (s - 1) * x.size).all()


@pytest.mark.parametrize("bins", [1, 0, 101, 2.5, True, "5"])
def test_quantile_scores_rejects_bad_bins(bins: object) -> None:
    """Bins outside 2..100, or not integers, are refused."""
    with pytest.raises(InvalidParameterError, match=r"bins must be an integer in 2\.\.100"):
        quantile_scores([1, 2], bins=bins)  # type: ignore[arg-type]


def test_quantile_scores_rejects_nan() -> None:
    """Missing values are an error naming the first one's position."""
    with pytest.raises(InvalidScoreError, match="at position 1"):
        quantile_scores([1.0, np.nan])


# ---------------------------------------------------------------- rfm values

def test_hand_example_values_and_default_now() -> None:
    """Recency, frequency, monetary and tenure of a hand-worked table; now = day after last."""
    t = _table(["a", "b", "a", "c", "a"],
               ["2024-01-01", "2024-01-05", "2024-01-08 15:30", "2024-01-10", "2024-01-08"],
               [10.0, 5.0, 20.0, 7.5, 30.0])
    result = rfm(t, **KEYS, segments={})
    table = result.customers
    assert result.now == pd.Timestamp("2024-01-11")
    assert list(table.columns) == list(RFM_COLUMNS)
    assert table.index.name == "customer_id"
    assert table["recency"].to_dict() == {"a": 3, "b": 6, "c": 1}
    assert table["frequency"].to_dict() == {"a": 3, "b": 1, "c": 1}
    assert table["monetary"].to_dict() == {"a": 60.0, "b": 5.0, "c": 7.5}
    assert table["tenure"].to_dict() == {"a": 10, "b": 6, "c": 1}
    mean = rfm(t, **KEYS, monetary="mean", segments={}).customers
    assert mean["monetary"].to_dict() == {"a": 20.0, "b": 5.0, "c": 7.5}


def test_now_given_and_transactions_after_now_rejected() -> None:
    """An explicit now sets recency; a purchase after now is an error, not dropped."""
    t = _table([1, 2], ["2024-01-01", "2024-01-05"], [1.0, 2.0])
    table = rfm(t, **KEYS, now="2024-02-01").customers
    assert table["recency"].tolist() == [31, 27]
    with pytest.raises(InvalidScoreError, match=r"on or before now \(2024-01-03\); 1 value "
                                                r"is not \(first: .2024-01-05. at position 1\)"):
        rfm(t, **KEYS, now="2024-01-03")


def test_summed_amounts_in_any_order_tie() -> None:
    """Equal spends added in a different order get equal monetary values and scores."""
    t = _table(["a", "a", "a", "b", "b", "b"], ["2024-01-01"] * 6,
               [0.1, 0.2, 0.3, 0.3, 0.2, 0.1])
    table = rfm(t, **KEYS, segments={}).customers
    assert table.loc["a", "monetary"] == table.loc["b", "monetary"]
    assert table.loc["a", "m_score"] == table.loc["b", "m_score"]


def test_demo_data_segments_cover_everyone() -> None:
    """On the demo data every customer gets exactly one default segment, none 'other'."""
    t = expectations.datasets.load_retail().transactions
    result = rfm(t, **KEYS)
    table = result.customers
    assert len(table) == t["customer_id"].nunique()
    assert table["segment"].notna().all()
    assert result.segments.loc["other", "customers"] == 0
    counts = table["segment"].value_counts()
    np.testing.assert_array_equal(result.segments["customers"], counts[result.segments.index])
    once = table["frequency"] == 1
    assert set(table.loc[once, "segment"]) <= {"new", "promising", "hibernating", "lost"}


def test_input_not_mutated() -> None:
    """The caller's table is left unchanged."""
    t = expectations.datasets.load_retail().transactions
    before = t.copy()
    rfm(t, **KEYS)
    pd.testing.assert_frame_equal(t, before)


# ---------------------------------------------------------------- segment rules

def test_rules_first_match_and_default() -> None:
    """The first matching rule wins; customers matching none get the default label."""
    t = _table(["a", "b", "c"], ["2024-01-01", "2024-01-05", "2024-01-10"], [1.0, 2.0, 3.0])
    rules = {"recent": {"recency": (None, 2)}, "cheap": {"monetary": (0, 2)},
             "also recent": {"recency": 1}}
    table = rfm(t, **KEYS, segments=rules, default="rest").customers
    assert table["segment"].astype(str).to_dict() == {"a": "cheap", "b": "cheap",
                                                      "c": "recent"}
    assert list(table["segment"].cat.categories) == ["recent", "cheap", "also recent", "rest"]


def test_default_rules_are_plain_data() -> None:
    """The default table is a read-only mapping of ranges that copies into plain dicts."""
    plain = {name: dict(rule) for name, rule in RFM_SEGMENTS.items()}
    assert plain["new"] == {"r_score": (4, 5), "frequency": (1, 1)}
    with pytest.raises(TypeError):
        RFM_SEGMENTS["x"] = {}  # type: ignore[index]


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 4), st.floats(0, 100)),
                min_size=1, max_size=60))
def test_every_customer_gets_exactly_one_default_segment(rows: list[tuple[int, int, float]],
                                                         ) -> None:
    """The default rules partition every customer: nobody falls through to 'other'."""
    t = pd.DataFrame({"customer_id": [r[1] for r in rows],
                      "date": pd.Timestamp("2024-01-01")
                      + pd.to_timedelta([r[0] for r in rows], unit="D"),
                      "amount": [r[2] for r in rows]})
    result = rfm(t, **KEYS)
    assert result.segments.loc["other", "customers"] == 0
    assert result.segments["customers"].sum() == len(result.customers)


@pytest.mark.parametrize(("segments", "error", "message"), [
    ({"x": {"score": (1, 2)}}, SchemaError, "'score' is not one of"),
    ({"x": {"r_score": (3, 1)}}, InvalidParameterError, "low <= high"),
    ({"x": {"r_score": (1, 2, 3)}}, InvalidParameterError, "a number or a"),
    ({"x": {"r_score": "high"}}, InvalidParameterError, "a number or None"),
    ({"other": {}}, InvalidParameterError, "default label"),
    ([("x", {})], InvalidParameterError, "segments must be a mapping"),
])
def test_bad_rules(segments: object, error: type[Exception], message: str) -> None:
    """Malformed rule tables raise errors naming the rule and column."""
    t = _table([1], ["2024-01-01"], [1.0])
    with pytest.raises(error, match=message):
        rfm(t, **KEYS, segments=segments)  # type: ignore[arg-type]


def test_other_bins_need_rules() -> None:
    """The default rules are for 1..5 scores; other bins need a table or {}."""
    t = _table([1, 2], ["2024-01-01", "2024-01-02"], [1.0, 2.0])
    with pytest.raises(InvalidParameterError, match="segments must be given when bins"):
        rfm(t, **KEYS, bins=3)
    table = rfm(t, **KEYS, bins=3, segments={}).customers
    assert table["r_score"].max() <= 3
    assert (table["segment"] == "other").all()


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize(("argument", "column"), [("customer", "cust"), ("date", "when"),
                                                  ("amount", "value")])
def test_missing_column_names_column_and_argument(argument: str, column: str) -> None:
    """A missing column raises SchemaError naming the column and the argument."""
    t = _table([1], ["2024-01-01"], [1.0])
    with pytest.raises(SchemaError, match=f"transactions must have the column '{column}' "
                                          f"named by {argument}="):
        rfm(t, **{**KEYS, argument: column})


def test_text_dates_rejected() -> None:
    """A date column of text is a SchemaError with a conversion hint."""
    t = pd.DataFrame({"customer_id": [1], "date": ["2024-01-01"], "amount": [1.0]})
    with pytest.raises(SchemaError, match=r"'date' \(date=\) must hold datetimes"):
        rfm(t, **KEYS)


def test_negative_amount_rejected() -> None:
    """Negative amounts (refunds) are an error with the template message."""
    t = _table([1, 2], ["2024-01-01", "2024-01-02"], [1.0, -3.0])
    with pytest.raises(InvalidScoreError, match=r"column 'amount' \(amount=\) must be finite "
                                                r"and non-negative; 1 value is not \(first: "
                                                r"-3.0 at position 1\)"):
        rfm(t, **KEYS)


def test_missing_values_raise_or_drop() -> None:
    """Missing amounts or dates raise by default; missing='drop' drops and counts them."""
    t = pd.DataFrame({"customer_id": [1, 2, 3, None],
                      "date": pd.to_datetime(["2024-01-01", None, "2024-01-03", "2024-01-04"]),
                      "amount": [1.0, 2.0, np.nan, 4.0]})
    with pytest.raises(InvalidScoreError, match=r"'customer_id' \(customer=\) must be present"):
        rfm(t, **KEYS)
    result = rfm(t, **KEYS, missing="drop")
    assert result.n_dropped == 3
    assert result.customers.index.tolist() == [1.0]


def test_empty_and_not_a_frame() -> None:
    """No transactions, or not a DataFrame, are specific errors."""
    with pytest.raises(InsufficientDataError):
        rfm(_table([], [], []), **KEYS)
    with pytest.raises(SchemaError, match="must be a pandas DataFrame"):
        rfm([1, 2], **KEYS)  # type: ignore[arg-type]


@pytest.mark.parametrize(("option", "value"), [("monetary", "sum"), ("now", 5),
                                               ("now", "not a date"), ("missing", "skip")])
def test_bad_options(option: str, value: object) -> None:
    """Invalid options raise InvalidParameterError naming the option."""
    t = _table([1], ["2024-01-01"], [1.0])
    with pytest.raises(InvalidParameterError, match=option):
        rfm(t, **KEYS, **{option: value})  # type: ignore[arg-type]


def test_repr_and_frame() -> None:
    """The result shows its size and largest segments, and converts to a copy."""
    t = expectations.datasets.load_retail().transactions
    result = rfm(t, **KEYS)
    assert repr(result).startswith("RFMResult(customers=2500, bins=5, now=2025-07-01")
    assert "<table" in result._repr_html_()
    frame = result.to_frame()
    frame.iloc[0, 0] = -1
    assert result.customers.iloc[0, 0] != -1


def test_all_customers_tied_score_the_middle_not_lost() -> None:
    """Everyone bought yesterday, once: recency and frequency rank nobody, so nobody is "lost"."""
    tx = pd.DataFrame({"customer": [1, 2, 3],
                       "date": pd.to_datetime(["2024-03-01"] * 3),
                       "amount": [5.0, 6.0, 7.0]})
    result = rfm(tx, customer="customer", date="date", amount="amount")
    assert result.customers["r_score"].tolist() == [3, 3, 3]
    assert result.customers["f_score"].tolist() == [3, 3, 3]
    assert result.customers["m_score"].tolist() == [1, 2, 4]  # amounts still rank
    assert set(result.customers["segment"]) == {"promising"}
    assert len(result.notes) == 2
    assert "every customer has recency 1" in result.notes[0]
    assert "middle level 3" in result.notes[0]
    assert result.notes[0] in result._repr_html_()
    assert result.levels.loc[("r_score", 3), "customers"] == 3


def test_no_notes_without_a_total_tie() -> None:
    """Ordinary data keep the quantile rule and carry no notes."""
    tx = pd.DataFrame({"customer": [1, 1, 2],
                       "date": pd.to_datetime(["2024-03-01", "2024-02-01", "2024-01-01"]),
                       "amount": [5.0, 6.0, 7.0]})
    assert rfm(tx, customer="customer", date="date", amount="amount").notes == ()
