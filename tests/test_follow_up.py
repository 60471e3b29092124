"""``follow_up``: the customers to contact after an NPS survey, in order."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import expectations as ex
from expectations.errors import (
    InvalidParameterError,
    InvalidScoreError,
    LengthMismatchError,
)
from expectations.followup import FOLLOW_UP_COLUMNS, follow_up


def _hand_worked() -> dict[str, object]:
    """Ten answers from seven customers; the expected order is worked out by hand below."""
    return {
        "scores": [3, 9, 7, 6, 10, 0, 8, 6, 5, 2],
        "customers": ["ann", "bob", "cy", "dee", "ann", "eve", "fay", "gus", "gus", "hal"],
        "value": [500.0, 900.0, 1200.0, 500.0, 500.0, np.nan, 300.0, 50.0, 50.0, 500.0],
        "dates": pd.to_datetime(["2024-05-01", "2024-05-02", "2024-05-03", "2024-05-04",
                                 "2024-04-01", "2024-05-05", "2024-05-06", "2024-05-07",
                                 "2024-03-01", "2024-05-01"]),
    }


def test_hand_worked_order() -> None:
    """The order of a hand-worked example: detractors, by value, by date, then passives.

    Worked by hand: ann answered twice (3 on May 1, 10 on Apr 1): the later 3
    counts, a detractor worth 500. gus answered 5 (Mar 1) then 6 (May 7): 6
    counts. bob (9) is a promoter, not listed. Detractors: dee 500 (May 4),
    ann 500 (May 1) and hal 500 (May 1) tie on value; dee is the most recent;
    ann and hal tie on date too, so the lower score (hal, 2) comes first; then
    gus 50; eve has no value and sorts last. Passives: cy 1200, fay 300.
    """
    table = follow_up(**_hand_worked())  # type: ignore[arg-type]
    assert table.index.tolist() == ["dee", "hal", "ann", "gus", "eve", "cy", "fay"]
    assert table["priority"].tolist() == [1, 2, 3, 4, 5, 6, 7]
    assert table["score"].tolist() == [6, 2, 3, 6, 0, 7, 8]
    assert table["group"].tolist() == ["detractor"] * 5 + ["passive"] * 2
    assert table.loc["gus", "date"] == pd.Timestamp("2024-05-07")
    assert table.attrs == {"n_customers": 8, "n_repeats": 2, "n_dropped": 0,
                           "n_to_contact": 7}


def test_columns_and_index_are_fixed() -> None:
    """The columns are exactly FOLLOW_UP_COLUMNS, the index is ``customer``, whatever is given."""
    bare = follow_up([3, 7], customers=["a", "b"])
    assert tuple(bare.columns) == FOLLOW_UP_COLUMNS
    assert bare.index.name == "customer"
    assert bare["value"].isna().all()
    assert bare["date"].isna().all()
    assert bare["themes"].isna().all()
    empty = follow_up([10, 9], customers=["a", "b"])
    assert tuple(empty.columns) == FOLLOW_UP_COLUMNS
    assert len(empty) == 0
    assert empty.attrs["n_to_contact"] == 0


def test_without_dates_the_last_answer_counts() -> None:
    """Without dates, a repeat respondent's last answer in the input is the one that counts."""
    table = follow_up([3, 10, 9, 4], customers=["a", "a", "b", "b"])
    assert table.index.tolist() == ["b"]
    assert table["score"].tolist() == [4]
    assert table.attrs["n_repeats"] == 2


def test_themes_from_the_comment() -> None:
    """Themes come from the latest answer's comment, joined by '; ', empty when none."""
    table = follow_up([2, 5, 8], customers=["a", "b", "c"],
                      texts=["Courier lost my parcel, rude staff", None, "ok"])
    assert table.loc["a", "themes"] == "delivery; staff_and_courtesy"
    assert table.loc["b", "themes"] == ""
    assert table.loc["c", "themes"] == ""


def test_own_lexicon() -> None:
    """A lexicon mapping replaces the built-in themes."""
    table = follow_up([2], customers=["a"], texts=["far too pricey"],
                      lexicon={"price": ["pricey"]})
    assert table["themes"].tolist() == ["price"]


def test_limit_keeps_the_first_rows() -> None:
    """``limit`` keeps the first rows; ``n_to_contact`` still counts all of them."""
    full = follow_up(**_hand_worked())  # type: ignore[arg-type]
    top = follow_up(**_hand_worked(), limit=3)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(top, full.iloc[:3])
    assert top.attrs["n_to_contact"] == 7


def test_missing_drop_counts() -> None:
    """Missing scores and customer ids are dropped and counted with missing='drop'."""
    table = follow_up([3, None, 6, 4], customers=["a", "b", None, "a"], missing="drop")
    assert table.index.tolist() == ["a"]
    assert table.attrs["n_dropped"] == 2
    assert table.attrs["n_repeats"] == 1


@pytest.mark.parametrize(("kwargs", "error", "words"), [
    ({"scores": [3, None]}, InvalidScoreError, "scores"),
    ({"scores": [3, 11]}, InvalidScoreError, "0..10"),
    ({"customers": ["a", None]}, InvalidScoreError, "customers"),
    ({"customers": ["a"]}, LengthMismatchError, "customers"),
    ({"value": [1.0, np.inf]}, InvalidScoreError, "value"),
    ({"dates": ["2024-01-01", "2024-01-02"]}, InvalidScoreError, "dates"),
    ({"texts": ["ok", 3]}, InvalidScoreError, "texts"),
    ({"limit": 0}, InvalidParameterError, "limit"),
    ({"limit": True}, InvalidParameterError, "limit"),
    ({"missing": "dorp"}, InvalidParameterError, "missing"),
    ({"texts": ["a", "b"], "lexicon": {"x": []}}, InvalidParameterError, "x"),
])
def test_bad_input_raises_library_errors(kwargs: dict[str, object], error: type[Exception],
                                         words: str) -> None:
    """Bad input raises the library's error, naming the argument."""
    call: dict[str, object] = {"scores": [3, 5], "customers": ["a", "b"], **kwargs}
    with pytest.raises(error, match=words):
        follow_up(**call)  # type: ignore[arg-type]


def test_series_align_by_label() -> None:
    """Series arguments pair by label, not position (the library's alignment rule)."""
    scores = pd.Series([3, 10], index=[1, 2])
    customers = pd.Series(["b", "a"], index=[2, 1])
    assert follow_up(scores, customers=customers).index.tolist() == ["a"]


def test_inputs_are_not_modified() -> None:
    """The caller's data is left as it was."""
    data = _hand_worked()
    copies = {k: (v.copy() if hasattr(v, "copy") else list(v))  # type: ignore[call-overload]
              for k, v in data.items()}
    follow_up(**data)  # type: ignore[arg-type]
    for key, value in data.items():
        assert list(value) == list(copies[key]) or (  # type: ignore[call-overload]
            np.array_equal(np.asarray(value, dtype=object), np.asarray(copies[key], dtype=object)))


def test_exported_at_the_root_and_dates_of_several_kinds() -> None:
    """``ex.follow_up`` is the function; dates may be ``datetime.date`` objects or tz-aware."""
    assert ex.follow_up is follow_up
    table = ex.follow_up([1, 2], customers=[1, 2], dates=[dt.date(2024, 1, 1),
                                                          dt.date(2024, 1, 2)])
    assert table.index.tolist() == [2, 1]
    aware = pd.Series(pd.to_datetime(["2024-01-01 10:00", "2024-01-01 11:00"]).tz_localize(
        "Europe/Berlin"))
    assert ex.follow_up([1, 1], customers=["x", "y"], dates=aware).index.tolist() == ["y", "x"]


# ------------------------------------------------------------------ properties
@st.composite
def surveys(draw: st.DrawFn) -> pd.DataFrame:
    """Answers from a few customers, with distinct dates (so the latest answer is unique)."""
    n = draw(st.integers(1, 40))
    frame = pd.DataFrame({
        "score": draw(st.lists(st.integers(0, 10), min_size=n, max_size=n)),
        "customer": draw(st.lists(st.sampled_from(list("abcdefghij")), min_size=n,
                                  max_size=n)),
        "value": draw(st.lists(st.one_of(st.none(), st.sampled_from([10.0, 50.0, 200.0])),
                               min_size=n, max_size=n)),
    })
    days = draw(st.lists(st.integers(0, 10_000), min_size=n, max_size=n, unique=True))
    frame["date"] = pd.Timestamp("2020-01-01") + pd.to_timedelta(days, unit="h")
    frame["value"] = frame["value"].astype(float)
    return frame


def _table(frame: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    return follow_up(frame["score"].to_numpy(), customers=frame["customer"].to_numpy(),
                     value=frame["value"].to_numpy(), dates=frame["date"].to_numpy(),
                     limit=limit)


@given(surveys(), st.randoms(use_true_random=False))
def test_properties(frame: pd.DataFrame, random: object) -> None:
    """No promoter listed; priorities 1..k; each customer once; row order does not matter."""
    table = _table(frame)
    assert (table["score"] <= 8).all()
    assert table["priority"].tolist() == list(range(1, len(table) + 1))
    assert table.index.is_unique
    groups = table["group"].tolist()
    assert groups == sorted(groups)  # "detractor" < "passive"
    order = list(range(len(frame)))
    random.shuffle(order)  # type: ignore[attr-defined]
    shuffled = frame.iloc[order].reset_index(drop=True)
    pd.testing.assert_frame_equal(_table(shuffled), table)
    listed = frame.sort_values("date").groupby("customer").tail(1)
    assert set(table.index) == set(listed.loc[listed["score"] <= 8, "customer"])


def test_accessor_equals_the_function() -> None:
    """``df.cx.follow_up`` over column names returns what the function returns."""
    r = ex.datasets.load_retail().responses.iloc[:3000]
    spend = r["customer_id"].map({1: 10.0, 2: 20.0})
    by_name = r.cx.follow_up("nps", customers="customer_id", value=spend, dates="date",
                             texts="comment", missing="drop")
    direct = follow_up(r["nps"], customers=r["customer_id"], value=spend, dates=r["date"],
                       texts=r["comment"], missing="drop")
    pd.testing.assert_frame_equal(by_name, direct)
    assert by_name.attrs == direct.attrs
